// libFuzzer target: runs arbitrary bytes under two tiers through the differential
// harness (tests/differential/differential.h) and stops (__builtin_trap) when they
// disagree: on acceptance, results, traps, gas or the state hash. The two tiers come from
// SHORTCRUST_DIFF_TIERS at build time ("interp,jit" by default; "interp,interp" checks the
// harness itself). Most inputs do not compile in either tier and cost only decoding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string_view>

#include "tests/differential/differential.h"

#ifndef SHORTCRUST_DIFF_TIERS
#define SHORTCRUST_DIFF_TIERS "interp,jit"
#endif

namespace {

using namespace shortcrust;
using namespace shortcrust::differential;

struct TierPair {
  Tier a = Tier::Interp;
  Tier b = Tier::Jit;
};

TierPair tiers_from_build() {
  const std::string_view list = SHORTCRUST_DIFF_TIERS;
  const size_t comma = list.find(',');
  TierPair pair;
  if (comma == std::string_view::npos) return pair;
  pair.a = parse_tier(list.substr(0, comma)).value_or(Tier::Interp);
  pair.b = parse_tier(list.substr(comma + 1)).value_or(Tier::Jit);
  return pair;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const TierPair tiers = tiers_from_build();
  const std::span<const uint8_t> bytes(data, size);
  EngineConfig config = default_config();
  config.features.memory64 = true;  // accepts a superset; nothing else changes meaning
  Inputs inputs;
  inputs.random_sets = 1;
  inputs.gas_limit = 20'000;  // keeps every input fast: gas bounds each call and the start
  const ModuleRun a = run_module(bytes, config, tiers.a, inputs);
  const ModuleRun b = run_module(bytes, config, tiers.b, inputs);
  const std::string difference = compare(a, b);
  if (!difference.empty()) {
    std::fprintf(stderr, "differential mismatch (%s vs %s): %s\n", tier_name(tiers.a), tier_name(tiers.b),
                 difference.c_str());
    __builtin_trap();
  }
  return 0;
}
