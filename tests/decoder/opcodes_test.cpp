// Properties of the opcode table (decoder/opcodes.def + opcodes_simd.def): encodings
// round-trip through the lookup, the encoding space is exactly WebAssembly 2.0's, names
// follow the text format, static gas follows ARCHITECTURE §5, signatures parse.
// Expected counts and gaps are written out here independently of the table on purpose.
#include "decoder/opcodes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "decoder/gas.h"

namespace shortcrust::decoder {
namespace {

// Enumerator names as written in the table, to check them against the text names.
constexpr const char* kEnumNames[] = {
#define X(name, enc, text, imm, sig, gas, family) #name,
#include "decoder/opcodes.def"
#undef X
};
static_assert(std::size(kEnumNames) == kOpCount);

Op op_at(size_t i) { return static_cast<Op>(i); }

// "i8x16.extract_lane_s" -> "I8x16ExtractLaneS": the house rule for enumerator names.
std::string pascal_from_text(std::string_view text) {
  std::string out;
  bool upper = true;
  for (char c : text) {
    if (c == '.' || c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

bool is_store(std::string_view text) { return text.find(".store") != std::string_view::npos; }
bool is_load(std::string_view text) { return text.find(".load") != std::string_view::npos; }

// Bytes a load or store accesses, read off its text name: "i64.load32_s" 4,
// "v128.load8x8_s" 8, "v128.store16_lane" 2, "f64.store" 8, "v128.load" 16.
uint32_t access_bytes(std::string_view text) {
  const size_t dot = text.find('.');
  const std::string_view type = text.substr(0, dot);
  const std::string_view rest = text.substr(dot + 1);
  size_t pos = rest.starts_with("load") ? 4 : 5;
  auto number = [&] {
    uint32_t n = 0;
    while (pos < rest.size() && std::isdigit(static_cast<unsigned char>(rest[pos])))
      n = n * 10 + static_cast<uint32_t>(rest[pos++] - '0');
    return n;
  };
  uint32_t bits = number();
  if (bits == 0) return type == "v128" ? 16 : type.ends_with("64") ? 8 : 4;
  if (pos < rest.size() && rest[pos] == 'x') {
    ++pos;
    bits *= number();
  }
  return bits / 8;
}

TEST(OpcodeTable, EveryRowRoundTripsThroughTheLookup) {
  for (size_t i = 0; i < kOpCount; ++i) {
    const uint32_t enc = kOpInfo[i].encoding;
    SCOPED_TRACE(kOpInfo[i].text);
    std::optional<Op> found;
    if (enc < 0x100) {
      found = op_from_byte(static_cast<uint8_t>(enc));
    } else {
      ASSERT_TRUE((enc >> 16) == kPrefixFc || (enc >> 16) == kPrefixFd);
      found = op_from_prefixed(static_cast<uint8_t>(enc >> 16), enc & 0xffff);
    }
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(*found, op_at(i));
  }
}

// The single-byte opcodes of 2.0: 0x00-0xc4 and 0xd0-0xd2, minus the gaps below.
TEST(OpcodeTable, SingleByteSpaceIsExactlyWasm20) {
  std::set<uint32_t> expected;
  for (uint32_t b = 0x00; b <= 0xc4; ++b) expected.insert(b);
  for (uint32_t b = 0xd0; b <= 0xd2; ++b) expected.insert(b);
  for (uint32_t b = 0x06; b <= 0x0a; ++b) expected.erase(b);  // exception handling
  for (uint32_t b = 0x12; b <= 0x19; ++b) expected.erase(b);  // tail calls, reserved
  for (uint32_t b = 0x1d; b <= 0x1f; ++b) expected.erase(b);
  expected.erase(0x27);
  std::set<uint32_t> actual;
  for (uint32_t b = 0; b < 0x100; ++b)
    if (op_from_byte(static_cast<uint8_t>(b))) actual.insert(b);
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(actual.size(), 183u);
  // The prefixes themselves are not instructions.
  EXPECT_FALSE(op_from_byte(kPrefixFc).has_value());
  EXPECT_FALSE(op_from_byte(kPrefixFd).has_value());
}

TEST(OpcodeTable, PrefixFcSpaceIsExactlyWasm20) {
  for (uint32_t sub = 0; sub < 0x400; ++sub)
    EXPECT_EQ(op_from_prefixed(kPrefixFc, sub).has_value(), sub <= 17) << sub;
}

// 0x00-0xff minus 20 unassigned sub-opcodes: 236 instructions (spec 5.4.8). 0x100 and up
// are relaxed SIMD, which 2.0 does not include.
TEST(OpcodeTable, PrefixFdSpaceIsExactlyWasm20) {
  const std::set<uint32_t> gaps = {0x9a, 0xa2, 0xa5, 0xa6, 0xaf, 0xb0, 0xb2, 0xb3, 0xb4, 0xbb,
                                   0xc2, 0xc5, 0xc6, 0xcf, 0xd0, 0xd2, 0xd3, 0xd4, 0xe2, 0xee};
  int assigned = 0;
  for (uint32_t sub = 0; sub < 0x400; ++sub) {
    const bool expected = sub < 0x100 && !gaps.contains(sub);
    EXPECT_EQ(op_from_prefixed(kPrefixFd, sub).has_value(), expected) << sub;
    assigned += expected;
  }
  EXPECT_EQ(assigned, 236);
  EXPECT_FALSE(op_from_prefixed(kPrefixFd, UINT32_MAX).has_value());
  EXPECT_FALSE(op_from_prefixed(0xfe, 0).has_value());  // threads prefix: not in 2.0
}

TEST(OpcodeTable, RowsPerFamily) {
  std::map<Family, int> counts;
  for (const OpInfo& row : kOpInfo) ++counts[row.family];
  // unreachable nop block loop if else end br br_if br_table return
  EXPECT_EQ(counts[Family::Control], 11);
  EXPECT_EQ(counts[Family::Call], 2);
  EXPECT_EQ(counts[Family::Reference], 3);
  EXPECT_EQ(counts[Family::Parametric], 3);  // drop, select, select t
  EXPECT_EQ(counts[Family::Variable], 5);
  EXPECT_EQ(counts[Family::Table], 8);       // get set init elem.drop copy grow size fill
  EXPECT_EQ(counts[Family::Load], 14);
  EXPECT_EQ(counts[Family::Store], 9);
  EXPECT_EQ(counts[Family::Memory], 6);      // size grow init data.drop copy fill
  EXPECT_EQ(counts[Family::Const], 4);
  EXPECT_EQ(counts[Family::Compare], 34);    // 11 + 11 + 6 + 6
  EXPECT_EQ(counts[Family::Unary], 25);      // 3 + 3 + 7 + 7 + 5 sign extensions
  EXPECT_EQ(counts[Family::Binary], 44);     // 15 + 15 + 7 + 7
  EXPECT_EQ(counts[Family::Convert], 33);    // 0xa7-0xbf, 8 trunc_sat
  EXPECT_EQ(counts[Family::Simd], 236);
  EXPECT_EQ(kOpCount, 437u);
}

TEST(OpcodeTable, SimdRowsAreExactlyThePrefixFdRows) {
  for (const OpInfo& row : kOpInfo) {
    SCOPED_TRACE(row.text);
    EXPECT_EQ(row.family == Family::Simd, (row.encoding >> 16) == kPrefixFd);
    if (row.family == Family::Simd) {
      EXPECT_FALSE(row.sig.special);
    }
  }
}

TEST(OpcodeTable, TextNamesAreUniqueExceptSelect) {
  std::map<std::string_view, int> seen;
  for (const OpInfo& row : kOpInfo) ++seen[row.text];
  for (const auto& [name, n] : seen) {
    const int expected = name == "select" ? 2 : 1;
    EXPECT_EQ(n, expected) << name;
  }
  EXPECT_STREQ(text(Op::Select), "select");
  EXPECT_STREQ(text(Op::SelectT), "select");
}

TEST(OpcodeTable, EnumeratorNamesFollowTextNames) {
  for (size_t i = 0; i < kOpCount; ++i) {
    if (op_at(i) == Op::SelectT) continue;  // the typed select has no text name of its own
    EXPECT_EQ(kEnumNames[i], pascal_from_text(kOpInfo[i].text));
  }
}

TEST(OpcodeTable, SpotChecksOfSimdNames) {
  EXPECT_STREQ(text(Op::I8x16ExtractLaneS), "i8x16.extract_lane_s");
  EXPECT_STREQ(text(Op::V128Load8x8S), "v128.load8x8_s");
  EXPECT_STREQ(text(Op::I16x8Q15mulrSatS), "i16x8.q15mulr_sat_s");
  EXPECT_STREQ(text(Op::F32x4DemoteF64x2Zero), "f32x4.demote_f64x2_zero");
  EXPECT_STREQ(text(Op::I32x4TruncSatF64x2SZero), "i32x4.trunc_sat_f64x2_s_zero");
  EXPECT_EQ(info(Op::I8x16Shuffle).encoding, 0xfd000du);
  EXPECT_EQ(info(Op::V128Load32Zero).encoding, 0xfd005cu);
  EXPECT_EQ(info(Op::F64x2ConvertLowI32x4U).encoding, 0xfd00ffu);
}

// Memargs exactly on loads and stores, with the natural alignment of the access size.
TEST(OpcodeTable, MemArgAlignmentMatchesAccessSize) {
  int memory_ops = 0;
  for (const OpInfo& row : kOpInfo) {
    SCOPED_TRACE(row.text);
    const bool memory = is_load(row.text) || is_store(row.text);
    ASSERT_EQ(has_memarg(row.imm), memory);
    if (!memory) continue;
    ++memory_ops;
    const uint32_t bytes = access_bytes(row.text);
    EXPECT_EQ(1u << natural_align_log2(row.imm), bytes);
    const bool lane = std::string_view(row.text).ends_with("_lane");
    EXPECT_EQ(row.imm >= Imm::MemArgLane1 && row.imm <= Imm::MemArgLane8, lane);
  }
  EXPECT_EQ(memory_ops, 14 + 9 + 13 + 1 + 8);  // scalar loads, stores, v128 loads, v128.store, lanes
}

TEST(OpcodeTable, LaneImmediatesOnExtractAndReplaceOnly) {
  int lanes = 0;
  for (const OpInfo& row : kOpInfo) {
    const std::string_view t = row.text;
    const bool lane = t.find("extract_lane") != t.npos || t.find("replace_lane") != t.npos;
    EXPECT_EQ(row.imm == Imm::Lane, lane) << t;
    lanes += lane;
  }
  EXPECT_EQ(lanes, 14);
}

// ARCHITECTURE §5, schedule v1.
TEST(OpcodeGas, StaticCostsFollowScheduleV1) {
  const std::set<std::string_view> zero_cost = {"nop",  "drop", "block",       "loop",
                                                "else", "end",  "unreachable", "return"};
  for (size_t i = 0; i < kOpCount; ++i) {
    const std::string_view t = kOpInfo[i].text;
    SCOPED_TRACE(t);
    uint32_t expected = 1;
    if (zero_cost.contains(t)) expected = 0;
    else if (is_store(t)) expected = 4 * access_bytes(t);
    EXPECT_EQ(kStaticCost[i], expected);
    EXPECT_EQ(static_cost(kOpInfo[i].gas), expected);
  }
  EXPECT_EQ(kStaticCost[static_cast<size_t>(Op::I32Store8)], 4u);
  EXPECT_EQ(kStaticCost[static_cast<size_t>(Op::I32Store16)], 8u);
  EXPECT_EQ(kStaticCost[static_cast<size_t>(Op::I32Store)], 16u);
  EXPECT_EQ(kStaticCost[static_cast<size_t>(Op::I64Store)], 32u);
  EXPECT_EQ(kStaticCost[static_cast<size_t>(Op::V128Store)], 64u);
  EXPECT_EQ(kStaticCost[static_cast<size_t>(Op::V128Store8Lane)], 4u);
  EXPECT_EQ(kStaticCost[static_cast<size_t>(Op::V128Store64Lane)], 32u);
  EXPECT_EQ(kStaticCost[static_cast<size_t>(Op::If)], 1u);
}

TEST(OpcodeGas, DynamicCostsOnBulkOpsAndGrowOnly) {
  const std::set<std::string_view> dynamic = {"memory.fill", "memory.copy", "memory.init",
                                              "memory.grow", "table.fill",  "table.copy",
                                              "table.init",  "table.grow"};
  for (const OpInfo& row : kOpInfo)
    EXPECT_EQ(has_dynamic_cost(row.gas), dynamic.contains(row.text)) << row.text;
  EXPECT_EQ(info(Op::MemoryGrow).gas, GasClass::MemPages);
  EXPECT_EQ(info(Op::MemoryCopy).gas, GasClass::MemBytes);
  EXPECT_EQ(info(Op::TableGrow).gas, GasClass::TableElems);
}

void expect_sig(Op op, std::initializer_list<SigType> params, std::optional<SigType> result) {
  const Sig& sig = info(op).sig;
  SCOPED_TRACE(text(op));
  EXPECT_FALSE(sig.special);
  ASSERT_EQ(sig.param_count, params.size());
  EXPECT_TRUE(std::equal(params.begin(), params.end(), sig.params.begin()));
  ASSERT_EQ(sig.result_count, result ? 1 : 0);
  if (result) {
    EXPECT_EQ(sig.result, *result);
  }
}

TEST(OpcodeSig, ParsesResultsAndParams) {
  using enum SigType;
  expect_sig(Op::I32Add, {I32, I32}, I32);
  expect_sig(Op::I64Eqz, {I64}, I32);
  expect_sig(Op::F64ConvertI64U, {I64}, F64);
  expect_sig(Op::I32Store, {Addr, I32}, std::nullopt);
  expect_sig(Op::F32Load, {Addr}, F32);
  expect_sig(Op::MemorySize, {}, Addr);
  expect_sig(Op::MemoryFill, {Addr, I32, Addr}, std::nullopt);
  expect_sig(Op::Nop, {}, std::nullopt);
  expect_sig(Op::V128Bitselect, {V128, V128, V128}, V128);
  expect_sig(Op::I8x16ExtractLaneS, {V128}, I32);
  expect_sig(Op::I64x2ReplaceLane, {V128, I64}, V128);
  expect_sig(Op::I32x4Shl, {V128, I32}, V128);
  expect_sig(Op::V128AnyTrue, {V128}, I32);
  expect_sig(Op::V128Load16Lane, {Addr, V128}, V128);
  expect_sig(Op::V128Store8Lane, {Addr, V128}, std::nullopt);
  expect_sig(Op::V128Const, {}, V128);
  EXPECT_TRUE(info(Op::Block).sig.special);
  EXPECT_TRUE(info(Op::Call).sig.special);
}

// The parser runs at compile time; a bad letter in the table fails the build.
static_assert(detail::parse_sig("i_ii").param_count == 2);
static_assert(detail::parse_sig("v_v").param_count == 0 && detail::parse_sig("v_v").result_count == 0);
static_assert(detail::parse_sig("x").special);
static_assert(detail::parse_sig("s_sss").params[2] == SigType::V128);

}  // namespace
}  // namespace shortcrust::decoder
