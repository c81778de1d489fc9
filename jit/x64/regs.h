// x86-64 register roles (see masm.h) and conversions from the driver's Reg.
#pragma once

#include <asmjit/x86.h>

#include "jit/masm.h"
#include "jit/x64/encoder.h"

namespace shortcrust::jit::x64 {

inline const asmjit::x86::Gp kCtx = asmjit::x86::r15;
inline const asmjit::x86::Gp kGas = asmjit::x86::r14;
inline const asmjit::x86::Gp kFp = asmjit::x86::r13;
inline const asmjit::x86::Gp kInst = asmjit::x86::r12;
inline const asmjit::x86::Gp kMemBase = asmjit::x86::rbx;
inline const asmjit::x86::Gp kScratch = asmjit::x86::r11;
inline const asmjit::x86::Xmm kFScratch = asmjit::x86::xmm15;

inline asmjit::x86::Gp gp64(Reg r) { return asmjit::x86::gpq(r.code); }
inline asmjit::x86::Gp gp32(Reg r) { return asmjit::x86::gpd(r.code); }
inline asmjit::x86::Gp gp16(Reg r) { return asmjit::x86::gpw(r.code); }
inline asmjit::x86::Gp gp8(Reg r) { return asmjit::x86::gpb_lo(r.code); }
inline asmjit::x86::Xmm xmm_of(Reg r) { return asmjit::x86::xmm(r.code); }
inline asmjit::x86::Mem slot_mem(uint32_t slot) {
  return asmjit::x86::qword_ptr(kFp, static_cast<int32_t>(slot * 8));
}
// The low 32 bits of a slot (an i32 or f32).
inline asmjit::x86::Mem slot_mem32(uint32_t slot) {
  return asmjit::x86::dword_ptr(kFp, static_cast<int32_t>(slot * 8));
}

// The same roles as encoding numbers, for the hand encoder (jit/x64/encoder.h).
inline constexpr uint32_t kCtxCode = 15, kGasCode = 14, kFpCode = 13, kInstCode = 12, kMemBaseCode = 3,
                          kScratchCode = 11, kFScratchCode = 15;
// [frame base + slot * 8], and a memory access [memory base + scratch - bytes] (see
// Masm::effective_address).
inline enc::Mem slot_at(uint32_t slot) { return enc::Mem{kFpCode, enc::kNoIndex, 0, static_cast<int32_t>(slot * 8)}; }
inline enc::Mem access_at(uint32_t bytes) { return enc::Mem{kMemBaseCode, kScratchCode, 0, -static_cast<int32_t>(bytes)}; }
inline enc::Mem ctx_at(int32_t offset) { return enc::Mem{kCtxCode, enc::kNoIndex, 0, offset}; }

}  // namespace shortcrust::jit::x64
