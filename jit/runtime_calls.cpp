// The runtime functions JIT code calls (see runtime_calls.h). Numeric helpers reuse the
// interpreter's semantics (interp/semantics.h), so both tiers agree bit for bit on the
// operations the MacroAssembler does not inline; the rest wrap runtime/operations.h
// after charging dynamic gas exactly as the interpreter does (ARCHITECTURE §5).
#include "jit/runtime_calls.h"

#include <array>

#include "decoder/gas.h"
#include "interp/handlers.h"  // the SC_FAMILY_* expansion of opcodes.def
#include "interp/semantics.h"
#include "runtime/objects.h"
#include "runtime/operations.h"
#include "runtime/write_journal.h"

namespace shortcrust::jit {
namespace {

using decoder::Op;
using runtime::ExecContext;
using runtime::InstanceObject;
namespace sem = interp::sem;

constexpr uint32_t code_of(TrapKind kind) { return static_cast<uint32_t>(kind) + 1; }
uint32_t code_of(std::optional<TrapKind> kind) { return kind ? code_of(*kind) : 0; }

template <Op op, bool kCanonicalize>
uint32_t numeric(void*, void*, uint64_t* args, uint32_t, uint32_t) {
  uint64_t b = 0;
  if constexpr (decoder::info(op).sig.param_count == 2) b = args[1];
  const sem::Check check = sem::eval_slots<op, kCanonicalize>(args[0], b, args[0]);
  return check == sem::Check::Ok ? 0 : code_of(sem::trap_of(check));
}

#define SC_NUMERIC(name) table[static_cast<size_t>(Op::name)] = {&numeric<Op::name, false>, &numeric<Op::name, true>};
#define SC_ACCESS(name)
const std::array<std::array<RuntimeFn, 2>, decoder::kOpCount> kNumericHelpers = [] {
  std::array<std::array<RuntimeFn, 2>, decoder::kOpCount> table{};
#define X(name, enc, text, imm, sig, gas, family) SC_FAMILY_##family(name)
#include "decoder/opcodes.def"
#undef X
  return table;
}();
#undef SC_NUMERIC
#undef SC_ACCESS

// Dynamic gas, skipped without metering (ARCHITECTURE §5).
bool charge(ExecContext& ctx, uint64_t n, uint64_t price) {
  return !ctx.metering || runtime::charge_gas(ctx.gas_remaining, n, price);
}

ExecContext& context(void* ctx) { return *static_cast<ExecContext*>(ctx); }
InstanceObject& instance(void* inst) { return *static_cast<InstanceObject*>(inst); }
constexpr uint32_t kOutOfGas = code_of(TrapKind::OutOfGas);
constexpr uint64_t kPerByte = decoder::kGasV1.per_memory_byte;
constexpr uint64_t kPerElement = decoder::kGasV1.per_table_element;

uint32_t memory_grow(void* ctx, void* inst, uint64_t* args, uint32_t, uint32_t) {
  runtime::MemoryObject& memory = *instance(inst).memories[0];
  const uint64_t pages = memory.is64 ? args[0] : static_cast<uint32_t>(args[0]);
  if (!charge(context(ctx), pages, decoder::kGasV1.per_memory_page)) return kOutOfGas;
  const int64_t old = runtime::memory_grow(context(ctx), memory, pages);
  args[0] = memory.is64 ? static_cast<uint64_t>(old) : static_cast<uint32_t>(old);
  return 0;
}

uint32_t memory_fill(void* ctx, void* inst, uint64_t* args, uint32_t, uint32_t) {
  if (!charge(context(ctx), args[2], kPerByte)) return kOutOfGas;
  return code_of(runtime::memory_fill(context(ctx), *instance(inst).memories[0], args[0], static_cast<uint8_t>(args[1]),
                                      args[2]));
}

uint32_t memory_copy(void* ctx, void* inst, uint64_t* args, uint32_t, uint32_t) {
  if (!charge(context(ctx), args[2], kPerByte)) return kOutOfGas;
  return code_of(runtime::memory_copy(context(ctx), *instance(inst).memories[0], args[0], args[1], args[2]));
}

uint32_t memory_init(void* ctx, void* inst, uint64_t* args, uint32_t segment, uint32_t) {
  const uint32_t n = static_cast<uint32_t>(args[2]);
  if (!charge(context(ctx), n, kPerByte)) return kOutOfGas;
  return code_of(
      runtime::memory_init(context(ctx), instance(inst), segment, args[0], static_cast<uint32_t>(args[1]), n));
}

uint32_t data_drop(void*, void* inst, uint64_t*, uint32_t segment, uint32_t) {
  runtime::data_drop(instance(inst), segment);
  return 0;
}

runtime::TableObject& table_at(void* inst, uint32_t index) { return *instance(inst).tables[index]; }

uint32_t table_get(void*, void* inst, uint64_t* args, uint32_t table, uint32_t) {
  const runtime::TableObject& t = table_at(inst, table);
  const auto index = static_cast<uint32_t>(args[0]);
  if (index >= t.elements.size()) return code_of(TrapKind::TableOutOfBounds);
  args[0] = t.elements[index];
  return 0;
}

uint32_t table_set(void*, void* inst, uint64_t* args, uint32_t table, uint32_t) {
  runtime::TableObject& t = table_at(inst, table);
  const auto index = static_cast<uint32_t>(args[0]);
  if (index >= t.elements.size()) return code_of(TrapKind::TableOutOfBounds);
  t.elements[index] = args[1];
  return 0;
}

uint32_t table_size(void*, void* inst, uint64_t* args, uint32_t table, uint32_t) {
  args[0] = table_at(inst, table).elements.size();
  return 0;
}

uint32_t table_grow(void* ctx, void* inst, uint64_t* args, uint32_t table, uint32_t) {
  const auto n = static_cast<uint32_t>(args[1]);
  if (!charge(context(ctx), n, kPerElement)) return kOutOfGas;
  args[0] = static_cast<uint32_t>(runtime::table_grow(table_at(inst, table), n, args[0]));
  return 0;
}

uint32_t table_fill(void* ctx, void* inst, uint64_t* args, uint32_t table, uint32_t) {
  const auto n = static_cast<uint32_t>(args[2]);
  if (!charge(context(ctx), n, kPerElement)) return kOutOfGas;
  return code_of(runtime::table_fill(table_at(inst, table), static_cast<uint32_t>(args[0]), args[1], n));
}

uint32_t table_copy(void* ctx, void* inst, uint64_t* args, uint32_t dst, uint32_t src) {
  const auto n = static_cast<uint32_t>(args[2]);
  if (!charge(context(ctx), n, kPerElement)) return kOutOfGas;
  return code_of(runtime::table_copy(table_at(inst, dst), table_at(inst, src), static_cast<uint32_t>(args[0]),
                                     static_cast<uint32_t>(args[1]), n));
}

uint32_t table_init(void* ctx, void* inst, uint64_t* args, uint32_t table, uint32_t segment) {
  const auto n = static_cast<uint32_t>(args[2]);
  if (!charge(context(ctx), n, kPerElement)) return kOutOfGas;
  return code_of(runtime::table_init(instance(inst), table, segment, static_cast<uint32_t>(args[0]),
                                     static_cast<uint32_t>(args[1]), n));
}

uint32_t elem_drop(void*, void* inst, uint64_t*, uint32_t segment, uint32_t) {
  runtime::elem_drop(instance(inst), segment);
  return 0;
}

}  // namespace

RuntimeFn numeric_helper(Op op, bool canonicalize) {
  return kNumericHelpers[static_cast<size_t>(op)][canonicalize ? 1 : 0];
}

RuntimeFn operation_helper(Op op) {
  switch (op) {
    case Op::MemoryGrow: return &memory_grow;
    case Op::MemoryFill: return &memory_fill;
    case Op::MemoryCopy: return &memory_copy;
    case Op::MemoryInit: return &memory_init;
    case Op::DataDrop: return &data_drop;
    case Op::TableGet: return &table_get;
    case Op::TableSet: return &table_set;
    case Op::TableSize: return &table_size;
    case Op::TableGrow: return &table_grow;
    case Op::TableFill: return &table_fill;
    case Op::TableCopy: return &table_copy;
    case Op::TableInit: return &table_init;
    case Op::ElemDrop: return &elem_drop;
    default: return nullptr;
  }
}

}  // namespace shortcrust::jit

extern "C" uint32_t shortcrust_jit_call_host(void* ctx, const void* func, void* caller, uint64_t* args,
                                             uint64_t* frame_end) {
  shortcrust::runtime::ExecContext& c = *static_cast<shortcrust::runtime::ExecContext*>(ctx);
  uint64_t* const saved_sp = c.sp;
  c.sp = frame_end;  // a nested call's frame starts past the caller's
  const bool ok = shortcrust::runtime::call_host(c, *static_cast<const shortcrust::runtime::FuncObject*>(func),
                                                 static_cast<shortcrust::runtime::InstanceObject*>(caller), args);
  c.sp = saved_sp;
  return ok ? 0 : static_cast<uint32_t>(c.trap_kind) + 1;
}

extern "C" void shortcrust_jit_journal_store(void* ctx, void* inst, uint64_t end, uint32_t bytes) {
  shortcrust::runtime::InstanceObject& instance = *static_cast<shortcrust::runtime::InstanceObject*>(inst);
  shortcrust::runtime::journal_write(*static_cast<shortcrust::runtime::ExecContext*>(ctx), *instance.memory0,
                                     end - bytes, bytes);
}
