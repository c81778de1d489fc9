// Everything derived from opcodes.def: the {Op} enum, per-op facts ({OpInfo}), and the
// encoding-to-Op lookup used by the decoder. Nothing here is written by hand per opcode.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace shortcrust::decoder {

enum class Op : uint16_t {
#define X(name, enc, text, imm, sig, gas, family) name,
#include "decoder/opcodes.def"
#undef X
  Count_
};
inline constexpr size_t kOpCount = static_cast<size_t>(Op::Count_);

// Immediate layouts (see the Imm column of opcodes.def).
enum class Imm : uint8_t {
  None,
  BlockType,     // blocktype: 0x40, a value type, or an s33 type index
  Depth,         // u32 label index
  BrTable,       // vec(u32) labels, then the u32 default label
  FuncIdx,       // u32 function index
  CallIndirect,  // u32 type index, u32 table index
  LocalIdx,      // u32
  GlobalIdx,     // u32
  TableIdx,      // u32
  ElemIdx,       // u32
  DataIdx,       // u32
  TableInit,     // u32 element index, u32 table index
  TableCopy,     // u32 destination table, u32 source table
  MemoryIdx,     // one 0x00 byte (2.0 has a single memory)
  MemoryInit,    // u32 data index, then one 0x00 byte
  MemoryCopy,    // two 0x00 bytes
  MemArg1, MemArg2, MemArg4, MemArg8, MemArg16,          // u32 align, uN offset
  MemArgLane1, MemArgLane2, MemArgLane4, MemArgLane8,    // memarg then a lane byte
  I32,           // s32
  I64,           // s64
  F32,           // 4 bytes little endian
  F64,           // 8 bytes little endian
  V128,          // 16 bytes
  Shuffle,       // 16 lane index bytes
  Lane,          // one lane index byte
  SelectT,       // vec(valtype)
  RefType,       // one reference type byte
};

// Gas cost classes of ARCHITECTURE §5 (schedule v1). Numbers live in gas.h.
enum class GasClass : uint8_t {
  Free, Base, Store1, Store2, Store4, Store8, Store16, MemBytes, TableElems, MemPages
};

enum class Family : uint8_t {
  Control, Call, Reference, Parametric, Variable, Table, Load, Store, Memory,
  Const, Compare, Unary, Binary, Convert, Simd
};

// One operand type letter of the Sig column.
enum class SigType : uint8_t { I32, I64, F32, F64, V128, Addr };

// A parsed Sig column: at most three params and one result; `special` for `x`.
struct Sig {
  bool special = false;
  uint8_t param_count = 0;
  uint8_t result_count = 0;
  std::array<SigType, 3> params{};
  SigType result{};
};

struct OpInfo {
  uint32_t encoding;   // see opcodes.def
  const char* text;    // text-format name
  Imm imm;
  Sig sig;
  GasClass gas;
  Family family;
};

namespace detail {
constexpr SigType sig_letter(char c) {
  switch (c) {
    case 'i': return SigType::I32;
    case 'l': return SigType::I64;
    case 'f': return SigType::F32;
    case 'd': return SigType::F64;
    case 's': return SigType::V128;
    case 'a': return SigType::Addr;
  }
  throw "bad signature letter in opcodes.def";  // compile-time error in constant evaluation
}
// Parses "r_ppp" (or "x") at compile time.
constexpr Sig parse_sig(const char* s) {
  Sig sig;
  if (s[0] == 'x' && s[1] == 0) {
    sig.special = true;
    return sig;
  }
  if (s[0] != 'v') {
    sig.result = sig_letter(s[0]);
    sig.result_count = 1;
  }
  if (s[1] != '_') throw "signature must be results_params";
  for (int i = 2; s[i] != 0; ++i) {
    if (s[i] == 'v') continue;
    if (sig.param_count == 3) throw "too many params in signature";
    sig.params[sig.param_count++] = sig_letter(s[i]);
  }
  return sig;
}
}  // namespace detail

inline constexpr std::array<OpInfo, kOpCount> kOpInfo = {{
#define X(name, enc, text, imm, sig, gas, family) \
  {enc, text, Imm::imm, detail::parse_sig(#sig), GasClass::gas, Family::family},
#include "decoder/opcodes.def"
#undef X
}};

constexpr const OpInfo& info(Op op) { return kOpInfo[static_cast<size_t>(op)]; }
constexpr const char* text(Op op) { return info(op).text; }

// Prefix bytes of multi-byte opcodes.
inline constexpr uint8_t kPrefixFc = 0xfc;
inline constexpr uint8_t kPrefixFd = 0xfd;

// Encoding -> Op tables, built at compile time. Inline: the decoder looks up every
// opcode it reads, so this must cost one load.
namespace detail {
inline constexpr uint16_t kNoOp = 0xffff;
inline constexpr uint32_t kMaxSub = 0x200;  // sub-opcodes after a prefix are below this

struct EncodingTables {
  std::array<uint16_t, 256> single{};
  std::array<uint16_t, kMaxSub> fc{};
  std::array<uint16_t, kMaxSub> fd{};
};

constexpr EncodingTables build_encoding_tables() {
  EncodingTables t;
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

inline constexpr EncodingTables kEncodingTables = build_encoding_tables();

constexpr std::optional<Op> to_op(uint16_t v) {
  if (v == kNoOp) return std::nullopt;
  return static_cast<Op>(v);
}
}  // namespace detail

// Encoding lookup: single byte opcodes, and sub-opcodes after 0xfc / 0xfd.
constexpr std::optional<Op> op_from_byte(uint8_t byte) {
  return detail::to_op(detail::kEncodingTables.single[byte]);
}
constexpr std::optional<Op> op_from_prefixed(uint8_t prefix, uint32_t sub) {
  if (sub >= detail::kMaxSub) return std::nullopt;
  if (prefix == kPrefixFc) return detail::to_op(detail::kEncodingTables.fc[sub]);
  if (prefix == kPrefixFd) return detail::to_op(detail::kEncodingTables.fd[sub]);
  return std::nullopt;
}

// Natural alignment (log2 of the access size) for MemArg immediates; 0 otherwise.
constexpr uint32_t natural_align_log2(Imm imm) {
  switch (imm) {
    case Imm::MemArg1: case Imm::MemArgLane1: return 0;
    case Imm::MemArg2: case Imm::MemArgLane2: return 1;
    case Imm::MemArg4: case Imm::MemArgLane4: return 2;
    case Imm::MemArg8: case Imm::MemArgLane8: return 3;
    case Imm::MemArg16: return 4;
    default: return 0;  // not a memory access: no alignment
  }
}
constexpr bool has_memarg(Imm imm) {
  return imm >= Imm::MemArg1 && imm <= Imm::MemArgLane8;
}

}  // namespace shortcrust::decoder
