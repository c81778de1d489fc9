// x86-64 store barrier of the write journal (runtime/write_journal.h), emitted only for
// engines with EngineConfig::track_writes. Inline: the page stamps of the store's first
// and last byte against ExecContext::write_epoch (a store may straddle two pages).
// Out of line, after the function body: a call to shortcrust_jit_journal_store that
// preserves every register, because the barrier sits between the driver's operand
// loads and the store itself, where any allocatable register may be live.
#include <cstdint>
#include <iterator>

#include "jit/layout.h"
#include "jit/runtime_calls.h"
#include "jit/x64/masm.h"
#include "jit/x64/regs.h"
#include "runtime/write_journal.h"

namespace shortcrust::jit::x64 {

using namespace asmjit;
using namespace asmjit::x86;
namespace L = layout;

namespace {

// The caller-saved general registers (allocatable ones and the scratch); the pinned
// registers are callee-saved and survive the call by the ABI.
const Gp kSavedGprs[] = {rax, rcx, rdx, rsi, rdi, r8, r9, r10, r11};
constexpr int32_t kXmmCount = 16;  // all of them are caller-saved in System V
// 9 pushes (72 bytes) plus this leave the thread stack 16-byte aligned for the call.
constexpr int32_t kXmmArea = kXmmCount * 16 + 8;

}  // namespace

void Masm::write_barrier(decoder::Op op, Reg index, uint64_t offset, bool memory64, Label oob, Reg stamps_reg,
                         Reg page_reg) {
  const uint32_t bytes = 1u << decoder::natural_align_log2(decoder::info(op).imm);
  // The stamps may only be read for an access in bounds (the stamp array ends with the
  // memory's maximum), so the bounds check comes first. Nothing below (nor the stub,
  // which preserves every register) changes the scratch register, so the store of the
  // same access that follows uses the address as it is (checked_access_).
  effective_address(index, offset, bytes, memory64, oob);  // scratch = end of the access
  checked_access_ = CheckedAccess{true, index, offset, bytes, memory64};
  const Gp stamps = gp64(stamps_reg);
  const Gp page = gp64(page_reg);
  const BarrierStub stub{a_.newLabel(), a_.newLabel(), bytes};
  a_.mov(stamps, qword_ptr(kInst, L::kInstMemory0));
  a_.mov(stamps, qword_ptr(stamps, L::kMemoryPageStamps));
  const auto check = [&](int32_t back) {  // the page of byte end - back
    a_.lea(page, x86::ptr(kScratch, -back));
    a_.shr(page, runtime::kPageShift);
    a_.mov(page, qword_ptr(stamps, page, 3));
    a_.cmp(page, qword_ptr(kCtx, L::kCtxWriteEpoch));
    a_.jne(stub.slow);
  };
  check(1);
  if (bytes > 1) check(static_cast<int32_t>(bytes));
  a_.bind(stub.resume);
  barrier_stubs_.push_back(stub);
}

// Like runtime_call, on the thread's stack, which also holds the saved registers (the
// JIT stack has no room to spare: jit/native_stack.h). The scratch register still holds
// the end of the access, the function's argument.
void Masm::write_barrier_stubs() {
  for (const BarrierStub& stub : barrier_stubs_) {
    a_.bind(stub.slow);
    a_.mov(qword_ptr(kCtx, L::kCtxStackSp), rsp);
    a_.mov(rsp, qword_ptr(kCtx, L::kCtxNativeSp));
    for (const Gp& r : kSavedGprs) a_.push(r);
    a_.sub(rsp, kXmmArea);
    for (int32_t i = 0; i < kXmmCount; ++i) a_.movdqu(x86::ptr(rsp, i * 16), xmm(static_cast<uint32_t>(i)));
    a_.mov(rdi, kCtx);
    a_.mov(rsi, kInst);
    a_.mov(rdx, kScratch);
    a_.mov(ecx, stub.bytes);
    a_.mov(rax, reinterpret_cast<uint64_t>(&shortcrust_jit_journal_store));
    a_.call(rax);
    for (int32_t i = 0; i < kXmmCount; ++i) a_.movdqu(xmm(static_cast<uint32_t>(i)), x86::ptr(rsp, i * 16));
    a_.add(rsp, kXmmArea);
    for (auto r = std::rbegin(kSavedGprs); r != std::rend(kSavedGprs); ++r) a_.pop(*r);
    a_.mov(rsp, qword_ptr(kCtx, L::kCtxStackSp));
    a_.jmp(stub.resume);
  }
  barrier_stubs_.clear();
}

}  // namespace shortcrust::jit::x64
