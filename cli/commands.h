// The subcommands of `shortcrust`. Each returns the process exit status: 0 success,
// 1 failure (invalid module, failed spec test, unreadable file), 2 usage error.
#pragma once

#include <cstdio>

#include "cli/args.h"

namespace shortcrust::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

int run_validate(const Invocation& invocation);
int run_describe(const Invocation& invocation);
int run_wast(const Invocation& invocation);
// `run` also exits 1 when the call (or the start function) traps, 2 when the module
// cannot be read, compiled, instantiated or called as asked. Output goes to `out` and
// `err` so tests can capture it.
int run_run(const Invocation& invocation, std::FILE* out = stdout, std::FILE* err = stderr);
// `demo`: the contract VM narrated (cli/demo_command.cpp).
int run_demo(const Invocation& invocation, std::FILE* out = stdout, std::FILE* err = stderr);
// The state directory commands (cli/state_commands.cpp): 0 success, 1 the contract call
// or deploy failed (nothing committed), 2 usage error or an unreadable state directory.
int run_deploy(const Invocation& invocation, std::FILE* out = stdout, std::FILE* err = stderr);
int run_call(const Invocation& invocation, std::FILE* out = stdout, std::FILE* err = stderr);
int run_commits(const Invocation& invocation, std::FILE* out = stdout, std::FILE* err = stderr);
int run_inspect(const Invocation& invocation, std::FILE* out = stdout, std::FILE* err = stderr);

}  // namespace shortcrust::cli
