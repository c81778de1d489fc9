// Exact WebAssembly numeric semantics (spec 4.3.2 and 4.3.3) for every Compare, Unary,
// Binary and Convert row of decoder/opcodes.def: small named functions plus eval<Op>,
// shared by the interpreter's handlers, the JIT's constant folding and the tests. Values use
// the interpreter's slot representation (i32 uint32_t, i64 uint64_t, f32 float, f64 double);
// signed behaviour is done by casts, so nothing here has undefined behaviour for any input.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include "decoder/opcodes.h"
#include "shortcrust/trap.h"

namespace shortcrust::interp::sem {

// Outcome of an operation that can trap. The caller maps it to its TrapKind:
// DivideByZero "integer divide by zero", Overflow "integer overflow",
// InvalidConversion "invalid conversion to integer" (NaN operand of a trunc).
enum class Check : uint8_t { Ok, DivideByZero, Overflow, InvalidConversion };

// Result of a trapping op: `value` is meaningful only when `check == Check::Ok` (it is 0
// otherwise).
template <class T>
struct Checked {
  T value;
  Check check;
  constexpr bool ok() const noexcept { return check == Check::Ok; }
  friend constexpr bool operator==(const Checked&, const Checked&) = default;
};

// ---------------------------------------------------------------------------------------
// Types: the C++ type of each Sig letter, and of each op's operands and result.

template <decoder::SigType t> struct ValueOf;
template <> struct ValueOf<decoder::SigType::I32> { using type = uint32_t; };
template <> struct ValueOf<decoder::SigType::I64> { using type = uint64_t; };
template <> struct ValueOf<decoder::SigType::F32> { using type = float; };
template <> struct ValueOf<decoder::SigType::F64> { using type = double; };
template <decoder::SigType t> using Value = typename ValueOf<t>::type;

// Operand `i` and the result of `op`, from its Sig column (before any Checked<> wrapping).
template <decoder::Op op, size_t i> using ParamOf = Value<decoder::info(op).sig.params[i]>;
template <decoder::Op op> using ResultOf = Value<decoder::info(op).sig.result>;

// True for the rows eval<> covers: families Compare, Unary, Binary and Convert.
constexpr bool has_semantics(decoder::Op op) noexcept {
  switch (decoder::info(op).family) {
    case decoder::Family::Compare:
    case decoder::Family::Unary:
    case decoder::Family::Binary:
    case decoder::Family::Convert:
      return true;
    default:
      return false;
  }
}

// Ops that can trap; eval<> returns Checked<ResultOf<op>> for exactly these.
constexpr bool traps(decoder::Op op) noexcept {
  using decoder::Op;
  switch (op) {
    case Op::I32DivS: case Op::I32DivU: case Op::I32RemS: case Op::I32RemU:
    case Op::I64DivS: case Op::I64DivU: case Op::I64RemS: case Op::I64RemU:
    case Op::I32TruncF32S: case Op::I32TruncF32U: case Op::I32TruncF64S: case Op::I32TruncF64U:
    case Op::I64TruncF32S: case Op::I64TruncF32U: case Op::I64TruncF64S: case Op::I64TruncF64U:
      return true;
    default:
      return false;
  }
}

// Ops whose NaN results the engine replaces by the canonical NaN when configured
// (ARCHITECTURE §4). Bit operations (abs, neg, copysign, reinterpret) are not among them.
constexpr bool canonicalizes(decoder::Op op) noexcept {
  using decoder::Op;
  switch (op) {
    case Op::F32Add: case Op::F32Sub: case Op::F32Mul: case Op::F32Div: case Op::F32Sqrt:
    case Op::F32Min: case Op::F32Max: case Op::F32Ceil: case Op::F32Floor:
    case Op::F32Trunc: case Op::F32Nearest:
    case Op::F64Add: case Op::F64Sub: case Op::F64Mul: case Op::F64Div: case Op::F64Sqrt:
    case Op::F64Min: case Op::F64Max: case Op::F64Ceil: case Op::F64Floor:
    case Op::F64Trunc: case Op::F64Nearest:
    case Op::F64PromoteF32: case Op::F32DemoteF64:
      return true;
    default:
      return false;
  }
}

template <decoder::Op op> inline constexpr bool kHasSemantics = has_semantics(op);
template <decoder::Op op> inline constexpr bool kTraps = traps(op);
template <decoder::Op op> inline constexpr bool kCanonicalizes = canonicalizes(op);

// ---------------------------------------------------------------------------------------
// Width-generic building blocks. U is uint32_t or uint64_t, F is float or double.

namespace detail {

template <class U> using Signed = std::make_signed_t<U>;
template <class U> inline constexpr U kShiftMask = std::numeric_limits<U>::digits - 1;
template <class U> inline constexpr U kIntMin = U(1) << kShiftMask<U>;  // INT_MIN's bits

template <class F> using Bits = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;
template <class F> inline constexpr Bits<F> kSignBit = Bits<F>(1) << (sizeof(F) * 8 - 1);
template <class F>
inline constexpr Bits<F> kQuietBit = Bits<F>(1) << (std::numeric_limits<F>::digits - 2);
// The smallest magnitude from which every float is an integer (2^23, 2^52).
template <class F>
inline constexpr F kNoFraction = F(Bits<F>(1) << (std::numeric_limits<F>::digits - 1));

template <class U> constexpr U shl(U x, U n) noexcept { return x << (n & kShiftMask<U>); }
template <class U> constexpr U shr_u(U x, U n) noexcept { return x >> (n & kShiftMask<U>); }
// Right shift of a negative signed value is arithmetic since C++20.
template <class U> constexpr U shr_s(U x, U n) noexcept {
  return U(Signed<U>(x) >> (n & kShiftMask<U>));
}
template <class U> constexpr U rotl(U x, U n) noexcept {
  return std::rotl(x, int(n & kShiftMask<U>));
}
template <class U> constexpr U rotr(U x, U n) noexcept {
  return std::rotr(x, int(n & kShiftMask<U>));
}

template <class U> constexpr Checked<U> div_s(U x, U y) noexcept {
  if (y == 0) [[unlikely]] return {0, Check::DivideByZero};
  if (x == kIntMin<U> && y == U(-1)) [[unlikely]] return {0, Check::Overflow};
  return {U(Signed<U>(x) / Signed<U>(y)), Check::Ok};
}
template <class U> constexpr Checked<U> div_u(U x, U y) noexcept {
  if (y == 0) [[unlikely]] return {0, Check::DivideByZero};
  return {U(x / y), Check::Ok};
}
// INT_MIN % -1 is 0 in Wasm but overflows in C++, so -1 is answered without dividing.
template <class U> constexpr Checked<U> rem_s(U x, U y) noexcept {
  if (y == 0) [[unlikely]] return {0, Check::DivideByZero};
  if (y == U(-1)) return {0, Check::Ok};
  return {U(Signed<U>(x) % Signed<U>(y)), Check::Ok};
}
template <class U> constexpr Checked<U> rem_u(U x, U y) noexcept {
  if (y == 0) [[unlikely]] return {0, Check::DivideByZero};
  return {U(x % y), Check::Ok};
}

// Sign-extends the low `N` bits (N-bit signed type S) of x to the width of U.
template <class S, class U> constexpr U extend_s(U x) noexcept {
  return U(Signed<U>(S(x)));
}

template <class F> constexpr Bits<F> bits(F x) noexcept { return std::bit_cast<Bits<F>>(x); }
template <class F> constexpr F from_bits(Bits<F> b) noexcept { return std::bit_cast<F>(b); }
template <class F> constexpr bool is_nan(F x) noexcept { return x != x; }
template <class F> constexpr bool sign_bit(F x) noexcept { return (bits(x) & kSignBit<F>) != 0; }

// abs, neg and copysign touch the sign bit only, so NaN payloads survive exactly.
template <class F> constexpr F abs(F x) noexcept { return from_bits<F>(bits(x) & ~kSignBit<F>); }
template <class F> constexpr F neg(F x) noexcept { return from_bits<F>(bits(x) ^ kSignBit<F>); }
template <class F> constexpr F copysign(F x, F y) noexcept {
  return from_bits<F>((bits(x) & ~kSignBit<F>) | (bits(y) & kSignBit<F>));
}
// Sets the quiet bit explicitly instead of relying on hardware NaN propagation, so the
// NaN results of min/max/rounding are the same bits on x86-64 and AArch64.
template <class F> constexpr F quiet(F x) noexcept { return from_bits<F>(bits(x) | kQuietBit<F>); }

// min/max: a NaN operand wins (the first NaN, quieted); -0 orders below +0.
template <class F> constexpr F min(F x, F y) noexcept {
  if (is_nan(x)) return quiet(x);
  if (is_nan(y)) return quiet(y);
  if (x == y) return sign_bit(x) ? x : y;  // only differs for -0 vs +0
  return x < y ? x : y;
}
template <class F> constexpr F max(F x, F y) noexcept {
  if (is_nan(x)) return quiet(x);
  if (is_nan(y)) return quiet(y);
  if (x == y) return sign_bit(x) ? y : x;
  return x > y ? x : y;
}

// Rounding to an integral value without libm: below kNoFraction the value fits the
// same-width signed integer, whose conversion truncates exactly; at or above it (or for an
// infinity) the value is already integral. Every step is exact, so the result does not
// depend on the rounding mode, and the functions stay constexpr. Zero results keep the
// operand's sign (trunc(-0.5) = -0) through copysign.
template <class F> using SignedOf = Signed<Bits<F>>;

template <class F> constexpr F trunc(F x) noexcept {
  if (is_nan(x)) return quiet(x);
  if (!(abs(x) < kNoFraction<F>)) return x;
  return copysign(F(SignedOf<F>(x)), x);
}
template <class F> constexpr F floor(F x) noexcept {
  if (is_nan(x)) return quiet(x);
  if (!(abs(x) < kNoFraction<F>)) return x;
  const F t = copysign(F(SignedOf<F>(x)), x);
  return t > x ? t - F(1) : t;
}
template <class F> constexpr F ceil(F x) noexcept {
  if (is_nan(x)) return quiet(x);
  if (!(abs(x) < kNoFraction<F>)) return x;
  const F t = copysign(F(SignedOf<F>(x)), x);
  return t < x ? t + F(1) : t;
}
// Round half to even. `x - t` is exact: it is x with its integral bits cleared.
template <class F> constexpr F nearest(F x) noexcept {
  if (is_nan(x)) return quiet(x);
  if (!(abs(x) < kNoFraction<F>)) return x;
  const SignedOf<F> i = SignedOf<F>(x);
  const bool odd = (i & 1) != 0;
  F t = F(i);
  const F fraction = x - t;
  if (fraction > F(0.5) || (fraction == F(0.5) && odd)) t += F(1);
  if (fraction < F(-0.5) || (fraction == F(-0.5) && odd)) t -= F(1);
  return copysign(t, x);
}

// Float -> integer truncation. I is the Wasm result's signedness (int32_t, uint32_t,
// int64_t, uint64_t); the returned bits are in the unsigned slot type. In range means
// trunc(x) is representable: x > lower - 1 and x < upper (exclusive bounds).
template <class I, class F> constexpr bool trunc_in_range(F x) noexcept {
  constexpr int kBitsOfI = std::numeric_limits<I>::digits;  // 31/32, 63/64
  constexpr F kUpper = F(2) * F(std::make_unsigned_t<I>(1) << (kBitsOfI - 1));  // 2^digits
  if constexpr (std::is_unsigned_v<I>) {
    return x > F(-1) && x < kUpper;
  } else {
    constexpr F kLower = -kUpper;  // -2^(N-1), exact in F
    // lower - 1 is exact only when F's mantissa is wider than I; otherwise the float just
    // below `lower` is already at least 1 below it, so x >= lower is the same test.
    if constexpr (std::numeric_limits<F>::digits > kBitsOfI + 1) {
      return x > kLower - F(1) && x < kUpper;
    } else {
      return x >= kLower && x < kUpper;
    }
  }
}

template <class I> using SlotOf = std::make_unsigned_t<I>;

template <class I, class F> constexpr Checked<SlotOf<I>> trunc_checked(F x) noexcept {
  if (is_nan(x)) [[unlikely]] return {0, Check::InvalidConversion};
  if (!trunc_in_range<I>(x)) [[unlikely]] return {0, Check::Overflow};
  return {SlotOf<I>(I(x)), Check::Ok};
}
template <class I, class F> constexpr SlotOf<I> trunc_sat(F x) noexcept {
  if (is_nan(x)) return 0;
  if (!trunc_in_range<I>(x)) {
    return SlotOf<I>(x < F(0) ? std::numeric_limits<I>::min() : std::numeric_limits<I>::max());
  }
  return SlotOf<I>(I(x));
}

}  // namespace detail

// ---------------------------------------------------------------------------------------
// i32 (spec 4.3.2 integer operations)

constexpr uint32_t i32_eqz(uint32_t x) noexcept { return x == 0; }
constexpr uint32_t i32_eq(uint32_t x, uint32_t y) noexcept { return x == y; }
constexpr uint32_t i32_ne(uint32_t x, uint32_t y) noexcept { return x != y; }
constexpr uint32_t i32_lt_s(uint32_t x, uint32_t y) noexcept { return int32_t(x) < int32_t(y); }
constexpr uint32_t i32_lt_u(uint32_t x, uint32_t y) noexcept { return x < y; }
constexpr uint32_t i32_gt_s(uint32_t x, uint32_t y) noexcept { return int32_t(x) > int32_t(y); }
constexpr uint32_t i32_gt_u(uint32_t x, uint32_t y) noexcept { return x > y; }
constexpr uint32_t i32_le_s(uint32_t x, uint32_t y) noexcept { return int32_t(x) <= int32_t(y); }
constexpr uint32_t i32_le_u(uint32_t x, uint32_t y) noexcept { return x <= y; }
constexpr uint32_t i32_ge_s(uint32_t x, uint32_t y) noexcept { return int32_t(x) >= int32_t(y); }
constexpr uint32_t i32_ge_u(uint32_t x, uint32_t y) noexcept { return x >= y; }

constexpr uint32_t i32_clz(uint32_t x) noexcept { return uint32_t(std::countl_zero(x)); }
constexpr uint32_t i32_ctz(uint32_t x) noexcept { return uint32_t(std::countr_zero(x)); }
constexpr uint32_t i32_popcnt(uint32_t x) noexcept { return uint32_t(std::popcount(x)); }
constexpr uint32_t i32_extend8_s(uint32_t x) noexcept { return detail::extend_s<int8_t>(x); }
constexpr uint32_t i32_extend16_s(uint32_t x) noexcept { return detail::extend_s<int16_t>(x); }

constexpr uint32_t i32_add(uint32_t x, uint32_t y) noexcept { return x + y; }
constexpr uint32_t i32_sub(uint32_t x, uint32_t y) noexcept { return x - y; }
constexpr uint32_t i32_mul(uint32_t x, uint32_t y) noexcept { return x * y; }
constexpr Checked<uint32_t> i32_div_s(uint32_t x, uint32_t y) noexcept {
  return detail::div_s(x, y);
}
constexpr Checked<uint32_t> i32_div_u(uint32_t x, uint32_t y) noexcept {
  return detail::div_u(x, y);
}
constexpr Checked<uint32_t> i32_rem_s(uint32_t x, uint32_t y) noexcept {
  return detail::rem_s(x, y);
}
constexpr Checked<uint32_t> i32_rem_u(uint32_t x, uint32_t y) noexcept {
  return detail::rem_u(x, y);
}
constexpr uint32_t i32_and(uint32_t x, uint32_t y) noexcept { return x & y; }
constexpr uint32_t i32_or(uint32_t x, uint32_t y) noexcept { return x | y; }
constexpr uint32_t i32_xor(uint32_t x, uint32_t y) noexcept { return x ^ y; }
constexpr uint32_t i32_shl(uint32_t x, uint32_t y) noexcept { return detail::shl(x, y); }
constexpr uint32_t i32_shr_s(uint32_t x, uint32_t y) noexcept { return detail::shr_s(x, y); }
constexpr uint32_t i32_shr_u(uint32_t x, uint32_t y) noexcept { return detail::shr_u(x, y); }
constexpr uint32_t i32_rotl(uint32_t x, uint32_t y) noexcept { return detail::rotl(x, y); }
constexpr uint32_t i32_rotr(uint32_t x, uint32_t y) noexcept { return detail::rotr(x, y); }

// ---------------------------------------------------------------------------------------
// i64

constexpr uint32_t i64_eqz(uint64_t x) noexcept { return x == 0; }
constexpr uint32_t i64_eq(uint64_t x, uint64_t y) noexcept { return x == y; }
constexpr uint32_t i64_ne(uint64_t x, uint64_t y) noexcept { return x != y; }
constexpr uint32_t i64_lt_s(uint64_t x, uint64_t y) noexcept { return int64_t(x) < int64_t(y); }
constexpr uint32_t i64_lt_u(uint64_t x, uint64_t y) noexcept { return x < y; }
constexpr uint32_t i64_gt_s(uint64_t x, uint64_t y) noexcept { return int64_t(x) > int64_t(y); }
constexpr uint32_t i64_gt_u(uint64_t x, uint64_t y) noexcept { return x > y; }
constexpr uint32_t i64_le_s(uint64_t x, uint64_t y) noexcept { return int64_t(x) <= int64_t(y); }
constexpr uint32_t i64_le_u(uint64_t x, uint64_t y) noexcept { return x <= y; }
constexpr uint32_t i64_ge_s(uint64_t x, uint64_t y) noexcept { return int64_t(x) >= int64_t(y); }
constexpr uint32_t i64_ge_u(uint64_t x, uint64_t y) noexcept { return x >= y; }

constexpr uint64_t i64_clz(uint64_t x) noexcept { return uint64_t(std::countl_zero(x)); }
constexpr uint64_t i64_ctz(uint64_t x) noexcept { return uint64_t(std::countr_zero(x)); }
constexpr uint64_t i64_popcnt(uint64_t x) noexcept { return uint64_t(std::popcount(x)); }
constexpr uint64_t i64_extend8_s(uint64_t x) noexcept { return detail::extend_s<int8_t>(x); }
constexpr uint64_t i64_extend16_s(uint64_t x) noexcept { return detail::extend_s<int16_t>(x); }
constexpr uint64_t i64_extend32_s(uint64_t x) noexcept { return detail::extend_s<int32_t>(x); }

constexpr uint64_t i64_add(uint64_t x, uint64_t y) noexcept { return x + y; }
constexpr uint64_t i64_sub(uint64_t x, uint64_t y) noexcept { return x - y; }
constexpr uint64_t i64_mul(uint64_t x, uint64_t y) noexcept { return x * y; }
constexpr Checked<uint64_t> i64_div_s(uint64_t x, uint64_t y) noexcept {
  return detail::div_s(x, y);
}
constexpr Checked<uint64_t> i64_div_u(uint64_t x, uint64_t y) noexcept {
  return detail::div_u(x, y);
}
constexpr Checked<uint64_t> i64_rem_s(uint64_t x, uint64_t y) noexcept {
  return detail::rem_s(x, y);
}
constexpr Checked<uint64_t> i64_rem_u(uint64_t x, uint64_t y) noexcept {
  return detail::rem_u(x, y);
}
constexpr uint64_t i64_and(uint64_t x, uint64_t y) noexcept { return x & y; }
constexpr uint64_t i64_or(uint64_t x, uint64_t y) noexcept { return x | y; }
constexpr uint64_t i64_xor(uint64_t x, uint64_t y) noexcept { return x ^ y; }
constexpr uint64_t i64_shl(uint64_t x, uint64_t y) noexcept { return detail::shl(x, y); }
constexpr uint64_t i64_shr_s(uint64_t x, uint64_t y) noexcept { return detail::shr_s(x, y); }
constexpr uint64_t i64_shr_u(uint64_t x, uint64_t y) noexcept { return detail::shr_u(x, y); }
constexpr uint64_t i64_rotl(uint64_t x, uint64_t y) noexcept { return detail::rotl(x, y); }
constexpr uint64_t i64_rotr(uint64_t x, uint64_t y) noexcept { return detail::rotr(x, y); }

// ---------------------------------------------------------------------------------------
// f32 (spec 4.3.3). Arithmetic is native IEEE in the operand's own width; NaN results of
// add/sub/mul/div/sqrt carry whatever NaN the hardware produced (see canonicalize()).

constexpr uint32_t f32_eq(float x, float y) noexcept { return x == y; }
constexpr uint32_t f32_ne(float x, float y) noexcept { return x != y; }
constexpr uint32_t f32_lt(float x, float y) noexcept { return x < y; }
constexpr uint32_t f32_gt(float x, float y) noexcept { return x > y; }
constexpr uint32_t f32_le(float x, float y) noexcept { return x <= y; }
constexpr uint32_t f32_ge(float x, float y) noexcept { return x >= y; }

constexpr float f32_abs(float x) noexcept { return detail::abs(x); }
constexpr float f32_neg(float x) noexcept { return detail::neg(x); }
constexpr float f32_ceil(float x) noexcept { return detail::ceil(x); }
constexpr float f32_floor(float x) noexcept { return detail::floor(x); }
constexpr float f32_trunc(float x) noexcept { return detail::trunc(x); }
constexpr float f32_nearest(float x) noexcept { return detail::nearest(x); }
// Not constexpr: __builtin_sqrtf folds on GCC but not on clang 14. It compiles to one
// correctly rounded sqrtss / fsqrt.
inline float f32_sqrt(float x) noexcept { return __builtin_sqrtf(x); }

constexpr float f32_add(float x, float y) noexcept { return x + y; }
constexpr float f32_sub(float x, float y) noexcept { return x - y; }
constexpr float f32_mul(float x, float y) noexcept { return x * y; }
constexpr float f32_div(float x, float y) noexcept { return x / y; }
constexpr float f32_min(float x, float y) noexcept { return detail::min(x, y); }
constexpr float f32_max(float x, float y) noexcept { return detail::max(x, y); }
constexpr float f32_copysign(float x, float y) noexcept { return detail::copysign(x, y); }

// ---------------------------------------------------------------------------------------
// f64

constexpr uint32_t f64_eq(double x, double y) noexcept { return x == y; }
constexpr uint32_t f64_ne(double x, double y) noexcept { return x != y; }
constexpr uint32_t f64_lt(double x, double y) noexcept { return x < y; }
constexpr uint32_t f64_gt(double x, double y) noexcept { return x > y; }
constexpr uint32_t f64_le(double x, double y) noexcept { return x <= y; }
constexpr uint32_t f64_ge(double x, double y) noexcept { return x >= y; }

constexpr double f64_abs(double x) noexcept { return detail::abs(x); }
constexpr double f64_neg(double x) noexcept { return detail::neg(x); }
constexpr double f64_ceil(double x) noexcept { return detail::ceil(x); }
constexpr double f64_floor(double x) noexcept { return detail::floor(x); }
constexpr double f64_trunc(double x) noexcept { return detail::trunc(x); }
constexpr double f64_nearest(double x) noexcept { return detail::nearest(x); }
inline double f64_sqrt(double x) noexcept { return __builtin_sqrt(x); }  // see f32_sqrt

constexpr double f64_add(double x, double y) noexcept { return x + y; }
constexpr double f64_sub(double x, double y) noexcept { return x - y; }
constexpr double f64_mul(double x, double y) noexcept { return x * y; }
constexpr double f64_div(double x, double y) noexcept { return x / y; }
constexpr double f64_min(double x, double y) noexcept { return detail::min(x, y); }
constexpr double f64_max(double x, double y) noexcept { return detail::max(x, y); }
constexpr double f64_copysign(double x, double y) noexcept { return detail::copysign(x, y); }

// ---------------------------------------------------------------------------------------
// Conversions

constexpr uint32_t i32_wrap_i64(uint64_t x) noexcept { return uint32_t(x); }
constexpr uint64_t i64_extend_i32_s(uint32_t x) noexcept { return uint64_t(int64_t(int32_t(x))); }
constexpr uint64_t i64_extend_i32_u(uint32_t x) noexcept { return x; }

constexpr Checked<uint32_t> i32_trunc_f32_s(float x) noexcept {
  return detail::trunc_checked<int32_t>(x);
}
constexpr Checked<uint32_t> i32_trunc_f32_u(float x) noexcept {
  return detail::trunc_checked<uint32_t>(x);
}
constexpr Checked<uint32_t> i32_trunc_f64_s(double x) noexcept {
  return detail::trunc_checked<int32_t>(x);
}
constexpr Checked<uint32_t> i32_trunc_f64_u(double x) noexcept {
  return detail::trunc_checked<uint32_t>(x);
}
constexpr Checked<uint64_t> i64_trunc_f32_s(float x) noexcept {
  return detail::trunc_checked<int64_t>(x);
}
constexpr Checked<uint64_t> i64_trunc_f32_u(float x) noexcept {
  return detail::trunc_checked<uint64_t>(x);
}
constexpr Checked<uint64_t> i64_trunc_f64_s(double x) noexcept {
  return detail::trunc_checked<int64_t>(x);
}
constexpr Checked<uint64_t> i64_trunc_f64_u(double x) noexcept {
  return detail::trunc_checked<uint64_t>(x);
}

constexpr uint32_t i32_trunc_sat_f32_s(float x) noexcept { return detail::trunc_sat<int32_t>(x); }
constexpr uint32_t i32_trunc_sat_f32_u(float x) noexcept { return detail::trunc_sat<uint32_t>(x); }
constexpr uint32_t i32_trunc_sat_f64_s(double x) noexcept { return detail::trunc_sat<int32_t>(x); }
constexpr uint32_t i32_trunc_sat_f64_u(double x) noexcept { return detail::trunc_sat<uint32_t>(x); }
constexpr uint64_t i64_trunc_sat_f32_s(float x) noexcept { return detail::trunc_sat<int64_t>(x); }
constexpr uint64_t i64_trunc_sat_f32_u(float x) noexcept { return detail::trunc_sat<uint64_t>(x); }
constexpr uint64_t i64_trunc_sat_f64_s(double x) noexcept { return detail::trunc_sat<int64_t>(x); }
constexpr uint64_t i64_trunc_sat_f64_u(double x) noexcept { return detail::trunc_sat<uint64_t>(x); }

// Integer -> float: one correctly rounded (nearest-even) conversion from the full value;
// GCC and clang do this for every source width on x86-64 and AArch64, uint64_t included.
constexpr float f32_convert_i32_s(uint32_t x) noexcept { return float(int32_t(x)); }
constexpr float f32_convert_i32_u(uint32_t x) noexcept { return float(x); }
constexpr float f32_convert_i64_s(uint64_t x) noexcept { return float(int64_t(x)); }
constexpr float f32_convert_i64_u(uint64_t x) noexcept { return float(x); }
constexpr double f64_convert_i32_s(uint32_t x) noexcept { return double(int32_t(x)); }
constexpr double f64_convert_i32_u(uint32_t x) noexcept { return double(x); }
constexpr double f64_convert_i64_s(uint64_t x) noexcept { return double(int64_t(x)); }
constexpr double f64_convert_i64_u(uint64_t x) noexcept { return double(x); }

// Demotion of a finite double beyond float's range is undefined in C++ (IEEE says it
// rounds to infinity), so that case is answered here: from FLT_MAX + half an ulp upward
// the nearest-even result is infinity (FLT_MAX's significand is odd, so the tie goes up).
constexpr float f32_demote_f64(double x) noexcept {
  constexpr double kOverflow = std::bit_cast<double>(uint64_t{0x47effffff0000000});
  if (detail::abs(x) >= kOverflow) {
    return detail::sign_bit(x) ? -std::numeric_limits<float>::infinity()
                               : std::numeric_limits<float>::infinity();
  }
  return float(x);
}
constexpr double f64_promote_f32(float x) noexcept { return double(x); }

constexpr uint32_t i32_reinterpret_f32(float x) noexcept { return std::bit_cast<uint32_t>(x); }
constexpr uint64_t i64_reinterpret_f64(double x) noexcept { return std::bit_cast<uint64_t>(x); }
constexpr float f32_reinterpret_i32(uint32_t x) noexcept { return std::bit_cast<float>(x); }
constexpr double f64_reinterpret_i64(uint64_t x) noexcept { return std::bit_cast<double>(x); }

// ---------------------------------------------------------------------------------------
// NaN canonicalization (ARCHITECTURE §4): applied by the engine, when configured, to the
// results of the ops for which kCanonicalizes<op> holds.

constexpr float canonicalize(float x) noexcept {
  return detail::is_nan(x) ? std::bit_cast<float>(uint32_t{0x7fc00000}) : x;
}
constexpr double canonicalize(double x) noexcept {
  return detail::is_nan(x) ? std::bit_cast<double>(uint64_t{0x7ff8000000000000}) : x;
}

// ---------------------------------------------------------------------------------------
// eval<op>(operands...): the semantics of any numeric row. Operand types must be exactly
// ParamOf<op, i>; the result is ResultOf<op>, or Checked<ResultOf<op>> when kTraps<op>.

namespace detail {
template <decoder::Op op, class... A, size_t... i>
constexpr bool operands_match(std::index_sequence<i...>) {
  return (std::is_same_v<A, ParamOf<op, i>> && ...);
}
template <decoder::Op op, class... A>
constexpr bool operands_match() {
  if constexpr (sizeof...(A) != decoder::info(op).sig.param_count) {
    return false;
  } else {
    return operands_match<op, A...>(std::index_sequence_for<A...>{});
  }
}
template <decoder::Op> inline constexpr bool kNoSemantics = false;

// Compare rows.
template <decoder::Op op, class... A>
constexpr auto eval_compare(A... operands) noexcept {
  using decoder::Op;
  if constexpr (op == Op::I32Eqz) return i32_eqz(operands...);
  else if constexpr (op == Op::I32Eq) return i32_eq(operands...);
  else if constexpr (op == Op::I32Ne) return i32_ne(operands...);
  else if constexpr (op == Op::I32LtS) return i32_lt_s(operands...);
  else if constexpr (op == Op::I32LtU) return i32_lt_u(operands...);
  else if constexpr (op == Op::I32GtS) return i32_gt_s(operands...);
  else if constexpr (op == Op::I32GtU) return i32_gt_u(operands...);
  else if constexpr (op == Op::I32LeS) return i32_le_s(operands...);
  else if constexpr (op == Op::I32LeU) return i32_le_u(operands...);
  else if constexpr (op == Op::I32GeS) return i32_ge_s(operands...);
  else if constexpr (op == Op::I32GeU) return i32_ge_u(operands...);
  else if constexpr (op == Op::I64Eqz) return i64_eqz(operands...);
  else if constexpr (op == Op::I64Eq) return i64_eq(operands...);
  else if constexpr (op == Op::I64Ne) return i64_ne(operands...);
  else if constexpr (op == Op::I64LtS) return i64_lt_s(operands...);
  else if constexpr (op == Op::I64LtU) return i64_lt_u(operands...);
  else if constexpr (op == Op::I64GtS) return i64_gt_s(operands...);
  else if constexpr (op == Op::I64GtU) return i64_gt_u(operands...);
  else if constexpr (op == Op::I64LeS) return i64_le_s(operands...);
  else if constexpr (op == Op::I64LeU) return i64_le_u(operands...);
  else if constexpr (op == Op::I64GeS) return i64_ge_s(operands...);
  else if constexpr (op == Op::I64GeU) return i64_ge_u(operands...);
  else if constexpr (op == Op::F32Eq) return f32_eq(operands...);
  else if constexpr (op == Op::F32Ne) return f32_ne(operands...);
  else if constexpr (op == Op::F32Lt) return f32_lt(operands...);
  else if constexpr (op == Op::F32Gt) return f32_gt(operands...);
  else if constexpr (op == Op::F32Le) return f32_le(operands...);
  else if constexpr (op == Op::F32Ge) return f32_ge(operands...);
  else if constexpr (op == Op::F64Eq) return f64_eq(operands...);
  else if constexpr (op == Op::F64Ne) return f64_ne(operands...);
  else if constexpr (op == Op::F64Lt) return f64_lt(operands...);
  else if constexpr (op == Op::F64Gt) return f64_gt(operands...);
  else if constexpr (op == Op::F64Le) return f64_le(operands...);
  else if constexpr (op == Op::F64Ge) return f64_ge(operands...);
  else static_assert(kNoSemantics<op>, "numeric row without semantics: add it here");
}

// i32 and i64 Unary and Binary rows.
template <decoder::Op op, class... A>
constexpr auto eval_integer(A... operands) noexcept {
  using decoder::Op;
  if constexpr (op == Op::I32Clz) return i32_clz(operands...);
  else if constexpr (op == Op::I32Ctz) return i32_ctz(operands...);
  else if constexpr (op == Op::I32Popcnt) return i32_popcnt(operands...);
  else if constexpr (op == Op::I32Extend8S) return i32_extend8_s(operands...);
  else if constexpr (op == Op::I32Extend16S) return i32_extend16_s(operands...);
  else if constexpr (op == Op::I32Add) return i32_add(operands...);
  else if constexpr (op == Op::I32Sub) return i32_sub(operands...);
  else if constexpr (op == Op::I32Mul) return i32_mul(operands...);
  else if constexpr (op == Op::I32DivS) return i32_div_s(operands...);
  else if constexpr (op == Op::I32DivU) return i32_div_u(operands...);
  else if constexpr (op == Op::I32RemS) return i32_rem_s(operands...);
  else if constexpr (op == Op::I32RemU) return i32_rem_u(operands...);
  else if constexpr (op == Op::I32And) return i32_and(operands...);
  else if constexpr (op == Op::I32Or) return i32_or(operands...);
  else if constexpr (op == Op::I32Xor) return i32_xor(operands...);
  else if constexpr (op == Op::I32Shl) return i32_shl(operands...);
  else if constexpr (op == Op::I32ShrS) return i32_shr_s(operands...);
  else if constexpr (op == Op::I32ShrU) return i32_shr_u(operands...);
  else if constexpr (op == Op::I32Rotl) return i32_rotl(operands...);
  else if constexpr (op == Op::I32Rotr) return i32_rotr(operands...);
  else if constexpr (op == Op::I64Clz) return i64_clz(operands...);
  else if constexpr (op == Op::I64Ctz) return i64_ctz(operands...);
  else if constexpr (op == Op::I64Popcnt) return i64_popcnt(operands...);
  else if constexpr (op == Op::I64Extend8S) return i64_extend8_s(operands...);
  else if constexpr (op == Op::I64Extend16S) return i64_extend16_s(operands...);
  else if constexpr (op == Op::I64Extend32S) return i64_extend32_s(operands...);
  else if constexpr (op == Op::I64Add) return i64_add(operands...);
  else if constexpr (op == Op::I64Sub) return i64_sub(operands...);
  else if constexpr (op == Op::I64Mul) return i64_mul(operands...);
  else if constexpr (op == Op::I64DivS) return i64_div_s(operands...);
  else if constexpr (op == Op::I64DivU) return i64_div_u(operands...);
  else if constexpr (op == Op::I64RemS) return i64_rem_s(operands...);
  else if constexpr (op == Op::I64RemU) return i64_rem_u(operands...);
  else if constexpr (op == Op::I64And) return i64_and(operands...);
  else if constexpr (op == Op::I64Or) return i64_or(operands...);
  else if constexpr (op == Op::I64Xor) return i64_xor(operands...);
  else if constexpr (op == Op::I64Shl) return i64_shl(operands...);
  else if constexpr (op == Op::I64ShrS) return i64_shr_s(operands...);
  else if constexpr (op == Op::I64ShrU) return i64_shr_u(operands...);
  else if constexpr (op == Op::I64Rotl) return i64_rotl(operands...);
  else if constexpr (op == Op::I64Rotr) return i64_rotr(operands...);
  else static_assert(kNoSemantics<op>, "numeric row without semantics: add it here");
}

// f32 and f64 Unary and Binary rows.
template <decoder::Op op, class... A>
constexpr auto eval_float(A... operands) noexcept {
  using decoder::Op;
  if constexpr (op == Op::F32Abs) return f32_abs(operands...);
  else if constexpr (op == Op::F32Neg) return f32_neg(operands...);
  else if constexpr (op == Op::F32Ceil) return f32_ceil(operands...);
  else if constexpr (op == Op::F32Floor) return f32_floor(operands...);
  else if constexpr (op == Op::F32Trunc) return f32_trunc(operands...);
  else if constexpr (op == Op::F32Nearest) return f32_nearest(operands...);
  else if constexpr (op == Op::F32Sqrt) return f32_sqrt(operands...);
  else if constexpr (op == Op::F32Add) return f32_add(operands...);
  else if constexpr (op == Op::F32Sub) return f32_sub(operands...);
  else if constexpr (op == Op::F32Mul) return f32_mul(operands...);
  else if constexpr (op == Op::F32Div) return f32_div(operands...);
  else if constexpr (op == Op::F32Min) return f32_min(operands...);
  else if constexpr (op == Op::F32Max) return f32_max(operands...);
  else if constexpr (op == Op::F32Copysign) return f32_copysign(operands...);
  else if constexpr (op == Op::F64Abs) return f64_abs(operands...);
  else if constexpr (op == Op::F64Neg) return f64_neg(operands...);
  else if constexpr (op == Op::F64Ceil) return f64_ceil(operands...);
  else if constexpr (op == Op::F64Floor) return f64_floor(operands...);
  else if constexpr (op == Op::F64Trunc) return f64_trunc(operands...);
  else if constexpr (op == Op::F64Nearest) return f64_nearest(operands...);
  else if constexpr (op == Op::F64Sqrt) return f64_sqrt(operands...);
  else if constexpr (op == Op::F64Add) return f64_add(operands...);
  else if constexpr (op == Op::F64Sub) return f64_sub(operands...);
  else if constexpr (op == Op::F64Mul) return f64_mul(operands...);
  else if constexpr (op == Op::F64Div) return f64_div(operands...);
  else if constexpr (op == Op::F64Min) return f64_min(operands...);
  else if constexpr (op == Op::F64Max) return f64_max(operands...);
  else if constexpr (op == Op::F64Copysign) return f64_copysign(operands...);
  else static_assert(kNoSemantics<op>, "numeric row without semantics: add it here");
}

// Convert rows.
template <decoder::Op op, class... A>
constexpr auto eval_convert(A... operands) noexcept {
  using decoder::Op;
  if constexpr (op == Op::I32WrapI64) return i32_wrap_i64(operands...);
  else if constexpr (op == Op::I32TruncF32S) return i32_trunc_f32_s(operands...);
  else if constexpr (op == Op::I32TruncF32U) return i32_trunc_f32_u(operands...);
  else if constexpr (op == Op::I32TruncF64S) return i32_trunc_f64_s(operands...);
  else if constexpr (op == Op::I32TruncF64U) return i32_trunc_f64_u(operands...);
  else if constexpr (op == Op::I64ExtendI32S) return i64_extend_i32_s(operands...);
  else if constexpr (op == Op::I64ExtendI32U) return i64_extend_i32_u(operands...);
  else if constexpr (op == Op::I64TruncF32S) return i64_trunc_f32_s(operands...);
  else if constexpr (op == Op::I64TruncF32U) return i64_trunc_f32_u(operands...);
  else if constexpr (op == Op::I64TruncF64S) return i64_trunc_f64_s(operands...);
  else if constexpr (op == Op::I64TruncF64U) return i64_trunc_f64_u(operands...);
  else if constexpr (op == Op::F32ConvertI32S) return f32_convert_i32_s(operands...);
  else if constexpr (op == Op::F32ConvertI32U) return f32_convert_i32_u(operands...);
  else if constexpr (op == Op::F32ConvertI64S) return f32_convert_i64_s(operands...);
  else if constexpr (op == Op::F32ConvertI64U) return f32_convert_i64_u(operands...);
  else if constexpr (op == Op::F32DemoteF64) return f32_demote_f64(operands...);
  else if constexpr (op == Op::F64ConvertI32S) return f64_convert_i32_s(operands...);
  else if constexpr (op == Op::F64ConvertI32U) return f64_convert_i32_u(operands...);
  else if constexpr (op == Op::F64ConvertI64S) return f64_convert_i64_s(operands...);
  else if constexpr (op == Op::F64ConvertI64U) return f64_convert_i64_u(operands...);
  else if constexpr (op == Op::F64PromoteF32) return f64_promote_f32(operands...);
  else if constexpr (op == Op::I32ReinterpretF32) return i32_reinterpret_f32(operands...);
  else if constexpr (op == Op::I64ReinterpretF64) return i64_reinterpret_f64(operands...);
  else if constexpr (op == Op::F32ReinterpretI32) return f32_reinterpret_i32(operands...);
  else if constexpr (op == Op::F64ReinterpretI64) return f64_reinterpret_i64(operands...);
  else if constexpr (op == Op::I32TruncSatF32S) return i32_trunc_sat_f32_s(operands...);
  else if constexpr (op == Op::I32TruncSatF32U) return i32_trunc_sat_f32_u(operands...);
  else if constexpr (op == Op::I32TruncSatF64S) return i32_trunc_sat_f64_s(operands...);
  else if constexpr (op == Op::I32TruncSatF64U) return i32_trunc_sat_f64_u(operands...);
  else if constexpr (op == Op::I64TruncSatF32S) return i64_trunc_sat_f32_s(operands...);
  else if constexpr (op == Op::I64TruncSatF32U) return i64_trunc_sat_f32_u(operands...);
  else if constexpr (op == Op::I64TruncSatF64S) return i64_trunc_sat_f64_s(operands...);
  else if constexpr (op == Op::I64TruncSatF64U) return i64_trunc_sat_f64_u(operands...);
  else static_assert(kNoSemantics<op>, "numeric row without semantics: add it here");
}

}  // namespace detail

template <decoder::Op op, class... A>
constexpr auto eval(A... operands) noexcept {
  static_assert(kHasSemantics<op>, "eval<op> covers Compare, Unary, Binary and Convert rows");
  static_assert(detail::operands_match<op, A...>(), "eval<op>: operand types follow the Sig");
  constexpr decoder::Family kFamily = decoder::info(op).family;
  constexpr bool kFloat = decoder::info(op).sig.result == decoder::SigType::F32 ||
                          decoder::info(op).sig.result == decoder::SigType::F64;
  if constexpr (kFamily == decoder::Family::Compare) {
    return detail::eval_compare<op>(operands...);
  } else if constexpr (kFamily == decoder::Family::Convert) {
    return detail::eval_convert<op>(operands...);
  } else if constexpr (kFloat) {
    return detail::eval_float<op>(operands...);
  } else {
    return detail::eval_integer<op>(operands...);
  }
}

inline TrapKind trap_of(Check check) noexcept {
  switch (check) {
    case Check::DivideByZero: return TrapKind::IntegerDivideByZero;
    case Check::Overflow: return TrapKind::IntegerOverflow;
    case Check::InvalidConversion: return TrapKind::InvalidConversion;
    case Check::Ok: break;
  }
  return TrapKind::Unreachable;
}

// Slot representation <-> C++ values (i32 and f32 zero-extended to 64 bits).
template <class T>
[[gnu::always_inline]] inline T from_slot(uint64_t slot) noexcept {
  if constexpr (std::is_same_v<T, uint32_t>) return static_cast<uint32_t>(slot);
  else if constexpr (std::is_same_v<T, uint64_t>) return slot;
  else if constexpr (std::is_same_v<T, float>) return std::bit_cast<float>(static_cast<uint32_t>(slot));
  else return std::bit_cast<double>(slot);
}
template <class T>
[[gnu::always_inline]] inline uint64_t to_slot(T v) noexcept {
  if constexpr (std::is_same_v<T, float>) return std::bit_cast<uint32_t>(v);
  else if constexpr (std::is_same_v<T, double>) return std::bit_cast<uint64_t>(v);
  else return v;
}

// `op` on operands in the slot representation (b is ignored by unary ops): writes the
// result's slot bits to `out` and returns Check::Ok, or returns the failed check. With
// kCanonicalize, a NaN result of a canonicalizing op becomes the canonical NaN. Shared by
// the interpreter's handlers and the JIT's numeric helpers, so both tiers compute alike.
template <decoder::Op op, bool kCanonicalize = false>
[[gnu::always_inline]] inline Check eval_slots(uint64_t a, [[maybe_unused]] uint64_t b, uint64_t& out) noexcept {
  auto result = [&] {
    if constexpr (decoder::info(op).sig.param_count == 1) {
      return eval<op>(from_slot<ParamOf<op, 0>>(a));
    } else {
      return eval<op>(from_slot<ParamOf<op, 0>>(a), from_slot<ParamOf<op, 1>>(b));
    }
  }();
  auto value = [&] {
    if constexpr (kTraps<op>) return result.value;
    else return result;
  }();
  if constexpr (kTraps<op>) {
    if (result.check != Check::Ok) [[unlikely]] return result.check;
  }
  if constexpr (kCanonicalize && kCanonicalizes<op>) value = canonicalize(value);
  out = to_slot(value);
  return Check::Ok;
}

}  // namespace shortcrust::interp::sem
