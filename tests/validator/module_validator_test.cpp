// Module-level validation: imports, tables, memories, constant expressions and their
// evaluation, segments, exports, start; and the Sink interface of validate_function().
#include <gtest/gtest.h>

#include "validator/validator_test_util.h"

namespace shortcrust::test {
namespace {

using decoder::ConstExpr;
using decoder::ValType;

const Bytes kVoid = func_type({}, {});
constexpr uint8_t kEnd = 0x0b;

void expect_error(const Checked& c, Errc code, uint64_t offset) {
  ASSERT_FALSE(c.result.ok()) << "expected " << message(code);
  EXPECT_EQ(c.error().code, code) << describe(c.error());
  EXPECT_EQ(c.error().offset, offset) << describe(c.error());
  EXPECT_EQ(c.error().function, kNoFunction);
}

void expect_valid(const Checked& c) {
  ASSERT_TRUE(c.result.ok()) << describe(c.error()) << " at " << c.error().offset;
}

Bytes global(uint8_t type, bool is_mutable, const Bytes& expr) {
  return cat({Bytes{type, static_cast<uint8_t>(is_mutable ? 1 : 0)}, expr, Bytes{kEnd}});
}

TEST(ModuleValidator, ImportedFunctionTypeMustExist) {
  TestModule tm;
  tm.types = {kVoid};
  tm.imports = {import_entry("m", "f", 0x00, leb_u(3))};
  const Checked c = check(tm);
  expect_error(c, Errc::UnknownType, c.module.imports[0].offset);
}

TEST(ModuleValidator, TableAndMemoryLimits) {
  TestModule tm;
  // Offsets: 8-byte header, then section id, size and count; the entry is at 11.
  tm.tables = {cat({Bytes{kFuncRef}, limits(2, 1)})};
  expect_error(check(tm), Errc::LimitsMinExceedsMax, 11);

  tm = TestModule{};
  tm.memories = {limits(65'537)};
  expect_error(check(tm), Errc::MemorySizeTooLarge, 11);
  tm.memories = {limits(1, 65'537)};
  expect_error(check(tm), Errc::MemorySizeTooLarge, 11);
  tm.memories = {limits(3, 2)};
  expect_error(check(tm), Errc::LimitsMinExceedsMax, 11);
  tm.memories = {limits(0, 65'536)};
  expect_valid(check(tm));

  Features features;
  features.memory64 = true;
  tm.memories = {limits(uint64_t{1} << 48, std::nullopt, 0x04)};
  expect_valid(check(tm, features));
  tm.memories = {limits((uint64_t{1} << 48) + 1, std::nullopt, 0x04)};
  expect_error(check(tm, features), Errc::MemorySizeTooLarge, 11);
}

TEST(ModuleValidator, AtMostOneMemory) {
  TestModule tm;
  tm.memories = {limits(1), limits(1)};
  expect_error(check(tm), Errc::MultipleMemories, 13);  // the second 2-byte entry
  tm.memories = {limits(1)};
  tm.imports = {import_entry("m", "mem", 0x02, limits(1))};
  // The import section's entry takes bytes 11-19; the defined memory is at 23.
  expect_error(check(tm), Errc::MultipleMemories, 23);
  tm.imports.push_back(import_entry("m", "mem2", 0x02, limits(1)));
  tm.memories.clear();
  const Checked c = check(tm);
  expect_error(c, Errc::MultipleMemories, c.module.imports[1].offset);
}

TEST(ModuleValidator, GlobalInitializersAreEvaluated) {
  TestModule tm;
  tm.imports = {import_entry("m", "g", 0x03, Bytes{kI64, 0x00})};
  tm.globals = {global(kI32, false, i32_const(-5)), global(kI64, true, Bytes{0x23, 0x00}),
                global(kF32, false, Bytes{0x43, 0x00, 0x00, 0x80, 0x3f}),
                global(kExternRef, false, Bytes{0xd0, kExternRef})};
  const Checked c = check(tm);
  expect_valid(c);
  const auto& g = c.module.globals;
  EXPECT_EQ(g[0].init.kind, ConstExpr::Kind::I32);
  EXPECT_EQ(g[0].init.bits, 0xfffffffbu);
  EXPECT_EQ(g[1].init.kind, ConstExpr::Kind::GlobalGet);
  EXPECT_EQ(g[1].init.index, 0u);
  EXPECT_EQ(g[1].init.type, ValType::I64);
  EXPECT_EQ(g[2].init.kind, ConstExpr::Kind::F32);
  EXPECT_EQ(g[2].init.bits, 0x3f800000u);
  EXPECT_EQ(g[3].init.kind, ConstExpr::Kind::RefNull);
  EXPECT_EQ(g[3].init.type, ValType::ExternRef);
}

TEST(ModuleValidator, ConstantExpressionRules) {
  TestModule tm;
  // global.get of a defined global: only imports are visible.
  tm.globals = {global(kI32, false, i32_const(0)), global(kI32, false, Bytes{0x23, 0x00})};
  Checked c = check(tm);
  expect_error(c, Errc::UnknownGlobal, c.module.globals[1].init.bytes.offset);
  // global.get of a mutable import.
  tm.imports = {import_entry("m", "g", 0x03, Bytes{kI32, 0x01})};
  tm.globals = {global(kI32, false, Bytes{0x23, 0x00})};
  c = check(tm);
  expect_error(c, Errc::ConstantExprRequired, c.module.globals[0].init.bytes.offset);
  tm.imports.clear();
  // A non-constant instruction after a constant one: reported at the instruction.
  tm.globals = {global(kI32, false, cat({i32_const(1), Bytes{0x67}}))};
  c = check(tm);
  expect_error(c, Errc::ConstantExprRequired, c.module.globals[0].init.bytes.offset + 2);
  // Two values, no value, and the wrong type are type errors.
  tm.globals = {global(kI32, false, cat({i32_const(1), i32_const(2)}))};
  c = check(tm);
  expect_error(c, Errc::TypeMismatch, c.module.globals[0].init.bytes.offset);
  tm.globals = {global(kI32, false, {})};
  c = check(tm);
  expect_error(c, Errc::TypeMismatch, c.module.globals[0].init.bytes.offset);
  tm.globals = {global(kI32, false, i64_const(1))};
  c = check(tm);
  expect_error(c, Errc::TypeMismatch, c.module.globals[0].init.bytes.offset);
  // ref.func of an unknown function.
  tm.globals = {global(kFuncRef, false, Bytes{0xd2, 0x04})};
  c = check(tm);
  expect_error(c, Errc::UnknownFunction, c.module.globals[0].init.bytes.offset);
  // v128.const is SIMD.
  Bytes v128 = {0xfd, 0x0c};
  v128.insert(v128.end(), 16, 0);
  tm.globals = {global(kI32, false, v128)};
  c = check(tm);
  expect_error(c, Errc::UnsupportedFeature, c.module.globals[0].init.bytes.offset);
}

TEST(ModuleValidator, ElementSegments) {
  TestModule tm;
  tm.types = {kVoid};
  tm.functions = {0};
  tm.codes = {code_entry({}, {kEnd})};
  // Active, table 0, which does not exist.
  tm.elements = {cat({Bytes{0x00}, i32_const(0), Bytes{kEnd}, vec({leb_u(0)})})};
  Checked c = check(tm);
  expect_error(c, Errc::UnknownTable, c.module.elements[0].offset_in_module);
  tm.tables = {cat({Bytes{kFuncRef}, limits(1)})};
  c = check(tm);
  expect_valid(c);
  EXPECT_EQ(c.module.elements[0].offset.kind, ConstExpr::Kind::I32);
  EXPECT_EQ(c.module.elements[0].items[0].kind, ConstExpr::Kind::RefFunc);
  // An i64 offset.
  tm.elements = {cat({Bytes{0x00}, i64_const(0), Bytes{kEnd}, vec({leb_u(0)})})};
  c = check(tm);
  expect_error(c, Errc::TypeMismatch, c.module.elements[0].offset.bytes.offset);
  // An externref segment (flags 6: table, offset, reftype, exprs) into a funcref table.
  tm.elements = {cat({Bytes{0x06, 0x00}, i32_const(0), Bytes{kEnd, kExternRef},
                      vec({Bytes{0xd0, kExternRef, kEnd}})})};
  c = check(tm);
  expect_error(c, Errc::TypeMismatch, c.module.elements[0].offset_in_module);
  // An item of the wrong type (flags 5: passive, reftype, exprs).
  tm.elements = {cat({Bytes{0x05, kFuncRef}, vec({Bytes{0xd0, kExternRef, kEnd}})})};
  c = check(tm);
  expect_error(c, Errc::TypeMismatch, c.module.elements[0].items[0].bytes.offset);
}

TEST(ModuleValidator, DataSegments) {
  TestModule tm;
  tm.data = {cat({Bytes{0x00}, i32_const(0), Bytes{kEnd}, name("hi")})};
  Checked c = check(tm);
  expect_error(c, Errc::UnknownMemory, c.module.data[0].offset_in_module);
  tm.memories = {limits(1)};
  expect_valid(check(tm));
  // A memory64 memory takes an i64 offset.
  Features features;
  features.memory64 = true;
  tm.memories = {limits(1, std::nullopt, 0x04)};
  c = check(tm, features);
  expect_error(c, Errc::TypeMismatch, c.module.data[0].offset.bytes.offset);
  tm.data = {cat({Bytes{0x00}, i64_const(0), Bytes{kEnd}, name("hi")})};
  expect_valid(check(tm, features));
}

TEST(ModuleValidator, Exports) {
  TestModule tm;
  tm.types = {kVoid};
  tm.functions = {0};
  tm.codes = {code_entry({}, {kEnd})};
  tm.exports = {export_entry("a", 0x00, 0), export_entry("b", 0x00, 0),
                export_entry("a", 0x00, 0), export_entry("b", 0x00, 0)};
  Checked c = check(tm);
  expect_error(c, Errc::DuplicateExport, c.module.exports[2].offset);
  tm.exports = {export_entry("a", 0x00, 0), export_entry("m", 0x02, 0)};
  c = check(tm);
  expect_error(c, Errc::UnknownMemory, c.module.exports[1].offset);
  tm.exports = {export_entry("g", 0x03, 0)};
  c = check(tm);
  expect_error(c, Errc::UnknownGlobal, c.module.exports[0].offset);
}

TEST(ModuleValidator, StartFunction) {
  TestModule tm;
  tm.types = {kVoid, func_type({kI32}, {})};
  tm.functions = {0, 1};
  tm.codes = {code_entry({}, {kEnd}), code_entry({}, {kEnd})};
  tm.start = 0;
  expect_valid(check(tm));
  // Type section 8-17, function section 18-22, start section id 23, size 24, index 25.
  tm.start = 1;
  expect_error(check(tm), Errc::StartFunctionType, 25);
  tm.start = 2;
  expect_error(check(tm), Errc::UnknownFunction, 25);
}

// A Sink that records what it is given, and can refuse one opcode.
struct RecordingSink {
  struct Event {
    decoder::Op op;
    bool reachable;
    ValType operand;
    size_t params;
    size_t results;
    std::vector<uint32_t> targets;
    uint32_t segment;
    bool segment_begin;
  };
  std::vector<Event> events;
  uint32_t begun_function = UINT32_MAX;
  bool ended = false;
  std::optional<decoder::Op> refuse;

  Result<void> begin(const validator::FunctionBegin& b) {
    begun_function = b.function_index;
    return {};
  }
  Result<void> instr(const validator::ValidatedInstr& v) {
    if (refuse && v.instr.op == *refuse)
      return Error{Errc::UnsupportedFeature, v.instr.offset, kNoFunction, "refused by the sink"};
    events.push_back(Event{v.instr.op, v.reachable, v.operand, v.params.size(), v.results.size(),
                           {v.targets.begin(), v.targets.end()}, v.segment, v.segment_begin});
    return {};
  }
  Result<void> end(const decoder::FunctionFacts&) {
    ended = true;
    return {};
  }
};
static_assert(validator::Sink<RecordingSink>);

TEST(SinkInterface, ReceivesCheckedInstructionsWithTypes) {
  using decoder::Op;
  // block (result i32) local.get 0 local.get 0 br_table 0 0 drop end end
  TestModule tm;
  tm.types = {func_type({kI32}, {kI32})};
  tm.imports = {import_entry("m", "f", 0x00, leb_u(0))};
  tm.functions = {0};
  tm.codes = {code_entry({}, {0x02, kI32, 0x20, 0x00, 0x20, 0x00, 0x0e, 0x01, 0x00, 0x00, 0x1a,
                              kEnd, kEnd})};
  Checked c = check(tm);
  expect_valid(c);

  RecordingSink sink;
  decoder::FunctionFacts facts;
  ASSERT_TRUE(validator::validate_function(c.module, 0, facts, sink).ok());
  EXPECT_EQ(sink.begun_function, 1u);
  EXPECT_TRUE(sink.ended);
  ASSERT_EQ(sink.events.size(), 7u);
  const auto& e = sink.events;
  EXPECT_EQ(e[0].op, Op::Block);
  EXPECT_EQ(e[0].results, 1u);
  EXPECT_EQ(e[1].op, Op::LocalGet);
  EXPECT_EQ(e[1].operand, ValType::I32);
  EXPECT_EQ(e[3].op, Op::BrTable);
  EXPECT_EQ(e[3].targets, (std::vector<uint32_t>{0, 0}));
  EXPECT_EQ(e[3].results, 1u);
  EXPECT_EQ(e[4].op, Op::Drop);
  EXPECT_EQ(e[6].results, 1u);
  const bool reachable[] = {true, true, true, true, false, false, true};
  const bool begins[] = {true, true, false, false, true, false, true};
  for (size_t i = 0; i < e.size(); ++i) {
    EXPECT_EQ(e[i].reachable, reachable[i]) << i;
    EXPECT_EQ(e[i].segment_begin, begins[i]) << i;
  }
  EXPECT_EQ(e[6].segment, 3u);
  EXPECT_EQ(facts.gas_segments.size(), 4u);
  EXPECT_EQ(facts.frame_slots, c.module.facts[0].frame_slots);

  // A Sink's error aborts validation and gets the function index.
  RecordingSink refusing;
  refusing.refuse = Op::Drop;
  auto r = validator::validate_function(c.module, 0, facts, refusing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::UnsupportedFeature);
  EXPECT_EQ(r.error().offset, c.expr + 10);
  EXPECT_EQ(r.error().function, 1u);
  EXPECT_FALSE(refusing.ended);
}

}  // namespace
}  // namespace shortcrust::test
