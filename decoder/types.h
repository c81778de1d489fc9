// Value, reference, block and external types of WebAssembly 2.0 + memory64, with their
// binary encodings. Everything in decoder/ and above names types through these.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace shortcrust::decoder {

// Value types, valued by their binary encoding (spec 5.3.1).
enum class ValType : uint8_t {
  I32 = 0x7f,
  I64 = 0x7e,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b,
  FuncRef = 0x70,
  ExternRef = 0x6f,
};

// Is this byte a value type / a reference type encoding?
bool is_val_type_byte(uint8_t b);
bool is_ref_type_byte(uint8_t b);
inline bool is_ref(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef; }
inline bool is_num(ValType t) { return !is_ref(t) && t != ValType::V128; }
const char* name(ValType t);  // "i32", "funcref", ...

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};

// Limits of a table or memory. `is64` marks a memory64 memory (limits flags 0x04).
struct ResizableLimits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool is64 = false;
};

struct TableType {
  ValType elem = ValType::FuncRef;
  ResizableLimits limits;
};

struct MemoryType {
  ResizableLimits limits;  // in 64 KiB pages
};

struct GlobalType {
  ValType type = ValType::I32;
  bool is_mutable = false;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };

// A block type: empty, one value type, or an index into the type section (multi-value).
struct BlockType {
  enum class Kind : uint8_t { Empty, Value, TypeIndex } kind = Kind::Empty;
  ValType value = ValType::I32;  // when kind == Value
  uint32_t type_index = 0;       // when kind == TypeIndex
};

}  // namespace shortcrust::decoder
