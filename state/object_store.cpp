// The two ObjectStores: files in a state directory, and a map in memory.
#include "state/object_store.h"

#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <system_error>
#include <vector>

#include "common/hex.h"
#include "state/disk_files.h"

namespace shortcrust::state {

namespace fs = std::filesystem;

std::string hex_of(const Hash& hash) { return to_hex(hash); }

namespace {

std::optional<Hash> hash_of_name(const std::string& name) {
  const std::optional<Root> root = Root::from_hex(name);
  if (!root) return std::nullopt;
  return root->bytes;
}

class MemoryObjectStore final : public ObjectStore {
 public:
  Result<void, std::string> put_pages(ObjectStore::Objects pages) override {
    for (const auto& [hash, page] : pages) SC_TRY_VOID(put(pages_, hash, page));
    return {};
  }
  Result<void, std::string> put_code(const Hash& hash, std::span<const uint8_t> code) override {
    return put(code_, hash, code);
  }
  Result<void, ReadError> load_page(const Hash& hash, uint8_t* dest) override {
    SC_TRY(std::shared_ptr<const Bytes> page, get(pages_, hash, "page"));
    std::memcpy(dest, page->data(), page->size());
    return {};
  }
  Result<Bytes, ReadError> read_page(const Hash& hash) override {
    SC_TRY(std::shared_ptr<const Bytes> page, get(pages_, hash, "page"));
    return *page;
  }
  Result<Bytes, ReadError> read_code(const Hash& hash) override {
    SC_TRY(std::shared_ptr<const Bytes> code, get(code_, hash, "code"));
    return *code;
  }
  void collect(const std::set<Hash>& live_pages, const std::set<Hash>& live_code) override {
    std::lock_guard lock(mutex_);
    std::erase_if(pages_, [&](const auto& entry) { return !live_pages.contains(entry.first); });
    std::erase_if(code_, [&](const auto& entry) { return !live_code.contains(entry.first); });
  }

 private:
  using Stored = std::map<Hash, std::shared_ptr<const Bytes>>;

  Result<void, std::string> put(Stored& objects, const Hash& hash, std::span<const uint8_t> bytes) {
    std::lock_guard lock(mutex_);
    if (!objects.contains(hash)) objects.emplace(hash, std::make_shared<const Bytes>(bytes.begin(), bytes.end()));
    return {};
  }
  Result<std::shared_ptr<const Bytes>, ReadError> get(const Stored& objects, const Hash& hash,
                                                      const char* what) {
    std::lock_guard lock(mutex_);
    const auto it = objects.find(hash);
    if (it == objects.end()) return ReadError{ReadError::Kind::Corrupt, std::string(what) + " " + hex_of(hash) + " is missing"};
    return it->second;
  }

  std::mutex mutex_;
  Stored pages_;
  Stored code_;
};

class DirectoryObjectStore final : public ObjectStore {
 public:
  explicit DirectoryObjectStore(fs::path dir) : dir_(std::move(dir)) {}

  Result<void, std::string> put_pages(ObjectStore::Objects pages) override {
    std::vector<FileToWrite> files;
    std::set<Hash> seen;
    for (const auto& [hash, page] : pages) {
      fs::path path = page_path(hash);
      std::error_code ec;
      if (!seen.insert(hash).second || fs::exists(path, ec)) continue;
      files.push_back(FileToWrite{std::move(path), FileKind::Page, page});
    }
    return write_files_atomic(files);
  }
  Result<void, std::string> put_code(const Hash& hash, std::span<const uint8_t> code) override {
    const fs::path path = code_path(hash);
    std::error_code ec;
    if (fs::exists(path, ec)) return {};
    return write_file_atomic(path, FileKind::Code, code);
  }
  Result<void, ReadError> load_page(const Hash& hash, uint8_t* dest) override {
    const fs::path path = page_path(hash);
    if (!is_verified(hash)) {
      SC_TRY_VOID(verify_page_file(path));
      std::lock_guard lock(mutex_);
      verified_.insert(hash);
    }
    return map_page_file(path, dest);
  }
  Result<Bytes, ReadError> read_page(const Hash& hash) override {
    return read_file_checked(page_path(hash), FileKind::Page);
  }
  Result<Bytes, ReadError> read_code(const Hash& hash) override {
    return read_file_checked(code_path(hash), FileKind::Code);
  }
  void collect(const std::set<Hash>& live_pages, const std::set<Hash>& live_code) override {
    std::error_code ec;
    for (const auto& fan : fs::directory_iterator(dir_ / "pages", ec)) {
      for (const auto& file : fs::directory_iterator(fan.path(), ec)) {
        const std::optional<Hash> hash = hash_of_name(file.path().filename().string());
        if (hash && !live_pages.contains(*hash)) {
          fs::remove(file.path(), ec);
          std::lock_guard lock(mutex_);
          verified_.erase(*hash);
        }
      }
    }
    for (const auto& file : fs::directory_iterator(dir_ / "code", ec)) {
      const std::optional<Hash> hash = hash_of_name(file.path().stem().string());
      if (hash && file.path().extension() == ".wasm" && !live_code.contains(*hash)) fs::remove(file.path(), ec);
    }
  }

 private:
  fs::path page_path(const Hash& hash) const {
    const std::string hex = hex_of(hash);
    return dir_ / "pages" / hex.substr(0, 2) / hex;
  }
  fs::path code_path(const Hash& hash) const { return dir_ / "code" / (hex_of(hash) + ".wasm"); }
  bool is_verified(const Hash& hash) {
    std::lock_guard lock(mutex_);
    return verified_.contains(hash);
  }

  fs::path dir_;
  std::mutex mutex_;
  std::set<Hash> verified_;  // page files checked by this process (they never change)
};

}  // namespace

std::unique_ptr<ObjectStore> memory_object_store() { return std::make_unique<MemoryObjectStore>(); }
std::unique_ptr<ObjectStore> directory_object_store(const std::filesystem::path& dir) {
  return std::make_unique<DirectoryObjectStore>(dir);
}

}  // namespace shortcrust::state
