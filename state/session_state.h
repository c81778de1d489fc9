// SessionState: everything a Session owns — the commit it started from, its Store with
// the contracts it has loaded or deployed (live), the write journal, the stack of active
// call frames and what the running top-level call has produced so far (events, call
// tree, debug messages). Host imports reach it through the closures that
// define_host_imports() creates.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "runtime/instance_snapshot.h"
#include "runtime/write_journal.h"
#include "shortcrust/linker.h"
#include "shortcrust/store.h"
#include "shortcrust/vm.h"
#include "state/commit_state.h"
#include "state/contract_rules.h"
#include "state/host_imports.h"

namespace shortcrust::state {

struct VmState;
class StateStore;
struct CommitDraft;

// A contract instantiated in this session (deployed here, or loaded from the base commit
// on first use) and reused by every call.
struct LiveContract {
  ContractId id;
  Bytes owner;
  ContractLayout layout;
  Instance instance;                  // its module is the contract's code
  runtime::MemoryObject* memory = nullptr;
  runtime::InstanceSnapshot initial;  // globals and tables right after instantiation
  uint64_t generation = 0;            // the top-level call that last reset it
  Hash code_hash{};
  std::shared_ptr<const Bytes> code;  // the bytecode, until a commit has stored it
  RecordPtr committed;                // its record in the session's base (null: new)
  bool fresh = false;                 // deployed since the last commit: hash every page

  std::span<uint8_t> argbuf() const;  // empty when the memory is too small to hold it
};

struct ActiveFrame {
  LiveContract* contract = nullptr;
  uint64_t gas_limit = 0;
  size_t first_event = 0;
  size_t tree_index = 0;
  std::vector<uint64_t> globals;  // the callee's globals before the frame, for a revert
};

// How a frame ended.
struct FrameResult {
  std::optional<ContractError> error;  // the receipt part is filled by the top level
  uint32_t ret_len = 0;                // bytes returned in the argbuf (success)
  uint64_t gas_spent = 0;              // what the caller must be charged
  bool ran = false;                    // false: refused before any code ran
};

struct SessionState {
  SessionState(std::shared_ptr<const VmState> vm_state, std::shared_ptr<StateStore> state_store, StatePtr base_state,
               SessionOptions options);
  ~SessionState();
  SessionState(const SessionState&) = delete;
  SessionState& operator=(const SessionState&) = delete;

  std::shared_ptr<const VmState> vm;
  std::shared_ptr<StateStore> states;
  StatePtr base;
  Store store;
  HostFunctions host;
  runtime::WriteJournal journal;
  std::map<ContractId, std::unique_ptr<LiveContract>> contracts;
  std::map<std::string, Bytes> metadata;

  // The running top-level call.
  uint64_t generation = 0;
  std::vector<ActiveFrame> frames;
  std::vector<Event> events;
  std::vector<CallFrameInfo> tree;
  std::vector<std::string> debug;
  std::optional<ContractError> pending;  // set by a host import that fails its frame
  std::function<void(std::span<const uint8_t>)> feeder;  // during feeder_call only
  bool deploying = false;                // a deploy's `init` may run as the top frame
  // A committed contract could not be loaded during the call: every frame up to the top
  // fails with it (a corrupt state must not look like a contract's failure).
  std::optional<ContractError> fatal;

  LiveContract* find(const ContractId& id);
  // The live contract, loaded from the base commit on first use; null when no such
  // contract exists; StateUnreadable when its code or pages cannot be read.
  Result<LiveContract*, ContractError> find_or_load(const ContractId& id);
  bool exists(const ContractId& id) const;
  const Bytes* owner_of(const ContractId& id) const;
  // The session's state as a commit over `base` (state/session_commit.cpp).
  CommitDraft draft() const;
  // Runs `function` of `contract` as a new frame with `arg` as its argument and at most
  // `gas_limit` gas; reverts everything the frame did if it fails.
  FrameResult run_frame(LiveContract& contract, std::string_view function, std::span<const uint8_t> arg,
                        uint64_t gas_limit);
};

// Fills CallFrameInfo::gas_exclusive from the inclusive spends of a pre-order tree.
void fill_exclusive_gas(std::vector<CallFrameInfo>& tree);

}  // namespace shortcrust::state
