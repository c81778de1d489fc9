// Linker: resolves a module's imports by (module, name) and instantiates it (spec 4.5.4):
// allocate its functions, tables, memories and globals, check every import against its
// declared type (spec 4.5.3 import matching, including limits subtyping), initialise
// globals, apply active element and data segments in order, drop declarative ones, run
// `start`. A failure leaves nothing half-registered in the Linker.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "shortcrust/engine.h"
#include "shortcrust/result.h"
#include "shortcrust/store.h"
#include "shortcrust/trap.h"

namespace shortcrust {

// Why instantiation failed.
struct InstantiationError {
  enum class Kind : uint8_t {
    UnknownImport,       // nothing defined under module.name
    IncompatibleImport,  // defined, but of another kind or type (message names both)
    Limit,               // a configured limit (memory pages, table size) was exceeded
    Trap,                // segment initialisation or the start function trapped
  };
  Kind kind = Kind::UnknownImport;
  std::string message;   // for people: names the import and both types where relevant
  std::optional<Trap> trap;  // Kind::Trap
};

class Linker {
 public:
  // Defines (or redefines) module.name.
  void define(std::string module, std::string name, Extern value);
  // Defines every export of `instance` under `module` (the spec's `register`).
  void define_instance(const std::string& module, const Instance& instance);
  std::optional<Extern> get(const std::string& module, const std::string& name) const;

  // Instantiates `module` in `store`, whose engine must be the one that compiled it
  // (function type ids are engine-wide). Gas spent by the start function is not limited
  // (when instantiating from inside a host function, it shares the running call's gas).
  Result<Instance, InstantiationError> instantiate(Store& store, const Module& module) const;

 private:
  std::map<std::pair<std::string, std::string>, Extern> definitions_;
};

}  // namespace shortcrust
