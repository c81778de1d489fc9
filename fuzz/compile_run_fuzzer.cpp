// libFuzzer target: compile arbitrary bytes (decode, validate, translate), instantiate
// them with every import satisfied by a stand-in (host functions returning zeros, fresh
// memories, tables and globals of the declared types) and call every exported function
// with zero arguments under a small gas limit and stack limit. Gas bounds every run, so
// a hang is a bug; sanitizers report the rest (ARCHITECTURE §8).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "shortcrust/engine.h"
#include "shortcrust/linker.h"
#include "shortcrust/store.h"

namespace {

using namespace shortcrust;

Value zero_of(ValType type) { return is_ref(type) ? Value::null(type) : Value::from_bits(type, 0); }

void define_stand_ins(Store& store, Linker& linker, const Module& module) {
  for (const ImportDesc& import : module.imports()) {
    switch (import.kind) {
      case ExternKind::Func: {
        Func f = store.create_function(import.func, [](Caller&, std::span<const Value>, std::span<Value>) {
          return Result<void, Trap>{};
        });
        linker.define(import.module, import.name, f);
        break;
      }
      case ExternKind::Memory:
        if (auto m = store.create_memory(import.memory); m.ok()) linker.define(import.module, import.name, m.value());
        break;
      case ExternKind::Table:
        if (auto t = store.create_table(import.table, Value::null(import.table.elem)); t.ok())
          linker.define(import.module, import.name, t.value());
        break;
      case ExternKind::Global:
        if (auto g = store.create_global(import.global, zero_of(import.global.type)); g.ok())
          linker.define(import.module, import.name, g.value());
        break;
    }
  }
}

void compile_and_run(std::span<const uint8_t> bytes, bool memory64) {
  EngineConfig config;
  config.features.memory64 = memory64;
  config.limits.stack_slots = 4096;
  config.limits.memory_pages = 16;
  config.limits.table_elements = 4096;
  const Engine engine(config);
  auto module = Module::compile(engine, bytes);
  if (!module.ok()) return;
  Store store(engine);
  Linker linker;
  define_stand_ins(store, linker, module.value());
  auto instance = linker.instantiate(store, module.value());
  if (!instance.ok()) return;
  for (const ExportDesc& e : module.value().exports()) {
    if (e.kind != ExternKind::Func) continue;
    Func f = instance.value().func(e.name);
    std::vector<Value> args;
    for (ValType t : f.type().params) args.push_back(zero_of(t));
    (void)store.call(f, args, CallOptions{20'000});
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  compile_and_run(bytes, /*memory64=*/false);
  compile_and_run(bytes, /*memory64=*/true);
  return 0;
}
