// Crash-safe state files: the write-fsync-rename-fsync sequence, the trailer check and
// copy-on-write mapping of page files, all on POSIX calls so that every step that can
// fail (EINTR, short writes, ENOSPC, a directory where a file was expected) is visible.
#include "state/disk_files.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <array>
#include <atomic>
#include <set>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace shortcrust::state {

namespace {

namespace fs = std::filesystem;

constexpr std::array<uint8_t, 8> kMagic = {'S', 'C', 'S', 'T', 'A', 'T', 'E', 0};
// Chunk size for hashing a page file without a 64 KiB buffer.
constexpr size_t kHashChunk = 8192;

// Owns one file descriptor; closing twice or leaking one is impossible by construction.
class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Closes now and reports close's errno (0 on success): on some filesystems a delayed
  // write error only shows up here.
  int close_now() {
    int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0 ? 0 : errno;
  }

 private:
  int fd_;
};

std::string errno_text(int err) { return std::system_category().message(err); }

std::string fail(const fs::path& path, std::string_view what) {
  std::string out = path.string();
  out += ": ";
  out += what;
  return out;
}

std::string fail_errno(const fs::path& path, std::string_view op, int err) {
  std::string what(op);
  what += ": ";
  what += errno_text(err);
  return fail(path, what);
}

// Failures of the checked reads: the system's (errno), or the file's content.
ReadError io_failure(const fs::path& path, std::string_view op, int err) {
  return ReadError{ReadError::Kind::Io, fail_errno(path, op, err)};
}
ReadError corrupt_file(const fs::path& path, std::string_view what) {
  return ReadError{ReadError::Kind::Corrupt, fail(path, what)};
}

std::string_view kind_name(uint32_t kind) {
  switch (static_cast<FileKind>(kind)) {
    case FileKind::Page: return "page";
    case FileKind::Code: return "code";
    case FileKind::Manifest: return "manifest";
    case FileKind::Format: return "format";
  }
  return "";
}

void put_le(uint8_t* out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out[i] = static_cast<uint8_t>(value >> (8 * i));
}

uint64_t get_le(const uint8_t* in, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value |= uint64_t{in[i]} << (8 * i);
  return value;
}

std::array<uint8_t, kTrailerBytes> make_trailer(FileKind kind, std::span<const uint8_t> payload) {
  std::array<uint8_t, kTrailerBytes> t{};
  std::memcpy(t.data(), kMagic.data(), kMagic.size());
  put_le(t.data() + 8, static_cast<uint32_t>(kind), 4);
  put_le(t.data() + 12, kStateFormatVersion, 4);
  put_le(t.data() + 16, payload.size(), 8);
  put_le(t.data() + 24, XXH3_64bits(payload.data(), payload.size()), 8);
  return t;
}

int open_retry(const char* path, int flags, mode_t mode = 0) {
  int fd;
  do {
    fd = ::open(path, flags, mode);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

// Writes all of `data`, resuming after EINTR and short writes; 0 or an errno.
int write_all(int fd, std::span<const uint8_t> data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;  // no progress and no error: treat as a device error
    done += static_cast<size_t>(n);
  }
  return 0;
}

// Reads exactly `out.size()` bytes at `offset`; 0, an errno, or -1 when the file ended
// early (it shrank under us).
int pread_all(int fd, std::span<uint8_t> out, uint64_t offset) {
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return -1;
    done += static_cast<size_t>(n);
  }
  return 0;
}

int fsync_retry(int fd) {
  while (::fsync(fd) != 0) {
    if (errno != EINTR) return errno;
  }
  return 0;
}

// An open state file whose trailer has been checked against `kind` and the file size.
struct CheckedFile {
  UniqueFd fd;
  uint64_t payload_bytes = 0;
  uint64_t checksum = 0;
};

Result<void, ReadError> open_regular(const fs::path& path, UniqueFd& fd, uint64_t& size) {
  fd = UniqueFd(open_retry(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return io_failure(path, "cannot open", errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return io_failure(path, "cannot stat", errno);
  if (S_ISDIR(st.st_mode)) return corrupt_file(path, "is a directory, expected a state file");
  if (!S_ISREG(st.st_mode)) return corrupt_file(path, "not a regular file");
  size = static_cast<uint64_t>(st.st_size);
  return {};
}

// Checks the trailer of an open file of `size` bytes. The order matters for the message:
// no magic means "not ours or cut short", then the version (a future version may change
// everything after it), then kind, then length against the real size.
Result<void, ReadError> check_trailer(const fs::path& path, int fd, uint64_t size, FileKind kind,
                                      CheckedFile& out) {
  if (size < kTrailerBytes) return corrupt_file(path, "truncated (shorter than the 32-byte trailer)");
  std::array<uint8_t, kTrailerBytes> t{};
  int err = pread_all(fd, t, size - kTrailerBytes);
  if (err == -1) return corrupt_file(path, "truncated while reading");
  if (err != 0) return io_failure(path, "cannot read", err);
  if (std::memcmp(t.data(), kMagic.data(), kMagic.size()) != 0)
    return corrupt_file(path, "no state file trailer (truncated, corrupt, or not a state file)");
  uint32_t version = static_cast<uint32_t>(get_le(t.data() + 12, 4));
  if (version != kStateFormatVersion)
    return corrupt_file(path, "format version " + std::to_string(version) + ", expected " +
                                  std::to_string(kStateFormatVersion));
  uint32_t found = static_cast<uint32_t>(get_le(t.data() + 8, 4));
  if (found != static_cast<uint32_t>(kind)) {
    std::string what = "not a " + std::string(kind_name(static_cast<uint32_t>(kind))) + " file (";
    std::string_view name = kind_name(found);
    what += name.empty() ? "unknown kind " + std::to_string(found) : "a " + std::string(name) + " file";
    return corrupt_file(path, what + ")");
  }
  uint64_t length = get_le(t.data() + 16, 8);
  uint64_t held = size - kTrailerBytes;
  if (length > held)
    return corrupt_file(path, "truncated (trailer says " + std::to_string(length) + " payload bytes, file holds " +
                                  std::to_string(held) + ")");
  if (length < held)
    return corrupt_file(path, "payload length " + std::to_string(length) + " in the trailer, but the file holds " +
                                  std::to_string(held) + " (corrupt)");
  if (kind == FileKind::Page && length != kPageFileBytes)
    return corrupt_file(path, "page file payload is " + std::to_string(length) + " bytes, expected 65536");
  out.payload_bytes = length;
  out.checksum = get_le(t.data() + 24, 8);
  return {};
}

Result<CheckedFile, ReadError> open_checked(const fs::path& path, FileKind kind) {
  CheckedFile file;
  uint64_t size = 0;
  SC_TRY_VOID(open_regular(path, file.fd, size));
  SC_TRY_VOID(check_trailer(path, file.fd.get(), size, kind, file));
  return file;
}

ReadError checksum_error(const fs::path& path) { return corrupt_file(path, "checksum mismatch (file corrupt)"); }

// mkdir for every missing ancestor of `dir`, outermost first, fsyncing each new
// directory's parent so the new entry survives a crash.
Result<void, std::string> create_directories_durably(const fs::path& dir) {
  if (dir.empty()) return {};
  std::vector<fs::path> missing;
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) return fail(p, "exists and is not a directory");
      break;
    }
    if (errno != ENOENT) return fail_errno(p, "cannot stat", errno);
    missing.push_back(p);
    if (p == p.parent_path()) break;  // the root itself is missing: mkdir will say why
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0755) != 0 && errno != EEXIST)  // EEXIST: a concurrent writer won
      return fail_errno(*it, "cannot create directory", errno);
    fs::path parent = it->parent_path();
    SC_TRY_VOID(sync_directory(parent.empty() ? fs::path(".") : parent));
  }
  return {};
}

fs::path temporary_name(const fs::path& path) {
  static std::atomic<uint64_t> counter{0};
  std::string name = path.filename().string();
  name += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));
  return path.parent_path() / name;
}

// Writes and fsyncs `tmp`; the caller renames or removes it.
Result<void, std::string> write_temporary(const fs::path& path, const fs::path& tmp, FileKind kind,
                                          std::span<const uint8_t> payload) {
  UniqueFd fd(open_retry(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (!fd.valid()) return fail_errno(path, "cannot create temporary " + tmp.filename().string(), errno);
  std::array<uint8_t, kTrailerBytes> trailer = make_trailer(kind, payload);
  int err = write_all(fd.get(), payload);
  if (err == 0) err = write_all(fd.get(), trailer);
  if (err != 0) return fail_errno(path, "cannot write", err);
  if ((err = fsync_retry(fd.get())) != 0) return fail_errno(path, "cannot fsync", err);
  if ((err = fd.close_now()) != 0) return fail_errno(path, "cannot close", err);
  return {};
}

}  // namespace

Result<void, std::string> write_file_atomic(const fs::path& path, FileKind kind,
                                            std::span<const uint8_t> payload) {
  if (path.filename().empty()) return fail(path, "not a file name");
  fs::path dir = path.parent_path();
  SC_TRY_VOID(create_directories_durably(dir));
  fs::path tmp = temporary_name(path);
  Result<void, std::string> written = write_temporary(path, tmp, kind, payload);
  if (written.ok() && ::rename(tmp.c_str(), path.c_str()) != 0)
    written = fail_errno(path, "cannot rename the temporary into place", errno);
  if (!written.ok()) {
    ::unlink(tmp.c_str());  // best effort; remove_temporaries clears what this misses
    return written;
  }
  return sync_directory(dir.empty() ? fs::path(".") : dir);
}

Result<void, std::string> write_files_atomic(std::span<const FileToWrite> files) {
  std::set<fs::path> dirs;
  for (const FileToWrite& file : files) {
    if (file.path.filename().empty()) return fail(file.path, "not a file name");
    const fs::path dir = file.path.parent_path().empty() ? fs::path(".") : file.path.parent_path();
    if (dirs.insert(dir).second) SC_TRY_VOID(create_directories_durably(dir));
  }
  std::vector<fs::path> temporaries;
  temporaries.reserve(files.size());
  Result<void, std::string> written{};
  for (const FileToWrite& file : files) {
    temporaries.push_back(temporary_name(file.path));
    written = write_temporary(file.path, temporaries.back(), file.kind, file.payload);
    if (!written.ok()) break;
  }
  size_t renamed = 0;
  for (; written.ok() && renamed < files.size(); ++renamed) {
    if (::rename(temporaries[renamed].c_str(), files[renamed].path.c_str()) != 0) {
      written = fail_errno(files[renamed].path, "cannot rename the temporary into place", errno);
      break;
    }
  }
  for (size_t i = renamed; i < temporaries.size(); ++i) ::unlink(temporaries[i].c_str());
  SC_TRY_VOID(written);
  for (const fs::path& dir : dirs) SC_TRY_VOID(sync_directory(dir));
  return {};
}

Result<Bytes, ReadError> read_file_checked(const fs::path& path, FileKind kind) {
  SC_TRY(CheckedFile file, open_checked(path, kind));
  // payload_bytes equals the real size minus the trailer, so this allocation is bounded
  // by what is on disk, not by anything the file claims.
  Bytes payload(static_cast<size_t>(file.payload_bytes));
  int err = pread_all(file.fd.get(), payload, 0);
  if (err == -1) return corrupt_file(path, "truncated while reading");
  if (err != 0) return io_failure(path, "cannot read", err);
  if (XXH3_64bits(payload.data(), payload.size()) != file.checksum) return checksum_error(path);
  return payload;
}

Result<void, ReadError> verify_page_file(const fs::path& path) {
  SC_TRY(CheckedFile file, open_checked(path, FileKind::Page));
  std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> state(XXH3_createState(), XXH3_freeState);
  if (!state || XXH3_64bits_reset(state.get()) != XXH_OK) {
    return ReadError{ReadError::Kind::Io, fail(path, "cannot allocate a hash state")};
  }
  std::array<uint8_t, kHashChunk> chunk{};
  for (uint64_t offset = 0; offset < file.payload_bytes; offset += kHashChunk) {
    int err = pread_all(file.fd.get(), chunk, offset);
    if (err == -1) return corrupt_file(path, "truncated while reading");
    if (err != 0) return io_failure(path, "cannot read", err);
    XXH3_64bits_update(state.get(), chunk.data(), chunk.size());
  }
  if (XXH3_64bits_digest(state.get()) != file.checksum) return checksum_error(path);
  return {};
}

Result<void, ReadError> map_page_file(const fs::path& path, uint8_t* dest) {
  // mmap needs the OS page alignment only; a memory's base is OS-page aligned, not 64 KiB.
  static const auto os_page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  if (reinterpret_cast<uintptr_t>(dest) % os_page != 0) {
    return ReadError{ReadError::Kind::Io, fail(path, "mapping address is not page-aligned")};
  }
  SC_TRY(CheckedFile file, open_checked(path, FileKind::Page));
  void* mapped = ::mmap(dest, kPageFileBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, file.fd.get(), 0);
  if (mapped == MAP_FAILED) return io_failure(path, "cannot map", errno);
  return {};  // the mapping keeps its own reference to the file; closing fd is fine
}

Result<void, std::string> sync_directory(const fs::path& dir) {
  UniqueFd fd(open_retry(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return fail_errno(dir, "cannot open directory", errno);
  int err = fsync_retry(fd.get());
  // Some filesystems cannot fsync a directory at all and say EINVAL; there is nothing
  // stronger to do there, and refusing would make the store unusable on them.
  if (err != 0 && err != EINVAL) return fail_errno(dir, "cannot fsync directory", err);
  return {};
}

size_t remove_temporaries(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> found;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    std::error_code type_ec;
    if (!entry.is_regular_file(type_ec) || entry.is_symlink(type_ec)) continue;
    if (entry.path().filename().string().find(".tmp.") != std::string::npos) found.push_back(entry.path());
  }
  size_t removed = 0;
  for (const fs::path& p : found) {
    if (::unlink(p.c_str()) == 0) ++removed;
  }
  return removed;
}

Result<void, std::string> remove_file_durably(const fs::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return fail_errno(path, "cannot remove", errno);
  // Sync even when the file was already gone: an earlier removal may have been cut short
  // between unlink and this fsync.
  fs::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 && errno == ENOENT) return {};
  return sync_directory(dir);
}

}  // namespace shortcrust::state
