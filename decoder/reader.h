// Reader: a bounded cursor over module bytes. Every read is checked and returns a
// Result; errors carry the module-relative offset of the failing read. LEB128 reads
// reject overlong encodings and unused high bits in the last byte (spec 5.2.2).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "shortcrust/result.h"

namespace shortcrust::decoder {

class Reader {
 public:
  // `base` is the module offset of bytes[0], so sub-readers report module offsets.
  explicit Reader(std::span<const uint8_t> bytes, uint64_t base = 0)
      : begin_(bytes.data()), pos_(bytes.data()), end_(bytes.data() + bytes.size()), base_(base) {}

  uint64_t offset() const { return base_ + static_cast<uint64_t>(pos_ - begin_); }
  size_t remaining() const { return static_cast<size_t>(end_ - pos_); }
  bool at_end() const { return pos_ == end_; }
  const uint8_t* position() const { return pos_; }

  // u8 and the one-byte case of u32 (most indices and counts) are inline: the
  // validator and the JIT read one per instruction.
  Result<uint8_t> u8() {
    if (pos_ == end_) [[unlikely]]
      return fail(Errc::UnexpectedEnd);
    return *pos_++;
  }
  Result<uint32_t> u32() {  // unsigned LEB128, at most 5 bytes
    if (pos_ != end_ && *pos_ < 0x80) [[likely]]
      return *pos_++;
    return u32_long();
  }
  Result<uint64_t> u64() {  // unsigned LEB128, at most 10 bytes
    if (pos_ != end_ && *pos_ < 0x80) [[likely]]
      return *pos_++;
    return u64_long();
  }
  Result<int32_t> s32() {  // signed LEB128, at most 5 bytes; in one byte, bit 6 is the sign
    if (pos_ != end_ && *pos_ < 0x80) [[likely]]
      return static_cast<int32_t>(static_cast<uint32_t>(*pos_++) << 25) >> 25;
    return s32_long();
  }
  Result<int64_t> s64() {  // signed LEB128, at most 10 bytes
    if (pos_ != end_ && *pos_ < 0x80) [[likely]]
      return static_cast<int64_t>(static_cast<uint64_t>(*pos_++) << 57) >> 57;
    return s64_long();
  }
  Result<int64_t> s33();    // signed LEB128 of 33 bits (block type indices)
  Result<uint32_t> fixed_u32();  // 4 bytes little endian (f32 bits)
  Result<uint64_t> fixed_u64();  // 8 bytes little endian (f64 bits)

  // The next `n` bytes, advancing past them.
  Result<std::span<const uint8_t>> bytes(size_t n);
  // A length-prefixed UTF-8 name (spec 5.2.4), validated.
  Result<std::string_view> name();
  // A sub-reader over the next `n` bytes, advancing past them.
  Result<Reader> sub(size_t n);
  // Steps over `n` bytes the caller has already checked and decoded in place
  // (n <= remaining(); read_instr's fast path).
  void skip_checked(size_t n) { pos_ += n; }

  // A count that must be satisfiable: each element takes at least `min_bytes_each`
  // bytes, so a count larger than remaining()/min_bytes_each is UnexpectedEnd before
  // anyone allocates for it.
  Result<uint32_t> count(size_t min_bytes_each = 1);

  // An error at the current offset (or at `at`).
  Error fail(Errc code, const char* detail = nullptr) const { return fail_at(offset(), code, detail); }
  static Error fail_at(uint64_t at, Errc code, const char* detail = nullptr) {
    return Error{code, at, kNoFunction, detail};
  }

 private:
  template <class T, int Bits, bool Signed>
  Result<T> leb();
  // The general LEB128 readers behind the inline one-byte cases.
  Result<uint32_t> u32_long();
  Result<uint64_t> u64_long();
  Result<int32_t> s32_long();
  Result<int64_t> s64_long();

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  uint64_t base_;
};

// True if `bytes` is well-formed UTF-8 (no overlongs, surrogates or values > U+10FFFF).
bool is_valid_utf8(std::span<const uint8_t> bytes);

}  // namespace shortcrust::decoder
