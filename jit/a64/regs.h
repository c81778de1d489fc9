// AArch64 register roles (see masm.h) and conversions from the driver's Reg. The only
// file besides masm.h that includes asmjit's AArch64 headers (this Debian asmjit has no
// a64.h umbrella).
#pragma once

#include <asmjit/core.h>
#include <asmjit/arm/a64assembler.h>

#include <cstdint>

#include "jit/masm.h"

namespace shortcrust::jit::a64 {

namespace aa = asmjit::a64;

// Pinned, callee-saved (so runtime calls keep them).
inline constexpr aa::GpX kCtx = aa::x19;
inline constexpr aa::GpX kGas = aa::x20;
inline constexpr aa::GpX kFp = aa::x21;
inline constexpr aa::GpX kInst = aa::x22;
inline constexpr aa::GpX kMemBase = aa::x23;
// Never allocated: free for any instruction sequence (x16/x17 are the ABI's
// intra-procedure scratch registers; v30/v31 are caller-saved).
inline constexpr aa::GpX kScratch = aa::x16;
inline constexpr aa::GpX kScratch2 = aa::x17;
inline constexpr uint32_t kFScratchId = 31;
inline constexpr uint32_t kFScratch2Id = 30;

inline aa::GpX gp64(Reg r) { return aa::x(r.code); }
inline aa::GpW gp32(Reg r) { return aa::w(r.code); }
inline aa::VecD vd(Reg r) { return aa::d(r.code); }
inline aa::VecS vs(Reg r) { return aa::s(r.code); }

// Sets `r` (64-bit) to `bits` with movz/movn plus movk for each remaining 16-bit chunk
// (at most four instructions; asmjit's mov only takes encodable immediates). The third
// operand of movz/movn/movk is the left shift: 0, 16, 32 or 48.
inline void mov_imm64(aa::Assembler& a, const aa::GpX& r, uint64_t bits) {
  int ones = 0;
  int zeros = 0;
  for (int i = 0; i < 4; ++i) {
    const uint64_t chunk = (bits >> (16 * i)) & 0xffff;
    zeros += chunk == 0;
    ones += chunk == 0xffff;
  }
  const bool inverted = ones > zeros;  // movn starts from all ones
  const uint64_t filler = inverted ? 0xffff : 0;
  bool first = true;
  for (uint32_t i = 0; i < 4; ++i) {
    const uint64_t chunk = (bits >> (16 * i)) & 0xffff;
    if (chunk == filler) continue;
    if (first) {
      if (inverted) a.movn(r, (~chunk) & 0xffff, 16 * i);
      else a.movz(r, chunk, 16 * i);
      first = false;
    } else {
      a.movk(r, chunk, 16 * i);
    }
  }
  if (first) {  // every chunk equals the filler: 0 or ~0
    if (inverted) a.movn(r, 0);
    else a.movz(r, 0);
  }
}

// Sets the W register `r` to `bits` (the upper half of its X register becomes zero) in
// one or two instructions.
inline void mov_imm32(aa::Assembler& a, const aa::GpW& r, uint32_t bits) {
  const uint32_t lo = bits & 0xffff;
  const uint32_t hi = bits >> 16;
  if (hi == 0) {
    a.movz(r, lo);
  } else if (lo == 0) {
    a.movz(r, hi, 16);
  } else if (hi == 0xffff) {
    a.movn(r, (~lo) & 0xffff);
  } else if (lo == 0xffff) {
    a.movn(r, (~hi) & 0xffff, 16);
  } else {
    a.movz(r, lo);
    a.movk(r, hi, 16);
  }
}

}  // namespace shortcrust::jit::a64
