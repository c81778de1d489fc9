// Encoding tests for the bytes jit/x64 writes by hand rather than through asmjit's
// encoder: the rel32 jumps to trap sites and the trap stubs (Masm::trap_stubs). Each is
// compared byte for byte with what asmjit itself emits for the same instructions, laid
// out the same way, so a wrong opcode, condition or displacement fails here rather than
// as a wrong trap somewhere in the differential harness.
#include <gtest/gtest.h>

#if defined(__x86_64__)

#include <asmjit/x86.h>

#include <cstdint>
#include <vector>

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

}  // namespace
}  // namespace shortcrust::jit::x64

#endif  // defined(__x86_64__)
