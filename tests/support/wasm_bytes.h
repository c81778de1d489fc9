// Tiny helpers to write WebAssembly binaries byte by byte in tests. Each returns a
// byte vector; compose them: module({type_section(...), function_section(...), ...}).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace shortcrust::test {

using Bytes = std::vector<uint8_t>;

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline Bytes leb_u(uint64_t v) {
  Bytes out;
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    if (v != 0) b |= 0x80;
    out.push_back(b);
  } while (v != 0);
  return out;
}

inline Bytes leb_s(int64_t v) {
  Bytes out;
  bool more = true;
  while (more) {
    uint8_t b = v & 0x7f;
    v >>= 7;  // arithmetic shift
    more = !((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40)));
    if (more) b |= 0x80;
    out.push_back(b);
  }
  return out;
}

inline Bytes name(std::string_view s) {
  Bytes out = leb_u(s.size());
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

// A vector: count, then the items concatenated.
inline Bytes vec(const std::vector<Bytes>& items) {
  Bytes out = leb_u(items.size());
  for (const Bytes& i : items) out.insert(out.end(), i.begin(), i.end());
  return out;
}

inline Bytes section(uint8_t id, const Bytes& content) {
  return cat({Bytes{id}, leb_u(content.size()), content});
}

inline Bytes module(std::initializer_list<Bytes> sections) {
  Bytes out = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  for (const Bytes& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

// Value type bytes.
inline constexpr uint8_t kI32 = 0x7f, kI64 = 0x7e, kF32 = 0x7d, kF64 = 0x7c,
                         kFuncRef = 0x70, kExternRef = 0x6f;

// 0x60 params results.
inline Bytes func_type(const Bytes& params, const Bytes& results) {
  return cat({Bytes{0x60}, leb_u(params.size()), params, leb_u(results.size()), results});
}

// A code entry: size, local groups (count, type), then the expression (end included).
inline Bytes code_entry(const std::vector<std::pair<uint32_t, uint8_t>>& locals,
                        const Bytes& expr) {
  Bytes body = leb_u(locals.size());
  for (auto [n, t] : locals) {
    Bytes c = leb_u(n);
    body.insert(body.end(), c.begin(), c.end());
    body.push_back(t);
  }
  body.insert(body.end(), expr.begin(), expr.end());
  return cat({leb_u(body.size()), body});
}

// A module with one type, one function of that type and its body: the usual shape of
// a validator test. `expr` must end with 0x0b.
inline Bytes single_function_module(const Bytes& type, const Bytes& expr,
                                    const std::vector<std::pair<uint32_t, uint8_t>>& locals = {}) {
  return module({section(1, vec({type})), section(3, vec({leb_u(0)})),
                 section(10, vec({code_entry(locals, expr)}))});
}

}  // namespace shortcrust::test
