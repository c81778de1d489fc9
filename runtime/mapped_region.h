// MappedRegion: an RAII virtual-memory reservation (HOUSE-STYLE §8). The whole
// reservation is mapped inaccessible up front so its base never moves; commit() makes a
// growing prefix readable and writable. Pages committed for the first time read as zero
// (they are fresh anonymous pages). The region is unmapped in the destructor.
// Why reserve the maximum: the interpreter and the JIT cache a memory's base, and a
// memory.grow must not invalidate it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace shortcrust::runtime {

class MappedRegion {
 public:
  MappedRegion() = default;
  ~MappedRegion();
  MappedRegion(MappedRegion&& other) noexcept;
  MappedRegion& operator=(MappedRegion&& other) noexcept;
  MappedRegion(const MappedRegion&) = delete;
  MappedRegion& operator=(const MappedRegion&) = delete;

  // Reserves `bytes` of address space, inaccessible. False if the OS refuses.
  // A reservation of 0 bytes succeeds and has a null base.
  [[nodiscard]] static bool reserve(size_t bytes, MappedRegion& out);

  // Makes [0, bytes) read-write (rounded up to whole OS pages, at most the reservation).
  // Never shrinks. False if `bytes` exceeds the reservation or the OS refuses.
  [[nodiscard]] bool commit(size_t bytes);

  uint8_t* base() const { return base_; }
  size_t reserved() const { return reserved_; }
  size_t committed() const { return committed_; }

 private:
  void release();

  uint8_t* base_ = nullptr;
  size_t reserved_ = 0;
  size_t committed_ = 0;  // a multiple of the OS page size, or reserved_
};

}  // namespace shortcrust::runtime
