// Front-end throughput: decode_module() alone and decode_module() + validate_module(), in
// bytes of Wasm per second, over (a) a generated module of 1 MiB (bench/module_generator.h)
// and (b) the largest valid binary modules of the spec suite, read from the folder in
// $SHORTCRUST_BENCH_MODULES (scripts/bench.sh fills it with scripts/fuzz-corpus.sh).
// `shortcrust_bench --check` only decodes and validates the generated module (a CTest).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "bench/module_generator.h"
#include "bench/variants.h"
#include "decoder/module.h"
#include "shortcrust/config.h"
#include "validator/validator.h"

namespace shortcrust::bench {
namespace {

constexpr size_t kGeneratedBytes = size_t{1} << 20;
constexpr size_t kSpecModules = 3;  // how many of the largest spec modules to measure

struct Input {
  std::string name;
  std::vector<uint8_t> bytes;
  Features features;
};

Result<void> decode_and_validate(const Input& input) {
  SC_TRY(decoder::Module module, decoder::decode_module(input.bytes, input.features));
  return validator::validate_module(module, input.features);
}

void bench_decode(benchmark::State& state, const std::shared_ptr<const Input>& input) {
  for (auto _ : state) {
    auto module = decoder::decode_module(input->bytes, input->features);
    benchmark::DoNotOptimize(module);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * input->bytes.size()));
}

void bench_decode_validate(benchmark::State& state, const std::shared_ptr<const Input>& input) {
  for (auto _ : state) {
    auto module = decoder::decode_module(input->bytes, input->features);
    if (module.ok()) {
      auto valid = validator::validate_module(module.value(), input->features);
      benchmark::DoNotOptimize(valid);
    }
    benchmark::DoNotOptimize(module);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * input->bytes.size()));
}

// Registers both benchmarks for an input, or two that report why they cannot run.
void register_input(std::shared_ptr<const Input> input) {
  const Result<void> checked = decode_and_validate(*input);
  if (!checked.ok()) {
    const std::string why = "module does not validate: " + describe(checked.error());
    auto skip = [why](benchmark::State& state) { state.SkipWithError(why.c_str()); };
    benchmark::RegisterBenchmark(("decode/" + input->name).c_str(), skip);
    benchmark::RegisterBenchmark(("decode_validate/" + input->name).c_str(), skip);
    return;
  }
  benchmark::RegisterBenchmark(("decode/" + input->name).c_str(), bench_decode, input);
  benchmark::RegisterBenchmark(("decode_validate/" + input->name).c_str(),
                               bench_decode_validate, input);
}

std::shared_ptr<const Input> generated_input() {
  auto input = std::make_shared<Input>();
  input->name = "generated_1MiB";
  input->bytes = generate_module(kGeneratedBytes);
  return input;
}

std::vector<uint8_t> read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// The kSpecModules largest modules of `dir` that validate with memory64 off or, failing
// that, on. Ties in size are broken by name so the choice is stable.
std::vector<std::shared_ptr<const Input>> largest_spec_modules(const std::filesystem::path& dir) {
  struct Candidate {
    uintmax_t size;
    std::filesystem::path path;
  };
  std::vector<Candidate> candidates;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".wasm") continue;
    candidates.push_back({entry.file_size(ec), entry.path()});
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& l, const Candidate& r) {
    return l.size != r.size ? l.size > r.size : l.path < r.path;
  });
  std::vector<std::shared_ptr<const Input>> chosen;
  for (const Candidate& c : candidates) {
    if (chosen.size() == kSpecModules) break;
    auto input = std::make_shared<Input>();
    input->name = "spec/" + c.path.filename().string();
    input->bytes = read_file(c.path);
    if (!decode_and_validate(*input).ok()) {
      input->features.memory64 = true;
      if (!decode_and_validate(*input).ok()) continue;
    }
    chosen.push_back(std::move(input));
  }
  return chosen;
}

void register_spec_modules() {
  const char* dir = std::getenv("SHORTCRUST_BENCH_MODULES");
  std::string why;
  if (dir == nullptr || *dir == 0) {
    why = "SHORTCRUST_BENCH_MODULES is not set (scripts/bench.sh sets it)";
  } else {
    auto chosen = largest_spec_modules(dir);
    for (auto& input : chosen) register_input(std::move(input));
    if (!chosen.empty()) return;
    why = std::string("no valid .wasm module in ") + dir;
  }
  benchmark::RegisterBenchmark("decode_validate/spec", [why](benchmark::State& state) {
    state.SkipWithError(why.c_str());
  });
}

// --check: exit status 0 if the generated module decodes and validates.
int check_generated() {
  const auto input = generated_input();
  const Result<void> checked = decode_and_validate(*input);
  if (!checked.ok()) {
    std::fprintf(stderr, "generated module (%zu bytes): offset %llu: %s\n",
                 input->bytes.size(), static_cast<unsigned long long>(checked.error().offset),
                 describe(checked.error()).c_str());
    return 1;
  }
  std::printf("generated module: %zu bytes, valid\n", input->bytes.size());
  return 0;
}

}  // namespace
}  // namespace shortcrust::bench

namespace shortcrust::bench {
namespace {
void register_inputs() {
  register_input(generated_input());
  register_spec_modules();
}
}  // namespace
}  // namespace shortcrust::bench

int main(int argc, char** argv) {
  return shortcrust::bench::benchmark_main(argc, argv, &shortcrust::bench::check_generated,
                                           &shortcrust::bench::register_inputs);
}
