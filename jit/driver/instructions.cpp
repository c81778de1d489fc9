// Driver: calls, variables, numeric, memory, table and reference instructions.
#include <algorithm>

#include "decoder/instruction.h"
#include "interp/semantics.h"
#include "jit/driver/driver.h"
#include "jit/runtime_calls.h"

namespace shortcrust::jit {

using decoder::Op;
using decoder::ValType;
using validator::ValidatedInstr;

namespace {

ValType type_of(decoder::SigType t, bool memory64) {
  switch (t) {
    case decoder::SigType::I32: return ValType::I32;
    case decoder::SigType::I64: return ValType::I64;
    case decoder::SigType::F32: return ValType::F32;
    case decoder::SigType::F64: return ValType::F64;
    case decoder::SigType::Addr: return memory64 ? ValType::I64 : ValType::I32;
    case decoder::SigType::V128: break;
  }
  return ValType::I32;
}

}  // namespace

// Calls: every register is spilled (callees and runtime calls clobber them all), the
// arguments are written to consecutive canonical slots, which become the callee's frame;
// results come back in the same slots. Lazy locals and constants survive a call: the
// callee cannot write this frame's locals.
void Driver::call(const ValidatedInstr& v) {
  const auto n = static_cast<uint32_t>(v.params.size());
  const auto m = static_cast<uint32_t>(v.results.size());
  Pinned pinned;
  Reg index{};
  if (v.instr.op == Op::CallIndirect) index = pop_to_reg(pinned);
  spill_registers();
  materialize_top(n);
  const uint32_t arg_slot = canonical(height() - n);
  const uint32_t frame_end = arg_slot + std::max(n, m);
  for (uint32_t i = 0; i < n; ++i) pop();
  save_local_registers();
  if (v.instr.op == Op::CallIndirect) {
    masm_.call_indirect((*module_.type_ids)[v.instr.a], v.instr.b, index, arg_slot, frame_end, module_.has_memory,
                        *this);
  } else if (v.instr.a >= module_.imported_functions) {
    masm_.call_direct(module_.functions[v.instr.a - module_.imported_functions], arg_slot);
  } else {
    masm_.call_import(v.instr.a, arg_slot, frame_end, module_.has_memory, dynamic_trap());
  }
  forget_local_registers();
  for (uint32_t i = 0; i < m; ++i) push_stack(v.results[i]);
}

// An instruction done by a runtime function: its operands in consecutive canonical slots,
// its result (if any) written over the first of them.
void Driver::runtime_op(Op op, uint32_t operands, bool has_result, ValType result, uint32_t a, uint32_t b) {
  spill_registers();
  materialize_top(operands);
  const uint32_t arg_slot = canonical(height() - operands);
  for (uint32_t i = 0; i < operands; ++i) pop();
  save_local_registers();
  masm_.call_runtime(operation_helper(op), arg_slot, a, b, dynamic_trap());
  forget_local_registers();
  if (op == Op::MemoryGrow && module_.has_memory) masm_.reload_memory();
  if (has_result) push_stack(result);
}

void Driver::variable(const ValidatedInstr& v) {
  const uint32_t index = v.instr.a;
  switch (v.instr.op) {
    case Op::LocalGet: push_local(index, v.operand); return;
    case Op::LocalSet:
    case Op::LocalTee: {
      materialize_local(index);
      const uint32_t position = height() - 1;
      const Entry e = stack_[position];
      if (const Reg* local = home_register(index)) {
        set_register_local(*local, e, position);
        dirty_ |= 1u << local_reg_[index];
        unloaded_ &= ~(1u << local_reg_[index]);
      } else {
        write_to_slot(index, e, position);
      }
      if (v.instr.op == Op::LocalSet) {
        pop();
        return;
      }
      // local.tee: the value stays. It now reads the local, unless it is a constant or a
      // register the local (in memory) would only make slower to reach.
      const bool keep = e.kind == Entry::Kind::Const || (e.kind == Entry::Kind::Reg && home_register(index) == nullptr);
      if (!keep) {
        pop();
        push_local(index, v.operand);
      }
      return;
    }
    case Op::GlobalGet: {
      const Reg d = allocate(class_of(v.operand), Pinned{});
      masm_.global_get(d, index, v.operand);
      push_reg(d, v.operand);
      return;
    }
    default: {  // global.set
      Pinned pinned;
      const Reg s = pop_to_reg(pinned);
      masm_.global_set(index, s, v.operand);
      return;
    }
  }
}

// local.set of a register-resident local: the entry's value into its register.
void Driver::set_register_local(Reg local, const Entry& e, uint32_t position) {
  switch (e.kind) {
    case Entry::Kind::Reg: masm_.move(local, e.reg, e.type); return;
    case Entry::Kind::Const: masm_.load_imm(local, e.bits, e.type); return;
    case Entry::Kind::Stack: masm_.load_slot(local, canonical(position), e.type); return;
    case Entry::Kind::Local:
      if (const Reg* source = local_register(e.local)) masm_.move(local, *source, e.type);
      else masm_.load_slot(local, e.local, e.type);
      return;
  }
}

// True if the instruction after `v` (which has no immediates) is a br_if or an if.
bool Driver::next_is_conditional(const ValidatedInstr& v) const {
  const size_t next = size_t{v.instr.offset} + 1;
  if (decoder::info(v.instr.op).encoding > 0xff || next >= module_bytes_.size()) return false;
  const decoder::OpcodeByte& byte = decoder::opcode_byte(module_bytes_[next]);
  return byte.single && (byte.op == Op::BrIf || byte.op == Op::If);
}

// An integer compare whose result only decides the next br_if or if: it sets the flags
// and pushes nothing; pop_test() hands its condition to the branch.
void Driver::fuse_compare(Op op, uint32_t operands) {
  Pinned pinned;
  Operand rhs;
  if (operands == 2) rhs = pop_operand(pinned);
  const Reg lhs = pop_for_reading(pinned);
  pending_condition_ = masm_.compare_flags(op, lhs, rhs);
  condition_pending_ = true;
}

void Driver::numeric(const ValidatedInstr& v) {
  const Op op = v.instr.op;
  const decoder::Sig& sig = decoder::info(op).sig;
  if (is_integer_compare(op) && next_is_conditional(v)) return fuse_compare(op, sig.param_count);
  const ValType result = type_of(sig.result, false);
  if (!HostMasm::inlines(op)) return numeric_by_helper(op, result);
  Pinned pinned;
  const RegMask clobbered = HostMasm::clobbers(op);
  if (clobbered != 0) {
    evict(clobbered, pinned);
    pinned.gpr |= clobbered;  // operands and the result stay out of them
  }
  Operand rhs;
  if (sig.param_count == 2) rhs = pop_operand(pinned);
  const Reg lhs = pop_to_reg(pinned);
  // Same class: the result replaces the left operand (two-operand x86 form).
  const Reg d = class_of(result) == lhs.cls ? lhs : allocate(class_of(result), pinned);
  masm_.numeric(op, d, lhs, rhs, *this);
  if (config_.canonicalize_nans && interp::sem::canonicalizes(op)) masm_.canonicalize_nan(d, result);
  push_reg(d, result);
}

// Through the interpreter's semantics (jit/runtime_calls.h), operands in their slots.
void Driver::numeric_by_helper(Op op, ValType result) {
  const uint32_t operands = decoder::info(op).sig.param_count;
  spill_registers();
  materialize_top(operands);
  const uint32_t arg_slot = canonical(height() - operands);
  for (uint32_t i = 0; i < operands; ++i) pop();
  save_local_registers();
  masm_.call_runtime(numeric_helper(op, config_.canonicalize_nans), arg_slot, 0, 0, dynamic_trap());
  forget_local_registers();
  push_stack(result);
}

void Driver::memory_access(const ValidatedInstr& v) {
  const Op op = v.instr.op;
  const decoder::Sig& sig = decoder::info(op).sig;
  const bool memory64 = v.operand == ValType::I64;
  Pinned pinned;
  if (decoder::info(op).family == decoder::Family::Load) {
    const Reg index = pop_for_reading(pinned);
    const ValType result = type_of(sig.result, memory64);
    // The result takes the index's register, unless that is a local's.
    const bool reuse = class_of(result) == RegClass::Gpr && !reserved_.has(index);
    const Reg d = reuse ? index : allocate(class_of(result), pinned);
    masm_.load(op, d, index, v.instr.value, memory64, trap(TrapKind::MemoryOutOfBounds));
    push_reg(d, result);
    return;
  }
  const Reg value = pop_for_reading(pinned);
  const Reg index = pop_for_reading(pinned);
  if (config_.track_writes) {  // the write journal's store barrier (runtime/write_journal.h)
    const Reg stamps = allocate(RegClass::Gpr, pinned);
    pinned.add(stamps);
    const Reg page = allocate(RegClass::Gpr, pinned);
    masm_.write_barrier(op, index, v.instr.value, memory64, trap(TrapKind::MemoryOutOfBounds), stamps, page);
  }
  masm_.store(op, index, value, v.instr.value, memory64, trap(TrapKind::MemoryOutOfBounds));
}

void Driver::memory_or_table(const ValidatedInstr& v) {
  const decoder::Instr& in = v.instr;
  const ValType address = v.operand;  // memory.*: the address type; table.*: element type
  switch (in.op) {
    case Op::MemorySize: {
      const Reg d = allocate(RegClass::Gpr, Pinned{});
      masm_.memory_size(d);
      masm_.numeric(address == ValType::I64 ? Op::I64ShrU : Op::I32ShrU, d, d, Operand::immediate(16), *this);
      push_reg(d, address);
      return;
    }
    case Op::MemoryGrow: return runtime_op(in.op, 1, true, address, 0, 0);
    case Op::MemoryFill:
    case Op::MemoryCopy: return runtime_op(in.op, 3, false, address, 0, 0);
    case Op::MemoryInit: return runtime_op(in.op, 3, false, address, in.a, 0);
    case Op::DataDrop: return runtime_op(in.op, 0, false, address, in.a, 0);
    case Op::TableGet: return runtime_op(in.op, 1, true, address, in.a, 0);
    case Op::TableSet: return runtime_op(in.op, 2, false, address, in.a, 0);
    case Op::TableSize: return runtime_op(in.op, 0, true, ValType::I32, in.a, 0);
    case Op::TableGrow: return runtime_op(in.op, 2, true, ValType::I32, in.a, 0);
    case Op::TableFill: return runtime_op(in.op, 3, false, address, in.a, 0);
    case Op::TableCopy: return runtime_op(in.op, 3, false, address, in.a, in.b);
    case Op::TableInit: return runtime_op(in.op, 3, false, address, in.b, in.a);
    case Op::ElemDrop: return runtime_op(in.op, 0, false, address, in.a, 0);
    default: return;
  }
}

void Driver::parametric(const ValidatedInstr& v) {
  if (v.instr.op == Op::Drop) {
    pop();
    return;
  }
  Pinned pinned;
  const Reg cond = pop_to_reg(pinned);
  const Operand b = pop_operand(pinned);
  const Reg a = pop_to_reg(pinned);
  masm_.select(v.operand, a, cond, b);
  push_reg(a, v.operand);
}

void Driver::reference(const ValidatedInstr& v) {
  switch (v.instr.op) {
    case Op::RefNull: push_const(0, v.operand); return;
    case Op::RefIsNull: {
      Pinned pinned;
      const Reg a = pop_to_reg(pinned);
      masm_.ref_is_null(a, a);
      push_reg(a, ValType::I32);
      return;
    }
    default: {  // ref.func
      const Reg d = allocate(RegClass::Gpr, Pinned{});
      masm_.ref_func(d, v.instr.a);
      push_reg(d, ValType::FuncRef);
      return;
    }
  }
}

}  // namespace shortcrust::jit
