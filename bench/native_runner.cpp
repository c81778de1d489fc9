// shortcrust_native_runner: the reference side of bench/compare.py. Links the kernels of
// bench/kernels/kernels.def compiled natively (clang -O2, the same flags as the wasm
// build), calls one R times and prints one JSON line with the last result and each call's
// wall time in ns, in the format shortcrust_kernel_runner and bench/node_runner.js use.
//
//   shortcrust_native_runner KERNEL N [--runs R]
//   shortcrust_native_runner --list        (the kernels linked in, one per line)

#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/kernels/native_kernels.h"

namespace shortcrust::bench {
namespace {

constexpr int kExitUsage = 2;

int usage() {
  std::fprintf(stderr, "usage: shortcrust_native_runner KERNEL N [--runs R] | --list\n");
  return kExitUsage;
}

int run(const NativeKernel& kernel, int32_t n, int runs) {
  std::vector<int64_t> times;
  int64_t result = 0;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    result = kernel.run(n);
    const auto stop = std::chrono::steady_clock::now();
    times.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(stop - start).count());
  }
  std::printf("{\"result\": \"%" PRId64 "\", \"times_ns\": [", result);
  for (size_t i = 0; i < times.size(); ++i) std::printf("%s%" PRId64, i == 0 ? "" : ", ", times[i]);
  std::printf("]}\n");
  return 0;
}

}  // namespace
}  // namespace shortcrust::bench

int main(int argc, char** argv) {
  using shortcrust::bench::kNativeKernels;
  if (argc == 2 && std::strcmp(argv[1], "--list") == 0) {
    for (const auto& kernel : kNativeKernels) std::printf("%s\n", kernel.name);
    return 0;
  }
  int runs = 1;
  std::vector<const char*> positional;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
      if (runs < 1 || runs > 1000) return shortcrust::bench::usage();
    } else {
      positional.push_back(argv[i]);
    }
  }
  if (positional.size() != 2) return shortcrust::bench::usage();
  char* end = nullptr;
  const long n = std::strtol(positional[1], &end, 10);
  if (end == positional[1] || *end != '\0' || n < INT32_MIN || n > INT32_MAX) return shortcrust::bench::usage();
  for (const auto& kernel : kNativeKernels) {
    if (std::strcmp(kernel.name, positional[0]) == 0) {
      return shortcrust::bench::run(kernel, static_cast<int32_t>(n), runs);
    }
  }
  std::fprintf(stderr, "shortcrust_native_runner: no kernel '%s'\n", positional[0]);
  return shortcrust::bench::kExitUsage;
}
