// The contract VM (ARCHITECTURE §6): a VM holds the engine and the embedder's host
// queries; a Session deploys contracts and calls them with a gas limit through the
// argbuf ABI, with inter-contract calls, per-frame atomic revert, events and receipts.
//
//   VM vm = VM::ephemeral();
//   Session s = vm.session();
//   ContractId counter = s.deploy(bytes, {.owner = owner}, 1'000'000).value();
//   CallReceipt r = s.call(counter, "increment", {}, 10'000).value();
//
// Sessions are independent (each owns its contracts' live state), movable between
// threads, and run concurrently. State persists for the life of a session; commits to a
// state directory are the next step (state/README.md).
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
  static VM ephemeral(VmConfig config = {});
  ~VM();
  VM(VM&&) noexcept;
  VM& operator=(VM&&) noexcept;

  // Register host queries before opening sessions that use them.
  void register_host_query(std::string name, HostQuery query);
  Session session(SessionOptions options = {}) const;
  const Engine& engine() const;

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
  // The contract's linear memory as it is now (empty if it does not exist).
  std::span<const uint8_t> memory(const ContractId& contract) const;

  struct Impl;

 private:
  friend class VM;
  explicit Session(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace shortcrust
