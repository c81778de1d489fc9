// Running spec files: skip manifest, wast2json conversion, and the per-command switch.
// Each script gets one Engine (the file's features and the chosen tier), one Store and
// one Linker holding `spectest` and every registered module. Text-format modules are
// the only commands skipped here (wast2json leaves `module quote` as text).
#include "spec-tests/runner.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <system_error>

#include "shortcrust/engine.h"
#include "shortcrust/linker.h"
#include "shortcrust/store.h"
#include "spec-tests/module_check.h"
#include "spec-tests/spectest_module.h"
#include "spec-tests/values.h"
#include "spec-tests/wast2json.h"

namespace shortcrust::spec {
namespace fs = std::filesystem;
namespace {

constexpr const char* kTextFormat = "text format";

// What an action produced: its results, or the trap that ended it.
struct ActionOutcome {
  std::vector<Value> results;
  std::optional<Trap> trap;
};

// Commands that cannot even be attempted (a bad script, a missing module or export) say
// why in a message; they are failures, never skips.
template <class T>
using Attempt = Result<T, std::string>;

EngineConfig engine_config(const Features& features, const RunOptions& options) {
  EngineConfig config;
  config.features = features;
  switch (options.engine) {
    case Engine::Interp: config.tier = Tier::Interp; break;
    case Engine::Jit: config.tier = Tier::Jit; break;
  }
  return config;
}

const char* kind_name(InstantiationError::Kind kind) {
  switch (kind) {
    case InstantiationError::Kind::UnknownImport: return "unknown import";
    case InstantiationError::Kind::IncompatibleImport: return "incompatible import";
    case InstantiationError::Kind::Limit: return "limit";
    case InstantiationError::Kind::Trap: return "trap";
  }
  return "?";
}

// The linker's message already names the kind ("unknown import: env.f") or describes
// the trap; the kind alone is the fallback.
std::string describe_failure(const InstantiationError& error) {
  if (!error.message.empty()) return error.message;
  if (error.trap) return "trap: " + error.trap->describe();
  return kind_name(error.kind);
}

// Did the instantiation fail the way an assert_unlinkable / assert_uninstantiable (or a
// module-form assert_trap) expects? Unlinkable texts ("unknown import", "incompatible
// import type") are the reference interpreter's; either link failure passes.
bool expected_failure(CommandKind command, std::string_view text, const InstantiationError& error) {
  switch (error.kind) {
    case InstantiationError::Kind::UnknownImport:
    case InstantiationError::Kind::IncompatibleImport:
      return command == CommandKind::AssertUnlinkable;
    case InstantiationError::Kind::Limit:
      return false;
    case InstantiationError::Kind::Trap:
      return command != CommandKind::AssertUnlinkable && error.trap && trap_text_matches(text, error.trap->kind);
  }
  return false;
}

class ScriptRunner {
 public:
  ScriptRunner(const fs::path& dir, const shortcrust::Engine& engine, const RunOptions& options,
               FileReport& report, const std::vector<const SkipRule*>& expected_failures)
      : dir_(dir),
        features_(engine.config().features),
        options_(options),
        report_(report),
        engine_(engine),
        store_(engine) {
    for (const SkipRule* rule : expected_failures) expected_failures_.emplace(rule->command_line, rule);
  }

  // Defines the spectest module; run before the first command.
  Result<void> prepare() { return define_spectest(store_, linker_); }

  void run_command(const Command& command) {
    switch (command.kind) {
      case CommandKind::Module:
        return load_module(command);
      case CommandKind::Register:
        return register_instance(command);
      case CommandKind::Action:
        return run_action(command);
      case CommandKind::AssertReturn:
        return assert_return(command);
      case CommandKind::AssertTrap:
      case CommandKind::AssertExhaustion:
        return assert_trap(command);
      case CommandKind::AssertMalformed:
      case CommandKind::AssertInvalid:
        return expect_rejected(command);
      case CommandKind::AssertUnlinkable:
      case CommandKind::AssertUninstantiable:
        return expect_uninstantiable(command);
      case CommandKind::Unknown:
        return record(command, Outcome::Failed, "unknown command type \"" + command.type + "\"");
    }
  }

 private:
  // A binary module: compiled, instantiated with the script's Linker, and from then on
  // the current module (and $NAME's module). A module that fails leaves no current
  // module, so the commands after it fail instead of running against an older one.
  void load_module(const Command& command) {
    if (command.module_type == ModuleType::Text) return record(command, Outcome::Skipped, kTextFormat);
    current_ = Instance{};
    if (!command.name.empty()) named_.erase(command.name);
    Attempt<Module> module = compile(command);
    if (!module.ok()) return record(command, Outcome::Failed, module.error());
    Result<Instance, InstantiationError> instance = linker_.instantiate(store_, module.value());
    if (!instance.ok()) {
      return record(command, Outcome::Failed, "instantiation failed: " + describe_failure(instance.error()));
    }
    current_ = instance.value();
    if (!command.name.empty()) named_.insert_or_assign(command.name, current_);
    record(command, Outcome::Passed, "instantiated");
  }

  void register_instance(const Command& command) {
    Attempt<Instance> instance = find_instance(command.name);
    if (!instance.ok()) return record(command, Outcome::Failed, instance.error());
    linker_.define_instance(command.as, instance.value());
    record(command, Outcome::Passed, "registered as \"" + command.as + "\"");
  }

  // A bare action must complete without trapping; its results are not checked.
  void run_action(const Command& command) {
    Attempt<ActionOutcome> outcome = perform(command);
    if (!outcome.ok()) return record(command, Outcome::Failed, outcome.error());
    if (outcome.value().trap) {
      return record(command, Outcome::Failed, "unexpected trap: " + outcome.value().trap->describe());
    }
    record(command, Outcome::Passed, "returned " + describe_list(outcome.value().results));
  }

  void assert_return(const Command& command) {
    Result<std::vector<ExpectedValue>> expected = parse_expected_list(command.json.find("expected"));
    if (!expected.ok()) return record(command, Outcome::Failed, "bad expected value: " + describe(expected.error()));
    Attempt<ActionOutcome> outcome = perform(command);
    if (!outcome.ok()) return record(command, Outcome::Failed, outcome.error());
    const std::string want = describe_list(expected.value());
    if (outcome.value().trap) {
      return record(command, Outcome::Failed,
                    "unexpected trap: " + outcome.value().trap->describe() + "; expected " + want);
    }
    const std::string got = describe_list(outcome.value().results);
    if (!matches(expected.value(), outcome.value().results)) {
      return record(command, Outcome::Failed, "expected " + want + ", got " + got);
    }
    record(command, Outcome::Passed, "returned " + got);
  }

  // assert_trap / assert_exhaustion: the action must trap with the expected text. An
  // assert_trap on a module (older wast2json) is an instantiation that must trap.
  void assert_trap(const Command& command) {
    if (command.json.find("action") == nullptr && !command.filename.empty()) return expect_uninstantiable(command);
    Attempt<ActionOutcome> outcome = perform(command);
    if (!outcome.ok()) return record(command, Outcome::Failed, outcome.error());
    const std::optional<Trap>& trap = outcome.value().trap;
    if (!trap) {
      return record(command, Outcome::Failed,
                    "returned " + describe_list(outcome.value().results) + ", expected trap \"" + command.text + "\"");
    }
    if (!trap_text_matches(command.text, trap->kind)) {
      return record(command, Outcome::Failed,
                    "trapped with \"" + std::string(message(trap->kind)) + "\" (" + trap->describe() +
                        "), expected \"" + command.text + "\"");
    }
    record(command, Outcome::Passed, "trapped: " + trap->describe());
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

  // assert_unlinkable / assert_uninstantiable: a valid module whose instantiation fails
  // (see expected_failure). Objects it created stay in the Store, as the spec says.
  void expect_uninstantiable(const Command& command) {
    if (command.module_type == ModuleType::Text) return record(command, Outcome::Skipped, kTextFormat);
    Attempt<Module> module = compile(command);
    if (!module.ok()) {
      return record(command, Outcome::Failed,
                    "module did not compile: " + module.error() + " (expected \"" + command.text + "\")");
    }
    Result<Instance, InstantiationError> instance = linker_.instantiate(store_, module.value());
    if (instance.ok()) {
      return record(command, Outcome::Failed, "module was instantiated, expected \"" + command.text + "\"");
    }
    if (!expected_failure(command.kind, command.text, instance.error())) {
      return record(command, Outcome::Failed,
                    "expected \"" + command.text + "\", got " + describe_failure(instance.error()));
    }
    record(command, Outcome::Passed, describe_failure(instance.error()));
  }

  Attempt<Module> compile(const Command& command) const {
    Result<std::vector<uint8_t>> bytes = read_file(dir_ / command.filename);
    if (!bytes.ok()) return "cannot read " + command.filename;
    Result<Module> module = Module::compile(engine_, bytes.value());
    if (!module.ok()) return format_error(module.error(), nullptr);
    return std::move(module).value();
  }

  // `name` ($M) or, when empty, the current module.
  Attempt<Instance> find_instance(const std::string& name) const {
    if (name.empty()) {
      if (!current_) return std::string("no module is instantiated");
      return current_;
    }
    const auto it = named_.find(name);
    if (it == named_.end()) return "no module named " + name;
    return it->second;
  }

  // Runs the command's action: invoke an export with typed arguments, or get a global.
  Attempt<ActionOutcome> perform(const Command& command) {
    const JsonValue* action = command.json.find("action");
    if (action == nullptr || !action->is_object()) return std::string("the command has no action");
    const JsonValue* type = action->find("type");
    const JsonValue* field = action->find("field");
    const JsonValue* module = action->find("module");
    if (type == nullptr || !type->is_string() || field == nullptr || !field->is_string()) {
      return std::string("an action needs a \"type\" and a \"field\"");
    }
    SC_TRY(Instance instance, find_instance(module != nullptr && module->is_string() ? module->text : ""));
    if (type->text == "invoke") {
      const Func func = instance.func(field->text);
      if (!func) return "no exported function \"" + field->text + "\"";
      Result<std::vector<Value>> args = parse_arguments(action->find("args"));
      if (!args.ok()) return "bad argument: " + describe(args.error());
      Result<CallOutcome> outcome = store_.call(func, args.value());
      if (!outcome.ok()) return "call rejected: " + describe(outcome.error());
      return ActionOutcome{std::move(outcome.value().results), std::move(outcome.value().trap)};
    }
    if (type->text == "get") {
      const Global global = instance.global(field->text);
      if (!global) return "no exported global \"" + field->text + "\"";
      return ActionOutcome{{global.get()}, std::nullopt};
    }
    return "unknown action type \"" + type->text + "\"";
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
  const shortcrust::Engine& engine_;
  Store store_;            // one per script: every module of the script lives here
  Linker linker_;          // spectest, then every `register`
  Instance current_;       // the last module, null after a module failed
  std::map<std::string, Instance> named_;  // $NAME -> instance
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

bool has_memory64_folder(const fs::path& file) {
  const fs::path folder = file.parent_path();
  return std::any_of(folder.begin(), folder.end(), [](const fs::path& part) { return part == "memory64"; });
}

bool in_memory64_folder(const fs::path& file) {
  std::error_code ec;
  fs::path absolute = fs::absolute(file, ec);
  if (ec) absolute = file;
  return has_memory64_folder(absolute.lexically_normal());
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
  const shortcrust::Engine engine(engine_config(features, options));
  ScriptRunner runner(dir, engine, options, report, expected_failures);
  if (Result<void> ready = runner.prepare(); !ready.ok()) {
    return fail_file(report, "cannot define the spectest module: " + describe(ready.error()));
  }
  for (const Command& command : script.commands) runner.run_command(command);
}

}  // namespace shortcrust::spec
