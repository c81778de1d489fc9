// Session: deploys and top-level calls, and run_frame, the one place where a contract
// frame starts and ends — argument in, Store::call, result length checked, then the
// frame's writes committed to its parent or reverted (journal, globals, events).
#include <cstring>
#include <utility>

#include "runtime/instantiate.h"
#include "runtime/objects.h"
#include "runtime/operations.h"
#include "runtime/store_data.h"
#include "state/session_impl.h"
#include "state/state_store.h"
#include "state/vm_state.h"

namespace shortcrust {

namespace state {

namespace {

ContractError error_of(ContractError::Kind kind, std::string message) { return ContractError{kind, std::move(message), {}}; }

// The contract's instance with its host imports: each import resolves by its field name
// (the module name is ignored, ARCHITECTURE §6.1; check_contract has checked the types).
Result<Instance, ContractError> instantiate_contract(SessionState& s, const Module& module, bool memory64,
                                                     const runtime::InstantiateOptions& options) {
  Linker linker;
  const auto& host = memory64 ? s.host.wasm64 : s.host.wasm32;
  for (const decoder::Import& i : module.object()->module.imports) {
    linker.define(i.module, i.field, host[static_cast<size_t>(*host_import(i.field))]);
  }
  auto instance = runtime::instantiate(linker, s.store, module, options);
  if (!instance.ok()) return error_of(ContractError::Kind::InvalidModule, instance.error().message);
  return instance.value();
}

}  // namespace

// Each frame's own spend: its inclusive spend minus its direct children's.
void fill_exclusive_gas(std::vector<CallFrameInfo>& tree) {
  for (size_t i = 0; i < tree.size(); ++i) {
    uint64_t children = 0;
    for (size_t j = i + 1; j < tree.size() && tree[j].depth > tree[i].depth; ++j) {
      if (tree[j].depth == tree[i].depth + 1) children += tree[j].gas_spent;
    }
    tree[i].gas_exclusive = tree[i].gas_spent > children ? tree[i].gas_spent - children : 0;
  }
}

std::span<uint8_t> LiveContract::argbuf() const {
  if (layout.argbuf > memory->size || memory->size - layout.argbuf < kArgbufLen) return {};
  return {memory->base + layout.argbuf, kArgbufLen};
}

SessionState::SessionState(std::shared_ptr<const VmState> vm_state, std::shared_ptr<StateStore> state_store,
                           StatePtr base_state, SessionOptions options)
    : vm(std::move(vm_state)),
      states(std::move(state_store)),
      base(std::move(base_state)),
      store(vm->engine),
      metadata(std::move(options.metadata)) {
  host = create_host_functions(store, *this);
}

SessionState::~SessionState() {
  contracts.clear();
  if (states) states->release(std::move(base));
}

LiveContract* SessionState::find(const ContractId& id) {
  const auto it = contracts.find(id);
  return it == contracts.end() ? nullptr : it->second.get();
}

bool SessionState::exists(const ContractId& id) const { return contracts.contains(id) || base->contracts.contains(id); }

const Bytes* SessionState::owner_of(const ContractId& id) const {
  if (const auto it = contracts.find(id); it != contracts.end()) return &it->second->owner;
  if (const auto it = base->contracts.find(id); it != base->contracts.end()) return &it->second->owner;
  return nullptr;
}

Result<LiveContract*, ContractError> SessionState::find_or_load(const ContractId& id) {
  if (LiveContract* live = find(id)) return live;
  const auto it = base->contracts.find(id);
  if (it == base->contracts.end()) return static_cast<LiveContract*>(nullptr);
  const ContractRecord& record = *it->second;
  const auto unreadable = [&](const std::string& why) {
    return ContractError{ContractError::Kind::StateUnreadable, "contract " + id.hex() + ": " + why, {}};
  };
  std::optional<CompiledContract> compiled = vm->modules->find(record.code_hash);
  if (!compiled) {
    auto code = states->objects().read_code(record.code_hash);
    if (!code.ok()) return unreadable(code.error().message);
    auto checked = compile_contract(*vm, code.value());
    if (!checked.ok()) return unreadable("its committed code is not a valid contract: " + checked.error().message);
    compiled = std::move(checked).value();
  }
  // Loading is not part of any frame: nothing of it may be journaled (or reverted).
  runtime::ExecContext& ctx = store.data().ctx;
  runtime::WriteJournal* const journal_in_use = ctx.journal;
  ctx.journal = nullptr;
  auto instance = instantiate_contract(*this, compiled->module, compiled->layout.memory64, {nullptr, false});
  Result<LiveContract*, ContractError> result = static_cast<LiveContract*>(nullptr);
  if (!instance.ok()) {
    result = unreadable(instance.error().message);
  } else {
    auto contract = std::make_unique<LiveContract>();
    contract->id = id;
    contract->owner = record.owner;
    contract->layout = compiled->layout;
    contract->instance = instance.value();
    contract->memory = instance.value().memory0().object();
    contract->initial = runtime::take_snapshot(*instance.value().object());
    contract->code_hash = record.code_hash;
    contract->committed = it->second;
    runtime::MemoryObject& memory = *contract->memory;
    if (record.memory_bytes < memory.size ||
        runtime::memory_grow(ctx, memory, (record.memory_bytes - memory.size) / kPageSize) < 0) {
      result = unreadable("its memory of " + std::to_string(record.memory_bytes) + " bytes does not fit its code");
    } else {
      std::string failure;
      record.pages.for_each_leaf([&](uint64_t page, const Hash& hash) {
        if (!failure.empty()) return;
        auto loaded = states->objects().load_page(hash, memory.base + page * kPageSize);
        if (!loaded.ok()) failure = loaded.error().message;
      });
      if (failure.empty()) result = contracts.emplace(id, std::move(contract)).first->second.get();
      else result = unreadable(failure);
    }
  }
  ctx.journal = journal_in_use;
  return result;
}

FrameResult SessionState::run_frame(LiveContract& contract, std::string_view function, std::span<const uint8_t> arg,
                                    uint64_t gas_limit) {
  using Kind = ContractError::Kind;
  FrameResult result;
  const Func func = contract.instance.func(function);
  // `init` runs only as the top frame of a deploy, never through `c`.
  if (function == "init" && !(deploying && frames.empty())) {
    result.error = error_of(Kind::InitNotCallable, "`init` runs only at deploy");
    return result;
  }
  if (!func) {
    result.error = error_of(Kind::UnknownFunction, "contract " + contract.id.hex() + " has no function `" +
                                                       std::string(function) + "`");
    return result;
  }
  if (arg.size() > kArgbufLen || contract.argbuf().empty()) {
    result.error = error_of(Kind::InvalidArgumentBuffer, arg.size() > kArgbufLen
                                                             ? "the argument is longer than 65536 bytes"
                                                             : "the argument buffer lies outside the memory");
    return result;
  }
  runtime::InstanceObject& instance = *contract.instance.object();
  if (contract.generation != generation) {
    runtime::restore_snapshot(instance, contract.initial);
    contract.generation = generation;
  }

  runtime::ExecContext& ctx = store.data().ctx;
  const size_t tree_index = tree.size();
  frames.push_back(ActiveFrame{&contract, gas_limit, events.size(), tree_index, runtime::save_globals(instance)});
  tree.push_back(CallFrameInfo{contract.id, std::string(function), static_cast<uint32_t>(frames.size() - 1),
                               gas_limit, 0, 0, 0, false});
  journal.begin_frame(ctx);
  runtime::journal_write(ctx, *contract.memory, contract.layout.argbuf, arg.size());
  if (!arg.empty()) std::memcpy(contract.argbuf().data(), arg.data(), arg.size());

  pending.reset();
  const Value len = Value::i32(static_cast<int32_t>(arg.size()));
  Result<CallOutcome> outcome = store.call(func, std::span<const Value>(&len, 1), CallOptions{gas_limit});
  result.ran = true;
  if (!outcome.ok()) {
    result.error = error_of(Kind::Trap, describe(outcome.error()));
  } else if (const std::optional<Trap>& trap = outcome.value().trap) {
    if (pending) result.error = std::move(*pending);
    else if (trap->kind == TrapKind::OutOfGas) result.error = error_of(Kind::OutOfGas, "");
    else result.error = error_of(Kind::Trap, trap->describe());
    pending.reset();
  } else {
    const int32_t ret = outcome.value().results[0].i32();
    if (ret < 0 || static_cast<uint64_t>(ret) > kArgbufLen) {
      result.error = error_of(Kind::InvalidArgumentBuffer,
                              "`" + std::string(function) + "` returned length " + std::to_string(ret) +
                                  ", outside 0..65536");
    } else {
      result.ret_len = static_cast<uint32_t>(ret);
    }
  }
  result.gas_spent = outcome.ok() ? outcome.value().gas_used : 0;

  ActiveFrame& frame = frames.back();
  if (result.error) {
    journal.revert_frame(ctx);
    runtime::restore_globals(instance, frame.globals);
    for (size_t i = frame.first_event; i < events.size(); ++i) events[i].reverted = true;
    for (size_t i = tree_index; i < tree.size(); ++i) tree[i].reverted = true;
    tree[tree_index].gas_spent = gas_limit;  // a failed frame burns its whole limit
  } else {
    journal.commit_frame(ctx);
    tree[tree_index].gas_spent = result.gas_spent;
  }
  tree[tree_index].memory_bytes = contract.memory->size;
  frames.pop_back();
  return result;
}

}  // namespace state

Result<CallReceipt, ContractError> Session::Impl::top_level(const ContractId& id, std::string_view function,
                                                         std::span<const uint8_t> arg, uint64_t gas_limit) {
  ++generation;
  events.clear();
  tree.clear();
  debug.clear();
  SC_TRY(state::LiveContract * contract, find_or_load(id));
  if (contract == nullptr) {
    return ContractError{ContractError::Kind::ContractDoesNotExist, "no contract " + id.hex(), {}};
  }
  state::FrameResult result = run_frame(*contract, function, arg, gas_limit);
  if (fatal) {
    result.error = std::move(*fatal);
    fatal.reset();
  }
  CallReceipt receipt;
  receipt.gas_limit = gas_limit;
  receipt.events = std::move(events);
  receipt.call_tree = std::move(tree);
  receipt.debug = std::move(debug);
  state::fill_exclusive_gas(receipt.call_tree);
  events.clear();
  tree.clear();
  debug.clear();
  if (result.error) {
    receipt.gas_spent = result.ran ? gas_limit : 0;
    result.error->receipt = std::move(receipt);
    return std::move(*result.error);
  }
  receipt.gas_spent = result.gas_spent;
  const std::span<const uint8_t> data = contract->argbuf().first(result.ret_len);
  receipt.data.assign(data.begin(), data.end());
  return receipt;
}

Result<state::CompiledContract, ContractError> state::compile_contract(const VmState& vm,
                                                                       std::span<const uint8_t> bytecode) {
  using Kind = ContractError::Kind;
  const Hash hash = code_hash(bytecode);
  if (std::optional<CompiledContract> cached = vm.modules->find(hash)) return *cached;
  auto module = Module::compile(vm.engine, bytecode);
  if (!module.ok()) {
    const Error& e = module.error();
    return ContractError{Kind::InvalidModule, describe(e) + " at offset " + std::to_string(e.offset), {}};
  }
  auto layout = check_contract(module.value().object()->module, vm.config.limits.memory_pages);
  if (!layout.ok()) return ContractError{Kind::InvalidModule, layout.error(), {}};
  CompiledContract compiled{std::move(module).value(), layout.value(), hash};
  vm.modules->insert(hash, compiled);
  return compiled;
}

Session::Session(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

Result<ContractId, ContractError> Session::deploy(std::span<const uint8_t> bytecode, const DeployOptions& options,
                                                  uint64_t gas_limit) {
  using Kind = ContractError::Kind;
  Impl& s = *impl_;
  SC_TRY(state::CompiledContract compiled, state::compile_contract(*s.vm, bytecode));
  const auto& [module, layout, code_hash] = compiled;
  if (options.init_arg) {
    bool has_init = false;
    for (const ExportDesc& e : module.exports()) has_init |= e.name == "init" && e.kind == ExternKind::Func;
    if (!has_init) return ContractError{Kind::InvalidModule, "an init argument was given but the contract has no `init`", {}};
  }
  const ContractId id = options.contract_id.value_or(state::derive_contract_id(bytecode, options.owner, options.nonce));
  if (s.exists(id)) return ContractError{Kind::ContractAlreadyExists, "contract " + id.hex() + " exists", {}};

  SC_TRY(Instance instance, state::instantiate_contract(s, module, layout.memory64, {}));
  auto contract = std::make_unique<state::LiveContract>();
  contract->id = id;
  contract->owner = options.owner;
  contract->layout = layout;
  contract->instance = instance;
  contract->memory = instance.memory0().object();
  contract->initial = runtime::take_snapshot(*instance.object());
  contract->code_hash = code_hash;
  contract->code = std::make_shared<const Bytes>(bytecode.begin(), bytecode.end());
  contract->fresh = true;
  s.contracts.emplace(id, std::move(contract));
  if (!options.init_arg) return id;

  s.deploying = true;
  auto receipt = s.top_level(id, "init", *options.init_arg, gas_limit);
  s.deploying = false;
  if (!receipt.ok()) {
    s.contracts.erase(id);
    return std::move(receipt).error();
  }
  return id;
}

Result<CallReceipt, ContractError> Session::call(const ContractId& contract, std::string_view function,
                                                 std::span<const uint8_t> arg, uint64_t gas_limit) {
  return impl_->top_level(contract, function, arg, gas_limit);
}

Result<CallReceipt, ContractError> Session::feeder_call(const ContractId& contract, std::string_view function,
                                                        std::span<const uint8_t> arg, uint64_t gas_limit,
                                                        std::function<void(std::span<const uint8_t>)> sink) {
  impl_->feeder = std::move(sink);
  auto receipt = impl_->top_level(contract, function, arg, gas_limit);
  impl_->feeder = nullptr;
  return receipt;
}

Result<void, ContractError> Session::migrate(const ContractId& id, std::span<const uint8_t> bytecode,
                                             const std::function<Result<void, ContractError>(Session&)>& migration) {
  using Kind = ContractError::Kind;
  Impl& s = *impl_;
  SC_TRY(state::LiveContract * contract, s.find_or_load(id));
  if (contract == nullptr) return ContractError{Kind::ContractDoesNotExist, "no contract " + id.hex(), {}};
  SC_TRY(state::CompiledContract compiled, state::compile_contract(*s.vm, bytecode));
  const auto& [module, layout, code_hash] = compiled;
  if (layout.memory64 != contract->layout.memory64) {
    return ContractError{Kind::InvalidModule, "the new code has another pointer width than the contract", {}};
  }
  // The memory (the contract's state) stays; the new code's data segments are not applied.
  SC_TRY(Instance instance, state::instantiate_contract(s, module, layout.memory64, {contract->memory, false}));
  state::LiveContract previous = std::move(*contract);
  contract->id = previous.id;
  contract->owner = previous.owner;
  contract->memory = previous.memory;
  contract->layout = layout;
  contract->instance = instance;
  contract->initial = runtime::take_snapshot(*instance.object());
  contract->generation = 0;
  contract->code_hash = code_hash;
  contract->code = std::make_shared<const Bytes>(bytecode.begin(), bytecode.end());
  contract->committed = previous.committed;
  contract->fresh = previous.fresh;
  Result<void, ContractError> migrated = migration(*this);
  if (!migrated.ok()) *s.find(id) = std::move(previous);
  return migrated;
}

bool Session::contract_exists(const ContractId& contract) const { return impl_->exists(contract); }

std::span<const uint8_t> Session::memory(const ContractId& contract) const {
  auto live = impl_->find_or_load(contract);
  if (!live.ok() || live.value() == nullptr) return {};
  return {live.value()->memory->base, live.value()->memory->size};
}

}  // namespace shortcrust
