// Differential testing of execution tiers (HOUSE-STYLE §10): run one module under a tier
// with stand-in imports, call every exported function with deterministic arguments in a
// single Store (state carries over, like a contract called repeatedly) and record what
// each call observably did: results, trap, gas and a hash of all memories, globals and
// tables. Two tiers agree on a module when their records are equal; {compare} says where not.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shortcrust/engine.h"
#include "shortcrust/linker.h"
#include "shortcrust/result.h"
#include "shortcrust/trap.h"
#include "shortcrust/types.h"

namespace shortcrust::differential {

// What the harness feeds a module.
struct Inputs {
  uint64_t seed = 1;             // for the pseudo-random argument sets
  uint32_t random_sets = 2;      // argument sets per function after "zeros" and "small"
  uint64_t gas_limit = 100'000;  // per call, and for instantiation (the start function)
};

// One observable step: the instantiation (first record, {export_name} empty) or one call
// of an exported function with argument set {arg_set}.
struct RunRecord {
  std::string export_name;
  uint32_t arg_set = 0;
  // Instantiation only: why it failed, if it did (Trap: see {trap}).
  std::optional<InstantiationError::Kind> instantiation_failure;
  // (type, bits): i32/f32 masked to 32 bits; funcref bits are the function's index in the
  // instance + 1 (0 = null, UINT64_MAX = a function of another instance), so records of
  // different Stores compare.
  std::vector<std::pair<ValType, uint64_t>> results;
  std::optional<TrapKind> trap;
  uint32_t trap_function = kNoFunction;
  uint64_t trap_offset = 0;
  uint64_t gas_used = 0;
  // XXH3-64 of each memory of the instance (imported and defined, in index space order):
  // its size, then its bytes. Empty when the instantiation failed.
  std::vector<uint64_t> memory_hashes;
  uint64_t globals_hash = 0;  // every global's type and value, in index space order
  uint64_t tables_hash = 0;   // every table's size and references, mapped as {results}

  // "export f (set 2)" or "instantiation"; for messages.
  std::string describe_step() const;
};

// The outcome of one module under one tier: a compile error, or the records.
using ModuleRun = Result<std::vector<RunRecord>>;

// The engine configuration both tiers use unless the caller overrides fields: NaNs
// canonicalised (so results compare bit for bit), gas metering on, a small stack
// (16384 slots) and memories capped at 256 pages so every hash stays cheap.
EngineConfig default_config();

// Compiles `bytes` under `base` with its tier set to `tier` (returns the compile error,
// if any), instantiates with stand-in imports and calls every exported function, in
// export order, with every argument set. Never fails after a successful compile.
ModuleRun run_module(std::span<const uint8_t> bytes, EngineConfig base, Tier tier, const Inputs& inputs);

// The first difference between two records or runs, described for people; empty when equal.
std::string compare(const RunRecord& a, const RunRecord& b);
std::string compare(const std::vector<RunRecord>& a, const std::vector<RunRecord>& b);
// Also compares acceptance: both tiers must compile a module, or both refuse it.
std::string compare(const ModuleRun& a, const ModuleRun& b);

// Cross-architecture records (README.md, "Records"): the canonical text of a run, one
// line per step, every field in a fixed order and format, so that two machines (or two
// tiers) that behave the same write byte-identical files. `module` names the module (its
// path relative to the corpus root); it must not contain spaces or newlines.
//   MODULE instantiate failure=none results= trap=none gas=0 memories=HASH globals=HASH tables=HASH
//   MODULE call "add" set=1 results=i32:0x3 trap=none gas=4 memories=HASH globals=HASH tables=HASH
//   MODULE compile refused "type mismatch" offset=0x2a
// Each line ends with '\n'. A trap is kind/function/offset (function "-" when none);
// hashes are 16 hex digits; export names are quoted, bytes outside printable ASCII and
// '"' and '\\' written as \xx (two hex digits).
std::string record_line(std::string_view module, const RunRecord& record);
std::string record_lines(std::string_view module, const ModuleRun& run);

// "interp" / "jit", and back (nullopt for anything else).
const char* tier_name(Tier tier);
std::optional<Tier> parse_tier(std::string_view text);

}  // namespace shortcrust::differential
