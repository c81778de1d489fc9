// Names and descriptions of the public types (shortcrust/types.h).
#include "shortcrust/types.h"

namespace shortcrust {

const char* name(ValType t) {
  switch (t) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "?";
}

const char* name(ExternKind kind) {
  switch (kind) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "?";
}

static std::string type_list(const std::vector<ValType>& types) {
  std::string out = "(";
  for (size_t i = 0; i < types.size(); ++i) {
    if (i != 0) out += ' ';
    out += name(types[i]);
  }
  return out + ")";
}

std::string describe(const FuncType& type) {
  return type_list(type.params) + " -> " + type_list(type.results);
}

}  // namespace shortcrust
