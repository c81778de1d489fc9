// Parsing and comparing wast2json values (values.h). Messages print values the way the
// script spells them (externref N, not our biased handle) so a failure reads like the
// .wast line it came from.
#include "spec-tests/values.h"

#include <charconv>
#include <cinttypes>
#include <cstdio>

namespace shortcrust::spec {
namespace {

constexpr uint32_t kF32Canonical = 0x7fc00000;
constexpr uint64_t kF64Canonical = 0x7ff8000000000000;

Error bad_value(const char* detail) { return Error{Errc::MalformedJson, 0, kNoFunction, detail}; }

struct TypeName {
  std::string_view name;
  ValType type;
};

constexpr TypeName kTypeNames[] = {
    {"i32", ValType::I32},         {"i64", ValType::I64},
    {"f32", ValType::F32},         {"f64", ValType::F64},
    {"v128", ValType::V128},       {"funcref", ValType::FuncRef},
    {"externref", ValType::ExternRef},
};

Result<ValType> value_type(const JsonValue& value) {
  if (!value.is_object()) return bad_value("a value is not an object");
  const JsonValue* type = value.find("type");
  if (type == nullptr || !type->is_string()) return bad_value("a value has no \"type\"");
  for (const TypeName& t : kTypeNames) {
    if (type->text == t.name) {
      if (t.type == ValType::V128) return Error{Errc::UnsupportedFeature, 0, kNoFunction, "simd"};
      return t.type;
    }
  }
  return bad_value("unknown value type");
}

// The decimal string of a value's bits, checked against the type's width.
Result<uint64_t> decimal_bits(const std::string& text, ValType type) {
  uint64_t bits = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, bits);
  if (text.empty() || ec != std::errc() || ptr != end) return bad_value("value is not a decimal number");
  const bool narrow = type == ValType::I32 || type == ValType::F32;
  if (narrow && bits > UINT32_MAX) return bad_value("value does not fit in 32 bits");
  return bits;
}

// The "value" member as text; null when absent (refs without a value).
Result<const std::string*> value_text(const JsonValue& value) {
  const JsonValue* v = value.find("value");
  if (v == nullptr) return static_cast<const std::string*>(nullptr);
  if (!v->is_string()) return bad_value("a value's \"value\" is not a string");
  return &v->text;
}

// An externref as the script numbers it: "null" or N (biased by kExternRefBias).
Result<uint64_t> externref_bits(const std::string& text) {
  if (text == "null") return uint64_t{0};
  SC_TRY(uint64_t n, decimal_bits(text, ValType::ExternRef));
  if (n == UINT64_MAX) return bad_value("externref number too large");
  return n + kExternRefBias;
}

std::string hex(uint64_t bits, int digits) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "0x%0*" PRIx64, digits, bits);
  return buffer;
}

std::string describe_bits(ValType type, uint64_t bits) {
  std::string out = std::string(name(type)) + ":";
  switch (type) {
    case ValType::I32:
      return out + std::to_string(static_cast<int32_t>(static_cast<uint32_t>(bits))) + " (" + hex(bits, 8) + ")";
    case ValType::I64:
      return out + std::to_string(static_cast<int64_t>(bits)) + " (" + hex(bits, 16) + ")";
    case ValType::F32: {
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%.9g", static_cast<double>(Value::f32_bits(static_cast<uint32_t>(bits)).f32()));
      return out + buffer + " (" + hex(bits, 8) + ")";
    }
    case ValType::F64: {
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%.17g", Value::f64_bits(bits).f64());
      return out + buffer + " (" + hex(bits, 16) + ")";
    }
    case ValType::V128:
      return out + "?";
    case ValType::FuncRef:
      return out + (bits == 0 ? "null" : hex(bits, 1));
    case ValType::ExternRef:
      return out + (bits == 0 ? "null" : std::to_string(bits - kExternRefBias));
  }
  return out + "?";
}

}  // namespace

Result<Value> parse_argument(const JsonValue& value) {
  SC_TRY(ValType type, value_type(value));
  SC_TRY(const std::string* text, value_text(value));
  if (text == nullptr) return bad_value("an argument has no \"value\"");
  switch (type) {
    case ValType::I32:
    case ValType::I64:
    case ValType::F32:
    case ValType::F64: {
      SC_TRY(uint64_t bits, decimal_bits(*text, type));
      return Value::from_bits(type, bits);
    }
    case ValType::FuncRef:
      // A script cannot name one of our functions, only the null reference.
      if (*text != "null") return bad_value("funcref arguments must be null");
      return Value::null(ValType::FuncRef);
    case ValType::ExternRef: {
      SC_TRY(uint64_t bits, externref_bits(*text));
      return Value::from_bits(ValType::ExternRef, bits);
    }
    case ValType::V128:
      break;
  }
  return Error{Errc::UnsupportedFeature, 0, kNoFunction, "simd"};
}

Result<std::vector<Value>> parse_arguments(const JsonValue* args) {
  std::vector<Value> values;
  if (args == nullptr) return values;
  if (!args->is_array()) return bad_value("\"args\" is not an array");
  values.reserve(args->items.size());
  for (const JsonValue& item : args->items) {
    SC_TRY(Value v, parse_argument(item));
    values.push_back(v);
  }
  return values;
}

Result<ExpectedValue> parse_expected(const JsonValue& value) {
  SC_TRY(ValType type, value_type(value));
  SC_TRY(const std::string* text, value_text(value));
  ExpectedValue expected;
  expected.type = type;
  if (is_ref(type)) {
    if (text == nullptr || (type == ValType::FuncRef && *text != "null")) {
      expected.match = ExpectedValue::Match::NonNullRef;
      return expected;
    }
    if (type == ValType::FuncRef) return expected;  // null: exact bits 0
    SC_TRY(expected.bits, externref_bits(*text));
    return expected;
  }
  if (text == nullptr) return bad_value("an expected number has no \"value\"");
  if (type == ValType::F32 || type == ValType::F64) {
    if (*text == "nan:canonical") {
      expected.match = ExpectedValue::Match::CanonicalNan;
      return expected;
    }
    if (*text == "nan:arithmetic") {
      expected.match = ExpectedValue::Match::ArithmeticNan;
      return expected;
    }
  }
  SC_TRY(expected.bits, decimal_bits(*text, type));
  return expected;
}

Result<std::vector<ExpectedValue>> parse_expected_list(const JsonValue* expected) {
  std::vector<ExpectedValue> values;
  if (expected == nullptr) return values;
  if (!expected->is_array()) return bad_value("\"expected\" is not an array");
  values.reserve(expected->items.size());
  for (const JsonValue& item : expected->items) {
    SC_TRY(ExpectedValue v, parse_expected(item));
    values.push_back(v);
  }
  return values;
}

bool matches(const ExpectedValue& expected, const Value& got) {
  if (got.type() != expected.type) return false;
  const bool f32 = expected.type == ValType::F32;
  switch (expected.match) {
    case ExpectedValue::Match::Exact:
      return got.bits() == expected.bits;
    case ExpectedValue::Match::CanonicalNan:
      // The sign of a NaN result is not specified (spec 4.3.3), the payload is.
      return f32 ? (got.bits() & 0x7fffffffu) == kF32Canonical
                 : (got.bits() & 0x7fffffffffffffffu) == kF64Canonical;
    case ExpectedValue::Match::ArithmeticNan:
      // Exponent all ones with the top mantissa bit set is always a NaN.
      return f32 ? (got.bits() & kF32Canonical) == kF32Canonical : (got.bits() & kF64Canonical) == kF64Canonical;
    case ExpectedValue::Match::NonNullRef:
      return !got.is_null();
  }
  return false;
}

bool matches(std::span<const ExpectedValue> expected, std::span<const Value> got) {
  if (expected.size() != got.size()) return false;
  for (size_t i = 0; i < expected.size(); ++i) {
    if (!matches(expected[i], got[i])) return false;
  }
  return true;
}

std::string describe(const ExpectedValue& expected) {
  switch (expected.match) {
    case ExpectedValue::Match::Exact: return describe_bits(expected.type, expected.bits);
    case ExpectedValue::Match::CanonicalNan: return std::string(name(expected.type)) + ":nan:canonical";
    case ExpectedValue::Match::ArithmeticNan: return std::string(name(expected.type)) + ":nan:arithmetic";
    case ExpectedValue::Match::NonNullRef: return std::string(name(expected.type)) + ":non-null";
  }
  return "?";
}

std::string describe_list(std::span<const ExpectedValue> values) {
  std::string out = "(";
  for (size_t i = 0; i < values.size(); ++i) out += (i == 0 ? "" : " ") + describe(values[i]);
  return out + ")";
}

std::string describe_list(std::span<const Value> values) {
  std::string out = "(";
  for (size_t i = 0; i < values.size(); ++i) {
    out += (i == 0 ? "" : " ") + describe_bits(values[i].type(), values[i].bits());
  }
  return out + ")";
}

bool trap_text_matches(std::string_view expected, TrapKind kind) {
  const std::string_view ours = message(kind);
  if (ours.empty() || expected.empty()) return false;
  return expected.starts_with(ours) || ours.starts_with(expected);
}

}  // namespace shortcrust::spec
