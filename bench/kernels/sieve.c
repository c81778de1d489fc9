/* Sieve of Eratosthenes over 1 MiB of flags, `n` times with slightly different limits:
 * byte loads and stores in tight loops. Returns a checksum of the prime counts. */
#include "kernel.h"

enum { kSieveSize = 1 << 20 };

static uint8_t composite[kSieveSize];

static uint32_t count_primes(uint32_t limit) {
  for (uint32_t i = 0; i < limit; ++i) composite[i] = 0;
  for (uint32_t i = 2; i * i < limit; ++i) {
    if (composite[i]) continue;
    for (uint32_t j = i * i; j < limit; j += i) composite[j] = 1;
  }
  uint32_t count = 0;
  for (uint32_t i = 2; i < limit; ++i) count += composite[i] == 0;
  return count;
}

int32_t SC_KERNEL(sieve)(int32_t n) {
  uint32_t checksum = 0;
  for (uint32_t round = 0; round < (uint32_t)n; ++round) {
    checksum = checksum * 31u + count_primes(kSieveSize - (round % 64u) * 977u);
  }
  return (int32_t)checksum;
}
