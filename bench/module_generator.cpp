// Body statements of generate_module(). Every statement leaves the operand stack as it
// found it, so any sequence of them is a valid body; every memory access stays inside
// the first 64 KiB page, so the module would also run without trapping.

#include "bench/module_generator.h"

#include <bit>

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
  void f64_const(double v) {
    op(Op::F64Const);
    const uint64_t bits = std::bit_cast<uint64_t>(v);
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<uint8_t>(bits >> (8 * i)));
  }
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

// A code entry: the locals after (a, b), 8 to 40 statements, then `x`.
Bytes function_body(Rng& rng, uint32_t self) {
  BodyWriter w;
  const uint32_t statements = 8 + rng.below(33);
  for (uint32_t i = 0; i < statements; ++i) {
    switch (rng.below(8)) {
      case 0: arithmetic(w, rng); break;
      case 1: memory_access(w, rng); break;
      case 2: wide_arithmetic(w, rng); break;
      case 3: float_arithmetic(w, rng); break;
      case 4: early_exit_block(w, rng); break;
      case 5: counted_loop(w, rng); break;
      case 6: conditional(w, rng); break;
      default: call(w, rng, self); break;
    }
  }
  w.op(Op::LocalGet, kX);
  w.op(Op::End);
  return test::code_entry({{2, test::kI32}, {1, test::kI64}, {1, test::kF64}}, w.take());
}

}  // namespace

std::vector<uint8_t> generate_module(size_t min_bytes, uint64_t seed) {
  Rng rng(seed);
  std::vector<Bytes> bodies;
  size_t code_bytes = 0;
  // The other sections are a few bytes plus the function section (< 3 bytes per
  // function), so filling the code section alone to min_bytes is enough.
  while (code_bytes < min_bytes) {
    bodies.push_back(function_body(rng, static_cast<uint32_t>(bodies.size())));
    code_bytes += bodies.back().size();
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
