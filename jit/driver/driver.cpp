// Driver: function begin and end, the instruction dispatch with gas charging, trap
// stubs, registers and the operand stack (see driver.h for the model and invariants).
#include "jit/driver/driver.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <optional>

#include "decoder/gas.h"
#include "decoder/instruction.h"

namespace shortcrust::jit {

using decoder::Family;
using decoder::Op;
using validator::ValidatedInstr;

namespace {

// Segments that cost nothing and end themselves (block, loop, else, end, return,
// unreachable) are never charged, as in the interpreter.
bool free_segment(Op op) {
  return decoder::kEndsSegment[static_cast<size_t>(op)] && decoder::kStaticCost[static_cast<size_t>(op)] == 0;
}

// Frame slots are addressed with 32-bit displacements of slot * 8, and patched
// immediates are 32 bits.
constexpr uint64_t kMaxFrameSlots = uint64_t{1} << 27;
constexpr uint64_t kMaxImmediate = 0x7fffffff;

// What the pre-scan does with an instruction, by its first byte: one load gives the kind
// and the immediates' shape, so the common case (Other) is one well-predicted branch.
enum class ScanKind : uint8_t { Other, Open, Loop, End, Local, Prefixed };
struct ScanByte {
  ScanKind kind = ScanKind::Prefixed;
  decoder::ImmShape shape = decoder::ImmShape::None;
};

constexpr std::array<ScanByte, 256> build_scan_bytes() {
  std::array<ScanByte, 256> table{};
  for (size_t byte = 0; byte < 256; ++byte) {
    const decoder::OpcodeByte& first = decoder::opcode_byte(static_cast<uint8_t>(byte));
    if (!first.single) continue;  // prefixed or unknown: the long way
    ScanKind kind = ScanKind::Other;
    switch (first.op) {
      case Op::Block: case Op::If: kind = ScanKind::Open; break;
      case Op::Loop: kind = ScanKind::Loop; break;
      case Op::End: kind = ScanKind::End; break;
      case Op::LocalGet: case Op::LocalSet: case Op::LocalTee: kind = ScanKind::Local; break;
      default: break;
    }
    table[byte] = ScanByte{kind, first.shape};
  }
  return table;
}
constexpr std::array<ScanByte, 256> kScanBytes = build_scan_bytes();

}  // namespace

// The local-use pre-scan runs before the validator has seen the body, so it must stop
// safely on anything malformed; what it finds only decides which locals get registers.
// It steps over immediates with the decoder's skip_shape (the opcode table's Imm column)
// without decoding them: read_instr checks every encoding, which here would cost as much
// as the rest of the JIT.
// Adds to `weight[i]` every local.get/set/tee of local i, times 8 per enclosing loop.
void Driver::weigh_local_uses(std::span<const uint8_t> code, std::vector<uint64_t>& weight) {
  std::vector<bool>& loops = scan_loops_;
  loops.clear();
  uint32_t loop_depth = 0;
  const uint8_t* p = code.data();
  const uint8_t* const end = p + code.size();
  while (p < end) {
    const ScanByte first = kScanBytes[*p];
    decoder::ImmShape shape = first.shape;
    if (first.kind == ScanKind::Other) [[likely]] {  // a test, not the switch's jump table
      p = decoder::skip_shape(shape, p + 1, end);
      continue;
    }
    switch (first.kind) {
      case ScanKind::Other: break;  // handled above
      case ScanKind::Open: ++p; loops.push_back(false); break;
      case ScanKind::Loop: ++p; loops.push_back(true); ++loop_depth; break;
      case ScanKind::End:
        ++p;
        if (!loops.empty()) {
          if (loops.back()) --loop_depth;
          loops.pop_back();
        }
        break;
      case ScanKind::Local: {
        uint32_t local = 0;
        p = decoder::skip_lenient_u32(p + 1, end, local);
        if (local < base_) weight[local] += uint64_t{1} << (3 * std::min(loop_depth, 6u));
        continue;
      }
      case ScanKind::Prefixed: {  // no prefixed instruction touches locals or blocks
        Op op{};
        p = decoder::skip_opcode(p, end, op);
        if (p == nullptr) return;  // malformed: the validator reports it
        shape = decoder::imm_shape(decoder::info(op).imm);
        break;
      }
    }
    p = decoder::skip_shape(shape, p, end);
  }
}

Result<void> Driver::begin(const validator::FunctionBegin& b) {
  function_index_ = b.function_index;
  const auto params = static_cast<uint32_t>(b.type->params.size());
  base_ = params + b.facts->local_count;
  if (base_ >= kMaxFrameSlots) return Error{Errc::LimitExceeded, 0, b.function_index, "jit frame slots"};
  local_types_.assign(b.type->params.begin(), b.type->params.end());
  local_types_.insert(local_types_.end(), b.facts->locals.begin(), b.facts->locals.end());
  stack_.clear();
  watermark_ = 0;
  local_refs_.assign(base_, 0);
  controls_.clear();
  gas_patches_.clear();
  cost_patches_.clear();
  in_use_ = Pinned{};
  first_instr_ = true;
  module_bytes_ = b.module->bytes;
  condition_pending_ = false;
  stack_trap_ = masm_.trap_site(TrapKind::StackExhausted, false, 0);  // offset: the first instr's
  assign_local_registers(b);
  masm_.bind(module_.functions[b.defined_index]);
  cost_patches_.push_back(masm_.prologue(params, b.facts->local_count, stack_trap_));
  forget_local_registers();
  Control function;
  function.results = static_cast<uint32_t>(b.type->results.size());
  function.label = masm_.new_label();
  controls_.push_back(function);
  return ok();
}

Result<void> Driver::end(const decoder::FunctionFacts& facts) {
  if (facts.frame_slots > kMaxImmediate || base_ + facts.max_operand_height >= kMaxFrameSlots) {
    return Error{Errc::LimitExceeded, 0, function_index_, "jit frame slots"};
  }
  for (const Patch& p : cost_patches_) masm_.patch(p, static_cast<uint32_t>(facts.frame_slots));
  for (const auto& [p, segment] : gas_patches_) {
    const uint64_t cost = facts.gas_segments[segment].cost;
    if (cost > kMaxImmediate) return Error{Errc::LimitExceeded, 0, function_index_, "jit segment gas"};
    masm_.patch(p, static_cast<uint32_t>(cost));
  }
  // Out-of-line code: the trap stubs and the tail that adds the function index.
  masm_.write_barrier_stubs();  // none unless EngineConfig::track_writes
  masm_.trap_stubs(function_index_, module_.trap_exit);
  return ok();
}

Label Driver::trap(TrapKind kind) {
  return masm_.trap_site(kind, false, offset_);
}

Label Driver::dynamic_trap() {
  return masm_.trap_site(TrapKind::Unreachable, true, offset_);
}

Result<void> Driver::instr(const ValidatedInstr& v) {
  const Op op = v.instr.op;
  offset_ = v.instr.offset;
  if (first_instr_) {  // the entry's stack trap reports the first instruction (as interp)
    masm_.set_trap_offset(stack_trap_, offset_);
    first_instr_ = false;
  }
  if (!v.reachable) {  // emit nothing, but keep track of block nesting
    switch (op) {
      case Op::Block: case Op::Loop: case Op::If: case Op::Else: case Op::End: control(v); break;
      default: break;
    }
    return ok();
  }
  if (v.segment_begin && config_.gas_metering && !free_segment(op)) {
    gas_patches_.emplace_back(masm_.charge_gas(trap(TrapKind::OutOfGas)), v.segment);
  }
  // A fused compare is followed by its branch, and a compare never ends a gas segment:
  // nothing comes between them that changes the flags.
  assert(!condition_pending_ || ((op == Op::BrIf || op == Op::If) && !v.segment_begin));
  switch (decoder::info(op).family) {
    case Family::Control: control(v); break;
    case Family::Call: call(v); break;
    case Family::Reference: reference(v); break;
    case Family::Parametric: parametric(v); break;
    case Family::Variable: variable(v); break;
    case Family::Table:
    case Family::Memory: memory_or_table(v); break;
    case Family::Load:
    case Family::Store: memory_access(v); break;
    case Family::Const: {
      const decoder::ValType type = op == Op::I32Const ? ValType::I32
                                    : op == Op::I64Const ? ValType::I64
                                    : op == Op::F32Const ? ValType::F32
                                                         : ValType::F64;
      const bool narrow = type == ValType::I32 || type == ValType::F32;
      push_const(narrow ? static_cast<uint32_t>(v.instr.value) : v.instr.value, type);
      break;
    }
    case Family::Compare:
    case Family::Unary:
    case Family::Binary:
    case Family::Convert: numeric(v); break;
    case Family::Simd: return Error{Errc::UnsupportedFeature, v.instr.offset, kNoFunction, "simd"};
  }
  if (canonical(height()) >= kMaxFrameSlots) return Error{Errc::LimitExceeded, v.instr.offset, kNoFunction, "jit frame slots"};
  return ok();
}

// ---- Registers -------------------------------------------------------------------

// Weighs every local by its local.get/set/tee count, times 8 per enclosing loop, and
// gives the heaviest of each class the MacroAssembler's local registers. Ties go to the
// lower index, so the choice depends only on the code. When every local fits, all get
// one and the body is not scanned.
void Driver::assign_local_registers(const validator::FunctionBegin& b) {
  local_reg_.assign(base_, -1);
  local_regs_.clear();
  reserved_ = Pinned{};
  std::vector<uint64_t>& weight = scan_weight_;
  uint32_t count[2] = {0, 0};
  for (ValType t : local_types_) ++count[class_of(t) == RegClass::Gpr ? 0 : 1];
  const bool all_fit = count[0] <= HostMasm::local_registers(RegClass::Gpr).size() &&
                       count[1] <= HostMasm::local_registers(RegClass::Fpr).size();
  weight.assign(base_, all_fit ? 1 : 0);  // every local gets a register: no need to weigh
  if (!all_fit) weigh_local_uses(b.module->slice(b.facts->code), weight);
  std::vector<uint32_t>& candidates = scan_candidates_;
  for (RegClass cls : {RegClass::Gpr, RegClass::Fpr}) {
    candidates.clear();
    for (uint32_t i = 0; i < base_; ++i) {
      if (weight[i] > 0 && class_of(local_types_[i]) == cls) candidates.push_back(i);
    }
    const std::span<const Reg> regs = HostMasm::local_registers(cls);
    const size_t chosen = std::min(candidates.size(), regs.size());
    // Only the heaviest few matter: O(locals log registers), whatever the local count.
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<ptrdiff_t>(chosen), candidates.end(),
                      [&](uint32_t x, uint32_t y) { return weight[x] != weight[y] ? weight[x] > weight[y] : x < y; });
    for (size_t k = 0; k < chosen; ++k) {
      local_reg_[candidates[k]] = static_cast<int32_t>(local_regs_.size());
      local_regs_.emplace_back(candidates[k], regs[k]);
      reserved_.add(regs[k]);
    }
  }
}

// Only locals written since their slot was last in step (dirty_) are stored.
void Driver::save_local_registers() {
  for (size_t i = 0; i < local_regs_.size(); ++i) {
    if (((dirty_ >> i) & 1u) == 0) continue;
    const auto& [local, reg] = local_regs_[i];
    masm_.store_slot(local, reg, local_types_[local]);
  }
  dirty_ = 0;
}

// After a call (which clobbers them all) or at entry, every slot is in step and no
// register is: reads take the slots until ensure_loaded().
void Driver::forget_local_registers() {
  unloaded_ = all_dirty();
  dirty_ = 0;
}

// Before a label or a branch to one: every local register holds its local again.
void Driver::ensure_loaded() {
  for (size_t i = 0; unloaded_ != 0 && i < local_regs_.size(); ++i) {
    if (((unloaded_ >> i) & 1u) == 0) continue;
    const auto& [local, reg] = local_regs_[i];
    masm_.load_slot(reg, local, local_types_[local]);
    unloaded_ &= ~(1u << i);
  }
}

// A free register of `cls` outside `pinned`; on pressure, spills the one holding the
// deepest value (the least likely to be needed soon).
Reg Driver::allocate(RegClass cls, const Pinned& pinned) {
  const std::array<uint32_t, 32>& owner = cls == RegClass::Gpr ? gpr_owner_ : fpr_owner_;
  const Reg* victim = nullptr;
  for (const Reg& r : HostMasm::allocatable(cls)) {
    if (pinned.has(r) || reserved_.has(r)) continue;
    if (!in_use_.has(r)) return r;
    if (victim == nullptr || owner[r.code] < owner[victim->code]) victim = &r;
  }
  // The driver never pins more than a few registers of a class.
  spill(owner[victim->code]);
  return *victim;
}

void Driver::spill(uint32_t position) {
  Entry& e = stack_[position];
  masm_.store_slot(canonical(position), e.reg, e.type);
  release(e.reg);
  e.kind = Entry::Kind::Stack;
}

// In register code order, general-purpose registers first.
void Driver::spill_registers() {
  for (RegMask m = in_use_.gpr; m != 0; m &= m - 1) spill(gpr_owner_[std::countr_zero(m)]);
  for (RegMask m = in_use_.fpr; m != 0; m &= m - 1) spill(fpr_owner_[std::countr_zero(m)]);
}

// Frees the registers in `gprs` (an instruction overwrites them) by spilling their values.
void Driver::evict(RegMask gprs, const Pinned& pinned) {
  for (RegMask m = gprs & in_use_.gpr & ~pinned.gpr; m != 0; m &= m - 1) spill(gpr_owner_[std::countr_zero(m)]);
}

// ---- The operand stack -----------------------------------------------------------

Reg Driver::pop_to_reg(Pinned& pinned) {
  const uint32_t position = height() - 1;
  const Entry e = pop();
  if (e.kind == Entry::Kind::Reg) {
    pinned.add(e.reg);
    return e.reg;
  }
  const Reg r = allocate(class_of(e.type), pinned);
  switch (e.kind) {
    case Entry::Kind::Stack: masm_.load_slot(r, canonical(position), e.type); break;
    case Entry::Kind::Local:  // a copy: the instruction may overwrite its operand
      if (const Reg* local = local_register(e.local)) masm_.move(r, *local, e.type);
      else masm_.load_slot(r, e.local, e.type);
      break;
    case Entry::Kind::Const: masm_.load_imm(r, e.bits, e.type); break;
    case Entry::Kind::Reg: break;
  }
  pinned.add(r);
  return r;
}

// Like pop_to_reg, for an instruction that only reads the register: a register local's
// value is read where it lives, without a copy. The caller must not write it, nor
// release it (it is reserved).
Reg Driver::pop_for_reading(Pinned& pinned) {
  const Entry& e = stack_.back();
  if (e.kind == Entry::Kind::Local) {
    if (const Reg* local = local_register(e.local)) {
      const Reg r = *local;
      pop();
      return r;
    }
  }
  return pop_to_reg(pinned);
}

Operand Driver::pop_operand(Pinned& pinned) {
  const uint32_t position = height() - 1;
  const Entry e = pop();
  switch (e.kind) {
    case Entry::Kind::Reg: pinned.add(e.reg); return Operand::of(e.reg);
    case Entry::Kind::Stack: return Operand::frame_slot(canonical(position));
    case Entry::Kind::Local:
      if (const Reg* local = local_register(e.local)) return Operand::of(*local);
      return Operand::frame_slot(e.local);
    case Entry::Kind::Const: return Operand::immediate(e.bits);
  }
  return Operand{};
}

// Writes the value of entry `e` (at `position`) into `slot`, leaving the entry as it is.
void Driver::write_to_slot(uint32_t slot, const Entry& e, uint32_t position) {
  switch (e.kind) {
    case Entry::Kind::Stack:
      if (canonical(position) != slot) masm_.copy_slot(slot, canonical(position));
      return;
    case Entry::Kind::Reg: masm_.store_slot(slot, e.reg, e.type); return;
    case Entry::Kind::Local:
      if (const Reg* local = local_register(e.local)) masm_.store_slot(slot, *local, e.type);
      else if (e.local != slot) masm_.copy_slot(slot, e.local);
      return;
    case Entry::Kind::Const: masm_.store_slot_imm(slot, e.bits); return;
  }
}

void Driver::materialize(uint32_t position) {
  Entry& e = stack_[position];
  if (e.kind == Entry::Kind::Stack) return;
  write_to_slot(canonical(position), e, position);
  if (e.kind == Entry::Kind::Local) --local_refs_[e.local];
  if (e.kind == Entry::Kind::Reg) release(e.reg);
  e.kind = Entry::Kind::Stack;
}

void Driver::materialize_all() {
  for (uint32_t p = watermark_; p < height(); ++p) materialize(p);
  watermark_ = height();
}

void Driver::materialize_top(uint32_t n) {
  for (uint32_t p = height() - n; p < height(); ++p) materialize(p);
}

// Before local `local` is overwritten, lazy reads of it take the old value.
void Driver::materialize_local(uint32_t local) {
  for (uint32_t p = height(); p > 0 && local_refs_[local] > 0; --p) {
    const Entry& e = stack_[p - 1];
    if (e.kind == Entry::Kind::Local && e.local == local) materialize(p - 1);
  }
}

void Driver::reset_stack(uint32_t keep, const std::span<const ValType>& push) {
  while (height() > keep) pop();
  for (ValType t : push) push_stack(t);
  watermark_ = height();
}

}  // namespace shortcrust::jit
