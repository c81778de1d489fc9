// Features and Limits: what an Engine accepts. Every limit of ARCHITECTURE §8 is a field
// here with its documented default; exceeding one is Errc::LimitExceeded with the
// field's name as detail. Defaults follow the limits browsers agree on where one exists.
#pragma once

#include <cstdint>

namespace shortcrust {

struct Features {
  bool memory64 = false;  // 64-bit memories (i64 addresses)
  bool simd = false;      // fixed-width SIMD: not implemented yet, must stay false
};

struct Limits {
  // Decoding.
  uint64_t module_bytes = 256u << 20;       // whole module size in bytes
  uint32_t types = 1'000'000;
  uint32_t functions = 1'000'000;           // imported plus defined
  uint32_t imports = 100'000;
  uint32_t exports = 100'000;
  uint32_t globals = 1'000'000;
  uint32_t tables = 100'000;
  uint32_t element_segments = 10'000'000;
  uint32_t data_segments = 100'000;
  uint32_t segment_elements = 10'000'000;   // items in one element segment
  uint32_t function_params = 1'000;
  uint32_t function_results = 1'000;
  uint32_t function_body_bytes = 7'654'321;
  uint32_t function_locals = 50'000;        // declared locals, parameters included
  // Validation.
  uint32_t br_table_targets = 65'536;
  uint32_t control_depth = 65'536;          // nesting of block/loop/if in one function
  // Runtime (checked when instantiating and growing).
  uint64_t memory_pages = 65'536;           // 64 KiB pages per memory (4 GiB)
  uint64_t table_elements = 10'000'000;
  uint64_t stack_slots = 1'048'576;         // ARCHITECTURE §4, per top-level call
};

}  // namespace shortcrust
