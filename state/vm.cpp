// VM: the shared engine and host queries (VmState), and sessions over them.
#include <utility>

#include "state/session_impl.h"
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
};

VM::VM(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
VM::~VM() = default;
VM::VM(VM&&) noexcept = default;
VM& VM::operator=(VM&&) noexcept = default;

VM VM::ephemeral(VmConfig config) {
  auto impl = std::make_shared<Impl>();
  impl->state = std::make_shared<const state::VmState>(config);
  return VM(std::move(impl));
}

void VM::register_host_query(std::string name, HostQuery query) {
  auto next = std::make_shared<state::VmState>(*impl_->state);
  next->queries.insert_or_assign(std::move(name), std::move(query));
  impl_->state = std::move(next);
}

Session VM::session(SessionOptions options) const {
  return Session(std::make_unique<Session::Impl>(impl_->state, std::move(options)));
}

const Engine& VM::engine() const { return impl_->state->engine; }

}  // namespace shortcrust
