// compile_module: every function body through the validator with the Driver as its Sink,
// into one asmjit CodeHolder (direct calls are label-relative), then copied into fresh
// read+write pages that become read+execute before any of it runs.
#include <sys/mman.h>
#include <unistd.h>

#include "jit/driver/driver.h"
#include "jit/jit.h"
#include "validator/function_validator.h"

namespace shortcrust::jit {
namespace {

// asmjit reports errors through a handler; keep the first and never throw.
struct RecordFirstError : asmjit::ErrorHandler {
  asmjit::Error first = asmjit::kErrorOk;
  void handleError(asmjit::Error e, const char*, asmjit::BaseEmitter*) override {
    if (first == asmjit::kErrorOk) first = e;
  }
};

Error assembler_error(asmjit::Error e) {
  return Error{Errc::LimitExceeded, 0, kNoFunction, asmjit::DebugUtils::errorAsString(e)};
}

Result<std::shared_ptr<const ModuleCode>> finalize(asmjit::CodeHolder& code, const std::vector<Label>& functions) {
  if (asmjit::Error e = code.flatten()) return assembler_error(e);
  if (asmjit::Error e = code.resolveUnresolvedLinks()) return assembler_error(e);
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const size_t size = (std::max<size_t>(code.codeSize(), 1) + page - 1) / page * page;
  // Populated at once: the copy below touches every page anyway, one fault at a time.
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (p == MAP_FAILED) return Error{Errc::LimitExceeded, 0, kNoFunction, "jit code memory"};
  auto* base = static_cast<uint8_t*>(p);
  std::vector<uint32_t> entries;
  entries.reserve(functions.size());
  for (const Label& f : functions) entries.push_back(static_cast<uint32_t>(code.labelOffsetFromBase(f)));
  auto module = std::make_shared<const ModuleCode>(base, size, std::move(entries));
  if (asmjit::Error e = code.relocateToBase(reinterpret_cast<uint64_t>(base))) return assembler_error(e);
  code.copyFlattenedData(base, size, asmjit::CopySectionFlags::kPadTargetBuffer);
  flush_instruction_cache(base, size);
  if (mprotect(base, size, PROT_READ | PROT_EXEC) != 0) {
    return Error{Errc::LimitExceeded, 0, kNoFunction, "jit code memory protection"};
  }
  return module;
}

}  // namespace

ModuleCode::~ModuleCode() { munmap(base_, size_); }

Result<std::shared_ptr<const ModuleCode>> compile_module(decoder::Module& module, const EngineConfig& config,
                                                         const std::vector<uint32_t>& type_ids) {
  asmjit::CodeHolder code;
  RecordFirstError errors;
  code.init(asmjit::Environment::host());
  code.setErrorHandler(&errors);
  // Code is about 6 times the size of the Wasm it comes from: one buffer up front instead
  // of doubling and copying it as it grows.
  if (asmjit::Error e = code.reserveBuffer(&code.textSection()->buffer(), module.bytes.size() * 6 + 4096)) {
    return assembler_error(e);
  }
  HostMasm masm(code);

  Driver::ModuleInfo info;
  info.type_ids = &type_ids;
  info.imported_functions = module.imported_functions;
  info.has_memory = module.memory_count() > 0;
  info.trap_exit = masm.new_label();
  info.functions.reserve(module.functions.size());
  for (size_t i = 0; i < module.functions.size(); ++i) info.functions.push_back(masm.new_label());

  Driver driver(masm, config, info);
  validator::FunctionChecker::Scratch scratch;
  for (uint32_t i = 0; i < module.functions.size(); ++i) {
    SC_TRY_VOID(validator::validate_function(module, i, module.facts[i], driver, config.limits, scratch));
    if (errors.first != asmjit::kErrorOk) return assembler_error(errors.first);
  }
  masm.module_exit(info.trap_exit);
  if (errors.first != asmjit::kErrorOk) return assembler_error(errors.first);
  return finalize(code, info.functions);
}

}  // namespace shortcrust::jit
