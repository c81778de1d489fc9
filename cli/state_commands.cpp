// `shortcrust deploy`, `call`, `commits` and `inspect`: the contract VM over a state
// directory. deploy and call open the latest commit (or --base ROOT), act, and commit
// only on success, so a failed call leaves the directory as it was.
#include <algorithm>
#include <cinttypes>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "common/hex.h"
#include "shortcrust/vm.h"
#include "spec-tests/json.h"

namespace shortcrust::cli {
namespace {

constexpr uint64_t kDefaultGas = 1'000'000'000;

// Hex bytes as the command line takes them: an optional 0x, then an even number of digits.
std::optional<Bytes> from_hex(std::string_view text) {
  if (text.starts_with("0x")) text.remove_prefix(2);
  return parse_hex(text);
}

VmConfig config_of(const Invocation& invocation) {
  VmConfig config;
  config.tier = invocation.engine == spec::Engine::Jit ? Tier::Jit : Tier::Interp;
  return config;
}

// The VM and a session from --base or the latest commit; errors are printed.
struct Opened {
  VM vm;
  Session session;
};

std::optional<Opened> open_state(const Invocation& invocation, std::FILE* err) {
  auto vm = VM::open(invocation.state, config_of(invocation));
  if (!vm.ok()) {
    std::fprintf(err, "shortcrust: %s\n", vm.error().message.c_str());
    return std::nullopt;
  }
  if (invocation.base.empty()) {
    Session session = vm.value().session();
    return Opened{std::move(vm).value(), std::move(session)};
  }
  const std::optional<Root> base = Root::from_hex(invocation.base);
  if (!base) {
    std::fprintf(err, "shortcrust: --base must be a root of 64 hex digits\n");
    return std::nullopt;
  }
  auto session = vm.value().session_at(*base);
  if (!session.ok()) {
    std::fprintf(err, "shortcrust: %s\n", session.error().message.c_str());
    return std::nullopt;
  }
  return Opened{std::move(vm).value(), std::move(session).value()};
}

std::optional<Bytes> hex_option(const std::string& text, const char* option, std::FILE* err) {
  std::optional<Bytes> bytes = from_hex(text);
  if (!bytes) std::fprintf(err, "shortcrust: %s must be hex bytes (an even number of hex digits)\n", option);
  return bytes;
}

// Commits; prints the error and returns nullopt when that fails.
std::optional<Root> commit(Session& session, std::FILE* err) {
  auto root = session.commit();
  if (!root.ok()) {
    std::fprintf(err, "shortcrust: commit failed: %s\n", root.error().message.c_str());
    return std::nullopt;
  }
  return root.value();
}

void print_failure(const ContractError& error, bool json, std::FILE* out, std::FILE* err) {
  if (json) {
    spec::JsonWriter w;
    w.begin_object().key("error").string(name(error.kind)).key("message").string(error.message);
    w.key("gas_spent").number(error.receipt.gas_spent).end_object();
    std::fprintf(out, "%s\n", w.str().c_str());
  } else {
    std::fprintf(err, "shortcrust: %s\n", error.describe().c_str());
    std::fprintf(out, "gas spent: %" PRIu64 "\n", error.receipt.gas_spent);
  }
}

}  // namespace

int run_deploy(const Invocation& invocation, std::FILE* out, std::FILE* err) {
  std::ifstream in(invocation.paths[0], std::ios::binary);
  if (!in) {
    std::fprintf(err, "shortcrust: cannot read %s\n", invocation.paths[0].c_str());
    return kExitUsage;
  }
  const Bytes code{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  DeployOptions options;
  options.nonce = invocation.nonce;
  const std::optional<Bytes> owner = hex_option(invocation.owner, "--owner", err);
  if (!owner) return kExitUsage;
  options.owner = *owner;
  if (invocation.init_arg) {
    options.init_arg = hex_option(*invocation.init_arg, "--init-arg", err);
    if (!options.init_arg) return kExitUsage;
  }
  std::optional<Opened> state = open_state(invocation, err);
  if (!state) return kExitUsage;
  auto id = state->session.deploy(code, options, invocation.gas.value_or(kDefaultGas));
  if (!id.ok()) {
    print_failure(id.error(), invocation.json, out, err);
    return kExitFailure;
  }
  const std::optional<Root> root = commit(state->session, err);
  if (!root) return kExitUsage;
  if (invocation.json) {
    spec::JsonWriter w;
    w.begin_object().key("contract").string(id.value().hex()).key("root").string(root->hex()).end_object();
    std::fprintf(out, "%s\n", w.str().c_str());
  } else {
    std::fprintf(out, "contract %s\nroot %s\n", id.value().hex().c_str(), root->hex().c_str());
  }
  return kExitOk;
}

int run_call(const Invocation& invocation, std::FILE* out, std::FILE* err) {
  const std::optional<ContractId> contract = ContractId::from_hex(invocation.paths[0]);
  if (!contract) {
    std::fprintf(err, "shortcrust: CONTRACT must be 64 hex digits\n");
    return kExitUsage;
  }
  const std::optional<Bytes> arg = hex_option(invocation.arg, "--arg", err);
  if (!arg) return kExitUsage;
  std::optional<Opened> state = open_state(invocation, err);
  if (!state) return kExitUsage;
  // Naming a contract the commit does not have is the caller's mistake, not a failed call.
  if (!state->session.contract_exists(*contract)) {
    std::fprintf(err, "shortcrust: no contract %s in this commit\n", contract->hex().c_str());
    return kExitUsage;
  }
  auto receipt = state->session.call(*contract, invocation.paths[1], *arg, invocation.gas.value_or(kDefaultGas));
  if (!receipt.ok()) {
    print_failure(receipt.error(), invocation.json, out, err);
    return kExitFailure;
  }
  const std::optional<Root> root = commit(state->session, err);
  if (!root) return kExitUsage;
  const CallReceipt& r = receipt.value();
  if (invocation.json) {
    spec::JsonWriter w;
    w.begin_object().key("data").string(to_hex(r.data)).key("gas_spent").number(r.gas_spent);
    w.key("events").begin_array();
    for (const Event& e : r.events) {
      w.begin_object().key("source").string(e.source.hex()).key("topic").string(e.topic);
      w.key("data").string(to_hex(e.data)).end_object();
    }
    w.end_array().key("root").string(root->hex()).end_object();
    std::fprintf(out, "%s\n", w.str().c_str());
  } else {
    std::fprintf(out, "data %s\ngas spent: %" PRIu64 "\n", to_hex(r.data).c_str(), r.gas_spent);
    for (const Event& e : r.events) {
      std::fprintf(out, "event %s from %s: %s\n", e.topic.c_str(), e.source.hex().c_str(), to_hex(e.data).c_str());
    }
    std::fprintf(out, "root %s\n", root->hex().c_str());
  }
  return kExitOk;
}

int run_commits(const Invocation& invocation, std::FILE* out, std::FILE* err) {
  auto vm = VM::open(invocation.state, config_of(invocation));
  if (!vm.ok()) {
    std::fprintf(err, "shortcrust: %s\n", vm.error().message.c_str());
    return kExitUsage;
  }
  const std::vector<CommitInfo> commits = vm.value().commits();
  if (invocation.json) {
    spec::JsonWriter w;
    w.begin_array();
    for (const CommitInfo& c : commits) {
      w.begin_object().key("sequence").number(c.sequence).key("root").string(c.root.hex()).key("base");
      if (c.base) w.string(c.base->hex());
      else w.null();
      w.key("contracts").number(c.contracts).end_object();
    }
    w.end_array();
    std::fprintf(out, "%s\n", w.str().c_str());
    return kExitOk;
  }
  for (const CommitInfo& c : commits) {
    std::fprintf(out, "%" PRIu64 " %s over %s, %" PRIu64 " contracts\n", c.sequence, c.root.hex().c_str(),
                 c.base ? c.base->hex().c_str() : "nothing (full)", c.contracts);
  }
  if (commits.empty()) std::fprintf(out, "no commits\n");
  return kExitOk;
}

int run_inspect(const Invocation& invocation, std::FILE* out, std::FILE* err) {
  auto vm = VM::open(invocation.state, config_of(invocation));
  if (!vm.ok()) {
    std::fprintf(err, "shortcrust: %s\n", vm.error().message.c_str());
    return kExitUsage;
  }
  std::optional<Root> root = invocation.base.empty() ? vm.value().latest_commit() : Root::from_hex(invocation.base);
  if (!root) {
    std::fprintf(err, "shortcrust: %s\n", invocation.base.empty() ? "no commits yet" : "--base must be 64 hex digits");
    return kExitUsage;
  }
  std::optional<ContractId> only;
  if (!invocation.paths.empty()) {
    only = ContractId::from_hex(invocation.paths[0]);
    if (!only) {
      std::fprintf(err, "shortcrust: CONTRACT must be 64 hex digits\n");
      return kExitUsage;
    }
  }
  auto contracts = vm.value().contracts(*root);
  if (!contracts.ok()) {
    std::fprintf(err, "shortcrust: %s\n", contracts.error().message.c_str());
    return kExitUsage;
  }
  // An unknown CONTRACT is a usage error: say so before printing anything.
  if (only && std::none_of(contracts.value().begin(), contracts.value().end(),
                           [&](const ContractInfo& c) { return c.id == *only; })) {
    std::fprintf(err, "shortcrust: no contract %s in %s\n", only->hex().c_str(), root->hex().c_str());
    return kExitUsage;
  }
  spec::JsonWriter w;
  w.begin_object().key("root").string(root->hex()).key("contracts").begin_array();
  if (!invocation.json) std::fprintf(out, "root %s\n", root->hex().c_str());
  for (const ContractInfo& c : contracts.value()) {
    if (only && c.id != *only) continue;
    if (invocation.json) {
      w.begin_object().key("id").string(c.id.hex()).key("memory_bytes").number(c.memory_bytes);
      w.key("pages").number(c.memory_bytes / 65536).key("stored_pages").number(c.nonzero_pages);
      w.key("code_hash").string(to_hex(c.code_hash)).key("owner").string(to_hex(c.owner)).end_object();
    } else {
      std::fprintf(out,
                   "contract %s\n  memory %" PRIu64 " bytes (%" PRIu64 " pages, %" PRIu64
                   " stored)\n  code %s\n  owner %s\n",
                   c.id.hex().c_str(), c.memory_bytes, c.memory_bytes / 65536, c.nonzero_pages,
                   to_hex(c.code_hash).c_str(), to_hex(c.owner).c_str());
    }
  }
  w.end_array().end_object();
  if (invocation.json) std::fprintf(out, "%s\n", w.str().c_str());
  return kExitOk;
}

}  // namespace shortcrust::cli
