// Bytes as lowercase hex and back, for ids, roots and the command line.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace shortcrust {

std::string to_hex(std::span<const uint8_t> bytes);
// An even number of hex digits (either case, no prefix), or nullopt.
std::optional<std::vector<uint8_t>> parse_hex(std::string_view text);

}  // namespace shortcrust
