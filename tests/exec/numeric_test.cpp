// Numeric instructions beyond the spec suite's coverage (tests/wat/numeric.wat): a few
// operations per type with their edge cases and traps (division by zero, overflow,
// invalid conversion), and NaN canonicalization on and off (ARCHITECTURE §4): arithmetic
// NaNs become 0x7fc00000 / 0x7ff8000000000000, bit operations keep every bit.
#include <cmath>
#include <cstdint>
#include <limits>

#include "tests/exec/exec_fixture.h"

namespace shortcrust::test {
namespace {


constexpr int32_t kI32Min = std::numeric_limits<int32_t>::min();
constexpr int32_t kI32Max = std::numeric_limits<int32_t>::max();
constexpr int64_t kI64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t kI64Max = std::numeric_limits<int64_t>::max();
constexpr float kF32Inf = std::numeric_limits<float>::infinity();
constexpr double kF64Inf = std::numeric_limits<double>::infinity();
constexpr uint32_t kF32Canonical = 0x7fc00000;
constexpr uint64_t kF64Canonical = 0x7ff8000000000000;
constexpr uint32_t kF32Payload = 0x7fa00001;          // a NaN with a non-canonical payload
constexpr uint64_t kF64Payload = 0x7ff4000000000001;

Value i32(int32_t v) { return Value::i32(v); }
Value i64(int64_t v) { return Value::i64(v); }
Value f32(float v) { return Value::f32(v); }
Value f64(double v) { return Value::f64(v); }
Value f32b(uint32_t bits) { return Value::f32_bits(bits); }
Value f64b(uint64_t bits) { return Value::f64_bits(bits); }

class NumericTest : public ExecTest {
 protected:
  // The export returns a NaN of its type: any payload (canonicalization off lets the
  // engine return any NaN the spec allows).
  void expect_nan(std::string_view name, const std::vector<Value>& args) {
    SCOPED_TRACE(std::string(name));
    const CallOutcome outcome = call(name, args);
    ASSERT_FALSE(outcome.trap.has_value()) << outcome.trap->describe();
    ASSERT_EQ(outcome.results.size(), 1u);
    const Value& v = outcome.results[0];
    if (v.type() == ValType::F32) EXPECT_TRUE(std::isnan(v.f32())) << v.describe();
    else if (v.type() == ValType::F64) EXPECT_TRUE(std::isnan(v.f64())) << v.describe();
    else ADD_FAILURE() << "not a float: " << v.describe();
  }

  // Bit operations and moves keep NaN payloads whatever the NaN policy.
  void expect_bits_kept() {
    expect_results("f32_neg", {f32b(kF32Payload)}, {f32b(0xffa00001)});
    expect_results("f32_abs", {f32b(0xffa00001)}, {f32b(kF32Payload)});
    expect_results("f32_copysign", {f32b(kF32Payload), f32(-1)}, {f32b(0xffa00001)});
    expect_results("f64_neg", {f64b(kF64Payload)}, {f64b(0xfff4000000000001)});
    expect_results("f64_copysign", {f64b(0xfff4000000000001), f64(1)}, {f64b(kF64Payload)});
    expect_results("nan_const", {}, {f32b(kF32Payload)});
    expect_results("nan_load", {}, {f32b(kF32Payload)});
    expect_i32("i32_reinterpret_f32", {f32b(kF32Payload)}, static_cast<int32_t>(kF32Payload));
    expect_results("f64_reinterpret_i64", {i64(static_cast<int64_t>(kF64Payload))}, {f64b(kF64Payload)});
  }
};
SC_EXEC_TESTS(NumericTest);

TEST_P(NumericTest, I32Arithmetic) {
  load("numeric");
  expect_i32("i32_add", {i32(kI32Max), i32(1)}, kI32Min);
  expect_i32("i32_sub", {i32(0), i32(1)}, -1);
  expect_i32("i32_mul", {i32(0x10000), i32(0x10000)}, 0);
  expect_i32("i32_mul", {i32(-3), i32(5)}, -15);
  expect_i32("i32_div_s", {i32(-7), i32(2)}, -3);
  expect_i32("i32_div_u", {i32(-1), i32(2)}, kI32Max);
  expect_i32("i32_rem_s", {i32(-7), i32(2)}, -1);
  expect_i32("i32_rem_s", {i32(kI32Min), i32(-1)}, 0);  // defined, unlike div_s
  expect_i32("i32_rem_u", {i32(-1), i32(10)}, 5);
  expect_i32("i32_shl", {i32(1), i32(33)}, 2);          // the count is taken mod 32
  expect_i32("i32_shr_s", {i32(-8), i32(1)}, -4);
  expect_i32("i32_shr_u", {i32(-8), i32(1)}, 0x7ffffffc);
  expect_i32("i32_rotl", {i32(static_cast<int32_t>(0x80000001)), i32(1)}, 3);
  expect_i32("i32_lt_s", {i32(-1), i32(0)}, 1);
  expect_i32("i32_lt_u", {i32(-1), i32(0)}, 0);
  expect_i32("i32_clz", {i32(0)}, 32);
  expect_i32("i32_clz", {i32(1)}, 31);
  expect_i32("i32_ctz", {i32(0)}, 32);
  expect_i32("i32_ctz", {i32(kI32Min)}, 31);
  expect_i32("i32_popcnt", {i32(-1)}, 32);
  expect_i32("i32_eqz", {i32(0)}, 1);
  expect_i32("i32_eqz", {i32(5)}, 0);
  expect_i32("i32_extend8_s", {i32(0x80)}, -128);
  expect_i32("i32_extend8_s", {i32(0x17f)}, 127);
  expect_i32("i32_extend16_s", {i32(0x8000)}, -32768);
}

TEST_P(NumericTest, I32Traps) {
  load("numeric");
  expect_trap("i32_div_s", {i32(1), i32(0)}, TrapKind::IntegerDivideByZero);
  expect_trap("i32_div_s", {i32(kI32Min), i32(-1)}, TrapKind::IntegerOverflow);
  expect_trap("i32_div_u", {i32(1), i32(0)}, TrapKind::IntegerDivideByZero);
  expect_trap("i32_rem_s", {i32(1), i32(0)}, TrapKind::IntegerDivideByZero);
  expect_trap("i32_rem_u", {i32(1), i32(0)}, TrapKind::IntegerDivideByZero);
}

TEST_P(NumericTest, I64Arithmetic) {
  load("numeric");
  expect_i64("i64_add", {i64(kI64Max), i64(1)}, kI64Min);
  expect_i64("i64_mul", {i64(int64_t{1} << 32), i64(int64_t{1} << 32)}, 0);
  expect_i64("i64_mul", {i64(-3), i64(5)}, -15);
  expect_i64("i64_div_s", {i64(-7), i64(2)}, -3);
  expect_i64("i64_div_u", {i64(-1), i64(2)}, kI64Max);
  expect_i64("i64_rem_s", {i64(kI64Min), i64(-1)}, 0);
  expect_i64("i64_rem_u", {i64(-1), i64(10)}, 5);  // 2^64 - 1 = 18446744073709551615
  expect_i64("i64_shr_s", {i64(kI64Min), i64(65)}, static_cast<int64_t>(0xc000000000000000));
  expect_i64("i64_rotr", {i64(1), i64(1)}, kI64Min);
  expect_i64("i64_clz", {i64(1)}, 63);
  expect_i64("i64_popcnt", {i64(-1)}, 64);
  expect_i32("i64_eqz", {i64(0)}, 1);
  expect_i32("i64_gt_u", {i64(-1), i64(1)}, 1);
  expect_i64("i64_extend32_s", {i64(0x80000000)}, kI32Min);
  expect_i64("i64_extend_i32_s", {i32(-1)}, -1);
  expect_i64("i64_extend_i32_u", {i32(-1)}, 0xffffffff);
  expect_i32("i32_wrap_i64", {i64(0x123456789)}, 0x23456789);
}

TEST_P(NumericTest, I64Traps) {
  load("numeric");
  expect_trap("i64_div_s", {i64(kI64Min), i64(-1)}, TrapKind::IntegerOverflow);
  expect_trap("i64_div_s", {i64(5), i64(0)}, TrapKind::IntegerDivideByZero);
  expect_trap("i64_div_u", {i64(1), i64(0)}, TrapKind::IntegerDivideByZero);
  expect_trap("i64_rem_s", {i64(1), i64(0)}, TrapKind::IntegerDivideByZero);
  expect_trap("i64_rem_u", {i64(1), i64(0)}, TrapKind::IntegerDivideByZero);
}

TEST_P(NumericTest, F32Arithmetic) {
  load("numeric");
  expect_results("f32_add", {f32(1.5f), f32(2.25f)}, {f32(3.75f)});
  expect_results("f32_div", {f32(1), f32(0)}, {f32(kF32Inf)});
  expect_results("f32_div", {f32(-1), f32(0)}, {f32(-kF32Inf)});
  expect_results("f32_min", {f32(-0.0f), f32(0.0f)}, {f32b(0x80000000)});
  expect_results("f32_min", {f32(0.0f), f32(-0.0f)}, {f32b(0x80000000)});
  expect_results("f32_max", {f32(-0.0f), f32(0.0f)}, {f32b(0)});
  expect_results("f32_copysign", {f32(1), f32(-0.0f)}, {f32(-1)});
  expect_results("f32_sqrt", {f32(4)}, {f32(2)});
  expect_results("f32_nearest", {f32(2.5f)}, {f32(2)});   // ties to even
  expect_results("f32_nearest", {f32(3.5f)}, {f32(4)});
  expect_results("f32_nearest", {f32(-0.5f)}, {f32b(0x80000000)});
  expect_results("f32_ceil", {f32(-0.5f)}, {f32b(0x80000000)});
  expect_results("f32_trunc", {f32(-1.7f)}, {f32(-1)});
  expect_results("f32_neg", {f32(0)}, {f32b(0x80000000)});
  expect_results("f32_abs", {f32b(0x80000000)}, {f32b(0)});
  expect_nan("f32_min", {f32(1), f32b(kF32Payload)});
  expect_nan("f32_sqrt", {f32(-1)});
  expect_i32("f32_lt", {f32b(kF32Canonical), f32(1)}, 0);
  expect_i32("f32_ne", {f32b(kF32Canonical), f32b(kF32Canonical)}, 1);
}

TEST_P(NumericTest, F64Arithmetic) {
  load("numeric");
  expect_results("f64_add", {f64(0.1), f64(0.2)}, {f64(0.30000000000000004)});
  expect_results("f64_mul", {f64(1e308), f64(10)}, {f64(kF64Inf)});
  expect_results("f64_div", {f64(1), f64(3)}, {f64(1.0 / 3.0)});
  expect_results("f64_min", {f64(-0.0), f64(0.0)}, {f64b(0x8000000000000000)});
  expect_results("f64_sqrt", {f64(2)}, {f64(1.4142135623730951)});
  expect_results("f64_floor", {f64(-1.5)}, {f64(-2)});
  expect_results("f64_nearest", {f64(-2.5)}, {f64(-2)});
  expect_results("f64_nearest", {f64(4503599627370497.0)}, {f64(4503599627370497.0)});  // 2^52 + 1
  expect_results("f64_neg", {f64(1)}, {f64(-1)});
  expect_results("f64_copysign", {f64(-3), f64(1)}, {f64(3)});
  expect_i32("f64_eq", {f64b(kF64Canonical), f64b(kF64Canonical)}, 0);
  expect_nan("f64_mul", {f64(kF64Inf), f64(0)});
}

TEST_P(NumericTest, Conversions) {
  load("numeric");
  expect_i32("i32_trunc_f32_s", {f32(-1.5f)}, -1);
  expect_i32("i32_trunc_f32_s", {f32(2147483520.0f)}, 2147483520);  // largest f32 below 2^31
  expect_i32("i32_trunc_f32_s", {f32(-2147483648.0f)}, kI32Min);
  expect_i32("i32_trunc_f64_u", {f64(-0.9)}, 0);
  expect_i32("i32_trunc_f64_u", {f64(4294967295.0)}, -1);
  expect_i64("i64_trunc_f64_s", {f64(-9223372036854775808.0)}, kI64Min);
  expect_i64("i64_trunc_f32_u", {f32(-0.5f)}, 0);
  expect_i32("i32_trunc_sat_f32_s", {f32b(kF32Canonical)}, 0);
  expect_i32("i32_trunc_sat_f32_s", {f32(3e9f)}, kI32Max);
  expect_i32("i32_trunc_sat_f32_s", {f32(-kF32Inf)}, kI32Min);
  expect_i64("i64_trunc_sat_f64_u", {f64(-1)}, 0);
  expect_i64("i64_trunc_sat_f64_u", {f64(1e20)}, -1);
  expect_results("f32_convert_i64_u", {i64(-1)}, {f32b(0x5f800000)});  // 2^64
  expect_results("f64_convert_i32_u", {i32(-1)}, {f64(4294967295.0)});
  expect_results("f32_convert_i32_s", {i32(16777217)}, {f32(16777216.0f)});  // ties to even
  expect_results("f32_demote_f64", {f64(1e40)}, {f32(kF32Inf)});
  expect_results("f32_demote_f64", {f64b(0x3ff0000000000001)}, {f32(1)});
  expect_results("f64_promote_f32", {f32(1.5f)}, {f64(1.5)});
  expect_i32("i32_reinterpret_f32", {f32b(0x80000000)}, kI32Min);
  expect_results("f64_reinterpret_i64", {i64(0x7ff0000000000000)}, {f64(kF64Inf)});
}

TEST_P(NumericTest, ConversionTraps) {
  load("numeric");
  expect_trap("i32_trunc_f32_s", {f32(3e9f)}, TrapKind::IntegerOverflow);
  expect_trap("i32_trunc_f32_s", {f32(2147483648.0f)}, TrapKind::IntegerOverflow);
  expect_trap("i32_trunc_f32_s", {f32(-kF32Inf)}, TrapKind::IntegerOverflow);
  expect_trap("i32_trunc_f32_s", {f32b(kF32Canonical)}, TrapKind::InvalidConversion);
  expect_trap("i32_trunc_f32_s", {f32b(0xffa00001)}, TrapKind::InvalidConversion);
  expect_trap("i32_trunc_f64_u", {f64(-1)}, TrapKind::IntegerOverflow);
  expect_trap("i32_trunc_f64_u", {f64(4294967296.0)}, TrapKind::IntegerOverflow);
  expect_trap("i64_trunc_f64_s", {f64(9223372036854775808.0)}, TrapKind::IntegerOverflow);
  expect_trap("i64_trunc_f64_s", {f64b(kF64Canonical)}, TrapKind::InvalidConversion);
  expect_trap("i64_trunc_f32_u", {f32(18446744073709551616.0f)}, TrapKind::IntegerOverflow);
  expect_trap("i64_trunc_f32_u", {f32(-1)}, TrapKind::IntegerOverflow);
}

TEST_P(NumericTest, CanonicalNansOn) {
  config_.canonicalize_nans = true;
  load("numeric");
  expect_results("zero_div_zero", {}, {f32b(kF32Canonical)});
  expect_results("f32_div", {f32(0), f32(0)}, {f32b(kF32Canonical)});
  expect_results("f32_div", {f32(-0.0f), f32(0)}, {f32b(kF32Canonical)});
  expect_results("nan_plus_one", {}, {f32b(kF32Canonical)});
  expect_results("f32_add", {f32b(0xffa00001), f32(1)}, {f32b(kF32Canonical)});
  expect_results("f32_sqrt", {f32(-1)}, {f32b(kF32Canonical)});
  expect_results("f32_min", {f32b(kF32Payload), f32(1)}, {f32b(kF32Canonical)});
  expect_results("f32_max", {f32(1), f32b(0xffa00001)}, {f32b(kF32Canonical)});
  expect_results("f32_ceil", {f32b(kF32Payload)}, {f32b(kF32Canonical)});
  expect_results("f32_nearest", {f32b(0xffa00001)}, {f32b(kF32Canonical)});
  expect_results("f32_trunc", {f32b(kF32Payload)}, {f32b(kF32Canonical)});
  expect_results("f64_sqrt", {f64(-1)}, {f64b(kF64Canonical)});
  expect_results("f64_div", {f64(0), f64(0)}, {f64b(kF64Canonical)});
  expect_results("f64_mul", {f64(kF64Inf), f64(0)}, {f64b(kF64Canonical)});
  expect_results("f64_add", {f64b(kF64Payload), f64(1)}, {f64b(kF64Canonical)});
  expect_results("f64_min", {f64(1), f64b(kF64Payload)}, {f64b(kF64Canonical)});
  expect_results("f64_floor", {f64b(0xfff4000000000001)}, {f64b(kF64Canonical)});
  expect_results("f64_nearest", {f64b(kF64Payload)}, {f64b(kF64Canonical)});
  expect_results("f64_promote_f32", {f32b(kF32Payload)}, {f64b(kF64Canonical)});
  expect_results("f32_demote_f64", {f64b(kF64Payload)}, {f32b(kF32Canonical)});
  expect_bits_kept();
}

TEST_P(NumericTest, CanonicalNansOff) {
  config_.canonicalize_nans = false;
  load("numeric");
  expect_nan("zero_div_zero", {});
  expect_nan("f32_div", {f32(0), f32(0)});
  expect_nan("nan_plus_one", {});
  expect_nan("f64_sqrt", {f64(-1)});
  expect_nan("f64_promote_f32", {f32b(kF32Payload)});
  expect_nan("f32_demote_f64", {f64b(kF64Payload)});
  expect_bits_kept();
}

}  // namespace
}  // namespace shortcrust::test
