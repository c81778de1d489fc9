// A wast2json script: the typed list of commands of one .wast file. Only the fields
// every command kind shares are lifted out; the rest (actions, expected values) stays
// in {Command::json} for the runner to read when it executes that kind.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "shortcrust/result.h"
#include "spec-tests/json.h"

namespace shortcrust::spec {

// The command kinds wast2json writes (wabt's JSON format, one per top-level .wast form).
enum class CommandKind : uint8_t {
  Module,
  Action,
  Register,
  AssertReturn,
  AssertTrap,
  AssertExhaustion,
  AssertMalformed,
  AssertInvalid,
  AssertUnlinkable,
  AssertUninstantiable,
  Unknown,  // a type this runner does not know: reported as a failure, never ignored
};

// "assert_invalid" etc.; the wast spelling of the kind.
const char* command_name(CommandKind kind);
CommandKind command_kind(std::string_view type);

// How the module of a module/assert command is given: a .wasm binary or .wat text
// (wast2json keeps `(module quote ...)` as text for the engine to parse).
enum class ModuleType : uint8_t { Binary, Text };

struct Command {
  CommandKind kind = CommandKind::Unknown;
  std::string type;          // the raw "type" field, for messages about Unknown
  uint32_t line = 0;
  std::string filename;      // module file, relative to the script's directory
  ModuleType module_type = ModuleType::Binary;
  std::string text;          // expected message of assert_* commands
  std::string name;          // module name ($M), or the module register refers to
  std::string as;            // register: the name imports use
  JsonValue json;            // the whole command object
};

struct Script {
  std::string source_filename;   // the .wast file wast2json read
  std::vector<Command> commands;
};

// Reads the document wast2json wrote. Errors are Errc::MalformedJson (bad JSON, or a
// document that is not a script: missing "commands", a command without "type").
Result<Script> parse_script(std::string_view json_text);

}  // namespace shortcrust::spec
