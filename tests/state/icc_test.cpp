// Contract VM, inter-contract calls (ARCHITECTURE §6.4): results and error codes,
// caller and callstack, the 93% rule and gas of failed callees, atomic revert of
// memory and events (re-entrant frames included), the depth limit, and identical
// receipts in both tiers.
#include "state/contract_fixture.h"

namespace shortcrust::test {
namespace {

using Kind = ContractError::Kind;

class IccTest : public ContractTest {
 protected:
  // callcenter.delegate(target, name, rest) with an optional gas limit: the code and the
  // bytes after it.
  std::pair<int32_t, std::string> delegate(const ContractId& center, const ContractId& target, std::string_view name,
                                           const Bytes& rest = {}, std::optional<uint64_t> limit = std::nullopt,
                                           CallReceipt* receipt = nullptr) {
    Args args;
    if (limit) args.u64(*limit);
    args.id(target).name(name);
    Bytes arg = args;
    arg.insert(arg.end(), rest.begin(), rest.end());
    const CallReceipt r = ok_call(center, limit ? "delegate_with_limit" : "delegate", arg);
    if (receipt != nullptr) *receipt = r;
    Reader reader(r.data);
    const int32_t code = reader.get<int32_t>();
    return {code, reader.rest()};
  }
};
SC_EXEC_TESTS(IccTest);

uint64_t ninety_three_percent(uint64_t remaining) { return remaining / 100 * 93 + remaining % 100 * 93 / 100; }

TEST_P(IccTest, QueriesAndIncrementsAnotherContract) {
  const ContractId counter = deploy("counter");
  const ContractId center = deploy("callcenter");
  EXPECT_EQ(Reader(ok_call(center, "query_counter", Args().id(counter)).data).get<int64_t>(), 0xfc);
  const CallReceipt r = ok_call(center, "increment_counter", Args().id(counter));
  EXPECT_EQ(read_counter(counter), 0xfd);
  ASSERT_EQ(r.call_tree.size(), 2u);
  EXPECT_EQ(r.call_tree[1].contract, counter);
  EXPECT_EQ(r.call_tree[1].function, "increment");
  EXPECT_EQ(r.call_tree[1].depth, 1u);
  EXPECT_EQ(r.call_tree[0].gas_exclusive + r.call_tree[1].gas_spent, r.call_tree[0].gas_spent);
}

TEST_P(IccTest, CallerIsAbsentAtTopLevelAndPresentInACallee) {
  const ContractId center = deploy("callcenter");
  EXPECT_EQ(ok_call(center, "return_caller").data, Bytes{0});
  Reader self_call(ok_call(center, "call_self").data);
  EXPECT_EQ(self_call.get<uint8_t>(), 1);
  EXPECT_EQ(self_call.id(), center);
  EXPECT_EQ(ok_call(center, "calling_self", Args().id(center)).data, Bytes{1});
}

TEST_P(IccTest, CallstackListsAncestorsNearestFirst) {
  const ContractId a = deploy("callcenter", 0);
  const ContractId b = deploy("callcenter", 1);
  EXPECT_EQ(ok_call(a, "return_callstack").data, Args().u32(0).get());
  // a -> b.delegate(a, return_callstack): a's callstack there is [b, a].
  Bytes inner = Args().id(a).name("return_callstack");
  auto [code, rest] = delegate(a, b, "delegate", inner);
  ASSERT_GE(code, 0);
  Reader r(Bytes(rest.begin(), rest.end()));
  EXPECT_GE(r.get<int32_t>(), 0);
  EXPECT_EQ(r.get<uint32_t>(), 2u);
  EXPECT_EQ(r.id(), b);
  EXPECT_EQ(r.id(), a);
}

TEST_P(IccTest, MissingContractGivesMinusThreeAndKeepsCallerState) {
  const ContractId center = deploy("callcenter");
  ContractId missing;
  missing.bytes[31] = 7;
  EXPECT_EQ(delegate(center, missing, "read_value").first, -3);
  EXPECT_EQ(Reader(ok_call(center, "delegations").data).get<uint64_t>(), 1u);
}

TEST_P(IccTest, PanickingCalleeIsRevertedAndReturnsItsMessage) {
  const ContractId counter = deploy("counter");
  const ContractId center = deploy("callcenter");
  CallReceipt receipt;
  auto [code, rest] = delegate(center, center, "increment_then_panic", Args().id(counter), std::nullopt, &receipt);
  EXPECT_EQ(code, -1);
  Reader r(Bytes(rest.begin(), rest.end()));
  EXPECT_EQ(r.get<uint32_t>(), 20u);
  EXPECT_EQ(r.rest(), "increment_then_panic");
  EXPECT_EQ(read_counter(counter), 0xfc);  // the callee's nested increment is undone
  EXPECT_EQ(Reader(ok_call(center, "delegations").data).get<uint64_t>(), 1u);  // the caller's write stays
  ASSERT_EQ(receipt.call_tree.size(), 3u);
  EXPECT_FALSE(receipt.call_tree[0].reverted);
  EXPECT_TRUE(receipt.call_tree[1].reverted);
  EXPECT_TRUE(receipt.call_tree[2].reverted);
}

TEST_P(IccTest, FailedCalleeBurnsItsWholeForwardedLimit) {
  const ContractId center = deploy("callcenter");
  constexpr uint64_t kLimit = 50'000;
  CallReceipt receipt;
  const auto [code, rest] = delegate(center, center, "panik", Args().bytes("no"), kLimit, &receipt);
  EXPECT_EQ(code, -1);
  ASSERT_EQ(receipt.call_tree.size(), 2u);
  EXPECT_EQ(receipt.call_tree[1].gas_limit, kLimit);
  EXPECT_EQ(receipt.call_tree[1].gas_spent, kLimit);
  EXPECT_GT(receipt.gas_spent, kLimit);
  // Out of gas in the callee: -2, and again the whole limit.
  const ContractId spender = deploy("spender");
  const auto [oog, unused] = delegate(center, spender, "spend", Args().u64(1'000'000), 1000, &receipt);
  EXPECT_EQ(oog, -2);
  EXPECT_EQ(receipt.call_tree[1].gas_spent, 1000u);
}

TEST_P(IccTest, LimitAndSpentFollowTheNinetyThreePercentRule) {
  const ContractId spender = deploy("spender");
  constexpr uint64_t kLimit = 1'000'000;
  const CallReceipt top = ok_call(spender, "limit_and_spent", {}, kLimit);
  Reader alone(top.data);
  EXPECT_EQ(alone.get<uint64_t>(), kLimit);
  EXPECT_LT(alone.get<uint64_t>(), top.gas_spent);

  const CallReceipt r = ok_call(spender, "nested", Args().id(spender), kLimit);
  Reader n(r.data);
  const uint64_t own_limit = n.get<uint64_t>();
  const uint64_t before = n.get<uint64_t>();
  const uint64_t callee_limit = n.get<uint64_t>();
  const uint64_t callee_spent = n.get<uint64_t>();
  const uint64_t after = n.get<uint64_t>();
  EXPECT_EQ(own_limit, kLimit);
  ASSERT_EQ(r.call_tree.size(), 2u);
  EXPECT_EQ(r.call_tree[1].gas_limit, callee_limit);
  // The callee got 93% of what remained when `c` ran, some time between the two reads.
  EXPECT_LE(callee_limit, ninety_three_percent(kLimit - before));
  EXPECT_GE(callee_limit, ninety_three_percent(kLimit - (after - r.call_tree[1].gas_spent)));
  EXPECT_LT(callee_spent, r.call_tree[1].gas_spent);
  EXPECT_GE(after, before + r.call_tree[1].gas_spent);
  EXPECT_GE(r.gas_spent, after);

  // An explicit limit below what remains is used as is.
  const auto [code, rest] = [&] {
    const ContractId center = deploy("callcenter");
    return delegate(center, spender, "limit_and_spent", {}, 12'345);
  }();
  ASSERT_GE(code, 0);
  EXPECT_EQ(Reader(Bytes(rest.begin(), rest.end())).get<uint64_t>(), 12'345u);
}

TEST_P(IccTest, EventsOfFailedFramesStayMarkedReverted) {
  const ContractId reverter = deploy("event_reverter");
  const CallReceipt r = ok_call(reverter, "call_failing");
  EXPECT_EQ(Reader(r.data).get<int32_t>(), -1);
  ASSERT_EQ(r.events.size(), 4u);
  EXPECT_EQ(r.events[0].topic, "outer");
  EXPECT_FALSE(r.events[0].reverted);
  EXPECT_EQ(r.events[1].topic, "inner");
  EXPECT_TRUE(r.events[1].reverted);
  EXPECT_TRUE(r.events[2].reverted);
  EXPECT_EQ(r.events[3].topic, "after");
  EXPECT_FALSE(r.events[3].reverted);

  // A failed top-level call: its events come back marked, and none leak into the next receipt.
  const ContractError e = failed_call(reverter, "emit_then_panic", Args().u32(3));
  EXPECT_EQ(e.kind, Kind::Panic);
  ASSERT_EQ(e.receipt.events.size(), 3u);
  for (const Event& event : e.receipt.events) EXPECT_TRUE(event.reverted);
  const ContractId eventer = deploy("eventer");
  const CallReceipt next = ok_call(eventer, "emit_events", Args().u32(2));
  ASSERT_EQ(next.events.size(), 2u);
  EXPECT_EQ(next.events[1].topic, "number");
  EXPECT_EQ(next.events[1].data, Args().u32(1).get());
}

TEST_P(IccTest, ReentrantFailureLeavesStateConsistent) {
  const ContractId a = deploy("crossover", 0);
  const ContractId b = deploy("crossover", 1);
  const CallReceipt r = ok_call(a, "check_consistent", Args().id(b).i32(1).i32(2));
  Reader reader(r.data);
  EXPECT_EQ(reader.get<int32_t>(), -1);
  EXPECT_EQ(reader.get<int32_t>(), 1);  // a's own write stays, the re-entrant one is undone
  EXPECT_EQ(Reader(ok_call(a, "crossover").data).get<int32_t>(), 1);
  EXPECT_EQ(Reader(ok_call(b, "crossover").data).get<int32_t>(), 7);
}

TEST_P(IccTest, SelfRecursionStopsAtTheDepthLimit) {
  const ContractId center = deploy("callcenter");
  const CallReceipt r = ok_call(center, "recurse", Args().u32(1000));
  EXPECT_EQ(Reader(r.data).get<int32_t>(), INT32_MIN);
  uint32_t deepest = 0;
  for (const CallFrameInfo& f : r.call_tree) deepest = std::max(deepest, f.depth);
  EXPECT_EQ(deepest, 47u);  // 48 frames, the top-level one included
  EXPECT_EQ(Reader(ok_call(center, "recurse", Args().u32(10)).data).get<int32_t>(), 0);
}

// The same scenario on both tiers gives identical receipts.
std::vector<CallReceipt> scenario(Tier tier) {
  VmConfig config;
  config.tier = tier;
  VM vm = VM::ephemeral(config);
  Session s = vm.session();
  DeployOptions options;
  const ContractId counter = s.deploy(contract_bytes("counter"), options, kGas).value();
  const ContractId center = s.deploy(contract_bytes("callcenter"), options, kGas).value();
  const ContractId reverter = s.deploy(contract_bytes("event_reverter"), options, kGas).value();
  std::vector<CallReceipt> out;
  const auto add = [&](const Result<CallReceipt, ContractError>& r) {
    if (r.ok()) {
      out.push_back(r.value());
    } else {
      out.push_back(r.error().receipt);
    }
  };
  add(s.call(center, "increment_counter", Args().id(counter), kGas));
  add(s.call(center, "recurse", Args().u32(60), kGas));
  add(s.call(reverter, "call_failing", {}, kGas));
  add(s.call(center, "delegate_with_limit", Args().u64(3000).id(center).name("panik").bytes("x"), kGas));
  add(s.call(counter, "increment", {}, 3));
  return out;
}

TEST(IccTiers, ReceiptsAreIdenticalInBothTiers) {
  const std::vector<CallReceipt> interp = scenario(Tier::Interp);
  const std::vector<CallReceipt> jit = scenario(Tier::Jit);
  ASSERT_EQ(interp.size(), jit.size());
  for (size_t i = 0; i < interp.size(); ++i) {
    EXPECT_EQ(interp[i].data, jit[i].data) << i;
    EXPECT_EQ(interp[i].gas_spent, jit[i].gas_spent) << i;
    ASSERT_EQ(interp[i].events.size(), jit[i].events.size()) << i;
    for (size_t e = 0; e < interp[i].events.size(); ++e) {
      EXPECT_EQ(interp[i].events[e].topic, jit[i].events[e].topic);
      EXPECT_EQ(interp[i].events[e].data, jit[i].events[e].data);
      EXPECT_EQ(interp[i].events[e].reverted, jit[i].events[e].reverted);
    }
    ASSERT_EQ(interp[i].call_tree.size(), jit[i].call_tree.size()) << i;
    for (size_t f = 0; f < interp[i].call_tree.size(); ++f) {
      EXPECT_EQ(interp[i].call_tree[f].gas_spent, jit[i].call_tree[f].gas_spent) << i << "/" << f;
      EXPECT_EQ(interp[i].call_tree[f].gas_exclusive, jit[i].call_tree[f].gas_exclusive) << i << "/" << f;
      EXPECT_EQ(interp[i].call_tree[f].reverted, jit[i].call_tree[f].reverted) << i << "/" << f;
    }
  }
}

}  // namespace
}  // namespace shortcrust::test
