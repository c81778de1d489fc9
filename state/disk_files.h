// Crash-safe state files (ARCHITECTURE §7): every file in a state directory is written
// under a temporary name, fsynced, renamed into place and its directory fsynced, and
// carries a trailer with a kind, a format version, the payload length and an XXH3-64
// checksum. Readers check all of them; a damaged file is an error naming the file, never
// data. Errors are human sentences that start with the path ("<path>: truncated").
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "shortcrust/result.h"
#include "shortcrust/vm.h"

namespace shortcrust::state {

// What a file holds; stored in the trailer so that a code file can never be read as a
// page or a manifest.
enum class FileKind : uint32_t { Page = 1, Code = 2, Manifest = 3, Format = 4 };

// Bumped when the trailer or any payload layout changes; readers reject other versions.
inline constexpr uint32_t kStateFormatVersion = 1;

// The payload of every page file: one 64 KiB Wasm page.
inline constexpr size_t kPageFileBytes = 65536;

// Every state file is payload ‖ trailer. Trailer (32 bytes, little-endian):
// magic "SCSTATE\0" (8) ‖ kind u32 ‖ format version u32 ‖ payload length u64 ‖ XXH3-64 of
// the payload u64. The payload comes first so a page file's 64 KiB can be mapped at
// offset 0.
inline constexpr size_t kTrailerBytes = 32;

// Writes payload ‖ trailer to `path` crash-safely: a temporary name in the same directory
// ("<filename>.tmp.<pid>.<counter>"), write all, fsync, rename onto `path`, fsync the
// directory. Creates missing parent directories (and fsyncs their parents). On error the
// temporary is removed. After a crash `path` holds either its old content (or nothing)
// or the new content, never a mix; a leftover temporary is cleared by remove_temporaries.
Result<void, std::string> write_file_atomic(const std::filesystem::path& path, FileKind kind,
                                            std::span<const uint8_t> payload);

// Several files written as write_file_atomic writes one, but fsyncing each distinct
// directory once after all the renames, not once per file: a commit's new pages. On an
// error, files already renamed stay (they are complete); the rest are not created.
struct FileToWrite {
  std::filesystem::path path;
  FileKind kind = FileKind::Page;
  std::span<const uint8_t> payload;
};
Result<void, std::string> write_files_atomic(std::span<const FileToWrite> files);

// Why a state file could not be read or trusted. The message names the file:
// "<path>: checksum mismatch (file corrupt)", "...: truncated", "...: format version 7,
// expected 1", "...: not a <kind> file", "...: cannot open: <strerror>".
struct ReadError {
  enum class Kind : uint8_t {
    Io,       // the system refused: missing, no permission, an I/O error, no memory
    Corrupt,  // read, but not a valid file of its kind: trailer, length, checksum, type
  };
  Kind kind = Kind::Io;
  std::string message;
};

// Reads `path` whole and checks size, trailer (magic, kind, version, length) and checksum;
// returns the payload. A page file's payload must be exactly kPageFileBytes.
// Allocates only the file's real size, whatever the trailer claims.
Result<Bytes, ReadError> read_file_checked(const std::filesystem::path& path, FileKind kind);

// Checks a page file (payload 65536 bytes) the same way without returning its bytes: the
// payload is hashed through pread in chunks, no heap buffer of 64 KiB.
Result<void, ReadError> verify_page_file(const std::filesystem::path& path);

// Maps the page file's 64 KiB payload copy-on-write at `dest` (OS-page aligned, inside a
// reservation the caller owns): mmap(dest, 65536, PROT_READ|PROT_WRITE,
// MAP_PRIVATE|MAP_FIXED, fd, 0). Checks the file size (65536 + trailer) and the trailer
// (magic, kind, version, length) first, but not the checksum: that reads the whole page,
// which is verify_page_file's job, done once when the file is first trusted.
// Writes to `dest` afterwards never reach the file. An error found before the mmap call
// leaves `dest` untouched; a failing mmap(MAP_FIXED) may have dropped what was there.
// Page files are immutable once renamed into place; truncating one while it is mapped
// would fault the reader, so nothing in the store ever does.
Result<void, ReadError> map_page_file(const std::filesystem::path& path, uint8_t* dest);

// fsyncs the directory `dir`, making renames, creations and removals in it durable.
Result<void, std::string> sync_directory(const std::filesystem::path& dir);

// Removes leftover temporaries (regular files whose names contain ".tmp.") under `dir`,
// recursively, without following symbolic links; returns how many were removed. A missing
// or unreadable `dir` removes nothing. Call it only while nothing writes under `dir` (when
// a state directory is opened): it cannot tell a crashed writer's file from a live one's.
size_t remove_temporaries(const std::filesystem::path& dir);

// Removes `path` and fsyncs its directory (ok if it did not exist).
Result<void, std::string> remove_file_durably(const std::filesystem::path& path);

}  // namespace shortcrust::state
