// Tests for spec-tests/spectest_module.h: every spectest name exists with the type the
// reference interpreter gives it.
#include "spec-tests/spectest_module.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace shortcrust::spec {
namespace {

class SpectestModule : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(define_spectest(store_, linker_).ok()); }

  template <class T>
  T get(const std::string& name) {
    std::optional<Extern> value = linker_.get("spectest", name);
    EXPECT_TRUE(value.has_value()) << name;
    if (!value || !std::holds_alternative<T>(*value)) {
      ADD_FAILURE() << name << " has the wrong kind";
      return T{};
    }
    return std::get<T>(*value);
  }

  shortcrust::Engine engine_;
  Store store_{engine_};
  Linker linker_;
};

TEST_F(SpectestModule, PrintFunctionsTakeTheirNamedTypesAndReturnNothing) {
  const std::pair<const char*, std::vector<ValType>> prints[] = {
      {"print", {}},
      {"print_i32", {ValType::I32}},
      {"print_i64", {ValType::I64}},
      {"print_f32", {ValType::F32}},
      {"print_f64", {ValType::F64}},
      {"print_i32_f32", {ValType::I32, ValType::F32}},
      {"print_f64_f64", {ValType::F64, ValType::F64}},
  };
  for (const auto& [name, params] : prints) {
    const Func func = get<Func>(name);
    ASSERT_TRUE(func) << name;
    EXPECT_EQ(func.type(), (FuncType{params, {}})) << name;
    std::vector<Value> args;
    for (ValType t : params) args.push_back(Value::from_bits(t, 0));
    Result<CallOutcome> outcome = store_.call(func, args);
    ASSERT_TRUE(outcome.ok()) << name;
    EXPECT_TRUE(outcome.value().ok()) << name;
    EXPECT_TRUE(outcome.value().results.empty()) << name;
  }
}

TEST_F(SpectestModule, GlobalsAreImmutable666) {
  const Global i32 = get<Global>("global_i32");
  const Global i64 = get<Global>("global_i64");
  const Global f32 = get<Global>("global_f32");
  const Global f64 = get<Global>("global_f64");
  ASSERT_TRUE(i32 && i64 && f32 && f64);
  EXPECT_EQ(i32.get(), Value::i32(666));
  EXPECT_EQ(i64.get(), Value::i64(666));
  EXPECT_EQ(f32.get(), Value::f32(666.6f));
  EXPECT_EQ(f64.get(), Value::f64(666.6));
  for (const Global& g : {i32, i64, f32, f64}) EXPECT_FALSE(g.type().is_mutable);
}

TEST_F(SpectestModule, TableAndMemory) {
  const Table table = get<Table>("table");
  ASSERT_TRUE(table);
  EXPECT_EQ(table.type(), (TableType{ValType::FuncRef, ResizableLimits{10, 20, false}}));
  Result<Value> first = table.get(0);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first.value().is_null());

  const Memory memory = get<Memory>("memory");
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory.pages(), 1u);
  EXPECT_EQ(memory.type(), (MemoryType{ResizableLimits{1, 2, false}}));
}

TEST_F(SpectestModule, NothingElse) {
  EXPECT_FALSE(linker_.get("spectest", "print_i64_i64").has_value());
  EXPECT_FALSE(linker_.get("spectest", "global_i32_mut").has_value());
}

}  // namespace
}  // namespace shortcrust::spec
