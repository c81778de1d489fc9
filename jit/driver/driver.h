// Driver: the JIT's single-pass compiler, a validator Sink (HOUSE-STYLE §5, §7) that
// turns each validated instruction into machine code through the host MacroAssembler.
//
// Frame: the interpreter's (interp/translator.h): slots [params][locals][operands] from
// the frame base, the value at operand position p in its canonical slot base + p. The
// driver mirrors the operand stack with entries that say where each value is now:
//   Stack  in its canonical slot          Reg    in a register (owned by this entry)
//   Const  an immediate, nothing emitted  Local  still in local i's slot (lazy local.get)
// Invariants (as in the interpreter's translator):
//   - entries below {watermark_} are Stack;
//   - at every label, everything below the label's height is Stack and the values a
//     branch carries are in the label's canonical slots: blocks begin and end with
//     every entry written to its slot ("materialized", Winch's policy), and branches copy
//     the carried values there;
//   - all allocatable registers are free across calls and runtime calls;
//   - the most used locals (a pre-scan weighs uses by loop depth) live in registers of
//     their own for the whole function (HostMasm::local_registers); at every label each
//     holds its local's value, so merges need nothing for them. Calls clobber them: the
//     ones written since their slot was (dirty_) are stored before, and after it the
//     slots are read until the next label or branch reloads them (unloaded_).
// Gas (ARCHITECTURE §5): each reachable segment that costs something is charged where it
// begins, with the amount patched in at the function's end. Traps are out-of-line stubs
// emitted after the body, each with its instruction's module offset.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "jit/host.h"
#include "jit/masm.h"
#include "jit/scratch.h"
#include "shortcrust/engine.h"
#include "validator/sink.h"

namespace shortcrust::jit {

static_assert(MacroAssembler<HostMasm>);

class Driver final : public TrapSites {
 public:
  // Module-wide facts the code depends on.
  struct ModuleInfo {
    const std::vector<uint32_t>* type_ids = nullptr;  // per type index: engine-wide id
    std::vector<Label> functions;                     // entry labels, per defined function
    uint32_t imported_functions = 0;
    bool has_memory = false;
    Label trap_exit;                                  // the module's trap exit
  };

  Driver(HostMasm& masm, const EngineConfig& config, const ModuleInfo& module)
      : masm_(masm), config_(config), module_(module) {}

  Result<void> begin(const validator::FunctionBegin& begin);
  Result<void> instr(const validator::ValidatedInstr& v);
  Result<void> end(const decoder::FunctionFacts& facts);

  Label trap(TrapKind kind) override;
  Label dynamic_trap() override;

  // Working memory that grows with a function's size, kept by the caller from one module
  // to the next (see HostMasm::Scratch): swapped in before compiling, out after.
  struct Scratch {
    std::vector<std::pair<Patch, uint32_t>> gas_patches;
    std::vector<uint32_t> local_refs;
    std::vector<uint64_t> scan_weight;
    void put_away() { jit::put_away(gas_patches, local_refs, scan_weight); }
  };
  void swap_scratch(Scratch& s) {
    gas_patches_.swap(s.gas_patches);
    local_refs_.swap(s.local_refs);
    scan_weight_.swap(s.scan_weight);
  }

 private:
  using ValType = decoder::ValType;
  struct Entry {
    enum class Kind : uint8_t { Stack, Reg, Const, Local } kind = Kind::Stack;
    ValType type = ValType::I32;
    Reg reg{};           // Reg
    uint32_t local = 0;  // Local
    uint64_t bits = 0;   // Const (slot representation)
  };
  struct Control {
    decoder::Op op = decoder::Op::Block;
    uint32_t height = 0;  // operand stack height below the block's params
    uint32_t params = 0;
    uint32_t results = 0;
    bool live = true;     // entered in reachable code
    Label label;          // loop: its start; others: their end
    Label else_label;     // if: the else arm (or the end, without one)
    bool else_pending = false;
    uint32_t entry_dirty = 0;  // dirty_ where the block began (if: the else arm's)
    uint32_t dirty = 0;        // union of dirty_ over the branches to its end
  };
  using RegMask = uint32_t;  // bit per register code, one mask per class
  struct Pinned {  // a set of registers
    RegMask gpr = 0;
    RegMask fpr = 0;
    void add(Reg r) { (r.cls == RegClass::Gpr ? gpr : fpr) |= 1u << r.code; }
    void remove(Reg r) { (r.cls == RegClass::Gpr ? gpr : fpr) &= ~(1u << r.code); }
    bool has(Reg r) const { return ((r.cls == RegClass::Gpr ? gpr : fpr) >> r.code) & 1u; }
  };

  uint32_t canonical(uint32_t position) const { return base_ + position; }
  uint32_t height() const { return static_cast<uint32_t>(stack_.size()); }

  // Registers.
  void assign_local_registers(const validator::FunctionBegin& begin);
  void weigh_local_uses(std::span<const uint8_t> code, std::vector<uint64_t>& weight);
  // The register local `local` lives in, if it has one (home_register), and if it holds
  // the value now (local_register; otherwise the slot does: after entry and calls).
  const Reg* home_register(uint32_t local) const {
    return local_reg_[local] < 0 ? nullptr : &local_regs_[static_cast<size_t>(local_reg_[local])].second;
  }
  const Reg* local_register(uint32_t local) const {
    const int32_t i = local_reg_[local];
    return i < 0 || ((unloaded_ >> i) & 1u) != 0 ? nullptr : &local_regs_[static_cast<size_t>(i)].second;
  }
  void save_local_registers();
  void forget_local_registers();
  void ensure_loaded();
  Reg allocate(RegClass cls, const Pinned& pinned);
  void claim(Reg r, uint32_t position) {
    (r.cls == RegClass::Gpr ? gpr_owner_ : fpr_owner_)[r.code] = position;
    in_use_.add(r);
  }
  void release(Reg r) { in_use_.remove(r); }
  void spill(uint32_t position);
  void spill_registers();
  void evict(RegMask gprs, const Pinned& pinned);

  // The operand stack. Pushes and pop are inline: every instruction makes some.
  void push_reg(Reg r, ValType type) {
    claim(r, height());
    stack_.push_back(Entry{Entry::Kind::Reg, type, r, 0, 0});
  }
  void push_stack(ValType type) { stack_.push_back(Entry{Entry::Kind::Stack, type, Reg{}, 0, 0}); }
  void push_local(uint32_t local, ValType type) {
    stack_.push_back(Entry{Entry::Kind::Local, type, Reg{}, local, 0});
    ++local_refs_[local];
  }
  void push_const(uint64_t bits, ValType type) { stack_.push_back(Entry{Entry::Kind::Const, type, Reg{}, 0, bits}); }
  // Removes the top entry. A Reg entry's register becomes free: the caller must use it
  // (and pin it) before allocating again.
  Entry pop() {
    const Entry e = stack_.back();
    stack_.pop_back();
    if (e.kind == Entry::Kind::Local) --local_refs_[e.local];
    if (e.kind == Entry::Kind::Reg) release(e.reg);
    if (watermark_ > height()) watermark_ = height();
    return e;
  }
  Reg pop_to_reg(Pinned& pinned);
  Reg pop_for_reading(Pinned& pinned);
  Operand pop_operand(Pinned& pinned);
  void write_to_slot(uint32_t slot, const Entry& e, uint32_t position);
  void materialize(uint32_t position);
  void materialize_all();
  void materialize_top(uint32_t n);
  void materialize_local(uint32_t local);
  void reset_stack(uint32_t keep, const std::span<const ValType>& push);

  // Control. A conditional branch tests an i32 in a register, or the flags of the
  // integer compare right before it (fused: the compare pushed nothing).
  struct Test {
    bool on_flags = false;
    Condition condition{};  // on_flags
    Reg reg{};              // otherwise: taken when nonzero
  };
  Test pop_test(Pinned& pinned);
  void jump_when(const Test& test, Label target);
  void jump_unless(const Test& test, Label target);
  bool next_is_conditional(const validator::ValidatedInstr& v) const;
  void fuse_compare(decoder::Op op, uint32_t operands);
  bool needs_copies(const Control& target, uint32_t arity) const;
  void copy_to_label(const Control& target, uint32_t arity);
  void branch(Control& target, uint32_t arity);
  void branch_if(Control& target, uint32_t arity, const Test& test);
  void emit_return(uint32_t arity);
  void control(const validator::ValidatedInstr& v);
  void br_table(const validator::ValidatedInstr& v);

  // Instructions.
  void call(const validator::ValidatedInstr& v);
  void runtime_op(decoder::Op op, uint32_t operands, bool has_result, ValType result, uint32_t a, uint32_t b);
  void variable(const validator::ValidatedInstr& v);
  void set_register_local(Reg local, const Entry& e, uint32_t position);
  void numeric(const validator::ValidatedInstr& v);
  void numeric_by_helper(decoder::Op op, ValType result);
  void memory_access(const validator::ValidatedInstr& v);
  void memory_or_table(const validator::ValidatedInstr& v);
  void parametric(const validator::ValidatedInstr& v);
  void reference(const validator::ValidatedInstr& v);

  HostMasm& masm_;
  const EngineConfig& config_;
  const ModuleInfo& module_;

  uint32_t function_index_ = 0;
  uint64_t stack_cost_ = 0;
  uint32_t base_ = 0;
  std::vector<ValType> local_types_;
  std::vector<int32_t> local_reg_;                     // per local: index into local_regs_
  std::vector<std::pair<uint32_t, Reg>> local_regs_;   // (local, its register)
  Pinned reserved_;                                    // registers holding locals
  // Bit i: local_regs_[i] was written since its slot was last in step, on some path here.
  // Only those are stored before calls; at a merge the union of the incoming paths'.
  uint32_t dirty_ = 0;
  // Bit i: local_regs_[i] does not hold its local (the slot does), so reads use the slot.
  // Clobbered registers are reloaded lazily: at the next label or branch (where every
  // local register holds its value), or when the local is written.
  uint32_t unloaded_ = 0;
  uint32_t all_dirty() const { return static_cast<uint32_t>((uint64_t{1} << local_regs_.size()) - 1); }
  void note_branch(Control& target) {
    if (target.op != decoder::Op::Loop) target.dirty |= dirty_;
  }
  std::vector<Entry> stack_;
  uint32_t watermark_ = 0;
  std::vector<uint32_t> local_refs_;
  std::vector<bool> scan_loops_;  // the pre-scan's open blocks: loop or not
  std::vector<uint64_t> scan_weight_;       // per local: uses, weighted by loop depth
  std::vector<uint32_t> scan_candidates_;   // locals of one class, heaviest first
  std::vector<Control> controls_;
  std::vector<std::pair<Patch, uint32_t>> gas_patches_;  // (charge, segment index)
  std::vector<Patch> cost_patches_;                      // prologue and epilogues
  // Registers holding operand stack entries (in_use_), and by register code the entry's
  // position (valid for those in use). Codes: 16 on x86-64, 32 on AArch64.
  Pinned in_use_;
  std::array<uint32_t, 32> gpr_owner_{};
  std::array<uint32_t, 32> fpr_owner_{};
  uint32_t offset_ = 0;  // module offset of the instruction being compiled
  std::span<const uint8_t> module_bytes_;  // to peek at the instruction after a compare
  // A fused compare's condition, for the br_if or if that follows it (pop_test).
  bool condition_pending_ = false;
  Condition pending_condition_{};
  Label stack_trap_;
  bool first_instr_ = true;
};

}  // namespace shortcrust::jit
