// Constant expression checking and evaluation (spec 3.3.10, WebAssembly 2.0 rules).
#include "validator/const_expr.h"

#include <vector>

#include "decoder/instruction.h"
#include "decoder/reader.h"

namespace shortcrust::validator {

using decoder::ConstExpr;
using decoder::Op;
using decoder::Reader;
using decoder::ValType;

namespace {

// Records what one constant instruction produces; errors for anything not constant.
Result<void> evaluate(const decoder::Module& module, const decoder::Instr& in, ConstExpr& expr) {
  switch (in.op) {
    case Op::I32Const:
      expr.kind = ConstExpr::Kind::I32;
      expr.type = ValType::I32;
      expr.bits = static_cast<uint32_t>(in.value);
      return ok();
    case Op::I64Const:
      expr.kind = ConstExpr::Kind::I64;
      expr.type = ValType::I64;
      expr.bits = in.value;
      return ok();
    case Op::F32Const:
      expr.kind = ConstExpr::Kind::F32;
      expr.type = ValType::F32;
      expr.bits = in.value;
      return ok();
    case Op::F64Const:
      expr.kind = ConstExpr::Kind::F64;
      expr.type = ValType::F64;
      expr.bits = in.value;
      return ok();
    case Op::RefNull:
      expr.kind = ConstExpr::Kind::RefNull;
      expr.type = in.type;
      return ok();
    case Op::RefFunc:
      if (in.a >= module.function_count()) return Reader::fail_at(in.offset, Errc::UnknownFunction);
      expr.kind = ConstExpr::Kind::RefFunc;
      expr.type = ValType::FuncRef;
      expr.index = in.a;
      return ok();
    case Op::GlobalGet: {
      // 2.0 restricts constant expressions to imported globals (spec 3.4.10, C').
      if (in.a >= module.imported_globals) return Reader::fail_at(in.offset, Errc::UnknownGlobal);
      const decoder::GlobalType& g = module.global_types[in.a];
      if (g.is_mutable)
        return Reader::fail_at(in.offset, Errc::ConstantExprRequired, "global.get of a mutable global");
      expr.kind = ConstExpr::Kind::GlobalGet;
      expr.type = g.type;
      expr.index = in.a;
      return ok();
    }
    default:
      if (decoder::info(in.op).family == decoder::Family::Simd)
        return Reader::fail_at(in.offset, Errc::UnsupportedFeature, "simd");
      return Reader::fail_at(in.offset, Errc::ConstantExprRequired);
  }
}

}  // namespace

Result<void> check_const_expr(const decoder::Module& module, ConstExpr& expr, ValType expected,
                              const Limits& limits) {
  // The decoder stores the function-index forms of element items as RefFunc
  // expressions whose bytes are just the index: only the index needs checking.
  if (expr.kind == ConstExpr::Kind::RefFunc) {
    if (expr.index >= module.function_count())
      return Reader::fail_at(expr.bytes.offset, Errc::UnknownFunction);
    if (expected != ValType::FuncRef) return Reader::fail_at(expr.bytes.offset, Errc::TypeMismatch);
    return ok();
  }
  Reader r(module.slice(expr.bytes), expr.bytes.offset);
  std::vector<uint32_t> targets;
  uint32_t values = 0;
  while (true) {
    if (r.at_end()) return r.fail(Errc::ConstantExprEnd);
    decoder::Instr in;
    SC_TRY_VOID(decoder::read_instr(r, in, /*offsets64=*/false, limits, targets));
    if (in.op == Op::End) break;
    SC_TRY_VOID(evaluate(module, in, expr));
    ++values;
  }
  if (!r.at_end()) return r.fail(Errc::ConstantExprEnd);
  if (values != 1)
    return Reader::fail_at(expr.bytes.offset, Errc::TypeMismatch,
                           "a constant expression must produce exactly one value");
  if (expr.type != expected) return Reader::fail_at(expr.bytes.offset, Errc::TypeMismatch);
  return ok();
}

}  // namespace shortcrust::validator
