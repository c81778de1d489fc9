// validate_module(): the module-level rules of spec 3.4 (types, imports, tables,
// memories, globals, segments, exports, start, declared function references), then
// every body with the NullSink. Items are checked in section order and the first error
// wins, so the reported error is deterministic. Items the decoder records without an
// offset (types, defined functions, tables, memories, the start index) report offset 0.
#include <algorithm>
#include <numeric>
#include <string_view>
#include <vector>

#include "decoder/reader.h"
#include "validator/const_expr.h"
#include "validator/function_validator.h"
#include "validator/validator.h"

namespace shortcrust::validator {

using decoder::ExternKind;
using decoder::Module;
using decoder::Reader;
using decoder::ValType;

namespace {

constexpr uint64_t kMaxMemory32Pages = 65'536;        // 4 GiB
constexpr uint64_t kMaxMemory64Pages = uint64_t{1} << 48;  // 2^64 bytes

Error unsupported_simd(uint64_t at) { return Reader::fail_at(at, Errc::UnsupportedFeature, "simd"); }

Result<void> check_table(const decoder::TableType& t, uint64_t at) {
  const decoder::ResizableLimits& l = t.limits;
  if (l.min > UINT32_MAX || (l.max && *l.max > UINT32_MAX))
    return Reader::fail_at(at, Errc::TableSizeTooLarge);
  if (l.max && l.min > *l.max) return Reader::fail_at(at, Errc::LimitsMinExceedsMax);
  return ok();
}

Result<void> check_memory(const decoder::MemoryType& m, uint64_t at, const Features& features) {
  const decoder::ResizableLimits& l = m.limits;
  if (l.is64 && !features.memory64) return Reader::fail_at(at, Errc::UnsupportedFeature, "memory64");
  const uint64_t max_pages = l.is64 ? kMaxMemory64Pages : kMaxMemory32Pages;
  if (l.min > max_pages || (l.max && *l.max > max_pages))
    return Reader::fail_at(at, Errc::MemorySizeTooLarge,
                           l.is64 ? "a 64-bit memory has at most 2^48 pages" : nullptr);
  if (l.max && l.min > *l.max) return Reader::fail_at(at, Errc::LimitsMinExceedsMax);
  return ok();
}

Result<void> check_types(const Module& m) {
  for (size_t i = 0; i < m.types.size(); ++i) {
    for (ValType v : m.types[i].params) {
      if (v == ValType::V128) return unsupported_simd(m.type_offsets[i]);
    }
    for (ValType v : m.types[i].results) {
      if (v == ValType::V128) return unsupported_simd(m.type_offsets[i]);
    }
  }
  return ok();
}

Result<void> check_imports(const Module& m, const Features& features) {
  for (const decoder::Import& imp : m.imports) {
    switch (imp.kind) {
      case ExternKind::Func:
        if (imp.type_index >= m.types.size()) return Reader::fail_at(imp.offset, Errc::UnknownType);
        break;
      case ExternKind::Table:
        SC_TRY_VOID(check_table(imp.table, imp.offset));
        break;
      case ExternKind::Memory:
        SC_TRY_VOID(check_memory(imp.memory, imp.offset, features));
        break;
      case ExternKind::Global:
        if (imp.global.type == ValType::V128) return unsupported_simd(imp.offset);
        break;
    }
  }
  return ok();
}

// Defined functions, tables, memories and globals (spec 3.4.1-3.4.4).
Result<void> check_definitions(Module& m, const Features& features, const Limits& limits) {
  for (const decoder::Function& f : m.functions) {
    if (f.type_index >= m.types.size()) return Reader::fail_at(f.offset, Errc::UnknownType);
  }
  for (uint32_t i = m.imported_tables; i < m.table_count(); ++i) {
    SC_TRY_VOID(check_table(m.table_types[i], m.defined_table_offsets[i - m.imported_tables]));
  }
  // Multi-memory is not part of 2.0: one memory at most, imported or defined.
  if (m.memory_count() > 1) {
    // Point at the second memory: an import if two are imported, else a definition.
    uint64_t at = m.imported_memories >= 2 ? 0 : m.defined_memory_offsets[1 - m.imported_memories];
    uint32_t seen = 0;
    for (const decoder::Import& imp : m.imports) {
      if (imp.kind == ExternKind::Memory && ++seen == 2) at = imp.offset;
    }
    return Reader::fail_at(at, Errc::MultipleMemories);
  }
  for (uint32_t i = m.imported_memories; i < m.memory_count(); ++i) {
    SC_TRY_VOID(check_memory(m.memory_types[i], m.defined_memory_offsets[i - m.imported_memories],
                             features));
  }
  for (decoder::Global& g : m.globals) {
    if (g.type.type == ValType::V128) return unsupported_simd(g.init.bytes.offset);
    SC_TRY_VOID(check_const_expr(m, g.init, g.type.type, limits));
  }
  return ok();
}

Result<void> check_elements(Module& m, const Limits& limits) {
  for (decoder::ElemSegment& seg : m.elements) {
    if (!decoder::is_ref(seg.type))
      return Reader::fail_at(seg.offset_in_module, Errc::TypeMismatch, "element type");
    for (decoder::ConstExpr& item : seg.items) {
      SC_TRY_VOID(check_const_expr(m, item, seg.type, limits));
    }
    if (seg.mode != decoder::SegmentMode::Active) continue;
    if (seg.table >= m.table_count()) return Reader::fail_at(seg.offset_in_module, Errc::UnknownTable);
    SC_TRY_VOID(check_const_expr(m, seg.offset, ValType::I32, limits));
    if (m.table_types[seg.table].elem != seg.type)
      return Reader::fail_at(seg.offset_in_module, Errc::TypeMismatch,
                             "segment and table element types differ");
  }
  return ok();
}

Result<void> check_data(Module& m, const Limits& limits) {
  for (decoder::DataSegment& seg : m.data) {
    if (seg.mode != decoder::SegmentMode::Active) continue;
    if (seg.memory >= m.memory_count()) return Reader::fail_at(seg.offset_in_module, Errc::UnknownMemory);
    const ValType addr = m.memory_types[seg.memory].limits.is64 ? ValType::I64 : ValType::I32;
    SC_TRY_VOID(check_const_expr(m, seg.offset, addr, limits));
  }
  return ok();
}

Result<void> check_exports(const Module& m) {
  for (const decoder::Export& e : m.exports) {
    uint32_t count = 0;
    Errc unknown = Errc::UnknownFunction;
    switch (e.kind) {
      case ExternKind::Func: count = m.function_count(); unknown = Errc::UnknownFunction; break;
      case ExternKind::Table: count = m.table_count(); unknown = Errc::UnknownTable; break;
      case ExternKind::Memory: count = m.memory_count(); unknown = Errc::UnknownMemory; break;
      case ExternKind::Global: count = m.global_count(); unknown = Errc::UnknownGlobal; break;
    }
    if (e.index >= count) return Reader::fail_at(e.offset, unknown);
  }
  // Sort positions by (name, position): equal names end up adjacent, and the error
  // names the earliest export that repeats an earlier name.
  std::vector<uint32_t> order(m.exports.size());
  std::iota(order.begin(), order.end(), 0u);
  std::ranges::sort(order, [&](uint32_t a, uint32_t b) {
    const std::string_view na = m.exports[a].name, nb = m.exports[b].name;
    return na != nb ? na < nb : a < b;
  });
  uint32_t first_duplicate = UINT32_MAX;
  for (size_t i = 1; i < order.size(); ++i) {
    if (m.exports[order[i]].name == m.exports[order[i - 1]].name)
      first_duplicate = std::min(first_duplicate, order[i]);
  }
  if (first_duplicate != UINT32_MAX)
    return Reader::fail_at(m.exports[first_duplicate].offset, Errc::DuplicateExport);
  return ok();
}

Result<void> check_start(const Module& m) {
  if (!m.start) return ok();
  if (*m.start >= m.function_count()) return Reader::fail_at(m.start_offset, Errc::UnknownFunction);
  const decoder::FuncType& t = m.function_type(*m.start);
  if (!t.params.empty() || !t.results.empty())
    return Reader::fail_at(m.start_offset, Errc::StartFunctionType);
  return ok();
}

// C.refs (spec 3.4.10): functions named by ref.func outside function bodies, or exported.
void collect_declared_refs(Module& m) {
  m.declared_refs.assign(m.function_count(), 0);
  const auto mark = [&m](const decoder::ConstExpr& e) {
    if (e.kind == decoder::ConstExpr::Kind::RefFunc && e.index < m.declared_refs.size())
      m.declared_refs[e.index] = 1;
  };
  for (const decoder::Global& g : m.globals) mark(g.init);
  for (const decoder::ElemSegment& seg : m.elements) {
    for (const decoder::ConstExpr& item : seg.items) mark(item);
  }
  for (const decoder::Export& e : m.exports) {
    if (e.kind == ExternKind::Func && e.index < m.declared_refs.size()) m.declared_refs[e.index] = 1;
  }
}

}  // namespace

Result<void> validate_module_level(Module& module, const Features& features, const Limits& limits) {
  SC_TRY_VOID(check_types(module));
  SC_TRY_VOID(check_imports(module, features));
  SC_TRY_VOID(check_definitions(module, features, limits));
  SC_TRY_VOID(check_elements(module, limits));
  SC_TRY_VOID(check_data(module, limits));
  SC_TRY_VOID(check_exports(module));
  SC_TRY_VOID(check_start(module));
  collect_declared_refs(module);
  module.facts.assign(module.functions.size(), decoder::FunctionFacts{});
  return ok();
}

Result<void> validate_module(Module& module, const Features& features, const Limits& limits) {
  SC_TRY_VOID(validate_module_level(module, features, limits));
  NullSink sink;
  FunctionChecker::Scratch scratch;
  for (uint32_t i = 0; i < module.functions.size(); ++i) {
    SC_TRY_VOID(validate_function(module, i, module.facts[i], sink, limits, scratch));
  }
  return ok();
}

}  // namespace shortcrust::validator
