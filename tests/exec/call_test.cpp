// Calls (tests/wat/call.wat, call_lib.wat): direct calls, call_indirect with each of its
// traps (type mismatch, null entry, index out of range), functions imported from another
// wasm instance (running in their own instance, trapping under their own name) and
// host functions (results, host traps with their message, re-entry into wasm).
#include <string>

#include "tests/exec/exec_fixture.h"

namespace shortcrust::test {
namespace {

class CallsTest : public ExecTest {
 protected:
  // Defines lib (call_lib.wat) and the env host functions, then loads call.wat.
  void load_all() {
    lib_ = load("call_lib");
    linker_.define_instance("lib", lib_);
    define_host("env", "host_mul", FuncType{{ValType::I64, ValType::I64}, {ValType::I64}},
                [](Caller&, std::span<const Value> params, std::span<Value> results) -> Result<void, Trap> {
                  // Wrapping, as i64.mul does (a signed overflow would be undefined).
                  const uint64_t product = static_cast<uint64_t>(params[0].i64()) * static_cast<uint64_t>(params[1].i64());
                  results[0] = Value::i64(static_cast<int64_t>(product));
                  return {};
                });
    define_host("env", "host_fail", FuncType{{ValType::I32}, {}},
                [](Caller&, std::span<const Value> params, std::span<Value>) -> Result<void, Trap> {
                  Trap trap;
                  trap.kind = TrapKind::Host;
                  trap.message = "host says no to " + std::to_string(params[0].i32());
                  return trap;
                });
    define_host("env", "host_reenter", FuncType{{ValType::I32}, {ValType::I32}},
                [](Caller& caller, std::span<const Value> params,
                   std::span<Value> results) -> Result<void, Trap> {
                  Func direct = caller.instance().func("direct");
                  const std::vector<Value> args = {params[0]};
                  auto outcome = caller.store().call(direct, args);
                  if (!outcome.ok() || outcome.value().trap) {
                    Trap trap;
                    trap.kind = TrapKind::Host;
                    trap.message = "re-entry failed";
                    return trap;
                  }
                  results[0] = Value::i32(outcome.value().results.at(0).i32() + 100);
                  return {};
                });
    load("call");
  }

  Instance lib_;
};
SC_EXEC_TESTS(CallsTest);

Value i32(int32_t v) { return Value::i32(v); }
Value i64(int64_t v) { return Value::i64(v); }

TEST_P(CallsTest, Direct) {
  load_all();
  expect_i32("direct", {i32(21)}, 42);
  expect_i32("direct", {i32(-3)}, -6);
}

TEST_P(CallsTest, Indirect) {
  load_all();
  expect_i32("indirect", {i32(5), i32(0)}, 10);
  expect_i32("indirect", {i32(6), i32(3)}, 12);
  expect_i32("indirect_v", {i32(1)}, 7);
  // Entry 2 is lib's `add`: its type is the same as this module's $ii_i.
  expect_i32("indirect_ii", {i32(2), i32(3), i32(2)}, 5);
}

TEST_P(CallsTest, IndirectTypeMismatch) {
  load_all();
  const Trap t1 = expect_trap("indirect", {i32(5), i32(1)}, TrapKind::IndirectCallTypeMismatch);
  expect_trap_site(t1, {"indirect", Op::CallIndirect, 0});
  expect_trap("indirect", {i32(5), i32(2)}, TrapKind::IndirectCallTypeMismatch);
  expect_trap("indirect_v", {i32(0)}, TrapKind::IndirectCallTypeMismatch);
  expect_trap("indirect_ii", {i32(1), i32(2), i32(0)}, TrapKind::IndirectCallTypeMismatch);
}

TEST_P(CallsTest, IndirectNullEntry) {
  load_all();
  const Trap trap = expect_trap("indirect", {i32(5), i32(4)}, TrapKind::UninitializedElement);
  expect_trap_site(trap, {"indirect", Op::CallIndirect, 0});
}

TEST_P(CallsTest, IndirectOutOfRange) {
  load_all();
  const Trap trap = expect_trap("indirect", {i32(5), i32(5)}, TrapKind::UndefinedElement);
  expect_trap_site(trap, {"indirect", Op::CallIndirect, 0});
  expect_trap("indirect", {i32(5), i32(-1)}, TrapKind::UndefinedElement);
  expect_trap("indirect_v", {i32(1000000)}, TrapKind::UndefinedElement);
}

TEST_P(CallsTest, ImportedWasmFunctions) {
  load_all();
  expect_i32("imported", {i32(40), i32(2)}, 42);
  // `bump` counts in lib's own global, shared by lib's export and the import.
  expect_i32("bump_twice", {}, 2);
  EXPECT_EQ(call_in(lib_, "bump", {}).results, std::vector<Value>{i32(3)});
  expect_i32("bump_twice", {}, 5);
}

TEST_P(CallsTest, TrapInAnImportedFunctionNamesIt) {
  load_all();
  const Trap trap = expect_trap("lib_trap_through", {}, TrapKind::Unreachable);
  EXPECT_EQ(trap.function, 2u) << trap.describe();  // lib: add 0, bump 1, trap 2
  EXPECT_EQ(trap.function_name, "lib_trap");
  expect_i32("imported", {i32(1), i32(2)}, 3);
}

TEST_P(CallsTest, HostFunctions) {
  load_all();
  expect_i64("host_mul_plus1", {i64(6), i64(7)}, 43);
  expect_i64("host_mul_plus1", {i64(int64_t{1} << 32), i64(int64_t{1} << 32)}, 1);  // wraps
  const Trap trap = expect_trap("host_fail_call", {i32(9)}, TrapKind::Host);
  EXPECT_EQ(trap.message, "host says no to 9");
  expect_i64("host_mul_plus1", {i64(2), i64(3)}, 7);
}

TEST_P(CallsTest, HostReentersWasm) {
  load_all();
  expect_i32("reenter", {i32(5)}, 111);  // direct(5) = 10, + 100 in the host, + 1
  expect_i32("reenter", {i32(-50)}, 1);
}

TEST_P(CallsTest, EmbedderCallsHostFunctionsDirectly) {
  Func square = store().create_function(
      FuncType{{ValType::I32}, {ValType::I32}},
      [](Caller& caller, std::span<const Value> params, std::span<Value> results) -> Result<void, Trap> {
        EXPECT_FALSE(caller.instance());  // called by the embedder, not from wasm
        results[0] = Value::i32(params[0].i32() * params[0].i32());
        return {};
      },
      "square");
  EXPECT_TRUE(square.is_host());
  const std::vector<Value> args = {i32(12)};
  auto outcome = store().call(square, args);
  ASSERT_TRUE(outcome.ok());
  ASSERT_FALSE(outcome.value().trap.has_value());
  EXPECT_EQ(outcome.value().results, std::vector<Value>{i32(144)});
}

}  // namespace
}  // namespace shortcrust::test
