// Snapshots of instance state other than memory (instance_snapshot.h).
#include "runtime/instance_snapshot.h"

#include "runtime/objects.h"

namespace shortcrust::runtime {

InstanceSnapshot take_snapshot(const InstanceObject& instance) {
  InstanceSnapshot snapshot;
  snapshot.globals = save_globals(instance);
  snapshot.tables.reserve(instance.tables.size());
  for (const TableObject* table : instance.tables) snapshot.tables.push_back(table->elements);
  snapshot.elements = instance.elements;
  snapshot.data = instance.data;
  return snapshot;
}

void restore_snapshot(InstanceObject& instance, const InstanceSnapshot& snapshot) {
  restore_globals(instance, snapshot.globals);
  for (size_t i = 0; i < instance.tables.size(); ++i) {
    TableObject& table = *instance.tables[i];
    table.elements = snapshot.tables[i];
    table.sync();
  }
  instance.elements = snapshot.elements;
  instance.data = snapshot.data;
}

std::vector<uint64_t> save_globals(const InstanceObject& instance) {
  std::vector<uint64_t> bits;
  bits.reserve(instance.globals.size());
  for (const GlobalObject* global : instance.globals) bits.push_back(global->bits);
  return bits;
}

void restore_globals(InstanceObject& instance, std::span<const uint64_t> bits) {
  for (size_t i = 0; i < instance.globals.size(); ++i) instance.globals[i]->bits = bits[i];
}

}  // namespace shortcrust::runtime
