// The write journal of write_journal.h: frames of page pre-images and memory sizes over
// one vector of entries (a frame owns a suffix), the epoch bookkeeping of the page
// stamps, and the dirty-page queries a commit uses.
#include "runtime/write_journal.h"

#include <algorithm>
#include <cstring>

#include "runtime/objects.h"

namespace shortcrust::runtime {

namespace {

// Freed pre-image buffers kept for reuse: enough for the working set of typical frames
// (4 MiB) without holding on to the peak of one huge frame forever.
constexpr size_t kMaxFreeBuffers = 64;

}  // namespace

WriteJournal::WriteJournal() = default;
WriteJournal::~WriteJournal() = default;

void WriteJournal::begin_frame(ExecContext& ctx) {
  frames_.push_back(Frame{next_epoch_++, entries_.size()});
  ctx.write_epoch = frames_.back().epoch;
  ctx.journal = this;
}

void WriteJournal::commit_frame(ExecContext& ctx) {
  if (frames_.empty()) return;
  const size_t first = frames_.back().first;
  if (frames_.size() == 1) {
    // The outermost frame: nothing can revert it any more. Its pages keep their stamps,
    // which is what makes them dirty for the next commit.
    for (size_t i = first; i < entries_.size(); ++i) release(entries_[i]);
    entries_.erase(entries_.begin() + static_cast<ptrdiff_t>(first), entries_.end());
    pop(ctx);
    return;
  }
  // The parent takes the entries over. A page whose stamp before this frame was the
  // parent's epoch was already journaled by the parent, with an older pre-image: drop
  // ours. Every page of the frame becomes the parent's (stamped with its epoch), so the
  // parent's later writes to it do not journal it again.
  const uint64_t parent = frames_[frames_.size() - 2].epoch;
  size_t kept = first;
  for (size_t i = first; i < entries_.size(); ++i) {
    Entry& e = entries_[i];
    if (e.page != kSizeEntry) {
      e.memory->page_stamps[e.page] = parent;
      if (e.previous == parent) {
        release(e);
        continue;
      }
    }
    if (kept != i) entries_[kept] = std::move(e);
    ++kept;
  }
  entries_.erase(entries_.begin() + static_cast<ptrdiff_t>(kept), entries_.end());
  pop(ctx);
}

void WriteJournal::revert_frame(ExecContext& ctx) {
  if (frames_.empty()) return;
  const size_t first = frames_.back().first;
  // Newest first, so that the oldest pre-image and the oldest size are the ones left.
  // Sizes go back without touching the pages above them: a page grown in this frame
  // and written was journaled then, as zeros (a grown page reads as zero), so restoring
  // it makes it zero again, and MappedRegion never decommits, so a later grow finds
  // exactly the zero page the spec requires. Pages grown but never written are still
  // zero.
  for (size_t i = entries_.size(); i-- > first;) {
    Entry& e = entries_[i];
    if (e.page == kSizeEntry) {
      e.memory->size = e.previous;
      continue;
    }
    std::memcpy(e.memory->base + e.page * kPageSize, e.preimage.get(), kPageSize);
    e.memory->page_stamps[e.page] = e.previous;
    release(e);
  }
  entries_.erase(entries_.begin() + static_cast<ptrdiff_t>(first), entries_.end());
  pop(ctx);
}

void WriteJournal::record_page(MemoryObject& memory, uint64_t page) {
  Entry e{&memory, page, memory.page_stamps[page], take_buffer()};
  std::memcpy(e.preimage.get(), memory.base + page * kPageSize, kPageSize);
  preimage_bytes_ += kPageSize;
  entries_.push_back(std::move(e));
}

void WriteJournal::record_size(MemoryObject& memory) {
  entries_.push_back(Entry{&memory, kSizeEntry, memory.size, nullptr});
}

std::unique_ptr<uint8_t[]> WriteJournal::take_buffer() {
  if (free_.empty()) return std::make_unique_for_overwrite<uint8_t[]>(kPageSize);
  std::unique_ptr<uint8_t[]> buffer = std::move(free_.back());
  free_.pop_back();
  return buffer;
}

void WriteJournal::release(Entry& entry) {
  if (!entry.preimage) return;
  preimage_bytes_ -= kPageSize;
  if (free_.size() < kMaxFreeBuffers) free_.push_back(std::move(entry.preimage));
  entry.preimage.reset();
}

void WriteJournal::pop(ExecContext& ctx) {
  frames_.pop_back();
  ctx.write_epoch = frames_.empty() ? 0 : frames_.back().epoch;
  if (frames_.empty()) ctx.journal = nullptr;
}

void journal_write(ExecContext& ctx, MemoryObject& memory, uint64_t offset, uint64_t n) {
  if (memory.page_stamps == nullptr || ctx.journal == nullptr || n == 0) return;
  const uint64_t epoch = ctx.write_epoch;
  const uint64_t last = (offset + n - 1) >> kPageShift;
  for (uint64_t page = offset >> kPageShift; page <= last; ++page) {
    if (memory.page_stamps[page] == epoch) continue;
    ctx.journal->record_page(memory, page);
    memory.page_stamps[page] = epoch;
  }
}

void journal_grow(ExecContext& ctx, MemoryObject& memory) {
  if (memory.page_stamps == nullptr || ctx.journal == nullptr) return;
  ctx.journal->record_size(memory);
}

namespace {

// Stamps that may be non-zero: the committed ones (pages above the current size were
// reverted to their earlier stamps, so they are included only for completeness).
uint64_t stamp_count(const MemoryObject& memory) {
  return std::min<uint64_t>(memory.stamp_region.committed() / sizeof(uint64_t), memory.max_pages);
}

}  // namespace

std::vector<uint64_t> dirty_pages(const MemoryObject& memory) {
  std::vector<uint64_t> pages;
  if (memory.page_stamps == nullptr) return pages;
  const uint64_t count = stamp_count(memory);
  for (uint64_t page = 0; page < count; ++page) {
    if (memory.page_stamps[page] != 0) pages.push_back(page);
  }
  return pages;
}

void clear_dirty(MemoryObject& memory) {
  if (memory.page_stamps == nullptr) return;
  std::memset(memory.page_stamps, 0, stamp_count(memory) * sizeof(uint64_t));
}

}  // namespace shortcrust::runtime
