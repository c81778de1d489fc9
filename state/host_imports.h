// The host imports a contract may use (ARCHITECTURE §6.3): their names, their types for
// 32- and 64-bit contracts, and the functions that implement them for a session.
// Prices (state/README.md): 4 gas per byte a host import copies between the host and
// the contract's memory, `emit` included; `hq` charges the embedder's price; `c` also
// charges what the callee spent (its whole limit when it fails).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "shortcrust/store.h"
#include "shortcrust/types.h"

namespace shortcrust::state {

struct SessionState;

enum class HostImport : uint8_t { C, Hq, Hd, Emit, Feed, Caller, Callstack, Limit, Spent, Owner, SelfId, Panic, Hdebug };
inline constexpr int kHostImportCount = 13;

inline constexpr uint64_t kGasPerCopiedByte = 4;
inline constexpr size_t kMaxCallDepth = 48;  // frames, the top-level one included

std::optional<HostImport> host_import(std::string_view name);
std::string_view name(HostImport import);
// The import's type; pointers are i64 in a 64-bit contract, lengths stay i32.
FuncType host_import_type(HostImport import, bool memory64);

// Every host import as a function of `store`, for 32- and 64-bit contracts, indexed by
// HostImport. The functions find the running frame through `session`.
struct HostFunctions {
  std::array<Func, kHostImportCount> wasm32;
  std::array<Func, kHostImportCount> wasm64;
};
HostFunctions create_host_functions(Store& store, SessionState& session);

}  // namespace shortcrust::state
