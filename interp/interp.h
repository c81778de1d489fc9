// The interpreter tier: translation of validated function bodies into threaded code
// (translator.cpp, a validator Sink) and its execution (execute.cpp).
#pragma once

#include <cstdint>
#include <vector>

#include "decoder/module.h"
#include "interp/code.h"
#include "runtime/exec_context.h"
#include "shortcrust/engine.h"
#include "shortcrust/result.h"

namespace shortcrust::interp {

// Validates every function body of `module` (module-level validation already done, see
// validator::validate_module_level) and translates it; one CompiledFunction per defined
// function, in order. `type_ids` maps the module's type indices to engine-wide type ids
// (what call_indirect compares).
Result<std::vector<CompiledFunction>> compile_functions(decoder::Module& module,
                                                        const EngineConfig& config,
                                                        const std::vector<uint32_t>& type_ids);

// Runs the wasm function `func` with its arguments in args[0..params) (which must be
// ctx.sp: the call's frame starts there) and leaves its results in args[0..results).
// Returns false on a trap, described in ctx. Never throws, never recurses natively for
// wasm-to-wasm calls.
bool execute(runtime::ExecContext& ctx, const runtime::FuncObject& func, uint64_t* args);

}  // namespace shortcrust::interp
