// Store: construction, moves, and creation of host-defined objects; the allocation
// helpers the Linker shares (new_memory, new_table). Store::call lives in call.cpp.
#include <algorithm>
#include <utility>

#include "runtime/engine_data.h"
#include "runtime/store_data.h"

namespace shortcrust {

namespace runtime {

StoreData::StoreData(const Engine& store_engine) : engine(store_engine) {
  ctx.store = this;
  const Limits& limits = engine.config().limits;
  ctx.slot_limit = limits.stack_slots;
  ctx.call_headroom = std::max<uint64_t>(limits.function_params, limits.function_results);
  ctx.metering = engine.config().gas_metering;
}

Result<MemoryObject*> new_memory(StoreData& store, const MemoryType& type) {
  const Limits& limits = store.engine.config().limits;
  const ResizableLimits& l = type.limits;
  if (l.max && l.min > *l.max) return Error{Errc::LimitsMinExceedsMax, 0, kNoFunction, nullptr};
  if (l.min > limits.memory_pages) return Error{Errc::LimitExceeded, 0, kNoFunction, "memory_pages"};
  // Reserve the whole reachable size now so that the base never moves (mapped_region.h).
  const uint64_t max_pages = std::min(l.max.value_or(limits.memory_pages), limits.memory_pages);
  MemoryObject memory;
  if (max_pages > SIZE_MAX / kPageSize ||
      !MappedRegion::reserve(static_cast<size_t>(max_pages * kPageSize), memory.region) ||
      !memory.region.commit(static_cast<size_t>(l.min * kPageSize))) {
    return Error{Errc::LimitExceeded, 0, kNoFunction, "memory reservation failed"};
  }
  memory.base = memory.region.base();
  memory.size = l.min * kPageSize;
  memory.max_pages = max_pages;
  memory.declared_max = l.max;
  memory.is64 = l.is64;
  memory.ctx = &store.ctx;
  if (store.engine.config().track_writes) {
    // One stamp per page (runtime/write_journal.h), reserved for the maximum like the
    // memory itself so that the pointer JIT code and the interpreter read never moves.
    if (!MappedRegion::reserve(static_cast<size_t>(max_pages * sizeof(uint64_t)), memory.stamp_region) ||
        !memory.stamp_region.commit(static_cast<size_t>(l.min * sizeof(uint64_t)))) {
      return Error{Errc::LimitExceeded, 0, kNoFunction, "memory reservation failed"};
    }
    memory.page_stamps = reinterpret_cast<uint64_t*>(memory.stamp_region.base());
  }
  return &store.memories.emplace_back(std::move(memory));
}

Result<TableObject*> new_table(StoreData& store, const TableType& type, uint64_t init) {
  const Limits& limits = store.engine.config().limits;
  const ResizableLimits& l = type.limits;
  if (l.max && l.min > *l.max) return Error{Errc::LimitsMinExceedsMax, 0, kNoFunction, nullptr};
  if (l.min > limits.table_elements) return Error{Errc::LimitExceeded, 0, kNoFunction, "table_elements"};
  TableObject& table = store.tables.emplace_back();
  table.elements.assign(l.min, init);
  table.sync();
  table.elem = type.elem;
  table.max = std::min(l.max.value_or(limits.table_elements), limits.table_elements);
  table.declared_max = l.max;
  return &table;
}

}  // namespace runtime

Store::Store(const Engine& engine) : data_(std::make_unique<runtime::StoreData>(engine)) {
  data_->owner = this;
}

Store::~Store() = default;

Store::Store(Store&& other) noexcept : data_(std::move(other.data_)) {
  if (data_) data_->owner = this;
}

Store& Store::operator=(Store&& other) noexcept {
  if (this != &other) {
    data_ = std::move(other.data_);
    if (data_) data_->owner = this;
  }
  return *this;
}

const Engine& Store::engine() const { return data_->engine; }

Func Store::create_function(FuncType type, HostCallback callback, std::string debug_name) {
  runtime::EngineData& engine = data_->engine.data();
  runtime::FuncObject& func = data_->functions.emplace_back();
  func.type_id = engine.intern(type);
  func.type = &engine.type(func.type_id);
  func.index = kNoFunction;  // host functions belong to no module
  func.host = std::move(callback);
  func.debug_name = std::move(debug_name);
  return Func(&func);
}

Result<Memory> Store::create_memory(const MemoryType& type) {
  SC_TRY(runtime::MemoryObject* memory, runtime::new_memory(*data_, type));
  return Memory(memory);
}

Result<Table> Store::create_table(const TableType& type, Value init) {
  if (init.type() != type.elem) return Error{Errc::TypeMismatch, 0, kNoFunction, "table initial value"};
  SC_TRY(runtime::TableObject* table, runtime::new_table(*data_, type, init.bits()));
  return Table(table);
}

Result<Global> Store::create_global(const GlobalType& type, Value init) {
  if (init.type() != type.type) return Error{Errc::TypeMismatch, 0, kNoFunction, "global initial value"};
  runtime::GlobalObject& global = data_->globals.emplace_back();
  global.type = type;
  global.bits = runtime::to_slot(init);
  return Global(&global);
}

}  // namespace shortcrust
