// VmState: what every session of a VM shares, immutable once sessions use it: the
// engine (configured for contracts) and the registered host queries. Registering a
// query makes a new VmState, so running sessions never see the map change under them.
#pragma once

#include <map>
#include <string>

#include "shortcrust/engine.h"
#include "shortcrust/vm.h"

namespace shortcrust::state {

struct VmState {
  explicit VmState(const VmConfig& vm_config);

  VmConfig config;
  Engine engine;
  std::map<std::string, HostQuery, std::less<>> queries;

  const HostQuery* host_query(std::string_view name) const {
    const auto it = queries.find(name);
    return it == queries.end() ? nullptr : &it->second;
  }
};

// The engine settings every contract runs with: memory64 on (64-bit contracts), gas
// metering, NaN canonicalization (ARCHITECTURE §4) and write tracking for the journal.
EngineConfig contract_engine_config(const VmConfig& config);

// SHA-256(bytecode ‖ owner ‖ nonce as u64 LE), the default contract id (ARCHITECTURE §6.6).
ContractId derive_contract_id(std::span<const uint8_t> bytecode, std::span<const uint8_t> owner, uint64_t nonce);

}  // namespace shortcrust::state
