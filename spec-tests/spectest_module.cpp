// The spectest host module (spectest_module.h). Only the types matter to the suite:
// imports.wast and linking.wast check that each name links with exactly its type.
#include "spec-tests/spectest_module.h"

#include <string>
#include <vector>

namespace shortcrust::spec {
namespace {

constexpr const char* kModule = "spectest";

struct PrintFunction {
  const char* name;
  std::vector<ValType> params;
};

}  // namespace

Result<void> define_spectest(Store& store, Linker& linker) {
  const PrintFunction prints[] = {
      {"print", {}},
      {"print_i32", {ValType::I32}},
      {"print_i64", {ValType::I64}},
      {"print_f32", {ValType::F32}},
      {"print_f64", {ValType::F64}},
      {"print_i32_f32", {ValType::I32, ValType::F32}},
      {"print_f64_f64", {ValType::F64, ValType::F64}},
  };
  for (const PrintFunction& print : prints) {
    // The reference interpreter prints its arguments; a test run has no use for them.
    HostCallback nothing = [](Caller&, std::span<const Value>, std::span<Value>) -> Result<void, Trap> {
      return {};
    };
    linker.define(kModule, print.name,
                  store.create_function(FuncType{print.params, {}}, std::move(nothing),
                                        std::string(kModule) + "." + print.name));
  }

  struct GlobalDef {
    const char* name;
    Value value;
  };
  const GlobalDef globals[] = {
      {"global_i32", Value::i32(666)},
      {"global_i64", Value::i64(666)},
      {"global_f32", Value::f32(666.6f)},
      {"global_f64", Value::f64(666.6)},
  };
  for (const GlobalDef& g : globals) {
    SC_TRY(Global global, store.create_global(GlobalType{g.value.type(), false}, g.value));
    linker.define(kModule, g.name, global);
  }

  SC_TRY(Table table, store.create_table(TableType{ValType::FuncRef, ResizableLimits{10, 20, false}},
                                         Value::null(ValType::FuncRef)));
  linker.define(kModule, "table", table);
  SC_TRY(Memory memory, store.create_memory(MemoryType{ResizableLimits{1, 2, false}}));
  linker.define(kModule, "memory", memory);
  return {};
}

}  // namespace shortcrust::spec
