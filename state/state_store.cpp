// StateStore: commits written, loaded, deleted, finalized; objects collected.
#include "state/state_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <system_error>

#include "state/disk_files.h"
#include "state/manifest.h"

namespace shortcrust::state {

namespace fs = std::filesystem;

namespace {

StateError io_error(std::string message) { return StateError{StateError::Kind::Io, std::move(message)}; }
StateError corrupt(std::string message) { return StateError{StateError::Kind::Corrupt, std::move(message)}; }

CommitInfo info_of(const CommitState& state) {
  return CommitInfo{state.root, state.base, state.sequence, state.contracts.size()};
}

constexpr std::string_view kManifestSuffix = ".manifest";
constexpr std::string_view kFormatPayload = "shortcrust state directory";

}  // namespace

StateStore::StateStore(std::unique_ptr<ObjectStore> objects, std::optional<fs::path> dir)
    : objects_(std::move(objects)), dir_(std::move(dir)) {}

StateStore::~StateStore() {
  if (lock_fd_ >= 0) close(lock_fd_);  // releases the flock
}

std::shared_ptr<StateStore> StateStore::in_memory() {
  return std::shared_ptr<StateStore>(new StateStore(memory_object_store(), std::nullopt));
}

Result<std::shared_ptr<StateStore>, StateError> StateStore::open_directory(const fs::path& dir) {
  std::error_code ec;
  for (const char* sub : {"commits", "pages", "code"}) {
    fs::create_directories(dir / sub, ec);
    if (ec) return io_error(dir.string() + ": cannot create " + sub + "/: " + ec.message());
  }
  const fs::path lock = dir / "LOCK";
  const int lock_fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0) return io_error(lock.string() + ": " + std::strerror(errno));
  if (flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    close(lock_fd);
    return io_error(dir.string() + (error == EWOULDBLOCK ? " is in use by another VM (its LOCK is held)"
                                                          : ": cannot lock: " + std::string(std::strerror(error))));
  }
  std::shared_ptr<StateStore> store(new StateStore(directory_object_store(dir), dir));
  store->lock_fd_ = lock_fd;
  const fs::path format = dir / "FORMAT";
  const std::span<const uint8_t> payload(reinterpret_cast<const uint8_t*>(kFormatPayload.data()),
                                         kFormatPayload.size());
  if (!fs::exists(format, ec)) {
    if (auto written = write_file_atomic(format, FileKind::Format, payload); !written.ok()) {
      return io_error(written.error());
    }
  } else if (auto read = read_file_checked(format, FileKind::Format); !read.ok()) {
    return state_error(read.error());
  }
  remove_temporaries(dir);  // safe: the lock keeps every other writer out
  SC_TRY_VOID(store->load());
  return store;
}

// Every manifest, in sequence order, applied over its base and checked against its root.
Result<void, StateError> StateStore::load() {
  std::vector<std::pair<fs::path, Manifest>> manifests;
  std::error_code ec;
  for (const auto& file : fs::directory_iterator(*dir_ / "commits", ec)) {
    const fs::path& path = file.path();
    if (path.extension() != kManifestSuffix) continue;
    auto bytes = read_file_checked(path, FileKind::Manifest);
    if (!bytes.ok()) return state_error(bytes.error());
    auto manifest = decode_manifest(bytes.value());
    if (!manifest.ok()) return corrupt(path.string() + ": " + manifest.error());
    Root root;
    root.bytes = manifest.value().root;
    if (path.stem().string() != root.hex()) return corrupt(path.string() + ": names another root");
    manifests.emplace_back(path, std::move(manifest).value());
  }
  if (ec) return io_error((*dir_ / "commits").string() + ": " + ec.message());
  std::sort(manifests.begin(), manifests.end(),
            [](const auto& a, const auto& b) { return a.second.sequence < b.second.sequence; });
  for (auto& [path, manifest] : manifests) {
    StatePtr base = empty_state();
    std::optional<Root> base_root;
    if (manifest.base) {
      base_root = Root{*manifest.base};
      const auto it = commits_.find(*base_root);
      if (it == commits_.end()) return corrupt(path.string() + ": its base commit " + base_root->hex() + " is missing");
      base = it->second;
    }
    auto state = std::make_shared<CommitState>(apply_delta(*base, manifest.contracts));
    if (state->root.bytes != manifest.root) return corrupt(path.string() + ": its contents do not hash to its root");
    state->base = base_root;
    state->sequence = manifest.sequence;
    next_sequence_ = std::max(next_sequence_, manifest.sequence + 1);
    commits_.emplace(state->root, std::move(state));
  }
  std::lock_guard lock(mutex_);
  collect_locked();  // objects of commits that were interrupted before their manifest
  return {};
}

StatePtr StateStore::latest() const {
  std::lock_guard lock(mutex_);
  StatePtr best = empty_state();
  for (const auto& [root, state] : commits_) {
    if (best == empty_state() || state->sequence > best->sequence) best = state;
  }
  return best;
}

Result<StatePtr, StateError> StateStore::get(const Root& root) const {
  std::lock_guard lock(mutex_);
  const auto it = commits_.find(root);
  if (it == commits_.end()) return StateError{StateError::Kind::UnknownCommit, "no commit " + root.hex()};
  return it->second;
}

std::vector<CommitInfo> StateStore::commits() const {
  std::vector<CommitInfo> out;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [root, state] : commits_) out.push_back(info_of(*state));
  }
  std::sort(out.begin(), out.end(), [](const CommitInfo& a, const CommitInfo& b) { return a.sequence < b.sequence; });
  return out;
}

fs::path StateStore::manifest_path(const Root& root) const {
  return *dir_ / "commits" / (root.hex() + std::string(kManifestSuffix));
}

Result<void, StateError> StateStore::write_manifest(const CommitState& state) const {
  if (!dir_) return {};
  Manifest manifest{state.root.bytes, std::nullopt, state.sequence, state.delta};
  if (state.base) manifest.base = state.base->bytes;
  const Bytes bytes = encode_manifest(manifest);
  if (auto written = write_file_atomic(manifest_path(state.root), FileKind::Manifest, bytes); !written.ok()) {
    return io_error(written.error());
  }
  return {};
}

Result<StatePtr, StateError> StateStore::commit(CommitDraft draft) {
  CommitState& next = *draft.next;
  {
    std::lock_guard lock(mutex_);
    if (const auto it = commits_.find(next.root); it != commits_.end()) return it->second;
    ++in_flight_;
  }
  // Objects first (outside the lock: sessions commit concurrently), the manifest last.
  auto store_objects = [&]() -> Result<void, StateError> {
    for (const auto& [hash, bytes] : draft.code) {
      if (auto put = objects_->put_code(hash, bytes); !put.ok()) return io_error(put.error());
    }
    if (auto put = objects_->put_pages(draft.pages); !put.ok()) return io_error(put.error());
    return {};
  };
  Result<void, StateError> stored = store_objects();
  std::lock_guard lock(mutex_);
  struct Finish {
    StateStore& store;
    ~Finish() { store.finish_commit_locked(); }
  } finish{*this};
  SC_TRY_VOID(stored);
  if (const auto it = commits_.find(next.root); it != commits_.end()) return it->second;
  // Stored as changes over the base while it is a commit; a session whose base was
  // deleted in the meantime writes a full snapshot instead.
  if (draft.base != empty_state() && commits_.contains(draft.base->root)) {
    next.base = draft.base->root;
  } else {
    next.base.reset();
    if (draft.base != empty_state()) next.delta = full_delta(next);
  }
  next.sequence = next_sequence_++;
  SC_TRY_VOID(write_manifest(next));
  StatePtr state = std::move(draft.next);
  commits_.emplace(state->root, state);
  return state;
}

void StateStore::finish_commit_locked() {
  --in_flight_;
  if (in_flight_ == 0 && collect_pending_) collect_locked();
}

Result<void, StateError> StateStore::remove(const Root& root) {
  std::lock_guard lock(mutex_);
  const auto it = commits_.find(root);
  if (it == commits_.end()) return StateError{StateError::Kind::UnknownCommit, "no commit " + root.hex()};
  StatePtr removed = it->second;
  // Children stored over it are rewritten over its base first, so a crash in between
  // leaves both readable.
  for (auto& [child_root, child] : commits_) {
    if (child->base != root) continue;
    auto rebased = std::make_shared<CommitState>(*child);
    rebased->base = removed->base;
    rebased->delta = merge_deltas(removed->delta, child->delta);
    SC_TRY_VOID(write_manifest(*rebased));
    retired_.push_back(child);  // sessions may hold the old object: collection must see it
    child = std::move(rebased);
  }
  if (dir_) {
    if (auto gone = remove_file_durably(manifest_path(root)); !gone.ok()) return io_error(gone.error());
  }
  commits_.erase(it);
  retired_.push_back(removed);
  removed.reset();  // else its pages would survive this collection and cost the next one
  collect_locked();
  return {};
}

Result<void, StateError> StateStore::finalize(const Root& root) {
  std::lock_guard lock(mutex_);
  const auto it = commits_.find(root);
  if (it == commits_.end()) return StateError{StateError::Kind::UnknownCommit, "no commit " + root.hex()};
  if (!it->second->base) return {};
  auto full = std::make_shared<CommitState>(*it->second);
  full->base.reset();
  full->delta = full_delta(*full);
  SC_TRY_VOID(write_manifest(*full));
  retired_.push_back(it->second);  // sessions may hold the old object: collection must see it
  it->second = std::move(full);
  return {};
}

void StateStore::release(StatePtr state) {
  state.reset();
  std::lock_guard lock(mutex_);
  const bool freed = std::any_of(retired_.begin(), retired_.end(), [](const auto& weak) { return weak.expired(); });
  if (freed) collect_locked();
}

// Marks every page and code object of the commits and of deleted commits that sessions
// still use, and removes the rest. Waits while commits are writing objects.
void StateStore::collect_locked() {
  if (in_flight_ > 0) {
    collect_pending_ = true;
    return;
  }
  collect_pending_ = false;
  std::erase_if(retired_, [](const auto& weak) { return weak.expired(); });
  std::vector<StatePtr> live;
  for (const auto& [root, state] : commits_) live.push_back(state);
  for (const auto& weak : retired_) {
    if (StatePtr state = weak.lock()) live.push_back(std::move(state));
  }
  std::set<const ContractRecord*> seen;
  std::set<Hash> pages;
  std::set<Hash> code;
  for (const StatePtr& state : live) {
    for (const auto& [id, record] : state->contracts) {
      if (!seen.insert(record.get()).second) continue;
      code.insert(record->code_hash);
      record->pages.for_each_leaf([&](uint64_t, const Hash& hash) { pages.insert(hash); });
    }
  }
  objects_->collect(pages, code);
}

}  // namespace shortcrust::state
