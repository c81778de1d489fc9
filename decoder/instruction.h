// Decoding one instruction: opcode plus immediates, driven by the Imm column of the
// opcode table. Shared by the decoder (to find the end of constant expressions), the
// validator and the disassembler. Checks encodings only, not types or index ranges.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "decoder/opcodes.h"
#include "decoder/reader.h"
#include "decoder/types.h"
#include "shortcrust/config.h"

namespace shortcrust::decoder {

// A decoded instruction. Which fields hold what depends on info(op).imm:
//   Depth, FuncIdx, LocalIdx, GlobalIdx, TableIdx, ElemIdx, DataIdx: `a`
//   CallIndirect: a = type index, b = table index
//   TableInit: a = element segment, b = table;   TableCopy: a = destination, b = source
//   MemoryInit: a = data segment
//   MemArgN: a = alignment exponent as encoded, value = offset; MemArgLaneN: b = lane
//   Lane: b = lane
//   I32/I64: value (sign-extended to 64 bits); F32/F64: value = bit pattern
//   V128, Shuffle: value = low 8 bytes, value_hi = high 8 bytes (little endian)
//   BlockType: block;  RefType: type;  SelectT: a = number of types, type = the first
//   BrTable: the targets, default last, are in the `targets` vector given to read_instr
struct Instr {
  Op op = Op::Nop;
  uint32_t offset = 0;  // module offset of the opcode's first byte
  uint32_t a = 0;
  uint32_t b = 0;
  uint64_t value = 0;
  uint64_t value_hi = 0;
  BlockType block;
  ValType type = ValType::I32;
};

// Reads one instruction. `targets` receives br_table labels (cleared first; its capacity
// is reused). A br_table with more than limits.br_table_targets labels is LimitExceeded.
// Memarg offsets are u64 LEB128 when `offsets64` (the module's memory is a memory64
// memory), else u32: so a 32-bit memory keeps the core format's 5-byte bound.
// `out` is filled in place (validation loops reuse one Instr; returning it by value costs
// a copy per instruction on the hottest path of compilation). Defined below: inline for
// the single-byte opcodes without immediates, about half of all instructions.
inline Result<void> read_instr(Reader& reader, Instr& out, bool offsets64, const Limits& limits,
                               std::vector<uint32_t>& targets);
// The immediates of `out.op` (whose Imm column is `imm`), the opcode having been read.
Result<void> read_immediates(Reader& reader, Instr& out, Imm imm, bool offsets64, const Limits& limits,
                             std::vector<uint32_t>& targets);
// A prefixed or unknown opcode, then its immediates.
Result<void> read_prefixed_instr(Reader& reader, Instr& out, bool offsets64, const Limits& limits,
                                 std::vector<uint32_t>& targets);

// ---- Stepping over instructions without decoding them -------------------------------
// Scans that run before validation (the JIT's local-use pre-scan) only need to find
// where each instruction ends. The bytes an Imm layout occupies, as far as a scan cares:
enum class ImmShape : uint8_t {
  None,
  Leb,       // one LEB128 number (indices, depths, constants; block types: 0x40, a value
             // type and an s33 index all end at the first byte below 0x80)
  Leb2,      // two (call_indirect, table.init/copy, memargs)
  LebByte,   // a LEB128 number then one byte (memory.init)
  Leb2Byte,  // two LEB128 numbers then one byte (memarg and lane)
  Byte1, Byte2, Byte4, Byte8, Byte16,  // fixed-size immediates
  BrTable,   // a count n, then n + 1 LEB128 labels
  SelectT,   // a count n, then n type bytes
};

constexpr ImmShape imm_shape(Imm imm) {
  switch (imm) {
    case Imm::None: return ImmShape::None;
    case Imm::BlockType: case Imm::Depth: case Imm::FuncIdx: case Imm::LocalIdx: case Imm::GlobalIdx:
    case Imm::TableIdx: case Imm::ElemIdx: case Imm::DataIdx: case Imm::I32: case Imm::I64:
      return ImmShape::Leb;
    case Imm::CallIndirect: case Imm::TableInit: case Imm::TableCopy: case Imm::MemArg1: case Imm::MemArg2:
    case Imm::MemArg4: case Imm::MemArg8: case Imm::MemArg16:
      return ImmShape::Leb2;
    case Imm::MemoryInit: return ImmShape::LebByte;
    case Imm::MemArgLane1: case Imm::MemArgLane2: case Imm::MemArgLane4: case Imm::MemArgLane8:
      return ImmShape::Leb2Byte;
    case Imm::MemoryIdx: case Imm::Lane: case Imm::RefType: return ImmShape::Byte1;
    case Imm::MemoryCopy: return ImmShape::Byte2;
    case Imm::F32: return ImmShape::Byte4;
    case Imm::F64: return ImmShape::Byte8;
    case Imm::V128: case Imm::Shuffle: return ImmShape::Byte16;
    case Imm::BrTable: return ImmShape::BrTable;
    case Imm::SelectT: return ImmShape::SelectT;
  }
  return ImmShape::None;
}

namespace detail {
// The end of the LEB128 number at `p` (at most `end`).
inline const uint8_t* skip_leb(const uint8_t* p, const uint8_t* end) {
  while (p < end && (*p & 0x80) != 0) ++p;
  return p < end ? p + 1 : end;
}
}  // namespace detail

// A u32 LEB128 number read leniently (for scans): where it ends, at most `end`; bits
// beyond the 32nd are dropped.
inline const uint8_t* skip_lenient_u32(const uint8_t* p, const uint8_t* end, uint32_t& value) {
  value = 0;
  for (uint32_t shift = 0; p < end;) {
    const uint8_t byte = *p++;
    if (shift < 32) {
      value |= static_cast<uint32_t>(byte & 0x7f) << shift;
      shift += 7;
    }
    if ((byte & 0x80) == 0) break;
  }
  return p;
}
namespace detail {
inline const uint8_t* skip_fixed(const uint8_t* p, const uint8_t* end, size_t n) {
  return static_cast<size_t>(end - p) < n ? end : p + n;
}
const uint8_t* skip_rare_immediates(ImmShape shape, const uint8_t* p, const uint8_t* end);
}  // namespace detail

// Immediates of shape `shape` starting at `p`: where they end, never past `end`.
// Encodings are not checked (read_instr does that); a scan must treat what it reads as
// untrusted. One branch for the common shapes.
inline const uint8_t* skip_shape(ImmShape shape, const uint8_t* p, const uint8_t* end) {
  if (shape == ImmShape::None) return p;
  if (shape == ImmShape::Leb) return detail::skip_leb(p, end);
  return detail::skip_rare_immediates(shape, p, end);
}

// The immediates of an instruction whose opcode (`op`) ended at `p`.
inline const uint8_t* skip_immediates(Op op, const uint8_t* p, const uint8_t* end) {
  return skip_shape(imm_shape(info(op).imm), p, end);
}

// What a scan needs of an instruction's first byte, from one 1 KiB table built from the
// opcode table: the Op and its immediates' shape when the byte is a whole opcode
// (`single`); prefixes and unknown bytes are not.
struct OpcodeByte {
  Op op = Op::Nop;
  Imm imm = Imm::None;
  ImmShape shape = ImmShape::None;
  bool single = false;
};

namespace detail {
constexpr std::array<OpcodeByte, 256> build_opcode_bytes() {
  std::array<OpcodeByte, 256> table{};
  for (size_t byte = 0; byte < 256; ++byte) {
    if (const std::optional<Op> op = op_from_byte(static_cast<uint8_t>(byte))) {
      table[byte] = OpcodeByte{*op, info(*op).imm, imm_shape(info(*op).imm), true};
    }
  }
  return table;
}
inline constexpr std::array<OpcodeByte, 256> kOpcodeBytes = build_opcode_bytes();
}  // namespace detail

constexpr const OpcodeByte& opcode_byte(uint8_t byte) { return detail::kOpcodeBytes[byte]; }

// The opcode at `p` (prefixed ones included): where it ends and which Op it is, or
// nullptr for an opcode the table does not have.
inline const uint8_t* skip_opcode(const uint8_t* p, const uint8_t* end, Op& op) {
  const uint8_t byte = *p++;
  const OpcodeByte& single = opcode_byte(byte);
  if (single.single) [[likely]] {
    op = single.op;
    return p;
  }
  if (byte != kPrefixFc && byte != kPrefixFd) return nullptr;
  uint32_t sub = 0;
  p = skip_lenient_u32(p, end, sub);
  const std::optional<Op> prefixed = op_from_prefixed(byte, sub);
  if (!prefixed) return nullptr;
  op = *prefixed;
  return p;
}

inline Result<void> read_instr(Reader& reader, Instr& out, bool offsets64, const Limits& limits,
                               std::vector<uint32_t>& targets) {
  out = Instr{};
  out.offset = static_cast<uint32_t>(reader.offset());
  if (reader.at_end()) [[unlikely]]
    return reader.fail(Errc::UnexpectedEnd);
  const OpcodeByte& first = opcode_byte(*reader.position());
  if (!first.single) [[unlikely]]
    return read_prefixed_instr(reader, out, offsets64, limits, targets);
  reader.skip_checked(1);
  out.op = first.op;
  if (first.imm == Imm::None) return ok();
  return read_immediates(reader, out, first.imm, offsets64, limits, targets);
}

// Reads a value type byte; MalformedValueType for anything else.
Result<ValType> read_val_type(Reader& reader);
// Reads a reference type byte; MalformedRefType for anything else.
Result<ValType> read_ref_type(Reader& reader);

}  // namespace shortcrust::decoder
