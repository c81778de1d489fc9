// The type, import, function, table, memory, global, export and start sections (spec
// 5.5.4-5.5.11), and the types they share (function types, limits, table, memory and
// global types). These sections also build the index spaces of {Module}: imports first,
// then definitions. Index ranges are the validator's concern, not checked here.
#include <string>

#include "decoder/instruction.h"
#include "decoder/module_decoder.h"

namespace shortcrust::decoder {
namespace {

// Smallest encodings of one vector element, bounding what a count may reserve
// (bounded_capacity): 0x60 + two empty vectors; module name, field name, kind,
// descriptor; ref type, flags, min; flags, min; type, mutability, `end`; name, kind, index.
constexpr size_t kMinFuncTypeBytes = 3;
constexpr size_t kMinImportBytes = 4;
constexpr size_t kMinTableBytes = 3;
constexpr size_t kMinMemoryBytes = 2;
constexpr size_t kMinGlobalBytes = 3;
constexpr size_t kMinExportBytes = 3;

constexpr uint8_t kFuncTypeForm = 0x60;

// Limits flags (spec 5.3.7, memory64 proposal): bit 0 has-max, bit 1 shared (threads),
// bit 2 64-bit.
constexpr uint8_t kLimitsHasMax = 0x01;
constexpr uint8_t kLimitsShared = 0x02;
constexpr uint8_t kLimits64 = 0x04;

}  // namespace

Result<void> ModuleDecoder::type_section(Reader& r) {
  SC_TRY(uint32_t n, limited_count(r, 0, limits_.types, "types"));
  module_.types.reserve(bounded_capacity(r, n, kMinFuncTypeBytes));
  for (uint32_t i = 0; i < n; ++i) {
    module_.type_offsets.push_back(static_cast<uint32_t>(r.offset()));
    SC_TRY(FuncType type, func_type(r));
    module_.types.push_back(std::move(type));
  }
  return ok();
}

Result<FuncType> ModuleDecoder::func_type(Reader& r) {
  const uint64_t at = r.offset();
  SC_TRY(uint8_t form, r.u8());
  if (form != kFuncTypeForm) return Reader::fail_at(at, Errc::MalformedFuncType);
  FuncType type;
  SC_TRY(uint32_t params, limited_count(r, 0, limits_.function_params, "function_params"));
  type.params.reserve(params);
  for (uint32_t i = 0; i < params; ++i) {
    SC_TRY(ValType t, read_val_type(r));
    type.params.push_back(t);
  }
  SC_TRY(uint32_t results, limited_count(r, 0, limits_.function_results, "function_results"));
  type.results.reserve(results);
  for (uint32_t i = 0; i < results; ++i) {
    SC_TRY(ValType t, read_val_type(r));
    type.results.push_back(t);
  }
  return type;
}

Result<void> ModuleDecoder::import_section(Reader& r) {
  SC_TRY(uint32_t n, limited_count(r, 0, limits_.imports, "imports"));
  module_.imports.reserve(bounded_capacity(r, n, kMinImportBytes));
  for (uint32_t i = 0; i < n; ++i) SC_TRY_VOID(import_entry(r));
  return ok();
}

Result<void> ModuleDecoder::import_entry(Reader& r) {
  Import imp;
  imp.offset = static_cast<uint32_t>(r.offset());
  SC_TRY(std::string_view module_name, r.name());
  SC_TRY(std::string_view field_name, r.name());
  imp.module = std::string(module_name);
  imp.field = std::string(field_name);
  const uint64_t kind_at = r.offset();
  SC_TRY(uint8_t kind, r.u8());
  if (kind > static_cast<uint8_t>(ExternKind::Global))
    return Reader::fail_at(kind_at, Errc::MalformedImportKind);
  imp.kind = static_cast<ExternKind>(kind);
  // Index-space limits count imports too; report them at the entry that goes over.
  switch (imp.kind) {
    case ExternKind::Func: {
      SC_TRY(imp.type_index, r.u32());
      if (module_.function_types.size() + 1 > limits_.functions)
        return Reader::fail_at(imp.offset, Errc::LimitExceeded, "functions");
      module_.function_types.push_back(imp.type_index);
      ++module_.imported_functions;
      break;
    }
    case ExternKind::Table: {
      SC_TRY(imp.table, table_type(r));
      if (module_.table_types.size() + 1 > limits_.tables)
        return Reader::fail_at(imp.offset, Errc::LimitExceeded, "tables");
      module_.table_types.push_back(imp.table);
      ++module_.imported_tables;
      break;
    }
    case ExternKind::Memory: {
      SC_TRY(imp.memory, memory_type(r));
      module_.memory_types.push_back(imp.memory);
      ++module_.imported_memories;
      break;
    }
    case ExternKind::Global: {
      SC_TRY(imp.global, global_type(r));
      if (module_.global_types.size() + 1 > limits_.globals)
        return Reader::fail_at(imp.offset, Errc::LimitExceeded, "globals");
      module_.global_types.push_back(imp.global);
      ++module_.imported_globals;
      break;
    }
  }
  module_.imports.push_back(std::move(imp));
  return ok();
}

Result<void> ModuleDecoder::function_section(Reader& r) {
  function_section_offset_ = r.offset();
  SC_TRY(uint32_t n, limited_count(r, module_.function_types.size(), limits_.functions,
                                   "functions"));
  function_section_count_ = n;
  module_.functions.reserve(n);
  module_.function_types.reserve(module_.function_types.size() + n);
  for (uint32_t i = 0; i < n; ++i) {
    const auto at = static_cast<uint32_t>(r.offset());
    SC_TRY(uint32_t type_index, r.u32());
    module_.functions.push_back(Function{type_index, Span{}, at});
    module_.function_types.push_back(type_index);
  }
  return ok();
}

Result<void> ModuleDecoder::table_section(Reader& r) {
  SC_TRY(uint32_t n, limited_count(r, module_.table_types.size(), limits_.tables, "tables"));
  module_.table_types.reserve(module_.table_types.size() +
                             bounded_capacity(r, n, kMinTableBytes));
  for (uint32_t i = 0; i < n; ++i) {
    module_.defined_table_offsets.push_back(static_cast<uint32_t>(r.offset()));
    SC_TRY(TableType type, table_type(r));
    module_.table_types.push_back(type);
  }
  return ok();
}

Result<void> ModuleDecoder::memory_section(Reader& r) {
  // No memory limit of its own: more than one memory is a validation error anyway.
  SC_TRY(uint32_t n, r.count(1));
  module_.memory_types.reserve(module_.memory_types.size() +
                              bounded_capacity(r, n, kMinMemoryBytes));
  for (uint32_t i = 0; i < n; ++i) {
    module_.defined_memory_offsets.push_back(static_cast<uint32_t>(r.offset()));
    SC_TRY(MemoryType type, memory_type(r));
    module_.memory_types.push_back(type);
  }
  return ok();
}

Result<void> ModuleDecoder::global_section(Reader& r) {
  SC_TRY(uint32_t n, limited_count(r, module_.global_types.size(), limits_.globals, "globals"));
  const size_t capacity = bounded_capacity(r, n, kMinGlobalBytes);
  module_.globals.reserve(capacity);
  module_.global_types.reserve(module_.global_types.size() + capacity);
  for (uint32_t i = 0; i < n; ++i) {
    Global global;
    SC_TRY(global.type, global_type(r));
    SC_TRY(global.init, const_expr(r));
    module_.global_types.push_back(global.type);
    module_.globals.push_back(global);
  }
  return ok();
}

Result<void> ModuleDecoder::export_section(Reader& r) {
  SC_TRY(uint32_t n, limited_count(r, 0, limits_.exports, "exports"));
  module_.exports.reserve(bounded_capacity(r, n, kMinExportBytes));
  for (uint32_t i = 0; i < n; ++i) {
    Export exp;
    exp.offset = static_cast<uint32_t>(r.offset());
    SC_TRY(std::string_view name, r.name());
    exp.name = std::string(name);
    const uint64_t kind_at = r.offset();
    SC_TRY(uint8_t kind, r.u8());
    if (kind > static_cast<uint8_t>(ExternKind::Global))
      return Reader::fail_at(kind_at, Errc::MalformedExportKind);
    exp.kind = static_cast<ExternKind>(kind);
    SC_TRY(exp.index, r.u32());
    module_.exports.push_back(std::move(exp));
  }
  return ok();
}

Result<void> ModuleDecoder::start_section(Reader& r) {
  module_.start_offset = static_cast<uint32_t>(r.offset());
  SC_TRY(uint32_t index, r.u32());
  module_.start = index;
  return ok();
}

Result<ResizableLimits> ModuleDecoder::resizable_limits(Reader& r, bool is_memory) {
  const uint64_t at = r.offset();
  SC_TRY(uint8_t flags, r.u8());
  const bool is64 = (flags & kLimits64) != 0;
  const bool known = (flags & ~(kLimitsHasMax | kLimitsShared | kLimits64)) == 0;
  if (!known || !is_memory) {
    if (flags > kLimitsHasMax) return Reader::fail_at(at, Errc::MalformedLimitsFlags);
  } else if (flags & kLimitsShared) {
    return Reader::fail_at(at, Errc::UnsupportedFeature, "threads");
  } else if (is64 && !features_.memory64) {
    return Reader::fail_at(at, Errc::MalformedLimitsFlags, "64-bit memory without memory64");
  }
  ResizableLimits limits;
  limits.is64 = is64;
  if (is64) {
    SC_TRY(limits.min, r.u64());
  } else {
    SC_TRY(uint32_t min, r.u32());
    limits.min = min;
  }
  if (flags & kLimitsHasMax) {
    if (is64) {
      SC_TRY(uint64_t max, r.u64());
      limits.max = max;
    } else {
      SC_TRY(uint32_t max, r.u32());
      limits.max = max;
    }
  }
  return limits;
}

Result<TableType> ModuleDecoder::table_type(Reader& r) {
  TableType type;
  SC_TRY(type.elem, read_ref_type(r));
  SC_TRY(type.limits, resizable_limits(r, false));
  return type;
}

Result<MemoryType> ModuleDecoder::memory_type(Reader& r) {
  MemoryType type;
  SC_TRY(type.limits, resizable_limits(r, true));
  return type;
}

Result<GlobalType> ModuleDecoder::global_type(Reader& r) {
  GlobalType type;
  SC_TRY(type.type, read_val_type(r));
  const uint64_t at = r.offset();
  SC_TRY(uint8_t mutability, r.u8());
  if (mutability > 1) return Reader::fail_at(at, Errc::MalformedMutability);
  type.is_mutable = mutability == 1;
  return type;
}

}  // namespace shortcrust::decoder
