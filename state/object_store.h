// ObjectStore: where committed pages and code live, by content hash — files in a state
// directory (pages/<2 hex>/<hash hex>, code/<hash hex>.wasm, each checksummed by
// state/disk_files.h) or a map in memory for an ephemeral VM. Objects are immutable once
// written; collect() removes the ones no commit needs any more. Thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <utility>

#include "shortcrust/result.h"
#include "shortcrust/vm.h"
#include "state/disk_files.h"
#include "state/merkle.h"

namespace shortcrust::state {

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // Stores pages or code under their hashes; nothing to do for those already there.
  using Objects = std::span<const std::pair<Hash, std::span<const uint8_t>>>;
  virtual Result<void, std::string> put_pages(Objects pages) = 0;
  virtual Result<void, std::string> put_code(const Hash& hash, std::span<const uint8_t> code) = 0;
  // Puts the page's 64 KiB at `dest` (a 64 KiB-aligned part of a memory reservation):
  // mapped copy-on-write from its file (checked once per process) or copied.
  // Errors (ReadError): Io when the object could not be read (a missing file included),
  // Corrupt when it is not a valid object (or, in memory, not there at all).
  virtual Result<void, ReadError> load_page(const Hash& hash, uint8_t* dest) = 0;
  virtual Result<Bytes, ReadError> read_page(const Hash& hash) = 0;
  virtual Result<Bytes, ReadError> read_code(const Hash& hash) = 0;
  // Removes every object whose hash is in neither set.
  virtual void collect(const std::set<Hash>& live_pages, const std::set<Hash>& live_code) = 0;
};

// A failed read as the VM reports it: Io or Corrupt alike.
inline StateError state_error(ReadError error) {
  return StateError{error.kind == ReadError::Kind::Io ? StateError::Kind::Io : StateError::Kind::Corrupt,
                    std::move(error.message)};
}

std::unique_ptr<ObjectStore> memory_object_store();
std::unique_ptr<ObjectStore> directory_object_store(const std::filesystem::path& dir);

std::string hex_of(const Hash& hash);

}  // namespace shortcrust::state
