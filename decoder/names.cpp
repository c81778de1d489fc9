// Custom sections (spec 5.5.3) and the `name` section (spec 7.4.2). A custom section's
// name must be valid UTF-8 or the module is malformed; its content is opaque. The name
// section is best effort: if any part of it is malformed the module keeps no names at
// all and still decodes (spec 7.4: custom sections never make a module fail).
#include <algorithm>
#include <string>

#include "decoder/module_decoder.h"

namespace shortcrust::decoder {
namespace {

enum class NameSubsection : uint8_t { Module = 0, Function = 1, Local = 2 };

// An index and a name: at least one byte each.
constexpr size_t kMinNameAssocBytes = 2;

// Reads a name map (spec 7.4.2.3) with strictly increasing indices and hands each entry
// to `add(index, name)`.
template <class Add>
Result<void> read_name_map(Reader& r, Add add) {
  SC_TRY(uint32_t n, r.count(kMinNameAssocBytes));
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t at = r.offset();
    SC_TRY(uint32_t index, r.u32());
    SC_TRY(std::string_view name, r.name());
    if (!add(index, name)) return Reader::fail_at(at, Errc::MalformedNameSection);
  }
  return ok();
}

Result<void> read_function_names(Reader& r, Names& names) {
  return read_name_map(r, [&](uint32_t index, std::string_view name) {
    if (!names.functions.empty() && index <= names.functions.back().first) return false;
    names.functions.emplace_back(index, std::string(name));
    return true;
  });
}

// An indirect name map: function index -> name map of its locals.
Result<void> read_local_names(Reader& r, Names& names) {
  SC_TRY(uint32_t n, r.count(kMinNameAssocBytes));
  bool first = true;
  uint32_t last_function = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t at = r.offset();
    SC_TRY(uint32_t function, r.u32());
    if (!first && function <= last_function)
      return Reader::fail_at(at, Errc::MalformedNameSection);
    first = false;
    last_function = function;
    const size_t begin = names.locals.size();
    SC_TRY_VOID(read_name_map(r, [&](uint32_t local, std::string_view name) {
      if (names.locals.size() > begin && local <= names.locals.back().local) return false;
      names.locals.push_back(Names::Local{function, local, std::string(name)});
      return true;
    }));
  }
  return ok();
}

// Subsections come in increasing id order, each at most once. Ids this version does not
// know (the extended-name proposal's labels, types, globals, ...) are skipped, not errors.
Result<void> read_name_section(Reader& r, Names& names) {
  int last_id = -1;
  while (!r.at_end()) {
    const uint64_t at = r.offset();
    SC_TRY(uint8_t id, r.u8());
    if (static_cast<int>(id) <= last_id) return Reader::fail_at(at, Errc::MalformedNameSection);
    last_id = id;
    SC_TRY(uint32_t size, r.u32());
    SC_TRY(Reader sub, r.sub(size));
    switch (id) {
      case static_cast<uint8_t>(NameSubsection::Module): {
        SC_TRY(std::string_view name, sub.name());
        names.module = std::string(name);
        break;
      }
      case static_cast<uint8_t>(NameSubsection::Function):
        SC_TRY_VOID(read_function_names(sub, names));
        break;
      case static_cast<uint8_t>(NameSubsection::Local):
        SC_TRY_VOID(read_local_names(sub, names));
        break;
      default:
        (void)sub.bytes(sub.remaining());
        break;
    }
    if (!sub.at_end()) return Reader::fail_at(at, Errc::MalformedNameSection);
  }
  return ok();
}

}  // namespace

std::optional<Names> parse_name_section(Reader r) {
  Names names;
  if (!read_name_section(r, names).ok()) return std::nullopt;
  return names;
}

Result<void> ModuleDecoder::custom_section(Reader& r) {
  CustomSection custom;
  SC_TRY(std::string_view name, r.name());
  custom.name = std::string(name);
  const uint64_t content_at = r.offset();
  SC_TRY(auto content, r.bytes(r.remaining()));
  custom.content = Span{static_cast<uint32_t>(content_at), static_cast<uint32_t>(content.size())};
  if (custom.name == "name" && !saw_name_section_) {
    saw_name_section_ = true;
    if (auto names = parse_name_section(Reader(content, content_at)))
      module_.names = std::move(*names);
  }
  module_.customs.push_back(std::move(custom));
  return ok();
}

const std::string* Names::function(uint32_t index) const {
  auto it = std::lower_bound(functions.begin(), functions.end(), index,
                             [](const auto& entry, uint32_t i) { return entry.first < i; });
  if (it == functions.end() || it->first != index) return nullptr;
  return &it->second;
}

const std::string* Names::local(uint32_t function_index, uint32_t local_index) const {
  auto it = std::lower_bound(locals.begin(), locals.end(), std::pair{function_index, local_index},
                             [](const Local& entry, std::pair<uint32_t, uint32_t> key) {
                               return std::pair{entry.function, entry.local} < key;
                             });
  if (it == locals.end() || it->function != function_index || it->local != local_index)
    return nullptr;
  return &it->name;
}

}  // namespace shortcrust::decoder
