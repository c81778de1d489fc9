// The Sink interface: what the single-pass function validator hands to its consumer
// (HOUSE-STYLE §5). The validator decodes and type-checks one instruction at a time and
// then passes it on, already checked, together with the type facts a compiler needs;
// the interpreter's translator and the JIT driver are Sinks, NullSink validates only.
// A Sink never re-validates and never sees an ill-typed instruction.
#pragma once

#include <concepts>
#include <cstdint>
#include <span>

#include "decoder/instruction.h"
#include "decoder/module.h"
#include "decoder/types.h"
#include "shortcrust/result.h"

namespace shortcrust::validator {

// Given to Sink::begin before the first instruction of a body.
struct FunctionBegin {
  const decoder::Module* module = nullptr;
  uint32_t function_index = 0;             // in the function index space (imports first)
  uint32_t defined_index = 0;              // index into Module::functions
  const decoder::FuncType* type = nullptr; // the function's signature
  // The facts being filled. `locals`, `local_count` and `code` are final here; the
  // height, depth, frame size and gas segments are final only at Sink::end.
  const decoder::FunctionFacts* facts = nullptr;
};

// One validated instruction, given to Sink::instr in code order; the final `end` of the
// body is included. Spans point into the module or the validator and are valid only
// during the call.
struct ValidatedInstr {
  decoder::Instr instr;  // opcode, module offset and immediates (decoder/instruction.h)

  // False when the instruction cannot execute: it follows an unconditional branch
  // (`br`, `br_table`, `return`, `unreachable`) in its block, or sits in a block that
  // began in such code. Operand types are then partly unknown, the fields below other
  // than the control arities are unspecified, and a compiler should emit nothing but may
  // need to track block nesting (`block`, `loop`, `if`, `else`, `end` still arrive).
  // Code after the `end` of a reachable block is reachable again.
  bool reachable = true;

  // The type-dependent operand type:
  //   drop, select, select t         the type of the dropped / selected values
  //   local.get/set/tee              the local's type
  //   global.get/set                 the global's type
  //   ref.null, ref.is_null          the reference type (ref.func: FuncRef)
  //   table.*                        the (destination) table's element type
  //   loads, stores, memory.*        the memory's address type (I32, or I64 for memory64)
  // Other instructions: unspecified.
  decoder::ValType operand = decoder::ValType::I32;

  // Control and calls (empty spans otherwise):
  //   block, loop, if, else, end     params / results of the block (of the function for
  //                                  the final `end`)
  //   br, br_if, br_table            results = the label's types (a loop's params, any
  //                                  other block's results): what the branch carries
  //   return                         results = the function's results
  //   call, call_indirect            params / results of the callee's type
  std::span<const decoder::ValType> params;
  std::span<const decoder::ValType> results;

  // br_table: the label depths, the default last (size = instr.a + 1).
  std::span<const uint32_t> targets;

  // Gas (ARCHITECTURE §5): the index of this instruction's segment in
  // FunctionFacts::gas_segments, and whether it is the segment's first instruction. The
  // segments reach the facts at Sink::end: a tier that charges at segment entry while
  // validating patches the amount then (after validate_module they are all known).
  uint32_t segment = 0;
  bool segment_begin = false;
};

// A consumer of validated function bodies. Every call may fail (for example "unsupported
// by this tier"); the first error aborts validation and is returned with the function
// index filled in if the Sink left it empty.
template <class S>
concept Sink = requires(S sink, const FunctionBegin& begin, const ValidatedInstr& instr,
                        const decoder::FunctionFacts& facts) {
  { sink.begin(begin) } -> std::same_as<Result<void>>;   // before the first instruction
  { sink.instr(instr) } -> std::same_as<Result<void>>;   // once per instruction
  { sink.end(facts) } -> std::same_as<Result<void>>;     // after the final `end`, facts final
};

// Validation only: every call is an inline no-op, so validating with it costs nothing
// beyond the checks themselves.
struct NullSink {
  Result<void> begin(const FunctionBegin&) { return {}; }
  Result<void> instr(const ValidatedInstr&) { return {}; }
  Result<void> end(const decoder::FunctionFacts&) { return {}; }
};
static_assert(Sink<NullSink>);

}  // namespace shortcrust::validator
