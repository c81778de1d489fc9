// Test helpers for the validator: a section-by-section module builder (in spec order,
// so tests list only the parts they need), decode-then-validate, and the module offset
// where a function's expression starts, so tests name failing instructions exactly.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string_view>
#include <vector>

#include "decoder/module.h"
#include "decoder/reader.h"
#include "support/wasm_bytes.h"
#include "validator/validator.h"

namespace shortcrust::test {

// Limits: flags, min[, max]. `flags64` = 0x04 makes a memory64 memory.
inline Bytes limits(uint64_t min, std::optional<uint64_t> max = std::nullopt, uint8_t flags64 = 0) {
  Bytes out{static_cast<uint8_t>((max ? 1 : 0) | flags64)};
  out = cat({out, leb_u(min)});
  if (max) out = cat({out, leb_u(*max)});
  return out;
}

inline Bytes export_entry(std::string_view field, uint8_t kind, uint32_t index) {
  return cat({name(field), Bytes{kind}, leb_u(index)});
}

inline Bytes import_entry(std::string_view module, std::string_view field, uint8_t kind,
                          const Bytes& desc) {
  return cat({name(module), name(field), Bytes{kind}, desc});
}

inline Bytes i32_const(int32_t v) { return cat({Bytes{0x41}, leb_s(v)}); }
inline Bytes i64_const(int64_t v) { return cat({Bytes{0x42}, leb_s(v)}); }

struct TestModule {
  std::vector<Bytes> types;       // func_type(...)
  std::vector<Bytes> imports;     // import_entry(...)
  std::vector<uint32_t> functions;  // type index of each defined function
  std::vector<Bytes> tables;      // reftype + limits
  std::vector<Bytes> memories;    // limits
  std::vector<Bytes> globals;     // valtype, mutability, expr with end
  std::vector<Bytes> exports;     // export_entry(...)
  std::optional<uint32_t> start;
  std::vector<Bytes> elements;    // raw segments
  std::optional<uint32_t> data_count;
  std::vector<Bytes> codes;       // code_entry(...)
  std::vector<Bytes> data;        // raw segments

  Bytes build() const {
    std::vector<Bytes> funcs;
    for (uint32_t t : functions) funcs.push_back(leb_u(t));
    Bytes out = module({});
    const auto add = [&out](uint8_t id, const std::vector<Bytes>& items) {
      if (!items.empty()) out = cat({out, section(id, vec(items))});
    };
    add(1, types);
    add(2, imports);
    add(3, funcs);
    add(4, tables);
    add(5, memories);
    add(6, globals);
    add(7, exports);
    if (start) out = cat({out, section(8, leb_u(*start))});
    add(9, elements);
    if (data_count) out = cat({out, section(12, leb_u(*data_count))});
    add(10, codes);
    add(11, data);
    return out;
  }
};

// Decodes `bytes` (which must decode) into `module` and validates it.
inline Result<void> decode_and_validate(const Bytes& bytes, decoder::Module& module,
                                        const Features& features = {}, const Limits& limits = {}) {
  auto decoded = decoder::decode_module(bytes, features, limits);
  if (!decoded.ok()) {
    ADD_FAILURE() << "decoding failed: " << describe(decoded.error()) << " at "
                  << decoded.error().offset;
    return decoded.error();
  }
  module = std::move(decoded).value();
  return validator::validate_module(module, features, limits);
}

// The module offset of the first instruction of defined function `index` (after its
// local declarations).
inline uint64_t expr_offset(const decoder::Module& module, uint32_t index) {
  const decoder::Span body = module.functions[index].body;
  decoder::Reader r(module.slice(body), body.offset);
  uint32_t groups = r.u32().value();
  for (uint32_t i = 0; i < groups; ++i) {
    (void)r.u32().value();
    (void)r.u8().value();
  }
  return r.offset();
}

// A built, decoded and validated module. Moving it keeps `module`'s span over `bytes`
// valid (a moved vector keeps its buffer).
struct Checked {
  Bytes bytes;
  decoder::Module module;
  Result<void> result;
  uint64_t expr = 0;  // offset of the first instruction of the last defined function

  const Error& error() const { return result.error(); }
};

inline Checked check(const TestModule& tm, const Features& features = {},
                     const Limits& limits = {}) {
  Checked c;
  c.bytes = tm.build();
  c.result = decode_and_validate(c.bytes, c.module, features, limits);
  if (!c.module.functions.empty())
    c.expr = expr_offset(c.module, static_cast<uint32_t>(c.module.functions.size() - 1));
  return c;
}

// One function of type `type` with body `expr` (which must end with 0x0b).
inline TestModule one_function(const Bytes& type, const Bytes& expr,
                               const std::vector<std::pair<uint32_t, uint8_t>>& locals = {}) {
  TestModule tm;
  tm.types = {type};
  tm.functions = {0};
  tm.codes = {code_entry(locals, expr)};
  return tm;
}

}  // namespace shortcrust::test
