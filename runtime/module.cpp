// Module::compile (decode, validate, intern types, translate) and the Module queries.
// The ModuleObject owns a copy of the bytes; the decoded module's spans point into it,
// so the object is built in place and never copied.
#include <memory>

#include "decoder/module.h"
#include "interp/interp.h"
#include "jit/jit.h"
#include "runtime/engine_data.h"
#include "runtime/objects.h"
#include "validator/validator.h"

namespace shortcrust {

Result<Module> Module::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  runtime::EngineData& data = engine.data();
  const EngineConfig& config = data.config;
  auto object = std::make_shared<runtime::ModuleObject>();
  object->bytes.assign(bytes.begin(), bytes.end());
  object->engine = data.shared_from_this();
  SC_TRY(object->module, decoder::decode_module(object->bytes, config.features, config.limits));
  decoder::Module& module = object->module;
  SC_TRY_VOID(validator::validate_module_level(module, config.features, config.limits));

  object->type_ids.reserve(module.types.size());
  for (const FuncType& type : module.types) object->type_ids.push_back(data.intern(type));
  if (config.tier == Tier::Jit) {
    SC_TRY(object->jit, jit::compile_module(module, config, object->type_ids));
  } else {
    SC_TRY(object->code, interp::compile_functions(module, config, object->type_ids));
  }

  object->exports.reserve(module.exports.size());
  for (const decoder::Export& e : module.exports) object->exports.push_back(ExportDesc{e.name, e.kind, e.index});
  return Module(std::move(object));
}

std::vector<ImportDesc> Module::imports() const {
  const decoder::Module& module = object_->module;
  std::vector<ImportDesc> out;
  out.reserve(module.imports.size());
  for (const decoder::Import& i : module.imports) {
    ImportDesc desc{i.module, i.field, i.kind, {}, i.table, i.memory, i.global};
    if (i.kind == ExternKind::Func) desc.func = module.types[i.type_index];
    out.push_back(std::move(desc));
  }
  return out;
}

const std::vector<ExportDesc>& Module::exports() const { return object_->exports; }

std::string Module::function_name(uint32_t index) const {
  if (const std::string* name = object_->module.names.function(index)) return *name;
  for (const ExportDesc& e : object_->exports) {
    if (e.kind == ExternKind::Func && e.index == index) return e.name;
  }
  return {};
}

}  // namespace shortcrust
