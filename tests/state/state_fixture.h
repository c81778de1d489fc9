// Support for the persistent-state tests: a fresh state directory per test (removed at
// the end), the counter contract, and helpers that open sessions and read values.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "state/contract_fixture.h"

namespace shortcrust::test {

class StateDirTest : public ::testing::TestWithParam<Tier> {
 protected:
  StateDirTest() {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("shortcrust-state-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir_);
  }
  ~StateDirTest() override { std::filesystem::remove_all(dir_); }

  VmConfig config() const {
    VmConfig c;
    c.tier = GetParam();
    return c;
  }
  VM open() {
    auto vm = VM::open(dir_.string(), config());
    EXPECT_TRUE(vm.ok()) << (vm.ok() ? "" : vm.error().message);
    if (!vm.ok()) throw std::runtime_error("cannot open the state directory");
    return std::move(vm).value();
  }
  static Session at(const VM& vm, const Root& root) {
    auto session = vm.session_at(root);
    EXPECT_TRUE(session.ok()) << (session.ok() ? "" : session.error().message);
    if (!session.ok()) throw std::runtime_error("no such commit");
    return std::move(session).value();
  }
  static ContractId deploy(Session& s, const std::string& name, uint64_t nonce = 0) {
    DeployOptions options;
    options.owner = kOwner;
    options.nonce = nonce;
    auto id = s.deploy(contract_bytes(name), options, kGas);
    EXPECT_TRUE(id.ok()) << name << ": " << (id.ok() ? "" : id.error().describe());
    return id.ok() ? id.value() : ContractId{};
  }
  static CallReceipt call(Session& s, const ContractId& id, std::string_view fn, const Bytes& arg = {}) {
    auto r = s.call(id, fn, arg, kGas);
    EXPECT_TRUE(r.ok()) << fn << ": " << (r.ok() ? "" : r.error().describe());
    return r.ok() ? r.value() : CallReceipt{};
  }
  static int64_t counter(Session& s, const ContractId& id) { return Reader(call(s, id, "read_value").data).get<int64_t>(); }
  static Root commit(Session& s) {
    auto root = s.commit();
    EXPECT_TRUE(root.ok()) << (root.ok() ? "" : root.error().message);
    return root.ok() ? root.value() : Root{};
  }

  std::filesystem::path dir_;
};

}  // namespace shortcrust::test
