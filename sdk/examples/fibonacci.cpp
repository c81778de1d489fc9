// Example contract `fibonacci`, in C++ to exercise the header's C++ side.
// Exports: nth(u32 n) -> u64, computed by plain recursion inside wasm (fib(0) = 0, fib(1) = 1).
#include <shortcrust/contract.h>

namespace sc = shortcrust::contract;

namespace {
uint64_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
}  // namespace

SC_EXPORT(nth) {
  sc::Reader r(arg_len);
  uint64_t result = fib(r.u32());
  sc::Writer w;
  w.u64(result);
  return w.len();
}
