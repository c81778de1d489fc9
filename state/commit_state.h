// CommitState: one commit held in memory — every contract's record (code hash, owner,
// memory length, the Merkle tree of its pages) and the root over them. Immutable once
// built and shared by every session started from it; the next commit copies the record
// map and shares the unchanged records and tree nodes (state/ROOT.md has the layout).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "shortcrust/vm.h"
#include "state/manifest.h"
#include "state/merkle.h"

namespace shortcrust::state {

struct ContractRecord {
  ContractId id;
  Hash code_hash{};
  Bytes owner;
  Hash owner_hash{};
  uint64_t memory_bytes = 0;
  MerkleTree pages;   // depth depth_for(memory_bytes / 65536)
  Hash leaf{};        // contract_leaf() of the fields above
};
using RecordPtr = std::shared_ptr<const ContractRecord>;

// A record with `leaf` computed and its page tree deep enough for its memory.
RecordPtr make_record(ContractId id, const Hash& code_hash, Bytes owner, uint64_t memory_bytes, MerkleTree pages);

struct CommitState {
  Root root;
  std::optional<Root> base;   // of the manifest on disk (none: a full snapshot)
  uint64_t sequence = 0;
  std::map<ContractId, RecordPtr> contracts;
  MerkleTree contract_tree;   // the contracts' leaves in id order
  // What the manifest stores: the changes over `base`, or everything when full.
  std::vector<ManifestContract> delta;
};
using StatePtr = std::shared_ptr<const CommitState>;

// The state with no contracts (not a commit: its root is state_root(0, zero)).
StatePtr empty_state();

// `base`'s contracts with `changed` records put in (new ids added); the contract tree is
// updated along the changed leaves only when no contract was added, else rebuilt.
void set_contracts(const CommitState& base, std::span<const RecordPtr> changed, CommitState& next);

// `base` with a manifest's changes applied (pages set, trees grown, leaves and root
// recomputed). The caller compares the result's root with the manifest's.
CommitState apply_delta(const CommitState& base, std::span<const ManifestContract> delta);

// Every contract and non-zero page of `state`: the manifest of a full snapshot.
std::vector<ManifestContract> full_delta(const CommitState& state);

// `parent`'s delta with `child`'s over it (the child's entries win, its pages override):
// the child's changes relative to the parent's base.
std::vector<ManifestContract> merge_deltas(std::span<const ManifestContract> parent,
                                           std::span<const ManifestContract> child);

}  // namespace shortcrust::state
