// shortcrust_kernel_runner: times calls of one exported function of a kernel module, for
// bench/compare.py. Compiles and instantiates once (untimed), then calls the export R
// times with one i32 argument and prints one JSON line: the result of the last call, each
// call's wall time in ns, the compile time and the gas used. Only Store::call is timed, so
// the numbers compare with the other engines' in-process timings (no process start, no
// compilation). Exit status: 0 called, 1 trapped or failed, 2 usage, 3 tier unavailable.
//
//   shortcrust_kernel_runner FILE.wasm EXPORT N [--engine interp|jit] [--runs R] [--no-gas]

#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "bench/variants.h"
#include "shortcrust/engine.h"
#include "shortcrust/linker.h"
#include "shortcrust/store.h"
#include "shortcrust/value.h"

namespace shortcrust::bench {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitUnavailable = 3;

struct Options {
  std::string path;
  std::string export_name;
  int32_t n = 0;
  Tier tier = Tier::Interp;
  int runs = 1;
  bool metering = true;
};

std::optional<int64_t> parse_integer(const char* text, int64_t min, int64_t max) {
  char* end = nullptr;
  const long long value = std::strtoll(text, &end, 10);
  if (end == text || *end != '\0' || value < min || value > max) return std::nullopt;
  return value;
}

std::optional<Options> parse(int argc, char** argv) {
  Options options;
  std::vector<const char*> positional;
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (std::strcmp(arg, "--engine") == 0 && has_value) {
      const char* engine = argv[++i];
      if (std::strcmp(engine, "interp") == 0) options.tier = Tier::Interp;
      else if (std::strcmp(engine, "jit") == 0) options.tier = Tier::Jit;
      else return std::nullopt;
    } else if (std::strcmp(arg, "--runs") == 0 && has_value) {
      const std::optional<int64_t> runs = parse_integer(argv[++i], 1, 1000);
      if (!runs) return std::nullopt;
      options.runs = static_cast<int>(*runs);
    } else if (std::strcmp(arg, "--no-gas") == 0) {
      options.metering = false;
    } else if (arg[0] == '-' && arg[1] == '-') {
      return std::nullopt;
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() != 3) return std::nullopt;
  const std::optional<int64_t> n = parse_integer(positional[2], INT32_MIN, INT32_MAX);
  if (!n) return std::nullopt;
  options.path = positional[0];
  options.export_name = positional[1];
  options.n = static_cast<int32_t>(*n);
  return options;
}

// The failure as one JSON line, so compare.py can show why; returns `status`.
int fail(int status, const std::string& what) {
  std::string escaped;
  for (const char c : what) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
  }
  std::printf("{\"error\": \"%s\"}\n", escaped.c_str());
  return status;
}

int64_t elapsed_ns(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
}

// The result as decimal text: i32 and i64 in signed decimal, like the native runner.
std::string result_text(const Value& value) {
  switch (value.type()) {
    case ValType::I32: return std::to_string(value.i32());
    case ValType::I64: return std::to_string(value.i64());
    default: return value.describe();  // not a kernel's checksum type: shown as is
  }
}

int run(const Options& options) {
  std::ifstream file(options.path, std::ios::binary);
  const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  if (bytes.empty()) return fail(kExitUsage, "cannot read " + options.path);

  // A tier that cannot compile anything here (the JIT on another host) is "unavailable",
  // which compare.py reports as such; failing on this module is a real failure.
  if (const std::optional<std::string>& why = tier_unavailable(options.tier)) {
    return fail(kExitUnavailable, "unavailable: " + *why);
  }
  EngineConfig config;
  config.tier = options.tier;
  config.gas_metering = options.metering;
  const Engine engine(config);
  const auto compile_start = std::chrono::steady_clock::now();
  Result<Module> module = Module::compile(engine, bytes);
  const int64_t compile_ns = elapsed_ns(compile_start);
  if (!module.ok()) return fail(kExitFailed, "compile: " + describe(module.error()));
  Store store(engine);
  Result<Instance, InstantiationError> instance = Linker().instantiate(store, module.value());
  if (!instance.ok()) return fail(kExitFailed, "instantiate: " + instance.error().message);
  const Func func = instance.value().func(options.export_name);
  if (!func) return fail(kExitUsage, "no exported function " + options.export_name);

  const Value args[] = {Value::i32(options.n)};
  std::vector<int64_t> times;
  CallOutcome last;
  for (int run = 0; run < options.runs; ++run) {
    const auto start = std::chrono::steady_clock::now();
    Result<CallOutcome> outcome = store.call(func, args);
    times.push_back(elapsed_ns(start));
    if (!outcome.ok()) return fail(kExitFailed, "call: " + describe(outcome.error()));
    if (outcome.value().trap) return fail(kExitFailed, "trap: " + outcome.value().trap->describe());
    last = std::move(outcome.value());
  }
  if (last.results.size() != 1) return fail(kExitFailed, "expected one result");

  std::printf("{\"result\": \"%s\", \"times_ns\": [", result_text(last.results[0]).c_str());
  for (size_t i = 0; i < times.size(); ++i) std::printf("%s%" PRId64, i == 0 ? "" : ", ", times[i]);
  std::printf("], \"compile_ns\": %" PRId64 ", \"gas_used\": %" PRIu64 "}\n", compile_ns, last.gas_used);
  return kExitOk;
}

}  // namespace
}  // namespace shortcrust::bench

int main(int argc, char** argv) {
  const std::optional<shortcrust::bench::Options> options = shortcrust::bench::parse(argc, argv);
  if (!options) {
    std::fprintf(stderr,
                 "usage: shortcrust_kernel_runner FILE.wasm EXPORT N [--engine interp|jit] [--runs R] [--no-gas]\n");
    return shortcrust::bench::kExitUsage;
  }
  return shortcrust::bench::run(*options);
}
