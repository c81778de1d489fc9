// Tests for cli/args.h: subcommands, options, help at every level, usage errors.
#include "cli/args.h"

#include <gtest/gtest.h>

#include <vector>

namespace shortcrust::cli {
namespace {

ParsedArgs parse(std::vector<std::string_view> args) { return parse_args(args); }

TEST(Args, NoArgumentsIsAUsageError) { EXPECT_FALSE(parse({}).ok()); }

TEST(Args, VersionAndHelp) {
  EXPECT_EQ(parse({"--version"}).invocation.command, Subcommand::Version);
  EXPECT_FALSE(parse({"--version", "x"}).ok());
  ParsedArgs h = parse({"--help"});
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h.invocation.command, Subcommand::Help);
  EXPECT_EQ(h.invocation.help_topic, "");
  for (const char* cmd : {"validate", "describe", "wast", "run", "demo"}) {
    ParsedArgs sub = parse({cmd, "--help"});
    ASSERT_TRUE(sub.ok()) << cmd;
    EXPECT_EQ(sub.invocation.command, Subcommand::Help);
    EXPECT_EQ(sub.invocation.help_topic, cmd);
    EXPECT_NE(help_text(cmd).find(std::string("shortcrust ") + cmd), std::string::npos);
    EXPECT_EQ(parse({"help", cmd}).invocation.help_topic, cmd);
  }
  EXPECT_FALSE(parse({"help", "frobnicate"}).ok());
  // --help wins even after bad options would have been rejected later.
  EXPECT_EQ(parse({"wast", "a.wast", "-h"}).invocation.command, Subcommand::Help);
}

TEST(Args, Validate) {
  ParsedArgs p = parse({"validate", "--memory64", "a.wasm", "b.wasm", "--verbose"});
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.invocation.command, Subcommand::Validate);
  EXPECT_TRUE(p.invocation.memory64);
  EXPECT_TRUE(p.invocation.verbose);
  EXPECT_EQ(p.invocation.paths, (std::vector<std::string>{"a.wasm", "b.wasm"}));
  EXPECT_FALSE(parse({"validate"}).ok());
  EXPECT_FALSE(parse({"validate", "--json", "a.wasm"}).ok());  // not a validate option
  EXPECT_FALSE(parse({"validate", "--memory64=1", "a.wasm"}).ok());
}

TEST(Args, DoubleDashEndsOptions) {
  ParsedArgs p = parse({"validate", "--", "--memory64"});
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p.invocation.memory64);
  EXPECT_EQ(p.invocation.paths, (std::vector<std::string>{"--memory64"}));
  // A lone "-" is an operand (a file named -), not an option.
  EXPECT_EQ(parse({"validate", "-"}).invocation.paths.size(), 1u);
}

TEST(Args, Describe) {
  ParsedArgs p = parse({"describe", "--json", "m.wasm"});
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p.invocation.json);
  EXPECT_FALSE(parse({"describe"}).ok());
  EXPECT_FALSE(parse({"describe", "a.wasm", "b.wasm"}).ok());
  EXPECT_FALSE(parse({"describe", "--verbose", "a.wasm"}).ok());
}

TEST(Args, Wast) {
  ParsedArgs p = parse({"wast", "--engine", "jit", "--memory64", "--json", "--verbose", "--skips=s.txt", "dir"});
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.invocation.command, Subcommand::Wast);
  EXPECT_EQ(p.invocation.engine, spec::Engine::Jit);
  EXPECT_TRUE(p.invocation.memory64);
  EXPECT_TRUE(p.invocation.json);
  EXPECT_TRUE(p.invocation.verbose);
  EXPECT_EQ(p.invocation.skips, "s.txt");
  EXPECT_EQ(p.invocation.paths, (std::vector<std::string>{"dir"}));

  EXPECT_EQ(parse({"wast", "--engine=interp"}).invocation.engine, spec::Engine::Interp);
  EXPECT_EQ(parse({"wast", "--skips", "x"}).invocation.skips, "x");
  EXPECT_TRUE(parse({"wast"}).ok());  // no PATH: $SHORTCRUST_SPEC_SUITE at run time
}

TEST(Args, WastUsageErrors) {
  EXPECT_NE(parse({"wast", "--engine", "v8"}).error.find("unknown engine 'v8'"), std::string::npos);
  EXPECT_FALSE(parse({"wast", "--engine"}).ok());
  EXPECT_FALSE(parse({"wast", "--skips"}).ok());
  EXPECT_FALSE(parse({"wast", "--skips="}).ok());
  EXPECT_NE(parse({"wast", "--frob"}).error.find("unknown option '--frob'"), std::string::npos);
}

TEST(Args, UnknownCommand) {
  EXPECT_NE(parse({"frobnicate"}).error.find("unknown command 'frobnicate'"), std::string::npos);
  EXPECT_NE(parse({"--frob"}).error.find("unknown option"), std::string::npos);
}

TEST(Args, Demo) {
  ParsedArgs demo = parse({"demo", "--engine", "jit", "--contracts", "/tmp/c"});
  ASSERT_TRUE(demo.ok()) << demo.error;
  EXPECT_EQ(demo.invocation.command, Subcommand::Demo);
  EXPECT_EQ(demo.invocation.engine, spec::Engine::Jit);
  EXPECT_EQ(demo.invocation.contracts, "/tmp/c");
  EXPECT_TRUE(parse({"demo"}).ok());
  EXPECT_FALSE(parse({"demo", "file.wasm"}).ok());
  EXPECT_FALSE(parse({"demo", "--contracts"}).ok());
  EXPECT_FALSE(parse({"demo", "--gas", "5"}).ok());
  EXPECT_FALSE(parse({"run", "x.wasm", "--invoke", "f", "--contracts", "d"}).ok());
}

TEST(Args, Deploy) {
  ParsedArgs p = parse({"deploy", "--state", "s", "--owner", "c0ffee", "--init-arg=01", "--nonce", "7", "--gas",
                        "99", "--base", "ab", "--engine", "jit", "--json", "c.wasm"});
  ASSERT_TRUE(p.ok()) << p.error;
  const Invocation& inv = p.invocation;
  EXPECT_EQ(inv.command, Subcommand::Deploy);
  EXPECT_EQ(inv.state, "s");
  EXPECT_EQ(inv.owner, "c0ffee");
  EXPECT_EQ(inv.init_arg, std::optional<std::string>("01"));
  EXPECT_EQ(inv.nonce, 7u);
  EXPECT_EQ(inv.gas, std::optional<uint64_t>(99));
  EXPECT_EQ(inv.base, "ab");  // checked as a root when running
  EXPECT_EQ(inv.engine, spec::Engine::Jit);
  EXPECT_TRUE(inv.json);
  EXPECT_EQ(inv.paths, (std::vector<std::string>{"c.wasm"}));

  // Empty hex is allowed where bytes may be empty, and kept apart from "not given".
  ParsedArgs empty = parse({"deploy", "--state", "s", "--owner", "", "--init-arg", "", "c.wasm"});
  ASSERT_TRUE(empty.ok()) << empty.error;
  EXPECT_EQ(empty.invocation.init_arg, std::optional<std::string>(""));
  EXPECT_FALSE(parse({"deploy", "--state", "s", "c.wasm"}).invocation.init_arg.has_value());

  EXPECT_NE(parse({"deploy", "c.wasm"}).error.find("'deploy' needs --state DIR"), std::string::npos);
  EXPECT_NE(parse({"deploy", "--state", "s"}).error.find("exactly one FILE.wasm"), std::string::npos);
  EXPECT_FALSE(parse({"deploy", "--state", "s", "a.wasm", "b.wasm"}).ok());
  EXPECT_FALSE(parse({"deploy", "--state", "", "c.wasm"}).ok());
  EXPECT_FALSE(parse({"deploy", "--state"}).ok());
  EXPECT_FALSE(parse({"deploy", "--state", "s", "--nonce", "-1", "c.wasm"}).ok());
  EXPECT_FALSE(parse({"deploy", "--state", "s", "--nonce", "x", "c.wasm"}).ok());
  EXPECT_FALSE(parse({"deploy", "--state", "s", "--gas", "1e3", "c.wasm"}).ok());
  EXPECT_FALSE(parse({"deploy", "--state", "s", "--base=", "c.wasm"}).ok());
  EXPECT_FALSE(parse({"deploy", "--state", "s", "--arg", "00", "c.wasm"}).ok());  // a call option
}

TEST(Args, Call) {
  ParsedArgs p = parse({"call", "--state=s", "--arg", "0a0b", "--gas=10", "--json", "ID", "increment"});
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.invocation.command, Subcommand::Call);
  EXPECT_EQ(p.invocation.state, "s");
  EXPECT_EQ(p.invocation.arg, "0a0b");
  EXPECT_EQ(p.invocation.gas, std::optional<uint64_t>(10));
  EXPECT_TRUE(p.invocation.json);
  EXPECT_EQ(p.invocation.paths, (std::vector<std::string>{"ID", "increment"}));
  EXPECT_FALSE(parse({"call", "--state", "s", "ID", "f"}).invocation.gas.has_value());

  EXPECT_NE(parse({"call", "ID", "f"}).error.find("'call' needs --state DIR"), std::string::npos);
  EXPECT_NE(parse({"call", "--state", "s", "ID"}).error.find("CONTRACT and FN"), std::string::npos);
  EXPECT_FALSE(parse({"call", "--state", "s", "ID", "f", "extra"}).ok());
  EXPECT_FALSE(parse({"call", "--state", "s", "--arg"}).ok());
  EXPECT_FALSE(parse({"call", "--state", "s", "--owner", "00", "ID", "f"}).ok());  // a deploy option
  EXPECT_FALSE(parse({"call", "--state", "s", "--nonce", "1", "ID", "f"}).ok());
  EXPECT_FALSE(parse({"call", "--state", "s", "--memory64", "ID", "f"}).ok());
  EXPECT_FALSE(parse({"call", "--state", "s", "--json=1", "ID", "f"}).ok());
}

TEST(Args, CommitsAndInspect) {
  ParsedArgs commits = parse({"commits", "--state", "s", "--json"});
  ASSERT_TRUE(commits.ok()) << commits.error;
  EXPECT_EQ(commits.invocation.command, Subcommand::Commits);
  EXPECT_TRUE(commits.invocation.json);
  EXPECT_NE(parse({"commits"}).error.find("'commits' needs --state DIR"), std::string::npos);
  EXPECT_FALSE(parse({"commits", "--state", "s", "extra"}).ok());
  EXPECT_FALSE(parse({"commits", "--state", "s", "--base", "ab"}).ok());
  EXPECT_FALSE(parse({"commits", "--state", "s", "--gas", "1"}).ok());

  ParsedArgs inspect = parse({"inspect", "--state", "s", "--base", "ab", "ID"});
  ASSERT_TRUE(inspect.ok()) << inspect.error;
  EXPECT_EQ(inspect.invocation.command, Subcommand::Inspect);
  EXPECT_EQ(inspect.invocation.base, "ab");
  EXPECT_EQ(inspect.invocation.paths, (std::vector<std::string>{"ID"}));
  EXPECT_TRUE(parse({"inspect", "--state", "s"}).ok());
  EXPECT_NE(parse({"inspect"}).error.find("'inspect' needs --state DIR"), std::string::npos);
  EXPECT_FALSE(parse({"inspect", "--state", "s", "A", "B"}).ok());
  EXPECT_FALSE(parse({"inspect", "--state", "s", "--arg", "00"}).ok());
}

TEST(Args, StateCommandsHelp) {
  for (const char* cmd : {"deploy", "call", "commits", "inspect"}) {
    ParsedArgs sub = parse({cmd, "--help"});
    ASSERT_TRUE(sub.ok()) << cmd;
    EXPECT_EQ(sub.invocation.command, Subcommand::Help);
    EXPECT_EQ(sub.invocation.help_topic, cmd);
    EXPECT_NE(help_text(cmd).find(std::string("Usage: shortcrust ") + cmd + " --state DIR"), std::string::npos)
        << cmd;
  }
}

}  // namespace
}  // namespace shortcrust::cli
