// Functions JIT code calls on the thread's stack (jit/x64 `runtime_call`): numeric
// operations without an inline form, the memory, table and segment instructions, and host
// calls. Each has the RuntimeFn shape (jit/masm.h): operands in args[0..n) (frame slots),
// result in args[0]; returns 0, or a TrapKind + 1. Dynamic gas is charged first, from
// ExecContext::gas_remaining, which JIT code stores before the call and reloads after.
#pragma once

#include <cstdint>

#include "decoder/opcodes.h"
#include "jit/masm.h"

namespace shortcrust::jit {

// The helper computing `op` (a Compare, Unary, Binary or Convert row) with the
// interpreter's semantics; with `canonicalize`, NaN results become canonical.
RuntimeFn numeric_helper(decoder::Op op, bool canonicalize);

// The helper of a memory, table or segment instruction; a and b are its immediates:
//   memory.grow/size/fill/copy: -   memory.init, data.drop: segment
//   table.get/set/size/grow/fill: table   table.copy: dst, src table
//   table.init: table, segment      elem.drop: segment
RuntimeFn operation_helper(decoder::Op op);

}  // namespace shortcrust::jit

// A host function called from JIT code: arguments and results in args, frame_end the
// first slot past the caller's frame (where a nested call's frame starts).
extern "C" uint32_t shortcrust_jit_call_host(void* ctx, const void* func, void* caller, uint64_t* args,
                                             uint64_t* frame_end);
// The store barrier's slow path (jit/x64/barrier.cpp): journals the page(s) of the
// `bytes`-wide store ending at `end` (exclusive) in memory 0 of `inst`
// (runtime/write_journal.h). The store is already bounds-checked.
extern "C" void shortcrust_jit_journal_store(void* ctx, void* inst, uint64_t end, uint32_t bytes);
