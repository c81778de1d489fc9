// The out-of-line operations: exact bounds (64-bit, no overflow, zero length at the end),
// overlapping copies, growth limits, segment init and drop.
#include "runtime/operations.h"

#include <gtest/gtest.h>

#include <cstring>

#include "runtime/objects.h"
#include "runtime/store_data.h"
#include "shortcrust/shortcrust.h"

namespace shortcrust::runtime {
namespace {

class OperationsTest : public ::testing::Test {
 protected:
  MemoryObject& memory(uint64_t pages, std::optional<uint64_t> max = std::nullopt) {
    return *store_.create_memory(MemoryType{ResizableLimits{pages, max, false}}).value().object();
  }
  TableObject& table(uint64_t size, std::optional<uint64_t> max = std::nullopt) {
    return *store_.create_table(TableType{ValType::ExternRef, {size, max, false}}, Value::null(ValType::ExternRef))
                .value()
                .object();
  }
  ExecContext& ctx() { return store_.data().ctx; }
  Store store_{Engine()};
};

TEST_F(OperationsTest, MemoryFillBounds) {
  MemoryObject& m = memory(1);
  EXPECT_EQ(memory_fill(ctx(), m, 10, 0x5a, 6), std::nullopt);
  EXPECT_EQ(m.base[9], 0);
  EXPECT_EQ(m.base[10], 0x5a);
  EXPECT_EQ(m.base[15], 0x5a);
  EXPECT_EQ(m.base[16], 0);
  EXPECT_EQ(memory_fill(ctx(), m, kPageSize, 1, 0), std::nullopt);          // zero length at the end
  EXPECT_EQ(memory_fill(ctx(), m, kPageSize + 1, 1, 0), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(memory_fill(ctx(), m, kPageSize - 1, 1, 2), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(memory_fill(ctx(), m, UINT64_MAX, 1, 2), TrapKind::MemoryOutOfBounds);  // would wrap
  EXPECT_EQ(memory_fill(ctx(), m, 1, 1, UINT64_MAX), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(m.base[kPageSize - 1], 0);  // a failed fill writes nothing
}

TEST_F(OperationsTest, MemoryCopyOverlaps) {
  MemoryObject& m = memory(1);
  for (int i = 0; i < 8; ++i) m.base[i] = static_cast<uint8_t>(i + 1);
  EXPECT_EQ(memory_copy(ctx(), m, 2, 0, 6), std::nullopt);  // forward overlap
  const uint8_t fwd[] = {1, 2, 1, 2, 3, 4, 5, 6};
  EXPECT_EQ(std::memcmp(m.base, fwd, 8), 0);
  EXPECT_EQ(memory_copy(ctx(), m, 0, 2, 6), std::nullopt);  // backward overlap
  const uint8_t back[] = {1, 2, 3, 4, 5, 6, 5, 6};
  EXPECT_EQ(std::memcmp(m.base, back, 8), 0);
  EXPECT_EQ(memory_copy(ctx(), m, kPageSize, 0, 0), std::nullopt);
  EXPECT_EQ(memory_copy(ctx(), m, 0, kPageSize, 0), std::nullopt);
  EXPECT_EQ(memory_copy(ctx(), m, 0, kPageSize + 1, 0), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(memory_copy(ctx(), m, 0, kPageSize - 1, 2), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(memory_copy(ctx(), m, kPageSize - 1, 0, 2), TrapKind::MemoryOutOfBounds);
}

TEST_F(OperationsTest, ZeroSizedMemory) {
  MemoryObject& m = memory(0);
  EXPECT_EQ(memory_fill(ctx(), m, 0, 1, 0), std::nullopt);
  EXPECT_EQ(memory_copy(ctx(), m, 0, 0, 0), std::nullopt);
  EXPECT_EQ(memory_fill(ctx(), m, 0, 1, 1), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(memory_fill(ctx(), m, 1, 1, 0), TrapKind::MemoryOutOfBounds);
}

TEST_F(OperationsTest, MemoryGrow) {
  MemoryObject& m = memory(1, 2);
  EXPECT_EQ(memory_grow(ctx(), m, 0), 1);
  EXPECT_EQ(memory_grow(ctx(), m, 2), -1);
  EXPECT_EQ(memory_grow(ctx(), m, 1), 1);
  EXPECT_EQ(m.size, 2 * kPageSize);
  EXPECT_EQ(m.base[2 * kPageSize - 1], 0);
  EXPECT_EQ(memory_grow(ctx(), m, UINT64_MAX), -1);
  EXPECT_EQ(memory_grow(ctx(), m, 0), 2);
}

TEST_F(OperationsTest, TableOps) {
  TableObject& t = table(4, 6);
  EXPECT_EQ(table_fill(t, 1, 7, 2), std::nullopt);
  EXPECT_EQ(t.elements, (std::vector<uint64_t>{0, 7, 7, 0}));
  EXPECT_EQ(table_fill(t, 4, 7, 0), std::nullopt);
  EXPECT_EQ(table_fill(t, 5, 7, 0), TrapKind::TableOutOfBounds);
  EXPECT_EQ(table_fill(t, 3, 7, 2), TrapKind::TableOutOfBounds);
  t.elements = {1, 2, 3, 4};
  EXPECT_EQ(table_copy(t, t, 1, 0, 3), std::nullopt);
  EXPECT_EQ(t.elements, (std::vector<uint64_t>{1, 1, 2, 3}));
  EXPECT_EQ(table_copy(t, t, 0, 1, 3), std::nullopt);
  EXPECT_EQ(t.elements, (std::vector<uint64_t>{1, 2, 3, 3}));
  EXPECT_EQ(table_copy(t, t, 0, 4, 0), std::nullopt);
  EXPECT_EQ(table_copy(t, t, 0, 2, 3), TrapKind::TableOutOfBounds);
  EXPECT_EQ(table_copy(t, t, UINT64_MAX, 0, 1), TrapKind::TableOutOfBounds);
  EXPECT_EQ(table_grow(t, 2, 9), 4);
  EXPECT_EQ(t.elements.back(), 9u);
  EXPECT_EQ(table_grow(t, 1, 9), -1);
  EXPECT_EQ(table_grow(t, UINT64_MAX, 9), -1);
}

}  // namespace
}  // namespace shortcrust::runtime
