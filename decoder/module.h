// Module: the decoded, not yet validated, structure of a WebAssembly binary. It does not
// own the bytes: spans (body, data, custom sections, constant expressions) are offsets
// into the buffer given to decode_module(), which the caller keeps alive.
//
//   bytes -> decode_module() -> Module -> validator::validate_module() -> Module with
//   ModuleFacts filled (constant expressions evaluated, per-function facts).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "decoder/types.h"
#include "shortcrust/config.h"
#include "shortcrust/result.h"

namespace shortcrust::decoder {

// A byte range of the module: [offset, offset + size).
struct Span {
  uint32_t offset = 0;
  uint32_t size = 0;
};

// A constant expression (spec 3.3.10). The decoder records its bytes, `end` included;
// the validator checks it and fills the evaluated form.
struct ConstExpr {
  enum class Kind : uint8_t { Unchecked, I32, I64, F32, F64, V128, RefNull, RefFunc, GlobalGet };
  Span bytes;
  Kind kind = Kind::Unchecked;
  ValType type = ValType::I32;  // type of the value it produces (after validation)
  uint64_t bits = 0;            // I32/I64/F32/F64 bit pattern (zero-extended)
  uint32_t index = 0;           // RefFunc function index, GlobalGet global index
};

struct Import {
  std::string module;
  std::string field;
  ExternKind kind = ExternKind::Func;
  uint32_t type_index = 0;  // Func
  TableType table;          // Table
  MemoryType memory;        // Memory
  GlobalType global;        // Global
  uint32_t offset = 0;      // where the import entry starts
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
  uint32_t offset = 0;
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

// An element segment, any of the 8 encodings (spec 5.5.12). Function-index encodings
// are stored as RefFunc items, so consumers see one form.
struct ElemSegment {
  SegmentMode mode = SegmentMode::Passive;
  uint32_t table = 0;              // Active
  ConstExpr offset;                // Active
  ValType type = ValType::FuncRef;
  std::vector<ConstExpr> items;
  uint32_t offset_in_module = 0;   // where the segment starts
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Passive;  // never Declarative
  uint32_t memory = 0;                      // Active
  ConstExpr offset;                         // Active
  Span init;                                // the data bytes
  uint32_t offset_in_module = 0;
};

// A function defined in this module (imports are not listed here).
struct Function {
  uint32_t type_index = 0;
  Span body;            // the code entry's body: local declarations, then the expression
  uint32_t offset = 0;  // of its type index in the function section (for errors)
};

struct CustomSection {
  std::string name;
  Span content;  // after the name
};

// Names from the `name` custom section, kept only if that section decodes cleanly
// (spec 7.4: a malformed name section is ignored, not an error).
struct Names {
  std::string module;
  std::vector<std::pair<uint32_t, std::string>> functions;  // sorted by index
  // (function index, local index, name), sorted by function then local.
  struct Local { uint32_t function; uint32_t local; std::string name; };
  std::vector<Local> locals;

  const std::string* function(uint32_t index) const;        // null if none
  const std::string* local(uint32_t function, uint32_t local) const;
};

// A gas segment (ARCHITECTURE §5): the instructions from `begin` (module offset of the
// first instruction) through the next segment-ending instruction cost `cost` in total.
struct GasSegment {
  uint32_t begin = 0;
  uint32_t cost = 0;
};

// What the validator learns about a defined function, for the tiers.
struct FunctionFacts {
  uint32_t local_count = 0;          // declared locals, parameters excluded
  uint32_t max_operand_height = 0;   // in values (slots)
  uint32_t max_control_depth = 0;
  uint64_t frame_slots = 0;          // params + locals + max_operand_height + 4 (ARCHITECTURE §4)
  Span code;                         // the expression: after the local declarations
  std::vector<ValType> locals;       // declared local types, expanded, parameters excluded
  std::vector<GasSegment> gas_segments;  // in code order
};

struct Module {
  std::span<const uint8_t> bytes;  // not owned

  std::vector<FuncType> types;
  std::vector<Import> imports;
  std::vector<Function> functions;     // defined functions only
  std::vector<Global> globals;         // defined globals only (types also in global_types)
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  uint32_t start_offset = 0;  // of the start function index (for errors)
  std::vector<ElemSegment> elements;
  std::optional<uint32_t> data_count;
  std::vector<DataSegment> data;
  std::vector<CustomSection> customs;
  Names names;

  // Index spaces (spec 2.5.1): imports first, then definitions. Filled by the decoder
  // as it reads the import, function, table, memory and global sections.
  // Defined tables and memories are the entries after the imported ones.
  std::vector<uint32_t> function_types;   // type index of every function
  std::vector<TableType> table_types;     // every table
  std::vector<MemoryType> memory_types;   // every memory
  std::vector<GlobalType> global_types;   // every global
  uint32_t imported_functions = 0;
  uint32_t imported_tables = 0;
  uint32_t imported_memories = 0;
  uint32_t imported_globals = 0;

  // Module offsets of what has no offset field of its own, for error messages:
  // every type, and every defined (not imported) table and memory.
  std::vector<uint32_t> type_offsets;
  std::vector<uint32_t> defined_table_offsets;
  std::vector<uint32_t> defined_memory_offsets;

  // Filled by the validator; parallel to {functions}.
  std::vector<FunctionFacts> facts;
  // Filled by the validator: 1 at every function index that a body may name with
  // `ref.func` (spec 3.4.10, C.refs: named in an element segment, an export or a global
  // initializer), else 0. Sized function_count().
  std::vector<uint8_t> declared_refs;

  uint32_t function_count() const { return static_cast<uint32_t>(function_types.size()); }
  uint32_t table_count() const { return static_cast<uint32_t>(table_types.size()); }
  uint32_t memory_count() const { return static_cast<uint32_t>(memory_types.size()); }
  uint32_t global_count() const { return static_cast<uint32_t>(global_types.size()); }
  // The type of a function in the index space; `func_index` must be in range.
  const FuncType& function_type(uint32_t func_index) const { return types[function_types[func_index]]; }

  std::span<const uint8_t> slice(Span s) const { return bytes.subspan(s.offset, s.size); }
};

// Decodes the module's sections. Checks the binary format only (spec chapter 5):
// structure, encodings, section order and sizes, counts, UTF-8, and the configured
// limits. Function bodies are recorded, not decoded. Linear in the input size and
// never allocates more than a constant factor of it.
Result<Module> decode_module(std::span<const uint8_t> bytes, const Features& features = {},
                             const Limits& limits = {});

}  // namespace shortcrust::decoder
