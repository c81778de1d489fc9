// The deterministic stack limit (ARCHITECTURE §4) on tests/wat/stack.wat: with a small
// Limits::stack_slots the deepest recursion that fits is computable by hand from the
// frame costs noted in the WAT; one frame more traps StackExhausted. With the default
// limit, runaway recursion traps (never crashes) and the store keeps working.
#include "tests/exec/exec_fixture.h"

namespace shortcrust::test {
namespace {

class StackTest : public ExecTest {};
SC_EXEC_TESTS(StackTest);

Value i32(int32_t v) { return Value::i32(v); }

TEST_P(StackTest, ExactDepthFitsOneMoreTraps) {
  config_.limits.stack_slots = 70;  // $rec costs 7: ten frames fit exactly
  load("stack");
  expect_i32("rec", {i32(9)}, 9);
  expect_trap("rec", {i32(10)}, TrapKind::StackExhausted);
  expect_trap("rec", {i32(1000)}, TrapKind::StackExhausted);
}

TEST_P(StackTest, OneSlotShort) {
  config_.limits.stack_slots = 69;  // nine frames of 7
  load("stack");
  expect_i32("rec", {i32(8)}, 8);
  expect_trap("rec", {i32(9)}, TrapKind::StackExhausted);
}

TEST_P(StackTest, LocalsAndParamsCount) {
  config_.limits.stack_slots = 110;  // $rec_locals costs 2 + 3 + 2 + 4 = 11
  load("stack");
  expect_i32("rec_locals", {i32(9), Value::i64(0)}, 9);
  expect_trap("rec_locals", {i32(10), Value::i64(0)}, TrapKind::StackExhausted);
}

TEST_P(StackTest, FramesOfDifferentSizesAddUp) {
  config_.limits.stack_slots = 70;  // 16 + 7 * 7 = 65 fits, 16 + 7 * 8 = 72 does not
  load("stack");
  expect_i32("big_then_rec", {i32(6)}, 6);
  expect_trap("big_then_rec", {i32(7)}, TrapKind::StackExhausted);
}

TEST_P(StackTest, TheEntryFrameCounts) {
  config_.limits.stack_slots = 6;  // less than one frame of $rec
  load("stack");
  expect_trap("rec", {i32(0)}, TrapKind::StackExhausted);
}

TEST_P(StackTest, RecursionGas) {
  // $rec: entry [local.get i32.eqz if] = 3; then-arm [i32.const else] = 1; else-arm
  // [local.get i32.const i32.sub call] = 4 and, after the return, [i32.const i32.add end]
  // = 2: rec(n) costs 4 + 9n. Short by one, the outermost frame's last segment starves.
  load("stack");
  check_gas({"rec", {i32(9)}, 85, {i32(9)}, {}, {"rec", Op::I32Const, 2}});
  check_gas({"rec", {i32(0)}, 4, {i32(0)}, {}, {"rec", Op::I32Const, 0}});
}

TEST_P(StackTest, TheLimitIsPerTopLevelCall) {
  config_.limits.stack_slots = 70;
  load("stack");
  for (int i = 0; i < 3; ++i) expect_i32("rec", {i32(9)}, 9);
  expect_trap("rec", {i32(10)}, TrapKind::StackExhausted);
  // The trapped call's frames are gone: the full depth is available again.
  expect_i32("rec", {i32(9)}, 9);
  expect_trap("big_then_rec", {i32(7)}, TrapKind::StackExhausted);
  expect_i32("big_then_rec", {i32(6)}, 6);
}

TEST_P(StackTest, RunawayRecursionTrapsWithTheDefaultLimit) {
  load("stack");
  expect_trap("runaway", {}, TrapKind::StackExhausted);
  expect_trap("runaway_values", {Value::i64(0)}, TrapKind::StackExhausted);
  // The store works for the next call, repeatedly.
  expect_i32("rec", {i32(1000)}, 1000);
  expect_trap("runaway", {}, TrapKind::StackExhausted);
  expect_i32("rec", {i32(100000)}, 100000);
}

TEST_P(StackTest, StackTrapsAreDeterministicUnderGas) {
  // The same call with the same limit always uses the same gas before it traps.
  config_.limits.stack_slots = 70;
  load("stack");
  const CallOutcome first = call("rec", {i32(10)}, 1'000'000);
  const CallOutcome second = call("rec", {i32(10)}, 1'000'000);
  ASSERT_TRUE(first.trap.has_value());
  ASSERT_TRUE(second.trap.has_value());
  EXPECT_EQ(first.trap->kind, TrapKind::StackExhausted);
  EXPECT_EQ(first.gas_used, second.gas_used);
  EXPECT_GT(first.gas_used, 0u);
}

}  // namespace
}  // namespace shortcrust::test
