/* 96x96 f64 matrix multiply (i-k-j order), `n` rounds: f64 multiply and add. The sums
 * are formed in the same order natively and in wasm (no FMA contraction), so the
 * checksum, the bit pattern of the final total, must match exactly. */
#include "kernel.h"

enum { kDim = 96 };

static double a[kDim][kDim], b[kDim][kDim], c[kDim][kDim];

int64_t SC_KERNEL(matmul_f64)(int32_t n) {
  uint32_t seed = 0x2545f491u;
  for (uint32_t i = 0; i < kDim; ++i) {
    for (uint32_t j = 0; j < kDim; ++j) {
      a[i][j] = (double)(sc_next(&seed) & 0xffffu) / 4096.0 - 8.0;
      b[i][j] = (double)(sc_next(&seed) & 0xffffu) / 8192.0 - 4.0;
    }
  }
  double total = 0.0;
  for (uint32_t round = 0; round < (uint32_t)n; ++round) {
    b[round % kDim][(round * 5u) % kDim] += 0.5;
    for (uint32_t i = 0; i < kDim; ++i) {
      for (uint32_t j = 0; j < kDim; ++j) c[i][j] = 0.0;
      for (uint32_t k = 0; k < kDim; ++k) {
        const double aik = a[i][k];
        for (uint32_t j = 0; j < kDim; ++j) c[i][j] += aik * b[k][j];
      }
    }
    for (uint32_t i = 0; i < kDim; ++i) total += c[i][(i * 3u) % kDim];
  }
  int64_t bits;
  __builtin_memcpy(&bits, &total, sizeof bits);
  return bits;
}
