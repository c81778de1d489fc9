// Value, reference, function, table, memory and global types of WebAssembly 2.0 +
// memory64, valued by their binary encodings. Shared by the public API and every layer
// inside (the decoder re-exports them in shortcrust::decoder).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shortcrust {

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

inline bool is_ref(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef; }
inline bool is_num(ValType t) { return !is_ref(t) && t != ValType::V128; }
const char* name(ValType t);  // "i32", "funcref", ...

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};
std::string describe(const FuncType& type);  // "(i32 i64) -> (f32)"

// Limits of a table or memory. `is64` marks a memory64 memory (limits flags 0x04).
struct ResizableLimits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool is64 = false;
  bool operator==(const ResizableLimits&) const = default;
};

struct TableType {
  ValType elem = ValType::FuncRef;
  ResizableLimits limits;
  bool operator==(const TableType&) const = default;
};

struct MemoryType {
  ResizableLimits limits;  // in 64 KiB pages
  bool operator==(const MemoryType&) const = default;
};

struct GlobalType {
  ValType type = ValType::I32;
  bool is_mutable = false;
  bool operator==(const GlobalType&) const = default;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };
const char* name(ExternKind kind);  // "func", "table", "memory", "global"

inline constexpr uint64_t kPageSize = 65536;

}  // namespace shortcrust
