// ExecContext's allocation of the interpreter's stacks (the JIT's native stack lives in
// jit/native_stack.h and is allocated by jit::execute).
#include "runtime/exec_context.h"

#include "interp/code.h"
#include "jit/native_stack.h"

namespace shortcrust::runtime {

ExecContext::ExecContext() = default;
ExecContext::~ExecContext() = default;

// Every frame costs at least 4 logical slots (ARCHITECTURE §4), so slot_limit / 4 frames
// plus one entry frame per nested host call always suffice; physically a frame never
// uses more slots than it costs, plus the headroom for one call's arguments and results.
void ExecContext::ensure_stacks() {
  if (stack) return;
  capacity = slot_limit + call_headroom;
  stack.reset(new uint64_t[capacity]);
  sp = stack.get();
  frame_capacity = slot_limit / 4 + kMaxHostDepth + 2;
  frames.reset(new interp::Frame[frame_capacity]);
  frame_count = 0;
}

}  // namespace shortcrust::runtime
