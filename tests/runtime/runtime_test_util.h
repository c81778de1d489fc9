// Helpers for the runtime tests: byte builders for the sections a module without
// function bodies uses (imports, tables, memories, globals, exports, segments), and a
// compile-or-fail wrapper. Own namespace: other test helpers define same-named builders
// with other conventions (a header-inline clash would be an ODR violation).
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

#include "shortcrust/shortcrust.h"
#include "support/wasm_bytes.h"

namespace shortcrust::test::runtime_bytes {

inline Bytes limits(uint64_t min, std::optional<uint64_t> max = std::nullopt, bool is64 = false) {
  const uint8_t flags = static_cast<uint8_t>((max ? 0x01 : 0x00) | (is64 ? 0x04 : 0x00));
  return max ? cat({Bytes{flags}, leb_u(min), leb_u(*max)}) : cat({Bytes{flags}, leb_u(min)});
}

inline Bytes import_func(std::string_view module, std::string_view field, uint32_t type_index) {
  return cat({name(module), name(field), Bytes{0x00}, leb_u(type_index)});
}
inline Bytes import_table(std::string_view module, std::string_view field, uint8_t elem, const Bytes& lim) {
  return cat({name(module), name(field), Bytes{0x01, elem}, lim});
}
inline Bytes import_memory(std::string_view module, std::string_view field, const Bytes& lim) {
  return cat({name(module), name(field), Bytes{0x02}, lim});
}
inline Bytes import_global(std::string_view module, std::string_view field, uint8_t type, bool mut) {
  return cat({name(module), name(field), Bytes{0x03, type, static_cast<uint8_t>(mut ? 1 : 0)}});
}
inline Bytes export_entry(std::string_view field, uint8_t kind, uint32_t index) {
  return cat({name(field), Bytes{kind}, leb_u(index)});
}

inline Bytes i32_const(int32_t v) { return cat({Bytes{0x41}, leb_s(v), Bytes{0x0b}}); }
inline Bytes i64_const(int64_t v) { return cat({Bytes{0x42}, leb_s(v), Bytes{0x0b}}); }
inline Bytes global_get(uint32_t index) { return cat({Bytes{0x23}, leb_u(index), Bytes{0x0b}}); }

// Active data segment for memory 0 (flags 0).
inline Bytes data_active(const Bytes& offset_expr, std::string_view bytes) {
  return cat({Bytes{0x00}, offset_expr, name(bytes)});
}
// Active element segment for table 0 with function indices (flags 0).
inline Bytes elem_active(const Bytes& offset_expr, const std::vector<uint32_t>& funcs) {
  std::vector<Bytes> items;
  for (uint32_t f : funcs) items.push_back(leb_u(f));
  return cat({Bytes{0x00}, offset_expr, vec(items)});
}

inline Module compile_ok(const Engine& engine, const Bytes& bytes) {
  auto module = Module::compile(engine, bytes);
  if (!module.ok()) throw std::runtime_error("compile failed: " + describe(module.error()));
  return module.value();
}

}  // namespace shortcrust::test::runtime_bytes
