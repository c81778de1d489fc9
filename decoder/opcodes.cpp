// Encoding -> Op lookup tables, built at compile time from opcodes.def.
#include "decoder/opcodes.h"

namespace shortcrust::decoder {
namespace {

inline constexpr uint16_t kNoOp = 0xffff;
inline constexpr uint32_t kMaxSub = 0x200;  // sub-opcodes after a prefix are below this

struct Tables {
  std::array<uint16_t, 256> single{};
  std::array<uint16_t, kMaxSub> fc{};
  std::array<uint16_t, kMaxSub> fd{};
};

constexpr Tables build() {
  Tables t;
  t.single.fill(kNoOp);
  t.fc.fill(kNoOp);
  t.fd.fill(kNoOp);
  for (size_t i = 0; i < kOpCount; ++i) {
    const uint32_t enc = kOpInfo[i].encoding;
    uint16_t* slot = nullptr;
    if (enc < 0x100) slot = &t.single[enc];
    else if ((enc >> 16) == kPrefixFc && (enc & 0xffff) < kMaxSub) slot = &t.fc[enc & 0xffff];
    else if ((enc >> 16) == kPrefixFd && (enc & 0xffff) < kMaxSub) slot = &t.fd[enc & 0xffff];
    if (slot == nullptr) throw "encoding out of range in opcodes.def";
    if (*slot != kNoOp) throw "duplicate encoding in opcodes.def";
    *slot = static_cast<uint16_t>(i);
  }
  return t;
}

constexpr Tables kTables = build();

std::optional<Op> to_op(uint16_t v) {
  if (v == kNoOp) return std::nullopt;
  return static_cast<Op>(v);
}

}  // namespace

std::optional<Op> op_from_byte(uint8_t byte) { return to_op(kTables.single[byte]); }

std::optional<Op> op_from_prefixed(uint8_t prefix, uint32_t sub) {
  if (sub >= kMaxSub) return std::nullopt;
  if (prefix == kPrefixFc) return to_op(kTables.fc[sub]);
  if (prefix == kPrefixFd) return to_op(kTables.fd[sub]);
  return std::nullopt;
}

}  // namespace shortcrust::decoder
