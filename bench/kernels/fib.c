/* Recursive Fibonacci: call and return cost with almost no work per call. */
#include "kernel.h"

static SC_NOINLINE uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int32_t SC_KERNEL(fib)(int32_t n) { return (int32_t)fib((uint32_t)n); }
