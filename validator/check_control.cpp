// Control and call instructions (spec 3.3.8 and the appendix's push_ctrl / pop_ctrl):
// block types, frame entry and exit, branches with their label types, and calls.
#include <algorithm>

#include "validator/function_checker.h"

namespace shortcrust::validator {

using decoder::Instr;
using decoder::Op;
using decoder::ValType;

namespace {

// One-element spans for single-value block types, in static storage so frames and
// events may keep them.
std::span<const ValType> single(ValType t) {
  static constexpr ValType kTypes[] = {ValType::I32,  ValType::I64,     ValType::F32,
                                       ValType::F64,  ValType::V128,    ValType::FuncRef,
                                       ValType::ExternRef};
  for (const ValType& k : kTypes) {
    if (k == t) return {&k, 1};
  }
  return {};
}

}  // namespace

Result<void> FunctionChecker::control(const Instr& in) {
  switch (in.op) {
    case Op::Unreachable:
      set_unreachable();
      return ok();
    case Op::Nop:
      return ok();
    case Op::Block: return open(in, FrameKind::Block);
    case Op::Loop: return open(in, FrameKind::Loop);
    case Op::If: return open(in, FrameKind::If);
    case Op::Else: return else_(in);
    case Op::End: return end(in);
    case Op::Br: {
      SC_TRY(uint32_t target, label(in.a));
      event_.results = label_types(frames_[target]);
      SC_TRY_VOID(pop(event_.results));
      set_unreachable();
      return ok();
    }
    case Op::BrIf: {
      SC_TRY(ValType cond, pop(ValType::I32));
      (void)cond;
      SC_TRY(uint32_t target, label(in.a));
      event_.results = label_types(frames_[target]);
      SC_TRY_VOID(pop(event_.results));
      push(event_.results);
      return ok();
    }
    case Op::BrTable: return br_table(in);
    case Op::Return:
      event_.results = type_.results;
      SC_TRY_VOID(pop(event_.results));
      set_unreachable();
      return ok();
    default:
      return fail(Errc::IllegalOpcode);
  }
}

Result<uint32_t> FunctionChecker::label(uint32_t depth) const {
  if (depth >= frames_.size()) return fail(Errc::UnknownLabel);
  return static_cast<uint32_t>(frames_.size() - 1 - depth);
}

Result<FunctionChecker::Frame> FunctionChecker::block_frame(const Instr& in, FrameKind kind) {
  Frame f{kind, 0, false, false, {}, {}};
  switch (in.block.kind) {
    case decoder::BlockType::Kind::Empty:
      break;
    case decoder::BlockType::Kind::Value:
      if (in.block.value == ValType::V128) return fail(Errc::UnsupportedFeature, "simd");
      f.results = single(in.block.value);
      break;
    case decoder::BlockType::Kind::TypeIndex: {
      if (in.block.type_index >= module_.types.size()) return fail(Errc::UnknownType);
      const decoder::FuncType& t = module_.types[in.block.type_index];
      f.params = t.params;
      f.results = t.results;
      break;
    }
  }
  return f;
}

Result<void> FunctionChecker::open(const Instr& in, FrameKind kind) {
  SC_TRY(Frame f, block_frame(in, kind));
  if (kind == FrameKind::If) {
    SC_TRY(ValType cond, pop(ValType::I32));
    (void)cond;
  }
  SC_TRY_VOID(pop(f.params));
  // frames_ holds the function frame too, so its size is the nesting depth after the push.
  if (frames_.size() > limits_.control_depth)
    return fail(Errc::LimitExceeded, "control_depth");
  const Frame& top = frames_.back();
  f.dead = top.dead || top.unreachable;
  f.height = static_cast<uint32_t>(vals_.size());
  frames_.push_back(f);
  max_depth_ = std::max(max_depth_, static_cast<uint32_t>(frames_.size() - 1));
  push(f.params);
  event_.params = f.params;
  event_.results = f.results;
  return ok();
}

Result<void> FunctionChecker::else_(const Instr&) {
  Frame& f = frames_.back();
  // The binary grammar only has `else` inside `if` (spec 5.4.1): anything else is malformed.
  if (f.kind != FrameKind::If) return fail(Errc::IllegalOpcode, "else outside if");
  SC_TRY_VOID(pop(f.results));
  if (vals_.size() != f.height)
    return fail(Errc::TypeMismatch, "values remain at the end of the block");
  f.kind = FrameKind::Else;
  f.unreachable = false;
  push(f.params);
  event_.params = f.params;
  event_.results = f.results;
  return ok();
}

Result<void> FunctionChecker::end(const Instr&) {
  const Frame f = frames_.back();
  SC_TRY_VOID(pop(f.results));
  if (vals_.size() != f.height)
    return fail(Errc::TypeMismatch, "values remain at the end of the block");
  // An `if` without `else` has an implicit empty else, which passes the params through.
  if (f.kind == FrameKind::If && !std::ranges::equal(f.params, f.results))
    return fail(Errc::TypeMismatch, "if without else must produce its parameters");
  frames_.pop_back();
  event_.params = f.kind == FrameKind::Function ? std::span(type_.params) : f.params;
  event_.results = f.results;
  if (!frames_.empty()) push(f.results);
  return ok();
}

// Spec appendix, br_table: every label has the default's arity; each one's types must
// match the operands, which stay in place (the polymorphic stack may match different
// types per label).
Result<void> FunctionChecker::br_table(const Instr&) {
  SC_TRY(ValType index, pop(ValType::I32));
  (void)index;
  event_.targets = targets_;
  SC_TRY(uint32_t default_frame, label(targets_.back()));
  const Types expected = label_types(frames_[default_frame]);
  const Frame& f = frames_.back();
  const size_t available = vals_.size() - f.height;
  const ValType* last_checked = nullptr;
  for (size_t i = 0; i + 1 < targets_.size(); ++i) {
    SC_TRY(uint32_t target, label(targets_[i]));
    const Types types = label_types(frames_[target]);
    if (types.size() != expected.size())
      return fail(Errc::TypeMismatch, "br_table labels have different arities");
    // Labels sharing their type list (same block type) need one check, keeping the
    // instruction linear in its size for the common case of many equal labels.
    if (types.empty() || types.data() == expected.data() || types.data() == last_checked)
      continue;
    last_checked = types.data();
    for (size_t k = 0; k < types.size(); ++k) {
      if (k >= available) {
        if (f.unreachable) break;
        return fail(Errc::TypeMismatch, "operand stack is empty");
      }
      const ValType actual = vals_[vals_.size() - 1 - k];
      if (actual != kUnknown && actual != types[types.size() - 1 - k])
        return fail(Errc::TypeMismatch);
    }
  }
  SC_TRY_VOID(pop(expected));
  event_.results = expected;
  set_unreachable();
  return ok();
}

Result<void> FunctionChecker::call(const Instr& in) {
  const decoder::FuncType* callee = nullptr;
  if (in.op == Op::Call) {
    if (in.a >= module_.function_count()) return fail(Errc::UnknownFunction);
    callee = &module_.function_type(in.a);
  } else {
    if (in.b >= module_.table_count()) return fail(Errc::UnknownTable);
    if (module_.table_types[in.b].elem != ValType::FuncRef)
      return fail(Errc::TypeMismatch, "call_indirect needs a funcref table");
    if (in.a >= module_.types.size()) return fail(Errc::UnknownType);
    callee = &module_.types[in.a];
    SC_TRY(ValType index, pop(ValType::I32));
    (void)index;
  }
  SC_TRY_VOID(pop(callee->params));
  push(callee->results);
  event_.params = callee->params;
  event_.results = callee->results;
  return ok();
}

}  // namespace shortcrust::validator
