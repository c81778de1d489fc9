// Compile throughput: Module::compile (decode, validate, translate for the tier) in bytes
// of Wasm per second, for every engine variant of bench/variants.h (each tier, gas
// metering on and off), over (a) 1 MiB generated modules of every bench::Shape and (b)
// the compiled C kernels (bench/kernels/*.wasm, small: they show the per-module cost).
// Rows are compile/<input>/<variant>; a tier that is not available skips its rows.
// `shortcrust_compile_bench --check` compiles small versions of every input in every
// available variant (a CTest); nothing asserts a timing.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/module_generator.h"
#include "bench/variants.h"
#include "shortcrust/engine.h"

namespace shortcrust::bench {
namespace {

constexpr size_t kGeneratedBytes = size_t{1} << 20;
constexpr size_t kCheckBytes = size_t{64} << 10;

struct Input {
  std::string name;
  std::vector<uint8_t> bytes;
  bool large;  // reported in ms rather than us
};

std::vector<Input> generated_inputs(size_t bytes, const char* size_name) {
  std::vector<Input> inputs;
  for (const Shape shape : kShapes) {
    inputs.push_back({std::string("generated/") + name(shape) + "_" + size_name,
                      generate_module(bytes, shape), true});
  }
  return inputs;
}

#ifdef SHORTCRUST_KERNELS_DIR
constexpr const char* kKernelNames[] = {
#define X(name, type, n, check_n) #name,
#include "bench/kernels/kernels.def"
#undef X
};
#endif

// The kernels' .wasm files, in kernels.def order; none without clang at configure time.
std::vector<Input> kernel_inputs() {
  std::vector<Input> inputs;
#ifdef SHORTCRUST_KERNELS_DIR
  for (const char* kernel : kKernelNames) {
    std::ifstream file(std::string(SHORTCRUST_KERNELS_DIR) + "/" + kernel + ".wasm", std::ios::binary);
    inputs.push_back({std::string("kernel/") + kernel,
                      {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()},
                      false});
  }
#endif
  return inputs;
}

// Why `input` cannot be compiled in `variant`, or nothing.
std::optional<std::string> compile_error(const Input& input, const Variant& variant) {
  if (const std::optional<std::string>& why = tier_unavailable(variant.tier)) {
    return unavailable_message(variant, *why);
  }
  if (input.bytes.empty()) return "cannot read the module (" + input.name + ")";
  const Engine engine(variant.config());
  const Result<Module> module = Module::compile(engine, input.bytes);
  if (!module.ok()) return "compile: " + describe(module.error());
  return std::nullopt;
}

void bench_compile(benchmark::State& state, const std::shared_ptr<const Input>& input,
                   const Variant& variant) {
  if (std::optional<std::string> why = compile_error(*input, variant)) {
    state.SkipWithError(why->c_str());
    return;
  }
  // One Engine for every iteration, as an embedder compiles many modules with one: its
  // type registry already holds the module's types after the first compile.
  const Engine engine(variant.config());
  for (auto _ : state) {
    Result<Module> module = Module::compile(engine, input->bytes);
    benchmark::DoNotOptimize(module);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * input->bytes.size()));
  state.counters["wasm_bytes"] = static_cast<double>(input->bytes.size());
}

void register_all() {
  std::vector<Input> inputs = generated_inputs(kGeneratedBytes, "1MiB");
  for (Input& kernel : kernel_inputs()) inputs.push_back(std::move(kernel));
  for (Input& input : inputs) {
    auto shared = std::make_shared<const Input>(std::move(input));
    for (const Variant& variant : kVariants) {
      benchmark::RegisterBenchmark(("compile/" + shared->name + "/" + variant.name).c_str(),
                                   bench_compile, shared, variant)
          ->Unit(shared->large ? benchmark::kMillisecond : benchmark::kMicrosecond);
    }
  }
}

// --check: every input (generated ones at 64 KiB) compiles in every available variant;
// exit status 1 otherwise. An unavailable JIT is reported and is not a failure.
int check_all() {
  std::vector<Input> inputs = generated_inputs(kCheckBytes, "64KiB");
  for (Input& kernel : kernel_inputs()) inputs.push_back(std::move(kernel));
  int failures = 0;
  for (const Variant& variant : kVariants) {
    if (const std::optional<std::string>& why = tier_unavailable(variant.tier)) {
      std::printf("%s: skipped, %s\n", variant.name, unavailable_message(variant, *why).c_str());
      if (variant.tier == Tier::Interp) ++failures;
      continue;
    }
    for (const Input& input : inputs) {
      if (std::optional<std::string> why = compile_error(input, variant)) {
        std::fprintf(stderr, "%s/%s (%zu bytes): %s\n", input.name.c_str(), variant.name,
                     input.bytes.size(), why->c_str());
        ++failures;
      } else {
        std::printf("%s/%s (%zu bytes): compiles\n", input.name.c_str(), variant.name,
                    input.bytes.size());
      }
    }
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace shortcrust::bench

int main(int argc, char** argv) {
  return shortcrust::bench::benchmark_main(argc, argv, &shortcrust::bench::check_all, &shortcrust::bench::register_all);
}
