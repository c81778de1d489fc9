// The x86-64 MacroAssembler (jit/masm.h) over asmjit's x86::Assembler, System V only.
// Register roles (callee-saved ones pinned, so runtime calls keep them):
//   r15 ExecContext*   r14 gas remaining   r13 frame base (slot 0)   r12 instance
//   rbx memory 0 base  r11 / xmm15 scratch  rsp the JIT stack (jit/native_stack.h)
// Allocatable: rsi rdi r8 r9 r10 rbp rax rcx rdx, xmm0-xmm14; of those, rbp r10 r9 r8
// rdi and xmm8-xmm14 may hold a function's most used locals (a fifth general register
// made sieve and matmul_f64 8% faster; a sixth slowed others, leaving operands only rax,
// rcx and rdx, which divides and shifts also claim). Instructions beyond the
// x86-64 baseline (LZCNT, TZCNT, POPCNT, BMI2, SSE4.1) are used only when CPUID reports
// them; the fallbacks give the same results.
#pragma once

#include <asmjit/x86.h>

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "jit/masm.h"
#include "jit/scratch.h"
#include "jit/x64/encoder.h"

namespace shortcrust::jit::x64 {

class Masm {
  static constexpr Reg kGprs[] = {{6, RegClass::Gpr}, {7, RegClass::Gpr}, {8, RegClass::Gpr},
                                  {9, RegClass::Gpr}, {10, RegClass::Gpr}, {5, RegClass::Gpr},
                                  {0, RegClass::Gpr}, {1, RegClass::Gpr}, {2, RegClass::Gpr}};
  static constexpr Reg kFprs[] = {{0, RegClass::Fpr},  {1, RegClass::Fpr},  {2, RegClass::Fpr},
                                  {3, RegClass::Fpr},  {4, RegClass::Fpr},  {5, RegClass::Fpr},
                                  {6, RegClass::Fpr},  {7, RegClass::Fpr},  {8, RegClass::Fpr},
                                  {9, RegClass::Fpr},  {10, RegClass::Fpr}, {11, RegClass::Fpr},
                                  {12, RegClass::Fpr}, {13, RegClass::Fpr}, {14, RegClass::Fpr}};
  static constexpr Reg kLocalGprs[] = {{5, RegClass::Gpr}, {10, RegClass::Gpr}, {9, RegClass::Gpr}, {8, RegClass::Gpr},
                                       {7, RegClass::Gpr}};
  static constexpr Reg kLocalFprs[] = {{8, RegClass::Fpr},  {9, RegClass::Fpr},  {10, RegClass::Fpr}, {11, RegClass::Fpr},
                                       {12, RegClass::Fpr}, {13, RegClass::Fpr}, {14, RegClass::Fpr}};

 public:
  explicit Masm(asmjit::CodeHolder& code);

  // Inline: the driver asks on every register allocation.
  static std::span<const Reg> allocatable(RegClass cls) {
    if (cls == RegClass::Gpr) return kGprs;
    return kFprs;
  }
  // Registers the driver may give to locals for a whole function (a subset of the
  // allocatable ones that no instruction clobbers).
  static std::span<const Reg> local_registers(RegClass cls) {
    if (cls == RegClass::Gpr) return kLocalGprs;
    return kLocalFprs;
  }
  // Allocatable registers `op` overwrites beyond its operands (div: rax rdx; shifts: rcx),
  // as a bit mask over register codes.
  static uint32_t clobbers(decoder::Op op);
  static bool inlines(decoder::Op op);

  Label new_label() { return a_.newLabel(); }
  void bind(Label label) { a_.bind(label); }

  // Immediates known only at the function's end (its stack cost, segment gas) are
  // emitted as 32-bit placeholders and filled in by patch().
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

  void jump(Label target) { emit_jump(-1, target); }
  void jump_if(asmjit::x86::CondCode cc, Label target) { emit_jump(static_cast<int>(cc), target); }
  void branch_if_zero(Reg cond, Label target);
  void branch_if_nonzero(Reg cond, Label target);
  Condition compare_flags(decoder::Op op, Reg a, const Operand& b);
  void branch_on(Condition c, Label target) { emit_jump(static_cast<int>(c.code), target); }
  void branch_unless(Condition c, Label target) { emit_jump(static_cast<int>(c.code ^ 1), target); }  // x86: cc ^ 1 negates
  void jump_table(Reg index, uint32_t count, const Label* targets);

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

  // Trap stubs put `kind` (or the kind a runtime call returned, when dynamic) and the
  // module offset in registers and go to the function's tail, which adds the function
  // index and leaves. A trap site is a tagged label that no asmjit call ever sees. Jumps
  // to it (only through this class: jump, jump_if and every method taking a trap Label)
  // are rel32 placeholders, patched when trap_stubs() writes every site's stub as raw
  // bytes after the body; an asmjit label, link and three encoded instructions per site
  // cost 10-20% of compile time. tests/jit/x64_encoding_test.cpp checks the bytes.
  Label trap_site(TrapKind kind, bool dynamic, uint32_t offset);
  void set_trap_offset(Label site, uint32_t offset);
  // This function's site stubs and tail (to `module_exit`); forgets the sites.
  void trap_stubs(uint32_t function_index, Label module_exit);
  void module_exit(Label exit);

  // The entry stub (jit/entry.cpp): uint32_t(ExecContext*, const void* code, uint64_t* fp,
  // InstanceObject*) returns 1, or 0 after a trap.
  static void emit_entry(asmjit::CodeHolder& code);

 private:
  void integer_binary(decoder::Op op, bool wide, Reg d, Reg a, const Operand& b);
  void divide(decoder::Op op, bool wide, Reg d, Reg a, const Operand& b, TrapSites& traps);
  void shift(decoder::Op op, bool wide, Reg d, Reg a, const Operand& b);
  void bit_count(decoder::Op op, bool wide, Reg d, Reg a);
  void divide_by_constant(bool is_rem, Reg d, Reg a, uint32_t divisor);
  void compare(decoder::Op op, Reg d, Reg a, const Operand& b);
  void float_compare(decoder::Op op, bool wide, Reg d, Reg a, const Operand& b);
  void float_binary(decoder::Op op, bool wide, Reg d, Reg a, const Operand& b);
  void float_unary(decoder::Op op, bool wide, Reg d, Reg a);
  void convert(decoder::Op op, Reg d, Reg a);
  uint32_t float_operand(const Operand& b, bool wide);
  void call_func_object(uint32_t arg_slot, uint32_t frame_end, bool has_memory, Label trap);
  void runtime_call(const void* fn);
  void effective_address(Reg index, uint64_t offset, uint32_t bytes, bool memory64, Label oob);
  asmjit::x86::Gp operand_gp(const Operand& b, bool wide);
  // Hand-encoded forms (encoder.h) go straight into asmjit's buffer: `encode` gets a
  // cursor with room for kPutBytes bytes (two or three instructions) and returns where it
  // stopped. Labels, offsets and
  // patches see these bytes as they see asmjit's own.
  static constexpr size_t kPutBytes = 32;
  template <class F>
  void put(F&& encode) {
    if (a_.remainingSpace() >= kPutBytes) [[likely]] {
      uint8_t* const end = encode(a_._bufferPtr);
      a_._bufferPtr = end;
      asmjit::CodeBuffer& buffer = a_._section->_buffer;
      const auto size = static_cast<size_t>(end - a_._bufferData);
      if (size > buffer._size) buffer._size = size;
      return;
    }
    uint8_t bytes[kPutBytes];
    a_.embed(bytes, static_cast<size_t>(encode(bytes) - bytes));
  }
  // Jumps to an asmjit label or a trap site; `cc` < 0 is unconditional.
  void emit_jump(int cc, Label target);
  void label_jump(int cc, Label target);

  struct TrapSite {
    TrapKind kind;
    bool dynamic;
    uint32_t offset;  // module offset of the trapping instruction
  };
  std::vector<TrapSite> trap_sites_;
  std::vector<std::pair<uint32_t, size_t>> trap_jumps_;  // (site, rel32 position)
  std::vector<uint8_t> stub_bytes_;

 public:
  // The per-function working memory above, kept by the caller from one module to the
  // next (a large function's sites are megabytes, and fresh memory costs a page fault
  // per page): swap it in before compiling and out after.
  struct Scratch {
    std::vector<TrapSite> trap_sites;
    std::vector<std::pair<uint32_t, size_t>> trap_jumps;
    std::vector<uint8_t> stub_bytes;
    void put_away() { jit::put_away(trap_sites, trap_jumps, stub_bytes); }
  };
  void swap_scratch(Scratch& s) {
    trap_sites_.swap(s.trap_sites);
    trap_jumps_.swap(s.trap_jumps);
    stub_bytes_.swap(s.stub_bytes);
  }

 private:

  asmjit::CodeHolder& code_;
  asmjit::x86::Assembler a_;

  // ---- Store barrier (jit/x64/barrier.cpp; runtime/write_journal.h) -------------------
  // Emitted only for engines with EngineConfig::track_writes, before store() of the same
  // access: the bounds check (to `oob`), then the page stamps of the access's first and
  // last byte compared with ExecContext::write_epoch; a mismatch jumps to an out-of-line
  // stub that journals the page(s) with every register preserved and comes back.
  // `stamps` and `page` are free general registers it may clobber.
 public:
  void write_barrier(decoder::Op op, Reg index, uint64_t offset, bool memory64, Label oob, Reg stamps, Reg page);
  // The stubs of this function's barriers, after its body (Driver::end).
  void write_barrier_stubs();

 private:
  struct BarrierStub {
    Label slow;
    Label resume;
    uint32_t bytes = 0;
  };
  std::vector<BarrierStub> barrier_stubs_;
  // The access whose checked end address the scratch register holds, set by
  // write_barrier for the store() right after it, which then skips effective_address.
  struct CheckedAccess {
    bool valid = false;
    Reg index{};
    uint64_t offset = 0;
    uint32_t bytes = 0;
    bool memory64 = false;
  };
  CheckedAccess checked_access_;
  // ---- End of the store barrier ---------------------------------------------------------
};

}  // namespace shortcrust::jit::x64
