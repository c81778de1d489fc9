// Structured control (tests/wat/control.wat): blocks, ifs and loops with params and
// results, branches that carry values and discard the rest, br_table to blocks and
// loops (including out-of-range indices), early returns, select and multi-value calls.
#include "tests/exec/exec_fixture.h"

namespace shortcrust::test {
namespace {

class ControlTest : public ExecTest {};
SC_EXEC_TESTS(ControlTest);

Value i32(int32_t v) { return Value::i32(v); }
Value i64(int64_t v) { return Value::i64(v); }

TEST_P(ControlTest, BlocksAndIfsWithParams) {
  load("control");
  expect_i32("block_params", {i32(10), i32(3)}, 7);
  expect_i32("if_params", {i32(5), i32(3), i32(1)}, 8);
  expect_i32("if_params", {i32(5), i32(3), i32(0)}, 2);
}

TEST_P(ControlTest, LoopWithParams) {
  load("control");
  expect_i32("sum_to", {i32(0)}, 0);
  expect_i32("sum_to", {i32(1)}, 1);
  expect_i32("sum_to", {i32(10)}, 55);
  expect_i32("sum_to", {i32(1000)}, 500500);
}

TEST_P(ControlTest, BranchesCarryValues) {
  load("control");
  expect_i32("br_discards", {}, 3);
  expect_results("br_multi", {}, {i32(7), i32(8)});
}

TEST_P(ControlTest, BrTable) {
  load("control");
  expect_i32("br_table_value", {i32(0)}, 11);
  expect_i32("br_table_value", {i32(1)}, 10);
  expect_i32("br_table_value", {i32(2)}, 11);
  expect_i32("br_table_value", {i32(-1)}, 11);  // the index is unsigned: default
  expect_i32("br_table_loop", {i32(1)}, 1);
  expect_i32("br_table_loop", {i32(5)}, 5);
  expect_i32("br_table_loop", {i32(1000)}, 1000);
}

TEST_P(ControlTest, EarlyExits) {
  load("control");
  expect_i32("early_return", {i32(0)}, 2);
  expect_i32("early_return", {i32(5)}, 1);
}

TEST_P(ControlTest, LoopsAndRecursion) {
  load("control");
  expect_i64("fib", {i32(0)}, 0);
  expect_i64("fib", {i32(1)}, 1);
  expect_i64("fib", {i32(10)}, 55);
  expect_i64("fib", {i32(90)}, 2880067194370816120);
  expect_i64("fac", {i64(0)}, 1);
  expect_i64("fac", {i64(20)}, 2432902008176640000);
}

TEST_P(ControlTest, Select) {
  load("control");
  expect_i64("select", {i32(1)}, 1);
  expect_i64("select", {i32(-5)}, 1);
  expect_i64("select", {i32(0)}, 2);
  expect_results("select_f64", {Value::f64(1.5), Value::f64(2.5), i32(0)}, {Value::f64(2.5)});
  expect_results("select_f64", {Value::f64_bits(0x7ff4000000000001), Value::f64(2.5), i32(1)},
                 {Value::f64_bits(0x7ff4000000000001)});
}

TEST_P(ControlTest, MultiValue) {
  load("control");
  expect_results("three", {}, {i32(1), i64(2), Value::f32(3.5f)});
  expect_results("swap", {i32(-1), i64(0x123456789)}, {i64(0x123456789), i32(-1)});
  expect_i32("call_multi", {}, 3);
  expect_results("swap_twice", {i32(42), i64(-42)}, {i32(42), i64(-42)});
}

TEST_P(ControlTest, BadArgumentsAreErrorsNotTraps) {
  load("control");
  Func swap = instance_.func("swap");
  ASSERT_TRUE(swap);
  const std::vector<Value> too_few = {i32(1)};
  const std::vector<Value> wrong_type = {i64(1), i64(2)};
  EXPECT_FALSE(store().call(swap, too_few).ok());
  EXPECT_FALSE(store().call(swap, wrong_type).ok());
  expect_results("swap", {i32(1), i64(2)}, {i64(2), i32(1)});  // still usable
}

}  // namespace
}  // namespace shortcrust::test
