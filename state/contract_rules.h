// The module rules a contract must follow (ARCHITECTURE §6.1), checked at deploy and at
// migrate, and what the VM learns from them: pointer width, where the argbuf lives, and
// which import each host function index is.
#pragma once

#include <cstdint>
#include <string>

#include "decoder/module.h"
#include "shortcrust/result.h"

namespace shortcrust::state {

inline constexpr uint64_t kArgbufLen = 65536;

struct ContractLayout {
  bool memory64 = false;
  uint64_t argbuf = 0;         // the value of the exported global `A`
  uint32_t argbuf_global = 0;  // its index
};

// Ok, or the first rule `module` breaks, in words ("exported function `f` has type
// (i32 i32) -> i32, expected (i32) -> i32"). `module` has been validated.
Result<ContractLayout, std::string> check_contract(const decoder::Module& module, uint64_t max_memory_pages);

}  // namespace shortcrust::state
