// Support for the contract VM tests: a VM per tier (every test runs on the interpreter
// and the JIT), the example contracts built by sdk/ (SHORTCRUST_CONTRACTS_DIR), and the
// SDK's little-endian argument encoding from the host side.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "exec/exec_fixture.h"
#include "shortcrust/vm.h"

namespace shortcrust::test {

inline Bytes contract_bytes(const std::string& name) {
  const std::string path = std::string(SHORTCRUST_CONTRACTS_DIR) + "/" + name + ".wasm";
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "missing contract " << path;
  return Bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline Bytes test_module_bytes(const std::string& name) {
  const std::string path = std::string(SHORTCRUST_TEST_WASM_DIR) + "/" + name + ".wasm";
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "missing test module " << path;
  return Bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Builds an argument: fields appended little-endian, in order.
class Args {
 public:
  Args& u8(uint8_t v) { return raw(&v, 1); }
  Args& u32(uint32_t v) { return raw(&v, 4); }
  Args& i32(int32_t v) { return raw(&v, 4); }
  Args& u64(uint64_t v) { return raw(&v, 8); }
  Args& i64(int64_t v) { return raw(&v, 8); }
  Args& f32(float v) { return raw(&v, 4); }
  Args& f64(double v) { return raw(&v, 8); }
  Args& id(const ContractId& v) { return raw(v.bytes.data(), 32); }
  Args& bytes(std::string_view s) { return raw(s.data(), s.size()); }
  Args& name(std::string_view s) { return u32(static_cast<uint32_t>(s.size())).bytes(s); }
  operator Bytes() const { return bytes_; }                       // NOLINT: implicit by design
  operator std::span<const uint8_t>() const { return bytes_; }   // NOLINT: implicit by design
  const Bytes& get() const { return bytes_; }

 private:
  Args& raw(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    bytes_.insert(bytes_.end(), b, b + n);
    return *this;
  }
  Bytes bytes_;
};

// Reads fields back from return data; reading past the end fails the test.
class Reader {
 public:
  explicit Reader(Bytes data) : data_(std::move(data)) {}
  template <class T>
  T get() {
    T v{};
    EXPECT_LE(at_ + sizeof(T), data_.size()) << "return data too short";
    if (at_ + sizeof(T) <= data_.size()) std::memcpy(&v, data_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return v;
  }
  ContractId id() {
    ContractId v;
    EXPECT_LE(at_ + 32, data_.size());
    if (at_ + 32 <= data_.size()) std::memcpy(v.bytes.data(), data_.data() + at_, 32);
    at_ += 32;
    return v;
  }
  std::string rest() {
    std::string s(data_.begin() + static_cast<ptrdiff_t>(std::min(at_, data_.size())), data_.end());
    at_ = data_.size();
    return s;
  }
  size_t remaining() const { return at_ < data_.size() ? data_.size() - at_ : 0; }

 private:
  Bytes data_;  // a copy: readers often wrap a temporary receipt's data
  size_t at_ = 0;
};

inline constexpr uint64_t kGas = 100'000'000;
inline const Bytes kOwner = {1, 2, 3, 4};

class ContractTest : public ::testing::TestWithParam<Tier> {
 protected:
  VmConfig config() const {
    VmConfig c;
    c.tier = GetParam();
    c.debug = true;
    return c;
  }

  ContractTest() : vm_(VM::ephemeral(config())), session_(vm_.session()) {}

  ContractId deploy(const std::string& name, uint64_t nonce = 0) {
    DeployOptions options;
    options.owner = kOwner;
    options.nonce = nonce;
    auto id = session_.deploy(contract_bytes(name), options, kGas);
    EXPECT_TRUE(id.ok()) << name << ": " << (id.ok() ? "" : id.error().describe());
    return id.ok() ? id.value() : ContractId{};
  }

  // A call that must succeed; returns its receipt.
  CallReceipt ok_call(const ContractId& id, std::string_view fn, const Bytes& arg = {}, uint64_t gas = kGas) {
    auto r = session_.call(id, fn, arg, gas);
    EXPECT_TRUE(r.ok()) << fn << ": " << (r.ok() ? "" : r.error().describe());
    return r.ok() ? r.value() : CallReceipt{};
  }

  // A call that must fail; returns its error.
  ContractError failed_call(const ContractId& id, std::string_view fn, const Bytes& arg = {}, uint64_t gas = kGas) {
    auto r = session_.call(id, fn, arg, gas);
    EXPECT_FALSE(r.ok()) << fn << " succeeded";
    return r.ok() ? ContractError{} : r.error();
  }

  int64_t read_counter(const ContractId& counter) {
    const CallReceipt r = ok_call(counter, "read_value");
    return Reader(r.data).get<int64_t>();
  }

  VM vm_;
  Session session_;
};

}  // namespace shortcrust::test
