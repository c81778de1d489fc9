// NativeStack: the machine stack JIT code runs on (one per ExecContext). Its size follows
// from the logical stack limit (ARCHITECTURE §4): every wasm frame costs at least 4 slots
// and at most kBytesPerFrame bytes here, so the logical limit always trips first and the
// native stack can never overflow. A PROT_NONE guard page below it is a second line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace shortcrust::jit {

class NativeStack {
 public:
  // Bytes of native stack one wasm frame may use (return address, a saved instance).
  static constexpr size_t kBytesPerFrame = 32;
  // Bytes each nested entry from the host uses (the entry stub's frame, alignment).
  static constexpr size_t kBytesPerEntry = 128;

  // A stack for `slot_limit` logical slots and `max_entries` nested entries; null if the
  // address space cannot be reserved.
  static std::unique_ptr<NativeStack> create(uint64_t slot_limit, uint32_t max_entries);
  ~NativeStack();
  NativeStack(const NativeStack&) = delete;
  NativeStack& operator=(const NativeStack&) = delete;

  void* top() const { return base_ + size_; }  // the stack grows down from here

 private:
  NativeStack(uint8_t* mapping, size_t mapped, uint8_t* base, size_t size)
      : mapping_(mapping), mapped_(mapped), base_(base), size_(size) {}
  uint8_t* mapping_;
  size_t mapped_;
  uint8_t* base_;
  size_t size_;
};

}  // namespace shortcrust::jit
