// Tests for `shortcrust run` (cli/run_command.cpp) and its argument parsing (cli/args.cpp):
// typed values, options, results, gas, traps, JSON, and every error with its exit status.
// Modules are tests/wat/cli_run*.wat, converted at build time (SHORTCRUST_TEST_WASM_DIR).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/capture.h"

namespace shortcrust::cli {
namespace {

std::string wasm_path(const std::string& name) { return std::string(SHORTCRUST_TEST_WASM_DIR) + "/" + name + ".wasm"; }

// Parses `args` as the words after `shortcrust` and runs the command, capturing output.
// A usage error from the parser is reported as status 2 with the message in `err`.
RunOutput run(std::vector<std::string> args) {
  std::vector<std::string_view> views(args.begin(), args.end());
  const ParsedArgs parsed = parse_args(views);
  if (!parsed.ok()) return {kExitUsage, "", parsed.error};
  return capture([&](std::FILE* out, std::FILE* err) { return run_run(parsed.invocation, out, err); });
}

Value parse_ok(std::string_view text) {
  Result<Value, std::string> v = parse_typed_value(text);
  EXPECT_TRUE(v.ok()) << text << ": " << (v.ok() ? "" : v.error());
  return v.ok() ? v.value() : Value();
}

TEST(RunArgs, TypedValues) {
  EXPECT_EQ(parse_ok("5"), Value::i32(5));
  EXPECT_EQ(parse_ok("-7"), Value::i32(-7));
  EXPECT_EQ(parse_ok("0x2a"), Value::i32(42));
  EXPECT_EQ(parse_ok("i32:4294967295"), Value::i32(-1));  // the unsigned range wraps
  EXPECT_EQ(parse_ok("i32:-2147483648"), Value::i32(INT32_MIN));
  EXPECT_EQ(parse_ok("i64:-3"), Value::i64(-3));
  EXPECT_EQ(parse_ok("i64:0xffffffffffffffff"), Value::i64(-1));
  EXPECT_EQ(parse_ok("f32:1.5"), Value::f32(1.5f));
  EXPECT_EQ(parse_ok("f32:0.1"), Value::f32(0.1f));  // rounded once, straight to f32
  EXPECT_EQ(parse_ok("f64:0x1p-3"), Value::f64(0.125));
  EXPECT_EQ(parse_ok("f64:-inf"), Value::f64_bits(0xfff0000000000000));
  EXPECT_EQ(parse_ok("f32:nan"), Value::f32_bits(0x7fc00000));
  EXPECT_EQ(parse_ok("f32:nan:0x1"), Value::f32_bits(0x7f800001));
  EXPECT_EQ(parse_ok("f64:-nan:0x8000000000000"), Value::f64_bits(0xfff8000000000000));
  EXPECT_EQ(parse_ok("f64:1e-320"), Value::f64(1e-320));  // subnormal, not an error

  for (const char* bad : {"", "x", "1.5", "i32:", "i32:4294967296", "i32:-2147483649", "i32:1.0",
                          "i64:18446744073709551616", "f32:1e39", "f64:1e400", "f32:1.5x", "f32: 1",
                          "f32:nan:0x800000", "f32:nan:0", "v128:0", "i32:0x"}) {
    EXPECT_FALSE(parse_typed_value(bad).ok()) << bad;
  }
  Result<Value, std::string> plain_float = parse_typed_value("1.5");
  ASSERT_FALSE(plain_float.ok());
  EXPECT_NE(plain_float.error().find("f64:X"), std::string::npos) << plain_float.error();
}

TEST(RunArgs, Options) {
  std::vector<std::string_view> words = {"run", "m.wasm", "--invoke", "f", "1", "-2", "i64:3", "--gas=100",
                                         "--json", "--memory64", "--engine", "jit"};
  const ParsedArgs p = parse_args(words);
  ASSERT_TRUE(p.ok()) << p.error;
  const Invocation& inv = p.invocation;
  EXPECT_EQ(inv.command, Subcommand::Run);
  EXPECT_EQ(inv.paths, std::vector<std::string>{"m.wasm"});
  EXPECT_EQ(inv.invoke, "f");
  EXPECT_EQ(inv.call_args, (std::vector<Value>{Value::i32(1), Value::i32(-2), Value::i64(3)}));
  EXPECT_EQ(inv.gas, 100u);
  EXPECT_TRUE(inv.json);
  EXPECT_TRUE(inv.memory64);
  EXPECT_EQ(inv.engine, spec::Engine::Jit);

  const auto fails = [](std::vector<std::string_view> args) { return !parse_args(args).ok(); };
  EXPECT_TRUE(fails({"run", "--invoke", "f"}));                 // no FILE
  EXPECT_TRUE(fails({"run", "m.wasm"}));                        // no --invoke
  EXPECT_TRUE(fails({"run", "m.wasm", "--invoke"}));
  EXPECT_TRUE(fails({"run", "m.wasm", "--invoke", "f", "--gas", "-1"}));
  EXPECT_TRUE(fails({"run", "m.wasm", "--invoke", "f", "--gas", "lots"}));
  EXPECT_TRUE(fails({"run", "m.wasm", "--invoke", "f", "--gas", "18446744073709551616"}));
  EXPECT_TRUE(fails({"run", "m.wasm", "--invoke", "f", "i32:x"}));
  EXPECT_TRUE(fails({"run", "m.wasm", "--invoke", "f", "--verbose"}));
  EXPECT_TRUE(fails({"run", "m.wasm", "--invoke", "f", "-x"}));
  EXPECT_EQ(parse_args(std::vector<std::string_view>{"run", "--help"}).invocation.help_topic, "run");
  EXPECT_NE(help_text("run").find("shortcrust run"), std::string::npos);
  EXPECT_NE(help_text("").find("run"), std::string::npos);
}

TEST(RunCommand, PrintsResultsAndGas) {
  const RunOutput r = run({"run", wasm_path("cli_run"), "--invoke", "add", "5", "i32:3"});
  EXPECT_EQ(r.status, kExitOk) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find("gas used: ")), "i32:8\n");
  EXPECT_NE(r.out.find("gas used: "), std::string::npos);
  EXPECT_EQ(r.err, "");

  const RunOutput e = run({"run", wasm_path("cli_run"), "--invoke", "echo", "i64:-3", "f32:1.5", "f64:0x1p-3"});
  EXPECT_EQ(e.status, kExitOk) << e.err;
  EXPECT_EQ(e.out.substr(0, e.out.find("gas used: ")), "i64:-3\nf32:1.5\nf64:0.125\n");

  const RunOutput n = run({"run", wasm_path("cli_run"), "--invoke", "nothing"});
  EXPECT_EQ(n.status, kExitOk) << n.err;
  EXPECT_EQ(n.out.rfind("gas used: ", 0), 0u) << n.out;

  // The JIT prints exactly what the interpreter prints, gas included.
  const RunOutput jit = run({"run", wasm_path("cli_run"), "--invoke", "add", "5", "i32:3", "--engine", "jit"});
  const RunOutput interp = run({"run", wasm_path("cli_run"), "--invoke", "add", "5", "i32:3", "--engine", "interp"});
  EXPECT_EQ(jit.status, kExitOk) << jit.err;
  EXPECT_EQ(jit.out, interp.out);
}

TEST(RunCommand, TrapsExitWithOne) {
  const RunOutput r = run({"run", wasm_path("cli_run"), "--invoke", "boom"});
  EXPECT_EQ(r.status, kExitFailure);
  EXPECT_NE(r.err.find("trap: unreachable in function boom"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("at offset 0x"), std::string::npos) << r.err;

  const RunOutput d = run({"run", wasm_path("cli_run"), "--invoke", "div", "1", "0"});
  EXPECT_EQ(d.status, kExitFailure);
  EXPECT_NE(d.err.find("integer divide by zero in function div"), std::string::npos) << d.err;
}

TEST(RunCommand, GasLimit) {
  const RunOutput r = run({"run", wasm_path("cli_run"), "--invoke", "spin", "--gas", "1000"});
  EXPECT_EQ(r.status, kExitFailure);
  EXPECT_NE(r.err.find("trap: out of gas in function spin"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "gas used: 1000\n");

  // Enough gas: the same limit is not reported as used.
  const RunOutput ok = run({"run", wasm_path("cli_run"), "--invoke", "add", "1", "2", "--gas", "1000"});
  EXPECT_EQ(ok.status, kExitOk) << ok.err;
}

TEST(RunCommand, Json) {
  const RunOutput r = run({"run", wasm_path("cli_run"), "--invoke", "echo", "--json", "i64:7", "f32:nan", "f64:2"});
  EXPECT_EQ(r.status, kExitOk) << r.err;
  EXPECT_EQ(r.out.rfind("{\"function\":\"echo\",\"results\":[{\"type\":\"i64\",\"value\":\"7\"},"
                        "{\"type\":\"f32\",\"value\":\"0x7fc00000 (nan)\",\"bits\":\"0x7fc00000\"},"
                        "{\"type\":\"f64\",\"value\":\"2\",\"bits\":\"0x4000000000000000\"}],\"gas_used\":",
                        0),
            0u)
      << r.out;
  EXPECT_NE(r.out.find("\"trap\":null}\n"), std::string::npos) << r.out;

  const RunOutput t = run({"run", wasm_path("cli_run"), "--invoke", "spin", "--json", "--gas", "50"});
  EXPECT_EQ(t.status, kExitFailure);
  EXPECT_NE(t.out.find("\"results\":[],\"gas_used\":50,\"trap\":{\"kind\":\"out_of_gas\",\"message\":\"out of gas\","
                       "\"function\":4,\"function_name\":\"spin\",\"offset\":"),
            std::string::npos)
      << t.out;
  EXPECT_EQ(t.err, "");
}

TEST(RunCommand, LoadAndCallErrorsExitWithTwo) {
  const auto expect_error = [](std::vector<std::string> args, const std::string& text) {
    const RunOutput r = run(std::move(args));
    EXPECT_EQ(r.status, kExitUsage) << r.out;
    EXPECT_NE(r.err.find(text), std::string::npos) << "expected '" << text << "' in: " << r.err;
  };
  const std::string m = wasm_path("cli_run");
  expect_error({"run", m, "--invoke", "missing"}, "no exported function 'missing' (exported functions: add, echo");
  expect_error({"run", m, "--invoke", "add", "1"}, "function 'add' takes 2 argument(s) (i32 i32), got 1");
  expect_error({"run", m, "--invoke", "echo", "1", "f32:1", "f64:1"}, "argument 1 of 'echo' is i64, got i32:1");
  expect_error({"run", wasm_path("cli_run_import"), "--invoke", "main"},
               "unresolved import env.log (func): `shortcrust run` provides no imports");
  expect_error({"run", wasm_path("does_not_exist"), "--invoke", "main"}, "does_not_exist.wasm: ");
  expect_error({"run", std::string(SHORTCRUST_TEST_WASM_DIR), "--invoke", "main"}, "is a directory");
  // Not a module: the same "FILE:OFFSET: message" as `shortcrust validate`.
  const std::string junk = (std::filesystem::temp_directory_path() / "shortcrust_run_test_junk.wasm").string();
  {
    std::ofstream file(junk, std::ios::binary);
    file << "not wasm";
  }
  expect_error({"run", junk, "--invoke", "main"}, junk + ":0: magic header not detected");
  std::filesystem::remove(junk);
}

TEST(RunCommand, Memory64NeedsTheFlag) {
  const std::string m = wasm_path("cli_run_memory64");
  const RunOutput off = run({"run", m, "--invoke", "roundtrip", "i64:8", "7"});
  EXPECT_EQ(off.status, kExitUsage);
  EXPECT_NE(off.err.find(m + ":"), std::string::npos) << off.err;
  const RunOutput on = run({"run", m, "--memory64", "--invoke", "roundtrip", "i64:8", "7"});
  EXPECT_EQ(on.status, kExitOk) << on.err;
  EXPECT_EQ(on.out.substr(0, on.out.find("gas used: ")), "i32:7\n");
  const RunOutput oob = run({"run", m, "--memory64", "--invoke", "roundtrip", "i64:0x10000000000", "7"});
  EXPECT_EQ(oob.status, kExitFailure);
  EXPECT_NE(oob.err.find("trap: out of bounds memory access"), std::string::npos) << oob.err;
}

TEST(RunCommand, StartFunctionTrap) {
  const RunOutput r = run({"run", wasm_path("cli_run_start_trap"), "--invoke", "main"});
  EXPECT_EQ(r.status, kExitFailure);
  EXPECT_NE(r.err.find("trap: unreachable in function start"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace shortcrust::cli
