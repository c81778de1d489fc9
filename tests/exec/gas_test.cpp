// Gas vectors computed by hand from ARCHITECTURE §5 (schedule v1) for tests/wat/gas.wat:
// every vector runs unlimited, with limit = need (succeeds using exactly need) and with
// limit = need - 1 (OutOfGas, gas_used = limit, trap at the documented instruction).
// The segment breakdown of each function is in the WAT file next to it.
#include "tests/exec/exec_fixture.h"

namespace shortcrust::test {
namespace {

class GasTest : public ExecTest {};
SC_EXEC_TESTS(GasTest);

Value i32(int32_t v) { return Value::i32(v); }

TEST_P(GasTest, StraightLineCode) {
  load("gas");
  check_gas({"straight", {}, 5, {i32(9)}, {}, {"straight", Op::I32Const, 0}});
  check_gas({"free", {}, 2, {i32(9)}, {}, {"free", Op::I32Const, 0}});
  check_gas({"pages", {}, 1, {i32(1)}, {}, {"pages", Op::MemorySize, 0}});
}

TEST_P(GasTest, FreeControlInstructions) {
  load("gas");
  check_gas({"trap_after", {}, 1, {}, TrapKind::Unreachable, {"trap_after", Op::I32Const, 0}});
  check_gas({"early_return", {}, 1, {i32(3)}, {}, {"early_return", Op::I32Const, 0}});
  check_gas({"block_br", {i32(7)}, 4, {i32(8)}, {}, {"block_br", Op::LocalGet, 0}});
  expect_out_of_gas("block_br", {i32(7)}, 1, {"block_br", Op::I32Const, 0});
}

TEST_P(GasTest, StoresCostFourPerByte) {
  load("gas");
  check_gas({"stores", {}, 156, {i32(0x44222211)}, {}, {"stores", Op::I32Const, 0}});
}

TEST_P(GasTest, WorkedLoopExample) {
  load("gas");
  // Limit 51 succeeds; 50 runs out at the `local.get 0` after the loop.
  check_gas({"loop", {i32(10)}, 51, {i32(0)}, {}, {"loop", Op::LocalGet, 1}});
  // Running out inside the loop: at the body's first instruction.
  expect_out_of_gas("loop", {i32(10)}, 4, {"loop", Op::LocalGet, 0});
  expect_out_of_gas("loop", {i32(10)}, 49, {"loop", Op::LocalGet, 0});
  check_gas({"loop", {i32(1)}, 6, {i32(0)}, {}, {"loop", Op::LocalGet, 1}});
}

TEST_P(GasTest, CallsIncludeTheCallee) {
  load("gas");
  check_gas({"calls", {}, 7, {i32(12)}, {}, {"calls", Op::I32Const, 1}});
  expect_out_of_gas("calls", {}, 4, {"callee", Op::LocalGet, 0});
  expect_out_of_gas("calls", {}, 1, {"calls", Op::I32Const, 0});
  // The callee's segment ends at the final `end`: nothing is left to charge in the caller.
  check_gas({"calls_indirect", {}, 6, {i32(42)}, {}, {"callee", Op::LocalGet, 0}});
  expect_out_of_gas("calls_indirect", {}, 2, {"calls_indirect", Op::I32Const, 0});
}

TEST_P(GasTest, BrTableChargesTheTakenArm) {
  load("gas");
  check_gas({"br_table", {i32(0)}, 3, {i32(10)}, {}, {"br_table", Op::I32Const, 0}});
  check_gas({"br_table", {i32(1)}, 5, {i32(21)}, {}, {"br_table", Op::I32Const, 1}});
  check_gas({"br_table", {i32(2)}, 7, {i32(32)}, {}, {"br_table", Op::I32Const, 3}});
  check_gas({"br_table", {i32(1000)}, 7, {i32(32)}, {}, {"br_table", Op::I32Const, 3}});
  expect_out_of_gas("br_table", {i32(2)}, 1, {"br_table", Op::LocalGet, 0});
}

TEST_P(GasTest, IfElseChargesEachArm) {
  load("gas");
  check_gas({"if_else", {i32(1)}, 5, {i32(11)}, {}, {"if_else", Op::I32Const, 3}});
  check_gas({"if_else", {i32(0)}, 7, {i32(15)}, {}, {"if_else", Op::I32Const, 3}});
  expect_out_of_gas("if_else", {i32(1)}, 2, {"if_else", Op::I32Const, 0});
  expect_out_of_gas("if_else", {i32(0)}, 4, {"if_else", Op::I32Const, 1});
  expect_out_of_gas("if_else", {i32(0)}, 1, {"if_else", Op::LocalGet, 0});
  check_gas({"if_only", {i32(1)}, 4, {i32(5)}, {}, {"if_only", Op::I32Const, 1}});
  check_gas({"if_only", {i32(0)}, 3, {i32(5)}, {}, {"if_only", Op::I32Const, 1}});
  expect_out_of_gas("if_only", {i32(1)}, 2, {"if_only", Op::I32Const, 0});
}

TEST_P(GasTest, MemoryBulkOperations) {
  load("gas");
  // n = 0: only the static segment; running short fails at its first instruction.
  check_gas({"fill", {i32(0), i32(7), i32(0)}, 4, {}, {}, {"fill", Op::LocalGet, 0}});
  check_gas({"copy", {i32(100), i32(0), i32(0)}, 4, {}, {}, {"copy", Op::LocalGet, 0}});
  check_gas({"init", {i32(0), i32(0), i32(0)}, 4, {}, {}, {"init", Op::LocalGet, 0}});
  // n > 0: 1 + 4 per byte, charged by the instruction itself.
  check_gas({"fill", {i32(0), i32(7), i32(10)}, 44, {}, {}, {"fill", Op::MemoryFill, 0}});
  check_gas({"copy", {i32(100), i32(0), i32(16)}, 68, {}, {}, {"copy", Op::MemoryCopy, 0}});
  check_gas({"init", {i32(0), i32(0), i32(16)}, 68, {}, {}, {"init", Op::MemoryInit, 0}});
  // The static segment fits, the bytes do not.
  expect_out_of_gas("fill", {i32(0), i32(7), i32(10)}, 4, {"fill", Op::MemoryFill, 0});
  expect_out_of_gas("fill", {i32(0), i32(7), i32(10)}, 3, {"fill", Op::LocalGet, 0});
}

TEST_P(GasTest, OutOfBoundsBulkPaysItsBytesFirst) {
  load("gas");
  // 65530 + 10 > 65536: pays 4 + 40, then traps out of bounds.
  check_gas({"fill", {i32(65530), i32(0), i32(10)}, 44, {}, TrapKind::MemoryOutOfBounds,
             {"fill", Op::MemoryFill, 0}});
  check_gas({"copy", {i32(0), i32(65530), i32(10)}, 44, {}, TrapKind::MemoryOutOfBounds,
             {"copy", Op::MemoryCopy, 0}});
  // Source 10 + 16 > 16 bytes of the segment.
  check_gas({"init", {i32(0), i32(10), i32(16)}, 68, {}, TrapKind::MemoryOutOfBounds,
             {"init", Op::MemoryInit, 0}});
  // n = 0 exactly at the end is in bounds; one past it is not.
  check_gas({"fill", {i32(65536), i32(0), i32(0)}, 4, {}, {}, {"fill", Op::LocalGet, 0}});
  check_gas({"fill", {i32(65537), i32(0), i32(0)}, 4, {}, TrapKind::MemoryOutOfBounds,
             {"fill", Op::LocalGet, 0}});
  // Table: 2 + 3 > 4 elements.
  check_gas({"table_init", {i32(2), i32(0), i32(3)}, 7, {}, TrapKind::TableOutOfBounds,
             {"table_init", Op::TableInit, 0}});
}

TEST_P(GasTest, TableBulkOperations) {
  load("gas");
  check_gas({"table_fill", {i32(1), i32(0)}, 4, {}, {}, {"table_fill", Op::LocalGet, 0}});
  check_gas({"table_copy", {i32(1), i32(0), i32(0)}, 4, {}, {}, {"table_copy", Op::LocalGet, 0}});
  check_gas({"table_init", {i32(1), i32(0), i32(0)}, 4, {}, {}, {"table_init", Op::LocalGet, 0}});
  check_gas({"table_fill", {i32(1), i32(2)}, 6, {}, {}, {"table_fill", Op::TableFill, 0}});
  check_gas({"table_copy", {i32(1), i32(0), i32(2)}, 6, {}, {}, {"table_copy", Op::TableCopy, 0}});
  check_gas({"table_init", {i32(1), i32(0), i32(3)}, 7, {}, {}, {"table_init", Op::TableInit, 0}});
}

TEST_P(GasTest, MemoryGrowPaysPerPageAskedFor) {
  load("gas");
  check_gas({"grow", {i32(0)}, 2, {i32(1)}, {}, {"grow", Op::LocalGet, 0}});
  // Maximum 2 pages: asking for 5 fails (-1) and still pays 2 + 5 * 1024.
  check_gas({"grow", {i32(5)}, 5122, {i32(-1)}, {}, {"grow", Op::MemoryGrow, 0}});
  // 0xffffffff pages: 2 + 1024 * (2^32 - 1), no overflow.
  check_gas({"grow", {i32(-1)}, 2 + 1024 * uint64_t{0xffffffff}, {i32(-1)}, {},
             {"grow", Op::MemoryGrow, 0}});

  // Running out before the grow leaves the memory as it was.
  expect_out_of_gas("grow", {i32(1)}, 1025, {"grow", Op::MemoryGrow, 0});
  EXPECT_EQ(instance_.memory0().pages(), 1u);
  CallOutcome grown = call("grow", {i32(1)}, 1026);
  EXPECT_EQ(grown.results, std::vector<Value>{i32(1)});
  EXPECT_EQ(grown.gas_used, 1026u);
  EXPECT_EQ(instance_.memory0().pages(), 2u);
}

TEST_P(GasTest, TableGrowPaysPerElementAskedFor) {
  load("gas");
  check_gas({"table_grow", {i32(0)}, 3, {i32(4)}, {}, {"table_grow", Op::RefNull, 0}});
  // Maximum 10 elements: asking for 100 fails (-1) and still pays 3 + 100.
  check_gas({"table_grow", {i32(100)}, 103, {i32(-1)}, {}, {"table_grow", Op::TableGrow, 0}});

  expect_out_of_gas("table_grow", {i32(6)}, 8, {"table_grow", Op::TableGrow, 0});
  CallOutcome grown = call("table_grow", {i32(6)}, 9);
  EXPECT_EQ(grown.results, std::vector<Value>{i32(4)});
  EXPECT_EQ(grown.gas_used, 9u);
  // Had the starved call grown the table, this would be -1 (beyond the maximum 10).
  check_gas({"table_grow", {i32(0)}, 3, {i32(10)}, {}, {"table_grow", Op::RefNull, 0}});
}

TEST_P(GasTest, HostFunctionCharges) {
  define_host("env", "charge", FuncType{{ValType::I64}, {}},
              [](Caller& caller, std::span<const Value> params, std::span<Value>) -> Result<void, Trap> {
                return caller.charge_gas(static_cast<uint64_t>(params[0].i64()));
              });
  load("gas_host");
  const std::vector<Value> args = {Value::i64(100)};
  CallOutcome paid = call("pay", args, 102);
  EXPECT_FALSE(paid.trap.has_value());
  EXPECT_EQ(paid.gas_used, 102u);
  EXPECT_EQ(call("pay", args).gas_used, 102u);
  // The host's charge does not fit: OutOfGas, the whole limit used.
  CallOutcome starved = call("pay", args, 101);
  ASSERT_TRUE(starved.trap.has_value());
  EXPECT_EQ(starved.trap->kind, TrapKind::OutOfGas);
  EXPECT_EQ(starved.gas_used, 101u);
  // The wasm segment before the call does not fit.
  expect_out_of_gas("pay", args, 1, {"pay", Op::LocalGet, 0});
}

TEST_P(GasTest, GasUsedIsPerCall) {
  load("gas");
  EXPECT_EQ(call("straight").gas_used, 5u);
  EXPECT_EQ(call("straight", {}, 5).gas_used, 5u);
  expect_out_of_gas("straight", {}, 0, {"straight", Op::I32Const, 0});
  EXPECT_EQ(call("calls", {}, 100).gas_used, 7u);
}

TEST_P(GasTest, MeteringOffSameResultsNoGas) {
  config_.gas_metering = false;
  load("gas");
  struct Case {
    std::string_view func;
    std::vector<Value> args;
    std::vector<Value> results;
  };
  const Case cases[] = {
      {"straight", {}, {i32(9)}},
      {"stores", {}, {i32(0x44222211)}},
      {"loop", {i32(10)}, {i32(0)}},
      {"calls", {}, {i32(12)}},
      {"calls_indirect", {}, {i32(42)}},
      {"br_table", {i32(1)}, {i32(21)}},
      {"if_else", {i32(0)}, {i32(15)}},
      {"fill", {i32(0), i32(7), i32(10)}, {}},
      {"grow", {i32(5)}, {i32(-1)}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.func));
    for (std::optional<uint64_t> limit : {std::optional<uint64_t>{}, std::optional<uint64_t>{1}}) {
      // No charges are compiled in: even a limit of 1 does not stop the call.
      const CallOutcome outcome = call(c.func, c.args, limit);
      ASSERT_FALSE(outcome.trap.has_value()) << outcome.trap->describe();
      EXPECT_EQ(outcome.results, c.results);
      EXPECT_EQ(outcome.gas_used, 0u);
    }
  }
  const Trap trap = expect_trap("fill", {i32(65530), i32(0), i32(10)}, TrapKind::MemoryOutOfBounds);
  expect_trap_site(trap, {"fill", Op::MemoryFill, 0});
}

}  // namespace
}  // namespace shortcrust::test
