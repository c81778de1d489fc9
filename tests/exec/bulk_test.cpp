// Bulk memory and table instructions (tests/wat/bulk.wat): memory.copy with overlap in
// both directions, memory.fill, memory.init and data.drop, table.copy with overlap,
// table.init and elem.drop, and the bounds rules: checked before anything is written,
// zero-length operations allowed exactly at the end, dropped segments have length 0.
#include "tests/exec/exec_fixture.h"

namespace shortcrust::test {
namespace {

class BulkTest : public ExecTest {
 protected:
  void run(std::string_view name, const std::vector<Value>& args) {
    const CallOutcome outcome = call(name, args);
    EXPECT_FALSE(outcome.trap.has_value()) << name << ": " << outcome.trap->describe();
  }
  // Bytes [at, at + expected.size()) of memory, read through wasm.
  void expect_bytes(int32_t at, const std::vector<int32_t>& expected) {
    for (size_t i = 0; i < expected.size(); ++i) {
      SCOPED_TRACE("byte " + std::to_string(at + static_cast<int32_t>(i)));
      expect_i32("load8", {Value::i32(at + static_cast<int32_t>(i))}, expected[i]);
    }
  }
  // What call_at returns for each table entry; -1 for a null entry.
  void expect_table(const std::vector<int32_t>& expected) {
    for (size_t i = 0; i < expected.size(); ++i) {
      SCOPED_TRACE("entry " + std::to_string(i));
      const Value index = Value::i32(static_cast<int32_t>(i));
      if (expected[i] < 0) expect_trap("call_at", {index}, TrapKind::UninitializedElement);
      else expect_i32("call_at", {index}, expected[i]);
    }
  }
};
SC_EXEC_TESTS(BulkTest);

Value i32(int32_t v) { return Value::i32(v); }
constexpr int32_t kPage = 65536;

TEST_P(BulkTest, MemoryCopyOverlapForward) {
  load("bulk");
  run("copy", {i32(2), i32(0), i32(5)});
  expect_bytes(0, {0, 1, 0, 1, 2, 3, 4, 7, 8, 9});
}

TEST_P(BulkTest, MemoryCopyOverlapBackward) {
  load("bulk");
  run("copy", {i32(0), i32(2), i32(5)});
  expect_bytes(0, {2, 3, 4, 5, 6, 5, 6, 7, 8, 9});
}

TEST_P(BulkTest, MemoryCopyBounds) {
  load("bulk");
  run("copy", {i32(kPage - 10), i32(0), i32(10)});
  expect_bytes(kPage - 10, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  run("copy", {i32(kPage - 10), i32(100), i32(10)});  // zeroes back
  // Out of bounds at either end: nothing is copied.
  expect_trap("copy", {i32(kPage - 9), i32(0), i32(10)}, TrapKind::MemoryOutOfBounds);
  expect_trap("copy", {i32(100), i32(kPage - 9), i32(10)}, TrapKind::MemoryOutOfBounds);
  expect_trap("copy", {i32(0), i32(1), i32(-1)}, TrapKind::MemoryOutOfBounds);
  expect_bytes(kPage - 9, {0, 0, 0, 0});
  expect_bytes(0, {0, 1, 2, 3});
  run("copy", {i32(kPage), i32(0), i32(0)});
  run("copy", {i32(0), i32(kPage), i32(0)});
  expect_trap("copy", {i32(kPage + 1), i32(0), i32(0)}, TrapKind::MemoryOutOfBounds);
  expect_trap("copy", {i32(0), i32(kPage + 1), i32(0)}, TrapKind::MemoryOutOfBounds);
}

TEST_P(BulkTest, MemoryFill) {
  load("bulk");
  run("fill", {i32(10), i32(0xab), i32(3)});
  expect_bytes(9, {9, 0xab, 0xab, 0xab, 0});
  run("fill", {i32(20), i32(0x1ff), i32(1)});  // the value's low byte
  expect_bytes(20, {0xff});
  run("fill", {i32(kPage - 1), i32(7), i32(1)});
  expect_bytes(kPage - 1, {7});
  expect_trap("fill", {i32(kPage - 2), i32(9), i32(3)}, TrapKind::MemoryOutOfBounds);
  expect_bytes(kPage - 2, {0, 7});
  run("fill", {i32(kPage), i32(7), i32(0)});
  expect_trap("fill", {i32(kPage + 1), i32(7), i32(0)}, TrapKind::MemoryOutOfBounds);
}

TEST_P(BulkTest, MemoryInitAndDrop) {
  load("bulk");
  run("init", {i32(100), i32(1), i32(3)});
  expect_bytes(99, {0, 'e', 'l', 'l', 0});
  run("init", {i32(kPage - 5), i32(0), i32(5)});
  expect_bytes(kPage - 5, {'h', 'e', 'l', 'l', 'o'});
  expect_trap("init", {i32(200), i32(0), i32(6)}, TrapKind::MemoryOutOfBounds);
  expect_trap("init", {i32(kPage - 4), i32(0), i32(5)}, TrapKind::MemoryOutOfBounds);
  expect_bytes(200, {0});
  run("init", {i32(200), i32(5), i32(0)});
  expect_trap("init", {i32(200), i32(6), i32(0)}, TrapKind::MemoryOutOfBounds);
  run("data_drop", {});
  run("data_drop", {});  // dropping twice is allowed
  expect_trap("init", {i32(300), i32(0), i32(1)}, TrapKind::MemoryOutOfBounds);
  run("init", {i32(300), i32(0), i32(0)});  // a dropped segment has length 0
  expect_trap("init", {i32(300), i32(1), i32(0)}, TrapKind::MemoryOutOfBounds);
  // Active segments are dropped once applied.
  run("init_active", {i32(0), i32(0), i32(0)});
  expect_trap("init_active", {i32(0), i32(0), i32(1)}, TrapKind::MemoryOutOfBounds);
}

TEST_P(BulkTest, TableInitAndDrop) {
  load("bulk");
  expect_table({0, 1, -1, -1, -1, -1});
  run("table_init", {i32(2), i32(0), i32(3)});
  expect_table({0, 1, 0, 1, 2, -1});
  run("table_init", {i32(5), i32(2), i32(1)});
  expect_table({0, 1, 0, 1, 2, 2});
  expect_trap("table_init", {i32(4), i32(0), i32(3)}, TrapKind::TableOutOfBounds);
  expect_trap("table_init", {i32(0), i32(1), i32(3)}, TrapKind::TableOutOfBounds);
  expect_table({0, 1, 0, 1, 2, 2});  // nothing written by the failed inits
  run("table_init", {i32(6), i32(3), i32(0)});
  expect_trap("table_init", {i32(7), i32(0), i32(0)}, TrapKind::TableOutOfBounds);
  run("elem_drop", {});
  run("elem_drop", {});
  expect_trap("table_init", {i32(0), i32(0), i32(1)}, TrapKind::TableOutOfBounds);
  run("table_init", {i32(0), i32(0), i32(0)});
  run("table_init_active", {i32(0), i32(0), i32(0)});
  expect_trap("table_init_active", {i32(0), i32(0), i32(1)}, TrapKind::TableOutOfBounds);
}

TEST_P(BulkTest, TableCopyOverlap) {
  load("bulk");
  run("table_init", {i32(2), i32(0), i32(3)});  // 0 1 0 1 2 null
  run("table_copy", {i32(3), i32(2), i32(3)});  // forward overlap
  expect_table({0, 1, 0, 0, 1, 2});
  run("table_copy", {i32(0), i32(1), i32(5)});  // backward overlap
  expect_table({1, 0, 0, 1, 2, 2});
  run("table_copy", {i32(1), i32(0), i32(5)});
  expect_table({1, 1, 0, 0, 1, 2});
  expect_trap("table_copy", {i32(4), i32(0), i32(3)}, TrapKind::TableOutOfBounds);
  expect_trap("table_copy", {i32(0), i32(4), i32(3)}, TrapKind::TableOutOfBounds);
  expect_table({1, 1, 0, 0, 1, 2});
  run("table_copy", {i32(6), i32(0), i32(0)});
  expect_trap("table_copy", {i32(7), i32(0), i32(0)}, TrapKind::TableOutOfBounds);
}

}  // namespace
}  // namespace shortcrust::test
