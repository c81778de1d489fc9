// The runtime's objects behind the public handles (shortcrust/store.h), laid out for the
// interpreter (and later the JIT) to use directly. Everything here is owned by one
// StoreData and lives until it dies; pointers between objects never dangle while the
// Store lives.
//
//   StoreData ─owns─> InstanceObject ─> functions / tables / memories / globals (pointers,
//                     │                 imported or owned by the same StoreData)
//                     └─ module: shared_ptr<const ModuleObject> (compiled code, types)
//   Value slots: every value is one uint64_t; i32 and f32 zero-extended, f64/i64 bits,
//   references are FuncObject* (funcref) or the host's handle (externref), 0 = null.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "decoder/module.h"
#include "interp/code.h"
#include "runtime/exec_context.h"
#include "runtime/mapped_region.h"
#include "shortcrust/engine.h"
#include "shortcrust/store.h"

namespace shortcrust::jit { class ModuleCode; }

namespace shortcrust::runtime {

struct InstanceObject;

// The slot bits of a value: i32 and f32 zero-extended (Value::from_bits may carry junk
// in the high half), everything else as is.
inline uint64_t to_slot(const Value& v) {
  return (v.type() == ValType::I32 || v.type() == ValType::F32) ? (v.bits() & 0xffff'ffffu) : v.bits();
}

struct FuncObject {
  uint32_t type_id = 0;                           // EngineData::intern(type): equal ids = equal types
  const FuncType* type = nullptr;                 // owned by the engine's registry
  InstanceObject* instance = nullptr;             // null for host functions
  const interp::CompiledFunction* code = nullptr; // wasm functions, interpreter tier
  const void* jit_entry = nullptr;                // wasm functions, JIT tier (jit/layout.h)
  uint32_t index = 0;                             // in its module's function index space
  HostCallback host;                              // host functions
  std::string debug_name;                         // host functions: for traps and messages
};

struct MemoryObject {
  uint8_t* base = nullptr;  // never moves: the whole maximum is reserved up front
  uint64_t size = 0;        // in bytes (pages * kPageSize)
  uint64_t max_pages = 0;   // declared maximum, capped by Limits::memory_pages
  std::optional<uint64_t> declared_max;  // as declared, uncapped (import matching)
  bool is64 = false;
  MappedRegion region;
  // EngineConfig::track_writes only (else null): one stamp per page for the write journal
  // and dirty tracking (runtime/write_journal.h), in {stamp_region}, which reserves
  // max_pages stamps and commits them as the memory grows, so the pointer never moves.
  uint64_t* page_stamps = nullptr;
  MappedRegion stamp_region;
  // The owning store's context: writes through the public handle (Memory::write, grow)
  // journal against it.
  ExecContext* ctx = nullptr;
};

struct TableObject {
  std::vector<uint64_t> elements;  // reference slots
  // {elements}' data and size for JIT code (call_indirect); sync() after every resize.
  uint64_t* data = nullptr;
  uint64_t size = 0;
  void sync() {
    data = elements.data();
    size = elements.size();
  }
  ValType elem = ValType::FuncRef;
  uint64_t max = 0;                // declared maximum, capped by Limits::table_elements
  std::optional<uint64_t> declared_max;  // as declared, uncapped (import matching)
};

struct GlobalObject {
  uint64_t bits = 0;  // slot representation
  GlobalType type;
};

struct InstanceObject {
  InstanceObject(const Module& compiled, StoreData* owner)
      : module(compiled.object()), module_handle(compiled), store(owner) {}

  std::shared_ptr<const ModuleObject> module;
  Module module_handle;                     // for Instance::module(); same object as {module}
  StoreData* store = nullptr;
  std::vector<FuncObject*> functions;       // the module's function index space
  std::vector<TableObject*> tables;
  std::vector<MemoryObject*> memories;
  std::vector<GlobalObject*> globals;
  // The four lists' data for JIT code; they never change after instantiation.
  FuncObject* const* function_table = nullptr;
  TableObject* const* table_table = nullptr;
  GlobalObject* const* global_table = nullptr;
  MemoryObject* memory0 = nullptr;  // null without a memory
  std::vector<std::vector<uint64_t>> elements;     // element segments; dropped = empty
  std::vector<std::span<const uint8_t>> data;      // data segments; dropped = empty
};

// The compiled module (Module::compile): its bytes, the decoded and validated structure,
// the code of every defined function (interpreter: {code}; JIT: {jit}) and the
// engine-wide ids of its types.
struct ModuleObject {
  std::vector<uint8_t> bytes;
  decoder::Module module;                          // spans point into {bytes}
  std::vector<interp::CompiledFunction> code;      // parallel to module.functions (interp)
  std::shared_ptr<const jit::ModuleCode> jit;      // the machine code (JIT tier)
  std::vector<uint32_t> type_ids;                  // per type index
  std::vector<ExportDesc> exports;
  std::shared_ptr<EngineData> engine;
};

}  // namespace shortcrust::runtime
