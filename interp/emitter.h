// Emitter: appends threaded-code instructions (interp/code.h layout): a handler word,
// then u32 operands packed two per word, then 64-bit immediates on word boundaries.
// Branch offsets are u32 fields holding (target word - instruction word), patched
// through Fixups when the target is bound.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "interp/handlers.h"

namespace shortcrust::interp {

class Emitter {
 public:
  struct Field {
    uint32_t word = 0;
    uint32_t half = 0;  // 0 = low 4 bytes, 1 = high
  };
  struct Fixup {
    Field field;
    uint32_t instr = 0;  // word index of the branching instruction
  };

  // Starts an instruction; returns its word index.
  uint32_t begin(H handler) {
    half_open_ = false;
    current_ = here();
    words_.push_back(handler_word(handler));
    return current_;
  }
  Field u32(uint32_t value) {
    if (!half_open_) {
      words_.push_back(value);
      half_open_ = true;
      return {here() - 1, 0};
    }
    words_.back() |= static_cast<uint64_t>(value) << 32;
    half_open_ = false;
    return {here() - 1, 1};
  }
  void u64(uint64_t value) {
    half_open_ = false;
    words_.push_back(value);
  }
  // A branch offset field of the current instruction, to patch later.
  Fixup rel() { return {u32(0), current_}; }
  // A branch offset field pointing back to an already bound `target`.
  void rel_to(uint32_t target) { u32(target - current_); }

  void set(Field field, uint32_t value) {
    uint64_t& w = words_[field.word];
    const unsigned shift = field.half * 32;
    w = (w & ~(uint64_t{0xffffffff} << shift)) | (static_cast<uint64_t>(value) << shift);
  }
  void patch(const Fixup& fixup, uint32_t target) { set(fixup.field, target - fixup.instr); }
  void patch_u64(uint32_t word, uint64_t value) { words_[word] = value; }

  uint32_t here() const { return static_cast<uint32_t>(words_.size()); }
  std::vector<uint64_t> take() { return std::move(words_); }

 private:
  std::vector<uint64_t> words_;
  uint32_t current_ = 0;
  bool half_open_ = false;
};

}  // namespace shortcrust::interp
