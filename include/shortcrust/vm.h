// The contract VM (ARCHITECTURE §6, §7): a VM holds the engine, the embedder's host
// queries and the commits (in a state directory, or in memory); a Session starts from a
// commit, deploys contracts and calls them with a gas limit through the argbuf ABI, with
// inter-contract calls, per-frame atomic revert, events and receipts, and commits its
// changes as a new commit named by its state root.
//
//   VM vm = VM::open("state").value();        // or VM::ephemeral()
//   Session s = vm.session();                 // from the latest commit
//   ContractId counter = s.deploy(bytes, {.owner = owner}, 1'000'000).value();
//   CallReceipt r = s.call(counter, "increment", {}, 10'000).value();
//   Root root = s.commit().value();
//
// Sessions never change a commit: each works on its own copy-on-write view of its base.
// They are movable between threads and run (and commit) concurrently.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "shortcrust/engine.h"
#include "shortcrust/result.h"

namespace shortcrust {

// A contract's 32-byte id: SHA-256(bytecode ‖ owner ‖ nonce as u64 LE) unless given.
struct ContractId {
  std::array<uint8_t, 32> bytes{};
  auto operator<=>(const ContractId&) const = default;
  std::string hex() const;
  static std::optional<ContractId> from_hex(std::string_view hex);
};

// A state root: the SHA-256 Merkle commitment to every contract's code, owner and memory
// (state/ROOT.md). A commit is named by its root.
struct Root {
  std::array<uint8_t, 32> bytes{};
  auto operator<=>(const Root&) const = default;
  std::string hex() const;
  static std::optional<Root> from_hex(std::string_view hex);
};

using Bytes = std::vector<uint8_t>;

struct Event {
  ContractId source;
  std::string topic;   // valid UTF-8
  Bytes data;
  bool reverted = false;  // emitted by a frame that failed later (ARCHITECTURE §6.4)
};

// One call frame of a receipt's call tree, in call order (pre-order); `depth` 0 is the
// top-level call and a frame's children follow it with depth + 1.
struct CallFrameInfo {
  ContractId contract;
  std::string function;
  uint32_t depth = 0;
  uint64_t gas_limit = 0;
  uint64_t gas_spent = 0;        // inclusive: the frame and everything it called
  uint64_t gas_exclusive = 0;    // what the frame spent itself
  uint64_t memory_bytes = 0;     // the contract's memory length when the frame ended
  bool reverted = false;         // it failed, or an ancestor did: nothing of it remains
};

struct CallReceipt {
  Bytes data;                    // the return bytes (argbuf[0..ret))
  uint64_t gas_spent = 0;
  uint64_t gas_limit = 0;
  std::vector<Event> events;
  std::vector<CallFrameInfo> call_tree;
  std::vector<std::string> debug;  // hdebug messages, when the VM enables them
};

// Why a deploy or call failed. Gas, events (all marked reverted) and the call tree are in
// `receipt` (its data is empty).
struct ContractError {
  enum class Kind : uint8_t {
    OutOfGas,
    Panic,                  // the contract called panic; message = its UTF-8 text
    ContractDoesNotExist,
    ContractAlreadyExists,  // deploy: the id is taken
    UnknownFunction,        // no such exported function
    InitNotCallable,        // `init` runs only at deploy
    InvalidModule,          // deploy: the module breaks a rule of ARCHITECTURE §6.1
    InvalidArgumentBuffer,  // argument or return length outside 0..65536
    InvalidUtf8,            // a topic or panic message that is not UTF-8
    MissingHostQuery,       // hq with a name nobody registered
    HostQueryFailed,        // the embedder's host query failed or threw
    Trap,                   // a WebAssembly trap or a bad pointer passed to an import
    StateUnreadable,        // a contract's committed code or pages could not be read
                            // (corrupt or missing file: the message names it)
  };
  Kind kind = Kind::Trap;
  std::string message;
  CallReceipt receipt;
  std::string describe() const;  // "panic: <message>"
};
const char* name(ContractError::Kind kind);

// A host query (`hq`): `price` sees the argument and returns its gas, charged before
// `run` executes; `run` gets the argbuf (64 KiB) holding `arg_len` argument bytes and
// returns the result length it wrote, or an error message. Either may throw: that is a
// HostQueryFailed error for the contract, never a host crash. Both must be deterministic.
struct HostQuery {
  std::function<uint64_t(std::span<const uint8_t> arg)> price;
  std::function<Result<uint32_t, std::string>(std::span<uint8_t> argbuf, uint32_t arg_len)> run;
};

struct VmConfig {
  Tier tier = Tier::Interp;
  Limits limits;           // of the engine; memory_pages also caps contract memories
  bool debug = false;      // record hdebug messages in receipts
};

// Why a state operation failed; the message names the file or commit concerned.
struct StateError {
  enum class Kind : uint8_t {
    Io,             // the state directory could not be read or written
    Corrupt,        // a state file is damaged, truncated or of another format version
    UnknownCommit,  // no commit with that root
    BadArgument,    // e.g. a page index beyond the contract's memory, a session in a call
  };
  Kind kind = Kind::Io;
  std::string message;
};

struct CommitInfo {
  Root root;
  std::optional<Root> base;   // stored as changes over this commit; none: a full snapshot
  uint64_t sequence = 0;      // commits of a VM are numbered in the order they were made
  uint64_t contracts = 0;
};

struct ContractInfo {
  ContractId id;
  std::array<uint8_t, 32> code_hash{};   // SHA-256 of the bytecode
  Bytes owner;
  uint64_t memory_bytes = 0;
  uint64_t nonzero_pages = 0;            // stored 64 KiB pages (all-zero pages are not)
};

struct PageProof;  // shortcrust/state_proof.h

struct DeployOptions {
  Bytes owner;                           // opaque bytes (any length up to 64 KiB)
  std::optional<Bytes> init_arg;         // calls `init` with it when given
  std::optional<ContractId> contract_id; // instead of the derived id
  uint64_t nonce = 0;
};

struct SessionOptions {
  std::map<std::string, Bytes> metadata;  // what `hd` returns by name
};

class Session;

class VM {
 public:
  // Commits kept in memory, gone with the VM.
  static VM ephemeral(VmConfig config = {});
  // The state directory `dir` (created if missing): every commit in it is loaded and
  // checked against its root; leftovers of an interrupted commit are removed.
  static Result<VM, StateError> open(const std::string& dir, VmConfig config = {});
  ~VM();
  VM(VM&&) noexcept;
  VM& operator=(VM&&) noexcept;

  // Register host queries before opening sessions that use them.
  void register_host_query(std::string name, HostQuery query);
  // A session from the latest commit (the empty state when there is none).
  Session session(SessionOptions options = {}) const;
  Result<Session, StateError> session_at(const Root& base, SessionOptions options = {}) const;
  const Engine& engine() const;

  std::vector<CommitInfo> commits() const;          // in sequence order
  std::optional<Root> latest_commit() const;
  // Removes a commit. Commits stored as changes over it are rewritten first; sessions
  // started from it keep working (its pages are freed when the last one ends).
  Result<void, StateError> delete_commit(const Root& root);
  // Rewrites a commit as a full snapshot, so it no longer depends on the commits before it.
  Result<void, StateError> finalize_commit(const Root& root);
  Result<std::vector<ContractInfo>, StateError> contracts(const Root& root) const;
  // Reads every code and page file of the commit and recomputes its root.
  Result<void, StateError> verify_commit(const Root& root) const;

  struct Impl;

 private:
  explicit VM(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

class Session {
 public:
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;

  Result<ContractId, ContractError> deploy(std::span<const uint8_t> bytecode, const DeployOptions& options,
                                           uint64_t gas_limit);
  Result<CallReceipt, ContractError> call(const ContractId& contract, std::string_view function,
                                          std::span<const uint8_t> arg, uint64_t gas_limit);
  // A call whose `feed` import streams bytes to `sink` as the contract produces them.
  Result<CallReceipt, ContractError> feeder_call(const ContractId& contract, std::string_view function,
                                                 std::span<const uint8_t> arg, uint64_t gas_limit,
                                                 std::function<void(std::span<const uint8_t>)> sink);
  // Replaces `contract`'s code with `bytecode` (checked like a deploy), keeping its id,
  // owner and memory, then runs `migration` (which may call the new code); if the closure
  // fails, the old code is restored and its error returned.
  Result<void, ContractError> migrate(const ContractId& contract, std::span<const uint8_t> bytecode,
                                      const std::function<Result<void, ContractError>(Session&)>& migration);

  bool contract_exists(const ContractId& contract) const;
  // The contract's linear memory as it is now (empty if it does not exist or cannot be
  // read).
  std::span<const uint8_t> memory(const ContractId& contract) const;

  // The root of the session's state as it is now: what commit() would return.
  Root root() const;
  // Writes the session's changes as a commit over its base and continues from it. With
  // no changes nothing is written and the base's root is returned.
  Result<Root, StateError> commit();
  // The commit the session started from or last committed (none: the empty state).
  std::optional<Root> base() const;
  // Page `page` of `contract` as it is now, with its path to root().
  Result<PageProof, StateError> page_proof(const ContractId& contract, uint64_t page) const;

  struct Impl;

 private:
  friend class VM;
  explicit Session(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace shortcrust
