// Typed contract calls from the host: the SDK's little-endian fixed-layout encoding
// (sdk/include/shortcrust/contract.h) on the host side, and Session::call wrappers that
// encode the arguments and decode the result.
//
//   int64_t v = call_typed<int64_t>(session, counter, "read_value", gas).value();
//   call_typed<void>(session, box, "set", gas, int64_t{-17});
//
// Fields: integers and floats as their little-endian bytes, ContractId as its 32 bytes,
// strings as u32 length then bytes, Bytes as they are (the rest of the buffer: last only).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "shortcrust/vm.h"

namespace shortcrust::abi {

static_assert(std::endian::native == std::endian::little, "the encoding assumes a little-endian host");

class Writer {
 public:
  template <class T>
    requires std::is_arithmetic_v<T>
  Writer& put(T v) { return raw(&v, sizeof v); }
  Writer& put(const ContractId& id) { return raw(id.bytes.data(), id.bytes.size()); }
  Writer& put(std::string_view s) { return put(static_cast<uint32_t>(s.size())).raw(s.data(), s.size()); }
  Writer& put(const Bytes& rest) { return raw(rest.data(), rest.size()); }
  const Bytes& bytes() const { return bytes_; }

 private:
  Writer& raw(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    bytes_.insert(bytes_.end(), b, b + n);
    return *this;
  }
  Bytes bytes_;
};

// Reads fields in order; every read fails (nullopt) once the data runs short.
class Reader {
 public:
  explicit Reader(std::span<const uint8_t> data) : data_(data) {}
  template <class T>
    requires std::is_arithmetic_v<T>
  std::optional<T> get() {
    T v;
    if (!take(&v, sizeof v)) return std::nullopt;
    return v;
  }
  std::optional<ContractId> id() {
    ContractId v;
    if (!take(v.bytes.data(), v.bytes.size())) return std::nullopt;
    return v;
  }
  std::optional<std::string> string() {
    const std::optional<uint32_t> n = get<uint32_t>();
    if (!n || *n > remaining()) return std::nullopt;
    std::string s(reinterpret_cast<const char*>(data_.data() + at_), *n);
    at_ += *n;
    return s;
  }
  Bytes rest() {
    Bytes out(data_.begin() + static_cast<ptrdiff_t>(at_), data_.end());
    at_ = data_.size();
    return out;
  }
  size_t remaining() const { return data_.size() - at_; }

 private:
  bool take(void* out, size_t n) {
    if (n > remaining()) return false;
    std::memcpy(out, data_.data() + at_, n);
    at_ += n;
    return true;
  }
  std::span<const uint8_t> data_;
  size_t at_ = 0;
};

template <class... Args>
Bytes encode(const Args&... args) {
  Writer w;
  (w.put(args), ...);
  return w.bytes();
}

// Calls `function` with `args` encoded; decodes a result of type R (void: nothing;
// arithmetic, ContractId, std::string, or Bytes for the raw data). A result that does
// not decode, or has bytes left over, is an InvalidArgumentBuffer error.
template <class R, class... Args>
Result<R, ContractError> call_typed(Session& session, const ContractId& contract, std::string_view function,
                                    uint64_t gas_limit, const Args&... args) {
  Result<CallReceipt, ContractError> receipt = session.call(contract, function, encode(args...), gas_limit);
  if (!receipt.ok()) return std::move(receipt).error();
  const Bytes& data = receipt.value().data;
  Reader reader(data);
  const auto bad = [&] {
    return ContractError{ContractError::Kind::InvalidArgumentBuffer,
                         "`" + std::string(function) + "` returned " + std::to_string(data.size()) +
                             " bytes that do not decode as the expected type",
                         receipt.value()};
  };
  if constexpr (std::is_void_v<R>) {
    if (!data.empty()) return bad();
    return {};
  } else if constexpr (std::is_same_v<R, Bytes>) {
    return reader.rest();
  } else {
    std::optional<R> value;
    if constexpr (std::is_arithmetic_v<R>) value = reader.get<R>();
    else if constexpr (std::is_same_v<R, ContractId>) value = reader.id();
    else value = reader.string();
    if (!value || reader.remaining() != 0) return bad();
    return *value;
  }
}

}  // namespace shortcrust::abi
