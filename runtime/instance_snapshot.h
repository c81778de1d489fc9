// InstanceSnapshot: an instance's globals, tables and segment lists as they are, to put
// back later. The contract VM takes one right after instantiating a contract and restores
// it at every top-level call (ARCHITECTURE §6.5: only linear memory persists), so reusing
// an instance costs the size of its globals and tables, never of its code or memory.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace shortcrust::runtime {

struct InstanceObject;

struct InstanceSnapshot {
  std::vector<uint64_t> globals;               // bits, one per global of the instance
  std::vector<std::vector<uint64_t>> tables;   // elements, one list per table
  std::vector<std::vector<uint64_t>> elements; // element segments (dropped = empty)
  std::vector<std::span<const uint8_t>> data;  // data segments (dropped = empty)
};

InstanceSnapshot take_snapshot(const InstanceObject& instance);
void restore_snapshot(InstanceObject& instance, const InstanceSnapshot& snapshot);

// Only the globals: what a failed contract frame puts back (cheap, taken per frame).
std::vector<uint64_t> save_globals(const InstanceObject& instance);
void restore_globals(InstanceObject& instance, std::span<const uint64_t> bits);

}  // namespace shortcrust::runtime
