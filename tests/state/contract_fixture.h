// Support for the contract VM tests: a VM per tier (every test runs on the interpreter
// and the JIT), the example contracts built by sdk/ (SHORTCRUST_CONTRACTS_DIR), and
// chainable, test-failing wrappers over the host-side encoding (shortcrust/abi.h).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "exec/exec_fixture.h"
#include "shortcrust/abi.h"
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

// Builds an argument with the host-side encoding (shortcrust/abi.h), chained by field type.
class Args {
 public:
  Args& u8(uint8_t v) { return put(v); }
  Args& u32(uint32_t v) { return put(v); }
  Args& i32(int32_t v) { return put(v); }
  Args& u64(uint64_t v) { return put(v); }
  Args& i64(int64_t v) { return put(v); }
  Args& f32(float v) { return put(v); }
  Args& f64(double v) { return put(v); }
  Args& id(const ContractId& v) { return put(v); }
  Args& bytes(std::string_view s) { return put(Bytes(s.begin(), s.end())); }  // no length prefix
  Args& name(std::string_view s) { return put(s); }                            // u32 length, bytes
  operator Bytes() const { return writer_.bytes(); }                            // NOLINT: implicit by design
  operator std::span<const uint8_t>() const { return writer_.bytes(); }        // NOLINT: implicit by design
  const Bytes& get() const { return writer_.bytes(); }

 private:
  template <class T>
  Args& put(const T& v) {
    writer_.put(v);
    return *this;
  }
  abi::Writer writer_;
};

// Reads return data with abi::Reader; reading past the end fails the test.
class Reader {
 public:
  explicit Reader(Bytes data) : data_(std::move(data)), reader_(data_) {}
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
  template <class T>
  T get() {
    const std::optional<T> v = reader_.get<T>();
    EXPECT_TRUE(v.has_value()) << "return data too short";
    return v.value_or(T{});
  }
  ContractId id() {
    const std::optional<ContractId> v = reader_.id();
    EXPECT_TRUE(v.has_value()) << "return data too short";
    return v.value_or(ContractId{});
  }
  std::string rest() {
    const Bytes r = reader_.rest();
    return std::string(r.begin(), r.end());
  }
  size_t remaining() const { return reader_.remaining(); }

 private:
  Bytes data_;  // a copy: readers often wrap a temporary receipt's data
  abi::Reader reader_;
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
