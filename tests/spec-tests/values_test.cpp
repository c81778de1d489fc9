// Tests for spec-tests/values.h: wast2json arguments and expected values (decimal bits,
// NaN classes, references), their comparison, and the trap-text mapping.
#include "spec-tests/values.h"

#include <gtest/gtest.h>

#include <string>

namespace shortcrust::spec {
namespace {

JsonValue json(std::string_view text) {
  Result<JsonValue> r = parse_json(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? std::move(r).value() : JsonValue{};
}

Value arg(std::string_view text) {
  Result<Value> r = parse_argument(json(text));
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : describe(r.error()));
  return r.ok() ? r.value() : Value{};
}

ExpectedValue expected(std::string_view text) {
  Result<ExpectedValue> r = parse_expected(json(text));
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : describe(r.error()));
  return r.ok() ? r.value() : ExpectedValue{};
}

TEST(SpecValues, NumbersAreDecimalBits) {
  EXPECT_EQ(arg(R"({"type": "i32", "value": "4294967295"})"), Value::i32(-1));
  EXPECT_EQ(arg(R"({"type": "i64", "value": "18446744073709551615"})"), Value::i64(-1));
  EXPECT_EQ(arg(R"({"type": "f32", "value": "1065353216"})"), Value::f32(1.0f));
  EXPECT_EQ(arg(R"({"type": "f64", "value": "4607182418800017408"})"), Value::f64(1.0));
  // A signalling NaN payload survives exactly.
  EXPECT_EQ(arg(R"({"type": "f32", "value": "2139095041"})").bits(), 0x7f800001u);
}

TEST(SpecValues, ReferenceArguments) {
  EXPECT_EQ(arg(R"({"type": "externref", "value": "null"})"), Value::null(ValType::ExternRef));
  // Script externref N is our handle N + 1, so `ref.extern 0` is not null.
  EXPECT_EQ(arg(R"({"type": "externref", "value": "0"})"), Value::externref(1));
  EXPECT_EQ(arg(R"({"type": "externref", "value": "41"})"), Value::externref(42));
  EXPECT_EQ(arg(R"({"type": "funcref", "value": "null"})"), Value::null(ValType::FuncRef));
}

TEST(SpecValues, BadArgumentsAreErrors) {
  const char* bad[] = {
      R"({"type": "i32", "value": "4294967296"})",  // too wide for 32 bits
      R"({"type": "f32", "value": "4294967296"})",
      R"({"type": "i64", "value": "-1"})",          // wast2json writes bits, never signs
      R"({"type": "i32", "value": "1x"})",
      R"({"type": "i32", "value": ""})",
      R"({"type": "i32"})",
      R"({"type": "i32", "value": 5})",
      R"({"type": "i128", "value": "0"})",
      R"({"value": "0"})",
      R"({"type": "funcref", "value": "3"})",       // our functions have no script numbers
      R"({"type": "externref", "value": "18446744073709551615"})",
      R"("i32")",
  };
  for (const char* text : bad) {
    Result<Value> r = parse_argument(json(text));
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, Errc::MalformedJson) << text;
  }
  Result<Value> v128 = parse_argument(json(R"({"type": "v128", "lane_type": "i32", "value": ["0", "0", "0", "0"]})"));
  ASSERT_FALSE(v128.ok());
  EXPECT_EQ(v128.error().code, Errc::UnsupportedFeature);
}

TEST(SpecValues, ArgumentLists) {
  Result<std::vector<Value>> none = parse_arguments(nullptr);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none.value().empty());
  JsonValue list = json(R"([{"type": "i32", "value": "1"}, {"type": "i64", "value": "2"}])");
  Result<std::vector<Value>> two = parse_arguments(&list);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two.value().size(), 2u);
  EXPECT_EQ(two.value()[1], Value::i64(2));
  JsonValue not_list = json("{}");
  EXPECT_FALSE(parse_arguments(&not_list).ok());
  JsonValue one_bad = json(R"([{"type": "i32", "value": "1"}, {"type": "i32"}])");
  EXPECT_FALSE(parse_arguments(&one_bad).ok());
}

TEST(SpecValues, ExactFloatsCompareByBits) {
  const ExpectedValue zero = expected(R"({"type": "f32", "value": "0"})");
  EXPECT_TRUE(matches(zero, Value::f32(0.0f)));
  EXPECT_FALSE(matches(zero, Value::f32(-0.0f)));  // equal as floats, not as bits
  const ExpectedValue nan = expected(R"({"type": "f64", "value": "9221120237041090560"})");
  EXPECT_TRUE(matches(nan, Value::f64_bits(0x7ff8000000000000)));
  EXPECT_FALSE(matches(nan, Value::f64_bits(0x7ff8000000000001)));
  EXPECT_FALSE(matches(nan, Value::f64_bits(0xfff8000000000000)));
  // Same bits, other type.
  EXPECT_FALSE(matches(expected(R"({"type": "i32", "value": "0"})"), Value::f32(0.0f)));
  EXPECT_FALSE(matches(expected(R"({"type": "i64", "value": "7"})"), Value::i32(7)));
}

TEST(SpecValues, CanonicalNan) {
  const ExpectedValue f32 = expected(R"({"type": "f32", "value": "nan:canonical"})");
  EXPECT_EQ(f32.match, ExpectedValue::Match::CanonicalNan);
  EXPECT_TRUE(matches(f32, Value::f32_bits(0x7fc00000)));
  EXPECT_TRUE(matches(f32, Value::f32_bits(0xffc00000)));   // either sign
  EXPECT_FALSE(matches(f32, Value::f32_bits(0x7fc00001)));  // arithmetic, not canonical
  EXPECT_FALSE(matches(f32, Value::f32_bits(0x7f800001)));  // signalling
  EXPECT_FALSE(matches(f32, Value::f32_bits(0x7f800000)));  // infinity
  EXPECT_FALSE(matches(f32, Value::f64_bits(0x7ff8000000000000)));

  const ExpectedValue f64 = expected(R"({"type": "f64", "value": "nan:canonical"})");
  EXPECT_TRUE(matches(f64, Value::f64_bits(0x7ff8000000000000)));
  EXPECT_TRUE(matches(f64, Value::f64_bits(0xfff8000000000000)));
  EXPECT_FALSE(matches(f64, Value::f64_bits(0x7ff8000000000001)));
  EXPECT_FALSE(matches(f64, Value::f64_bits(0x7ff0000000000001)));
  EXPECT_FALSE(matches(f64, Value::f32_bits(0x7fc00000)));
}

TEST(SpecValues, ArithmeticNan) {
  const ExpectedValue f32 = expected(R"({"type": "f32", "value": "nan:arithmetic"})");
  EXPECT_EQ(f32.match, ExpectedValue::Match::ArithmeticNan);
  EXPECT_TRUE(matches(f32, Value::f32_bits(0x7fc00000)));
  EXPECT_TRUE(matches(f32, Value::f32_bits(0xffc00001)));
  EXPECT_TRUE(matches(f32, Value::f32_bits(0x7fffffff)));
  EXPECT_FALSE(matches(f32, Value::f32_bits(0x7fa00000)));  // quiet bit clear
  EXPECT_FALSE(matches(f32, Value::f32_bits(0x3fc00000)));  // a number with that mantissa

  const ExpectedValue f64 = expected(R"({"type": "f64", "value": "nan:arithmetic"})");
  EXPECT_TRUE(matches(f64, Value::f64_bits(0x7ff8000000000000)));
  EXPECT_TRUE(matches(f64, Value::f64_bits(0xfffc000000000000)));
  EXPECT_FALSE(matches(f64, Value::f64_bits(0x7ff4000000000000)));
  EXPECT_FALSE(matches(f64, Value::f64_bits(0x7ff0000000000000)));
}

TEST(SpecValues, NanClassesOnlyForFloats) {
  EXPECT_FALSE(parse_expected(json(R"({"type": "i32", "value": "nan:canonical"})")).ok());
  EXPECT_FALSE(parse_expected(json(R"({"type": "f32"})")).ok());
}

TEST(SpecValues, ExpectedReferences) {
  const ExpectedValue null_func = expected(R"({"type": "funcref", "value": "null"})");
  EXPECT_TRUE(matches(null_func, Value::null(ValType::FuncRef)));
  EXPECT_FALSE(matches(null_func, Value::null(ValType::ExternRef)));

  auto* fake = reinterpret_cast<runtime::FuncObject*>(uintptr_t{0x1000});
  // `(ref.func)` with no value, and funcref numbers: any non-null funcref.
  for (const char* text : {R"({"type": "funcref"})", R"({"type": "funcref", "value": "2"})"}) {
    const ExpectedValue any = expected(text);
    EXPECT_EQ(any.match, ExpectedValue::Match::NonNullRef) << text;
    EXPECT_TRUE(matches(any, Value::funcref(fake))) << text;
    EXPECT_FALSE(matches(any, Value::null(ValType::FuncRef))) << text;
  }

  const ExpectedValue ext = expected(R"({"type": "externref", "value": "1"})");
  EXPECT_TRUE(matches(ext, Value::externref(2)));
  EXPECT_FALSE(matches(ext, Value::externref(1)));
  EXPECT_TRUE(matches(expected(R"({"type": "externref", "value": "null"})"), Value::null(ValType::ExternRef)));
  EXPECT_FALSE(matches(expected(R"({"type": "externref", "value": "null"})"), Value::externref(1)));
  const ExpectedValue any_ext = expected(R"({"type": "externref"})");
  EXPECT_TRUE(matches(any_ext, Value::externref(1)));
  EXPECT_FALSE(matches(any_ext, Value::null(ValType::ExternRef)));
}

TEST(SpecValues, ListsMatchElementwise) {
  JsonValue list = json(R"([{"type": "i32", "value": "1"}, {"type": "f32", "value": "nan:canonical"}])");
  Result<std::vector<ExpectedValue>> want = parse_expected_list(&list);
  ASSERT_TRUE(want.ok());
  const std::vector<Value> good = {Value::i32(1), Value::f32_bits(0xffc00000)};
  const std::vector<Value> short_list = {Value::i32(1)};
  const std::vector<Value> wrong = {Value::i32(2), Value::f32_bits(0x7fc00000)};
  EXPECT_TRUE(matches(want.value(), good));
  EXPECT_FALSE(matches(want.value(), short_list));
  EXPECT_FALSE(matches(want.value(), wrong));
  EXPECT_TRUE(matches(std::span<const ExpectedValue>{}, std::span<const Value>{}));
}

TEST(SpecValues, Describe) {
  EXPECT_EQ(describe(expected(R"({"type": "i32", "value": "4294967295"})")), "i32:-1 (0xffffffff)");
  EXPECT_EQ(describe(expected(R"({"type": "f32", "value": "nan:canonical"})")), "f32:nan:canonical");
  EXPECT_EQ(describe(expected(R"({"type": "f64", "value": "nan:arithmetic"})")), "f64:nan:arithmetic");
  EXPECT_EQ(describe(expected(R"({"type": "funcref"})")), "funcref:non-null");
  EXPECT_EQ(describe(expected(R"({"type": "externref", "value": "7"})")), "externref:7");
  EXPECT_EQ(describe(expected(R"({"type": "externref", "value": "null"})")), "externref:null");
  EXPECT_EQ(describe(expected(R"({"type": "f32", "value": "1069547520"})")), "f32:1.5 (0x3fc00000)");
  const std::vector<Value> values = {Value::i64(-2), Value::externref(1)};
  EXPECT_EQ(describe_list(values), "(i64:-2 (0xfffffffffffffffe) externref:0)");
  EXPECT_EQ(describe_list(std::span<const Value>{}), "()");
}

// Every trap text of the suite names exactly one kind (values.h documents the table).
TEST(SpecValues, TrapTextsMapToOneKind) {
  const std::pair<const char*, TrapKind> texts[] = {
      {"unreachable", TrapKind::Unreachable},
      {"unreachable executed", TrapKind::Unreachable},
      {"out of bounds memory access", TrapKind::MemoryOutOfBounds},
      {"out of bounds table access", TrapKind::TableOutOfBounds},
      {"undefined element", TrapKind::UndefinedElement},
      {"uninitialized element", TrapKind::UninitializedElement},
      {"uninitialized element 2", TrapKind::UninitializedElement},
      {"indirect call type mismatch", TrapKind::IndirectCallTypeMismatch},
      {"integer overflow", TrapKind::IntegerOverflow},
      {"integer divide by zero", TrapKind::IntegerDivideByZero},
      {"invalid conversion to integer", TrapKind::InvalidConversion},
      {"call stack exhausted", TrapKind::StackExhausted},
  };
  const TrapKind kinds[] = {
      TrapKind::Unreachable,       TrapKind::MemoryOutOfBounds,   TrapKind::TableOutOfBounds,
      TrapKind::UndefinedElement,  TrapKind::UninitializedElement, TrapKind::IndirectCallTypeMismatch,
      TrapKind::IntegerOverflow,   TrapKind::IntegerDivideByZero, TrapKind::InvalidConversion,
      TrapKind::StackExhausted,    TrapKind::OutOfGas,            TrapKind::Host,
  };
  for (const auto& [text, kind] : texts) {
    for (TrapKind other : kinds) {
      EXPECT_EQ(trap_text_matches(text, other), other == kind) << text << " vs " << message(other);
    }
  }
  EXPECT_FALSE(trap_text_matches("", TrapKind::Unreachable));
  EXPECT_FALSE(trap_text_matches("out of bounds", TrapKind::Host));
}

}  // namespace
}  // namespace shortcrust::spec
