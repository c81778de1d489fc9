// Table instructions (tests/wat/table.wat): table.get/set/size/grow/fill on funcref and
// externref tables, their bounds (exactly at the end, unsigned indices), growth up to the
// maximum, call_indirect through entries written at run time, and the embedder's view.
#include "tests/exec/exec_fixture.h"

namespace shortcrust::test {
namespace {

class TableTest : public ExecTest {};
SC_EXEC_TESTS(TableTest);

Value i32(int32_t v) { return Value::i32(v); }

bool ok(const CallOutcome& outcome) {
  if (outcome.trap) ADD_FAILURE() << outcome.trap->describe();
  return !outcome.trap;
}

TEST_P(TableTest, SetGetAndCall) {
  load("table");
  expect_i32("size", {}, 3);
  expect_i32("is_null", {i32(0)}, 1);
  expect_trap("call_at", {i32(0)}, TrapKind::UninitializedElement);
  EXPECT_TRUE(ok(call("set_f1", {i32(0)})));
  expect_i32("is_null", {i32(0)}, 0);
  expect_i32("call_at", {i32(0)}, 1);
  EXPECT_TRUE(ok(call("set_null", {i32(0)})));
  expect_trap("call_at", {i32(0)}, TrapKind::UninitializedElement);
}

TEST_P(TableTest, FuncrefsReachTheEmbedder) {
  load("table");
  ASSERT_TRUE(ok(call("set_f1", {i32(2)})));
  const CallOutcome got = call("get", {i32(2)});
  ASSERT_TRUE(ok(got));
  ASSERT_EQ(got.results.size(), 1u);
  ASSERT_EQ(got.results[0].type(), ValType::FuncRef);
  ASSERT_FALSE(got.results[0].is_null());
  const Func f1(got.results[0].funcref());
  auto outcome = store().call(f1, {});
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.value().results, std::vector<Value>{i32(1)});
  expect_results("get", {i32(1)}, {Value::null(ValType::FuncRef)});

  Table t = instance_.table("t");
  ASSERT_TRUE(t);
  EXPECT_EQ(t.size(), 3u);
  auto entry = t.get(2);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry.value(), got.results[0]);
}

TEST_P(TableTest, BoundsExactlyAtTheEnd) {
  load("table");
  expect_results("get", {i32(2)}, {Value::null(ValType::FuncRef)});
  expect_trap("get", {i32(3)}, TrapKind::TableOutOfBounds);
  expect_trap("get", {i32(-1)}, TrapKind::TableOutOfBounds);
  expect_trap("set_f1", {i32(3)}, TrapKind::TableOutOfBounds);
  expect_trap("set_null", {i32(-1)}, TrapKind::TableOutOfBounds);
  // call_indirect past the end is "undefined element", not a table access trap.
  expect_trap("call_at", {i32(3)}, TrapKind::UndefinedElement);
}

TEST_P(TableTest, Grow) {
  load("table");
  expect_i32("grow_f1", {i32(2)}, 3);
  expect_i32("size", {}, 5);
  expect_i32("call_at", {i32(4)}, 1);  // new entries hold the init value
  expect_i32("is_null", {i32(2)}, 1);  // old ones are untouched
  expect_i32("grow_f1", {i32(6)}, -1);  // 11 > maximum 10
  expect_i32("size", {}, 5);
  expect_i32("grow_f1", {i32(-1)}, -1);
  expect_i32("grow_f1", {i32(5)}, 5);
  expect_i32("grow_f1", {i32(0)}, 10);
  expect_i32("grow_f1", {i32(1)}, -1);
  expect_i32("call_at", {i32(9)}, 1);
  expect_trap("call_at", {i32(10)}, TrapKind::UndefinedElement);
}

TEST_P(TableTest, Fill) {
  load("table");
  EXPECT_TRUE(ok(call("fill_f2", {i32(1), i32(2)})));
  expect_i32("call_at", {i32(1)}, 2);
  expect_i32("call_at", {i32(2)}, 2);
  expect_i32("is_null", {i32(0)}, 1);
  EXPECT_TRUE(ok(call("set_null", {i32(2)})));
  // Out of bounds: nothing is written, not even the entries that were in range.
  expect_trap("fill_f2", {i32(2), i32(2)}, TrapKind::TableOutOfBounds);
  expect_i32("is_null", {i32(2)}, 1);
  EXPECT_TRUE(ok(call("fill_f2", {i32(3), i32(0)})));  // empty, exactly at the end
  expect_trap("fill_f2", {i32(4), i32(0)}, TrapKind::TableOutOfBounds);
}

TEST_P(TableTest, Externrefs) {
  load("table");
  expect_i32("ext_size", {}, 2);
  EXPECT_TRUE(ok(call("ext_set", {i32(0), Value::externref(0x1234)})));
  expect_results("ext_get", {i32(0)}, {Value::externref(0x1234)});
  expect_results("ext_get", {i32(1)}, {Value::null(ValType::ExternRef)});
  expect_trap("ext_get", {i32(2)}, TrapKind::TableOutOfBounds);
  expect_i32("ext_grow", {Value::externref(7), i32(3)}, 2);
  expect_i32("ext_size", {}, 5);
  expect_results("ext_get", {i32(4)}, {Value::externref(7)});
  expect_i32("ext_is_null", {Value::null(ValType::ExternRef)}, 1);
  expect_i32("ext_is_null", {Value::externref(1)}, 0);
}

}  // namespace
}  // namespace shortcrust::test
