// A deterministic generator of large, valid WebAssembly modules for the front-end and
// compile benchmarks: functions whose bodies mix what compiled contracts contain (integer,
// 64-bit and float arithmetic, locals, a global, loads and stores, blocks with br_if,
// counted loops, if/else and calls), in a few shapes that stress different parts of a
// compiler. Instruction bytes come from decoder/opcodes.def.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace shortcrust::bench {

enum class Shape : uint8_t {
  SmallFunctions,  // many functions of 8-40 statements, every kind equally likely
  HugeFunction,    // the same mix in one function holding all the code
  FloatHeavy,      // many functions, mostly f32/f64 arithmetic and conversions
  MemoryHeavy,     // many functions, mostly loads and stores of every width
};

inline constexpr Shape kShapes[] = {Shape::SmallFunctions, Shape::HugeFunction, Shape::FloatHeavy,
                                    Shape::MemoryHeavy};

// "small_functions", "huge_function", ...: for benchmark names.
const char* name(Shape shape);

// A module with one memory32 memory, one mutable i32 global, no imports, an export "run"
// of function 0 and at least `min_bytes` bytes in total. Equal arguments always give
// equal bytes; the seed only changes which statements fill the bodies. Calls may recurse
// without bound: the modules are for compiling, not for running.
std::vector<uint8_t> generate_module(size_t min_bytes, Shape shape = Shape::SmallFunctions,
                                     uint64_t seed = 1);

}  // namespace shortcrust::bench
