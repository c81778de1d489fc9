// Calls into WebAssembly through Store::call with the interpreter: results, gas, traps
// with their place, start functions, stack exhaustion, and host functions called from
// wasm that re-enter wasm.
#include <gtest/gtest.h>

#include "runtime_test_util.h"

namespace shortcrust::test {
namespace {

using namespace runtime_bytes;

const Bytes kAddBody = {0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b};
// (loop $l local.get 0 i32.const 1 i32.sub local.tee 0 br_if $l) local.get 0: ARCHITECTURE §5
const Bytes kCountdownBody = {0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b, 0x20, 0x00, 0x0b};

class CallTest : public ::testing::Test {
 protected:
  Instance instantiate(const Bytes& bytes) {
    auto result = linker_.instantiate(store_, compile_ok(engine_, bytes));
    if (!result.ok()) throw std::runtime_error(result.error().message);
    return result.value();
  }
  CallOutcome call(Func f, std::initializer_list<Value> args, std::optional<uint64_t> gas = std::nullopt) {
    auto out = store_.call(f, std::span<const Value>(args.begin(), args.size()), CallOptions{gas});
    if (!out.ok()) throw std::runtime_error(describe(out.error()));
    return out.value();
  }

  Engine engine_;
  Store store_{engine_};
  Linker linker_;
};

TEST_F(CallTest, AddAndGas) {
  Instance inst = instantiate(module({section(1, vec({func_type({kI32, kI32}, {kI32})})), section(3, vec({leb_u(0)})),
                                      section(7, vec({export_entry("add", 0, 0)})),
                                      section(10, vec({code_entry({}, kAddBody)}))}));
  Func add = inst.func("add");
  ASSERT_TRUE(add);
  EXPECT_FALSE(add.is_host());
  CallOutcome out = call(add, {Value::i32(2), Value::i32(40)});
  ASSERT_TRUE(out.ok()) << out.trap->describe();
  EXPECT_EQ(out.results, std::vector<Value>{Value::i32(42)});
  EXPECT_EQ(out.gas_used, 3u);  // local.get, local.get, i32.add; `end` is free
}

TEST_F(CallTest, WorkedGasExample) {
  Instance inst = instantiate(module({section(1, vec({func_type({kI32}, {kI32})})), section(3, vec({leb_u(0)})),
                                      section(7, vec({export_entry("f", 0, 0)})),
                                      section(10, vec({code_entry({}, kCountdownBody)}))}));
  Func f = inst.func("f");
  CallOutcome ok = call(f, {Value::i32(10)}, 51);
  ASSERT_TRUE(ok.ok()) << ok.trap->describe();
  EXPECT_EQ(ok.gas_used, 51u);
  EXPECT_EQ(ok.results[0], Value::i32(0));
  CallOutcome out = call(f, {Value::i32(10)}, 50);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.trap->kind, TrapKind::OutOfGas);
  EXPECT_EQ(out.gas_used, 50u);
  EXPECT_EQ(call(f, {Value::i32(10)}).gas_used, 51u);  // unlimited, still counted
}

TEST_F(CallTest, TrapNamesFunctionAndOffset) {
  const Bytes bytes = module({section(1, vec({func_type({}, {})})), section(3, vec({leb_u(0), leb_u(0)})),
                              section(7, vec({export_entry("boom", 0, 1)})),
                              section(10, vec({code_entry({}, {0x0b}), code_entry({}, {0x01, 0x00, 0x0b})}))});
  Instance inst = instantiate(bytes);
  CallOutcome out = call(inst.func("boom"), {});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.trap->kind, TrapKind::Unreachable);
  EXPECT_EQ(out.trap->function, 1u);
  EXPECT_EQ(out.trap->function_name, "boom");
  // The `unreachable` is the second-to-last byte of the module.
  EXPECT_EQ(out.trap->offset, bytes.size() - 2);
  EXPECT_TRUE(call(inst.func("boom"), {}).trap);  // the store stays usable
}

TEST_F(CallTest, StartFunctionInWasm) {
  // start: i32.const 0 i32.const 42 i32.store
  const Bytes store42 = {0x41, 0x00, 0x41, 0x2a, 0x36, 0x02, 0x00, 0x0b};
  Instance inst = instantiate(module({section(1, vec({func_type({}, {})})), section(3, vec({leb_u(0)})),
                                      section(5, vec({limits(1)})), section(7, vec({export_entry("m", 2, 0)})),
                                      section(8, leb_u(0)), section(10, vec({code_entry({}, store42)}))}));
  EXPECT_EQ(inst.memory("m").data()[0], 42);

  auto failed = linker_.instantiate(store_, compile_ok(engine_, module({section(1, vec({func_type({}, {})})),
                                                                        section(3, vec({leb_u(0)})), section(8, leb_u(0)),
                                                                        section(10, vec({code_entry({}, {0x00, 0x0b})}))})));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, InstantiationError::Kind::Trap);
  EXPECT_EQ(failed.error().trap->kind, TrapKind::Unreachable);
}

TEST_F(CallTest, InfiniteRecursionExhaustsTheStack) {
  Instance inst = instantiate(module({section(1, vec({func_type({}, {})})), section(3, vec({leb_u(0)})),
                                      section(7, vec({export_entry("r", 0, 0)})),
                                      section(10, vec({code_entry({}, {0x10, 0x00, 0x0b})}))}));
  CallOutcome out = call(inst.func("r"), {});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.trap->kind, TrapKind::StackExhausted);
  EXPECT_EQ(call(inst.func("r"), {}).trap->kind, TrapKind::StackExhausted);
}

TEST_F(CallTest, HostCalledFromWasmReentersWasm) {
  // func 0: import env.host (i32) -> i32
  // func 1 "double": local.get 0 local.get 0 i32.add
  // func 2 "run": local.get 0 call 0 i32.const 1 i32.add
  Func host = wrap_function(store_, [](Caller& caller, int32_t x) -> Result<int32_t, Trap> {
    if (!caller.instance()) return Trap{TrapKind::Host, kNoFunction, 0, {}, "no caller"};
    if (x < 0) return Trap{TrapKind::Host, kNoFunction, 0, {}, "negative"};
    const Value args[] = {Value::i32(x)};
    auto out = caller.store().call(caller.instance().func("double"), args);
    if (!out.ok() || out.value().trap) return Trap{TrapKind::Host, kNoFunction, 0, {}, "nested call failed"};
    return out.value().results[0].i32() + 100;
  }, "host");
  linker_.define("env", "host", host);
  Instance inst = instantiate(module({
      section(1, vec({func_type({kI32}, {kI32})})),
      section(2, vec({import_func("env", "host", 0)})),
      section(3, vec({leb_u(0), leb_u(0)})),
      section(7, vec({export_entry("double", 0, 1), export_entry("run", 0, 2)})),
      section(10, vec({code_entry({}, {0x20, 0x00, 0x20, 0x00, 0x6a, 0x0b}),
                       code_entry({}, {0x20, 0x00, 0x10, 0x00, 0x41, 0x01, 0x6a, 0x0b})})),
  }));
  CallOutcome out = call(inst.func("run"), {Value::i32(5)}, 1000);
  ASSERT_TRUE(out.ok()) << out.trap->describe();
  EXPECT_EQ(out.results[0], Value::i32(111));
  // run: local.get, call (2) | i32.const, i32.add (2); double: 3 => 7
  EXPECT_EQ(out.gas_used, 7u);

  CallOutcome bad = call(inst.func("run"), {Value::i32(-1)});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.trap->kind, TrapKind::Host);
  EXPECT_EQ(bad.trap->message, "negative");
  EXPECT_EQ(bad.trap->function_name, "run");  // the wasm function that called the host
  // Still usable, and deterministic.
  EXPECT_EQ(call(inst.func("run"), {Value::i32(5)}, 1000).gas_used, 7u);
}

}  // namespace
}  // namespace shortcrust::test
