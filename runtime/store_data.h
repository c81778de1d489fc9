// StoreData: everything a Store owns — the execution context and every runtime object
// (functions, memories, tables, globals, instances). Objects live in deques so their
// addresses never change while the store grows; nothing is freed before the store dies,
// which is what keeps handles and funcref slots valid.
#pragma once

#include <cstdint>
#include <deque>

#include "runtime/exec_context.h"
#include "runtime/objects.h"
#include "shortcrust/engine.h"
#include "shortcrust/store.h"

namespace shortcrust::runtime {

struct StoreData {
  explicit StoreData(const Engine& store_engine);

  Engine engine;
  ExecContext ctx;
  Store* owner = nullptr;  // the Store handle holding this (updated when it moves)
  uint32_t active_calls = 0;  // Store::call frames running; 0 = the next call is outermost

  std::deque<FuncObject> functions;
  std::deque<MemoryObject> memories;
  std::deque<TableObject> tables;
  std::deque<GlobalObject> globals;
  std::deque<InstanceObject> instances;
};

// Allocation of runtime objects with the engine's limits (used by Store and Linker).
// Errors: LimitExceeded (minimum above Limits::memory_pages / table_elements, or the
// address space reservation failed).
Result<MemoryObject*> new_memory(StoreData& store, const MemoryType& type);
Result<TableObject*> new_table(StoreData& store, const TableType& type, uint64_t init);

}  // namespace shortcrust::runtime
