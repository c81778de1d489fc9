// AArch64 store barrier of the write journal (runtime/write_journal.h), emitted only for
// engines with EngineConfig::track_writes; the same logic as jit/x64/barrier.cpp. Inline:
// the page stamps of the store's first and last byte against ExecContext::write_epoch (a
// store may straddle two pages). Out of line, after the function body: a call to
// shortcrust_jit_journal_store that preserves every allocatable register, because the
// barrier sits between the driver's operand loads and the store itself.
#include <cstdint>

#include "jit/a64/masm.h"
#include "jit/layout.h"
#include "jit/runtime_calls.h"
#include "runtime/write_journal.h"

namespace shortcrust::jit::a64 {

namespace L = layout;
namespace arm = asmjit::arm;

namespace {

// The caller-saved registers that may hold values: x0-x15, x16 (the end of the access,
// which the store reuses) with x17 to make a pair (x18 is never used), v0-v7 and v16-v31
// whole. v8-v15 keep their low halves across the call (AAPCS64), and values only ever
// live in the low halves.
constexpr uint32_t kGprPairs = 9;  // x0-x17
constexpr uint32_t kVecIds[] = {0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23,
                                24, 25, 26, 27, 28, 29, 30, 31};
constexpr int32_t kVecCount = sizeof(kVecIds) / sizeof(kVecIds[0]);
constexpr int32_t kSaveArea = static_cast<int32_t>(kGprPairs * 16) + kVecCount * 16;  // a multiple of 16
static_assert(kSaveArea % 16 == 0 && kVecCount % 2 == 0);

}  // namespace

void Masm::write_barrier(decoder::Op op, Reg index, uint64_t offset, bool memory64, Label oob, Reg stamps_reg,
                         Reg page_reg) {
  const uint32_t bytes = 1u << decoder::natural_align_log2(decoder::info(op).imm);
  // The stamps may only be read for an access in bounds (the stamp array ends with the
  // memory's maximum), so the bounds check comes first. Nothing below (nor the stub,
  // which preserves x16) changes x16, so the store of the same access that follows uses
  // the address as it is (checked_access_).
  effective_address(index, offset, bytes, memory64, oob);  // x16 = end of the access
  checked_access_ = CheckedAccess{true, index, offset, bytes, memory64};
  const aa::GpX stamps = gp64(stamps_reg);
  const aa::GpX page = gp64(page_reg);
  const BarrierStub stub{a_.newLabel(), a_.newLabel(), bytes};
  a_.ldr(stamps, arm::ptr(kInst, L::kInstMemory0));
  a_.ldr(stamps, arm::ptr(stamps, L::kMemoryPageStamps));
  a_.ldr(kScratch2, arm::ptr(kCtx, L::kCtxWriteEpoch));
  const auto check = [&](uint32_t back) {  // the page of byte end - back
    a_.sub(page, kScratch, back);
    a_.lsr(page, page, runtime::kPageShift);
    a_.ldr(page, arm::ptr(stamps, page, arm::lsl(3)));
    a_.cmp(page, kScratch2);
    jump_if(arm::CondCode::kNE, stub.slow);
  };
  check(1);
  if (bytes > 1) check(bytes);
  bind(stub.resume);
  barrier_stubs_.push_back(stub);
}

// Like runtime_call, on the thread's stack, which also holds the saved registers (the
// JIT stack has no room to spare: jit/native_stack.h). x16 holds the end of the access,
// the function's argument, and survives for the store; x17 and the flags need not.
void Masm::write_barrier_stubs() {
  for (const BarrierStub& stub : barrier_stubs_) {
    bind(stub.slow);
    a_.mov(kScratch2, aa::sp);
    a_.str(kScratch2, arm::ptr(kCtx, L::kCtxStackSp));
    a_.ldr(kScratch2, arm::ptr(kCtx, L::kCtxNativeSp));
    a_.sub(aa::sp, kScratch2, kSaveArea);
    for (uint32_t i = 0; i < kGprPairs; ++i) {
      a_.stp(aa::x(2 * i), aa::x(2 * i + 1), arm::ptr(aa::sp, static_cast<int32_t>(i * 16)));
    }
    for (int32_t i = 0; i < kVecCount; i += 2) {
      a_.stp(aa::v(kVecIds[i]), aa::v(kVecIds[i + 1]),
             arm::ptr(aa::sp, static_cast<int32_t>(kGprPairs * 16) + i * 16));
    }
    a_.mov(aa::x0, kCtx);
    a_.mov(aa::x1, kInst);
    a_.mov(aa::x2, kScratch);
    mov_imm32(a_, aa::w3, stub.bytes);
    mov_imm64(a_, kScratch, reinterpret_cast<uint64_t>(&shortcrust_jit_journal_store));
    a_.blr(kScratch);
    for (int32_t i = 0; i < kVecCount; i += 2) {
      a_.ldp(aa::v(kVecIds[i]), aa::v(kVecIds[i + 1]),
             arm::ptr(aa::sp, static_cast<int32_t>(kGprPairs * 16) + i * 16));
    }
    for (uint32_t i = 0; i < kGprPairs; ++i) {
      a_.ldp(aa::x(2 * i), aa::x(2 * i + 1), arm::ptr(aa::sp, static_cast<int32_t>(i * 16)));
    }
    a_.ldr(kScratch2, arm::ptr(kCtx, L::kCtxStackSp));
    a_.mov(aa::sp, kScratch2);
    a_.b(stub.resume);
  }
  barrier_stubs_.clear();
}

}  // namespace shortcrust::jit::a64
