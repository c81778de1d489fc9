// AArch64 numeric instructions (the Compare, Unary, Binary and Convert rows), select,
// ref.is_null and NaN canonicalisation. Every row is inline: AArch64 has direct forms for
// what x86-64 sends to runtime helpers (fcvtz* saturate as trunc_sat does, ucvtf rounds
// u64 once, frint* round, fmin/fmax order -0 below +0). Where the hardware differs from
// interp/semantics.h the code says how it is made to agree. Assumes FPCR as Linux leaves
// it: DN, FZ and AH clear. Branches to trap sites go through Masm::jump_if*, so that
// their veneers (masm.h) cover them. Scratch use: x16, x17, v30, v31 only.
// Invariant: a general register holding an i32 has its upper 32 bits zero (W-register
// writes keep it).
#include <asmjit/arm/a64utils.h>

#include <bit>
#include <cstdint>

#include "jit/a64/masm.h"

namespace shortcrust::jit::a64 {

using asmjit::Imm;
using asmjit::arm::CondCode;
using decoder::Op;
using decoder::ValType;

namespace {

aa::Gp gp(Reg r, bool wide) { return wide ? aa::Gp(gp64(r)) : aa::Gp(gp32(r)); }
aa::Gp sized(const aa::GpX& r, bool wide) { return wide ? aa::Gp(r) : aa::Gp(r.w()); }
aa::Vec fp(Reg r, bool wide) { return wide ? aa::Vec(vd(r)) : aa::Vec(vs(r)); }
aa::Vec fscratch(uint32_t id, bool wide) { return wide ? aa::Vec(aa::d(id)) : aa::Vec(aa::s(id)); }

// An immediate in its width: i32 immediates are the low 32 bits of the slot.
uint64_t width_bits(uint64_t bits, bool wide) { return wide ? bits : bits & 0xffffffffu; }
uint64_t negated(uint64_t v, bool wide) { return width_bits(0 - v, wide); }

bool is_wide(ValType t) { return t != ValType::I32 && t != ValType::F32; }

// Sets a float scratch register (v31 or v30) to `bits`, through x16.
void load_fp_bits(aa::Assembler& a, uint32_t id, uint64_t bits, bool wide) {
  mov_imm64(a, kScratch, bits);
  if (wide) a.fmov(aa::d(id), kScratch);
  else a.fmov(aa::s(id), kScratch.w());
}

// add/sub/and/or/xor with an encodable immediate (add/sub: 12 bits, either sign;
// logical: a bitmask immediate). False when `v` has no such form.
bool integer_binary_imm(aa::Assembler& a, Op op, bool wide, const aa::Gp& d, const aa::Gp& lhs, uint64_t v) {
  const uint32_t width = wide ? 64 : 32;
  switch (op) {
    case Op::I32Add: case Op::I64Add: case Op::I32Sub: case Op::I64Sub: {
      const bool add = op == Op::I32Add || op == Op::I64Add;
      if (v < 4096) {
        if (add) a.add(d, lhs, Imm(v));
        else a.sub(d, lhs, Imm(v));
        return true;
      }
      const uint64_t n = negated(v, wide);
      if (n >= 4096) return false;
      if (add) a.sub(d, lhs, Imm(n));
      else a.add(d, lhs, Imm(n));
      return true;
    }
    case Op::I32And: case Op::I64And: case Op::I32Or: case Op::I64Or: case Op::I32Xor: case Op::I64Xor:
      if (!aa::Utils::isLogicalImm(v, width)) return false;
      if (op == Op::I32And || op == Op::I64And) a.and_(d, lhs, Imm(v));
      else if (op == Op::I32Or || op == Op::I64Or) a.orr(d, lhs, Imm(v));
      else a.eor(d, lhs, Imm(v));
      return true;
    default: return false;
  }
}

void integer_binary_reg(aa::Assembler& a, Op op, const aa::Gp& d, const aa::Gp& lhs, const aa::Gp& rhs) {
  switch (op) {
    case Op::I32Add: case Op::I64Add: a.add(d, lhs, rhs); return;
    case Op::I32Sub: case Op::I64Sub: a.sub(d, lhs, rhs); return;
    case Op::I32Mul: case Op::I64Mul: a.mul(d, lhs, rhs); return;
    case Op::I32And: case Op::I64And: a.and_(d, lhs, rhs); return;
    case Op::I32Or: case Op::I64Or: a.orr(d, lhs, rhs); return;
    case Op::I32Xor: case Op::I64Xor: a.eor(d, lhs, rhs); return;
    default: return;
  }
}

// Shifts and rotates by a constant: the count masked to the width as Wasm does; rotl is
// ror by the complement.
void shift_imm(aa::Assembler& a, Op op, bool wide, const aa::Gp& d, const aa::Gp& lhs, uint64_t count) {
  const uint64_t mask = wide ? 63 : 31;
  const uint64_t n = count & mask;
  switch (op) {
    case Op::I32Shl: case Op::I64Shl: a.lsl(d, lhs, Imm(n)); return;
    case Op::I32ShrS: case Op::I64ShrS: a.asr(d, lhs, Imm(n)); return;
    case Op::I32ShrU: case Op::I64ShrU: a.lsr(d, lhs, Imm(n)); return;
    case Op::I32Rotl: case Op::I64Rotl: a.ror(d, lhs, Imm((mask + 1 - n) & mask)); return;
    case Op::I32Rotr: case Op::I64Rotr: a.ror(d, lhs, Imm(n)); return;
    default: return;
  }
}

// lslv/asrv/lsrv/rorv take the count modulo the width, exactly as Wasm masks it.
void shift_reg(aa::Assembler& a, Op op, bool wide, const aa::Gp& d, const aa::Gp& lhs, const aa::Gp& rhs) {
  switch (op) {
    case Op::I32Shl: case Op::I64Shl: a.lsl(d, lhs, rhs); return;
    case Op::I32ShrS: case Op::I64ShrS: a.asr(d, lhs, rhs); return;
    case Op::I32ShrU: case Op::I64ShrU: a.lsr(d, lhs, rhs); return;
    case Op::I32Rotr: case Op::I64Rotr: a.ror(d, lhs, rhs); return;
    case Op::I32Rotl: case Op::I64Rotl: {
      const aa::Gp count = sized(kScratch2, wide);
      a.neg(count, rhs);
      a.ror(d, lhs, count);
      return;
    }
    default: return;
  }
}

// sdiv/udiv never fault, so the spec's checks are explicit: zero traps, INT_MIN / -1
// traps for div_s. rem_s needs no check: sdiv gives INT_MIN for INT_MIN / -1 and the
// msub then yields 0, as Wasm wants. A constant divisor skips the checks it cannot fail.
struct Divisor {
  bool may_be_zero = true;
  bool may_be_minus_one = true;
};

void divide(aa::Assembler& a, Masm& m, Op op, bool wide, const aa::Gp& d, const aa::Gp& lhs, const aa::Gp& rhs,
            Divisor divisor, TrapSites& traps) {
  const bool is_signed = op == Op::I32DivS || op == Op::I64DivS || op == Op::I32RemS || op == Op::I64RemS;
  const bool is_rem = op == Op::I32RemS || op == Op::I64RemS || op == Op::I32RemU || op == Op::I64RemU;
  if (divisor.may_be_zero) m.jump_if_zero(rhs, traps.trap(TrapKind::IntegerDivideByZero));
  if (is_signed && !is_rem && divisor.may_be_minus_one) {
    // Z = (rhs == -1); then, only if Z, V = (lhs - 1 overflows) = (lhs == INT_MIN).
    a.cmn(rhs, Imm(1));
    a.ccmp(lhs, Imm(1), Imm(0), Imm(CondCode::kEQ));
    m.jump_if(CondCode::kVS, traps.trap(TrapKind::IntegerOverflow));
  }
  if (!is_rem) {
    if (is_signed) a.sdiv(d, lhs, rhs);
    else a.udiv(d, lhs, rhs);
    return;
  }
  const aa::Gp quotient = sized(kScratch2, wide);
  if (is_signed) a.sdiv(quotient, lhs, rhs);
  else a.udiv(quotient, lhs, rhs);
  a.msub(d, quotient, rhs, lhs);
}

void bit_count(aa::Assembler& a, Op op, bool wide, const aa::Gp& d, const aa::Gp& src) {
  switch (op) {
    case Op::I32Clz: case Op::I64Clz: a.clz(d, src); return;
    case Op::I32Ctz: case Op::I64Ctz:
      a.rbit(d, src);
      a.clz(d, d);
      return;
    default: {  // popcnt: per-byte counts in v31, summed across the 8 bytes
      const aa::VecD v = aa::d(kFScratchId);
      if (wide) a.fmov(v, src);
      else a.fmov(aa::s(kFScratchId), src);
      a.cnt(v.b8(), v.b8());
      a.addv(aa::VecB(kFScratchId), v.b8());
      a.fmov(d.w(), aa::s(kFScratchId));
      return;
    }
  }
}

CondCode int_condition(Op op) {
  switch (op) {
    case Op::I32Ne: case Op::I64Ne: return CondCode::kNE;
    case Op::I32LtS: case Op::I64LtS: return CondCode::kLT;
    case Op::I32LtU: case Op::I64LtU: return CondCode::kLO;
    case Op::I32GtS: case Op::I64GtS: return CondCode::kGT;
    case Op::I32GtU: case Op::I64GtU: return CondCode::kHI;
    case Op::I32LeS: case Op::I64LeS: return CondCode::kLE;
    case Op::I32LeU: case Op::I64LeU: return CondCode::kLS;
    case Op::I32GeS: case Op::I64GeS: return CondCode::kGE;
    case Op::I32GeU: case Op::I64GeU: return CondCode::kHS;
    default: return CondCode::kEQ;  // eq, eqz
  }
}

// After fcmp, unordered sets C and V and clears N and Z: each condition below is false
// for NaN except ne, as Wasm wants (mi: N; ls: !C or Z; gt: !Z and N == V; ge: N == V).
CondCode float_condition(Op op) {
  switch (op) {
    case Op::F32Ne: case Op::F64Ne: return CondCode::kNE;
    case Op::F32Lt: case Op::F64Lt: return CondCode::kMI;
    case Op::F32Gt: case Op::F64Gt: return CondCode::kGT;
    case Op::F32Le: case Op::F64Le: return CondCode::kLS;
    case Op::F32Ge: case Op::F64Ge: return CondCode::kGE;
    default: return CondCode::kEQ;
  }
}

// fmin/fmax give -0 < +0 and propagate NaN, but when both operands are NaN they prefer a
// signalling one, while the interpreter takes the first NaN (quieted) whatever its kind.
// So a NaN lhs is answered by fmin(lhs, lhs), which is lhs quieted.
void min_max(aa::Assembler& a, bool is_min, bool wide, const aa::Vec& d, const aa::Vec& lhs, const aa::Vec& rhs) {
  const aa::Vec quiet_lhs = fscratch(kFScratch2Id, wide);
  a.fcmp(lhs, lhs);
  if (is_min) {
    a.fmin(quiet_lhs, lhs, lhs);
    a.fmin(d, lhs, rhs);
  } else {
    a.fmax(quiet_lhs, lhs, lhs);
    a.fmax(d, lhs, rhs);
  }
  a.fcsel(d, quiet_lhs, d, Imm(CondCode::kVS));
}

void float_binary(aa::Assembler& a, Op op, bool wide, const aa::Vec& d, const aa::Vec& lhs, const aa::Vec& rhs) {
  switch (op) {
    case Op::F32Add: case Op::F64Add: a.fadd(d, lhs, rhs); return;
    case Op::F32Sub: case Op::F64Sub: a.fsub(d, lhs, rhs); return;
    case Op::F32Mul: case Op::F64Mul: a.fmul(d, lhs, rhs); return;
    case Op::F32Div: case Op::F64Div: a.fdiv(d, lhs, rhs); return;
    case Op::F32Min: case Op::F64Min: min_max(a, true, wide, d, lhs, rhs); return;
    case Op::F32Max: case Op::F64Max: min_max(a, false, wide, d, lhs, rhs); return;
    default: return;
  }
}

// fabs/fneg only touch the sign bit (NaN payloads survive, as in the interpreter); the
// frint forms return a NaN operand quieted and keep the sign of zero results, as
// interp's ceil/floor/trunc/nearest do.
void float_unary(aa::Assembler& a, Op op, const aa::Vec& d, const aa::Vec& src) {
  switch (op) {
    case Op::F32Abs: case Op::F64Abs: a.fabs(d, src); return;
    case Op::F32Neg: case Op::F64Neg: a.fneg(d, src); return;
    case Op::F32Sqrt: case Op::F64Sqrt: a.fsqrt(d, src); return;
    case Op::F32Ceil: case Op::F64Ceil: a.frintp(d, src); return;
    case Op::F32Floor: case Op::F64Floor: a.frintm(d, src); return;
    case Op::F32Trunc: case Op::F64Trunc: a.frintz(d, src); return;
    case Op::F32Nearest: case Op::F64Nearest: a.frintn(d, src); return;
    default: return;
  }
}

// The range a trapping truncation accepts (interp's trunc_in_range): lower < x (or
// lower <= x when `inclusive`) and x < upper, as float bits of the source width.
struct TruncRange {
  uint64_t lower;
  bool inclusive;
  uint64_t upper;
};

template <class F>
constexpr uint64_t fbits(F x) {
  if constexpr (sizeof(F) == 4) return std::bit_cast<uint32_t>(x);
  else return std::bit_cast<uint64_t>(x);
}

TruncRange trunc_range(Op op) {
  switch (op) {
    case Op::I32TruncF32S: return {fbits(-2147483648.0f), true, fbits(2147483648.0f)};
    case Op::I32TruncF32U: return {fbits(-1.0f), false, fbits(4294967296.0f)};
    case Op::I32TruncF64S: return {fbits(-2147483649.0), false, fbits(2147483648.0)};
    case Op::I32TruncF64U: return {fbits(-1.0), false, fbits(4294967296.0)};
    case Op::I64TruncF32S: return {fbits(-9223372036854775808.0f), true, fbits(9223372036854775808.0f)};
    case Op::I64TruncF32U: return {fbits(-1.0f), false, fbits(18446744073709551616.0f)};
    case Op::I64TruncF64S: return {fbits(-9223372036854775808.0), true, fbits(9223372036854775808.0)};
    default: return {fbits(-1.0), false, fbits(18446744073709551616.0)};  // I64TruncF64U
  }
}

// NaN traps as an invalid conversion, a value outside the range as an overflow.
void trunc_checks(aa::Assembler& a, Masm& m, Op op, bool src_wide, const aa::Vec& src, TrapSites& traps) {
  const TruncRange range = trunc_range(op);
  const aa::Vec bound = fscratch(kFScratchId, src_wide);
  const Label overflow = traps.trap(TrapKind::IntegerOverflow);
  a.fcmp(src, src);
  m.jump_if(CondCode::kVS, traps.trap(TrapKind::InvalidConversion));
  load_fp_bits(a, kFScratchId, range.lower, src_wide);
  a.fcmp(src, bound);
  m.jump_if(range.inclusive ? CondCode::kLT : CondCode::kLS, overflow);
  load_fp_bits(a, kFScratchId, range.upper, src_wide);
  a.fcmp(src, bound);
  m.jump_if(CondCode::kGE, overflow);
}

bool is_trapping_trunc(Op op) {
  switch (op) {
    case Op::I32TruncF32S: case Op::I32TruncF32U: case Op::I32TruncF64S: case Op::I32TruncF64U:
    case Op::I64TruncF32S: case Op::I64TruncF32U: case Op::I64TruncF64S: case Op::I64TruncF64U: return true;
    default: return false;
  }
}

// Float -> integer: fcvtzs/fcvtzu truncate, give 0 for NaN and saturate out-of-range
// values, which is exactly trunc_sat (the trapping forms check first).
bool float_to_int(aa::Assembler& a, Op op, Reg d, Reg s) {
  bool is_signed = true;
  bool dst_wide = false;
  bool src_wide = false;
  switch (op) {
    case Op::I32TruncF32S: case Op::I32TruncSatF32S: break;
    case Op::I32TruncF32U: case Op::I32TruncSatF32U: is_signed = false; break;
    case Op::I32TruncF64S: case Op::I32TruncSatF64S: src_wide = true; break;
    case Op::I32TruncF64U: case Op::I32TruncSatF64U: is_signed = false; src_wide = true; break;
    case Op::I64TruncF32S: case Op::I64TruncSatF32S: dst_wide = true; break;
    case Op::I64TruncF32U: case Op::I64TruncSatF32U: is_signed = false; dst_wide = true; break;
    case Op::I64TruncF64S: case Op::I64TruncSatF64S: dst_wide = src_wide = true; break;
    case Op::I64TruncF64U: case Op::I64TruncSatF64U: is_signed = false; dst_wide = src_wide = true; break;
    default: return false;
  }
  if (is_signed) a.fcvtzs(gp(d, dst_wide), fp(s, src_wide));
  else a.fcvtzu(gp(d, dst_wide), fp(s, src_wide));
  return true;
}

// Integer -> float: scvtf/ucvtf round once to nearest-even from the full value, as the
// interpreter's C++ conversions (compiled to the same instructions) do.
bool int_to_float(aa::Assembler& a, Op op, Reg d, Reg s) {
  switch (op) {
    case Op::F32ConvertI32S: a.scvtf(vs(d), gp32(s)); return true;
    case Op::F32ConvertI32U: a.ucvtf(vs(d), gp32(s)); return true;
    case Op::F32ConvertI64S: a.scvtf(vs(d), gp64(s)); return true;
    case Op::F32ConvertI64U: a.ucvtf(vs(d), gp64(s)); return true;
    case Op::F64ConvertI32S: a.scvtf(vd(d), gp32(s)); return true;
    case Op::F64ConvertI32U: a.ucvtf(vd(d), gp32(s)); return true;
    case Op::F64ConvertI64S: a.scvtf(vd(d), gp64(s)); return true;
    case Op::F64ConvertI64U: a.ucvtf(vd(d), gp64(s)); return true;
    default: return false;
  }
}

// Wrap, extensions, reinterpretations, demote and promote. fcvt rounds to nearest-even
// (overflow to infinity, as interp's f32_demote_f64) and quiets NaNs keeping the top
// payload bits, as the interpreter's float(double) does on this machine.
void convert_simple(aa::Assembler& a, Op op, Reg d, Reg s) {
  switch (op) {
    case Op::I32WrapI64: case Op::I64ExtendI32U: a.mov(gp32(d), gp32(s)); return;
    case Op::I64ExtendI32S: case Op::I64Extend32S: a.sxtw(gp64(d), gp32(s)); return;
    case Op::I32Extend8S: a.sxtb(gp32(d), gp32(s)); return;
    case Op::I32Extend16S: a.sxth(gp32(d), gp32(s)); return;
    case Op::I64Extend8S: a.sxtb(gp64(d), gp32(s)); return;
    case Op::I64Extend16S: a.sxth(gp64(d), gp32(s)); return;
    case Op::I32ReinterpretF32: a.fmov(gp32(d), vs(s)); return;
    case Op::I64ReinterpretF64: a.fmov(gp64(d), vd(s)); return;
    case Op::F32ReinterpretI32: a.fmov(vs(d), gp32(s)); return;
    case Op::F64ReinterpretI64: a.fmov(vd(d), gp64(s)); return;
    case Op::F32DemoteF64: a.fcvt(vs(d), vd(s)); return;
    case Op::F64PromoteF32: a.fcvt(vd(d), vs(s)); return;
    default: return;
  }
}

}  // namespace

bool Masm::inlines(Op) { return true; }

Condition Masm::compare_flags(Op op, Reg a, const Operand& b) {
  veneer_point();
  const bool wide = decoder::info(op).sig.params[0] == decoder::SigType::I64;
  if (op == Op::I32Eqz || op == Op::I64Eqz) {
    a_.cmp(gp(a, wide), Imm(0));
  } else if (b.kind == Operand::Kind::Imm && width_bits(b.imm, wide) < 4096) {
    a_.cmp(gp(a, wide), Imm(width_bits(b.imm, wide)));
  } else if (b.kind == Operand::Kind::Imm && negated(b.imm, wide) < 4096) {
    a_.cmn(gp(a, wide), Imm(negated(b.imm, wide)));
  } else {
    a_.cmp(gp(a, wide), operand_gp(b, wide, kScratch));
  }
  return Condition{static_cast<uint32_t>(int_condition(op))};
}

void Masm::numeric(Op op, Reg d, Reg a, const Operand& b, TrapSites& traps) {
  veneer_point();  // a long run of numeric code must not outrun a pending branch's reach
  const decoder::Sig& sig = decoder::info(op).sig;
  const decoder::SigType param = sig.params[0];
  const bool wide = param == decoder::SigType::I64 || param == decoder::SigType::F64;
  const bool float_param = param == decoder::SigType::F32 || param == decoder::SigType::F64;
  const decoder::Family family = decoder::info(op).family;
  if (family == decoder::Family::Convert) {
    if (is_trapping_trunc(op)) trunc_checks(a_, *this, op, wide, fp(a, wide), traps);
    if (float_to_int(a_, op, d, a) || int_to_float(a_, op, d, a)) return;
    convert_simple(a_, op, d, a);
    return;
  }
  if (family == decoder::Family::Compare) {
    if (float_param) {
      a_.fcmp(fp(a, wide), operand_fp(b, wide));
      a_.cset(gp32(d), Imm(float_condition(op)));
      return;
    }
    const Condition c = compare_flags(op, a, b);
    a_.cset(gp32(d), Imm(static_cast<CondCode>(c.code)));
    return;
  }
  if (float_param) {
    if (sig.param_count == 1) return float_unary(a_, op, fp(d, wide), fp(a, wide));
    if (op == Op::F32Copysign || op == Op::F64Copysign) return copysign(wide, d, a, b);
    return float_binary(a_, op, wide, fp(d, wide), fp(a, wide), operand_fp(b, wide));
  }
  switch (op) {
    case Op::I32Clz: case Op::I32Ctz: case Op::I32Popcnt:
    case Op::I64Clz: case Op::I64Ctz: case Op::I64Popcnt: return bit_count(a_, op, wide, gp(d, wide), gp(a, wide));
    case Op::I32Extend8S: case Op::I32Extend16S:  // sign-extension rows are Unary
    case Op::I64Extend8S: case Op::I64Extend16S: case Op::I64Extend32S: return convert_simple(a_, op, d, a);
    default: break;
  }
  const aa::Gp dst = gp(d, wide);
  const aa::Gp lhs = gp(a, wide);
  const bool is_imm = b.kind == Operand::Kind::Imm;
  const uint64_t v = width_bits(b.imm, wide);
  if (is_divide(op)) {
    const Divisor divisor{!is_imm || v == 0, !is_imm || v == width_bits(~uint64_t{0}, wide)};
    return divide(a_, *this, op, wide, dst, lhs, operand_gp(b, wide, kScratch), divisor, traps);
  }
  if (is_shift(op)) {
    if (is_imm) return shift_imm(a_, op, wide, dst, lhs, v);
    return shift_reg(a_, op, wide, dst, lhs, operand_gp(b, wide, kScratch));
  }
  if (is_imm && integer_binary_imm(a_, op, wide, dst, lhs, v)) return;
  integer_binary_reg(a_, op, dst, lhs, operand_gp(b, wide, kScratch));
}

// d = |a| with b's sign bit, in general registers: b's bits first (into x17, so that a
// slot load may still use x16), then a's into x16, b's sign inserted with bfi.
void Masm::copysign(bool wide, Reg d, Reg a, const Operand& b) {
  const uint32_t sign = wide ? 63 : 31;
  const aa::Gp sign_src = sized(kScratch2, wide);
  const aa::Gp bits = sized(kScratch, wide);
  if (b.kind == Operand::Kind::Reg) a_.fmov(sign_src, fp(b.reg, wide));
  else operand_gp(b, wide, kScratch2);
  a_.fmov(bits, fp(a, wide));
  a_.lsr(sign_src, sign_src, Imm(sign));
  a_.bfi(bits, sign_src, Imm(sign), Imm(1));
  a_.fmov(fp(d, wide), bits);
}

void Masm::canonicalize_nan(Reg r, ValType t) {
  veneer_point();
  const bool wide = t == ValType::F64;
  const aa::Vec x = fp(r, wide);
  load_fp_bits(a_, kFScratchId, wide ? 0x7ff8000000000000u : 0x7fc00000u, wide);
  a_.fcmp(x, x);
  a_.fcsel(x, fscratch(kFScratchId, wide), x, Imm(CondCode::kVS));
}

// The operand is resolved before the flags are set, in case its load needs arithmetic.
void Masm::select(ValType t, Reg d, Reg cond, const Operand& b) {
  veneer_point();
  const bool wide = is_wide(t);
  if (d.cls == RegClass::Gpr) {
    const aa::Gp rhs = operand_gp(b, wide, kScratch);
    a_.cmp(gp32(cond), Imm(0));
    a_.csel(gp(d, wide), gp(d, wide), rhs, Imm(CondCode::kNE));
    return;
  }
  const aa::Vec rhs = operand_fp(b, wide);
  a_.cmp(gp32(cond), Imm(0));
  a_.fcsel(fp(d, wide), fp(d, wide), rhs, Imm(CondCode::kNE));
}

void Masm::ref_is_null(Reg d, Reg a) {
  veneer_point();
  a_.cmp(gp64(a), Imm(0));
  a_.cset(gp32(d), Imm(CondCode::kEQ));
}

aa::Gp Masm::operand_gp(const Operand& b, bool wide, const aa::GpX& scratch) {
  switch (b.kind) {
    case Operand::Kind::Reg: return gp(b.reg, wide);
    case Operand::Kind::Slot:
      load_slot(Reg{static_cast<uint8_t>(scratch.id()), RegClass::Gpr}, b.slot, wide ? ValType::I64 : ValType::I32);
      break;
    case Operand::Kind::Imm: mov_imm64(a_, scratch, width_bits(b.imm, wide)); break;
  }
  return sized(scratch, wide);
}

aa::Vec Masm::operand_fp(const Operand& b, bool wide) {
  switch (b.kind) {
    case Operand::Kind::Reg: return fp(b.reg, wide);
    case Operand::Kind::Slot:
      load_slot(Reg{static_cast<uint8_t>(kFScratchId), RegClass::Fpr}, b.slot, wide ? ValType::F64 : ValType::F32);
      break;
    case Operand::Kind::Imm: load_fp_bits(a_, kFScratchId, width_bits(b.imm, wide), wide); break;
  }
  return fscratch(kFScratchId, wide);
}

}  // namespace shortcrust::jit::a64
