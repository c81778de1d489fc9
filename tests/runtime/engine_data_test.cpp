// EngineData: type interning gives equal types equal ids, across modules and threads.
#include "runtime/engine_data.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace shortcrust::runtime {
namespace {

TEST(EngineData, EqualTypesShareAnId) {
  Engine engine;
  EngineData& data = engine.data();
  const FuncType a{{ValType::I32}, {}};
  const FuncType b{{ValType::I64}, {ValType::I32}};
  const uint32_t ia = data.intern(a);
  const uint32_t ib = data.intern(b);
  EXPECT_NE(ia, ib);
  EXPECT_EQ(data.intern(FuncType{{ValType::I32}, {}}), ia);
  EXPECT_EQ(data.type(ib), b);
  // Params and results are not interchangeable.
  EXPECT_NE(data.intern(FuncType{{}, {ValType::I32}}), ia);
}

TEST(EngineData, CopiesOfAnEngineShareTheRegistry) {
  Engine engine;
  Engine copy = engine;  // NOLINT(performance-unnecessary-copy-initialization)
  const uint32_t id = engine.data().intern(FuncType{{ValType::F64}, {}});
  EXPECT_EQ(copy.data().intern(FuncType{{ValType::F64}, {}}), id);
  EXPECT_EQ(&copy.data(), &engine.data());
}

TEST(EngineData, ConcurrentInterningAgrees) {
  Engine engine;
  std::vector<std::vector<uint32_t>> ids(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (uint32_t n = 0; n < 200; ++n) {
        ids[t].push_back(engine.data().intern(FuncType{std::vector<ValType>(n % 50, ValType::I32), {}}));
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 1; t < 4; ++t) EXPECT_EQ(ids[t], ids[0]);
}

TEST(EngineData, ConfigIsShared) {
  EngineConfig config;
  config.limits.memory_pages = 17;
  Engine engine(config);
  EXPECT_EQ(engine.config().limits.memory_pages, 17u);
}

}  // namespace
}  // namespace shortcrust::runtime
