// AArch64 MacroAssembler: frame slots, control, memory 0, globals, calls, runtime calls,
// trap stubs and the entry stub (numeric instructions are in numeric.cpp, the store
// barrier in barrier.cpp). Register roles are in masm.h; the frame and calling convention
// in jit/driver/driver.h. The semantics mirror jit/x64/masm.cpp line for line; what
// differs is how AArch64 reaches things:
//   - immediates: movz/movn + movk, add/sub imm12 (optionally << 12), else a scratch;
//   - patched placeholders: a movz + movk pair whose two 16-bit fields patch() rewrites;
//   - the JIT stack: `bl` leaves the return address in x30, which every function saves
//     on sp in its prologue (16 bytes, sp stays 16-byte aligned) and reloads to return;
//   - branch ranges: `b`/`bl` reach ±128 MiB, conditional branches ±1 MiB: those go
//     through jump_if and veneer pools (masm.h); a module of more than 128 MiB of code
//     is refused by asmjit's displacement check (compile.cpp reports LimitExceeded).
#include "jit/a64/masm.h"

#include <cstring>
#include <limits>
#include <utility>

#include "jit/layout.h"
#include "jit/runtime_calls.h"

namespace shortcrust::jit::a64 {

using asmjit::CodeHolder;
using asmjit::arm::CondCode;
using decoder::Op;
using decoder::ValType;
namespace L = layout;
namespace arm = asmjit::arm;

namespace {

constexpr Reg gpr(uint8_t code) { return Reg{code, RegClass::Gpr}; }
constexpr Reg fpr(uint8_t code) { return Reg{code, RegClass::Fpr}; }

// The local registers come last, so short-lived values take the others first.
constexpr Reg kGprs[] = {gpr(0),  gpr(1),  gpr(2),  gpr(3),  gpr(4),  gpr(5),  gpr(6),
                         gpr(7),  gpr(8),  gpr(9),  gpr(10), gpr(11), gpr(12), gpr(13),
                         gpr(14), gpr(15), gpr(24), gpr(25), gpr(26), gpr(27), gpr(28)};
constexpr Reg kFprs[] = {fpr(0),  fpr(1),  fpr(2),  fpr(3),  fpr(4),  fpr(5),  fpr(6),  fpr(7),
                         fpr(8),  fpr(9),  fpr(10), fpr(11), fpr(12), fpr(13), fpr(14), fpr(15),
                         fpr(24), fpr(25), fpr(26), fpr(27), fpr(28), fpr(29), fpr(16), fpr(17),
                         fpr(18), fpr(19), fpr(20), fpr(21), fpr(22), fpr(23)};
constexpr Reg kLocalGprs[] = {gpr(24), gpr(25), gpr(26), gpr(27), gpr(28)};
constexpr Reg kLocalFprs[] = {fpr(16), fpr(17), fpr(18), fpr(19), fpr(20), fpr(21), fpr(22), fpr(23)};

// Loads memory 0 of the instance in `instance` into the memory registers, if it has one.
void load_memory(aa::Assembler& a, const aa::GpX& instance) {
  const Label none = a.newLabel();
  a.ldr(kScratch, arm::ptr(instance, L::kInstMemory0));
  a.cbz(kScratch, none);
  a.ldr(kMemBase, arm::ptr(kScratch, L::kMemoryBase));
  a.ldr(kScratch, arm::ptr(kScratch, L::kMemorySize));
  a.str(kScratch, arm::ptr(kCtx, L::kCtxMemorySize));
  a.bind(none);
}

// The 16-bit immediate field (bits 5-20) of a movz/movk word.
uint32_t with_imm16(uint32_t word, uint32_t imm16) {
  return (word & ~(uint32_t{0xffff} << 5)) | ((imm16 & 0xffff) << 5);
}

}  // namespace

Masm::Masm(CodeHolder& code) : code_(code), a_(&code) {}

std::span<const Reg> Masm::allocatable(RegClass cls) {
  if (cls == RegClass::Gpr) return kGprs;
  return kFprs;
}

std::span<const Reg> Masm::local_registers(RegClass cls) {
  if (cls == RegClass::Gpr) return kLocalGprs;
  return kLocalFprs;
}

// ---- Addressing and immediates -------------------------------------------------------

aa::Mem Masm::mem_at(const aa::GpX& base, int64_t offset, uint32_t size, const aa::GpX& temp) {
  if (offset >= 0 && offset % size == 0 && offset / size < 4096) return arm::ptr(base, static_cast<int32_t>(offset));
  if (offset >= -256 && offset < 256) return arm::ptr(base, static_cast<int32_t>(offset));  // ldur/stur
  mov_imm64(a_, temp, static_cast<uint64_t>(offset));
  return arm::ptr(base, temp);
}

void Masm::add_imm(const aa::GpX& d, const aa::GpX& s, uint64_t value, const aa::GpX& temp) {
  add_or_sub_imm(aa::Inst::kIdAdd, d, s, value, temp);
}

void Masm::sub_imm(const aa::GpX& d, const aa::GpX& s, uint64_t value, const aa::GpX& temp) {
  add_or_sub_imm(aa::Inst::kIdSub, d, s, value, temp);
}

// `inst` is add or sub: one instruction below 2^12, two below 2^24, else through `temp`.
void Masm::add_or_sub_imm(aa::Inst::Id inst, const aa::GpX& d, const aa::GpX& s, uint64_t value,
                          const aa::GpX& temp) {
  if (value == 0) {
    if (d.id() != s.id()) a_.mov(d, s);
  } else if (value < 4096) {
    a_.emit(inst, d, s, asmjit::Imm(value));
  } else if (value < (uint64_t{1} << 24)) {
    a_.emit(inst, d, s, asmjit::Imm(value >> 12), asmjit::Imm(arm::lsl(12)));
    if ((value & 0xfff) != 0) a_.emit(inst, d, d, asmjit::Imm(value & 0xfff));
  } else {
    mov_imm64(a_, temp, value);
    a_.emit(inst, d, s, temp);
  }
}

// ---- Function structure and gas ------------------------------------------------------

// Both halves non-zero, so movz and movk are both emitted and can be patched.
constexpr uint32_t kPlaceholder = 0x7fffffff;

Patch Masm::placeholder(const aa::GpX& r) {
  const Patch at{a_.offset()};
  a_.movz(r, kPlaceholder & 0xffff);
  a_.movk(r, kPlaceholder >> 16, 16);
  return at;
}

void Masm::patch(Patch patch, uint32_t value) {
  // A placeholder that did not fit the (fixed) buffer was never emitted: asmjit reported
  // kErrorTooLarge, and the module is compiled again into a larger one.
  if (patch.offset + 8 > code_.textSection()->bufferSize()) return;
  uint8_t* text = code_.textSection()->data() + patch.offset;
  uint32_t words[2];
  std::memcpy(words, text, sizeof(words));  // instruction words are little endian
  words[0] = with_imm16(words[0], value & 0xffff);
  words[1] = with_imm16(words[1], value >> 16);
  std::memcpy(text, words, sizeof(words));
}

Patch Masm::prologue(uint32_t first_local, uint32_t local_count, Label stack_trap) {
  veneer_point();
  a_.str(aa::x30, arm::ptr_pre(aa::sp, -16));  // NativeStack::kBytesPerFrame counts it
  // ARCHITECTURE §4: entering a frame whose cost would pass the limit traps.
  a_.ldr(kScratch, arm::ptr(kCtx, L::kCtxSlotsUsed));
  const Patch cost = placeholder(kScratch2);
  a_.add(kScratch, kScratch, kScratch2);
  a_.ldr(kScratch2, arm::ptr(kCtx, L::kCtxSlotLimit));
  a_.cmp(kScratch, kScratch2);
  jump_if(CondCode::kHI, stack_trap);
  a_.str(kScratch, arm::ptr(kCtx, L::kCtxSlotsUsed));
  if (local_count == 0) return cost;
  add_imm(kScratch, kFp, uint64_t{first_local} * 8, kScratch2);
  if (local_count <= 16) {
    uint32_t i = 0;
    for (; i + 1 < local_count; i += 2) a_.stp(aa::xzr, aa::xzr, arm::ptr(kScratch, static_cast<int32_t>(i * 8)));
    if (i < local_count) a_.str(aa::xzr, arm::ptr(kScratch, static_cast<int32_t>(i * 8)));
    return cost;
  }
  // A loop of pairs, then the odd one.
  const Label loop = a_.newLabel();
  mov_imm32(a_, kScratch2.w(), local_count / 2);
  a_.bind(loop);
  a_.stp(aa::xzr, aa::xzr, arm::ptr_post(kScratch, 16));
  a_.subs(kScratch2.w(), kScratch2.w(), 1);
  a_.b_ne(loop);
  if (local_count % 2 != 0) a_.str(aa::xzr, arm::ptr(kScratch));
  return cost;
}

Patch Masm::epilogue() {
  veneer_point();
  a_.ldr(kScratch, arm::ptr(kCtx, L::kCtxSlotsUsed));
  const Patch cost = placeholder(kScratch2);
  a_.sub(kScratch, kScratch, kScratch2);
  a_.str(kScratch, arm::ptr(kCtx, L::kCtxSlotsUsed));
  a_.ldr(aa::x30, arm::ptr_post(aa::sp, 16));
  a_.ret(aa::x30);
  return cost;
}

// gas -= amount (patched: the segment's cost is known at the function's end); below zero
// is out of gas (ARCHITECTURE §5).
Patch Masm::charge_gas(Label out_of_gas) {
  veneer_point();
  const Patch amount = placeholder(kScratch);
  a_.subs(kGas, kGas, kScratch);
  jump_if(CondCode::kMI, out_of_gas);
  return amount;
}

// ---- Slots and moves -----------------------------------------------------------------

void Masm::load_slot(Reg d, uint32_t slot, ValType t) {
  veneer_point();
  switch (t) {
    case ValType::I32: a_.ldr(gp32(d), slot_mem(slot, 4)); return;
    case ValType::F32: a_.ldr(vs(d), slot_mem(slot, 4)); return;
    case ValType::F64: a_.ldr(vd(d), slot_mem(slot, 8)); return;
    default: a_.ldr(gp64(d), slot_mem(slot, 8)); return;
  }
}

// Slots hold the full 64-bit representation: i32 and f32 zero-extended (runtime/objects.h).
// An i32 register's upper half is zero already (every W write clears it).
void Masm::store_slot(uint32_t slot, Reg s, ValType t) {
  veneer_point();
  switch (t) {
    case ValType::F32:
      a_.fmov(kScratch.w(), vs(s));
      a_.str(kScratch, slot_mem(slot, 8));
      return;
    case ValType::F64: a_.str(vd(s), slot_mem(slot, 8)); return;
    default: a_.str(gp64(s), slot_mem(slot, 8)); return;
  }
}

void Masm::store_slot_imm(uint32_t slot, uint64_t bits) {
  veneer_point();
  if (bits == 0) {
    a_.str(aa::xzr, slot_mem(slot, 8));
    return;
  }
  mov_imm64(a_, kScratch, bits);
  a_.str(kScratch, slot_mem(slot, 8));
}

void Masm::copy_slot(uint32_t dst, uint32_t src) {
  veneer_point();
  a_.ldr(kScratch, slot_mem(src, 8));
  a_.str(kScratch, slot_mem(dst, 8));
}

void Masm::move(Reg d, Reg s, ValType t) {
  veneer_point();
  if (d == s) return;
  if (d.cls == RegClass::Fpr) a_.fmov(vd(d), vd(s));  // an f32's upper half stays zero
  else if (t == ValType::I32) a_.mov(gp32(d), gp32(s));
  else a_.mov(gp64(d), gp64(s));
}

void Masm::load_imm(Reg d, uint64_t bits, ValType t) {
  veneer_point();
  if (d.cls == RegClass::Fpr) {
    if (t == ValType::F32) {
      mov_imm32(a_, kScratch.w(), static_cast<uint32_t>(bits));
      a_.fmov(vs(d), kScratch.w());
    } else {
      mov_imm64(a_, kScratch, bits);
      a_.fmov(vd(d), kScratch);
    }
    return;
  }
  if (bits <= 0xffffffffu) mov_imm32(a_, gp32(d), static_cast<uint32_t>(bits));
  else mov_imm64(a_, gp64(d), bits);
}

// ---- Control -------------------------------------------------------------------------

void Masm::jump(Label target) {
  veneer_point(4);
  a_.b(target);
}

namespace {

// b.cond, cbz and cbnz: imm19 (words) in bits 5-23; reach ±1 MiB. asmjit's CondCode
// values are the architectural ones plus 2.
constexpr int64_t kReach = int64_t{1} << 20;
// Code emitted between two veneer points stays far below it: every public member is one
// (numeric() too); resolve() refuses the module if it ever is not.
constexpr int64_t kVeneerMargin = int64_t{64} << 10;
constexpr uint32_t kImm19Mask = 0x7ffffu << 5;

uint32_t cond_word(CondCode cc) { return 0x54000000u | ((static_cast<uint32_t>(cc) - 2) & 0xf); }
uint32_t cbz_word(const aa::Gp& r, bool nonzero) {
  return (r.isGpX() ? 0x80000000u : 0u) | (nonzero ? 0x35000000u : 0x34000000u) | r.id();
}
// The same test, negated (b.cond: the condition's low bit; cbz/cbnz: bit 24).
uint32_t inverted(uint32_t word) { return (word & 0xff000000u) == 0x54000000u ? word ^ 1u : word ^ 0x01000000u; }
uint32_t with_imm19(uint32_t word, int64_t delta) {
  return (word & ~kImm19Mask) | ((static_cast<uint32_t>(delta / 4) & 0x7ffffu) << 5);
}

}  // namespace

void Masm::jump_if(CondCode cc, Label target) { branch_word(cond_word(cc), target); }
void Masm::jump_if_zero(const aa::Gp& r, Label target) { branch_word(cbz_word(r, false), target); }
void Masm::jump_if_nonzero(const aa::Gp& r, Label target) { branch_word(cbz_word(r, true), target); }

void Masm::branch_word(uint32_t word, Label target) {
  veneer_point(8);
  const auto here = static_cast<int64_t>(a_.offset());
  if (code_.isLabelBound(target)) {
    const int64_t delta = static_cast<int64_t>(code_.labelOffset(target)) - here;
    if (delta > -kReach) {
      a_.embedUInt32(with_imm19(word, delta));
    } else {  // a loop of more than 1 MiB: skip a `b` back unless the test fails
      a_.embedUInt32(with_imm19(inverted(word), 8));
      a_.b(target);
    }
    return;
  }
  if (pending_head_.size() <= target.id()) pending_head_.resize(target.id() + 1, -1);
  pending_.push_back(PendingBranch{static_cast<size_t>(here), target.id(), pending_head_[target.id()]});
  pending_head_[target.id()] = static_cast<int32_t>(pending_.size() - 1);
  ++unresolved_;
  a_.embedUInt32(word);
}

void Masm::bind(Label label) {
  veneer_point(0);
  a_.bind(label);
  if (label.id() < pending_head_.size() && pending_head_[label.id()] >= 0) resolve(label.id(), a_.offset());
}

// Points every pending branch to `label` at `target` (each within reach: veneer_point).
void Masm::resolve(uint32_t label, size_t target) {
  uint8_t* text = code_.textSection()->data();
  for (int32_t i = pending_head_[label]; i >= 0; i = pending_[static_cast<size_t>(i)].next) {
    PendingBranch& p = pending_[static_cast<size_t>(i)];
    // A branch past the end of the (fixed) buffer was never emitted: asmjit reported
    // kErrorTooLarge, and the module is compiled again into a larger one.
    if (p.at + 4 <= code_.textSection()->bufferSize()) {
      const int64_t delta = static_cast<int64_t>(target) - static_cast<int64_t>(p.at);
      // Out of reach only if more than kVeneerMargin bytes went out without a veneer
      // point: refuse the module rather than branch somewhere else.
      if (delta >= kReach) a_.reportError(asmjit::kErrorInvalidDisplacement);
      uint32_t word;
      std::memcpy(&word, text + p.at, 4);
      word = with_imm19(word, delta);
      std::memcpy(text + p.at, &word, 4);
    }
    p.at = std::numeric_limits<size_t>::max();
    --unresolved_;
  }
  pending_head_[label] = -1;
  while (oldest_ < pending_.size() && pending_[oldest_].at == std::numeric_limits<size_t>::max()) ++oldest_;
  if (oldest_ == pending_.size()) {
    pending_.clear();
    oldest_ = 0;
  }
}

void Masm::maybe_emit_veneers(size_t bytes) {
  // The pool ends at most 4 bytes per pending branch (one veneer per label) after `b over`.
  const auto end = static_cast<int64_t>(a_.offset() + bytes + 4 * (unresolved_ + 1));
  if (end - static_cast<int64_t>(pending_[oldest_].at) >= kReach - kVeneerMargin) emit_veneers();
}

// One veneer per pending label, oldest first; resolve() moves oldest_ along.
void Masm::emit_veneers() {
  const Label over = a_.newLabel();
  a_.b(over);
  while (unresolved_ != 0) {
    const uint32_t label = pending_[oldest_].label;
    resolve(label, a_.offset());
    a_.b(Label(label));  // asmjit links it; bind() patches it
  }
  a_.bind(over);
}

void Masm::branch_if_zero(Reg cond, Label target) { jump_if_zero(gp32(cond), target); }

void Masm::branch_if_nonzero(Reg cond, Label target) { jump_if_nonzero(gp32(cond), target); }

// A table of 32-bit offsets from the table itself; the index (an i32, unsigned) is
// clamped to the last entry, the default.
void Masm::jump_table(Reg index, uint32_t count, const Label* targets) {
  veneer_point(uint64_t{count} * 4 + 64);
  const aa::GpW i32 = gp32(index);
  mov_imm32(a_, kScratch.w(), count - 1);
  a_.cmp(i32, kScratch.w());
  a_.csel(i32, kScratch.w(), i32, CondCode::kHI);  // also clears the upper half
  const Label table = a_.newLabel();
  a_.adr(kScratch, table);
  a_.ldrsw(kScratch2, arm::ptr(kScratch, gp64(index), arm::lsl(2)));
  a_.add(kScratch, kScratch, kScratch2);
  a_.br(kScratch);
  a_.bind(table);
  for (uint32_t i = 0; i < count; ++i) a_.embedLabelDelta(targets[i], table, 4);
}

// ---- Memory 0, globals, references ---------------------------------------------------

// Leaves index + offset + bytes in the scratch register after checking it against the
// memory size: in full 64-bit width, a 32-bit index zero-extended first, a 64-bit sum
// that carries out trapping (ARCHITECTURE §4). The access is then [base + scratch - bytes].
void Masm::effective_address(Reg index, uint64_t offset, uint32_t bytes, bool memory64, Label oob) {
  if (memory64) {
    if (offset > std::numeric_limits<uint64_t>::max() - bytes) {
      jump(oob);  // index + offset + bytes > 2^64 for every index
      return;
    }
    const uint64_t amount = offset + bytes;
    if (amount < 4096) {
      a_.adds(kScratch, gp64(index), amount);
    } else {
      mov_imm64(a_, kScratch2, amount);
      a_.adds(kScratch, gp64(index), kScratch2);
    }
    jump_if(CondCode::kCS, oob);
  } else {
    a_.mov(kScratch.w(), gp32(index));  // zero-extends: the index is unsigned
    add_imm(kScratch, kScratch, offset + bytes, kScratch2);  // < 2^33, cannot carry
  }
  a_.ldr(kScratch2, arm::ptr(kCtx, L::kCtxMemorySize));
  a_.cmp(kScratch, kScratch2);
  jump_if(CondCode::kHI, oob);
}

void Masm::load(Op op, Reg d, Reg index, uint64_t offset, bool memory64, Label oob) {
  veneer_point();
  const uint32_t bytes = 1u << decoder::natural_align_log2(decoder::info(op).imm);
  effective_address(index, offset, bytes, memory64, oob);
  a_.sub(kScratch, kScratch, bytes);
  const aa::Mem at = arm::ptr(kMemBase, kScratch);
  switch (op) {
    case Op::I32Load: a_.ldr(gp32(d), at); return;
    case Op::I64Load: a_.ldr(gp64(d), at); return;
    case Op::F32Load: a_.ldr(vs(d), at); return;
    case Op::F64Load: a_.ldr(vd(d), at); return;
    case Op::I32Load8S: a_.ldrsb(gp32(d), at); return;
    case Op::I32Load8U: a_.ldrb(gp32(d), at); return;
    case Op::I32Load16S: a_.ldrsh(gp32(d), at); return;
    case Op::I32Load16U: a_.ldrh(gp32(d), at); return;
    case Op::I64Load8S: a_.ldrsb(gp64(d), at); return;
    case Op::I64Load8U: a_.ldrb(gp32(d), at); return;
    case Op::I64Load16S: a_.ldrsh(gp64(d), at); return;
    case Op::I64Load16U: a_.ldrh(gp32(d), at); return;
    case Op::I64Load32S: a_.ldrsw(gp64(d), at); return;
    case Op::I64Load32U: a_.ldr(gp32(d), at); return;
    default: return;
  }
}

void Masm::store(Op op, Reg index, Reg value, uint64_t offset, bool memory64, Label oob) {
  veneer_point();
  const uint32_t bytes = 1u << decoder::natural_align_log2(decoder::info(op).imm);
  const CheckedAccess checked = std::exchange(checked_access_, CheckedAccess{});
  const bool reuse = checked.valid && checked.index == index && checked.offset == offset && checked.bytes == bytes &&
                     checked.memory64 == memory64;
  if (!reuse) effective_address(index, offset, bytes, memory64, oob);  // else write_barrier's
  a_.sub(kScratch, kScratch, bytes);
  const aa::Mem at = arm::ptr(kMemBase, kScratch);
  switch (op) {
    case Op::I32Store: a_.str(gp32(value), at); return;
    case Op::I64Store: a_.str(gp64(value), at); return;
    case Op::F32Store: a_.str(vs(value), at); return;
    case Op::F64Store: a_.str(vd(value), at); return;
    case Op::I32Store8:
    case Op::I64Store8: a_.strb(gp32(value), at); return;
    case Op::I32Store16:
    case Op::I64Store16: a_.strh(gp32(value), at); return;
    case Op::I64Store32: a_.str(gp32(value), at); return;
    default: return;
  }
}

void Masm::memory_size(Reg d) {
  veneer_point();
  a_.ldr(gp64(d), arm::ptr(kCtx, L::kCtxMemorySize));
}

void Masm::reload_memory() {
  veneer_point();
  a_.ldr(kScratch, arm::ptr(kInst, L::kInstMemory0));
  a_.ldr(kMemBase, arm::ptr(kScratch, L::kMemoryBase));
  a_.ldr(kScratch, arm::ptr(kScratch, L::kMemorySize));
  a_.str(kScratch, arm::ptr(kCtx, L::kCtxMemorySize));
}

void Masm::global_get(Reg d, uint32_t index, ValType t) {
  veneer_point();
  a_.ldr(kScratch, arm::ptr(kInst, L::kInstGlobals));
  a_.ldr(kScratch, mem_at(kScratch, int64_t{index} * 8, 8, kScratch2));
  const aa::Mem bits = arm::ptr(kScratch, L::kGlobalBits);
  switch (t) {
    case ValType::I32: a_.ldr(gp32(d), bits); return;
    case ValType::F32: a_.ldr(vs(d), bits); return;
    case ValType::F64: a_.ldr(vd(d), bits); return;
    default: a_.ldr(gp64(d), bits); return;
  }
}

void Masm::global_set(uint32_t index, Reg s, ValType t) {
  veneer_point();
  a_.ldr(kScratch, arm::ptr(kInst, L::kInstGlobals));
  a_.ldr(kScratch, mem_at(kScratch, int64_t{index} * 8, 8, kScratch2));
  const aa::Mem bits = arm::ptr(kScratch, L::kGlobalBits);
  switch (t) {
    case ValType::F32:  // zero-extended, like a slot
      a_.fmov(kScratch2.w(), vs(s));
      a_.str(kScratch2, bits);
      return;
    case ValType::F64: a_.str(vd(s), bits); return;
    default: a_.str(gp64(s), bits); return;
  }
}

void Masm::ref_func(Reg d, uint32_t index) {
  veneer_point();
  a_.ldr(gp64(d), arm::ptr(kInst, L::kInstFunctions));
  a_.ldr(gp64(d), mem_at(gp64(d), int64_t{index} * 8, 8, kScratch));
}

// ---- Calls ---------------------------------------------------------------------------

void Masm::call_direct(Label callee, uint32_t arg_slot) {
  veneer_point();
  add_imm(kFp, kFp, uint64_t{arg_slot} * 8, kScratch);
  a_.bl(callee);
  sub_imm(kFp, kFp, uint64_t{arg_slot} * 8, kScratch);
}

void Masm::call_import(uint32_t func_index, uint32_t arg_slot, uint32_t frame_end, bool has_memory, Label trap) {
  veneer_point();
  a_.ldr(kScratch, arm::ptr(kInst, L::kInstFunctions));
  a_.ldr(kScratch, mem_at(kScratch, int64_t{func_index} * 8, 8, kScratch2));
  call_func_object(arg_slot, frame_end, has_memory, trap);
}

// call_indirect's checks in the spec's order: index in the table, a non-null entry, the
// signature (engine-wide type ids are equal exactly when the types are). The index
// register is free to overwrite once it has been used.
void Masm::call_indirect(uint32_t type_id, uint32_t table, Reg index, uint32_t arg_slot, uint32_t frame_end,
                         bool has_memory, TrapSites& traps) {
  veneer_point();
  const aa::GpX i64 = gp64(index);
  a_.ldr(kScratch, arm::ptr(kInst, L::kInstTables));
  a_.ldr(kScratch, mem_at(kScratch, int64_t{table} * 8, 8, kScratch2));
  a_.mov(gp32(index), gp32(index));  // zero-extend the i32 index
  a_.ldr(kScratch2, arm::ptr(kScratch, L::kTableSize));
  a_.cmp(i64, kScratch2);
  jump_if(CondCode::kHS, traps.trap(TrapKind::UndefinedElement));
  a_.ldr(kScratch, arm::ptr(kScratch, L::kTableData));
  a_.ldr(kScratch, arm::ptr(kScratch, i64, arm::lsl(3)));
  jump_if_zero(kScratch, traps.trap(TrapKind::UninitializedElement));
  a_.ldr(kScratch2.w(), arm::ptr(kScratch, L::kFuncTypeId));
  mov_imm32(a_, gp32(index), type_id);
  a_.cmp(kScratch2.w(), gp32(index));
  jump_if(CondCode::kNE, traps.trap(TrapKind::IndirectCallTypeMismatch));
  call_func_object(arg_slot, frame_end, has_memory, traps.dynamic_trap());
}

// Calls the FuncObject in the scratch register: JIT code of any instance (switching the
// instance and memory registers around it) or a host function through the runtime.
void Masm::call_func_object(uint32_t arg_slot, uint32_t frame_end, bool has_memory, Label trap) {
  const Label host = a_.newLabel();
  const Label done = a_.newLabel();
  a_.ldr(kScratch2, arm::ptr(kScratch, L::kFuncJitEntry));
  a_.cbz(kScratch2, host);  // near: the host path follows
  a_.str(kInst, arm::ptr_pre(aa::sp, -16));  // NativeStack::kBytesPerFrame counts it
  a_.ldr(kInst, arm::ptr(kScratch, L::kFuncInstance));
  load_memory(a_, kInst);  // keeps x17
  add_imm(kFp, kFp, uint64_t{arg_slot} * 8, kScratch);
  a_.blr(kScratch2);
  sub_imm(kFp, kFp, uint64_t{arg_slot} * 8, kScratch);
  a_.ldr(kInst, arm::ptr_post(aa::sp, 16));
  if (has_memory) reload_memory();
  a_.b(done);

  a_.bind(host);
  a_.str(kGas, arm::ptr(kCtx, L::kCtxGas));
  a_.mov(aa::x0, kCtx);
  a_.mov(aa::x1, kScratch);
  a_.mov(aa::x2, kInst);
  add_imm(aa::x3, kFp, uint64_t{arg_slot} * 8, aa::x3);
  add_imm(aa::x4, kFp, uint64_t{frame_end} * 8, aa::x4);
  runtime_call(reinterpret_cast<const void*>(&shortcrust_jit_call_host));
  a_.ldr(kGas, arm::ptr(kCtx, L::kCtxGas));
  if (has_memory) reload_memory();
  jump_if_nonzero(aa::w0, trap);
  a_.bind(done);
}

void Masm::call_runtime(RuntimeFn fn, uint32_t arg_slot, uint32_t a, uint32_t b, Label trap) {
  veneer_point();
  a_.str(kGas, arm::ptr(kCtx, L::kCtxGas));
  a_.mov(aa::x0, kCtx);
  a_.mov(aa::x1, kInst);
  add_imm(aa::x2, kFp, uint64_t{arg_slot} * 8, aa::x2);
  mov_imm32(a_, aa::w3, a);
  mov_imm32(a_, aa::w4, b);
  runtime_call(reinterpret_cast<const void*>(fn));
  a_.ldr(kGas, arm::ptr(kCtx, L::kCtxGas));
  jump_if_nonzero(aa::w0, trap);
}

// C++ runs on the thread's stack, 16-byte aligned at ExecContext::jit_native_sp (the
// entry stub's frame); the JIT stack pointer is saved where a nested entry starts.
void Masm::runtime_call(const void* fn) {
  a_.mov(kScratch, aa::sp);
  a_.str(kScratch, arm::ptr(kCtx, L::kCtxStackSp));
  a_.ldr(kScratch, arm::ptr(kCtx, L::kCtxNativeSp));
  a_.mov(aa::sp, kScratch);
  mov_imm64(a_, kScratch, reinterpret_cast<uint64_t>(fn));
  a_.blr(kScratch);
  a_.ldr(kScratch, arm::ptr(kCtx, L::kCtxStackSp));
  a_.mov(aa::sp, kScratch);
}

// ---- Traps and entry -----------------------------------------------------------------

// Trap stubs leave w0 = kind, w1 = module offset; the tail adds w2 = function index.
void Masm::trap_stub(Label stub, TrapKind kind, bool dynamic, uint32_t offset, Label function_tail) {
  bind(stub);
  if (dynamic) a_.sub(aa::w0, aa::w0, 1);  // runtime calls return kind + 1
  else mov_imm32(a_, aa::w0, static_cast<uint32_t>(kind));
  mov_imm32(a_, aa::w1, offset);
  a_.b(function_tail);
}

void Masm::function_tail(Label tail, uint32_t function_index, Label module_exit) {
  a_.bind(tail);
  mov_imm32(a_, aa::w2, function_index);
  a_.b(module_exit);
}

Label Masm::trap_site(TrapKind kind, bool dynamic, uint32_t offset) {
  veneer_point();
  const Label label = a_.newLabel();
  trap_sites_.push_back(TrapSite{label, kind, dynamic, offset});
  return label;
}

// Only the function's first site (its stack check) is ever updated: search from the front.
void Masm::set_trap_offset(Label site, uint32_t offset) {
  for (TrapSite& s : trap_sites_) {
    if (s.label.id() == site.id()) {
      s.offset = offset;
      return;
    }
  }
}

void Masm::trap_stubs(uint32_t function_index, Label module_exit) {
  if (trap_sites_.empty()) return;
  const Label tail = a_.newLabel();
  function_tail(tail, function_index, module_exit);
  for (const TrapSite& site : trap_sites_) trap_stub(site.label, site.kind, site.dynamic, site.offset, tail);
  trap_sites_.clear();
}

// Records the trap (kind w0, offset w1, function index w2) and returns 0 from the entry
// stub, dropping every JIT frame at once: they hold nothing to clean up.
void Masm::module_exit(Label exit) {
  a_.bind(exit);
  a_.str(aa::w0, arm::ptr(kCtx, L::kCtxTrapKind));
  a_.str(aa::w1, arm::ptr(kCtx, L::kCtxTrapOffset));
  a_.ldr(kScratch, arm::ptr(kInst, L::kInstFunctions));
  a_.ldr(kScratch, arm::ptr(kScratch, aa::x2, arm::lsl(3)));  // w2 was written: x2 is zero-extended
  a_.str(kScratch, arm::ptr(kCtx, L::kCtxTrapFunction));
  a_.str(kGas, arm::ptr(kCtx, L::kCtxGas));
  a_.ldr(kScratch, arm::ptr(kCtx, L::kCtxNativeSp));
  a_.mov(aa::sp, kScratch);
  a_.ldr(aa::x30, arm::ptr_post(aa::sp, 16));
  a_.mov(aa::w0, 0);
  a_.ret(aa::x30);
}

// The frame on the thread's stack (160 bytes of saved registers, the outer entry's two
// stack pointers) and the inner call's return address at ExecContext::jit_native_sp:
// module_exit returns through it, as the JIT code's own return does.
void Masm::emit_entry(CodeHolder& code) {
  aa::Assembler a(&code);
  const Label inner = a.newLabel();
  a.stp(aa::x29, aa::x30, arm::ptr_pre(aa::sp, -160));
  a.mov(aa::x29, aa::sp);
  a.stp(aa::x19, aa::x20, arm::ptr(aa::sp, 16));
  a.stp(aa::x21, aa::x22, arm::ptr(aa::sp, 32));
  a.stp(aa::x23, aa::x24, arm::ptr(aa::sp, 48));
  a.stp(aa::x25, aa::x26, arm::ptr(aa::sp, 64));
  a.stp(aa::x27, aa::x28, arm::ptr(aa::sp, 80));
  a.stp(aa::d8, aa::d9, arm::ptr(aa::sp, 96));
  a.stp(aa::d10, aa::d11, arm::ptr(aa::sp, 112));
  a.stp(aa::d12, aa::d13, arm::ptr(aa::sp, 128));
  a.stp(aa::d14, aa::d15, arm::ptr(aa::sp, 144));
  // A nested entry restores the outer one's stack pointers.
  a.ldr(kScratch, arm::ptr(aa::x0, L::kCtxNativeSp));
  a.ldr(kScratch2, arm::ptr(aa::x0, L::kCtxStackSp));
  a.stp(kScratch, kScratch2, arm::ptr_pre(aa::sp, -16));
  a.mov(kCtx, aa::x0);
  a.mov(kFp, aa::x2);
  a.mov(kInst, aa::x3);
  a.ldr(kGas, arm::ptr(kCtx, L::kCtxGas));
  load_memory(a, kInst);
  a.bl(inner);  // returns 1, or 0 from a trap exit
  a.ldp(kScratch, kScratch2, arm::ptr_post(aa::sp, 16));
  a.str(kScratch, arm::ptr(kCtx, L::kCtxNativeSp));
  a.str(kScratch2, arm::ptr(kCtx, L::kCtxStackSp));
  a.ldp(aa::d14, aa::d15, arm::ptr(aa::sp, 144));
  a.ldp(aa::d12, aa::d13, arm::ptr(aa::sp, 128));
  a.ldp(aa::d10, aa::d11, arm::ptr(aa::sp, 112));
  a.ldp(aa::d8, aa::d9, arm::ptr(aa::sp, 96));
  a.ldp(aa::x27, aa::x28, arm::ptr(aa::sp, 80));
  a.ldp(aa::x25, aa::x26, arm::ptr(aa::sp, 64));
  a.ldp(aa::x23, aa::x24, arm::ptr(aa::sp, 48));
  a.ldp(aa::x21, aa::x22, arm::ptr(aa::sp, 32));
  a.ldp(aa::x19, aa::x20, arm::ptr(aa::sp, 16));
  a.ldp(aa::x29, aa::x30, arm::ptr_post(aa::sp, 160));
  a.ret(aa::x30);

  // sp is 16-byte aligned here (every adjustment above is): runtime calls use it as is.
  a.bind(inner);
  a.str(aa::x30, arm::ptr_pre(aa::sp, -16));
  a.mov(kScratch, aa::sp);
  a.str(kScratch, arm::ptr(kCtx, L::kCtxNativeSp));
  a.ldr(kScratch, arm::ptr(kCtx, L::kCtxStackSp));
  a.mov(aa::sp, kScratch);
  a.blr(aa::x1);
  a.str(kGas, arm::ptr(kCtx, L::kCtxGas));
  a.ldr(kScratch, arm::ptr(kCtx, L::kCtxNativeSp));
  a.mov(aa::sp, kScratch);
  a.ldr(aa::x30, arm::ptr_post(aa::sp, 16));
  a.mov(aa::w0, 1);
  a.ret(aa::x30);
}

}  // namespace shortcrust::jit::a64
