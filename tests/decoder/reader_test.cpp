// Reader and LEB128: strict lengths, unused bits, offsets in errors.
#include "decoder/reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace shortcrust::decoder {
namespace {

Reader reader_of(const std::vector<uint8_t>& bytes) { return Reader(bytes); }

TEST(Leb128, U32Values) {
  std::vector<uint8_t> b = {0x00, 0x7f, 0x80, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f};
  Reader r = reader_of(b);
  EXPECT_EQ(r.u32().value(), 0u);
  EXPECT_EQ(r.u32().value(), 127u);
  EXPECT_EQ(r.u32().value(), 128u);
  EXPECT_EQ(r.u32().value(), 0xffffffffu);
  EXPECT_TRUE(r.at_end());
}

TEST(Leb128, U32RedundantZeroesWithinLengthAreAccepted) {
  std::vector<uint8_t> b = {0x80, 0x80, 0x80, 0x80, 0x00};
  EXPECT_EQ(reader_of(b).u32().value(), 0u);
}

TEST(Leb128, U32TooLong) {
  std::vector<uint8_t> b = {0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  auto r = reader_of(b).u32();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::IntTooLong);
  EXPECT_EQ(r.error().offset, 0u);
}

TEST(Leb128, U32UnusedBitsSet) {
  std::vector<uint8_t> b = {0xff, 0xff, 0xff, 0xff, 0x1f};
  auto r = reader_of(b).u32();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::IntTooLarge);
}

TEST(Leb128, S32SignExtension) {
  std::vector<uint8_t> b = {0x7f, 0x80, 0x7f, 0xff, 0xff, 0xff, 0xff, 0x07,
                            0x80, 0x80, 0x80, 0x80, 0x78};
  Reader r = reader_of(b);
  EXPECT_EQ(r.s32().value(), -1);
  EXPECT_EQ(r.s32().value(), -128);
  EXPECT_EQ(r.s32().value(), INT32_MAX);
  EXPECT_EQ(r.s32().value(), INT32_MIN);
}

TEST(Leb128, S32UnusedBitsMustBeSignExtension) {
  std::vector<uint8_t> b = {0xff, 0xff, 0xff, 0xff, 0x4f};
  auto r = reader_of(b).s32();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::IntTooLarge);
}

TEST(Leb128, S64Extremes) {
  std::vector<uint8_t> b = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f,
                            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00};
  Reader r = reader_of(b);
  EXPECT_EQ(r.s64().value(), INT64_MIN);
  EXPECT_EQ(r.s64().value(), INT64_MAX);
}

TEST(Leb128, S33IsSignExtendedFromBit32) {
  std::vector<uint8_t> b = {0x80, 0x80, 0x80, 0x80, 0x70, 0x40};
  Reader r = reader_of(b);
  EXPECT_EQ(r.s33().value(), -(int64_t{1} << 32));
  EXPECT_EQ(r.s33().value(), -64);
}

TEST(Leb128, TruncatedReportsOffsetOfMissingByte) {
  std::vector<uint8_t> b = {0x01, 0x80, 0x80};
  Reader r = reader_of(b);
  ASSERT_TRUE(r.u8().ok());
  auto v = r.u32();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, Errc::UnexpectedEnd);
  EXPECT_EQ(v.error().offset, 3u);
}

TEST(Reader, SubReaderReportsModuleOffsets) {
  std::vector<uint8_t> b = {0x00, 0x00, 0x80};
  Reader r = reader_of(b);
  ASSERT_TRUE(r.u8().ok());
  auto sub = r.sub(2);
  ASSERT_TRUE(sub.ok());
  Reader s = sub.value();
  ASSERT_TRUE(s.u8().ok());
  auto v = s.u32();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().offset, 3u);
}

TEST(Reader, CountLargerThanRemainingBytesIsRejectedBeforeAllocation) {
  std::vector<uint8_t> b = {0xff, 0xff, 0xff, 0xff, 0x0f, 0x00};
  auto n = reader_of(b).count(1);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, Errc::UnexpectedEnd);
  EXPECT_EQ(n.error().offset, 0u);
}

TEST(Utf8, AcceptsAndRejects) {
  auto ok = [](std::vector<uint8_t> v) { return is_valid_utf8(v); };
  EXPECT_TRUE(ok({}));
  EXPECT_TRUE(ok({'a', 'b'}));
  EXPECT_TRUE(ok({0xc2, 0xa9}));
  EXPECT_TRUE(ok({0xf4, 0x8f, 0xbf, 0xbf}));
  EXPECT_FALSE(ok({0xc0, 0x80}));              // overlong
  EXPECT_FALSE(ok({0xed, 0xa0, 0x80}));        // surrogate
  EXPECT_FALSE(ok({0xf4, 0x90, 0x80, 0x80}));  // above U+10FFFF
  EXPECT_FALSE(ok({0xe2, 0x82}));              // truncated
  EXPECT_FALSE(ok({0x80}));                    // stray continuation
}

}  // namespace
}  // namespace shortcrust::decoder
