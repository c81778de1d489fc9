// ExecContext: the per-Store execution state shared by the tiers and the runtime: the
// value stack, the logical stack-slot count (ARCHITECTURE §4), the gas counter
// (ARCHITECTURE §5) and the description of the last trap. Calls nest (a host function
// may call back into wasm): a nested call starts at {sp} and shares the gas counter
// and the slot limit with the call that is running.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "shortcrust/trap.h"

namespace shortcrust::interp { struct Frame; }
namespace shortcrust::jit { class NativeStack; }

namespace shortcrust::runtime {

struct FuncObject;
struct StoreData;
class WriteJournal;

struct ExecContext {
  // Value stack: `capacity` slots, allocated on first use (untouched pages cost nothing).
  // Every wasm frame uses at most params + locals + max operand height physical slots,
  // which is less than its logical cost, so the logical limit always trips first.
  std::unique_ptr<uint64_t[]> stack;
  uint64_t capacity = 0;
  uint64_t* sp = nullptr;          // first free slot: where the next (nested) call starts

  // Interpreter call frames (return address, caller frame), one per active wasm frame.
  std::unique_ptr<interp::Frame[]> frames;
  uint64_t frame_capacity = 0;
  uint64_t frame_count = 0;

  uint64_t slots_used = 0;         // logical slots of the active wasm frames
  uint64_t slot_limit = 0;         // Limits::stack_slots
  // Slots past the last frame that a call's arguments or results may need (the widest
  // signature the limits allow): the entry call writes them before any frame exists.
  uint64_t call_headroom = 0;
  uint32_t host_depth = 0;         // nested host -> wasm calls (bounded, see kMaxHostDepth)

  // Gas: `gas_remaining` = limit - used. Charges that do not fit trap OutOfGas and
  // set gas_remaining to 0 (used = limit).
  int64_t gas_remaining = 0;
  bool metering = true;

  // The last trap: kind, the function running and the code address of the trapping
  // instruction (null for traps outside wasm code); Store::call turns it into a Trap.
  TrapKind trap_kind = TrapKind::Unreachable;
  const FuncObject* trap_function = nullptr;
  const uint64_t* trap_ip = nullptr;
  std::string trap_message;        // host traps
  uint32_t trap_offset = 0;        // module offset when trap_ip is null (JIT traps)

  // JIT tier (jit/entry.cpp). JIT code runs on its own stack, sized so that the logical
  // slot limit trips first; C++ (helpers, host functions) runs on the thread's stack.
  std::unique_ptr<jit::NativeStack> jit_stack;
  void* jit_native_sp = nullptr;   // thread stack of the innermost JIT entry
  void* jit_stack_sp = nullptr;    // JIT stack: where a nested entry starts
  uint64_t jit_memory_size = 0;    // bytes of the running instance's memory 0
  uint32_t jit_trap_kind = 0;      // set by JIT trap stubs
  uint32_t jit_trap_offset = 0;
  const FuncObject* jit_trap_function = nullptr;

  // Write journal (runtime/write_journal.h): the innermost open frame's epoch, 0 with no
  // frame open, and the journal whose frame that is. Stores compare page stamps with it.
  uint64_t write_epoch = 0;
  WriteJournal* journal = nullptr;

  StoreData* store = nullptr;

  ExecContext();
  ~ExecContext();

  // Allocates the stacks for `slot_limit` on first use.
  void ensure_stacks();
  // Records a trap; always returns false so tiers can `return ctx.trap(...)`.
  bool trap(TrapKind kind, const FuncObject* function, const uint64_t* ip) {
    trap_kind = kind;
    trap_function = function;
    trap_ip = ip;
    trap_offset = 0;
    return false;
  }
};

inline constexpr uint32_t kMaxHostDepth = 256;  // host -> wasm re-entry depth

}  // namespace shortcrust::runtime
