// Encoding tests for what jit/a64 builds from raw instruction words rather than asmjit
// operands alone: the movz/movn/movk immediate sequences (regs.h mov_imm64/mov_imm32),
// the patched 32-bit placeholders (Masm::patch), and the long-branch mode's reach. The
// immediates are checked by decoding the emitted words, so a wrong shift or chunk order
// fails here rather than somewhere in the differential harness.
#include <gtest/gtest.h>

#if defined(__aarch64__)

#include <cstdint>
#include <cstring>
#include <vector>

#include "jit/a64/masm.h"

namespace shortcrust::jit::a64 {
namespace {

using asmjit::CodeHolder;
using asmjit::Environment;

std::vector<uint32_t> words_of(CodeHolder& code, size_t from = 0) {
  const asmjit::CodeBuffer& buffer = code.textSection()->buffer();
  std::vector<uint32_t> words((buffer.size() - from) / 4);
  std::memcpy(words.data(), buffer.data() + from, words.size() * 4);
  return words;
}

// Runs a sequence of movz/movn/movk words (one destination) and returns the register.
uint64_t run_moves(const std::vector<uint32_t>& words) {
  uint64_t r = 0;
  for (uint32_t w : words) {
    const bool wide = (w >> 31) != 0;
    const uint32_t opc = (w >> 29) & 3;  // 0 movn, 2 movz, 3 movk
    EXPECT_EQ((w >> 23) & 0x3f, 0x25u) << std::hex << w;  // move wide (immediate)
    const uint32_t shift = ((w >> 21) & 3) * 16;
    const uint64_t imm = uint64_t{(w >> 5) & 0xffff} << shift;
    if (opc == 2) r = imm;
    else if (opc == 0) r = ~imm;
    else if (opc == 3) r = (r & ~(uint64_t{0xffff} << shift)) | imm;
    else ADD_FAILURE() << "not a move: " << std::hex << w;
    if (!wide) r &= 0xffffffffu;
  }
  return r;
}

const uint64_t kValues[] = {0,
                            1,
                            0xffff,
                            0x10000,
                            0x12345678,
                            0xffffffff,
                            0xfffffffe,
                            0xffff0000,
                            0x0000ffff0000ffff,
                            0x8000000000000000,
                            0xffffffffffffffff,
                            0xfffffffffffffffe,
                            0xffff1234ffff5678,
                            0x7ff8000000000000,
                            0x123456789abcdef0,
                            0x0001000000000000};

TEST(A64Encoding, MovImm64) {
  for (uint64_t value : kValues) {
    CodeHolder code;
    code.init(Environment::host());
    aa::Assembler a(&code);
    mov_imm64(a, aa::x16, value);
    const std::vector<uint32_t> words = words_of(code);
    EXPECT_LE(words.size(), 4u);
    EXPECT_EQ(run_moves(words), value) << std::hex << value;
  }
}

TEST(A64Encoding, MovImm32) {
  for (uint64_t wide : kValues) {
    const auto value = static_cast<uint32_t>(wide);
    CodeHolder code;
    code.init(Environment::host());
    aa::Assembler a(&code);
    mov_imm32(a, aa::w3, value);
    const std::vector<uint32_t> words = words_of(code);
    EXPECT_LE(words.size(), 2u);
    EXPECT_EQ(run_moves(words), value) << std::hex << value;
  }
}

// charge_gas: movz + movk of the amount into x16, then subs and b.mi; patch() rewrites
// the two immediates.
TEST(A64Encoding, PatchedPlaceholder) {
  for (uint32_t value : {0u, 1u, 0xffffu, 0x10000u, 0x12345u, 0x7fffffffu}) {
    CodeHolder code;
    code.init(Environment::host());
    Masm masm(code);
    const Label out = masm.new_label();
    const Patch p = masm.charge_gas(out);
    masm.bind(out);
    masm.patch(p, value);
    const std::vector<uint32_t> words = words_of(code, p.offset);
    ASSERT_GE(words.size(), 2u);
    EXPECT_EQ(run_moves({words[0], words[1]}), value) << value;
  }
}

// Where the branch at `at` goes (b, b.cond, cbz, cbnz), or `at` if it is none.
int64_t branch_target(const std::vector<uint32_t>& words, int64_t at) {
  const uint32_t w = words[static_cast<size_t>(at / 4)];
  if ((w & 0xfc000000u) == 0x14000000u) return at + (static_cast<int64_t>(static_cast<int32_t>(w << 6) >> 6) * 4);
  if ((w & 0xff000000u) == 0x54000000u || (w & 0x7e000000u) == 0x34000000u) {
    return at + (static_cast<int64_t>(static_cast<int32_t>(w << 8) >> 13) * 4);
  }
  return at;
}

constexpr int kFillerWords = (1 << 18) + 1000;  // a little over 1 MiB of `mov x1, x2`

void filler(Masm& masm) {
  for (int i = 0; i < kFillerWords; ++i) masm.move(Reg{1, RegClass::Gpr}, Reg{2, RegClass::Gpr}, decoder::ValType::I64);
}

// A forward branch over more than 1 MiB reaches its label through a veneer.
TEST(A64Encoding, FarForwardBranch) {
  CodeHolder code;
  code.init(Environment::host());
  Masm masm(code);
  const Label far = masm.new_label();
  masm.branch_if_zero(Reg{0, RegClass::Gpr}, far);
  filler(masm);
  masm.bind(far);
  masm.move(Reg{1, RegClass::Gpr}, Reg{2, RegClass::Gpr}, decoder::ValType::I64);
  ASSERT_EQ(code.resolveUnresolvedLinks(), asmjit::kErrorOk);
  const std::vector<uint32_t> words = words_of(code);
  const int64_t veneer = branch_target(words, 0);
  EXPECT_GT(veneer, 0);
  EXPECT_LT(veneer, int64_t{1} << 20);
  EXPECT_EQ(branch_target(words, veneer), static_cast<int64_t>(code.labelOffset(far)));
  // The veneer pool is jumped over: the word before it is a `b` past the pool.
  EXPECT_EQ(branch_target(words, veneer - 4), veneer + 4);
}

// A conditional branch back over more than 1 MiB skips an unconditional `b` back.
TEST(A64Encoding, FarBackwardBranch) {
  CodeHolder code;
  code.init(Environment::host());
  Masm masm(code);
  const Label back = masm.new_label();
  masm.bind(back);
  filler(masm);
  const auto at = static_cast<int64_t>(code.textSection()->bufferSize());
  masm.branch_if_nonzero(Reg{0, RegClass::Gpr}, back);
  ASSERT_EQ(code.resolveUnresolvedLinks(), asmjit::kErrorOk);
  const std::vector<uint32_t> words = words_of(code);
  EXPECT_EQ(words[static_cast<size_t>(at / 4)] & 0xff00001fu, 0x34000000u);  // cbz w0 (inverted cbnz)
  EXPECT_EQ(branch_target(words, at), at + 8);
  EXPECT_EQ(branch_target(words, at + 4), 0);
}

}  // namespace
}  // namespace shortcrust::jit::a64

#endif  // defined(__aarch64__)
