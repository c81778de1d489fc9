// x86-64 numeric instructions (the Compare, Unary, Binary and Convert rows). Operations
// without an inline form here (float min/max, trapping and saturating truncations,
// unsigned 64-bit conversions to float, and rounding or popcnt when the CPU lacks SSE4.1
// or POPCNT) go through the interpreter's semantics (jit/runtime_calls.h).
// Invariant: a general register holding an i32 has its upper 32 bits zero.
#include <asmjit/x86.h>

#include <cstdlib>
#include <string_view>

#include "jit/x64/masm.h"
#include "jit/x64/regs.h"

namespace shortcrust::jit::x64 {

using namespace asmjit;
using namespace asmjit::x86;
using decoder::Op;

namespace {

struct HostFeatures {
  bool lzcnt = false, bmi1 = false, bmi2 = false, popcnt = false, sse41 = false;
};

// The CPU's optional instructions; SHORTCRUST_JIT_CPU=baseline in the environment turns
// them all off, so that tests can run the fallbacks on any machine.
const HostFeatures& cpu() {
  static const HostFeatures features = [] {
    const char* forced = std::getenv("SHORTCRUST_JIT_CPU");
    if (forced != nullptr && std::string_view(forced) == "baseline") return HostFeatures{};
    const CpuInfo& info = CpuInfo::host();
    using F = CpuFeatures::X86;
    return HostFeatures{info.hasFeature(F::kLZCNT), info.hasFeature(F::kBMI), info.hasFeature(F::kBMI2),
                       info.hasFeature(F::kPOPCNT), info.hasFeature(F::kSSE4_1)};
  }();
  return features;
}

constexpr uint32_t bit(uint32_t code) { return 1u << code; }

bool is_shift(Op op) {
  switch (op) {
    case Op::I32Shl: case Op::I32ShrS: case Op::I32ShrU: case Op::I32Rotl: case Op::I32Rotr:
    case Op::I64Shl: case Op::I64ShrS: case Op::I64ShrU: case Op::I64Rotl: case Op::I64Rotr: return true;
    default: return false;
  }
}

bool is_divide(Op op) {
  switch (op) {
    case Op::I32DivS: case Op::I32DivU: case Op::I32RemS: case Op::I32RemU:
    case Op::I64DivS: case Op::I64DivU: case Op::I64RemS: case Op::I64RemU: return true;
    default: return false;
  }
}

bool fits_imm32(uint64_t bits, bool wide) {
  if (!wide) return true;
  const auto v = static_cast<int64_t>(bits);
  return v >= INT32_MIN && v <= INT32_MAX;
}

}  // namespace

uint32_t Masm::clobbers(Op op) {
  if (is_divide(op)) return bit(0) | bit(2);  // rax, rdx
  if (is_shift(op)) return bit(1);            // rcx (cl holds the count)
  return 0;
}

bool Masm::inlines(Op op) {
  switch (op) {
    case Op::F32Min: case Op::F32Max: case Op::F64Min: case Op::F64Max:
    case Op::I32TruncF32S: case Op::I32TruncF32U: case Op::I32TruncF64S: case Op::I32TruncF64U:
    case Op::I64TruncF32S: case Op::I64TruncF32U: case Op::I64TruncF64S: case Op::I64TruncF64U:
    case Op::I32TruncSatF32S: case Op::I32TruncSatF32U: case Op::I32TruncSatF64S: case Op::I32TruncSatF64U:
    case Op::I64TruncSatF32S: case Op::I64TruncSatF32U: case Op::I64TruncSatF64S: case Op::I64TruncSatF64U:
    case Op::F32ConvertI64U: case Op::F64ConvertI64U: return false;
    case Op::F32Ceil: case Op::F32Floor: case Op::F32Trunc: case Op::F32Nearest:
    case Op::F64Ceil: case Op::F64Floor: case Op::F64Trunc: case Op::F64Nearest: return cpu().sse41;
    case Op::I32Popcnt: case Op::I64Popcnt: return cpu().popcnt;
    default: return true;
  }
}

void Masm::numeric(Op op, Reg d, Reg a, const Operand& b, TrapSites& traps) {
  const decoder::Sig& sig = decoder::info(op).sig;
  const decoder::SigType param = sig.params[0];
  const bool wide = param == decoder::SigType::I64 || param == decoder::SigType::F64;
  switch (decoder::info(op).family) {
    case decoder::Family::Compare:
      if (param == decoder::SigType::F32 || param == decoder::SigType::F64) return float_compare(op, wide, d, a, b);
      return compare(op, d, a, b);
    case decoder::Family::Convert:
      convert(op, d, a);
      return;
    default: break;
  }
  const bool is_float = sig.result == decoder::SigType::F32 || sig.result == decoder::SigType::F64;
  if (is_float) {
    if (sig.param_count == 1) return float_unary(op, wide, d, a);
    return float_binary(op, wide, d, a, b);
  }
  switch (op) {
    case Op::I32Clz: case Op::I32Ctz: case Op::I32Popcnt:
    case Op::I64Clz: case Op::I64Ctz: case Op::I64Popcnt: return bit_count(op, wide, d, a);
    case Op::I32Extend8S: case Op::I32Extend16S:  // sign-extension rows are Unary
    case Op::I64Extend8S: case Op::I64Extend16S: case Op::I64Extend32S: convert(op, d, a); return;
    default: break;
  }
  if (is_divide(op)) return divide(op, wide, d, a, b, traps);
  if (is_shift(op)) return shift(op, wide, d, a, b);
  integer_binary(op, wide, d, a, b);
}

void Masm::integer_binary(Op op, bool wide, Reg d, Reg a, const Operand& b) {
  const Gp dst = wide ? gp64(d) : gp32(d);
  const auto src = [&](const Gp& r) { return wide ? Gp(r.r64()) : Gp(r.r32()); };
  Operand rhs = b;
  if (rhs.kind == Operand::Kind::Reg && rhs.reg == d && d != a) {  // d = a - d and the like
    a_.mov(src(kScratch), src(gp64(rhs.reg)));
    rhs = Operand::of(Reg{static_cast<uint8_t>(kScratch.id()), RegClass::Gpr});
  }
  if (rhs.kind == Operand::Kind::Imm && !fits_imm32(rhs.imm, wide)) {
    operand_gp(rhs, wide);
    rhs = Operand::of(Reg{static_cast<uint8_t>(kScratch.id()), RegClass::Gpr});
  }
  if (d != a) a_.mov(dst, wide ? gp64(a) : gp32(a));
  InstId id = Inst::kIdNone;
  switch (op) {
    case Op::I32Add: case Op::I64Add: id = Inst::kIdAdd; break;
    case Op::I32Sub: case Op::I64Sub: id = Inst::kIdSub; break;
    case Op::I32Mul: case Op::I64Mul: id = Inst::kIdImul; break;
    case Op::I32And: case Op::I64And: id = Inst::kIdAnd; break;
    case Op::I32Or: case Op::I64Or: id = Inst::kIdOr; break;
    case Op::I32Xor: case Op::I64Xor: id = Inst::kIdXor; break;
    default: return;
  }
  switch (rhs.kind) {
    case Operand::Kind::Reg: a_.emit(id, dst, src(gp64(rhs.reg))); return;
    case Operand::Kind::Slot:
      a_.emit(id, dst, wide ? slot_mem(rhs.slot) : slot_mem32(rhs.slot));
      return;
    case Operand::Kind::Imm:
      if (id == Inst::kIdImul) a_.imul(dst, dst, Imm(static_cast<int32_t>(rhs.imm)));
      else a_.emit(id, dst, Imm(static_cast<int32_t>(rhs.imm)));
      return;
  }
}

// div and rem through rax:rdx (evicted by the driver, see clobbers()). The divisor goes
// to the scratch register first; the checks follow the spec: zero traps, INT_MIN / -1
// traps for div_s, and rem_s by -1 is 0 (x86's idiv would fault).
void Masm::divide(Op op, bool wide, Reg d, Reg a, const Operand& b, TrapSites& traps) {
  const bool is_signed = op == Op::I32DivS || op == Op::I64DivS || op == Op::I32RemS || op == Op::I64RemS;
  const bool is_rem = op == Op::I32RemS || op == Op::I64RemS || op == Op::I32RemU || op == Op::I64RemU;
  const Gp divisor = wide ? Gp(kScratch) : Gp(kScratch.r32());
  const Gp acc = wide ? Gp(rax) : Gp(eax);
  const Gp hi = wide ? Gp(rdx) : Gp(edx);
  switch (b.kind) {
    case Operand::Kind::Reg: a_.mov(divisor, wide ? gp64(b.reg) : gp32(b.reg)); break;
    default: operand_gp(b, wide); break;
  }
  const Label done = a_.newLabel();
  a_.test(divisor, divisor);
  jump_if(CondCode::kZ, traps.trap(TrapKind::IntegerDivideByZero));
  a_.mov(acc, wide ? gp64(a) : gp32(a));
  if (is_signed) {
    const Label normal = a_.newLabel();
    a_.cmp(divisor, -1);
    a_.jne(normal);
    if (is_rem) {
      a_.xor_(gp32(d), gp32(d));
      a_.jmp(done);
    } else {
      if (wide) {
        a_.mov(rdx, int64_t{INT64_MIN});
        a_.cmp(rax, rdx);
      } else {
        a_.cmp(eax, INT32_MIN);
      }
      jump_if(CondCode::kE, traps.trap(TrapKind::IntegerOverflow));
    }
    a_.bind(normal);
    if (wide) a_.cqo();
    else a_.cdq();
    a_.idiv(divisor);
  } else {
    a_.xor_(edx, edx);
    a_.div(divisor);
  }
  a_.mov(wide ? gp64(d) : gp32(d), is_rem ? hi : acc);
  a_.bind(done);
}

void Masm::shift(Op op, bool wide, Reg d, Reg a, const Operand& b) {
  const Gp dst = wide ? gp64(d) : gp32(d);
  InstId id = Inst::kIdNone;
  switch (op) {
    case Op::I32Shl: case Op::I64Shl: id = Inst::kIdShl; break;
    case Op::I32ShrS: case Op::I64ShrS: id = Inst::kIdSar; break;
    case Op::I32ShrU: case Op::I64ShrU: id = Inst::kIdShr; break;
    case Op::I32Rotl: case Op::I64Rotl: id = Inst::kIdRol; break;
    case Op::I32Rotr: case Op::I64Rotr: id = Inst::kIdRor; break;
    default: return;
  }
  // x86 masks the count to 5 or 6 bits, exactly as WebAssembly does.
  if (b.kind == Operand::Kind::Imm) {
    if (d != a) a_.mov(dst, wide ? gp64(a) : gp32(a));
    a_.emit(id, dst, Imm(static_cast<int32_t>(b.imm & (wide ? 63 : 31))));
    return;
  }
  switch (b.kind) {
    case Operand::Kind::Reg: a_.mov(ecx, gp32(b.reg)); break;
    case Operand::Kind::Slot: a_.mov(ecx, slot_mem32(b.slot)); break;
    case Operand::Kind::Imm: break;
  }
  if (d != a) a_.mov(dst, wide ? gp64(a) : gp32(a));
  a_.emit(id, dst, cl);
}

void Masm::bit_count(Op op, bool wide, Reg d, Reg a) {
  const Gp dst = wide ? gp64(d) : gp32(d);
  const Gp src = wide ? gp64(a) : gp32(a);
  const uint32_t bits = wide ? 64 : 32;
  switch (op) {
    case Op::I32Clz: case Op::I64Clz:
      if (cpu().lzcnt) {
        a_.lzcnt(dst, src);
      } else {  // bsr gives the top bit's index (31 - clz); zero input leaves ZF set
        a_.mov(kScratch.r32(), 2 * bits - 1);
        a_.bsr(dst, src);
        a_.cmovz(dst, wide ? Gp(kScratch) : Gp(kScratch.r32()));
        a_.xor_(dst, bits - 1);
      }
      return;
    case Op::I32Ctz: case Op::I64Ctz:
      if (cpu().bmi1) {
        a_.tzcnt(dst, src);
      } else {
        a_.mov(kScratch.r32(), bits);
        a_.bsf(dst, src);
        a_.cmovz(dst, wide ? Gp(kScratch) : Gp(kScratch.r32()));
      }
      return;
    default: a_.popcnt(dst, src); return;
  }
}

void Masm::compare(Op op, Reg d, Reg a, const Operand& b) {
  const bool wide = decoder::info(op).sig.params[0] == decoder::SigType::I64;
  const Gp lhs = wide ? gp64(a) : gp32(a);
  if (op == Op::I32Eqz || op == Op::I64Eqz) {
    a_.test(lhs, lhs);
    a_.sete(gp8(d));
    a_.movzx(gp32(d), gp8(d));
    return;
  }
  Operand rhs = b;
  if (rhs.kind == Operand::Kind::Imm && !fits_imm32(rhs.imm, wide)) {
    operand_gp(rhs, wide);
    rhs = Operand::of(Reg{static_cast<uint8_t>(kScratch.id()), RegClass::Gpr});
  }
  switch (rhs.kind) {
    case Operand::Kind::Reg: a_.cmp(lhs, wide ? gp64(rhs.reg) : gp32(rhs.reg)); break;
    case Operand::Kind::Slot:
      a_.cmp(lhs, wide ? slot_mem(rhs.slot) : slot_mem32(rhs.slot));
      break;
    case Operand::Kind::Imm: a_.cmp(lhs, Imm(static_cast<int32_t>(rhs.imm))); break;
  }
  CondCode cc = CondCode::kEqual;
  switch (op) {
    case Op::I32Eq: case Op::I64Eq: cc = CondCode::kEqual; break;
    case Op::I32Ne: case Op::I64Ne: cc = CondCode::kNotEqual; break;
    case Op::I32LtS: case Op::I64LtS: cc = CondCode::kSignedLT; break;
    case Op::I32LtU: case Op::I64LtU: cc = CondCode::kUnsignedLT; break;
    case Op::I32GtS: case Op::I64GtS: cc = CondCode::kSignedGT; break;
    case Op::I32GtU: case Op::I64GtU: cc = CondCode::kUnsignedGT; break;
    case Op::I32LeS: case Op::I64LeS: cc = CondCode::kSignedLE; break;
    case Op::I32LeU: case Op::I64LeU: cc = CondCode::kUnsignedLE; break;
    case Op::I32GeS: case Op::I64GeS: cc = CondCode::kSignedGE; break;
    case Op::I32GeU: case Op::I64GeU: cc = CondCode::kUnsignedGE; break;
    default: break;
  }
  a_.set(cc, gp8(d));
  a_.movzx(gp32(d), gp8(d));
}

// ucomis sets ZF, PF and CF all to 1 for unordered operands: eq needs ZF and not PF, ne
// is its negation; lt/le are gt/ge with the operands swapped, which unordered fails.
void Masm::float_compare(Op op, bool wide, Reg d, Reg a, const Operand& b) {
  Xmm rhs = kFScratch;
  switch (b.kind) {
    case Operand::Kind::Reg: rhs = xmm_of(b.reg); break;
    case Operand::Kind::Slot:
      if (wide) a_.movsd(kFScratch, slot_mem(b.slot));
      else a_.movss(kFScratch, slot_mem32(b.slot));
      break;
    case Operand::Kind::Imm:
      a_.mov(kScratch, b.imm);
      a_.movq(kFScratch, kScratch);
      break;
  }
  const Xmm lhs = xmm_of(a);
  const auto ucomi = [&](const Xmm& x, const Xmm& y) {
    if (wide) a_.ucomisd(x, y);
    else a_.ucomiss(x, y);
  };
  const Gp r8 = gp8(d);
  switch (op) {
    case Op::F32Eq: case Op::F64Eq:
      ucomi(lhs, rhs);
      a_.setnp(kScratch.r8());
      a_.sete(r8);
      a_.and_(r8, kScratch.r8());
      break;
    case Op::F32Ne: case Op::F64Ne:
      ucomi(lhs, rhs);
      a_.setp(kScratch.r8());
      a_.setne(r8);
      a_.or_(r8, kScratch.r8());
      break;
    case Op::F32Lt: case Op::F64Lt: ucomi(rhs, lhs); a_.seta(r8); break;
    case Op::F32Gt: case Op::F64Gt: ucomi(lhs, rhs); a_.seta(r8); break;
    case Op::F32Le: case Op::F64Le: ucomi(rhs, lhs); a_.setae(r8); break;
    case Op::F32Ge: case Op::F64Ge: ucomi(lhs, rhs); a_.setae(r8); break;
    default: break;
  }
  a_.movzx(gp32(d), r8);
}

void Masm::float_binary(Op op, bool wide, Reg d, Reg a, const Operand& b) {
  Xmm rhs = kFScratch;
  bool rhs_mem = false;
  switch (b.kind) {
    case Operand::Kind::Reg: rhs = xmm_of(b.reg); break;
    case Operand::Kind::Slot: rhs_mem = true; break;
    case Operand::Kind::Imm:
      a_.mov(kScratch, b.imm);
      a_.movq(kFScratch, kScratch);
      break;
  }
  if (op == Op::F32Copysign || op == Op::F64Copysign) {
    // d = |a| | sign(b), through the scratch registers (b is read before d is written).
    if (rhs_mem) a_.mov(kScratch, slot_mem(b.slot));
    else a_.movq(kScratch, rhs);
    if (wide) {
      a_.shr(kScratch, 63);
      a_.shl(kScratch, 63);
    } else {
      a_.and_(kScratch.r32(), 0x80000000u);
    }
    a_.movq(kFScratch, kScratch);  // b's sign bit alone
    if (d != a) a_.movaps(xmm_of(d), xmm_of(a));
    if (wide) {
      a_.movq(kScratch, xmm_of(d));
      a_.btr(kScratch, 63);
      a_.movq(xmm_of(d), kScratch);
    } else {
      a_.movd(kScratch.r32(), xmm_of(d));
      a_.btr(kScratch.r32(), 31);
      a_.movd(xmm_of(d), kScratch.r32());
    }
    a_.orps(xmm_of(d), kFScratch);
    return;
  }
  if (rhs_mem) {
    rhs = kFScratch;
    if (wide) a_.movsd(kFScratch, slot_mem(b.slot));
    else a_.movss(kFScratch, slot_mem32(b.slot));
  }
  if (d != a) {
    if (rhs == xmm_of(d)) {
      a_.movaps(kFScratch, rhs);
      rhs = kFScratch;
    }
    a_.movaps(xmm_of(d), xmm_of(a));
  }
  const Xmm dst = xmm_of(d);
  switch (op) {
    case Op::F32Add: a_.addss(dst, rhs); return;
    case Op::F32Sub: a_.subss(dst, rhs); return;
    case Op::F32Mul: a_.mulss(dst, rhs); return;
    case Op::F32Div: a_.divss(dst, rhs); return;
    case Op::F64Add: a_.addsd(dst, rhs); return;
    case Op::F64Sub: a_.subsd(dst, rhs); return;
    case Op::F64Mul: a_.mulsd(dst, rhs); return;
    case Op::F64Div: a_.divsd(dst, rhs); return;
    default: return;
  }
}

void Masm::float_unary(Op op, bool wide, Reg d, Reg a) {
  const Xmm dst = xmm_of(d);
  const Xmm src = xmm_of(a);
  switch (op) {
    case Op::F32Abs: case Op::F64Abs: case Op::F32Neg: case Op::F64Neg: {
      // Bit operations: the sign bit is cleared or flipped, NaN payloads kept.
      const bool neg = op == Op::F32Neg || op == Op::F64Neg;
      if (wide) {
        a_.movq(kScratch, src);
        if (neg) a_.btc(kScratch, 63);
        else a_.btr(kScratch, 63);
        a_.movq(dst, kScratch);
      } else {
        a_.movd(kScratch.r32(), src);
        if (neg) a_.btc(kScratch.r32(), 31);
        else a_.btr(kScratch.r32(), 31);
        a_.movd(dst, kScratch.r32());
      }
      return;
    }
    case Op::F32Sqrt: a_.sqrtss(dst, src); return;
    case Op::F64Sqrt: a_.sqrtsd(dst, src); return;
    default: break;
  }
  // roundss/roundsd immediates: 0 nearest even, 1 down, 2 up, 3 toward zero; bit 3
  // suppresses the inexact exception.
  uint32_t mode = 0;
  switch (op) {
    case Op::F32Nearest: case Op::F64Nearest: mode = 0; break;
    case Op::F32Floor: case Op::F64Floor: mode = 1; break;
    case Op::F32Ceil: case Op::F64Ceil: mode = 2; break;
    default: mode = 3; break;
  }
  if (wide) a_.roundsd(dst, src, Imm(mode | 8));
  else a_.roundss(dst, src, Imm(mode | 8));
}

void Masm::convert(Op op, Reg d, Reg a) {
  switch (op) {
    case Op::I32WrapI64: a_.mov(gp32(d), gp32(a)); return;
    case Op::I64ExtendI32S: a_.movsxd(gp64(d), gp32(a)); return;
    case Op::I64ExtendI32U: a_.mov(gp32(d), gp32(a)); return;
    case Op::I32Extend8S: a_.movsx(gp32(d), gp8(a)); return;
    case Op::I32Extend16S: a_.movsx(gp32(d), gp16(a)); return;
    case Op::I64Extend8S: a_.movsx(gp64(d), gp8(a)); return;
    case Op::I64Extend16S: a_.movsx(gp64(d), gp16(a)); return;
    case Op::I64Extend32S: a_.movsxd(gp64(d), gp32(a)); return;
    case Op::I32ReinterpretF32: a_.movd(gp32(d), xmm_of(a)); return;
    case Op::I64ReinterpretF64: a_.movq(gp64(d), xmm_of(a)); return;
    case Op::F32ReinterpretI32: a_.movd(xmm_of(d), gp32(a)); return;
    case Op::F64ReinterpretI64: a_.movq(xmm_of(d), gp64(a)); return;
    case Op::F32DemoteF64: a_.cvtsd2ss(xmm_of(d), xmm_of(a)); return;
    case Op::F64PromoteF32: a_.cvtss2sd(xmm_of(d), xmm_of(a)); return;
    default: break;
  }
  // int -> float: clear the destination first (cvtsi2s* writes only its low lane), and
  // convert unsigned i32 as the zero-extended i64, which is exact.
  const Xmm dst = xmm_of(d);
  a_.xorps(dst, dst);
  switch (op) {
    case Op::F32ConvertI32S: a_.cvtsi2ss(dst, gp32(a)); return;
    case Op::F32ConvertI64S: a_.cvtsi2ss(dst, gp64(a)); return;
    case Op::F64ConvertI32S: a_.cvtsi2sd(dst, gp32(a)); return;
    case Op::F64ConvertI64S: a_.cvtsi2sd(dst, gp64(a)); return;
    case Op::F32ConvertI32U:
      a_.mov(kScratch.r32(), gp32(a));
      a_.cvtsi2ss(dst, kScratch);
      return;
    case Op::F64ConvertI32U:
      a_.mov(kScratch.r32(), gp32(a));
      a_.cvtsi2sd(dst, kScratch);
      return;
    default: return;  // the rest go through runtime calls (inlines())
  }
}

void Masm::canonicalize_nan(Reg r, decoder::ValType t) {
  const Label done = a_.newLabel();
  const Xmm x = xmm_of(r);
  if (t == decoder::ValType::F32) {
    a_.ucomiss(x, x);
    a_.jnp(done);
    a_.mov(kScratch.r32(), 0x7fc00000u);
    a_.movd(x, kScratch.r32());
  } else {
    a_.ucomisd(x, x);
    a_.jnp(done);
    a_.mov(kScratch, 0x7ff8000000000000u);
    a_.movq(x, kScratch);
  }
  a_.bind(done);
}

}  // namespace shortcrust::jit::x64
