// Engine and Module: configuration, and compiled modules.
//
//   Engine (features, limits, gas, NaN policy, tier; shared type registry)
//     -> Module::compile(engine, bytes): decode, validate, translate (immutable, shared
//        by every instance, safe to use from many threads)
//     -> Linker::instantiate(store, module) -> Instance (store.h, linker.h)
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "shortcrust/config.h"
#include "shortcrust/result.h"
#include "shortcrust/types.h"

namespace shortcrust {

namespace runtime { struct EngineData; struct ModuleObject; }

enum class Tier : uint8_t { Interp, Jit };

struct EngineConfig {
  Features features;
  Limits limits;
  Tier tier = Tier::Interp;
  // Gas metering (ARCHITECTURE §5, schedule v1). Off: no charges are compiled in and
  // every call reports 0 gas used (for measuring the metering cost).
  bool gas_metering = true;
  // Replace every NaN produced by float arithmetic with the canonical NaN (ARCHITECTURE §4).
  bool canonicalize_nans = false;
  // Memories carry page stamps and every write to them (both tiers' stores, bulk memory
  // instructions, Memory::write) goes through the write journal's store barrier
  // (runtime/write_journal.h): for atomic call frames and dirty-page tracking in the
  // contract VM. Off: no stamps, and stores compile exactly as without the journal.
  bool track_writes = false;
};

// Shared configuration plus the registry that gives every distinct function type an id
// (call_indirect compares ids, also across modules). Copies share one registry.
// Thread-safe.
class Engine {
 public:
  explicit Engine(EngineConfig config = {});
  const EngineConfig& config() const;
  runtime::EngineData& data() const { return *data_; }

 private:
  std::shared_ptr<runtime::EngineData> data_;
};

struct ImportDesc {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  FuncType func;        // Func
  TableType table;      // Table
  MemoryType memory;    // Memory
  GlobalType global;    // Global
};

struct ExportDesc {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;   // in the kind's index space
};

// A decoded, validated and compiled module. Copies share the compiled form.
class Module {
 public:
  // Copies `bytes`. Errors are decoding (Malformed), validation (Invalid), Unsupported or
  // LimitExceeded errors with module offsets.
  static Result<Module> compile(const Engine& engine, std::span<const uint8_t> bytes);

  std::vector<ImportDesc> imports() const;
  const std::vector<ExportDesc>& exports() const;
  // The name of a function (name section, else its first export name), or "" if none.
  std::string function_name(uint32_t index) const;

  const std::shared_ptr<const runtime::ModuleObject>& object() const { return object_; }

 private:
  explicit Module(std::shared_ptr<const runtime::ModuleObject> object) : object_(std::move(object)) {}
  std::shared_ptr<const runtime::ModuleObject> object_;
};

}  // namespace shortcrust
