// interp/semantics.h: every numeric row of the opcode table is covered by eval<> with the
// Sig's types, and table-driven vectors pin the boundaries of spec 4.3.2/4.3.3 (trap kinds,
// conversion bounds, rounding, min/max zero signs, NaN payloads, canonicalization). Float
// values are written as bit patterns wherever exactness matters; many rows come from the
// official i32/i64/f32/f64/conversions .wast files.
#include "interp/semantics.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

namespace shortcrust::interp::sem {
namespace {

using decoder::Family;
using decoder::Op;

constexpr float f32(uint32_t b) { return std::bit_cast<float>(b); }
constexpr double f64(uint64_t b) { return std::bit_cast<double>(b); }
constexpr uint32_t bits(float x) { return std::bit_cast<uint32_t>(x); }
constexpr uint64_t bits(double x) { return std::bit_cast<uint64_t>(x); }

// "Any NaN" in expectations for results the hardware computes (add of NaN, sqrt(-1)...).
constexpr uint32_t kAnyNan32 = 0xffffffff;
constexpr uint64_t kAnyNan64 = 0xffffffffffffffff;

void expect_bits(float got, uint32_t want, const char* what) {
  if (want == kAnyNan32) {
    EXPECT_TRUE(got != got) << what << " gave 0x" << std::hex << bits(got);
  } else {
    EXPECT_EQ(bits(got), want) << what << std::hex << " gave 0x" << bits(got) << " want 0x" << want;
  }
}
void expect_bits(double got, uint64_t want, const char* what) {
  if (want == kAnyNan64) {
    EXPECT_TRUE(got != got) << what << " gave 0x" << std::hex << bits(got);
  } else {
    EXPECT_EQ(bits(got), want) << what << std::hex << " gave 0x" << bits(got) << " want 0x" << want;
  }
}

// ---------------------------------------------------------------------------------------
// Coverage: every Compare/Unary/Binary/Convert row instantiates eval<> with ParamOf types
// and returns ResultOf (wrapped in Checked<> exactly when kTraps). A row without semantics
// fails to compile in eval<>'s final static_assert.

template <Op op, size_t... i>
constexpr bool row_types_ok(std::index_sequence<i...>) {
  using R = decltype(eval<op>(ParamOf<op, i>{}...));
  if constexpr (kTraps<op>) {
    return std::is_same_v<R, Checked<ResultOf<op>>>;
  } else {
    return std::is_same_v<R, ResultOf<op>>;
  }
}

template <Op op, Family family>
constexpr int covered_row() {
  if constexpr (family == Family::Compare || family == Family::Unary ||
                family == Family::Binary || family == Family::Convert) {
    static_assert(kHasSemantics<op>);
    static_assert(row_types_ok<op>(std::make_index_sequence<decoder::info(op).sig.param_count>{}));
    static_assert(decoder::info(op).sig.result_count == 1);
    return 1;
  } else {
    static_assert(!kHasSemantics<op> && !kTraps<op> && !kCanonicalizes<op>);
    return 0;
  }
}

constexpr int kCoveredRows = 0
#define X(name, enc, text, imm, sig, gas, family) +covered_row<Op::name, Family::family>()
#include "decoder/opcodes.def"
#undef X
    ;
// 34 compare, 25 unary, 44 binary, 33 convert rows (counted by hand, not from the table).
static_assert(kCoveredRows == 136);

// Calls each row once at run time with zero operands, so a non-constexpr body (sqrt) and
// every trapping row is executed under the sanitizers too.
template <Op op, size_t... i>
bool run_row(std::index_sequence<i...>) {
  const auto r = eval<op>(ParamOf<op, i>{}...);
  if constexpr (kTraps<op>) {
    // Integer x/0 traps; trunc(0.0) does not.
    return decoder::info(op).sig.params[0] == decoder::SigType::F32 ||
                   decoder::info(op).sig.params[0] == decoder::SigType::F64
               ? r.check == Check::Ok
               : r.check == Check::DivideByZero;
  } else {
    (void)r;
    return true;
  }
}

template <Op op, Family family>
int run_numeric_row() {
  if constexpr (family == Family::Compare || family == Family::Unary ||
                family == Family::Binary || family == Family::Convert) {
    EXPECT_TRUE(run_row<op>(std::make_index_sequence<decoder::info(op).sig.param_count>{}))
        << decoder::text(op);
    return 1;
  } else {
    return 0;
  }
}

TEST(SemanticsCoverage, EveryNumericRowRunsWithZeroOperands) {
  int rows = 0;
#define X(name, enc, text, imm, sig, gas, family) \
  rows += run_numeric_row<Op::name, Family::family>();
#include "decoder/opcodes.def"
#undef X
  EXPECT_EQ(rows, 136);
}

TEST(SemanticsCoverage, TrapAndCanonicalizeSets) {
  // Written out independently of semantics.h: the brief's lists.
  const Op kTrapping[] = {
      Op::I32DivS, Op::I32DivU, Op::I32RemS, Op::I32RemU, Op::I64DivS, Op::I64DivU,
      Op::I64RemS, Op::I64RemU, Op::I32TruncF32S, Op::I32TruncF32U, Op::I32TruncF64S,
      Op::I32TruncF64U, Op::I64TruncF32S, Op::I64TruncF32U, Op::I64TruncF64S, Op::I64TruncF64U};
  const Op kCanonical[] = {
      Op::F32Add, Op::F32Sub, Op::F32Mul, Op::F32Div, Op::F32Sqrt, Op::F32Min, Op::F32Max,
      Op::F32Ceil, Op::F32Floor, Op::F32Trunc, Op::F32Nearest, Op::F64Add, Op::F64Sub,
      Op::F64Mul, Op::F64Div, Op::F64Sqrt, Op::F64Min, Op::F64Max, Op::F64Ceil, Op::F64Floor,
      Op::F64Trunc, Op::F64Nearest, Op::F64PromoteF32, Op::F32DemoteF64};
  for (size_t i = 0; i < decoder::kOpCount; ++i) {
    const Op op = static_cast<Op>(i);
    bool want_trap = false;
    for (Op t : kTrapping) want_trap = want_trap || t == op;
    bool want_canon = false;
    for (Op c : kCanonical) want_canon = want_canon || c == op;
    EXPECT_EQ(traps(op), want_trap) << decoder::text(op);
    EXPECT_EQ(canonicalizes(op), want_canon) << decoder::text(op);
  }
}

// ---------------------------------------------------------------------------------------
// Compile-time evaluation: the constexpr functions fold (JIT constant folding relies on it).

static_assert(eval<Op::I32Add>(0xffffffffu, 1u) == 0u);
static_assert(eval<Op::I32DivS>(0x80000000u, 0xffffffffu) == Checked<uint32_t>{0, Check::Overflow});
static_assert(eval<Op::I64RemS>(uint64_t{1} << 63, ~uint64_t{0}) ==
              Checked<uint64_t>{0, Check::Ok});
static_assert(eval<Op::I32Rotl>(0xfe00dc00u, 4u) == 0xe00dc00fu);
static_assert(eval<Op::F32Nearest>(2.5f) == 2.0f);
static_assert(eval<Op::F64Floor>(-0.5) == -1.0);
static_assert(bits(eval<Op::F32Min>(-0.0f, 0.0f)) == 0x80000000u);
static_assert(eval<Op::I32TruncF64S>(-2147483648.9).value == 0x80000000u);
static_assert(eval<Op::I32TruncF32S>(2147483648.0f).check == Check::Overflow);
static_assert(eval<Op::I64TruncSatF64U>(-1.0e300) == 0u);
static_assert(bits(eval<Op::F32ConvertI64U>(0x8000008000000001u)) == 0x5f000001u);
static_assert(bits(eval<Op::F32DemoteF64>(1e300)) == 0x7f800000u);
static_assert(bits(canonicalize(f32(0xffa00001))) == 0x7fc00000u);


// ---------------------------------------------------------------------------------------
// Integers

struct I32Bin { const char* what; uint32_t (*fn)(uint32_t, uint32_t); uint32_t x, y, want; };
struct I64Bin { const char* what; uint64_t (*fn)(uint64_t, uint64_t); uint64_t x, y, want; };

TEST(SemanticsInt, I32Binary) {
  const I32Bin cases[] = {
      {"add wraps", i32_add, 0xffffffff, 1, 0},
      {"add", i32_add, 0x7fffffff, 1, 0x80000000},
      {"add min+min", i32_add, 0x80000000, 0x80000000, 0},
      {"sub wraps", i32_sub, 0, 1, 0xffffffff},
      {"sub min-1", i32_sub, 0x80000000, 1, 0x7fffffff},
      {"mul", i32_mul, 0x01234567, 0x76543210, 0x358e7470},
      {"mul min*-1", i32_mul, 0x80000000, 0xffffffff, 0x80000000},
      {"mul max*max", i32_mul, 0x7fffffff, 0x7fffffff, 1},
      {"and", i32_and, 0xf0f0ffff, 0xfffff0f0, 0xf0f0f0f0},
      {"or", i32_or, 0xf0f0ffff, 0xfffff0f0, 0xffffffff},
      {"xor", i32_xor, 0xf0f0ffff, 0xfffff0f0, 0x0f0f0f0f},
      {"shl", i32_shl, 1, 31, 0x80000000},
      {"shl count mod 32", i32_shl, 1, 32, 1},
      {"shl count 33", i32_shl, 1, 33, 2},
      {"shl count -1", i32_shl, 1, 0xffffffff, 0x80000000},
      {"shr_s sign", i32_shr_s, 0x80000000, 31, 0xffffffff},
      {"shr_s count 32", i32_shr_s, 0x80000000, 32, 0x80000000},
      {"shr_s -1", i32_shr_s, 0xffffffff, 0x7fffffff, 0xffffffff},
      {"shr_s positive", i32_shr_s, 0x7fffffff, 1, 0x3fffffff},
      {"shr_u", i32_shr_u, 0x80000000, 31, 1},
      {"shr_u count 32", i32_shr_u, 0xffffffff, 32, 0xffffffff},
      {"shr_u count -1", i32_shr_u, 0xffffffff, 0xffffffff, 1},
      {"rotl", i32_rotl, 0xfe00dc00, 4, 0xe00dc00f},
      {"rotl 1", i32_rotl, 0xabcd9876, 1, 0x579b30ed},
      {"rotl count 32", i32_rotl, 0xabcd9876, 32, 0xabcd9876},
      {"rotl count 0xffffffff", i32_rotl, 1, 0xffffffff, 0x80000000},
      {"rotr", i32_rotr, 0xb0c1d2e3, 5, 0x1d860e97},
      {"rotr 1", i32_rotr, 1, 1, 0x80000000},
      {"rotr count 0x20", i32_rotr, 0xff00cc00, 0x20, 0xff00cc00},
      {"rotr count 0xffffffe1", i32_rotr, 0xff00cc00, 0xffffffe1, 0x7f806600},
  };
  for (const auto& c : cases) EXPECT_EQ(c.fn(c.x, c.y), c.want) << c.what;
}

TEST(SemanticsInt, I64Binary) {
  const uint64_t kMin = uint64_t{1} << 63;
  const I64Bin cases[] = {
      {"add wraps", i64_add, ~uint64_t{0}, 1, 0},
      {"add", i64_add, kMin - 1, 1, kMin},
      {"sub wraps", i64_sub, 0, 1, ~uint64_t{0}},
      {"mul", i64_mul, 0x0123456789abcdef, 0xfedcba9876543210, 0x2236d88fe5618cf0},
      {"mul min*-1", i64_mul, kMin, ~uint64_t{0}, kMin},
      {"and", i64_and, 0xf0f0ffff, 0xfffff0f0, 0xf0f0f0f0},
      {"or", i64_or, 0xf0f0ffff, 0xfffff0f0, 0xffffffff},
      {"xor", i64_xor, 0xffffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff},
      {"shl", i64_shl, 1, 63, kMin},
      {"shl count 64", i64_shl, 1, 64, 1},
      {"shl count 65", i64_shl, 1, 65, 2},
      {"shl count 32 is real", i64_shl, 1, 32, 0x100000000},
      {"shr_s sign", i64_shr_s, kMin, 63, ~uint64_t{0}},
      {"shr_s count 64", i64_shr_s, kMin, 64, kMin},
      {"shr_s count -1", i64_shr_s, kMin, ~uint64_t{0}, ~uint64_t{0}},
      {"shr_u", i64_shr_u, kMin, 63, 1},
      {"shr_u count -1", i64_shr_u, ~uint64_t{0}, ~uint64_t{0}, 1},
      {"rotl", i64_rotl, 0xabcd987602468ace, 1, 0x579b30ec048d159d},
      {"rotl 63", i64_rotl, 0xfe000000dc000000, 4, 0xe000000dc000000f},
      {"rotl count 64", i64_rotl, 0xabcd1234ef567809, 64, 0xabcd1234ef567809},
      {"rotr", i64_rotr, 0xabcd987602468ace, 1, 0x55e6cc3b01234567},
      {"rotr count 0x41", i64_rotr, 1, 0x41, kMin},
  };
  for (const auto& c : cases) EXPECT_EQ(c.fn(c.x, c.y), c.want) << c.what;
}

struct I32Trap { const char* what; Checked<uint32_t> (*fn)(uint32_t, uint32_t); uint32_t x, y;
                 Checked<uint32_t> want; };
struct I64Trap { const char* what; Checked<uint64_t> (*fn)(uint64_t, uint64_t); uint64_t x, y;
                 Checked<uint64_t> want; };

TEST(SemanticsInt, I32DivRem) {
  const Check kDbz = Check::DivideByZero;
  const Check kOk = Check::Ok;
  const I32Trap cases[] = {
      {"div_s by 0", i32_div_s, 1, 0, {0, kDbz}},
      {"div_s 0/0", i32_div_s, 0, 0, {0, kDbz}},
      {"div_s min/-1", i32_div_s, 0x80000000, 0xffffffff, {0, Check::Overflow}},
      {"div_s min/2", i32_div_s, 0x80000000, 2, {0xc0000000, kOk}},
      {"div_s -7/2 toward zero", i32_div_s, 0xfffffff9, 2, {0xfffffffd, kOk}},
      {"div_s 7/-2", i32_div_s, 7, 0xfffffffe, {0xfffffffd, kOk}},
      {"div_s", i32_div_s, 0x80000001, 1000, {0xffdf3b65, kOk}},
      {"div_u by 0", i32_div_u, 1, 0, {0, kDbz}},
      {"div_u min/-1", i32_div_u, 0x80000000, 0xffffffff, {0, kOk}},
      {"div_u", i32_div_u, 0x80000001, 1000, {0x20c49b, kOk}},
      {"div_u -1/-1", i32_div_u, 0xffffffff, 0xffffffff, {1, kOk}},
      {"rem_s by 0", i32_rem_s, 1, 0, {0, kDbz}},
      {"rem_s min%-1 no trap", i32_rem_s, 0x80000000, 0xffffffff, {0, kOk}},
      {"rem_s 5%-1", i32_rem_s, 5, 0xffffffff, {0, kOk}},
      {"rem_s -7%2", i32_rem_s, 0xfffffff9, 2, {0xffffffff, kOk}},
      {"rem_s 7%-2", i32_rem_s, 7, 0xfffffffe, {1, kOk}},
      {"rem_s", i32_rem_s, 0x80000001, 1000, {0xfffffd79, kOk}},
      {"rem_u by 0", i32_rem_u, 1, 0, {0, kDbz}},
      {"rem_u min%-1", i32_rem_u, 0x80000000, 0xffffffff, {0x80000000, kOk}},
      {"rem_u", i32_rem_u, 0x80000001, 1000, {649, kOk}},
  };
  for (const auto& c : cases) EXPECT_EQ(c.fn(c.x, c.y), c.want) << c.what;
}

TEST(SemanticsInt, I64DivRem) {
  const Check kDbz = Check::DivideByZero;
  const Check kOk = Check::Ok;
  const uint64_t kMin = uint64_t{1} << 63;
  const uint64_t kM1 = ~uint64_t{0};
  const I64Trap cases[] = {
      {"div_s by 0", i64_div_s, 1, 0, {0, kDbz}},
      {"div_s min/-1", i64_div_s, kMin, kM1, {0, Check::Overflow}},
      {"div_s min/2", i64_div_s, kMin, 2, {0xc000000000000000, kOk}},
      {"div_s", i64_div_s, 0x8000000000000001, 1000, {0xffdf3b645a1cac09, kOk}},
      {"div_s -7/2", i64_div_s, kM1 - 6, 2, {kM1 - 2, kOk}},
      {"div_u by 0", i64_div_u, 1, 0, {0, kDbz}},
      {"div_u min/-1", i64_div_u, kMin, kM1, {0, kOk}},
      {"div_u", i64_div_u, 0x8000000000000001, 1000, {0x20c49ba5e353f7, kOk}},
      {"rem_s by 0", i64_rem_s, 1, 0, {0, kDbz}},
      {"rem_s min%-1 no trap", i64_rem_s, kMin, kM1, {0, kOk}},
      {"rem_s", i64_rem_s, 0x8000000000000001, 1000, {static_cast<uint64_t>(-807), kOk}},
      {"rem_u by 0", i64_rem_u, 1, 0, {0, kDbz}},
      {"rem_u min%-1", i64_rem_u, kMin, kM1, {kMin, kOk}},
      {"rem_u", i64_rem_u, 0x8000000000000001, 1000, {809, kOk}},
  };
  for (const auto& c : cases) EXPECT_EQ(c.fn(c.x, c.y), c.want) << c.what;
}

TEST(SemanticsInt, Unary) {
  EXPECT_EQ(i32_clz(0), 32u);
  EXPECT_EQ(i32_clz(0x00008000), 16u);
  EXPECT_EQ(i32_clz(0xffffffff), 0u);
  EXPECT_EQ(i32_ctz(0), 32u);
  EXPECT_EQ(i32_ctz(0x80000000), 31u);
  EXPECT_EQ(i32_ctz(0x00010000), 16u);
  EXPECT_EQ(i32_popcnt(0), 0u);
  EXPECT_EQ(i32_popcnt(0xffffffff), 32u);
  EXPECT_EQ(i32_popcnt(0xaaaaaaa5), 16u);
  EXPECT_EQ(i32_extend8_s(0x7f), 0x7fu);
  EXPECT_EQ(i32_extend8_s(0x80), 0xffffff80u);
  EXPECT_EQ(i32_extend8_s(0x012345fe), 0xfffffffeu);
  EXPECT_EQ(i32_extend8_s(0xfedcba01), 1u);
  EXPECT_EQ(i32_extend16_s(0x7fff), 0x7fffu);
  EXPECT_EQ(i32_extend16_s(0x8000), 0xffff8000u);
  EXPECT_EQ(i32_extend16_s(0xfedc0123), 0x123u);

  EXPECT_EQ(i64_clz(0), 64u);
  EXPECT_EQ(i64_clz(0x0000000080000000), 32u);
  EXPECT_EQ(i64_clz(0x8000000000000000), 0u);
  EXPECT_EQ(i64_ctz(0), 64u);
  EXPECT_EQ(i64_ctz(0x8000000000000000), 63u);
  EXPECT_EQ(i64_popcnt(~uint64_t{0}), 64u);
  EXPECT_EQ(i64_popcnt(0xabcd987602468ace), 30u);
  EXPECT_EQ(i64_extend8_s(0x0123456789abcd80), 0xffffffffffffff80u);
  EXPECT_EQ(i64_extend16_s(0x0123456789ab8000), 0xffffffffffff8000u);
  EXPECT_EQ(i64_extend16_s(0xffffffffffff7fff), 0x7fffu);
  EXPECT_EQ(i64_extend32_s(0x0123456780000000), 0xffffffff80000000u);
  EXPECT_EQ(i64_extend32_s(0xffffffff7fffffff), 0x7fffffffu);
}

TEST(SemanticsInt, Compare) {
  EXPECT_EQ(i32_eqz(0), 1u);
  EXPECT_EQ(i32_eqz(0x80000000), 0u);
  EXPECT_EQ(i64_eqz(0), 1u);
  EXPECT_EQ(i64_eqz(0x8000000000000000), 0u);
  const uint32_t kMin = 0x80000000;
  EXPECT_EQ(i32_eq(kMin, kMin), 1u);
  EXPECT_EQ(i32_ne(kMin, 0), 1u);
  EXPECT_EQ(i32_lt_s(kMin, 0), 1u);
  EXPECT_EQ(i32_lt_u(kMin, 0), 0u);
  EXPECT_EQ(i32_gt_s(kMin, 0x7fffffff), 0u);
  EXPECT_EQ(i32_gt_u(kMin, 0x7fffffff), 1u);
  EXPECT_EQ(i32_le_s(0xffffffff, 0), 1u);
  EXPECT_EQ(i32_le_u(0xffffffff, 0), 0u);
  EXPECT_EQ(i32_ge_s(0, 0xffffffff), 1u);
  EXPECT_EQ(i32_ge_u(0, 0xffffffff), 0u);
  EXPECT_EQ(i32_le_s(5, 5), 1u);
  EXPECT_EQ(i32_ge_u(5, 5), 1u);
  const uint64_t kMin64 = uint64_t{1} << 63;
  EXPECT_EQ(i64_eq(kMin64, kMin64), 1u);
  EXPECT_EQ(i64_ne(kMin64, kMin64), 0u);
  EXPECT_EQ(i64_lt_s(kMin64, 0), 1u);
  EXPECT_EQ(i64_lt_u(kMin64, 0), 0u);
  EXPECT_EQ(i64_gt_s(kMin64 - 1, kMin64), 1u);
  EXPECT_EQ(i64_gt_u(kMin64 - 1, kMin64), 0u);
  EXPECT_EQ(i64_le_s(~uint64_t{0}, 0), 1u);
  EXPECT_EQ(i64_le_u(~uint64_t{0}, 0), 0u);
  EXPECT_EQ(i64_ge_s(0, ~uint64_t{0}), 1u);
  EXPECT_EQ(i64_ge_u(0, ~uint64_t{0}), 0u);
  // Only 32 bits compared for i32, all 64 for i64.
  EXPECT_EQ(i64_eq(0x100000000, 0), 0u);
}

// ---------------------------------------------------------------------------------------
// Floats

struct F32Bin { const char* what; float (*fn)(float, float); uint32_t x, y, want; };
struct F64Bin { const char* what; double (*fn)(double, double); uint64_t x, y, want; };
struct F32Un { const char* what; float (*fn)(float); uint32_t x, want; };
struct F64Un { const char* what; double (*fn)(double); uint64_t x, want; };

constexpr uint32_t kPos0 = 0x00000000, kNeg0 = 0x80000000, kOne = 0x3f800000,
                   kNegOne = 0xbf800000, kInf = 0x7f800000, kNegInf = 0xff800000,
                   kQnan = 0x7fc00000, kSnan = 0x7fa00000, kNanPayload = 0xffa00001;
constexpr uint64_t kPos0d = 0, kNeg0d = 0x8000000000000000, kOned = 0x3ff0000000000000,
                   kNegOned = 0xbff0000000000000, kInfd = 0x7ff0000000000000,
                   kNegInfd = 0xfff0000000000000, kQnand = 0x7ff8000000000000,
                   kSnand = 0x7ff4000000000000, kNanPayloadd = 0xfff4000000000001;

TEST(SemanticsFloat, F32Binary) {
  const F32Bin cases[] = {
      {"min -0 +0", f32_min, kNeg0, kPos0, kNeg0},
      {"min +0 -0", f32_min, kPos0, kNeg0, kNeg0},
      {"max -0 +0", f32_max, kNeg0, kPos0, kPos0},
      {"max +0 -0", f32_max, kPos0, kNeg0, kPos0},
      {"min -0 -0", f32_min, kNeg0, kNeg0, kNeg0},
      {"max +0 +0", f32_max, kPos0, kPos0, kPos0},
      {"min", f32_min, kNegOne, kOne, kNegOne},
      {"max", f32_max, kNegOne, kOne, kOne},
      {"min -inf", f32_min, kNegInf, kOne, kNegInf},
      {"max inf", f32_max, kInf, kNegOne, kInf},
      {"min nan first", f32_min, kQnan, kOne, kQnan},
      {"min nan second", f32_min, kOne, kQnan, kQnan},
      {"max nan", f32_max, kNegInf, kQnan, kQnan},
      {"min snan quieted", f32_min, kSnan, kOne, 0x7fe00000},
      {"max snan quieted payload kept", f32_max, kOne, kNanPayload, 0xffe00001},
      {"min nan vs -0", f32_min, kNeg0, 0xffc00000, 0xffc00000},
      {"copysign +", f32_copysign, kNegOne, kOne, kOne},
      {"copysign -0", f32_copysign, kOne, kNeg0, kNegOne},
      {"copysign nan payload", f32_copysign, kNanPayload, kPos0, 0x7fa00001},
      {"copysign from nan sign", f32_copysign, kOne, 0xffc00000, kNegOne},
      {"copysign snan to -", f32_copysign, kSnan, kNegOne, 0xffa00000},
      {"add subnormals", f32_add, 0x00000001, 0x00000001, 0x00000002},
      {"add -0 + -0", f32_add, kNeg0, kNeg0, kNeg0},
      {"add -0 + +0", f32_add, kNeg0, kPos0, kPos0},
      {"add inf - inf", f32_add, kInf, kNegInf, kAnyNan32},
      {"add nan", f32_add, kQnan, kOne, kAnyNan32},
      {"add rounds to even in f32", f32_add, kOne, 0x33800000, kOne},  // 1 + 2^-24
      {"add rounds up in f32", f32_add, kOne, 0x33800001, 0x3f800001},
      {"sub", f32_sub, kOne, kOne, kPos0},
      {"mul -0", f32_mul, kNeg0, kOne, kNeg0},
      {"mul 0*inf", f32_mul, kPos0, kInf, kAnyNan32},
      {"mul underflow", f32_mul, 0x00800000, 0x00800000, kPos0},
      {"mul overflow", f32_mul, 0x7f7fffff, 0x40000000, kInf},
      {"div 1/0", f32_div, kOne, kPos0, kInf},
      {"div 1/-0", f32_div, kOne, kNeg0, kNegInf},
      {"div 0/0", f32_div, kPos0, kPos0, kAnyNan32},
      {"div 1/3", f32_div, kOne, 0x40400000, 0x3eaaaaab},
  };
  for (const auto& c : cases) expect_bits(c.fn(f32(c.x), f32(c.y)), c.want, c.what);
}

TEST(SemanticsFloat, F64Binary) {
  const F64Bin cases[] = {
      {"min -0 +0", f64_min, kNeg0d, kPos0d, kNeg0d},
      {"min +0 -0", f64_min, kPos0d, kNeg0d, kNeg0d},
      {"max -0 +0", f64_max, kNeg0d, kPos0d, kPos0d},
      {"max +0 -0", f64_max, kPos0d, kNeg0d, kPos0d},
      {"min", f64_min, kNegOned, kOned, kNegOned},
      {"max", f64_max, kNegOned, kOned, kOned},
      {"min nan", f64_min, kOned, kQnand, kQnand},
      {"max nan", f64_max, kQnand, kNegInfd, kQnand},
      {"min snan quieted", f64_min, kSnand, kOned, 0x7ffc000000000000},
      {"max snan payload kept", f64_max, kOned, kNanPayloadd, 0xfffc000000000001},
      {"copysign nan payload", f64_copysign, kNanPayloadd, kPos0d, 0x7ff4000000000001},
      {"copysign -0", f64_copysign, kOned, kNeg0d, kNegOned},
      {"add subnormals", f64_add, 1, 1, 2},
      {"add -0 + +0", f64_add, kNeg0d, kPos0d, kPos0d},
      {"add inf - inf", f64_add, kInfd, kNegInfd, kAnyNan64},
      {"add rounds to even", f64_add, kOned, 0x3ca0000000000000, kOned},  // 1 + 2^-53
      {"sub", f64_sub, kOned, kOned, kPos0d},
      {"mul overflow", f64_mul, 0x7fefffffffffffff, 0x4000000000000000, kInfd},
      {"mul 0*inf", f64_mul, kPos0d, kInfd, kAnyNan64},
      {"div 1/-0", f64_div, kOned, kNeg0d, kNegInfd},
      {"div 0/0", f64_div, kPos0d, kPos0d, kAnyNan64},
      {"div 1/3", f64_div, kOned, 0x4008000000000000, 0x3fd5555555555555},
  };
  for (const auto& c : cases) expect_bits(c.fn(f64(c.x), f64(c.y)), c.want, c.what);
}

TEST(SemanticsFloat, F32Unary) {
  const F32Un cases[] = {
      {"abs -1", f32_abs, kNegOne, kOne},
      {"abs -0", f32_abs, kNeg0, kPos0},
      {"abs nan payload", f32_abs, kNanPayload, 0x7fa00001},
      {"abs -inf", f32_abs, kNegInf, kInf},
      {"neg 0", f32_neg, kPos0, kNeg0},
      {"neg nan payload", f32_neg, kNanPayload, 0x7fa00001},
      {"neg snan", f32_neg, kSnan, 0xffa00000},
      {"sqrt 4", f32_sqrt, 0x40800000, 0x40000000},
      {"sqrt 2", f32_sqrt, 0x40000000, 0x3fb504f3},
      {"sqrt -0", f32_sqrt, kNeg0, kNeg0},
      {"sqrt inf", f32_sqrt, kInf, kInf},
      {"sqrt -1", f32_sqrt, kNegOne, kAnyNan32},
      {"sqrt nan", f32_sqrt, kQnan, kAnyNan32},
      // nearest: round half to even, sign of zero kept.
      {"nearest 0.5", f32_nearest, 0x3f000000, kPos0},
      {"nearest -0.5", f32_nearest, 0xbf000000, kNeg0},
      {"nearest 1.5", f32_nearest, 0x3fc00000, 0x40000000},
      {"nearest 2.5", f32_nearest, 0x40200000, 0x40000000},
      {"nearest 3.5", f32_nearest, 0x40600000, 0x40800000},
      {"nearest -1.5", f32_nearest, 0xbfc00000, 0xc0000000},
      {"nearest -2.5", f32_nearest, 0xc0200000, 0xc0000000},
      {"nearest -0.4", f32_nearest, 0xbecccccd, kNeg0},
      {"nearest 0.49999997", f32_nearest, 0x3effffff, kPos0},
      {"nearest 0.6", f32_nearest, 0x3f19999a, kOne},
      {"nearest -0.6", f32_nearest, 0xbf19999a, kNegOne},
      {"nearest 2^23-0.5", f32_nearest, 0x4affffff, 0x4b000000},
      {"nearest -(2^23-0.5)", f32_nearest, 0xcaffffff, 0xcb000000},
      {"nearest 2^22+0.5", f32_nearest, 0x4a800001, 0x4a800000},
      {"nearest 2^23", f32_nearest, 0x4b000000, 0x4b000000},
      {"nearest 2^23+1", f32_nearest, 0x4b000001, 0x4b000001},
      {"nearest min subnormal", f32_nearest, 0x00000001, kPos0},
      {"nearest -0", f32_nearest, kNeg0, kNeg0},
      {"nearest -inf", f32_nearest, kNegInf, kNegInf},
      {"nearest max", f32_nearest, 0x7f7fffff, 0x7f7fffff},
      {"nearest snan quieted", f32_nearest, kNanPayload, 0xffe00001},
      // ceil, floor, trunc
      {"ceil 0.5", f32_ceil, 0x3f000000, kOne},
      {"ceil -0.5", f32_ceil, 0xbf000000, kNeg0},
      {"ceil -1.5", f32_ceil, 0xbfc00000, kNegOne},
      {"ceil 1", f32_ceil, kOne, kOne},
      {"ceil 1+ulp", f32_ceil, 0x3f800001, 0x40000000},
      {"ceil -0", f32_ceil, kNeg0, kNeg0},
      {"ceil -min subnormal", f32_ceil, 0x80000001, kNeg0},
      {"ceil min subnormal", f32_ceil, 0x00000001, kOne},
      {"ceil 2^23-0.5", f32_ceil, 0x4affffff, 0x4b000000},
      {"ceil -inf", f32_ceil, kNegInf, kNegInf},
      {"ceil nan", f32_ceil, kSnan, 0x7fe00000},
      {"floor 0.5", f32_floor, 0x3f000000, kPos0},
      {"floor -0.5", f32_floor, 0xbf000000, kNegOne},
      {"floor -1.5", f32_floor, 0xbfc00000, 0xc0000000},
      {"floor 1.5", f32_floor, 0x3fc00000, kOne},
      {"floor -0", f32_floor, kNeg0, kNeg0},
      {"floor min subnormal", f32_floor, 0x00000001, kPos0},
      {"floor -min subnormal", f32_floor, 0x80000001, kNegOne},
      {"floor -(2^23-0.5)", f32_floor, 0xcaffffff, 0xcb000000},
      {"floor inf", f32_floor, kInf, kInf},
      {"floor nan", f32_floor, kQnan, kQnan},
      {"trunc -0.5", f32_trunc, 0xbf000000, kNeg0},
      {"trunc 0.5", f32_trunc, 0x3f000000, kPos0},
      {"trunc -1.5", f32_trunc, 0xbfc00000, kNegOne},
      {"trunc 1.5", f32_trunc, 0x3fc00000, kOne},
      {"trunc -(2^23-0.5)", f32_trunc, 0xcaffffff, 0xcafffffe},
      {"trunc 1e30", f32_trunc, 0x7149f2ca, 0x7149f2ca},
      {"trunc nan", f32_trunc, kNanPayload, 0xffe00001},
  };
  for (const auto& c : cases) expect_bits(c.fn(f32(c.x)), c.want, c.what);
}

TEST(SemanticsFloat, F64Unary) {
  const uint64_t kHalf = 0x3fe0000000000000, kNegHalf = 0xbfe0000000000000;
  const uint64_t kTwo = 0x4000000000000000, kNegTwo = 0xc000000000000000;
  const F64Un cases[] = {
      {"abs nan payload", f64_abs, kNanPayloadd, 0x7ff4000000000001},
      {"abs -0", f64_abs, kNeg0d, kPos0d},
      {"neg nan payload", f64_neg, kNanPayloadd, 0x7ff4000000000001},
      {"neg 0", f64_neg, kPos0d, kNeg0d},
      {"sqrt 2", f64_sqrt, kTwo, 0x3ff6a09e667f3bcd},
      {"sqrt -0", f64_sqrt, kNeg0d, kNeg0d},
      {"sqrt -1", f64_sqrt, kNegOned, kAnyNan64},
      {"nearest 0.5", f64_nearest, kHalf, kPos0d},
      {"nearest -0.5", f64_nearest, kNegHalf, kNeg0d},
      {"nearest 1.5", f64_nearest, 0x3ff8000000000000, kTwo},
      {"nearest 2.5", f64_nearest, 0x4004000000000000, kTwo},
      {"nearest -2.5", f64_nearest, 0xc004000000000000, kNegTwo},
      {"nearest 2^52-0.5", f64_nearest, 0x432fffffffffffff, 0x4330000000000000},
      {"nearest 2^52+1", f64_nearest, 0x4330000000000001, 0x4330000000000001},
      {"nearest 0.49999999999999994", f64_nearest, 0x3fdfffffffffffff, kPos0d},
      {"nearest -0", f64_nearest, kNeg0d, kNeg0d},
      {"nearest snan", f64_nearest, kNanPayloadd, 0xfffc000000000001},
      {"ceil -0.5", f64_ceil, kNegHalf, kNeg0d},
      {"ceil 0.5", f64_ceil, kHalf, kOned},
      {"ceil 2^52-0.5", f64_ceil, 0x432fffffffffffff, 0x4330000000000000},
      {"ceil -inf", f64_ceil, kNegInfd, kNegInfd},
      {"floor -0.5", f64_floor, kNegHalf, kNegOned},
      {"floor 0.5", f64_floor, kHalf, kPos0d},
      {"floor -0", f64_floor, kNeg0d, kNeg0d},
      {"floor -min subnormal", f64_floor, 0x8000000000000001, kNegOned},
      {"floor max", f64_floor, 0x7fefffffffffffff, 0x7fefffffffffffff},
      {"trunc -0.5", f64_trunc, kNegHalf, kNeg0d},
      {"trunc -1.5", f64_trunc, 0xbff8000000000000, kNegOned},
      {"trunc -(2^52-0.5)", f64_trunc, 0xc32fffffffffffff, 0xc32ffffffffffffe},
      {"trunc nan", f64_trunc, kQnand, kQnand},
  };
  for (const auto& c : cases) expect_bits(c.fn(f64(c.x)), c.want, c.what);
}

TEST(SemanticsFloat, Compare) {
  const float nan = f32(kQnan);
  const float neg0 = f32(kNeg0);
  EXPECT_EQ(f32_eq(0.0f, neg0), 1u);
  EXPECT_EQ(f32_ne(0.0f, neg0), 0u);
  EXPECT_EQ(f32_lt(neg0, 0.0f), 0u);
  EXPECT_EQ(f32_le(neg0, 0.0f), 1u);
  EXPECT_EQ(f32_ge(0.0f, neg0), 1u);
  EXPECT_EQ(f32_eq(nan, nan), 0u);
  EXPECT_EQ(f32_ne(nan, nan), 1u);
  EXPECT_EQ(f32_lt(nan, 1.0f), 0u);
  EXPECT_EQ(f32_gt(nan, 1.0f), 0u);
  EXPECT_EQ(f32_le(1.0f, nan), 0u);
  EXPECT_EQ(f32_ge(nan, nan), 0u);
  EXPECT_EQ(f32_gt(f32(kInf), f32(0x7f7fffff)), 1u);
  EXPECT_EQ(f32_lt(f32(kNegInf), -1.0f), 1u);
  const double nand = f64(kQnand);
  EXPECT_EQ(f64_eq(0.0, -0.0), 1u);
  EXPECT_EQ(f64_ne(nand, nand), 1u);
  EXPECT_EQ(f64_eq(nand, nand), 0u);
  EXPECT_EQ(f64_lt(nand, 1.0), 0u);
  EXPECT_EQ(f64_gt(1.0, nand), 0u);
  EXPECT_EQ(f64_le(nand, nand), 0u);
  EXPECT_EQ(f64_ge(f64(kInfd), f64(kInfd)), 1u);
  EXPECT_EQ(f64_lt(f64(1), f64(2)), 1u);  // subnormals compare as numbers
}

// ---------------------------------------------------------------------------------------
// Conversions

template <class T>
Checked<T> ok(T v) { return {v, Check::Ok}; }
template <class T>
Checked<T> fail(Check c) { return {0, c}; }

TEST(SemanticsConvert, TruncF32ToI32) {
  const Check kOv = Check::Overflow;
  const Check kInv = Check::InvalidConversion;
  EXPECT_EQ(i32_trunc_f32_s(f32(0xcf000000)), ok<uint32_t>(0x80000000));  // -2^31
  EXPECT_EQ(i32_trunc_f32_s(f32(0x4f000000)), fail<uint32_t>(kOv));       // 2^31
  EXPECT_EQ(i32_trunc_f32_s(f32(0x4effffff)), ok<uint32_t>(0x7fffff80));
  EXPECT_EQ(i32_trunc_f32_s(f32(0xcf000001)), fail<uint32_t>(kOv));
  EXPECT_EQ(i32_trunc_f32_s(-0.9f), ok<uint32_t>(0));
  EXPECT_EQ(i32_trunc_f32_s(-1.9f), ok<uint32_t>(0xffffffff));
  EXPECT_EQ(i32_trunc_f32_s(f32(kNeg0)), ok<uint32_t>(0));
  EXPECT_EQ(i32_trunc_f32_s(f32(0x00000001)), ok<uint32_t>(0));
  EXPECT_EQ(i32_trunc_f32_s(f32(kInf)), fail<uint32_t>(kOv));
  EXPECT_EQ(i32_trunc_f32_s(f32(kNegInf)), fail<uint32_t>(kOv));
  EXPECT_EQ(i32_trunc_f32_s(f32(kQnan)), fail<uint32_t>(kInv));
  EXPECT_EQ(i32_trunc_f32_s(f32(0xffa00000)), fail<uint32_t>(kInv));
  EXPECT_EQ(i32_trunc_f32_u(-0.9f), ok<uint32_t>(0));
  EXPECT_EQ(i32_trunc_f32_u(f32(kNegOne)), fail<uint32_t>(kOv));
  EXPECT_EQ(i32_trunc_f32_u(f32(0x4f7fffff)), ok<uint32_t>(0xffffff00));
  EXPECT_EQ(i32_trunc_f32_u(f32(0x4f800000)), fail<uint32_t>(kOv));  // 2^32
  EXPECT_EQ(i32_trunc_f32_u(f32(0x4f000000)), ok<uint32_t>(0x80000000));
  EXPECT_EQ(i32_trunc_f32_u(f32(kQnan)), fail<uint32_t>(kInv));
}

TEST(SemanticsConvert, TruncF64ToI32) {
  const Check kOv = Check::Overflow;
  EXPECT_EQ(i32_trunc_f64_s(-2147483648.9), ok<uint32_t>(0x80000000));
  EXPECT_EQ(i32_trunc_f64_s(2147483647.9), ok<uint32_t>(0x7fffffff));
  EXPECT_EQ(i32_trunc_f64_s(-2147483649.0), fail<uint32_t>(kOv));
  EXPECT_EQ(i32_trunc_f64_s(2147483648.0), fail<uint32_t>(kOv));
  EXPECT_EQ(i32_trunc_f64_s(-0.9), ok<uint32_t>(0));
  EXPECT_EQ(i32_trunc_f64_s(f64(kNegInfd)), fail<uint32_t>(kOv));
  EXPECT_EQ(i32_trunc_f64_s(f64(kQnand)), fail<uint32_t>(Check::InvalidConversion));
  EXPECT_EQ(i32_trunc_f64_u(-0.9), ok<uint32_t>(0));
  EXPECT_EQ(i32_trunc_f64_u(-1.0), fail<uint32_t>(kOv));
  EXPECT_EQ(i32_trunc_f64_u(4294967295.9), ok<uint32_t>(0xffffffff));
  EXPECT_EQ(i32_trunc_f64_u(4294967296.0), fail<uint32_t>(kOv));
  EXPECT_EQ(i32_trunc_f64_u(1e16), fail<uint32_t>(kOv));
  EXPECT_EQ(i32_trunc_f64_u(f64(kNanPayloadd)), fail<uint32_t>(Check::InvalidConversion));
}

TEST(SemanticsConvert, TruncToI64) {
  const Check kOv = Check::Overflow;
  const uint64_t kMin = uint64_t{1} << 63;
  EXPECT_EQ(i64_trunc_f32_s(f32(0xdf000000)), ok<uint64_t>(kMin));  // -2^63
  EXPECT_EQ(i64_trunc_f32_s(f32(0x5f000000)), fail<uint64_t>(kOv));  // 2^63
  EXPECT_EQ(i64_trunc_f32_s(f32(0x5effffff)), ok<uint64_t>(0x7fffff8000000000));
  EXPECT_EQ(i64_trunc_f32_s(f32(0xdf000001)), fail<uint64_t>(kOv));
  EXPECT_EQ(i64_trunc_f32_s(-1.5f), ok<uint64_t>(~uint64_t{0}));
  EXPECT_EQ(i64_trunc_f32_u(f32(0x5f7fffff)), ok<uint64_t>(0xffffff0000000000));
  EXPECT_EQ(i64_trunc_f32_u(f32(0x5f800000)), fail<uint64_t>(kOv));  // 2^64
  EXPECT_EQ(i64_trunc_f32_u(-0.9f), ok<uint64_t>(0));
  EXPECT_EQ(i64_trunc_f32_u(-1.0f), fail<uint64_t>(kOv));
  EXPECT_EQ(i64_trunc_f32_u(f32(kQnan)), fail<uint64_t>(Check::InvalidConversion));
  EXPECT_EQ(i64_trunc_f64_s(f64(0xc3e0000000000000)), ok<uint64_t>(kMin));
  EXPECT_EQ(i64_trunc_f64_s(f64(0x43e0000000000000)), fail<uint64_t>(kOv));
  EXPECT_EQ(i64_trunc_f64_s(f64(0x43dfffffffffffff)), ok<uint64_t>(0x7ffffffffffffc00));
  EXPECT_EQ(i64_trunc_f64_s(f64(0xc3e0000000000001)), fail<uint64_t>(kOv));
  EXPECT_EQ(i64_trunc_f64_s(f64(kNegInfd)), fail<uint64_t>(kOv));
  EXPECT_EQ(i64_trunc_f64_s(-0.9), ok<uint64_t>(0));
  EXPECT_EQ(i64_trunc_f64_u(f64(0x43efffffffffffff)), ok<uint64_t>(0xfffffffffffff800));
  EXPECT_EQ(i64_trunc_f64_u(f64(0x43f0000000000000)), fail<uint64_t>(kOv));
  EXPECT_EQ(i64_trunc_f64_u(f64(0x43e0000000000000)), ok<uint64_t>(kMin));
  EXPECT_EQ(i64_trunc_f64_u(-0.9), ok<uint64_t>(0));
  EXPECT_EQ(i64_trunc_f64_u(-1.0), fail<uint64_t>(kOv));
  EXPECT_EQ(i64_trunc_f64_u(f64(kQnand)), fail<uint64_t>(Check::InvalidConversion));
}

TEST(SemanticsConvert, TruncSat) {
  const uint64_t kMin64 = uint64_t{1} << 63;
  EXPECT_EQ(i32_trunc_sat_f32_s(f32(kQnan)), 0u);
  EXPECT_EQ(i32_trunc_sat_f32_s(f32(0xffa00000)), 0u);
  EXPECT_EQ(i32_trunc_sat_f32_s(f32(kInf)), 0x7fffffffu);
  EXPECT_EQ(i32_trunc_sat_f32_s(f32(kNegInf)), 0x80000000u);
  EXPECT_EQ(i32_trunc_sat_f32_s(f32(0x4f000000)), 0x7fffffffu);
  EXPECT_EQ(i32_trunc_sat_f32_s(f32(0xcf000000)), 0x80000000u);
  EXPECT_EQ(i32_trunc_sat_f32_s(f32(0xcf000001)), 0x80000000u);
  EXPECT_EQ(i32_trunc_sat_f32_s(-1.9f), 0xffffffffu);
  EXPECT_EQ(i32_trunc_sat_f32_u(f32(kNegOne)), 0u);
  EXPECT_EQ(i32_trunc_sat_f32_u(-0.9f), 0u);
  EXPECT_EQ(i32_trunc_sat_f32_u(f32(0x4f800000)), 0xffffffffu);
  EXPECT_EQ(i32_trunc_sat_f32_u(f32(0x4f7fffff)), 0xffffff00u);
  EXPECT_EQ(i32_trunc_sat_f32_u(f32(kNegInf)), 0u);
  EXPECT_EQ(i32_trunc_sat_f64_s(-2147483648.9), 0x80000000u);
  EXPECT_EQ(i32_trunc_sat_f64_s(-2147483649.0), 0x80000000u);
  EXPECT_EQ(i32_trunc_sat_f64_s(2147483647.9), 0x7fffffffu);
  EXPECT_EQ(i32_trunc_sat_f64_s(1e300), 0x7fffffffu);
  EXPECT_EQ(i32_trunc_sat_f64_s(f64(kQnand)), 0u);
  EXPECT_EQ(i32_trunc_sat_f64_u(4294967295.9), 0xffffffffu);
  EXPECT_EQ(i32_trunc_sat_f64_u(4294967296.0), 0xffffffffu);
  EXPECT_EQ(i32_trunc_sat_f64_u(-1e300), 0u);
  EXPECT_EQ(i64_trunc_sat_f32_s(f32(0x5f000000)), kMin64 - 1);
  EXPECT_EQ(i64_trunc_sat_f32_s(f32(kNegInf)), kMin64);
  EXPECT_EQ(i64_trunc_sat_f32_s(f32(0xdf000000)), kMin64);
  EXPECT_EQ(i64_trunc_sat_f32_s(f32(kQnan)), 0u);
  EXPECT_EQ(i64_trunc_sat_f32_u(f32(kInf)), ~uint64_t{0});
  EXPECT_EQ(i64_trunc_sat_f32_u(f32(0x5f7fffff)), 0xffffff0000000000u);
  EXPECT_EQ(i64_trunc_sat_f32_u(-0.9f), 0u);
  EXPECT_EQ(i64_trunc_sat_f64_s(f64(0x43e0000000000000)), kMin64 - 1);
  EXPECT_EQ(i64_trunc_sat_f64_s(f64(0x43dfffffffffffff)), 0x7ffffffffffffc00u);
  EXPECT_EQ(i64_trunc_sat_f64_s(f64(0xc3e0000000000001)), kMin64);
  EXPECT_EQ(i64_trunc_sat_f64_s(f64(kNanPayloadd)), 0u);
  EXPECT_EQ(i64_trunc_sat_f64_u(f64(0x43f0000000000000)), ~uint64_t{0});
  EXPECT_EQ(i64_trunc_sat_f64_u(f64(0x43efffffffffffff)), 0xfffffffffffff800u);
  EXPECT_EQ(i64_trunc_sat_f64_u(-1.0), 0u);
  EXPECT_EQ(i64_trunc_sat_f64_u(f64(kQnand)), 0u);
}

TEST(SemanticsConvert, IntToFloatRoundsOnceToNearestEven) {
  expect_bits(f32_convert_i32_s(0x80000000), 0xcf000000, "f32.convert_i32_s min");
  expect_bits(f32_convert_i32_s(0x7fffffff), 0x4f000000, "f32.convert_i32_s max");
  expect_bits(f32_convert_i32_s(16777217), 0x4b800000, "f32.convert_i32_s tie to even");
  expect_bits(f32_convert_i32_s(16777219), 0x4b800002, "f32.convert_i32_s tie up to even");
  expect_bits(f32_convert_i32_s(0xffffffff), 0xbf800000, "f32.convert_i32_s -1");
  expect_bits(f32_convert_i32_u(0xffffffff), 0x4f800000, "f32.convert_i32_u max");
  expect_bits(f32_convert_i32_u(0x80000080), 0x4f000000, "f32.convert_i32_u tie");
  expect_bits(f32_convert_i32_u(0x80000081), 0x4f000001, "f32.convert_i32_u above tie");
  expect_bits(f32_convert_i64_s(0x7fffffffffffffff), 0x5f000000, "f32.convert_i64_s max");
  expect_bits(f32_convert_i64_s(0x8000000000000000), 0xdf000000, "f32.convert_i64_s min");
  // 2^53 + 2^29 + 1: going through double would round twice and give 2^53.
  expect_bits(f32_convert_i64_s(9007199791611905), 0x5a000001,
              "f32.convert_i64_s no double rounding");
  expect_bits(f32_convert_i64_s(static_cast<uint64_t>(-9007199791611905)), 0xda000001,
              "f32.convert_i64_s negative no double rounding");
  expect_bits(f32_convert_i64_u(0xffffffffffffffff), 0x5f800000, "f32.convert_i64_u max");
  expect_bits(f32_convert_i64_u(0x8000008000000001), 0x5f000001,
              "f32.convert_i64_u no double rounding");
  expect_bits(f32_convert_i64_u(0x8000008000000000), 0x5f000000, "f32.convert_i64_u tie");
  expect_bits(f32_convert_i64_u(0x0020000020000001), 0x5a000001, "f32.convert_i64_u small");
  expect_bits(f64_convert_i32_s(0x80000000), 0xc1e0000000000000, "f64.convert_i32_s min");
  expect_bits(f64_convert_i32_u(0xffffffff), 0x41efffffffe00000, "f64.convert_i32_u max");
  expect_bits(f64_convert_i64_s(0x8000000000000000), 0xc3e0000000000000, "f64.convert_i64_s min");
  expect_bits(f64_convert_i64_s(9007199254740993), 0x4340000000000000, "f64.convert_i64_s tie");
  expect_bits(f64_convert_i64_s(9007199254740995), 0x4340000000000002, "f64.convert_i64_s tie up");
  expect_bits(f64_convert_i64_u(0xffffffffffffffff), 0x43f0000000000000, "f64.convert_i64_u max");
  expect_bits(f64_convert_i64_u(0x8000000000000401), 0x43e0000000000001,
              "f64.convert_i64_u above tie");
  expect_bits(f64_convert_i64_u(0x8000000000000400), 0x43e0000000000000, "f64.convert_i64_u tie");
  expect_bits(f64_convert_i64_u(0x8000000000000c00), 0x43e0000000000002,
              "f64.convert_i64_u tie up");
}

TEST(SemanticsConvert, DemotePromote) {
  expect_bits(f32_demote_f64(f64(0x47efffffe0000000)), 0x7f7fffff, "demote FLT_MAX");
  expect_bits(f32_demote_f64(f64(0x47efffffefffffff)), 0x7f7fffff, "demote below overflow");
  expect_bits(f32_demote_f64(f64(0x47effffff0000000)), kInf, "demote overflow tie");
  expect_bits(f32_demote_f64(f64(0xc7effffff0000000)), kNegInf, "demote -overflow tie");
  expect_bits(f32_demote_f64(f64(0xc7efffffefffffff)), 0xff7fffff, "demote below -overflow");
  expect_bits(f32_demote_f64(1e300), kInf, "demote 1e300");
  expect_bits(f32_demote_f64(f64(0x7fefffffffffffff)), kInf, "demote DBL_MAX");
  expect_bits(f32_demote_f64(f64(kInfd)), kInf, "demote inf");
  expect_bits(f32_demote_f64(f64(kNegInfd)), kNegInf, "demote -inf");
  expect_bits(f32_demote_f64(f64(0x36a0000000000000)), 0x00000001, "demote 2^-149");
  expect_bits(f32_demote_f64(f64(0x3690000000000000)), kPos0, "demote 2^-150 tie to 0");
  expect_bits(f32_demote_f64(f64(0x3690000000000001)), 0x00000001, "demote above 2^-150");
  expect_bits(f32_demote_f64(f64(0xb690000000000000)), kNeg0, "demote -2^-150");
  expect_bits(f32_demote_f64(f64(0x3ff0000010000000)), kOne, "demote 1+2^-24 tie");
  expect_bits(f32_demote_f64(f64(0x3ff0000030000000)), 0x3f800002, "demote 1+3*2^-24 tie up");
  expect_bits(f32_demote_f64(f64(kNeg0d)), kNeg0, "demote -0");
  expect_bits(f32_demote_f64(f64(kQnand)), kAnyNan32, "demote nan");
  expect_bits(f32_demote_f64(f64(kNanPayloadd)), kAnyNan32, "demote snan");
  expect_bits(f64_promote_f32(f32(0x7f7fffff)), 0x47efffffe0000000, "promote FLT_MAX");
  expect_bits(f64_promote_f32(f32(0x00000001)), 0x36a0000000000000, "promote subnormal");
  expect_bits(f64_promote_f32(f32(kNeg0)), kNeg0d, "promote -0");
  expect_bits(f64_promote_f32(f32(kNegInf)), kNegInfd, "promote -inf");
  expect_bits(f64_promote_f32(f32(kQnan)), kAnyNan64, "promote nan");
}

TEST(SemanticsConvert, IntegerAndBits) {
  EXPECT_EQ(i32_wrap_i64(0x123456789abcdef0), 0x9abcdef0u);
  EXPECT_EQ(i32_wrap_i64(0xffffffff00000000), 0u);
  EXPECT_EQ(i64_extend_i32_s(0x80000000), 0xffffffff80000000u);
  EXPECT_EQ(i64_extend_i32_s(0x7fffffff), 0x7fffffffu);
  EXPECT_EQ(i64_extend_i32_u(0x80000000), 0x80000000u);
  EXPECT_EQ(i64_extend_i32_u(0xffffffff), 0xffffffffu);
  // Reinterpretation keeps every bit, signalling NaNs included.
  EXPECT_EQ(i32_reinterpret_f32(f32_reinterpret_i32(0x7fa00001)), 0x7fa00001u);
  EXPECT_EQ(i32_reinterpret_f32(f32_reinterpret_i32(0xff800001)), 0xff800001u);
  EXPECT_EQ(i64_reinterpret_f64(f64_reinterpret_i64(0x7ff0000000000001)), 0x7ff0000000000001u);
  EXPECT_EQ(i32_reinterpret_f32(-0.0f), 0x80000000u);
  EXPECT_EQ(i64_reinterpret_f64(1.0), kOned);
  expect_bits(f32_reinterpret_i32(0xffa00001), 0xffa00001, "f32.reinterpret_i32");
  expect_bits(f64_reinterpret_i64(kNanPayloadd), kNanPayloadd, "f64.reinterpret_i64");
}

// ---------------------------------------------------------------------------------------
// Canonicalization

TEST(SemanticsCanonicalize, NanBecomesCanonicalOthersUnchanged) {
  const uint32_t nans32[] = {kQnan, kSnan, kNanPayload, 0xffc00000, 0x7f800001, 0xffffffff};
  for (uint32_t b : nans32) expect_bits(canonicalize(f32(b)), 0x7fc00000, "canonical f32");
  const uint32_t others32[] = {kPos0, kNeg0, kOne, kInf, kNegInf, 0x00000001, 0x7f7fffff};
  for (uint32_t b : others32) expect_bits(canonicalize(f32(b)), b, "unchanged f32");
  const uint64_t nans64[] = {kQnand, kSnand, kNanPayloadd, 0xfff8000000000000,
                             0x7ff0000000000001};
  for (uint64_t b : nans64) {
    expect_bits(canonicalize(f64(b)), 0x7ff8000000000000, "canonical f64");
  }
  const uint64_t others64[] = {kPos0d, kNeg0d, kOned, kInfd, kNegInfd, 1};
  for (uint64_t b : others64) expect_bits(canonicalize(f64(b)), b, "unchanged f64");
  // The usual composition in a handler: canonicalize the result of a canonicalizing op.
  static_assert(kCanonicalizes<Op::F32Add> && !kCanonicalizes<Op::F32Neg>);
  expect_bits(canonicalize(eval<Op::F32Add>(f32(kNanPayload), 1.0f)), 0x7fc00000, "add+canon");
  expect_bits(eval<Op::F32Neg>(f32(kNanPayload)), 0x7fa00001, "neg keeps payload");
}

TEST(SemanticsEval, DispatchesToTheNamedFunctions) {
  EXPECT_EQ(eval<Op::I64Rotr>(uint64_t{1}, uint64_t{1}), uint64_t{1} << 63);
  EXPECT_EQ(eval<Op::I32RemS>(0x80000000u, 0xffffffffu), ok<uint32_t>(0));
  EXPECT_EQ(eval<Op::I64TruncF64U>(-1.0), fail<uint64_t>(Check::Overflow));
  EXPECT_EQ(eval<Op::I32TruncSatF32U>(f32(kInf)), 0xffffffffu);
  EXPECT_EQ(eval<Op::F64Lt>(1.0, 2.0), 1u);
  EXPECT_EQ(eval<Op::I64Eqz>(uint64_t{0}), 1u);
  expect_bits(eval<Op::F64Max>(-0.0, 0.0), kPos0d, "f64.max");
  expect_bits(eval<Op::F32Sqrt>(4.0f), 0x40000000, "f32.sqrt");
  expect_bits(eval<Op::F64ConvertI64U>(~uint64_t{0}), 0x43f0000000000000, "f64.convert_i64_u");
}

}  // namespace
}  // namespace shortcrust::interp::sem
