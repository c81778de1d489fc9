// Hand encoding of the hottest x86-64 forms, written straight into the code buffer
// instead of through asmjit's generic encoder (which validates and dispatches every
// operand combination: about a fifth of compile time). Each form produces exactly the
// bytes asmjit would (tests/jit/x64_encoding_test.cpp compares them for every register,
// r8-r15 and the rsp/rbp/r12/r13 addressing special cases included), so the two can mix
// freely. Registers are encoding numbers 0-15 of their class.
#pragma once

#include <cstdint>

namespace shortcrust::jit::x64::enc {

// An opcode: an optional mandatory prefix (66/F2/F3, before any REX), then one or two
// opcode bytes (0F xx).
struct Opcode {
  uint8_t prefix = 0;
  uint8_t first = 0;
  uint8_t second = 0;  // used when first == 0x0f
};

// Register-to-register and register-with-memory forms, named by asmjit's choice.
inline constexpr Opcode kMovStore{0, 0x89};   // mov r/m, r
inline constexpr Opcode kMovLoad{0, 0x8b};    // mov r, r/m
inline constexpr Opcode kImul{0, 0x0f, 0xaf};  // imul r, r/m
inline constexpr Opcode kTest{0, 0x85};       // test r/m, r
inline constexpr Opcode kMovssLoad{0xf3, 0x0f, 0x10};
inline constexpr Opcode kMovsdLoad{0xf2, 0x0f, 0x10};
inline constexpr Opcode kMovssStore{0xf3, 0x0f, 0x11};
inline constexpr Opcode kMovsdStore{0xf2, 0x0f, 0x11};
inline constexpr Opcode kMovaps{0, 0x0f, 0x28};
inline constexpr Opcode kMovzxByte{0, 0x0f, 0xb6};
inline constexpr Opcode kMovzxWord{0, 0x0f, 0xb7};
inline constexpr Opcode kXorps{0, 0x0f, 0x57};
inline constexpr Opcode kLea{0, 0x8d};
inline constexpr Opcode kMovsxd{0, 0x63};  // with REX.W: movsxd r64, r/m32
inline constexpr Opcode kCallIndirect{0, 0xff};  // with /2 in the reg field: call r/m64
// Scalar SSE forms (op xmm, xmm/m): F3 for f32, F2 for f64; the second byte picks it.
constexpr Opcode scalar(bool f64, uint8_t op) { return Opcode{static_cast<uint8_t>(f64 ? 0xf2 : 0xf3), 0x0f, op}; }
inline constexpr uint8_t kSqrt = 0x51, kAdd = 0x58, kMul = 0x59, kSub = 0x5c, kDiv = 0x5e;
inline constexpr uint8_t kCvtFloat = 0x5a;   // cvtss2sd / cvtsd2ss (by the source's prefix)
inline constexpr uint8_t kCvtFromInt = 0x2a;  // cvtsi2ss / cvtsi2sd (REX.W: a 64-bit source)
// ucomiss (no prefix) and ucomisd (66).
constexpr Opcode ucomis(bool f64) { return Opcode{static_cast<uint8_t>(f64 ? 0x66 : 0), 0x0f, 0x2e}; }
inline constexpr Opcode kMovdToXmm{0x66, 0x0f, 0x6e};  // movd xmm, r32 (movq with REX.W)
inline constexpr Opcode kMovdToGp{0x66, 0x0f, 0x7e};   // movd r/m32, xmm: reg = the xmm

// The eight classic ALU operations; the value is the /digit of their immediate forms and
// (times 8) the base of their opcode row.
enum class Alu : uint8_t { Add = 0, Or = 1, And = 4, Sub = 5, Xor = 6, Cmp = 7 };
// op r/m, r (reg-reg: asmjit's form) and op r, r/m (a memory source).
constexpr Opcode alu_mr(Alu op) { return Opcode{0, static_cast<uint8_t>(static_cast<uint8_t>(op) * 8 + 1)}; }
constexpr Opcode alu_rm(Alu op) { return Opcode{0, static_cast<uint8_t>(static_cast<uint8_t>(op) * 8 + 3)}; }

inline constexpr uint32_t kNoIndex = 0xff;

// [base + index * 2^scale + disp]; index kNoIndex for none (rsp cannot be an index).
struct Mem {
  uint32_t base = 0;
  uint32_t index = kNoIndex;
  uint32_t scale = 0;
  int32_t disp = 0;
};

constexpr bool fits_int8(int64_t v) { return v >= -128 && v <= 127; }

inline uint8_t* put32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
  p[2] = static_cast<uint8_t>(v >> 16);
  p[3] = static_cast<uint8_t>(v >> 24);
  return p + 4;
}

inline uint8_t* put64(uint8_t* p, uint64_t v) {
  put32(p, static_cast<uint32_t>(v));
  return put32(p + 4, static_cast<uint32_t>(v >> 32));
}

// Prefix, REX (only when some bit is needed) and opcode.
inline uint8_t* head(uint8_t* p, const Opcode& op, bool wide, uint32_t reg, uint32_t index, uint32_t base) {
  if (op.prefix != 0) *p++ = op.prefix;
  const uint32_t rex = (wide ? 8u : 0u) | ((reg >> 1) & 4u) | ((index >> 2) & 2u) | ((base >> 3) & 1u);
  if (rex != 0) *p++ = static_cast<uint8_t>(0x40 | rex);
  *p++ = op.first;
  if (op.first == 0x0f) *p++ = op.second;
  return p;
}

// op reg, rm (both registers): ModRM mod 11.
inline uint8_t* rr(uint8_t* p, const Opcode& op, bool wide, uint32_t reg, uint32_t rm) {
  p = head(p, op, wide, reg, 0, rm);
  *p++ = static_cast<uint8_t>(0xc0 | ((reg & 7) << 3) | (rm & 7));
  return p;
}

// ModRM, SIB and displacement for `m` with `reg` in the reg field. rsp/r12 as a base
// need a SIB byte; rbp/r13 as a base need a displacement even when it is zero.
inline uint8_t* address(uint8_t* p, uint32_t reg, const Mem& m) {
  const bool sib = m.index != kNoIndex || (m.base & 7) == 4;
  const uint32_t mod = m.disp == 0 && (m.base & 7) != 5 ? 0 : fits_int8(m.disp) ? 1 : 2;
  *p++ = static_cast<uint8_t>((mod << 6) | ((reg & 7) << 3) | (sib ? 4 : (m.base & 7)));
  if (sib) *p++ = static_cast<uint8_t>((m.scale << 6) | (((m.index == kNoIndex ? 4 : m.index) & 7) << 3) | (m.base & 7));
  if (mod == 1) *p++ = static_cast<uint8_t>(m.disp);
  if (mod == 2) p = put32(p, static_cast<uint32_t>(m.disp));
  return p;
}

// op reg, [m] (or op [m], reg: the opcode decides the direction).
inline uint8_t* rm(uint8_t* p, const Opcode& op, bool wide, uint32_t reg, const Mem& m) {
  p = head(p, op, wide, reg, m.index == kNoIndex ? 0 : m.index, m.base);
  return address(p, reg, m);
}

// op r, imm: the short accumulator form for rax with a 32-bit immediate (as asmjit).
inline uint8_t* alu_ri(uint8_t* p, Alu op, bool wide, uint32_t r, int32_t imm) {
  const auto digit = static_cast<uint32_t>(op);
  if (fits_int8(imm)) {
    p = head(p, Opcode{0, 0x83}, wide, 0, 0, r);
    *p++ = static_cast<uint8_t>(0xc0 | (digit << 3) | (r & 7));
    *p++ = static_cast<uint8_t>(imm);
    return p;
  }
  if (r == 0) {
    p = head(p, Opcode{0, static_cast<uint8_t>(digit * 8 + 5)}, wide, 0, 0, 0);
  } else {
    p = head(p, Opcode{0, 0x81}, wide, 0, 0, r);
    *p++ = static_cast<uint8_t>(0xc0 | (digit << 3) | (r & 7));
  }
  return put32(p, static_cast<uint32_t>(imm));
}

// Shifts and rotates by an immediate count: the /digit of their C1 (D1 for 1) forms.
enum class Shift : uint8_t { Rol = 0, Ror = 1, Shl = 4, Shr = 5, Sar = 7 };
inline uint8_t* shift_ri(uint8_t* p, Shift op, bool wide, uint32_t r, uint8_t count) {
  p = head(p, Opcode{0, static_cast<uint8_t>(count == 1 ? 0xd1 : 0xc1)}, wide, 0, 0, r);
  *p++ = static_cast<uint8_t>(0xc0 | (static_cast<uint32_t>(op) << 3) | (r & 7));
  if (count != 1) *p++ = count;
  return p;
}

// bt-family with an immediate bit index: bts 5, btr 6, btc 7 (0F BA /digit ib).
inline uint8_t* bit_ri(uint8_t* p, uint32_t digit, bool wide, uint32_t r, uint8_t bit) {
  p = head(p, Opcode{0, 0x0f, 0xba}, wide, 0, 0, r);
  *p++ = static_cast<uint8_t>(0xc0 | (digit << 3) | (r & 7));
  *p++ = bit;
  return p;
}

// imul d, s, imm.
inline uint8_t* imul_rri(uint8_t* p, bool wide, uint32_t d, uint32_t s, int32_t imm) {
  const bool small = fits_int8(imm);
  p = rr(p, Opcode{0, static_cast<uint8_t>(small ? 0x6b : 0x69)}, wide, d, s);
  if (small) {
    *p++ = static_cast<uint8_t>(imm);
    return p;
  }
  return put32(p, static_cast<uint32_t>(imm));
}

// mov r32, imm32 (zero-extends) and mov r64, imm64.
inline uint8_t* mov_ri32(uint8_t* p, uint32_t r, uint32_t imm) {
  if (r >= 8) *p++ = 0x41;
  *p++ = static_cast<uint8_t>(0xb8 | (r & 7));
  return put32(p, imm);
}

inline uint8_t* mov_ri64(uint8_t* p, uint32_t r, uint64_t imm) {
  *p++ = static_cast<uint8_t>(0x48 | (r >> 3));
  *p++ = static_cast<uint8_t>(0xb8 | (r & 7));
  return put64(p, imm);
}

// op qword [m], imm32 (81 /digit id, always the 4-byte immediate: patch placeholders).
inline uint8_t* alu_mi32(uint8_t* p, Alu op, const Mem& m, int32_t imm) {
  p = rm(p, Opcode{0, 0x81}, true, static_cast<uint32_t>(op), m);
  return put32(p, static_cast<uint32_t>(imm));
}

// mov qword [m], imm32 (sign-extended), or mov dword [m], imm32 when not `wide`.
inline uint8_t* mov_mi32(uint8_t* p, const Mem& m, int32_t imm, bool wide = true) {
  p = rm(p, Opcode{0, 0xc7}, wide, 0, m);
  return put32(p, static_cast<uint32_t>(imm));
}

// setcc r8 and movzx r32, r8 (a REX for spl/bpl/sil/dil, as asmjit).
inline uint8_t* setcc_movzx(uint8_t* p, uint32_t cc, uint32_t r) {
  const bool rex = r >= 4;
  if (rex) *p++ = static_cast<uint8_t>(0x40 | (r >> 3));
  *p++ = 0x0f;
  *p++ = static_cast<uint8_t>(0x90 | cc);
  *p++ = static_cast<uint8_t>(0xc0 | (r & 7));
  if (rex) *p++ = static_cast<uint8_t>(0x40 | ((r >> 1) & 4) | (r >> 3));
  *p++ = 0x0f;
  *p++ = 0xb6;
  *p++ = static_cast<uint8_t>(0xc0 | ((r & 7) << 3) | (r & 7));
  return p;
}

}  // namespace shortcrust::jit::x64::enc
