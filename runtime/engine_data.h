// EngineData: what every copy of an Engine shares: its configuration and the registry
// that gives each distinct function type an engine-wide id. call_indirect compares these
// ids, so two modules compiled by one engine agree on them. Thread-safe: modules may be
// compiled on several threads at once.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "shortcrust/engine.h"
#include "shortcrust/types.h"

namespace shortcrust::runtime {

struct EngineData : std::enable_shared_from_this<EngineData> {
  explicit EngineData(EngineConfig engine_config) : config(std::move(engine_config)) {}

  // The id of `type`, registering it on first sight. Equal types get equal ids.
  uint32_t intern(const FuncType& type);
  // The type registered under `id`. The reference stays valid for the engine's life.
  const FuncType& type(uint32_t id) const;

  const EngineConfig config;

 private:
  using Key = std::pair<std::vector<ValType>, std::vector<ValType>>;
  mutable std::mutex mutex_;
  std::deque<FuncType> types_;      // by id; a deque so references never move
  std::map<Key, uint32_t> ids_;     // ordered: no dependence on hashing
};

}  // namespace shortcrust::runtime
