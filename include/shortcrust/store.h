// Store and the runtime objects it owns: functions, memories, tables, globals and
// instances. Handles (Func, Memory, Table, Global, Instance) are cheap pointers into one
// Store; they stay valid as long as that Store lives and must not be mixed across Stores.
// A Store is used by one thread at a time (move it between threads freely).
//
//   Store ──owns──> Instance ──refers to──> Func / Memory / Table / Global (own or imported)
//     └── call(func, args, {gas_limit}) -> CallOutcome {results | trap, gas_used}
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "shortcrust/engine.h"
#include "shortcrust/result.h"
#include "shortcrust/trap.h"
#include "shortcrust/types.h"
#include "shortcrust/value.h"

namespace shortcrust {

namespace runtime {
struct FuncObject;
struct MemoryObject;
struct TableObject;
struct GlobalObject;
struct InstanceObject;
struct StoreData;
}  // namespace runtime

class Store;
class Caller;

// A host function body: reads `params`, writes every entry of `results` (already sized
// and typed zero values), or returns a Trap (kind Host with a message, or OutOfGas from
// Caller::charge_gas).
using HostCallback =
    std::function<Result<void, Trap>(Caller& caller, std::span<const Value> params, std::span<Value> results)>;

class Func {
 public:
  Func() = default;
  explicit Func(runtime::FuncObject* object) : object_(object) {}
  const FuncType& type() const;
  bool is_host() const;
  Value as_value() const { return Value::funcref(object_); }
  runtime::FuncObject* object() const { return object_; }
  explicit operator bool() const { return object_ != nullptr; }
  bool operator==(const Func&) const = default;

 private:
  runtime::FuncObject* object_ = nullptr;
};

class Memory {
 public:
  Memory() = default;
  explicit Memory(runtime::MemoryObject* object) : object_(object) {}
  MemoryType type() const;        // current limits: min = current size in pages
  uint64_t pages() const;
  uint64_t size() const;          // in bytes
  // The whole memory. Valid until the next grow (the base never moves, the length does).
  std::span<uint8_t> data() const;
  // Grows by `delta` pages, zero-filled; returns the old size in pages. Fails
  // (LimitExceeded) beyond the maximum or Limits::memory_pages.
  Result<uint64_t> grow(uint64_t delta) const;
  // Bounds-checked copies (LengthOutOfBounds when [offset, offset + n) is outside).
  Result<void> read(uint64_t offset, std::span<uint8_t> out) const;
  Result<void> write(uint64_t offset, std::span<const uint8_t> bytes) const;
  runtime::MemoryObject* object() const { return object_; }
  explicit operator bool() const { return object_ != nullptr; }
  bool operator==(const Memory&) const = default;

 private:
  runtime::MemoryObject* object_ = nullptr;
};

class Table {
 public:
  Table() = default;
  explicit Table(runtime::TableObject* object) : object_(object) {}
  TableType type() const;
  uint64_t size() const;
  Result<Value> get(uint64_t index) const;             // LengthOutOfBounds outside
  Result<void> set(uint64_t index, Value value) const;  // TypeMismatch for a wrong type
  Result<uint64_t> grow(uint64_t delta, Value init) const;  // old size
  runtime::TableObject* object() const { return object_; }
  explicit operator bool() const { return object_ != nullptr; }
  bool operator==(const Table&) const = default;

 private:
  runtime::TableObject* object_ = nullptr;
};

class Global {
 public:
  Global() = default;
  explicit Global(runtime::GlobalObject* object) : object_(object) {}
  GlobalType type() const;
  Value get() const;
  Result<void> set(Value value) const;  // ImmutableGlobal or TypeMismatch on misuse
  runtime::GlobalObject* object() const { return object_; }
  explicit operator bool() const { return object_ != nullptr; }
  bool operator==(const Global&) const = default;

 private:
  runtime::GlobalObject* object_ = nullptr;
};

// An exported or importable entity.
using Extern = std::variant<Func, Table, Memory, Global>;
ExternKind kind_of(const Extern& value);

class Instance {
 public:
  Instance() = default;
  explicit Instance(runtime::InstanceObject* object) : object_(object) {}
  std::optional<Extern> get_export(std::string_view name) const;
  Func func(std::string_view name) const;      // null handle if missing or not a function
  Memory memory(std::string_view name) const;
  Table table(std::string_view name) const;
  Global global(std::string_view name) const;
  Memory memory0() const;                      // the first memory, if any
  const Module& module() const;
  runtime::InstanceObject* object() const { return object_; }
  explicit operator bool() const { return object_ != nullptr; }

 private:
  runtime::InstanceObject* object_ = nullptr;
};

struct CallOptions {
  // The call's gas limit (ARCHITECTURE §5). Empty: unlimited (still counted; limits
  // above INT64_MAX count as INT64_MAX).
  // Nested calls (made by a host function while another call runs) share the running
  // call's counter: they run on min(gas_limit, the gas remaining), and what they spend
  // (their whole budget after OutOfGas) is taken from the outer call, which goes on.
  std::optional<uint64_t> gas_limit;
};

struct CallOutcome {
  std::vector<Value> results;  // empty on a trap
  std::optional<Trap> trap;
  uint64_t gas_used = 0;       // equals the limit after OutOfGas; 0 without metering
  bool ok() const { return !trap.has_value(); }
};

// What a host function sees of its caller.
class Caller {
 public:
  Store& store() const { return *store_; }
  // The calling instance (null handle when called directly by the embedder).
  Instance instance() const { return instance_; }
  Memory memory() const;  // the calling instance's first memory, or a null handle
  // Charges `amount` gas to the running call; an OutOfGas trap to return if it does not fit.
  Result<void, Trap> charge_gas(uint64_t amount);
  uint64_t gas_remaining() const;
  Caller(Store* store, Instance instance) : store_(store), instance_(instance) {}

 private:
  Store* store_;
  Instance instance_;
};

class Store {
 public:
  explicit Store(const Engine& engine);
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const Engine& engine() const;

  Func create_function(FuncType type, HostCallback callback, std::string debug_name = {});
  Result<Memory> create_memory(const MemoryType& type);
  Result<Table> create_table(const TableType& type, Value init);
  Result<Global> create_global(const GlobalType& type, Value init);

  // Calls `func` with `args` (checked against its type: BadArgument on a mismatch).
  // Traps are reported in the outcome; the Store stays usable. May be called from a
  // host function while a call runs (see CallOptions for gas); such re-entry nests at
  // most runtime::kMaxHostDepth deep, beyond which the call traps StackExhausted.
  Result<CallOutcome> call(Func func, std::span<const Value> args, const CallOptions& options = {});

  runtime::StoreData& data() { return *data_; }

 private:
  std::unique_ptr<runtime::StoreData> data_;
};

}  // namespace shortcrust
