// Working memory the JIT keeps on a thread from one compile to the next (jit/compile.cpp
// lends it to the driver and the MacroAssembler): a large function's trap sites and
// patches are megabytes, and fresh memory costs a page fault per page.
#pragma once

#include <cstddef>
#include <type_traits>

namespace shortcrust::jit {

// Above this, a vector is freed instead of kept: a hostile module must not pin its peak
// on the thread.
inline constexpr size_t kKeepScratchBytes = size_t{16} << 20;

// Empties `vectors` for the next compile (nothing of one compile may be seen by the
// next: a body that failed validation half way leaves its trap sites behind), keeping
// their memory unless it is above kKeepScratchBytes.
template <class... Vectors>
void put_away(Vectors&... vectors) {
  const auto one = [](auto& v) {
    using V = std::remove_reference_t<decltype(v)>;
    v.clear();
    if (v.capacity() * sizeof(typename V::value_type) > kKeepScratchBytes) V().swap(v);
  };
  (one(vectors), ...);
}

}  // namespace shortcrust::jit
