// Traps (ARCHITECTURE §4): how a WebAssembly execution fails. A trap is a value, never a
// C++ exception: the kind, where it happened (function index and name, module byte
// offset of the trapping instruction) and, for host traps, the host's message. The
// engine stays usable after any trap.
#pragma once

#include <cstdint>
#include <string>

#include "shortcrust/error.h"

namespace shortcrust {

enum class TrapKind : uint8_t {
  Unreachable,               // `unreachable` executed
  MemoryOutOfBounds,         // load, store or bulk memory access outside the memory
  TableOutOfBounds,          // table.get/set/fill/copy/init outside the table
  UndefinedElement,          // call_indirect index outside the table
  UninitializedElement,      // call_indirect through a null entry
  IndirectCallTypeMismatch,  // call_indirect signature differs from the entry's
  IntegerOverflow,           // div_s INT_MIN / -1, trunc of an out-of-range float
  IntegerDivideByZero,       // div or rem by zero
  InvalidConversion,         // trunc of a NaN
  StackExhausted,            // the deterministic slot limit (Limits::stack_slots)
  OutOfGas,                  // the call's gas limit was reached (ARCHITECTURE §5)
  Host,                      // a host function failed; Trap::message says why
};

// The spec's wording for each kind ("out of bounds memory access", ...); spec tests
// compare assert_trap messages against it.
const char* message(TrapKind kind);
// A stable machine name ("memory_out_of_bounds", ...) for JSON and logs.
const char* name(TrapKind kind);

struct Trap {
  TrapKind kind = TrapKind::Unreachable;
  uint32_t function = kNoFunction;  // function index in its module; kNoFunction if none
  uint64_t offset = 0;              // module byte offset of the trapping instruction
  std::string function_name;        // from the name section or an export; may be empty
  std::string message;              // host traps: the host's text; else empty

  // "out of bounds memory access in function fib (index 3) at offset 0x2a"
  std::string describe() const;
};

}  // namespace shortcrust
