// ModuleDecoder: the machinery behind decode_module() (decoder/module.h), internal to
// decoder/. One object decodes one module; its methods are split by section family over
// module_decoder.cpp (header, section loop, order), sections.cpp (type .. start),
// segments.cpp (element, data count, code, data, constant expressions) and names.cpp
// (custom sections and the `name` section). Every section method reads from a Reader
// limited to exactly that section's bytes and appends to {module_}.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "decoder/module.h"
#include "decoder/reader.h"
#include "shortcrust/config.h"
#include "shortcrust/result.h"

namespace shortcrust::decoder {

class ModuleDecoder {
 public:
  ModuleDecoder(std::span<const uint8_t> bytes, const Features& features, const Limits& limits)
      : features_(features), limits_(limits) {
    module_.bytes = bytes;
  }

  // Runs the whole decode; the decoder is spent afterwards.
  Result<Module> decode();

 private:
  // module_decoder.cpp
  Result<void> header(Reader& r);
  Result<void> check_order(uint8_t id, uint64_t at);
  Result<void> section(uint8_t id, Reader& r);
  Result<void> finish(uint64_t end);

  // sections.cpp
  Result<void> type_section(Reader& r);
  Result<void> import_section(Reader& r);
  Result<void> function_section(Reader& r);
  Result<void> table_section(Reader& r);
  Result<void> memory_section(Reader& r);
  Result<void> global_section(Reader& r);
  Result<void> export_section(Reader& r);
  Result<void> start_section(Reader& r);
  Result<FuncType> func_type(Reader& r);
  Result<ResizableLimits> resizable_limits(Reader& r, bool is_memory);
  Result<TableType> table_type(Reader& r);
  Result<MemoryType> memory_type(Reader& r);
  Result<GlobalType> global_type(Reader& r);
  Result<void> import_entry(Reader& r);

  // A vector count (at most one element per remaining byte, Reader::count) that, added to
  // `already`, must not exceed `limit`: LimitExceeded with `limit_name` at the count.
  Result<uint32_t> limited_count(Reader& r, uint64_t already, uint64_t limit,
                                 const char* limit_name);

  // segments.cpp
  Result<void> element_section(Reader& r);
  Result<void> data_count_section(Reader& r);
  Result<void> code_section(Reader& r);
  Result<void> data_section(Reader& r);
  Result<ElemSegment> elem_segment(Reader& r);
  Result<void> elem_items(Reader& r, uint32_t flags, ElemSegment& seg);
  Result<DataSegment> data_segment(Reader& r);
  Result<ConstExpr> const_expr(Reader& r);

  // names.cpp
  Result<void> custom_section(Reader& r);

  Module module_;
  const Features& features_;
  const Limits& limits_;
  std::vector<uint32_t> targets_;      // scratch for read_instr (br_table labels)
  int last_rank_ = 0;                  // spec order rank of the last non-custom section
  std::optional<uint32_t> function_section_count_;
  std::optional<uint32_t> code_section_count_;
  uint64_t function_section_offset_ = 0;  // the count's offset, for mismatch errors
  bool saw_data_section_ = false;
  bool saw_name_section_ = false;     // only the first `name` section is parsed
};

// How many of `n` announced elements to reserve room for, if each takes at least
// `min_bytes_each` bytes: never more than the rest of `r` could hold. Counts are only
// checked against one byte per element, so that a short vector fails at the element that
// is cut off, with that element's error; reserving through this keeps a lying count from
// allocating more than a constant factor of the input.
inline size_t bounded_capacity(const Reader& r, uint32_t n, size_t min_bytes_each) {
  const size_t fit = r.remaining() / min_bytes_each;
  return n < fit ? n : fit;
}

// Parses the content of a `name` custom section (spec 7.4.2); nullopt if it is malformed
// in any way, in which case the caller keeps no names at all.
std::optional<Names> parse_name_section(Reader r);

}  // namespace shortcrust::decoder
