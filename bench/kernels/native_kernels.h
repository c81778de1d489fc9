// The kernels of bench/kernels/kernels.def compiled natively (kernel.h, SC_KERNEL_NATIVE),
// as a table: shortcrust_kernels_bench measures them beside the engines and
// shortcrust_native_runner runs them for bench/compare.py.
#pragma once

#include <cstdint>

using KernelResultI32 = int32_t;
using KernelResultI64 = int64_t;
extern "C" {
#define X(name, type, n, check_n) KernelResult##type sc_native_run_##name(int32_t);
#include "bench/kernels/kernels.def"
#undef X
}

namespace shortcrust::bench {

struct NativeKernel {
  const char* name;
  bool returns_i64;  // the wasm export's result type: i64, else i32
  int32_t n;         // the measured size
  int32_t check_n;   // the size a correctness check runs
  int64_t (*run)(int32_t);  // the checksum, sign-extended from i32 where it is one
};

inline constexpr NativeKernel kNativeKernels[] = {
#define X(name, type, n, check_n) \
  {#name, sizeof(KernelResult##type) == 8, n, check_n, [](int32_t k) -> int64_t { return sc_native_run_##name(k); }},
#include "bench/kernels/kernels.def"
#undef X
};

}  // namespace shortcrust::bench
