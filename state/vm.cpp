// VM: the shared engine, host queries and module cache (VmState), the commits
// (StateStore), and sessions over them.
#include <utility>

#include "state/disk_files.h"
#include "state/session_impl.h"
#include "state/state_store.h"
#include "state/vm_state.h"

namespace shortcrust {

namespace state {

EngineConfig contract_engine_config(const VmConfig& config) {
  EngineConfig engine;
  engine.features.memory64 = true;
  engine.limits = config.limits;
  engine.tier = config.tier;
  engine.gas_metering = true;
  engine.canonicalize_nans = true;
  engine.track_writes = true;
  return engine;
}

VmState::VmState(const VmConfig& vm_config) : config(vm_config), engine(contract_engine_config(vm_config)) {}

}  // namespace state

struct VM::Impl {
  std::shared_ptr<const state::VmState> state;
  std::shared_ptr<state::StateStore> store;

  Session session_from(state::StatePtr base, SessionOptions options) const {
    return Session(std::make_unique<Session::Impl>(state, store, std::move(base), std::move(options)));
  }
};

VM::VM(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
VM::~VM() = default;
VM::VM(VM&&) noexcept = default;
VM& VM::operator=(VM&&) noexcept = default;

VM VM::ephemeral(VmConfig config) {
  auto impl = std::make_shared<Impl>();
  impl->state = std::make_shared<const state::VmState>(config);
  impl->store = state::StateStore::in_memory();
  return VM(std::move(impl));
}

Result<VM, StateError> VM::open(const std::string& dir, VmConfig config) {
  SC_TRY(std::shared_ptr<state::StateStore> store, state::StateStore::open_directory(dir));
  auto impl = std::make_shared<Impl>();
  impl->state = std::make_shared<const state::VmState>(config);
  impl->store = std::move(store);
  return VM(std::move(impl));
}

void VM::register_host_query(std::string name, HostQuery query) {
  auto next = std::make_shared<state::VmState>(*impl_->state);
  next->queries.insert_or_assign(std::move(name), std::move(query));
  impl_->state = std::move(next);
}

Session VM::session(SessionOptions options) const { return impl_->session_from(impl_->store->latest(), std::move(options)); }

Result<Session, StateError> VM::session_at(const Root& base, SessionOptions options) const {
  SC_TRY(state::StatePtr state, impl_->store->get(base));
  return impl_->session_from(std::move(state), std::move(options));
}

const Engine& VM::engine() const { return impl_->state->engine; }

std::vector<CommitInfo> VM::commits() const { return impl_->store->commits(); }

std::optional<Root> VM::latest_commit() const {
  const state::StatePtr latest = impl_->store->latest();
  if (latest == state::empty_state()) return std::nullopt;
  return latest->root;
}

Result<void, StateError> VM::delete_commit(const Root& root) { return impl_->store->remove(root); }

Result<void, StateError> VM::finalize_commit(const Root& root) { return impl_->store->finalize(root); }

Result<std::vector<ContractInfo>, StateError> VM::contracts(const Root& root) const {
  SC_TRY(state::StatePtr state, impl_->store->get(root));
  std::vector<ContractInfo> out;
  for (const auto& [id, record] : state->contracts) {
    out.push_back(ContractInfo{id, record->code_hash, record->owner, record->memory_bytes,
                               record->pages.nonzero_leaves()});
  }
  return out;
}

Result<void, StateError> VM::verify_commit(const Root& root) const {
  using Kind = StateError::Kind;
  SC_TRY(state::StatePtr state, impl_->store->get(root));
  state::ObjectStore& objects = impl_->store->objects();
  for (const auto& [contract_id, record] : state->contracts) {
    const ContractId id = contract_id;  // a structured binding cannot be captured (clang)
    auto code = objects.read_code(record->code_hash);
    if (!code.ok()) return state::state_error(code.error());
    if (state::code_hash(code.value()) != record->code_hash) {
      return StateError{Kind::Corrupt, "the code of contract " + id.hex() + " does not match its hash"};
    }
    std::optional<StateError> failure;
    record->pages.for_each_leaf([&](uint64_t page, const state::Hash& hash) {
      if (failure) return;
      auto data = objects.read_page(hash);
      if (!data.ok()) failure = state::state_error(data.error());
      else if (state::page_hash(data.value()) != hash) {
        failure = StateError{Kind::Corrupt, "page " + std::to_string(page) + " of contract " + id.hex() +
                                                " does not match its hash"};
      }
    });
    if (failure) return *failure;
  }
  return {};
}

}  // namespace shortcrust
