// The MacroAssembler of the machine we run on: the one `#if` choosing a backend.
#pragma once

#if defined(__x86_64__)
#include "jit/x64/masm.h"
namespace shortcrust::jit {
using HostMasm = x64::Masm;
}  // namespace shortcrust::jit
#else
#error "the JIT has no backend for this architecture yet (x86-64 only; AArch64 is issue #5)"
#endif
