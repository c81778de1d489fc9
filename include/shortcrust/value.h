// Value: one WebAssembly value as the embedder sees it (arguments, results, globals,
// table entries). Floats are kept as bit patterns so NaN payloads survive exactly.
// References: a funcref is a Func of the same Store (null allowed); an externref is an
// opaque non-zero 64-bit handle chosen by the host, 0 being null.
#pragma once

#include <bit>
#include <cstdint>
#include <string>

#include "shortcrust/types.h"

namespace shortcrust {

namespace runtime { struct FuncObject; }

class Value {
 public:
  Value() = default;  // i32 0

  static Value i32(int32_t v) { return {ValType::I32, static_cast<uint32_t>(v)}; }
  static Value i64(int64_t v) { return {ValType::I64, static_cast<uint64_t>(v)}; }
  static Value f32(float v) { return {ValType::F32, std::bit_cast<uint32_t>(v)}; }
  static Value f64(double v) { return {ValType::F64, std::bit_cast<uint64_t>(v)}; }
  static Value f32_bits(uint32_t bits) { return {ValType::F32, bits}; }
  static Value f64_bits(uint64_t bits) { return {ValType::F64, bits}; }
  static Value null(ValType ref_type) { return {ref_type, 0}; }
  static Value externref(uint64_t handle) { return {ValType::ExternRef, handle}; }
  static Value funcref(runtime::FuncObject* func) {  // Func::as_value() is the usual way
    return {ValType::FuncRef, reinterpret_cast<uint64_t>(func)};
  }
  // A value of `type` from its slot bits (i32/f32 in the low 32 bits, the rest zero).
  static Value from_bits(ValType type, uint64_t bits) { return {type, bits}; }

  ValType type() const { return type_; }
  uint64_t bits() const { return bits_; }
  int32_t i32() const { return static_cast<int32_t>(static_cast<uint32_t>(bits_)); }
  int64_t i64() const { return static_cast<int64_t>(bits_); }
  float f32() const { return std::bit_cast<float>(static_cast<uint32_t>(bits_)); }
  double f64() const { return std::bit_cast<double>(bits_); }
  bool is_null() const { return is_ref(type_) && bits_ == 0; }
  uint64_t externref() const { return bits_; }
  runtime::FuncObject* funcref() const { return reinterpret_cast<runtime::FuncObject*>(bits_); }

  // Same type and same bits (so NaNs compare by payload).
  bool operator==(const Value&) const = default;

  // "i32:42", "f32:0x7fc00000 (nan)", "funcref:null", ...
  std::string describe() const;

 private:
  Value(ValType type, uint64_t bits) : type_(type), bits_(bits) {}
  ValType type_ = ValType::I32;
  uint64_t bits_ = 0;  // i32 and f32 zero-extended
};

}  // namespace shortcrust
