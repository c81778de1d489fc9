// CommitState construction: records, the contracts tree, deltas applied and merged.
#include "state/commit_state.h"

#include <algorithm>

namespace shortcrust::state {

namespace {

uint64_t pages_of(uint64_t memory_bytes) { return memory_bytes / kStatePageBytes; }

void finish_root(CommitState& state) {
  state.root.bytes = state_root(state.contracts.size(), state.contract_tree.root());
}

}  // namespace

RecordPtr make_record(ContractId id, const Hash& code_hash, Bytes owner, uint64_t memory_bytes, MerkleTree pages) {
  auto record = std::make_shared<ContractRecord>();
  record->id = id;
  record->code_hash = code_hash;
  record->owner_hash = owner_hash(owner);
  record->owner = std::move(owner);
  record->memory_bytes = memory_bytes;
  const unsigned depth = depth_for(pages_of(memory_bytes));
  if (pages.depth() < depth) pages.grow_to(depth);
  record->pages = std::move(pages);
  record->leaf = contract_leaf(id, code_hash, record->owner_hash, memory_bytes, record->pages.root());
  return record;
}

StatePtr empty_state() {
  static const StatePtr empty = [] {
    auto state = std::make_shared<CommitState>();
    finish_root(*state);
    return state;
  }();
  return empty;
}

void set_contracts(const CommitState& base, std::span<const RecordPtr> changed, CommitState& next) {
  next.contracts = base.contracts;
  bool added = false;
  for (const RecordPtr& record : changed) {
    auto [it, inserted] = next.contracts.insert_or_assign(record->id, record);
    added |= inserted;
  }
  if (added) {
    // Positions moved: rebuild from every leaf (contracts are few next to pages).
    std::vector<std::pair<uint64_t, Hash>> leaves;
    leaves.reserve(next.contracts.size());
    for (const auto& [id, record] : next.contracts) leaves.emplace_back(leaves.size(), record->leaf);
    next.contract_tree = MerkleTree::build(depth_for(next.contracts.size()), leaves);
  } else {
    // Same ids, same positions: rehash only the changed leaves' paths.
    next.contract_tree = base.contract_tree;
    std::vector<std::pair<uint64_t, Hash>> updates;
    uint64_t position = 0;
    size_t c = 0;
    std::vector<RecordPtr> sorted(changed.begin(), changed.end());
    std::sort(sorted.begin(), sorted.end(), [](const RecordPtr& a, const RecordPtr& b) { return a->id < b->id; });
    for (const auto& [id, record] : next.contracts) {
      while (c < sorted.size() && sorted[c]->id < id) ++c;
      if (c < sorted.size() && sorted[c]->id == id) updates.emplace_back(position, record->leaf);
      ++position;
    }
    next.contract_tree.set_many(updates);
  }
  finish_root(next);
}

CommitState apply_delta(const CommitState& base, std::span<const ManifestContract> delta) {
  std::vector<RecordPtr> changed;
  changed.reserve(delta.size());
  for (const ManifestContract& entry : delta) {
    const auto it = base.contracts.find(entry.id);
    MerkleTree pages = it == base.contracts.end() ? MerkleTree() : it->second->pages;
    const unsigned depth = depth_for(pages_of(entry.memory_bytes));
    if (pages.depth() < depth) pages.grow_to(depth);
    std::vector<std::pair<uint64_t, Hash>> leaves;
    leaves.reserve(entry.pages.size());
    for (const ManifestPage& page : entry.pages) leaves.emplace_back(page.index, page.hash);
    pages.set_many(leaves);
    changed.push_back(make_record(entry.id, entry.code_hash, entry.owner, entry.memory_bytes, std::move(pages)));
  }
  CommitState next;
  set_contracts(base, changed, next);
  next.delta.assign(delta.begin(), delta.end());
  return next;
}

std::vector<ManifestContract> full_delta(const CommitState& state) {
  std::vector<ManifestContract> out;
  out.reserve(state.contracts.size());
  for (const auto& [id, record] : state.contracts) {
    ManifestContract entry{id, record->code_hash, record->owner, record->memory_bytes, {}};
    entry.pages.reserve(record->pages.nonzero_leaves());
    record->pages.for_each_leaf([&](uint64_t index, const Hash& hash) { entry.pages.push_back({index, hash}); });
    out.push_back(std::move(entry));
  }
  return out;
}

std::vector<ManifestContract> merge_deltas(std::span<const ManifestContract> parent,
                                           std::span<const ManifestContract> child) {
  std::vector<ManifestContract> out;
  out.reserve(parent.size() + child.size());
  size_t p = 0;
  size_t c = 0;
  while (p < parent.size() || c < child.size()) {
    if (c == child.size() || (p < parent.size() && parent[p].id < child[c].id)) {
      out.push_back(parent[p++]);
    } else if (p == parent.size() || child[c].id < parent[p].id) {
      out.push_back(child[c++]);
    } else {
      // Both changed it: the child's fields, the union of pages with the child's winning.
      ManifestContract merged = child[c];
      merged.pages.clear();
      const auto& a = parent[p].pages;
      const auto& b = child[c].pages;
      size_t i = 0;
      size_t j = 0;
      while (i < a.size() || j < b.size()) {
        if (j == b.size() || (i < a.size() && a[i].index < b[j].index)) merged.pages.push_back(a[i++]);
        else if (i == a.size() || b[j].index < a[i].index) merged.pages.push_back(b[j++]);
        else {
          merged.pages.push_back(b[j++]);
          ++i;
        }
      }
      out.push_back(std::move(merged));
      ++p;
      ++c;
    }
  }
  return out;
}

}  // namespace shortcrust::state
