// Tests for spec-tests/runner.h and script.h: a tiny wast2json-style script with binary
// modules written by the test, run in a private temporary directory.
#include "spec-tests/runner.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "spec-tests/wast2json.h"
#include "support/wasm_bytes.h"

namespace shortcrust::spec {
namespace {
namespace fs = std::filesystem;
using namespace shortcrust::test;

void write(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

void write(const fs::path& path, const Bytes& bytes) {
  write(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

// () -> i32 returning 7, and the same with a body that leaves nothing on the stack.
Bytes valid_module() { return single_function_module(func_type({}, {kI32}), {0x41, 0x07, 0x0b}); }
Bytes invalid_module() { return single_function_module(func_type({}, {kI32}), {0x0b}); }
Bytes malformed_module() { return {0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00}; }

constexpr const char* kScript = R"({"source_filename": "tiny.wast",
 "commands": [
  {"type": "module", "line": 1, "filename": "tiny.0.wasm"},
  {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "f", "args": []},
   "expected": [{"type": "i32", "value": "7"}]},
  {"type": "assert_invalid", "line": 3, "filename": "tiny.1.wasm", "text": "type mismatch", "module_type": "binary"},
  {"type": "assert_malformed", "line": 4, "filename": "tiny.2.wasm", "text": "unknown binary version", "module_type": "binary"},
  {"type": "assert_malformed", "line": 5, "filename": "tiny.3.wat", "text": "unexpected token", "module_type": "text"},
  {"type": "assert_invalid", "line": 6, "filename": "tiny.0.wasm", "text": "type mismatch", "module_type": "binary"},
  {"type": "module", "line": 7, "filename": "tiny.1.wasm"},
  {"type": "register", "line": 8, "as": "M"},
  {"type": "thread", "line": 9}
 ]})";

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    write(dir_.path() / "tiny.0.wasm", valid_module());
    write(dir_.path() / "tiny.1.wasm", invalid_module());
    write(dir_.path() / "tiny.2.wasm", malformed_module());
    write(dir_.path() / "tiny.3.wat", "(module");
    write(dir_.path() / "tiny.json", kScript);
  }
  TempDir dir_;
};

TEST_F(RunnerTest, ParsesScript) {
  Result<Script> script = parse_script(kScript);
  ASSERT_TRUE(script.ok()) << describe(script.error());
  const Script& s = script.value();
  EXPECT_EQ(s.source_filename, "tiny.wast");
  ASSERT_EQ(s.commands.size(), 9u);
  EXPECT_EQ(s.commands[0].kind, CommandKind::Module);
  EXPECT_EQ(s.commands[0].module_type, ModuleType::Binary);
  EXPECT_EQ(s.commands[1].kind, CommandKind::AssertReturn);
  EXPECT_NE(s.commands[1].json.find("expected"), nullptr);
  EXPECT_EQ(s.commands[2].text, "type mismatch");
  EXPECT_EQ(s.commands[4].module_type, ModuleType::Text);
  EXPECT_EQ(s.commands[7].as, "M");
  EXPECT_EQ(s.commands[8].kind, CommandKind::Unknown);
}

TEST_F(RunnerTest, RejectsNonScripts) {
  EXPECT_FALSE(parse_script("[]").ok());
  EXPECT_FALSE(parse_script("{\"commands\": [{\"line\": 1}]}").ok());
  EXPECT_FALSE(parse_script("{\"commands\": 3}").ok());
  EXPECT_FALSE(parse_script("{").ok());
}

TEST_F(RunnerTest, RunsJsonScript) {
  const FileReport report = run_spec_file(dir_.path() / "tiny.json", RunOptions{}, SkipList{});
  // Passed: module (1), assert_invalid (3), assert_malformed (4).
  // Failed: assert_invalid of a valid module (6), invalid module (7), unknown command (9).
  // Skipped: assert_return (2), text module (5), register (8).
  EXPECT_EQ(report.passed, 3u);
  EXPECT_EQ(report.failed, 3u);
  EXPECT_EQ(report.skipped, 3u);
  ASSERT_EQ(report.notes.size(), 3u);
  EXPECT_EQ(report.notes[0].line, 6u);
  EXPECT_EQ(report.notes[0].command, "assert_invalid");
  EXPECT_EQ(report.notes[0].message.rfind("module was accepted", 0), 0u);
  EXPECT_EQ(report.notes[1].line, 7u);
  EXPECT_EQ(report.notes[1].command, "module");
  EXPECT_NE(report.notes[1].message.find("type mismatch"), std::string::npos) << report.notes[1].message;
  EXPECT_NE(report.notes[1].message.find("(in function func[0])"), std::string::npos) << report.notes[1].message;
  EXPECT_EQ(report.notes[2].line, 9u);
  EXPECT_FALSE(report.memory64);
}

TEST_F(RunnerTest, VerboseExplainsEveryCommand) {
  RunOptions options;
  options.verbose = true;
  const FileReport report = run_spec_file(dir_.path() / "tiny.json", options, SkipList{});
  EXPECT_EQ(report.notes.size(), 9u);
  EXPECT_EQ(report.notes[1].outcome, Outcome::Skipped);
  EXPECT_EQ(report.notes[4].message, "text format");
}

TEST_F(RunnerTest, SkipManifestSkipsWholeFile) {
  Result<SkipList> skips = SkipList::parse("tiny.wast  not today\n");
  ASSERT_TRUE(skips.ok());
  const FileReport report = run_spec_file(dir_.path() / "tiny.json", RunOptions{}, skips.value());
  EXPECT_EQ(report.skip_reason, "not today");
  EXPECT_EQ(report.passed, 0u);
  EXPECT_EQ(report.failed, 0u);
  EXPECT_EQ(report.skipped, 9u);
}

TEST_F(RunnerTest, ExpectedFailuresSkipWhileFailingAndFailOncePassing) {
  // Line 6 fails (a valid module in assert_invalid): expected, so skipped.
  // Line 1 passes: listed as expected to fail, so it is a failure.
  Result<SkipList> skips = SkipList::parse("tiny.wast:6  known\ntiny.wast:1  stale entry\n");
  ASSERT_TRUE(skips.ok());
  const FileReport report = run_spec_file(dir_.path() / "tiny.json", RunOptions{}, skips.value());
  EXPECT_EQ(report.passed, 2u);
  EXPECT_EQ(report.failed, 3u);  // line 1 (stale), 7, 9
  EXPECT_EQ(report.skipped, 4u);
  ASSERT_FALSE(report.notes.empty());
  EXPECT_EQ(report.notes[0].line, 1u);
  EXPECT_NE(report.notes[0].message.find("remove that entry"), std::string::npos);
}

TEST_F(RunnerTest, SkippedWastIsCountedWithoutConverting) {
  write(dir_.path() / "simd_x.wast", "(module) (assert_return (invoke \"f\")) (module quote \"(\")");
  Result<SkipList> skips = SkipList::parse("simd_*.wast  SIMD\n");
  ASSERT_TRUE(skips.ok());
  const FileReport report = run_spec_file(dir_.path() / "simd_x.wast", RunOptions{}, skips.value());
  EXPECT_EQ(report.skip_reason, "SIMD");
  EXPECT_EQ(report.skipped, 3u);
  EXPECT_EQ(report.failed, 0u);
}

TEST_F(RunnerTest, MissingModuleFileFails) {
  write(dir_.path() / "missing.json",
        R"({"commands": [{"type": "module", "line": 1, "filename": "nope.wasm"}]})");
  const FileReport report = run_spec_file(dir_.path() / "missing.json", RunOptions{}, SkipList{});
  EXPECT_EQ(report.failed, 1u);
}

TEST_F(RunnerTest, BadJsonFailsTheFile) {
  write(dir_.path() / "bad.json", "{\"commands\": [");
  const FileReport report = run_spec_file(dir_.path() / "bad.json", RunOptions{}, SkipList{});
  EXPECT_EQ(report.failed, 1u);
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_EQ(report.notes[0].line, 0u);
}

TEST_F(RunnerTest, Memory64FolderEnablesMemory64) {
  EXPECT_TRUE(in_memory64_folder("suite/proposals/memory64/address.wast"));
  EXPECT_TRUE(in_memory64_folder("memory64/sub/x.wast"));
  EXPECT_FALSE(in_memory64_folder("suite/core/memory64.wast"));
  EXPECT_FALSE(in_memory64_folder("suite/core/address.wast"));
}

TEST_F(RunnerTest, CollectsFilesSorted) {
  fs::create_directories(dir_.path() / "b");
  write(dir_.path() / "b" / "z.wast", "(module)");
  write(dir_.path() / "a.wast", "(module)");
  Result<std::vector<fs::path>> files = collect_spec_files({dir_.path()});
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files.value().size(), 2u);  // .wast present: the .json files are ignored
  EXPECT_EQ(files.value()[0], dir_.path() / "a.wast");
  EXPECT_EQ(files.value()[1], dir_.path() / "b" / "z.wast");

  Result<std::vector<fs::path>> missing = collect_spec_files({dir_.path(), dir_.path() / "nope"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().offset, 1u);
}

TEST_F(RunnerTest, JsonOnlyDirectoryUsesJson) {
  Result<std::vector<fs::path>> files = collect_spec_files({dir_.path()});
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files.value().size(), 1u);
  EXPECT_EQ(files.value()[0].filename(), "tiny.json");
}

// Needs wabt: converts a real .wast file end to end.
TEST_F(RunnerTest, ConvertsWast) {
  write(dir_.path() / "conv.wast",
        "(module (func (export \"f\") (result i32) (i32.const 7)))\n"
        "(assert_return (invoke \"f\") (i32.const 7))\n"
        "(assert_invalid (module (func (result i32))) \"type mismatch\")\n");
  const FileReport report = run_spec_file(dir_.path() / "conv.wast", RunOptions{}, SkipList{});
  if (report.failed == 1 && report.notes.size() == 1 && report.notes[0].line == 0) {
    GTEST_SKIP() << "wast2json unavailable: " << report.notes[0].message;
  }
  EXPECT_EQ(report.passed, 2u);
  EXPECT_EQ(report.failed, 0u);
  EXPECT_EQ(report.skipped, 1u);
}

TEST_F(RunnerTest, MissingConverterFailsTheFile) {
  write(dir_.path() / "conv.wast", "(module)\n");
  ::setenv("SHORTCRUST_WAST2JSON", "/nonexistent/wast2json", 1);
  const FileReport report = run_spec_file(dir_.path() / "conv.wast", RunOptions{}, SkipList{});
  ::unsetenv("SHORTCRUST_WAST2JSON");
  EXPECT_EQ(report.failed, 1u);
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_NE(report.notes[0].message.find("cannot run"), std::string::npos) << report.notes[0].message;
}

TEST(Engine, Names) {
  EXPECT_STREQ(engine_name(Engine::Interp), "interp");
  EXPECT_STREQ(engine_name(Engine::Jit), "jit");
}

}  // namespace
}  // namespace shortcrust::spec
