// The validator (spec chapter 3 and its appendix algorithm), run once per module.
// validate_module() checks the module-level rules, evaluates the shape of every
// constant expression, and validates every function body with the NullSink, filling
// Module::facts. Tiers call validate_function() with their own Sink to compile a body
// in the same single pass: the validator owns the type stacks and every error, the
// Sink only sees well-typed instructions (HOUSE-STYLE §5).
#pragma once

#include "decoder/module.h"
#include "shortcrust/config.h"
#include "shortcrust/result.h"

namespace shortcrust::validator {

Result<void> validate_module(decoder::Module& module, const Features& features = {},
                             const Limits& limits = {});

}  // namespace shortcrust::validator
