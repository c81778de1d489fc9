// The out-of-line runtime operations of operations.h, with the spec's bounds rules
// (4.4.6 table and 4.4.7 memory instructions): every range check is `n > size ||
// start > size - n` in 64 bits, which cannot overflow and lets a zero-length access at
// exactly the end succeed. Overlapping copies behave like memmove.
#include "runtime/operations.h"

#include <cstring>
#include <vector>

#include "runtime/objects.h"
#include "runtime/store_data.h"
#include "runtime/write_journal.h"

namespace shortcrust::runtime {

namespace {

[[gnu::cold]] bool host_trap(ExecContext& ctx, const FuncObject& func, const Trap& trap) {
  // A host that passes on a trap of another kind (say, from a nested call) becomes a
  // host trap; keep the original reason in the message.
  ctx.trap_message = trap.message.empty() && trap.kind != TrapKind::Host ? trap.describe() : trap.message;
  if (trap.kind == TrapKind::OutOfGas) {
    ctx.gas_remaining = 0;  // used = limit (ARCHITECTURE §5)
    return ctx.trap(TrapKind::OutOfGas, &func, nullptr);
  }
  return ctx.trap(TrapKind::Host, &func, nullptr);
}

}  // namespace

bool call_host(ExecContext& ctx, const FuncObject& func, InstanceObject* caller, uint64_t* slots) {
  const FuncType& type = *func.type;
  // Small vectors on the heap: host calls are not the interpreter's hot path, and the
  // callback may re-enter wasm, so nothing here may live in ExecContext.
  std::vector<Value> params;
  params.reserve(type.params.size());
  for (size_t i = 0; i < type.params.size(); ++i) params.push_back(Value::from_bits(type.params[i], slots[i]));
  std::vector<Value> results;
  results.reserve(type.results.size());
  for (ValType t : type.results) results.push_back(Value::from_bits(t, 0));

  Caller frame(ctx.store->owner, Instance(caller));
  ++ctx.host_depth;
  Result<void, Trap> outcome = func.host(frame, params, results);
  --ctx.host_depth;
  if (!outcome.ok()) return host_trap(ctx, func, outcome.error());

  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].type() != type.results[i]) {
      return host_trap(ctx, func, Trap{TrapKind::Host, kNoFunction, 0, {}, "host function returned a value of the wrong type"});
    }
    slots[i] = to_slot(results[i]);
  }
  return true;
}

int64_t memory_grow(ExecContext& ctx, MemoryObject& memory, uint64_t delta_pages) {
  const uint64_t old_pages = memory.size / kPageSize;
  if (delta_pages > memory.max_pages - old_pages) return -1;
  const uint64_t new_pages = old_pages + delta_pages;
  // new_pages <= max_pages, whose byte size was reserved, so this fits in size_t.
  if (!memory.region.commit(static_cast<size_t>(new_pages * kPageSize))) return -1;
  const auto stamp_bytes = static_cast<size_t>(new_pages * sizeof(uint64_t));
  if (memory.page_stamps != nullptr && !memory.stamp_region.commit(stamp_bytes)) return -1;
  if (delta_pages != 0) journal_grow(ctx, memory);
  memory.size = new_pages * kPageSize;
  return static_cast<int64_t>(old_pages);
}

std::optional<TrapKind> memory_fill(ExecContext& ctx, MemoryObject& memory, uint64_t dst, uint8_t value,
                                    uint64_t n) {
  if (out_of_range(dst, n, memory.size)) return TrapKind::MemoryOutOfBounds;
  if (n == 0) return std::nullopt;
  journal_write(ctx, memory, dst, n);
  std::memset(memory.base + dst, value, n);
  return std::nullopt;
}

std::optional<TrapKind> memory_copy(ExecContext& ctx, MemoryObject& memory, uint64_t dst, uint64_t src,
                                    uint64_t n) {
  if (out_of_range(dst, n, memory.size) || out_of_range(src, n, memory.size)) return TrapKind::MemoryOutOfBounds;
  if (n == 0) return std::nullopt;
  journal_write(ctx, memory, dst, n);
  std::memmove(memory.base + dst, memory.base + src, n);
  return std::nullopt;
}

std::optional<TrapKind> memory_init(ExecContext& ctx, InstanceObject& instance, uint32_t segment, uint64_t dst,
                                    uint64_t src, uint64_t n) {
  MemoryObject& memory = *instance.memories[0];
  const std::span<const uint8_t> data = instance.data[segment];
  if (out_of_range(src, n, data.size()) || out_of_range(dst, n, memory.size)) return TrapKind::MemoryOutOfBounds;
  if (n == 0) return std::nullopt;
  journal_write(ctx, memory, dst, n);
  std::memcpy(memory.base + dst, data.data() + src, n);
  return std::nullopt;
}

void data_drop(InstanceObject& instance, uint32_t segment) { instance.data[segment] = {}; }

int64_t table_grow(TableObject& table, uint64_t delta, uint64_t init) {
  const uint64_t old_size = table.elements.size();
  if (delta > table.max - old_size) return -1;
  table.elements.resize(old_size + delta, init);
  table.sync();
  return static_cast<int64_t>(old_size);
}

std::optional<TrapKind> table_fill(TableObject& table, uint64_t dst, uint64_t value, uint64_t n) {
  if (out_of_range(dst, n, table.elements.size())) return TrapKind::TableOutOfBounds;
  std::fill_n(table.elements.begin() + static_cast<ptrdiff_t>(dst), n, value);
  return std::nullopt;
}

std::optional<TrapKind> table_copy(TableObject& dst_table, TableObject& src_table, uint64_t dst, uint64_t src,
                                   uint64_t n) {
  if (out_of_range(dst, n, dst_table.elements.size()) || out_of_range(src, n, src_table.elements.size())) {
    return TrapKind::TableOutOfBounds;
  }
  if (n != 0) std::memmove(dst_table.elements.data() + dst, src_table.elements.data() + src, n * sizeof(uint64_t));
  return std::nullopt;
}

std::optional<TrapKind> table_init(InstanceObject& instance, uint32_t table, uint32_t segment, uint64_t dst,
                                   uint64_t src, uint64_t n) {
  TableObject& target = *instance.tables[table];
  const std::vector<uint64_t>& items = instance.elements[segment];
  if (out_of_range(src, n, items.size()) || out_of_range(dst, n, target.elements.size())) {
    return TrapKind::TableOutOfBounds;
  }
  if (n != 0) std::memcpy(target.elements.data() + dst, items.data() + src, n * sizeof(uint64_t));
  return std::nullopt;
}

void elem_drop(InstanceObject& instance, uint32_t segment) {
  // Free the storage: a dropped segment is never read again.
  std::vector<uint64_t>().swap(instance.elements[segment]);
}

}  // namespace shortcrust::runtime
