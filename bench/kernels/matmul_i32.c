/* 128x128 i32 matrix multiply, `n` rounds (one input element changes per round):
 * i32 multiply-add with sequential and strided loads. */
#include "kernel.h"

enum { kDim = 128 };

static uint32_t a[kDim][kDim], b[kDim][kDim], c[kDim][kDim];

int32_t SC_KERNEL(matmul_i32)(int32_t n) {
  uint32_t seed = 0x1234567u;
  for (uint32_t i = 0; i < kDim; ++i) {
    for (uint32_t j = 0; j < kDim; ++j) {
      a[i][j] = sc_next(&seed) & 0xffu;
      b[i][j] = sc_next(&seed) & 0xffu;
    }
  }
  uint32_t checksum = 0;
  for (uint32_t round = 0; round < (uint32_t)n; ++round) {
    b[round % kDim][(round * 7u) % kDim] += round;
    for (uint32_t i = 0; i < kDim; ++i) {
      for (uint32_t j = 0; j < kDim; ++j) {
        uint32_t sum = 0;
        for (uint32_t k = 0; k < kDim; ++k) sum += a[i][k] * b[k][j];
        c[i][j] = sum;
      }
    }
    for (uint32_t i = 0; i < kDim; ++i) {
      for (uint32_t j = 0; j < kDim; ++j) checksum = (checksum ^ c[i][j]) * 0x01000193u;
    }
  }
  return (int32_t)checksum;
}
