// Runtime operations the tiers call out of line: host calls, memory growth, bulk memory
// and table instructions, segment drops. Each checks its bounds itself (spec 4.4.7 / 4.4.6)
// and reports a trap kind, or std::nullopt on success. Gas is charged by the caller
// before it calls (ARCHITECTURE §5: dynamic charges come first).
// Addresses and lengths arrive as 64-bit values; for 32-bit memories and tables they
// are already zero-extended.
#pragma once

#include <cstdint>
#include <optional>

#include "runtime/exec_context.h"
#include "shortcrust/config.h"
#include "shortcrust/trap.h"

namespace shortcrust::runtime {

// Is [start, start + n) outside [0, size)? In 64 bits without overflow; a zero-length
// range at exactly the end is inside (spec 4.4.6, 4.4.7).
inline bool out_of_range(uint64_t start, uint64_t n, uint64_t size) { return n > size || start > size - n; }

// Dynamic gas (ARCHITECTURE §5): `n` units at `price` from `gas_remaining`, or false with
// nothing taken when they do not fit. Both tiers charge through this.
inline bool charge_gas(int64_t& gas_remaining, uint64_t n, uint64_t price) {
  if (n > static_cast<uint64_t>(gas_remaining) / price) return false;
  gas_remaining -= static_cast<int64_t>(n * price);
  return true;
}

struct FuncObject;
struct InstanceObject;
struct MemoryObject;
struct TableObject;

// Calls a host function with its arguments in slots[0..params); writes the results to
// slots[0..results). False on a trap (recorded in ctx, kind Host or OutOfGas); the
// host may charge gas through ctx.gas_remaining. `caller` is the calling instance.
bool call_host(ExecContext& ctx, const FuncObject& func, InstanceObject* caller, uint64_t* slots);

// The memory operations journal what they change in ctx's open frame, if the memory
// tracks writes (runtime/write_journal.h): the destination range after the bounds check,
// the old size before a grow.
// memory.grow: the old size in pages, or -1 (as the instruction returns) when it cannot grow.
int64_t memory_grow(ExecContext& ctx, MemoryObject& memory, uint64_t delta_pages);

std::optional<TrapKind> memory_fill(ExecContext& ctx, MemoryObject& memory, uint64_t dst, uint8_t value,
                                    uint64_t n);
std::optional<TrapKind> memory_copy(ExecContext& ctx, MemoryObject& memory, uint64_t dst, uint64_t src,
                                    uint64_t n);
std::optional<TrapKind> memory_init(ExecContext& ctx, InstanceObject& instance, uint32_t segment, uint64_t dst,
                                    uint64_t src, uint64_t n);
void data_drop(InstanceObject& instance, uint32_t segment);

// table.grow: the old size, or -1. `init` is a reference slot.
int64_t table_grow(TableObject& table, uint64_t delta, uint64_t init);
std::optional<TrapKind> table_fill(TableObject& table, uint64_t dst, uint64_t value, uint64_t n);
std::optional<TrapKind> table_copy(TableObject& dst_table, TableObject& src_table, uint64_t dst,
                                   uint64_t src, uint64_t n);
std::optional<TrapKind> table_init(InstanceObject& instance, uint32_t table, uint32_t segment,
                                   uint64_t dst, uint64_t src, uint64_t n);
void elem_drop(InstanceObject& instance, uint32_t segment);

}  // namespace shortcrust::runtime
