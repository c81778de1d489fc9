// Translator: a validator Sink (HOUSE-STYLE §6) that turns one validated function body
// into threaded code with frame-slot operands.
//
// Frame layout: [params][declared locals][operand stack ...]; the value at operand
// stack position p lives in slot base + p (its "canonical" slot), base = params + locals.
// The translator mirrors the operand stack at compile time with lazy entries: a
// `local.get` or a constant pushes no code; consumers read the local's slot directly or
// take the constant as an immediate. Lazy entries are written to their canonical slots
// ("materialized") only where code needs them there: block boundaries, call arguments,
// before the local they read is overwritten. Invariants:
//   - entries below {watermark_} are in their canonical slots;
//   - at every label, the values a branch carries sit in the label's canonical slots,
//     and everything below the label's height is canonical (materialized at block entry);
//   - {local_refs_}[i] counts lazy entries reading local i, so `local.set` only scans
//     the stack when it must.
// Gas: a ChargeGas instruction opens every reachable gas segment; its amount is patched
// from FunctionFacts::gas_segments at end(). The segment after a call is charged by the
// call's return instead (a cost word at the end of Call / CallIndirect), and the first
// segment by the call itself (the entry word, interp/code.h).
#pragma once

#include <cstdint>
#include <vector>

#include "interp/code.h"
#include "interp/emitter.h"
#include "interp/handlers.h"
#include "shortcrust/engine.h"
#include "validator/sink.h"

namespace shortcrust::interp {

class Translator {
 public:
  Translator(const EngineConfig& config, const std::vector<uint32_t>& type_ids)
      : config_(config), type_ids_(type_ids) {}

  Result<void> begin(const validator::FunctionBegin& begin);
  Result<void> instr(const validator::ValidatedInstr& v);
  Result<void> end(const decoder::FunctionFacts& facts);

  // The function translated last (valid after end()).
  CompiledFunction take() { return std::move(out_); }

 private:
  struct Entry {
    enum class Kind : uint8_t { Slot, Local, Const } kind = Kind::Slot;
    uint32_t local = 0;  // Local
    uint64_t bits = 0;   // Const: slot representation
  };
  struct Control {
    decoder::Op op = decoder::Op::Block;
    uint32_t height = 0;   // operand stack height below the block's params
    uint32_t params = 0;
    uint32_t results = 0;
    bool live = true;      // entered in reachable code
    uint32_t loop_target = 0;              // Loop: word index of the loop start
    std::vector<Emitter::Fixup> fixups;    // forward branches to this label
    Emitter::Fixup else_fixup{};           // If: the branch to the else arm
    bool has_else_fixup = false;
  };

  uint32_t canonical(uint32_t position) const { return base_ + position; }
  uint32_t height() const { return static_cast<uint32_t>(stack_.size()); }
  // Starts an instruction, recording the module offset it belongs to.
  uint32_t emit(H handler);

  void push_slot();
  void push_local(uint32_t local);
  void push_const(uint64_t bits);
  Entry pop();
  // The slot holding the popped entry that was at `position`: a local's slot, its
  // canonical slot, or (constants) its canonical slot after writing the constant there.
  uint32_t slot_of(const Entry& entry, uint32_t position);
  // Pops `n` operands and returns their slots, deepest first.
  void pop_slots(uint32_t n, uint32_t* slots);
  // Writes the entry found at `position` into slot `dst` (copy or constant), if not there.
  void move_to(uint32_t dst, const Entry& entry, uint32_t position);
  void materialize(uint32_t position);
  void materialize_all();
  void materialize_top(uint32_t n);
  void materialize_local(uint32_t local);
  // Drops the stack to `keep` entries and pushes `push` canonical ones (a label's values).
  void reset_stack(uint32_t keep, uint32_t push);

  bool needs_copies(const Control& target, uint32_t arity) const;
  void copy_to_label(const Control& target, uint32_t arity);
  void jump_to(Control& target);
  void emit_branch(Control& target, uint32_t arity);
  void emit_branch_if(Control& target, uint32_t arity, uint32_t cond);
  void emit_return(uint32_t arity);
  void bind_label(Control& c);

  void control(const validator::ValidatedInstr& v);
  void br_table(const validator::ValidatedInstr& v);
  void call(const validator::ValidatedInstr& v);
  void reference(const validator::ValidatedInstr& v);
  void parametric(const validator::ValidatedInstr& v);
  void variable(const validator::ValidatedInstr& v);
  void numeric(const validator::ValidatedInstr& v);
  void memory_access(const validator::ValidatedInstr& v);
  void table_or_memory(const validator::ValidatedInstr& v);

  const EngineConfig& config_;
  const std::vector<uint32_t>& type_ids_;
  CompiledFunction out_;
  Emitter code_;
  uint32_t base_ = 0;
  uint32_t watermark_ = 0;
  std::vector<Entry> stack_;
  std::vector<uint32_t> local_refs_;
  std::vector<Control> controls_;
  // ChargeGas instructions to patch: (word index of the immediate, segment index).
  std::vector<std::pair<uint32_t, uint32_t>> gas_patches_;
  uint32_t offset_ = 0;  // module offset of the instruction being translated
  // The cost word of the call just emitted (or the entry word at the start), until the
  // next instruction fills it in.
  static constexpr uint32_t kNoContinuation = UINT32_MAX;
  uint32_t continuation_ = kNoContinuation;

  // The last emitted instruction's destination, when it wrote a fresh canonical slot:
  // a following `local.set`/`local.tee` of that value retargets it to the local instead
  // of copying. Valid only while no code was emitted after it and no label bound.
  Emitter::Field result_field_{};
  uint32_t result_slot_ = 0;
  uint32_t result_end_ = UINT32_MAX;  // here() right after that instruction
  void note_result(Emitter::Field field, uint32_t slot) {
    result_field_ = field;
    result_slot_ = slot;
    result_end_ = code_.here();
  }
};

}  // namespace shortcrust::interp
