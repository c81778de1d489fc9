// `shortcrust describe`: validate a module and summarise it, for people (text) or for
// machines (--json). Both renderers walk the module in the same order; function indices
// are in the function index space (imports first), as in the name section and errors.
#include <cinttypes>
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "decoder/module.h"
#include "spec-tests/json.h"
#include "spec-tests/module_check.h"

namespace shortcrust::cli {
namespace {

using decoder::ConstExpr;
using decoder::ExternKind;
using decoder::Module;
using decoder::SegmentMode;

const char* kind_name(ExternKind kind) { return shortcrust::name(kind); }

const char* mode_name(SegmentMode mode) {
  switch (mode) {
    case SegmentMode::Active: return "active";
    case SegmentMode::Passive: return "passive";
    case SegmentMode::Declarative: return "declarative";
  }
  return "?";
}

std::string types_list(const std::vector<decoder::ValType>& types) {
  std::string out = "(";
  for (size_t i = 0; i < types.size(); ++i) {
    if (i != 0) out += ", ";
    out += decoder::name(types[i]);
  }
  return out + ")";
}

std::string signature(const decoder::FuncType& type) {
  return types_list(type.params) + " -> " + types_list(type.results);
}

std::string limits_text(const decoder::ResizableLimits& limits) {
  std::string out = std::to_string(limits.min);
  out += limits.max ? ".." + std::to_string(*limits.max) : "..";
  return out;
}

std::string global_type_text(const decoder::GlobalType& type) {
  return std::string(type.is_mutable ? "mut " : "") + decoder::name(type.type);
}

char hex_digit(uint64_t v) { return "0123456789abcdef"[v & 15]; }

std::string hex(uint64_t bits, int digits) {
  std::string out = "0x";
  for (int i = digits - 1; i >= 0; --i) out += hex_digit(bits >> (4 * i));
  return out;
}

// A constant expression in wat-like text; floats as bit patterns, which are exact.
std::string const_expr_text(const ConstExpr& e) {
  switch (e.kind) {
    case ConstExpr::Kind::Unchecked: return "?";
    case ConstExpr::Kind::I32: return "i32.const " + std::to_string(static_cast<int32_t>(e.bits));
    case ConstExpr::Kind::I64: return "i64.const " + std::to_string(static_cast<int64_t>(e.bits));
    case ConstExpr::Kind::F32: return "f32.const bits " + hex(e.bits, 8);
    case ConstExpr::Kind::F64: return "f64.const bits " + hex(e.bits, 16);
    case ConstExpr::Kind::V128: return "v128.const";
    case ConstExpr::Kind::RefNull: return std::string("ref.null ") + decoder::name(e.type);
    case ConstExpr::Kind::RefFunc: return "ref.func " + std::to_string(e.index);
    case ConstExpr::Kind::GlobalGet: return "global.get " + std::to_string(e.index);
  }
  return "?";
}

std::string import_type_text(const Module& m, const decoder::Import& import) {
  switch (import.kind) {
    case ExternKind::Func:
      return import.type_index < m.types.size() ? signature(m.types[import.type_index]) : "?";
    case ExternKind::Table:
      return std::string(decoder::name(import.table.elem)) + " " + limits_text(import.table.limits);
    case ExternKind::Memory:
      return std::string(import.memory.limits.is64 ? "64-bit " : "32-bit ") + limits_text(import.memory.limits);
    case ExternKind::Global: return global_type_text(import.global);
  }
  return "?";
}

void print_text(const std::string& path, size_t size, const Module& m) {
  std::printf("%s: %zu bytes, %zu types\n", path.c_str(), size, m.types.size());
  if (!m.names.module.empty()) std::printf("module name: %s\n", m.names.module.c_str());
  std::printf("imports (%zu):\n", m.imports.size());
  for (const decoder::Import& i : m.imports) {
    std::printf("  %s.%s %s %s\n", i.module.c_str(), i.field.c_str(), kind_name(i.kind),
                import_type_text(m, i).c_str());
  }
  std::printf("exports (%zu):\n", m.exports.size());
  for (const decoder::Export& e : m.exports) {
    std::printf("  \"%s\" %s %u\n", e.name.c_str(), kind_name(e.kind), e.index);
  }
  std::printf("functions (%u, %u imported):\n", m.function_count(), m.imported_functions);
  for (size_t d = 0; d < m.functions.size(); ++d) {
    const uint32_t index = m.imported_functions + static_cast<uint32_t>(d);
    const decoder::FunctionFacts* facts = d < m.facts.size() ? &m.facts[d] : nullptr;
    std::printf("  [%u] %s %s: body %u bytes", index, spec::function_display_name(m, index).c_str(),
                signature(m.function_type(index)).c_str(), m.functions[d].body.size);
    if (facts != nullptr) {
      const size_t segments = facts->gas_segments.size();
      std::printf(", %u locals, max height %u, %" PRIu64 " frame slots, %zu gas segment%s", facts->local_count,
                  facts->max_operand_height, facts->frame_slots, segments, segments == 1 ? "" : "s");
    }
    std::printf("\n");
  }
  std::printf("tables (%u, %u imported):\n", m.table_count(), m.imported_tables);
  for (uint32_t i = 0; i < m.table_count(); ++i) {
    const decoder::TableType& t = m.table_types[i];
    std::printf("  [%u] %s %s\n", i, decoder::name(t.elem), limits_text(t.limits).c_str());
  }
  std::printf("memories (%u, %u imported):\n", m.memory_count(), m.imported_memories);
  for (uint32_t i = 0; i < m.memory_count(); ++i) {
    const decoder::ResizableLimits& l = m.memory_types[i].limits;
    std::printf("  [%u] %s, pages %s\n", i, l.is64 ? "64-bit" : "32-bit", limits_text(l).c_str());
  }
  std::printf("globals (%u, %u imported):\n", m.global_count(), m.imported_globals);
  for (uint32_t i = 0; i < m.global_count(); ++i) {
    std::printf("  [%u] %s", i, global_type_text(m.global_types[i]).c_str());
    if (i >= m.imported_globals) std::printf(" = %s", const_expr_text(m.globals[i - m.imported_globals].init).c_str());
    std::printf("\n");
  }
  std::printf("data segments (%zu):\n", m.data.size());
  for (size_t i = 0; i < m.data.size(); ++i) {
    const decoder::DataSegment& s = m.data[i];
    std::printf("  [%zu] %s", i, mode_name(s.mode));
    if (s.mode == SegmentMode::Active) std::printf(" memory %u at %s", s.memory, const_expr_text(s.offset).c_str());
    std::printf(", %u bytes\n", s.init.size);
  }
  std::printf("element segments (%zu):\n", m.elements.size());
  for (size_t i = 0; i < m.elements.size(); ++i) {
    const decoder::ElemSegment& s = m.elements[i];
    std::printf("  [%zu] %s %s", i, mode_name(s.mode), decoder::name(s.type));
    if (s.mode == SegmentMode::Active) std::printf(" table %u at %s", s.table, const_expr_text(s.offset).c_str());
    std::printf(", %zu items\n", s.items.size());
  }
}

void write_limits(spec::JsonWriter& w, const decoder::ResizableLimits& limits) {
  w.key("min").number(limits.min).key("max");
  if (limits.max) w.number(*limits.max);
  else w.null();
}

void write_types(spec::JsonWriter& w, const std::vector<decoder::ValType>& types) {
  w.begin_array();
  for (decoder::ValType t : types) w.string(decoder::name(t));
  w.end_array();
}

void write_signature(spec::JsonWriter& w, const decoder::FuncType& type) {
  w.begin_object().key("params");
  write_types(w, type.params);
  w.key("results");
  write_types(w, type.results);
  w.end_object();
}

void write_functions(spec::JsonWriter& w, const Module& m) {
  w.key("functions").begin_array();
  for (size_t d = 0; d < m.functions.size(); ++d) {
    const uint32_t index = m.imported_functions + static_cast<uint32_t>(d);
    w.begin_object().key("index").number(index).key("name");
    if (const std::string* name = m.names.function(index)) w.string(*name);
    else w.null();
    w.key("signature");
    write_signature(w, m.function_type(index));
    w.key("body_bytes").number(m.functions[d].body.size);
    if (d < m.facts.size()) {
      const decoder::FunctionFacts& f = m.facts[d];
      w.key("locals").number(f.local_count).key("max_operand_height").number(f.max_operand_height);
      w.key("frame_slots").number(f.frame_slots).key("gas_segments").number(f.gas_segments.size());
    }
    w.end_object();
  }
  w.end_array();
}

void write_segments(spec::JsonWriter& w, const Module& m) {
  w.key("data").begin_array();
  for (const decoder::DataSegment& s : m.data) {
    w.begin_object().key("mode").string(mode_name(s.mode));
    if (s.mode == SegmentMode::Active) w.key("memory").number(s.memory).key("offset").string(const_expr_text(s.offset));
    w.key("bytes").number(s.init.size).end_object();
  }
  w.end_array().key("elements").begin_array();
  for (const decoder::ElemSegment& s : m.elements) {
    w.begin_object().key("mode").string(mode_name(s.mode)).key("type").string(decoder::name(s.type));
    if (s.mode == SegmentMode::Active) w.key("table").number(s.table).key("offset").string(const_expr_text(s.offset));
    w.key("items").number(s.items.size()).end_object();
  }
  w.end_array();
}

void print_json(const std::string& path, size_t size, const Module& m) {
  spec::JsonWriter w;
  w.begin_object().key("file").string(path).key("bytes").number(size).key("types").number(m.types.size());
  w.key("imports").begin_array();
  for (const decoder::Import& i : m.imports) {
    w.begin_object().key("module").string(i.module).key("field").string(i.field);
    w.key("kind").string(kind_name(i.kind)).key("type").string(import_type_text(m, i)).end_object();
  }
  w.end_array().key("exports").begin_array();
  for (const decoder::Export& e : m.exports) {
    w.begin_object().key("name").string(e.name).key("kind").string(kind_name(e.kind)).key("index").number(e.index);
    w.end_object();
  }
  w.end_array();
  write_functions(w, m);
  w.key("tables").begin_array();
  for (uint32_t i = 0; i < m.table_count(); ++i) {
    w.begin_object().key("imported").boolean(i < m.imported_tables).key("type").string(decoder::name(m.table_types[i].elem));
    write_limits(w, m.table_types[i].limits);
    w.end_object();
  }
  w.end_array().key("memories").begin_array();
  for (uint32_t i = 0; i < m.memory_count(); ++i) {
    const decoder::ResizableLimits& l = m.memory_types[i].limits;
    w.begin_object().key("imported").boolean(i < m.imported_memories).key("address_bits").number(l.is64 ? 64 : 32);
    write_limits(w, l);
    w.end_object();
  }
  w.end_array().key("globals").begin_array();
  for (uint32_t i = 0; i < m.global_count(); ++i) {
    const decoder::GlobalType& g = m.global_types[i];
    w.begin_object().key("type").string(decoder::name(g.type)).key("mutable").boolean(g.is_mutable);
    w.key("imported").boolean(i < m.imported_globals);
    if (i >= m.imported_globals) w.key("init").string(const_expr_text(m.globals[i - m.imported_globals].init));
    w.end_object();
  }
  w.end_array();
  write_segments(w, m);
  w.end_object();
  std::printf("%s\n", w.str().c_str());
}

}  // namespace

int run_describe(const Invocation& invocation) {
  const std::string& path = invocation.paths.front();
  Features features;
  features.memory64 = invocation.memory64;
  Result<std::vector<uint8_t>> bytes = spec::read_file(path);
  if (!bytes.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), describe(bytes.error()).c_str());
    return kExitFailure;
  }
  const spec::ModuleCheck check = spec::check_module(bytes.value(), features);
  if (!check.valid()) {
    const std::string error = spec::format_error(*check.error, check.module ? &*check.module : nullptr);
    std::fprintf(stderr, "%s:%s\n", path.c_str(), error.c_str());
    return kExitFailure;
  }
  if (invocation.json) print_json(path, bytes.value().size(), *check.module);
  else print_text(path, bytes.value().size(), *check.module);
  return kExitOk;
}

}  // namespace shortcrust::cli
