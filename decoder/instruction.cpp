// Immediate decoding per Imm kind (spec 5.4). One switch, no per-opcode code.
#include "decoder/instruction.h"

namespace shortcrust::decoder {

bool is_val_type_byte(uint8_t b) {
  switch (b) {
    case 0x7f: case 0x7e: case 0x7d: case 0x7c: case 0x7b: case 0x70: case 0x6f:
      return true;
  }
  return false;
}

bool is_ref_type_byte(uint8_t b) { return b == 0x70 || b == 0x6f; }

Result<ValType> read_val_type(Reader& r) {
  const uint64_t at = r.offset();
  SC_TRY(uint8_t b, r.u8());
  if (!is_val_type_byte(b)) return Reader::fail_at(at, Errc::MalformedValueType);
  return static_cast<ValType>(b);
}

Result<ValType> read_ref_type(Reader& r) {
  const uint64_t at = r.offset();
  SC_TRY(uint8_t b, r.u8());
  if (!is_ref_type_byte(b)) return Reader::fail_at(at, Errc::MalformedRefType);
  return static_cast<ValType>(b);
}

namespace {

Result<void> read_opcode(Reader& r, Op& out) {
  const uint64_t at = r.offset();
  SC_TRY(uint8_t byte, r.u8());
  std::optional<Op> op;
  if (byte == kPrefixFc || byte == kPrefixFd) {
    SC_TRY(uint32_t sub, r.u32());
    op = op_from_prefixed(byte, sub);
  } else {
    op = op_from_byte(byte);
  }
  if (!op) return Reader::fail_at(at, Errc::IllegalOpcode);
  out = *op;
  return ok();
}

Result<void> read_zero_byte(Reader& r) {
  const uint64_t at = r.offset();
  SC_TRY(uint8_t b, r.u8());
  if (b != 0) return Reader::fail_at(at, Errc::ZeroByteExpected);
  return ok();
}

Result<BlockType> read_block_type(Reader& r) {
  BlockType bt;
  if (r.at_end()) return r.fail(Errc::UnexpectedEnd);
  const uint8_t first = *r.position();
  if (first == 0x40) {
    (void)r.u8();
    return bt;
  }
  if (is_val_type_byte(first)) {
    (void)r.u8();
    bt.kind = BlockType::Kind::Value;
    bt.value = static_cast<ValType>(first);
    return bt;
  }
  const uint64_t at = r.offset();
  SC_TRY(int64_t index, r.s33());
  // s33 keeps type indices non-negative and below 2^32; negatives are not value types.
  if (index < 0) return Reader::fail_at(at, Errc::MalformedBlockType);
  bt.kind = BlockType::Kind::TypeIndex;
  bt.type_index = static_cast<uint32_t>(index);
  return bt;
}

}  // namespace

namespace detail {

const uint8_t* skip_rare_immediates(ImmShape shape, const uint8_t* p, const uint8_t* end) {
  switch (shape) {
    case ImmShape::None: return p;
    case ImmShape::Leb: return skip_leb(p, end);
    case ImmShape::Leb2: return skip_leb(skip_leb(p, end), end);
    case ImmShape::LebByte: return skip_fixed(skip_leb(p, end), end, 1);
    case ImmShape::Leb2Byte: return skip_fixed(skip_leb(skip_leb(p, end), end), end, 1);
    case ImmShape::Byte1: return skip_fixed(p, end, 1);
    case ImmShape::Byte2: return skip_fixed(p, end, 2);
    case ImmShape::Byte4: return skip_fixed(p, end, 4);
    case ImmShape::Byte8: return skip_fixed(p, end, 8);
    case ImmShape::Byte16: return skip_fixed(p, end, 16);
    case ImmShape::BrTable: {
      uint32_t n = 0;
      p = skip_lenient_u32(p, end, n);
      for (uint64_t i = 0; i <= n && p < end; ++i) p = skip_leb(p, end);
      return p;
    }
    case ImmShape::SelectT: {
      uint32_t n = 0;
      p = skip_lenient_u32(p, end, n);
      return skip_fixed(p, end, n);
    }
  }
  return end;
}

}  // namespace detail

Result<void> read_prefixed_instr(Reader& r, Instr& in, bool offsets64, const Limits& limits,
                                 std::vector<uint32_t>& targets) {
  SC_TRY_VOID(read_opcode(r, in.op));
  return read_immediates(r, in, info(in.op).imm, offsets64, limits, targets);
}

Result<void> read_immediates(Reader& r, Instr& in, Imm imm, bool offsets64, const Limits& limits,
                             std::vector<uint32_t>& targets) {
  switch (imm) {
    case Imm::None:
      break;
    case Imm::BlockType: {
      SC_TRY(in.block, read_block_type(r));
      break;
    }
    case Imm::Depth: case Imm::FuncIdx: case Imm::LocalIdx: case Imm::GlobalIdx:
    case Imm::TableIdx: case Imm::ElemIdx: case Imm::DataIdx: {
      SC_TRY(in.a, r.u32());
      break;
    }
    case Imm::CallIndirect: case Imm::TableInit: case Imm::TableCopy: {
      SC_TRY(in.a, r.u32());
      SC_TRY(in.b, r.u32());
      break;
    }
    case Imm::BrTable: {
      const uint64_t at = r.offset();
      SC_TRY(uint32_t n, r.count(1));
      if (n >= limits.br_table_targets)
        return Reader::fail_at(at, Errc::LimitExceeded, "br_table_targets");
      targets.clear();
      targets.reserve(n + 1);
      for (uint32_t i = 0; i <= n; ++i) {
        SC_TRY(uint32_t label, r.u32());
        targets.push_back(label);
      }
      in.a = n;
      break;
    }
    case Imm::MemoryIdx:
      SC_TRY_VOID(read_zero_byte(r));
      break;
    case Imm::MemoryInit: {
      SC_TRY(in.a, r.u32());
      SC_TRY_VOID(read_zero_byte(r));
      break;
    }
    case Imm::MemoryCopy:
      SC_TRY_VOID(read_zero_byte(r));
      SC_TRY_VOID(read_zero_byte(r));
      break;
    case Imm::MemArg1: case Imm::MemArg2: case Imm::MemArg4: case Imm::MemArg8:
    case Imm::MemArg16: case Imm::MemArgLane1: case Imm::MemArgLane2: case Imm::MemArgLane4:
    case Imm::MemArgLane8: {
      SC_TRY(in.a, r.u32());
      if (offsets64) {
        SC_TRY(in.value, r.u64());
      } else {
        SC_TRY(uint32_t offset, r.u32());
        in.value = offset;
      }
      if (imm >= Imm::MemArgLane1) {
        SC_TRY(in.b, r.u8());
      }
      break;
    }
    case Imm::I32: {
      SC_TRY(int32_t v, r.s32());
      in.value = static_cast<uint64_t>(static_cast<int64_t>(v));
      break;
    }
    case Imm::I64: {
      SC_TRY(int64_t v, r.s64());
      in.value = static_cast<uint64_t>(v);
      break;
    }
    case Imm::F32: {
      SC_TRY(in.value, r.fixed_u32());
      break;
    }
    case Imm::F64: {
      SC_TRY(in.value, r.fixed_u64());
      break;
    }
    case Imm::V128: case Imm::Shuffle: {
      SC_TRY(in.value, r.fixed_u64());
      SC_TRY(in.value_hi, r.fixed_u64());
      break;
    }
    case Imm::Lane: {
      SC_TRY(in.b, r.u8());
      break;
    }
    case Imm::SelectT: {
      SC_TRY(uint32_t n, r.count(1));
      for (uint32_t i = 0; i < n; ++i) {
        SC_TRY(ValType t, read_val_type(r));
        if (i == 0) in.type = t;
      }
      in.a = n;
      break;
    }
    case Imm::RefType: {
      SC_TRY(in.type, read_ref_type(r));
      break;
    }
  }
  return ok();
}

}  // namespace shortcrust::decoder
