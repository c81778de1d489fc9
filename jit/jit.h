// The baseline JIT tier as the runtime sees it: compile a validated module to machine
// code (ModuleCode, freed with its module) and run a function of it. The single-pass
// compiler is jit/driver/ over the host's MacroAssembler (jit/host.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "decoder/module.h"
#include "runtime/exec_context.h"
#include "shortcrust/engine.h"
#include "shortcrust/result.h"

namespace shortcrust::runtime { struct FuncObject; }

namespace shortcrust::jit {

// The machine code of one module: mapped read+write while it is copied in, then
// read+execute (never both writable and executable); unmapped when the last holder dies.
class ModuleCode {
 public:
  ModuleCode(uint8_t* base, size_t size, std::vector<uint32_t> entries)
      : base_(base), size_(size), entries_(std::move(entries)) {}
  ~ModuleCode();
  ModuleCode(const ModuleCode&) = delete;
  ModuleCode& operator=(const ModuleCode&) = delete;

  // The entry point of defined function `index` (index into Module::functions).
  const void* entry(uint32_t index) const { return base_ + entries_[index]; }
  size_t size() const { return size_; }

 private:
  uint8_t* base_;
  size_t size_;
  std::vector<uint32_t> entries_;  // code offsets, per defined function
};

// Makes freshly written code visible to instruction fetch: a no-op on x86-64, whose
// caches are coherent; AArch64 needs the data cache cleaned and the instruction cache
// invalidated for the range.
inline void flush_instruction_cache(void* begin, size_t size) {
  __builtin___clear_cache(static_cast<char*>(begin), static_cast<char*>(begin) + size);
}

// Validates every function body of `module` (module-level validation already done) and
// compiles it; `type_ids` maps type indices to engine-wide ids (call_indirect checks).
Result<std::shared_ptr<const ModuleCode>> compile_module(decoder::Module& module, const EngineConfig& config,
                                                         const std::vector<uint32_t>& type_ids);

// Runs the JIT function `func` with its arguments in args[0..params) (= ctx.sp) and leaves
// its results in args[0..results). Returns false on a trap, described in ctx.
bool execute(runtime::ExecContext& ctx, const runtime::FuncObject& func, uint64_t* args);

}  // namespace shortcrust::jit
