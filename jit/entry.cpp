// jit::execute: the way from C++ into JIT code. One entry stub per process (emitted
// with the host MacroAssembler) saves the callee-saved registers, loads the pinned ones
// and switches to the context's JIT stack; a trap anywhere below returns through it.
#include <sys/mman.h>

#include "jit/host.h"
#include "jit/jit.h"
#include "jit/native_stack.h"
#include "runtime/objects.h"

namespace shortcrust::jit {
namespace {

using EntryFn = uint32_t (*)(runtime::ExecContext*, const void* code, uint64_t* fp, runtime::InstanceObject*);

// The entry stub, made once and kept for the life of the process; null if the machine
// refused executable memory.
EntryFn entry_stub() {
  static const EntryFn stub = []() -> EntryFn {
    asmjit::CodeHolder code;
    code.init(asmjit::Environment::host());
    HostMasm::emit_entry(code);
    if (code.flatten() || code.resolveUnresolvedLinks()) return nullptr;
    const size_t size = 4096;
    if (code.codeSize() > size) return nullptr;
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    if (code.relocateToBase(reinterpret_cast<uint64_t>(p))) return nullptr;
    code.copyFlattenedData(p, size, asmjit::CopySectionFlags::kPadTargetBuffer);
    flush_instruction_cache(p, size);
    if (mprotect(p, size, PROT_READ | PROT_EXEC) != 0) return nullptr;
    return reinterpret_cast<EntryFn>(p);
  }();
  return stub;
}

}  // namespace

bool execute(runtime::ExecContext& ctx, const runtime::FuncObject& func, uint64_t* args) {
  const EntryFn enter = entry_stub();
  if (!ctx.jit_stack) {
    ctx.jit_stack = NativeStack::create(ctx.slot_limit, runtime::kMaxHostDepth);
    if (ctx.jit_stack) ctx.jit_stack_sp = ctx.jit_stack->top();
  }
  if (enter == nullptr || !ctx.jit_stack) {
    ctx.trap(TrapKind::StackExhausted, &func, nullptr);
    ctx.trap_message = "no memory for the JIT stack";
    return false;
  }
  const uint64_t entry_slots = ctx.slots_used;
  if (enter(&ctx, func.jit_entry, args, func.instance) != 0) return true;
  ctx.trap(static_cast<TrapKind>(ctx.jit_trap_kind), ctx.jit_trap_function, nullptr);
  ctx.trap_offset = ctx.jit_trap_offset;
  ctx.slots_used = entry_slots;
  return false;
}

}  // namespace shortcrust::jit
