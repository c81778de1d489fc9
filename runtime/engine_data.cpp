// The engine-wide function type registry and the Engine handle's methods.
#include "runtime/engine_data.h"

namespace shortcrust {

namespace runtime {

uint32_t EngineData::intern(const FuncType& type) {
  std::lock_guard lock(mutex_);
  Key key{type.params, type.results};
  auto it = ids_.find(key);
  if (it != ids_.end()) return it->second;
  const auto id = static_cast<uint32_t>(types_.size());
  types_.push_back(type);
  ids_.emplace(std::move(key), id);
  return id;
}

const FuncType& EngineData::type(uint32_t id) const {
  // The lock orders this read after the push_back that created `id` on another thread.
  std::lock_guard lock(mutex_);
  return types_[id];
}

}  // namespace runtime

Engine::Engine(EngineConfig config) : data_(std::make_shared<runtime::EngineData>(std::move(config))) {}

const EngineConfig& Engine::config() const { return data_->config; }

}  // namespace shortcrust
