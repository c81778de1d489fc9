/* Call-heavy loop: `n` * 1000 iterations, each making several calls to tiny functions
 * that are kept out of line, so the cost is call setup, argument passing and return. */
#include "kernel.h"

static SC_NOINLINE uint32_t add(uint32_t a, uint32_t b) { return a + b; }
static SC_NOINLINE uint32_t mix(uint32_t x) { return (x ^ (x >> 15)) * 0x2c1b3c6du; }
static SC_NOINLINE uint32_t select_step(uint32_t x, uint32_t i) {
  return (x & 1u) ? add(x, i) : mix(x ^ i);
}
static SC_NOINLINE uint64_t widen(uint32_t x, uint32_t y) { return ((uint64_t)x << 32) | y; }

int32_t SC_KERNEL(calls)(int32_t n) {
  uint32_t x = 1;
  uint64_t acc = 0;
  const uint32_t iterations = (uint32_t)n * 1000u;
  for (uint32_t i = 0; i < iterations; ++i) {
    x = select_step(x, i);
    x = add(x, mix(i));
    acc ^= widen(x, i);
  }
  return (int32_t)(uint32_t)(acc ^ (acc >> 32));
}
