// read_instr(): every opcode of the table decodes from a sample encoding into the Instr
// fields documented in instruction.h; every truncation of it is UnexpectedEnd; then the
// edge cases one by one: br_table limits, reserved zero bytes, block types, memarg
// offsets with and without memory64, illegal opcodes. Errors are checked by code and offset.
#include "decoder/instruction.h"

#include <gtest/gtest.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "support/wasm_bytes.h"

namespace shortcrust::decoder {
namespace {

using test::Bytes;
using test::cat;
using test::leb_s;
using test::leb_u;

struct Decoded {
  Result<Instr> instr;
  std::vector<uint32_t> targets;
  size_t unread = 0;  // bytes left after the instruction
};

Decoded decode(const Bytes& bytes, const Features& features = {}, const Limits& limits = {},
               uint64_t base = 0) {
  Reader reader(bytes, base);
  std::vector<uint32_t> targets = {99, 98};  // read_instr must clear these
  Instr out;
  Result<void> read = read_instr(reader, out, features.memory64, limits, targets);
  Result<Instr> instr = read.ok() ? Result<Instr>(out) : Result<Instr>(read.error());
  return {std::move(instr), std::move(targets), reader.remaining()};
}

// Decodes `bytes`, which must hold exactly one instruction, and returns it.
Instr decode_ok(const Bytes& bytes, const Features& features = {}) {
  Decoded d = decode(bytes, features);
  if (!d.instr.ok()) throw std::runtime_error(describe(d.instr.error()));
  EXPECT_EQ(d.unread, 0u);
  return d.instr.value();
}

std::string hex(const Bytes& bytes) {
  std::string out;
  for (uint8_t b : bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    out += {' ', kDigits[b >> 4], kDigits[b & 15]};
  }
  return out;
}

void expect_error(const Bytes& bytes, Errc code, uint64_t offset, const Features& features = {}) {
  SCOPED_TRACE("bytes:" + hex(bytes));
  Decoded d = decode(bytes, features);
  ASSERT_FALSE(d.instr.ok()) << "decoded as " << text(d.instr.value().op);
  EXPECT_EQ(d.instr.error().code, code) << describe(d.instr.error());
  EXPECT_EQ(d.instr.error().offset, offset);
}

Bytes opcode_bytes(Op op) {
  const uint32_t enc = info(op).encoding;
  if (enc < 0x100) return {static_cast<uint8_t>(enc)};
  return cat({Bytes{static_cast<uint8_t>(enc >> 16)}, leb_u(enc & 0xffff)});
}

// Sample immediates per Imm kind, with values that need multi-byte LEB128 where possible.
constexpr uint32_t kIndex = 300;
constexpr uint32_t kSecond = 2;
constexpr uint32_t kOffset = 70'000;
const Bytes kSixteen = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

Bytes sample_immediates(Imm imm) {
  switch (imm) {
    case Imm::None: return {};
    case Imm::BlockType: return {0x40};
    case Imm::Depth: case Imm::FuncIdx: case Imm::LocalIdx: case Imm::GlobalIdx:
    case Imm::TableIdx: case Imm::ElemIdx: case Imm::DataIdx:
      return leb_u(kIndex);
    case Imm::CallIndirect: case Imm::TableInit: case Imm::TableCopy:
      return cat({leb_u(kIndex), leb_u(kSecond)});
    case Imm::BrTable: return cat({leb_u(2), leb_u(1), leb_u(kIndex), leb_u(3)});
    case Imm::MemoryIdx: return {0x00};
    case Imm::MemoryInit: return cat({leb_u(kIndex), Bytes{0x00}});
    case Imm::MemoryCopy: return {0x00, 0x00};
    case Imm::MemArg1: case Imm::MemArg2: case Imm::MemArg4: case Imm::MemArg8:
    case Imm::MemArg16:
      return cat({leb_u(natural_align_log2(imm)), leb_u(kOffset)});
    case Imm::MemArgLane1: case Imm::MemArgLane2: case Imm::MemArgLane4: case Imm::MemArgLane8:
      return cat({leb_u(natural_align_log2(imm)), leb_u(kOffset), Bytes{1}});
    case Imm::I32: return leb_s(-300);
    case Imm::I64: return leb_s(-5'000'000'000);
    case Imm::F32: return {0x00, 0x00, 0xc0, 0x7f};
    case Imm::F64: return {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x7f};
    case Imm::V128: case Imm::Shuffle: return kSixteen;
    case Imm::Lane: return {3};
    case Imm::SelectT: return {0x01, 0x7e};
    case Imm::RefType: return {0x6f};
  }
  return {};
}

// The fields instruction.h documents for each Imm kind, for the samples above.
void expect_sample_fields(const Instr& in, const std::vector<uint32_t>& targets) {
  const Imm imm = info(in.op).imm;
  switch (imm) {
    case Imm::None: case Imm::MemoryIdx: case Imm::MemoryCopy:
      break;
    case Imm::BlockType:
      EXPECT_EQ(in.block.kind, BlockType::Kind::Empty);
      break;
    case Imm::Depth: case Imm::FuncIdx: case Imm::LocalIdx: case Imm::GlobalIdx:
    case Imm::TableIdx: case Imm::ElemIdx: case Imm::DataIdx: case Imm::MemoryInit:
      EXPECT_EQ(in.a, kIndex);
      break;
    case Imm::CallIndirect: case Imm::TableInit: case Imm::TableCopy:
      EXPECT_EQ(in.a, kIndex);
      EXPECT_EQ(in.b, kSecond);
      break;
    case Imm::BrTable:
      EXPECT_EQ(in.a, 2u);
      EXPECT_EQ(targets, (std::vector<uint32_t>{1, kIndex, 3}));
      break;
    case Imm::MemArg1: case Imm::MemArg2: case Imm::MemArg4: case Imm::MemArg8:
    case Imm::MemArg16:
      EXPECT_EQ(in.a, natural_align_log2(imm));
      EXPECT_EQ(in.value, kOffset);
      break;
    case Imm::MemArgLane1: case Imm::MemArgLane2: case Imm::MemArgLane4: case Imm::MemArgLane8:
      EXPECT_EQ(in.a, natural_align_log2(imm));
      EXPECT_EQ(in.value, kOffset);
      EXPECT_EQ(in.b, 1u);
      break;
    case Imm::I32:
      EXPECT_EQ(in.value, static_cast<uint64_t>(int64_t{-300}));
      break;
    case Imm::I64:
      EXPECT_EQ(in.value, static_cast<uint64_t>(int64_t{-5'000'000'000}));
      break;
    case Imm::F32:
      EXPECT_EQ(in.value, 0x7fc00000u);
      break;
    case Imm::F64:
      EXPECT_EQ(in.value, 0x7ff8000000000001u);
      break;
    case Imm::V128: case Imm::Shuffle:
      EXPECT_EQ(in.value, 0x0706050403020100u);
      EXPECT_EQ(in.value_hi, 0x0f0e0d0c0b0a0908u);
      break;
    case Imm::Lane:
      EXPECT_EQ(in.b, 3u);
      break;
    case Imm::SelectT:
      EXPECT_EQ(in.a, 1u);
      EXPECT_EQ(in.type, ValType::I64);
      break;
    case Imm::RefType:
      EXPECT_EQ(in.type, ValType::ExternRef);
      break;
  }
}

TEST(ReadInstr, EveryOpcodeDecodesItsSampleImmediates) {
  for (size_t i = 0; i < kOpCount; ++i) {
    const Op op = static_cast<Op>(i);
    SCOPED_TRACE(text(op));
    const Bytes bytes = cat({opcode_bytes(op), sample_immediates(info(op).imm)});
    Decoded d = decode(bytes, {}, {}, 1000);
    ASSERT_TRUE(d.instr.ok()) << describe(d.instr.error());
    const Instr& in = d.instr.value();
    EXPECT_EQ(in.op, op);
    EXPECT_EQ(in.offset, 1000u);
    EXPECT_EQ(d.unread, 0u);
    expect_sample_fields(in, d.targets);
  }
}

TEST(ReadInstr, EveryTruncationIsUnexpectedEnd) {
  for (size_t i = 0; i < kOpCount; ++i) {
    const Op op = static_cast<Op>(i);
    const Bytes full = cat({opcode_bytes(op), sample_immediates(info(op).imm)});
    for (size_t n = 0; n < full.size(); ++n) {
      SCOPED_TRACE(std::string(text(op)) + " cut to " + std::to_string(n) + " bytes");
      Decoded d = decode(Bytes(full.begin(), full.begin() + static_cast<ptrdiff_t>(n)));
      ASSERT_FALSE(d.instr.ok());
      EXPECT_EQ(d.instr.error().code, Errc::UnexpectedEnd);
      EXPECT_LE(d.instr.error().offset, n);
    }
  }
}

TEST(ReadInstr, TruncationOffsets) {
  expect_error({}, Errc::UnexpectedEnd, 0);
  expect_error({0xfd}, Errc::UnexpectedEnd, 1);
  expect_error({0xfd, 0x8c}, Errc::UnexpectedEnd, 2);        // sub-opcode LEB cut short
  expect_error({0x0c}, Errc::UnexpectedEnd, 1);              // br without a depth
  expect_error({0x11, 0x00}, Errc::UnexpectedEnd, 2);        // call_indirect without table
  expect_error({0x28, 0x02}, Errc::UnexpectedEnd, 2);        // memarg without offset
  expect_error({0xfc, 0x0a, 0x00}, Errc::UnexpectedEnd, 3);  // memory.copy, one zero byte
  expect_error({0x41, 0x80}, Errc::UnexpectedEnd, 2);        // i32.const LEB cut short
  // Fixed-size immediates report where the missing 4- or 8-byte chunk starts: a v128
  // is read as two halves.
  expect_error({0x43, 0x00, 0x00, 0x80}, Errc::UnexpectedEnd, 1);
  expect_error(cat({Bytes{0xfd, 0x0c}, Bytes(7, 0)}), Errc::UnexpectedEnd, 2);
  expect_error(cat({Bytes{0xfd, 0x0c}, Bytes(15, 0)}), Errc::UnexpectedEnd, 10);
  // A label count larger than the bytes left is caught before anything is reserved.
  expect_error({0x0e, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00}, Errc::UnexpectedEnd, 1);
}

// --- br_table -----------------------------------------------------------------------

TEST(ReadInstr, BrTableTargetsDefaultLast) {
  Decoded d = decode({0x0e, 0x03, 0x01, 0x02, 0x03, 0x00});
  ASSERT_TRUE(d.instr.ok());
  EXPECT_EQ(d.instr.value().a, 3u);
  EXPECT_EQ(d.targets, (std::vector<uint32_t>{1, 2, 3, 0}));
}

TEST(ReadInstr, BrTableWithOnlyADefault) {
  Decoded d = decode({0x0e, 0x00, 0x07});
  ASSERT_TRUE(d.instr.ok());
  EXPECT_EQ(d.instr.value().a, 0u);
  EXPECT_EQ(d.targets, (std::vector<uint32_t>{7}));
}

// The limit counts every label, the default included.
TEST(ReadInstr, BrTableTargetsLimit) {
  Limits limits;
  limits.br_table_targets = 3;
  Decoded fits = decode({0x0e, 0x02, 0x00, 0x00, 0x00}, {}, limits);
  ASSERT_TRUE(fits.instr.ok());
  EXPECT_EQ(fits.targets.size(), 3u);

  Decoded over = decode({0x0e, 0x03, 0x00, 0x00, 0x00, 0x00}, {}, limits, 50);
  ASSERT_FALSE(over.instr.ok());
  EXPECT_EQ(over.instr.error().code, Errc::LimitExceeded);
  EXPECT_EQ(over.instr.error().offset, 51u);  // the label count
  EXPECT_STREQ(over.instr.error().detail, "br_table_targets");
}

TEST(ReadInstr, BrTableDefaultLimitBoundary) {
  const Limits limits;
  auto with_labels = [](uint32_t n) {
    return cat({Bytes{0x0e}, leb_u(n), Bytes(n + 1, 0x00)});
  };
  Decoded fits = decode(with_labels(limits.br_table_targets - 1));
  ASSERT_TRUE(fits.instr.ok());
  EXPECT_EQ(fits.targets.size(), limits.br_table_targets);
  Decoded over = decode(with_labels(limits.br_table_targets));
  ASSERT_FALSE(over.instr.ok());
  EXPECT_EQ(over.instr.error().code, Errc::LimitExceeded);
}

// --- reserved zero bytes ------------------------------------------------------------

TEST(ReadInstr, MemoryIndexBytesMustBeZero) {
  EXPECT_EQ(decode_ok({0x3f, 0x00}).op, Op::MemorySize);
  EXPECT_EQ(decode_ok({0x40, 0x00}).op, Op::MemoryGrow);
  expect_error({0x3f, 0x01}, Errc::ZeroByteExpected, 1);
  expect_error({0x40, 0x01}, Errc::ZeroByteExpected, 1);
  // A zero written as a longer LEB128 is still not the zero byte.
  expect_error({0x3f, 0x80, 0x00}, Errc::ZeroByteExpected, 1);
  expect_error({0xfc, 0x0b, 0x01}, Errc::ZeroByteExpected, 2);        // memory.fill
  expect_error({0xfc, 0x0a, 0x01, 0x00}, Errc::ZeroByteExpected, 2);  // memory.copy dst
  expect_error({0xfc, 0x0a, 0x00, 0x01}, Errc::ZeroByteExpected, 3);  // memory.copy src
}

TEST(ReadInstr, MemoryInitReadsSegmentThenZeroByte) {
  const Instr in = decode_ok({0xfc, 0x08, 0x07, 0x00});
  EXPECT_EQ(in.op, Op::MemoryInit);
  EXPECT_EQ(in.a, 7u);
  expect_error({0xfc, 0x08, 0x07, 0x01}, Errc::ZeroByteExpected, 3);
  expect_error({0xfc, 0x08, 0x80, 0x01, 0x02}, Errc::ZeroByteExpected, 4);
}

// --- block types --------------------------------------------------------------------

TEST(ReadInstr, BlockTypeEmptyAndValue) {
  EXPECT_EQ(decode_ok({0x02, 0x40}).block.kind, BlockType::Kind::Empty);
  for (uint8_t t : {0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f}) {
    const Instr in = decode_ok({0x03, t});
    EXPECT_EQ(in.op, Op::Loop);
    EXPECT_EQ(in.block.kind, BlockType::Kind::Value);
    EXPECT_EQ(in.block.value, static_cast<ValType>(t));
  }
}

TEST(ReadInstr, BlockTypeIndex) {
  const Instr small = decode_ok({0x04, 0x05});
  EXPECT_EQ(small.op, Op::If);
  EXPECT_EQ(small.block.kind, BlockType::Kind::TypeIndex);
  EXPECT_EQ(small.block.type_index, 5u);
  // 64 has bit 6 set, so as s33 it needs a second byte; 0xc0 is not a value type.
  EXPECT_EQ(decode_ok(cat({Bytes{0x02}, leb_s(64)})).block.type_index, 64u);
  EXPECT_EQ(decode_ok(cat({Bytes{0x02}, leb_s(100'000)})).block.type_index, 100'000u);
  // The largest s33 is 2^32 - 1.
  EXPECT_EQ(decode_ok({0x02, 0xff, 0xff, 0xff, 0xff, 0x0f}).block.type_index, UINT32_MAX);
}

TEST(ReadInstr, BlockTypeNegativeIsMalformed) {
  expect_error({0x02, 0x41}, Errc::MalformedBlockType, 1);  // -63, not a value type
  expect_error({0x02, 0x60}, Errc::MalformedBlockType, 1);  // the func type form
  expect_error(cat({Bytes{0x02}, leb_s(-100)}), Errc::MalformedBlockType, 1);
  expect_error({0x02, 0x80, 0x80, 0x80, 0x80, 0x70}, Errc::MalformedBlockType, 1);  // -2^32
  // Malformed s33 encodings.
  expect_error({0x02, 0xff, 0xff, 0xff, 0xff, 0x1f}, Errc::IntTooLarge, 1);
  expect_error({0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, Errc::IntTooLong, 1);
}

// --- memargs ------------------------------------------------------------------------

TEST(ReadInstr, MemArgAlignmentIsKeptAsEncoded) {
  // The validator rejects alignment above natural; the decoder only reads it.
  const Instr in = decode_ok({0x28, 0x07, 0x10});
  EXPECT_EQ(in.op, Op::I32Load);
  EXPECT_EQ(in.a, 7u);
  EXPECT_EQ(in.value, 16u);
  expect_error({0x28, 0x80, 0x80, 0x80, 0x80, 0x10, 0x00}, Errc::IntTooLarge, 1);
}

TEST(ReadInstr, MemArgOffsetIsU32WithoutMemory64) {
  EXPECT_EQ(decode_ok({0x36, 0x02, 0xff, 0xff, 0xff, 0xff, 0x0f}).value, 0xffffffffu);
  expect_error({0x36, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10}, Errc::IntTooLarge, 2);  // 2^32
  expect_error({0x36, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, Errc::IntTooLong, 2);
}

TEST(ReadInstr, MemArgOffsetIsU64WithMemory64) {
  Features memory64;
  memory64.memory64 = true;
  EXPECT_EQ(decode_ok({0x36, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10}, memory64).value,
            uint64_t{1} << 32);
  EXPECT_EQ(decode_ok(cat({Bytes{0x29, 0x03}, leb_u(UINT64_MAX)}), memory64).value, UINT64_MAX);
  expect_error(cat({Bytes{0x29, 0x03}, Bytes(10, 0x80), Bytes{0x00}}), Errc::IntTooLong, 2,
               memory64);
  // Lane memargs too, with the lane after the offset.
  const Instr lane = decode_ok(cat({Bytes{0xfd, 0x57, 0x03}, leb_u(uint64_t{1} << 40),
                                    Bytes{0x01}}), memory64);
  EXPECT_EQ(lane.op, Op::V128Load64Lane);
  EXPECT_EQ(lane.value, uint64_t{1} << 40);
  EXPECT_EQ(lane.b, 1u);
}

// --- other immediates ---------------------------------------------------------------

TEST(ReadInstr, IntegerConstantsAreSignExtended) {
  EXPECT_EQ(decode_ok({0x41, 0x7f}).value, UINT64_MAX);
  EXPECT_EQ(decode_ok(cat({Bytes{0x41}, leb_s(INT32_MIN)})).value,
            static_cast<uint64_t>(int64_t{INT32_MIN}));
  EXPECT_EQ(decode_ok(cat({Bytes{0x41}, leb_s(INT32_MAX)})).value, uint64_t{INT32_MAX});
  EXPECT_EQ(decode_ok(cat({Bytes{0x42}, leb_s(INT64_MIN)})).value, uint64_t{1} << 63);
  expect_error(cat({Bytes{0x41}, leb_s(int64_t{INT32_MAX} + 1)}), Errc::IntTooLarge, 1);
}

TEST(ReadInstr, FloatConstantsKeepTheirBits) {
  // A signalling NaN payload must survive: no conversion through float.
  EXPECT_EQ(decode_ok({0x43, 0x01, 0x00, 0x80, 0x7f}).value, 0x7f800001u);
  EXPECT_EQ(decode_ok({0x44, 0x01, 0, 0, 0, 0, 0, 0xf0, 0x7f}).value, 0x7ff0000000000001u);
}

TEST(ReadInstr, SelectTypes) {
  const Instr one = decode_ok({0x1c, 0x01, 0x7b});
  EXPECT_EQ(one.op, Op::SelectT);
  EXPECT_EQ(one.a, 1u);
  EXPECT_EQ(one.type, ValType::V128);
  const Instr two = decode_ok({0x1c, 0x02, 0x70, 0x7f});
  EXPECT_EQ(two.a, 2u);
  EXPECT_EQ(two.type, ValType::FuncRef);  // the first type
  EXPECT_EQ(decode_ok({0x1c, 0x00}).a, 0u);  // arity is the validator's business
  expect_error({0x1c, 0x01, 0x40}, Errc::MalformedValueType, 2);
  expect_error({0x1c, 0x02, 0x7f, 0x60}, Errc::MalformedValueType, 3);
}

TEST(ReadInstr, RefNullType) {
  EXPECT_EQ(decode_ok({0xd0, 0x70}).type, ValType::FuncRef);
  EXPECT_EQ(decode_ok({0xd0, 0x6f}).type, ValType::ExternRef);
  expect_error({0xd0, 0x7f}, Errc::MalformedRefType, 1);
}

TEST(ReadInstr, LaneIndexIsOneByte) {
  // Lane range is the validator's business; any byte decodes.
  const Instr in = decode_ok({0xfd, 0x21, 0xff});
  EXPECT_EQ(in.op, Op::F64x2ExtractLane);
  EXPECT_EQ(in.b, 0xffu);
}

TEST(ReadInstr, ShuffleLanesLittleEndian) {
  const Instr in = decode_ok(cat({Bytes{0xfd, 0x0d}, kSixteen}));
  EXPECT_EQ(in.op, Op::I8x16Shuffle);
  uint8_t lanes[16];
  std::memcpy(lanes, &in.value, 8);
  std::memcpy(lanes + 8, &in.value_hi, 8);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(lanes[i], i);  // on a little-endian host
}

// --- opcodes ------------------------------------------------------------------------

TEST(ReadInstr, SubOpcodesAreLeb128) {
  // 252 needs two bytes.
  EXPECT_EQ(decode_ok({0xfd, 0xfc, 0x01}).op, Op::I32x4TruncSatF64x2SZero);
  // Redundant padding within five bytes is a valid u32 encoding.
  EXPECT_EQ(decode_ok({0xfc, 0x80, 0x00}).op, Op::I32TruncSatF32S);
  EXPECT_EQ(decode_ok({0xfd, 0x8e, 0x80, 0x80, 0x80, 0x00}).op, Op::I8x16Swizzle);
  expect_error({0xfd, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, Errc::IntTooLong, 1);
  expect_error({0xfc, 0xff, 0xff, 0xff, 0xff, 0x1f}, Errc::IntTooLarge, 1);
}

TEST(ReadInstr, IllegalSingleByteOpcodes) {
  int illegal = 0;
  for (uint32_t b = 0; b < 0x100; ++b) {
    if (b == kPrefixFc || b == kPrefixFd || op_from_byte(static_cast<uint8_t>(b))) continue;
    SCOPED_TRACE(b);
    Decoded d = decode({static_cast<uint8_t>(b), 0x00, 0x00}, {}, {}, 40);
    ASSERT_FALSE(d.instr.ok());
    EXPECT_EQ(d.instr.error().code, Errc::IllegalOpcode);
    EXPECT_EQ(d.instr.error().offset, 40u);
    ++illegal;
  }
  EXPECT_EQ(illegal, 256 - 183 - 2);
  expect_error({0x06}, Errc::IllegalOpcode, 0);  // try (exception handling)
  expect_error({0x12}, Errc::IllegalOpcode, 0);  // return_call (tail calls)
  expect_error({0xfe, 0x00}, Errc::IllegalOpcode, 0);  // threads prefix
}

// Unknown sub-opcodes are reported at the prefix byte, where the instruction starts.
TEST(ReadInstr, IllegalPrefixedOpcodes) {
  for (uint8_t prefix : {kPrefixFc, kPrefixFd}) {
    for (uint32_t sub = 0; sub < 0x400; ++sub) {
      if (op_from_prefixed(prefix, sub)) continue;
      SCOPED_TRACE(std::to_string(prefix) + " " + std::to_string(sub));
      Decoded d = decode(cat({Bytes{prefix}, leb_u(sub)}), {}, {}, 7);
      ASSERT_FALSE(d.instr.ok());
      EXPECT_EQ(d.instr.error().code, Errc::IllegalOpcode);
      EXPECT_EQ(d.instr.error().offset, 7u);
    }
  }
  expect_error({0xfc, 0x12}, Errc::IllegalOpcode, 0);              // first after table.fill
  expect_error({0xfd, 0x9a, 0x01}, Errc::IllegalOpcode, 0);        // a SIMD gap
  expect_error({0xfd, 0x80, 0x02}, Errc::IllegalOpcode, 0);        // relaxed SIMD
  expect_error({0xfd, 0xff, 0xff, 0xff, 0xff, 0x0f}, Errc::IllegalOpcode, 0);
}

// ---- The fast path and the scan helpers (read_common_form, skip_*) ------------------

// A one-byte immediate where the sample has a long one: what read_instr decodes in place.
Bytes short_immediates(Imm imm) {
  switch (imm) {
    case Imm::Depth: case Imm::FuncIdx: case Imm::LocalIdx: case Imm::GlobalIdx:
    case Imm::TableIdx: case Imm::ElemIdx: case Imm::DataIdx: return {0x05};
    case Imm::I32: case Imm::I64: return {0x7b};  // -5
    case Imm::MemArg1: case Imm::MemArg2: case Imm::MemArg4: case Imm::MemArg8:
    case Imm::MemArg16: return {0x00, 0x7f};
    case Imm::BlockType: return {0x7c};
    default: return sample_immediates(imm);
  }
}

// The same values with every one-byte LEB128 padded to two bytes (valid, not minimal):
// these take the general path.
Bytes padded_immediates(Imm imm) {
  switch (imm) {
    case Imm::Depth: case Imm::FuncIdx: case Imm::LocalIdx: case Imm::GlobalIdx:
    case Imm::TableIdx: case Imm::ElemIdx: case Imm::DataIdx: return {0x85, 0x00};
    case Imm::I32: case Imm::I64: return {0xfb, 0x7f};
    case Imm::MemArg1: case Imm::MemArg2: case Imm::MemArg4: case Imm::MemArg8:
    case Imm::MemArg16: return {0x80, 0x00, 0xff, 0x00};
    default: return short_immediates(imm);
  }
}

bool same_fields(const Instr& x, const Instr& y) {
  return x.op == y.op && x.offset == y.offset && x.a == y.a && x.b == y.b && x.value == y.value &&
         x.value_hi == y.value_hi && x.type == y.type && x.block.kind == y.block.kind &&
         x.block.value == y.block.value && x.block.type_index == y.block.type_index;
}

TEST(ReadInstr, ShortFormsDecodeLikeTheGeneralPath) {
  for (size_t i = 0; i < kOpCount; ++i) {
    const Op op = static_cast<Op>(i);
    SCOPED_TRACE(text(op));
    for (bool memory64 : {false, true}) {
      Features features;
      features.memory64 = memory64;
      const Imm imm = info(op).imm;
      Decoded fast = decode(cat({opcode_bytes(op), short_immediates(imm)}), features, {}, 40);
      Decoded slow = decode(cat({opcode_bytes(op), padded_immediates(imm)}), features, {}, 40);
      ASSERT_TRUE(fast.instr.ok()) << describe(fast.instr.error());
      ASSERT_TRUE(slow.instr.ok()) << describe(slow.instr.error());
      EXPECT_EQ(fast.unread, 0u);
      EXPECT_TRUE(same_fields(fast.instr.value(), slow.instr.value()));
      EXPECT_EQ(fast.targets, slow.targets);
    }
  }
  EXPECT_EQ(decode_ok({0x41, 0x7b}).value, static_cast<uint64_t>(int64_t{-5}));
  EXPECT_EQ(decode_ok({0x41, 0x3f}).value, 63u);
  EXPECT_EQ(decode_ok({0x42, 0x40}).value, static_cast<uint64_t>(int64_t{-64}));
  EXPECT_EQ(decode_ok({0x02, 0x7c}).block.value, ValType::F64);
}

// Short forms cut anywhere are errors at the same offsets the general path reports.
TEST(ReadInstr, ShortFormTruncations) {
  for (size_t i = 0; i < kOpCount; ++i) {
    const Op op = static_cast<Op>(i);
    SCOPED_TRACE(text(op));
    const Bytes full = cat({opcode_bytes(op), short_immediates(info(op).imm)});
    for (size_t cut = 0; cut < full.size(); ++cut) {
      Decoded d = decode(Bytes(full.begin(), full.begin() + static_cast<ptrdiff_t>(cut)), {}, {}, 10);
      ASSERT_FALSE(d.instr.ok());
      EXPECT_EQ(d.instr.error().code, Errc::UnexpectedEnd);
      EXPECT_LE(d.instr.error().offset, 10 + cut);
    }
  }
  expect_error({0x20}, Errc::UnexpectedEnd, 1);              // local.get without an index
  expect_error({0x28, 0x02}, Errc::UnexpectedEnd, 2);        // memarg without offset
  expect_error({0x41}, Errc::UnexpectedEnd, 1);              // i32.const without a value
  expect_error({0x02}, Errc::UnexpectedEnd, 1);              // block without a type
  expect_error({0x44, 0x00, 0x00, 0x00}, Errc::UnexpectedEnd, 1);
}

// skip_opcode + skip_immediates end where read_instr does, for every opcode, and never
// run past the end of a truncated instruction.
TEST(SkipInstr, EndsWhereReadInstrEnds) {
  for (size_t i = 0; i < kOpCount; ++i) {
    const Op op = static_cast<Op>(i);
    SCOPED_TRACE(text(op));
    for (const Bytes& immediates : {sample_immediates(info(op).imm), short_immediates(info(op).imm)}) {
      const Bytes bytes = cat({opcode_bytes(op), immediates, Bytes{0x01}});  // and a nop after
      Op skipped = Op::Nop;
      const uint8_t* end = bytes.data() + bytes.size();
      const uint8_t* after_opcode = skip_opcode(bytes.data(), end, skipped);
      ASSERT_NE(after_opcode, nullptr);
      EXPECT_EQ(skipped, op);
      EXPECT_EQ(skip_immediates(op, after_opcode, end), end - 1);
      if (bytes[0] != kPrefixFc && bytes[0] != kPrefixFd) {
        EXPECT_TRUE(opcode_byte(bytes[0]).single);
        EXPECT_EQ(opcode_byte(bytes[0]).op, op);
        EXPECT_EQ(skip_shape(opcode_byte(bytes[0]).shape, after_opcode, end), end - 1);
      }
      for (size_t cut = 1; cut < bytes.size() - 1; ++cut) {
        const uint8_t* cut_end = bytes.data() + cut;
        const uint8_t* p = skip_opcode(bytes.data(), cut_end, skipped);
        if (p != nullptr) {
          EXPECT_LE(skip_immediates(skipped, p, cut_end), cut_end);
        }
      }
    }
  }
  Op unused = Op::Nop;
  const Bytes illegal = {0xff};
  EXPECT_EQ(skip_opcode(illegal.data(), illegal.data() + 1, unused), nullptr);
  EXPECT_FALSE(opcode_byte(0xfc).single);
}

}  // namespace
}  // namespace shortcrust::decoder
