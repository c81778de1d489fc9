// Decoding one instruction: opcode plus immediates, driven by the Imm column of the
// opcode table. Shared by the decoder (to find the end of constant expressions), the
// validator and the disassembler. Checks encodings only, not types or index ranges.
#pragma once

#include <cstdint>
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
// a copy per instruction on the hottest path of compilation).
Result<void> read_instr(Reader& reader, Instr& out, bool offsets64, const Limits& limits,
                        std::vector<uint32_t>& targets);

// Reads a value type byte; MalformedValueType for anything else.
Result<ValType> read_val_type(Reader& reader);
// Reads a reference type byte; MalformedRefType for anything else.
Result<ValType> read_ref_type(Reader& reader);

}  // namespace shortcrust::decoder
