// Host-to-wasm call overhead: Store::call from the embedder into a function that does
// (almost) nothing, per engine variant of bench/variants.h. `nop` is () -> () and shows
// the fixed cost of entering and leaving the engine; `add` is (i32, i32) -> i32 and adds
// passing arguments and collecting a result. Rows are call/<function>/<variant>, in ns
// per call; a tier that is not available skips its rows.
// `shortcrust_call_bench --check` calls both once in every available variant (a CTest).

#include <benchmark/benchmark.h>

#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bench/variants.h"
#include "shortcrust/engine.h"
#include "shortcrust/linker.h"
#include "shortcrust/store.h"
#include "shortcrust/value.h"
#include "support/wasm_bytes.h"

namespace shortcrust::bench {
namespace {

// (func (export "nop")) (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
std::vector<uint8_t> call_module() {
  using test::Bytes;
  const Bytes nop_body = {0x0b};
  const Bytes add_body = {0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b};
  auto export_func = [](const char* name, uint32_t index) {
    return test::cat({test::name(name), Bytes{0x00}, test::leb_u(index)});
  };
  return test::module({
      test::section(1, test::vec({test::func_type({}, {}),
                                  test::func_type({test::kI32, test::kI32}, {test::kI32})})),
      test::section(3, test::vec({test::leb_u(0), test::leb_u(1)})),
      test::section(7, test::vec({export_func("nop", 0), export_func("add", 1)})),
      test::section(10, test::vec({test::code_entry({}, nop_body), test::code_entry({}, add_body)})),
  });
}

struct Target {
  const char* function;
  std::vector<Value> args;
  std::optional<Value> expected;
};

const std::vector<Target>& targets() {
  static const std::vector<Target> kTargets = {
      {"nop", {}, std::nullopt},
      {"add", {Value::i32(40), Value::i32(2)}, Value::i32(42)},
  };
  return kTargets;
}

// The module instantiated in its own Engine and Store.
struct Loaded {
  Engine engine;
  Store store;
  Instance instance;
  explicit Loaded(const EngineConfig& config) : engine(config), store(engine) {}
};

// Loads the module into `out`, or returns why it could not.
std::optional<std::string> load(const Variant& variant, Loaded& out) {
  if (const std::optional<std::string>& why = tier_unavailable(variant.tier)) {
    return unavailable_message(variant, *why);
  }
  Result<Module> module = Module::compile(out.engine, call_module());
  if (!module.ok()) return "compile: " + describe(module.error());
  Result<Instance, InstantiationError> instance = Linker().instantiate(out.store, module.value());
  if (!instance.ok()) return "instantiate: " + instance.error().message;
  out.instance = instance.value();
  return std::nullopt;
}

// One call of `target`, checked; nothing on success.
std::optional<std::string> call_once(Loaded& loaded, Func func, const Target& target) {
  Result<CallOutcome> outcome = loaded.store.call(func, target.args);
  if (!outcome.ok()) return "call: " + describe(outcome.error());
  const CallOutcome& out = outcome.value();
  if (out.trap) return "trap: " + out.trap->describe();
  const size_t want = target.expected ? 1 : 0;
  if (out.results.size() != want || (target.expected && !(out.results[0] == *target.expected))) {
    return "unexpected results";
  }
  return std::nullopt;
}

void bench_call(benchmark::State& state, const Target& target, const Variant& variant) {
  Loaded loaded(variant.config());
  std::optional<std::string> why = load(variant, loaded);
  const Func func = why ? Func() : loaded.instance.func(target.function);
  if (!why) why = call_once(loaded, func, target);
  if (why) {
    state.SkipWithError(why->c_str());
    return;
  }
  for (auto _ : state) {
    Result<CallOutcome> outcome = loaded.store.call(func, target.args);
    benchmark::DoNotOptimize(outcome);
  }
}

void register_all() {
  for (const Target& target : targets()) {
    for (const Variant& variant : kVariants) {
      const std::string name = std::string("call/") + target.function + "/" + variant.name;
      benchmark::RegisterBenchmark(name.c_str(), bench_call, target, variant);
    }
  }
}

// --check: each function once in every available variant; exit status 1 on any failure.
int check_all() {
  int failures = 0;
  for (const Variant& variant : kVariants) {
    Loaded loaded(variant.config());
    if (std::optional<std::string> why = load(variant, loaded)) {
      const bool unavailable = tier_unavailable(variant.tier).has_value();
      std::printf("%s: %s\n", variant.name, why->c_str());
      if (!unavailable || variant.tier == Tier::Interp) ++failures;
      continue;
    }
    for (const Target& target : targets()) {
      std::optional<std::string> why = call_once(loaded, loaded.instance.func(target.function), target);
      std::printf("%s/%s: %s\n", target.function, variant.name, why ? why->c_str() : "ok");
      if (why) ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace shortcrust::bench

int main(int argc, char** argv) {
  return shortcrust::bench::benchmark_main(argc, argv, &shortcrust::bench::check_all, &shortcrust::bench::register_all);
}
