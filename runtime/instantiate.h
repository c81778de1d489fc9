// Instantiation with options the public Linker does not offer, for the contract VM: an
// existing memory in place of the module's own (a contract's state kept across a code
// migration or loaded from a commit) and no data segments (they were applied at deploy,
// ARCHITECTURE §6.5).
#pragma once

#include "shortcrust/linker.h"

namespace shortcrust::runtime {

struct MemoryObject;

struct InstantiateOptions {
  MemoryObject* memory = nullptr;  // stands for the first defined memory (same store)
  bool apply_data = true;          // false: active data segments are dropped unapplied
};

Result<Instance, InstantiationError> instantiate(const Linker& linker, Store& store, const Module& module,
                                                 const InstantiateOptions& options);

}  // namespace shortcrust::runtime
