// Tests for `shortcrust deploy`, `call`, `commits` and `inspect` (cli/state_commands.cpp)
// over a temporary state directory with the SDK's counter contract: each invocation opens
// the latest commit (or --base), commits only on success, and prints what it did; failed
// calls commit nothing; usage errors exit 2 with a message. Output is captured through
// tmpfile() as in run_command_test.cpp.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/capture.h"
#include "spec-tests/json.h"

namespace shortcrust::cli {
namespace {

std::string contract_path(const std::string& name) { return std::string(SHORTCRUST_CONTRACTS_DIR) + "/" + name + ".wasm"; }

// Parses `args` as the words after `shortcrust` and runs the state command they name.
RunOutput run(std::vector<std::string> args) {
  std::vector<std::string_view> views(args.begin(), args.end());
  const ParsedArgs parsed = parse_args(views);
  if (!parsed.ok()) return {kExitUsage, "", parsed.error};
  return capture([&](std::FILE* out, std::FILE* err) {
    switch (parsed.invocation.command) {
      case Subcommand::Deploy: return run_deploy(parsed.invocation, out, err);
      case Subcommand::Call: return run_call(parsed.invocation, out, err);
      case Subcommand::Commits: return run_commits(parsed.invocation, out, err);
      case Subcommand::Inspect: return run_inspect(parsed.invocation, out, err);
      default: ADD_FAILURE() << "not a state command: " << args[0]; return -1;
    }
  });
}

// The 64-hex-digit word after `label ` in `text` ("" when absent).
std::string hex_after(const std::string& text, const std::string& label) {
  std::smatch m;
  const std::regex re("(^|\\n)" + label + " ([0-9a-f]{64})\\n");
  return std::regex_search(text, m, re) ? m[2].str() : "";
}

spec::JsonValue json(const std::string& text) {
  Result<spec::JsonValue> v = spec::parse_json(text);
  EXPECT_TRUE(v.ok()) << text;
  return v.ok() ? v.value() : spec::JsonValue();
}

std::string json_string(const spec::JsonValue& object, std::string_view key) {
  const spec::JsonValue* v = object.find(key);
  return v != nullptr && v->is_string() ? v->text : "<missing " + std::string(key) + ">";
}

class StateCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = (std::filesystem::temp_directory_path() /
            ("shortcrust-cli-state-" + std::to_string(getpid()) + "-" + info->name()))
               .string();
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Deploys counter (with `extra` options) and returns its id; fails the test otherwise.
  std::string deploy_counter(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"deploy", "--state", dir_};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(contract_path("counter"));
    const RunOutput r = run(args);
    EXPECT_EQ(r.status, kExitOk) << r.err;
    return hex_after(r.out, "contract");
  }

  RunOutput call(const std::string& contract, const std::string& fn, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"call", "--state", dir_};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(contract);
    args.push_back(fn);
    return run(args);
  }

  // The commits as `commits --json` lists them: (root, base or "").
  std::vector<std::pair<std::string, std::string>> commits() {
    const RunOutput r = run({"commits", "--state", dir_, "--json"});
    EXPECT_EQ(r.status, kExitOk) << r.err;
    std::vector<std::pair<std::string, std::string>> out;
    const spec::JsonValue list = json(r.out);
    for (const spec::JsonValue& c : list.items) {
      const spec::JsonValue* base = c.find("base");
      out.emplace_back(json_string(c, "root"), base != nullptr && base->is_string() ? base->text : "");
    }
    return out;
  }

  std::string dir_;
};

TEST_F(StateCommands, DeployPrintsTheIdAndRoot) {
  const RunOutput r = run({"deploy", "--state", dir_, contract_path("counter")});
  ASSERT_EQ(r.status, kExitOk) << r.err;
  EXPECT_TRUE(std::regex_match(r.out, std::regex("contract [0-9a-f]{64}\nroot [0-9a-f]{64}\n"))) << r.out;
  EXPECT_EQ(r.err, "");
  const auto list = commits();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].first, hex_after(r.out, "root"));
  EXPECT_EQ(list[0].second, "");  // the first commit is stored in full

  // --json, and another nonce gives another id.
  const RunOutput j = run({"deploy", "--state", dir_, "--nonce", "1", "--json", contract_path("counter")});
  ASSERT_EQ(j.status, kExitOk) << j.err;
  const spec::JsonValue v = json(j.out);
  EXPECT_EQ(json_string(v, "contract").size(), 64u);
  EXPECT_NE(json_string(v, "contract"), hex_after(r.out, "contract"));
  EXPECT_EQ(json_string(v, "root").size(), 64u);
  EXPECT_EQ(commits().size(), 2u);
}

TEST_F(StateCommands, CallIncrementsAndCommits) {
  const std::string id = deploy_counter();
  ASSERT_EQ(id.size(), 64u);
  const std::string deployed_root = commits().back().first;

  const RunOutput inc = call(id, "increment");
  ASSERT_EQ(inc.status, kExitOk) << inc.err;
  EXPECT_NE(inc.out.find("data \n"), std::string::npos) << inc.out;  // increment returns nothing
  std::smatch gas;
  ASSERT_TRUE(std::regex_search(inc.out, gas, std::regex("gas spent: ([0-9]+)\n"))) << inc.out;
  EXPECT_GT(std::stoull(gas[1].str()), 0u);
  const std::string root = hex_after(inc.out, "root");
  EXPECT_EQ(root.size(), 64u);
  EXPECT_NE(root, deployed_root);

  // A new invocation reads the committed value: 0xfc + 1, an i64 little-endian. The
  // result is written to the argbuf, which is contract memory: that is a commit too.
  const RunOutput read = call(id, "read_value");
  ASSERT_EQ(read.status, kExitOk) << read.err;
  EXPECT_NE(read.out.find("data fd00000000000000\n"), std::string::npos) << read.out;
  const std::string read_root = hex_after(read.out, "root");
  EXPECT_NE(read_root, root);

  const auto list = commits();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].first, deployed_root);
  EXPECT_EQ(list[1].first, root);
  EXPECT_EQ(list[1].second, deployed_root);  // stored as changes over the deploy
  EXPECT_EQ(list[2].first, read_root);
  EXPECT_EQ(list[2].second, root);

  // The same read again leaves the argbuf as it was: nothing new to commit.
  const RunOutput again = call(id, "read_value");
  ASSERT_EQ(again.status, kExitOk) << again.err;
  EXPECT_EQ(hex_after(again.out, "root"), read_root);
  EXPECT_EQ(commits().size(), 3u);

  const RunOutput j = call(id, "read_value", {"--json"});
  ASSERT_EQ(j.status, kExitOk) << j.err;
  const spec::JsonValue v = json(j.out);
  EXPECT_EQ(json_string(v, "data"), "fd00000000000000");
  EXPECT_EQ(json_string(v, "root"), read_root);
  ASSERT_NE(v.find("gas_spent"), nullptr);
  EXPECT_GT(v.find("gas_spent")->as_u64().value_or(0), 0u);
  ASSERT_NE(v.find("events"), nullptr);
  EXPECT_TRUE(v.find("events")->is_array());
}

TEST_F(StateCommands, CommitsListsInOrder) {
  EXPECT_EQ(run({"commits", "--state", dir_}).out, "no commits\n");
  const std::string id = deploy_counter();
  std::vector<std::string> roots{commits().back().first};
  for (int i = 0; i < 3; ++i) {
    const RunOutput r = call(id, "increment");
    ASSERT_EQ(r.status, kExitOk) << r.err;
    roots.push_back(hex_after(r.out, "root"));
  }
  const RunOutput text = run({"commits", "--state", dir_});
  ASSERT_EQ(text.status, kExitOk) << text.err;
  // Sequences count from 1; the first commit is full, each next one a delta.
  std::string expected = "1 " + roots[0] + " over nothing (full), 1 contracts\n";
  for (size_t i = 1; i < roots.size(); ++i) {
    expected += std::to_string(i + 1) + " " + roots[i] + " over " + roots[i - 1] + ", 1 contracts\n";
  }
  EXPECT_EQ(text.out, expected);
}

TEST_F(StateCommands, InspectShowsMemoryAndPages) {
  const std::string id = deploy_counter({"--owner", "c0ffee"});
  const RunOutput r = run({"inspect", "--state", dir_});
  ASSERT_EQ(r.status, kExitOk) << r.err;
  EXPECT_EQ(hex_after(r.out, "root"), commits().back().first);
  EXPECT_NE(r.out.find("contract " + id + "\n"), std::string::npos) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("memory ([0-9]+) bytes \\(([0-9]+) pages, ([0-9]+) stored\\)")))
      << r.out;
  const uint64_t bytes = std::stoull(m[1].str());
  EXPECT_GT(bytes, 0u);
  EXPECT_EQ(bytes % 65536, 0u);
  EXPECT_EQ(std::stoull(m[2].str()), bytes / 65536);
  EXPECT_GE(std::stoull(m[3].str()), 1u);  // the counter's data page is not all zero
  EXPECT_LE(std::stoull(m[3].str()), bytes / 65536);
  EXPECT_NE(r.out.find("owner c0ffee\n"), std::string::npos) << r.out;

  const RunOutput j = run({"inspect", "--state", dir_, "--json", id});
  ASSERT_EQ(j.status, kExitOk) << j.err;
  const spec::JsonValue v = json(j.out);
  ASSERT_NE(v.find("contracts"), nullptr);
  ASSERT_EQ(v.find("contracts")->items.size(), 1u);
  const spec::JsonValue& c = v.find("contracts")->items[0];
  EXPECT_EQ(json_string(c, "id"), id);
  EXPECT_EQ(c.find("memory_bytes")->as_u64(), bytes);
  EXPECT_EQ(c.find("pages")->as_u64(), bytes / 65536);
  EXPECT_EQ(json_string(c, "owner"), "c0ffee");
  EXPECT_EQ(json_string(c, "code_hash").size(), 64u);
}

TEST_F(StateCommands, BaseReadsAnOlderCommit) {
  const std::string id = deploy_counter();
  const std::string first = commits().back().first;
  ASSERT_EQ(call(id, "increment").status, kExitOk);
  ASSERT_EQ(call(id, "increment").status, kExitOk);
  const std::string second = commits().back().first;

  // Each call commits (its result is in the argbuf), as a branch over its --base.
  const RunOutput old = call(id, "read_value", {"--base", first});
  ASSERT_EQ(old.status, kExitOk) << old.err;
  EXPECT_NE(old.out.find("data fc00000000000000\n"), std::string::npos) << old.out;
  EXPECT_EQ(commits().back().second, first);
  const RunOutput newer = call(id, "read_value", {"--base", second});
  ASSERT_EQ(newer.status, kExitOk) << newer.err;
  EXPECT_NE(newer.out.find("data fe00000000000000\n"), std::string::npos) << newer.out;
  EXPECT_EQ(commits().back().second, second);

  EXPECT_EQ(hex_after(run({"inspect", "--state", dir_, "--base", first}).out, "root"), first);
  EXPECT_EQ(hex_after(run({"inspect", "--state", dir_}).out, "root"), hex_after(newer.out, "root"));

  // A change from the first commit; the latest commit is then that branch.
  const RunOutput branch = call(id, "decrement", {"--base", first});
  ASSERT_EQ(branch.status, kExitOk) << branch.err;
  const auto list = commits();
  ASSERT_EQ(list.size(), 6u);
  EXPECT_EQ(list.back().first, hex_after(branch.out, "root"));
  EXPECT_EQ(list.back().second, first);
  EXPECT_NE(call(id, "read_value").out.find("data fb00000000000000\n"), std::string::npos);
}

TEST_F(StateCommands, FailedCallsCommitNothing) {
  const std::string id = deploy_counter();
  const auto before = commits();

  const RunOutput unknown = call(id, "no_such_function");
  EXPECT_EQ(unknown.status, kExitFailure);
  EXPECT_NE(unknown.err.find("no_such_function"), std::string::npos) << unknown.err;

  const RunOutput starved = call(id, "increment", {"--gas", "10"});
  EXPECT_EQ(starved.status, kExitFailure);
  EXPECT_NE(starved.err.find("out of gas"), std::string::npos) << starved.err;
  EXPECT_NE(starved.out.find("gas spent: 10\n"), std::string::npos) << starved.out;

  const RunOutput starved_json = call(id, "increment", {"--gas", "10", "--json"});
  EXPECT_EQ(starved_json.status, kExitFailure);
  EXPECT_EQ(json_string(json(starved_json.out), "error"), "out of gas");

  EXPECT_EQ(commits(), before);

  // A deploy that fails commits nothing either: the same id again.
  const RunOutput again = run({"deploy", "--state", dir_, contract_path("counter")});
  EXPECT_EQ(again.status, kExitFailure);
  EXPECT_EQ(commits(), before);

  // None of the failed increments counted.
  EXPECT_NE(call(id, "read_value").out.find("data fc00000000000000\n"), std::string::npos);
}

TEST_F(StateCommands, UsageErrorsExit2) {
  const std::string id = deploy_counter();
  const auto before = commits();
  const auto expect_usage = [](const RunOutput& r, const std::string& words) {
    EXPECT_EQ(r.status, kExitUsage) << r.out;
    EXPECT_NE(r.err.find(words), std::string::npos) << "stderr: " << r.err;
    EXPECT_EQ(r.out, "");
  };
  expect_usage(call(id, "increment", {"--arg", "zz"}), "--arg must be hex");
  expect_usage(call(id, "increment", {"--arg", "abc"}), "--arg must be hex");
  expect_usage(call("12ab", "increment"), "CONTRACT must be 64 hex digits");
  expect_usage(call(std::string(64, 'e'), "increment"), "no contract " + std::string(64, 'e'));
  expect_usage(call(id, "increment", {"--base", "nothex"}), "--base");
  expect_usage(call(id, "increment", {"--base", std::string(64, '0')}), "");
  expect_usage(run({"call", id, "increment"}), "'call' needs --state DIR");
  expect_usage(run({"deploy", contract_path("counter")}), "'deploy' needs --state DIR");
  expect_usage(run({"commits"}), "'commits' needs --state DIR");
  expect_usage(run({"inspect"}), "'inspect' needs --state DIR");
  expect_usage(run({"deploy", "--state", dir_, "--owner", "xyz", contract_path("counter")}), "--owner must be hex");
  expect_usage(run({"deploy", "--state", dir_, "--init-arg", "0", contract_path("counter")}),
               "--init-arg must be hex");
  expect_usage(run({"deploy", "--state", dir_, dir_ + "/missing.wasm"}), "cannot read");
  expect_usage(run({"inspect", "--state", dir_, "not-an-id"}), "CONTRACT must be 64 hex digits");
  expect_usage(run({"inspect", "--state", dir_, std::string(64, 'e')}), "no contract " + std::string(64, 'e'));
  expect_usage(run({"inspect", "--state", dir_, "--base", std::string(64, '0')}), "");
  EXPECT_EQ(commits(), before);
}

}  // namespace
}  // namespace shortcrust::cli
