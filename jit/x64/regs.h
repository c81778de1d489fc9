// x86-64 register roles (see masm.h) and conversions from the driver's Reg.
#pragma once

#include <asmjit/x86.h>

#include "jit/masm.h"

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


}  // namespace shortcrust::jit::x64
