// Command-line parsing for `shortcrust`, separate from running so it can be unit-tested:
// parse_args turns the words after argv[0] into an {Invocation} or a one-line usage
// error. Environment lookups (SHORTCRUST_SPEC_SUITE) happen later, when running.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "spec-tests/runner.h"

namespace shortcrust::cli {

enum class Subcommand : uint8_t { Help, Version, Validate, Describe, Wast };

struct Invocation {
  Subcommand command = Subcommand::Help;
  std::string help_topic;      // Help: "" for the overview, else a subcommand name
  bool memory64 = false;       // validate, describe, wast
  bool verbose = false;        // validate, wast
  bool json = false;           // describe, wast
  spec::Engine engine = spec::Engine::Interp;  // wast
  std::string skips;           // wast --skips FILE; empty means the default manifest
  std::vector<std::string> paths;
};

struct ParsedArgs {
  Invocation invocation;
  std::string error;  // a usage error, one line, when not empty
  bool ok() const { return error.empty(); }
};

ParsedArgs parse_args(std::span<const std::string_view> args);

// Help text for the overview ("") or one subcommand; unknown topics get the overview.
std::string help_text(std::string_view topic);

}  // namespace shortcrust::cli
