// Memory and table instructions (spec 3.3.5, 3.3.7; memory64 for address types). Memory
// operand types come from the opcode table's Sig column with `a` bound to the memory's
// address type; table instructions are typed by hand from the table's element type.
#include "validator/function_checker.h"

namespace shortcrust::validator {

using decoder::Instr;
using decoder::Op;
using decoder::ValType;

Result<ValType> FunctionChecker::memory_address_type() const {
  if (module_.memory_count() == 0) return fail(Errc::UnknownMemory);
  return module_.memory_types[0].limits.is64 ? ValType::I64 : ValType::I32;
}

Result<void> FunctionChecker::memory(const Instr& in) {
  const decoder::OpInfo& op = decoder::info(in.op);
  if (in.op == Op::MemoryInit || in.op == Op::DataDrop) {
    // Spec 5.5.16: these name data segments before the data section is read, so the
    // binary must announce the segment count first (a malformation, not a type error).
    if (!module_.data_count) return fail(Errc::DataCountRequired);
    if (in.a >= *module_.data_count) return fail(Errc::UnknownDataSegment);
    if (in.op == Op::DataDrop) return ok();
  }
  SC_TRY(ValType addr, memory_address_type());
  event_.operand = addr;
  if (decoder::has_memarg(op.imm)) {
    // Offsets need no check: read_instr() reads them as u32 for a 32-bit memory.
    if (in.a > decoder::natural_align_log2(op.imm)) return fail(Errc::AlignmentTooLarge);
  }
  return apply_sig(op.sig, addr);
}

Result<ValType> FunctionChecker::table_elem_type(uint32_t index) const {
  if (index >= module_.table_count()) return fail(Errc::UnknownTable);
  return module_.table_types[index].elem;
}

Result<void> FunctionChecker::table(const Instr& in) {
  const auto pop_i32s = [this](int n) -> Result<void> {
    for (int i = 0; i < n; ++i) {
      SC_TRY(ValType popped, pop(ValType::I32));
      (void)popped;
    }
    return ok();
  };
  switch (in.op) {
    case Op::TableGet: {
      SC_TRY(ValType elem, table_elem_type(in.a));
      event_.operand = elem;
      SC_TRY_VOID(pop_i32s(1));
      push(elem);
      return ok();
    }
    case Op::TableSet: {
      SC_TRY(ValType elem, table_elem_type(in.a));
      event_.operand = elem;
      SC_TRY(ValType value, pop(elem));
      (void)value;
      return pop_i32s(1);
    }
    case Op::TableSize: {
      SC_TRY(ValType elem, table_elem_type(in.a));
      event_.operand = elem;
      push(ValType::I32);
      return ok();
    }
    case Op::TableGrow:
    case Op::TableFill: {
      // grow: [t i32] -> [i32];  fill: [i32 t i32] -> []
      SC_TRY(ValType elem, table_elem_type(in.a));
      event_.operand = elem;
      SC_TRY_VOID(pop_i32s(1));
      SC_TRY(ValType value, pop(elem));
      (void)value;
      if (in.op == Op::TableGrow) {
        push(ValType::I32);
        return ok();
      }
      return pop_i32s(1);
    }
    case Op::TableCopy: {
      SC_TRY(ValType dst, table_elem_type(in.a));
      SC_TRY(ValType src, table_elem_type(in.b));
      if (dst != src) return fail(Errc::TypeMismatch, "table.copy between element types");
      event_.operand = dst;
      return pop_i32s(3);
    }
    case Op::TableInit: {
      SC_TRY(ValType elem, table_elem_type(in.b));
      if (in.a >= module_.elements.size()) return fail(Errc::UnknownElemSegment);
      if (module_.elements[in.a].type != elem)
        return fail(Errc::TypeMismatch, "table.init from a segment of another type");
      event_.operand = elem;
      return pop_i32s(3);
    }
    case Op::ElemDrop:
      if (in.a >= module_.elements.size()) return fail(Errc::UnknownElemSegment);
      return ok();
    default:
      return fail(Errc::IllegalOpcode);
  }
}

}  // namespace shortcrust::validator
