/* Keccak-f[1600] (FIPS 202, section 3), the permutation under SHA-3: `n` permutations of
 * one 25-lane state, absorbing a counter between them. 64-bit xor, and-not and rotates.
 * Returns a fold of the final state. */
#include "kernel.h"

static const uint64_t kRoundConstants[24] = {
    0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull, 0x8000000080008000ull,
    0x000000000000808bull, 0x0000000080000001ull, 0x8000000080008081ull, 0x8000000000008009ull,
    0x000000000000008aull, 0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000aull,
    0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull, 0x8000000000008003ull,
    0x8000000000008002ull, 0x8000000000000080ull, 0x000000000000800aull, 0x800000008000000aull,
    0x8000000080008081ull, 0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull,
};

/* rho offsets, indexed by lane x + 5y. */
static const uint32_t kRotations[25] = {
    0,  1,  62, 28, 27,  /* y = 0 */
    36, 44, 6,  55, 20,  /* y = 1 */
    3,  10, 43, 25, 39,  /* y = 2 */
    41, 45, 15, 21, 8,   /* y = 3 */
    18, 2,  61, 56, 14,  /* y = 4 */
};

static uint64_t state[25];

static void keccak_f1600(uint64_t lanes[25]) {
  for (uint32_t round = 0; round < 24; ++round) {
    /* theta */
    uint64_t column[5];
    for (uint32_t x = 0; x < 5; ++x) {
      column[x] = lanes[x] ^ lanes[x + 5] ^ lanes[x + 10] ^ lanes[x + 15] ^ lanes[x + 20];
    }
    for (uint32_t x = 0; x < 5; ++x) {
      const uint64_t d = column[(x + 4) % 5] ^ sc_rotl64(column[(x + 1) % 5], 1);
      for (uint32_t y = 0; y < 25; y += 5) lanes[x + y] ^= d;
    }
    /* rho and pi: lane (x, y) moves to (y, 2x + 3y) */
    uint64_t moved[25];
    for (uint32_t x = 0; x < 5; ++x) {
      for (uint32_t y = 0; y < 5; ++y) {
        moved[y + 5 * ((2 * x + 3 * y) % 5)] = sc_rotl64(lanes[x + 5 * y], kRotations[x + 5 * y]);
      }
    }
    /* chi */
    for (uint32_t y = 0; y < 25; y += 5) {
      for (uint32_t x = 0; x < 5; ++x) {
        lanes[x + y] = moved[x + y] ^ (~moved[(x + 1) % 5 + y] & moved[(x + 2) % 5 + y]);
      }
    }
    /* iota */
    lanes[0] ^= kRoundConstants[round];
  }
}

int64_t SC_KERNEL(keccak)(int32_t n) {
  for (uint32_t i = 0; i < 25; ++i) state[i] = 0;
  for (uint32_t i = 0; i < (uint32_t)n; ++i) {
    state[i % 17] ^= (uint64_t)i * 0x9e3779b97f4a7c15ull;
    keccak_f1600(state);
  }
  uint64_t fold = 0;
  for (uint32_t i = 0; i < 25; ++i) fold = sc_rotl64(fold, 7) ^ state[i];
  return (int64_t)fold;
}

#ifdef SC_KERNEL_SELFTEST
void sc_keccak_for_test(uint64_t lanes[25]) { keccak_f1600(lanes); }
#endif
