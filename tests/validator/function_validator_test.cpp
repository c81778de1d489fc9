// Function body validation: the appendix algorithm (stack polymorphism, control frames,
// branches), per-family typing, locals, body ends, limits, and every error's code,
// module offset and function index.
#include <gtest/gtest.h>

#include "validator/validator_test_util.h"

namespace shortcrust::test {
namespace {

const Bytes kVoid = func_type({}, {});
const Bytes kI32ToI32 = func_type({kI32}, {kI32});
constexpr uint8_t kEnd = 0x0b;

void expect_error(const Checked& c, Errc code, uint64_t offset, uint32_t function = 0) {
  ASSERT_FALSE(c.result.ok()) << "expected " << message(code);
  EXPECT_EQ(c.error().code, code) << describe(c.error());
  EXPECT_EQ(c.error().offset, offset) << describe(c.error());
  EXPECT_EQ(c.error().function, function);
}

void expect_valid(const Checked& c) {
  ASSERT_TRUE(c.result.ok()) << describe(c.error()) << " at " << c.error().offset;
}

TEST(FunctionValidator, SimpleArithmeticIsValid) {
  const Checked c = check(one_function(kI32ToI32, {0x20, 0x00, 0x41, 0x01, 0x6a, kEnd}));
  expect_valid(c);
  ASSERT_EQ(c.module.facts.size(), 1u);
  EXPECT_EQ(c.module.facts[0].max_operand_height, 2u);
  EXPECT_EQ(c.module.facts[0].max_control_depth, 0u);
  EXPECT_EQ(c.module.facts[0].frame_slots, 1u + 0u + 2u + 4u);
  EXPECT_EQ(c.module.facts[0].code.offset, c.expr);
  EXPECT_EQ(c.module.facts[0].code.size, 6u);
}

TEST(FunctionValidator, TypeMismatchReportsInstructionAndFunction) {
  // i32.const 0; i64.const 0; i32.add
  TestModule tm = one_function(kVoid, {0x41, 0x00, 0x42, 0x00, 0x6a, 0x1a, kEnd});
  Checked c = check(tm);
  expect_error(c, Errc::TypeMismatch, c.expr + 4, 0);
  // With an imported function first, the defined one is function 1.
  tm.imports = {import_entry("m", "f", 0x00, leb_u(0))};
  c = check(tm);
  expect_error(c, Errc::TypeMismatch, c.expr + 4, 1);
}

TEST(FunctionValidator, ResultsMustMatchExactly) {
  expect_error(check(one_function(kI32ToI32, {kEnd})), Errc::TypeMismatch,
               check(one_function(kI32ToI32, {kEnd})).expr);
  const Checked extra = check(one_function(kVoid, {0x41, 0x00, kEnd}));
  expect_error(extra, Errc::TypeMismatch, extra.expr + 2);
}

TEST(FunctionValidator, UnreachableMakesTheStackPolymorphic) {
  // unreachable; i32.add; drop
  expect_valid(check(one_function(kVoid, {0x00, 0x6a, 0x1a, kEnd})));
  // unreachable; i64.const 0; i32.add -> the known i64 still mismatches
  const Checked c = check(one_function(kVoid, {0x00, 0x42, 0x00, 0x6a, 0x1a, kEnd}));
  expect_error(c, Errc::TypeMismatch, c.expr + 3);
  // unreachable; select of unknowns yields an unknown that satisfies the i32 result
  expect_valid(check(one_function(kI32ToI32, {0x00, 0x1b, kEnd})));
}

TEST(FunctionValidator, BrTableInUnreachableCodeMayMixTypes) {
  // block (result f32) block (result i32) unreachable br_table 0 1 end drop f32.const end drop
  const Bytes mixed = {0x02, kF32, 0x02, kI32, 0x00, 0x0e, 0x01, 0x00, 0x01, kEnd, 0x1a,
                       0x43, 0, 0, 0, 0, kEnd, 0x1a, kEnd};
  expect_valid(check(one_function(kVoid, mixed)));
  // With a concrete i32 operand the f32 label no longer matches.
  const Bytes concrete = {0x02, kF32, 0x02, kI32, 0x00, 0x41, 0x00, 0x41, 0x00, 0x0e, 0x01,
                          0x00, 0x01, kEnd, 0x1a, 0x43, 0, 0, 0, 0, kEnd, 0x1a, kEnd};
  const Checked c = check(one_function(kVoid, concrete));
  expect_error(c, Errc::TypeMismatch, c.expr + 9);
  // Different arities are an error even in unreachable code.
  const Bytes arity = {0x02, 0x40, 0x02, kI32, 0x00, 0x0e, 0x01, 0x00, 0x01, kEnd, 0x1a, kEnd, kEnd};
  const Checked d = check(one_function(kVoid, arity));
  expect_error(d, Errc::TypeMismatch, d.expr + 5);
}

TEST(FunctionValidator, BranchesCheckLabelsAndTypes) {
  const Checked unknown = check(one_function(kVoid, {0x0c, 0x01, kEnd}));
  expect_error(unknown, Errc::UnknownLabel, unknown.expr);
  // br_if keeps the label's values: block (result i32) i32.const 1 i32.const 0 br_if 0 end drop
  expect_valid(check(one_function(kVoid, {0x02, kI32, 0x41, 0x01, 0x41, 0x00, 0x0d, 0x00, kEnd,
                                          0x1a, kEnd})));
  // A loop's label carries its parameters, not its results.
  TestModule tm = one_function(kVoid, {0x41, 0x01, 0x03, 0x01, 0x0c, 0x00, kEnd, kEnd});
  tm.types.push_back(func_type({kI32}, {}));
  expect_valid(check(tm));
  // return checks the function's results.
  const Checked ret = check(one_function(kI32ToI32, {0x42, 0x00, 0x0f, kEnd}));
  expect_error(ret, Errc::TypeMismatch, ret.expr + 2);
}

TEST(FunctionValidator, MultiValueBlocksTakeParams) {
  // i32.const 1 i32.const 2 block (type 1: [i32 i32] -> [i32]) i32.add end drop
  TestModule tm = one_function(kVoid, {0x41, 0x01, 0x41, 0x02, 0x02, 0x01, 0x6a, kEnd, 0x1a, kEnd});
  tm.types.push_back(func_type({kI32, kI32}, {kI32}));
  expect_valid(check(tm));
  // An unknown type index in a block type.
  const Checked c = check(one_function(kVoid, {0x02, 0x05, kEnd, kEnd}));
  expect_error(c, Errc::UnknownType, c.expr);
}

TEST(FunctionValidator, IfWithoutElseMustPassItsParams) {
  // i32.const 1 if (result i32) i32.const 2 end drop
  const Checked c = check(one_function(kVoid, {0x41, 0x01, 0x04, kI32, 0x41, 0x02, kEnd, 0x1a, kEnd}));
  expect_error(c, Errc::TypeMismatch, c.expr + 6);
  // ... and with an else it is fine.
  expect_valid(check(one_function(kVoid, {0x41, 0x01, 0x04, kI32, 0x41, 0x02, 0x05, 0x41, 0x03,
                                          kEnd, 0x1a, kEnd})));
  // else outside if is malformed.
  const Checked e = check(one_function(kVoid, {0x05, kEnd}));
  expect_error(e, Errc::IllegalOpcode, e.expr);
}

TEST(FunctionValidator, SelectRules) {
  // Untyped select needs numeric operands: ref.null func twice.
  const Checked refs = check(one_function(
      kVoid, {0xd0, kFuncRef, 0xd0, kFuncRef, 0x41, 0x00, 0x1b, 0x1a, kEnd}));
  expect_error(refs, Errc::TypeMismatch, refs.expr + 6);
  // ... and operands of one type.
  const Checked mixed = check(one_function(kVoid, {0x41, 0x00, 0x42, 0x00, 0x41, 0x00, 0x1b, 0x1a, kEnd}));
  expect_error(mixed, Errc::TypeMismatch, mixed.expr + 6);
  // Typed select takes exactly one type.
  const Checked two = check(one_function(kVoid, {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1c, 0x02,
                                                 kI32, kI32, 0x1a, kEnd}));
  expect_error(two, Errc::InvalidResultArity, two.expr + 6);
  expect_valid(check(one_function(kVoid, {0xd0, kExternRef, 0xd0, kExternRef, 0x41, 0x00, 0x1c,
                                          0x01, kExternRef, 0x1a, kEnd})));
}

TEST(FunctionValidator, LocalsAndGlobals) {
  const Checked unknown = check(one_function(kI32ToI32, {0x20, 0x02, kEnd}, {{1, kI64}}));
  expect_error(unknown, Errc::UnknownLocal, unknown.expr);
  // local 1 is the declared i64.
  const Checked typed = check(one_function(kI32ToI32, {0x20, 0x01, kEnd}, {{1, kI64}}));
  expect_error(typed, Errc::TypeMismatch, typed.expr + 2);
  EXPECT_TRUE(check(one_function(kI32ToI32, {0x20, 0x01, 0x1a, 0x20, 0x00, kEnd}, {{1, kI64}})).result.ok());

  TestModule tm = one_function(kVoid, {0x41, 0x00, 0x24, 0x00, kEnd});
  tm.globals = {cat({Bytes{kI32, 0x00}, i32_const(0), Bytes{kEnd}})};
  Checked c = check(tm);
  expect_error(c, Errc::ImmutableGlobal, c.expr + 2);
  tm.globals = {cat({Bytes{kI32, 0x01}, i32_const(0), Bytes{kEnd}})};
  expect_valid(check(tm));
  tm.codes = {code_entry({}, {0x23, 0x01, 0x1a, kEnd})};
  c = check(tm);
  expect_error(c, Errc::UnknownGlobal, c.expr);
}

TEST(FunctionValidator, LocalDeclarations) {
  // Two groups of 2^31 locals: 2^32 in total is malformed, and nothing is allocated.
  Checked c = check(one_function(kVoid, {kEnd}, {{0x80000000u, kI32}, {0x80000000u, kI32}}));
  ASSERT_FALSE(c.result.ok());
  EXPECT_EQ(c.error().code, Errc::TooManyLocals);
  EXPECT_EQ(c.error().function, 0u);
  // Within u32 but above the configured limit (parameters count too).
  Limits limits;
  limits.function_locals = 4;
  c = check(one_function(kI32ToI32, {0x20, 0x00, kEnd}, {{4, kI32}}), {}, limits);
  ASSERT_FALSE(c.result.ok());
  EXPECT_EQ(c.error().code, Errc::LimitExceeded);
  EXPECT_STREQ(c.error().detail, "function_locals");
  c = check(one_function(kI32ToI32, {0x20, 0x00, kEnd}, {{2, kI32}, {1, kF64}}), {}, limits);
  expect_valid(c);
  EXPECT_EQ(c.module.facts[0].local_count, 3u);
  EXPECT_EQ(c.module.facts[0].locals,
            (std::vector<decoder::ValType>{decoder::ValType::I32, decoder::ValType::I32,
                                           decoder::ValType::F64}));
  EXPECT_EQ(c.module.facts[0].frame_slots, 1u + 3u + 1u + 4u);
  // A v128 local is SIMD.
  c = check(one_function(kVoid, {kEnd}, {{1, 0x7b}}));
  ASSERT_FALSE(c.result.ok());
  EXPECT_EQ(c.error().code, Errc::UnsupportedFeature);
  EXPECT_STREQ(c.error().detail, "simd");
}

TEST(FunctionValidator, BodyMustEndWithItsFinalEnd) {
  // Bytes after the final end.
  Checked c = check(one_function(kVoid, {kEnd, 0x01}));
  expect_error(c, Errc::FunctionBodyEnd, c.expr + 1);
  // No final end: nop then the body is over.
  c = check(one_function(kVoid, {0x01}));
  expect_error(c, Errc::FunctionBodyEnd, c.expr + 1);
}

TEST(FunctionValidator, SimdIsUnsupported) {
  // v128.const then drop
  Bytes expr = {0xfd, 0x0c};
  expr.insert(expr.end(), 16, 0);
  expr.push_back(0x1a);
  expr.push_back(kEnd);
  Checked c = check(one_function(kVoid, expr));
  expect_error(c, Errc::UnsupportedFeature, c.expr);
  EXPECT_STREQ(c.error().detail, "simd");
  c = check(one_function(kVoid, {0x02, 0x7b, 0x00, kEnd, kEnd}));
  expect_error(c, Errc::UnsupportedFeature, c.expr);
}

TEST(FunctionValidator, MemoryInstructions) {
  // i32.const 0; i32.load align=2 offset=0; drop
  const Bytes load = {0x41, 0x00, 0x28, 0x02, 0x00, 0x1a, kEnd};
  Checked c = check(one_function(kVoid, load));
  expect_error(c, Errc::UnknownMemory, c.expr + 2);
  TestModule tm = one_function(kVoid, load);
  tm.memories = {limits(1)};
  expect_valid(check(tm));
  tm.codes = {code_entry({}, {0x41, 0x00, 0x28, 0x03, 0x00, 0x1a, kEnd})};
  c = check(tm);
  expect_error(c, Errc::AlignmentTooLarge, c.expr + 2);
  // memory.grow returns the address type.
  tm.codes = {code_entry({}, {0x41, 0x01, 0x40, 0x00, 0x1a, kEnd})};
  expect_valid(check(tm));
}

TEST(FunctionValidator, Memory64UsesI64Addresses) {
  Features features;
  features.memory64 = true;
  TestModule tm = one_function(kVoid, {0x42, 0x00, 0x28, 0x02, 0x00, 0x1a, kEnd});
  tm.memories = {limits(1, std::nullopt, 0x04)};
  expect_valid(check(tm, features));
  tm.codes = {code_entry({}, {0x41, 0x00, 0x28, 0x02, 0x00, 0x1a, kEnd})};
  Checked c = check(tm, features);
  expect_error(c, Errc::TypeMismatch, c.expr + 2);
  // memory.size of a 64-bit memory is an i64.
  tm.codes = {code_entry({}, {0x3f, 0x00, 0x50, 0x1a, kEnd})};
  expect_valid(check(tm, features));
  // A 32-bit memory takes only u32 offsets, even with memory64 enabled: the core binary
  // format bounds the offset LEB128 (core/binary.wast), so 2^32 is malformed.
  tm.memories = {limits(1)};
  tm.codes = {code_entry({}, cat({Bytes{0x41, 0x00, 0x28, 0x02}, leb_u(uint64_t{1} << 32),
                                  Bytes{0x1a, kEnd}}))};
  c = check(tm, features);
  expect_error(c, Errc::IntTooLarge, c.expr + 4);
}

TEST(FunctionValidator, BulkMemoryNeedsDataCount) {
  // i32.const x3; memory.init 0; data.drop 0
  const Bytes expr = {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x00,
                      0xfc, 0x09, 0x00, kEnd};
  TestModule tm = one_function(kVoid, expr);
  tm.memories = {limits(1)};
  tm.data = {cat({Bytes{0x01}, name("ab")})};
  Checked c = check(tm);
  expect_error(c, Errc::DataCountRequired, c.expr + 6);
  tm.data_count = 1;
  expect_valid(check(tm));
  tm.codes = {code_entry({}, {0xfc, 0x09, 0x01, kEnd})};
  c = check(tm);
  expect_error(c, Errc::UnknownDataSegment, c.expr);
}

TEST(FunctionValidator, TablesAndCalls) {
  // call_indirect through an externref table.
  TestModule tm = one_function(kVoid, {0x41, 0x00, 0x11, 0x00, 0x00, kEnd});
  tm.tables = {cat({Bytes{kExternRef}, limits(1)})};
  Checked c = check(tm);
  expect_error(c, Errc::TypeMismatch, c.expr + 2);
  tm.tables = {cat({Bytes{kFuncRef}, limits(1)})};
  expect_valid(check(tm));
  // table.get returns the element type: externref into an i32 result.
  tm.types = {func_type({}, {kI32})};
  tm.tables = {cat({Bytes{kExternRef}, limits(1)})};
  tm.codes = {code_entry({}, {0x41, 0x00, 0x25, 0x00, kEnd})};
  c = check(tm);
  expect_error(c, Errc::TypeMismatch, c.expr + 4);
  // table.init from an unknown segment.
  tm.types = {kVoid};
  tm.codes = {code_entry({}, {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0c, 0x00, 0x00, kEnd})};
  c = check(tm);
  expect_error(c, Errc::UnknownElemSegment, c.expr + 6);
  // call of an unknown function.
  c = check(one_function(kVoid, {0x10, 0x07, kEnd}));
  expect_error(c, Errc::UnknownFunction, c.expr);
}

TEST(FunctionValidator, RefFuncNeedsADeclaration) {
  // ref.func 0; drop -- function 0 is not declared anywhere.
  TestModule tm = one_function(kVoid, {0xd2, 0x00, 0x1a, kEnd});
  Checked c = check(tm);
  expect_error(c, Errc::UndeclaredFuncRef, c.expr);
  // Declared by an export...
  tm.exports = {export_entry("f", 0x00, 0)};
  expect_valid(check(tm));
  // ... or by a declarative element segment.
  tm.exports.clear();
  tm.elements = {cat({Bytes{0x03, 0x00}, vec({leb_u(0)})})};
  expect_valid(check(tm));
  // ref.is_null accepts any reference and refuses numbers.
  c = check(one_function(kVoid, {0x41, 0x00, 0xd1, 0x1a, kEnd}));
  expect_error(c, Errc::TypeMismatch, c.expr + 2);
}

TEST(FunctionValidator, DeepNestingHitsTheLimitWithoutRecursion) {
  constexpr uint32_t kDepth = 100'000;
  Bytes expr;
  for (uint32_t i = 0; i < kDepth; ++i) expr.insert(expr.end(), {0x02, 0x40});
  expr.insert(expr.end(), kDepth + 1, kEnd);
  Checked c = check(one_function(kVoid, expr));
  ASSERT_FALSE(c.result.ok());
  EXPECT_EQ(c.error().code, Errc::LimitExceeded);
  EXPECT_STREQ(c.error().detail, "control_depth");
  // The first block beyond the default depth of 65536.
  EXPECT_EQ(c.error().offset, c.expr + 2 * 65'536);
  // With a higher limit the same body validates, on heap-allocated stacks.
  Limits limits;
  limits.control_depth = 200'000;
  c = check(one_function(kVoid, expr), {}, limits);
  expect_valid(c);
  EXPECT_EQ(c.module.facts[0].max_control_depth, kDepth);
}

// ARCHITECTURE §5, worked example: (loop $l local.get 0 i32.const 1 i32.sub local.tee 0
// br_if $l) local.get 0, with argument 10, costs 51.
TEST(FunctionValidator, GasSegmentsOfTheWorkedExample) {
  const Bytes expr = {0x03, 0x40,                     // loop            @0
                      0x20, 0x00, 0x41, 0x01, 0x6b,   // local.get i32.const i32.sub  @2
                      0x22, 0x00, 0x0d, 0x00,         // local.tee br_if @7
                      kEnd,                           // end (loop)      @11
                      0x20, 0x00, kEnd};              // local.get end   @12
  const Checked c = check(one_function(kI32ToI32, expr));
  expect_valid(c);
  const auto& segs = c.module.facts[0].gas_segments;
  ASSERT_EQ(segs.size(), 4u);
  EXPECT_EQ(segs[0].begin, c.expr + 0);   // loop
  EXPECT_EQ(segs[0].cost, 0u);
  EXPECT_EQ(segs[1].begin, c.expr + 2);   // the loop body, up to br_if
  EXPECT_EQ(segs[1].cost, 5u);
  EXPECT_EQ(segs[2].begin, c.expr + 11);  // the loop's end
  EXPECT_EQ(segs[2].cost, 0u);
  EXPECT_EQ(segs[3].begin, c.expr + 12);  // local.get and the final end
  EXPECT_EQ(segs[3].cost, 1u);
  // By hand: entry, then the body runs 10 times (the branch lands on segment 1), then
  // falls through the loop's end into the tail.
  const uint64_t total = segs[0].cost + 10 * segs[1].cost + segs[2].cost + segs[3].cost;
  EXPECT_EQ(total, 51u);
}

TEST(FunctionValidator, DynamicCostInstructionsEndSegments) {
  // i32.const 0 i32.const 1 i32.store (16) i32.const 1 memory.grow (dynamic) drop end
  TestModule tm = one_function(kVoid, {0x41, 0x00, 0x41, 0x01, 0x36, 0x02, 0x00,
                                       0x41, 0x01, 0x40, 0x00, 0x1a, kEnd});
  tm.memories = {limits(1)};
  const Checked c = check(tm);
  expect_valid(c);
  const auto& segs = c.module.facts[0].gas_segments;
  ASSERT_EQ(segs.size(), 2u);
  EXPECT_EQ(segs[0].cost, 1u + 1u + 16u + 1u + 1u);
  EXPECT_EQ(segs[1].begin, c.expr + 11);
  EXPECT_EQ(segs[1].cost, 0u);
  EXPECT_EQ(c.module.facts[0].max_operand_height, 2u);
}

}  // namespace
}  // namespace shortcrust::test
