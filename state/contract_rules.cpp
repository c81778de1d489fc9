// ARCHITECTURE §6.1, rule by rule, each failure worded for the contract author.
#include "state/contract_rules.h"

#include "state/host_imports.h"

namespace shortcrust::state {

namespace {

using decoder::Export;

std::string quoted(const std::string& name) { return "`" + name + "`"; }

Result<void, std::string> check_imports(const decoder::Module& module, bool memory64) {
  for (const decoder::Import& i : module.imports) {
    const std::string what = "import " + quoted(i.module + "." + i.field);
    if (i.kind != ExternKind::Func) {
      return what + " is a " + name(i.kind) + "; contracts may import only host functions";
    }
    const std::optional<HostImport> host = host_import(i.field);
    if (!host) return what + " is not a host function of the contract ABI";
    const FuncType expected = host_import_type(*host, memory64);
    if (module.types[i.type_index] != expected) {
      return what + " has type " + describe(module.types[i.type_index]) + ", expected " + describe(expected);
    }
  }
  return {};
}

Result<ContractLayout, std::string> check_argbuf(const decoder::Module& module, bool memory64,
                                                 uint64_t max_memory_bytes) {
  const Export* a = nullptr;
  for (const Export& e : module.exports) {
    if (e.name == "A") a = &e;
  }
  if (a == nullptr) return std::string("no exported global `A` (the argument buffer)");
  if (a->kind != ExternKind::Global) return std::string("export `A` is a ") + name(a->kind) + ", expected a global";
  const GlobalType& type = module.global_types[a->index];
  const ValType want = memory64 ? ValType::I64 : ValType::I32;
  if (type.type != want) {
    return std::string("global `A` has type ") + name(type.type) + ", expected " + name(want);
  }
  if (type.is_mutable) return std::string("global `A` is mutable; it must be immutable");
  // Only function imports pass check_imports, so `A` is defined here with a constant.
  const decoder::ConstExpr& init = module.globals[a->index - module.imported_globals].init;
  const uint64_t argbuf = memory64 ? init.bits : (init.bits & 0xffff'ffffu);
  if (argbuf > max_memory_bytes || max_memory_bytes - argbuf < kArgbufLen) {
    return "the argument buffer at " + std::to_string(argbuf) + " does not fit in the memory's maximum of " +
           std::to_string(max_memory_bytes) + " bytes";
  }
  return ContractLayout{memory64, argbuf, a->index};
}

Result<void, std::string> check_functions(const decoder::Module& module) {
  const FuncType expected{{ValType::I32}, {ValType::I32}};
  for (const Export& e : module.exports) {
    if (e.kind != ExternKind::Func) continue;
    const FuncType& type = module.function_type(e.index);
    if (type != expected) {
      return "exported function " + quoted(e.name) + " has type " + describe(type) + ", expected " +
             describe(expected);
    }
  }
  return {};
}

}  // namespace

Result<ContractLayout, std::string> check_contract(const decoder::Module& module, uint64_t max_memory_pages) {
  if (module.memory_count() != 1) {
    return "a contract needs exactly one memory, this module has " + std::to_string(module.memory_count());
  }
  const bool memory64 = module.memory_types[0].limits.is64;
  if (auto imports = check_imports(module, memory64); !imports.ok()) return imports.error();
  bool memory_exported = false;
  for (const Export& e : module.exports) memory_exported |= e.kind == ExternKind::Memory;
  if (!memory_exported) return std::string("the memory is not exported");
  if (module.start) return std::string("contracts may not have a start function; initialise in `init`");
  const ResizableLimits& limits = module.memory_types[0].limits;
  const uint64_t max_pages = std::min(limits.max.value_or(max_memory_pages), max_memory_pages);
  SC_TRY(ContractLayout layout, check_argbuf(module, memory64, max_pages * kPageSize));
  if (auto functions = check_functions(module); !functions.ok()) return functions.error();
  return layout;
}

}  // namespace shortcrust::state
