// Lifting wast2json's JSON into {Script}: command kinds, lines, module files and types.
#include "spec-tests/script.h"

namespace shortcrust::spec {
namespace {

struct KindName {
  CommandKind kind;
  const char* name;
};

constexpr KindName kKindNames[] = {
    {CommandKind::Module, "module"},
    {CommandKind::Action, "action"},
    {CommandKind::Register, "register"},
    {CommandKind::AssertReturn, "assert_return"},
    {CommandKind::AssertTrap, "assert_trap"},
    {CommandKind::AssertExhaustion, "assert_exhaustion"},
    {CommandKind::AssertMalformed, "assert_malformed"},
    {CommandKind::AssertInvalid, "assert_invalid"},
    {CommandKind::AssertUnlinkable, "assert_unlinkable"},
    {CommandKind::AssertUninstantiable, "assert_uninstantiable"},
};

const std::string* string_member(const JsonValue& object, std::string_view key) {
  const JsonValue* v = object.find(key);
  return v != nullptr && v->is_string() ? &v->text : nullptr;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Error not_a_script(const char* detail) { return Error{Errc::MalformedJson, 0, kNoFunction, detail}; }

}  // namespace

const char* command_name(CommandKind kind) {
  for (const KindName& k : kKindNames) {
    if (k.kind == kind) return k.name;
  }
  return "unknown command";
}

CommandKind command_kind(std::string_view type) {
  for (const KindName& k : kKindNames) {
    if (type == k.name) return k.kind;
  }
  return CommandKind::Unknown;
}

Result<Script> parse_script(std::string_view json_text) {
  SC_TRY(JsonValue document, parse_json(json_text));
  if (!document.is_object()) return not_a_script("a wast2json script is a JSON object");
  const JsonValue* commands = document.find("commands");
  if (commands == nullptr || !commands->is_array()) return not_a_script("no \"commands\" array");

  Script script;
  if (const std::string* source = string_member(document, "source_filename")) {
    script.source_filename = *source;
  }
  script.commands.reserve(commands->items.size());
  for (const JsonValue& item : commands->items) {
    if (!item.is_object()) return not_a_script("a command is not an object");
    const std::string* type = string_member(item, "type");
    if (type == nullptr) return not_a_script("a command has no \"type\"");
    Command command;
    command.type = *type;
    command.kind = command_kind(*type);
    if (const JsonValue* line = item.find("line")) {
      command.line = static_cast<uint32_t>(line->as_u64().value_or(0));
    }
    if (const std::string* filename = string_member(item, "filename")) command.filename = *filename;
    if (const std::string* text = string_member(item, "text")) command.text = *text;
    if (const std::string* name = string_member(item, "name")) command.name = *name;
    if (const std::string* as = string_member(item, "as")) command.as = *as;
    // `module` commands carry no module_type; their file extension tells.
    const std::string* module_type = string_member(item, "module_type");
    const bool text = module_type != nullptr ? *module_type == "text" : ends_with(command.filename, ".wat");
    command.module_type = text ? ModuleType::Text : ModuleType::Binary;
    command.json = item;
    script.commands.push_back(std::move(command));
  }
  return script;
}

}  // namespace shortcrust::spec
