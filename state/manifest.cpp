// Encoding and checked decoding of commit manifests (layout in state/manifest.h). The
// decoder trusts nothing: every count is compared with the bytes left before a vector
// grows, and every ordering rule is checked, so any input gives a Manifest or a message.
#include "state/manifest.h"

#include <cstring>

namespace shortcrust::state {

namespace {

// The fixed part of a contract entry: id, code hash, owner length, memory_bytes, page count.
constexpr uint64_t kContractFixedBytes = 32 + 32 + 4 + 8 + 8;
constexpr uint64_t kPageEntryBytes = 8 + 32;

void put_u64(Bytes& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void put_u32(Bytes& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void put_raw(Bytes& out, std::span<const uint8_t> bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }

// A bounded reader over the manifest bytes; each read fails with `what` when fewer bytes
// are left than it needs, which is the only way a read can fail.
class Cursor {
 public:
  explicit Cursor(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  uint64_t left() const { return bytes_.size() - pos_; }

  Result<uint64_t, std::string> u64(const char* what) { return uint_le(8, what); }
  Result<uint64_t, std::string> u32(const char* what) { return uint_le(4, what); }
  Result<uint8_t, std::string> u8(const char* what) {
    if (left() < 1) return std::string(what);
    return bytes_[pos_++];
  }
  Result<Hash, std::string> hash(const char* what) {
    if (left() < 32) return std::string(what);
    Hash h{};
    std::memcpy(h.data(), bytes_.data() + pos_, 32);
    pos_ += 32;
    return h;
  }
  Result<Bytes, std::string> raw(uint64_t n, const char* what) {
    if (left() < n) return std::string(what);
    Bytes out(bytes_.begin() + static_cast<ptrdiff_t>(pos_), bytes_.begin() + static_cast<ptrdiff_t>(pos_ + n));
    pos_ += n;
    return out;
  }

 private:
  Result<uint64_t, std::string> uint_le(int n, const char* what) {
    if (left() < static_cast<uint64_t>(n)) return std::string(what);
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= uint64_t{bytes_[pos_ + i]} << (8 * i);
    pos_ += n;
    return v;
  }

  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
};

std::string in_contract(size_t i, const std::string& what) { return "contract " + std::to_string(i) + ": " + what; }

Result<void, std::string> decode_pages(Cursor& in, ManifestContract& c) {
  SC_TRY(uint64_t count, in.u64("truncated contract entry (page count)"));
  if (count > in.left() / kPageEntryBytes)
    return "page count " + std::to_string(count) + " exceeds the bytes left (truncated contract entry)";
  uint64_t memory_pages = c.memory_bytes / kManifestPageBytes;
  if (count > memory_pages)
    return "page count " + std::to_string(count) + " exceeds the memory's " + std::to_string(memory_pages) + " pages";
  c.pages.reserve(static_cast<size_t>(count));
  for (uint64_t p = 0; p < count; ++p) {
    ManifestPage page;
    SC_TRY(page.index, in.u64("truncated page entry"));
    SC_TRY(page.hash, in.hash("truncated page entry"));
    if (page.index >= memory_pages)
      return "page " + std::to_string(page.index) + " beyond memory_bytes (" + std::to_string(memory_pages) +
             " pages)";
    if (!c.pages.empty() && page.index == c.pages.back().index)
      return "duplicate page " + std::to_string(page.index);
    if (!c.pages.empty() && page.index < c.pages.back().index) return std::string("pages not in ascending order");
    c.pages.push_back(page);
  }
  return {};
}

Result<ManifestContract, std::string> decode_contract(Cursor& in) {
  ManifestContract c;
  SC_TRY(Hash id, in.hash("truncated contract entry (id)"));
  c.id.bytes = id;
  SC_TRY(c.code_hash, in.hash("truncated contract entry (code hash)"));
  SC_TRY(uint64_t owner_len, in.u32("truncated contract entry (owner length)"));
  if (owner_len > kManifestMaxOwnerBytes)
    return "owner longer than 65536 bytes (" + std::to_string(owner_len) + ")";
  SC_TRY(c.owner, in.raw(owner_len, "truncated contract entry (owner)"));
  SC_TRY(c.memory_bytes, in.u64("truncated contract entry (memory_bytes)"));
  if (c.memory_bytes % kManifestPageBytes != 0)
    return "memory_bytes " + std::to_string(c.memory_bytes) + " is not a multiple of 65536";
  SC_TRY_VOID(decode_pages(in, c));
  return c;
}

}  // namespace

Bytes encode_manifest(const Manifest& manifest) {
  Bytes out;
  size_t size = 32 + 1 + 32 + 8 + 8;
  for (const ManifestContract& c : manifest.contracts)
    size += kContractFixedBytes + c.owner.size() + c.pages.size() * kPageEntryBytes;
  out.reserve(size);
  put_raw(out, manifest.root);
  out.push_back(manifest.base ? 1 : 0);
  put_raw(out, manifest.base.value_or(Hash{}));
  put_u64(out, manifest.sequence);
  put_u64(out, manifest.contracts.size());
  for (const ManifestContract& c : manifest.contracts) {
    put_raw(out, c.id.bytes);
    put_raw(out, c.code_hash);
    put_u32(out, static_cast<uint32_t>(c.owner.size()));
    put_raw(out, c.owner);
    put_u64(out, c.memory_bytes);
    put_u64(out, c.pages.size());
    for (const ManifestPage& p : c.pages) {
      put_u64(out, p.index);
      put_raw(out, p.hash);
    }
  }
  return out;
}

Result<Manifest, std::string> decode_manifest(std::span<const uint8_t> bytes) {
  Cursor in(bytes);
  Manifest m;
  SC_TRY(m.root, in.hash("truncated header (root)"));
  SC_TRY(uint8_t has_base, in.u8("truncated header (has_base)"));
  if (has_base > 1) return "has_base is " + std::to_string(has_base) + ", expected 0 or 1";
  SC_TRY(Hash base, in.hash("truncated header (base)"));
  if (has_base == 1) m.base = base;
  else if (base != Hash{}) return std::string("base hash set without has_base");
  SC_TRY(m.sequence, in.u64("truncated header (sequence)"));
  SC_TRY(uint64_t count, in.u64("truncated header (contract count)"));
  if (count > in.left() / kContractFixedBytes)
    return "contract count " + std::to_string(count) + " exceeds the bytes left (truncated contract entry)";
  m.contracts.reserve(static_cast<size_t>(count));
  for (uint64_t i = 0; i < count; ++i) {
    Result<ManifestContract, std::string> c = decode_contract(in);
    if (!c.ok()) return in_contract(i, c.error());
    if (!m.contracts.empty() && c.value().id == m.contracts.back().id)
      return in_contract(i, "duplicate contract id " + c.value().id.hex());
    if (!m.contracts.empty() && c.value().id < m.contracts.back().id)
      return in_contract(i, "contracts not in ascending order of id");
    m.contracts.push_back(std::move(c).value());
  }
  if (in.left() != 0) return "trailing bytes after the manifest (" + std::to_string(in.left()) + ")";
  return m;
}

}  // namespace shortcrust::state
