// validate_function(): the single-pass validator of one function body, driving a Sink
// (validator/sink.h). The checking itself lives in FunctionChecker (compiled once); this
// template only forwards each checked instruction, so a tier compiles while the body
// is validated and never walks it twice.
#pragma once

#include <cstdint>

#include "decoder/module.h"
#include "shortcrust/config.h"
#include "shortcrust/result.h"
#include "validator/function_checker.h"
#include "validator/sink.h"

namespace shortcrust::validator {

// Validates Module::functions[defined_index] and fills `out` (locals, code span, heights,
// frame slots, gas segments). Module-level facts must be checked already: call it after
// validate_module() succeeded (which also fills Module::declared_refs), or from it.
// Errors carry module offsets and the function's index in the function index space.
// Linear in the body size; nesting depth costs heap memory, never native stack.
// `scratch` is working memory to reuse across calls (validate_module keeps one).
template <Sink S>
Result<void> validate_function(const decoder::Module& module, uint32_t defined_index,
                               decoder::FunctionFacts& out, S& sink, const Limits& limits,
                               FunctionChecker::Scratch& scratch) {
  FunctionChecker checker(module, defined_index, out, limits, scratch);
  SC_TRY_VOID(checker.start());
  if (auto r = sink.begin(checker.begin_info()); !r.ok()) return checker.attach(r.error());
  while (!checker.finished()) {
    SC_TRY(const ValidatedInstr* instr, checker.next());
    if (auto r = sink.instr(*instr); !r.ok()) return checker.attach(r.error());
  }
  checker.finish();
  if (auto r = sink.end(out); !r.ok()) return checker.attach(r.error());
  return ok();
}

template <Sink S>
Result<void> validate_function(const decoder::Module& module, uint32_t defined_index,
                               decoder::FunctionFacts& out, S& sink, const Limits& limits = {}) {
  FunctionChecker::Scratch scratch;
  return validate_function(module, defined_index, out, sink, limits, scratch);
}

}  // namespace shortcrust::validator
