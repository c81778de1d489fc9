// Tests for jit/driver: modules built to be hard on a single-pass compiler (deep nesting,
// giant br_tables, tens of thousands of locals, wide signatures, deep operand stacks,
// huge bodies) compile in both tiers, or are refused with the limit they break, and run
// with the same results and gas. Time is bounded by the CTest timeout, never measured.
// Then the lowerings that replace the obvious code with a shorter one (compares fused
// with the br_if or if after them, unsigned division by a constant without `div`) give
// exactly the interpreter's results over each one's edge cases.
#include <gtest/gtest.h>

#include <vector>

#include "shortcrust/engine.h"
#include "shortcrust/linker.h"
#include "shortcrust/store.h"
#include "support/wasm_bytes.h"

namespace shortcrust::test {
namespace {

// One function of type `type`, exported as "f".
Bytes exported_function(const Bytes& type, const Bytes& expr, const std::vector<std::pair<uint32_t, uint8_t>>& locals = {}) {
  return module({section(1, vec({type})), section(3, vec({leb_u(0)})),
                 section(7, vec({cat({name("f"), Bytes{0x00}, leb_u(0)})})),
                 section(10, vec({code_entry(locals, expr)}))});
}

Bytes repeat(const Bytes& piece, size_t n) {
  Bytes out;
  out.reserve(piece.size() * n);
  for (size_t i = 0; i < n; ++i) out.insert(out.end(), piece.begin(), piece.end());
  return out;
}

struct Outcome {
  std::vector<uint64_t> results;
  std::optional<TrapKind> trap;
  uint64_t gas = 0;
};

Result<Outcome> run(Tier tier, const Bytes& bytes, const std::vector<Value>& args) {
  EngineConfig config;
  config.tier = tier;
  const Engine engine(config);
  SC_TRY(Module module, Module::compile(engine, bytes));
  Store store(engine);
  auto instance = Linker().instantiate(store, module);
  if (!instance.ok()) return Error{Errc::BadArgument, 0, kNoFunction, "instantiation failed"};
  SC_TRY(CallOutcome call, store.call(instance.value().func("f"), args, CallOptions{1'000'000'000}));
  Outcome out;
  for (const Value& v : call.results) out.results.push_back(v.bits());
  if (call.trap) out.trap = call.trap->kind;
  out.gas = call.gas_used;
  return out;
}

// Runs `bytes` under both tiers: both compile and agree, and the interpreter's outcome
// is returned for the test's own expectations.
Outcome run_both(const Bytes& bytes, const std::vector<Value>& args = {}) {
  Result<Outcome> interp = run(Tier::Interp, bytes, args);
  Result<Outcome> jit = run(Tier::Jit, bytes, args);
  EXPECT_TRUE(interp.ok()) << (interp.ok() ? "" : describe(interp.error()));
  EXPECT_TRUE(jit.ok()) << (jit.ok() ? "" : describe(jit.error()));
  if (!interp.ok() || !jit.ok()) return {};
  EXPECT_EQ(jit.value().results, interp.value().results);
  EXPECT_EQ(jit.value().trap, interp.value().trap);
  EXPECT_EQ(jit.value().gas, interp.value().gas);
  return interp.value();
}

constexpr uint8_t kBlock = 0x02, kEnd = 0x0b, kI32Const = 0x41, kI32Add = 0x6a, kDrop = 0x1a,
                  kLocalGet = 0x20, kLocalSet = 0x21, kBrTable = 0x0e, kI64Add = 0x7c;

TEST(JitDriver, DeepNesting) {
  constexpr size_t kDepth = 60'000;
  const Bytes body = cat({repeat(Bytes{kBlock, kI32}, kDepth), Bytes{kI32Const, 7}, repeat(Bytes{kEnd}, kDepth),
                          Bytes{kEnd}});
  const Outcome out = run_both(exported_function(func_type({}, {kI32}), body));
  EXPECT_EQ(out.results, std::vector<uint64_t>{7});
}

// 65,536 targets (the limit) spread over 8 blocks that each carry an i32: every target needs its
// value copied, and each depth is examined once.
TEST(JitDriver, GiantBrTable) {
  constexpr uint32_t kTargets = 65'535;  // plus the default: Limits::br_table_targets
  constexpr uint32_t kBlocks = 8;
  Bytes table = cat({Bytes{kI32Const}, leb_s(100), Bytes{kLocalGet, 0}, Bytes{kBrTable}, leb_u(kTargets)});
  for (uint32_t i = 0; i < kTargets; ++i) {
    const Bytes depth = leb_u(i % kBlocks);
    table.insert(table.end(), depth.begin(), depth.end());
  }
  table.push_back(static_cast<uint8_t>(kBlocks - 1));
  // Block k (counting out from the br_table) adds k + 1 to the carried value.
  Bytes body = repeat(Bytes{kBlock, kI32}, kBlocks);
  body.insert(body.end(), table.begin(), table.end());
  for (uint32_t k = 0; k < kBlocks; ++k) body = cat({body, Bytes{kEnd, kI32Const}, leb_s(k + 1), Bytes{kI32Add}});
  body.push_back(kEnd);
  const Bytes bytes = exported_function(func_type({kI32}, {kI32}), body);
  for (uint32_t index : {0u, 3u, 7u, 65'535u, 1'000'000u}) {
    // Leaving block d skips the adds of blocks 0..d-1: 100 + (d+1) + ... + 8.
    const uint32_t d = index >= kTargets ? kBlocks - 1 : index % kBlocks;
    uint32_t expected = 100;
    for (uint32_t k = d; k < kBlocks; ++k) expected += k + 1;
    const Outcome out = run_both(bytes, {Value::i32(static_cast<int32_t>(index))});
    EXPECT_EQ(out.results, std::vector<uint64_t>{expected}) << "index " << index;
  }
}

TEST(JitDriver, ManyLocals) {
  constexpr uint32_t kLocals = 49'999;  // plus the parameter: Limits::function_locals
  const Bytes body = cat({Bytes{kLocalGet, 0, kLocalSet}, leb_u(kLocals), Bytes{kLocalGet}, leb_u(kLocals),
                          Bytes{kLocalGet}, leb_u(kLocals - 1), Bytes{kI32Add, kEnd}});
  const Outcome out = run_both(exported_function(func_type({kI32}, {kI32}), body, {{kLocals, kI32}}),
                               {Value::i32(41)});
  EXPECT_EQ(out.results, std::vector<uint64_t>{41});  // the other local was zeroed

  EngineConfig config;
  config.tier = Tier::Jit;
  auto refused = Module::compile(Engine(config), exported_function(func_type({}, {}), Bytes{kEnd}, {{50'001, kI32}}));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(describe(refused.error()).find("function_locals"), std::string::npos) << describe(refused.error());
}

TEST(JitDriver, WideSignatures) {
  constexpr uint32_t kParams = 1'000;  // Limits::function_params
  const Bytes params(kParams, kI64);
  Bytes body;
  for (uint32_t i = 0; i < kParams; ++i) body = cat({body, Bytes{kLocalGet}, leb_u(i)});
  body = cat({body, repeat(Bytes{kI64Add}, kParams - 1), Bytes{kEnd}});
  std::vector<Value> args;
  uint64_t sum = 0;
  for (uint32_t i = 0; i < kParams; ++i) {
    args.push_back(Value::i64(int64_t{i} * 3));
    sum += uint64_t{i} * 3;
  }
  const Outcome out = run_both(exported_function(func_type(params, {kI64}), body), args);
  EXPECT_EQ(out.results, std::vector<uint64_t>{sum});
}

// 100,000 values on the operand stack, far more than there are registers.
TEST(JitDriver, DeepOperandStack) {
  constexpr uint32_t kValues = 100'000;
  const Bytes body = cat({repeat(Bytes{kLocalGet, 0, kLocalGet, 0, kI32Add}, kValues),
                          repeat(Bytes{kI32Add}, kValues - 1), Bytes{kEnd}});
  const Outcome out = run_both(exported_function(func_type({kI32}, {kI32}), body), {Value::i32(3)});
  EXPECT_EQ(out.results, std::vector<uint64_t>{uint64_t{6} * kValues});
}

TEST(JitDriver, HugeBody) {
  constexpr uint32_t kInstructions = 1'000'000;
  const Bytes body = cat({repeat(Bytes{kI32Const, 1, kDrop}, kInstructions), Bytes{kI32Const, 5, kEnd}});
  const Outcome out = run_both(exported_function(func_type({}, {kI32}), body));
  EXPECT_EQ(out.results, std::vector<uint64_t>{5});
  EXPECT_EQ(out.gas, uint64_t{kInstructions} + 1);  // drop is free (ARCHITECTURE §5)
}

// The JIT reuses its working memory from one compile to the next on a thread. A body
// that fails validation half way leaves trap sites and gas patches behind; the next
// module must not see them (they once patched jumps into its code).
TEST(JitDriver, FailedCompileLeavesNothingBehind) {
  constexpr uint8_t kI32DivS = 0x6d, kI32Mul = 0x6c, kF32Add = 0x92;
  const Bytes divide = {kLocalGet, 0, kLocalGet, 1, kI32DivS, kDrop};
  const Bytes invalid = exported_function(func_type({kI32, kI32}, {kI32}),
                                          cat({repeat(divide, 50), Bytes{kF32Add, kEnd}}));
  EngineConfig config;
  config.tier = Tier::Jit;
  EXPECT_FALSE(Module::compile(Engine(config), invalid).ok());

  const Bytes triple = {kLocalGet, 0, kI32Const, 3, kI32Mul, kLocalSet, 0};
  const Bytes valid = exported_function(func_type({kI32, kI32}, {kI32}),
                                        cat({repeat(triple, 200), Bytes{kLocalGet, 0, kEnd}}));
  uint32_t expected = 1;
  for (int i = 0; i < 200; ++i) expected *= 3;
  const Outcome out = run_both(valid, {Value::i32(1), Value::i32(0)});
  EXPECT_EQ(out.results, std::vector<uint64_t>{expected});
}

// i32.div_u and i32.rem_u by a constant (x86-64: a multiply by ceil(2^64 / d)) at the
// quotient's and the remainder's edges, for divisors of every size.
TEST(JitDriver, UnsignedDivisionByConstant) {
  constexpr uint8_t kI32DivU = 0x6e, kI32RemU = 0x70;
  const uint32_t divisors[] = {1, 2, 3, 7, 10, 641, 1000, 3000, 5000, 65'535, 65'536, 0x7fff'ffff,
                               0x8000'0000, 0x8000'0001, 0xffff'fffe, 0xffff'ffff};
  for (uint32_t d : divisors) {
    const uint32_t xs[] = {0, 1, 2, d - 1, d, d + 1, 2 * d - 1, 2 * d, 0x7fff'ffff, 0x8000'0000,
                           0xffff'fffe, 0xffff'ffff, 0xffff'ffff - d, 123'456'789, 0xdead'beef};
    for (const bool rem : {false, true}) {
      const Bytes body = cat({Bytes{kLocalGet, 0, kI32Const}, leb_s(static_cast<int32_t>(d)),
                              Bytes{rem ? kI32RemU : kI32DivU, kEnd}});
      const Bytes bytes = exported_function(func_type({kI32}, {kI32}), body);
      for (uint32_t x : xs) {
        const Outcome out = run_both(bytes, {Value::i32(static_cast<int32_t>(x))});
        EXPECT_EQ(out.results, std::vector<uint64_t>{rem ? x % d : x / d}) << x << (rem ? " % " : " / ") << d;
      }
    }
  }
}

// Every i32 and i64 compare (eqz included) decides a br_if and an if, against a register,
// an immediate and a value the branch carries (so the branch copies it first).
TEST(JitDriver, ComparesFusedWithBranches) {
  struct Compare {
    uint8_t op;
    bool wide;
    bool (*holds)(uint64_t, uint64_t);
  };
  const Compare compares[] = {
      {0x45, false, [](uint64_t a, uint64_t) { return static_cast<uint32_t>(a) == 0; }},
      {0x46, false, [](uint64_t a, uint64_t b) { return static_cast<uint32_t>(a) == static_cast<uint32_t>(b); }},
      {0x47, false, [](uint64_t a, uint64_t b) { return static_cast<uint32_t>(a) != static_cast<uint32_t>(b); }},
      {0x48, false, [](uint64_t a, uint64_t b) { return static_cast<int32_t>(a) < static_cast<int32_t>(b); }},
      {0x49, false, [](uint64_t a, uint64_t b) { return static_cast<uint32_t>(a) < static_cast<uint32_t>(b); }},
      {0x4a, false, [](uint64_t a, uint64_t b) { return static_cast<int32_t>(a) > static_cast<int32_t>(b); }},
      {0x4b, false, [](uint64_t a, uint64_t b) { return static_cast<uint32_t>(a) > static_cast<uint32_t>(b); }},
      {0x4c, false, [](uint64_t a, uint64_t b) { return static_cast<int32_t>(a) <= static_cast<int32_t>(b); }},
      {0x4d, false, [](uint64_t a, uint64_t b) { return static_cast<uint32_t>(a) <= static_cast<uint32_t>(b); }},
      {0x4e, false, [](uint64_t a, uint64_t b) { return static_cast<int32_t>(a) >= static_cast<int32_t>(b); }},
      {0x4f, false, [](uint64_t a, uint64_t b) { return static_cast<uint32_t>(a) >= static_cast<uint32_t>(b); }},
      {0x50, true, [](uint64_t a, uint64_t) { return a == 0; }},
      {0x51, true, [](uint64_t a, uint64_t b) { return a == b; }},
      {0x52, true, [](uint64_t a, uint64_t b) { return a != b; }},
      {0x53, true, [](uint64_t a, uint64_t b) { return static_cast<int64_t>(a) < static_cast<int64_t>(b); }},
      {0x54, true, [](uint64_t a, uint64_t b) { return a < b; }},
      {0x55, true, [](uint64_t a, uint64_t b) { return static_cast<int64_t>(a) > static_cast<int64_t>(b); }},
      {0x56, true, [](uint64_t a, uint64_t b) { return a > b; }},
      {0x57, true, [](uint64_t a, uint64_t b) { return static_cast<int64_t>(a) <= static_cast<int64_t>(b); }},
      {0x58, true, [](uint64_t a, uint64_t b) { return a <= b; }},
      {0x59, true, [](uint64_t a, uint64_t b) { return static_cast<int64_t>(a) >= static_cast<int64_t>(b); }},
      {0x5a, true, [](uint64_t a, uint64_t b) { return a >= b; }},
  };
  constexpr uint8_t kIf = 0x04, kElse = 0x05, kBrIf = 0x0d, kI64Const = 0x42;
  const uint64_t values[] = {0, 1, 5, 0x7fff'ffff, 0x8000'0000, 0xffff'ffff, 0x1'0000'0000,
                             0x7fff'ffff'ffff'ffff, 0x8000'0000'0000'0000, ~uint64_t{0}};
  for (const Compare& c : compares) {
    const bool unary = c.op == 0x45 || c.op == 0x50;
    const uint8_t type = c.wide ? kI64 : kI32;
    const Bytes lhs = {kLocalGet, 0};
    const Bytes rhs = unary ? Bytes{} : Bytes{kLocalGet, 1};
    const Bytes compare = cat({lhs, rhs, Bytes{c.op}});
    // The immediate forms compare with 5.
    const Bytes compare_imm = unary ? compare : cat({lhs, Bytes{c.wide ? kI64Const : kI32Const, 5, c.op}});
    // 1 if it holds, else 0: through br_if carrying a constant, br_if carrying a value
    // computed before (so it is copied to the block's slot), br_if out of the function
    // (a return), and if/else.
    const auto by_br_if = [&](const Bytes& test) {
      return cat({Bytes{kBlock, kI32, kI32Const, 1}, test, Bytes{kBrIf, 0, kDrop, kI32Const, 0, kEnd, kEnd}});
    };
    const Bytes by_return = cat({Bytes{kI32Const, 1}, compare, Bytes{kBrIf, 0, kDrop, kI32Const, 0, kEnd}});
    const Bytes by_copy = cat({Bytes{kBlock, kI32, kLocalGet, 2, kI32Const, 1, kI32Add}, compare,
                               Bytes{kBrIf, 0, kDrop, kI32Const, 0, kEnd, kEnd}});
    const Bytes by_if = cat({compare, Bytes{kIf, kI32, kI32Const, 1, kElse, kI32Const, 0, kEnd, kEnd}});
    const Bytes sig = func_type({type, type, kI32}, {kI32});
    for (uint64_t a : values) {
      for (uint64_t b : values) {
        const uint64_t wa = c.wide ? a : static_cast<uint32_t>(a), wb = c.wide ? b : static_cast<uint32_t>(b);
        const auto arg = [&](uint64_t v) { return c.wide ? Value::i64(static_cast<int64_t>(v)) : Value::i32(static_cast<int32_t>(v)); };
        const std::vector<Value> args = {arg(wa), arg(wb), Value::i32(0)};
        const uint64_t expected = c.holds(wa, wb) ? 1 : 0;
        const std::string what = "op 0x" + std::to_string(c.op) + " a " + std::to_string(wa) + " b " + std::to_string(wb);
        EXPECT_EQ(run_both(exported_function(sig, by_br_if(compare)), args).results, std::vector<uint64_t>{expected}) << what;
        EXPECT_EQ(run_both(exported_function(sig, by_copy), args).results, std::vector<uint64_t>{expected}) << what;
        EXPECT_EQ(run_both(exported_function(sig, by_return), args).results, std::vector<uint64_t>{expected}) << what;
        EXPECT_EQ(run_both(exported_function(sig, by_if), args).results, std::vector<uint64_t>{expected}) << what;
        if (b == values[0]) {
          EXPECT_EQ(run_both(exported_function(sig, by_br_if(compare_imm)), args).results,
                    std::vector<uint64_t>{unary ? expected : (c.holds(wa, 5) ? 1u : 0u)}) << what << " (imm 5)";
        }
      }
    }
  }
}

}  // namespace
}  // namespace shortcrust::test
