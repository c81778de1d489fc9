/* Contract-shaped hashing: a contract call hashes its 64 KiB argument buffer (the
 * "argbuf" of the Piecrust ABI). `n` rounds of a four-lane 64-bit multiply-rotate hash of
 * our own (xxhash-like in shape: independent lanes, then a merge and an avalanche) over
 * the whole buffer, each round writing the previous hash into one word so no round can be
 * skipped or hoisted. Aligned 64-bit loads, multiplies and rotates. Returns the last
 * hash. */
#include "kernel.h"

enum { kArgbufBytes = 64 * 1024, kWords = kArgbufBytes / 8 };

static const uint64_t kPrime1 = 0x9e3779b185ebca87ull;
static const uint64_t kPrime2 = 0xc2b2ae3d27d4eb4full;
static const uint64_t kPrime3 = 0x165667b19e3779f9ull;

static uint64_t argbuf[kWords]; /* the argbuf as little-endian 64-bit words */

static uint64_t lane_step(uint64_t lane, uint64_t word) {
  lane += word * kPrime2;
  lane = sc_rotl64(lane, 31);
  return lane * kPrime1;
}

static uint64_t avalanche(uint64_t h) {
  h ^= h >> 33;
  h *= kPrime2;
  h ^= h >> 29;
  h *= kPrime3;
  return h ^ (h >> 32);
}

static SC_NOINLINE uint64_t hash_argbuf(const uint64_t* words, uint32_t count, uint64_t seed) {
  uint64_t a = seed + kPrime1 + kPrime2, b = seed + kPrime2, c = seed, d = seed - kPrime1;
  uint32_t i = 0;
  for (; i + 4 <= count; i += 4) {
    a = lane_step(a, words[i]);
    b = lane_step(b, words[i + 1]);
    c = lane_step(c, words[i + 2]);
    d = lane_step(d, words[i + 3]);
  }
  uint64_t h = sc_rotl64(a, 1) + sc_rotl64(b, 7) + sc_rotl64(c, 12) + sc_rotl64(d, 18);
  for (; i < count; ++i) h = sc_rotl64(h ^ lane_step(0, words[i]), 27) * kPrime1 + kPrime3;
  return avalanche(h + (uint64_t)count * 8u);
}

int64_t SC_KERNEL(argbuf_hash)(int32_t n) {
  uint32_t seed = 0x3c6ef372u;
  for (uint32_t i = 0; i < kWords; ++i) argbuf[i] = (uint64_t)sc_next(&seed) << 32 | sc_next(&seed);
  uint64_t hash = 0;
  for (uint32_t round = 0; round < (uint32_t)n; ++round) {
    hash = hash_argbuf(argbuf, kWords, round);
    argbuf[(round * 2053u) % kWords] ^= hash;
  }
  return (int64_t)hash;
}
