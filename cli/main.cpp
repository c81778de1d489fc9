// Entry point of the `shortcrust` command: parse the arguments, dispatch to a subcommand.
#include <cstdio>
#include <string_view>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"

#ifndef SHORTCRUST_VERSION
#define SHORTCRUST_VERSION "unknown"
#endif

int main(int argc, char** argv) {
  using namespace shortcrust::cli;
  std::vector<std::string_view> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  const ParsedArgs parsed = parse_args(args);
  if (!parsed.ok()) {
    std::fprintf(stderr, "shortcrust: %s\n", parsed.error.c_str());
    return kExitUsage;
  }
  const Invocation& invocation = parsed.invocation;
  switch (invocation.command) {
    case Subcommand::Help:
      std::fputs(help_text(invocation.help_topic).c_str(), stdout);
      return kExitOk;
    case Subcommand::Version:
      std::printf("shortcrust %s\n", SHORTCRUST_VERSION);
      return kExitOk;
    case Subcommand::Validate: return run_validate(invocation);
    case Subcommand::Describe: return run_describe(invocation);
    case Subcommand::Wast: return run_wast(invocation);
    case Subcommand::Run: return run_run(invocation);
    case Subcommand::Demo: return run_demo(invocation);
    case Subcommand::Deploy: return run_deploy(invocation);
    case Subcommand::Call: return run_call(invocation);
    case Subcommand::Commits: return run_commits(invocation);
    case Subcommand::Inspect: return run_inspect(invocation);
  }
  return kExitUsage;
}
