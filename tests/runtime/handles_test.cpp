// Memory, Table and Global handles created by the embedder: growth, maxima, zero fill,
// bounds, type checks.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "shortcrust/shortcrust.h"

namespace shortcrust {
namespace {

MemoryType memory_type(uint64_t min, std::optional<uint64_t> max = std::nullopt, bool is64 = false) {
  return MemoryType{ResizableLimits{min, max, is64}};
}

TEST(Memory, CreateGrowAndMax) {
  Store store{Engine()};
  auto memory = store.create_memory(memory_type(1, 3));
  ASSERT_TRUE(memory.ok());
  Memory m = memory.value();
  EXPECT_EQ(m.pages(), 1u);
  EXPECT_EQ(m.size(), kPageSize);
  EXPECT_EQ(m.type(), memory_type(1, 3));
  auto old = m.grow(2);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old.value(), 1u);
  EXPECT_EQ(m.pages(), 3u);
  EXPECT_EQ(m.type().limits.min, 3u);  // current size
  auto fail = m.grow(1);
  ASSERT_FALSE(fail.ok());
  EXPECT_EQ(fail.error().code, Errc::LimitExceeded);
  EXPECT_EQ(m.pages(), 3u);
  auto zero = m.grow(0);
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(zero.value(), 3u);
}

TEST(Memory, GrowIsZeroFilledAndBaseStays) {
  Store store{Engine()};
  Memory m = store.create_memory(memory_type(1)).value();
  uint8_t* base = m.data().data();
  std::fill(m.data().begin(), m.data().end(), 0xab);
  ASSERT_TRUE(m.grow(2).ok());
  EXPECT_EQ(m.data().data(), base);
  EXPECT_EQ(m.data().size(), 3 * kPageSize);
  EXPECT_EQ(m.data()[kPageSize - 1], 0xab);
  for (uint64_t i = kPageSize; i < 3 * kPageSize; i += 997) ASSERT_EQ(m.data()[i], 0) << i;
}

TEST(Memory, UnboundedGrowStopsAtTheConfiguredLimit) {
  EngineConfig config;
  config.limits.memory_pages = 4;
  Store store{Engine(config)};
  Memory m = store.create_memory(memory_type(0)).value();
  EXPECT_EQ(m.data().size(), 0u);
  EXPECT_TRUE(m.grow(4).ok());
  EXPECT_FALSE(m.grow(1).ok());
  // A declared maximum above the limit is capped too.
  Memory n = store.create_memory(memory_type(1, 100)).value();
  EXPECT_FALSE(n.grow(4).ok());
  EXPECT_TRUE(n.grow(3).ok());
  EXPECT_EQ(n.type().limits.max, std::optional<uint64_t>(100));  // declared, not capped
  auto too_big = store.create_memory(memory_type(5));
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().code, Errc::LimitExceeded);
}

TEST(Memory, HugeDeltaDoesNotOverflow) {
  Store store{Engine()};
  Memory m = store.create_memory(memory_type(1, std::nullopt, true)).value();
  EXPECT_FALSE(m.grow(UINT64_MAX).ok());
  EXPECT_FALSE(m.grow(UINT64_MAX - 0).ok());
  EXPECT_EQ(m.pages(), 1u);
  EXPECT_TRUE(m.type().limits.is64);
}

TEST(Memory, ReadWriteBounds) {
  Store store{Engine()};
  Memory m = store.create_memory(memory_type(1)).value();
  const std::array<uint8_t, 4> bytes{1, 2, 3, 4};
  EXPECT_TRUE(m.write(kPageSize - 4, bytes).ok());
  std::array<uint8_t, 4> out{};
  EXPECT_TRUE(m.read(kPageSize - 4, out).ok());
  EXPECT_EQ(out, bytes);
  EXPECT_FALSE(m.write(kPageSize - 3, bytes).ok());
  auto bad = m.read(kPageSize - 3, out);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Errc::LengthOutOfBounds);
  EXPECT_FALSE(m.read(UINT64_MAX, out).ok());
  // Zero bytes at exactly the end are in bounds; one past is not.
  EXPECT_TRUE(m.read(kPageSize, std::span<uint8_t>()).ok());
  EXPECT_FALSE(m.read(kPageSize + 1, std::span<uint8_t>()).ok());
}

TEST(Memory, MinAboveMaxIsRejected) {
  Store store{Engine()};
  EXPECT_FALSE(store.create_memory(memory_type(2, 1)).ok());
}

TEST(Table, CreateGetSetGrow) {
  Store store{Engine()};
  auto created = store.create_table(TableType{ValType::ExternRef, {2, 4, false}}, Value::externref(9));
  ASSERT_TRUE(created.ok());
  Table t = created.value();
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(t.get(1).value(), Value::externref(9));
  EXPECT_TRUE(t.set(0, Value::null(ValType::ExternRef)).ok());
  EXPECT_TRUE(t.get(0).value().is_null());
  EXPECT_EQ(t.get(2).error().code, Errc::LengthOutOfBounds);
  EXPECT_EQ(t.set(2, Value::externref(1)).error().code, Errc::LengthOutOfBounds);
  EXPECT_EQ(t.grow(2, Value::externref(5)).value(), 2u);
  EXPECT_EQ(t.get(3).value(), Value::externref(5));
  EXPECT_EQ(t.grow(1, Value::externref(5)).error().code, Errc::LimitExceeded);
  EXPECT_EQ(t.grow(0, Value::externref(5)).value(), 4u);
  EXPECT_EQ(t.type(), (TableType{ValType::ExternRef, {4, 4, false}}));
}

TEST(Table, TypeChecks) {
  Store store{Engine()};
  EXPECT_EQ(store.create_table(TableType{ValType::FuncRef, {1, {}, false}}, Value::i32(0)).error().code,
            Errc::TypeMismatch);
  Table t = store.create_table(TableType{ValType::FuncRef, {1, {}, false}}, Value::null(ValType::FuncRef)).value();
  EXPECT_EQ(t.set(0, Value::externref(1)).error().code, Errc::TypeMismatch);
  EXPECT_EQ(t.set(0, Value::i64(1)).error().code, Errc::TypeMismatch);
  EXPECT_EQ(t.grow(1, Value::null(ValType::ExternRef)).error().code, Errc::TypeMismatch);
  Func f = store.create_function(FuncType{}, [](Caller&, auto, auto) -> Result<void, Trap> { return {}; });
  EXPECT_TRUE(t.set(0, f.as_value()).ok());
  EXPECT_EQ(t.get(0).value().funcref(), f.object());
}

TEST(Table, ConfiguredLimit) {
  EngineConfig config;
  config.limits.table_elements = 10;
  Store store{Engine(config)};
  EXPECT_EQ(store.create_table(TableType{ValType::FuncRef, {11, {}, false}}, Value::null(ValType::FuncRef))
                .error()
                .code,
            Errc::LimitExceeded);
  Table t = store.create_table(TableType{ValType::FuncRef, {0, {}, false}}, Value::null(ValType::FuncRef)).value();
  EXPECT_TRUE(t.grow(10, Value::null(ValType::FuncRef)).ok());
  EXPECT_FALSE(t.grow(1, Value::null(ValType::FuncRef)).ok());
  EXPECT_FALSE(t.grow(UINT64_MAX, Value::null(ValType::FuncRef)).ok());
}

TEST(Global, GetSetAndMisuse) {
  Store store{Engine()};
  Global immutable = store.create_global(GlobalType{ValType::I64, false}, Value::i64(-5)).value();
  EXPECT_EQ(immutable.get(), Value::i64(-5));
  EXPECT_EQ(immutable.set(Value::i64(1)).error().code, Errc::ImmutableGlobal);
  Global mut = store.create_global(GlobalType{ValType::F32, true}, Value::f32(1.5f)).value();
  EXPECT_EQ(mut.get().f32(), 1.5f);
  EXPECT_TRUE(mut.set(Value::f32_bits(0x7fc00001)).ok());
  EXPECT_EQ(mut.get().bits(), 0x7fc00001u);
  EXPECT_EQ(mut.set(Value::f64(1.0)).error().code, Errc::TypeMismatch);
  EXPECT_EQ(store.create_global(GlobalType{ValType::I32, false}, Value::i64(0)).error().code, Errc::TypeMismatch);
  EXPECT_EQ(mut.type(), (GlobalType{ValType::F32, true}));
}

TEST(Global, I32BitsAreZeroExtended) {
  Store store{Engine()};
  Global g = store.create_global(GlobalType{ValType::I32, true}, Value::from_bits(ValType::I32, 0xffff'ffff'0000'0001)).value();
  EXPECT_EQ(g.get().bits(), 1u);
}

TEST(Store, MovedStoreKeepsHandlesValid) {
  Store a{Engine()};
  Global g = a.create_global(GlobalType{ValType::I32, true}, Value::i32(3)).value();
  Store b(std::move(a));
  EXPECT_EQ(g.get(), Value::i32(3));
  Func f = b.create_function(FuncType{{}, {ValType::I32}}, [](Caller& caller, auto, std::span<Value> results) -> Result<void, Trap> {
    results[0] = Value::i32(caller.store().engine().config().gas_metering ? 1 : 0);
    return {};
  });
  auto out = b.call(f, {});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.value().results[0], Value::i32(1));
}

}  // namespace
}  // namespace shortcrust
