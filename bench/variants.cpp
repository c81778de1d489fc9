// The engine variants (variants.h), tier_unavailable()'s probe module and per-tier memo,
// and the main() shared by the benchmark executables.

#include "bench/variants.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "support/wasm_bytes.h"

namespace shortcrust::bench {
namespace {

// (module (func (export "f") (result i32) i32.const 7))
std::vector<uint8_t> probe_module() {
  using test::Bytes;
  const Bytes body = {0x41, 0x07, 0x0b};
  const Bytes export_f = test::cat({test::name("f"), Bytes{0x00}, test::leb_u(0)});
  return test::module({
      test::section(1, test::vec({test::func_type({}, {test::kI32})})),
      test::section(3, test::vec({test::leb_u(0)})),
      test::section(7, test::vec({export_f})),
      test::section(10, test::vec({test::code_entry({}, body)})),
  });
}

std::optional<std::string> probe(Tier tier) {
  EngineConfig config;
  config.tier = tier;
  const Engine engine(config);
  const Result<Module> module = Module::compile(engine, probe_module());
  if (!module.ok()) return describe(module.error());
  return std::nullopt;
}

const char* tier_name(Tier tier) {
  switch (tier) {
    case Tier::Interp: return "interp";
    case Tier::Jit: return "jit";
  }
  return "?";
}

}  // namespace

const std::optional<std::string>& tier_unavailable(Tier tier) {
  // Function-local statics: initialised once, on first use, thread-safely.
  static const std::optional<std::string> kInterp = probe(Tier::Interp);
  static const std::optional<std::string> kJit = probe(Tier::Jit);
  switch (tier) {
    case Tier::Interp: return kInterp;
    case Tier::Jit: return kJit;
  }
  return kInterp;
}

std::string unavailable_message(const Variant& variant, const std::string& why) {
  return std::string("unavailable (") + tier_name(variant.tier) + ": " + why + ")";
}

int benchmark_main(int argc, char** argv, int (*check)(), void (*register_benchmarks)()) {
  if (argc == 2 && std::strcmp(argv[1], "--check") == 0) return check();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_benchmarks();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace shortcrust::bench
