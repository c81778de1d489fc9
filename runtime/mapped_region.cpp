// MappedRegion over POSIX mmap/mprotect/munmap (see mapped_region.h).
#include "runtime/mapped_region.h"

#include <sys/mman.h>
#include <unistd.h>

#include <utility>

namespace shortcrust::runtime {

namespace {

size_t os_page_size() {
  static const size_t size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

}  // namespace

MappedRegion::~MappedRegion() { release(); }

MappedRegion::MappedRegion(MappedRegion&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)),
      reserved_(std::exchange(other.reserved_, 0)),
      committed_(std::exchange(other.committed_, 0)) {}

MappedRegion& MappedRegion::operator=(MappedRegion&& other) noexcept {
  if (this != &other) {
    release();
    base_ = std::exchange(other.base_, nullptr);
    reserved_ = std::exchange(other.reserved_, 0);
    committed_ = std::exchange(other.committed_, 0);
  }
  return *this;
}

void MappedRegion::release() {
  if (base_ != nullptr) munmap(base_, reserved_);
  base_ = nullptr;
  reserved_ = 0;
  committed_ = 0;
}

bool MappedRegion::reserve(size_t bytes, MappedRegion& out) {
  out.release();
  if (bytes == 0) return true;
  // Round to whole pages so the last partial page can be committed too.
  const size_t page = os_page_size();
  if (bytes > SIZE_MAX - (page - 1)) return false;
  const size_t rounded = (bytes + page - 1) / page * page;
  // MAP_NORESERVE: an inaccessible reservation must not count against swap or overcommit.
  void* p = mmap(nullptr, rounded, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return false;
  out.base_ = static_cast<uint8_t*>(p);
  out.reserved_ = rounded;
  return true;
}

bool MappedRegion::commit(size_t bytes) {
  if (bytes > reserved_) return false;
  if (bytes <= committed_) return true;
  const size_t page = os_page_size();
  const size_t target = (bytes + page - 1) / page * page;  // <= reserved_, a page multiple
  if (mprotect(base_ + committed_, target - committed_, PROT_READ | PROT_WRITE) != 0) return false;
  committed_ = target;
  return true;
}

}  // namespace shortcrust::runtime
