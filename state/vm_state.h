// VmState: what every session of a VM shares, immutable once sessions use it: the
// engine (configured for contracts), the registered host queries and the cache of
// compiled contract code. Registering a query makes a new VmState, so running sessions
// never see the map change under them.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "shortcrust/engine.h"
#include "shortcrust/vm.h"
#include "state/contract_rules.h"
#include "state/merkle.h"

namespace shortcrust::state {

struct CompiledContract {
  Module module;
  ContractLayout layout;
  Hash code_hash{};  // SHA-256 of the bytecode: the cache key and the contract leaf's field
};

// Compiled contracts by code hash, shared by every session of a VM (modules are
// immutable and thread-safe), so loading a contract compiles its code once per VM.
// Bounded: when full it starts over (compiling again only costs time).
class ModuleCache {
 public:
  std::optional<CompiledContract> find(const Hash& code_hash) const {
    std::lock_guard lock(mutex_);
    const auto it = modules_.find(code_hash);
    if (it == modules_.end()) return std::nullopt;
    return it->second;
  }
  void insert(const Hash& code_hash, const CompiledContract& compiled) {
    std::lock_guard lock(mutex_);
    if (modules_.size() >= kMaxModules) modules_.clear();
    modules_.insert_or_assign(code_hash, compiled);
  }

 private:
  static constexpr size_t kMaxModules = 1024;
  mutable std::mutex mutex_;
  std::map<Hash, CompiledContract> modules_;
};

struct VmState {
  explicit VmState(const VmConfig& vm_config);

  VmConfig config;
  Engine engine;
  std::map<std::string, HostQuery, std::less<>> queries;
  std::shared_ptr<ModuleCache> modules = std::make_shared<ModuleCache>();

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
