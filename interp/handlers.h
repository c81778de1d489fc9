// Handler ids: every instruction the interpreter executes. Derived from the opcode table
// (numeric ops get a slot form and an `_Imm` form whose right operand is an immediate;
// loads and stores one form each) and from interp/internal_ops.def. The translator emits
// handler_word(id); the executor maps ids to labels (computed goto) or switch cases.
#pragma once

#include <cstdint>

namespace shortcrust::interp {

#define SC_FAMILY_Control(name)
#define SC_FAMILY_Call(name)
#define SC_FAMILY_Reference(name)
#define SC_FAMILY_Parametric(name)
#define SC_FAMILY_Variable(name)
#define SC_FAMILY_Table(name)
#define SC_FAMILY_Memory(name)
#define SC_FAMILY_Const(name)
#define SC_FAMILY_Simd(name)
#define SC_FAMILY_Compare(name) SC_NUMERIC(name)
#define SC_FAMILY_Unary(name) SC_NUMERIC(name)
#define SC_FAMILY_Binary(name) SC_NUMERIC(name)
#define SC_FAMILY_Convert(name) SC_NUMERIC(name)
#define SC_FAMILY_Load(name) SC_ACCESS(name)
#define SC_FAMILY_Store(name) SC_ACCESS(name)

// Every opcode row expands SC_FAMILY_<family>(name): numeric families become
// SC_NUMERIC(name), loads and stores SC_ACCESS(name), the rest nothing (the translator
// lowers them to internal ops). Users define SC_NUMERIC / SC_ACCESS around an include of
// decoder/opcodes.def with X(...) = SC_FAMILY_##family(name).
enum class H : uint16_t {
#define SC_NUMERIC(name) name, name##_Imm,
#define SC_ACCESS(name) name,
#define X(name, enc, text, imm, sig, gas, family) SC_FAMILY_##family(name)
#include "decoder/opcodes.def"
#undef X
#undef SC_NUMERIC
#undef SC_ACCESS
#define X(name, operands) name,
#include "interp/internal_ops.def"
#undef X
  Count_
};

// The word the translator writes for handler `h`.
uint64_t handler_word(H h);

}  // namespace shortcrust::interp
