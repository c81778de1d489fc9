// Decode + validate one module and say what went wrong the way every tool prints it:
// "OFFSET: message (in function NAME)". Shared by the spec runner and the CLI so
// `shortcrust validate` and `shortcrust wast` report identical text.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "decoder/module.h"
#include "shortcrust/config.h"
#include "shortcrust/result.h"

namespace shortcrust::spec {

struct ModuleCheck {
  // The decoded module: set when decoding succeeded, even if validation then failed
  // (so errors can name functions). Its spans point into the caller's bytes.
  std::optional<decoder::Module> module;
  std::optional<Error> error;  // the first error, decoding or validation
  bool decoded() const { return module.has_value(); }
  bool valid() const { return !error.has_value(); }
};

ModuleCheck check_module(std::span<const uint8_t> bytes, const Features& features = {},
                         const Limits& limits = {});

// "OFFSET: message: detail (in function NAME)". The function is named from the name
// section of `module` when it has one, else `func[N]`; `module` may be null.
std::string format_error(const Error& error, const decoder::Module* module);

// The display name of function `index` (index space): its name-section name or func[N].
std::string function_display_name(const decoder::Module& module, uint32_t index);

// Reads a whole file. Errors are Errc::IoError with a static detail: "no such file",
// "permission denied", "is a directory", "cannot open", "cannot read".
Result<std::vector<uint8_t>> read_file(const std::filesystem::path& path);

}  // namespace shortcrust::spec
