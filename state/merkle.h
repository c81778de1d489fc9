// State roots (ARCHITECTURE §7, layout frozen in state/ROOT.md): the SHA-256 hashes of
// pages, tree nodes, contract leaves and the state root, and MerkleTree, a persistent
// fixed-depth binary Merkle tree whose copies share immutable nodes. Sessions on several
// threads read and copy the same trees; only the path a set() changes is new.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "shortcrust/vm.h"

namespace shortcrust::state {

using Hash = std::array<uint8_t, 32>;
inline constexpr uint64_t kStatePageBytes = 65536;
// The deepest tree: 2^64 leaves, every u64 an index (wasm64 memories).
inline constexpr unsigned kMaxTreeDepth = 64;

// SHA-256 of `bytes` (OpenSSL's libcrypto, one reused context per thread).
Hash sha256(std::span<const uint8_t> bytes);
// True when every byte is zero; compares 8-byte words.
bool is_zero_page(std::span<const uint8_t> page);
// The hash of a 64 KiB page: all-zero bytes for an all-zero page (the fixed zero hash,
// never stored), else SHA-256(0x00 ‖ page). Precondition: page.size() == kStatePageBytes.
Hash page_hash(std::span<const uint8_t> page);
// SHA-256(0x01 ‖ left ‖ right).
Hash node_hash(const Hash& left, const Hash& right);
// The root of an all-empty subtree of `height` (0: the zero hash; h+1: node_hash(e_h,
// e_h)), precomputed for heights 0..64. Precondition: height <= kMaxTreeDepth.
const Hash& empty_subtree(unsigned height);
Hash code_hash(std::span<const uint8_t> bytecode);  // SHA-256(bytecode)
Hash owner_hash(std::span<const uint8_t> owner);    // SHA-256(owner)
// SHA-256(0x02 ‖ id ‖ code_hash ‖ owner_hash ‖ memory_bytes as u64 LE ‖ pages_root)
Hash contract_leaf(const ContractId& id, const Hash& code_hash, const Hash& owner_hash,
                   uint64_t memory_bytes, const Hash& pages_root);
// SHA-256(0x03 ‖ contract_count as u64 LE ‖ contracts_root): the state root.
Hash state_root(uint64_t contract_count, const Hash& contracts_root);
// Smallest d with 2^d >= leaves (0 for 0 or 1 leaves). The page tree of a memory of
// P pages has depth depth_for(P); the contracts tree of N contracts depth_for(N).
unsigned depth_for(uint64_t leaves);
// The number of 64 KiB pages a memory of `memory_bytes` spans (rounded up; no overflow).
uint64_t pages_for(uint64_t memory_bytes);

// A persistent binary Merkle tree of fixed depth over leaf hashes; absent leaves are the
// zero hash; only non-empty subtrees have nodes. Copies share nodes; set() copies only
// the path it changes. Immutable nodes: concurrent reads and copies are safe (one object
// must not be mutated while another thread reads that same object).
//
// Invariant: a tree equals the tree built from its non-zero leaves (writing a zero leaf
// removes it and drops the subtrees that become empty), so equal leaf sets give equal
// node shapes and nonzero_leaves() is exact.
class MerkleTree {
 public:
  MerkleTree() = default;                 // depth 0: one leaf, zero
  explicit MerkleTree(unsigned depth);    // all zero; depth <= 64
  // From (index, hash) in strictly ascending index order, every index < 2^depth; zero
  // hashes may appear and are skipped. Hashes each node once: O(n · depth) worst case,
  // O(n) for dense leaves.
  static MerkleTree build(unsigned depth, std::span<const std::pair<uint64_t, Hash>> leaves);
  unsigned depth() const { return depth_; }
  Hash root() const;
  Hash leaf(uint64_t index) const;        // zero hash when absent; index < 2^depth
  void set(uint64_t index, const Hash& leaf);
  // Several leaves at once, ascending indexes: each changed node hashed once. When an
  // index repeats, the last hash wins.
  void set_many(std::span<const std::pair<uint64_t, Hash>> leaves);
  // depth >= depth(): the current tree becomes the leftmost subtree (same leaves).
  void grow_to(unsigned depth);
  std::vector<Hash> path(uint64_t index) const;   // depth() siblings, leaf level first
  uint64_t nonzero_leaves() const;                // O(1): kept in the nodes
  // Every non-zero leaf in ascending index order.
  void for_each_leaf(const std::function<void(uint64_t index, const Hash& leaf)>& fn) const;

  struct Node;  // state/merkle.cpp
  using NodePtr = std::shared_ptr<const Node>;

 private:
  NodePtr root_;        // null: the whole tree is empty
  unsigned depth_ = 0;
};

// The root obtained by hashing `leaf` at `index` up through `siblings` (leaf level first).
Hash root_from_path(uint64_t index, const Hash& leaf, std::span<const Hash> siblings);

}  // namespace shortcrust::state
