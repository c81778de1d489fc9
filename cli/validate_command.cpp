// `shortcrust validate`: decode and validate each file, report the first error of each.
#include <cstdio>

#include "cli/commands.h"
#include "spec-tests/module_check.h"

namespace shortcrust::cli {

int run_validate(const Invocation& invocation) {
  Features features;
  features.memory64 = invocation.memory64;
  int status = kExitOk;
  for (const std::string& path : invocation.paths) {
    Result<std::vector<uint8_t>> bytes = spec::read_file(path);
    if (!bytes.ok()) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), describe(bytes.error()).c_str());
      status = kExitFailure;
      continue;
    }
    const spec::ModuleCheck check = spec::check_module(bytes.value(), features);
    if (!check.valid()) {
      const std::string error = spec::format_error(*check.error, check.module ? &*check.module : nullptr);
      std::fprintf(stderr, "%s:%s\n", path.c_str(), error.c_str());
      status = kExitFailure;
      continue;
    }
    if (invocation.verbose) {
      const decoder::Module& m = *check.module;
      std::printf("%s: valid (%zu bytes, %u functions, %zu imports, %zu exports)\n", path.c_str(),
                  bytes.value().size(), m.function_count(), m.imports.size(), m.exports.size());
    } else {
      std::printf("%s: valid\n", path.c_str());
    }
  }
  return status;
}

}  // namespace shortcrust::cli
