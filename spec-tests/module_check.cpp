// check_module, error formatting and whole-file reads for the runner and the CLI.
#include "spec-tests/module_check.h"

#include <cerrno>
#include <fstream>
#include <iterator>

#include "validator/validator.h"

namespace shortcrust::spec {

ModuleCheck check_module(std::span<const uint8_t> bytes, const Features& features,
                         const Limits& limits) {
  ModuleCheck check;
  Result<decoder::Module> decoded = decoder::decode_module(bytes, features, limits);
  if (!decoded.ok()) {
    check.error = decoded.error();
    return check;
  }
  check.module = std::move(decoded).value();
  Result<void> valid = validator::validate_module(*check.module, features, limits);
  if (!valid.ok()) check.error = valid.error();
  return check;
}

std::string function_display_name(const decoder::Module& module, uint32_t index) {
  if (const std::string* name = module.names.function(index); name != nullptr && !name->empty()) {
    return *name;
  }
  return "func[" + std::to_string(index) + "]";
}

std::string format_error(const Error& error, const decoder::Module* module) {
  std::string out = std::to_string(error.offset) + ": " + describe(error);
  if (error.function != kNoFunction) {
    out += " (in function ";
    out += module != nullptr ? function_display_name(*module, error.function)
                             : "func[" + std::to_string(error.function) + "]";
    out += ")";
  }
  return out;
}

Result<std::vector<uint8_t>> read_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return Error{Errc::IoError, 0, kNoFunction, "is a directory"};
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const char* why = errno == ENOENT ? "no such file" : errno == EACCES ? "permission denied" : "cannot open";
    return Error{Errc::IoError, 0, kNoFunction, why};
  }
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return Error{Errc::IoError, 0, kNoFunction, "cannot read"};
  return bytes;
}

}  // namespace shortcrust::spec
