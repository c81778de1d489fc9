// Memory instructions (tests/wat/memory.wat, memory64.wat): loads and stores of every
// width with sign and zero extension, bounds exactly at the end of memory, offsets added
// in full width, memory64 addresses at and above 4 GiB, memory.size and memory.grow.
#include <cstdint>
#include <cstring>

#include "tests/exec/exec_fixture.h"

namespace shortcrust::test {
namespace {

class MemoryTest : public ExecTest {};
SC_EXEC_TESTS(MemoryTest);

Value i32(int32_t v) { return Value::i32(v); }
Value i64(int64_t v) { return Value::i64(v); }

constexpr int32_t kPage = 65536;

TEST_P(MemoryTest, LoadsOfEveryWidth) {
  load("memory");
  expect_i32("i32_load", {i32(0)}, 0x04030201);
  expect_i32("i32_load", {i32(1)}, 0x05040302);  // unaligned
  expect_i32("i32_load_off4", {i32(0)}, 0x08070605);
  expect_i32("i32_load8_s", {i32(8)}, -16);      // 0xf0
  expect_i32("i32_load8_u", {i32(8)}, 0xf0);
  expect_i32("i32_load16_s", {i32(8)}, -3600);   // 0xf1f0
  expect_i32("i32_load16_u", {i32(8)}, 0xf1f0);
  expect_i64("i64_load", {i32(8)}, static_cast<int64_t>(0xf7f6f5f4f3f2f1f0));
  expect_i64("i64_load8_s", {i32(9)}, -15);      // 0xf1
  expect_i64("i64_load8_u", {i32(9)}, 0xf1);
  expect_i64("i64_load16_s", {i32(10)}, -3086);  // 0xf3f2
  expect_i64("i64_load16_u", {i32(10)}, 0xf3f2);
  expect_i64("i64_load32_s", {i32(12)}, -134810124);  // 0xf7f6f5f4
  expect_i64("i64_load32_u", {i32(12)}, 0xf7f6f5f4);
  expect_results("f32_load", {i32(0)}, {Value::f32_bits(0x04030201)});
  expect_results("f64_load", {i32(8)}, {Value::f64_bits(0xf7f6f5f4f3f2f1f0)});
}

TEST_P(MemoryTest, StoresOfEveryWidth) {
  load("memory");
  auto store = [&](std::string_view name, Value value) {
    ASSERT_FALSE(call("i64_store", {i32(100), i64(0)}).trap.has_value());  // clear 100..107
    ASSERT_FALSE(call(name, {i32(100), value}).trap.has_value());
  };
  store("i32_store8", i32(0x1234));
  expect_i64("i64_load", {i32(100)}, 0x34);
  store("i32_store16", i32(0x12345678));
  expect_i64("i64_load", {i32(100)}, 0x5678);
  store("i32_store", i32(-2));
  expect_i64("i64_load", {i32(100)}, 0xfffffffe);
  store("i64_store8", i64(0x1122334455667788));
  expect_i64("i64_load", {i32(100)}, 0x88);
  store("i64_store16", i64(0x1122334455667788));
  expect_i64("i64_load", {i32(100)}, 0x7788);
  store("i64_store32", i64(0x1122334455667788));
  expect_i64("i64_load", {i32(100)}, 0x55667788);
  store("i64_store", i64(0x1122334455667788));
  expect_i64("i64_load", {i32(100)}, 0x1122334455667788);
  store("f32_store", Value::f32_bits(0x7fa00001));  // NaN bits stored as they are
  expect_i64("i64_load", {i32(100)}, 0x7fa00001);
  store("f64_store", Value::f64_bits(0xfff4000000000001));
  expect_i64("i64_load", {i32(100)}, static_cast<int64_t>(0xfff4000000000001));
  ASSERT_FALSE(call("i32_store_off4", {i32(200), i32(0x0a0b0c0d)}).trap.has_value());
  expect_i32("i32_load", {i32(204)}, 0x0a0b0c0d);

  // Stores are visible to the embedder, little endian.
  const auto bytes = instance_.memory("mem").data();
  EXPECT_EQ(bytes[204], 0x0d);
  EXPECT_EQ(bytes[207], 0x0a);
}

TEST_P(MemoryTest, BoundsExactlyAtTheEnd) {
  load("memory");
  expect_i32("i32_load", {i32(kPage - 4)}, 0);
  expect_trap("i32_load", {i32(kPage - 3)}, TrapKind::MemoryOutOfBounds);
  expect_i32("i32_load8_u", {i32(kPage - 1)}, 0);
  expect_trap("i32_load8_u", {i32(kPage)}, TrapKind::MemoryOutOfBounds);
  expect_trap("i32_load16_u", {i32(kPage - 1)}, TrapKind::MemoryOutOfBounds);
  expect_i64("i64_load", {i32(kPage - 8)}, 0);
  expect_trap("i64_load", {i32(kPage - 7)}, TrapKind::MemoryOutOfBounds);
  expect_trap("f64_load", {i32(kPage - 7)}, TrapKind::MemoryOutOfBounds);
  expect_i32("i32_load_off4", {i32(kPage - 8)}, 0);
  expect_trap("i32_load_off4", {i32(kPage - 7)}, TrapKind::MemoryOutOfBounds);
  // The address is unsigned and address + offset does not wrap at 2^32.
  expect_trap("i32_load", {i32(-1)}, TrapKind::MemoryOutOfBounds);
  expect_trap("i32_load_off4", {i32(-4)}, TrapKind::MemoryOutOfBounds);
  expect_trap("i32_load_off_max", {i32(1)}, TrapKind::MemoryOutOfBounds);
  expect_trap("i32_load_off_max", {i32(0)}, TrapKind::MemoryOutOfBounds);
}

TEST_P(MemoryTest, OutOfBoundsStoresWriteNothing) {
  load("memory");
  ASSERT_FALSE(call("i32_store", {i32(kPage - 4), i32(-1)}).trap.has_value());
  ASSERT_FALSE(call("i32_store", {i32(kPage - 4), i32(0)}).trap.has_value());
  expect_trap("i32_store", {i32(kPage - 3), i32(-1)}, TrapKind::MemoryOutOfBounds);
  expect_trap("i64_store", {i32(kPage - 4), i64(-1)}, TrapKind::MemoryOutOfBounds);
  expect_trap("i32_store16", {i32(kPage - 1), i32(-1)}, TrapKind::MemoryOutOfBounds);
  expect_trap("i32_store_off4", {i32(-4), i32(-1)}, TrapKind::MemoryOutOfBounds);
  expect_i32("i32_load", {i32(kPage - 4)}, 0);
  expect_i32("i32_load", {i32(0)}, 0x04030201);
}

TEST_P(MemoryTest, SizeAndGrow) {
  load("memory");
  expect_i32("size", {}, 1);
  expect_i32("grow", {i32(1)}, 1);
  expect_i32("size", {}, 2);
  expect_i32("i32_load", {i32(2 * kPage - 4)}, 0);  // the new page is there, zeroed
  expect_trap("i32_load", {i32(2 * kPage - 3)}, TrapKind::MemoryOutOfBounds);
  expect_i32("grow", {i32(2)}, -1);                  // beyond the maximum of 3
  expect_i32("size", {}, 2);
  expect_i32("grow", {i32(-1)}, -1);
  expect_i32("grow", {i32(1)}, 2);
  expect_i32("grow", {i32(0)}, 3);
  expect_i32("grow", {i32(1)}, -1);
  expect_i32("size", {}, 3);
  EXPECT_EQ(instance_.memory("mem").size(), 3u * kPage);
  ASSERT_FALSE(call("i32_store", {i32(3 * kPage - 4), i32(7)}).trap.has_value());
  expect_i32("i32_load", {i32(3 * kPage - 4)}, 7);
}

TEST_P(MemoryTest, GrowthSeenFromTheEmbedder) {
  load("memory");
  Memory mem = instance_.memory("mem");
  ASSERT_TRUE(mem);
  auto grown = mem.grow(1);
  ASSERT_TRUE(grown.ok());
  EXPECT_EQ(grown.value(), 1u);
  expect_i32("size", {}, 2);
  mem.data()[kPage + 8] = 0x2a;
  expect_i32("i32_load8_u", {i32(kPage + 8)}, 0x2a);
}

TEST_P(MemoryTest, Memory64AddressesAbove4GiBTrap) {
  load("memory64");
  expect_i32("load", {i64(0)}, 0x04030201);
  expect_i32("load", {i64(kPage - 4)}, 0);
  expect_trap("load", {i64(kPage - 3)}, TrapKind::MemoryOutOfBounds);
  // Truncated to 32 bits these would be in bounds.
  expect_trap("load", {i64(int64_t{1} << 32)}, TrapKind::MemoryOutOfBounds);
  expect_trap("load8", {i64((int64_t{1} << 32) + 1)}, TrapKind::MemoryOutOfBounds);
  expect_trap("load", {i64(int64_t{1} << 40)}, TrapKind::MemoryOutOfBounds);
  expect_trap("load", {i64(-1)}, TrapKind::MemoryOutOfBounds);
  expect_trap("load8", {i64(INT64_MIN)}, TrapKind::MemoryOutOfBounds);
  // address + offset reaches 2^32, or wraps past 2^64 to 0x10.
  expect_trap("load_off_max", {i64(1)}, TrapKind::MemoryOutOfBounds);
  expect_trap("load_off_max", {i64(static_cast<int64_t>(0xffffffff00000011))}, TrapKind::MemoryOutOfBounds);
  expect_trap("store", {i64(int64_t{1} << 32), i32(-1)}, TrapKind::MemoryOutOfBounds);
  expect_trap("store64", {i64(kPage - 4), i64(-1)}, TrapKind::MemoryOutOfBounds);
  expect_i32("load", {i64(0)}, 0x04030201);  // nothing was written at 0 by the wrapping store
  expect_i32("load", {i64(kPage - 4)}, 0);
}

TEST_P(MemoryTest, Memory64SizeAndGrow) {
  load("memory64");
  expect_i64("size", {}, 1);
  expect_i64("grow", {i64(2)}, 1);
  expect_i64("size", {}, 3);
  expect_i64("grow", {i64(2)}, -1);  // maximum 4
  // Refused, after paying 2 + 1024 gas per page asked for (ARCHITECTURE §5).
  const CallOutcome huge = call("grow", {i64(int64_t{1} << 32)});
  EXPECT_EQ(huge.results, std::vector<Value>{i64(-1)});
  EXPECT_EQ(huge.gas_used, 2 + (uint64_t{1024} << 32));
  // 2^64 - 1 pages cost more than 2^64 gas: no limit, not even "unlimited", covers it.
  expect_trap("grow", {i64(-1)}, TrapKind::OutOfGas);
  expect_trap("grow", {i64(-1)}, TrapKind::OutOfGas, 1'000'000);
  expect_i64("grow", {i64(1)}, 3);
  expect_i32("load", {i64(4 * kPage - 4)}, 0);
  expect_trap("load", {i64(4 * kPage - 3)}, TrapKind::MemoryOutOfBounds);
}

TEST_P(MemoryTest, Memory64GrowWithoutMetering) {
  config_.gas_metering = false;
  load("memory64");
  expect_i64("grow", {i64(-1)}, -1);
  expect_i64("grow", {i64(int64_t{1} << 32)}, -1);
  expect_i64("grow", {i64(1)}, 1);
}

}  // namespace
}  // namespace shortcrust::test
