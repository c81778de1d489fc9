// Stand-in imports for running arbitrary modules (the fuzzers, the differential harness):
// every import is satisfied by a fresh object of its declared type, and imported
// functions run `host`. Imports that cannot be created (over a limit) stay undefined, so
// instantiation reports them.
#pragma once

#include <string>

#include "shortcrust/engine.h"
#include "shortcrust/linker.h"
#include "shortcrust/store.h"

namespace shortcrust::test {

// The zero value of `type` (null for references).
inline Value zero_of(ValType type) { return is_ref(type) ? Value::null(type) : Value::from_bits(type, 0); }

inline void define_stand_ins(Store& store, Linker& linker, const Module& module, const HostCallback& host) {
  for (const ImportDesc& import : module.imports()) {
    switch (import.kind) {
      case ExternKind::Func:
        linker.define(import.module, import.name,
                      store.create_function(import.func, host, import.module + "." + import.name));
        break;
      case ExternKind::Memory:
        if (auto m = store.create_memory(import.memory); m.ok()) linker.define(import.module, import.name, m.value());
        break;
      case ExternKind::Table:
        if (auto t = store.create_table(import.table, Value::null(import.table.elem)); t.ok())
          linker.define(import.module, import.name, t.value());
        break;
      case ExternKind::Global:
        if (auto g = store.create_global(import.global, zero_of(import.global.type)); g.ok())
          linker.define(import.module, import.name, g.value());
        break;
    }
  }
}

}  // namespace shortcrust::test
