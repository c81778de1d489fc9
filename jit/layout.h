// Byte offsets of the runtime fields that JIT code reads and writes. The runtime's
// objects are ordinary C++ classes (not standard layout: they hold strings and vectors),
// so `offsetof` on them is conditionally supported; GCC and Clang support it for classes
// without virtual bases, which these are. Nothing else in the project relies on it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime/exec_context.h"
#include "runtime/objects.h"

namespace shortcrust::jit::layout {

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
using runtime::ExecContext;
using runtime::FuncObject;
using runtime::GlobalObject;
using runtime::InstanceObject;
using runtime::MemoryObject;
using runtime::TableObject;

inline constexpr int32_t kCtxGas = offsetof(ExecContext, gas_remaining);
inline constexpr int32_t kCtxSlotsUsed = offsetof(ExecContext, slots_used);
inline constexpr int32_t kCtxSlotLimit = offsetof(ExecContext, slot_limit);
inline constexpr int32_t kCtxNativeSp = offsetof(ExecContext, jit_native_sp);
inline constexpr int32_t kCtxStackSp = offsetof(ExecContext, jit_stack_sp);
inline constexpr int32_t kCtxMemorySize = offsetof(ExecContext, jit_memory_size);
inline constexpr int32_t kCtxTrapKind = offsetof(ExecContext, jit_trap_kind);
inline constexpr int32_t kCtxTrapOffset = offsetof(ExecContext, jit_trap_offset);
inline constexpr int32_t kCtxTrapFunction = offsetof(ExecContext, jit_trap_function);

inline constexpr int32_t kFuncTypeId = offsetof(FuncObject, type_id);
inline constexpr int32_t kFuncInstance = offsetof(FuncObject, instance);
inline constexpr int32_t kFuncJitEntry = offsetof(FuncObject, jit_entry);

inline constexpr int32_t kInstFunctions = offsetof(InstanceObject, function_table);
inline constexpr int32_t kInstTables = offsetof(InstanceObject, table_table);
inline constexpr int32_t kInstGlobals = offsetof(InstanceObject, global_table);
inline constexpr int32_t kInstMemory0 = offsetof(InstanceObject, memory0);

inline constexpr int32_t kMemoryBase = offsetof(MemoryObject, base);
inline constexpr int32_t kMemorySize = offsetof(MemoryObject, size);
inline constexpr int32_t kTableData = offsetof(TableObject, data);
inline constexpr int32_t kTableSize = offsetof(TableObject, size);
inline constexpr int32_t kGlobalBits = offsetof(GlobalObject, bits);
// The store barrier (jit/x64/barrier.cpp, runtime/write_journal.h).
inline constexpr int32_t kCtxWriteEpoch = offsetof(ExecContext, write_epoch);
inline constexpr int32_t kMemoryPageStamps = offsetof(MemoryObject, page_stamps);
#pragma GCC diagnostic pop

static_assert(sizeof(decltype(FuncObject::type_id)) == 4);
static_assert(sizeof(decltype(ExecContext::gas_remaining)) == 8);

}  // namespace shortcrust::jit::layout
