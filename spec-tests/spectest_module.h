// The `spectest` host module every spec script may import from, as the reference
// interpreter (spectest.ml) and wabt's spectest-interp define it: print functions that do
// nothing, four immutable globals of value 666 / 666.6, a funcref table (10, max 20) and
// a memory (1, max 2 pages).
#pragma once

#include "shortcrust/linker.h"
#include "shortcrust/result.h"
#include "shortcrust/store.h"

namespace shortcrust::spec {

// Creates the objects in `store` and defines them as spectest.NAME in `linker`. Errors
// are those of Store::create_memory / create_table / create_global (a Store whose limits
// are below one page or ten table elements).
Result<void> define_spectest(Store& store, Linker& linker);

}  // namespace shortcrust::spec
