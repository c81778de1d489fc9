// Error: what every failing Shortcrust call returns. A code from errors.def, the
// byte offset it refers to (module-relative for decoding and validation), the
// function index when inside a body, and an optional static detail string.
// Errors never own memory, so they are cheap to copy and safe on hot paths.
#pragma once

#include <cstdint>
#include <string>

namespace shortcrust {

enum class Errc : uint16_t {
#define X(name, category, message) name,
#include "shortcrust/errors.def"
#undef X
};

enum class ErrorCategory : uint8_t { Malformed, Invalid, Unsupported, Limit, Io, Usage };

inline constexpr uint32_t kNoFunction = UINT32_MAX;

struct Error {
  Errc code = Errc::BadArgument;
  uint64_t offset = 0;                // byte offset the error refers to
  uint32_t function = kNoFunction;    // function index, when inside a function body
  const char* detail = nullptr;       // static text: what exactly was wrong, or null
};

// The fixed message of an error code ("type mismatch"), and its category.
const char* message(Errc code);
ErrorCategory category(Errc code);

// "message: detail" (no offset; callers add "file:offset: " in front).
std::string describe(const Error& error);

}  // namespace shortcrust
