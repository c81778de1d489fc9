// x86-64 MacroAssembler: frame slots, control, memory 0, globals, calls, runtime calls,
// trap stubs and the entry stub (numeric instructions are in numeric.cpp). Register roles
// are in masm.h; the frame and calling convention in jit/driver/driver.h.
#include "jit/x64/masm.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "jit/layout.h"
#include "jit/runtime_calls.h"
#include "jit/x64/regs.h"

namespace shortcrust::jit::x64 {

using namespace asmjit;
using namespace asmjit::x86;
using decoder::Op;
using decoder::ValType;
namespace L = layout;

namespace {

// Loads memory 0 of the instance in `instance` into the memory registers, if it has one.
void load_memory(x86::Assembler& a, const Gp& instance) {
  const Label none = a.newLabel();
  a.mov(kScratch, qword_ptr(instance, L::kInstMemory0));
  a.test(kScratch, kScratch);
  a.jz(none);
  a.mov(kMemBase, qword_ptr(kScratch, L::kMemoryBase));
  a.mov(kScratch, qword_ptr(kScratch, L::kMemorySize));
  a.mov(qword_ptr(kCtx, L::kCtxMemorySize), kScratch);
  a.bind(none);
}

bool wide_type(ValType t) { return t != ValType::I32 && t != ValType::F32; }

constexpr uint64_t kMaxChunk = 0x7fffffff;  // the largest sign-extended imm32

// Trap sites are labels with this bit set in their id: asmjit never hands out that many.
constexpr uint32_t kTrapSiteTag = 0x40000000u;

bool is_trap_site(Label label) { return (label.id() & kTrapSiteTag) != 0 && label.isValid(); }


}  // namespace

Masm::Masm(CodeHolder& code) : code_(code), a_(&code) {}

// ---- Function structure and gas ------------------------------------------------------

// Placeholder for a patched imm32: large enough that asmjit picks the 4-byte form.
constexpr int32_t kPlaceholder = 0x7fffffff;

Patch Masm::prologue(uint32_t first_local, uint32_t local_count, Label stack_trap) {
  // ARCHITECTURE §4: entering a frame whose cost would pass the limit traps.
  put([](uint8_t* p) {
    p = enc::rm(p, enc::kMovLoad, true, kScratchCode, ctx_at(L::kCtxSlotsUsed));  // mov r11, [ctx.slots_used]
    return enc::alu_ri(p, enc::Alu::Add, true, kScratchCode, kPlaceholder);        // add r11, cost
  });
  const Patch cost{a_.offset() - 4};
  put([](uint8_t* p) { return enc::rm(p, enc::alu_rm(enc::Alu::Cmp), true, kScratchCode, ctx_at(L::kCtxSlotLimit)); });
  jump_if(CondCode::kA, stack_trap);
  put([](uint8_t* p) { return enc::rm(p, enc::kMovStore, true, kScratchCode, ctx_at(L::kCtxSlotsUsed)); });
  if (local_count == 0) return cost;
  if (local_count <= 8) {
    put([](uint8_t* p) { return enc::rr(p, enc::alu_mr(enc::Alu::Xor), false, kScratchCode, kScratchCode); });
    for (uint32_t i = 0; i < local_count; ++i) {
      put([&](uint8_t* p) { return enc::rm(p, enc::kMovStore, true, kScratchCode, slot_at(first_local + i)); });
    }
    return cost;
  }
  // Nothing is allocated yet at entry, so rdi, rcx and rax are free for `rep stosq`.
  a_.lea(rdi, slot_mem(first_local));
  a_.mov(ecx, local_count);
  a_.xor_(eax, eax);
  a_.rep().stosq();
  return cost;
}

Patch Masm::epilogue() {
  put([](uint8_t* p) { return enc::alu_mi32(p, enc::Alu::Sub, ctx_at(L::kCtxSlotsUsed), kPlaceholder); });
  const Patch cost{a_.offset() - 4};
  put([](uint8_t* p) {
    *p++ = 0xc3;  // ret
    return p;
  });
  return cost;
}

// gas -= amount (patched: the segment's cost is known at the function's end); below zero
// is out of gas (ARCHITECTURE §5).
Patch Masm::charge_gas(Label out_of_gas) {
  put([](uint8_t* p) { return enc::alu_ri(p, enc::Alu::Sub, true, kGasCode, kPlaceholder); });
  const Patch amount{a_.offset() - 4};
  jump_if(CondCode::kS, out_of_gas);
  return amount;
}

void Masm::patch(Patch patch, uint32_t value) {
  // A placeholder that did not fit the (fixed) buffer was never emitted: asmjit reported
  // kErrorTooLarge, and the module is compiled again into a larger one.
  if (patch.offset + 4 > code_.textSection()->bufferSize()) return;
  std::memcpy(code_.textSection()->data() + patch.offset, &value, 4);
}

// ---- Slots and moves -----------------------------------------------------------------

void Masm::load_slot(Reg d, uint32_t slot, ValType t) {
  const enc::Opcode op = t == ValType::F32 ? enc::kMovssLoad : t == ValType::F64 ? enc::kMovsdLoad : enc::kMovLoad;
  const bool wide = t != ValType::I32 && d.cls == RegClass::Gpr;
  put([&](uint8_t* p) { return enc::rm(p, op, wide, d.code, slot_at(slot)); });
}

// Slots hold the full 64-bit representation: i32 and f32 zero-extended (runtime/objects.h).
void Masm::store_slot(uint32_t slot, Reg s, ValType t) {
  switch (t) {
    case ValType::F32:  // movd r11d, xmm; mov [slot], r11 (the upper half zero)
      put([&](uint8_t* p) {
        p = enc::rr(p, enc::kMovdToGp, false, s.code, kScratchCode);
        return enc::rm(p, enc::kMovStore, true, kScratchCode, slot_at(slot));
      });
      return;
    case ValType::F64: put([&](uint8_t* p) { return enc::rm(p, enc::kMovsdStore, false, s.code, slot_at(slot)); }); return;
    default: put([&](uint8_t* p) { return enc::rm(p, enc::kMovStore, true, s.code, slot_at(slot)); }); return;
  }
}

void Masm::store_slot_imm(uint32_t slot, uint64_t bits) {
  const auto value = static_cast<int64_t>(bits);
  if (value >= std::numeric_limits<int32_t>::min() && value <= std::numeric_limits<int32_t>::max()) {
    put([&](uint8_t* p) { return enc::mov_mi32(p, slot_at(slot), static_cast<int32_t>(value)); });
  } else {
    put([&](uint8_t* p) {
      p = bits <= 0xffffffffu ? enc::mov_ri32(p, kScratchCode, static_cast<uint32_t>(bits))
                              : enc::mov_ri64(p, kScratchCode, bits);
      return enc::rm(p, enc::kMovStore, true, kScratchCode, slot_at(slot));
    });
  }
}

void Masm::copy_slot(uint32_t dst, uint32_t src) {
  put([&](uint8_t* p) {
    p = enc::rm(p, enc::kMovLoad, true, kScratchCode, slot_at(src));
    return enc::rm(p, enc::kMovStore, true, kScratchCode, slot_at(dst));
  });
}

void Masm::move(Reg d, Reg s, ValType t) {
  if (d == s) return;
  if (d.cls == RegClass::Fpr) put([&](uint8_t* p) { return enc::rr(p, enc::kMovaps, false, d.code, s.code); });
  else put([&](uint8_t* p) { return enc::rr(p, enc::kMovStore, t != ValType::I32, s.code, d.code); });
}

void Masm::load_imm(Reg d, uint64_t bits, ValType t) {
  if (d.cls == RegClass::Fpr) {
    if (bits == 0) {
      put([&](uint8_t* p) { return enc::rr(p, enc::kXorps, false, d.code, d.code); });
      return;
    }
    const bool wide = t != ValType::F32;
    put([&](uint8_t* p) {
      p = bits <= 0xffffffffu ? enc::mov_ri32(p, kScratchCode, static_cast<uint32_t>(bits))
                              : enc::mov_ri64(p, kScratchCode, bits);
      return enc::rr(p, enc::kMovdToXmm, wide, d.code, kScratchCode);
    });
    return;
  }
  if (bits == 0) put([&](uint8_t* p) { return enc::rr(p, enc::alu_mr(enc::Alu::Xor), false, d.code, d.code); });
  else if (bits <= 0xffffffffu) put([&](uint8_t* p) { return enc::mov_ri32(p, d.code, static_cast<uint32_t>(bits)); });
  else put([&](uint8_t* p) { return enc::mov_ri64(p, d.code, bits); });
}

// ---- Control -------------------------------------------------------------------------

void Masm::branch_if_zero(Reg cond, Label target) {
  put([&](uint8_t* p) { return enc::rr(p, enc::kTest, false, cond.code, cond.code); });
  jump_if(CondCode::kZ, target);
}

void Masm::branch_if_nonzero(Reg cond, Label target) {
  put([&](uint8_t* p) { return enc::rr(p, enc::kTest, false, cond.code, cond.code); });
  jump_if(CondCode::kNZ, target);
}

// A table of 32-bit offsets from the table itself; the index (an i32, unsigned) is
// clamped to the last entry, the default.
void Masm::jump_table(Reg index, uint32_t count, const Label* targets) {
  const Gp i32 = gp32(index);
  const Gp i64 = gp64(index);
  a_.mov(kScratch.r32(), count - 1);
  a_.cmp(i32, kScratch.r32());
  a_.cmova(i32, kScratch.r32());
  const Label table = a_.newLabel();
  a_.lea(kScratch, x86::ptr(table));
  a_.movsxd(i64, dword_ptr(kScratch, i64, 2));
  a_.add(i64, kScratch);
  a_.jmp(i64);
  a_.align(AlignMode::kData, 4);
  a_.bind(table);
  for (uint32_t i = 0; i < count; ++i) a_.embedLabelDelta(targets[i], table, 4);
}

void Masm::select(ValType t, Reg d, Reg cond, const Operand& b) {
  a_.test(gp32(cond), gp32(cond));
  if (d.cls == RegClass::Gpr) {
    const bool wide = wide_type(t);
    if (b.kind == Operand::Kind::Slot) {
      a_.cmovz(wide ? gp64(d) : gp32(d), wide ? slot_mem(b.slot) : slot_mem32(b.slot));
    } else {
      const Gp src = operand_gp(b, wide);
      a_.cmovz(wide ? gp64(d) : gp32(d), wide ? Gp(src.r64()) : Gp(src.r32()));
    }
    return;
  }
  const Label keep = a_.newLabel();
  a_.jnz(keep);
  switch (b.kind) {
    case Operand::Kind::Reg: a_.movaps(xmm_of(d), xmm_of(b.reg)); break;
    case Operand::Kind::Slot: load_slot(d, b.slot, t); break;
    case Operand::Kind::Imm: load_imm(d, b.imm, t); break;
  }
  a_.bind(keep);
}

void Masm::ref_is_null(Reg d, Reg a) {
  a_.test(gp64(a), gp64(a));
  a_.sete(gp8(d));
  a_.movzx(gp32(d), gp8(d));
}

// A general-purpose register holding operand b (the scratch register unless it is one).
Gp Masm::operand_gp(const Operand& b, bool wide) {
  switch (b.kind) {
    case Operand::Kind::Reg: return gp64(b.reg);
    case Operand::Kind::Slot:
      if (wide) a_.mov(kScratch, slot_mem(b.slot));
      else a_.mov(kScratch.r32(), slot_mem32(b.slot));
      return kScratch;
    case Operand::Kind::Imm:
      if (b.imm <= 0xffffffffu) a_.mov(kScratch.r32(), static_cast<uint32_t>(b.imm));
      else a_.mov(kScratch, b.imm);
      return kScratch;
  }
  return kScratch;
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
    a_.mov(kScratch, gp64(index));
    for (uint64_t amount = offset + bytes; amount > 0;) {  // imm32 chunks; a carry traps
      const uint64_t step = std::min<uint64_t>(amount, kMaxChunk);
      a_.add(kScratch, static_cast<int32_t>(step));
      jump_if(CondCode::kC, oob);
      amount -= step;
    }
  } else {
    // mov r11d, index32 zero-extends (the index is unsigned); adding offset + bytes
    // (< 2^33) in sign-extended imm32 chunks cannot carry.
    put([&](uint8_t* p) { return enc::rr(p, enc::kMovStore, false, index.code, kScratchCode); });
    for (uint64_t amount = offset + bytes; amount > 0;) {
      const uint64_t step = amount < kMaxChunk ? amount : kMaxChunk;
      put([&](uint8_t* p) { return enc::alu_ri(p, enc::Alu::Add, true, kScratchCode, static_cast<int32_t>(step)); });
      amount -= step;
    }
  }
  put([](uint8_t* p) { return enc::rm(p, enc::alu_rm(enc::Alu::Cmp), true, kScratchCode, ctx_at(L::kCtxMemorySize)); });
  jump_if(CondCode::kA, oob);
}

void Masm::load(Op op, Reg d, Reg index, uint64_t offset, bool memory64, Label oob) {
  const uint32_t bytes = 1u << decoder::natural_align_log2(decoder::info(op).imm);
  effective_address(index, offset, bytes, memory64, oob);
  const auto at = [&](uint32_t size) { return x86::ptr(kMemBase, kScratch, 0, -static_cast<int32_t>(bytes), size); };
  const auto load_with = [&](const enc::Opcode& form, bool wide) {
    put([&](uint8_t* p) { return enc::rm(p, form, wide, d.code, access_at(bytes)); });
  };
  switch (op) {
    case Op::I32Load: case Op::I64Load32U: load_with(enc::kMovLoad, false); return;
    case Op::I64Load: load_with(enc::kMovLoad, true); return;
    case Op::F32Load: load_with(enc::kMovssLoad, false); return;
    case Op::F64Load: load_with(enc::kMovsdLoad, false); return;
    case Op::I32Load8U: case Op::I64Load8U: load_with(enc::kMovzxByte, false); return;
    case Op::I32Load16U: case Op::I64Load16U: load_with(enc::kMovzxWord, false); return;
    default: break;
  }
  switch (op) {  // the sign-extending loads
    case Op::I32Load8S: a_.movsx(gp32(d), at(1)); return;
    case Op::I32Load16S: a_.movsx(gp32(d), at(2)); return;
    case Op::I64Load8S: a_.movsx(gp64(d), at(1)); return;
    case Op::I64Load16S: a_.movsx(gp64(d), at(2)); return;
    case Op::I64Load32S: a_.movsxd(gp64(d), at(4)); return;
    default: return;
  }
}

void Masm::store(Op op, Reg index, Reg value, uint64_t offset, bool memory64, Label oob) {
  const uint32_t bytes = 1u << decoder::natural_align_log2(decoder::info(op).imm);
  const CheckedAccess checked = std::exchange(checked_access_, CheckedAccess{});
  const bool reuse = checked.valid && checked.index == index && checked.offset == offset && checked.bytes == bytes &&
                     checked.memory64 == memory64;
  if (!reuse) effective_address(index, offset, bytes, memory64, oob);  // else write_barrier's
  const auto at = [&](uint32_t size) { return x86::ptr(kMemBase, kScratch, 0, -static_cast<int32_t>(bytes), size); };
  const auto store_with = [&](const enc::Opcode& form, bool wide) {
    put([&](uint8_t* p) { return enc::rm(p, form, wide, value.code, access_at(bytes)); });
  };
  switch (op) {
    case Op::I32Store: case Op::I64Store32: store_with(enc::kMovStore, false); return;
    case Op::I64Store: store_with(enc::kMovStore, true); return;
    case Op::F32Store: store_with(enc::kMovssStore, false); return;
    case Op::F64Store: store_with(enc::kMovsdStore, false); return;
    default: break;
  }
  switch (op) {  // the narrow stores
    case Op::I32Store8:
    case Op::I64Store8: a_.mov(at(1), gp8(value)); return;
    case Op::I32Store16:
    case Op::I64Store16: a_.mov(at(2), gp16(value)); return;
    default: return;
  }
}

void Masm::memory_size(Reg d) { a_.mov(gp64(d), qword_ptr(kCtx, L::kCtxMemorySize)); }

void Masm::reload_memory() {
  a_.mov(kScratch, qword_ptr(kInst, L::kInstMemory0));
  a_.mov(kMemBase, qword_ptr(kScratch, L::kMemoryBase));
  a_.mov(kScratch, qword_ptr(kScratch, L::kMemorySize));
  a_.mov(qword_ptr(kCtx, L::kCtxMemorySize), kScratch);
}

namespace {
// Into the scratch register: global `index`'s object (instance->global_table[index]).
uint8_t* global_address(uint8_t* p, uint32_t index) {
  p = enc::rm(p, enc::kMovLoad, true, kScratchCode, enc::Mem{kInstCode, enc::kNoIndex, 0, L::kInstGlobals});
  return enc::rm(p, enc::kMovLoad, true, kScratchCode, enc::Mem{kScratchCode, enc::kNoIndex, 0, static_cast<int32_t>(index * 8)});
}
}  // namespace

void Masm::global_get(Reg d, uint32_t index, ValType t) {
  const enc::Mem bits{kScratchCode, enc::kNoIndex, 0, L::kGlobalBits};
  const enc::Opcode op = t == ValType::F32 ? enc::kMovssLoad : t == ValType::F64 ? enc::kMovsdLoad : enc::kMovLoad;
  const bool wide = d.cls == RegClass::Gpr && t != ValType::I32;
  put([&](uint8_t* p) { return enc::rm(global_address(p, index), op, wide, d.code, bits); });
}

// Slots and globals hold the full 64-bit representation: an f32's upper half is zero.
void Masm::global_set(uint32_t index, Reg s, ValType t) {
  const enc::Mem bits{kScratchCode, enc::kNoIndex, 0, L::kGlobalBits};
  put([&](uint8_t* p) {
    p = global_address(p, index);
    switch (t) {
      case ValType::F32:
        p = enc::rm(p, enc::kMovssStore, false, s.code, bits);
        return enc::mov_mi32(p, enc::Mem{kScratchCode, enc::kNoIndex, 0, L::kGlobalBits + 4}, 0, false);
      case ValType::F64: return enc::rm(p, enc::kMovsdStore, false, s.code, bits);
      default: return enc::rm(p, enc::kMovStore, true, s.code, bits);
    }
  });
}

void Masm::ref_func(Reg d, uint32_t index) {
  a_.mov(gp64(d), qword_ptr(kInst, L::kInstFunctions));
  a_.mov(gp64(d), qword_ptr(gp64(d), static_cast<int32_t>(index * 8)));
}

// ---- Calls ---------------------------------------------------------------------------

void Masm::call_direct(Label callee, uint32_t arg_slot) {
  const auto frame = [&](int32_t sign) {
    const enc::Mem m{kFpCode, enc::kNoIndex, 0, sign * static_cast<int32_t>(arg_slot * 8)};
    put([&](uint8_t* p) { return enc::rm(p, enc::kLea, true, kFpCode, m); });
  };
  if (arg_slot != 0) frame(1);  // lea r13, [r13 + arg_slot * 8]: the callee's frame
  a_.call(callee);
  if (arg_slot != 0) frame(-1);
}

void Masm::call_import(uint32_t func_index, uint32_t arg_slot, uint32_t frame_end, bool has_memory, Label trap) {
  a_.mov(kScratch, qword_ptr(kInst, L::kInstFunctions));
  a_.mov(kScratch, qword_ptr(kScratch, static_cast<int32_t>(func_index * 8)));
  call_func_object(arg_slot, frame_end, has_memory, trap);
}

// call_indirect's checks in the spec's order: index in the table, a non-null entry, the
// signature (engine-wide type ids are equal exactly when the types are).
void Masm::call_indirect(uint32_t type_id, uint32_t table, Reg index, uint32_t arg_slot, uint32_t frame_end,
                         bool has_memory, TrapSites& traps) {
  a_.mov(kScratch, qword_ptr(kInst, L::kInstTables));
  a_.mov(kScratch, qword_ptr(kScratch, static_cast<int32_t>(table * 8)));
  a_.mov(gp32(index), gp32(index));  // zero-extend the i32 index
  a_.cmp(gp64(index), qword_ptr(kScratch, L::kTableSize));
  jump_if(CondCode::kAE, traps.trap(TrapKind::UndefinedElement));
  a_.mov(kScratch, qword_ptr(kScratch, L::kTableData));
  a_.mov(kScratch, qword_ptr(kScratch, gp64(index), 3));
  a_.test(kScratch, kScratch);
  jump_if(CondCode::kZ, traps.trap(TrapKind::UninitializedElement));
  a_.cmp(dword_ptr(kScratch, L::kFuncTypeId), type_id);
  jump_if(CondCode::kNE, traps.trap(TrapKind::IndirectCallTypeMismatch));
  call_func_object(arg_slot, frame_end, has_memory, traps.dynamic_trap());
}

// Calls the FuncObject in the scratch register: JIT code of any instance (switching the
// instance and memory registers around it) or a host function through the runtime.
void Masm::call_func_object(uint32_t arg_slot, uint32_t frame_end, bool has_memory, Label trap) {
  const Label host = a_.newLabel();
  const Label done = a_.newLabel();
  a_.mov(rax, qword_ptr(kScratch, L::kFuncJitEntry));
  a_.test(rax, rax);
  a_.jz(host);
  a_.push(kInst);
  a_.mov(kInst, qword_ptr(kScratch, L::kFuncInstance));
  load_memory(a_, kInst);
  if (arg_slot != 0) a_.lea(kFp, slot_mem(arg_slot));
  a_.call(rax);
  if (arg_slot != 0) a_.lea(kFp, qword_ptr(kFp, -static_cast<int32_t>(arg_slot * 8)));
  a_.pop(kInst);
  if (has_memory) reload_memory();
  a_.jmp(done);

  a_.bind(host);
  a_.mov(qword_ptr(kCtx, L::kCtxGas), kGas);
  a_.mov(rdi, kCtx);
  a_.mov(rsi, kScratch);
  a_.mov(rdx, kInst);
  a_.lea(rcx, slot_mem(arg_slot));
  a_.lea(r8, slot_mem(frame_end));
  runtime_call(reinterpret_cast<const void*>(&shortcrust_jit_call_host));
  a_.mov(kGas, qword_ptr(kCtx, L::kCtxGas));
  if (has_memory) reload_memory();
  a_.test(eax, eax);
  jump_if(CondCode::kNZ, trap);
  a_.bind(done);
}

// Hand-encoded (one of the commonest sequences: every helper-backed numeric op).
void Masm::call_runtime(RuntimeFn fn, uint32_t arg_slot, uint32_t a, uint32_t b, Label trap) {
  put([&](uint8_t* p) {
    p = enc::rm(p, enc::kMovStore, true, kGasCode, ctx_at(L::kCtxGas));  // mov [ctx.gas], r14
    p = enc::rr(p, enc::kMovStore, true, kCtxCode, 7);                   // mov rdi, r15
    return enc::rr(p, enc::kMovStore, true, kInstCode, 6);               // mov rsi, r12
  });
  put([&](uint8_t* p) {
    p = enc::rm(p, enc::kLea, true, 2, slot_at(arg_slot));  // lea rdx, [slot]
    p = enc::mov_ri32(p, 1, a);                             // mov ecx, a
    return enc::mov_ri32(p, 8, b);                          // mov r8d, b
  });
  runtime_call(reinterpret_cast<const void*>(fn));
  put([&](uint8_t* p) {
    p = enc::rm(p, enc::kMovLoad, true, kGasCode, ctx_at(L::kCtxGas));  // mov r14, [ctx.gas]
    return enc::rr(p, enc::kTest, false, 0, 0);                         // test eax, eax
  });
  jump_if(CondCode::kNZ, trap);
}

// C++ runs on the thread's stack, 16-byte aligned at ExecContext::jit_native_sp (the
// entry stub's frame); the JIT stack pointer is saved where a nested entry starts.
void Masm::runtime_call(const void* fn) {
  constexpr uint32_t kRsp = 4, kRax = 0;
  put([&](uint8_t* p) {
    p = enc::rm(p, enc::kMovStore, true, kRsp, ctx_at(L::kCtxStackSp));  // mov [ctx.stack_sp], rsp
    return enc::rm(p, enc::kMovLoad, true, kRsp, ctx_at(L::kCtxNativeSp));  // mov rsp, [ctx.native_sp]
  });
  put([&](uint8_t* p) {
    p = enc::mov_ri64(p, kRax, reinterpret_cast<uint64_t>(fn));   // mov rax, fn
    p = enc::rr(p, enc::kCallIndirect, false, 2, kRax);           // call rax
    return enc::rm(p, enc::kMovLoad, true, kRsp, ctx_at(L::kCtxStackSp));  // mov rsp, [ctx.stack_sp]
  });
}

// ---- Traps and entry -----------------------------------------------------------------

Label Masm::trap_site(TrapKind kind, bool dynamic, uint32_t offset) {
  trap_sites_.push_back(TrapSite{kind, dynamic, offset});
  return Label(kTrapSiteTag | static_cast<uint32_t>(trap_sites_.size() - 1));
}

void Masm::set_trap_offset(Label site, uint32_t offset) { trap_sites_[site.id() & ~kTrapSiteTag].offset = offset; }

// `jmp rel32` or `jcc rel32`, by hand for a trap site: its stub's offset is known only
// once trap_stubs() has laid them out.
void Masm::emit_jump(int cc, Label target) {
  const bool always = cc < 0;
  if (!is_trap_site(target)) return label_jump(cc, target);
  put([&](uint8_t* p) {
    if (always) {
      *p++ = 0xe9;
    } else {
      *p++ = 0x0f;
      *p++ = static_cast<uint8_t>(0x80 | cc);
    }
    return enc::put32(p, 0);
  });
  trap_jumps_.emplace_back(target.id() & ~kTrapSiteTag, a_.offset() - 4);
}

// A jump to an asmjit label, encoded as asmjit does (tests/jit/x64_encoding_test.cpp):
// backward to a bound label in the short form when the displacement fits 8 bits, else
// rel32; forward as a rel32 placeholder linked to the label, which bind() patches.
void Masm::label_jump(int cc, Label target) {
  asmjit::LabelEntry* const entry = code_.labelEntry(target);
  const bool always = cc < 0;
  const auto opcode = [&](uint8_t* p, bool short_form) {
    if (short_form) {
      *p++ = always ? 0xeb : static_cast<uint8_t>(0x70 | cc);
    } else if (always) {
      *p++ = 0xe9;
    } else {
      *p++ = 0x0f;
      *p++ = static_cast<uint8_t>(0x80 | cc);
    }
    return p;
  };
  if (entry == nullptr || (entry->isBound() && entry->section() != a_._section)) {  // never in this JIT
    if (always) a_.jmp(target);
    else a_.j(static_cast<CondCode>(cc), target);
    return;
  }
  const auto here = static_cast<int64_t>(a_.offset());
  if (entry->isBound()) {
    const int64_t short_rel = static_cast<int64_t>(entry->offset()) - (here + 2);
    if (enc::fits_int8(short_rel)) {
      put([&](uint8_t* p) {
        p = opcode(p, true);
        *p++ = static_cast<uint8_t>(static_cast<int8_t>(short_rel));
        return p;
      });
      return;
    }
    const int64_t rel = static_cast<int64_t>(entry->offset()) - (here + (always ? 5 : 6));
    put([&](uint8_t* p) { return enc::put32(opcode(p, false), static_cast<uint32_t>(static_cast<int32_t>(rel))); });
    return;
  }
  put([&](uint8_t* p) { return enc::put32(opcode(p, false), 0); });
  asmjit::OffsetFormat format;
  format.resetToSimpleValue(asmjit::OffsetType::kSignedOffset, 4);
  if (code_.newLabelLink(entry, a_._section->id(), a_.offset() - 4, -4, format) == nullptr) {
    a_.reportError(asmjit::kErrorOutOfMemory);
  }
}

// The tail first (ecx = the function index, then the module exit), so each stub is
// known-size bytes: eax = kind (a runtime call's kind + 1 for a dynamic site), edx = the
// module offset, jmp tail. All of them go out in one embed, then the jumps are patched.
void Masm::trap_stubs(uint32_t function_index, Label module_exit) {
  if (trap_sites_.empty()) return;
  const size_t tail = a_.offset();
  a_.mov(ecx, function_index);
  a_.jmp(module_exit);
  const size_t first = a_.offset();
  constexpr size_t kStubBytes = 15;  // mov eax, imm32 (or lea + 2 nops); mov edx, imm32; jmp rel32
  stub_bytes_.resize(trap_sites_.size() * kStubBytes);
  uint8_t* p = stub_bytes_.data();
  for (const TrapSite& site : trap_sites_) {
    if (site.dynamic) {  // lea eax, [rax - 1]; two one-byte nops keep every stub 15 bytes
      for (uint8_t b : {0x8d, 0x40, 0xff, 0x90, 0x90}) *p++ = b;
    } else {
      *p++ = 0xb8;
      p = enc::put32(p, static_cast<uint32_t>(site.kind));
    }
    *p++ = 0xba;
    p = enc::put32(p, site.offset);
    *p++ = 0xe9;
    const auto here = static_cast<int64_t>(first + static_cast<size_t>(p - stub_bytes_.data()) + 4);
    p = enc::put32(p, static_cast<uint32_t>(static_cast<int64_t>(tail) - here));
  }
  a_.embed(stub_bytes_.data(), stub_bytes_.size());
  uint8_t* text = code_.textSection()->data();
  const size_t emitted = code_.textSection()->bufferSize();
  for (const auto& [site, at] : trap_jumps_) {
    if (at + 4 > emitted) continue;  // not emitted: the buffer is full (see patch())
    const auto rel = static_cast<int32_t>(static_cast<int64_t>(first + site * kStubBytes) - static_cast<int64_t>(at + 4));
    std::memcpy(text + at, &rel, 4);
  }
  trap_sites_.clear();
  trap_jumps_.clear();
}

// Records the trap (kind eax, offset edx, function index ecx) and returns 0 from the
// entry stub, dropping every JIT frame at once: they hold nothing to clean up.
void Masm::module_exit(Label exit) {
  a_.bind(exit);
  a_.mov(dword_ptr(kCtx, L::kCtxTrapKind), eax);
  a_.mov(dword_ptr(kCtx, L::kCtxTrapOffset), edx);
  a_.mov(kScratch, qword_ptr(kInst, L::kInstFunctions));
  a_.mov(kScratch, qword_ptr(kScratch, rcx, 3));
  a_.mov(qword_ptr(kCtx, L::kCtxTrapFunction), kScratch);
  a_.mov(qword_ptr(kCtx, L::kCtxGas), kGas);
  a_.mov(rsp, qword_ptr(kCtx, L::kCtxNativeSp));
  a_.xor_(eax, eax);
  a_.ret();
}

void Masm::emit_entry(CodeHolder& code) {
  x86::Assembler a(&code);
  const Label inner = a.newLabel();
  for (const Gp& r : {rbp, rbx, r12, r13, r14, r15}) a.push(r);
  a.push(qword_ptr(rdi, L::kCtxNativeSp));  // a nested entry restores the outer one's
  a.push(qword_ptr(rdi, L::kCtxStackSp));
  a.mov(kCtx, rdi);
  a.mov(kFp, rdx);
  a.mov(kInst, rcx);
  a.mov(kGas, qword_ptr(kCtx, L::kCtxGas));
  load_memory(a, kInst);
  a.call(inner);  // returns 1, or 0 from a trap exit
  a.pop(qword_ptr(kCtx, L::kCtxStackSp));
  a.pop(qword_ptr(kCtx, L::kCtxNativeSp));
  for (const Gp& r : {r15, r14, r13, r12, rbx, rbp}) a.pop(r);
  a.ret();

  // Eight pushes and this call leave rsp 16-byte aligned here: runtime calls use it as is.
  a.bind(inner);
  a.mov(qword_ptr(kCtx, L::kCtxNativeSp), rsp);
  a.mov(rsp, qword_ptr(kCtx, L::kCtxStackSp));
  a.call(rsi);
  a.mov(qword_ptr(kCtx, L::kCtxGas), kGas);
  a.mov(rsp, qword_ptr(kCtx, L::kCtxNativeSp));
  a.mov(eax, 1);
  a.ret();
}

}  // namespace shortcrust::jit::x64
