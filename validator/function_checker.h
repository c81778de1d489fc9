// FunctionChecker: the type checker behind validate_function(), internal to validator/.
// It implements the algorithm of the spec appendix ("Validation Algorithm"): an operand
// stack of value types or Unknown, a control stack of frames with their label types,
// start heights and unreachable flags, all on the heap so nesting depth never touches
// the native stack. It is not templated on the Sink, so its code is compiled once; the
// template in function_validator.h only loops and forwards. Split by concern over
// function_checker.cpp (stacks, locals, dispatch, numeric, variables, parametric,
// references), check_control.cpp (control and calls), check_memory.cpp (memory, tables).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "decoder/gas.h"
#include "decoder/instruction.h"
#include "decoder/module.h"
#include "decoder/reader.h"
#include "shortcrust/config.h"
#include "shortcrust/result.h"
#include "validator/sink.h"

namespace shortcrust::validator {

class FunctionChecker {
  using ValType = decoder::ValType;
  using Types = std::span<const ValType>;
  // Operand stack entries are value types, or this marker for a value of unknown type
  // (popped from the polymorphic stack of unreachable code). Never escapes the checker.
  static constexpr ValType kUnknown = static_cast<ValType>(0);

  enum class FrameKind : uint8_t { Function, Block, Loop, If, Else };
  struct Frame {
    FrameKind kind;
    uint32_t height;    // operand stack height when the frame's body began
    bool unreachable;   // the rest of the frame is stack-polymorphic
    bool dead;          // the frame was entered from unreachable code
    Types params;
    Types results;
  };

 public:
  // Working memory reused from one function to the next, so validating a module of many
  // small functions does not allocate per function. One per thread of validation.
  struct Scratch {
    std::vector<ValType> vals;
    std::vector<Frame> frames;
    std::vector<uint32_t> targets;                 // br_table labels of one instruction
    std::vector<decoder::GasSegment> segments;     // copied to the facts at the end
    std::vector<std::pair<uint32_t, ValType>> local_groups;
  };

  // `out` receives the facts; `module.declared_refs` must have been filled by
  // validate_module() (ref.func in a body checks it).
  FunctionChecker(const decoder::Module& module, uint32_t defined_index,
                  decoder::FunctionFacts& out, const Limits& limits, Scratch& scratch);

  // Decodes the local declarations (filling out.locals, local_count, code) and opens the
  // function's frame. Call once, first.
  Result<void> start();
  const FunctionBegin& begin_info() const { return begin_; }

  // True once the `end` that closes the function frame has been validated.
  bool finished() const { return frames_.empty(); }

  // Reads and validates the next instruction; the result is valid until the next call.
  Result<const ValidatedInstr*> next();

  // Completes the facts (heights, frame size). Call after finished().
  void finish();

  // A Sink's error with the function index filled in when the Sink left it empty.
  Error attach(Error error) const;

 private:


  // function_checker.cpp
  Result<void> decode_locals(decoder::Reader& reader);
  Result<void> check(const decoder::Instr& in);
  // ARCHITECTURE §5: a segment runs up to and including a control instruction or one
  // with a dynamic cost. Unreachable code is counted too, so segments tile the body. The
  // open segment's cost is summed here and stored when it closes. (No overflow: a static
  // cost is at most 64 and a segment is shorter than limits.function_body_bytes < 2^26.)
  void count_gas(const decoder::Instr& in) {
    const auto op = static_cast<size_t>(in.op);
    event_.segment_begin = !segment_open_;
    if (!segment_open_) open_segment(in.offset);
    event_.segment = segment_index_;
    segment_cost_ += decoder::kStaticCost[op];
    if (decoder::kEndsSegment[op]) {
      scratch_.segments[segment_index_].cost = segment_cost_;
      segment_open_ = false;
    }
  }
  void open_segment(uint32_t offset);
  ValType local_type(uint32_t index) const;
  Result<void> numeric(const decoder::Instr& in);
  Result<void> parametric(const decoder::Instr& in);
  Result<void> variable(const decoder::Instr& in);
  Result<void> reference(const decoder::Instr& in);
  // Applies an opcode-table signature; `addr` is what the letter `a` stands for.
  Result<void> apply_sig(const decoder::Sig& sig, ValType addr);

  // check_control.cpp
  Result<void> control(const decoder::Instr& in);
  Result<void> call(const decoder::Instr& in);
  Result<Frame> block_frame(const decoder::Instr& in, FrameKind kind);
  Result<void> open(const decoder::Instr& in, FrameKind kind);
  Result<void> else_(const decoder::Instr& in);
  Result<void> end(const decoder::Instr& in);
  Result<void> br_table(const decoder::Instr& in);
  Result<uint32_t> label(uint32_t depth) const;  // frame index of a label, or UnknownLabel

  // check_memory.cpp
  Result<void> memory(const decoder::Instr& in);
  Result<void> table(const decoder::Instr& in);
  Result<ValType> memory_address_type() const;  // UnknownMemory if the module has none
  Result<ValType> table_elem_type(uint32_t index) const;

  // The appendix's stack primitives. pop() of an empty frame is a TypeMismatch unless
  // the frame is unreachable, where it yields kUnknown. The common cases are inline: every
  // instruction pushes or pops.
  void push(ValType t) {
    vals_.push_back(t);
    // Pushes in unreachable code count too: a harmless overestimate that keeps
    // frame_slots independent of reachability analysis.
    if (vals_.size() > max_height_) max_height_ = static_cast<uint32_t>(vals_.size());
  }
  void push(Types ts);
  Result<ValType> pop() {
    if (vals_.size() == frames_.back().height) [[unlikely]]
      return pop_at_frame_bottom();
    const ValType t = vals_.back();
    vals_.pop_back();
    return t;
  }
  Result<ValType> pop_at_frame_bottom() const;
  Result<ValType> pop(ValType expected);
  Result<void> pop(Types expected);
  void set_unreachable();
  static Types label_types(const Frame& frame) {
    return frame.kind == FrameKind::Loop ? frame.params : frame.results;
  }

  // An error at the current instruction, in this function.
  Error fail(Errc code, const char* detail = nullptr) const;

  const decoder::Module& module_;
  decoder::FunctionFacts& out_;
  const bool offsets64_;  // memarg offsets are u64: the memory is a memory64 memory
  const Limits& limits_;
  const decoder::FuncType& type_;
  uint32_t function_index_;
  decoder::Reader reader_;  // over the body; after start(), over the expression
  FunctionBegin begin_;

  Scratch& scratch_;
  std::vector<ValType>& vals_;
  std::vector<Frame>& frames_;
  std::vector<uint32_t>& targets_;  // br_table labels of the current instruction
  ValidatedInstr event_;
  // The instruction being checked: decoded straight into the event, never copied.
  decoder::Instr& instr_ = event_.instr;
  uint32_t max_height_ = 0;
  uint32_t max_depth_ = 0;
  bool segment_open_ = false;
  uint32_t segment_index_ = 0;  // of the open (or last) segment
  uint32_t segment_cost_ = 0;   // of the open segment
};

}  // namespace shortcrust::validator
