// Host functions: wrap_function's type deduction and conversions, host traps, gas
// charging through Caller, argument checks, and nested calls (host -> store.call).
#include <gtest/gtest.h>

#include "runtime/exec_context.h"
#include "shortcrust/shortcrust.h"

namespace shortcrust {
namespace {

int64_t add_wide(int32_t a, int64_t b) { return a + b; }

TEST(WrapFunction, DeducesTypes) {
  Store store{Engine()};
  Func f = wrap_function(store, [](int32_t, uint32_t, int64_t, uint64_t, float, double) {});
  EXPECT_EQ(f.type(), (FuncType{{ValType::I32, ValType::I32, ValType::I64, ValType::I64, ValType::F32, ValType::F64}, {}}));
  EXPECT_TRUE(f.is_host());
  Func g = wrap_function(store, [](Caller&, double x) -> float { return static_cast<float>(x); });
  EXPECT_EQ(g.type(), (FuncType{{ValType::F64}, {ValType::F32}}));
  Func h = wrap_function(store, &add_wide);
  EXPECT_EQ(h.type(), (FuncType{{ValType::I32, ValType::I64}, {ValType::I64}}));
  Func k = wrap_function(store, add_wide);
  EXPECT_EQ(k.type(), h.type());
  Func r = wrap_function(store, [](uint32_t) -> Result<uint64_t, Trap> { return uint64_t{1}; });
  EXPECT_EQ(r.type(), (FuncType{{ValType::I32}, {ValType::I64}}));
  Func v = wrap_function(store, [](Caller&) -> Result<void, Trap> { return {}; });
  EXPECT_EQ(v.type(), FuncType{});
  int counter = 0;
  Func m = wrap_function(store, [counter]() mutable noexcept { return ++counter; });
  EXPECT_EQ(m.type(), (FuncType{{}, {ValType::I32}}));
}

TEST(WrapFunction, ConvertsValues) {
  Store store{Engine()};
  Func h = wrap_function(store, add_wide);
  const Value args[] = {Value::i32(-3), Value::i64(10'000'000'000)};
  auto out = store.call(h, args);
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE(out.value().ok());
  EXPECT_EQ(out.value().results, std::vector<Value>{Value::i64(9'999'999'997)});

  Func u = wrap_function(store, [](uint32_t x) -> uint32_t { return x + 1; });
  const Value max[] = {Value::i32(-1)};
  EXPECT_EQ(store.call(u, max).value().results[0], Value::i32(0));
  const Value two[] = {Value::i32(0x7fffffff)};
  EXPECT_EQ(store.call(u, two).value().results[0].bits(), 0x80000000u);  // zero-extended slot

  Func f = wrap_function(store, [](float x, double y) { return static_cast<double>(x) * y; });
  const Value fargs[] = {Value::f32(1.5f), Value::f64(-2.0)};
  EXPECT_EQ(store.call(f, fargs).value().results[0], Value::f64(-3.0));

  int counter = 0;
  Func m = wrap_function(store, [&counter]() { return ++counter; });
  EXPECT_EQ(store.call(m, {}).value().results[0], Value::i32(1));
  EXPECT_EQ(store.call(m, {}).value().results[0], Value::i32(2));
}

TEST(WrapFunction, ResultTrapBecomesATrap) {
  Store store{Engine()};
  Func f = wrap_function(
      store, [](int32_t x) -> Result<int32_t, Trap> {
        if (x < 0) return Trap{TrapKind::Host, kNoFunction, 0, {}, "negative"};
        return x * 2;
      },
      "double_it");
  const Value ok_args[] = {Value::i32(4)};
  EXPECT_EQ(store.call(f, ok_args).value().results[0], Value::i32(8));
  const Value bad_args[] = {Value::i32(-4)};
  CallOutcome outcome = store.call(f, bad_args).value();
  ASSERT_FALSE(outcome.ok());
  EXPECT_TRUE(outcome.results.empty());
  EXPECT_EQ(outcome.trap->kind, TrapKind::Host);
  EXPECT_EQ(outcome.trap->message, "negative");
  EXPECT_EQ(outcome.trap->function, kNoFunction);
  EXPECT_EQ(outcome.trap->function_name, "double_it");
  EXPECT_EQ(outcome.trap->describe(), "host error: negative in host function double_it");
  // The store stays usable.
  EXPECT_EQ(store.call(f, ok_args).value().results[0], Value::i32(8));
}

TEST(HostFunction, WrongResultTypeIsAHostTrap) {
  Store store{Engine()};
  Func f = store.create_function(FuncType{{}, {ValType::I32}}, [](Caller&, auto, std::span<Value> results) -> Result<void, Trap> {
    results[0] = Value::i64(1);
    return {};
  });
  CallOutcome outcome = store.call(f, {}).value();
  ASSERT_TRUE(outcome.trap);
  EXPECT_EQ(outcome.trap->kind, TrapKind::Host);
}

TEST(Call, ChecksArguments) {
  Store store{Engine()};
  Func f = wrap_function(store, [](int32_t) {});
  EXPECT_EQ(store.call(f, {}).error().code, Errc::BadArgument);
  const Value wrong[] = {Value::i64(1)};
  EXPECT_EQ(store.call(f, wrong).error().code, Errc::BadArgument);
  const Value two[] = {Value::i32(1), Value::i32(2)};
  EXPECT_EQ(store.call(f, two).error().code, Errc::BadArgument);
  EXPECT_EQ(store.call(Func(), {}).error().code, Errc::BadArgument);
}

TEST(Gas, HostChargesAreCounted) {
  Store store{Engine()};
  Func f = wrap_function(store, [](Caller& caller, uint32_t amount) -> Result<void, Trap> {
    return caller.charge_gas(amount);
  });
  const Value ten[] = {Value::i32(10)};
  CallOutcome outcome = store.call(f, ten, CallOptions{100}).value();
  EXPECT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.gas_used, 10u);
  const Value hundred[] = {Value::i32(100)};
  outcome = store.call(f, hundred, CallOptions{100}).value();
  EXPECT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.gas_used, 100u);
  const Value too_much[] = {Value::i32(101)};
  outcome = store.call(f, too_much, CallOptions{100}).value();
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.trap->kind, TrapKind::OutOfGas);
  EXPECT_EQ(outcome.gas_used, 100u);
  EXPECT_EQ(outcome.trap->describe(), "out of gas");
  // Unlimited calls still count.
  outcome = store.call(f, ten).value();
  EXPECT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.gas_used, 10u);
}

TEST(Gas, RemainingIsVisibleAndMeteringCanBeOff) {
  Store store{Engine()};
  uint64_t seen = 0;
  Func f = wrap_function(store, [&seen](Caller& caller) -> Result<void, Trap> {
    auto charged = caller.charge_gas(7);
    seen = caller.gas_remaining();
    return charged;
  });
  EXPECT_EQ(store.call(f, {}, CallOptions{50}).value().gas_used, 7u);
  EXPECT_EQ(seen, 43u);

  EngineConfig config;
  config.gas_metering = false;
  Store unmetered{Engine(config)};
  Func g = wrap_function(unmetered, [](Caller& caller) -> Result<void, Trap> { return caller.charge_gas(1000); });
  CallOutcome outcome = unmetered.call(g, {}, CallOptions{10}).value();
  EXPECT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.gas_used, 0u);
}

TEST(Nested, HostCallsBackIntoTheStore) {
  Store store{Engine()};
  Func inner = wrap_function(store, [](Caller& caller, int32_t x) -> Result<int32_t, Trap> {
    if (auto charged = caller.charge_gas(5); !charged.ok()) return charged.error();
    return x + 1;
  });
  Func outer = wrap_function(store, [inner](Caller& caller, int32_t x) -> Result<int32_t, Trap> {
    if (auto charged = caller.charge_gas(3); !charged.ok()) return charged.error();
    const Value args[] = {Value::i32(x)};
    auto out = caller.store().call(inner, args);
    if (!out.ok()) return Trap{TrapKind::Host, kNoFunction, 0, {}, "bad call"};
    if (out.value().trap) return *out.value().trap;
    EXPECT_EQ(out.value().gas_used, 5u);
    return out.value().results[0].i32() * 10;
  });
  const Value args[] = {Value::i32(4)};
  CallOutcome outcome = store.call(outer, args, CallOptions{100}).value();
  ASSERT_TRUE(outcome.ok()) << outcome.trap->describe();
  EXPECT_EQ(outcome.results[0], Value::i32(50));
  EXPECT_EQ(outcome.gas_used, 8u);
}

TEST(Nested, InnerLimitCapsTheInnerCallOnly) {
  Store store{Engine()};
  Func burn = wrap_function(store, [](Caller& caller, uint32_t n) -> Result<void, Trap> { return caller.charge_gas(n); });
  uint64_t inner_used = 0;
  bool inner_trapped = false;
  Func outer = wrap_function(store, [&, burn](Caller& caller) -> Result<void, Trap> {
    const Value args[] = {Value::i32(30)};
    CallOutcome out = caller.store().call(burn, args, CallOptions{20}).value();
    inner_used = out.gas_used;
    inner_trapped = !out.ok();
    return caller.charge_gas(1);  // the outer call goes on with what is left
  });
  CallOutcome outcome = store.call(outer, {}, CallOptions{100}).value();
  EXPECT_TRUE(inner_trapped);
  EXPECT_EQ(inner_used, 20u);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.gas_used, 21u);
}

TEST(Nested, DepthIsLimited) {
  Store store{Engine()};
  // A host function that calls itself through the store until something fails.
  auto self = std::make_shared<Func>();
  uint32_t deepest = 0;
  std::optional<Trap> innermost;
  *self = wrap_function(store, [self, &deepest, &innermost](Caller& caller, uint32_t depth) -> Result<uint32_t, Trap> {
    deepest = std::max(deepest, depth);
    const Value args[] = {Value::i32(static_cast<int32_t>(depth + 1))};
    CallOutcome out = caller.store().call(*self, args).value();
    if (out.trap) {
      if (!innermost) innermost = out.trap;
      return *out.trap;
    }
    return out.results[0].i32();
  });
  const Value args[] = {Value::i32(0)};
  CallOutcome outcome = store.call(*self, args).value();
  ASSERT_FALSE(outcome.ok());
  ASSERT_TRUE(innermost);
  EXPECT_EQ(innermost->kind, TrapKind::StackExhausted);
  // Re-raised by the host functions, it reaches the top as a host trap that says why.
  EXPECT_EQ(outcome.trap->kind, TrapKind::Host);
  EXPECT_EQ(outcome.trap->message, "call stack exhausted");
  EXPECT_EQ(deepest + 1, runtime::kMaxHostDepth);  // kMaxHostDepth host frames in all
  *self = Func();  // break the shared_ptr cycle
  // Usable afterwards.
  Func f = wrap_function(store, []() { return int32_t{7}; });
  EXPECT_EQ(store.call(f, {}).value().results[0], Value::i32(7));
}

TEST(Describe, ValuesAndTraps) {
  EXPECT_EQ(Value::i32(-42).describe(), "i32:-42");
  EXPECT_EQ(Value::i64(1).describe(), "i64:1");
  EXPECT_EQ(Value::f32(1.5f).describe(), "f32:1.5");
  EXPECT_EQ(Value::f32_bits(0x7fc00000).describe(), "f32:0x7fc00000 (nan)");
  EXPECT_EQ(Value::f64_bits(0x7ff8000000000001).describe(), "f64:0x7ff8000000000001 (nan)");
  EXPECT_EQ(Value::null(ValType::FuncRef).describe(), "funcref:null");
  EXPECT_EQ(Value::externref(255).describe(), "externref:0xff");
  EXPECT_EQ(Trap({TrapKind::MemoryOutOfBounds, 3, 0x2a, "fib", {}}).describe(),
            "out of bounds memory access in function fib (index 3) at offset 0x2a");
  EXPECT_EQ(Trap({TrapKind::Unreachable, 0, 0, {}, {}}).describe(), "unreachable in function (index 0)");
  EXPECT_STREQ(message(TrapKind::Unreachable), "unreachable");
  EXPECT_STREQ(message(TrapKind::UndefinedElement), "undefined element");
  EXPECT_STREQ(message(TrapKind::UninitializedElement), "uninitialized element");
  EXPECT_STREQ(message(TrapKind::IndirectCallTypeMismatch), "indirect call type mismatch");
  EXPECT_STREQ(message(TrapKind::InvalidConversion), "invalid conversion to integer");
  EXPECT_STREQ(message(TrapKind::StackExhausted), "call stack exhausted");
}

}  // namespace
}  // namespace shortcrust
