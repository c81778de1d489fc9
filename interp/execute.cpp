// The interpreter loop: one function, computed-goto dispatch over threaded code (or a
// `switch` over handler ids with SHORTCRUST_INTERP_SWITCH or non-GNU compilers; the same
// handler bodies either way). Handlers are a few lines; numeric semantics come from
// interp/semantics.h, out-of-line operations from runtime/operations.h.
//
// Registers of the loop: ip (next instruction), fp (frame base: params, locals, operand
// slots), func/inst (running function and its instance), mem_base/mem_size (memory 0,
// reloaded after calls and memory.grow), mem_stamps (memory 0's page stamps, null unless
// the engine tracks writes), gas (remaining; written back on every exit).
#include <bit>
#include <cstring>

#include "decoder/gas.h"
#include "interp/handlers.h"
#include "interp/interp.h"
#include "interp/semantics.h"
#include "runtime/objects.h"
#include "runtime/operations.h"
#include "runtime/write_journal.h"

#if defined(__GNUC__) && !defined(SHORTCRUST_INTERP_SWITCH)
#define SC_THREADED 1
#else
#define SC_THREADED 0
#endif

static_assert(std::endian::native == std::endian::little, "slots and memory are little endian");

namespace shortcrust::interp {
namespace {

using decoder::Op;
using runtime::ExecContext;
using runtime::FuncObject;
using runtime::InstanceObject;
__extension__ typedef unsigned __int128 U128;

// The k-th u32 operand after the handler word.
[[gnu::always_inline]] inline uint32_t operand(const uint64_t* ip, unsigned k) {
  uint32_t v;
  std::memcpy(&v, reinterpret_cast<const char*>(ip + 1) + 4 * k, 4);
  return v;
}
[[gnu::always_inline]] inline int32_t rel(const uint64_t* ip, unsigned k) {
  return static_cast<int32_t>(operand(ip, k));
}

// dst = op(slot a, slot b or the immediate); false on a trap (kind in `trap`).
template <Op op, bool kImmediate>
[[gnu::always_inline]] inline bool numeric(uint64_t* fp, const uint64_t* ip, TrapKind& trap) {
  uint64_t b = 0;
  if constexpr (decoder::info(op).sig.param_count == 2) b = kImmediate ? ip[2] : fp[operand(ip, 2)];
  const sem::Check check = sem::eval_slots<op>(fp[operand(ip, 1)], b, fp[operand(ip, 0)]);
  if (check != sem::Check::Ok) [[unlikely]] {
    trap = sem::trap_of(check);
    return false;
  }
  return true;
}

constexpr bool signed_load(Op op) {
  const char* t = decoder::text(op);
  size_t n = 0;
  while (t[n] != 0) ++n;
  return n > 2 && t[n - 2] == '_' && t[n - 1] == 's';
}
template <Op op> inline constexpr uint32_t kAccessBytes = 1u << decoder::natural_align_log2(decoder::info(op).imm);

// Effective address of a `bytes`-wide access, or false when out of bounds. The sum is
// taken in 128 bits: a memory64 index plus offset may exceed 2^64.
[[gnu::always_inline]] inline bool effective(uint64_t index, uint64_t offset, uint32_t bytes, uint64_t size,
                                             uint64_t& ea) {
  if (static_cast<U128>(index) + offset + bytes > size) [[unlikely]] return false;
  ea = index + offset;
  return true;
}

template <Op op>
[[gnu::always_inline]] inline bool load(uint64_t* fp, const uint64_t* ip, const uint8_t* base, uint64_t size) {
  constexpr uint32_t n = kAccessBytes<op>;
  uint64_t ea;
  if (!effective(fp[operand(ip, 1)], ip[2], n, size, ea)) return false;
  uint64_t raw = 0;
  std::memcpy(&raw, base + ea, n);
  if constexpr (signed_load(op)) {
    constexpr unsigned shift = 64 - 8 * n;
    const auto extended = static_cast<uint64_t>(static_cast<int64_t>(raw << shift) >> shift);
    raw = decoder::info(op).sig.result == decoder::SigType::I32 ? static_cast<uint32_t>(extended) : extended;
  }
  fp[operand(ip, 0)] = raw;
  return true;
}

[[gnu::cold]] [[gnu::noinline]] void journal_store(ExecContext* ctx, InstanceObject* inst, uint64_t ea, uint32_t n) {
  runtime::journal_write(*ctx, *inst->memories[0], ea, n);
}

// The store barrier (runtime/write_journal.h): `stamps` is null unless the engine tracks
// writes, so an untracked store pays one predictable branch; a tracked one journals the
// page(s) of the access unless the innermost frame already has them.
template <Op op>
[[gnu::always_inline]] inline bool store(ExecContext* ctx, InstanceObject* inst, const uint64_t* fp,
                                         const uint64_t* ip, uint8_t* base, uint64_t size, const uint64_t* stamps) {
  constexpr uint32_t n = kAccessBytes<op>;
  uint64_t ea;
  if (!effective(fp[operand(ip, 0)], ip[2], n, size, ea)) return false;
  if (stamps != nullptr) [[unlikely]] {
    if (runtime::needs_journal(*ctx, stamps, ea, n)) journal_store(ctx, inst, ea, n);
  }
  std::memcpy(base + ea, &fp[operand(ip, 1)], n);
  return true;
}

// Runs from `entry` until it returns or traps. With `labels_out` set, only reports the
// label table (computed goto needs the addresses from inside this function).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
bool run(ExecContext* ctx, const FuncObject* entry, uint64_t* args, const void* const** labels_out) {
#if SC_THREADED
  static const void* const kLabels[] = {
#define SC_NUMERIC(name) &&L_##name, &&L_##name##_Imm,
#define SC_ACCESS(name) &&L_##name,
#define X(name, enc, text, imm, sig, gas, family) SC_FAMILY_##family(name)
#include "decoder/opcodes.def"
#undef X
#undef SC_NUMERIC
#undef SC_ACCESS
#define X(name, operands) &&L_##name,
#include "interp/internal_ops.def"
#undef X
  };
  static_assert(sizeof(kLabels) / sizeof(kLabels[0]) == static_cast<size_t>(H::Count_));
  if (labels_out != nullptr) {
    *labels_out = kLabels;
    return true;
  }
#define SC_CASE(name) L_##name:
#define SC_NEXT() goto* reinterpret_cast<const void*>(*ip)
#else
  (void)labels_out;
#define SC_CASE(name) case H::name:
#define SC_NEXT() goto dispatch
#endif

  const FuncObject* func = entry;
  InstanceObject* inst = entry->instance;
  uint64_t* fp = args;
  const uint64_t* ip = entry->code->code.data() + kEntryWord;
  interp::Frame* const frames = ctx->frames.get();
  uint64_t frame_count = ctx->frame_count;
  const uint64_t entry_frames = frame_count;
  const uint64_t entry_slots = ctx->slots_used;
  const bool metering = ctx->metering;
  int64_t gas = ctx->gas_remaining;
  TrapKind trap_kind = TrapKind::Unreachable;
  uint8_t* mem_base = nullptr;
  uint64_t mem_size = 0;
  const uint64_t* mem_stamps = nullptr;
  const FuncObject* callee = nullptr;
  uint64_t* call_args = nullptr;
  const uint64_t* next_ip = nullptr;

#define SC_RELOAD_MEMORY()                                 \
  do {                                                     \
    if (!inst->memories.empty()) {                         \
      mem_base = inst->memories[0]->base;                  \
      mem_size = inst->memories[0]->size;                  \
      mem_stamps = inst->memories[0]->page_stamps;         \
    }                                                      \
  } while (0)
#define SC_TRAP(kind)   \
  do {                  \
    trap_kind = (kind); \
    goto trap;          \
  } while (0)
  // Dynamic gas (ARCHITECTURE §5): `n` units at `price`, before anything else happens.
#define SC_CHARGE(n, price)                                                              \
  do {                                                                                 \
    if (metering && !runtime::charge_gas(gas, (n), (price))) SC_TRAP(TrapKind::OutOfGas); \
  } while (0)
  // Charge the segment starting at `ip` whose cost is the word before it: after a call
  // returns, and on function entry. Out of gas is reported at that word, whose offset is
  // the segment's first instruction.
#define SC_CHARGE_CONTINUATION()                      \
  do {                                                \
    gas -= static_cast<int64_t>(ip[-1]);              \
    if (gas < 0) [[unlikely]] {                       \
      --ip;                                           \
      SC_TRAP(TrapKind::OutOfGas);                    \
    }                                                 \
  } while (0)
#define SC_CHECK(trap_or_none)                     \
  do {                                             \
    if (auto t_ = (trap_or_none)) SC_TRAP(*t_);    \
  } while (0)

  ctx->slots_used += entry->code->stack_cost;
  frames[frame_count++] = Frame{nullptr, nullptr, nullptr};
  std::memset(fp + entry->code->param_count, 0, entry->code->local_count * sizeof(uint64_t));
  SC_RELOAD_MEMORY();
  SC_CHARGE_CONTINUATION();  // the entry segment

#if SC_THREADED
  SC_NEXT();
#else
dispatch:
  switch (static_cast<H>(*ip)) {
#endif

#define SC_NUMERIC(name)                                                                  \
  SC_CASE(name) {                                                                         \
    if (!numeric<Op::name, false>(fp, ip, trap_kind)) goto trap;                          \
    ip += decoder::info(Op::name).sig.param_count == 1 ? 2 : 3;                           \
    SC_NEXT();                                                                            \
  }                                                                                       \
  SC_CASE(name##_Imm) {                                                                   \
    if (!numeric<Op::name, true>(fp, ip, trap_kind)) goto trap;                           \
    ip += 3;                                                                              \
    SC_NEXT();                                                                            \
  }
#define SC_ACCESS(name)                                                                   \
  SC_CASE(name) {                                                                         \
    if constexpr (decoder::info(Op::name).family == decoder::Family::Load) {              \
      if (!load<Op::name>(fp, ip, mem_base, mem_size)) SC_TRAP(TrapKind::MemoryOutOfBounds); \
    } else {                                                                              \
      if (!store<Op::name>(ctx, inst, fp, ip, mem_base, mem_size, mem_stamps)) {          \
        SC_TRAP(TrapKind::MemoryOutOfBounds);                                             \
      }                                                                                   \
    }                                                                                     \
    ip += 3;                                                                              \
    SC_NEXT();                                                                            \
  }
#define X(name, enc, text, imm, sig, gas, family) SC_FAMILY_##family(name)
#include "decoder/opcodes.def"
#undef X
#undef SC_NUMERIC
#undef SC_ACCESS

  SC_CASE(Unreachable) { SC_TRAP(TrapKind::Unreachable); }
  SC_CASE(ChargeGas) {
    gas -= static_cast<int64_t>(ip[1]);
    if (gas < 0) [[unlikely]] SC_TRAP(TrapKind::OutOfGas);
    ip += 2;
    SC_NEXT();
  }
  SC_CASE(Copy) {
    fp[operand(ip, 0)] = fp[operand(ip, 1)];
    ip += 2;
    SC_NEXT();
  }
  SC_CASE(Const) {
    fp[operand(ip, 0)] = ip[2];
    ip += 3;
    SC_NEXT();
  }
  SC_CASE(Br) {
    ip += rel(ip, 0);
    SC_NEXT();
  }
  SC_CASE(BrIf) {
    ip += static_cast<uint32_t>(fp[operand(ip, 0)]) != 0 ? rel(ip, 1) : 2;
    SC_NEXT();
  }
  SC_CASE(BrUnless) {
    ip += static_cast<uint32_t>(fp[operand(ip, 0)]) == 0 ? rel(ip, 1) : 2;
    SC_NEXT();
  }
  SC_CASE(BrTable) {
    uint32_t index = static_cast<uint32_t>(fp[operand(ip, 0)]);
    const uint32_t last = operand(ip, 1);
    if (index > last) index = last;
    ip += rel(ip, 2 + index);
    SC_NEXT();
  }
  SC_CASE(Return) {
    ctx->slots_used -= func->code->stack_cost;
    const Frame& frame = frames[--frame_count];
    if (frame.caller == nullptr) {
      ctx->frame_count = frame_count;
      ctx->gas_remaining = gas;
      return true;
    }
    ip = frame.return_ip;
    fp = frame.caller_fp;
    func = frame.caller;
    // Within one instance the memory registers are already current: a callee that grew
    // the memory reloaded them itself (memory.grow, host calls).
    if (inst != func->instance) {
      inst = func->instance;
      SC_RELOAD_MEMORY();
    }
    SC_CHARGE_CONTINUATION();
    SC_NEXT();
  }
  SC_CASE(Call) {
    callee = inst->functions[operand(ip, 0)];
    call_args = fp + operand(ip, 1);
    next_ip = ip + 3;
    goto call;
  }
  SC_CASE(CallIndirect) {
    const runtime::TableObject& table = *inst->tables[operand(ip, 1)];
    const uint32_t index = static_cast<uint32_t>(fp[operand(ip, 2)]);
    if (index >= table.elements.size()) SC_TRAP(TrapKind::UndefinedElement);
    callee = reinterpret_cast<const FuncObject*>(table.elements[index]);
    if (callee == nullptr) SC_TRAP(TrapKind::UninitializedElement);
    if (callee->type_id != operand(ip, 0)) SC_TRAP(TrapKind::IndirectCallTypeMismatch);
    call_args = fp + operand(ip, 3);
    next_ip = ip + 4;
    goto call;
  }
  SC_CASE(Select) {
    fp[operand(ip, 0)] = static_cast<uint32_t>(fp[operand(ip, 1)]) != 0 ? fp[operand(ip, 2)] : fp[operand(ip, 3)];
    ip += 3;
    SC_NEXT();
  }
  SC_CASE(GlobalGet) {
    fp[operand(ip, 0)] = inst->globals[operand(ip, 1)]->bits;
    ip += 2;
    SC_NEXT();
  }
  SC_CASE(GlobalSet) {
    inst->globals[operand(ip, 0)]->bits = fp[operand(ip, 1)];
    ip += 2;
    SC_NEXT();
  }
  SC_CASE(RefIsNull) {
    fp[operand(ip, 0)] = fp[operand(ip, 1)] == 0 ? 1 : 0;
    ip += 2;
    SC_NEXT();
  }
  SC_CASE(RefFunc) {
    fp[operand(ip, 0)] = reinterpret_cast<uint64_t>(inst->functions[operand(ip, 1)]);
    ip += 2;
    SC_NEXT();
  }
  SC_CASE(TableGet) {
    const runtime::TableObject& table = *inst->tables[operand(ip, 1)];
    const uint32_t index = static_cast<uint32_t>(fp[operand(ip, 2)]);
    if (index >= table.elements.size()) SC_TRAP(TrapKind::TableOutOfBounds);
    fp[operand(ip, 0)] = table.elements[index];
    ip += 3;
    SC_NEXT();
  }
  SC_CASE(TableSet) {
    runtime::TableObject& table = *inst->tables[operand(ip, 0)];
    const uint32_t index = static_cast<uint32_t>(fp[operand(ip, 1)]);
    if (index >= table.elements.size()) SC_TRAP(TrapKind::TableOutOfBounds);
    table.elements[index] = fp[operand(ip, 2)];
    ip += 3;
    SC_NEXT();
  }
  SC_CASE(TableSize) {
    fp[operand(ip, 0)] = inst->tables[operand(ip, 1)]->elements.size();
    ip += 2;
    SC_NEXT();
  }
  SC_CASE(TableGrow) {
    const uint32_t n = static_cast<uint32_t>(fp[operand(ip, 3)]);
    SC_CHARGE(n, decoder::kGasV1.per_table_element);
    const int64_t old = runtime::table_grow(*inst->tables[operand(ip, 1)], n, fp[operand(ip, 2)]);
    fp[operand(ip, 0)] = static_cast<uint32_t>(old);
    ip += 3;
    SC_NEXT();
  }
  SC_CASE(TableFill) {
    const uint32_t n = static_cast<uint32_t>(fp[operand(ip, 3)]);
    SC_CHARGE(n, decoder::kGasV1.per_table_element);
    SC_CHECK(runtime::table_fill(*inst->tables[operand(ip, 0)], static_cast<uint32_t>(fp[operand(ip, 1)]),
                                 fp[operand(ip, 2)], n));
    ip += 3;
    SC_NEXT();
  }
  SC_CASE(TableCopy) {
    const uint32_t n = static_cast<uint32_t>(fp[operand(ip, 4)]);
    SC_CHARGE(n, decoder::kGasV1.per_table_element);
    SC_CHECK(runtime::table_copy(*inst->tables[operand(ip, 0)], *inst->tables[operand(ip, 1)],
                                 static_cast<uint32_t>(fp[operand(ip, 2)]),
                                 static_cast<uint32_t>(fp[operand(ip, 3)]), n));
    ip += 4;
    SC_NEXT();
  }
  SC_CASE(TableInit) {
    const uint32_t n = static_cast<uint32_t>(fp[operand(ip, 4)]);
    SC_CHARGE(n, decoder::kGasV1.per_table_element);
    SC_CHECK(runtime::table_init(*inst, operand(ip, 0), operand(ip, 1), static_cast<uint32_t>(fp[operand(ip, 2)]),
                                 static_cast<uint32_t>(fp[operand(ip, 3)]), n));
    ip += 4;
    SC_NEXT();
  }
  SC_CASE(ElemDrop) {
    runtime::elem_drop(*inst, operand(ip, 0));
    ip += 2;
    SC_NEXT();
  }
  SC_CASE(MemorySize) {
    fp[operand(ip, 0)] = mem_size / kPageSize;
    ip += 2;
    SC_NEXT();
  }
  SC_CASE(MemoryGrow) {
    runtime::MemoryObject& memory = *inst->memories[0];
    const uint64_t pages = memory.is64 ? fp[operand(ip, 1)] : static_cast<uint32_t>(fp[operand(ip, 1)]);
    SC_CHARGE(pages, decoder::kGasV1.per_memory_page);
    const int64_t old = runtime::memory_grow(*ctx, memory, pages);
    fp[operand(ip, 0)] = memory.is64 ? static_cast<uint64_t>(old) : static_cast<uint32_t>(old);
    SC_RELOAD_MEMORY();
    ip += 2;
    SC_NEXT();
  }
  SC_CASE(MemoryFill) {
    const uint64_t n = fp[operand(ip, 2)];
    SC_CHARGE(n, decoder::kGasV1.per_memory_byte);
    SC_CHECK(runtime::memory_fill(*ctx, *inst->memories[0], fp[operand(ip, 0)],
                                  static_cast<uint8_t>(fp[operand(ip, 1)]), n));
    ip += 3;
    SC_NEXT();
  }
  SC_CASE(MemoryCopy) {
    const uint64_t n = fp[operand(ip, 2)];
    SC_CHARGE(n, decoder::kGasV1.per_memory_byte);
    SC_CHECK(runtime::memory_copy(*ctx, *inst->memories[0], fp[operand(ip, 0)], fp[operand(ip, 1)], n));
    ip += 3;
    SC_NEXT();
  }
  SC_CASE(MemoryInit) {
    const uint32_t n = static_cast<uint32_t>(fp[operand(ip, 3)]);
    SC_CHARGE(n, decoder::kGasV1.per_memory_byte);
    SC_CHECK(runtime::memory_init(*ctx, *inst, operand(ip, 0), fp[operand(ip, 1)],
                                  static_cast<uint32_t>(fp[operand(ip, 2)]), n));
    ip += 3;
    SC_NEXT();
  }
  SC_CASE(DataDrop) {
    runtime::data_drop(*inst, operand(ip, 0));
    ip += 2;
    SC_NEXT();
  }
  SC_CASE(Canon32) {
    uint64_t& v = fp[operand(ip, 0)];
    v = sem::to_slot(sem::canonicalize(sem::from_slot<float>(v)));
    ip += 2;
    SC_NEXT();
  }
  SC_CASE(Canon64) {
    uint64_t& v = fp[operand(ip, 0)];
    v = sem::to_slot(sem::canonicalize(sem::from_slot<double>(v)));
    ip += 2;
    SC_NEXT();
  }
#if !SC_THREADED
    case H::Count_: break;
  }
  SC_TRAP(TrapKind::Unreachable);
#endif

call:
  if (callee->code == nullptr) {  // a host function: runs on the native stack, may re-enter
    uint64_t* const saved_sp = ctx->sp;
    ctx->sp = fp + func->code->frame_slots;
    ctx->gas_remaining = gas;
    ctx->frame_count = frame_count;
    const bool ok = runtime::call_host(*ctx, *callee, inst, call_args);
    ctx->sp = saved_sp;
    gas = ctx->gas_remaining;
    SC_RELOAD_MEMORY();
    if (!ok) {  // kind and message come from the host; the place is this call
      ctx->trap_function = func;
      ctx->trap_ip = ip;
      ctx->slots_used = entry_slots;
      ctx->frame_count = entry_frames;
      return false;
    }
    ip = next_ip;
    SC_CHARGE_CONTINUATION();
    SC_NEXT();
  }
  {
    const CompiledFunction& code = *callee->code;
    if (ctx->slots_used + code.stack_cost > ctx->slot_limit) {  // reported at the callee's entry
      func = callee;
      ip = code.code.data();
      SC_TRAP(TrapKind::StackExhausted);
    }
    ctx->slots_used += code.stack_cost;
    frames[frame_count++] = Frame{next_ip, fp, func};
    fp = call_args;
    func = callee;
    if (inst != callee->instance) {
      inst = callee->instance;
      SC_RELOAD_MEMORY();
    }
    std::memset(fp + code.param_count, 0, code.local_count * sizeof(uint64_t));
    ip = code.code.data() + kEntryWord;
    SC_CHARGE_CONTINUATION();  // the callee's entry segment
    SC_NEXT();
  }

trap:
  ctx->trap(trap_kind, func, ip);
  ctx->gas_remaining = trap_kind == TrapKind::OutOfGas ? 0 : gas;
  ctx->slots_used = entry_slots;
  ctx->frame_count = entry_frames;
  return false;
#undef SC_CASE
#undef SC_NEXT
#undef SC_RELOAD_MEMORY
#undef SC_TRAP
#undef SC_CHARGE
#undef SC_CHECK
#undef SC_CHARGE_CONTINUATION
}
#pragma GCC diagnostic pop

#if SC_THREADED
const void* const* label_table() {
  static const void* const* labels = [] {
    const void* const* table = nullptr;
    run(nullptr, nullptr, nullptr, &table);
    return table;
  }();
  return labels;
}
#endif

}  // namespace

uint64_t handler_word(H h) {
#if SC_THREADED
  return reinterpret_cast<uint64_t>(label_table()[static_cast<size_t>(h)]);
#else
  return static_cast<uint64_t>(h);
#endif
}

bool execute(runtime::ExecContext& ctx, const runtime::FuncObject& func, uint64_t* args) {
  if (ctx.slots_used + func.code->stack_cost > ctx.slot_limit || ctx.frame_count + 1 >= ctx.frame_capacity) {
    ctx.trap(TrapKind::StackExhausted, &func, func.code->code.data());
    return false;
  }
  return run(&ctx, &func, args, nullptr);
}

}  // namespace shortcrust::interp
