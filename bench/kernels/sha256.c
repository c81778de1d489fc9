/* SHA-256 (FIPS 180-4) of a generated 16 KiB buffer, `n` rounds; each round writes the
 * previous digest back into the buffer, so no round can be skipped. 32-bit rotates,
 * shifts and adds. Returns a fold of the last digest. */
#include "kernel.h"

enum { kBufferBytes = 16 * 1024 };

static const uint32_t kRoundConstants[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
    0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
    0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
    0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

static uint8_t buffer[kBufferBytes];

static void compress(uint32_t state[8], const uint8_t block[64]) {
  uint32_t w[64];
  for (uint32_t i = 0; i < 16; ++i) {
    w[i] = ((uint32_t)block[4 * i] << 24) | ((uint32_t)block[4 * i + 1] << 16) |
           ((uint32_t)block[4 * i + 2] << 8) | (uint32_t)block[4 * i + 3];
  }
  for (uint32_t i = 16; i < 64; ++i) {
    const uint32_t s0 = sc_rotr32(w[i - 15], 7) ^ sc_rotr32(w[i - 15], 18) ^ (w[i - 15] >> 3);
    const uint32_t s1 = sc_rotr32(w[i - 2], 17) ^ sc_rotr32(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (uint32_t i = 0; i < 64; ++i) {
    const uint32_t t1 = h + (sc_rotr32(e, 6) ^ sc_rotr32(e, 11) ^ sc_rotr32(e, 25)) +
                        ((e & f) ^ (~e & g)) + kRoundConstants[i] + w[i];
    const uint32_t t2 = (sc_rotr32(a, 2) ^ sc_rotr32(a, 13) ^ sc_rotr32(a, 22)) +
                        ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

/* The digest of data[0, length) as eight big-endian words. */
static void sha256(const uint8_t* data, uint32_t length, uint32_t digest[8]) {
  static const uint32_t kInitial[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                       0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
  for (uint32_t i = 0; i < 8; ++i) digest[i] = kInitial[i];
  uint32_t done = 0;
  for (; done + 64 <= length; done += 64) compress(digest, data + done);
  /* Padding: 0x80, zeros, then the length in bits as a 64-bit big-endian number. */
  uint8_t tail[128];
  const uint32_t rest = length - done;
  for (uint32_t i = 0; i < rest; ++i) tail[i] = data[done + i];
  tail[rest] = 0x80;
  const uint32_t tail_bytes = rest + 9 <= 64 ? 64 : 128;
  for (uint32_t i = rest + 1; i < tail_bytes; ++i) tail[i] = 0;
  const uint64_t bits = (uint64_t)length * 8u;
  for (uint32_t i = 0; i < 8; ++i) tail[tail_bytes - 1 - i] = (uint8_t)(bits >> (8 * i));
  compress(digest, tail);
  if (tail_bytes == 128) compress(digest, tail + 64);
}

int32_t SC_KERNEL(sha256)(int32_t n) {
  uint32_t seed = 0x9e3779b9u;
  for (uint32_t i = 0; i < kBufferBytes; ++i) buffer[i] = (uint8_t)sc_next(&seed);
  uint32_t digest[8] = {0};
  for (uint32_t round = 0; round < (uint32_t)n; ++round) {
    /* Different lengths each round keep the padding path honest. */
    sha256(buffer, kBufferBytes - (round % 61u), digest);
    uint8_t* slot = buffer + (round * 32u) % kBufferBytes;
    for (uint32_t i = 0; i < 32; ++i) slot[i] = (uint8_t)(digest[i / 4] >> (24 - 8 * (i % 4)));
  }
  uint32_t fold = 0;
  for (uint32_t i = 0; i < 8; ++i) fold = sc_rotr32(fold, 5) ^ digest[i];
  return (int32_t)fold;
}

#ifdef SC_KERNEL_SELFTEST
/* The digest of `data`, for checking this implementation against a reference. */
void sc_sha256_for_test(const uint8_t* data, uint32_t length, uint32_t digest[8]) { sha256(data, length, digest); }
#endif
