// Hand-written argument parsing: a subcommand word, then its options and operands.
// Options may come before or after operands; `--` ends options; `--opt=value` and
// `--opt value` are both accepted for options that take a value.
#include "cli/args.h"

#include <optional>

namespace shortcrust::cli {
namespace {

struct SubcommandName {
  Subcommand command;
  std::string_view name;
};

constexpr SubcommandName kSubcommands[] = {
    {Subcommand::Validate, "validate"},
    {Subcommand::Describe, "describe"},
    {Subcommand::Wast, "wast"},
};

std::optional<Subcommand> find_subcommand(std::string_view word) {
  for (const SubcommandName& s : kSubcommands) {
    if (s.name == word) return s.command;
  }
  return std::nullopt;
}

ParsedArgs usage_error(std::string message) {
  ParsedArgs parsed;
  parsed.error = std::move(message);
  return parsed;
}

ParsedArgs help(std::string_view topic) {
  ParsedArgs parsed;
  parsed.invocation.command = Subcommand::Help;
  parsed.invocation.help_topic = std::string(topic);
  return parsed;
}

// Which options a subcommand accepts.
struct OptionSet {
  bool memory64 = false, verbose = false, json = false, engine = false, skips = false;
};

OptionSet options_of(Subcommand command) {
  switch (command) {
    case Subcommand::Validate: return {.memory64 = true, .verbose = true};
    case Subcommand::Describe: return {.memory64 = true, .json = true};
    case Subcommand::Wast: return {.memory64 = true, .verbose = true, .json = true, .engine = true, .skips = true};
    case Subcommand::Help:
    case Subcommand::Version: return {};
  }
  return {};
}

ParsedArgs parse_subcommand(Subcommand command, std::string_view name,
                            std::span<const std::string_view> args) {
  ParsedArgs parsed;
  Invocation& inv = parsed.invocation;
  inv.command = command;
  const OptionSet allowed = options_of(command);
  const std::string where = " for '" + std::string(name) + "' (see 'shortcrust " + std::string(name) + " --help')";
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (options_done || arg.size() < 2 || arg[0] != '-') {
      inv.paths.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") return help(name);
    // Split --name=value; only value-taking options may use it.
    std::string_view option = arg;
    std::optional<std::string_view> inline_value;
    if (const size_t eq = arg.find('='); eq != std::string_view::npos && arg.starts_with("--")) {
      option = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    const auto take_value = [&]() -> std::optional<std::string_view> {
      if (inline_value) return inline_value;
      if (i + 1 < args.size()) return args[++i];
      return std::nullopt;
    };
    const bool flag = !inline_value;
    if (option == "--memory64" && allowed.memory64 && flag) {
      inv.memory64 = true;
    } else if ((option == "--verbose" || option == "-v") && allowed.verbose && flag) {
      inv.verbose = true;
    } else if (option == "--json" && allowed.json && flag) {
      inv.json = true;
    } else if (option == "--engine" && allowed.engine) {
      const std::optional<std::string_view> value = take_value();
      if (!value) return usage_error("option '--engine' needs a value (interp or jit)");
      if (*value == "interp") inv.engine = spec::Engine::Interp;
      else if (*value == "jit") inv.engine = spec::Engine::Jit;
      else return usage_error("unknown engine '" + std::string(*value) + "': expected interp or jit");
    } else if (option == "--skips" && allowed.skips) {
      const std::optional<std::string_view> value = take_value();
      if (!value || value->empty()) return usage_error("option '--skips' needs a file");
      inv.skips = std::string(*value);
    } else if (inline_value && (option == "--memory64" || option == "--verbose" || option == "--json")) {
      return usage_error("option '" + std::string(option) + "' takes no value");
    } else {
      return usage_error("unknown option '" + std::string(arg) + "'" + where);
    }
  }
  switch (command) {
    case Subcommand::Validate:
      if (inv.paths.empty()) return usage_error("'validate' needs at least one FILE" + where);
      break;
    case Subcommand::Describe:
      if (inv.paths.size() != 1) return usage_error("'describe' takes exactly one FILE" + where);
      break;
    case Subcommand::Wast:  // no PATH: $SHORTCRUST_SPEC_SUITE, checked when running
    case Subcommand::Help:
    case Subcommand::Version:
      break;
  }
  return parsed;
}

}  // namespace

ParsedArgs parse_args(std::span<const std::string_view> args) {
  if (args.empty()) return usage_error("missing command (see 'shortcrust --help')");
  const std::string_view first = args[0];
  if (first == "--help" || first == "-h") return help("");
  if (first == "--version" || first == "-V") {
    if (args.size() > 1) return usage_error("'--version' takes no arguments");
    ParsedArgs parsed;
    parsed.invocation.command = Subcommand::Version;
    return parsed;
  }
  if (first == "help") {
    if (args.size() > 2) return usage_error("'help' takes at most one command name");
    if (args.size() == 1) return help("");
    if (!find_subcommand(args[1])) return usage_error("unknown command '" + std::string(args[1]) + "'");
    return help(args[1]);
  }
  if (const std::optional<Subcommand> command = find_subcommand(first)) {
    return parse_subcommand(*command, first, args.subspan(1));
  }
  if (first.starts_with("-")) return usage_error("unknown option '" + std::string(first) + "' (see 'shortcrust --help')");
  return usage_error("unknown command '" + std::string(first) + "' (see 'shortcrust --help')");
}

std::string help_text(std::string_view topic) {
  if (topic == "validate") {
    return "Usage: shortcrust validate [--memory64] [--verbose] FILE...\n"
           "\n"
           "Decode and validate each WebAssembly binary. Prints `FILE: valid` for each valid\n"
           "file; errors go to stderr as `FILE:OFFSET: message` (OFFSET in bytes, decimal).\n"
           "Exit status: 0 all valid, 1 an invalid or unreadable file, 2 usage error.\n"
           "\n"
           "Options:\n"
           "  --memory64   accept 64-bit memories (the memory64 proposal)\n"
           "  --verbose    also print a one-line summary of each valid module\n"
           "  -h, --help   show this help\n";
  }
  if (topic == "describe") {
    return "Usage: shortcrust describe [--memory64] [--json] FILE\n"
           "\n"
           "Validate a module, then summarise it: types, imports, exports, functions (name,\n"
           "signature, body size, locals, max operand height, frame slots, gas segments),\n"
           "tables, memories, globals, data and element segments.\n"
           "\n"
           "Options:\n"
           "  --memory64   accept 64-bit memories (the memory64 proposal)\n"
           "  --json       print the summary as JSON\n"
           "  -h, --help   show this help\n";
  }
  if (topic == "wast") {
    return "Usage: shortcrust wast [--engine interp|jit] [--memory64] [--json] [--verbose]\n"
           "                       [--skips FILE] [PATH...]\n"
           "\n"
           "Run WebAssembly spec-test scripts. PATH is a .wast file (converted with wabt's\n"
           "wast2json), a .json file written by wast2json, or a directory searched recursively\n"
           "for .wast files (or .json files if it has no .wast). Without PATH, runs\n"
           "$SHORTCRUST_SPEC_SUITE. Files under a folder named memory64 run with memory64.\n"
           "Prints `PATH: N passed, N failed, N skipped` per file, failures above it, and the\n"
           "totals as the last line. Exit status: 0 nothing failed, 1 failures, 2 usage error.\n"
           "\n"
           "Options:\n"
           "  --engine E     interp (default) or jit; recorded, nothing executes code yet\n"
           "  --memory64     run every file with memory64 enabled\n"
           "  --json         print a JSON report (the totals line still comes last)\n"
           "  --verbose      explain every command, not only failures\n"
           "  --skips FILE   skip manifest to use instead of spec-tests/skips.txt\n"
           "  -h, --help     show this help\n"
           "\n"
           "Environment: SHORTCRUST_SPEC_SUITE (default PATH), SHORTCRUST_WAST2JSON (program).\n";
  }
  return "Usage: shortcrust COMMAND [OPTIONS] [ARGS...]\n"
         "\n"
         "Shortcrust, a WebAssembly VM for smart contracts.\n"
         "\n"
         "Commands:\n"
         "  validate   decode and validate WebAssembly binaries\n"
         "  describe   validate a module and summarise its contents\n"
         "  wast       run WebAssembly spec-test scripts\n"
         "  help CMD   show help for a command\n"
         "\n"
         "Options:\n"
         "  -h, --help      show this help\n"
         "  -V, --version   print the version\n";
}

}  // namespace shortcrust::cli
