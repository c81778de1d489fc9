// The differential harness (differential.h): stand-in imports, deterministic argument
// sets, the run of one module under one tier, the state hash and record comparison.
// Reads the instance's runtime objects (runtime/objects.h) to hash memories, globals and
// tables that are defined but not exported, which the public API does not reach.
#include "tests/differential/differential.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cinttypes>
#include <cstdio>
#include <map>

#include "runtime/objects.h"
#include "shortcrust/store.h"
#include "tests/support/stand_ins.h"

namespace shortcrust::differential {

namespace {

// splitmix64: tiny, seedable and the same on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e37'79b9'7f4a'7c15u);
    z = (z ^ (z >> 30)) * 0xbf58'476d'1ce4'e5b9u;
    z = (z ^ (z >> 27)) * 0x94d0'49bb'1331'11ebu;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

// Values that sit on the edges of Wasm semantics: overflow, sign, shifts, NaN payloads
// (quiet and signalling, both signs), infinities, subnormals and the truncation bounds.
constexpr std::array<uint32_t, 16> kI32Edges = {0,          1,          0xffff'ffffu, 0x8000'0000u,
                                                0x7fff'ffffu, 0x80,     0xff,         0x7fff,
                                                0x8000,     0xffff,     31,           32,
                                                65535,      65536,      0xffff'fff0u, 0x1'0000u * 3};
constexpr std::array<uint64_t, 14> kI64Edges = {0,
                                                1,
                                                ~0ull,
                                                0x8000'0000'0000'0000ull,
                                                0x7fff'ffff'ffff'ffffull,
                                                0x8000'0000ull,
                                                0xffff'ffffull,
                                                0x1'0000'0000ull,
                                                63,
                                                64,
                                                65536,
                                                0xffff'ffff'ffff'fff8ull,
                                                0x7f,
                                                0x80};
constexpr std::array<uint32_t, 14> kF32Edges = {0x7fc0'0000u, 0x7fc0'0001u, 0xffc0'0000u, 0x7fa0'0000u,
                                                0xff80'0001u, 0x7f80'0000u, 0xff80'0000u, 0x8000'0000u,
                                                0x0000'0001u, 0x4f00'0000u, 0xcf00'0000u, 0x5f00'0000u,
                                                0x3f80'0000u, 0x7f7f'ffffu};
constexpr std::array<uint64_t, 14> kF64Edges = {
    0x7ff8'0000'0000'0000ull, 0x7ff8'0000'0000'0001ull, 0xfff8'0000'0000'0000ull, 0x7ff4'0000'0000'0000ull,
    0xfff0'0000'0000'0001ull, 0x7ff0'0000'0000'0000ull, 0xfff0'0000'0000'0000ull, 0x8000'0000'0000'0000ull,
    0x0000'0000'0000'0001ull, 0x41e0'0000'0000'0000ull, 0xc1e0'0000'0020'0000ull, 0x43e0'0000'0000'0000ull,
    0x3ff0'0000'0000'0000ull, 0x7fef'ffff'ffff'ffffull};

using test::zero_of;

// Argument set 0: zeros; 1: small numbers (param i gets i + 1); 2 and up: seeded random
// bits, half of them edge values. Funcref arguments pick a function of the instance.
Value argument(ValType type, size_t index, uint32_t set, Rng& rng, const runtime::InstanceObject& instance) {
  if (set == 0) return zero_of(type);
  const uint64_t small = index + 1;
  const uint64_t r = rng.next();
  const bool edge = (r & 1) != 0;
  const uint64_t bits = rng.next();
  switch (type) {
    case ValType::I32:
      if (set == 1) return Value::i32(static_cast<int32_t>(small));
      return Value::from_bits(type, edge ? kI32Edges[bits % kI32Edges.size()] : bits & 0xffff'ffffu);
    case ValType::I64:
      if (set == 1) return Value::i64(static_cast<int64_t>(small));
      return Value::from_bits(type, edge ? kI64Edges[bits % kI64Edges.size()] : bits);
    case ValType::F32:
      if (set == 1) return Value::f32(static_cast<float>(small));
      return Value::f32_bits(edge ? kF32Edges[bits % kF32Edges.size()] : static_cast<uint32_t>(bits));
    case ValType::F64:
      if (set == 1) return Value::f64(static_cast<double>(small));
      return Value::f64_bits(edge ? kF64Edges[bits % kF64Edges.size()] : bits);
    case ValType::V128:
      return zero_of(type);  // SIMD modules do not compile (Features::simd stays false)
    case ValType::FuncRef: {
      const auto& functions = instance.functions;
      if (edge || functions.empty()) return Value::null(type);
      return Value::funcref(functions[bits % functions.size()]);
    }
    case ValType::ExternRef:
      return Value::externref(set == 1 ? small : bits % 4);  // 0 is null
  }
  return zero_of(type);
}

// Host stand-ins return a deterministic mix of their arguments, so a tier that passes a
// wrong argument to an import shows up in the results.
Result<void, Trap> stand_in(std::span<const Value> params, std::span<Value> results) {
  uint64_t mix = 0x5c0f'fee0u;
  for (const Value& p : params) mix = (mix ^ runtime::to_slot(p)) * 0x100'0000'01b3u;
  for (Value& r : results) {
    mix = mix * 6364136223846793005u + 1442695040888963407u;
    r = is_ref(r.type()) ? Value::null(r.type()) : Value::from_bits(r.type(), mix);
    if (r.type() == ValType::I32 || r.type() == ValType::F32) {
      r = Value::from_bits(r.type(), mix & 0xffff'ffffu);
    }
  }
  return {};
}

// Maps funcref slot bits (FuncObject pointers, different in every Store) to indices.
class RefMap {
 public:
  explicit RefMap(const runtime::InstanceObject& instance) {
    for (size_t i = 0; i < instance.functions.size(); ++i) {
      index_.emplace(reinterpret_cast<uint64_t>(instance.functions[i]), i + 1);
    }
  }
  uint64_t map(ValType type, uint64_t bits) const {
    if (type != ValType::FuncRef || bits == 0) return bits;
    auto it = index_.find(bits);
    return it == index_.end() ? UINT64_MAX : it->second;
  }

 private:
  std::map<uint64_t, uint64_t> index_;  // lookups only: order never reaches the output
};

void hash_u64(XXH3_state_t* state, uint64_t v) { XXH3_64bits_update(state, &v, sizeof v); }

void hash_state(const runtime::InstanceObject& instance, const RefMap& refs, RunRecord& record) {
  XXH3_state_t* state = XXH3_createState();
  for (const runtime::MemoryObject* memory : instance.memories) {
    XXH3_64bits_reset(state);
    hash_u64(state, memory->size);
    if (memory->size != 0) XXH3_64bits_update(state, memory->base, memory->size);
    record.memory_hashes.push_back(XXH3_64bits_digest(state));
  }
  XXH3_64bits_reset(state);
  for (const runtime::GlobalObject* global : instance.globals) {
    hash_u64(state, static_cast<uint64_t>(global->type.type));
    hash_u64(state, refs.map(global->type.type, global->bits));
  }
  record.globals_hash = XXH3_64bits_digest(state);
  XXH3_64bits_reset(state);
  for (const runtime::TableObject* table : instance.tables) {
    hash_u64(state, table->elements.size());
    for (uint64_t e : table->elements) hash_u64(state, refs.map(table->elem, e));
  }
  record.tables_hash = XXH3_64bits_digest(state);
  XXH3_freeState(state);
}

void record_trap(const Trap& trap, RunRecord& record) {
  record.trap = trap.kind;
  record.trap_function = trap.function;
  record.trap_offset = trap.offset;
}

// Instantiates inside a host call so that the start function runs on the call's gas
// limit (Linker::instantiate alone gives it unlimited gas, and a looping start would
// hang the harness). The outer call's gas_used is the instantiation's gas.
std::optional<Instance> instantiate(Store& store, const Module& module, const Inputs& inputs,
                                    RunRecord& record) {
  Linker linker;
  test::define_stand_ins(store, linker, module, [](Caller&, std::span<const Value> params, std::span<Value> results) {
    return stand_in(params, results);
  });
  std::optional<Result<Instance, InstantiationError>> result;
  Func host = store.create_function(FuncType{}, [&](Caller&, std::span<const Value>, std::span<Value>) {
    result.emplace(linker.instantiate(store, module));
    return Result<void, Trap>{};
  });
  auto outcome = store.call(host, {}, CallOptions{inputs.gas_limit});
  if (outcome.ok()) {
    record.gas_used = outcome.value().gas_used;
    if (outcome.value().trap) record_trap(*outcome.value().trap, record);
  }
  if (!result.has_value()) {
    record.instantiation_failure = InstantiationError::Kind::Trap;
    return std::nullopt;
  }
  if (!result->ok()) {
    const InstantiationError& error = result->error();
    record.instantiation_failure = error.kind;
    if (error.trap) record_trap(*error.trap, record);
    return std::nullopt;
  }
  return result->value();
}

RunRecord call_export(Store& store, const runtime::InstanceObject& object, const RefMap& refs, Func func,
                      const std::string& name, uint32_t set, uint64_t seed, const Inputs& inputs) {
  RunRecord record;
  record.export_name = name;
  record.arg_set = set;
  Rng rng(seed);
  std::vector<Value> args;
  const FuncType& type = func.type();
  for (size_t i = 0; i < type.params.size(); ++i) args.push_back(argument(type.params[i], i, set, rng, object));
  auto outcome = store.call(func, args, CallOptions{inputs.gas_limit});
  if (outcome.ok()) {
    const CallOutcome& out = outcome.value();
    record.gas_used = out.gas_used;
    if (out.trap) record_trap(*out.trap, record);
    for (const Value& v : out.results) record.results.emplace_back(v.type(), refs.map(v.type(), runtime::to_slot(v)));
  } else {
    // The harness built the arguments from the type, so this cannot happen; record it as
    // a host trap rather than crash, and it will show in any comparison.
    record.trap = TrapKind::Host;
  }
  hash_state(object, refs, record);
  return record;
}

std::string hex(uint64_t v) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%" PRIx64, v);
  return buffer;
}

std::string describe_results(const RunRecord& r) {
  std::string out = "(";
  for (size_t i = 0; i < r.results.size(); ++i) {
    if (i != 0) out += " ";
    out += std::string(name(r.results[i].first)) + ":" + hex(r.results[i].second);
  }
  return out + ")";
}

std::string describe_trap(const RunRecord& r) {
  if (!r.trap) return "no trap";
  std::string function = r.trap_function == kNoFunction ? "-" : std::to_string(r.trap_function);
  return std::string(name(*r.trap)) + " in function " + function + " at offset " + hex(r.trap_offset);
}

const char* failure_name(const std::optional<InstantiationError::Kind>& kind) {
  if (!kind) return "instantiated";
  switch (*kind) {
    case InstantiationError::Kind::UnknownImport: return "unknown import";
    case InstantiationError::Kind::IncompatibleImport: return "incompatible import";
    case InstantiationError::Kind::Limit: return "limit exceeded";
    case InstantiationError::Kind::Trap: return "trapped";
  }
  return "?";
}

// ---- Records (record_line): canonical text, the same on every machine ----------------

std::string hex16(uint64_t v) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%016" PRIx64, v);
  return buffer;
}

// `"text"` with '"', '\\' and bytes outside printable ASCII as \xx: names may hold any
// UTF-8 (spec-tests' names.wast), and a record line must stay one line of plain ASCII.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7e || c == '"' || c == '\\') {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\%02x", byte);
      out += buffer;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

const char* failure_token(const std::optional<InstantiationError::Kind>& kind) {
  if (!kind) return "none";
  switch (*kind) {
    case InstantiationError::Kind::UnknownImport: return "unknown_import";
    case InstantiationError::Kind::IncompatibleImport: return "incompatible_import";
    case InstantiationError::Kind::Limit: return "limit";
    case InstantiationError::Kind::Trap: return "trap";
  }
  return "?";
}

}  // namespace

std::string record_line(std::string_view module, const RunRecord& record) {
  std::string line(module);
  if (record.export_name.empty()) {
    line += std::string(" instantiate failure=") + failure_token(record.instantiation_failure);
  } else {
    line += " call " + quoted(record.export_name) + " set=" + std::to_string(record.arg_set);
  }
  line += " results=";
  for (size_t i = 0; i < record.results.size(); ++i) {
    if (i != 0) line += ",";
    line += std::string(name(record.results[i].first)) + ":" + hex(record.results[i].second);
  }
  line += " trap=";
  if (record.trap) {
    line += std::string(name(*record.trap)) + "/" +
            (record.trap_function == kNoFunction ? std::string("-") : std::to_string(record.trap_function)) + "/" +
            hex(record.trap_offset);
  } else {
    line += "none";
  }
  line += " gas=" + std::to_string(record.gas_used) + " memories=";
  for (size_t i = 0; i < record.memory_hashes.size(); ++i) {
    if (i != 0) line += ",";
    line += hex16(record.memory_hashes[i]);
  }
  line += " globals=" + hex16(record.globals_hash) + " tables=" + hex16(record.tables_hash) + "\n";
  return line;
}

std::string record_lines(std::string_view module, const ModuleRun& run) {
  if (!run.ok()) {
    return std::string(module) + " compile refused " + quoted(message(run.error().code)) + " offset=" +
           hex(run.error().offset) + "\n";
  }
  std::string lines;
  for (const RunRecord& record : run.value()) lines += record_line(module, record);
  return lines;
}

std::string RunRecord::describe_step() const {
  if (export_name.empty()) return "instantiation";
  return "export \"" + export_name + "\" (argument set " + std::to_string(arg_set) + ")";
}

EngineConfig default_config() {
  EngineConfig config;
  config.canonicalize_nans = true;
  config.gas_metering = true;
  config.limits.stack_slots = 16'384;
  config.limits.memory_pages = 256;
  config.limits.table_elements = 100'000;
  return config;
}

ModuleRun run_module(std::span<const uint8_t> bytes, EngineConfig base, Tier tier, const Inputs& inputs) {
  base.tier = tier;
  const Engine engine(base);
  SC_TRY(Module module, Module::compile(engine, bytes));
  Store store(engine);
  std::vector<RunRecord> records(1);
  std::optional<Instance> instance = instantiate(store, module, inputs, records[0]);
  if (!instance) return records;
  const runtime::InstanceObject& object = *instance->object();
  const RefMap refs(object);
  hash_state(object, refs, records[0]);
  const uint32_t sets = 2 + inputs.random_sets;
  const std::vector<ExportDesc>& exports = module.exports();
  for (size_t e = 0; e < exports.size(); ++e) {
    if (exports[e].kind != ExternKind::Func) continue;
    Func func = instance->func(exports[e].name);
    for (uint32_t set = 0; set < sets; ++set) {
      const uint64_t seed = inputs.seed * 0x9e37'79b9u + e * 0x1'0000u + set;
      records.push_back(call_export(store, object, refs, func, exports[e].name, set, seed, inputs));
    }
  }
  return records;
}

std::string compare(const RunRecord& a, const RunRecord& b) {
  const std::string where = a.describe_step() + ": ";
  if (a.export_name != b.export_name || a.arg_set != b.arg_set)
    return where + "different steps (" + a.describe_step() + " vs " + b.describe_step() + ")";
  if (a.instantiation_failure != b.instantiation_failure)
    return where + failure_name(a.instantiation_failure) + " vs " + failure_name(b.instantiation_failure);
  if (a.trap != b.trap || a.trap_function != b.trap_function || a.trap_offset != b.trap_offset)
    return where + describe_trap(a) + " vs " + describe_trap(b);
  if (a.results != b.results) return where + "results " + describe_results(a) + " vs " + describe_results(b);
  if (a.gas_used != b.gas_used)
    return where + "gas used " + std::to_string(a.gas_used) + " vs " + std::to_string(b.gas_used);
  if (a.memory_hashes.size() != b.memory_hashes.size())
    return where + std::to_string(a.memory_hashes.size()) + " memories vs " + std::to_string(b.memory_hashes.size());
  for (size_t i = 0; i < a.memory_hashes.size(); ++i) {
    if (a.memory_hashes[i] != b.memory_hashes[i]) return where + "memory " + std::to_string(i) + " differs";
  }
  if (a.globals_hash != b.globals_hash) return where + "globals differ";
  if (a.tables_hash != b.tables_hash) return where + "tables differ";
  return {};
}

std::string compare(const std::vector<RunRecord>& a, const std::vector<RunRecord>& b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    std::string difference = compare(a[i], b[i]);
    if (!difference.empty()) return difference;
  }
  if (a.size() != b.size()) return std::to_string(a.size()) + " steps vs " + std::to_string(b.size());
  return {};
}

std::string compare(const ModuleRun& a, const ModuleRun& b) {
  if (a.ok() && b.ok()) return compare(a.value(), b.value());
  if (!a.ok() && !b.ok()) return {};
  const std::string refused = describe(a.ok() ? b.error() : a.error());
  return a.ok() ? "compile: accepted vs refused (" + refused + ")"
                : "compile: refused (" + refused + ") vs accepted";
}

const char* tier_name(Tier tier) {
  switch (tier) {
    case Tier::Interp: return "interp";
    case Tier::Jit: return "jit";
  }
  return "?";
}

std::optional<Tier> parse_tier(std::string_view text) {
  if (text == "interp") return Tier::Interp;
  if (text == "jit") return Tier::Jit;
  return std::nullopt;
}

}  // namespace shortcrust::differential
