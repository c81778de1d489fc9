// Session::Impl: the public Session's state (SessionState) plus the entry points that
// start a top-level call and load a contract's code.
#pragma once

#include <utility>

#include "state/session_state.h"
#include "state/vm_state.h"

namespace shortcrust {

namespace state {
// Compiles `bytecode` (or finds it in the VM's cache) and checks the contract rules
// (InvalidModule with the reason).
Result<CompiledContract, ContractError> compile_contract(const VmState& vm, std::span<const uint8_t> bytecode);
}  // namespace state

struct Session::Impl : state::SessionState {
  using SessionState::SessionState;

  // A top-level call: a fresh receipt, instances reset lazily (generation), one frame.
  Result<CallReceipt, ContractError> top_level(const ContractId& id, std::string_view function,
                                               std::span<const uint8_t> arg, uint64_t gas_limit);
};

}  // namespace shortcrust
