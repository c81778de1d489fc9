// State roots (state/merkle.h, state/page_proof.cpp): MerkleTree against a naive full
// tree, sharing between copies, the frozen test vectors of state/ROOT.md (computed
// independently with Python's hashlib) and verify_page_proof on good and broken proofs.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "shortcrust/state_proof.h"
#include "state/merkle.h"

namespace shortcrust::state {
namespace {

using LeafMap = std::map<uint64_t, Hash>;
using LeafList = std::vector<std::pair<uint64_t, Hash>>;

std::string hex(const Hash& h) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : h) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

Hash random_hash(std::mt19937_64& rng) {
  Hash h;
  for (size_t i = 0; i < h.size(); i += 8) {
    const uint64_t v = rng();
    for (size_t j = 0; j < 8; ++j) h[i + j] = static_cast<uint8_t>(v >> (8 * j));
  }
  return h;
}

LeafList to_list(const LeafMap& leaves) { return LeafList(leaves.begin(), leaves.end()); }

// Every level of the full binary tree, computed directly: levels[0] are the 2^depth
// leaves, levels[depth] the root.
struct NaiveTree {
  std::vector<std::vector<Hash>> levels;

  NaiveTree(unsigned depth, const LeafMap& leaves) {
    levels.emplace_back(size_t{1} << depth);
    for (const auto& [index, hash] : leaves) levels[0][index] = hash;
    for (unsigned h = 0; h < depth; ++h) {
      const auto& below = levels[h];
      std::vector<Hash> above(below.size() / 2);
      for (size_t i = 0; i < above.size(); ++i) above[i] = node_hash(below[2 * i], below[2 * i + 1]);
      levels.push_back(std::move(above));
    }
  }
  Hash root() const { return levels.back()[0]; }
  std::vector<Hash> path(uint64_t index) const {
    std::vector<Hash> out;
    for (size_t h = 0; h + 1 < levels.size(); ++h) out.push_back(levels[h][(index >> h) ^ 1]);
    return out;
  }
};

LeafMap random_leaves(std::mt19937_64& rng, unsigned depth, size_t count) {
  LeafMap leaves;
  const uint64_t size = uint64_t{1} << depth;
  count = std::min<uint64_t>(count, size);
  while (leaves.size() < count) leaves[rng() % size] = random_hash(rng);
  return leaves;
}

// Everything a tree promises, against the naive tree over the same leaves.
void expect_matches(const MerkleTree& tree, unsigned depth, const LeafMap& leaves) {
  SCOPED_TRACE("depth " + std::to_string(depth) + ", " + std::to_string(leaves.size()) + " leaves");
  const NaiveTree naive(depth, leaves);
  ASSERT_EQ(tree.depth(), depth);
  EXPECT_EQ(tree.root(), naive.root());
  EXPECT_EQ(tree.nonzero_leaves(), leaves.size());
  LeafList seen;
  tree.for_each_leaf([&](uint64_t index, const Hash& leaf) { seen.emplace_back(index, leaf); });
  EXPECT_EQ(seen, to_list(leaves));
  // Every index when small, else the leaves and a few absent indexes.
  std::vector<uint64_t> probes;
  if (depth <= 10) {
    for (uint64_t i = 0; i < (uint64_t{1} << depth); ++i) probes.push_back(i);
  } else {
    for (const auto& entry : leaves) probes.push_back(entry.first);
    for (uint64_t i = 0; i < 16; ++i) probes.push_back((i * 0x9e3779b97f4a7c15ULL) >> (64 - depth));
  }
  for (uint64_t index : probes) {
    const Hash leaf = tree.leaf(index);
    EXPECT_EQ(leaf, naive.levels[0][index]) << "leaf " << index;
    const std::vector<Hash> path = tree.path(index);
    ASSERT_EQ(path, naive.path(index)) << "path " << index;
    EXPECT_EQ(root_from_path(index, leaf, path), naive.root()) << "root from path " << index;
  }
}

TEST(MerkleHash, DepthFor) {
  EXPECT_EQ(depth_for(0), 0u);
  EXPECT_EQ(depth_for(1), 0u);
  EXPECT_EQ(depth_for(2), 1u);
  EXPECT_EQ(depth_for(3), 2u);
  EXPECT_EQ(depth_for(4), 2u);
  EXPECT_EQ(depth_for(5), 3u);
  EXPECT_EQ(depth_for(uint64_t{1} << 40), 40u);
  EXPECT_EQ(depth_for((uint64_t{1} << 40) + 1), 41u);
  EXPECT_EQ(depth_for(std::numeric_limits<uint64_t>::max()), 64u);
  EXPECT_EQ(pages_for(0), 0u);
  EXPECT_EQ(pages_for(1), 1u);
  EXPECT_EQ(pages_for(kStatePageBytes), 1u);
  EXPECT_EQ(pages_for(kStatePageBytes + 1), 2u);
  EXPECT_EQ(pages_for(std::numeric_limits<uint64_t>::max()), uint64_t{1} << 48);
}

TEST(MerkleHash, ZeroPages) {
  std::vector<uint8_t> page(kStatePageBytes, 0);
  EXPECT_TRUE(is_zero_page(page));
  EXPECT_EQ(page_hash(page), Hash{});
  for (size_t at : {size_t{0}, size_t{63}, size_t{64}, size_t{40000}, kStatePageBytes - 1}) {
    page[at] = 1;
    EXPECT_FALSE(is_zero_page(page)) << at;
    EXPECT_NE(page_hash(page), Hash{}) << at;
    page[at] = 0;
  }
  const uint8_t odd[3] = {0, 0, 2};
  EXPECT_TRUE(is_zero_page(std::span(odd, 2)));
  EXPECT_FALSE(is_zero_page(odd));
  EXPECT_TRUE(is_zero_page({}));
}

// The frozen layout (state/ROOT.md, "Test vectors"): a change to any byte layout breaks
// these. Expected values come from an independent Python hashlib computation.
std::vector<uint8_t> patterned_page() {
  std::vector<uint8_t> page(kStatePageBytes);
  for (size_t i = 0; i < page.size(); ++i) page[i] = static_cast<uint8_t>(i % 251);
  return page;
}

std::vector<uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

ContractId filled_id(uint8_t value) {
  ContractId id;
  id.bytes.fill(value);
  return id;
}

ContractId counting_id() {
  ContractId id;
  for (size_t i = 0; i < id.bytes.size(); ++i) id.bytes[i] = static_cast<uint8_t>(i);
  return id;
}

TEST(MerkleVectors, PagesNodesAndEmptySubtrees) {
  const std::vector<uint8_t> ones(kStatePageBytes, 0xff);
  EXPECT_EQ(hex(page_hash(patterned_page())),
            "75d3913244a9f7c765bea2770eb800c391c49cc1b62f7ce0ee9c192d1f1b9864");
  EXPECT_EQ(hex(page_hash(ones)), "63201696c70872959c12cdfc8cc22ae2f9266420f99d0112e2d5b8e5f721441d");
  EXPECT_EQ(hex(node_hash(page_hash(patterned_page()), page_hash(ones))),
            "2931fda0bb6b821a7a285a5377f1a588c4cf90135cdc58ac77babfce61def7d5");
  EXPECT_EQ(empty_subtree(0), Hash{});
  EXPECT_EQ(hex(empty_subtree(1)), "ae0798d0ecaed2b778eddebf18f071a561c53658c05e76cedecc27cafbdbc577");
  EXPECT_EQ(hex(empty_subtree(2)), "90534fe0aff6db9edb29eee74e78a386916a581c8e6465349493e1a6c87241e1");
  EXPECT_EQ(hex(empty_subtree(16)), "bbc84bb1eca9b98b546708cadcf829983dd03da168f65aeae21724003072c21a");
  EXPECT_EQ(hex(empty_subtree(64)), "cf2d05fab95ef9818c63931581abea59294c115de9465fceba4f4a077ce22678");
  EXPECT_EQ(MerkleTree(64).root(), empty_subtree(64));
}

// Contract C of the vector state: 3 pages [patterned, zero, 0xff...].
MerkleTree pages_of_contract_c() {
  const LeafList leaves = {{0, page_hash(patterned_page())},
                           {1, Hash{}},
                           {2, page_hash(std::vector<uint8_t>(kStatePageBytes, 0xff))}};
  return MerkleTree::build(depth_for(3), leaves);
}

TEST(MerkleVectors, ContractLeafAndStateRoot) {
  const MerkleTree pages_c = pages_of_contract_c();
  EXPECT_EQ(hex(pages_c.root()), "f9e2fda36f837afbd4555bbbb458fce9e2f4c5223033bf154f24224b7dd536c4");
  const Hash leaf_c = contract_leaf(counting_id(), code_hash(bytes_of("code")),
                                    owner_hash(bytes_of("owner")), 3 * kStatePageBytes, pages_c.root());
  EXPECT_EQ(hex(leaf_c), "f5e00133e1ba8077959cb0efd65faa456a62bc051cb20cd44517bf1a3653352a");
  const uint8_t wasm_header[] = {0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00};
  const Hash leaf_a = contract_leaf(filled_id(1), code_hash(wasm_header), owner_hash(bytes_of("alice")),
                                    0, MerkleTree(depth_for(0)).root());
  EXPECT_EQ(hex(leaf_a), "574ae4b0b9f99eaf1b4bbc8755c3d1a1612a7b858f550bcf82ba13c7dda41a19");
  const Hash leaf_b = contract_leaf(filled_id(2), code_hash(bytes_of("b")), owner_hash(bytes_of("bob")),
                                    kStatePageBytes, page_hash(patterned_page()));
  EXPECT_EQ(hex(leaf_b), "bcd4b27544f48b931b915e105b03ead8d1875c68343f789d518931b725072de1");
  // Sorted by id: C (00 01 02 ...) < A (01 01 ...) < B (02 02 ...).
  const LeafList contracts = {{0, leaf_c}, {1, leaf_a}, {2, leaf_b}};
  const MerkleTree tree = MerkleTree::build(depth_for(3), contracts);
  EXPECT_EQ(hex(tree.root()), "40d08e2c62946084d00bae85d3675a8340820c17d27a8cdc92667d8821d42f53");
  EXPECT_EQ(hex(state_root(3, tree.root())),
            "2a001bd41a1896875784c694b258ae07b84d7561ed177e96ecefafeaf52ab89c");
  EXPECT_EQ(hex(state_root(0, MerkleTree().root())),
            "94e22166cd1a329e912315275b7f36283c9a7e29890d7316123843a00c5f4743");
}

TEST(MerkleTree, MatchesNaiveTreeSparseAndDense) {
  std::mt19937_64 rng(7);
  for (unsigned depth = 0; depth <= 20; ++depth) {
    if (depth > 16 && depth < 20) continue;  // the naive tree doubles in cost per level
    const uint64_t size = uint64_t{1} << depth;
    for (size_t count : {size_t{1}, size_t{5}, static_cast<size_t>(std::min<uint64_t>(size, 3000)),
                         static_cast<size_t>(size * 9 / 10)}) {
      if (count > 3000 && depth > 12) continue;
      const LeafMap leaves = random_leaves(rng, depth, count);
      const LeafList list = to_list(leaves);
      const MerkleTree built = MerkleTree::build(depth, list);
      expect_matches(built, depth, leaves);
      MerkleTree one_by_one(depth);
      for (const auto& [index, hash] : list) one_by_one.set(index, hash);
      EXPECT_EQ(one_by_one.root(), built.root());
      EXPECT_EQ(one_by_one.nonzero_leaves(), built.nonzero_leaves());
    }
  }
}

TEST(MerkleTree, BuildSkipsZeroHashes) {
  std::mt19937_64 rng(11);
  LeafMap leaves = random_leaves(rng, 8, 40);
  LeafList with_zeros;
  for (uint64_t i = 0; i < 256; ++i) {
    const auto it = leaves.find(i);
    if (it != leaves.end()) with_zeros.emplace_back(i, it->second);
    else if (i % 3 == 0) with_zeros.emplace_back(i, Hash{});
  }
  expect_matches(MerkleTree::build(8, with_zeros), 8, leaves);
  const LeafList only_zeros = {{3, Hash{}}, {200, Hash{}}};
  const MerkleTree empty = MerkleTree::build(8, only_zeros);
  EXPECT_EQ(empty.root(), empty_subtree(8));
  EXPECT_EQ(empty.nonzero_leaves(), 0u);
}

// Random writes (a third of them zero, removing leaves) through set() on one copy and
// set_many() on another; both must equal the tree built from the resulting leaves.
TEST(MerkleTree, SetAndSetManyWithZeroLeaves) {
  std::mt19937_64 rng(13);
  for (unsigned depth : {0u, 1u, 2u, 3u, 5u, 8u, 12u, 16u}) {
    LeafMap leaves = random_leaves(rng, depth, 200);
    const MerkleTree original = MerkleTree::build(depth, to_list(leaves));
    for (int round = 0; round < 4; ++round) {
      LeafMap writes;
      const uint64_t size = uint64_t{1} << depth;
      for (int i = 0; i < 60; ++i) {
        const uint64_t index = (i % 2 == 0 && !leaves.empty())
                                   ? std::next(leaves.begin(), static_cast<long>(rng() % leaves.size()))->first
                                   : rng() % size;
        writes[index] = rng() % 3 == 0 ? Hash{} : random_hash(rng);
      }
      MerkleTree by_set = MerkleTree::build(depth, to_list(leaves));
      MerkleTree by_many = by_set;
      for (const auto& [index, hash] : writes) by_set.set(index, hash);
      by_many.set_many(to_list(writes));
      for (const auto& [index, hash] : writes) {
        if (hash == Hash{}) leaves.erase(index);
        else leaves[index] = hash;
      }
      expect_matches(by_set, depth, leaves);
      expect_matches(by_many, depth, leaves);
      EXPECT_EQ(MerkleTree::build(depth, to_list(leaves)).root(), by_set.root());
    }
    // Clearing every leaf gives the empty tree back.
    MerkleTree cleared = original;
    original.for_each_leaf([&](uint64_t index, const Hash&) { cleared.set(index, Hash{}); });
    EXPECT_EQ(cleared.root(), empty_subtree(depth));
    EXPECT_EQ(cleared.nonzero_leaves(), 0u);
  }
}

TEST(MerkleTree, SetManyRepeatedIndexLastWins) {
  std::mt19937_64 rng(17);
  const Hash a = random_hash(rng);
  const Hash b = random_hash(rng);
  MerkleTree tree(4);
  const LeafList writes = {{3, a}, {3, b}, {9, a}, {9, Hash{}}};
  tree.set_many(writes);
  expect_matches(tree, 4, LeafMap{{3, b}});
}

TEST(MerkleTree, GrowToKeepsLeavesOnTheLeft) {
  std::mt19937_64 rng(19);
  for (unsigned from : {0u, 1u, 3u, 7u}) {
    for (unsigned to : {from, from + 1, from + 5}) {
      const LeafMap leaves = random_leaves(rng, from, 50);
      MerkleTree tree = MerkleTree::build(from, to_list(leaves));
      const MerkleTree before = tree;
      tree.grow_to(to);
      expect_matches(tree, to, leaves);
      EXPECT_EQ(tree.root(), MerkleTree::build(to, to_list(leaves)).root());
      expect_matches(before, from, leaves);
    }
  }
  MerkleTree empty(2);
  empty.grow_to(64);
  EXPECT_EQ(empty.root(), empty_subtree(64));
}

TEST(MerkleTree, DepthSixtyFourTakesEveryIndex) {
  std::mt19937_64 rng(23);
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  const std::vector<uint64_t> indexes = {0, 1, uint64_t{1} << 63, kMax - 1, kMax};
  MerkleTree tree(64);
  LeafMap leaves;
  for (uint64_t index : indexes) {
    leaves[index] = random_hash(rng);
    tree.set(index, leaves[index]);
  }
  EXPECT_EQ(tree.nonzero_leaves(), indexes.size());
  EXPECT_EQ(MerkleTree::build(64, to_list(leaves)).root(), tree.root());
  LeafList seen;
  tree.for_each_leaf([&](uint64_t index, const Hash& leaf) { seen.emplace_back(index, leaf); });
  EXPECT_EQ(seen, to_list(leaves));
  for (const auto& [index, leaf] : leaves) {
    EXPECT_EQ(tree.leaf(index), leaf);
    const std::vector<Hash> path = tree.path(index);
    ASSERT_EQ(path.size(), 64u);
    EXPECT_EQ(root_from_path(index, leaf, path), tree.root());
  }
  EXPECT_EQ(tree.leaf(12345), Hash{});
  EXPECT_EQ(root_from_path(12345, Hash{}, tree.path(12345)), tree.root());
  // A lone leaf at the last index: its siblings are all empty subtrees.
  MerkleTree lone(64);
  lone.set(kMax, leaves[kMax]);
  std::vector<Hash> empties;
  for (unsigned h = 0; h < 64; ++h) empties.push_back(empty_subtree(h));
  EXPECT_EQ(lone.path(kMax), empties);
  for (uint64_t index : indexes) tree.set(index, Hash{});
  EXPECT_EQ(tree.root(), empty_subtree(64));
  EXPECT_EQ(tree.nonzero_leaves(), 0u);
}

TEST(MerkleTree, CopiesShareAndStayUnchanged) {
  std::mt19937_64 rng(29);
  const LeafMap leaves = random_leaves(rng, 10, 300);
  const MerkleTree original = MerkleTree::build(10, to_list(leaves));
  const Hash root = original.root();
  MerkleTree copy = original;
  copy.set(leaves.begin()->first, random_hash(rng));
  copy.set(leaves.begin()->first + 1, Hash{});
  copy.set_many(to_list(random_leaves(rng, 10, 20)));
  copy.grow_to(12);
  EXPECT_NE(copy.root(), root);
  EXPECT_EQ(original.root(), root);
  expect_matches(original, 10, leaves);
}

// Threads copy one shared tree, write their own leaves and read the original at the same
// time; every result must match a single-threaded computation.
TEST(MerkleTree, ConcurrentCopiesAndReads) {
  std::mt19937_64 rng(31);
  const LeafMap leaves = random_leaves(rng, 12, 2000);
  const MerkleTree shared = MerkleTree::build(12, to_list(leaves));
  constexpr int kThreads = 4;
  std::vector<LeafList> writes(kThreads);
  std::vector<Hash> expected(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    const LeafMap w = random_leaves(rng, 12, 100);
    writes[t] = to_list(w);
    MerkleTree tree = shared;
    tree.set_many(writes[t]);
    expected[t] = tree.root();
  }
  std::vector<Hash> got(kThreads);
  std::vector<int> read_ok(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        MerkleTree tree = shared;
        for (const auto& [index, hash] : writes[t]) tree.set(index, hash);
        got[t] = tree.root();
        read_ok[t] += shared.path(static_cast<uint64_t>(round)).size() == 12 ? 1 : 0;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(got[t], expected[t]);
    EXPECT_EQ(read_ok[t], 20);
  }
  expect_matches(shared, 12, leaves);
}

// A small state for proofs: contracts with pages given as bytes (empty vector: zero page).
struct TestContract {
  ContractId id;
  std::vector<uint8_t> code;
  std::vector<uint8_t> owner;
  uint64_t memory_bytes = 0;
  std::map<uint64_t, std::vector<uint8_t>> pages;  // absent: zero
};

struct TestState {
  std::vector<TestContract> contracts;  // sorted by id
  std::vector<MerkleTree> page_trees;
  MerkleTree contract_tree;
  Root root;

  explicit TestState(std::vector<TestContract> list) : contracts(std::move(list)) {
    std::sort(contracts.begin(), contracts.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    LeafList contract_leaves;
    for (const TestContract& c : contracts) {
      LeafList page_leaves;
      for (const auto& [index, data] : c.pages) page_leaves.emplace_back(index, page_hash(data));
      page_trees.push_back(MerkleTree::build(depth_for(pages_for(c.memory_bytes)), page_leaves));
      const Hash leaf = contract_leaf(c.id, code_hash(c.code), owner_hash(c.owner), c.memory_bytes,
                                      page_trees.back().root());
      contract_leaves.emplace_back(contract_leaves.size(), leaf);
    }
    contract_tree = MerkleTree::build(depth_for(contracts.size()), contract_leaves);
    root.bytes = state_root(contracts.size(), contract_tree.root());
  }

  PageProof proof(size_t contract, uint64_t page) const {
    const TestContract& c = contracts[contract];
    PageProof p;
    p.contract = c.id;
    p.page = page;
    const auto it = c.pages.find(page);
    p.data = it != c.pages.end() ? it->second : Bytes(kStatePageBytes, 0);
    p.code_hash = code_hash(c.code);
    p.owner_hash = owner_hash(c.owner);
    p.memory_bytes = c.memory_bytes;
    p.page_path = page_trees[contract].path(page);
    p.contract_index = contract;
    p.contract_count = contracts.size();
    p.contract_path = contract_tree.path(contract);
    return p;
  }
};

TestState proof_state() {
  std::vector<uint8_t> ones(kStatePageBytes, 0xff);
  TestContract a{filled_id(1), bytes_of("code a"), bytes_of("alice"), 5 * kStatePageBytes,
                 {{0, patterned_page()}, {3, ones}}};
  TestContract b{filled_id(2), bytes_of("code b"), bytes_of("bob"), kStatePageBytes, {{0, ones}}};
  TestContract c{counting_id(), bytes_of("code c"), {}, 0, {}};
  TestContract d{filled_id(9), bytes_of("code d"), bytes_of("dave"), 2 * kStatePageBytes, {}};
  return TestState({a, b, c, d, TestContract{filled_id(7), bytes_of("e"), {}, 0, {}}});
}

TEST(PageProof, AcceptsEveryPageOfEveryContract) {
  const TestState s = proof_state();
  size_t checked = 0;
  for (size_t c = 0; c < s.contracts.size(); ++c) {
    for (uint64_t page = 0; page < pages_for(s.contracts[c].memory_bytes); ++page) {
      EXPECT_TRUE(verify_page_proof(s.root, s.proof(c, page))) << c << " " << page;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 8u);
}

TEST(PageProof, SingleContractSinglePage) {
  const TestState s({TestContract{filled_id(4), bytes_of("x"), bytes_of("o"), kStatePageBytes,
                                  {{0, patterned_page()}}}});
  const PageProof p = s.proof(0, 0);
  EXPECT_TRUE(p.page_path.empty());
  EXPECT_TRUE(p.contract_path.empty());
  EXPECT_TRUE(verify_page_proof(s.root, p));
}

// Index of the contract with pages 0 (patterned) and 3 (ones) in proof_state().
size_t contract_a(const TestState& s) {
  for (size_t i = 0; i < s.contracts.size(); ++i) {
    if (s.contracts[i].id == filled_id(1)) return i;
  }
  return 0;
}

TEST(PageProof, RejectsTamperedFields) {
  const TestState s = proof_state();
  const size_t a = contract_a(s);
  const PageProof good = s.proof(a, 3);
  ASSERT_TRUE(verify_page_proof(s.root, good));
  const auto rejects = [&](const char* what, auto change) {
    PageProof p = good;
    change(p);
    EXPECT_FALSE(verify_page_proof(s.root, p)) << what;
  };
  rejects("flipped data byte", [](PageProof& p) { p.data[1234] ^= 1; });
  rejects("zeroed page", [](PageProof& p) { p.data.assign(kStatePageBytes, 0); });
  rejects("wrong page", [](PageProof& p) { p.page = 2; });
  rejects("page past memory", [](PageProof& p) { p.page = 5; });
  rejects("wrong contract id", [](PageProof& p) { p.contract.bytes[0] ^= 0x80; });
  rejects("wrong code hash", [](PageProof& p) { p.code_hash[5] ^= 1; });
  rejects("wrong owner hash", [](PageProof& p) { p.owner_hash[31] ^= 1; });
  rejects("wrong memory_bytes, same depth", [](PageProof& p) { p.memory_bytes = 6 * kStatePageBytes; });
  rejects("wrong memory_bytes, other depth", [](PageProof& p) { p.memory_bytes = 9 * kStatePageBytes; });
  rejects("odd memory_bytes", [](PageProof& p) { p.memory_bytes = 5 * kStatePageBytes - 1; });
  rejects("huge memory_bytes", [](PageProof& p) { p.memory_bytes = std::numeric_limits<uint64_t>::max(); });
  rejects("truncated page path", [](PageProof& p) { p.page_path.pop_back(); });
  rejects("extended page path", [](PageProof& p) { p.page_path.push_back(Hash32{}); });
  rejects("changed page sibling", [](PageProof& p) { p.page_path[0][0] ^= 1; });
  rejects("truncated contract path", [](PageProof& p) { p.contract_path.pop_back(); });
  rejects("extended contract path", [](PageProof& p) { p.contract_path.push_back(Hash32{}); });
  rejects("changed contract sibling", [](PageProof& p) { p.contract_path[1][7] ^= 1; });
  rejects("wrong contract index", [&](PageProof& p) { p.contract_index = a ^ 1; });
  rejects("index == count", [](PageProof& p) { p.contract_index = p.contract_count; });
  rejects("index huge", [](PageProof& p) { p.contract_index = std::numeric_limits<uint64_t>::max(); });
  rejects("wrong count, same depth", [](PageProof& p) { p.contract_count = 6; });
  rejects("zero count", [](PageProof& p) { p.contract_count = 0; });
  rejects("huge count", [](PageProof& p) { p.contract_count = std::numeric_limits<uint64_t>::max(); });
  rejects("short data", [](PageProof& p) { p.data.pop_back(); });
  rejects("long data", [](PageProof& p) { p.data.push_back(0); });
  rejects("no data", [](PageProof& p) { p.data.clear(); });
  Root other = s.root;
  other.bytes[0] ^= 1;
  EXPECT_FALSE(verify_page_proof(other, good));
}

// Paths long enough for the claimed lengths, so only the hashing can reject them.
TEST(PageProof, HugeClaimsWithMatchingPathLengthsAreRejected) {
  const TestState s = proof_state();
  PageProof p = s.proof(contract_a(s), 0);
  p.memory_bytes = std::numeric_limits<uint64_t>::max();
  p.page_path.resize(depth_for(pages_for(p.memory_bytes)));
  EXPECT_FALSE(verify_page_proof(s.root, p));
  p = s.proof(contract_a(s), 0);
  p.contract_count = std::numeric_limits<uint64_t>::max();
  p.contract_index = p.contract_count - 1;
  p.contract_path.resize(64);
  EXPECT_FALSE(verify_page_proof(s.root, p));
  EXPECT_FALSE(verify_page_proof(Root{}, PageProof{}));
}

// A memory whose length is not whole pages commits its last page zero-padded.
TEST(PageProof, PartialLastPageMustBeZeroPadded) {
  std::vector<uint8_t> last(kStatePageBytes, 0);
  std::fill(last.begin(), last.begin() + 100, uint8_t{7});
  const TestState s({TestContract{filled_id(3), bytes_of("x"), {}, kStatePageBytes + 100,
                                  {{0, patterned_page()}, {1, last}}}});
  EXPECT_TRUE(verify_page_proof(s.root, s.proof(0, 0)));
  PageProof p = s.proof(0, 1);
  EXPECT_TRUE(verify_page_proof(s.root, p));
  p.data[100] = 1;
  EXPECT_FALSE(verify_page_proof(s.root, p));
}

TEST(PageProof, ProofsFollowAnUpdatedTree) {
  TestState s = proof_state();
  const size_t a = contract_a(s);
  PageProof old_proof = s.proof(a, 1);
  std::vector<uint8_t> fresh(kStatePageBytes, 0x5a);
  s.contracts[a].pages[1] = fresh;
  const TestState updated(s.contracts);
  EXPECT_TRUE(verify_page_proof(updated.root, updated.proof(a, 1)));
  EXPECT_FALSE(verify_page_proof(updated.root, old_proof));
  EXPECT_TRUE(verify_page_proof(s.root, old_proof));
  // Incrementally: set() on the contract's page tree gives the same pages root.
  MerkleTree pages = s.page_trees[a];
  pages.set(1, page_hash(fresh));
  EXPECT_EQ(pages.root(), updated.page_trees[a].root());
}

}  // namespace
}  // namespace shortcrust::state
