// The commit manifest: what one commit of a state directory holds (its root, the commit
// it is a delta against, and per contract the leaf fields and page hashes), and its
// byte encoding, the payload of a FileKind::Manifest file (state/disk_files.h).
//
// Payload encoding, little-endian, no padding:
//   root(32) ‖ has_base u8 (0/1) ‖ base(32, zeros if none) ‖ sequence u64 ‖
//   contract count u64 ‖ contract*
//   contract = id(32) ‖ code_hash(32) ‖ owner length u32 ‖ owner ‖ memory_bytes u64 ‖
//              page count u64 ‖ (index u64 ‖ hash(32))*
// The encoding is canonical: decode_manifest accepts exactly the byte strings that
// encode_manifest produces for a well-formed Manifest (ids and page indices strictly
// ascending, base zeros when absent, no trailing bytes).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "shortcrust/result.h"
#include "shortcrust/vm.h"

namespace shortcrust::state {

using Hash = std::array<uint8_t, 32>;  // same alias as state/merkle.h

// Limits a decoder enforces; the VM's own rules are the same numbers.
inline constexpr uint32_t kManifestMaxOwnerBytes = 65536;
inline constexpr uint64_t kManifestPageBytes = 65536;

// One page of a contract's memory at this commit. A zero hash (all bytes 0) says the page
// is zero now; in a full snapshot such entries are redundant but accepted.
struct ManifestPage {
  uint64_t index = 0;
  Hash hash{};
  bool operator==(const ManifestPage&) const = default;
};

struct ManifestContract {
  ContractId id;
  Hash code_hash{};
  Bytes owner;                      // up to 65536 bytes
  uint64_t memory_bytes = 0;        // a multiple of 65536
  std::vector<ManifestPage> pages;  // ascending, unique index; each < memory_bytes / 65536
  bool operator==(const ManifestContract&) const = default;
};

// One commit. A delta lists only the contracts that changed since `base` (all of their
// leaf fields, and only their changed pages); a full snapshot (no base) lists every
// contract and every non-zero page.
struct Manifest {
  Hash root{};
  std::optional<Hash> base;
  uint64_t sequence = 0;                    // order of commits in this directory
  std::vector<ManifestContract> contracts;  // ascending, unique id
  bool operator==(const Manifest&) const = default;
};

// The payload bytes of `manifest`. Does not check the ordering rules; decode_manifest
// rejects what breaks them, so a writer that round-trips its output catches its own bugs.
Bytes encode_manifest(const Manifest& manifest);

// Any bytes: a Manifest or a message saying what is wrong ("truncated contract entry",
// "pages not in ascending order", "owner longer than 65536 bytes", "trailing bytes", ...).
// Counts are checked against the bytes left before anything is reserved, so memory use
// is bounded by the input size.
Result<Manifest, std::string> decode_manifest(std::span<const uint8_t> bytes);

}  // namespace shortcrust::state
