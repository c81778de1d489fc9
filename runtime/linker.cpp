// Linker: definitions by (module, name) and instantiation (spec 4.5.4). Instantiation
// first resolves and checks every import and every configured limit, so a link failure
// allocates nothing; then it allocates the instance's objects, evaluates globals and
// element items, applies active element and then data segments in module order (a trap
// keeps what was applied before it, as the spec says) and runs `start`.
#include <cassert>
#include <string>
#include <vector>

#include "jit/jit.h"
#include "runtime/engine_data.h"
#include "runtime/instantiate.h"
#include "runtime/operations.h"
#include "runtime/store_data.h"
#include "shortcrust/linker.h"

namespace shortcrust {

namespace {

using Kind = InstantiationError::Kind;
using decoder::ConstExpr;

std::string describe_limits(const ResizableLimits& l) {
  std::string out = "min " + std::to_string(l.min);
  if (l.max) out += " max " + std::to_string(*l.max);
  return out;
}

std::string describe_table(const TableType& t) {
  return std::string("table ") + name(t.elem) + " " + describe_limits(t.limits);
}

std::string describe_memory(const MemoryType& m) {
  return std::string(m.limits.is64 ? "memory64 " : "memory ") + describe_limits(m.limits);
}

std::string describe_global(const GlobalType& g) {
  return std::string("global ") + (g.is_mutable ? "mut " : "") + name(g.type);
}

std::string describe_extern(const Extern& e) {
  if (const Func* f = std::get_if<Func>(&e)) return "func " + describe(f->type());
  if (const Table* t = std::get_if<Table>(&e)) return describe_table(t->type());
  if (const Memory* m = std::get_if<Memory>(&e)) return describe_memory(m->type());
  return describe_global(std::get<Global>(e).type());
}

std::string describe_import(const decoder::Module& module, const decoder::Import& i) {
  switch (i.kind) {
    case ExternKind::Func: return "func " + describe(module.types[i.type_index]);
    case ExternKind::Table: return describe_table(i.table);
    case ExternKind::Memory: return describe_memory(i.memory);
    case ExternKind::Global: return describe_global(i.global);
  }
  return {};
}

// Limits subtyping (spec 4.5.2, "import matching"): the provided object's current size
// must be at least the required minimum, and a required maximum needs a provided one no
// larger.
bool limits_match(const ResizableLimits& actual, const ResizableLimits& expected) {
  if (actual.is64 != expected.is64 || actual.min < expected.min) return false;
  if (!expected.max) return true;
  return actual.max && *actual.max <= *expected.max;
}

bool import_matches(const decoder::Module& module, const decoder::Import& i, const Extern& e) {
  if (kind_of(e) != i.kind) return false;
  switch (i.kind) {
    case ExternKind::Func: return std::get<Func>(e).type() == module.types[i.type_index];
    case ExternKind::Table: {
      const TableType t = std::get<Table>(e).type();
      return t.elem == i.table.elem && limits_match(t.limits, i.table.limits);
    }
    case ExternKind::Memory: return limits_match(std::get<Memory>(e).type().limits, i.memory.limits);
    case ExternKind::Global: return std::get<Global>(e).type() == i.global;
  }
  return false;
}

InstantiationError failure(Kind kind, std::string message) { return InstantiationError{kind, std::move(message), {}}; }

Result<std::vector<Extern>, InstantiationError> resolve_imports(const Linker& linker, const decoder::Module& module) {
  std::vector<Extern> resolved;
  resolved.reserve(module.imports.size());
  for (const decoder::Import& i : module.imports) {
    const std::string what = i.module + "." + i.field;
    std::optional<Extern> e = linker.get(i.module, i.field);
    if (!e) return failure(Kind::UnknownImport, "unknown import: " + what);
    if (!import_matches(module, i, *e)) {
      return failure(Kind::IncompatibleImport, "incompatible import type for " + what + ": expected " +
                                                   describe_import(module, i) + ", got " + describe_extern(*e));
    }
    resolved.push_back(*e);
  }
  return resolved;
}

Result<void, InstantiationError> check_limits(const decoder::Module& module, const Limits& limits) {
  for (uint32_t i = module.imported_memories; i < module.memory_count(); ++i) {
    const uint64_t min = module.memory_types[i].limits.min;
    if (min > limits.memory_pages) {
      return failure(Kind::Limit, "memory " + std::to_string(i) + " needs " + std::to_string(min) +
                                      " pages, more than Limits::memory_pages (" +
                                      std::to_string(limits.memory_pages) + ")");
    }
  }
  for (uint32_t i = module.imported_tables; i < module.table_count(); ++i) {
    const uint64_t min = module.table_types[i].limits.min;
    if (min > limits.table_elements) {
      return failure(Kind::Limit, "table " + std::to_string(i) + " needs " + std::to_string(min) +
                                      " elements, more than Limits::table_elements (" +
                                      std::to_string(limits.table_elements) + ")");
    }
  }
  return {};
}

// A validated constant expression's value as slot bits, in `instance` as built so far.
uint64_t evaluate(const ConstExpr& expr, const runtime::InstanceObject& instance) {
  switch (expr.kind) {
    case ConstExpr::Kind::I32:
    case ConstExpr::Kind::I64:
    case ConstExpr::Kind::F32:
    case ConstExpr::Kind::F64: return expr.bits;
    case ConstExpr::Kind::RefNull: return 0;
    case ConstExpr::Kind::RefFunc: return reinterpret_cast<uint64_t>(instance.functions[expr.index]);
    case ConstExpr::Kind::GlobalGet: return instance.globals[expr.index]->bits;
    case ConstExpr::Kind::Unchecked:
    case ConstExpr::Kind::V128: break;  // excluded by validation
  }
  return 0;
}

// Allocates every object the module defines; imported ones come from `imports`, and
// `memory`, when given, stands for the first defined memory.
Result<void, InstantiationError> allocate(runtime::StoreData& store, runtime::InstanceObject& instance,
                                          const std::vector<Extern>& imports, runtime::MemoryObject* memory) {
  const runtime::ModuleObject& object = *instance.module;
  const decoder::Module& module = object.module;
  for (const Extern& e : imports) {
    if (const Func* f = std::get_if<Func>(&e)) instance.functions.push_back(f->object());
    if (const Table* t = std::get_if<Table>(&e)) instance.tables.push_back(t->object());
    if (const Memory* m = std::get_if<Memory>(&e)) instance.memories.push_back(m->object());
    if (const Global* g = std::get_if<Global>(&e)) instance.globals.push_back(g->object());
  }
  runtime::EngineData& engine = store.engine.data();
  for (size_t i = 0; i < module.functions.size(); ++i) {
    runtime::FuncObject& func = store.functions.emplace_back();
    func.type_id = object.type_ids[module.functions[i].type_index];
    func.type = &engine.type(func.type_id);
    func.instance = &instance;
    func.code = i < object.code.size() ? &object.code[i] : nullptr;
    func.jit_entry = object.jit ? object.jit->entry(static_cast<uint32_t>(i)) : nullptr;
    func.index = module.imported_functions + static_cast<uint32_t>(i);
    instance.functions.push_back(&func);
  }
  for (uint32_t i = module.imported_tables; i < module.table_count(); ++i) {
    auto table = runtime::new_table(store, module.table_types[i], 0);
    if (!table.ok()) return failure(Kind::Limit, "table " + std::to_string(i) + ": " + describe(table.error()));
    instance.tables.push_back(table.value());
  }
  for (uint32_t i = module.imported_memories; i < module.memory_count(); ++i) {
    if (memory != nullptr && i == module.imported_memories) {
      const ResizableLimits& want = module.memory_types[i].limits;
      if (memory->is64 != want.is64 || memory->size / kPageSize < want.min) {
        return failure(Kind::IncompatibleImport, "the given memory does not fit " + describe_memory(module.memory_types[i]));
      }
      instance.memories.push_back(memory);
      continue;
    }
    auto created = runtime::new_memory(store, module.memory_types[i]);
    if (!created.ok()) return failure(Kind::Limit, "memory " + std::to_string(i) + ": " + describe(created.error()));
    instance.memories.push_back(created.value());
  }
  for (const decoder::Global& g : module.globals) {
    runtime::GlobalObject& global = store.globals.emplace_back();
    global.type = g.type;
    global.bits = evaluate(g.init, instance);
    instance.globals.push_back(&global);
  }
  instance.function_table = instance.functions.data();
  instance.table_table = instance.tables.data();
  instance.global_table = instance.globals.data();
  instance.memory0 = instance.memories.empty() ? nullptr : instance.memories[0];
  instance.elements.reserve(module.elements.size());
  for (const decoder::ElemSegment& seg : module.elements) {
    std::vector<uint64_t> items;
    items.reserve(seg.items.size());
    for (const ConstExpr& item : seg.items) items.push_back(evaluate(item, instance));
    instance.elements.push_back(std::move(items));
  }
  instance.data.reserve(module.data.size());
  for (const decoder::DataSegment& seg : module.data) instance.data.push_back(module.slice(seg.init));
  return {};
}

InstantiationError segment_trap(TrapKind kind, uint32_t offset_in_module) {
  Trap trap{kind, kNoFunction, offset_in_module, {}, {}};
  return InstantiationError{Kind::Trap, trap.describe(), trap};
}

// Active segments, elements first (spec 4.5.4 steps 14-15), each dropped once applied;
// data segments only when `apply_data`.
Result<void, InstantiationError> apply_segments(runtime::InstanceObject& instance, bool apply_data) {
  const decoder::Module& module = instance.module->module;
  for (uint32_t i = 0; i < module.elements.size(); ++i) {
    const decoder::ElemSegment& seg = module.elements[i];
    if (seg.mode == decoder::SegmentMode::Active) {
      const uint64_t dst = evaluate(seg.offset, instance);
      const uint64_t n = instance.elements[i].size();
      if (auto trap = runtime::table_init(instance, seg.table, i, dst, 0, n)) {
        return segment_trap(*trap, seg.offset_in_module);
      }
    }
    if (seg.mode != decoder::SegmentMode::Passive) runtime::elem_drop(instance, i);
  }
  for (uint32_t i = 0; i < module.data.size(); ++i) {
    const decoder::DataSegment& seg = module.data[i];
    if (seg.mode != decoder::SegmentMode::Active) continue;
    if (!apply_data) {
      runtime::data_drop(instance, i);
      continue;
    }
    const uint64_t dst = evaluate(seg.offset, instance);
    if (auto trap = runtime::memory_init(instance.store->ctx, instance, i, dst, 0, seg.init.size)) {
      return segment_trap(*trap, seg.offset_in_module);
    }
    runtime::data_drop(instance, i);
  }
  return {};
}

}  // namespace

void Linker::define(std::string module, std::string name, Extern value) {
  definitions_.insert_or_assign({std::move(module), std::move(name)}, value);
}

void Linker::define_instance(const std::string& module, const Instance& instance) {
  for (const ExportDesc& e : instance.module().exports()) {
    if (std::optional<Extern> value = instance.get_export(e.name)) define(module, e.name, *value);
  }
}

std::optional<Extern> Linker::get(const std::string& module, const std::string& name) const {
  auto it = definitions_.find({module, name});
  if (it == definitions_.end()) return std::nullopt;
  return it->second;
}

Result<Instance, InstantiationError> Linker::instantiate(Store& store, const Module& module) const {
  return runtime::instantiate(*this, store, module, {});
}

Result<Instance, InstantiationError> runtime::instantiate(const Linker& linker, Store& store, const Module& module,
                                                          const InstantiateOptions& options) {
  const runtime::ModuleObject& object = *module.object();
  runtime::StoreData& data = store.data();
  assert(object.engine.get() == &data.engine.data() && "module compiled by another engine");
  SC_TRY(std::vector<Extern> imports, resolve_imports(linker, object.module));
  SC_TRY_VOID(check_limits(object.module, data.engine.config().limits));

  runtime::InstanceObject& instance = data.instances.emplace_back(module, &data);
  SC_TRY_VOID(allocate(data, instance, imports, options.memory));
  SC_TRY_VOID(apply_segments(instance, options.apply_data));

  if (object.module.start) {
    auto outcome = store.call(Func(instance.functions[*object.module.start]), {});
    if (!outcome.ok()) return failure(Kind::Trap, describe(outcome.error()));
    if (outcome.value().trap) {
      const Trap& trap = *outcome.value().trap;
      return InstantiationError{Kind::Trap, trap.describe(), trap};
    }
  }
  return Instance(&instance);
}

}  // namespace shortcrust
