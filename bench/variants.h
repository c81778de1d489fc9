// The engine variants every execution and compile benchmark runs: each tier with gas
// metering on and off. A tier that cannot compile yet (the JIT before it lands, or on a
// host it does not target) is reported by tier_unavailable(), so its rows say
// "unavailable" instead of failing.
#pragma once

#include <optional>
#include <string>

#include "shortcrust/engine.h"

namespace shortcrust::bench {

struct Variant {
  const char* name;  // the last part of a benchmark name: "interp", "jit_nogas", ...
  Tier tier;
  bool metering;
  EngineConfig config() const {
    EngineConfig config;
    config.tier = tier;
    config.gas_metering = metering;
    return config;
  }
};

inline constexpr Variant kVariants[] = {
    {"interp", Tier::Interp, true},
    {"interp_nogas", Tier::Interp, false},
    {"jit", Tier::Jit, true},
    {"jit_nogas", Tier::Jit, false},
};

// Why `tier` cannot compile a one-function module here, or nothing if it can. Asked
// once per tier and remembered: a probe, so that a tier that is missing as a whole is
// told apart from one that fails on a particular input (which is a real failure).
const std::optional<std::string>& tier_unavailable(Tier tier);

// "unavailable (jit: <why>)" for SkipWithError and --check output.
std::string unavailable_message(const Variant& variant, const std::string& why);

// The main() of every benchmark executable: `--check` alone runs `check` (a quick
// correctness pass for CTest, its exit status returned); anything else runs Google
// Benchmark over what `register_benchmarks` registers.
int benchmark_main(int argc, char** argv, int (*check)(), void (*register_benchmarks)());

}  // namespace shortcrust::bench
