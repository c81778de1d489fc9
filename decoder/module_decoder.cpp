// decode_module(): the binary header, the section loop and the rules that span sections
// (spec 5.5.2-5.5.16): section ids, order and uniqueness, exact section sizes, function vs
// code counts, and the data count. The per-section parsers live in sections.cpp,
// segments.cpp and names.cpp; all of them read from a Reader bounded to one section.
#include <algorithm>

#include "decoder/module_decoder.h"

namespace shortcrust::decoder {
namespace {

constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6d};
constexpr uint8_t kVersion[4] = {0x01, 0x00, 0x00, 0x00};

enum class SectionId : uint8_t {
  Custom = 0, Type = 1, Import = 2, Function = 3, Table = 4, Memory = 5, Global = 6,
  Export = 7, Start = 8, Element = 9, Code = 10, Data = 11, DataCount = 12,
};
constexpr uint8_t kMaxSectionId = 12;

// Position of a non-custom section in the required order. The data count section (12)
// sits between element (9) and code (10), so ids alone do not give the order.
int order_rank(SectionId id) {
  switch (id) {
    case SectionId::Custom: return 0;
    case SectionId::Type: return 1;
    case SectionId::Import: return 2;
    case SectionId::Function: return 3;
    case SectionId::Table: return 4;
    case SectionId::Memory: return 5;
    case SectionId::Global: return 6;
    case SectionId::Export: return 7;
    case SectionId::Start: return 8;
    case SectionId::Element: return 9;
    case SectionId::DataCount: return 10;
    case SectionId::Code: return 11;
    case SectionId::Data: return 12;
  }
  return 0;
}

}  // namespace

Result<Module> decode_module(std::span<const uint8_t> bytes, const Features& features,
                             const Limits& limits) {
  ModuleDecoder decoder(bytes, features, limits);
  return decoder.decode();
}

Result<Module> ModuleDecoder::decode() {
  const std::span<const uint8_t> bytes = module_.bytes;
  // Spans are 32-bit, so a module must also fit in 4 GiB whatever the configuration says.
  if (bytes.size() > limits_.module_bytes || bytes.size() > UINT32_MAX)
    return Reader::fail_at(0, Errc::LimitExceeded, "module_bytes");
  Reader r(bytes);
  SC_TRY_VOID(header(r));
  while (!r.at_end()) {
    const uint64_t section_start = r.offset();
    SC_TRY(uint8_t id, r.u8());
    if (id > kMaxSectionId) return Reader::fail_at(section_start, Errc::UnknownSection);
    SC_TRY_VOID(check_order(id, section_start));
    const uint64_t size_at = r.offset();
    SC_TRY(uint32_t size, r.u32());
    if (size > r.remaining())
      return Reader::fail_at(size_at, Errc::SectionTooLarge);
    SC_TRY(Reader content, r.sub(size));
    SC_TRY_VOID(section(id, content));
    if (!content.at_end())
      return Reader::fail_at(section_start, Errc::SectionSizeMismatch,
                             "section content ends before its declared size");
  }
  SC_TRY_VOID(finish(r.offset()));
  return std::move(module_);
}

Result<void> ModuleDecoder::header(Reader& r) {
  SC_TRY(auto magic, r.bytes(4));
  if (!std::equal(magic.begin(), magic.end(), kMagic)) return Reader::fail_at(0, Errc::BadMagic);
  SC_TRY(auto version, r.bytes(4));
  if (!std::equal(version.begin(), version.end(), kVersion))
    return Reader::fail_at(4, Errc::BadVersion);
  return ok();
}

Result<void> ModuleDecoder::check_order(uint8_t id, uint64_t at) {
  const int rank = order_rank(static_cast<SectionId>(id));
  if (rank == 0) return ok();  // custom sections may appear anywhere, any number of times
  if (rank <= last_rank_) return Reader::fail_at(at, Errc::SectionOrder);
  last_rank_ = rank;
  return ok();
}

Result<void> ModuleDecoder::section(uint8_t id, Reader& r) {
  switch (static_cast<SectionId>(id)) {
    case SectionId::Custom: return custom_section(r);
    case SectionId::Type: return type_section(r);
    case SectionId::Import: return import_section(r);
    case SectionId::Function: return function_section(r);
    case SectionId::Table: return table_section(r);
    case SectionId::Memory: return memory_section(r);
    case SectionId::Global: return global_section(r);
    case SectionId::Export: return export_section(r);
    case SectionId::Start: return start_section(r);
    case SectionId::Element: return element_section(r);
    case SectionId::Code: return code_section(r);
    case SectionId::Data: return data_section(r);
    case SectionId::DataCount: return data_count_section(r);
  }
  return r.fail(Errc::UnknownSection);  // unreachable: ids above 12 are rejected earlier
}

// Rules that can only be checked once every section has been seen: a function section
// without a code section, and a data count without a data section.
Result<void> ModuleDecoder::finish(uint64_t end) {
  if (!code_section_count_ && function_section_count_.value_or(0) != 0)
    return Reader::fail_at(end, Errc::FunctionCountMismatch,
                           "function section without code section");
  if (!saw_data_section_ && module_.data_count.value_or(0) != 0)
    return Reader::fail_at(end, Errc::DataCountMismatch, "data count section without data section");
  return ok();
}

Result<uint32_t> ModuleDecoder::limited_count(Reader& r, uint64_t already, uint64_t limit,
                                              const char* limit_name) {
  const uint64_t at = r.offset();
  SC_TRY(uint32_t n, r.count(1));
  if (already + n > limit) return Reader::fail_at(at, Errc::LimitExceeded, limit_name);
  return n;
}

}  // namespace shortcrust::decoder
