// The decoder's view of the types: the public ones (shortcrust/types.h) plus block types
// and the encoding checks.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "shortcrust/types.h"

namespace shortcrust::decoder {

using shortcrust::ExternKind;
using shortcrust::FuncType;
using shortcrust::GlobalType;
using shortcrust::MemoryType;
using shortcrust::ResizableLimits;
using shortcrust::TableType;
using shortcrust::ValType;
using shortcrust::is_num;
using shortcrust::is_ref;
using shortcrust::name;

// Is this byte a value type / a reference type encoding?
bool is_val_type_byte(uint8_t b);
bool is_ref_type_byte(uint8_t b);

// A block type: empty, one value type, or an index into the type section (multi-value).
struct BlockType {
  enum class Kind : uint8_t { Empty, Value, TypeIndex } kind = Kind::Empty;
  ValType value = ValType::I32;  // when kind == Value
  uint32_t type_index = 0;       // when kind == TypeIndex
};

}  // namespace shortcrust::decoder
