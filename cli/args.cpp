// Hand-written argument parsing: a subcommand word, then its options and operands.
// Options may come before or after operands; `--` ends options; `--opt=value` and
// `--opt value` are both accepted for options that take a value. `run` also reads its
// typed call arguments here, so a malformed one is a usage error before any loading.
#include "cli/args.h"

#include <bit>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
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
    {Subcommand::Run, "run"},
    {Subcommand::Demo, "demo"},
    {Subcommand::Deploy, "deploy"},
    {Subcommand::Call, "call"},
    {Subcommand::Commits, "commits"},
    {Subcommand::Inspect, "inspect"},
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
  bool invoke = false, gas = false, contracts = false;
  bool state = false, base = false, owner = false, init_arg = false, nonce = false, arg = false;
};

OptionSet options_of(Subcommand command) {
  switch (command) {
    case Subcommand::Validate: return {.memory64 = true, .verbose = true};
    case Subcommand::Describe: return {.memory64 = true, .json = true};
    case Subcommand::Wast: return {.memory64 = true, .verbose = true, .json = true, .engine = true, .skips = true};
    case Subcommand::Run: return {.memory64 = true, .json = true, .engine = true, .invoke = true, .gas = true};
    case Subcommand::Demo: return {.engine = true, .contracts = true};
    case Subcommand::Deploy:
      return {.json = true, .engine = true, .gas = true, .state = true, .base = true, .owner = true,
              .init_arg = true, .nonce = true};
    case Subcommand::Call:
      return {.json = true, .engine = true, .gas = true, .state = true, .base = true, .arg = true};
    case Subcommand::Commits: return {.json = true, .state = true};
    case Subcommand::Inspect: return {.json = true, .state = true, .base = true};
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
    // `run` takes negative numbers as operands (`-3` is the i32 -3, not an option).
    const bool negative_number = command == Subcommand::Run && arg.size() >= 2 && arg[0] == '-' &&
                                 (std::isdigit(static_cast<unsigned char>(arg[1])) != 0 || arg[1] == '.');
    if (options_done || arg.size() < 2 || arg[0] != '-' || negative_number) {
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
    // A value-taking option of the state commands: `--name VALUE`, stored in `out`.
    const auto take_text = [&](std::string& out, const char* what, bool may_be_empty) -> std::optional<ParsedArgs> {
      const std::optional<std::string_view> value = take_value();
      if (!value || (!may_be_empty && value->empty())) {
        return usage_error("option '" + std::string(option) + "' needs " + what);
      }
      out = std::string(*value);
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
    } else if (option == "--invoke" && allowed.invoke) {
      const std::optional<std::string_view> value = take_value();
      if (!value || value->empty()) return usage_error("option '--invoke' needs a function name");
      inv.invoke = std::string(*value);
    } else if (option == "--gas" && allowed.gas) {
      const std::optional<std::string_view> value = take_value();
      uint64_t gas = 0;
      const char* end = value ? value->data() + value->size() : nullptr;
      const std::from_chars_result number = value ? std::from_chars(value->data(), end, gas) : std::from_chars_result{};
      if (!value || value->empty() || number.ec != std::errc() || number.ptr != end) {
        return usage_error("option '--gas' needs a non-negative integer (the gas limit)");
      }
      inv.gas = gas;
    } else if (option == "--state" && allowed.state) {
      if (auto error = take_text(inv.state, "a directory", false)) return *error;
    } else if (option == "--base" && allowed.base) {
      if (auto error = take_text(inv.base, "a commit root (64 hex digits)", false)) return *error;
    } else if (option == "--owner" && allowed.owner) {
      if (auto error = take_text(inv.owner, "hex bytes", true)) return *error;
    } else if (option == "--init-arg" && allowed.init_arg) {
      std::string value;
      if (auto error = take_text(value, "hex bytes", true)) return *error;
      inv.init_arg = value;
    } else if (option == "--arg" && allowed.arg) {
      if (auto error = take_text(inv.arg, "hex bytes", true)) return *error;
    } else if (option == "--nonce" && allowed.nonce) {
      const std::optional<std::string_view> value = take_value();
      const char* end = value ? value->data() + value->size() : nullptr;
      const std::from_chars_result number =
          value ? std::from_chars(value->data(), end, inv.nonce) : std::from_chars_result{};
      if (!value || value->empty() || number.ec != std::errc() || number.ptr != end) {
        return usage_error("option '--nonce' needs a non-negative integer");
      }
    } else if (option == "--contracts" && allowed.contracts) {
      const std::optional<std::string_view> value = take_value();
      if (!value || value->empty()) return usage_error("option '--contracts' needs a directory");
      inv.contracts = std::string(*value);
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
    case Subcommand::Run: {
      if (inv.paths.empty()) return usage_error("'run' needs a FILE" + where);
      if (inv.invoke.empty()) return usage_error("'run' needs --invoke NAME" + where);
      for (size_t i = 1; i < inv.paths.size(); ++i) {
        Result<Value, std::string> value = parse_typed_value(inv.paths[i]);
        if (!value.ok()) return usage_error(value.error());
        inv.call_args.push_back(value.value());
      }
      inv.paths.resize(1);
      break;
    }
    case Subcommand::Demo:
      if (!inv.paths.empty()) return usage_error("'demo' takes no FILE" + where);
      break;
    case Subcommand::Deploy:
      if (inv.state.empty()) return usage_error("'deploy' needs --state DIR" + where);
      if (inv.paths.size() != 1) return usage_error("'deploy' takes exactly one FILE.wasm" + where);
      break;
    case Subcommand::Call:
      if (inv.state.empty()) return usage_error("'call' needs --state DIR" + where);
      if (inv.paths.size() != 2) return usage_error("'call' takes CONTRACT and FN" + where);
      break;
    case Subcommand::Commits:
      if (inv.state.empty()) return usage_error("'commits' needs --state DIR" + where);
      if (!inv.paths.empty()) return usage_error("'commits' takes no operands" + where);
      break;
    case Subcommand::Inspect:
      if (inv.state.empty()) return usage_error("'inspect' needs --state DIR" + where);
      if (inv.paths.size() > 1) return usage_error("'inspect' takes at most one CONTRACT" + where);
      break;
    case Subcommand::Wast:  // no PATH: $SHORTCRUST_SPEC_SUITE, checked when running
    case Subcommand::Help:
    case Subcommand::Version:
      break;
  }
  return parsed;
}

// An unsigned decimal or 0x-hex literal.
std::optional<uint64_t> parse_magnitude(std::string_view digits) {
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    base = 16;
    digits.remove_prefix(2);
  }
  uint64_t value = 0;
  const char* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, value, base);
  if (digits.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// An integer of `bits` (32 or 64) as its two's-complement bits: the signed range or the
// unsigned range, as the text format allows (spec 6.3.1).
std::optional<uint64_t> parse_integer(std::string_view text, unsigned bits) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  const std::optional<uint64_t> magnitude = parse_magnitude(text);
  if (!magnitude) return std::nullopt;
  const uint64_t mask = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  if (negative) {
    if (*magnitude > (uint64_t{1} << (bits - 1))) return std::nullopt;
    return (uint64_t{0} - *magnitude) & mask;
  }
  if (*magnitude > mask) return std::nullopt;
  return *magnitude;
}

// A float of `bits` (32 or 64) as its bit pattern. strtof for f32, so the decimal is
// rounded once, straight to single precision.
std::optional<uint64_t> parse_float(std::string_view text, unsigned bits) {
  const unsigned mantissa_bits = bits == 32 ? 23 : 52;
  const uint64_t sign_bit = uint64_t{1} << (bits - 1);
  std::string_view body = text;
  const bool negative = !body.empty() && body[0] == '-';
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) body.remove_prefix(1);
  if (body.starts_with("nan:")) {  // nan:0xPAYLOAD, the text format's NaN with a payload
    const std::optional<uint64_t> payload = parse_magnitude(body.substr(4));
    if (!payload || *payload == 0 || *payload >> mantissa_bits != 0) return std::nullopt;
    const uint64_t exponent = (sign_bit - 1) & ~((uint64_t{1} << mantissa_bits) - 1);
    return (negative ? sign_bit : 0) | exponent | *payload;
  }
  // strtod skips leading spaces and accepts a prefix; insist on the whole text.
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0])) != 0) return std::nullopt;
  const std::string copy(text);
  char* end = nullptr;
  errno = 0;
  uint64_t result = 0;
  if (bits == 32) {
    const float value = std::strtof(copy.c_str(), &end);
    if (errno == ERANGE && std::isinf(value)) return std::nullopt;
    result = std::bit_cast<uint32_t>(value);
  } else {
    const double value = std::strtod(copy.c_str(), &end);
    if (errno == ERANGE && std::isinf(value)) return std::nullopt;
    result = std::bit_cast<uint64_t>(value);
  }
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return result;
}

}  // namespace

Result<Value, std::string> parse_typed_value(std::string_view text) {
  const auto bad = [&](std::string_view expected) -> Result<Value, std::string> {
    return "argument '" + std::string(text) + "' is not " + std::string(expected);
  };
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {  // a plain integer is an i32
    if (const std::optional<uint64_t> bits = parse_integer(text, 32)) {
      return Value::from_bits(ValType::I32, *bits);
    }
    return bad("an i32 (write i64:N, f32:X or f64:X for other types)");
  }
  const std::string_view type = text.substr(0, colon);
  const std::string_view literal = text.substr(colon + 1);
  if (type == "i32" || type == "i64") {
    const unsigned bits = type == "i32" ? 32 : 64;
    if (const std::optional<uint64_t> v = parse_integer(literal, bits)) {
      return Value::from_bits(bits == 32 ? ValType::I32 : ValType::I64, *v);
    }
    return bad(bits == 32 ? "an i32 (decimal or 0x hex, within 32 bits)" : "an i64 (decimal or 0x hex, within 64 bits)");
  }
  if (type == "f32" || type == "f64") {
    const unsigned bits = type == "f32" ? 32 : 64;
    if (const std::optional<uint64_t> v = parse_float(literal, bits)) {
      return Value::from_bits(bits == 32 ? ValType::F32 : ValType::F64, *v);
    }
    return bad(bits == 32 ? "an f32 (decimal, hex float, inf, nan or nan:0xPAYLOAD, in range)"
                          : "an f64 (decimal, hex float, inf, nan or nan:0xPAYLOAD, in range)");
  }
  return bad("typed: use i32:N, i64:N, f32:X, f64:X or a plain integer");
}

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
           "  --engine E     interp (default) or jit (the baseline compiler: x86-64, AArch64)\n"
           "  --memory64     run every file with memory64 enabled\n"
           "  --json         print a JSON report (the totals line still comes last)\n"
           "  --verbose      explain every command, not only failures\n"
           "  --skips FILE   skip manifest to use instead of spec-tests/skips.txt\n"
           "  -h, --help     show this help\n"
           "\n"
           "Environment: SHORTCRUST_SPEC_SUITE (default PATH), SHORTCRUST_WAST2JSON (program).\n";
  }
  if (topic == "run") {
    return "Usage: shortcrust run [--engine interp|jit] [--memory64] [--gas N] [--json]\n"
           "                      FILE --invoke NAME [ARG...]\n"
           "\n"
           "Instantiate a module that has no imports, call its exported function NAME with\n"
           "the typed arguments ARG, and print each result (`i32:8`, one per line), then\n"
           "`gas used: N`. On a trap, prints `trap: KIND in function F (index I) at offset O`\n"
           "to stderr. Exit status: 0 the call returned, 1 it trapped (also in the start\n"
           "function), 2 usage error or a module that cannot be loaded, linked or called.\n"
           "\n"
           "Arguments (checked against the function's parameter types):\n"
           "  42, -7, 0x2a        plain integers are i32\n"
           "  i32:5  i64:-3       integers: decimal or 0x hex, signed or unsigned range\n"
           "  f32:1.5  f64:0x1p-3 floats: decimal, hex float, inf, -inf, nan, nan:0xPAYLOAD\n"
           "Results print as `i32:8`, `f64:0.125`; a NaN prints its bits, `f32:0x7fc00000 (nan)`.\n"
           "\n"
           "Options:\n"
           "  --invoke NAME   the exported function to call (required)\n"
           "  --gas N         gas limit of the call (default: unlimited, still counted)\n"
           "  --engine E      interp (default) or jit (the baseline compiler: x86-64, AArch64)\n"
           "  --memory64      accept 64-bit memories (the memory64 proposal)\n"
           "  --json          print {results, gas_used, trap} as JSON on stdout\n"
           "  -h, --help      show this help\n";
  }
  if (topic == "demo") {
    return "Usage: shortcrust demo [--engine interp|jit] [--contracts DIR]\n"
           "\n"
           "A contract session, narrated: deploys the example contracts counter, callcenter\n"
           "and event_reverter (sdk/examples), calls across them, shows a failing call being\n"
           "reverted and a call running out of gas, and prints every receipt: return data,\n"
           "gas, events and the call tree. Exit status: 0 every step behaved as expected,\n"
           "1 otherwise, 2 usage error or missing contracts.\n"
           "\n"
           "Options:\n"
           "  --engine E       interp (default) or jit (the baseline compiler: x86-64, AArch64)\n"
           "  --contracts DIR  where counter.wasm etc. are (default: the build's contracts/)\n"
           "  -h, --help       show this help\n";
  }
  if (topic == "deploy") {
    return "Usage: shortcrust deploy --state DIR [--owner HEX] [--init-arg HEX] [--nonce N]\n"
           "                         [--gas N] [--base ROOT] [--engine interp|jit] [--json] FILE.wasm\n"
           "\n"
           "Deploy a contract into the state directory DIR (created if missing): open its\n"
           "latest commit (or ROOT), deploy FILE.wasm, run `init` with the init argument when\n"
           "one is given, and commit. Prints the contract id and the new root.\n"
           "Exit status: 0 deployed and committed, 1 the deploy failed (nothing is committed),\n"
           "2 usage error or a state directory that cannot be opened.\n"
           "\n"
           "Options:\n"
           "  --state DIR      the state directory (required)\n"
           "  --owner HEX      owner bytes (default: none)\n"
           "  --init-arg HEX   call `init` with these bytes\n"
           "  --nonce N        part of the derived contract id (default 0)\n"
           "  --gas N          gas limit for `init` (default 1000000000)\n"
           "  --base ROOT      start from this commit instead of the latest\n"
           "  --engine E       interp (default) or jit\n"
           "  --json           print {contract, root} as JSON\n"
           "  -h, --help       show this help\n";
  }
  if (topic == "call") {
    return "Usage: shortcrust call --state DIR [--arg HEX] [--gas N] [--base ROOT]\n"
           "                       [--engine interp|jit] [--json] CONTRACT FN\n"
           "\n"
           "Call function FN of contract CONTRACT (64 hex digits) with the argument bytes\n"
           "HEX, from the latest commit of DIR (or ROOT), and commit the result. Prints the\n"
           "return data (hex), the gas spent, the events and the new root.\n"
           "Exit status: 0 the call succeeded and was committed, 1 the call failed (nothing\n"
           "is committed; the error and gas are printed), 2 usage or state directory error.\n"
           "\n"
           "Options:\n"
           "  --state DIR   the state directory (required)\n"
           "  --arg HEX     the argument bytes (default: none)\n"
           "  --gas N       gas limit (default 1000000000)\n"
           "  --base ROOT   start from this commit instead of the latest\n"
           "  --engine E    interp (default) or jit\n"
           "  --json        print {data, gas_spent, events, root} (or the error) as JSON\n"
           "  -h, --help    show this help\n";
  }
  if (topic == "commits") {
    return "Usage: shortcrust commits --state DIR [--json]\n"
           "\n"
           "List the commits of the state directory in the order they were made: sequence,\n"
           "root, the commit it is stored over (or `full`), and its number of contracts.\n";
  }
  if (topic == "inspect") {
    return "Usage: shortcrust inspect --state DIR [--base ROOT] [--json] [CONTRACT]\n"
           "\n"
           "Show the latest commit (or ROOT): its root and each contract's id, memory\n"
           "length, stored pages, code hash and owner; with CONTRACT, only that contract.\n";
  }
  return "Usage: shortcrust COMMAND [OPTIONS] [ARGS...]\n"
         "\n"
         "Shortcrust, a WebAssembly VM for smart contracts.\n"
         "\n"
         "Commands:\n"
         "  validate   decode and validate WebAssembly binaries\n"
         "  describe   validate a module and summarise its contents\n"
         "  wast       run WebAssembly spec-test scripts\n"
         "  run        call an exported function of a module\n"
         "  demo       deploy and call example contracts in a session, print receipts\n"
         "  deploy     deploy a contract into a state directory and commit\n"
         "  call       call a contract in a state directory and commit\n"
         "  commits    list the commits of a state directory\n"
         "  inspect    show the contracts and root of a commit\n"
         "  help CMD   show help for a command\n"
         "\n"
         "Options:\n"
         "  -h, --help      show this help\n"
         "  -V, --version   print the version\n";
}

}  // namespace shortcrust::cli
