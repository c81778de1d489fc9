// Contract calls per second through the contract VM (state/): a top-level
// `counter.increment` via Session::call (the target of issue 6 is 500,000 per second),
// and a 3-deep inter-contract chain, callcenter.delegate -> callcenter.increment_counter
// -> counter.increment. Rows are contract/<what>/<tier>; items_per_second is calls per
// second. The example contracts come from sdk/ (SHORTCRUST_CONTRACTS_DIR).
// `shortcrust_contract_bench --check` runs each once per tier and checks the result.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "bench/variants.h"
#include "shortcrust/abi.h"
#include "shortcrust/vm.h"

namespace shortcrust::bench {
namespace {

constexpr uint64_t kGas = 10'000'000;

Bytes read_contract(const char* name) {
  std::ifstream in(std::string(SHORTCRUST_CONTRACTS_DIR) + "/" + name + ".wasm", std::ios::binary);
  return Bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A session with counter and callcenter deployed, and the arguments of both rows.
struct World {
  VM vm;
  Session session;
  ContractId counter;
  ContractId center;
  Bytes chain_arg;  // delegate(center, "increment_counter", counter)

  explicit World(Tier tier) : vm(VM::ephemeral(VmConfig{tier, {}, false})), session(vm.session()) {}

  std::optional<std::string> load() {
    auto c = session.deploy(read_contract("counter"), DeployOptions{}, kGas);
    auto cc = session.deploy(read_contract("callcenter"), DeployOptions{}, kGas);
    if (!c.ok()) return "counter: " + c.error().describe();
    if (!cc.ok()) return "callcenter: " + cc.error().describe();
    counter = c.value();
    center = cc.value();
    chain_arg = abi::encode(center, std::string_view("increment_counter"), counter);
    return std::nullopt;
  }

  int64_t read_counter() {
    auto value = abi::call_typed<int64_t>(session, counter, "read_value", kGas);
    return value.ok() ? value.value() : -1;
  }
};

enum class Row { Increment, Chain };

std::optional<std::string> call_once(World& w, Row row) {
  auto r = row == Row::Increment ? w.session.call(w.counter, "increment", {}, kGas)
                                 : w.session.call(w.center, "delegate", w.chain_arg, kGas);
  if (!r.ok()) return r.error().describe();
  if (row == Row::Chain && r.value().call_tree.size() != 3) return std::string("the chain is not 3 frames deep");
  return std::nullopt;
}

void bench_contract(benchmark::State& state, Row row, Tier tier) {
  World world(tier);
  std::optional<std::string> why = tier_unavailable(tier);
  if (!why) why = world.load();
  if (!why) why = call_once(world, row);
  if (why) {
    state.SkipWithError(why->c_str());
    return;
  }
  for (auto _ : state) {
    auto r = row == Row::Increment ? world.session.call(world.counter, "increment", {}, kGas)
                                   : world.session.call(world.center, "delegate", world.chain_arg, kGas);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}

void register_all() {
  for (const Tier tier : {Tier::Interp, Tier::Jit}) {
    const char* tier_name = tier == Tier::Jit ? "jit" : "interp";
    benchmark::RegisterBenchmark((std::string("contract/increment/") + tier_name).c_str(), bench_contract,
                                 Row::Increment, tier);
    benchmark::RegisterBenchmark((std::string("contract/chain3/") + tier_name).c_str(), bench_contract, Row::Chain,
                                 tier);
  }
}

int check_all() {
  int failures = 0;
  for (const Tier tier : {Tier::Interp, Tier::Jit}) {
    World world(tier);
    std::optional<std::string> why = world.load();
    if (!why) why = call_once(world, Row::Increment);
    if (!why) why = call_once(world, Row::Chain);
    if (!why && world.read_counter() != 0xfc + 2) why = "the counter did not count both calls";
    std::printf("%s: %s\n", tier == Tier::Jit ? "jit" : "interp", why ? why->c_str() : "ok");
    if (why) ++failures;
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace shortcrust::bench

int main(int argc, char** argv) {
  return shortcrust::bench::benchmark_main(argc, argv, &shortcrust::bench::check_all, &shortcrust::bench::register_all);
}
