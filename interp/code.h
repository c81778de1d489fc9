// The interpreter's compiled form of one function (threaded code, HOUSE-STYLE §6) and its
// call frame. Code is a sequence of 8-byte-aligned instructions: a handler word (a label
// address with computed goto, an internal op number in the switch build), then operands:
// 32-bit frame-slot indices and immediates, padded to 8 bytes. Word 0 is not an
// instruction: it holds the gas of the function's first segment, charged by the call
// (kEntryWord); execution starts at word 1.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace shortcrust::runtime { struct FuncObject; struct InstanceObject; }

namespace shortcrust::interp {

inline constexpr uint32_t kEntryWord = 1;  // where execution of a function starts

struct CompiledFunction {
  std::vector<uint64_t> code;
  uint32_t function_index = 0;  // in the module's function index space
  uint32_t param_count = 0;
  uint32_t result_count = 0;
  uint32_t local_count = 0;     // declared locals (zeroed at entry), parameters excluded
  uint32_t frame_slots = 0;     // physical slots: params + locals + max operand height
  uint64_t stack_cost = 0;      // logical cost (FunctionFacts::frame_slots, ARCHITECTURE §4)
  // (code word index, module offset) of every instruction that may trap, by code index.
  std::vector<std::pair<uint32_t, uint32_t>> offsets;

  // The module offset of the instruction at `ip` (inside {code}); 0 if unknown.
  uint32_t offset_at(const uint64_t* ip) const {
    const auto index = static_cast<uint32_t>(ip - code.data());
    auto it = std::upper_bound(offsets.begin(), offsets.end(), index,
                               [](uint32_t i, const auto& entry) { return i < entry.first; });
    if (it == offsets.begin()) return 0;
    return std::prev(it)->second;
  }
};

// One active wasm call, kept outside the value stack.
struct Frame {
  const uint64_t* return_ip;            // in the caller's code
  uint64_t* caller_fp;
  const runtime::FuncObject* caller;    // null for the entry frame
};

}  // namespace shortcrust::interp
