// Encoding tests for the bytes jit/x64 writes by hand rather than through asmjit's
// encoder: the rel32 jumps to trap sites and the trap stubs (Masm::trap_stubs), and every
// form of jit/x64/encoder.h over all sixteen registers and the addressing special cases
// (rsp/r12 bases need a SIB byte, rbp/r13 bases a displacement). Each is compared byte
// for byte with what asmjit itself emits for the same instruction, so a wrong opcode,
// REX bit or displacement fails here rather than somewhere in the differential harness.
#include <gtest/gtest.h>

#if defined(__x86_64__)

#include <asmjit/x86.h>

#include <cstdint>
#include <string>
#include <vector>

#include "jit/x64/encoder.h"
#include "jit/x64/masm.h"

namespace shortcrust::jit::x64 {
namespace {

using asmjit::CodeHolder;
using asmjit::Environment;
using asmjit::x86::CondCode;

std::vector<uint8_t> bytes_of(CodeHolder& code) {
  const asmjit::CodeBuffer& buffer = code.textSection()->buffer();
  return {buffer.data(), buffer.data() + buffer.size()};
}

// The reference: asmjit's own encoding of a stub (`mov eax, kind` or `lea eax, [rax - 1]`
// and two nops; `mov edx, offset`; `jmp tail` in its rel32 form).
void reference_stub(asmjit::x86::Assembler& a, asmjit::Label tail, bool dynamic, uint32_t kind, uint32_t offset) {
  using namespace asmjit::x86;
  if (dynamic) {
    a.lea(eax, ptr(rax, -1));
    a.nop();
    a.nop();
  } else {
    a.mov(eax, kind);
  }
  a.mov(edx, offset);
  a.long_().jmp(tail);
}

TEST(X64Encoding, TrapSiteJumpsAndStubsMatchAsmjit) {
  const CondCode conditions[] = {CondCode::kO, CondCode::kNO, CondCode::kB,  CondCode::kAE,
                                 CondCode::kE, CondCode::kNE, CondCode::kBE, CondCode::kA,
                                 CondCode::kS, CondCode::kNS, CondCode::kP,  CondCode::kNP,
                                 CondCode::kL, CondCode::kGE, CondCode::kLE, CondCode::kG};
  const uint32_t kFunction = 7;

  // Ours: a jump of every condition to its own site, an unconditional one, a dynamic
  // site, and a site two jumps share.
  CodeHolder ours;
  ours.init(Environment::host());
  Masm masm(ours);
  const Label exit = masm.new_label();
  std::vector<Label> sites;
  for (size_t i = 0; i < std::size(conditions); ++i) {
    sites.push_back(masm.trap_site(static_cast<TrapKind>(i % 5), false, static_cast<uint32_t>(100 + i)));
    masm.jump_if(conditions[i], sites.back());
  }
  const Label plain = masm.trap_site(TrapKind::Unreachable, false, 0);
  masm.set_trap_offset(plain, 0x123456);
  masm.jump(plain);
  const Label dynamic = masm.trap_site(TrapKind::Unreachable, true, 999);
  masm.jump_if(CondCode::kNE, dynamic);
  masm.jump_if(CondCode::kE, dynamic);
  masm.trap_stubs(kFunction, exit);
  masm.bind(exit);

  // asmjit's: the same layout with real labels and rel32 forms.
  CodeHolder theirs;
  theirs.init(Environment::host());
  asmjit::x86::Assembler a(&theirs);
  const asmjit::Label their_exit = a.newLabel();
  const asmjit::Label tail = a.newLabel();
  std::vector<asmjit::Label> stubs;
  for (size_t i = 0; i < std::size(conditions) + 2; ++i) stubs.push_back(a.newLabel());
  for (size_t i = 0; i < std::size(conditions); ++i) a.long_().j(conditions[i], stubs[i]);
  a.long_().jmp(stubs[std::size(conditions)]);
  a.long_().jne(stubs[std::size(conditions) + 1]);
  a.long_().je(stubs[std::size(conditions) + 1]);
  a.bind(tail);
  a.mov(asmjit::x86::ecx, kFunction);
  a.jmp(their_exit);
  for (size_t i = 0; i < std::size(conditions); ++i) {
    a.bind(stubs[i]);
    reference_stub(a, tail, false, static_cast<uint32_t>(i % 5), static_cast<uint32_t>(100 + i));
  }
  a.bind(stubs[std::size(conditions)]);
  reference_stub(a, tail, false, static_cast<uint32_t>(TrapKind::Unreachable), 0x123456);
  a.bind(stubs[std::size(conditions) + 1]);
  reference_stub(a, tail, true, 0, 999);
  a.bind(their_exit);

  ASSERT_EQ(ours.resolveUnresolvedLinks(), asmjit::kErrorOk);
  ASSERT_EQ(theirs.resolveUnresolvedLinks(), asmjit::kErrorOk);
  EXPECT_EQ(bytes_of(ours), bytes_of(theirs));
}

// Jumps to asmjit labels (Masm::label_jump): backward ones short or long by distance,
// forward ones as linked rel32 placeholders, every condition, compared with asmjit.
TEST(X64Encoding, LabelJumpsMatchAsmjit) {
  const CondCode conditions[] = {CondCode::kO, CondCode::kNO, CondCode::kB,  CondCode::kAE,
                                 CondCode::kE, CondCode::kNE, CondCode::kBE, CondCode::kA,
                                 CondCode::kS, CondCode::kNS, CondCode::kP,  CondCode::kNP,
                                 CondCode::kL, CondCode::kGE, CondCode::kLE, CondCode::kG};
  CodeHolder ours;
  ours.init(Environment::host());
  Masm masm(ours);
  CodeHolder theirs;
  theirs.init(Environment::host());
  asmjit::x86::Assembler a(&theirs);
  for (size_t gap : {0, 1, 2, 3}) {  // 0-300 bytes back: both forms
    const Label back = masm.new_label();
    const Label forward = masm.new_label();
    const asmjit::Label their_back = a.newLabel();
    const asmjit::Label their_forward = a.newLabel();
    masm.bind(back);
    a.bind(their_back);
    for (size_t i = 0; i < gap; ++i) {
      masm.jump_if(CondCode::kO, forward);
      a.j(CondCode::kO, their_forward);
    }
    for (size_t k = 0; k < gap * 20; ++k) {
      masm.jump(back);
      a.jmp(their_back);
    }
    for (CondCode cc : conditions) {
      masm.jump_if(cc, back);
      a.j(cc, their_back);
      masm.jump_if(cc, forward);
      a.j(cc, their_forward);
    }
    masm.jump(forward);
    a.jmp(their_forward);
    masm.bind(forward);
    a.bind(their_forward);
  }
  ASSERT_EQ(ours.resolveUnresolvedLinks(), asmjit::kErrorOk);
  ASSERT_EQ(theirs.resolveUnresolvedLinks(), asmjit::kErrorOk);
  EXPECT_EQ(bytes_of(ours), bytes_of(theirs));
}

// A function without trap sites gets no tail at all.
TEST(X64Encoding, NoSitesNoStubs) {
  CodeHolder code;
  code.init(Environment::host());
  Masm masm(code);
  const Label exit = masm.new_label();
  masm.trap_stubs(0, exit);
  masm.bind(exit);
  EXPECT_EQ(code.textSection()->buffer().size(), 0u);
}

// ---- jit/x64/encoder.h against asmjit ------------------------------------------------

// asmjit's bytes for one instruction emitted by `emit`.
template <class F>
std::vector<uint8_t> asmjit_bytes(F&& emit) {
  CodeHolder code;
  code.init(Environment::host());
  asmjit::x86::Assembler a(&code);
  emit(a);
  return bytes_of(code);
}

template <class F>
std::vector<uint8_t> our_bytes(F&& encode) {
  uint8_t buffer[32] = {};
  const uint8_t* end = encode(buffer);
  return std::vector<uint8_t>(static_cast<const uint8_t*>(buffer), end);
}

constexpr int32_t kDisplacements[] = {0, 8, -8, 127, 128, -129, 0x12340};

std::vector<enc::Mem> memory_operands() {
  std::vector<enc::Mem> out;
  for (uint32_t base = 0; base < 16; ++base) {
    for (int32_t disp : kDisplacements) out.push_back(enc::Mem{base, enc::kNoIndex, 0, disp});
  }
  for (uint32_t base : {3u, 4u, 5u, 12u, 13u}) {  // with an index, as memory accesses
    for (uint32_t index : {0u, 3u, 5u, 11u, 13u}) {
      for (int32_t disp : {0, -1, -8, -200}) out.push_back(enc::Mem{base, index, 0, disp});
    }
  }
  return out;
}

asmjit::x86::Mem asmjit_mem(const enc::Mem& m, uint32_t size) {
  using namespace asmjit::x86;
  if (m.index == enc::kNoIndex) return ptr(gpq(m.base), m.disp, size);
  return ptr(gpq(m.base), gpq(m.index), m.scale, m.disp, size);
}

std::string describe(const enc::Mem& m) {
  return "[r" + std::to_string(m.base) + (m.index == enc::kNoIndex ? "" : " + r" + std::to_string(m.index)) +
         " + " + std::to_string(m.disp) + "]";
}

TEST(X64Encoding, RegisterFormsMatchAsmjit) {
  using namespace asmjit::x86;
  const enc::Alu alus[] = {enc::Alu::Add, enc::Alu::Or, enc::Alu::And, enc::Alu::Sub, enc::Alu::Xor, enc::Alu::Cmp};
  const asmjit::InstId alu_ids[] = {Inst::kIdAdd, Inst::kIdOr, Inst::kIdAnd, Inst::kIdSub, Inst::kIdXor, Inst::kIdCmp};
  for (uint32_t d = 0; d < 16; ++d) {
    for (uint32_t s = 0; s < 16; ++s) {
      SCOPED_TRACE("d=" + std::to_string(d) + " s=" + std::to_string(s));
      for (bool wide : {false, true}) {
        const Gp gd = wide ? Gp(gpq(d)) : Gp(gpd(d));
        const Gp gs = wide ? Gp(gpq(s)) : Gp(gpd(s));
        EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::kMovStore, wide, s, d); }),
                  asmjit_bytes([&](Assembler& a) { a.mov(gd, gs); }));
        EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::kImul, wide, d, s); }),
                  asmjit_bytes([&](Assembler& a) { a.imul(gd, gs); }));
        EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::kTest, wide, s, d); }),
                  asmjit_bytes([&](Assembler& a) { a.test(gd, gs); }));
        for (size_t i = 0; i < std::size(alus); ++i) {
          EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::alu_mr(alus[i]), wide, s, d); }),
                    asmjit_bytes([&](Assembler& a) { a.emit(alu_ids[i], gd, gs); }));
        }
      }
      // SSE: movaps, scalar arithmetic, xorps, movd/movq between the classes.
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::kMovaps, false, d, s); }),
                asmjit_bytes([&](Assembler& a) { a.movaps(xmm(d), xmm(s)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::kXorps, false, d, s); }),
                asmjit_bytes([&](Assembler& a) { a.xorps(xmm(d), xmm(s)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::Opcode{0xf2, 0x0f, 0x58}, false, d, s); }),
                asmjit_bytes([&](Assembler& a) { a.addsd(xmm(d), xmm(s)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::Opcode{0xf3, 0x0f, 0x5e}, false, d, s); }),
                asmjit_bytes([&](Assembler& a) { a.divss(xmm(d), xmm(s)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::kMovdToXmm, false, d, s); }),
                asmjit_bytes([&](Assembler& a) { a.movd(xmm(d), gpd(s)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::kMovdToXmm, true, d, s); }),
                asmjit_bytes([&](Assembler& a) { a.movq(xmm(d), gpq(s)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::kMovdToGp, false, s, d); }),
                asmjit_bytes([&](Assembler& a) { a.movd(gpd(d), xmm(s)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::kMovdToGp, true, s, d); }),
                asmjit_bytes([&](Assembler& a) { a.movq(gpq(d), xmm(s)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::kMovsxd, true, d, s); }),
                asmjit_bytes([&](Assembler& a) { a.movsxd(gpq(d), gpd(s)); }));
      for (bool f64 : {false, true}) {
        EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::ucomis(f64), false, d, s); }),
                  asmjit_bytes([&](Assembler& a) { f64 ? a.ucomisd(xmm(d), xmm(s)) : a.ucomiss(xmm(d), xmm(s)); }));
        EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::scalar(f64, enc::kSqrt), false, d, s); }),
                  asmjit_bytes([&](Assembler& a) { f64 ? a.sqrtsd(xmm(d), xmm(s)) : a.sqrtss(xmm(d), xmm(s)); }));
        EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::scalar(f64, enc::kMul), false, d, s); }),
                  asmjit_bytes([&](Assembler& a) { f64 ? a.mulsd(xmm(d), xmm(s)) : a.mulss(xmm(d), xmm(s)); }));
        EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::scalar(f64, enc::kCvtFloat), false, d, s); }),
                  asmjit_bytes([&](Assembler& a) { f64 ? a.cvtsd2ss(xmm(d), xmm(s)) : a.cvtss2sd(xmm(d), xmm(s)); }));
        for (bool from64 : {false, true}) {
          const Gp src = from64 ? Gp(gpq(s)) : Gp(gpd(s));
          EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::scalar(f64, enc::kCvtFromInt), from64, d, s); }),
                    asmjit_bytes([&](Assembler& a) { f64 ? a.cvtsi2sd(xmm(d), src) : a.cvtsi2ss(xmm(d), src); }));
        }
      }
    }
  }
}

TEST(X64Encoding, ImmediateFormsMatchAsmjit) {
  using namespace asmjit::x86;
  const enc::Alu alus[] = {enc::Alu::Add, enc::Alu::Or, enc::Alu::And, enc::Alu::Sub, enc::Alu::Xor, enc::Alu::Cmp};
  const asmjit::InstId alu_ids[] = {Inst::kIdAdd, Inst::kIdOr, Inst::kIdAnd, Inst::kIdSub, Inst::kIdXor, Inst::kIdCmp};
  const int32_t imms[] = {0, 1, -1, 127, -128, 128, -129, 0x7fffffff, INT32_MIN, 100000};
  const enc::Shift shifts[] = {enc::Shift::Rol, enc::Shift::Ror, enc::Shift::Shl, enc::Shift::Shr, enc::Shift::Sar};
  const asmjit::InstId shift_ids[] = {Inst::kIdRol, Inst::kIdRor, Inst::kIdShl, Inst::kIdShr, Inst::kIdSar};
  for (uint32_t r = 0; r < 16; ++r) {
    SCOPED_TRACE("r=" + std::to_string(r));
    for (bool wide : {false, true}) {
      const Gp g = wide ? Gp(gpq(r)) : Gp(gpd(r));
      for (int32_t imm : imms) {
        SCOPED_TRACE("imm=" + std::to_string(imm));
        for (size_t i = 0; i < std::size(alus); ++i) {
          EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::alu_ri(p, alus[i], wide, r, imm); }),
                    asmjit_bytes([&](Assembler& a) { a.emit(alu_ids[i], g, asmjit::Imm(imm)); }));
        }
        for (uint32_t s : {0u, 5u, 12u, 15u}) {
          const Gp gs = wide ? Gp(gpq(s)) : Gp(gpd(s));
          EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::imul_rri(p, wide, r, s, imm); }),
                    asmjit_bytes([&](Assembler& a) { a.imul(g, gs, asmjit::Imm(imm)); }));
        }
      }
      for (uint8_t count : {uint8_t{1}, uint8_t{2}, uint8_t{31}, uint8_t{63}}) {
        if (!wide && count > 31) continue;
        for (size_t i = 0; i < std::size(shifts); ++i) {
          EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::shift_ri(p, shifts[i], wide, r, count); }),
                    asmjit_bytes([&](Assembler& a) { a.emit(shift_ids[i], g, asmjit::Imm(count)); }));
        }
      }
    }
    EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rr(p, enc::kCallIndirect, false, 2, r); }),
              asmjit_bytes([&](Assembler& a) { a.call(gpq(r)); }));
    for (bool wide : {false, true}) {
      const Gp g = wide ? Gp(gpq(r)) : Gp(gpd(r));
      const uint8_t bit = wide ? 63 : 31;
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::bit_ri(p, 6, wide, r, bit); }),
                asmjit_bytes([&](Assembler& a) { a.btr(g, bit); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::bit_ri(p, 7, wide, r, bit); }),
                asmjit_bytes([&](Assembler& a) { a.btc(g, bit); }));
    }
    for (uint32_t imm : {0u, 1u, 0x7fffffffu, 0xffffffffu}) {
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::mov_ri32(p, r, imm); }),
                asmjit_bytes([&](Assembler& a) { a.mov(gpd(r), imm); }));
    }
    for (uint64_t imm : {uint64_t{0x100000000}, uint64_t{0x8000000000000000}, ~uint64_t{0}}) {
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::mov_ri64(p, r, imm); }),
                asmjit_bytes([&](Assembler& a) { a.movabs(gpq(r), imm); }));
    }
    for (uint32_t cc = 0; cc < 16; ++cc) {
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::setcc_movzx(p, cc, r); }), asmjit_bytes([&](Assembler& a) {
                  a.set(static_cast<CondCode>(cc), gpb_lo(r));
                  a.movzx(gpd(r), gpb_lo(r));
                }));
    }
  }
}

TEST(X64Encoding, MemoryFormsMatchAsmjit) {
  using namespace asmjit::x86;
  for (const enc::Mem& m : memory_operands()) {
    SCOPED_TRACE(describe(m));
    for (uint32_t r = 0; r < 16; ++r) {
      SCOPED_TRACE("r=" + std::to_string(r));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rm(p, enc::kMovLoad, false, r, m); }),
                asmjit_bytes([&](Assembler& a) { a.mov(gpd(r), asmjit_mem(m, 4)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rm(p, enc::kMovLoad, true, r, m); }),
                asmjit_bytes([&](Assembler& a) { a.mov(gpq(r), asmjit_mem(m, 8)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rm(p, enc::kMovStore, false, r, m); }),
                asmjit_bytes([&](Assembler& a) { a.mov(asmjit_mem(m, 4), gpd(r)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rm(p, enc::kMovStore, true, r, m); }),
                asmjit_bytes([&](Assembler& a) { a.mov(asmjit_mem(m, 8), gpq(r)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rm(p, enc::kImul, true, r, m); }),
                asmjit_bytes([&](Assembler& a) { a.imul(gpq(r), asmjit_mem(m, 8)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rm(p, enc::alu_rm(enc::Alu::Cmp), true, r, m); }),
                asmjit_bytes([&](Assembler& a) { a.cmp(gpq(r), asmjit_mem(m, 8)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rm(p, enc::alu_rm(enc::Alu::Sub), false, r, m); }),
                asmjit_bytes([&](Assembler& a) { a.sub(gpd(r), asmjit_mem(m, 4)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rm(p, enc::kLea, true, r, m); }),
                asmjit_bytes([&](Assembler& a) { a.lea(gpq(r), asmjit_mem(m, 0)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rm(p, enc::kMovzxByte, false, r, m); }),
                asmjit_bytes([&](Assembler& a) { a.movzx(gpd(r), asmjit_mem(m, 1)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rm(p, enc::kMovzxWord, false, r, m); }),
                asmjit_bytes([&](Assembler& a) { a.movzx(gpd(r), asmjit_mem(m, 2)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rm(p, enc::kMovssLoad, false, r, m); }),
                asmjit_bytes([&](Assembler& a) { a.movss(xmm(r), asmjit_mem(m, 4)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rm(p, enc::kMovsdLoad, false, r, m); }),
                asmjit_bytes([&](Assembler& a) { a.movsd(xmm(r), asmjit_mem(m, 8)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rm(p, enc::kMovssStore, false, r, m); }),
                asmjit_bytes([&](Assembler& a) { a.movss(asmjit_mem(m, 4), xmm(r)); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::rm(p, enc::kMovsdStore, false, r, m); }),
                asmjit_bytes([&](Assembler& a) { a.movsd(asmjit_mem(m, 8), xmm(r)); }));
    }
    for (int32_t imm : {0, -1, 0x7fffffff}) {
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::mov_mi32(p, m, imm); }),
                asmjit_bytes([&](Assembler& a) { a.mov(asmjit_mem(m, 8), imm); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::mov_mi32(p, m, imm, false); }),
                asmjit_bytes([&](Assembler& a) { a.mov(asmjit_mem(m, 4), imm); }));
    }
    // Patched placeholders keep the 4-byte form; asmjit picks it for values above int8.
    for (int32_t imm : {0x7fffffff, 1000, -1000}) {
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::alu_mi32(p, enc::Alu::Sub, m, imm); }),
                asmjit_bytes([&](Assembler& a) { a.sub(asmjit_mem(m, 8), imm); }));
      EXPECT_EQ(our_bytes([&](uint8_t* p) { return enc::alu_mi32(p, enc::Alu::Add, m, imm); }),
                asmjit_bytes([&](Assembler& a) { a.add(asmjit_mem(m, 8), imm); }));
    }
  }
}

}  // namespace
}  // namespace shortcrust::jit::x64

#endif  // defined(__x86_64__)
