// A deterministic generator of large, valid WebAssembly modules for the front-end
// benchmarks: many functions whose bodies mix what compiled contracts contain (integer,
// 64-bit and float arithmetic, locals, a global, loads and stores, blocks with br_if,
// counted loops, if/else and calls). Instruction bytes come from decoder/opcodes.def.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace shortcrust::bench {

// A module with one memory32 memory, one mutable i32 global, no imports and at least
// `min_bytes` bytes in total. Equal arguments always give equal bytes; the seed only
// changes which statements fill the bodies.
std::vector<uint8_t> generate_module(size_t min_bytes, uint64_t seed = 1);

}  // namespace shortcrust::bench
