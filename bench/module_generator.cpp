// Body statements of generate_module() and the mix of them each Shape draws from. Every
// statement leaves the operand stack as it found it, so any sequence of them is a valid
// body; every memory access stays inside the first 64 KiB page (address & 0xfff0, and
// offset + access size <= 16).

#include "bench/module_generator.h"

#include <bit>
#include <span>

#include "decoder/opcodes.h"
#include "support/wasm_bytes.h"

namespace shortcrust::bench {
namespace {

using decoder::Op;
using test::Bytes;

// splitmix64: small, fast, and fully specified, so the output never depends on the
// standard library's engine implementations.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint32_t below(uint32_t bound) { return static_cast<uint32_t>(next() % bound); }

 private:
  uint64_t state_;
};

// Every function has type (i32 a, i32 b) -> i32 and these locals after its parameters.
constexpr uint32_t kA = 0, kB = 1, kX = 2, kCounter = 3, kWide = 4, kReal = 5;
constexpr uint8_t kEmptyBlock = 0x40;
constexpr int32_t kAddressMask = 0xfff0;  // plus offsets below 16: inside one page

class BodyWriter {
 public:
  void op(Op o) {
    const uint32_t enc = decoder::info(o).encoding;
    if (enc > 0xff) {
      out_.push_back(static_cast<uint8_t>(enc >> 16));
      append(test::leb_u(enc & 0xffff));
    } else {
      out_.push_back(static_cast<uint8_t>(enc));
    }
  }
  // An instruction with one u32 immediate: an index or a label depth.
  void op(Op o, uint32_t index) {
    op(o);
    append(test::leb_u(index));
  }
  void block(Op o, uint8_t block_type) {
    op(o);
    out_.push_back(block_type);
  }
  void memory(Op o, uint32_t align_log2, uint32_t offset) {
    op(o);
    append(test::leb_u(align_log2));
    append(test::leb_u(offset));
  }
  void i32_const(int32_t v) {
    op(Op::I32Const);
    append(test::leb_s(v));
  }
  void i64_const(int64_t v) {
    op(Op::I64Const);
    append(test::leb_s(v));
  }
  void f32_const(float v) {
    op(Op::F32Const);
    const uint32_t bits = std::bit_cast<uint32_t>(v);
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<uint8_t>(bits >> (8 * i)));
  }
  void f64_const(double v) {
    op(Op::F64Const);
    const uint64_t bits = std::bit_cast<uint64_t>(v);
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<uint8_t>(bits >> (8 * i)));
  }
  size_t size() const { return out_.size(); }
  Bytes take() { return std::move(out_); }

 private:
  void append(const Bytes& bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }
  Bytes out_;
};

// x = (a * k + b) ^ (x >> s)
void arithmetic(BodyWriter& w, Rng& rng) {
  w.op(Op::LocalGet, kA);
  w.i32_const(static_cast<int32_t>(rng.below(100'000)));
  w.op(Op::I32Mul);
  w.op(Op::LocalGet, kB);
  w.op(Op::I32Add);
  w.op(Op::LocalGet, kX);
  w.i32_const(static_cast<int32_t>(1 + rng.below(31)));
  w.op(Op::I32ShrU);
  w.op(Op::I32Xor);
  w.op(Op::LocalSet, kX);
}

// mem[x & mask] = mem[b & mask] + x; x += mem8[a & mask]
void memory_access(BodyWriter& w, Rng& rng) {
  w.op(Op::LocalGet, kX);
  w.i32_const(kAddressMask);
  w.op(Op::I32And);
  w.op(Op::LocalGet, kB);
  w.i32_const(kAddressMask);
  w.op(Op::I32And);
  w.memory(Op::I32Load, 2, 4 * rng.below(3));
  w.op(Op::LocalGet, kX);
  w.op(Op::I32Add);
  w.memory(Op::I32Store, 2, 4 * rng.below(3));
  w.op(Op::LocalGet, kA);
  w.i32_const(kAddressMask);
  w.op(Op::I32And);
  w.memory(Op::I32Load8U, 0, rng.below(16));
  w.op(Op::LocalGet, kX);
  w.op(Op::I32Add);
  w.op(Op::LocalSet, kX);
}

// wide = wide * k + u64(x); x += i32(wide << s); mem64[x & mask] = wide
void wide_arithmetic(BodyWriter& w, Rng& rng) {
  w.op(Op::LocalGet, kWide);
  w.i64_const(static_cast<int64_t>(rng.next() >> 1));
  w.op(Op::I64Mul);
  w.op(Op::LocalGet, kX);
  w.op(Op::I64ExtendI32U);
  w.op(Op::I64Add);
  w.op(Op::LocalTee, kWide);
  w.i64_const(rng.below(63));
  w.op(Op::I64Shl);
  w.op(Op::I32WrapI64);
  w.op(Op::LocalGet, kX);
  w.op(Op::I32Add);
  w.op(Op::LocalSet, kX);
  w.op(Op::LocalGet, kX);
  w.i32_const(kAddressMask);
  w.op(Op::I32And);
  w.op(Op::LocalGet, kWide);
  w.memory(Op::I64Store, 3, 8 * rng.below(2));
}

// real = real * c + f64(x); x = trunc_sat(real)
void float_arithmetic(BodyWriter& w, Rng& rng) {
  w.op(Op::LocalGet, kReal);
  w.f64_const(1.0 + rng.below(1000) / 1000.0);
  w.op(Op::F64Mul);
  w.op(Op::LocalGet, kX);
  w.op(Op::F64ConvertI32S);
  w.op(Op::F64Add);
  w.op(Op::LocalTee, kReal);
  w.op(Op::I32TruncSatF64S);
  w.op(Op::LocalSet, kX);
}

// real = max(sqrt(|real|) / c, f64(f32(real) * k + m)); x += real < c2; real = copysign(floor(real), real)
void float_mix(BodyWriter& w, Rng& rng) {
  w.op(Op::LocalGet, kReal);
  w.op(Op::F64Abs);
  w.op(Op::F64Sqrt);
  w.f64_const(1.0 + rng.below(100) / 10.0);
  w.op(Op::F64Div);
  w.op(Op::LocalGet, kReal);
  w.op(Op::F32DemoteF64);
  w.f32_const(0.5f + static_cast<float>(rng.below(100)) / 64.0f);
  w.op(Op::F32Mul);
  w.f32_const(static_cast<float>(rng.below(1000)));
  w.op(Op::F32Add);
  w.op(Op::F64PromoteF32);
  w.op(Op::F64Max);
  w.op(Op::LocalSet, kReal);
  w.op(Op::LocalGet, kX);
  w.op(Op::LocalGet, kReal);
  w.f64_const(static_cast<double>(rng.below(1 << 16)));
  w.op(Op::F64Lt);
  w.op(Op::I32Add);
  w.op(Op::LocalSet, kX);
  w.op(Op::LocalGet, kReal);
  w.op(Op::F64Floor);
  w.op(Op::LocalGet, kReal);
  w.op(Op::F64Copysign);
  w.op(Op::LocalSet, kReal);
}

// mem16[x & mask] = a; x += i32(mem32s[b & mask]); memf64[x & mask] = real + memf64[a & mask];
// mem8[b & mask] = x; wide ^= mem16u[a & mask]
void memory_mix(BodyWriter& w, Rng& rng) {
  w.op(Op::LocalGet, kX);
  w.i32_const(kAddressMask);
  w.op(Op::I32And);
  w.op(Op::LocalGet, kA);
  w.memory(Op::I32Store16, 1, 2 * rng.below(8));
  w.op(Op::LocalGet, kX);
  w.op(Op::LocalGet, kB);
  w.i32_const(kAddressMask);
  w.op(Op::I32And);
  w.memory(Op::I64Load32S, 2, 4 * rng.below(4));
  w.op(Op::I32WrapI64);
  w.op(Op::I32Add);
  w.op(Op::LocalSet, kX);
  w.op(Op::LocalGet, kX);
  w.i32_const(kAddressMask);
  w.op(Op::I32And);
  w.op(Op::LocalGet, kReal);
  w.op(Op::LocalGet, kA);
  w.i32_const(kAddressMask);
  w.op(Op::I32And);
  w.memory(Op::F64Load, 3, 8 * rng.below(2));
  w.op(Op::F64Add);
  w.memory(Op::F64Store, 3, 8 * rng.below(2));
  w.op(Op::LocalGet, kB);
  w.i32_const(kAddressMask);
  w.op(Op::I32And);
  w.op(Op::LocalGet, kX);
  w.memory(Op::I32Store8, 0, rng.below(16));
  w.op(Op::LocalGet, kA);
  w.i32_const(kAddressMask);
  w.op(Op::I32And);
  w.memory(Op::I64Load16U, 1, 2 * rng.below(8));
  w.op(Op::LocalGet, kWide);
  w.op(Op::I64Xor);
  w.op(Op::LocalSet, kWide);
}

// block { br_if 0 (x == 0); x -= k; br_if 0 (a <u b); g ^= x }
void early_exit_block(BodyWriter& w, Rng& rng) {
  w.block(Op::Block, kEmptyBlock);
  w.op(Op::LocalGet, kX);
  w.op(Op::I32Eqz);
  w.op(Op::BrIf, 0);
  w.op(Op::LocalGet, kX);
  w.i32_const(static_cast<int32_t>(1 + rng.below(1000)));
  w.op(Op::I32Sub);
  w.op(Op::LocalSet, kX);
  w.op(Op::LocalGet, kA);
  w.op(Op::LocalGet, kB);
  w.op(Op::I32LtU);
  w.op(Op::BrIf, 0);
  w.op(Op::GlobalGet, 0);
  w.op(Op::LocalGet, kX);
  w.op(Op::I32Xor);
  w.op(Op::GlobalSet, 0);
  w.op(Op::End);
}

// counter = n; loop { x += counter; br_if 0 (--counter) }
void counted_loop(BodyWriter& w, Rng& rng) {
  w.i32_const(static_cast<int32_t>(2 + rng.below(30)));
  w.op(Op::LocalSet, kCounter);
  w.block(Op::Loop, kEmptyBlock);
  w.op(Op::LocalGet, kX);
  w.op(Op::LocalGet, kCounter);
  w.op(Op::I32Add);
  w.op(Op::LocalSet, kX);
  w.op(Op::LocalGet, kCounter);
  w.i32_const(1);
  w.op(Op::I32Sub);
  w.op(Op::LocalTee, kCounter);
  w.op(Op::BrIf, 0);
  w.op(Op::End);
}

// x = a ? x + k : b
void conditional(BodyWriter& w, Rng& rng) {
  constexpr uint8_t kI32Result = test::kI32;
  w.op(Op::LocalGet, kA);
  w.block(Op::If, kI32Result);
  w.op(Op::LocalGet, kX);
  w.i32_const(static_cast<int32_t>(rng.below(1 << 20)));
  w.op(Op::I32Add);
  w.op(Op::Else);
  w.op(Op::LocalGet, kB);
  w.op(Op::End);
  w.op(Op::LocalSet, kX);
}

// x = f(x, b) for some function f defined no later than this one
void call(BodyWriter& w, Rng& rng, uint32_t self) {
  w.op(Op::LocalGet, kX);
  w.op(Op::LocalGet, kB);
  w.op(Op::Call, rng.below(self + 1));
  w.op(Op::LocalSet, kX);
}

enum class Statement : uint8_t {
  Arithmetic, Memory, Wide, Float, EarlyExit, Loop, Conditional, Call, FloatMix, MemoryMix
};

struct Weight {
  Statement statement;
  uint32_t weight;
};

// SmallFunctions and HugeFunction draw the first eight kinds equally (the mix the
// front-end benchmark has always measured); the others lean on their specialty.
constexpr Weight kMixed[] = {
    {Statement::Arithmetic, 1}, {Statement::Memory, 1}, {Statement::Wide, 1},
    {Statement::Float, 1},      {Statement::EarlyExit, 1}, {Statement::Loop, 1},
    {Statement::Conditional, 1}, {Statement::Call, 1},
};
constexpr Weight kFloatHeavy[] = {
    {Statement::Float, 3}, {Statement::FloatMix, 4}, {Statement::Arithmetic, 1},
    {Statement::Conditional, 1}, {Statement::Loop, 1},
};
constexpr Weight kMemoryHeavy[] = {
    {Statement::Memory, 3}, {Statement::MemoryMix, 4}, {Statement::Wide, 1},
    {Statement::Arithmetic, 1}, {Statement::Loop, 1},
};

std::span<const Weight> mix(Shape shape) {
  switch (shape) {
    case Shape::SmallFunctions:
    case Shape::HugeFunction: return kMixed;
    case Shape::FloatHeavy: return kFloatHeavy;
    case Shape::MemoryHeavy: return kMemoryHeavy;
  }
  return kMixed;
}

Statement draw(Rng& rng, std::span<const Weight> weights) {
  uint32_t total = 0;
  for (const Weight& w : weights) total += w.weight;
  uint32_t pick = rng.below(total);
  for (const Weight& w : weights) {
    if (pick < w.weight) return w.statement;
    pick -= w.weight;
  }
  return weights.back().statement;
}

void statement(BodyWriter& w, Rng& rng, Statement s, uint32_t self) {
  switch (s) {
    case Statement::Arithmetic: arithmetic(w, rng); break;
    case Statement::Memory: memory_access(w, rng); break;
    case Statement::Wide: wide_arithmetic(w, rng); break;
    case Statement::Float: float_arithmetic(w, rng); break;
    case Statement::EarlyExit: early_exit_block(w, rng); break;
    case Statement::Loop: counted_loop(w, rng); break;
    case Statement::Conditional: conditional(w, rng); break;
    case Statement::Call: call(w, rng, self); break;
    case Statement::FloatMix: float_mix(w, rng); break;
    case Statement::MemoryMix: memory_mix(w, rng); break;
  }
}

// A code entry: the locals after (a, b), statements until `statements` of them or
// `min_bytes` of body (whichever the caller asks for; the other is 0), then `x`.
Bytes function_body(Rng& rng, uint32_t self, Shape shape, uint32_t statements, size_t min_bytes) {
  BodyWriter w;
  const std::span<const Weight> weights = mix(shape);
  for (uint32_t i = 0; i < statements || w.size() < min_bytes; ++i) {
    statement(w, rng, draw(rng, weights), self);
  }
  w.op(Op::LocalGet, kX);
  w.op(Op::End);
  return test::code_entry({{2, test::kI32}, {1, test::kI64}, {1, test::kF64}}, w.take());
}

}  // namespace

const char* name(Shape shape) {
  switch (shape) {
    case Shape::SmallFunctions: return "small_functions";
    case Shape::HugeFunction: return "huge_function";
    case Shape::FloatHeavy: return "float_heavy";
    case Shape::MemoryHeavy: return "memory_heavy";
  }
  return "?";
}

std::vector<uint8_t> generate_module(size_t min_bytes, Shape shape, uint64_t seed) {
  Rng rng(seed);
  std::vector<Bytes> bodies;
  size_t code_bytes = 0;
  // The other sections are a few bytes plus the function section (< 3 bytes per
  // function), so filling the code section alone to min_bytes is enough.
  if (shape == Shape::HugeFunction) {
    bodies.push_back(function_body(rng, 0, shape, 0, min_bytes));
  } else {
    while (code_bytes < min_bytes) {
      const uint32_t statements = 8 + rng.below(33);
      bodies.push_back(function_body(rng, static_cast<uint32_t>(bodies.size()), shape, statements, 0));
      code_bytes += bodies.back().size();
    }
  }
  const std::vector<Bytes> function_types(bodies.size(), test::leb_u(0));
  const Bytes binop = test::func_type({test::kI32, test::kI32}, {test::kI32});
  const Bytes memory = {0x00, 0x01};  // min 1 page, no max
  BodyWriter zero;
  zero.i32_const(0);
  zero.op(Op::End);
  const Bytes global = test::cat({Bytes{test::kI32, 0x01}, zero.take()});  // mut i32 = 0
  const Bytes export_run = test::cat({test::name("run"), Bytes{0x00}, test::leb_u(0)});
  return test::module({
      test::section(1, test::vec({binop})),
      test::section(3, test::vec(function_types)),
      test::section(5, test::vec({memory})),
      test::section(6, test::vec({global})),
      test::section(7, test::vec({export_run})),
      test::section(10, test::vec(bodies)),
  });
}

}  // namespace shortcrust::bench
