// The subcommands of `shortcrust`. Each returns the process exit status: 0 success,
// 1 failure (invalid module, failed spec test, unreadable file), 2 usage error.
#pragma once

#include "cli/args.h"

namespace shortcrust::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

int run_validate(const Invocation& invocation);
int run_describe(const Invocation& invocation);
int run_wast(const Invocation& invocation);

}  // namespace shortcrust::cli
