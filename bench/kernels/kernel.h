/* Shared by every benchmark kernel: the exported name, a no-inline marker and a small
 * deterministic generator. Each kernel is compiled twice from the same source: to wasm32
 * (exports `run_<name>`) and natively into shortcrust_kernels_bench (SC_KERNEL_NATIVE,
 * `sc_native_run_<name>`), so the two checksums must agree bit for bit. Kernels avoid
 * undefined behaviour (unsigned arithmetic only) and never depend on sizeof(long). */
#ifndef SHORTCRUST_BENCH_KERNEL_H_
#define SHORTCRUST_BENCH_KERNEL_H_

#include <stdint.h> /* freestanding for wasm32: clang's own header, no libc */

#ifdef SC_KERNEL_NATIVE
#define SC_KERNEL(name) sc_native_run_##name
#else
#define SC_KERNEL(name) run_##name
#endif

#define SC_NOINLINE __attribute__((noinline))

/* xorshift32: cheap, deterministic input data; `state` must not be 0. */
static inline uint32_t sc_next(uint32_t* state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

static inline uint32_t sc_rotr32(uint32_t x, uint32_t n) { return (x >> n) | (x << ((32 - n) & 31)); }
static inline uint64_t sc_rotl64(uint64_t x, uint32_t n) { return (x << n) | (x >> ((64 - n) & 63)); }

#endif
