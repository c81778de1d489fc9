// Contract ids (hex form, derivation with OpenSSL's SHA-256) and the names and wording
// of contract errors.
#include <openssl/evp.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "common/hex.h"
#include "shortcrust/vm.h"
#include "state/vm_state.h"

namespace shortcrust {

namespace {

bool from_hex32(std::string_view hex, std::array<uint8_t, 32>& out) {
  const std::optional<std::vector<uint8_t>> bytes = hex.size() == 64 ? parse_hex(hex) : std::nullopt;
  if (!bytes) return false;
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return true;
}

}  // namespace

std::string ContractId::hex() const { return to_hex(bytes); }
std::string Root::hex() const { return to_hex(bytes); }

std::optional<ContractId> ContractId::from_hex(std::string_view hex) {
  ContractId id;
  if (!from_hex32(hex, id.bytes)) return std::nullopt;
  return id;
}

std::optional<Root> Root::from_hex(std::string_view hex) {
  Root root;
  if (!from_hex32(hex, root.bytes)) return std::nullopt;
  return root;
}

const char* name(ContractError::Kind kind) {
  using K = ContractError::Kind;
  switch (kind) {
    case K::OutOfGas: return "out of gas";
    case K::Panic: return "panic";
    case K::ContractDoesNotExist: return "contract does not exist";
    case K::ContractAlreadyExists: return "contract already exists";
    case K::UnknownFunction: return "unknown function";
    case K::InitNotCallable: return "init is not callable";
    case K::InvalidModule: return "invalid module";
    case K::InvalidArgumentBuffer: return "invalid argument buffer";
    case K::InvalidUtf8: return "invalid UTF-8";
    case K::MissingHostQuery: return "missing host query";
    case K::HostQueryFailed: return "host query failed";
    case K::Trap: return "trap";
    case K::StateUnreadable: return "state unreadable";
  }
  return "?";
}

std::string ContractError::describe() const {
  return message.empty() ? std::string(name(kind)) : std::string(name(kind)) + ": " + message;
}

namespace state {

ContractId derive_contract_id(std::span<const uint8_t> bytecode, std::span<const uint8_t> owner, uint64_t nonce) {
  uint8_t nonce_le[8];
  for (int i = 0; i < 8; ++i) nonce_le[i] = static_cast<uint8_t>(nonce >> (8 * i));
  ContractId id;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned int len = 0;
  const bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx, bytecode.data(), bytecode.size()) == 1 &&
                  EVP_DigestUpdate(ctx, owner.data(), owner.size()) == 1 &&
                  EVP_DigestUpdate(ctx, nonce_le, sizeof nonce_le) == 1 &&
                  EVP_DigestFinal_ex(ctx, id.bytes.data(), &len) == 1;
  EVP_MD_CTX_free(ctx);
  // SHA-256 from libcrypto does not fail short of memory exhaustion, which aborts anyway.
  if (!ok) std::abort();
  return id;
}

}  // namespace state

}  // namespace shortcrust
