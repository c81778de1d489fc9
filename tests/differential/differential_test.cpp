// Tests of the differential harness (differential.h): {compare} notices every kind of
// difference, and {run_module} records what a tiny module really does (results, traps
// with offsets, gas, memory hashes), identically when run twice.
#include "tests/differential/differential.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/support/wasm_bytes.h"

namespace shortcrust::differential {
namespace {

using namespace shortcrust::test;

// add(a, b) = a + b, div(a, b) = a / b (unsigned), store(addr, v) stores the byte v;
// memory "mem" of one page whose byte 0 is `first_byte` (a data segment).
Bytes sample_module(uint8_t first_byte) {
  const Bytes ii_i = func_type({kI32, kI32}, {kI32});
  const Bytes ii_v = func_type({kI32, kI32}, {});
  const Bytes add = code_entry({}, {0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b});
  const Bytes div = code_entry({}, {0x20, 0x00, 0x20, 0x01, 0x6e, 0x0b});
  const Bytes store = code_entry({}, {0x20, 0x00, 0x20, 0x01, 0x3a, 0x00, 0x00, 0x0b});
  auto export_entry = [](std::string_view n, uint8_t kind, uint8_t index) {
    return cat({name(n), Bytes{kind, index}});
  };
  return module({section(1, vec({ii_i, ii_v})), section(3, vec({{0x00}, {0x00}, {0x01}})),
                 section(5, vec({{0x00, 0x01}})),
                 section(7, vec({export_entry("add", 0, 0), export_entry("div", 0, 1), export_entry("store", 0, 2),
                                 export_entry("mem", 2, 0)})),
                 section(10, vec({add, div, store})),
                 section(11, vec({cat({Bytes{0x00, 0x41, 0x00, 0x0b}, vec({{first_byte}})})}))});
}

// The module offset of the i32.div_u in `bytes` (its body is unique in the sample).
uint64_t div_offset(const Bytes& bytes) {
  const Bytes body = {0x20, 0x00, 0x20, 0x01, 0x6e};
  auto it = std::search(bytes.begin(), bytes.end(), body.begin(), body.end());
  return static_cast<uint64_t>(it - bytes.begin()) + 4;
}

std::vector<RunRecord> run(const Bytes& bytes) {
  ModuleRun result = run_module(bytes, default_config(), Tier::Interp, Inputs{});
  EXPECT_TRUE(result.ok());
  return result.ok() ? result.value() : std::vector<RunRecord>{};
}

// record_lines("sample.wasm", ...) of sample_module(0x11), every line but the module
// name and the (empty) globals and tables hashes. Hashes are XXH3-64, the same on
// every machine.
constexpr const char* kNoState = " globals=2d06800538d394c2 tables=2d06800538d394c2\n";
const std::vector<std::string> kSampleRecords = {
    "instantiate failure=none results= trap=none gas=0 memories=8d29764dc31b8425",
    "call \"add\" set=0 results=i32:0x0 trap=none gas=3 memories=8d29764dc31b8425",
    "call \"add\" set=1 results=i32:0x3 trap=none gas=3 memories=8d29764dc31b8425",
    "call \"add\" set=2 results=i32:0x563700d1 trap=none gas=3 memories=8d29764dc31b8425",
    "call \"add\" set=3 results=i32:0x11e trap=none gas=3 memories=8d29764dc31b8425",
    "call \"div\" set=0 results= trap=integer_divide_by_zero/1/0x4f gas=3 memories=8d29764dc31b8425",
    "call \"div\" set=1 results=i32:0x0 trap=none gas=3 memories=8d29764dc31b8425",
    "call \"div\" set=2 results=i32:0x3ffffff trap=none gas=3 memories=8d29764dc31b8425",
    "call \"div\" set=3 results=i32:0x0 trap=none gas=3 memories=8d29764dc31b8425",
    "call \"store\" set=0 results= trap=none gas=6 memories=e71f7c041bef853c",
    "call \"store\" set=1 results= trap=none gas=6 memories=62a1b65f3e6c7af4",
    "call \"store\" set=2 results= trap=memory_out_of_bounds/2/0x57 gas=6 memories=62a1b65f3e6c7af4",
    "call \"store\" set=3 results= trap=memory_out_of_bounds/2/0x57 gas=6 memories=62a1b65f3e6c7af4"};

RunRecord sample_record() {
  RunRecord r;
  r.export_name = "f";
  r.arg_set = 1;
  r.results = {{ValType::I32, 7}, {ValType::F64, 0x7ff8'0000'0000'0000ull}};
  r.gas_used = 120;
  r.memory_hashes = {0x1234, 0x5678};
  r.globals_hash = 9;
  r.tables_hash = 10;
  return r;
}

TEST(DifferentialCompare, EqualRecordsHaveNoDifference) {
  EXPECT_EQ(compare(sample_record(), sample_record()), "");
}

TEST(DifferentialCompare, ChangedResultIsReported) {
  RunRecord b = sample_record();
  b.results[1].second = 0x7ff8'0000'0000'0001ull;  // another NaN payload
  EXPECT_NE(compare(sample_record(), b).find("results"), std::string::npos) << compare(sample_record(), b);
  b = sample_record();
  b.results[0].first = ValType::F32;
  EXPECT_NE(compare(sample_record(), b), "");
  b = sample_record();
  b.results.pop_back();
  EXPECT_NE(compare(sample_record(), b), "");
}

TEST(DifferentialCompare, ChangedTrapIsReported) {
  RunRecord a = sample_record();
  a.results.clear();
  a.trap = TrapKind::MemoryOutOfBounds;
  a.trap_function = 3;
  a.trap_offset = 0x40;
  RunRecord b = a;
  b.trap = TrapKind::IntegerDivideByZero;
  EXPECT_NE(compare(a, b).find("integer_divide_by_zero"), std::string::npos) << compare(a, b);
  b = a;
  b.trap_offset = 0x41;
  EXPECT_NE(compare(a, b).find("0x41"), std::string::npos) << compare(a, b);
  b = a;
  b.trap_function = 4;
  EXPECT_NE(compare(a, b), "");
  b = a;
  b.trap.reset();
  EXPECT_NE(compare(a, b).find("no trap"), std::string::npos);
}

TEST(DifferentialCompare, ChangedGasIsReported) {
  RunRecord b = sample_record();
  b.gas_used = 121;
  EXPECT_NE(compare(sample_record(), b).find("gas used 120 vs 121"), std::string::npos) << compare(sample_record(), b);
}

TEST(DifferentialCompare, ChangedStateIsReported) {
  RunRecord b = sample_record();
  b.memory_hashes[1] ^= 1;
  EXPECT_NE(compare(sample_record(), b).find("memory 1 differs"), std::string::npos);
  b = sample_record();
  b.globals_hash = 0;
  EXPECT_NE(compare(sample_record(), b).find("globals"), std::string::npos);
  b = sample_record();
  b.tables_hash = 0;
  EXPECT_NE(compare(sample_record(), b).find("tables"), std::string::npos);
}

TEST(DifferentialCompare, RunsCompareLengthAndAcceptance) {
  std::vector<RunRecord> a = {sample_record(), sample_record()};
  std::vector<RunRecord> b = {sample_record()};
  EXPECT_NE(compare(a, b), "");
  EXPECT_EQ(compare(a, a), "");
  const ModuleRun accepted = a;
  const ModuleRun refused = Error{Errc::UnsupportedFeature, 0, kNoFunction, "jit tier"};
  EXPECT_NE(compare(accepted, refused).find("accepted vs refused"), std::string::npos);
  EXPECT_NE(compare(refused, accepted).find("refused"), std::string::npos);
  EXPECT_EQ(compare(refused, refused), "");  // both refuse: agreement (counted as skipped)
}

TEST(DifferentialRun, RecordsResultsTrapsGasAndMemory) {
  const Bytes bytes = sample_module(0x11);
  const std::vector<RunRecord> records = run(bytes);
  // The instantiation, then 4 argument sets for each of the 3 exported functions.
  ASSERT_EQ(records.size(), 1u + 3 * 4);
  EXPECT_EQ(records[0].describe_step(), "instantiation");
  EXPECT_FALSE(records[0].instantiation_failure.has_value());
  ASSERT_EQ(records[0].memory_hashes.size(), 1u);

  const RunRecord& add_zeros = records[1];
  EXPECT_EQ(add_zeros.export_name, "add");
  EXPECT_EQ(add_zeros.results, (std::vector<std::pair<ValType, uint64_t>>{{ValType::I32, 0}}));
  EXPECT_GT(add_zeros.gas_used, 0u);
  const RunRecord& add_small = records[2];
  EXPECT_EQ(add_small.results, (std::vector<std::pair<ValType, uint64_t>>{{ValType::I32, 3}}));  // 1 + 2

  const RunRecord& div_zeros = records[5];
  EXPECT_EQ(div_zeros.export_name, "div");
  EXPECT_EQ(div_zeros.trap, TrapKind::IntegerDivideByZero);
  EXPECT_EQ(div_zeros.trap_function, 1u);
  EXPECT_EQ(div_zeros.trap_offset, div_offset(bytes));
  EXPECT_TRUE(div_zeros.results.empty());

  // store(0, 0) overwrites the data byte 0x11 and store(1, 2) writes another byte: each
  // changes the memory hash, which the state carried between calls shows.
  const RunRecord& store_zeros = records[9];
  const RunRecord& store_small = records[10];
  EXPECT_EQ(store_zeros.export_name, "store");
  EXPECT_NE(store_zeros.memory_hashes, records[8].memory_hashes);
  EXPECT_NE(store_small.memory_hashes, store_zeros.memory_hashes);
  EXPECT_EQ(records[8].memory_hashes, records[0].memory_hashes);  // add and div write nothing
}

TEST(DifferentialRun, SameModuleTwiceAgreesAndOneByteDiffers) {
  const Bytes bytes = sample_module(0x11);
  EXPECT_EQ(compare(run(bytes), run(bytes)), "");
  const std::string difference = compare(run(bytes), run(sample_module(0x12)));
  EXPECT_NE(difference.find("memory 0 differs"), std::string::npos) << difference;
}

TEST(DifferentialRun, RefusedModuleIsAnError) {
  const Bytes garbage = {0x00, 0x61, 0x73, 0x6d, 0x02, 0x00};
  EXPECT_FALSE(run_module(garbage, default_config(), Tier::Interp, Inputs{}).ok());
}

TEST(DifferentialRecord, LineHasEveryFieldInCanonicalForm) {
  RunRecord r = sample_record();
  EXPECT_EQ(record_line("dir/m.wasm", r),
            "dir/m.wasm call \"f\" set=1 results=i32:0x7,f64:0x7ff8000000000000 trap=none gas=120 "
            "memories=0000000000001234,0000000000005678 globals=0000000000000009 tables=000000000000000a\n");
  r.results.clear();
  r.trap = TrapKind::IntegerDivideByZero;
  r.trap_function = 3;
  r.trap_offset = 0x4f;
  r.export_name = "a \"b\"\\\n\xc3\xa9";  // quote, backslash, newline and UTF-8 are escaped
  EXPECT_EQ(record_line("m", r),
            "m call \"a \\22b\\22\\5c\\0a\\c3\\a9\" set=1 results= trap=integer_divide_by_zero/3/0x4f gas=120 "
            "memories=0000000000001234,0000000000005678 globals=0000000000000009 tables=000000000000000a\n");
  RunRecord instantiation;
  instantiation.instantiation_failure = InstantiationError::Kind::Trap;
  instantiation.trap = TrapKind::OutOfGas;
  instantiation.gas_used = 100'000;
  EXPECT_EQ(record_line("m", instantiation),
            "m instantiate failure=trap results= trap=out_of_gas/-/0x0 gas=100000 memories= "
            "globals=0000000000000000 tables=0000000000000000\n");
}

TEST(DifferentialRecord, RefusedModuleIsOneLine) {
  const ModuleRun refused = Error{Errc::UnsupportedFeature, 0x2a, kNoFunction, "jit tier"};
  EXPECT_EQ(record_lines("m", refused),
            std::string("m compile refused \"") + message(Errc::UnsupportedFeature) + "\" offset=0x2a\n");
}

// The records of a known module, exactly: gas, hashes and all. The same text on every
// machine and in every tier is what the cross-architecture check (README.md) relies on,
// so a change here changes the records of every corpus.
TEST(DifferentialRecord, KnownModuleRecordsExactly) {
  std::string expected;
  for (const std::string& line : kSampleRecords) expected += "sample.wasm " + line + kNoState;
  for (const Tier tier : {Tier::Interp, Tier::Jit}) {
    const ModuleRun run = run_module(sample_module(0x11), default_config(), tier, Inputs{});
    if (tier == Tier::Jit && !run.ok() && run.error().code == Errc::UnsupportedFeature) continue;  // no JIT here
    ASSERT_TRUE(run.ok()) << tier_name(tier);
    EXPECT_EQ(record_lines("sample.wasm", run), expected) << tier_name(tier);
  }
}

// Every tests/wat module, run under `tier` and compared with the interpreter.
void expect_test_modules_agree(Tier tier) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(SHORTCRUST_TEST_WASM_DIR)) {
    if (entry.path().extension() == ".wasm") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  EngineConfig config = default_config();
  config.features.memory64 = true;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    const Bytes bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const ModuleRun a = run_module(bytes, config, Tier::Interp, Inputs{});
    const ModuleRun b = run_module(bytes, config, tier, Inputs{});
    ASSERT_TRUE(a.ok()) << file;
    EXPECT_EQ(compare(a, b), "") << file;
  }
}

TEST(DifferentialRun, TestModulesAgreeWithThemselves) { expect_test_modules_agree(Tier::Interp); }

TEST(DifferentialRun, JitAgreesWithInterpreterOnTestModules) {
  EngineConfig config = default_config();
  config.tier = Tier::Jit;
  const auto probe = Module::compile(Engine(config), sample_module(0));
  if (!probe.ok() && probe.error().code == Errc::UnsupportedFeature) GTEST_SKIP() << "no JIT on this host";
  expect_test_modules_agree(Tier::Jit);
  EXPECT_EQ(compare(run(sample_module(1)), run_module(sample_module(1), default_config(), Tier::Jit, Inputs{})), "");
}

}  // namespace
}  // namespace shortcrust::differential
