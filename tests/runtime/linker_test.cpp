// Linker: import resolution and matching (with the messages people read), limits
// subtyping, configured limits, and instantiation of modules without function bodies:
// globals, element and data segments (including traps part-way), start, re-exports.
#include <gtest/gtest.h>

#include <cstring>

#include "runtime/objects.h"
#include "runtime/operations.h"
#include "runtime/store_data.h"
#include "runtime_test_util.h"

namespace shortcrust::test {
namespace {

using namespace runtime_bytes;

using Kind = InstantiationError::Kind;

HostCallback nop() {
  return [](Caller&, std::span<const Value>, std::span<Value>) -> Result<void, Trap> { return {}; };
}

class LinkerTest : public ::testing::Test {
 protected:
  Result<Instance, InstantiationError> instantiate(const Bytes& bytes) {
    return linker_.instantiate(store_, compile_ok(engine_, bytes));
  }
  // Instantiation must fail with `kind`; returns the message.
  std::string fails(const Bytes& bytes, Kind kind) {
    auto result = instantiate(bytes);
    EXPECT_FALSE(result.ok());
    if (result.ok()) return {};
    EXPECT_EQ(result.error().kind, kind) << result.error().message;
    return result.error().message;
  }
  Memory memory(uint64_t min, std::optional<uint64_t> max = std::nullopt, bool is64 = false) {
    return store_.create_memory(MemoryType{ResizableLimits{min, max, is64}}).value();
  }

  Engine engine_ = [] {
    EngineConfig config;
    config.features.memory64 = true;
    return Engine(config);
  }();
  Store store_{engine_};
  Linker linker_;
};

Bytes imports_func_i32() {
  return module({section(1, vec({func_type({kI32}, {})})), section(2, vec({import_func("env", "f", 0)}))});
}

Bytes imports_memory(const Bytes& lim) { return module({section(2, vec({import_memory("env", "mem", lim)}))}); }

TEST_F(LinkerTest, UnknownImport) {
  EXPECT_EQ(fails(imports_func_i32(), Kind::UnknownImport), "unknown import: env.f");
  linker_.define("env", "g", store_.create_function(FuncType{{ValType::I32}, {}}, nop()));
  EXPECT_EQ(fails(imports_func_i32(), Kind::UnknownImport), "unknown import: env.f");
}

TEST_F(LinkerTest, IncompatibleFunctionType) {
  linker_.define("env", "f", store_.create_function(FuncType{}, nop()));
  EXPECT_EQ(fails(imports_func_i32(), Kind::IncompatibleImport),
            "incompatible import type for env.f: expected func (i32) -> (), got func () -> ()");
  linker_.define("env", "f", store_.create_function(FuncType{{ValType::I32}, {ValType::I32}}, nop()));
  EXPECT_EQ(fails(imports_func_i32(), Kind::IncompatibleImport),
            "incompatible import type for env.f: expected func (i32) -> (), got func (i32) -> (i32)");
  linker_.define("env", "f", store_.create_function(FuncType{{ValType::I32}, {}}, nop()));
  EXPECT_TRUE(instantiate(imports_func_i32()).ok());
}

TEST_F(LinkerTest, IncompatibleKind) {
  linker_.define("env", "f", store_.create_global(GlobalType{ValType::I32, false}, Value::i32(0)).value());
  EXPECT_EQ(fails(imports_func_i32(), Kind::IncompatibleImport),
            "incompatible import type for env.f: expected func (i32) -> (), got global i32");
  linker_.define("env", "mem", store_.create_function(FuncType{}, nop()));
  EXPECT_EQ(fails(imports_memory(limits(1)), Kind::IncompatibleImport),
            "incompatible import type for env.mem: expected memory min 1, got func () -> ()");
}

TEST_F(LinkerTest, MemoryLimitsSubtyping) {
  struct Case {
    uint64_t min;
    std::optional<uint64_t> max;
    Bytes expected;
    bool ok;
  };
  const Case cases[] = {
      {1, {}, limits(2), false},     {2, {}, limits(1), true},        {1, {}, limits(1, 2), false},
      {1, 3, limits(1, 2), false},   {1, 2, limits(1, 2), true},      {1, 1, limits(1, 2), true},
      {2, 2, limits(1, 2), true},    {1, 2, limits(1), true},         {0, 0, limits(0, 0), true},
  };
  for (const Case& c : cases) {
    linker_.define("env", "mem", memory(c.min, c.max));
    auto result = instantiate(imports_memory(c.expected));
    EXPECT_EQ(result.ok(), c.ok) << c.min << " " << c.max.value_or(999);
    if (!result.ok()) {
      EXPECT_EQ(result.error().kind, Kind::IncompatibleImport);
    }
  }
  linker_.define("env", "mem", memory(1, 3));
  EXPECT_EQ(fails(imports_memory(limits(1, 2)), Kind::IncompatibleImport),
            "incompatible import type for env.mem: expected memory min 1 max 2, got memory min 1 max 3");
}

TEST_F(LinkerTest, MemoryMatchingUsesTheCurrentSize) {
  Memory m = memory(1);
  linker_.define("env", "mem", m);
  EXPECT_FALSE(instantiate(imports_memory(limits(2))).ok());
  ASSERT_TRUE(m.grow(1).ok());
  EXPECT_TRUE(instantiate(imports_memory(limits(2))).ok());
}

TEST_F(LinkerTest, Memory64DoesNotMatchMemory32) {
  linker_.define("env", "mem", memory(1, {}, true));
  EXPECT_EQ(fails(imports_memory(limits(1)), Kind::IncompatibleImport),
            "incompatible import type for env.mem: expected memory min 1, got memory64 min 1");
  linker_.define("env", "mem", memory(1));
  EXPECT_EQ(fails(imports_memory(limits(1, {}, true)), Kind::IncompatibleImport),
            "incompatible import type for env.mem: expected memory64 min 1, got memory min 1");
  linker_.define("env", "mem", memory(1, {}, true));
  EXPECT_TRUE(instantiate(imports_memory(limits(1, {}, true))).ok());
}

TEST_F(LinkerTest, TableMatching) {
  const Bytes wants = module({section(2, vec({import_table("env", "t", kFuncRef, limits(2, 4))}))});
  linker_.define("env", "t", store_.create_table(TableType{ValType::ExternRef, {2, 4, false}},
                                                 Value::null(ValType::ExternRef)).value());
  EXPECT_EQ(fails(wants, Kind::IncompatibleImport),
            "incompatible import type for env.t: expected table funcref min 2 max 4, got table externref min 2 max 4");
  linker_.define("env", "t", store_.create_table(TableType{ValType::FuncRef, {2, {}, false}},
                                                 Value::null(ValType::FuncRef)).value());
  EXPECT_EQ(fails(wants, Kind::IncompatibleImport),
            "incompatible import type for env.t: expected table funcref min 2 max 4, got table funcref min 2");
  linker_.define("env", "t", store_.create_table(TableType{ValType::FuncRef, {1, 4, false}},
                                                 Value::null(ValType::FuncRef)).value());
  EXPECT_FALSE(instantiate(wants).ok());
  linker_.define("env", "t", store_.create_table(TableType{ValType::FuncRef, {3, 3, false}},
                                                 Value::null(ValType::FuncRef)).value());
  EXPECT_TRUE(instantiate(wants).ok());
}

TEST_F(LinkerTest, GlobalMatching) {
  const Bytes wants = module({section(2, vec({import_global("env", "g", kI32, true)}))});
  linker_.define("env", "g", store_.create_global(GlobalType{ValType::I32, false}, Value::i32(0)).value());
  EXPECT_EQ(fails(wants, Kind::IncompatibleImport),
            "incompatible import type for env.g: expected global mut i32, got global i32");
  linker_.define("env", "g", store_.create_global(GlobalType{ValType::I64, true}, Value::i64(0)).value());
  EXPECT_EQ(fails(wants, Kind::IncompatibleImport),
            "incompatible import type for env.g: expected global mut i32, got global mut i64");
  linker_.define("env", "g", store_.create_global(GlobalType{ValType::I32, true}, Value::i32(0)).value());
  EXPECT_TRUE(instantiate(wants).ok());
}

TEST_F(LinkerTest, ConfiguredLimitsAreLimitErrors) {
  EngineConfig config;
  config.limits.memory_pages = 2;
  config.limits.table_elements = 5;
  Engine small(config);
  Store store(small);
  auto mem = linker_.instantiate(store, compile_ok(small, module({section(5, vec({limits(3)}))})));
  ASSERT_FALSE(mem.ok());
  EXPECT_EQ(mem.error().kind, Kind::Limit);
  EXPECT_NE(mem.error().message.find("memory_pages"), std::string::npos) << mem.error().message;
  auto table = linker_.instantiate(store, compile_ok(small, module({section(4, vec({cat({Bytes{kFuncRef}, limits(6)})}))})));
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().kind, Kind::Limit);
  EXPECT_NE(table.error().message.find("table_elements"), std::string::npos) << table.error().message;
  // A declared maximum above the limit is fine: growth stops at the limit.
  auto capped = linker_.instantiate(store, compile_ok(small, module({section(5, vec({limits(1, 100)})),
                                                                     section(7, vec({export_entry("m", 2, 0)}))})));
  ASSERT_TRUE(capped.ok());
  EXPECT_TRUE(capped.value().memory("m").grow(1).ok());
  EXPECT_FALSE(capped.value().memory("m").grow(1).ok());
}

TEST_F(LinkerTest, DataSegmentsAndGlobalOffsets) {
  linker_.define("env", "base", store_.create_global(GlobalType{ValType::I32, false}, Value::i32(100)).value());
  const Bytes bytes = module({
      section(2, vec({import_global("env", "base", kI32, false)})),
      section(5, vec({limits(1)})),
      section(6, vec({cat({Bytes{kI32, 0}, global_get(0)}), cat({Bytes{kI64, 1}, i64_const(-7)})})),
      section(7, vec({export_entry("mem", 2, 0), export_entry("g", 3, 1), export_entry("h", 3, 2)})),
      section(11, vec({data_active(i32_const(10), "hello"), data_active(global_get(0), "abc"),
                       data_active(i32_const(65536), "")})),
  });
  auto result = instantiate(bytes);
  ASSERT_TRUE(result.ok()) << result.error().message;
  Instance instance = result.value();
  Memory m = instance.memory("mem");
  ASSERT_TRUE(m);
  EXPECT_EQ(std::memcmp(m.data().data() + 10, "hello", 5), 0);
  EXPECT_EQ(std::memcmp(m.data().data() + 100, "abc", 3), 0);
  EXPECT_EQ(m.data()[9], 0);
  EXPECT_EQ(instance.global("g").get(), Value::i32(100));
  EXPECT_EQ(instance.global("h").get(), Value::i64(-7));
  EXPECT_TRUE(instance.global("h").type().is_mutable);
  EXPECT_EQ(instance.memory0(), m);
  EXPECT_FALSE(instance.func("mem"));
  EXPECT_FALSE(instance.get_export("nope"));
}

TEST_F(LinkerTest, DataSegmentTrapKeepsEarlierSegments) {
  Memory m = memory(1);
  linker_.define("env", "mem", m);
  const Bytes bytes = module({
      section(2, vec({import_memory("env", "mem", limits(1))})),
      section(11, vec({data_active(i32_const(0), "ab"), data_active(i32_const(65535), "xyz"),
                       data_active(i32_const(4), "cd")})),
  });
  const size_t instances_before = store_.data().instances.size();
  auto result = instantiate(bytes);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, Kind::Trap);
  ASSERT_TRUE(result.error().trap);
  EXPECT_EQ(result.error().trap->kind, TrapKind::MemoryOutOfBounds);
  EXPECT_NE(result.error().trap->offset, 0u);
  EXPECT_EQ(result.error().message.rfind("out of bounds memory access", 0), 0u) << result.error().message;
  EXPECT_EQ(m.data()[0], 'a');
  EXPECT_EQ(m.data()[1], 'b');
  EXPECT_EQ(m.data()[65535], 0);  // the failing segment wrote nothing
  EXPECT_EQ(m.data()[4], 0);      // and nothing after it ran
  EXPECT_EQ(store_.data().instances.size(), instances_before + 1);  // it stays in the store
}

TEST_F(LinkerTest, ElementSegmentsFillTables) {
  Func f0 = store_.create_function(FuncType{}, nop(), "f0");
  Func f1 = store_.create_function(FuncType{}, nop(), "f1");
  linker_.define("env", "f0", f0);
  linker_.define("env", "f1", f1);
  const Bytes bytes = module({
      section(1, vec({func_type({}, {})})),
      section(2, vec({import_func("env", "f0", 0), import_func("env", "f1", 0)})),
      section(4, vec({cat({Bytes{kFuncRef}, limits(4)})})),
      section(6, vec({cat({Bytes{kFuncRef, 0}, Bytes{0xd2, 0x01, 0x0b}})})),
      section(7, vec({export_entry("t", 1, 0), export_entry("g", 3, 0), export_entry("first", 0, 0)})),
      section(9, vec({elem_active(i32_const(1), {0, 1}), elem_active(i32_const(3), {1})})),
  });
  auto result = instantiate(bytes);
  ASSERT_TRUE(result.ok()) << result.error().message;
  Table t = result.value().table("t");
  EXPECT_TRUE(t.get(0).value().is_null());
  EXPECT_EQ(t.get(1).value().funcref(), f0.object());
  EXPECT_EQ(t.get(2).value().funcref(), f1.object());
  EXPECT_EQ(t.get(3).value().funcref(), f1.object());
  EXPECT_EQ(result.value().global("g").get(), f1.as_value());
  EXPECT_EQ(result.value().func("first"), f0);
  EXPECT_EQ(result.value().module().function_name(0), "first");
  EXPECT_EQ(result.value().module().function_name(1), "");
  // Active segments are dropped once applied.
  EXPECT_EQ(runtime::table_init(*result.value().object(), 0, 0, 0, 0, 1), TrapKind::TableOutOfBounds);
  EXPECT_EQ(runtime::table_init(*result.value().object(), 0, 0, 0, 0, 0), std::nullopt);
}

TEST_F(LinkerTest, ElementSegmentTrap) {
  Func f = store_.create_function(FuncType{}, nop());
  Table t = store_.create_table(TableType{ValType::FuncRef, {2, {}, false}}, Value::null(ValType::FuncRef)).value();
  linker_.define("env", "f", f);
  linker_.define("env", "t", t);
  const Bytes bytes = module({
      section(1, vec({func_type({}, {})})),
      section(2, vec({import_func("env", "f", 0), import_table("env", "t", kFuncRef, limits(1))})),
      section(9, vec({elem_active(i32_const(0), {0}), elem_active(i32_const(1), {0, 0})})),
      section(11, vec({})),
  });
  auto result = instantiate(bytes);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, Kind::Trap);
  EXPECT_EQ(result.error().trap->kind, TrapKind::TableOutOfBounds);
  EXPECT_EQ(t.get(0).value().funcref(), f.object());
  EXPECT_TRUE(t.get(1).value().is_null());
}

TEST_F(LinkerTest, PassiveAndDeclarativeSegments) {
  linker_.define("env", "f", store_.create_function(FuncType{}, nop()));
  const Bytes bytes = module({
      section(1, vec({func_type({}, {})})),
      section(2, vec({import_func("env", "f", 0)})),
      section(4, vec({cat({Bytes{kFuncRef}, limits(2)})})),
      section(5, vec({limits(1)})),
      // passive (flags 1, elemkind 0) and declarative (flags 3) function-index segments
      section(9, vec({cat({Bytes{0x01, 0x00}, vec({leb_u(0), leb_u(0)})}), cat({Bytes{0x03, 0x00}, vec({leb_u(0)})})})),
      section(11, vec({cat({Bytes{0x01}, name("xyz")})})),
  });
  auto result = instantiate(bytes);
  ASSERT_TRUE(result.ok()) << result.error().message;
  runtime::InstanceObject& inst = *result.value().object();
  EXPECT_EQ(runtime::table_init(inst, 0, 1, 0, 0, 1), TrapKind::TableOutOfBounds);  // declarative: dropped
  EXPECT_EQ(runtime::table_init(inst, 0, 0, 0, 1, 2), TrapKind::TableOutOfBounds);  // src past the end
  EXPECT_EQ(runtime::table_init(inst, 0, 0, 1, 0, 2), TrapKind::TableOutOfBounds);  // dst past the end
  EXPECT_EQ(runtime::table_init(inst, 0, 0, 0, 0, 2), std::nullopt);
  EXPECT_EQ(inst.tables[0]->elements[1], reinterpret_cast<uint64_t>(inst.functions[0]));
  runtime::elem_drop(inst, 0);
  EXPECT_EQ(runtime::table_init(inst, 0, 0, 0, 0, 1), TrapKind::TableOutOfBounds);

  EXPECT_EQ(runtime::memory_init(inst.store->ctx, inst, 0, 65533, 0, 3), std::nullopt);
  EXPECT_EQ(std::memcmp(inst.memories[0]->base + 65533, "xyz", 3), 0);
  EXPECT_EQ(runtime::memory_init(inst.store->ctx, inst, 0, 65534, 0, 3), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(runtime::memory_init(inst.store->ctx, inst, 0, 0, 3, 0), std::nullopt);
  EXPECT_EQ(runtime::memory_init(inst.store->ctx, inst, 0, 0, 4, 0), TrapKind::MemoryOutOfBounds);
  runtime::data_drop(inst, 0);
  EXPECT_EQ(runtime::memory_init(inst.store->ctx, inst, 0, 0, 0, 1), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(runtime::memory_init(inst.store->ctx, inst, 0, 0, 0, 0), std::nullopt);
}

TEST_F(LinkerTest, DefineInstanceReexports) {
  auto a = instantiate(module({section(5, vec({limits(1)})), section(7, vec({export_entry("mem", 2, 0)}))}));
  ASSERT_TRUE(a.ok());
  linker_.define_instance("a", a.value());
  ASSERT_TRUE(linker_.get("a", "mem"));
  EXPECT_EQ(kind_of(*linker_.get("a", "mem")), ExternKind::Memory);
  const Bytes b = module({section(2, vec({import_memory("a", "mem", limits(1))})),
                          section(7, vec({export_entry("m", 2, 0)}))});
  auto instance = instantiate(b);
  ASSERT_TRUE(instance.ok());
  EXPECT_EQ(instance.value().memory("m"), a.value().memory("mem"));
}

TEST_F(LinkerTest, StartFunctionRunsAndItsTrapFailsInstantiation) {
  int runs = 0;
  bool fail = false;
  linker_.define("env", "start", store_.create_function(FuncType{}, [&](Caller&, auto, auto) -> Result<void, Trap> {
    ++runs;
    if (fail) return Trap{TrapKind::Host, kNoFunction, 0, {}, "boom"};
    return {};
  }, "start_fn"));
  const Bytes bytes = module({section(1, vec({func_type({}, {})})), section(2, vec({import_func("env", "start", 0)})),
                              section(5, vec({limits(1)})), section(8, leb_u(0)),
                              section(11, vec({data_active(i32_const(0), "z")}))});
  EXPECT_TRUE(instantiate(bytes).ok());
  EXPECT_EQ(runs, 1);
  fail = true;
  auto result = instantiate(bytes);
  EXPECT_EQ(runs, 2);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, Kind::Trap);
  ASSERT_TRUE(result.error().trap);
  EXPECT_EQ(result.error().trap->kind, TrapKind::Host);
  EXPECT_EQ(result.error().trap->message, "boom");
  EXPECT_EQ(result.error().trap->function_name, "start_fn");
  EXPECT_EQ(result.error().message, "host error: boom in host function start_fn");
  // Segments were applied before start ran.
  EXPECT_EQ(store_.data().instances.back().memories[0]->base[0], 'z');
}

TEST_F(LinkerTest, ModuleImportsAndExports) {
  const Bytes bytes = module({
      section(1, vec({func_type({kI32}, {kI64})})),
      section(2, vec({import_func("env", "f", 0), import_memory("env", "m", limits(1, 2)),
                      import_global("env", "g", kF64, true), import_table("env", "t", kExternRef, limits(0))})),
      section(7, vec({export_entry("ff", 0, 0), export_entry("mm", 2, 0)})),
  });
  Module m = compile_ok(engine_, bytes);
  const std::vector<ImportDesc> imports = m.imports();
  ASSERT_EQ(imports.size(), 4u);
  EXPECT_EQ(imports[0].module, "env");
  EXPECT_EQ(imports[0].name, "f");
  EXPECT_EQ(imports[0].func, (FuncType{{ValType::I32}, {ValType::I64}}));
  EXPECT_EQ(imports[1].kind, ExternKind::Memory);
  EXPECT_EQ(imports[1].memory.limits.max, std::optional<uint64_t>(2));
  EXPECT_EQ(imports[2].global, (GlobalType{ValType::F64, true}));
  EXPECT_EQ(imports[3].table.elem, ValType::ExternRef);
  ASSERT_EQ(m.exports().size(), 2u);
  EXPECT_EQ(m.exports()[1].name, "mm");
  EXPECT_EQ(m.exports()[1].kind, ExternKind::Memory);
  EXPECT_EQ(m.function_name(0), "ff");
}

TEST_F(LinkerTest, CompileErrorsAreErrors) {
  auto bad = Module::compile(engine_, Bytes{0, 'a', 's', 'x'});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Errc::BadMagic);
}

}  // namespace
}  // namespace shortcrust::test
