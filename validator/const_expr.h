// Constant expressions (spec 3.3.10 as of WebAssembly 2.0), internal to validator/:
// exactly one of t.const, ref.null, ref.func or global.get of an imported immutable
// global, then `end`. Checking one also evaluates its shape into the ConstExpr fields
// (kind, type, bits, index) that instantiation reads.
#pragma once

#include "decoder/module.h"
#include "shortcrust/config.h"
#include "shortcrust/result.h"

namespace shortcrust::validator {

// Checks `expr` (whose bytes the decoder delimited; RefFunc items it pre-decoded from the
// function-index element forms keep their kind) produces one value of type
// `expected`, and fills its evaluated fields. Errors: ConstantExprRequired for any
// other instruction, UnsupportedFeature "simd" for vector ones, UnknownGlobal /
// UnknownFunction for bad indices (global.get may only name imported globals),
// TypeMismatch for a wrong type or value count.
Result<void> check_const_expr(const decoder::Module& module, decoder::ConstExpr& expr,
                              decoder::ValType expected, const Limits& limits);

}  // namespace shortcrust::validator
