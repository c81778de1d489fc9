// The validator (spec chapter 3 and its appendix algorithm), run once per module.
// validate_module() checks the module-level rules, evaluates the shape of every
// constant expression, and validates every function body with the NullSink, filling
// Module::facts and Module::declared_refs. Tiers call validate_function()
// (function_validator.h) with their own Sink to compile a body in the same single pass:
// the validator owns the type stacks and every error, the Sink only sees well-typed
// instructions (HOUSE-STYLE §5, sink.h).
#pragma once

#include "decoder/module.h"
#include "shortcrust/config.h"
#include "shortcrust/result.h"
#include "validator/function_validator.h"
#include "validator/sink.h"

namespace shortcrust::validator {

// Validates `module` (as returned by decoder::decode_module with the same features and
// limits) and fills its validator outputs: ConstExpr kind/type/bits/index, facts (one
// per defined function) and declared_refs. Errors carry module offsets; body errors
// also carry the function index. Only WebAssembly 2.0 without SIMD, plus memory64 when
// features.memory64: anything else is UnsupportedFeature with the feature as detail.
Result<void> validate_module(decoder::Module& module, const Features& features = {},
                             const Limits& limits = {});

// Everything validate_module() checks except the function bodies; sizes Module::facts.
// A tier then validates each body with validate_function() and its own Sink.
Result<void> validate_module_level(decoder::Module& module, const Features& features = {},
                                   const Limits& limits = {});

}  // namespace shortcrust::validator
