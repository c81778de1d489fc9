// MappedRegion: reservation, committing a prefix, zeroed fresh pages, moves.
#include "runtime/mapped_region.h"

#include <gtest/gtest.h>

#include <utility>

namespace shortcrust::runtime {
namespace {

TEST(MappedRegion, ZeroBytesReservationWorks) {
  MappedRegion region;
  ASSERT_TRUE(MappedRegion::reserve(0, region));
  EXPECT_EQ(region.base(), nullptr);
  EXPECT_EQ(region.reserved(), 0u);
  EXPECT_TRUE(region.commit(0));
  EXPECT_FALSE(region.commit(1));
}

TEST(MappedRegion, CommitPrefixIsZeroedAndWritable) {
  MappedRegion region;
  ASSERT_TRUE(MappedRegion::reserve(4 * 65536, region));
  ASSERT_NE(region.base(), nullptr);
  ASSERT_TRUE(region.commit(65536));
  EXPECT_GE(region.committed(), 65536u);
  for (size_t i = 0; i < 65536; i += 4096) EXPECT_EQ(region.base()[i], 0);
  region.base()[65535] = 7;
  ASSERT_TRUE(region.commit(3 * 65536));
  EXPECT_EQ(region.base()[65535], 7);
  EXPECT_EQ(region.base()[3 * 65536 - 1], 0);
  EXPECT_TRUE(region.commit(100));  // never shrinks
  EXPECT_EQ(region.base()[65535], 7);
  EXPECT_FALSE(region.commit(5 * 65536));
}

TEST(MappedRegion, HugeReservationCostsNothingUntilCommitted) {
  MappedRegion region;
  ASSERT_TRUE(MappedRegion::reserve(size_t{4} << 30, region));  // 4 GiB of address space
  ASSERT_TRUE(region.commit(65536));
  region.base()[0] = 1;
}

TEST(MappedRegion, MoveTransfersOwnership) {
  MappedRegion a;
  ASSERT_TRUE(MappedRegion::reserve(65536, a));
  ASSERT_TRUE(a.commit(65536));
  uint8_t* base = a.base();
  MappedRegion b(std::move(a));
  EXPECT_EQ(a.base(), nullptr);  // NOLINT(bugprone-use-after-move): the moved-from state is specified
  EXPECT_EQ(b.base(), base);
  MappedRegion c;
  c = std::move(b);
  EXPECT_EQ(c.base(), base);
  c.base()[10] = 3;
  EXPECT_EQ(c.committed(), 65536u);
}

}  // namespace
}  // namespace shortcrust::runtime
