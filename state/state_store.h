// StateStore: a VM's commits — the registry of CommitStates by root, their manifests in
// the state directory (commits/<root hex>.manifest) and the ObjectStore of their pages
// and code. Writing a commit, deleting and finalizing one, loading a directory at open,
// and collecting objects no commit (nor any live session) needs. Thread-safe.
//
// Crash safety: every file is written under a temporary name, fsynced and renamed
// (state/disk_files.h), and a commit's manifest is written only after all its pages and
// code are durable: a commit exists exactly when its manifest does.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "shortcrust/vm.h"
#include "state/commit_state.h"
#include "state/object_store.h"

namespace shortcrust::state {

// What a session hands to StateStore::commit: the next state (root, contracts, trees and
// its delta over `base` filled in) and the bytes of its new pages and code.
struct CommitDraft {
  StatePtr base;
  std::shared_ptr<CommitState> next;
  std::vector<std::pair<Hash, std::span<const uint8_t>>> pages;
  std::vector<std::pair<Hash, std::span<const uint8_t>>> code;
};

class StateStore {
 public:
  // One StateStore per directory at a time, across processes too (an flock on DIR/LOCK,
  // held until the store and every session using it are gone).
  static Result<std::shared_ptr<StateStore>, StateError> open_directory(const std::filesystem::path& dir);
  static std::shared_ptr<StateStore> in_memory();
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  StatePtr latest() const;  // the highest sequence, or the empty state
  Result<StatePtr, StateError> get(const Root& root) const;
  std::vector<CommitInfo> commits() const;
  ObjectStore& objects() const { return *objects_; }

  // Stores the draft's objects and manifest; the new commit (or the existing one with
  // the same root).
  Result<StatePtr, StateError> commit(CommitDraft draft);
  Result<void, StateError> remove(const Root& root);
  Result<void, StateError> finalize(const Root& root);
  // A session let go of `state`: objects only deleted commits needed may go now.
  void release(StatePtr state);

 private:
  StateStore(std::unique_ptr<ObjectStore> objects, std::optional<std::filesystem::path> dir);
  Result<void, StateError> load();
  Result<void, StateError> write_manifest(const CommitState& state) const;
  std::filesystem::path manifest_path(const Root& root) const;
  void collect_locked();
  void finish_commit_locked();

  std::unique_ptr<ObjectStore> objects_;
  std::optional<std::filesystem::path> dir_;  // none: in memory
  int lock_fd_ = -1;

  mutable std::mutex mutex_;
  std::map<Root, StatePtr> commits_;
  std::vector<std::weak_ptr<const CommitState>> retired_;  // deleted, maybe still in use
  uint64_t next_sequence_ = 1;
  int in_flight_ = 0;        // commits writing objects: collection waits for them
  bool collect_pending_ = false;
};

}  // namespace shortcrust::state
