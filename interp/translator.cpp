// Translator: validated WebAssembly -> threaded code (see translator.h for the frame
// layout, the lazy operand stack and its invariants).
#include "interp/translator.h"

#include <array>
#include <map>

#include "decoder/gas.h"
#include "interp/interp.h"
#include "interp/semantics.h"
#include "validator/function_validator.h"

namespace shortcrust::interp {
namespace {

using decoder::Family;
using decoder::Op;
using validator::ValidatedInstr;

constexpr uint16_t kNoHandler = 0xffff;

// Op -> handler id of its slot form (numeric ops: the `_Imm` form is the next id).
constexpr std::array<uint16_t, decoder::kOpCount> kHandlerOf = [] {
  std::array<uint16_t, decoder::kOpCount> table{};
  table.fill(kNoHandler);
#define SC_NUMERIC(name) table[static_cast<size_t>(Op::name)] = static_cast<uint16_t>(H::name);
#define SC_ACCESS(name) table[static_cast<size_t>(Op::name)] = static_cast<uint16_t>(H::name);
#define X(name, enc, text, imm, sig, gas, family) SC_FAMILY_##family(name)
#include "decoder/opcodes.def"
#undef X
#undef SC_NUMERIC
#undef SC_ACCESS
  return table;
}();

H handler_of(Op op, bool immediate = false) {
  return static_cast<H>(kHandlerOf[static_cast<size_t>(op)] + (immediate ? 1 : 0));
}

// Segment-opening instructions that cost nothing and end their own segment (block, loop,
// else, end, return, unreachable): their segment is just themselves, so no charge.
bool free_segment(Op op) {
  return decoder::kEndsSegment[static_cast<size_t>(op)] && decoder::kStaticCost[static_cast<size_t>(op)] == 0;
}

}  // namespace

Result<void> Translator::begin(const validator::FunctionBegin& b) {
  out_ = CompiledFunction{};
  code_ = Emitter{};
  out_.function_index = b.function_index;
  out_.param_count = static_cast<uint32_t>(b.type->params.size());
  out_.result_count = static_cast<uint32_t>(b.type->results.size());
  out_.local_count = b.facts->local_count;
  base_ = out_.param_count + out_.local_count;
  watermark_ = 0;
  stack_.clear();
  local_refs_.assign(base_, 0);
  controls_.clear();
  gas_patches_.clear();
  result_end_ = UINT32_MAX;
  // Word 0: the gas of the first segment, charged by the call (like a continuation).
  code_.u64(0);
  out_.offsets.emplace_back(0, 0);
  continuation_ = 0;
  Control function;
  function.results = out_.result_count;
  controls_.push_back(std::move(function));
  return ok();
}

Result<void> Translator::end(const decoder::FunctionFacts& facts) {
  for (const auto& [word, segment] : gas_patches_) code_.patch_u64(word, facts.gas_segments[segment].cost);
  out_.frame_slots = base_ + facts.max_operand_height;
  out_.stack_cost = facts.frame_slots;
  out_.code = code_.take();
  return ok();
}

uint32_t Translator::emit(H handler) {
  const uint32_t at = code_.begin(handler);
  if (out_.offsets.empty() || out_.offsets.back().second != offset_) out_.offsets.emplace_back(at, offset_);
  return at;
}

// ---- The lazy operand stack ------------------------------------------------------

void Translator::push_slot() { stack_.push_back(Entry{}); }

void Translator::push_local(uint32_t local) {
  stack_.push_back(Entry{Entry::Kind::Local, local, 0});
  ++local_refs_[local];
}

void Translator::push_const(uint64_t bits) { stack_.push_back(Entry{Entry::Kind::Const, 0, bits}); }

Translator::Entry Translator::pop() {
  Entry e = stack_.back();
  stack_.pop_back();
  if (e.kind == Entry::Kind::Local) --local_refs_[e.local];
  if (watermark_ > height()) watermark_ = height();
  return e;
}

void Translator::move_to(uint32_t dst, const Entry& e, uint32_t position) {
  switch (e.kind) {
    case Entry::Kind::Slot:
      if (canonical(position) == dst) return;
      emit(H::Copy);
      code_.u32(dst);
      code_.u32(canonical(position));
      return;
    case Entry::Kind::Local:
      if (e.local == dst) return;
      emit(H::Copy);
      code_.u32(dst);
      code_.u32(e.local);
      return;
    case Entry::Kind::Const:
      emit(H::Const);
      code_.u32(dst);
      code_.u64(e.bits);
      return;
  }
}

uint32_t Translator::slot_of(const Entry& e, uint32_t position) {
  switch (e.kind) {
    case Entry::Kind::Slot: return canonical(position);
    case Entry::Kind::Local: return e.local;
    case Entry::Kind::Const: move_to(canonical(position), e, position); return canonical(position);
  }
  return canonical(position);
}

void Translator::materialize(uint32_t position) {
  Entry& e = stack_[position];
  if (e.kind == Entry::Kind::Slot) return;
  move_to(canonical(position), e, position);
  if (e.kind == Entry::Kind::Local) --local_refs_[e.local];
  e = Entry{};
}

void Translator::materialize_all() {
  for (uint32_t p = watermark_; p < height(); ++p) materialize(p);
  watermark_ = height();
}

void Translator::materialize_top(uint32_t n) {
  for (uint32_t p = height() - n; p < height(); ++p) materialize(p);
}

void Translator::materialize_local(uint32_t local) {
  for (uint32_t p = height(); p > 0 && local_refs_[local] > 0; --p) {
    const Entry& e = stack_[p - 1];
    if (e.kind == Entry::Kind::Local && e.local == local) materialize(p - 1);
  }
}

void Translator::reset_stack(uint32_t keep, uint32_t push) {
  while (height() > keep) pop();
  for (uint32_t i = 0; i < push; ++i) push_slot();
  watermark_ = height();
  result_end_ = UINT32_MAX;
}

void Translator::pop_slots(uint32_t n, uint32_t* slots) {
  const uint32_t first = height() - n;
  Entry entries[4];
  for (uint32_t i = n; i > 0; --i) entries[i - 1] = pop();
  for (uint32_t i = 0; i < n; ++i) slots[i] = slot_of(entries[i], first + i);
}

// ---- Branches --------------------------------------------------------------------

// Puts the top `arity` values where `target`'s label expects them. Ascending order is
// safe: a destination never lies above its source (see translator.h).
void Translator::copy_to_label(const Control& target, uint32_t arity) {
  for (uint32_t j = 0; j < arity; ++j) {
    const uint32_t position = height() - arity + j;
    move_to(canonical(target.height + j), stack_[position], position);
  }
}

bool Translator::needs_copies(const Control& target, uint32_t arity) const {
  for (uint32_t j = 0; j < arity; ++j) {
    const uint32_t position = height() - arity + j;
    if (stack_[position].kind != Entry::Kind::Slot || position != target.height + j) return true;
  }
  return false;
}

void Translator::jump_to(Control& target) {
  emit(H::Br);
  if (target.op == Op::Loop) code_.rel_to(target.loop_target);
  else target.fixups.push_back(code_.rel());
}

void Translator::emit_branch(Control& target, uint32_t arity) {
  if (&target == &controls_.front()) return emit_return(arity);
  copy_to_label(target, arity);
  jump_to(target);
}

void Translator::emit_branch_if(Control& target, uint32_t arity, uint32_t cond) {
  if (&target != &controls_.front() && !needs_copies(target, arity)) {
    emit(H::BrIf);
    code_.u32(cond);
    if (target.op == Op::Loop) code_.rel_to(target.loop_target);
    else target.fixups.push_back(code_.rel());
    return;
  }
  emit(H::BrUnless);
  code_.u32(cond);
  const Emitter::Fixup skip = code_.rel();
  emit_branch(target, arity);
  code_.patch(skip, code_.here());
  result_end_ = UINT32_MAX;
}

// Results go to fp[0..arity). A lazy local below `arity` could be overwritten by an
// earlier result copy, so those are materialized first; the rest copy in ascending order.
void Translator::emit_return(uint32_t arity) {
  for (uint32_t j = 0; j < arity; ++j) {
    const uint32_t position = height() - arity + j;
    const Entry& e = stack_[position];
    if (e.kind == Entry::Kind::Local && e.local < arity) materialize(position);
  }
  for (uint32_t j = 0; j < arity; ++j) {
    const uint32_t position = height() - arity + j;
    move_to(j, stack_[position], position);
  }
  emit(H::Return);
}

void Translator::br_table(const ValidatedInstr& v) {
  const Entry index = pop();
  const uint32_t index_slot = slot_of(index, height());
  const auto arity = static_cast<uint32_t>(v.results.size());
  const auto count = static_cast<uint32_t>(v.targets.size());
  const uint32_t at = emit(H::BrTable);
  code_.u32(index_slot);
  code_.u32(count - 1);
  std::vector<Emitter::Fixup> fields(count);
  for (uint32_t i = 0; i < count; ++i) fields[i] = code_.rel();
  std::map<uint32_t, uint32_t> stubs;  // depth -> stub word, for targets needing copies
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t depth = v.targets[i];
    Control& target = controls_[controls_.size() - 1 - depth];
    if (&target != &controls_.front() && !needs_copies(target, arity)) {
      if (target.op == Op::Loop) code_.set(fields[i].field, target.loop_target - at);
      else target.fixups.push_back(fields[i]);
      continue;
    }
    auto [it, fresh] = stubs.emplace(depth, code_.here());
    if (fresh) emit_branch(target, arity);
    code_.set(fields[i].field, it->second - at);
  }
}

// ---- Instructions ----------------------------------------------------------------

Result<void> Translator::instr(const ValidatedInstr& v) {
  const Op op = v.instr.op;
  offset_ = v.instr.offset;
  const Family family = decoder::info(op).family;
  if (!v.reachable) {  // emit nothing, but keep track of block nesting
    switch (op) {
      case Op::Block: case Op::Loop: case Op::If: case Op::Else: case Op::End: control(v); break;
      default: break;
    }
    return ok();
  }
  if (continuation_ != kNoContinuation) {
    // The first instruction, or the one right after a call, opens a segment that the
    // call (entry) or the return (continuation) charges.
    out_.offsets.back().second = offset_;
    if (config_.gas_metering && !free_segment(op)) gas_patches_.emplace_back(continuation_, v.segment);
    continuation_ = kNoContinuation;
  } else if (v.segment_begin && config_.gas_metering && !free_segment(op)) {
    const uint32_t at = emit(H::ChargeGas);
    code_.u64(0);
    gas_patches_.emplace_back(at + 1, v.segment);
  }
  switch (family) {
    case Family::Control: control(v); break;
    case Family::Call: call(v); break;
    case Family::Reference: reference(v); break;
    case Family::Parametric: parametric(v); break;
    case Family::Variable: variable(v); break;
    case Family::Table:
    case Family::Memory: table_or_memory(v); break;
    case Family::Load:
    case Family::Store: memory_access(v); break;
    case Family::Const:
      push_const(op == Op::I32Const || op == Op::F32Const ? static_cast<uint32_t>(v.instr.value) : v.instr.value);
      break;
    case Family::Compare:
    case Family::Unary:
    case Family::Binary:
    case Family::Convert: numeric(v); break;
    case Family::Simd: return Error{Errc::UnsupportedFeature, v.instr.offset, kNoFunction, "simd"};
  }
  return ok();
}

void Translator::bind_label(Control& c) {
  const uint32_t here = code_.here();
  if (c.has_else_fixup) code_.patch(c.else_fixup, here);
  for (const Emitter::Fixup& f : c.fixups) code_.patch(f, here);
  c.fixups.clear();
  c.has_else_fixup = false;
}

void Translator::control(const ValidatedInstr& v) {
  const Op op = v.instr.op;
  switch (op) {
    case Op::Block:
    case Op::Loop:
    case Op::If: {
      Control c;
      c.op = op;
      if (!v.reachable) {
        c.live = false;
        controls_.push_back(std::move(c));
        return;
      }
      c.params = static_cast<uint32_t>(v.params.size());
      c.results = static_cast<uint32_t>(v.results.size());
      uint32_t cond = 0;
      if (op == Op::If) {
        const Entry e = pop();
        cond = slot_of(e, height());
      }
      materialize_all();
      c.height = height() - c.params;
      if (op == Op::Loop) c.loop_target = code_.here();
      if (op == Op::If) {
        emit(H::BrUnless);
        code_.u32(cond);
        c.else_fixup = code_.rel();
        c.has_else_fixup = true;
      }
      result_end_ = UINT32_MAX;
      controls_.push_back(std::move(c));
      return;
    }
    case Op::Else: {
      Control& c = controls_.back();
      if (!c.live) return;
      if (v.reachable) {
        materialize_all();
        jump_to(c);
      }
      code_.patch(c.else_fixup, code_.here());
      c.has_else_fixup = false;
      reset_stack(c.height, c.params);
      return;
    }
    case Op::End: {
      Control c = std::move(controls_.back());
      controls_.pop_back();
      if (controls_.empty()) {  // the function's own end
        if (v.reachable) emit_return(out_.result_count);
        return;
      }
      if (!c.live) return;
      if (v.reachable) materialize_all();
      bind_label(c);
      reset_stack(c.height, c.results);
      return;
    }
    case Op::Br:
      emit_branch(controls_[controls_.size() - 1 - v.instr.a], static_cast<uint32_t>(v.results.size()));
      return;
    case Op::BrIf: {
      const Entry e = pop();
      const uint32_t cond = slot_of(e, height());
      emit_branch_if(controls_[controls_.size() - 1 - v.instr.a], static_cast<uint32_t>(v.results.size()), cond);
      return;
    }
    case Op::BrTable: br_table(v); return;
    case Op::Return: emit_return(out_.result_count); return;
    case Op::Unreachable: emit(H::Unreachable); return;
    default: return;  // nop
  }
}

void Translator::call(const ValidatedInstr& v) {
  const auto n = static_cast<uint32_t>(v.params.size());
  const auto m = static_cast<uint32_t>(v.results.size());
  uint32_t index_slot = 0;
  if (v.instr.op == decoder::Op::CallIndirect) {
    const Entry index = pop();
    index_slot = slot_of(index, height());
  }
  materialize_top(n);
  const uint32_t arg_base = canonical(height() - n);
  for (uint32_t i = 0; i < n; ++i) pop();
  if (v.instr.op == decoder::Op::Call) {
    emit(H::Call);
    code_.u32(v.instr.a);
    code_.u32(arg_base);
  } else {
    emit(H::CallIndirect);
    code_.u32(type_ids_[v.instr.a]);
    code_.u32(v.instr.b);
    code_.u32(index_slot);
    code_.u32(arg_base);
  }
  // The gas of the segment after the call, charged when the callee returns (saves a
  // dispatch per call); the next instruction patches it and the offset a trap reports.
  continuation_ = code_.here();
  code_.u64(0);
  out_.offsets.emplace_back(continuation_, offset_);
  for (uint32_t i = 0; i < m; ++i) push_slot();
}

void Translator::reference(const ValidatedInstr& v) {
  switch (v.instr.op) {
    case Op::RefNull: push_const(0); return;
    case Op::RefIsNull: {
      const Entry e = pop();
      const uint32_t s = slot_of(e, height());
      emit(H::RefIsNull);
      const auto field = code_.u32(canonical(height()));
      code_.u32(s);
      note_result(field, canonical(height()));
      push_slot();
      return;
    }
    default: {  // ref.func
      emit(H::RefFunc);
      const auto field = code_.u32(canonical(height()));
      code_.u32(v.instr.a);
      note_result(field, canonical(height()));
      push_slot();
      return;
    }
  }
}

void Translator::parametric(const ValidatedInstr& v) {
  if (v.instr.op == Op::Drop) {
    pop();
    return;
  }
  uint32_t slots[3];  // a, b, cond
  pop_slots(3, slots);
  const uint32_t d = canonical(height());
  emit(H::Select);
  const auto field = code_.u32(d);
  code_.u32(slots[2]);
  code_.u32(slots[0]);
  code_.u32(slots[1]);
  note_result(field, d);
  push_slot();
}

void Translator::variable(const ValidatedInstr& v) {
  const uint32_t index = v.instr.a;
  switch (v.instr.op) {
    case Op::LocalGet: push_local(index); return;
    case Op::LocalSet:
    case Op::LocalTee: {
      const bool tee = v.instr.op == Op::LocalTee;
      const Entry e = pop();
      const uint32_t position = height();
      materialize_local(index);
      if (e.kind == Entry::Kind::Slot && result_end_ == code_.here() && result_slot_ == canonical(position)) {
        code_.set(result_field_, index);  // the producer writes the local directly
        result_end_ = UINT32_MAX;
        if (tee) push_local(index);
        return;
      }
      move_to(index, e, position);
      if (!tee) return;
      if (e.kind == Entry::Kind::Local) push_local(e.local);
      else if (e.kind == Entry::Kind::Const) push_const(e.bits);
      else push_slot();
      return;
    }
    case Op::GlobalGet: {
      const uint32_t d = canonical(height());
      emit(H::GlobalGet);
      const auto field = code_.u32(d);
      code_.u32(index);
      note_result(field, d);
      push_slot();
      return;
    }
    default: {  // global.set
      const Entry e = pop();
      const uint32_t s = slot_of(e, height());
      emit(H::GlobalSet);
      code_.u32(index);
      code_.u32(s);
      return;
    }
  }
}

void Translator::numeric(const ValidatedInstr& v) {
  const Op op = v.instr.op;
  const decoder::Sig& sig = decoder::info(op).sig;
  uint32_t d = 0;
  Emitter::Field field;
  if (sig.param_count == 2) {
    const Entry rhs = pop();
    const Entry lhs = pop();
    const uint32_t p = height();
    d = canonical(p);
    if (rhs.kind == Entry::Kind::Const && lhs.kind != Entry::Kind::Const) {
      const uint32_t a = slot_of(lhs, p);
      emit(handler_of(op, true));
      field = code_.u32(d);
      code_.u32(a);
      code_.u64(rhs.bits);
    } else {
      const uint32_t a = slot_of(lhs, p);
      const uint32_t b = slot_of(rhs, p + 1);
      emit(handler_of(op));
      field = code_.u32(d);
      code_.u32(a);
      code_.u32(b);
    }
  } else {
    const Entry e = pop();
    const uint32_t a = slot_of(e, height());
    d = canonical(height());
    emit(handler_of(op));
    field = code_.u32(d);
    code_.u32(a);
  }
  note_result(field, d);
  push_slot();
  if (config_.canonicalize_nans && sem::canonicalizes(op)) {
    emit(sig.result == decoder::SigType::F32 ? H::Canon32 : H::Canon64);
    code_.u32(d);
  }
}

void Translator::memory_access(const ValidatedInstr& v) {
  const Op op = v.instr.op;
  if (decoder::info(op).family == Family::Load) {
    const Entry address = pop();
    const uint32_t a = slot_of(address, height());
    const uint32_t d = canonical(height());
    emit(handler_of(op));
    const auto field = code_.u32(d);
    code_.u32(a);
    code_.u64(v.instr.value);
    note_result(field, d);
    push_slot();
    return;
  }
  uint32_t slots[2];  // address, value
  pop_slots(2, slots);
  emit(handler_of(op));
  code_.u32(slots[0]);
  code_.u32(slots[1]);
  code_.u64(v.instr.value);
}

void Translator::table_or_memory(const ValidatedInstr& v) {
  const decoder::Instr& in = v.instr;
  uint32_t s[3];
  auto result = [&](H handler) {
    const uint32_t d = canonical(height());
    emit(handler);
    code_.u32(d);
    push_slot();
  };
  auto operands = [&](H handler, std::initializer_list<uint32_t> immediates, uint32_t popped) {
    pop_slots(popped, s);
    emit(handler);
    for (uint32_t imm : immediates) code_.u32(imm);
    for (uint32_t i = 0; i < popped; ++i) code_.u32(s[i]);
  };
  switch (in.op) {
    case Op::MemorySize: return result(H::MemorySize);
    case Op::MemoryGrow: {
      pop_slots(1, s);
      result(H::MemoryGrow);
      code_.u32(s[0]);
      return;
    }
    case Op::MemoryFill: return operands(H::MemoryFill, {}, 3);
    case Op::MemoryCopy: return operands(H::MemoryCopy, {}, 3);
    case Op::MemoryInit: return operands(H::MemoryInit, {in.a}, 3);
    case Op::DataDrop: return operands(H::DataDrop, {in.a}, 0);
    case Op::TableGet: {
      pop_slots(1, s);
      result(H::TableGet);
      code_.u32(in.a);
      code_.u32(s[0]);
      return;
    }
    case Op::TableSet: return operands(H::TableSet, {in.a}, 2);
    case Op::TableSize: {
      result(H::TableSize);
      code_.u32(in.a);
      return;
    }
    case Op::TableGrow: {
      pop_slots(2, s);
      result(H::TableGrow);
      code_.u32(in.a);
      code_.u32(s[0]);
      code_.u32(s[1]);
      return;
    }
    case Op::TableFill: return operands(H::TableFill, {in.a}, 3);
    case Op::TableCopy: return operands(H::TableCopy, {in.a, in.b}, 3);
    case Op::TableInit: return operands(H::TableInit, {in.b, in.a}, 3);
    case Op::ElemDrop: return operands(H::ElemDrop, {in.a}, 0);
    default: return;
  }
}

Result<std::vector<CompiledFunction>> compile_functions(decoder::Module& module, const EngineConfig& config,
                                                        const std::vector<uint32_t>& type_ids) {
  std::vector<CompiledFunction> out;
  out.reserve(module.functions.size());
  Translator translator(config, type_ids);
  validator::FunctionChecker::Scratch scratch;
  for (uint32_t i = 0; i < module.functions.size(); ++i) {
    SC_TRY_VOID(validator::validate_function(module, i, module.facts[i], translator, config.limits, scratch));
    out.push_back(translator.take());
  }
  return out;
}

}  // namespace shortcrust::interp
