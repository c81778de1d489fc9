// Every TrapKind (tests/wat/trap.wat), reported with its kind, the function index, the
// function's name from the name section (not its export name) and the module byte offset
// of the trapping instruction; after each trap the store runs the next call normally.
// Where ARCHITECTURE leaves the reported point open, the choice is written at the test.
#include <string>

#include "tests/exec/exec_fixture.h"

namespace shortcrust::test {
namespace {

class TrapTest : public ExecTest {
 protected:
  void SetUp() override {
    define_host("env", "fail", FuncType{},
                [](Caller&, std::span<const Value>, std::span<Value>) -> Result<void, Trap> {
                  Trap trap;
                  trap.kind = TrapKind::Host;
                  trap.message = "the host refused";
                  return trap;
                });
  }

  // The call traps with `kind` at `site`; the description names it; the store is usable.
  void expect_trap_at(std::string_view export_name, const std::vector<Value>& args, TrapKind kind,
                      const Site& site, std::optional<uint64_t> gas_limit = {}) {
    SCOPED_TRACE(std::string(export_name));
    const Trap trap = expect_trap(export_name, args, kind, gas_limit);
    expect_trap_site(trap, site);
    const std::string text = trap.describe();
    EXPECT_NE(text.find(message(kind)), std::string::npos) << text;
    EXPECT_NE(text.find(std::string(site.function)), std::string::npos) << text;
    expect_i32("ok", {}, 42);
  }
};
SC_EXEC_TESTS(TrapTest);

Value i32(int32_t v) { return Value::i32(v); }

TEST_P(TrapTest, Unreachable) {
  load("trap");
  expect_trap_at("unreachable", {}, TrapKind::Unreachable, {"do_unreachable", Op::Unreachable, 0});
}

TEST_P(TrapTest, MemoryOutOfBounds) {
  load("trap");
  expect_trap_at("memory_oob", {i32(65532)}, TrapKind::MemoryOutOfBounds, {"do_load", Op::I32Load, 0});
  expect_trap_at("memory_oob_store", {i32(65529)}, TrapKind::MemoryOutOfBounds,
                 {"do_store", Op::I64Store, 0});
}

TEST_P(TrapTest, TableOutOfBounds) {
  load("trap");
  expect_trap_at("table_oob", {i32(3)}, TrapKind::TableOutOfBounds, {"do_table_get", Op::TableGet, 0});
}

TEST_P(TrapTest, CallIndirectFailures) {
  load("trap");
  expect_i32("call_indirect", {i32(0)}, 42);
  expect_trap_at("call_indirect", {i32(3)}, TrapKind::UndefinedElement,
                 {"do_call_indirect", Op::CallIndirect, 0});
  expect_trap_at("call_indirect", {i32(2)}, TrapKind::UninitializedElement,
                 {"do_call_indirect", Op::CallIndirect, 0});
  expect_trap_at("call_indirect", {i32(1)}, TrapKind::IndirectCallTypeMismatch,
                 {"do_call_indirect", Op::CallIndirect, 0});
}

TEST_P(TrapTest, IntegerTraps) {
  load("trap");
  expect_trap_at("div_s", {i32(INT32_MIN), i32(-1)}, TrapKind::IntegerOverflow, {"do_div_s", Op::I32DivS, 0});
  expect_trap_at("div_s", {i32(1), i32(0)}, TrapKind::IntegerDivideByZero, {"do_div_s", Op::I32DivS, 0});
  expect_trap_at("rem_u", {Value::i64(1), Value::i64(0)}, TrapKind::IntegerDivideByZero,
                 {"do_rem_u", Op::I64RemU, 0});
}

TEST_P(TrapTest, ConversionTraps) {
  load("trap");
  expect_trap_at("trunc", {Value::f32_bits(0x7fc00000)}, TrapKind::InvalidConversion,
                 {"do_trunc", Op::I32TruncF32S, 0});
  expect_trap_at("trunc", {Value::f32(3e9f)}, TrapKind::IntegerOverflow, {"do_trunc", Op::I32TruncF32S, 0});
}

// Decision (ARCHITECTURE §4 says only "entering a function ... traps"): the trap is
// reported at the `call` that could not enter its callee. $do_recurse calls itself, so
// the function index is the same either way.
TEST_P(TrapTest, StackExhausted) {
  load("trap");
  expect_trap_at("recurse", {}, TrapKind::StackExhausted, {"do_recurse", Op::Call, 0});
}

TEST_P(TrapTest, OutOfGas) {
  load("trap");
  // [loop] = 0, then [br] = 1 per iteration: the 101st `br` segment does not fit.
  expect_trap_at("spin", {}, TrapKind::OutOfGas, {"do_spin", Op::Br, 0}, 100);
  const CallOutcome outcome = call("spin", {}, 100);
  EXPECT_EQ(outcome.gas_used, 100u);
}

// Host traps carry the host's message; where they are reported (the host function has
// no code offset) is not pinned down here.
TEST_P(TrapTest, Host) {
  load("trap");
  const Trap trap = expect_trap("host", {}, TrapKind::Host);
  EXPECT_EQ(trap.message, "the host refused");
  EXPECT_NE(trap.describe().find("the host refused"), std::string::npos) << trap.describe();
  expect_i32("ok", {}, 42);
}

TEST_P(TrapTest, TrapInACalleeNamesTheCallee) {
  load("trap");
  expect_i32("nested", {i32(1)}, 2);
  expect_trap_at("nested", {i32(0)}, TrapKind::IntegerDivideByZero, {"do_inner", Op::I32DivU, 0});
}

TEST_P(TrapTest, ManyTrapsInARow) {
  load("trap");
  for (int i = 0; i < 100; ++i) {
    expect_trap("unreachable", {}, TrapKind::Unreachable);
    expect_trap("recurse", {}, TrapKind::StackExhausted);
    expect_trap("spin", {}, TrapKind::OutOfGas, 1000);
  }
  expect_i32("ok", {}, 42);
  expect_i32("nested", {i32(1)}, 2);
}

}  // namespace
}  // namespace shortcrust::test
