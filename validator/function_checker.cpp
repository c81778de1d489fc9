// FunctionChecker core: local declarations, the instruction loop's per-step work (gas
// segments, facts), the appendix's stack primitives, and the instruction families that
// need no control or memory context: numeric ops (typed from the opcode table's Sig
// column), variables, parametric instructions and references.
#include "validator/function_checker.h"

#include <algorithm>

namespace shortcrust::validator {

using decoder::Family;
using decoder::Instr;
using decoder::Op;
using decoder::ValType;

FunctionChecker::FunctionChecker(const decoder::Module& module, uint32_t defined_index,
                                 decoder::FunctionFacts& out, const Limits& limits,
                                 Scratch& scratch)
    : module_(module),
      out_(out),
      offsets64_(module.memory_count() > 0 && module.memory_types[0].limits.is64),
      limits_(limits),
      type_(module.types[module.functions[defined_index].type_index]),
      function_index_(module.imported_functions + defined_index),
      reader_(module.slice(module.functions[defined_index].body),
              module.functions[defined_index].body.offset),
      scratch_(scratch),
      vals_(scratch.vals),
      frames_(scratch.frames),
      targets_(scratch.targets) {
  vals_.clear();
  frames_.clear();
  scratch_.segments.clear();
  begin_.module = &module;
  begin_.function_index = function_index_;
  begin_.defined_index = defined_index;
  begin_.type = &type_;
  begin_.facts = &out_;
}

Error FunctionChecker::fail(Errc code, const char* detail) const {
  return Error{code, instr_.offset, function_index_, detail};
}

Error FunctionChecker::attach(Error error) const {
  if (error.function == kNoFunction) error.function = function_index_;
  return error;
}

Result<void> FunctionChecker::start() {
  out_ = decoder::FunctionFacts{};
  for (ValType t : type_.params) {
    if (t == ValType::V128) return attach(decoder::Reader::fail_at(reader_.offset(),
                                                                  Errc::UnsupportedFeature, "simd"));
  }
  if (auto r = decode_locals(reader_); !r.ok()) return attach(r.error());
  out_.code = decoder::Span{static_cast<uint32_t>(reader_.offset()),
                            static_cast<uint32_t>(reader_.remaining())};
  // The parameters live in local slots, not on the operand stack: the frame has none.
  frames_.push_back(Frame{FrameKind::Function, 0, false, false, {}, type_.results});
  return ok();
}

// Spec 5.5.13: vec(locals) with locals ::= n:u32 t:valtype. The total is checked before
// anything is expanded, so a declaration of 2^32 locals allocates nothing.
Result<void> FunctionChecker::decode_locals(decoder::Reader& r) {
  const uint64_t groups_at = r.offset();
  SC_TRY(uint32_t group_count, r.count(2));
  auto& groups = scratch_.local_groups;
  groups.clear();
  groups.reserve(group_count);
  uint64_t total = 0;
  for (uint32_t i = 0; i < group_count; ++i) {
    const uint64_t at = r.offset();
    SC_TRY(uint32_t n, r.u32());
    const uint64_t type_at = r.offset();
    SC_TRY(ValType t, decoder::read_val_type(r));
    total += n;
    if (total > UINT32_MAX) return decoder::Reader::fail_at(at, Errc::TooManyLocals);
    if (t == ValType::V128)
      return decoder::Reader::fail_at(type_at, Errc::UnsupportedFeature, "simd");
    groups.emplace_back(n, t);
  }
  if (type_.params.size() + total > limits_.function_locals)
    return decoder::Reader::fail_at(groups_at, Errc::LimitExceeded, "function_locals");
  out_.local_count = static_cast<uint32_t>(total);
  out_.locals.reserve(total);
  for (auto [count, type] : groups) out_.locals.insert(out_.locals.end(), count, type);
  return ok();
}

Result<const ValidatedInstr*> FunctionChecker::next() {
  if (reader_.at_end())
    return attach(decoder::Reader::fail_at(reader_.offset(), Errc::FunctionBodyEnd,
                                           "the body ended before its final end"));
  if (auto read = decoder::read_instr(reader_, instr_, offsets64_, limits_, targets_); !read.ok())
    return attach(read.error());

  const Frame& top = frames_.back();
  event_.reachable = !top.unreachable && !top.dead;
  event_.operand = ValType::I32;
  event_.params = {};
  event_.results = {};
  event_.targets = {};
  count_gas(instr_);

  SC_TRY_VOID(check(instr_));
  if (frames_.empty() && !reader_.at_end())
    return attach(decoder::Reader::fail_at(reader_.offset(), Errc::FunctionBodyEnd,
                                           "bytes follow the final end"));
  return &event_;
}

// A segment begins (count_gas, in the header, does the rest).
void FunctionChecker::open_segment(uint32_t offset) {
  scratch_.segments.push_back(decoder::GasSegment{offset, 0});
  segment_index_ = static_cast<uint32_t>(scratch_.segments.size() - 1);
  segment_open_ = true;
  segment_cost_ = 0;
}

void FunctionChecker::finish() {
  out_.gas_segments.assign(scratch_.segments.begin(), scratch_.segments.end());
  out_.max_operand_height = max_height_;
  out_.max_control_depth = max_depth_;
  out_.frame_slots = uint64_t{type_.params.size()} + out_.local_count + max_height_ + 4;
}

Result<void> FunctionChecker::check(const Instr& in) {
  switch (decoder::info(in.op).family) {
    case Family::Control: return control(in);
    case Family::Call: return call(in);
    case Family::Reference: return reference(in);
    case Family::Parametric: return parametric(in);
    case Family::Variable: return variable(in);
    case Family::Table: return table(in);
    case Family::Load:
    case Family::Store:
    case Family::Memory: return memory(in);
    case Family::Const:
    case Family::Compare:
    case Family::Unary:
    case Family::Binary:
    case Family::Convert: return numeric(in);
    case Family::Simd: return fail(Errc::UnsupportedFeature, "simd");
  }
  return fail(Errc::IllegalOpcode);
}

// ---- Stack primitives (spec appendix) -------------------------------------------------

void FunctionChecker::push(Types ts) {
  for (ValType t : ts) push(t);
}

Result<ValType> FunctionChecker::pop_at_frame_bottom() const {
  if (frames_.back().unreachable) return kUnknown;
  return fail(Errc::TypeMismatch, "operand stack is empty");
}

// Returns the actual type, kUnknown included: br_table relies on pushing back exactly
// what was popped.
Result<ValType> FunctionChecker::pop(ValType expected) {
  SC_TRY(ValType actual, pop());
  if (actual != expected && actual != kUnknown && expected != kUnknown)
    return fail(Errc::TypeMismatch);
  return actual;
}

Result<void> FunctionChecker::pop(Types expected) {
  for (size_t i = expected.size(); i-- > 0;) {
    SC_TRY(ValType popped, pop(expected[i]));
    (void)popped;
  }
  return ok();
}

void FunctionChecker::set_unreachable() {
  vals_.resize(frames_.back().height);
  frames_.back().unreachable = true;
}

// ---- Numeric, variables, parametric, references ---------------------------------------

Result<void> FunctionChecker::apply_sig(const decoder::Sig& sig, ValType addr) {
  // Indexed by SigType: I32, I64, F32, F64, V128, and Addr (replaced by `addr`).
  using decoder::SigType;
  static_assert(static_cast<int>(SigType::I32) == 0 && static_cast<int>(SigType::I64) == 1 &&
                static_cast<int>(SigType::F32) == 2 && static_cast<int>(SigType::F64) == 3 &&
                static_cast<int>(SigType::V128) == 4 && static_cast<int>(SigType::Addr) == 5);
  const ValType types[] = {ValType::I32, ValType::I64, ValType::F32, ValType::F64, ValType::V128, addr};
  const auto type_of = [&types](SigType s) { return types[static_cast<size_t>(s)]; };
  // Operands all in the frame (nearly always): compare them in place. They may be
  // unknown (pushed back in unreachable code).
  if (vals_.size() >= frames_.back().height + size_t{sig.param_count}) [[likely]] {
    const ValType* operands = vals_.data() + vals_.size() - sig.param_count;
    for (size_t i = 0; i < sig.param_count; ++i) {
      if (operands[i] != type_of(sig.params[i]) && operands[i] != kUnknown) return fail(Errc::TypeMismatch);
    }
    vals_.erase(vals_.end() - sig.param_count, vals_.end());
  } else {
    for (size_t i = sig.param_count; i-- > 0;) {
      SC_TRY(ValType popped, pop(type_of(sig.params[i])));
      (void)popped;
    }
  }
  if (sig.result_count != 0) push(type_of(sig.result));
  return ok();
}

Result<void> FunctionChecker::numeric(const Instr& in) {
  return apply_sig(decoder::info(in.op).sig, ValType::I32);
}

ValType FunctionChecker::local_type(uint32_t index) const {
  const size_t params = type_.params.size();
  return index < params ? type_.params[index] : out_.locals[index - params];
}

Result<void> FunctionChecker::variable(const Instr& in) {
  switch (in.op) {
    case Op::LocalGet:
    case Op::LocalSet:
    case Op::LocalTee: {
      if (uint64_t{in.a} >= type_.params.size() + out_.locals.size())
        return fail(Errc::UnknownLocal);
      const ValType t = local_type(in.a);
      event_.operand = t;
      if (in.op != Op::LocalGet) SC_TRY_VOID(pop(Types(&t, 1)));
      if (in.op != Op::LocalSet) push(t);
      return ok();
    }
    case Op::GlobalGet:
    case Op::GlobalSet: {
      if (in.a >= module_.global_count()) return fail(Errc::UnknownGlobal);
      const decoder::GlobalType& g = module_.global_types[in.a];
      event_.operand = g.type;
      if (in.op == Op::GlobalGet) {
        push(g.type);
        return ok();
      }
      if (!g.is_mutable) return fail(Errc::ImmutableGlobal);
      SC_TRY(ValType popped, pop(g.type));
      (void)popped;
      return ok();
    }
    default:
      return fail(Errc::IllegalOpcode);
  }
}

Result<void> FunctionChecker::parametric(const Instr& in) {
  switch (in.op) {
    case Op::Drop: {
      SC_TRY(ValType t, pop());
      if (t != kUnknown) event_.operand = t;
      return ok();
    }
    case Op::Select: {
      SC_TRY(ValType cond, pop(ValType::I32));
      (void)cond;
      SC_TRY(ValType t1, pop());
      SC_TRY(ValType t2, pop());
      // Spec 3.3.4: select without a type immediate takes numeric operands only.
      const auto numeric_or_unknown = [](ValType t) { return t == kUnknown || decoder::is_num(t); };
      if (!numeric_or_unknown(t1) || !numeric_or_unknown(t2))
        return fail(Errc::TypeMismatch, "select without a type needs numeric operands");
      if (t1 != t2 && t1 != kUnknown && t2 != kUnknown) return fail(Errc::TypeMismatch);
      const ValType t = t1 == kUnknown ? t2 : t1;
      push(t);
      if (t != kUnknown) event_.operand = t;
      return ok();
    }
    case Op::SelectT: {
      if (in.a != 1) return fail(Errc::InvalidResultArity, "select takes exactly one type");
      if (in.type == ValType::V128) return fail(Errc::UnsupportedFeature, "simd");
      SC_TRY(ValType cond, pop(ValType::I32));
      SC_TRY(ValType t1, pop(in.type));
      SC_TRY(ValType t2, pop(in.type));
      (void)cond, (void)t1, (void)t2;
      push(in.type);
      event_.operand = in.type;
      return ok();
    }
    default:
      return fail(Errc::IllegalOpcode);
  }
}

Result<void> FunctionChecker::reference(const Instr& in) {
  switch (in.op) {
    case Op::RefNull:
      push(in.type);
      event_.operand = in.type;
      return ok();
    case Op::RefIsNull: {
      SC_TRY(ValType t, pop());
      if (t != kUnknown && !decoder::is_ref(t))
        return fail(Errc::TypeMismatch, "ref.is_null needs a reference");
      if (t != kUnknown) event_.operand = t;
      push(ValType::I32);
      return ok();
    }
    case Op::RefFunc:
      if (in.a >= module_.function_count()) return fail(Errc::UnknownFunction);
      // Spec 3.4.10 (C.refs): a body may only name functions declared elsewhere.
      if (in.a >= module_.declared_refs.size() || module_.declared_refs[in.a] == 0)
        return fail(Errc::UndeclaredFuncRef);
      push(ValType::FuncRef);
      event_.operand = ValType::FuncRef;
      return ok();
    default:
      return fail(Errc::IllegalOpcode);
  }
}

}  // namespace shortcrust::validator
