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
#include "tests/support/stand_ins.h"

namespace {

using namespace shortcrust;

using test::zero_of;

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
  test::define_stand_ins(store, linker, module.value(), [](Caller&, std::span<const Value>, std::span<Value>) {
    return Result<void, Trap>{};  // results stay zero
  });
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
