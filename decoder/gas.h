// Gas schedule v1 (ARCHITECTURE §5): the static cost of each opcode, derived from the
// Gas column of opcodes.def, and the per-unit price of the dynamic classes. The
// validator sums static costs into segments; tiers charge dynamic costs at run time.
#pragma once

#include <array>
#include <cstdint>

#include "decoder/opcodes.h"

namespace shortcrust::decoder {

struct GasSchedule {
  const char* name;
  uint32_t version;
  uint64_t per_memory_byte;    // memory.fill / copy / init, per byte
  uint64_t per_table_element;  // table.fill / copy / init / grow, per element
  uint64_t per_memory_page;    // memory.grow, per requested page
};

inline constexpr GasSchedule kGasV1{"v1", 1, 4, 1, 1024};

// Static part of an instruction's cost: what it adds to its segment.
constexpr uint32_t static_cost(GasClass gas) {
  switch (gas) {
    case GasClass::Free: return 0;
    case GasClass::Base: return 1;
    case GasClass::Store1: return 4;
    case GasClass::Store2: return 8;
    case GasClass::Store4: return 16;
    case GasClass::Store8: return 32;
    case GasClass::Store16: return 64;
    case GasClass::MemBytes:
    case GasClass::TableElems:
    case GasClass::MemPages: return 1;
  }
  return 0;
}

// Does the instruction charge a dynamic amount at run time (and so end its segment)?
constexpr bool has_dynamic_cost(GasClass gas) {
  return gas == GasClass::MemBytes || gas == GasClass::TableElems || gas == GasClass::MemPages;
}

inline constexpr std::array<uint32_t, kOpCount> kStaticCost = [] {
  std::array<uint32_t, kOpCount> costs{};
  for (size_t i = 0; i < kOpCount; ++i) costs[i] = static_cost(kOpInfo[i].gas);
  return costs;
}();

// Control instructions that end a gas segment (ARCHITECTURE §5), besides dynamic-cost ones.
constexpr bool ends_segment(Op op) {
  switch (op) {
    case Op::Block: case Op::Loop: case Op::If: case Op::Else: case Op::End:
    case Op::Br: case Op::BrIf: case Op::BrTable: case Op::Return:
    case Op::Call: case Op::CallIndirect: case Op::Unreachable:
      return true;
    default:
      return has_dynamic_cost(info(op).gas);
  }
}

inline constexpr std::array<bool, kOpCount> kEndsSegment = [] {
  std::array<bool, kOpCount> ends{};
  for (size_t i = 0; i < kOpCount; ++i) ends[i] = ends_segment(static_cast<Op>(i));
  return ends;
}();

}  // namespace shortcrust::decoder
