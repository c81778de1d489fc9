// Execution time of compiled C (bench/kernels/kernels.def): per kernel, `native` (the
// same C built into this binary), then each engine variant of bench/variants.h: `interp`
// and `jit` (gas metering on, no limit), `interp_nogas` and `jit_nogas`
// (EngineConfig::gas_metering = false). Compilation and instantiation happen once, outside
// the timed loop; every run's result is checked against the native checksum. A tier that
// is not available (the JIT before it lands) skips its rows with "unavailable (...)".
// `shortcrust_kernels_bench --check` runs each kernel once at a small size in every
// available variant and compares with native (a CTest). scripts/bench.sh prints the ratios.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "bench/kernels/native_kernels.h"
#include "bench/variants.h"
#include "shortcrust/engine.h"
#include "shortcrust/linker.h"
#include "shortcrust/store.h"
#include "shortcrust/value.h"

#ifndef SHORTCRUST_KERNELS_DIR
#error "SHORTCRUST_KERNELS_DIR must name the folder of the compiled kernels (bench/CMakeLists.txt)"
#endif

namespace shortcrust::bench {
namespace {

// The checksum as the wasm function returns it.
Value expected_value(const NativeKernel& kernel, int64_t native) {
  return kernel.returns_i64 ? Value::i64(native) : Value::i32(static_cast<int32_t>(native));
}

// One kernel compiled and instantiated in its own Engine and Store.
struct Loaded {
  Engine engine;
  Store store;
  Func run;
  explicit Loaded(const EngineConfig& config) : engine(config), store(engine) {}
};

std::vector<uint8_t> read_wasm(const NativeKernel& kernel) {
  const std::string path = std::string(SHORTCRUST_KERNELS_DIR) + "/" + kernel.name + ".wasm";
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// Loads the kernel into `out`, or returns why it could not.
std::optional<std::string> load(const NativeKernel& kernel, Loaded& out) {
  const std::vector<uint8_t> bytes = read_wasm(kernel);
  if (bytes.empty()) return std::string("cannot read ") + SHORTCRUST_KERNELS_DIR + "/" + kernel.name + ".wasm";
  Result<Module> module = Module::compile(out.engine, bytes);
  if (!module.ok()) return "compile: " + describe(module.error());
  Linker linker;
  Result<Instance, InstantiationError> instance = linker.instantiate(out.store, module.value());
  if (!instance.ok()) return "instantiate: " + instance.error().message;
  out.run = instance.value().func(std::string("run_") + kernel.name);
  if (!out.run) return std::string("no export run_") + kernel.name;
  return std::nullopt;
}

// One call; on success returns nothing and adds the gas used to `gas`.
std::optional<std::string> call_once(Loaded& loaded, const NativeKernel& kernel, int32_t n, uint64_t& gas) {
  const Value args[] = {Value::i32(n)};
  Result<CallOutcome> outcome = loaded.store.call(loaded.run, args);
  if (!outcome.ok()) return "call: " + describe(outcome.error());
  const CallOutcome& out = outcome.value();
  if (out.trap) return "trap: " + out.trap->describe();
  const Value expected = expected_value(kernel, kernel.run(n));
  if (out.results.size() != 1 || !(out.results[0] == expected)) {
    const std::string got = out.results.size() == 1 ? out.results[0].describe() : "no single result";
    return "result " + got + ", native " + expected.describe();
  }
  gas += out.gas_used;
  return std::nullopt;
}

void bench_native(benchmark::State& state, const NativeKernel& kernel) {
  for (auto _ : state) benchmark::DoNotOptimize(kernel.run(kernel.n));
}

void bench_engine(benchmark::State& state, const NativeKernel& kernel, const Variant& variant) {
  if (const std::optional<std::string>& why = tier_unavailable(variant.tier)) {
    state.SkipWithError(unavailable_message(variant, *why).c_str());
    return;
  }
  Loaded loaded(variant.config());
  if (std::optional<std::string> why = load(kernel, loaded)) {
    state.SkipWithError(why->c_str());
    return;
  }
  // The native checksum once, outside the timed loop.
  const Value expected = expected_value(kernel, kernel.run(kernel.n));
  const Value args[] = {Value::i32(kernel.n)};
  uint64_t gas = 0;
  for (auto _ : state) {
    Result<CallOutcome> outcome = loaded.store.call(loaded.run, args);
    if (!outcome.ok()) {
      state.SkipWithError(("call: " + describe(outcome.error())).c_str());
      break;
    }
    const CallOutcome& out = outcome.value();
    if (out.trap) {
      state.SkipWithError(("trap: " + out.trap->describe()).c_str());
      break;
    }
    if (out.results.size() != 1 || !(out.results[0] == expected)) {
      state.SkipWithError(("result differs from native " + expected.describe()).c_str());
      break;
    }
    gas = out.gas_used;
  }
  state.counters["gas"] = static_cast<double>(gas);
}

void register_all() {
  for (const NativeKernel& kernel : kNativeKernels) {
    const std::string prefix = std::string("kernel/") + kernel.name + "/";
    benchmark::RegisterBenchmark((prefix + "native").c_str(), bench_native, kernel)
        ->Unit(benchmark::kMillisecond);
    for (const Variant& variant : kVariants) {
      benchmark::RegisterBenchmark((prefix + variant.name).c_str(), bench_engine, kernel, variant)
          ->Unit(benchmark::kMillisecond);
    }
  }
}

// --check: each kernel once at its small size in every available variant; exit status 1
// if any fails to load, traps, differs from native, or (metered) uses other gas than the
// interpreter did (ARCHITECTURE: gas is identical in every tier), or unmetered reports
// gas. An unavailable JIT is reported once and is not a failure; an unavailable
// interpreter is.
int check_all() {
  int failures = 0;
  for (const Variant& variant : kVariants) {
    if (const std::optional<std::string>& why = tier_unavailable(variant.tier)) {
      std::printf("%s: skipped, %s\n", variant.name, unavailable_message(variant, *why).c_str());
      if (variant.tier == Tier::Interp) ++failures;
    }
  }
  for (const NativeKernel& kernel : kNativeKernels) {
    std::optional<uint64_t> interp_gas;  // the reference for the other metered variants
    for (const Variant& variant : kVariants) {
      if (tier_unavailable(variant.tier)) continue;
      Loaded loaded(variant.config());
      uint64_t gas = 0;
      std::optional<std::string> why = load(kernel, loaded);
      if (!why) why = call_once(loaded, kernel, kernel.check_n, gas);
      if (!why && !variant.metering && gas != 0) {
        why = "gas " + std::to_string(gas) + " without metering";
      } else if (!why && variant.metering) {
        if (!interp_gas) {
          interp_gas = gas;
        } else if (gas != *interp_gas) {
          why = "gas " + std::to_string(gas) + ", interp " + std::to_string(*interp_gas);
        }
      }
      if (why) {
        std::fprintf(stderr, "%s/%s(%d): %s\n", kernel.name, variant.name, kernel.check_n,
                     why->c_str());
        ++failures;
      } else {
        std::printf("%s/%s(%d): matches native, gas %llu\n", kernel.name, variant.name,
                    kernel.check_n, static_cast<unsigned long long>(gas));
      }
    }
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace shortcrust::bench

int main(int argc, char** argv) {
  return shortcrust::bench::benchmark_main(argc, argv, &shortcrust::bench::check_all, &shortcrust::bench::register_all);
}
