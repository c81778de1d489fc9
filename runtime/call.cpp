// Store::call: argument checks, the gas budget of outermost and nested calls, the hand-off
// to a tier or a host callback, and the Trap built from ExecContext afterwards.
// Nesting (a host function calling back into the store) reuses the value stack above the
// running frame; every call restores the stack state it found, trap or not.
#include <algorithm>
#include <vector>

#include "interp/interp.h"
#include "jit/jit.h"
#include "runtime/operations.h"
#include "runtime/store_data.h"

namespace shortcrust {

namespace {

using runtime::ExecContext;
using runtime::FuncObject;

Trap make_trap(const ExecContext& ctx) {
  Trap trap;
  trap.kind = ctx.trap_kind;
  const FuncObject* func = ctx.trap_function;
  if (func == nullptr) return trap;
  trap.function = func->index;
  if (func->code != nullptr && ctx.trap_ip != nullptr) trap.offset = func->code->offset_at(ctx.trap_ip);
  else trap.offset = ctx.trap_offset;
  if (func->instance != nullptr) {
    trap.function_name = func->instance->module_handle.function_name(func->index);
  } else {
    trap.function_name = func->debug_name;
  }
  if (trap.kind == TrapKind::Host) trap.message = ctx.trap_message;
  return trap;
}

Result<void> check_args(const Func& func, std::span<const Value> args) {
  if (!func) return Error{Errc::BadArgument, 0, kNoFunction, "null function"};
  const FuncType& type = func.type();
  if (args.size() != type.params.size()) {
    return Error{Errc::BadArgument, 0, func.object()->index, "wrong number of arguments"};
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type() != type.params[i]) {
      return Error{Errc::BadArgument, 0, func.object()->index, "argument type mismatch"};
    }
  }
  return ok();
}

// Runs `func` with its arguments already checked; false on a trap recorded in ctx.
bool run(ExecContext& ctx, const FuncObject& func, std::span<const Value> args,
         std::vector<Value>& results) {
  const FuncType& type = *func.type;
  const size_t width = std::max(type.params.size(), type.results.size());
  uint64_t* slots = nullptr;
  std::vector<uint64_t> host_slots;
  if (func.host) {
    // A host function needs no wasm frame: its slots live here.
    host_slots.resize(width);
    slots = host_slots.data();
  } else {
    const uint64_t used = ctx.stack ? static_cast<uint64_t>(ctx.sp - ctx.stack.get()) : ctx.capacity;
    if (ctx.capacity - used < width) return ctx.trap(TrapKind::StackExhausted, &func, nullptr);
    slots = ctx.sp;
  }
  for (size_t i = 0; i < args.size(); ++i) slots[i] = runtime::to_slot(args[i]);
  const bool ok = func.host        ? runtime::call_host(ctx, func, nullptr, slots)
                  : func.jit_entry ? jit::execute(ctx, func, slots)
                                   : interp::execute(ctx, func, slots);
  if (!ok) return false;
  results.reserve(type.results.size());
  for (size_t i = 0; i < type.results.size(); ++i) {
    results.push_back(Value::from_bits(type.results[i], slots[i]));
  }
  return true;
}

}  // namespace

// Gas rule (documented in store.h): the outermost call starts a budget of its gas_limit
// (unlimited = INT64_MAX); a nested call runs on min(its gas_limit, what remains) and
// what it spends (all of that budget on OutOfGas) is then taken from the outer call.
Result<CallOutcome> Store::call(Func func, std::span<const Value> args, const CallOptions& options) {
  SC_TRY_VOID(check_args(func, args));
  runtime::StoreData& store = *data_;
  ExecContext& ctx = store.ctx;
  const bool outermost = store.active_calls == 0;
  CallOutcome outcome;
  if (!outermost && ctx.host_depth >= runtime::kMaxHostDepth) {
    outcome.trap = Trap{TrapKind::StackExhausted, kNoFunction, 0, {}, {}};
    return outcome;
  }

  ctx.ensure_stacks();
  uint64_t* const saved_sp = ctx.sp;
  const uint64_t saved_frames = ctx.frame_count;
  const uint64_t saved_slots = ctx.slots_used;
  const int64_t outer_remaining = ctx.gas_remaining;
  const int64_t requested =
      options.gas_limit ? static_cast<int64_t>(std::min<uint64_t>(*options.gas_limit, INT64_MAX)) : INT64_MAX;
  int64_t budget = requested;
  if (outermost) {
    ctx.metering = store.engine.config().gas_metering;
    ctx.sp = ctx.stack.get();
    ctx.frame_count = 0;
    ctx.slots_used = 0;
  } else {
    budget = std::min(requested, std::max<int64_t>(outer_remaining, 0));
  }
  ctx.gas_remaining = budget;
  ctx.trap_message.clear();

  ++store.active_calls;
  const bool ok = run(ctx, *func.object(), args, outcome.results);
  --store.active_calls;

  if (!ok) {
    outcome.results.clear();
    outcome.trap = make_trap(ctx);
    if (ctx.trap_kind == TrapKind::OutOfGas) ctx.gas_remaining = 0;
  }
  const int64_t spent = budget - std::max<int64_t>(ctx.gas_remaining, 0);
  outcome.gas_used = ctx.metering ? static_cast<uint64_t>(spent) : 0;
  if (!outermost) ctx.gas_remaining = ctx.metering ? outer_remaining - spent : outer_remaining;
  ctx.sp = outermost ? ctx.stack.get() : saved_sp;
  ctx.frame_count = outermost ? 0 : saved_frames;
  ctx.slots_used = outermost ? 0 : saved_slots;
  return outcome;
}

}  // namespace shortcrust
