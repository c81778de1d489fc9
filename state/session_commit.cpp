// A session's state as a commit: the draft (dirty pages hashed into copies of the
// committed page trees), Session::root, Session::commit and page proofs.
#include <algorithm>

#include "runtime/objects.h"
#include "runtime/write_journal.h"
#include "shortcrust/state_proof.h"
#include "state/session_impl.h"
#include "state/state_store.h"

namespace shortcrust {

namespace state {

namespace {

// Pages whose contents may differ from the committed ones: all of a fresh contract's
// (its data segments were written outside any frame), else those the barrier stamped.
std::vector<uint64_t> candidate_pages(const LiveContract& live) {
  if (!live.fresh) return runtime::dirty_pages(*live.memory);
  std::vector<uint64_t> all(live.memory->size / kPageSize);
  for (uint64_t i = 0; i < all.size(); ++i) all[i] = i;
  return all;
}

}  // namespace

CommitDraft SessionState::draft() const {
  CommitDraft draft;
  draft.base = base;
  draft.next = std::make_shared<CommitState>();
  std::vector<RecordPtr> changed;
  std::vector<ManifestContract> delta;
  for (const auto& [id, live] : contracts) {
    const ContractRecord* old = live->committed.get();
    const uint64_t bytes = live->memory->size;
    MerkleTree pages = old != nullptr ? old->pages : MerkleTree();
    const unsigned depth = depth_for(bytes / kPageSize);
    if (pages.depth() < depth) pages.grow_to(depth);
    std::vector<std::pair<uint64_t, Hash>> updates;
    for (uint64_t page : candidate_pages(*live)) {
      const std::span<const uint8_t> data(live->memory->base + page * kPageSize, kPageSize);
      const Hash hash = page_hash(data);
      if (hash == pages.leaf(page)) continue;
      updates.emplace_back(page, hash);
      if (hash != empty_subtree(0)) draft.pages.emplace_back(hash, data);
    }
    const bool same_code = old != nullptr && old->code_hash == live->code_hash;
    if (old != nullptr && same_code && updates.empty() && bytes == old->memory_bytes) continue;
    pages.set_many(updates);
    changed.push_back(make_record(id, live->code_hash, live->owner, bytes, std::move(pages)));
    if (!same_code && live->code) draft.code.emplace_back(live->code_hash, *live->code);
    ManifestContract entry{id, live->code_hash, live->owner, bytes, {}};
    entry.pages.reserve(updates.size());
    for (const auto& [page, hash] : updates) entry.pages.push_back({page, hash});
    delta.push_back(std::move(entry));
  }
  set_contracts(*base, changed, *draft.next);
  draft.next->delta = std::move(delta);
  return draft;
}

}  // namespace state

Root Session::root() const { return impl_->draft().next->root; }

std::optional<Root> Session::base() const {
  if (impl_->base == state::empty_state()) return std::nullopt;
  return impl_->base->root;
}

Result<Root, StateError> Session::commit() {
  Impl& s = *impl_;
  if (!s.frames.empty()) return StateError{StateError::Kind::BadArgument, "commit during a contract call"};
  state::CommitDraft draft = s.draft();
  const Root root = draft.next->root;
  if (root == s.base->root) return root;
  SC_TRY(state::StatePtr committed, s.states->commit(std::move(draft)));
  s.states->release(std::exchange(s.base, committed));
  for (auto& [id, live] : s.contracts) {
    live->committed = committed->contracts.at(id);
    live->code.reset();
    live->fresh = false;
    runtime::clear_dirty(*live->memory);
  }
  return root;
}

Result<PageProof, StateError> Session::page_proof(const ContractId& contract, uint64_t page) const {
  using Kind = StateError::Kind;
  const Impl& s = *impl_;
  const state::CommitDraft draft = s.draft();
  const state::CommitState& now = *draft.next;
  const auto it = now.contracts.find(contract);
  if (it == now.contracts.end()) return StateError{Kind::BadArgument, "no contract " + contract.hex()};
  const state::ContractRecord& record = *it->second;
  if (page >= record.memory_bytes / kPageSize) {
    return StateError{Kind::BadArgument, "page " + std::to_string(page) + " is beyond the memory of contract " +
                                             contract.hex()};
  }
  PageProof proof;
  proof.contract = contract;
  proof.page = page;
  proof.code_hash = record.code_hash;
  proof.owner_hash = record.owner_hash;
  proof.memory_bytes = record.memory_bytes;
  proof.page_path = record.pages.path(page);
  proof.contract_index = static_cast<uint64_t>(std::distance(now.contracts.begin(), it));
  proof.contract_count = now.contracts.size();
  proof.contract_path = now.contract_tree.path(proof.contract_index);
  if (const auto live = s.contracts.find(contract); live != s.contracts.end()) {
    const uint8_t* data = live->second->memory->base + page * kPageSize;
    proof.data.assign(data, data + kPageSize);
  } else if (const state::Hash hash = record.pages.leaf(page); hash == state::empty_subtree(0)) {
    proof.data.assign(kPageSize, 0);
  } else {
    auto data = s.states->objects().read_page(hash);
    if (!data.ok()) return state::state_error(data.error());
    proof.data = std::move(data).value();
  }
  return proof;
}

}  // namespace shortcrust
