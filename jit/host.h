// The MacroAssembler of the machine we run on: the one `#if` choosing a backend
// (CMakeLists.txt compiles the matching jit/<arch>/ folder).
#pragma once

#if defined(__x86_64__)
#include "jit/x64/masm.h"
namespace shortcrust::jit {
using HostMasm = x64::Masm;
}  // namespace shortcrust::jit
#elif defined(__aarch64__)
#include "jit/a64/masm.h"
namespace shortcrust::jit {
using HostMasm = a64::Masm;
}  // namespace shortcrust::jit
#else
#error "the JIT has backends for x86-64 and AArch64 only"
#endif
