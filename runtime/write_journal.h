// WriteJournal: per-frame pre-images of 64 KiB linear-memory pages, so that a failed
// inter-contract call frame can be undone without re-execution (ARCHITECTURE §6.4), and
// the page stamps that tell a commit which pages are dirty (ARCHITECTURE §7: explicit
// dirty tracking by a store barrier, not signals).
//
// Stamps: a memory of an engine with EngineConfig::track_writes has one u64 per page
// (MemoryObject::page_stamps). A page whose stamp equals ExecContext::write_epoch has
// already been journaled by the innermost open frame, so writes to it cost nothing more;
// any other stamp sends the write through journal_write first (the store barrier, in
// both tiers and in runtime/operations.cpp). Stamp 0 means clean; every frame gets a
// fresh epoch (never 0, never reused: u64 cannot wrap in practice).
//
// Why epochs, not a per-frame set of pages: the barrier's fast path is one load and one
// compare against a value the context already holds, with no lookup.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/exec_context.h"
#include "shortcrust/types.h"

namespace shortcrust::runtime {

struct MemoryObject;

inline constexpr unsigned kPageShift = 16;  // page index = byte offset >> kPageShift
static_assert(kPageSize == uint64_t{1} << kPageShift);

class WriteJournal {
 public:
  WriteJournal();
  ~WriteJournal();
  WriteJournal(const WriteJournal&) = delete;
  WriteJournal& operator=(const WriteJournal&) = delete;

  // Opens a frame: a fresh epoch (starts at 1, never reused by this journal), installed
  // as ctx.write_epoch; sets ctx.journal = this.
  void begin_frame(ExecContext& ctx);
  // The innermost frame succeeded: its entries are kept for the parent frame (dropping
  // those the parent already holds) or, for the outermost frame, discarded (its pages
  // keep their stamps: they are dirty). Restores ctx.write_epoch to the parent's epoch
  // (0 and ctx.journal = nullptr after the outermost frame).
  void commit_frame(ExecContext& ctx);
  // The innermost frame failed: restores every page and every memory size that it (and
  // the children it committed) changed, newest first, then pops it like commit_frame.
  void revert_frame(ExecContext& ctx);

  size_t depth() const { return frames_.size(); }                 // open frames
  uint64_t preimage_bytes() const { return preimage_bytes_; }     // pre-images held

  // journal_write's and journal_grow's recording (they check that a frame is open).
  void record_page(MemoryObject& memory, uint64_t page);
  void record_size(MemoryObject& memory);

 private:
  // A page pre-image (page != kSizeEntry) or a memory size (previous = the size in bytes
  // before a grow). `previous` of a page entry is its stamp before this frame.
  static constexpr uint64_t kSizeEntry = UINT64_MAX;
  struct Entry {
    MemoryObject* memory = nullptr;
    uint64_t page = 0;
    uint64_t previous = 0;
    std::unique_ptr<uint8_t[]> preimage;  // 64 KiB; null for size entries
  };
  struct Frame {
    uint64_t epoch = 0;
    size_t first = 0;  // its entries are entries_[first..)
  };

  std::unique_ptr<uint8_t[]> take_buffer();
  void release(Entry& entry);
  void pop(ExecContext& ctx);

  std::vector<Entry> entries_;  // every open frame's, oldest first
  std::vector<Frame> frames_;
  // Freed pre-image buffers, reused before allocating (bounded: see kMaxFreeBuffers).
  std::vector<std::unique_ptr<uint8_t[]>> free_;
  uint64_t next_epoch_ = 1;
  uint64_t preimage_bytes_ = 0;
};

// Before a write to [offset, offset + n) of `memory` (already bounds-checked): every
// page of the range whose stamp differs from ctx.write_epoch is journaled (pre-image
// copied, previous stamp remembered) and stamped. No-op when memory.page_stamps is null
// or no frame is open (writes outside frames are neither journaled nor marked dirty).
void journal_write(ExecContext& ctx, MemoryObject& memory, uint64_t offset, uint64_t n);
// Before memory.grow changes the size: remembers the old size in the current frame.
void journal_grow(ExecContext& ctx, MemoryObject& memory);

// The barrier's inline test: does a write to [offset, offset + n) (n > 0, in bounds)
// need journal_write? Both ends are checked, so a write straddling two pages is caught
// (no single access is wider than a page).
inline bool needs_journal(const ExecContext& ctx, const uint64_t* stamps, uint64_t offset, uint64_t n) {
  return stamps[offset >> kPageShift] != ctx.write_epoch ||
         stamps[(offset + n - 1) >> kPageShift] != ctx.write_epoch;
}

// Pages of `memory` written since its stamps were last cleared (stamp != 0), ascending:
// the dirty set for commits. Stamps restored to 0 by a revert count as clean.
std::vector<uint64_t> dirty_pages(const MemoryObject& memory);
// After a commit: every stamp back to 0. Only with no frame open.
void clear_dirty(MemoryObject& memory);

}  // namespace shortcrust::runtime
