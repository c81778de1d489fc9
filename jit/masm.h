// The contract between the JIT driver (jit/driver/) and a MacroAssembler (jit/x64/,
// jit/a64/): the arch-neutral operand types and the MacroAssembler concept. The driver
// decides what lives where (registers, frame slots, constants); the MacroAssembler turns
// each request into instructions for its architecture. Every member is documented in
// the concept below; units are frame slots (8 bytes, relative to the frame base) and
// bytes of linear memory.
//
// Register conventions every MacroAssembler keeps (ARCHITECTURE §4, §5):
//   - pinned: the ExecContext, the gas counter (remaining, signed), the frame base,
//     the instance, the memory base; the memory size is in ExecContext::jit_memory_size;
//   - a scratch register of each class that the driver never allocates;
//   - every allocatable register is clobbered by calls and runtime calls.
#pragma once

#include <asmjit/core.h>

#include <concepts>
#include <cstdint>
#include <span>

#include "decoder/opcodes.h"
#include "decoder/types.h"
#include "shortcrust/trap.h"

namespace shortcrust::jit {

using asmjit::Label;

enum class RegClass : uint8_t { Gpr, Fpr };

// A machine register: its class and its encoding number in that class.
struct Reg {
  uint8_t code = 0;
  RegClass cls = RegClass::Gpr;
  bool operator==(const Reg&) const = default;
};

// The right-hand operand of an instruction: a register, an immediate (the value's slot
// bits) or a frame slot.
struct Operand {
  enum class Kind : uint8_t { Reg, Imm, Slot } kind = Kind::Reg;
  Reg reg{};
  uint64_t imm = 0;
  uint32_t slot = 0;
  static Operand of(Reg r) { return Operand{Kind::Reg, r, 0, 0}; }
  static Operand immediate(uint64_t bits) { return Operand{Kind::Imm, {}, bits, 0}; }
  static Operand frame_slot(uint32_t s) { return Operand{Kind::Slot, {}, 0, s}; }
};

inline RegClass class_of(decoder::ValType t) {
  return t == decoder::ValType::F32 || t == decoder::ValType::F64 ? RegClass::Fpr : RegClass::Gpr;
}

// Rows every backend emits specially: shifts and rotates (counts taken modulo the
// width), and integer division and remainder (which trap).
inline bool is_shift(decoder::Op op) {
  using decoder::Op;
  switch (op) {
    case Op::I32Shl: case Op::I32ShrS: case Op::I32ShrU: case Op::I32Rotl: case Op::I32Rotr:
    case Op::I64Shl: case Op::I64ShrS: case Op::I64ShrU: case Op::I64Rotl: case Op::I64Rotr: return true;
    default: return false;
  }
}

inline bool is_divide(decoder::Op op) {
  using decoder::Op;
  switch (op) {
    case Op::I32DivS: case Op::I32DivU: case Op::I32RemS: case Op::I32RemU:
    case Op::I64DivS: case Op::I64DivU: case Op::I64RemS: case Op::I64RemU: return true;
    default: return false;
  }
}

// Where trapping instructions get their out-of-line labels: one stub per (instruction,
// kind), emitted after the function body (HOUSE-STYLE §7).
class TrapSites {
 public:
  virtual Label trap(TrapKind kind) = 0;
  // A stub whose kind comes at run time from a runtime call's return value (kind + 1).
  virtual Label dynamic_trap() = 0;

 protected:
  ~TrapSites() = default;
};

// A condition on the flags an integer compare set, in the backend's own encoding; the
// driver only passes it from compare_flags() to the branch right after (no instruction
// between them may change the flags: moves, loads and stores do not).
struct Condition {
  uint32_t code = 0;
};

// Compares that compare_flags() takes: every i32 and i64 comparison, eqz included.
inline bool is_integer_compare(decoder::Op op) {
  const decoder::Sig& sig = decoder::info(op).sig;
  return decoder::info(op).family == decoder::Family::Compare &&
         (sig.params[0] == decoder::SigType::I32 || sig.params[0] == decoder::SigType::I64);
}

// A placeholder immediate to be filled in once the function is complete (segment gas).
struct Patch {
  size_t offset = 0;
};

// Runtime calls: fn(ExecContext*, InstanceObject*, uint64_t* args, uint32_t a, uint32_t b)
// returns 0, or a TrapKind + 1 (see jit/runtime_calls.h).
using RuntimeFn = uint32_t (*)(void*, void*, uint64_t*, uint32_t, uint32_t);

// The interface every backend implements (x64: jit/x64/masm.h documents each member).
// Slots are frame-slot indices; a `Label` argument is where a check that fails jumps.
template <class M>
concept MacroAssembler = requires(M m, Reg r, Operand o, Label l, TrapSites& traps, decoder::Op op,
                                  decoder::ValType t, const Label* labels, RuntimeFn fn, Patch p,
                                  asmjit::CodeHolder& holder, typename M::Scratch& scratch) {
  // Registers the driver may allocate (preference order), those an op overwrites beyond
  // its operands (a mask of general register codes), and ops with an inline form.
  { M::allocatable(RegClass::Gpr) } -> std::same_as<std::span<const Reg>>;
  { M::local_registers(RegClass::Gpr) } -> std::same_as<std::span<const Reg>>;
  { M::clobbers(op) } -> std::same_as<uint32_t>;
  { M::inlines(op) } -> std::same_as<bool>;
  { m.new_label() } -> std::same_as<Label>;
  m.bind(l);
  // Function structure: the stack-slot check and zeroed locals at entry, return, gas.
  // Their immediates (stack cost, segment gas) are 32-bit placeholders set by patch().
  { m.prologue(uint32_t{}, uint32_t{}, l) } -> std::same_as<Patch>;  // first local, count, trap
  { m.epilogue() } -> std::same_as<Patch>;
  { m.charge_gas(l) } -> std::same_as<Patch>;  // gas -= amount; below zero jumps to l
  m.patch(p, uint32_t{});
  // Moves between registers, slots and immediates (values in their slot representation).
  m.load_slot(r, uint32_t{}, t);
  m.store_slot(uint32_t{}, r, t);
  m.store_slot_imm(uint32_t{}, uint64_t{});
  m.copy_slot(uint32_t{}, uint32_t{});
  m.move(r, r, t);
  m.load_imm(r, uint64_t{}, t);
  // Control.
  m.jump(l);
  m.branch_if_zero(r, l);               // i32 == 0
  m.branch_if_nonzero(r, l);
  // An integer compare (is_integer_compare) setting only the flags, then a branch taken
  // when its condition holds or when it does not: a compare fused with br_if or if.
  { m.compare_flags(op, r, o) } -> std::same_as<Condition>;
  m.branch_on(Condition{}, l);
  m.branch_unless(Condition{}, l);
  m.jump_table(r, uint32_t{}, labels);  // index clamped to count - 1
  // Numeric (d = a op b; b is ignored by unary ops), select (d = cond ? d : b).
  m.numeric(op, r, r, o, traps);
  m.canonicalize_nan(r, t);
  m.select(t, r, r, o);
  m.ref_is_null(r, r);
  // Memory 0 (index, offset, memory64, out-of-bounds label), globals, functions.
  m.load(op, r, r, uint64_t{}, bool{}, l);
  m.store(op, r, r, uint64_t{}, bool{}, l);
  // The write journal's store barrier (EngineConfig::track_writes), right before the
  // store of the same access, which may reuse its bounds check; two scratch registers;
  // out-of-line stubs emitted at the function's end.
  m.write_barrier(op, r, uint64_t{}, bool{}, l, r, r);
  m.write_barrier_stubs();
  m.memory_size(r);  // in bytes
  m.reload_memory();
  m.global_get(r, uint32_t{}, t);
  m.global_set(uint32_t{}, r, t);
  m.ref_func(r, uint32_t{});
  // Calls: argument slot, the caller's frame end (host calls), whether the module has a
  // memory (reloaded after calls to other instances), where failures go.
  m.call_direct(l, uint32_t{});
  m.call_import(uint32_t{}, uint32_t{}, uint32_t{}, bool{}, l);
  m.call_indirect(uint32_t{}, uint32_t{}, r, uint32_t{}, uint32_t{}, bool{}, traps);
  m.call_runtime(fn, uint32_t{}, uint32_t{}, uint32_t{}, l);
  // Traps: a site is a label for one (instruction, kind); its offset may be set later;
  // trap_stubs() emits the function's stubs after its body, module_exit() the module's exit.
  { m.trap_site(TrapKind{}, bool{}, uint32_t{}) } -> std::same_as<Label>;
  m.set_trap_offset(l, uint32_t{});
  m.trap_stubs(uint32_t{}, l);
  m.module_exit(l);
  // Working memory kept from one compile to the next (jit/scratch.h, jit/compile.cpp).
  m.swap_scratch(scratch);
  scratch.put_away();
  M::emit_entry(holder);  // the entry stub (jit/entry.cpp)
};

}  // namespace shortcrust::jit
