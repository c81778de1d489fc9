// `shortcrust run`: compile a module, instantiate it with no imports, call one exported
// function with the typed arguments from the command line (cli/args.cpp parses them),
// and report the results, the gas used and any trap, for people or as JSON.
// Exit status: 0 returned, 1 trapped (call or start function), 2 usage or load error.
#include <cinttypes>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "shortcrust/engine.h"
#include "shortcrust/linker.h"
#include "shortcrust/store.h"
#include "spec-tests/json.h"
#include "spec-tests/module_check.h"

namespace shortcrust::cli {
namespace {

// The value without its type prefix, as --json writes it: integers in signed decimal,
// floats as Value::describe prints them. Exact bits travel separately for floats.
std::string value_text(const Value& value) {
  const std::string text = value.describe();
  return text.substr(text.find(':') + 1);
}

void write_value(spec::JsonWriter& w, const Value& value) {
  w.begin_object().key("type").string(name(value.type())).key("value").string(value_text(value));
  if (value.type() == ValType::F32 || value.type() == ValType::F64) {
    char bits[24];
    std::snprintf(bits, sizeof bits, "0x%0*" PRIx64, value.type() == ValType::F32 ? 8 : 16, value.bits());
    w.key("bits").string(bits);
  }
  w.end_object();
}

void write_trap(spec::JsonWriter& w, const Trap& trap) {
  w.begin_object().key("kind").string(name(trap.kind)).key("message").string(message(trap.kind));
  if (trap.function != kNoFunction) w.key("function").number(trap.function);
  if (!trap.function_name.empty()) w.key("function_name").string(trap.function_name);
  w.key("offset").number(trap.offset);
  if (!trap.message.empty()) w.key("host_message").string(trap.message);
  w.key("text").string(trap.describe()).end_object();
}

// Prints what the call (or the start function) did; returns the exit status.
int report(const Invocation& invocation, const std::vector<Value>& results, const std::optional<Trap>& trap,
           uint64_t gas_used, std::FILE* out, std::FILE* err) {
  if (invocation.json) {
    spec::JsonWriter w;
    w.begin_object().key("function").string(invocation.invoke).key("results").begin_array();
    for (const Value& v : results) write_value(w, v);
    w.end_array().key("gas_used").number(gas_used).key("trap");
    if (trap) write_trap(w, *trap);
    else w.null();
    w.end_object();
    std::fprintf(out, "%s\n", w.str().c_str());
  } else {
    for (const Value& v : results) std::fprintf(out, "%s\n", v.describe().c_str());
    if (trap) std::fprintf(err, "trap: %s\n", trap->describe().c_str());
    std::fprintf(out, "gas used: %" PRIu64 "\n", gas_used);
  }
  return trap ? kExitFailure : kExitOk;
}

// "(i32 i64)": a parameter list for messages.
std::string type_list(const std::vector<ValType>& types) {
  std::string out = "(";
  for (size_t i = 0; i < types.size(); ++i) out += std::string(i == 0 ? "" : " ") + name(types[i]);
  return out + ")";
}

// Checks the arguments against the function's parameters; the message says how to fix it.
std::optional<std::string> check_arguments(const std::string& name, const FuncType& type,
                                           const std::vector<Value>& args) {
  if (args.size() != type.params.size()) {
    return "function '" + name + "' takes " + std::to_string(type.params.size()) + " argument(s) " +
           type_list(type.params) + ", got " + std::to_string(args.size());
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type() == type.params[i]) continue;
    return "argument " + std::to_string(i + 1) + " of '" + name + "' is " + shortcrust::name(type.params[i]) +
           ", got " + args[i].describe() + " (write " + shortcrust::name(type.params[i]) + ":VALUE)";
  }
  return std::nullopt;
}

// The exported function's index, or a message listing the functions that are exported.
std::optional<std::string> missing_export(const Module& module, const std::string& name) {
  std::string available;
  for (const ExportDesc& e : module.exports()) {
    if (e.kind != ExternKind::Func) continue;
    if (e.name == name) return std::nullopt;
    available += (available.empty() ? "" : ", ") + e.name;
  }
  return "no exported function '" + name + "' (exported functions: " + (available.empty() ? "none" : available) + ")";
}

}  // namespace

int run_run(const Invocation& invocation, std::FILE* out, std::FILE* err) {
  const std::string& path = invocation.paths.front();
  const auto fail = [&](const std::string& text) {
    std::fprintf(err, "%s: %s\n", path.c_str(), text.c_str());
    return kExitUsage;
  };
  Result<std::vector<uint8_t>> bytes = spec::read_file(path);
  if (!bytes.ok()) return fail(describe(bytes.error()));

  EngineConfig config;
  config.features.memory64 = invocation.memory64;
  config.tier = invocation.engine == spec::Engine::Jit ? Tier::Jit : Tier::Interp;
  const Engine engine(config);
  Result<Module> module = Module::compile(engine, bytes.value());
  if (!module.ok()) {
    // Decoding and validation errors read as `validate` prints them ("FILE:OFFSET: ...").
    const spec::ModuleCheck check = spec::check_module(bytes.value(), config.features);
    const std::string text = check.error ? spec::format_error(*check.error, check.module ? &*check.module : nullptr)
                                         : spec::format_error(module.error(), nullptr);
    std::fprintf(err, "%s:%s\n", path.c_str(), text.c_str());
    return kExitUsage;
  }
  const std::vector<ImportDesc> imports = module.value().imports();
  if (!imports.empty()) {
    const ImportDesc& first = imports.front();
    return fail("unresolved import " + first.module + "." + first.name + " (" + name(first.kind) +
                "): `shortcrust run` provides no imports (the module has " + std::to_string(imports.size()) + ")");
  }
  if (std::optional<std::string> why = missing_export(module.value(), invocation.invoke)) return fail(*why);

  Store store(engine);
  Result<Instance, InstantiationError> instance = Linker().instantiate(store, module.value());
  if (!instance.ok()) {
    const InstantiationError& e = instance.error();
    if (e.trap) return report(invocation, {}, e.trap, 0, out, err);  // the start function trapped
    return fail("cannot instantiate: " + e.message);
  }
  const Func func = instance.value().func(invocation.invoke);
  if (std::optional<std::string> why = check_arguments(invocation.invoke, func.type(), invocation.call_args)) {
    return fail(*why);
  }
  CallOptions options;
  options.gas_limit = invocation.gas;
  Result<CallOutcome> outcome = store.call(func, invocation.call_args, options);
  if (!outcome.ok()) return fail("cannot call '" + invocation.invoke + "': " + describe(outcome.error()));
  const CallOutcome& result = outcome.value();
  return report(invocation, result.results, result.trap, result.gas_used, out, err);
}

}  // namespace shortcrust::cli
