// Texts for people: trap messages in the spec suite's wording, Trap::describe and
// Value::describe.
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <string>

#include "shortcrust/trap.h"
#include "shortcrust/value.h"

namespace shortcrust {

const char* message(TrapKind kind) {
  // The spec tests' assert_trap texts (the reference interpreter adds " executed" to
  // "unreachable"; the suite's scripts do not).
  switch (kind) {
    case TrapKind::Unreachable: return "unreachable";
    case TrapKind::MemoryOutOfBounds: return "out of bounds memory access";
    case TrapKind::TableOutOfBounds: return "out of bounds table access";
    case TrapKind::UndefinedElement: return "undefined element";
    case TrapKind::UninitializedElement: return "uninitialized element";
    case TrapKind::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapKind::IntegerOverflow: return "integer overflow";
    case TrapKind::IntegerDivideByZero: return "integer divide by zero";
    case TrapKind::InvalidConversion: return "invalid conversion to integer";
    case TrapKind::StackExhausted: return "call stack exhausted";
    case TrapKind::OutOfGas: return "out of gas";
    case TrapKind::Host: return "host error";
  }
  return "?";
}

const char* name(TrapKind kind) {
  switch (kind) {
    case TrapKind::Unreachable: return "unreachable";
    case TrapKind::MemoryOutOfBounds: return "memory_out_of_bounds";
    case TrapKind::TableOutOfBounds: return "table_out_of_bounds";
    case TrapKind::UndefinedElement: return "undefined_element";
    case TrapKind::UninitializedElement: return "uninitialized_element";
    case TrapKind::IndirectCallTypeMismatch: return "indirect_call_type_mismatch";
    case TrapKind::IntegerOverflow: return "integer_overflow";
    case TrapKind::IntegerDivideByZero: return "integer_divide_by_zero";
    case TrapKind::InvalidConversion: return "invalid_conversion";
    case TrapKind::StackExhausted: return "stack_exhausted";
    case TrapKind::OutOfGas: return "out_of_gas";
    case TrapKind::Host: return "host";
  }
  return "unknown";
}

std::string Trap::describe() const {
  std::string out = shortcrust::message(kind);
  if (!message.empty()) out += ": " + message;
  if (function != kNoFunction) {
    out += " in function ";
    if (!function_name.empty()) out += function_name + " ";
    out += "(index " + std::to_string(function) + ")";
  } else if (!function_name.empty()) {
    out += " in host function " + function_name;
  }
  if (offset != 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, " at offset 0x%" PRIx64, offset);
    out += buf;
  }
  return out;
}

namespace {

// Shortest text that reads back to the same float, or its bits when it is a NaN.
template <class F>
std::string float_text(F v, uint64_t bits, int digits, int hex_width) {
  char buf[64];
  if (std::isnan(v)) {
    std::snprintf(buf, sizeof buf, "0x%0*" PRIx64 " (nan)", hex_width, bits);
  } else {
    std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(v));
  }
  return buf;
}

}  // namespace

std::string Value::describe() const {
  std::string out = std::string(name(type_)) + ":";
  switch (type_) {
    case ValType::I32: return out + std::to_string(i32());
    case ValType::I64: return out + std::to_string(i64());
    case ValType::F32: return out + float_text(f32(), bits_, 9, 8);
    case ValType::F64: return out + float_text(f64(), bits_, 17, 16);
    case ValType::V128: return out + "?";
    case ValType::FuncRef:
    case ValType::ExternRef: {
      if (bits_ == 0) return out + "null";
      char buf[32];
      std::snprintf(buf, sizeof buf, "0x%" PRIx64, bits_);
      return out + buf;
    }
  }
  return out;
}

}  // namespace shortcrust
