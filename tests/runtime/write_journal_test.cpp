// The write journal (runtime/write_journal.h) through both tiers' store barriers and the
// runtime's memory operations (tests/wat/journal.wat): reverts restore bytes and sizes,
// commits hand entries to the parent, re-entrant frames on one memory, pages straddled
// by one store, dirty pages, and the same journal in the interpreter and the JIT.
#include "runtime/write_journal.h"

#include <gtest/gtest.h>

#include <cstring>
#include <functional>

#include "exec/exec_fixture.h"
#include "runtime/objects.h"
#include "runtime/store_data.h"

namespace shortcrust::test {
namespace {

using runtime::dirty_pages;
using runtime::WriteJournal;
using Pages = std::vector<uint64_t>;

constexpr uint64_t kPage = kPageSize;

Result<void, Trap> no_op_hook(Caller&, std::span<const Value>, std::span<Value>) { return {}; }

class JournalTest : public ExecTest {
 protected:
  void SetUp() override {
    config_.track_writes = true;
    define_host("env", "hook", FuncType{{ValType::I32}, {}}, [this](Caller&, std::span<const Value>, std::span<Value>) {
      if (hook_) hook_();
      return Result<void, Trap>{};
    });
    load("journal");
    memory_ = instance_.memory("mem");
  }

  runtime::ExecContext& ctx() { return store().data().ctx; }
  runtime::MemoryObject& object() { return *memory_.object(); }
  std::vector<uint8_t> snapshot() { return {memory_.data().begin(), memory_.data().end()}; }
  void begin() { journal_.begin_frame(ctx()); }
  void commit() { journal_.commit_frame(ctx()); }
  void revert() { journal_.revert_frame(ctx()); }

  // Runs an export that must not trap.
  void run(std::string_view name, const std::vector<Value>& args) {
    const CallOutcome outcome = call(name, args);
    ASSERT_FALSE(outcome.trap.has_value()) << name << ": " << outcome.trap->describe();
  }
  uint32_t byte_at(uint64_t offset) { return memory_.data()[offset]; }
  uint32_t u32_at(uint64_t offset) {
    uint32_t v;
    std::memcpy(&v, memory_.data().data() + offset, 4);
    return v;
  }

  WriteJournal journal_;
  Memory memory_;
  std::function<void()> hook_;
};

TEST_P(JournalTest, StoreThenRevertRestoresBytes) {
  const std::vector<uint8_t> before = snapshot();
  begin();
  EXPECT_EQ(journal_.depth(), 1u);
  EXPECT_EQ(ctx().journal, &journal_);
  run("store8", {Value::i32(1), Value::i32(0xaa)});
  run("store16", {Value::i32(3), Value::i32(0xbbcc)});
  run("store32", {Value::i32(100), Value::i32(-1)});
  run("store64", {Value::i32(65536 + 8), Value::i64(-2)});
  run("i64_store32", {Value::i32(65536 + 20), Value::i64(0x1234'5678'9abc)});
  run("f32_store", {Value::i32(40), Value::f32(1.5f)});
  run("f64_store", {Value::i32(48), Value::f64(-2.25)});
  run("store_offset", {Value::i32(64), Value::i32(7)});  // page 1 through the offset
  EXPECT_NE(snapshot(), before);
  EXPECT_EQ(journal_.preimage_bytes(), 2 * kPage);  // each page once per frame
  revert();
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(u32_at(100), 0x64656573u);  // "seed" from the data segment is back
  EXPECT_EQ(journal_.depth(), 0u);
  EXPECT_EQ(journal_.preimage_bytes(), 0u);
  EXPECT_EQ(ctx().write_epoch, 0u);
  EXPECT_EQ(ctx().journal, nullptr);
  EXPECT_EQ(dirty_pages(object()), Pages{});
}

TEST_P(JournalTest, NestedCommitThenOuterRevert) {
  const std::vector<uint8_t> before = snapshot();
  begin();
  run("store32", {Value::i32(10), Value::i32(1)});
  begin();
  const uint64_t inner_epoch = ctx().write_epoch;
  run("store32", {Value::i32(10), Value::i32(2)});
  run("store32", {Value::i32(70000), Value::i32(3)});
  EXPECT_EQ(journal_.preimage_bytes(), 3 * kPage);
  commit();
  EXPECT_NE(ctx().write_epoch, inner_epoch);  // the parent's again
  // Page 0 was already the parent's: the child's copy is dropped; page 1 moves up.
  EXPECT_EQ(journal_.preimage_bytes(), 2 * kPage);
  EXPECT_EQ(u32_at(10), 2u);
  EXPECT_EQ(u32_at(70000), 3u);
  run("store32", {Value::i32(70004), Value::i32(4)});  // the parent's now: no new entry
  EXPECT_EQ(journal_.preimage_bytes(), 2 * kPage);
  revert();
  EXPECT_EQ(snapshot(), before);
}

TEST_P(JournalTest, ChildRevertKeepsParentWrites) {
  begin();
  run("store32", {Value::i32(10), Value::i32(1)});
  begin();
  run("store32", {Value::i32(10), Value::i32(2)});
  run("store32", {Value::i32(70000), Value::i32(3)});
  revert();
  EXPECT_EQ(u32_at(10), 1u);
  EXPECT_EQ(u32_at(70000), 0u);
  run("store32", {Value::i32(14), Value::i32(5)});  // page 0 is still the parent's
  EXPECT_EQ(journal_.preimage_bytes(), kPage);
  commit();
  EXPECT_EQ(u32_at(10), 1u);
  EXPECT_EQ(u32_at(14), 5u);
  EXPECT_EQ(dirty_pages(object()), (Pages{0}));
}

// A1 -> B -> A2 on one memory, A2 running while A1's code waits in a host call: A1
// stores at 200, the hook plays B and A2, A1 stores at 204 after it returns.
TEST_P(JournalTest, ReentrantFrameFails) {
  const std::vector<uint8_t> before = snapshot();
  hook_ = [this] {
    begin();  // B
    begin();  // A2
    run("store32", {Value::i32(200), Value::i32(99)});
    run("store32", {Value::i32(70000), Value::i32(5)});
    revert();  // A2 fails: A1's view of page 0 is back
    EXPECT_EQ(u32_at(200), 1u);
    commit();  // B
  };
  begin();  // A1
  run("store_hook_store", {Value::i32(200), Value::i32(1), Value::i32(2)});
  EXPECT_EQ(u32_at(200), 1u);
  EXPECT_EQ(u32_at(204), 2u);
  EXPECT_EQ(u32_at(70000), 0u);
  revert();
  EXPECT_EQ(snapshot(), before);
}

TEST_P(JournalTest, ReentrantFrameSucceedsThenCallerFails) {
  hook_ = [this] {
    begin();  // B
    begin();  // A2
    run("store32", {Value::i32(200), Value::i32(99)});
    run("store32", {Value::i32(70000), Value::i32(5)});
    commit();  // A2
    revert();  // B fails: A2's writes go too, A1's stay
  };
  begin();  // A1
  run("store_hook_store", {Value::i32(200), Value::i32(1), Value::i32(2)});
  EXPECT_EQ(u32_at(200), 1u);
  EXPECT_EQ(u32_at(204), 2u);
  EXPECT_EQ(u32_at(70000), 0u);
  commit();
  EXPECT_EQ(dirty_pages(object()), (Pages{0}));
}

TEST_P(JournalTest, ReentrantFramesSucceedThenOuterFails) {
  const std::vector<uint8_t> before = snapshot();
  hook_ = [this] {
    begin();
    begin();
    run("store32", {Value::i32(200), Value::i32(99)});
    run("store32", {Value::i32(70000), Value::i32(5)});
    commit();
    commit();
  };
  begin();
  run("store_hook_store", {Value::i32(200), Value::i32(1), Value::i32(2)});
  EXPECT_EQ(u32_at(200), 99u);
  EXPECT_EQ(u32_at(204), 2u);
  EXPECT_EQ(u32_at(70000), 5u);
  EXPECT_EQ(journal_.preimage_bytes(), 2 * kPage);
  revert();
  EXPECT_EQ(snapshot(), before);
}

TEST_P(JournalTest, StoreStraddlingPagesRestoresBoth) {
  const std::vector<uint8_t> before = snapshot();
  begin();
  run("store64", {Value::i32(65532), Value::i64(-1)});
  EXPECT_EQ(journal_.preimage_bytes(), 2 * kPage);
  EXPECT_EQ(dirty_pages(object()), (Pages{0, 1}));
  EXPECT_EQ(byte_at(65535), 0xffu);
  EXPECT_EQ(byte_at(65536), 0xffu);
  revert();
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(dirty_pages(object()), Pages{});
  // The second page alone: a store that ends exactly at its start does not touch it.
  begin();
  run("store32", {Value::i32(65532), Value::i32(-1)});
  EXPECT_EQ(dirty_pages(object()), (Pages{0}));
  revert();
}

TEST_P(JournalTest, BulkMemoryReverted) {
  const std::vector<uint8_t> before = snapshot();
  begin();
  run("fill", {Value::i32(65000), Value::i32(0xab), Value::i32(2000)});
  EXPECT_EQ(journal_.preimage_bytes(), 2 * kPage);
  revert();
  EXPECT_EQ(snapshot(), before);
  begin();
  run("copy", {Value::i32(130000), Value::i32(100), Value::i32(4)});
  EXPECT_EQ(u32_at(130000), 0x64656573u);
  EXPECT_EQ(dirty_pages(object()), (Pages{1}));
  revert();
  EXPECT_EQ(snapshot(), before);
  begin();
  run("init", {Value::i32(5), Value::i32(0), Value::i32(8)});
  EXPECT_EQ(byte_at(5), static_cast<uint32_t>('a'));
  EXPECT_EQ(dirty_pages(object()), (Pages{0}));
  revert();
  EXPECT_EQ(snapshot(), before);
  // Failing bulk operations journal nothing.
  begin();
  EXPECT_EQ(call("fill", {Value::i32(131000), Value::i32(1), Value::i32(100)}).trap->kind,
            TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(journal_.preimage_bytes(), 0u);
  commit();
}

TEST_P(JournalTest, GrowReverted) {
  begin();
  EXPECT_EQ(call("grow", {Value::i32(2)}).results, std::vector<Value>{Value::i32(2)});
  run("store32", {Value::i32(3 * 65536 + 8), Value::i32(7)});
  run("store32", {Value::i32(8), Value::i32(7)});
  EXPECT_EQ(memory_.pages(), 4u);
  revert();
  EXPECT_EQ(memory_.pages(), 2u);
  EXPECT_EQ(call("size").results, std::vector<Value>{Value::i32(2)});
  EXPECT_EQ(call("store32", {Value::i32(3 * 65536 + 8), Value::i32(1)}).trap->kind, TrapKind::MemoryOutOfBounds);
  // Grown again, the page reads as zero: it was journaled as zeros and restored.
  EXPECT_EQ(call("grow", {Value::i32(2)}).results, std::vector<Value>{Value::i32(2)});
  EXPECT_EQ(call("load64", {Value::i32(3 * 65536 + 8)}).results, std::vector<Value>{Value::i64(0)});
  EXPECT_EQ(u32_at(8), 0u);
}

TEST_P(JournalTest, GrowInChildRevertedByParent) {
  begin();
  begin();
  EXPECT_EQ(call("grow", {Value::i32(1)}).results, std::vector<Value>{Value::i32(2)});
  run("store32", {Value::i32(2 * 65536), Value::i32(9)});
  commit();
  EXPECT_EQ(memory_.pages(), 3u);
  EXPECT_EQ(call("grow", {Value::i32(1)}).results, std::vector<Value>{Value::i32(3)});
  revert();
  EXPECT_EQ(memory_.pages(), 2u);
  EXPECT_EQ(dirty_pages(object()), Pages{});
  ASSERT_TRUE(memory_.grow(2).ok());  // the public handle
  EXPECT_EQ(u32_at(2 * 65536), 0u);
}

// The code that called the host sees the size the revert restored.
TEST_P(JournalTest, GrowRevertedWhileCallerRuns) {
  hook_ = [this] {
    begin();
    EXPECT_EQ(call("grow", {Value::i32(3)}).results, std::vector<Value>{Value::i32(2)});
    run("store32", {Value::i32(4 * 65536), Value::i32(1)});
    revert();
  };
  begin();
  EXPECT_EQ(call("store_hook_store", {Value::i32(0), Value::i32(1), Value::i32(2)}).results,
            std::vector<Value>{Value::i32(2)});
  commit();
  EXPECT_EQ(memory_.pages(), 2u);
}

TEST_P(JournalTest, DirtyPagesAfterCommitAndRevert) {
  EXPECT_EQ(dirty_pages(object()), Pages{});
  run("store32", {Value::i32(0), Value::i32(1)});  // no frame: neither journaled nor dirty
  EXPECT_EQ(dirty_pages(object()), Pages{});
  ASSERT_TRUE(memory_.grow(6).ok());
  begin();
  run("stripes", {Value::i32(3), Value::i32(2)});
  run("store8", {Value::i32(0), Value::i32(1)});
  commit();
  EXPECT_EQ(dirty_pages(object()), (Pages{0, 3, 4}));
  begin();
  run("store8", {Value::i32(7 * 65536), Value::i32(1)});
  run("store8", {Value::i32(3 * 65536), Value::i32(1)});
  revert();
  EXPECT_EQ(dirty_pages(object()), (Pages{0, 3, 4}));  // page 3 keeps its earlier stamp
  runtime::clear_dirty(object());
  EXPECT_EQ(dirty_pages(object()), Pages{});
  begin();
  run("store8", {Value::i32(4 * 65536), Value::i32(2)});  // journaled again after the clear
  EXPECT_EQ(journal_.preimage_bytes(), kPage);
  commit();
  EXPECT_EQ(dirty_pages(object()), (Pages{4}));
}

TEST_P(JournalTest, PublicHandleWritesAreJournaled) {
  const std::vector<uint8_t> before = snapshot();
  begin();
  const uint8_t bytes[] = {1, 2, 3, 4};
  ASSERT_TRUE(memory_.write(65534, bytes).ok());
  EXPECT_EQ(dirty_pages(object()), (Pages{0, 1}));
  ASSERT_TRUE(memory_.grow(1).ok());
  revert();
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(memory_.pages(), 2u);
}

// The JIT's slow path runs with values in many registers; they must all survive.
TEST_P(JournalTest, StoresKeepLiveValues) {
  for (const bool frame : {false, true}) {
    SCOPED_TRACE(frame ? "in a frame" : "no frame");
    if (frame) begin();
    const int32_t p = frame ? 2000 : 1000;
    EXPECT_EQ(call("live", {Value::i32(p)}).results, std::vector<Value>{Value::f64(32.5 * p + 0.25)});
    EXPECT_EQ(u32_at(0), static_cast<uint32_t>(3 * p));
    if (frame) {
      EXPECT_EQ(journal_.preimage_bytes(), 2 * kPage);
      revert();
      EXPECT_EQ(u32_at(0), 3000u);  // the value stored outside any frame
    }
  }
}

TEST_P(JournalTest, GasIsNotCharged) {
  // The same calls on an engine without tracking cost exactly the same.
  EngineConfig plain = config_;
  plain.track_writes = false;
  Engine engine(plain);
  Store store(engine);
  Linker linker;
  linker.define("env", "hook", store.create_function(FuncType{{ValType::I32}, {}}, no_op_hook));
  const std::vector<uint8_t> bytes = read_test_wasm("journal");
  Instance other = linker.instantiate(store, Module::compile(engine, bytes).value()).value();
  EXPECT_EQ(other.memory("mem").object()->page_stamps, nullptr);
  const std::vector<std::pair<std::string_view, std::vector<Value>>> calls = {
      {"stripes", {Value::i32(0), Value::i32(2)}},
      {"fill", {Value::i32(10), Value::i32(1), Value::i32(300)}},
      {"live", {Value::i32(3)}},
      {"store_hook_store", {Value::i32(8), Value::i32(1), Value::i32(2)}},
  };
  begin();
  for (const auto& [name, args] : calls) {
    SCOPED_TRACE(std::string(name));
    const CallOutcome tracked = call(name, args, 1'000'000);
    const CallOutcome untracked = store.call(other.func(name), args, CallOptions{1'000'000}).value();
    EXPECT_EQ(tracked.gas_used, untracked.gas_used);
    EXPECT_EQ(tracked.results, untracked.results);
  }
  commit();
}

SC_EXEC_TESTS(JournalTest);

// One scenario in both tiers: the same dirty pages and journal sizes at every step.
TEST(WriteJournal, TiersAgree) {
  struct Step {
    uint64_t preimage_bytes;
    Pages dirty;
  };
  const auto scenario = [](Tier tier) {
    EngineConfig config;
    config.tier = tier;
    config.track_writes = true;
    Engine engine(config);
    Store store(engine);
    Linker linker;
    linker.define("env", "hook", store.create_function(FuncType{{ValType::I32}, {}}, no_op_hook));
    const std::vector<uint8_t> bytes = read_test_wasm("journal");
    Instance instance = linker.instantiate(store, Module::compile(engine, bytes).value()).value();
    runtime::MemoryObject& memory = *instance.memory("mem").object();
    runtime::ExecContext& ctx = store.data().ctx;
    WriteJournal journal;
    std::vector<Step> steps;
    const auto run = [&](std::string_view name, std::vector<Value> args) {
      EXPECT_FALSE(store.call(instance.func(name), args).value().trap.has_value());
      steps.push_back(Step{journal.preimage_bytes(), dirty_pages(memory)});
    };
    journal.begin_frame(ctx);
    run("grow", {Value::i32(5)});
    run("stripes", {Value::i32(1), Value::i32(5)});
    journal.begin_frame(ctx);
    run("live", {Value::i32(7)});
    run("store64", {Value::i32(3 * 65536 - 4), Value::i64(1)});
    journal.commit_frame(ctx);
    steps.push_back(Step{journal.preimage_bytes(), dirty_pages(memory)});
    journal.begin_frame(ctx);
    run("fill", {Value::i32(6 * 65536 - 10), Value::i32(3), Value::i32(20)});
    journal.revert_frame(ctx);
    steps.push_back(Step{journal.preimage_bytes(), dirty_pages(memory)});
    journal.commit_frame(ctx);
    steps.push_back(Step{journal.preimage_bytes(), dirty_pages(memory)});
    std::vector<uint8_t> contents(instance.memory("mem").data().begin(), instance.memory("mem").data().end());
    return std::make_pair(steps, contents);
  };
  const auto interp = scenario(Tier::Interp);
  const auto jit = scenario(Tier::Jit);
  ASSERT_EQ(interp.first.size(), jit.first.size());
  for (size_t i = 0; i < interp.first.size(); ++i) {
    SCOPED_TRACE("step " + std::to_string(i));
    EXPECT_EQ(interp.first[i].preimage_bytes, jit.first[i].preimage_bytes);
    EXPECT_EQ(interp.first[i].dirty, jit.first[i].dirty);
  }
  EXPECT_EQ(interp.first.back().dirty, (Pages{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(interp.second, jit.second);
}

TEST(WriteJournal, UntrackedEngineHasNoStamps) {
  Engine engine;
  Store store(engine);
  Memory memory = store.create_memory(MemoryType{ResizableLimits{1, 4, false}}).value();
  EXPECT_EQ(memory.object()->page_stamps, nullptr);
  EXPECT_EQ(memory.object()->stamp_region.reserved(), 0u);
  WriteJournal journal;
  journal.begin_frame(store.data().ctx);
  const uint8_t bytes[] = {1};
  ASSERT_TRUE(memory.write(0, bytes).ok());
  EXPECT_EQ(journal.preimage_bytes(), 0u);  // nothing to journal without stamps
  journal.revert_frame(store.data().ctx);
  EXPECT_EQ(memory.data()[0], 1);
  EXPECT_EQ(dirty_pages(*memory.object()), Pages{});
}

TEST(WriteJournal, EpochsAreFreshAndNested) {
  EngineConfig config;
  config.track_writes = true;
  Engine engine(config);
  Store store(engine);
  runtime::ExecContext& ctx = store.data().ctx;
  Memory memory = store.create_memory(MemoryType{ResizableLimits{1, 2, false}}).value();
  EXPECT_NE(memory.object()->page_stamps, nullptr);
  WriteJournal journal;
  journal.begin_frame(ctx);
  EXPECT_EQ(ctx.write_epoch, 1u);
  journal.begin_frame(ctx);
  EXPECT_EQ(ctx.write_epoch, 2u);
  EXPECT_EQ(journal.depth(), 2u);
  journal.revert_frame(ctx);
  EXPECT_EQ(ctx.write_epoch, 1u);
  journal.begin_frame(ctx);
  EXPECT_EQ(ctx.write_epoch, 3u);  // never reused
  journal.commit_frame(ctx);
  journal.commit_frame(ctx);
  EXPECT_EQ(ctx.write_epoch, 0u);
  EXPECT_EQ(ctx.journal, nullptr);
  // Pre-image buffers are reused: many frames, bounded pre-image bytes.
  for (int i = 0; i < 100; ++i) {
    journal.begin_frame(ctx);
    runtime::journal_write(ctx, *memory.object(), 10, 65536 - 10);
    EXPECT_EQ(journal.preimage_bytes(), kPage);
    journal.revert_frame(ctx);
  }
  EXPECT_EQ(journal.preimage_bytes(), 0u);
}

}  // namespace
}  // namespace shortcrust::test
