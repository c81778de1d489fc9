// `shortcrust demo`: one contract session, narrated for people — deploys, calls across
// contracts, a failing callee reverted, events of a failed frame, out of gas — printing
// each receipt. Every step checks what it shows, so the demo doubles as a smoke test.
#include <cinttypes>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "cli/commands.h"
#include "common/hex.h"
#include "shortcrust/abi.h"
#include "shortcrust/vm.h"

#ifndef SHORTCRUST_CONTRACTS_DIR
#define SHORTCRUST_CONTRACTS_DIR ""
#endif

namespace shortcrust::cli {

namespace {

constexpr uint64_t kGasLimit = 1'000'000;

class Demo {
 public:
  Demo(const Invocation& invocation, std::FILE* out, std::FILE* err)
      : out_(out), err_(err), dir_(invocation.contracts.empty() ? SHORTCRUST_CONTRACTS_DIR : invocation.contracts),
        vm_(VM::ephemeral(VmConfig{invocation.engine == spec::Engine::Jit ? Tier::Jit : Tier::Interp, {}, false})),
        session_(vm_.session()) {}

  int run();

 private:
  std::optional<ContractId> deploy(const std::string& name, const Bytes& owner);
  // Calls and prints the receipt; the result is the receipt or the error's.
  Result<CallReceipt, ContractError> call(const std::string& what, const ContractId& id, std::string_view fn,
                                          const Bytes& arg, uint64_t gas = kGasLimit);
  void print_receipt(const CallReceipt& receipt);
  std::string name_of(const ContractId& id) const {
    const auto it = names_.find(id);
    return it == names_.end() ? id.hex().substr(0, 12) : it->second;
  }
  bool check(bool ok, const char* what) {
    if (!ok) std::fprintf(err_, "demo: unexpected result: %s\n", what);
    failed_ |= !ok;
    return ok;
  }

  std::FILE* out_;
  std::FILE* err_;
  std::string dir_;
  VM vm_;
  Session session_;
  std::map<ContractId, std::string> names_;
  bool failed_ = false;
};

std::string hex(std::span<const uint8_t> bytes) { return bytes.empty() ? "(empty)" : "0x" + to_hex(bytes); }

int64_t as_i64(const Bytes& data) { return abi::Reader(data).get<int64_t>().value_or(0); }

std::optional<ContractId> Demo::deploy(const std::string& name, const Bytes& owner) {
  const std::string path = dir_ + "/" + name + ".wasm";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(err_, "demo: cannot read %s (build the contracts, or pass --contracts DIR)\n", path.c_str());
    return std::nullopt;
  }
  const Bytes bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  DeployOptions options;
  options.owner = owner;
  auto id = session_.deploy(bytes, options, kGasLimit);
  if (!id.ok()) {
    std::fprintf(err_, "demo: deploying %s failed: %s\n", name.c_str(), id.error().describe().c_str());
    return std::nullopt;
  }
  names_[id.value()] = name;
  std::fprintf(out_, "deployed %-15s id %s (%zu bytes of wasm)\n", name.c_str(), id.value().hex().c_str(), bytes.size());
  return id.value();
}

Result<CallReceipt, ContractError> Demo::call(const std::string& what, const ContractId& id, std::string_view fn,
                                              const Bytes& arg, uint64_t gas) {
  std::fprintf(out_, "\n== %s\n   %s.%.*s(%s), gas limit %" PRIu64 "\n", what.c_str(), name_of(id).c_str(),
               static_cast<int>(fn.size()), fn.data(), arg.size() > 16 ? "..." : hex(arg).c_str(), gas);
  auto result = session_.call(id, fn, arg, gas);
  if (result.ok()) {
    std::fprintf(out_, "   ok, returned %s\n", hex(result.value().data).c_str());
    print_receipt(result.value());
  } else {
    std::fprintf(out_, "   failed: %s\n", result.error().describe().c_str());
    print_receipt(result.error().receipt);
  }
  return result;
}

void Demo::print_receipt(const CallReceipt& r) {
  std::fprintf(out_, "   gas spent %" PRIu64 " of %" PRIu64 "\n   call tree:\n", r.gas_spent, r.gas_limit);
  for (const CallFrameInfo& f : r.call_tree) {
    const std::string label = std::string(2 * f.depth, ' ') + name_of(f.contract) + "." + f.function;
    std::fprintf(out_, "     %-40s limit %-9" PRIu64 " spent %-7" PRIu64 " own %-7" PRIu64 " memory %" PRIu64 " KiB%s\n",
                 label.c_str(), f.gas_limit, f.gas_spent, f.gas_exclusive, f.memory_bytes / 1024,
                 f.reverted ? "  [reverted]" : "");
  }
  if (r.events.empty()) std::fprintf(out_, "   events: none\n");
  for (const Event& e : r.events) {
    std::fprintf(out_, "   event from %s: topic \"%s\" data %s%s\n", name_of(e.source).c_str(), e.topic.c_str(),
                 hex(e.data).c_str(), e.reverted ? "  [reverted]" : "");
  }
}

int Demo::run() {
  std::fprintf(out_, "Shortcrust contract VM demo (%s tier), contracts from %s\n\n",
               vm_.engine().config().tier == Tier::Jit ? "jit" : "interp", dir_.c_str());
  const auto counter = deploy("counter", {0xa1});
  const auto center = deploy("callcenter", {0xb2});
  const auto reverter = deploy("event_reverter", {0xc3});
  if (!counter || !center || !reverter) return kExitUsage;

  auto first = call("read the counter (it starts at 0xfc)", *counter, "read_value", {});
  check(first.ok() && as_i64(first.value().data) == 0xfc, "counter starts at 0xfc");
  auto inc = call("callcenter increments the counter through an inter-contract call", *center,
                  "increment_counter", abi::encode(*counter));
  check(inc.ok() && inc.value().call_tree.size() == 2, "a two-frame call tree");
  auto query = call("callcenter queries the counter", *center, "query_counter", abi::encode(*counter));
  check(query.ok() && as_i64(query.value().data) == 0xfd, "the counter is 0xfd");

  // callcenter.delegate(callcenter, "increment_then_panic", counter): the callee
  // increments the counter, then panics; its whole frame, increment included, is undone.
  const Bytes delegate = abi::encode(*center, std::string_view("increment_then_panic"), *counter);
  auto failing = call("a callee increments the counter and panics: code -1, its writes reverted", *center, "delegate",
                      delegate);
  check(failing.ok() && failing.value().data.size() >= 4 && failing.value().data[0] == 0xff, "code -1");
  auto after = call("the counter is unchanged by the failed frame", *counter, "read_value", {});
  check(after.ok() && as_i64(after.value().data) == 0xfd, "the counter is still 0xfd");

  auto events = call("events of a failed inner frame stay in the receipt, marked reverted", *reverter,
                     "call_failing", {});
  check(events.ok() && events.value().events.size() == 4 && events.value().events[1].reverted,
        "inner events marked reverted");
  auto oog = call("out of gas: increment with a limit of 3", *counter, "increment", {}, 3);
  check(!oog.ok() && oog.error().kind == ContractError::Kind::OutOfGas, "out of gas");
  auto last = call("and nothing of it remains", *counter, "read_value", {});
  check(last.ok() && as_i64(last.value().data) == 0xfd, "the counter is still 0xfd");

  std::fprintf(out_, "\n%s\n", failed_ ? "demo: some steps did not behave as expected" : "demo: every step behaved as expected");
  return failed_ ? kExitFailure : kExitOk;
}

}  // namespace

int run_demo(const Invocation& invocation, std::FILE* out, std::FILE* err) {
  Demo demo(invocation, out, err);
  return demo.run();
}

}  // namespace shortcrust::cli
