// NativeStack over mmap (see native_stack.h): [guard page][stack], the stack reserved
// with MAP_NORESERVE so untouched pages cost nothing.
#include "jit/native_stack.h"

#include <sys/mman.h>
#include <unistd.h>

namespace shortcrust::jit {

std::unique_ptr<NativeStack> NativeStack::create(uint64_t slot_limit, uint32_t max_entries) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const uint64_t frames = slot_limit / 4 + 1;
  uint64_t bytes = frames * kBytesPerFrame + (uint64_t{max_entries} + 1) * kBytesPerEntry + page;
  bytes = (bytes + page - 1) / page * page;
  const size_t mapped = static_cast<size_t>(bytes) + page;
  void* p = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  auto* mapping = static_cast<uint8_t*>(p);
  if (mprotect(mapping, page, PROT_NONE) != 0) {
    munmap(mapping, mapped);
    return nullptr;
  }
  return std::unique_ptr<NativeStack>(new NativeStack(mapping, mapped, mapping + page, static_cast<size_t>(bytes)));
}

NativeStack::~NativeStack() { munmap(mapping_, mapped_); }

}  // namespace shortcrust::jit
