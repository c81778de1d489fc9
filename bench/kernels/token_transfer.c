/* Contract-shaped state: a token contract's balances as a fixed-size open-addressing
 * hash map in linear memory (account id -> balance, linear probing), as a contract
 * without an allocator keeps them. `n` * 1000 transfers between generated accounts: look
 * up the sender, check its balance, debit, look up or insert the receiver, credit; some
 * transfers fail the balance check and some pay new accounts. Random-access loads and
 * stores, 64-bit compares, short data-dependent loops. Returns a checksum of the map. */
#include "kernel.h"

enum {
  kSlots = 8192,            /* a power of two */
  kInitialAccounts = 3000,  /* funded before the transfers */
  kAccountIds = 5000,       /* receivers come from a wider range: new accounts appear */
  kTransfersPerN = 1000,
};

typedef struct {
  uint64_t account; /* 0: empty slot */
  uint64_t balance;
} Slot;

static Slot slots[kSlots];

/* The account id of the i-th generated account: never 0, spread over 64 bits. */
static uint64_t account_id(uint32_t i) {
  uint64_t x = (uint64_t)(i + 1) * 0x9e3779b97f4a7c15ull;
  x ^= x >> 31;
  return x | 1u;
}

static uint32_t slot_of(uint64_t account) {
  return (uint32_t)((account * 0xff51afd7ed558ccdull) >> 51) & (kSlots - 1);
}

/* The account's slot, or the empty slot where it would go (the map never fills). */
static SC_NOINLINE Slot* find_slot(uint64_t account) {
  uint32_t at = slot_of(account);
  while (slots[at].account != 0 && slots[at].account != account) at = (at + 1) & (kSlots - 1);
  return &slots[at];
}

int32_t SC_KERNEL(token_transfer)(int32_t n) {
  for (uint32_t i = 0; i < kSlots; ++i) {
    slots[i].account = 0;
    slots[i].balance = 0;
  }
  uint32_t seed = 0x510e527fu;
  for (uint32_t i = 0; i < kInitialAccounts; ++i) {
    Slot* slot = find_slot(account_id(i));
    slot->account = account_id(i);
    slot->balance = 1000 + (sc_next(&seed) & 0xffffu);
  }
  uint32_t failed = 0;
  const uint32_t transfers = (uint32_t)n * kTransfersPerN;
  for (uint32_t t = 0; t < transfers; ++t) {
    const uint32_t r = sc_next(&seed);
    const uint64_t from = account_id(r % kInitialAccounts);
    const uint64_t to = account_id((r >> 8) % kAccountIds);
    const uint64_t amount = (uint64_t)(sc_next(&seed) & 0x7ffu) + 1u;
    Slot* sender = find_slot(from);
    if (sender->account == 0 || sender->balance < amount || from == to) {
      ++failed;
      continue;
    }
    sender->balance -= amount;
    Slot* receiver = find_slot(to);
    receiver->account = to;
    receiver->balance += amount;
  }
  uint64_t checksum = failed;
  for (uint32_t i = 0; i < kSlots; ++i) {
    checksum = sc_rotl64(checksum, 5) ^ (slots[i].account * 31u + slots[i].balance);
  }
  return (int32_t)(uint32_t)(checksum ^ (checksum >> 32));
}
