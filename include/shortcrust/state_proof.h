// Page inclusion proofs (ARCHITECTURE §7): one 64 KiB page of a contract's memory with the
// Merkle siblings that tie it to a state root, and the standalone check. The layout the
// check follows is frozen in state/ROOT.md; verify_page_proof needs no VM and no disk.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "shortcrust/vm.h"

namespace shortcrust {

using Hash32 = std::array<uint8_t, 32>;

// A 64 KiB page of a contract's memory with everything needed to check it against a
// state root, without a VM.
struct PageProof {
  ContractId contract;
  uint64_t page = 0;                  // page index (byte offset / 65536)
  Bytes data;                         // the page's 65536 bytes
  Hash32 code_hash{};                 // the contract leaf's other fields
  Hash32 owner_hash{};
  uint64_t memory_bytes = 0;
  std::vector<Hash32> page_path;      // siblings from the page up to the contract's page root
  uint64_t contract_index = 0;        // position among the state's contracts sorted by id
  uint64_t contract_count = 0;
  std::vector<Hash32> contract_path;  // siblings from the contract leaf up
};

// True when `proof` shows that `proof.data` is page `proof.page` of `proof.contract` in
// the state whose root is `root`. Checks every length (data 65536 bytes, page < memory
// pages, path lengths = the depths implied by memory_bytes and contract_count,
// contract_index < contract_count); never crashes on any input.
bool verify_page_proof(const Root& root, const PageProof& proof);

}  // namespace shortcrust
