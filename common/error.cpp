// Messages and categories of the error codes in errors.def.
#include <array>

#include "shortcrust/error.h"

namespace shortcrust {
namespace {

struct ErrcInfo {
  const char* message;
  ErrorCategory category;
};

constexpr ErrcInfo kErrcInfo[] = {
#define X(name, category, message) {message, ErrorCategory::category},
#include "shortcrust/errors.def"
#undef X
};

}  // namespace

const char* message(Errc code) { return kErrcInfo[static_cast<size_t>(code)].message; }
ErrorCategory category(Errc code) { return kErrcInfo[static_cast<size_t>(code)].category; }

std::string describe(const Error& error) {
  std::string out = message(error.code);
  if (error.detail != nullptr && error.detail[0] != 0) {
    out += ": ";
    out += error.detail;
  }
  return out;
}

}  // namespace shortcrust
