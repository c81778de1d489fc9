// Commit manifests: round trips, the byte layout, and a decoder that rejects every
// truncation, misordering and oversized count without crashing or over-allocating.
#include "state/manifest.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>

namespace shortcrust::state {
namespace {

Hash hash_of(uint8_t seed) {
  Hash h{};
  for (size_t i = 0; i < h.size(); ++i) h[i] = static_cast<uint8_t>(seed * 31 + i);
  return h;
}

ContractId id_of(uint8_t first) {
  ContractId id;
  id.bytes = hash_of(first);
  id.bytes[0] = first;
  return id;
}

Manifest full_manifest() {
  Manifest m;
  m.root = hash_of(1);
  m.sequence = 42;
  ManifestContract a{.id = id_of(1), .code_hash = hash_of(2), .owner = {1, 2, 3}, .memory_bytes = 4 * 65536,
                     .pages = {{0, hash_of(3)}, {1, hash_of(4)}, {3, hash_of(5)}}};
  ManifestContract b{.id = id_of(2), .code_hash = hash_of(6), .owner = {}, .memory_bytes = 0, .pages = {}};
  ManifestContract c{.id = id_of(9), .code_hash = hash_of(7), .owner = Bytes(100, 0xee),
                     .memory_bytes = uint64_t{1} << 40, .pages = {{(uint64_t{1} << 24) - 1, hash_of(8)}}};
  m.contracts = {a, b, c};
  return m;
}

Manifest delta_manifest() {
  Manifest m = full_manifest();
  m.base = hash_of(99);
  m.sequence = 43;
  m.contracts.erase(m.contracts.begin() + 1);
  m.contracts[0].pages = {{1, Hash{}}};  // page 1 became zero
  return m;
}

void expect_round_trip(const Manifest& m) {
  Bytes bytes = encode_manifest(m);
  auto back = decode_manifest(bytes);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back.value(), m);
  EXPECT_EQ(encode_manifest(back.value()), bytes);
}

void expect_error(const Manifest& m, const std::string& needle) {
  auto r = decode_manifest(encode_manifest(m));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find(needle), std::string::npos) << r.error();
}

void put_u64_at(Bytes& bytes, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) bytes[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

constexpr size_t kHeaderBytes = 32 + 1 + 32 + 8 + 8;

TEST(Manifest, RoundTrips) {
  expect_round_trip(Manifest{});
  expect_round_trip(full_manifest());
  expect_round_trip(delta_manifest());
  Manifest big;
  big.contracts.push_back({.id = id_of(5), .code_hash = hash_of(5), .owner = Bytes(65536, 0x5a),
                           .memory_bytes = 65536, .pages = {{0, hash_of(1)}}});
  expect_round_trip(big);
}

TEST(Manifest, Layout) {
  Manifest m;
  m.root = hash_of(1);
  m.base = hash_of(2);
  m.sequence = 0x0102030405060708;
  m.contracts.push_back({.id = id_of(3), .code_hash = hash_of(4), .owner = {0xaa, 0xbb},
                         .memory_bytes = 2 * 65536, .pages = {{1, hash_of(5)}}});
  Bytes b = encode_manifest(m);
  ASSERT_EQ(b.size(), kHeaderBytes + 32 + 32 + 4 + 2 + 8 + 8 + 40);
  EXPECT_EQ(std::memcmp(b.data(), m.root.data(), 32), 0);
  EXPECT_EQ(b[32], 1);
  EXPECT_EQ(std::memcmp(b.data() + 33, m.base->data(), 32), 0);
  EXPECT_EQ(b[65], 0x08);  // sequence, little-endian
  EXPECT_EQ(b[72], 0x01);
  EXPECT_EQ(b[73], 1);  // contract count
  size_t c = kHeaderBytes;
  EXPECT_EQ(std::memcmp(b.data() + c, m.contracts[0].id.bytes.data(), 32), 0);
  EXPECT_EQ(b[c + 64], 2);  // owner length u32
  EXPECT_EQ(b[c + 68], 0xaa);
  EXPECT_EQ(b[c + 70 + 2], 2);  // memory_bytes = 0x20000
  EXPECT_EQ(b[c + 78], 1);      // page count
  EXPECT_EQ(b[c + 86], 1);      // page index
  Manifest no_base;
  Bytes nb = encode_manifest(no_base);
  EXPECT_EQ(nb, Bytes(kHeaderBytes, 0));
}

TEST(Manifest, EveryTruncationIsRejected) {
  for (const Manifest& m : {Manifest{}, full_manifest(), delta_manifest()}) {
    Bytes bytes = encode_manifest(m);
    for (size_t len = 0; len < bytes.size(); ++len) {
      auto r = decode_manifest(std::span<const uint8_t>(bytes.data(), len));
      EXPECT_FALSE(r.ok()) << "length " << len;
    }
  }
}

TEST(Manifest, TrailingBytesRejected) {
  Bytes bytes = encode_manifest(full_manifest());
  bytes.push_back(0);
  auto r = decode_manifest(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("trailing bytes"), std::string::npos) << r.error();
}

TEST(Manifest, RandomFlipsNeverCrash) {
  std::mt19937_64 rng(7);
  const Bytes good = encode_manifest(full_manifest());
  size_t decoded = 0;
  for (int round = 0; round < 20000; ++round) {
    Bytes bad = good;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) bad[rng() % bad.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
    auto r = decode_manifest(bad);
    if (r.ok()) {
      ++decoded;
      EXPECT_EQ(encode_manifest(r.value()), bad);  // whatever decodes is canonical
    }
  }
  // Flips in hashes and owner bytes decode (the manifest has no checksum of its own; the
  // file trailer catches those), so some rounds must succeed.
  EXPECT_GT(decoded, 0u);
}

TEST(Manifest, RandomBytesNeverCrash) {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 5000; ++round) {
    Bytes bytes(rng() % 300);
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng());
    if (bytes.size() > kHeaderBytes && rng() % 2) {
      bytes[32] = static_cast<uint8_t>(rng() % 2);
      put_u64_at(bytes, 73, rng() % 3);  // a plausible contract count
    }
    (void)decode_manifest(bytes);
  }
}

TEST(Manifest, UnsortedAndDuplicateIdsRejected) {
  Manifest m = full_manifest();
  std::swap(m.contracts[0], m.contracts[1]);
  expect_error(m, "contracts not in ascending order");
  m = full_manifest();
  m.contracts[1].id = m.contracts[0].id;
  expect_error(m, "duplicate contract id");
}

TEST(Manifest, UnsortedDuplicateAndOutOfRangePagesRejected) {
  Manifest m = full_manifest();
  std::swap(m.contracts[0].pages[0], m.contracts[0].pages[1]);
  expect_error(m, "pages not in ascending order");
  m = full_manifest();
  m.contracts[0].pages[1].index = 0;
  expect_error(m, "duplicate page 0");
  m = full_manifest();
  m.contracts[0].pages[2].index = 4;  // memory_bytes is 4 pages
  expect_error(m, "beyond memory_bytes");
  m = full_manifest();
  m.contracts[1].pages = {{0, hash_of(1)}};  // no memory at all
  expect_error(m, "exceeds the memory's 0 pages");
}

TEST(Manifest, FieldRulesRejected) {
  Manifest m = full_manifest();
  m.contracts[0].owner = Bytes(65537, 1);
  expect_error(m, "owner longer than 65536 bytes");
  m = full_manifest();
  m.contracts[0].memory_bytes = 4 * 65536 + 1;
  expect_error(m, "not a multiple of 65536");
  Bytes bytes = encode_manifest(Manifest{});
  bytes[32] = 2;
  EXPECT_FALSE(decode_manifest(bytes).ok());
  bytes[32] = 0;
  bytes[40] = 1;  // a base hash without has_base
  auto r = decode_manifest(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("base hash set without has_base"), std::string::npos) << r.error();
}

TEST(Manifest, HugeCountsRejectedBeforeAllocating) {
  Bytes bytes = encode_manifest(Manifest{});
  put_u64_at(bytes, 73, uint64_t{1} << 62);
  auto r = decode_manifest(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("contract count"), std::string::npos) << r.error();

  Manifest one;
  one.contracts.push_back({.id = id_of(1), .code_hash = hash_of(1), .owner = {},
                           .memory_bytes = uint64_t{1} << 62, .pages = {}});
  Bytes b = encode_manifest(one);
  put_u64_at(b, b.size() - 8, uint64_t{1} << 62);  // page count
  r = decode_manifest(b);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("page count"), std::string::npos) << r.error();

  // An owner length of 4 GiB - 1: rejected by the owner limit, before any copy.
  Bytes o = encode_manifest(one);
  for (size_t i = 0; i < 4; ++i) o[kHeaderBytes + 64 + i] = 0xff;
  r = decode_manifest(o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("owner longer"), std::string::npos) << r.error();
}

}  // namespace
}  // namespace shortcrust::state
