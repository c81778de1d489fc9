// The skip manifest (spec-tests/skips.txt): which spec files or commands are not
// expected to pass, and why. One entry per line, `#` starts a comment:
//   GLOB[:LINE] [memory64] REASON
// GLOB matches the file name, or with a `/` in it the path's last components
// (`core/binary.wast` matches .../core/binary.wast only). Without :LINE the whole file is skipped and every one of
// its commands counts as skipped, so totals show what is not covered. With :LINE the
// command on that .wast line must fail: it then counts as skipped, and as a failure if it
// passes (HOUSE-STYLE §10, wasmtime's should-fail). `[memory64]` limits the entry to runs
// with memory64 enabled.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "shortcrust/result.h"

namespace shortcrust::spec {

struct SkipRule {
  std::string pattern;        // glob: `*` any run of characters, `?` one character
  uint32_t command_line = 0;  // the .wast line of an expected failure; 0: whole file
  bool memory64_only = false;
  std::string reason;
  uint32_t line = 0;          // in the manifest
};

class SkipList {
 public:
  // Parses manifest text. Errors are Errc::BadArgument whose offset is the 1-based
  // line number of the bad entry (an entry without a reason).
  static Result<SkipList> parse(std::string_view text);

  // The first whole-file rule matching `path` (a file name or a `/`-separated path) in
  // a run with or without memory64, or null.
  const SkipRule* match(std::string_view path, bool memory64 = false) const;

  // The expected-failure rules (command_line != 0) for this file and run, in order.
  std::vector<const SkipRule*> command_rules(std::string_view path, bool memory64 = false) const;

  const std::vector<SkipRule>& rules() const { return rules_; }

 private:
  std::vector<SkipRule> rules_;
};

// The manifest next to this runner's sources (compiled in by CMake), used when the
// command line names none.
const char* default_skips_file();

// Does `pattern` match `path`: against its last component, or, when the pattern has
// k slashes, against its last k+1 components.
bool path_match(std::string_view pattern, std::string_view path);

// Shell-style match of the whole name: `*` and `?`; every other character is literal.
bool glob_match(std::string_view pattern, std::string_view name);

// The number of commands in .wast text, counted without converting it: every top-level
// parenthesised form is one command (wast2json writes one command per form). Comments
// (`;;` and nested `(; ;)`) and strings are skipped. Errors are Errc::BadArgument at
// the offset of an unbalanced parenthesis or an unterminated string or comment.
Result<uint64_t> count_wast_commands(std::string_view text);

}  // namespace shortcrust::spec
