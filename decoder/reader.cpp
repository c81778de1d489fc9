// Bounded reads and strict LEB128 (spec 5.2.2): an encoding longer than ceil(N/7) bytes
// is IntTooLong; unused bits of the last byte that are not zero (unsigned) or not the
// sign extension (signed) are IntTooLarge.
#include "decoder/reader.h"

namespace shortcrust::decoder {

template <class T, int Bits, bool Signed>
Result<T> Reader::leb() {
  constexpr int kMaxBytes = (Bits + 6) / 7;
  constexpr int kLastBits = Bits - 7 * (kMaxBytes - 1);  // payload bits used in the last byte
  using U = std::make_unsigned_t<T>;
  const uint64_t start = offset();
  U value = 0;
  for (int i = 0; i < kMaxBytes; ++i) {
    if (pos_ == end_) [[unlikely]]
      return fail(Errc::UnexpectedEnd);
    const uint8_t byte = *pos_++;
    if (i == kMaxBytes - 1) {
      if (byte & 0x80) return fail_at(start, Errc::IntTooLong);
      const uint8_t payload = byte & 0x7f;
      if constexpr (Signed) {
        // Bits from the sign bit upward must all equal the sign bit.
        const uint8_t high = static_cast<uint8_t>(payload >> (kLastBits - 1));
        const uint8_t all = static_cast<uint8_t>(0x7f >> (kLastBits - 1));
        if (high != 0 && high != all) return fail_at(start, Errc::IntTooLarge);
      } else {
        if (payload >> kLastBits) return fail_at(start, Errc::IntTooLarge);
      }
    }
    value |= static_cast<U>(static_cast<U>(byte & 0x7f) << (7 * i));
    if (!(byte & 0x80)) {
      if constexpr (Signed) {
        const int shift = 7 * (i + 1);
        if (shift < Bits && (byte & 0x40)) value |= static_cast<U>(~U{0} << shift);
        if constexpr (Bits < sizeof(T) * 8) {
          // s33: sign-extend from bit 32 into the int64 container.
          const int unused = static_cast<int>(sizeof(T) * 8) - Bits;
          return static_cast<T>(static_cast<T>(value << unused) >> unused);
        }
      }
      return static_cast<T>(value);
    }
  }
  return fail_at(start, Errc::IntTooLong);  // unreachable: the last byte returns above
}

Result<uint32_t> Reader::u32_long() { return leb<uint32_t, 32, false>(); }
Result<uint64_t> Reader::u64_long() { return leb<uint64_t, 64, false>(); }
Result<int32_t> Reader::s32_long() { return leb<int32_t, 32, true>(); }
Result<int64_t> Reader::s64_long() { return leb<int64_t, 64, true>(); }
Result<int64_t> Reader::s33() { return leb<int64_t, 33, true>(); }

Result<uint32_t> Reader::fixed_u32() {
  SC_TRY(auto span, bytes(4));
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | span[i];
  return v;
}

Result<uint64_t> Reader::fixed_u64() {
  SC_TRY(auto span, bytes(8));
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | span[i];
  return v;
}

Result<std::span<const uint8_t>> Reader::bytes(size_t n) {
  if (n > remaining()) [[unlikely]]
    return fail(Errc::UnexpectedEnd);
  std::span<const uint8_t> out(pos_, n);
  pos_ += n;
  return out;
}

Result<std::string_view> Reader::name() {
  SC_TRY(uint32_t len, u32());
  const uint64_t at = offset();
  if (len > remaining()) return fail(Errc::LengthOutOfBounds, "name longer than its section");
  SC_TRY(auto span, bytes(len));
  if (!is_valid_utf8(span)) return fail_at(at, Errc::InvalidUtf8);
  return std::string_view(reinterpret_cast<const char*>(span.data()), span.size());
}

Result<Reader> Reader::sub(size_t n) {
  const uint64_t at = offset();
  SC_TRY(auto span, bytes(n));
  return Reader(span, at);
}

Result<uint32_t> Reader::count(size_t min_bytes_each) {
  const uint64_t at = offset();
  SC_TRY(uint32_t n, u32());
  if (min_bytes_each != 0 && n > remaining() / min_bytes_each)
    return fail_at(at, Errc::UnexpectedEnd, "count exceeds the bytes that remain");
  return n;
}

bool is_valid_utf8(std::span<const uint8_t> s) {
  size_t i = 0;
  while (i < s.size()) {
    const uint8_t b = s[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    int extra;
    uint32_t cp;
    if ((b & 0xe0) == 0xc0) { extra = 1; cp = b & 0x1f; }
    else if ((b & 0xf0) == 0xe0) { extra = 2; cp = b & 0x0f; }
    else if ((b & 0xf8) == 0xf0) { extra = 3; cp = b & 0x07; }
    else return false;
    if (s.size() - i <= static_cast<size_t>(extra)) return false;
    for (int k = 1; k <= extra; ++k) {
      const uint8_t c = s[i + k];
      if ((c & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    static constexpr uint32_t kMinForLength[4] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[extra]) return false;          // overlong
    if (cp >= 0xd800 && cp <= 0xdfff) return false;       // surrogate
    if (cp > 0x10ffff) return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace shortcrust::decoder
