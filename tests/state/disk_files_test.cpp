// State files: atomic writes, trailer and checksum checks against every kind of damage,
// copy-on-write mapping of page files, and cleanup of leftover temporaries.
#include "state/disk_files.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace shortcrust::state {
namespace {

namespace fs = std::filesystem;

Bytes pattern(size_t n, uint8_t seed) {
  Bytes out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(seed + i * 7 + (i >> 8));
  return out;
}

Bytes slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void spit(const fs::path& p, const Bytes& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

size_t count_files(const fs::path& dir) {
  size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) n += e.is_regular_file() ? 1 : 0;
  return n;
}

// Expects `r` to fail with a message naming `path` and containing `needle`.
template <class R>
void expect_error(const R& r, const fs::path& path, const std::string& needle) {
  ASSERT_FALSE(r.ok()) << path;
  EXPECT_NE(r.error().find(path.string()), std::string::npos) << r.error();
  EXPECT_NE(r.error().find(needle), std::string::npos) << r.error();
}

// The checked reads: the message as above, and whether the file was unreadable or bad.
template <class R>
void expect_read_error(const R& r, const fs::path& path, const std::string& needle, ReadError::Kind kind) {
  ASSERT_FALSE(r.ok()) << path;
  const std::string& message = r.error().message;
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find(needle), std::string::npos) << message;
  EXPECT_EQ(r.error().kind, kind) << message;
}
constexpr ReadError::Kind kIo = ReadError::Kind::Io, kCorrupt = ReadError::Kind::Corrupt;

// A 64 KiB-aligned spot inside a PROT_NONE reservation of `pages` + 1 pages.
struct Reservation {
  explicit Reservation(size_t pages) : bytes((pages + 1) * kPageFileBytes) {
    raw = ::mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    auto base = reinterpret_cast<uintptr_t>(raw);
    aligned = reinterpret_cast<uint8_t*>((base + kPageFileBytes - 1) & ~(uintptr_t{kPageFileBytes} - 1));
  }
  ~Reservation() { ::munmap(raw, bytes); }
  size_t bytes;
  void* raw;
  uint8_t* aligned;
};

class DiskFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "sc_disk_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(DiskFiles, RoundTripEveryKind) {
  const FileKind kinds[] = {FileKind::Page, FileKind::Code, FileKind::Manifest, FileKind::Format};
  for (FileKind kind : kinds) {
    Bytes payload = pattern(kind == FileKind::Page ? kPageFileBytes : 1000 + static_cast<size_t>(kind), 3);
    fs::path p = dir_ / ("f" + std::to_string(static_cast<uint32_t>(kind)));
    ASSERT_TRUE(write_file_atomic(p, kind, payload).ok());
    EXPECT_EQ(fs::file_size(p), payload.size() + kTrailerBytes);
    auto back = read_file_checked(p, kind);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back.value(), payload);
  }
  EXPECT_EQ(count_files(dir_), 4u);  // no temporaries left behind
  EXPECT_EQ(remove_temporaries(dir_), 0u);
}

TEST_F(DiskFiles, EmptyPayloadRoundTrips) {
  fs::path p = dir_ / "empty";
  ASSERT_TRUE(write_file_atomic(p, FileKind::Format, {}).ok());
  auto back = read_file_checked(p, FileKind::Format);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(back.value().empty());
}

TEST_F(DiskFiles, CreatesMissingParentDirectories) {
  fs::path p = dir_ / "a" / "b" / "c" / "code";
  ASSERT_TRUE(write_file_atomic(p, FileKind::Code, pattern(10, 1)).ok());
  EXPECT_EQ(read_file_checked(p, FileKind::Code).value(), pattern(10, 1));
}

TEST_F(DiskFiles, OverwriteReplacesWholeFile) {
  fs::path p = dir_ / "m";
  ASSERT_TRUE(write_file_atomic(p, FileKind::Manifest, pattern(5000, 1)).ok());
  ASSERT_TRUE(write_file_atomic(p, FileKind::Manifest, pattern(17, 2)).ok());
  EXPECT_EQ(read_file_checked(p, FileKind::Manifest).value(), pattern(17, 2));
  EXPECT_EQ(count_files(dir_), 1u);
}

TEST_F(DiskFiles, OverwriteKeepsOpenReadersOnTheOldContent) {
  // rename replaces the directory entry, not the inode: a reader holding the old file sees
  // the old bytes whole, which is what makes the replacement atomic for readers.
  fs::path p = dir_ / "m";
  ASSERT_TRUE(write_file_atomic(p, FileKind::Code, pattern(300, 1)).ok());
  std::ifstream old_reader(p, std::ios::binary);
  ASSERT_TRUE(write_file_atomic(p, FileKind::Code, pattern(300, 9)).ok());
  Bytes old_bytes((std::istreambuf_iterator<char>(old_reader)), std::istreambuf_iterator<char>());
  Bytes expected = pattern(300, 1);
  ASSERT_GE(old_bytes.size(), expected.size());
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), old_bytes.begin()));
  EXPECT_EQ(read_file_checked(p, FileKind::Code).value(), pattern(300, 9));
}

TEST_F(DiskFiles, WriteFailureLeavesNoTemporary) {
  fs::path blocker = dir_ / "blocker";
  spit(blocker, {1});
  auto r = write_file_atomic(blocker / "child", FileKind::Code, pattern(4, 1));
  expect_error(r, blocker, "not a directory");
  fs::create_directory(dir_ / "target");  // rename onto a directory fails
  auto r2 = write_file_atomic(dir_ / "target", FileKind::Code, pattern(4, 1));
  expect_error(r2, dir_ / "target", "rename");
  EXPECT_EQ(count_files(dir_), 1u);
}

TEST_F(DiskFiles, EveryFlippedByteIsDetected) {
  fs::path p = dir_ / "code";
  Bytes payload = pattern(40, 5);
  ASSERT_TRUE(write_file_atomic(p, FileKind::Code, payload).ok());
  Bytes good = slurp(p);
  for (size_t i = 0; i < good.size(); ++i) {
    for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x80}, uint8_t{0xff}}) {
      Bytes bad = good;
      bad[i] ^= mask;
      spit(p, bad);
      auto r = read_file_checked(p, FileKind::Code);
      ASSERT_FALSE(r.ok()) << "byte " << i;
      EXPECT_NE(r.error().message.find(p.string()), std::string::npos) << r.error().message;
      EXPECT_EQ(r.error().kind, kCorrupt) << r.error().message;
    }
  }
}

TEST_F(DiskFiles, EachTrailerFieldHasItsOwnMessage) {
  fs::path p = dir_ / "code";
  ASSERT_TRUE(write_file_atomic(p, FileKind::Code, pattern(40, 5)).ok());
  const Bytes good = slurp(p);
  const size_t t = good.size() - kTrailerBytes;
  auto with = [&](size_t at, uint8_t value) {
    Bytes bad = good;
    bad[at] = value;
    spit(p, bad);
    return read_file_checked(p, FileKind::Code);
  };
  expect_read_error(with(3, good[3] ^ 1), p, "checksum mismatch (file corrupt)", kCorrupt);
  expect_read_error(with(t + 0, 'X'), p, "no state file trailer", kCorrupt);
  expect_read_error(with(t + 8, 1), p, "not a code file (a page file)", kCorrupt);
  expect_read_error(with(t + 8, 77), p, "not a code file (unknown kind 77)", kCorrupt);
  expect_read_error(with(t + 12, 7), p, "format version 7, expected 1", kCorrupt);
  expect_read_error(with(t + 16, 41), p, "truncated", kCorrupt);
  expect_read_error(with(t + 16, 39), p, "payload length 39", kCorrupt);
  expect_read_error(with(t + 24, good[t + 24] ^ 1), p, "checksum mismatch (file corrupt)", kCorrupt);
}

TEST_F(DiskFiles, EveryTruncationIsDetected) {
  fs::path p = dir_ / "code";
  ASSERT_TRUE(write_file_atomic(p, FileKind::Code, pattern(50, 5)).ok());
  const Bytes good = slurp(p);
  for (size_t len = 0; len < good.size(); ++len) {
    spit(p, Bytes(good.begin(), good.begin() + static_cast<ptrdiff_t>(len)));
    auto r = read_file_checked(p, FileKind::Code);
    ASSERT_FALSE(r.ok()) << "length " << len;
    EXPECT_NE(r.error().message.find(p.string()), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().kind, kCorrupt) << r.error().message;
  }
  spit(p, {});
  expect_read_error(read_file_checked(p, FileKind::Code), p, "truncated", kCorrupt);
}

TEST_F(DiskFiles, TruncatedPageFilesAreDetected) {
  fs::path p = dir_ / "page";
  ASSERT_TRUE(write_file_atomic(p, FileKind::Page, pattern(kPageFileBytes, 1)).ok());
  const Bytes good = slurp(p);
  for (size_t len : {size_t{0}, size_t{31}, size_t{32}, size_t{4096}, kPageFileBytes, kPageFileBytes + 31}) {
    spit(p, Bytes(good.begin(), good.begin() + static_cast<ptrdiff_t>(len)));
    EXPECT_FALSE(read_file_checked(p, FileKind::Page).ok()) << len;
    EXPECT_FALSE(verify_page_file(p).ok()) << len;
    Reservation r(1);
    ASSERT_NE(r.raw, MAP_FAILED);
    EXPECT_FALSE(map_page_file(p, r.aligned).ok()) << len;
  }
}

TEST_F(DiskFiles, WrongKindWrongSizePageAndOtherFilesRejected) {
  fs::path code = dir_ / "code";
  ASSERT_TRUE(write_file_atomic(code, FileKind::Code, pattern(kPageFileBytes, 1)).ok());
  expect_read_error(read_file_checked(code, FileKind::Page), code, "not a page file (a code file)", kCorrupt);
  expect_read_error(verify_page_file(code), code, "not a page file", kCorrupt);
  fs::path small_page = dir_ / "small";
  ASSERT_TRUE(write_file_atomic(small_page, FileKind::Page, pattern(100, 1)).ok());
  expect_read_error(read_file_checked(small_page, FileKind::Page), small_page, "expected 65536", kCorrupt);
  expect_read_error(verify_page_file(small_page), small_page, "expected 65536", kCorrupt);
}

TEST_F(DiskFiles, DirectoryAndMissingFile) {
  fs::create_directory(dir_ / "d");
  expect_read_error(read_file_checked(dir_ / "d", FileKind::Code), dir_ / "d", "is a directory", kCorrupt);
  expect_read_error(verify_page_file(dir_ / "d"), dir_ / "d", "is a directory", kCorrupt);
  expect_read_error(read_file_checked(dir_ / "nope", FileKind::Code), dir_ / "nope", "No such file", kIo);
  expect_read_error(verify_page_file(dir_ / "nope"), dir_ / "nope", "No such file", kIo);
}

TEST_F(DiskFiles, VerifyPageFileChecksEveryByte) {
  fs::path p = dir_ / "page";
  ASSERT_TRUE(write_file_atomic(p, FileKind::Page, pattern(kPageFileBytes, 4)).ok());
  ASSERT_TRUE(verify_page_file(p).ok());
  const Bytes good = slurp(p);
  for (size_t at : {size_t{0}, size_t{8191}, size_t{8192}, size_t{40000}, kPageFileBytes - 1}) {
    Bytes bad = good;
    bad[at] ^= 0x10;
    spit(p, bad);
    expect_read_error(verify_page_file(p), p, "checksum mismatch", kCorrupt);
  }
}

TEST_F(DiskFiles, MapPageFileIsCopyOnWrite) {
  fs::path p = dir_ / "page";
  const Bytes page = pattern(kPageFileBytes, 8);
  ASSERT_TRUE(write_file_atomic(p, FileKind::Page, page).ok());
  Reservation r(4);
  ASSERT_NE(r.raw, MAP_FAILED);
  uint8_t* dest = r.aligned + 2 * kPageFileBytes;  // the middle of the reservation
  auto mapped = map_page_file(p, dest);
  ASSERT_TRUE(mapped.ok()) << mapped.error().message;
  EXPECT_EQ(std::memcmp(dest, page.data(), kPageFileBytes), 0);
  for (size_t i = 0; i < kPageFileBytes; i += 997) dest[i] = static_cast<uint8_t>(~dest[i]);
  dest[kPageFileBytes - 1] ^= 1;
  EXPECT_EQ(read_file_checked(p, FileKind::Page).value(), page);
  EXPECT_TRUE(verify_page_file(p).ok());
  // A second mapping right next to the first, from the same file, is independent of it.
  ASSERT_TRUE(map_page_file(p, dest + kPageFileBytes).ok());
  EXPECT_EQ(std::memcmp(dest + kPageFileBytes, page.data(), kPageFileBytes), 0);
  EXPECT_NE(dest[0], page[0]);  // the first mapping kept its private write
}

TEST_F(DiskFiles, MapPageFileRejectsMisalignedAndBadFiles) {
  fs::path p = dir_ / "page";
  ASSERT_TRUE(write_file_atomic(p, FileKind::Page, pattern(kPageFileBytes, 8)).ok());
  Reservation r(2);
  ASSERT_NE(r.raw, MAP_FAILED);
  expect_read_error(map_page_file(p, r.aligned + 1), p, "not page-aligned", kIo);
  fs::path code = dir_ / "code";
  ASSERT_TRUE(write_file_atomic(code, FileKind::Code, pattern(kPageFileBytes, 8)).ok());
  expect_read_error(map_page_file(code, r.aligned), code, "not a page file", kCorrupt);
  expect_read_error(map_page_file(dir_ / "nope", r.aligned), dir_ / "nope", "No such file", kIo);
}

TEST_F(DiskFiles, RemoveTemporariesKeepsOtherFiles) {
  fs::create_directories(dir_ / "pages" / "ab");
  spit(dir_ / "x.tmp.1.2", {1});
  spit(dir_ / "pages" / "ab" / "cafe.tmp.77.0", {1});
  spit(dir_ / "keep", {1});
  spit(dir_ / "pages" / "ab" / "cafe", {1});
  spit(dir_ / "tmp.notatemp", {1});
  fs::create_directory(dir_ / "dir.tmp.1.1");  // directories are not temporaries
  EXPECT_EQ(remove_temporaries(dir_), 2u);
  EXPECT_FALSE(fs::exists(dir_ / "x.tmp.1.2"));
  EXPECT_FALSE(fs::exists(dir_ / "pages" / "ab" / "cafe.tmp.77.0"));
  EXPECT_TRUE(fs::exists(dir_ / "keep"));
  EXPECT_TRUE(fs::exists(dir_ / "pages" / "ab" / "cafe"));
  EXPECT_TRUE(fs::exists(dir_ / "tmp.notatemp"));
  EXPECT_TRUE(fs::exists(dir_ / "dir.tmp.1.1"));
  EXPECT_EQ(remove_temporaries(dir_ / "missing"), 0u);
}

TEST_F(DiskFiles, RemoveFileDurablyAndSyncDirectory) {
  fs::path p = dir_ / "f";
  ASSERT_TRUE(write_file_atomic(p, FileKind::Code, pattern(3, 1)).ok());
  EXPECT_TRUE(remove_file_durably(p).ok());
  EXPECT_FALSE(fs::exists(p));
  EXPECT_TRUE(remove_file_durably(p).ok());                    // already gone
  EXPECT_TRUE(remove_file_durably(dir_ / "no" / "such").ok());  // nor its directory
  EXPECT_TRUE(sync_directory(dir_).ok());
  expect_error(sync_directory(dir_ / "missing"), dir_ / "missing", "No such file");
}

}  // namespace
}  // namespace shortcrust::state
