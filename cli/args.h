// Command-line parsing for `shortcrust`, separate from running so it can be unit-tested:
// parse_args turns the words after argv[0] into an {Invocation} or a one-line usage
// error. Environment lookups (SHORTCRUST_SPEC_SUITE) happen later, when running.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shortcrust/result.h"
#include "shortcrust/value.h"
#include "spec-tests/runner.h"

namespace shortcrust::cli {

enum class Subcommand : uint8_t { Help, Version, Validate, Describe, Wast, Run, Demo, Deploy, Call, Commits, Inspect };

struct Invocation {
  Subcommand command = Subcommand::Help;
  std::string help_topic;      // Help: "" for the overview, else a subcommand name
  bool memory64 = false;       // validate, describe, wast, run
  bool verbose = false;        // validate, wast
  bool json = false;           // describe, wast, run
  spec::Engine engine = spec::Engine::Interp;  // wast, run
  std::string skips;           // wast --skips FILE; empty means the default manifest
  std::vector<std::string> paths;  // run: exactly one, the module
  std::string invoke;              // run --invoke NAME: the exported function to call
  std::vector<Value> call_args;    // run: the typed arguments after FILE
  std::optional<uint64_t> gas;     // run --gas N; empty means unlimited
  std::string contracts;           // demo --contracts DIR; empty means the build's
  // deploy, call, commits, inspect (the state directory commands)
  std::string state;               // --state DIR (required)
  std::string base;                // --base ROOT: the commit to start from (default: latest)
  std::string owner;               // deploy --owner HEX
  std::optional<std::string> init_arg;  // deploy --init-arg HEX
  uint64_t nonce = 0;              // deploy --nonce N
  std::string arg;                 // call --arg HEX
};

struct ParsedArgs {
  Invocation invocation;
  std::string error;  // a usage error, one line, when not empty
  bool ok() const { return error.empty(); }
};

ParsedArgs parse_args(std::span<const std::string_view> args);

// One `run` argument: `i32:5`, `i64:-3`, `f32:1.5`, `f64:0x1p-3`, or a plain integer
// (an i32). Integers are decimal or 0x hex, optionally negative, and may use the unsigned
// range (`i32:4294967295` is -1). Floats are anything strtod reads (decimal, hex, inf,
// nan) plus `nan:0xPAYLOAD`. The error is one line naming the argument.
Result<Value, std::string> parse_typed_value(std::string_view text);

// Help text for the overview ("") or one subcommand; unknown topics get the overview.
std::string help_text(std::string_view topic);

}  // namespace shortcrust::cli
