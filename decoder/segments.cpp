// The element, data count, code and data sections (spec 5.5.12-5.5.16), and constant
// expressions, which the decoder only delimits: it records their bytes up to the `end`
// that closes them and leaves checking and evaluation to the validator.
#include "decoder/instruction.h"
#include "decoder/module_decoder.h"

namespace shortcrust::decoder {
namespace {

// Smallest encodings, bounding what a count may reserve (bounded_capacity): every element
// segment form has flags, an expression or kind byte, and an item count; a data segment
// has at least flags and length.
constexpr size_t kMinElemSegmentBytes = 3;
constexpr size_t kMinDataSegmentBytes = 2;

// Element segment flag bits (spec 5.5.12).
constexpr uint32_t kElemPassiveOrDeclarative = 0x1;
constexpr uint32_t kElemExplicitTableOrDeclarative = 0x2;
constexpr uint32_t kElemExpressions = 0x4;
constexpr uint32_t kElemMaxFlags = 7;

// Data segment forms (spec 5.5.14).
constexpr uint32_t kDataActive = 0;
constexpr uint32_t kDataPassive = 1;
constexpr uint32_t kDataActiveExplicit = 2;

// The only element kind of the function-index forms: funcref.
constexpr uint8_t kElemKindFuncRef = 0x00;

}  // namespace

Result<ConstExpr> ModuleDecoder::const_expr(Reader& r) {
  ConstExpr expr;
  const uint64_t start = r.offset();
  // Structured instructions are not constant, but they are well-formed: nest them so the
  // right `end` closes the expression and the validator reports the real problem.
  uint32_t depth = 0;
  for (;;) {
    if (r.at_end()) return r.fail(Errc::UnexpectedEnd, "constant expression without end");
    Instr in;
    SC_TRY_VOID(read_instr(r, in, /*offsets64=*/false, limits_, targets_));
    if (in.op == Op::Block || in.op == Op::Loop || in.op == Op::If) {
      ++depth;
    } else if (in.op == Op::End) {
      if (depth == 0) break;
      --depth;
    }
  }
  expr.bytes = Span{static_cast<uint32_t>(start), static_cast<uint32_t>(r.offset() - start)};
  return expr;
}

Result<void> ModuleDecoder::element_section(Reader& r) {
  SC_TRY(uint32_t n, limited_count(r, 0, limits_.element_segments, "element_segments"));
  module_.elements.reserve(bounded_capacity(r, n, kMinElemSegmentBytes));
  for (uint32_t i = 0; i < n; ++i) {
    SC_TRY(ElemSegment seg, elem_segment(r));
    module_.elements.push_back(std::move(seg));
  }
  return ok();
}

// flags: bit 0 passive/declarative, bit 1 explicit table (active) or declarative (not
// active), bit 2 items are expressions rather than function indices.
Result<ElemSegment> ModuleDecoder::elem_segment(Reader& r) {
  ElemSegment seg;
  seg.offset_in_module = static_cast<uint32_t>(r.offset());
  SC_TRY(uint32_t flags, r.u32());
  if (flags > kElemMaxFlags)
    return Reader::fail_at(seg.offset_in_module, Errc::MalformedSegmentFlags);
  const bool active = (flags & kElemPassiveOrDeclarative) == 0;
  if (active) {
    seg.mode = SegmentMode::Active;
    if (flags & kElemExplicitTableOrDeclarative) {
      SC_TRY(seg.table, r.u32());
    }
    SC_TRY(seg.offset, const_expr(r));
  } else {
    seg.mode = (flags & kElemExplicitTableOrDeclarative) ? SegmentMode::Declarative
                                                         : SegmentMode::Passive;
  }
  // Forms 0 and 4 have neither element kind nor reference type: funcref is implied.
  const bool implicit_type = flags == 0 || flags == kElemExpressions;
  if (!implicit_type) {
    if (flags & kElemExpressions) {
      SC_TRY(seg.type, read_ref_type(r));
    } else {
      const uint64_t at = r.offset();
      SC_TRY(uint8_t kind, r.u8());
      if (kind != kElemKindFuncRef) return Reader::fail_at(at, Errc::MalformedElemKind);
    }
  }
  SC_TRY_VOID(elem_items(r, flags, seg));
  return seg;
}

Result<void> ModuleDecoder::elem_items(Reader& r, uint32_t flags, ElemSegment& seg) {
  SC_TRY(uint32_t n, limited_count(r, 0, limits_.segment_elements, "segment_elements"));
  seg.items.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    if (flags & kElemExpressions) {
      SC_TRY(ConstExpr item, const_expr(r));
      seg.items.push_back(item);
      continue;
    }
    // A function index becomes the item `ref.func index`, already known to be constant.
    ConstExpr item;
    const uint64_t at = r.offset();
    SC_TRY(item.index, r.u32());
    item.kind = ConstExpr::Kind::RefFunc;
    item.type = ValType::FuncRef;
    item.bytes = Span{static_cast<uint32_t>(at), static_cast<uint32_t>(r.offset() - at)};
    seg.items.push_back(item);
  }
  return ok();
}

Result<void> ModuleDecoder::data_count_section(Reader& r) {
  SC_TRY(uint32_t n, r.u32());
  module_.data_count = n;
  return ok();
}

Result<void> ModuleDecoder::code_section(Reader& r) {
  const uint64_t at = r.offset();
  SC_TRY(uint32_t n, r.count(1));
  code_section_count_ = n;
  if (n != function_section_count_.value_or(0))
    return Reader::fail_at(at, Errc::FunctionCountMismatch);
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t size_at = r.offset();
    SC_TRY(uint32_t size, r.u32());
    if (size > limits_.function_body_bytes)
      return Reader::fail_at(size_at, Errc::LimitExceeded, "function_body_bytes");
    const uint64_t body_at = r.offset();
    SC_TRY(auto body, r.bytes(size));
    module_.functions[i].body = Span{static_cast<uint32_t>(body_at),
                                     static_cast<uint32_t>(body.size())};
  }
  return ok();
}

Result<void> ModuleDecoder::data_section(Reader& r) {
  saw_data_section_ = true;
  const uint64_t at = r.offset();
  SC_TRY(uint32_t n, limited_count(r, 0, limits_.data_segments, "data_segments"));
  if (module_.data_count && *module_.data_count != n)
    return Reader::fail_at(at, Errc::DataCountMismatch);
  module_.data.reserve(bounded_capacity(r, n, kMinDataSegmentBytes));
  for (uint32_t i = 0; i < n; ++i) {
    SC_TRY(DataSegment seg, data_segment(r));
    module_.data.push_back(seg);
  }
  return ok();
}

Result<DataSegment> ModuleDecoder::data_segment(Reader& r) {
  DataSegment seg;
  seg.offset_in_module = static_cast<uint32_t>(r.offset());
  SC_TRY(uint32_t flags, r.u32());
  switch (flags) {
    case kDataActive:
      seg.mode = SegmentMode::Active;
      break;
    case kDataPassive:
      seg.mode = SegmentMode::Passive;
      break;
    case kDataActiveExplicit: {
      seg.mode = SegmentMode::Active;
      SC_TRY(seg.memory, r.u32());
      break;
    }
    default:
      return Reader::fail_at(seg.offset_in_module, Errc::MalformedSegmentFlags);
  }
  if (seg.mode == SegmentMode::Active) {
    SC_TRY(seg.offset, const_expr(r));
  }
  SC_TRY(uint32_t size, r.u32());
  const uint64_t init_at = r.offset();
  SC_TRY(auto init, r.bytes(size));
  seg.init = Span{static_cast<uint32_t>(init_at), static_cast<uint32_t>(init.size())};
  return seg;
}

}  // namespace shortcrust::decoder
