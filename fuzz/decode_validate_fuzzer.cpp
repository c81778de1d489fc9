// libFuzzer target: decode_module() then validate_module() on arbitrary bytes. The only
// property checked is ARCHITECTURE §8's "nothing a module file does can crash the host":
// sanitizers, timeouts and the RSS limit report failures; results are not asserted.
// Every input runs under both feature sets (memory64 off, then on), so one corpus
// exercises the memory32 and memory64 paths of the same bytes.

#include <cstddef>
#include <cstdint>
#include <span>

#include "decoder/module.h"
#include "shortcrust/config.h"
#include "validator/validator.h"

namespace {

void decode_and_validate(std::span<const uint8_t> bytes, bool memory64) {
  shortcrust::Features features;
  features.memory64 = memory64;
  const shortcrust::Limits limits;
  auto module = shortcrust::decoder::decode_module(bytes, features, limits);
  if (!module.ok()) return;
  // The outcome does not matter; only that it returns.
  (void)shortcrust::validator::validate_module(module.value(), features, limits);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  decode_and_validate(bytes, /*memory64=*/false);
  decode_and_validate(bytes, /*memory64=*/true);
  return 0;
}
