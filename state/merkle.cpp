// The hashes of state/ROOT.md and the persistent MerkleTree. Nodes are immutable and
// shared between copies; a node exists only for a non-empty subtree, so an absent child
// stands for empty_subtree(height) and an all-zero tree is a null root.
#include "state/merkle.h"

#include <openssl/evp.h>

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

namespace shortcrust::state {

struct MerkleTree::Node {
  Hash hash{};
  uint64_t count = 0;  // non-zero leaves below (1 for a leaf)
  NodePtr left;        // null: an empty subtree
  NodePtr right;
};

namespace {

using NodePtr = MerkleTree::NodePtr;
using Node = MerkleTree::Node;
using Leaves = std::span<const std::pair<uint64_t, Hash>>;

constexpr Hash kZeroHash{};
// Domain separation (ROOT.md): the first byte hashed says what a digest commits to, so a
// page can never be read as a node, nor a node as a contract leaf.
constexpr uint8_t kPageTag = 0x00;
constexpr uint8_t kNodeTag = 0x01;
constexpr uint8_t kContractTag = 0x02;
constexpr uint8_t kStateTag = 0x03;

// Fetched once: an explicit fetch spares OpenSSL 3 the implicit lookup that
// EVP_sha256() costs at every EVP_DigestInit_ex.
const EVP_MD* sha256_md() {
  static const EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

// One digest context per thread, reused: node hashes are 65-byte inputs, where a fresh
// context per call (EVP_Digest) would cost more than the hashing.
class ThreadDigest {
 public:
  ThreadDigest() : ctx_(EVP_MD_CTX_new()) {}
  ~ThreadDigest() { EVP_MD_CTX_free(ctx_); }
  ThreadDigest(const ThreadDigest&) = delete;
  ThreadDigest& operator=(const ThreadDigest&) = delete;

  Hash run(std::initializer_list<std::span<const uint8_t>> parts) {
    Hash out;
    unsigned int len = 0;
    bool ok = ctx_ != nullptr && sha256_md() != nullptr &&
              EVP_DigestInit_ex(ctx_, sha256_md(), nullptr) == 1;
    // Small inputs (nodes, contract leaves, the root) are gathered first: one update
    // instead of three to six saves about a tenth of a node hash.
    size_t total = 0;
    for (std::span<const uint8_t> part : parts) total += part.size();
    if (total <= kGatherBytes) {
      uint8_t buffer[kGatherBytes];
      size_t at = 0;
      for (std::span<const uint8_t> part : parts) {
        if (!part.empty()) std::memcpy(buffer + at, part.data(), part.size());
        at += part.size();
      }
      ok = ok && EVP_DigestUpdate(ctx_, buffer, total) == 1;
    } else {
      for (std::span<const uint8_t> part : parts) {
        ok = ok && EVP_DigestUpdate(ctx_, part.data(), part.size()) == 1;
      }
    }
    ok = ok && EVP_DigestFinal_ex(ctx_, out.data(), &len) == 1 && len == out.size();
    // libcrypto's SHA-256 fails only when memory is exhausted, which aborts anyway.
    if (!ok) std::abort();
    return out;
  }

 private:
  static constexpr size_t kGatherBytes = 160;  // > a contract leaf's 137 bytes
  EVP_MD_CTX* ctx_;
};

Hash digest(std::initializer_list<std::span<const uint8_t>> parts) {
  thread_local ThreadDigest context;
  return context.run(parts);
}

std::span<const uint8_t> tag(const uint8_t& t) { return {&t, 1}; }

std::array<uint8_t, 8> u64_le(uint64_t v) {
  std::array<uint8_t, 8> out;
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
  return out;
}

bool is_zero_hash(const Hash& h) { return h == kZeroHash; }

const Hash& hash_of(const NodePtr& node, unsigned height) {
  return node ? node->hash : empty_subtree(height);
}

uint64_t count_of(const NodePtr& node) { return node ? node->count : 0; }

// Bit of `index` that picks the child of a node at `height` (>= 1): the high bits choose
// first, so leaves are in index order left to right.
bool goes_right(uint64_t index, unsigned height) { return (index >> (height - 1)) & 1; }

NodePtr make_leaf(const Hash& leaf) {
  if (is_zero_hash(leaf)) return nullptr;
  auto node = std::make_shared<Node>();
  node->hash = leaf;
  node->count = 1;
  return node;
}

// The node at `height` (>= 1) over two children; null when both are empty, so that
// removing the last leaf of a subtree drops it.
NodePtr make_inner(NodePtr left, NodePtr right, unsigned height) {
  if (!left && !right) return nullptr;
  auto node = std::make_shared<Node>();
  node->hash = node_hash(hash_of(left, height - 1), hash_of(right, height - 1));
  node->count = count_of(left) + count_of(right);
  node->left = std::move(left);
  node->right = std::move(right);
  return node;
}

NodePtr set_one(const NodePtr& node, unsigned height, uint64_t index, const Hash& leaf) {
  if (!node && is_zero_hash(leaf)) return nullptr;
  if (height == 0) return make_leaf(leaf);
  NodePtr left = node ? node->left : nullptr;
  NodePtr right = node ? node->right : nullptr;
  if (goes_right(index, height)) right = set_one(right, height - 1, index, leaf);
  else left = set_one(left, height - 1, index, leaf);
  return make_inner(std::move(left), std::move(right), height);
}

// `leaves` ascending, all inside this node's range: splits them between the children so
// every node on a changed path is hashed once.
NodePtr set_range(const NodePtr& node, unsigned height, Leaves leaves) {
  if (leaves.empty()) return node;
  if (height == 0) return make_leaf(leaves.back().second);
  const auto split = std::partition_point(leaves.begin(), leaves.end(), [&](const auto& entry) {
    return !goes_right(entry.first, height);
  });
  const size_t left_count = static_cast<size_t>(split - leaves.begin());
  const NodePtr& old_left = node ? node->left : nullptr;
  const NodePtr& old_right = node ? node->right : nullptr;
  NodePtr left = set_range(old_left, height - 1, leaves.first(left_count));
  NodePtr right = set_range(old_right, height - 1, leaves.subspan(left_count));
  if (node && left == node->left && right == node->right) return node;
  return make_inner(std::move(left), std::move(right), height);
}

void visit_leaves(const NodePtr& node, unsigned height, uint64_t prefix,
                  const std::function<void(uint64_t, const Hash&)>& fn) {
  if (!node) return;
  if (height == 0) {
    fn(prefix, node->hash);
    return;
  }
  visit_leaves(node->left, height - 1, prefix << 1, fn);
  visit_leaves(node->right, height - 1, prefix << 1 | 1, fn);
}

[[maybe_unused]] bool index_fits(uint64_t index, unsigned depth) {
  return depth >= kMaxTreeDepth || (index >> depth) == 0;
}

}  // namespace

Hash sha256(std::span<const uint8_t> bytes) { return digest({bytes}); }

bool is_zero_page(std::span<const uint8_t> page) {
  const uint8_t* p = page.data();
  size_t n = page.size();
  // OR 64 bytes at a time and stop at the first non-zero block: a grown page is zero,
  // a written one usually differs early.
  while (n >= 64) {
    uint64_t words[8];
    std::memcpy(words, p, sizeof words);
    uint64_t acc = 0;
    for (uint64_t w : words) acc |= w;
    if (acc != 0) return false;
    p += 64;
    n -= 64;
  }
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != 0) return false;
  }
  return true;
}

Hash page_hash(std::span<const uint8_t> page) {
  assert(page.size() == kStatePageBytes);
  if (is_zero_page(page)) return kZeroHash;
  return digest({tag(kPageTag), page});
}

Hash node_hash(const Hash& left, const Hash& right) {
  return digest({tag(kNodeTag), left, right});
}

const Hash& empty_subtree(unsigned height) {
  static const std::array<Hash, kMaxTreeDepth + 1> table = [] {
    std::array<Hash, kMaxTreeDepth + 1> t{};
    for (unsigned h = 1; h <= kMaxTreeDepth; ++h) t[h] = node_hash(t[h - 1], t[h - 1]);
    return t;
  }();
  assert(height <= kMaxTreeDepth);
  return table[std::min(height, kMaxTreeDepth)];
}

Hash code_hash(std::span<const uint8_t> bytecode) { return sha256(bytecode); }

Hash owner_hash(std::span<const uint8_t> owner) { return sha256(owner); }

Hash contract_leaf(const ContractId& id, const Hash& code_hash, const Hash& owner_hash,
                   uint64_t memory_bytes, const Hash& pages_root) {
  const std::array<uint8_t, 8> length = u64_le(memory_bytes);
  return digest({tag(kContractTag), id.bytes, code_hash, owner_hash, length, pages_root});
}

Hash state_root(uint64_t contract_count, const Hash& contracts_root) {
  const std::array<uint8_t, 8> count = u64_le(contract_count);
  return digest({tag(kStateTag), count, contracts_root});
}

unsigned depth_for(uint64_t leaves) {
  if (leaves <= 1) return 0;
  return 64 - static_cast<unsigned>(std::countl_zero(leaves - 1));
}

uint64_t pages_for(uint64_t memory_bytes) {
  return memory_bytes / kStatePageBytes + (memory_bytes % kStatePageBytes != 0 ? 1 : 0);
}

MerkleTree::MerkleTree(unsigned depth) : depth_(depth) { assert(depth <= kMaxTreeDepth); }

MerkleTree MerkleTree::build(unsigned depth, Leaves leaves) {
  MerkleTree tree(depth);
  tree.set_many(leaves);
  return tree;
}

Hash MerkleTree::root() const { return hash_of(root_, depth_); }

Hash MerkleTree::leaf(uint64_t index) const {
  assert(index_fits(index, depth_));
  const Node* node = root_.get();
  for (unsigned h = depth_; h > 0 && node != nullptr; --h) {
    node = (goes_right(index, h) ? node->right : node->left).get();
  }
  return node ? node->hash : kZeroHash;
}

void MerkleTree::set(uint64_t index, const Hash& leaf) {
  assert(index_fits(index, depth_));
  // Rewriting the same hash (a page written back unchanged) costs no hashing.
  if (this->leaf(index) == leaf) return;
  root_ = set_one(root_, depth_, index, leaf);
}

void MerkleTree::set_many(Leaves leaves) {
  assert(std::is_sorted(leaves.begin(), leaves.end(),
                        [](const auto& a, const auto& b) { return a.first < b.first; }));
  assert(leaves.empty() || index_fits(leaves.back().first, depth_));
  root_ = set_range(root_, depth_, leaves);
}

void MerkleTree::grow_to(unsigned depth) {
  assert(depth >= depth_ && depth <= kMaxTreeDepth);
  while (depth_ < depth) {
    ++depth_;
    root_ = make_inner(root_, nullptr, depth_);
  }
}

std::vector<Hash> MerkleTree::path(uint64_t index) const {
  assert(index_fits(index, depth_));
  std::vector<Hash> siblings(depth_);
  const Node* node = root_.get();
  for (unsigned h = depth_; h > 0; --h) {
    if (node == nullptr) {
      siblings[h - 1] = empty_subtree(h - 1);
      continue;
    }
    const bool right = goes_right(index, h);
    siblings[h - 1] = hash_of(right ? node->left : node->right, h - 1);
    node = (right ? node->right : node->left).get();
  }
  return siblings;
}

uint64_t MerkleTree::nonzero_leaves() const { return count_of(root_); }

void MerkleTree::for_each_leaf(const std::function<void(uint64_t, const Hash&)>& fn) const {
  visit_leaves(root_, depth_, 0, fn);
}

Hash root_from_path(uint64_t index, const Hash& leaf, std::span<const Hash> siblings) {
  Hash h = leaf;
  for (size_t level = 0; level < siblings.size(); ++level) {
    // Levels past 64 have no index bit: the node is a left child there.
    const bool right = level < 64 && ((index >> level) & 1) != 0;
    h = right ? node_hash(siblings[level], h) : node_hash(h, siblings[level]);
  }
  return h;
}

}  // namespace shortcrust::state
