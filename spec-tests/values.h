// Values in wast2json scripts: the arguments of `invoke` (always exact), the expected
// results of `assert_return` (exact bits, a NaN class, or "any non-null reference"),
// comparing them with what the engine returned, and matching an expected trap text.
// wast2json writes every number as the decimal string of its bits (u32 for i32/f32, u64
// for i64/f64), so floats are compared by bits and NaN payloads are never lost.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shortcrust/result.h"
#include "shortcrust/trap.h"
#include "shortcrust/value.h"
#include "spec-tests/json.h"

namespace shortcrust::spec {

// externref values in scripts are small host numbers N (`ref.extern N`). Our externref
// 0 is null, so N travels as N + 1 in both directions.
inline constexpr uint64_t kExternRefBias = 1;

struct ExpectedValue {
  enum class Match : uint8_t {
    Exact,           // same type, same bits
    CanonicalNan,    // "nan:canonical": 0x7fc00000 / 0x7ff8000000000000, either sign
    ArithmeticNan,   // "nan:arithmetic": any NaN with the quiet bit set
    NonNullRef,      // a reference with no value (`ref.func`, `ref.extern`) or a
                     // funcref with a number: any non-null reference of the type (a
                     // script's function numbers mean nothing to our Store)
  };
  ValType type = ValType::I32;
  Match match = Match::Exact;
  uint64_t bits = 0;  // Exact: the slot bits (externref already biased)
};

// One {"type": ..., "value": ...} argument. Errors are Errc::MalformedJson (not a typed
// value, a number that does not fit its type, a funcref other than null) or
// Errc::UnsupportedFeature for v128 (detail "simd").
Result<Value> parse_argument(const JsonValue& value);
// The "args" array of an invoke; null means none.
Result<std::vector<Value>> parse_arguments(const JsonValue* args);

// One expected result; the same errors as parse_argument.
Result<ExpectedValue> parse_expected(const JsonValue& value);
// The "expected" array of an assert_return; null means none.
Result<std::vector<ExpectedValue>> parse_expected_list(const JsonValue* expected);

bool matches(const ExpectedValue& expected, const Value& got);
// Both lists have the same length and every value matches.
bool matches(std::span<const ExpectedValue> expected, std::span<const Value> got);

// "i32:42", "f32:nan:canonical", "funcref:non-null"; exact values as Value::describe.
std::string describe(const ExpectedValue& expected);
// "(i32:1 f64:...)": a parenthesised list, for failure messages.
std::string describe_list(std::span<const ExpectedValue> values);
std::string describe_list(std::span<const Value> values);

// Does the script's trap text name `kind`? The texts come from the reference interpreter
// and our message(kind) is the spec's wording, so one must be a prefix of the other
// ("uninitialized element 2" in the suite is "uninitialized element" plus detail).
// The mapping this gives, and the only one the suite needs:
//   "unreachable"                    Unreachable
//   "out of bounds memory access"    MemoryOutOfBounds
//   "out of bounds table access"     TableOutOfBounds
//   "undefined element"              UndefinedElement      (call_indirect past the table)
//   "uninitialized element"          UninitializedElement  (call_indirect through null)
//   "indirect call type mismatch"    IndirectCallTypeMismatch
//   "integer overflow"               IntegerOverflow
//   "integer divide by zero"         IntegerDivideByZero
//   "invalid conversion to integer"  InvalidConversion
//   "call stack exhausted"           StackExhausted        (assert_exhaustion)
bool trap_text_matches(std::string_view expected, TrapKind kind);

}  // namespace shortcrust::spec
