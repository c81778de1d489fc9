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

enc::Shift shift_digit(Op op) {
  switch (op) {
    case Op::I32Shl: case Op::I64Shl: return enc::Shift::Shl;
    case Op::I32ShrS: case Op::I64ShrS: return enc::Shift::Sar;
    case Op::I32ShrU: case Op::I64ShrU: return enc::Shift::Shr;
    case Op::I32Rotl: case Op::I64Rotl: return enc::Shift::Rol;
    default: return enc::Shift::Ror;
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
  Operand rhs = b;
  if (rhs.kind == Operand::Kind::Reg && rhs.reg == d && d != a) {  // d = a - d and the like
    put([&](uint8_t* p) { return enc::rr(p, enc::kMovStore, wide, rhs.reg.code, kScratchCode); });
    rhs = Operand::of(Reg{static_cast<uint8_t>(kScratch.id()), RegClass::Gpr});
  }
  if (rhs.kind == Operand::Kind::Imm && !fits_imm32(rhs.imm, wide)) {
    operand_gp(rhs, wide);
    rhs = Operand::of(Reg{static_cast<uint8_t>(kScratch.id()), RegClass::Gpr});
  }
  if (d != a) put([&](uint8_t* p) { return enc::rr(p, enc::kMovStore, wide, a.code, d.code); });
  enc::Alu alu = enc::Alu::Add;
  const bool mul = op == Op::I32Mul || op == Op::I64Mul;
  switch (op) {
    case Op::I32Add: case Op::I64Add: alu = enc::Alu::Add; break;
    case Op::I32Sub: case Op::I64Sub: alu = enc::Alu::Sub; break;
    case Op::I32Mul: case Op::I64Mul: break;
    case Op::I32And: case Op::I64And: alu = enc::Alu::And; break;
    case Op::I32Or: case Op::I64Or: alu = enc::Alu::Or; break;
    case Op::I32Xor: case Op::I64Xor: alu = enc::Alu::Xor; break;
    default: return;
  }
  switch (rhs.kind) {
    case Operand::Kind::Reg:
      put([&](uint8_t* p) {
        return mul ? enc::rr(p, enc::kImul, wide, d.code, rhs.reg.code) : enc::rr(p, enc::alu_mr(alu), wide, rhs.reg.code, d.code);
      });
      return;
    case Operand::Kind::Slot:
      put([&](uint8_t* p) { return enc::rm(p, mul ? enc::kImul : enc::alu_rm(alu), wide, d.code, slot_at(rhs.slot)); });
      return;
    case Operand::Kind::Imm: {
      const auto imm = static_cast<int32_t>(rhs.imm);
      put([&](uint8_t* p) { return mul ? enc::imul_rri(p, wide, d.code, d.code, imm) : enc::alu_ri(p, alu, wide, d.code, imm); });
      return;
    }
  }
}

// div and rem through rax:rdx (evicted by the driver, see clobbers()). The divisor goes
// to the scratch register first; the checks follow the spec: zero traps, INT_MIN / -1
// traps for div_s, and rem_s by -1 is 0 (x86's idiv would fault).
void Masm::divide(Op op, bool wide, Reg d, Reg a, const Operand& b, TrapSites& traps) {
  const bool is_signed = op == Op::I32DivS || op == Op::I64DivS || op == Op::I32RemS || op == Op::I64RemS;
  const bool is_rem = op == Op::I32RemS || op == Op::I64RemS || op == Op::I32RemU || op == Op::I64RemU;
  if (!wide && !is_signed && b.kind == Operand::Kind::Imm && static_cast<uint32_t>(b.imm) >= 2) {
    return divide_by_constant(is_rem, d, a, static_cast<uint32_t>(b.imm));
  }
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

// Unsigned 32-bit division by a constant d >= 2 without `div` (Lemire, Kaser and Kurz,
// "Faster remainder by direct computation", 2019): with c = ceil(2^64 / d), for every
// 32-bit x, x / d = (c * x) >> 64 and x % d = ((c * x mod 2^64) * d) >> 64.
void Masm::divide_by_constant(bool is_rem, Reg d, Reg a, uint32_t divisor) {
  const uint64_t c = ~uint64_t{0} / divisor + 1;
  a_.mov(eax, gp32(a));  // zero-extends x to 64 bits
  a_.mov(rdx, c);
  a_.mul(rdx);  // rdx:rax = c * x
  if (is_rem) {
    a_.mov(edx, divisor);
    a_.mul(rdx);  // rdx = (rax * d) >> 64
  }
  a_.mov(gp32(d), edx);
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
    if (d != a) put([&](uint8_t* p) { return enc::rr(p, enc::kMovStore, wide, a.code, d.code); });
    const auto count = static_cast<uint8_t>(b.imm & (wide ? 63 : 31));
    put([&](uint8_t* p) { return enc::shift_ri(p, shift_digit(op), wide, d.code, count); });
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

Condition Masm::compare_flags(Op op, Reg a, const Operand& b) {
  const bool wide = decoder::info(op).sig.params[0] == decoder::SigType::I64;
  if (op == Op::I32Eqz || op == Op::I64Eqz) {
    put([&](uint8_t* p) { return enc::rr(p, enc::kTest, wide, a.code, a.code); });
    return Condition{static_cast<uint32_t>(CondCode::kEqual)};
  }
  Operand rhs = b;
  if (rhs.kind == Operand::Kind::Imm && !fits_imm32(rhs.imm, wide)) {
    operand_gp(rhs, wide);
    rhs = Operand::of(Reg{static_cast<uint8_t>(kScratch.id()), RegClass::Gpr});
  }
  switch (rhs.kind) {
    case Operand::Kind::Reg:
      put([&](uint8_t* p) { return enc::rr(p, enc::alu_mr(enc::Alu::Cmp), wide, rhs.reg.code, a.code); });
      break;
    case Operand::Kind::Slot:
      put([&](uint8_t* p) { return enc::rm(p, enc::alu_rm(enc::Alu::Cmp), wide, a.code, slot_at(rhs.slot)); });
      break;
    case Operand::Kind::Imm:
      put([&](uint8_t* p) { return enc::alu_ri(p, enc::Alu::Cmp, wide, a.code, static_cast<int32_t>(rhs.imm)); });
      break;
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
  return Condition{static_cast<uint32_t>(cc)};
}

void Masm::compare(Op op, Reg d, Reg a, const Operand& b) {
  const Condition c = compare_flags(op, a, b);
  put([&](uint8_t* p) { return enc::setcc_movzx(p, c.code, d.code); });
}

// ucomis sets ZF, PF and CF all to 1 for unordered operands: eq needs ZF and not PF, ne
// is its negation; lt/le are gt/ge with the operands swapped, which unordered fails.
void Masm::float_compare(Op op, bool wide, Reg d, Reg a, const Operand& b) {
  const Xmm rhs = xmm(float_operand(b, wide));
  // lt/gt/le/ge: one flag, so ucomis, setcc and movzx by hand.
  uint32_t cc = 0;
  bool swap = false;
  switch (op) {
    case Op::F32Lt: case Op::F64Lt: cc = static_cast<uint32_t>(CondCode::kA); swap = true; break;
    case Op::F32Gt: case Op::F64Gt: cc = static_cast<uint32_t>(CondCode::kA); break;
    case Op::F32Le: case Op::F64Le: cc = static_cast<uint32_t>(CondCode::kAE); swap = true; break;
    case Op::F32Ge: case Op::F64Ge: cc = static_cast<uint32_t>(CondCode::kAE); break;
    default: break;
  }
  if (cc != 0) {
    const uint32_t x = swap ? rhs.id() : a.code;
    const uint32_t y = swap ? a.code : rhs.id();
    put([&](uint8_t* p) {
      p = enc::rr(p, enc::ucomis(wide), false, x, y);
      return enc::setcc_movzx(p, cc, d.code);
    });
    return;
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
    case Operand::Kind::Imm: float_operand(b, wide); break;
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
  if (rhs_mem) rhs = xmm(float_operand(b, wide));
  if (d != a) {
    if (rhs == xmm_of(d)) {
      a_.movaps(kFScratch, rhs);
      rhs = kFScratch;
    }
    move(d, a, wide ? decoder::ValType::F64 : decoder::ValType::F32);
  }
  uint8_t code = 0;
  switch (op) {
    case Op::F32Add: case Op::F64Add: code = enc::kAdd; break;
    case Op::F32Sub: case Op::F64Sub: code = enc::kSub; break;
    case Op::F32Mul: case Op::F64Mul: code = enc::kMul; break;
    case Op::F32Div: case Op::F64Div: code = enc::kDiv; break;
    default: break;
  }
  if (code != 0) {
    put([&](uint8_t* p) { return enc::rr(p, enc::scalar(wide, code), false, d.code, rhs.id()); });
    return;
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
      const uint32_t digit = op == Op::F32Neg || op == Op::F64Neg ? 7 : 6;  // btc : btr
      put([&](uint8_t* p) {
        p = enc::rr(p, enc::kMovdToGp, wide, a.code, kScratchCode);
        p = enc::bit_ri(p, digit, wide, kScratchCode, wide ? 63 : 31);
        return enc::rr(p, enc::kMovdToXmm, wide, d.code, kScratchCode);
      });
      return;
    }
    case Op::F32Sqrt: case Op::F64Sqrt:
      put([&](uint8_t* p) { return enc::rr(p, enc::scalar(wide, enc::kSqrt), false, d.code, a.code); });
      return;
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
    case Op::I32WrapI64:
    case Op::I64ExtendI32U: put([&](uint8_t* p) { return enc::rr(p, enc::kMovStore, false, a.code, d.code); }); return;
    case Op::I64ExtendI32S:
    case Op::I64Extend32S: put([&](uint8_t* p) { return enc::rr(p, enc::kMovsxd, true, d.code, a.code); }); return;
    case Op::I32Extend8S: a_.movsx(gp32(d), gp8(a)); return;
    case Op::I32Extend16S: a_.movsx(gp32(d), gp16(a)); return;
    case Op::I64Extend8S: a_.movsx(gp64(d), gp8(a)); return;
    case Op::I64Extend16S: a_.movsx(gp64(d), gp16(a)); return;
    case Op::I32ReinterpretF32:
    case Op::I64ReinterpretF64: {
      const bool wide = op == Op::I64ReinterpretF64;
      put([&](uint8_t* p) { return enc::rr(p, enc::kMovdToGp, wide, a.code, d.code); });
      return;
    }
    case Op::F32ReinterpretI32:
    case Op::F64ReinterpretI64: {
      const bool wide = op == Op::F64ReinterpretI64;
      put([&](uint8_t* p) { return enc::rr(p, enc::kMovdToXmm, wide, d.code, a.code); });
      return;
    }
    case Op::F32DemoteF64:
    case Op::F64PromoteF32: {
      const bool from_f64 = op == Op::F32DemoteF64;
      put([&](uint8_t* p) { return enc::rr(p, enc::scalar(from_f64, enc::kCvtFloat), false, d.code, a.code); });
      return;
    }
    default: break;
  }
  // int -> float: clear the destination first (cvtsi2s* writes only its low lane), and
  // convert unsigned i32 as the zero-extended i64, which is exact.
  bool to_f64 = false, from_i64 = false, from_u32 = false;
  switch (op) {
    case Op::F32ConvertI32S: break;
    case Op::F32ConvertI64S: from_i64 = true; break;
    case Op::F64ConvertI32S: to_f64 = true; break;
    case Op::F64ConvertI64S: to_f64 = from_i64 = true; break;
    case Op::F32ConvertI32U: from_i64 = from_u32 = true; break;
    case Op::F64ConvertI32U: to_f64 = from_i64 = from_u32 = true; break;
    default: return;  // the rest go through runtime calls (inlines())
  }
  const uint32_t source = from_u32 ? kScratchCode : a.code;
  put([&](uint8_t* p) {
    p = enc::rr(p, enc::kXorps, false, d.code, d.code);
    if (from_u32) p = enc::rr(p, enc::kMovStore, false, a.code, kScratchCode);  // mov r11d, a32
    return enc::rr(p, enc::scalar(to_f64, enc::kCvtFromInt), from_i64, d.code, source);
  });
}

// The xmm register holding float operand b: its own, or the float scratch loaded from
// the slot or the immediate.
uint32_t Masm::float_operand(const Operand& b, bool wide) {
  switch (b.kind) {
    case Operand::Kind::Reg: return b.reg.code;
    case Operand::Kind::Slot:
      put([&](uint8_t* p) { return enc::rm(p, wide ? enc::kMovsdLoad : enc::kMovssLoad, false, kFScratchCode, slot_at(b.slot)); });
      break;
    case Operand::Kind::Imm:
      put([&](uint8_t* p) {
        p = b.imm <= 0xffffffffu ? enc::mov_ri32(p, kScratchCode, static_cast<uint32_t>(b.imm))
                                 : enc::mov_ri64(p, kScratchCode, b.imm);
        return enc::rr(p, enc::kMovdToXmm, true, kFScratchCode, kScratchCode);  // movq xmm15, r11
      });
      break;
  }
  return kFScratchCode;
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
