// Tests for spec-tests/runner.h and script.h: tiny wast2json-style scripts with binary
// modules written by the test, run in a private temporary directory: loading checks,
// execution of every command kind, the skip manifest, wast2json conversion.
#include "spec-tests/runner.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

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

Bytes export_entry(std::string_view field, uint8_t kind, uint32_t index) {
  return cat({name(field), Bytes{kind}, leb_u(index)});
}

Bytes import_entry(std::string_view module, std::string_view field, const Bytes& desc) {
  return cat({name(module), name(field), desc});
}

// Exports f: () -> i32 = 7, trap: unreachable, loop: endless recursion, id_f32 and
// id_ext: identity on f32 and externref, and the immutable global g = 42.
Bytes valid_module() {
  const Bytes types = section(1, vec({func_type({}, {kI32}), func_type({}, {}), func_type({kF32}, {kF32}),
                                      func_type({kExternRef}, {kExternRef})}));
  const Bytes functions = section(3, vec({leb_u(0), leb_u(1), leb_u(1), leb_u(2), leb_u(3)}));
  const Bytes globals = section(6, vec({cat({Bytes{kI32, 0x00, 0x41}, leb_s(42), Bytes{0x0b}})}));
  const Bytes exports = section(7, vec({export_entry("f", 0, 0), export_entry("trap", 0, 1), export_entry("loop", 0, 2),
                                        export_entry("id_f32", 0, 3), export_entry("id_ext", 0, 4),
                                        export_entry("g", 3, 0)}));
  const Bytes code = section(10, vec({code_entry({}, {0x41, 0x07, 0x0b}), code_entry({}, {0x00, 0x0b}),
                                      code_entry({}, {0x10, 0x02, 0x0b}), code_entry({}, {0x20, 0x00, 0x0b}),
                                      code_entry({}, {0x20, 0x00, 0x0b})}));
  return module({types, functions, globals, exports, code});
}

// () -> i32 whose body leaves nothing on the stack.
Bytes invalid_module() { return single_function_module(func_type({}, {kI32}), {0x0b}); }
Bytes malformed_module() { return {0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00}; }

// No functions: imports spectest.global_i32 and M.g (registered) and exports them as sg, mg.
Bytes importing_module() {
  const Bytes imports = section(2, vec({import_entry("spectest", "global_i32", {0x03, kI32, 0x00}),
                                        import_entry("M", "g", {0x03, kI32, 0x00})}));
  const Bytes exports = section(7, vec({export_entry("sg", 3, 0), export_entry("mg", 3, 1)}));
  return module({imports, exports});
}

// Imports a function nobody defines.
Bytes unknown_import_module() {
  return module({section(1, vec({func_type({}, {})})),
                 section(2, vec({import_entry("nowhere", "f", {0x00, 0x00})}))});
}

// Imports spectest.print_i32 with the wrong type.
Bytes incompatible_import_module() {
  return module({section(1, vec({func_type({}, {kI32})})),
                 section(2, vec({import_entry("spectest", "print_i32", {0x00, 0x00})}))});
}

// An empty memory with a one-byte active data segment at 0: instantiation traps.
Bytes trapping_data_module() {
  return module({section(5, vec({Bytes{0x00, 0x00}})),
                 section(11, vec({cat({Bytes{0x00, 0x41, 0x00, 0x0b}, vec({Bytes{0x2a}})})}))});
}

// Loading: module checks, the skip manifest, unknown commands.
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

// Execution: every command kind, passing and failing. Line numbers say which.
constexpr const char* kExecScript = R"({"source_filename": "exec.wast",
 "commands": [
  {"type": "module", "line": 1, "name": "$M", "filename": "tiny.0.wasm"},
  {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "f", "args": []},
   "expected": [{"type": "i32", "value": "7"}]},
  {"type": "assert_return", "line": 3, "action": {"type": "invoke", "field": "f", "args": []},
   "expected": [{"type": "i32", "value": "8"}]},
  {"type": "assert_trap", "line": 4, "action": {"type": "invoke", "field": "trap", "args": []},
   "text": "unreachable", "expected": []},
  {"type": "assert_exhaustion", "line": 5, "action": {"type": "invoke", "field": "loop", "args": []},
   "text": "call stack exhausted", "expected": []},
  {"type": "assert_return", "line": 6, "action": {"type": "invoke", "field": "id_f32",
   "args": [{"type": "f32", "value": "4290772992"}]}, "expected": [{"type": "f32", "value": "nan:canonical"}]},
  {"type": "assert_return", "line": 7, "action": {"type": "invoke", "field": "id_f32",
   "args": [{"type": "f32", "value": "2141192192"}]}, "expected": [{"type": "f32", "value": "nan:arithmetic"}]},
  {"type": "assert_return", "line": 8, "action": {"type": "invoke", "field": "id_ext",
   "args": [{"type": "externref", "value": "5"}]}, "expected": [{"type": "externref", "value": "5"}]},
  {"type": "assert_return", "line": 9, "action": {"type": "invoke", "field": "id_ext",
   "args": [{"type": "externref", "value": "null"}]}, "expected": [{"type": "externref", "value": "null"}]},
  {"type": "assert_return", "line": 10, "action": {"type": "get", "field": "g"},
   "expected": [{"type": "i32", "value": "42"}]},
  {"type": "register", "line": 11, "name": "$M", "as": "M"},
  {"type": "module", "line": 12, "filename": "tiny.4.wasm"},
  {"type": "assert_return", "line": 13, "action": {"type": "get", "field": "sg"},
   "expected": [{"type": "i32", "value": "666"}]},
  {"type": "assert_return", "line": 14, "action": {"type": "get", "field": "mg"},
   "expected": [{"type": "i32", "value": "42"}]},
  {"type": "assert_return", "line": 15, "action": {"type": "invoke", "module": "$M", "field": "f", "args": []},
   "expected": [{"type": "i32", "value": "7"}]},
  {"type": "assert_unlinkable", "line": 16, "filename": "tiny.5.wasm", "text": "unknown import", "module_type": "binary"},
  {"type": "assert_unlinkable", "line": 17, "filename": "tiny.6.wasm", "text": "incompatible import type", "module_type": "binary"},
  {"type": "assert_uninstantiable", "line": 18, "filename": "tiny.7.wasm", "text": "out of bounds memory access", "module_type": "binary"},
  {"type": "assert_trap", "line": 19, "action": {"type": "invoke", "module": "$M", "field": "f", "args": []},
   "text": "unreachable", "expected": [{"type": "i32"}]},
  {"type": "action", "line": 20, "action": {"type": "invoke", "module": "$M", "field": "trap", "args": []}, "expected": []},
  {"type": "action", "line": 21, "action": {"type": "invoke", "module": "$M", "field": "f", "args": []},
   "expected": [{"type": "i32"}]},
  {"type": "assert_return", "line": 22, "action": {"type": "invoke", "module": "$M", "field": "nope", "args": []},
   "expected": []},
  {"type": "assert_return", "line": 23, "action": {"type": "invoke", "module": "$X", "field": "f", "args": []},
   "expected": []},
  {"type": "assert_unlinkable", "line": 24, "filename": "tiny.4.wasm", "text": "unknown import", "module_type": "binary"},
  {"type": "assert_uninstantiable", "line": 25, "filename": "tiny.6.wasm", "text": "out of bounds memory access", "module_type": "binary"},
  {"type": "assert_trap", "line": 26, "action": {"type": "invoke", "module": "$M", "field": "trap", "args": []},
   "text": "integer overflow", "expected": []},
  {"type": "assert_return", "line": 27, "action": {"type": "invoke", "module": "$M", "field": "f",
   "args": [{"type": "i32", "value": "1"}]}, "expected": [{"type": "i32", "value": "7"}]},
  {"type": "module", "line": 28, "filename": "tiny.1.wasm"},
  {"type": "assert_return", "line": 29, "action": {"type": "get", "field": "sg"},
   "expected": [{"type": "i32", "value": "666"}]}
 ]})";

// The lines of kExecScript that must fail, each for its own reason.
constexpr uint32_t kExecFailures[] = {
    3,   // wrong value
    7,   // a NaN with the quiet bit clear is not arithmetic
    19,  // returned instead of trapping
    20,  // an action that traps
    22,  // no such export
    23,  // no such module
    24,  // instantiates fine
    25,  // unlinkable, not a trap
    26,  // another trap
    27,  // wrong argument count
    28,  // invalid module
    29,  // no current module after a failed one
};

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    write(dir_.path() / "tiny.0.wasm", valid_module());
    write(dir_.path() / "tiny.1.wasm", invalid_module());
    write(dir_.path() / "tiny.2.wasm", malformed_module());
    write(dir_.path() / "tiny.3.wat", "(module");
    write(dir_.path() / "tiny.4.wasm", importing_module());
    write(dir_.path() / "tiny.5.wasm", unknown_import_module());
    write(dir_.path() / "tiny.6.wasm", incompatible_import_module());
    write(dir_.path() / "tiny.7.wasm", trapping_data_module());
    write(dir_.path() / "tiny.json", kScript);
    write(dir_.path() / "exec.json", kExecScript);
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
  // Passed: module (1), assert_return (2), assert_invalid (3), assert_malformed (4).
  // Failed: assert_invalid of a valid module (6), invalid module (7), register with no
  // current module (8), unknown command (9). Skipped: text module (5).
  EXPECT_EQ(report.passed, 4u);
  EXPECT_EQ(report.failed, 4u);
  EXPECT_EQ(report.skipped, 1u);
  ASSERT_EQ(report.notes.size(), 4u);
  EXPECT_EQ(report.notes[0].line, 6u);
  EXPECT_EQ(report.notes[0].command, "assert_invalid");
  EXPECT_EQ(report.notes[0].message.rfind("module was accepted", 0), 0u);
  EXPECT_EQ(report.notes[1].line, 7u);
  EXPECT_EQ(report.notes[1].command, "module");
  EXPECT_NE(report.notes[1].message.find("type mismatch"), std::string::npos) << report.notes[1].message;
  EXPECT_NE(report.notes[1].message.find("(in function func[0])"), std::string::npos) << report.notes[1].message;
  EXPECT_EQ(report.notes[2].line, 8u);
  EXPECT_EQ(report.notes[2].message, "no module is instantiated");
  EXPECT_EQ(report.notes[3].line, 9u);
  EXPECT_FALSE(report.memory64);
}

TEST_F(RunnerTest, ExecutesEveryCommandKind) {
  const FileReport report = run_spec_file(dir_.path() / "exec.json", RunOptions{}, SkipList{});
  std::vector<uint32_t> failed;
  std::string messages;
  for (const CommandNote& note : report.notes) {
    failed.push_back(note.line);
    messages += "line " + std::to_string(note.line) + ": " + note.message + "\n";
  }
  EXPECT_EQ(failed, std::vector<uint32_t>(std::begin(kExecFailures), std::end(kExecFailures))) << messages;
  EXPECT_EQ(report.failed, std::size(kExecFailures)) << messages;
  EXPECT_EQ(report.passed, 29u - std::size(kExecFailures)) << messages;
  EXPECT_EQ(report.skipped, 0u);
}

TEST_F(RunnerTest, FailuresSayWhy) {
  const FileReport report = run_spec_file(dir_.path() / "exec.json", RunOptions{}, SkipList{});
  std::map<uint32_t, std::string> by_line;
  for (const CommandNote& note : report.notes) by_line[note.line] = note.message;
  EXPECT_EQ(by_line[3], "expected (i32:8 (0x00000008)), got (i32:7 (0x00000007))");
  EXPECT_EQ(by_line[7], "expected (f32:nan:arithmetic), got (f32:nan (0x7fa00000))");
  EXPECT_EQ(by_line[19].rfind("returned (i32:7 (0x00000007)), expected trap \"unreachable\"", 0), 0u) << by_line[19];
  EXPECT_EQ(by_line[20].rfind("unexpected trap: unreachable", 0), 0u) << by_line[20];
  EXPECT_EQ(by_line[22], "no exported function \"nope\"");
  EXPECT_EQ(by_line[23], "no module named $X");
  EXPECT_EQ(by_line[24], "module was instantiated, expected \"unknown import\"");
  EXPECT_EQ(by_line[25].rfind("expected \"out of bounds memory access\", got incompatible import", 0), 0u)
      << by_line[25];
  EXPECT_EQ(by_line[26].rfind("trapped with \"unreachable\"", 0), 0u) << by_line[26];
  EXPECT_EQ(by_line[27].rfind("call rejected: bad argument", 0), 0u) << by_line[27];
  EXPECT_EQ(by_line[29], "no module is instantiated");
}

// The JIT tier runs the same script with the same outcome, command by command.
TEST_F(RunnerTest, JitTierGivesTheSameOutcomes) {
  RunOptions jit;
  jit.engine = Engine::Jit;
  const FileReport interp_report = run_spec_file(dir_.path() / "exec.json", RunOptions{}, SkipList{});
  const FileReport jit_report = run_spec_file(dir_.path() / "exec.json", jit, SkipList{});
  EXPECT_EQ(jit_report.passed, interp_report.passed);
  EXPECT_EQ(jit_report.failed, interp_report.failed);
  ASSERT_EQ(jit_report.notes.size(), interp_report.notes.size());
  for (size_t i = 0; i < jit_report.notes.size(); ++i) {
    EXPECT_EQ(jit_report.notes[i].line, interp_report.notes[i].line);
    EXPECT_EQ(jit_report.notes[i].message, interp_report.notes[i].message);
  }
}

TEST_F(RunnerTest, VerboseExplainsEveryCommand) {
  RunOptions options;
  options.verbose = true;
  const FileReport report = run_spec_file(dir_.path() / "tiny.json", options, SkipList{});
  EXPECT_EQ(report.notes.size(), 9u);
  EXPECT_EQ(report.notes[1].outcome, Outcome::Passed);
  EXPECT_EQ(report.notes[1].message, "returned (i32:7 (0x00000007))");
  EXPECT_EQ(report.notes[4].outcome, Outcome::Skipped);
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
  EXPECT_EQ(report.passed, 3u);  // lines 2, 3, 4
  EXPECT_EQ(report.failed, 4u);  // line 1 (stale), 7, 8, 9
  EXPECT_EQ(report.skipped, 2u);  // lines 5 (text), 6 (expected failure)
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
  ASSERT_EQ(files.value().size(), 2u);
  EXPECT_EQ(files.value()[0].filename(), "exec.json");
  EXPECT_EQ(files.value()[1].filename(), "tiny.json");
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
  EXPECT_EQ(report.passed, 3u);
  EXPECT_EQ(report.failed, 0u) << (report.notes.empty() ? "" : report.notes[0].message);
  EXPECT_EQ(report.skipped, 0u);
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
