// ExecTest: the fixture of the execution tests (tests/exec/*_test.cpp). Every test runs
// once per tier in {kExecTiers} (HOUSE-STYLE §10 "Every tier, one test"), so one set of
// expectations on results, traps and gas binds every tier. Modules are WAT files,
// tests/wat/<name>.wat, converted by wat2wasm (with the name section) at build time.
// Helpers throw std::runtime_error for broken test infrastructure (missing file, module
// that does not compile); GoogleTest reports that as a failure of the test.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "decoder/instruction.h"
#include "decoder/module.h"
#include "decoder/opcodes.h"
#include "decoder/reader.h"
#include "shortcrust/engine.h"
#include "shortcrust/linker.h"
#include "shortcrust/store.h"
#include "shortcrust/trap.h"
#include "shortcrust/value.h"
#include "validator/validator.h"

namespace shortcrust {

// GoogleTest printers, so failures show "i32:42" and "out of gas" instead of bytes.
inline void PrintTo(const Value& value, std::ostream* os) { *os << value.describe(); }
inline void PrintTo(TrapKind kind, std::ostream* os) { *os << message(kind); }
inline void PrintTo(Tier tier, std::ostream* os) { *os << (tier == Tier::Interp ? "Interp" : "Jit"); }

}  // namespace shortcrust

namespace shortcrust::test {

using decoder::Op;

// The tiers every execution test runs under.
inline const auto kExecTiers = ::testing::Values(Tier::Interp, Tier::Jit);

inline std::string tier_name(const ::testing::TestParamInfo<Tier>& info) {
  switch (info.param) {
    case Tier::Interp: return "Interp";
    case Tier::Jit: return "Jit";
  }
  return "Unknown";
}

// Instantiates the TEST_Ps of `fixture` (a class derived from ExecTest) for every tier.
#define SC_EXEC_TESTS(fixture) \
  INSTANTIATE_TEST_SUITE_P(Tiers, fixture, ::shortcrust::test::kExecTiers, ::shortcrust::test::tier_name)

inline std::vector<uint8_t> read_test_wasm(std::string_view name) {
  const std::string path = std::string(SHORTCRUST_TEST_WASM_DIR) + "/" + std::string(name) + ".wasm";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path + " (converted from tests/wat/*.wat)");
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A point in a module's code: the `nth` (from 0) occurrence of `op` in the body of the
// function named `function` (its $name in the WAT, kept in the name section).
struct Site {
  std::string_view function;
  Op op;
  uint32_t nth = 0;
};

// One gas vector (ARCHITECTURE §5): calling `func` with `args` costs exactly `need`.
// With limit `need` the call ends as unmetered (`results`, or a `trap` of that kind after
// paying `need`); with limit `need - 1` it traps OutOfGas at `starved`, the first
// instruction of the segment that did not fit or the dynamic-cost instruction.
struct GasVector {
  std::string_view func;
  std::vector<Value> args;
  uint64_t need = 0;
  std::vector<Value> results;
  std::optional<TrapKind> trap;
  Site starved;
};

class ExecTest : public ::testing::TestWithParam<Tier> {
 protected:
  // Memory64 is on so that every WAT file loads under the same configuration.
  static EngineConfig default_config(Tier tier) {
    EngineConfig config;
    config.tier = tier;
    config.features.memory64 = true;
    return config;
  }

  // The configuration of the engine, created on first use of store(): change it first.
  EngineConfig config_ = default_config(GetParam());
  // Imports for load(): define host functions and other instances' exports here.
  Linker linker_;
  // What the last load() instantiated.
  Instance instance_;

  Engine& engine() {
    if (!engine_) engine_ = std::make_unique<Engine>(config_);
    return *engine_;
  }
  Store& store() {
    if (!store_) store_ = std::make_unique<Store>(engine());
    return *store_;
  }

  // Compiles and instantiates tests/wat/<name>.wat; it becomes {instance_}.
  Instance load(std::string_view name) {
    bytes_ = read_test_wasm(name);
    auto module = Module::compile(engine(), bytes_);
    if (!module.ok())
      throw std::runtime_error(std::string(name) + ".wasm does not compile: " + describe(module.error()) +
                               " at offset " + std::to_string(module.error().offset));
    auto instance = linker_.instantiate(store(), module.value());
    if (!instance.ok())
      throw std::runtime_error(std::string(name) + ".wasm does not instantiate: " + instance.error().message);
    instance_ = instance.value();
    return instance_;
  }

  // Defines a host function as module.name in {linker_}.
  Func define_host(std::string module, std::string name, FuncType type, HostCallback callback) {
    Func func = store().create_function(std::move(type), std::move(callback), name);
    linker_.define(std::move(module), std::move(name), func);
    return func;
  }

  CallOutcome call_in(Instance instance, std::string_view export_name, const std::vector<Value>& args,
                      std::optional<uint64_t> gas_limit = {}) {
    Func func = instance.func(export_name);
    if (!func) throw std::runtime_error("no exported function " + std::string(export_name));
    auto outcome = store().call(func, args, CallOptions{gas_limit});
    if (!outcome.ok())
      throw std::runtime_error("Store::call(" + std::string(export_name) +
                               ") failed: " + describe(outcome.error()));
    return std::move(outcome).value();
  }
  CallOutcome call(std::string_view export_name, const std::vector<Value>& args = {},
                   std::optional<uint64_t> gas_limit = {}) {
    return call_in(instance_, export_name, args, gas_limit);
  }

  // The call returns exactly `results` (types and bits).
  void expect_results(std::string_view export_name, const std::vector<Value>& args,
                      const std::vector<Value>& results) {
    SCOPED_TRACE(std::string(export_name));
    const CallOutcome outcome = call(export_name, args);
    if (outcome.trap) {
      ADD_FAILURE() << "trapped: " << outcome.trap->describe();
      return;
    }
    EXPECT_EQ(outcome.results, results);
  }
  void expect_i32(std::string_view export_name, const std::vector<Value>& args, int32_t result) {
    expect_results(export_name, args, {Value::i32(result)});
  }
  void expect_i64(std::string_view export_name, const std::vector<Value>& args, int64_t result) {
    expect_results(export_name, args, {Value::i64(result)});
  }

  // The call traps with `kind`; returns the trap for further checks.
  Trap expect_trap(std::string_view export_name, const std::vector<Value>& args, TrapKind kind,
                   std::optional<uint64_t> gas_limit = {}) {
    SCOPED_TRACE(std::string(export_name));
    const CallOutcome outcome = call(export_name, args, gas_limit);
    if (!outcome.trap) {
      ADD_FAILURE() << "did not trap; expected " << message(kind);
      return {};
    }
    EXPECT_EQ(outcome.trap->kind, kind) << outcome.trap->describe();
    EXPECT_TRUE(outcome.results.empty());
    return *outcome.trap;
  }

  // The trap names the function of `site` (index and name-section name) and its offset.
  void expect_trap_site(const Trap& trap, const Site& site) {
    EXPECT_EQ(trap.function, function_index(site.function)) << trap.describe();
    EXPECT_EQ(trap.function_name, site.function) << trap.describe();
    EXPECT_EQ(trap.offset, offset_of(site)) << trap.describe();
  }

  // Limit `limit` runs out at `site`: OutOfGas there, and the whole limit is used.
  void expect_out_of_gas(std::string_view export_name, const std::vector<Value>& args, uint64_t limit,
                         const Site& site) {
    SCOPED_TRACE(std::string(export_name) + " with gas limit " + std::to_string(limit));
    const CallOutcome outcome = call(export_name, args, limit);
    if (!outcome.trap) {
      ADD_FAILURE() << "did not run out of gas; used " << outcome.gas_used;
      return;
    }
    EXPECT_EQ(outcome.trap->kind, TrapKind::OutOfGas) << outcome.trap->describe();
    EXPECT_EQ(outcome.gas_used, limit);
    expect_trap_site(*outcome.trap, site);
  }

  // The three runs of a gas vector: unlimited, limit = need, limit = need - 1.
  void check_gas(const GasVector& v) {
    SCOPED_TRACE("gas vector " + std::string(v.func));
    std::vector<std::optional<uint64_t>> limits = {std::nullopt, v.need};
    for (const auto& limit : limits) {
      SCOPED_TRACE(limit ? "limit " + std::to_string(*limit) : std::string("unlimited"));
      const CallOutcome outcome = call(v.func, v.args, limit);
      EXPECT_EQ(outcome.gas_used, v.need);
      if (v.trap) {
        ASSERT_TRUE(outcome.trap.has_value()) << "expected " << message(*v.trap);
        EXPECT_EQ(outcome.trap->kind, *v.trap) << outcome.trap->describe();
      } else {
        ASSERT_FALSE(outcome.trap.has_value()) << outcome.trap->describe();
        EXPECT_EQ(outcome.results, v.results);
      }
    }
    if (v.need > 0) expect_out_of_gas(v.func, v.args, v.need - 1, v.starved);
  }

  // The index of the function named `name` in the name section of the last load().
  uint32_t function_index(std::string_view name) {
    const decoder::Module& module = decoded();
    for (const auto& [index, function_name] : module.names.functions)
      if (function_name == name) return index;
    throw std::runtime_error("no function named $" + std::string(name) + " in the name section");
  }

  // The module offset of `site` in the last load()'s module.
  uint64_t offset_of(const Site& site) {
    const decoder::Module& module = decoded();
    const uint32_t index = function_index(site.function);
    if (index < module.imported_functions)
      throw std::runtime_error("$" + std::string(site.function) + " is imported: it has no code");
    const decoder::Span code = module.facts[index - module.imported_functions].code;
    decoder::Reader reader(module.bytes.subspan(code.offset, code.size), code.offset);
    const bool offsets64 = !module.memory_types.empty() && module.memory_types[0].limits.is64;
    std::vector<uint32_t> targets;
    decoder::Instr instr;
    uint32_t seen = 0;
    while (!reader.at_end()) {
      if (!decoder::read_instr(reader, instr, offsets64, config_.limits, targets).ok())
        throw std::runtime_error("cannot decode the body of $" + std::string(site.function));
      if (instr.op == site.op && seen++ == site.nth) return instr.offset;
    }
    throw std::runtime_error("$" + std::string(site.function) + " has no occurrence " +
                             std::to_string(site.nth) + " of " + decoder::info(site.op).text);
  }

 private:
  // The last load()'s module, decoded and validated by the front end (for names and
  // instruction offsets only; the engine under test compiles its own copy).
  const decoder::Module& decoded() {
    if (decoded_bytes_ != bytes_ || !decoded_) {
      decoded_bytes_ = bytes_;
      auto module = decoder::decode_module(decoded_bytes_, config_.features, config_.limits);
      if (!module.ok()) throw std::runtime_error("test module does not decode");
      decoded_ = std::make_unique<decoder::Module>(std::move(module).value());
      if (!validator::validate_module(*decoded_, config_.features, config_.limits).ok())
        throw std::runtime_error("test module does not validate");
    }
    return *decoded_;
  }

  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Store> store_;
  std::vector<uint8_t> bytes_;
  std::vector<uint8_t> decoded_bytes_;
  std::unique_ptr<decoder::Module> decoded_;
};

}  // namespace shortcrust::test
