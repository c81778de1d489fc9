/* Bulk memory: `n` rounds of block fills and overlapping copies over a 1 MiB buffer
 * through __builtin_memset / __builtin_memmove, which clang lowers to memory.fill and
 * memory.copy with -mbulk-memory. Returns a checksum of sampled bytes. */
#include "kernel.h"

enum { kBufferBytes = 1 << 20, kBlockBytes = 64 * 1024, kOpsPerRound = 32 };

static uint8_t buffer[kBufferBytes];

int32_t SC_KERNEL(bulk_memory)(int32_t n) {
  __builtin_memset(buffer, 0, kBufferBytes);
  uint32_t seed = 0x7f4a7c15u;
  uint32_t checksum = 0;
  for (uint32_t round = 0; round < (uint32_t)n; ++round) {
    for (uint32_t op = 0; op < kOpsPerRound; ++op) {
      const uint32_t r = sc_next(&seed);
      const uint32_t length = kBlockBytes - (r & 0xfffu);
      const uint32_t dst = (r >> 12) % (kBufferBytes - kBlockBytes);
      const uint32_t src = sc_next(&seed) % (kBufferBytes - kBlockBytes);
      if (op % 4 == 0) {
        __builtin_memset(buffer + dst, (int)(r >> 24), length);
      } else {
        __builtin_memmove(buffer + dst, buffer + src, length);
      }
    }
    for (uint32_t i = 0; i < 64; ++i) {
      checksum = (checksum ^ buffer[(i * 16411u + round * 7u) % kBufferBytes]) * 0x01000193u;
    }
  }
  return (int32_t)checksum;
}
