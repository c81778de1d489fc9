// The AArch64 MacroAssembler (jit/masm.h) over asmjit's a64::Assembler, AAPCS64 only.
// Register roles (regs.h; the pinned ones callee-saved, so runtime calls keep them):
//   x19 ExecContext*   x20 gas remaining   x21 frame base (slot 0)   x22 instance
//   x23 memory 0 base  x16 x17 / v30 v31 scratch   sp the JIT stack (jit/native_stack.h)
//   x18 (the platform register), x29 and x30 are never used for values.
// Allocatable: x0-x15 and x24-x28, v0-v29; x24-x28 and v16-v23 may hold a function's most
// used locals. Numeric instructions are in numeric.cpp, the store barrier in barrier.cpp.
// Values: i32 in a W register (the X register's upper half zero, as every W write leaves
// it), i64 and references in X, f32 in S, f64 in D. Each function saves x30 on sp (16
// bytes) in its prologue; a call to another instance also saves x22 there (16 bytes):
// NativeStack::kBytesPerFrame. x16/x17 are the only scratch registers: slot addresses
// beyond the immediate forms go through x17, values through x16.
// Code is emitted into read+write pages and flushed from the data cache into the
// instruction cache before it becomes executable (jit/compile.cpp, jit/entry.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "jit/a64/regs.h"
#include "jit/masm.h"
#include "jit/scratch.h"

namespace shortcrust::jit::a64 {

class Masm {
 public:
  explicit Masm(asmjit::CodeHolder& code);

  static std::span<const Reg> allocatable(RegClass cls);
  // Registers the driver may give to locals for a whole function (a subset of the
  // allocatable ones that no instruction clobbers).
  static std::span<const Reg> local_registers(RegClass cls);
  // No instruction overwrites registers beyond its operands on AArch64.
  static uint32_t clobbers(decoder::Op) { return 0; }
  static bool inlines(decoder::Op op);

  Label new_label() { return a_.newLabel(); }
  // Also resolves the conditional branches to `label` (see jump_if).
  void bind(Label label);

  // Immediates known only at the function's end (its stack cost, segment gas) are
  // emitted as placeholders and filled in by patch().
  Patch prologue(uint32_t first_local, uint32_t local_count, Label stack_trap);
  Patch epilogue();
  Patch charge_gas(Label out_of_gas);
  void patch(Patch patch, uint32_t value);

  void load_slot(Reg d, uint32_t slot, decoder::ValType t);
  void store_slot(uint32_t slot, Reg s, decoder::ValType t);
  void store_slot_imm(uint32_t slot, uint64_t bits);
  void copy_slot(uint32_t dst, uint32_t src);
  void move(Reg d, Reg s, decoder::ValType t);
  void load_imm(Reg d, uint64_t bits, decoder::ValType t);

  void jump(Label target);
  // Conditional branches (flags already set; cbz/cbnz on a 32- or 64-bit register) to
  // any label bound through bind() or trap_stubs(), however far: b.cond and cbz reach
  // ±1 MiB only. A forward branch is emitted short and resolved by bind(); if its label
  // is still unbound as the code nears the branch's reach, a veneer pool (`b over`, then
  // one `b label` per pending label, ±128 MiB) is emitted in between and the branch
  // retargeted to its veneer. Backward branches beyond reach become an inverted branch
  // over a `b`. Every branch to a trap site must go through these.
  void jump_if(asmjit::arm::CondCode cc, Label target);
  void jump_if_zero(const aa::Gp& r, Label target);
  void jump_if_nonzero(const aa::Gp& r, Label target);
  // A point where a veneer pool may go, if pending branches need one before `bytes` more
  // bytes of code. Every public member calls it; a long run of code emitted without
  // calling any (numeric.cpp: numeric() does) could otherwise outrun the margin.
  void veneer_point(size_t bytes = 0) {
    if (unresolved_ != 0) [[unlikely]] maybe_emit_veneers(bytes);
  }
  void branch_if_zero(Reg cond, Label target);
  void branch_if_nonzero(Reg cond, Label target);
  Condition compare_flags(decoder::Op op, Reg a, const Operand& b);
  void branch_on(Condition c, Label target) { jump_if(static_cast<asmjit::arm::CondCode>(c.code), target); }
  // asmjit's codes are the encoding + 2: flipping the low bit negates either way.
  void branch_unless(Condition c, Label target) { jump_if(static_cast<asmjit::arm::CondCode>(c.code ^ 1), target); }
  void jump_table(Reg index, uint32_t count, const Label* targets);

  // numeric.cpp.
  void numeric(decoder::Op op, Reg d, Reg a, const Operand& b, TrapSites& traps);
  void canonicalize_nan(Reg r, decoder::ValType t);
  void select(decoder::ValType t, Reg d, Reg cond, const Operand& b);
  void ref_is_null(Reg d, Reg a);

  void load(decoder::Op op, Reg d, Reg index, uint64_t offset, bool memory64, Label oob);
  void store(decoder::Op op, Reg index, Reg value, uint64_t offset, bool memory64, Label oob);
  void memory_size(Reg d);
  void reload_memory();
  void global_get(Reg d, uint32_t index, decoder::ValType t);
  void global_set(uint32_t index, Reg s, decoder::ValType t);
  void ref_func(Reg d, uint32_t index);

  void call_direct(Label callee, uint32_t arg_slot);
  void call_import(uint32_t func_index, uint32_t arg_slot, uint32_t frame_end, bool has_memory, Label trap);
  void call_indirect(uint32_t type_id, uint32_t table, Reg index, uint32_t arg_slot, uint32_t frame_end,
                     bool has_memory, TrapSites& traps);
  void call_runtime(RuntimeFn fn, uint32_t arg_slot, uint32_t a, uint32_t b, Label trap);

  // A trap site is an ordinary label whose stub trap_stubs() emits after the body: it puts
  // `kind` (or the kind a runtime call returned, when dynamic) and the module offset in
  // registers and goes to the function's tail, which adds the function index and leaves.
  Label trap_site(TrapKind kind, bool dynamic, uint32_t offset);
  void set_trap_offset(Label site, uint32_t offset);
  // This function's site stubs and tail (to `module_exit`); forgets the sites.
  void trap_stubs(uint32_t function_index, Label module_exit);
  void module_exit(Label exit);

  // The entry stub (jit/entry.cpp): uint32_t(ExecContext*, const void* code, uint64_t* fp,
  // InstanceObject*) returns 1, or 0 after a trap.
  static void emit_entry(asmjit::CodeHolder& code);

  // The store barrier (barrier.cpp; runtime/write_journal.h), as on x86-64.
  void write_barrier(decoder::Op op, Reg index, uint64_t offset, bool memory64, Label oob, Reg stamps, Reg page);
  void write_barrier_stubs();

 private:
  // ---- numeric.cpp's members (numeric.cpp may add static helpers of its own) --------
  // `b` in a general register: itself, or loaded into `scratch` (an immediate or slot).
  aa::Gp operand_gp(const Operand& b, bool wide, const aa::GpX& scratch);
  // `b` in a float register (S, or D when `wide`): itself, or loaded into v31 (an
  // immediate goes through x16).
  aa::Vec operand_fp(const Operand& b, bool wide);
  // f32/f64.copysign (b may be a slot or an immediate, read as bits).
  void copysign(bool wide, Reg d, Reg a, const Operand& b);
  // ---- masm.cpp and barrier.cpp's members (below) ---------------------------------
  // [base + offset] for a `size`-byte access; offsets beyond the immediate forms go
  // through `temp`.
  aa::Mem mem_at(const aa::GpX& base, int64_t offset, uint32_t size, const aa::GpX& temp);
  aa::Mem slot_mem(uint32_t slot, uint32_t size) { return mem_at(kFp, int64_t{slot} * 8, size, kScratch2); }
  // d = s + value or s - value (any 64-bit amount; `temp` may be needed for large ones).
  void add_imm(const aa::GpX& d, const aa::GpX& s, uint64_t value, const aa::GpX& temp);
  void sub_imm(const aa::GpX& d, const aa::GpX& s, uint64_t value, const aa::GpX& temp);
  void trap_stub(Label stub, TrapKind kind, bool dynamic, uint32_t offset, Label function_tail);
  void function_tail(Label tail, uint32_t function_index, Label module_exit);
  void add_or_sub_imm(aa::Inst::Id inst, const aa::GpX& d, const aa::GpX& s, uint64_t value, const aa::GpX& temp);
  // movz + movk of a 32-bit placeholder into `r`, patched by patch().
  Patch placeholder(const aa::GpX& r);
  void effective_address(Reg index, uint64_t offset, uint32_t bytes, bool memory64, Label oob);
  void call_func_object(uint32_t arg_slot, uint32_t frame_end, bool has_memory, Label trap);
  void runtime_call(const void* fn);

  struct TrapSite {
    Label label;
    TrapKind kind;
    bool dynamic;
    uint32_t offset;  // module offset of the trapping instruction
  };
  std::vector<TrapSite> trap_sites_;

 public:
  // The per-function working memory above, kept by the caller from one module to the
  // next (jit/compile.cpp, jit/scratch.h): swap it in before compiling and out after.
  struct Scratch {
    std::vector<TrapSite> trap_sites;
    void put_away() { jit::put_away(trap_sites); }
  };
  void swap_scratch(Scratch& s) { trap_sites_.swap(s.trap_sites); }

 private:

  struct BarrierStub {
    Label slow;
    Label resume;
    uint32_t bytes = 0;
  };
  std::vector<BarrierStub> barrier_stubs_;
  // The access whose checked end address x16 holds, set by write_barrier for the store()
  // right after it, which then skips effective_address (the stub preserves x16).
  struct CheckedAccess {
    bool valid = false;
    Reg index{};
    uint64_t offset = 0;
    uint32_t bytes = 0;
    bool memory64 = false;
  };
  CheckedAccess checked_access_;

  asmjit::CodeHolder& code_;
  aa::Assembler a_;
  // Forward conditional branches not yet resolved (jump_if): instruction words with a
  // zero imm19, in emission order, chained per target label.
  struct PendingBranch {
    size_t at;
    uint32_t label;
    int32_t next;  // the next pending branch to the same label, or -1
  };
  void branch_word(uint32_t word, Label target);
  void maybe_emit_veneers(size_t bytes);
  void emit_veneers();
  void resolve(uint32_t label, size_t target);
  std::vector<PendingBranch> pending_;
  std::vector<int32_t> pending_head_;  // by label id: the last pending branch to it, or -1
  size_t oldest_ = 0;                  // pending_[oldest_] is the oldest unresolved one
  size_t unresolved_ = 0;
};

}  // namespace shortcrust::jit::a64
