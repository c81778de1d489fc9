// Contract VM, one contract at a time: deploy rules, the argbuf ABI, gas, init, metadata,
// host queries, feeder calls, debug messages, floats, memory growth and bad input
// (issue 6). Every test runs on both tiers.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "state/contract_fixture.h"
#include "state/vm_state.h"

namespace shortcrust::test {
namespace {

using Kind = ContractError::Kind;

class SessionTest : public ContractTest {};
SC_EXEC_TESTS(SessionTest);

TEST_P(SessionTest, CounterStartsAtFcAndIncrements) {
  const ContractId counter = deploy("counter");
  EXPECT_EQ(read_counter(counter), 0xfc);
  const CallReceipt r = ok_call(counter, "increment");
  EXPECT_TRUE(r.data.empty());
  EXPECT_GT(r.gas_spent, 0u);
  EXPECT_EQ(r.gas_limit, kGas);
  ASSERT_EQ(r.call_tree.size(), 1u);
  EXPECT_EQ(r.call_tree[0].function, "increment");
  EXPECT_EQ(r.call_tree[0].gas_spent, r.gas_spent);
  EXPECT_EQ(r.call_tree[0].gas_exclusive, r.gas_spent);
  EXPECT_EQ(read_counter(counter), 0xfd);
}

TEST_P(SessionTest, Counter64RunsAsA64BitContract) {
  const ContractId counter = deploy("counter64");
  EXPECT_EQ(read_counter(counter), 0xfc);
  ok_call(counter, "increment");
  ok_call(counter, "increment");
  EXPECT_EQ(read_counter(counter), 0xfe);
}

TEST_P(SessionTest, ContractIdIsDerivedFromCodeOwnerAndNonce) {
  const ContractId a = deploy("counter", 0);
  const ContractId b = deploy("counter", 1);
  EXPECT_NE(a, b);
  DeployOptions again;
  again.owner = kOwner;
  auto dup = session_.deploy(contract_bytes("counter"), again, kGas);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().kind, Kind::ContractAlreadyExists);
  // Each contract has its own memory.
  ok_call(a, "increment");
  EXPECT_EQ(read_counter(a), 0xfd);
  EXPECT_EQ(read_counter(b), 0xfc);
}

TEST_P(SessionTest, BoxSetsAndGets) {
  const ContractId box = deploy("box");
  EXPECT_TRUE(ok_call(box, "get").data.empty());
  ok_call(box, "set", Args().i64(-17));
  EXPECT_EQ(Reader(ok_call(box, "get").data).get<int64_t>(), -17);
}

TEST_P(SessionTest, OutOfGasAtLimitOne) {
  const ContractId counter = deploy("counter");
  const ContractError e = failed_call(counter, "increment", {}, 1);
  EXPECT_EQ(e.kind, Kind::OutOfGas);
  EXPECT_EQ(e.receipt.gas_spent, 1u);
  EXPECT_EQ(read_counter(counter), 0xfc);  // nothing of the failed call remains
}

TEST_P(SessionTest, GasIsExactAcrossLimits) {
  const ContractId counter = deploy("counter");
  const uint64_t cost = ok_call(counter, "increment").gas_spent;
  EXPECT_EQ(ok_call(counter, "increment", {}, cost).gas_spent, cost);
  EXPECT_EQ(failed_call(counter, "increment", {}, cost - 1).kind, Kind::OutOfGas);
  EXPECT_EQ(read_counter(counter), 0xfe);
}

TEST_P(SessionTest, UnknownFunctionAndMissingContract) {
  const ContractId counter = deploy("counter");
  EXPECT_EQ(failed_call(counter, "no_such_function").kind, Kind::UnknownFunction);
  ContractId missing;
  missing.bytes[0] = 0x42;
  EXPECT_EQ(failed_call(missing, "read_value").kind, Kind::ContractDoesNotExist);
}

TEST_P(SessionTest, InitRunsOnlyAtDeploy) {
  DeployOptions with_arg;
  with_arg.init_arg = Bytes{7};
  auto initialized = session_.deploy(contract_bytes("initializer"), with_arg, kGas);
  ASSERT_TRUE(initialized.ok()) << initialized.error().describe();
  EXPECT_EQ(ok_call(initialized.value(), "value").data, Bytes{7});
  EXPECT_EQ(failed_call(initialized.value(), "init", Bytes{9}).kind, Kind::InitNotCallable);
  EXPECT_EQ(ok_call(initialized.value(), "value").data, Bytes{7});

  DeployOptions without;
  without.nonce = 1;
  auto plain = session_.deploy(contract_bytes("initializer"), without, kGas);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(ok_call(plain.value(), "value").data, Bytes{0xff});
}

TEST_P(SessionTest, InitCannotBeReachedThroughAnInterContractCall) {
  const ContractId target = deploy("initializer");
  DeployOptions options;
  options.init_arg = Args().id(target).get();
  auto caller = session_.deploy(test_module_bytes("contract_init_caller"), options, kGas);
  ASSERT_TRUE(caller.ok()) << caller.error().describe();
  EXPECT_EQ(Reader(ok_call(caller.value(), "code").data).get<int32_t>(), INT32_MIN);
  EXPECT_EQ(ok_call(target, "value").data, Bytes{0xff});
}

TEST_P(SessionTest, InitArgumentWithoutInitIsRefused) {
  DeployOptions options;
  options.init_arg = Bytes{1};
  auto id = session_.deploy(contract_bytes("counter"), options, kGas);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().kind, Kind::InvalidModule);
}

TEST_P(SessionTest, FailedInitUndoesTheDeploy) {
  DeployOptions options;
  options.init_arg = Bytes{1};
  auto id = session_.deploy(contract_bytes("initializer"), options, 1);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().kind, Kind::OutOfGas);
  EXPECT_FALSE(session_.contract_exists(state::derive_contract_id(contract_bytes("initializer"), {}, 0)));
}

TEST_P(SessionTest, EveryInvalidModuleIsRefusedWithItsReason) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"no_memory", "exactly one memory"},
      {"two_memories", "multiple memories"},
      {"memory_not_exported", "memory is not exported"},
      {"imported_memory", "import `env.memory` is a memory"},
      {"no_argbuf", "no exported global `A`"},
      {"argbuf_mutable", "`A` is mutable"},
      {"argbuf_wrong_type", "`A` has type i64, expected i32"},
      {"argbuf_not_global", "export `A` is a func"},
      {"argbuf_out_of_memory", "does not fit in the memory's maximum"},
      {"bad_export_type", "has type (i32 i32) -> (i32)"},
      {"unknown_import", "not a host function"},
      {"import_wrong_type", "expected () -> (i32)"},
      {"start_function", "start function"},
      {"malformed", "past the end of the module"},
  };
  for (const auto& [name, reason] : cases) {
    DeployOptions options;
    auto id = session_.deploy(contract_bytes("invalid_" + name), options, kGas);
    ASSERT_FALSE(id.ok()) << name;
    EXPECT_EQ(id.error().kind, Kind::InvalidModule) << name;
    EXPECT_NE(id.error().message.find(reason), std::string::npos) << name << ": " << id.error().message;
  }
}

TEST_P(SessionTest, MetadataAndOwner) {
  Session session = vm_.session(SessionOptions{{{"chain_id", Bytes{0xaa, 0xbb}}}});
  DeployOptions options;
  options.owner = Bytes{9, 8, 7};
  auto id = session.deploy(contract_bytes("metadata"), options, kGas);
  ASSERT_TRUE(id.ok());
  auto owner = session.call(id.value(), "read_owner", {}, kGas);
  ASSERT_TRUE(owner.ok());
  EXPECT_EQ(owner.value().data, (Bytes{9, 8, 7}));
  auto self = session.call(id.value(), "read_id", {}, kGas);
  ASSERT_TRUE(self.ok());
  EXPECT_EQ(Reader(self.value().data).id(), id.value());
  auto meta = session.call(id.value(), "read_meta", Args().bytes("chain_id"), kGas);
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta.value().data, (Bytes{0xaa, 0xbb}));
  auto missing = session.call(id.value(), "read_meta", Args().bytes("nothing"), kGas);
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing.value().data.empty());

  // The owner of another contract, and of one that does not exist.
  DeployOptions other_options;
  other_options.owner = Bytes{5};
  auto other = session.deploy(contract_bytes("counter"), other_options, kGas);
  ASSERT_TRUE(other.ok());
  auto of_other = session.call(id.value(), "read_owner_of", Args().id(other.value()), kGas);
  ASSERT_TRUE(of_other.ok());
  Reader r(of_other.value().data);
  EXPECT_EQ(r.get<int32_t>(), 1);
  EXPECT_EQ(r.rest(), std::string("\x05"));
  auto of_missing = session.call(id.value(), "read_owner_of", Args().id(ContractId{}), kGas);
  ASSERT_TRUE(of_missing.ok());
  EXPECT_EQ(Reader(of_missing.value().data).get<int32_t>(), 0);
}

TEST_P(SessionTest, HostQueriesArePricedBeforeTheyRun) {
  int runs = 0;
  vm_.register_host_query("reverse", HostQuery{
      [](std::span<const uint8_t> arg) { return uint64_t{100} * arg.size(); },
      [&runs](std::span<uint8_t> argbuf, uint32_t len) -> Result<uint32_t, std::string> {
        ++runs;
        std::reverse(argbuf.begin(), argbuf.begin() + len);
        return len;
      }});
  vm_.register_host_query("very_expensive", HostQuery{
      [](std::span<const uint8_t>) { return uint64_t{1} << 60; },
      [&runs](std::span<uint8_t>, uint32_t) -> Result<uint32_t, std::string> {
        ++runs;
        return 0u;
      }});
  vm_.register_host_query("throws", HostQuery{
      [](std::span<const uint8_t>) { return uint64_t{1}; },
      [](std::span<uint8_t>, uint32_t) -> Result<uint32_t, std::string> { throw std::runtime_error("boom"); }});
  Session session = vm_.session();
  auto host = session.deploy(contract_bytes("host"), DeployOptions{}, kGas);
  ASSERT_TRUE(host.ok());

  auto small = session.call(host.value(), "host_query", Args().name("reverse").bytes("abc"), kGas);
  ASSERT_TRUE(small.ok()) << small.error().describe();
  EXPECT_EQ(Reader(small.value().data).rest(), "cba");
  auto large = session.call(host.value(), "host_query", Args().name("reverse").bytes("abcd"), kGas);
  ASSERT_TRUE(large.ok());
  // One more argument byte: 100 gas of price, plus the contract's own per-byte work.
  EXPECT_GE(large.value().gas_spent, small.value().gas_spent + 100);
  EXPECT_EQ(runs, 2);

  auto expensive = session.call(host.value(), "host_query", Args().name("very_expensive"), kGas);
  ASSERT_FALSE(expensive.ok());
  EXPECT_EQ(expensive.error().kind, Kind::OutOfGas);
  EXPECT_EQ(runs, 2);  // priced out before running

  auto missing = session.call(host.value(), "host_query", Args().name("nobody"), kGas);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, Kind::MissingHostQuery);
  auto thrown = session.call(host.value(), "host_query", Args().name("throws"), kGas);
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().kind, Kind::HostQueryFailed);
  EXPECT_NE(thrown.error().message.find("boom"), std::string::npos);
  // The session stays usable.
  EXPECT_TRUE(session.call(host.value(), "host_query", Args().name("reverse").bytes("xy"), kGas).ok());
}

TEST_P(SessionTest, FeederCallStreamsBytes) {
  const ContractId feeder = deploy("feeder");
  std::vector<uint32_t> fed;
  auto r = session_.feeder_call(feeder, "feed_num", Args().u32(5), kGas, [&](std::span<const uint8_t> bytes) {
    ASSERT_EQ(bytes.size(), 4u);
    uint32_t v = 0;
    std::memcpy(&v, bytes.data(), 4);
    fed.push_back(v);
  });
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(fed, (std::vector<uint32_t>{0, 1, 2, 3, 4}));
  // Outside a feeder call, `feed` fails the call.
  EXPECT_EQ(failed_call(feeder, "feed_num", Args().u32(1)).kind, Kind::Trap);
}

TEST_P(SessionTest, DebugMessagesAreRecorded) {
  const ContractId debugger = deploy("debugger");
  const CallReceipt r = ok_call(debugger, "debug", Args().bytes("hello"));
  EXPECT_EQ(r.debug, std::vector<std::string>{"hello"});
}

TEST_P(SessionTest, FloatsAndCanonicalNans) {
  const ContractId floats = deploy("floats");
  EXPECT_EQ(Reader(ok_call(floats, "sqrt", Args().f64(2.0)).data).get<double>(), std::sqrt(2.0));
  EXPECT_EQ(Reader(ok_call(floats, "nan_div").data).get<uint64_t>(), 0x7ff8000000000000u);
  EXPECT_EQ(Reader(ok_call(floats, "sum", Args().u32(3).f32(0.5f).f32(0.25f).f32(2.0f)).data).get<float>(), 2.75f);
}

TEST_P(SessionTest, FibonacciRecursesInsideWasm) {
  const ContractId fib = deploy("fibonacci");
  EXPECT_EQ(Reader(ok_call(fib, "nth", Args().u32(20)).data).get<uint64_t>(), 6765u);
}

TEST_P(SessionTest, GrowthIsRevertedWithTheFailedCall) {
  const ContractId grower = deploy("grower");
  const uint32_t pages = Reader(ok_call(grower, "size").data).get<uint32_t>();
  const uint64_t bytes = session_.memory(grower).size();
  const ContractError e = failed_call(grower, "grow_write_panic", Args().u32(2));
  EXPECT_EQ(e.kind, Kind::Panic);
  EXPECT_EQ(e.message, "grown");
  EXPECT_EQ(Reader(ok_call(grower, "size").data).get<uint32_t>(), pages);
  EXPECT_EQ(session_.memory(grower).size(), bytes);
  // Growing again gives zeroed pages, not what the failed call wrote.
  EXPECT_EQ(Reader(ok_call(grower, "grow", Args().u32(2)).data).get<int32_t>(), static_cast<int32_t>(pages));
  EXPECT_EQ(ok_call(grower, "read_byte", Args().u32(pages * 65536)).data, Bytes{0});
  EXPECT_EQ(ok_call(grower, "read_byte", Args().u32((pages + 1) * 65536)).data, Bytes{0});
}

TEST_P(SessionTest, PanicWithInvalidUtf8IsAClearError) {
  const ContractId callcenter = deploy("callcenter");
  const ContractError e = failed_call(callcenter, "panik", Bytes{0xff, 0xfe});
  EXPECT_EQ(e.kind, Kind::InvalidUtf8);
  const ContractError ok_text = failed_call(callcenter, "panik", Args().bytes("plain"));
  EXPECT_EQ(ok_text.kind, Kind::Panic);
  EXPECT_EQ(ok_text.message, "plain");
}

TEST_P(SessionTest, NonUtf8TopicIsAClearError) {
  const ContractId eventer = deploy("eventer");
  const ContractError e = failed_call(eventer, "emit_input", Args().u32(2).bytes("\xff\xfe").bytes("data"));
  EXPECT_EQ(e.kind, Kind::InvalidUtf8);
  EXPECT_TRUE(ok_call(eventer, "emit_input", Args().u32(1).bytes("t").bytes("data")).events.size() == 1);
}

TEST_P(SessionTest, ArgumentLongerThanTheArgbufIsRefused) {
  const ContractId counter = deploy("counter");
  EXPECT_EQ(failed_call(counter, "increment", Bytes(65537)).kind, Kind::InvalidArgumentBuffer);
  EXPECT_TRUE(session_.call(counter, "increment", Bytes(65536), kGas).ok());
}

// Hand-written contracts for what C cannot express (tests/wat/contract_*.wat).
TEST_P(SessionTest, ReturnedLengthsOutsideTheArgbufFail) {
  auto id = session_.deploy(test_module_bytes("contract_abi_abuse"), DeployOptions{}, kGas);
  ASSERT_TRUE(id.ok()) << id.error().describe();
  EXPECT_EQ(failed_call(id.value(), "too_long").kind, Kind::InvalidArgumentBuffer);
  EXPECT_EQ(failed_call(id.value(), "negative").kind, Kind::InvalidArgumentBuffer);
  // The failed frames' writes are undone.
  EXPECT_EQ(Reader(ok_call(id.value(), "read_marker").data).get<uint32_t>(), 0u);
}

TEST_P(SessionTest, BadPointersToImportsTrap) {
  auto id = session_.deploy(test_module_bytes("contract_abi_abuse"), DeployOptions{}, kGas);
  ASSERT_TRUE(id.ok());
  for (const char* fn : {"emit_bad_topic", "call_bad_callee", "owner_bad_pointer", "hd_bad_name", "panic_too_long"}) {
    const ContractError e = failed_call(id.value(), fn);
    EXPECT_EQ(e.kind, Kind::Trap) << fn << ": " << e.message;
    EXPECT_TRUE(e.receipt.events.empty() || e.receipt.events[0].reverted) << fn;
  }
  EXPECT_EQ(Reader(ok_call(id.value(), "read_marker").data).get<uint32_t>(), 0u);
}

TEST_P(SessionTest, EmitCostsFourGasPerByte) {
  auto id = session_.deploy(test_module_bytes("contract_abi_abuse"), DeployOptions{}, kGas);
  ASSERT_TRUE(id.ok());
  // emit_n emits topic "tick" (4 bytes) with the argument as data; the code path does not
  // depend on the length, so the whole difference is the emit price.
  const uint64_t g0 = ok_call(id.value(), "emit_n", Bytes(0)).gas_spent;
  const uint64_t g100 = ok_call(id.value(), "emit_n", Bytes(100)).gas_spent;
  EXPECT_EQ(g100 - g0, 400u);
  const CallReceipt r = ok_call(id.value(), "emit_n", Bytes{1, 2});
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].topic, "tick");
  EXPECT_EQ(r.events[0].data, (Bytes{1, 2}));
  EXPECT_EQ(r.events[0].source, id.value());
  EXPECT_FALSE(r.events[0].reverted);
}

TEST_P(SessionTest, MigrateKeepsIdAndMemoryAndRevertsOnFailure) {
  const ContractId id = deploy("counter");
  ok_call(id, "increment");
  const std::vector<uint8_t> memory_before(session_.memory(id).begin(), session_.memory(id).end());
  // A failing migration closure puts the old code back.
  auto failed = session_.migrate(id, contract_bytes("callcenter"), [&](Session& s) -> Result<void, ContractError> {
    auto self = s.call(id, "return_self_id", {}, kGas);  // the new code runs under the old id
    EXPECT_TRUE(self.ok());
    if (self.ok()) {
      EXPECT_EQ(Reader(self.value().data).id(), id);
    }
    return ContractError{Kind::Panic, "migration refused", {}};
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message, "migration refused");
  EXPECT_EQ(read_counter(id), 0xfd);

  auto migrated = session_.migrate(id, contract_bytes("callcenter"), [](Session&) { return Result<void, ContractError>(); });
  ASSERT_TRUE(migrated.ok());
  EXPECT_EQ(failed_call(id, "read_value").kind, Kind::UnknownFunction);
  EXPECT_EQ(Reader(ok_call(id, "return_self_id").data).id(), id);
  EXPECT_EQ(session_.memory(id).size(), memory_before.size());
  // Another pointer width is refused.
  auto wide = session_.migrate(id, contract_bytes("counter64"), [](Session&) { return Result<void, ContractError>(); });
  ASSERT_FALSE(wide.ok());
  EXPECT_EQ(wide.error().kind, Kind::InvalidModule);
}

TEST_P(SessionTest, SessionsRunConcurrentlyOnThreads) {
  constexpr int kThreads = 4;
  constexpr int kCalls = 200;
  std::vector<Session> sessions;
  for (int i = 0; i < kThreads; ++i) sessions.push_back(vm_.session());
  std::vector<int64_t> values(kThreads, -1);
  std::vector<std::thread> threads;
  const Bytes code = contract_bytes("counter");
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Session& s = sessions[t];
      auto id = s.deploy(code, DeployOptions{}, kGas);
      if (!id.ok()) return;
      for (int i = 0; i < kCalls + t; ++i) {
        if (!s.call(id.value(), "increment", {}, kGas).ok()) return;
      }
      auto r = s.call(id.value(), "read_value", {}, kGas);
      if (r.ok()) values[t] = Reader(r.value().data).get<int64_t>();
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(values[t], 0xfc + kCalls + t) << t;
}

}  // namespace
}  // namespace shortcrust::test
