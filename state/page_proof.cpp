// verify_page_proof: the proof check of state/ROOT.md ("Checking a page proof"), step by
// step. Every length is checked before any hashing, so no input can index out of range.
#include <span>

#include "shortcrust/state_proof.h"
#include "state/merkle.h"

namespace shortcrust {

namespace {

// Bytes of a partial last page past the memory's end must be zero (ROOT.md: the page is
// committed zero-padded). Wasm memories are whole pages, so this only guards odd lengths.
bool padding_is_zero(const PageProof& proof, uint64_t pages) {
  const uint64_t tail = proof.memory_bytes % state::kStatePageBytes;
  if (tail == 0 || proof.page + 1 != pages) return true;
  const std::span<const uint8_t> padding(proof.data.data() + tail, proof.data.size() - tail);
  return state::is_zero_page(padding);
}

}  // namespace

bool verify_page_proof(const Root& root, const PageProof& proof) {
  if (proof.data.size() != state::kStatePageBytes) return false;
  const uint64_t pages = state::pages_for(proof.memory_bytes);
  if (proof.page >= pages) return false;
  if (proof.page_path.size() != state::depth_for(pages)) return false;
  if (proof.contract_index >= proof.contract_count) return false;
  if (proof.contract_path.size() != state::depth_for(proof.contract_count)) return false;
  if (!padding_is_zero(proof, pages)) return false;

  const state::Hash page_leaf = state::page_hash(proof.data);
  const state::Hash pages_root = state::root_from_path(proof.page, page_leaf, proof.page_path);
  const state::Hash leaf = state::contract_leaf(proof.contract, proof.code_hash, proof.owner_hash,
                                                proof.memory_bytes, pages_root);
  const state::Hash contracts_root =
      state::root_from_path(proof.contract_index, leaf, proof.contract_path);
  return state::state_root(proof.contract_count, contracts_root) == root.bytes;
}

}  // namespace shortcrust
