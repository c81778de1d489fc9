// Running spec files: skip manifest, wast2json conversion, and the per-command switch.
// Only module loading is checked today (module, assert_malformed, assert_invalid with
// binary modules); every command that needs execution is counted as skipped.
#include "spec-tests/runner.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <system_error>

#include "spec-tests/module_check.h"
#include "spec-tests/wast2json.h"

namespace shortcrust::spec {
namespace fs = std::filesystem;
namespace {

constexpr const char* kNotExecuted = "execution is not implemented yet";
constexpr const char* kTextFormat = "text format";

class ScriptRunner {
 public:
  ScriptRunner(const fs::path& dir, const Features& features, const RunOptions& options,
               FileReport& report, const std::vector<const SkipRule*>& expected_failures)
      : dir_(dir), features_(features), options_(options), report_(report) {
    for (const SkipRule* rule : expected_failures) expected_failures_.emplace(rule->command_line, rule);
  }

  void run_command(const Command& command) {
    switch (command.kind) {
      case CommandKind::Module:
        return load_module(command);
      case CommandKind::AssertMalformed:
      case CommandKind::AssertInvalid:
        return expect_rejected(command);
      case CommandKind::Action:
      case CommandKind::Register:
      case CommandKind::AssertReturn:
      case CommandKind::AssertTrap:
      case CommandKind::AssertExhaustion:
      case CommandKind::AssertUnlinkable:
      case CommandKind::AssertUninstantiable:
        return record(command, Outcome::Skipped, kNotExecuted);
      case CommandKind::Unknown:
        return record(command, Outcome::Failed, "unknown command type \"" + command.type + "\"");
    }
  }

 private:
  // A binary module that must decode and validate. Instantiation comes with the runtime.
  void load_module(const Command& command) {
    if (command.module_type == ModuleType::Text) return record(command, Outcome::Skipped, kTextFormat);
    Result<std::vector<uint8_t>> bytes = read_file(dir_ / command.filename);
    if (!bytes.ok()) return record(command, Outcome::Failed, "cannot read " + command.filename);
    const ModuleCheck check = check_module(bytes.value(), features_);
    if (check.valid()) return record(command, Outcome::Passed, "decoded and validated");
    record(command, Outcome::Failed, format_error(*check.error, check.module ? &*check.module : nullptr));
  }

  // assert_malformed / assert_invalid: decoding or validation must fail. The expected
  // text is wabt's wording, not ours, so only the fact of rejection is checked.
  void expect_rejected(const Command& command) {
    if (command.module_type == ModuleType::Text) return record(command, Outcome::Skipped, kTextFormat);
    Result<std::vector<uint8_t>> bytes = read_file(dir_ / command.filename);
    if (!bytes.ok()) return record(command, Outcome::Failed, "cannot read " + command.filename);
    const ModuleCheck check = check_module(bytes.value(), features_);
    if (check.valid()) {
      return record(command, Outcome::Failed, "module was accepted, expected \"" + command.text + "\"");
    }
    record(command, Outcome::Passed,
           "rejected: " + format_error(*check.error, check.module ? &*check.module : nullptr) +
               " (expected \"" + command.text + "\")");
  }

  void record(const Command& command, Outcome outcome, std::string message) {
    // A listed expected failure is a skip while it fails and a failure once it passes,
    // so the manifest never hides a fix (HOUSE-STYLE §10).
    if (const auto it = expected_failures_.find(command.line); it != expected_failures_.end()) {
      const SkipRule& rule = *it->second;
      if (outcome == Outcome::Failed) {
        outcome = Outcome::Skipped;
        message = "expected failure (skip manifest line " + std::to_string(rule.line) + ": " + rule.reason +
                  "): " + message;
      } else if (outcome == Outcome::Passed) {
        outcome = Outcome::Failed;
        message = "passes, but skip manifest line " + std::to_string(rule.line) +
                  " expects it to fail: remove that entry";
      }
    }
    switch (outcome) {
      case Outcome::Passed: ++report_.passed; break;
      case Outcome::Failed: ++report_.failed; break;
      case Outcome::Skipped: ++report_.skipped; break;
    }
    if (outcome == Outcome::Failed || options_.verbose) {
      report_.notes.push_back(CommandNote{command.line, command_name(command.kind), outcome, std::move(message)});
    }
  }

  fs::path dir_;
  Features features_;
  const RunOptions& options_;
  FileReport& report_;
  std::map<uint32_t, const SkipRule*> expected_failures_;  // by .wast line
};

void fail_file(FileReport& report, std::string message) {
  ++report.failed;
  report.notes.push_back(CommandNote{0, "file", Outcome::Failed, std::move(message)});
}

Result<std::string> read_text(const fs::path& path) {
  SC_TRY(std::vector<uint8_t> bytes, read_file(path));
  return std::string(bytes.begin(), bytes.end());
}

// The path the manifest matches: absolute, so `core/x.wast` entries work from any
// working directory; a converted script (NAME.json) is known by its NAME.wast.
std::string manifest_name(const fs::path& file) {
  std::error_code ec;
  fs::path path = fs::absolute(file, ec);
  if (ec) path = file;
  path = path.lexically_normal();
  if (path.extension() == ".json") path.replace_extension(".wast");
  return path.generic_string();
}

// Counts the commands of a skipped file so totals show what is not covered.
void count_skipped(const fs::path& file, FileReport& report) {
  Result<std::string> text = read_text(file);
  if (!text.ok()) return fail_file(report, "cannot read " + file.string());
  if (file.extension() == ".json") {
    Result<Script> script = parse_script(text.value());
    if (!script.ok()) return fail_file(report, "cannot count commands: " + format_error(script.error(), nullptr));
    report.skipped += script.value().commands.size();
    return;
  }
  Result<uint64_t> count = count_wast_commands(text.value());
  if (!count.ok()) return fail_file(report, "cannot count commands: " + format_error(count.error(), nullptr));
  report.skipped += count.value();
}

void run_json_file(const fs::path& json, const Features& features, const RunOptions& options,
                   FileReport& report, const std::vector<const SkipRule*>& expected_failures) {
  Result<std::string> text = read_text(json);
  if (!text.ok()) return fail_file(report, "cannot read " + json.string());
  Result<Script> script = parse_script(text.value());
  if (!script.ok()) {
    return fail_file(report, "not a wast2json script: " + format_error(script.error(), nullptr));
  }
  run_script(script.value(), json.parent_path(), features, options, report, expected_failures);
}

}  // namespace

const char* engine_name(Engine engine) {
  switch (engine) {
    case Engine::Interp: return "interp";
    case Engine::Jit: return "jit";
  }
  return "?";
}

bool in_memory64_folder(const fs::path& file) {
  std::error_code ec;
  fs::path absolute = fs::absolute(file, ec);
  if (ec) absolute = file;
  const fs::path folder = absolute.lexically_normal().parent_path();
  return std::any_of(folder.begin(), folder.end(), [](const fs::path& part) { return part == "memory64"; });
}

Result<std::vector<fs::path>> collect_spec_files(const std::vector<fs::path>& paths) {
  std::vector<fs::path> files;
  for (size_t i = 0; i < paths.size(); ++i) {
    const fs::path& path = paths[i];
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> wast, json;
      const auto opts = fs::directory_options::skip_permission_denied;
      for (auto it = fs::recursive_directory_iterator(path, opts, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        if (it->path().extension() == ".wast") wast.push_back(it->path());
        if (it->path().extension() == ".json") json.push_back(it->path());
      }
      if (ec) return Error{Errc::BadArgument, i, kNoFunction, "cannot list directory"};
      std::vector<fs::path>& found = wast.empty() ? json : wast;
      if (found.empty()) return Error{Errc::BadArgument, i, kNoFunction, "no .wast or .json files in directory"};
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      if (path.extension() != ".wast" && path.extension() != ".json") {
        return Error{Errc::BadArgument, i, kNoFunction, "not a .wast or .json file"};
      }
      files.push_back(path);
    } else {
      return Error{Errc::BadArgument, i, kNoFunction, "no such file or directory"};
    }
  }
  return files;
}

FileReport run_spec_file(const fs::path& file, const RunOptions& options, const SkipList& skips) {
  FileReport report;
  report.path = file.string();
  report.memory64 = options.memory64 || in_memory64_folder(file);
  const std::string name = manifest_name(file);
  if (const SkipRule* rule = skips.match(name, report.memory64)) {
    report.skip_reason = rule->reason;
    count_skipped(file, report);
    return report;
  }
  Features features;
  features.memory64 = report.memory64;
  const std::vector<const SkipRule*> expected_failures = skips.command_rules(name, report.memory64);
  if (file.extension() == ".json") {
    run_json_file(file, features, options, report, expected_failures);
    return report;
  }
  const TempDir temp;
  if (!temp.ok()) {
    fail_file(report, "cannot create a temporary directory");
    return report;
  }
  const Conversion conversion = convert_wast(file, temp.path(), report.memory64);
  if (!conversion.ok) {
    fail_file(report, conversion.message);
    return report;
  }
  run_json_file(conversion.json, features, options, report, expected_failures);
  return report;
}

void run_script(const Script& script, const fs::path& dir, const Features& features,
                const RunOptions& options, FileReport& report,
                const std::vector<const SkipRule*>& expected_failures) {
  ScriptRunner runner(dir, features, options, report, expected_failures);
  for (const Command& command : script.commands) runner.run_command(command);
}

}  // namespace shortcrust::spec
