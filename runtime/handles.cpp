// The public handle classes of store.h (Func, Memory, Table, Global, Instance, Caller)
// over the runtime objects. Handles hold a raw object pointer; every method assumes a
// non-null handle whose Store is alive.
#include <cstring>

#include "runtime/operations.h"
#include "runtime/store_data.h"
#include "runtime/write_journal.h"

namespace shortcrust {

using runtime::out_of_range;

const FuncType& Func::type() const { return *object_->type; }
bool Func::is_host() const { return static_cast<bool>(object_->host); }

MemoryType Memory::type() const {
  return MemoryType{ResizableLimits{pages(), object_->declared_max, object_->is64}};
}
uint64_t Memory::pages() const { return object_->size / kPageSize; }
uint64_t Memory::size() const { return object_->size; }
std::span<uint8_t> Memory::data() const { return {object_->base, static_cast<size_t>(object_->size)}; }

Result<uint64_t> Memory::grow(uint64_t delta) const {
  const int64_t old_pages = runtime::memory_grow(*object_->ctx, *object_, delta);
  if (old_pages < 0) return Error{Errc::LimitExceeded, 0, kNoFunction, "memory_pages"};
  return static_cast<uint64_t>(old_pages);
}

Result<void> Memory::read(uint64_t offset, std::span<uint8_t> out) const {
  if (out_of_range(offset, out.size(), object_->size)) return Error{Errc::LengthOutOfBounds, offset, kNoFunction, nullptr};
  if (!out.empty()) std::memcpy(out.data(), object_->base + offset, out.size());
  return ok();
}

Result<void> Memory::write(uint64_t offset, std::span<const uint8_t> bytes) const {
  if (out_of_range(offset, bytes.size(), object_->size)) {
    return Error{Errc::LengthOutOfBounds, offset, kNoFunction, nullptr};
  }
  if (bytes.empty()) return ok();
  runtime::journal_write(*object_->ctx, *object_, offset, bytes.size());
  std::memcpy(object_->base + offset, bytes.data(), bytes.size());
  return ok();
}

TableType Table::type() const {
  return TableType{object_->elem, ResizableLimits{size(), object_->declared_max, false}};
}
uint64_t Table::size() const { return object_->elements.size(); }

Result<Value> Table::get(uint64_t index) const {
  if (index >= object_->elements.size()) return Error{Errc::LengthOutOfBounds, index, kNoFunction, nullptr};
  return Value::from_bits(object_->elem, object_->elements[index]);
}

Result<void> Table::set(uint64_t index, Value value) const {
  if (value.type() != object_->elem) return Error{Errc::TypeMismatch, 0, kNoFunction, "table element"};
  if (index >= object_->elements.size()) return Error{Errc::LengthOutOfBounds, index, kNoFunction, nullptr};
  object_->elements[index] = runtime::to_slot(value);
  return ok();
}

Result<uint64_t> Table::grow(uint64_t delta, Value init) const {
  if (init.type() != object_->elem) return Error{Errc::TypeMismatch, 0, kNoFunction, "table element"};
  const int64_t old_size = runtime::table_grow(*object_, delta, init.bits());
  if (old_size < 0) return Error{Errc::LimitExceeded, 0, kNoFunction, "table_elements"};
  return static_cast<uint64_t>(old_size);
}

GlobalType Global::type() const { return object_->type; }
Value Global::get() const { return Value::from_bits(object_->type.type, object_->bits); }

Result<void> Global::set(Value value) const {
  if (!object_->type.is_mutable) return Error{Errc::ImmutableGlobal, 0, kNoFunction, nullptr};
  if (value.type() != object_->type.type) return Error{Errc::TypeMismatch, 0, kNoFunction, "global value"};
  object_->bits = runtime::to_slot(value);
  return ok();
}

ExternKind kind_of(const Extern& value) {
  // The variant's alternatives are in ExternKind order.
  switch (value.index()) {
    case 0: return ExternKind::Func;
    case 1: return ExternKind::Table;
    case 2: return ExternKind::Memory;
    default: return ExternKind::Global;
  }
}

std::optional<Extern> Instance::get_export(std::string_view name) const {
  for (const ExportDesc& e : object_->module->exports) {
    if (e.name != name) continue;
    switch (e.kind) {
      case ExternKind::Func: return Extern(Func(object_->functions[e.index]));
      case ExternKind::Table: return Extern(Table(object_->tables[e.index]));
      case ExternKind::Memory: return Extern(Memory(object_->memories[e.index]));
      case ExternKind::Global: return Extern(Global(object_->globals[e.index]));
    }
  }
  return std::nullopt;
}

namespace {

template <class T>
T export_as(const Instance& instance, std::string_view name) {
  std::optional<Extern> e = instance.get_export(name);
  if (!e || !std::holds_alternative<T>(*e)) return T();
  return std::get<T>(*e);
}

}  // namespace

Func Instance::func(std::string_view name) const { return export_as<Func>(*this, name); }
Memory Instance::memory(std::string_view name) const { return export_as<Memory>(*this, name); }
Table Instance::table(std::string_view name) const { return export_as<Table>(*this, name); }
Global Instance::global(std::string_view name) const { return export_as<Global>(*this, name); }

Memory Instance::memory0() const {
  return object_->memories.empty() ? Memory() : Memory(object_->memories[0]);
}

const Module& Instance::module() const { return object_->module_handle; }

Memory Caller::memory() const { return instance_ ? instance_.memory0() : Memory(); }

Result<void, Trap> Caller::charge_gas(uint64_t amount) {
  runtime::ExecContext& ctx = store_->data().ctx;
  if (!ctx.metering) return {};
  if (ctx.gas_remaining < 0 || amount > static_cast<uint64_t>(ctx.gas_remaining)) {
    ctx.gas_remaining = 0;
    return Trap{TrapKind::OutOfGas, kNoFunction, 0, {}, {}};
  }
  ctx.gas_remaining -= static_cast<int64_t>(amount);
  return {};
}

uint64_t Caller::gas_remaining() const {
  const runtime::ExecContext& ctx = store_->data().ctx;
  return ctx.gas_remaining < 0 ? 0 : static_cast<uint64_t>(ctx.gas_remaining);
}

}  // namespace shortcrust
