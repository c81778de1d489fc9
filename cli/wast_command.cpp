// `shortcrust wast`: run spec scripts and print per-file results as they finish, then
// the totals as the very last line (ARCHITECTURE §9: `N passed, N failed, N skipped`).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "spec-tests/json.h"
#include "spec-tests/module_check.h"
#include "spec-tests/runner.h"
#include "spec-tests/skips.h"

namespace shortcrust::cli {
namespace {
namespace fs = std::filesystem;

struct Totals {
  uint64_t passed = 0, failed = 0, skipped = 0;
};

const char* outcome_name(spec::Outcome outcome) {
  switch (outcome) {
    case spec::Outcome::Passed: return "passed";
    case spec::Outcome::Failed: return "failed";
    case spec::Outcome::Skipped: return "skipped";
  }
  return "?";
}

std::string counts(uint64_t passed, uint64_t failed, uint64_t skipped) {
  return std::to_string(passed) + " passed, " + std::to_string(failed) + " failed, " +
         std::to_string(skipped) + " skipped";
}

// Multi-line messages (wast2json's output) are indented under their note.
void print_indented(const std::string& text) {
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = text.find('\n', start);
    std::printf("  %s\n", text.substr(start, end - start).c_str());
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

void print_report(const spec::FileReport& report) {
  if (!report.skip_reason.empty()) std::printf("  skipped: %s\n", report.skip_reason.c_str());
  for (const spec::CommandNote& note : report.notes) {
    if (note.line == 0) {
      print_indented(note.message);
      continue;
    }
    std::string text = "line " + std::to_string(note.line) + ": " + note.command + ": ";
    if (note.outcome != spec::Outcome::Failed) text += std::string(outcome_name(note.outcome)) + ": ";
    text += note.message;
    print_indented(text);
  }
  std::printf("%s: %s\n", report.path.c_str(), counts(report.passed, report.failed, report.skipped).c_str());
  std::fflush(stdout);
}

void write_report(spec::JsonWriter& w, const spec::FileReport& report) {
  w.begin_object().key("path").string(report.path).key("memory64").boolean(report.memory64);
  w.key("passed").number(report.passed).key("failed").number(report.failed).key("skipped").number(report.skipped);
  if (!report.skip_reason.empty()) w.key("skip_reason").string(report.skip_reason);
  w.key("notes").begin_array();
  for (const spec::CommandNote& note : report.notes) {
    w.begin_object().key("line").number(note.line).key("command").string(note.command);
    w.key("outcome").string(outcome_name(note.outcome)).key("message").string(note.message).end_object();
  }
  w.end_array().end_object();
}

// The manifest from --skips (must be readable), else the compiled-in default (optional:
// an installed binary may run without its source tree).
bool load_skips(const Invocation& invocation, spec::SkipList& skips) {
  const bool explicit_file = !invocation.skips.empty();
  const std::string path = explicit_file ? invocation.skips : spec::default_skips_file();
  Result<std::vector<uint8_t>> bytes = spec::read_file(path);
  if (!bytes.ok()) {
    if (!explicit_file) {
      std::fprintf(stderr, "shortcrust: note: no skip manifest at %s, running every file\n", path.c_str());
      return true;
    }
    std::fprintf(stderr, "shortcrust: %s: %s\n", path.c_str(), describe(bytes.error()).c_str());
    return false;
  }
  Result<spec::SkipList> parsed =
      spec::SkipList::parse(std::string_view(reinterpret_cast<const char*>(bytes.value().data()), bytes.value().size()));
  if (!parsed.ok()) {
    std::fprintf(stderr, "shortcrust: %s:%llu: %s\n", path.c_str(),
                 static_cast<unsigned long long>(parsed.error().offset), describe(parsed.error()).c_str());
    return false;
  }
  skips = std::move(parsed).value();
  return true;
}

}  // namespace

int run_wast(const Invocation& invocation) {
  std::vector<fs::path> paths(invocation.paths.begin(), invocation.paths.end());
  if (paths.empty()) {
    const char* suite = std::getenv("SHORTCRUST_SPEC_SUITE");
    if (suite == nullptr || suite[0] == 0) {
      std::fprintf(stderr, "shortcrust: 'wast' needs a PATH or $SHORTCRUST_SPEC_SUITE\n\n%s",
                   help_text("wast").c_str());
      return kExitUsage;
    }
    paths.emplace_back(suite);
  }
  spec::SkipList skips;
  if (!load_skips(invocation, skips)) return kExitFailure;
  Result<std::vector<fs::path>> files = spec::collect_spec_files(paths);
  if (!files.ok()) {
    std::fprintf(stderr, "shortcrust: %s: %s\n", paths[files.error().offset].string().c_str(),
                 files.error().detail != nullptr ? files.error().detail : describe(files.error()).c_str());
    return kExitFailure;
  }

  spec::RunOptions options;
  options.engine = invocation.engine;
  options.memory64 = invocation.memory64;
  options.verbose = invocation.verbose;
  Totals totals;
  spec::JsonWriter json;
  json.begin_object().key("engine").string(spec::engine_name(options.engine));
  json.key("memory64").boolean(options.memory64).key("files").begin_array();
  for (const fs::path& file : files.value()) {
    const spec::FileReport report = spec::run_spec_file(file, options, skips);
    totals.passed += report.passed;
    totals.failed += report.failed;
    totals.skipped += report.skipped;
    if (invocation.json) write_report(json, report);
    else print_report(report);
  }
  if (invocation.json) {
    json.end_array().key("passed").number(totals.passed).key("failed").number(totals.failed);
    json.key("skipped").number(totals.skipped).end_object();
    std::printf("%s\n", json.str().c_str());
  }
  std::printf("%s\n", counts(totals.passed, totals.failed, totals.skipped).c_str());
  return totals.failed == 0 ? kExitOk : kExitFailure;
}

}  // namespace shortcrust::cli
