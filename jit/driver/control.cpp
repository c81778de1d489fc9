// Driver: blocks, branches, br_table and return (see driver.h: every block boundary
// materializes the stack, branches copy the values they carry to the label's slots).
#include <map>

#include "jit/driver/driver.h"

namespace shortcrust::jit {

using decoder::Op;
using validator::ValidatedInstr;

bool Driver::needs_copies(const Control& target, uint32_t arity) const {
  for (uint32_t j = 0; j < arity; ++j) {
    const uint32_t position = height() - arity + j;
    if (stack_[position].kind != Entry::Kind::Stack || position != target.height + j) return true;
  }
  return false;
}

// Puts the top `arity` values where `target`'s label expects them, without changing the
// entries (the fall-through path keeps its state). Ascending order is safe: a destination
// never lies above its source.
void Driver::copy_to_label(const Control& target, uint32_t arity) {
  for (uint32_t j = 0; j < arity; ++j) {
    const uint32_t position = height() - arity + j;
    write_to_slot(canonical(target.height + j), stack_[position], position);
  }
}

void Driver::branch(Control& target, uint32_t arity) {
  if (&target == &controls_.front()) return emit_return(arity);
  ensure_loaded();
  note_branch(target);
  copy_to_label(target, arity);
  masm_.jump(target.label);
}

// The condition of a br_if or if: the fused compare's flags, or the i32 on the stack.
Driver::Test Driver::pop_test(Pinned& pinned) {
  if (condition_pending_) {
    condition_pending_ = false;
    return Test{true, pending_condition_, {}};
  }
  return Test{false, {}, pop_to_reg(pinned)};
}

void Driver::jump_when(const Test& test, Label target) {
  if (test.on_flags) masm_.branch_on(test.condition, target);
  else masm_.branch_if_nonzero(test.reg, target);
}

void Driver::jump_unless(const Test& test, Label target) {
  if (test.on_flags) masm_.branch_unless(test.condition, target);
  else masm_.branch_if_zero(test.reg, target);
}

// Between a fused compare and its branch only moves, loads and stores are emitted
// (ensure_loaded, materialize_all, copies to a label's slots): none changes the flags.
void Driver::branch_if(Control& target, uint32_t arity, const Test& test) {
  // On both paths (the fall-through continues in the same state); a return needs none.
  if (&target != &controls_.front()) ensure_loaded();
  if (&target != &controls_.front() && !needs_copies(target, arity)) {
    note_branch(target);
    jump_when(test, target.label);
    return;
  }
  const Label skip = masm_.new_label();
  jump_unless(test, skip);
  branch(target, arity);
  masm_.bind(skip);
}

// Results go to slots 0..arity. A lazy local below `arity` could be overwritten by an
// earlier result, so those are materialized first; the rest are written in order.
void Driver::emit_return(uint32_t arity) {
  for (uint32_t j = 0; j < arity; ++j) {
    const uint32_t position = height() - arity + j;
    const Entry& e = stack_[position];
    if (e.kind == Entry::Kind::Local && e.local < arity) materialize(position);
  }
  for (uint32_t j = 0; j < arity; ++j) {
    const uint32_t position = height() - arity + j;
    write_to_slot(j, stack_[position], position);
  }
  cost_patches_.push_back(masm_.epilogue());
}

void Driver::br_table(const ValidatedInstr& v) {
  Pinned pinned;
  const Reg index = pop_to_reg(pinned);
  const auto arity = static_cast<uint32_t>(v.results.size());
  const auto count = static_cast<uint32_t>(v.targets.size());
  std::vector<Label> labels(count);
  // Per distinct depth: the label itself, or a stub that copies the values first. Each
  // depth is examined once, so a huge table costs O(targets log depth).
  std::map<uint32_t, Label> by_depth;
  std::vector<uint32_t> stub_depths;
  ensure_loaded();  // for every target, before the table
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t depth = v.targets[i];
    auto [it, fresh] = by_depth.try_emplace(depth);
    if (fresh) {
      Control& target = controls_[controls_.size() - 1 - depth];
      if (&target != &controls_.front() && !needs_copies(target, arity)) {
        note_branch(target);
        it->second = target.label;
      } else {
        it->second = masm_.new_label();
        stub_depths.push_back(depth);
      }
    }
    labels[i] = it->second;
  }
  masm_.jump_table(index, count, labels.data());
  for (uint32_t depth : stub_depths) {
    masm_.bind(by_depth[depth]);
    branch(controls_[controls_.size() - 1 - depth], arity);
  }
}

void Driver::control(const ValidatedInstr& v) {
  const Op op = v.instr.op;
  switch (op) {
    case Op::Block:
    case Op::Loop:
    case Op::If: {
      Control c;
      c.op = op;
      c.label = masm_.new_label();
      if (!v.reachable) {
        c.live = false;
        controls_.push_back(c);
        return;
      }
      c.params = static_cast<uint32_t>(v.params.size());
      c.results = static_cast<uint32_t>(v.results.size());
      Pinned pinned;
      Test test;
      if (op == Op::If) test = pop_test(pinned);
      materialize_all();  // keeps the test's register: materializing needs none
      ensure_loaded();    // nor does loading locals into their own
      c.height = height() - c.params;
      c.entry_dirty = dirty_;
      if (op == Op::Loop) {  // back edges are not seen yet: assume they bring everything
        masm_.bind(c.label);
        dirty_ = all_dirty();
      }
      if (op == Op::If) {
        c.else_label = masm_.new_label();
        c.else_pending = true;
        jump_unless(test, c.else_label);
      }
      controls_.push_back(c);
      return;
    }
    case Op::Else: {
      Control& c = controls_.back();
      if (!c.live) return;
      if (v.reachable) {
        materialize_all();
        ensure_loaded();
        masm_.jump(c.label);
        c.dirty |= dirty_;
      }
      masm_.bind(c.else_label);
      dirty_ = c.entry_dirty;
      unloaded_ = 0;
      c.else_pending = false;
      reset_stack(c.height, v.params);
      return;
    }
    case Op::End: {
      Control c = controls_.back();
      controls_.pop_back();
      if (controls_.empty()) {  // the function's own end
        if (v.reachable) emit_return(c.results);
        return;
      }
      if (!c.live) return;
      if (v.reachable) {
        materialize_all();
        ensure_loaded();
      }
      if (c.else_pending) masm_.bind(c.else_label);
      if (c.op != Op::Loop) {  // a loop's end is reached only by falling through
        masm_.bind(c.label);
        dirty_ = (v.reachable ? dirty_ : 0) | c.dirty | (c.else_pending ? c.entry_dirty : 0);
        unloaded_ = 0;
      }
      reset_stack(c.height, v.results);
      return;
    }
    case Op::Br:
      branch(controls_[controls_.size() - 1 - v.instr.a], static_cast<uint32_t>(v.results.size()));
      return;
    case Op::BrIf: {
      Pinned pinned;
      const Test test = pop_test(pinned);
      branch_if(controls_[controls_.size() - 1 - v.instr.a], static_cast<uint32_t>(v.results.size()), test);
      return;
    }
    case Op::BrTable: br_table(v); return;
    case Op::Return: emit_return(static_cast<uint32_t>(controls_.front().results)); return;
    case Op::Unreachable: masm_.jump(trap(TrapKind::Unreachable)); return;
    default: return;  // nop
  }
}

}  // namespace shortcrust::jit
