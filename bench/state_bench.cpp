// The cost of persistent state (issue 7): commit time against dirty pages and total state
// size, session open and first call (which loads the contract's pages), root updates and
// VM::open, over state directories under $TMPDIR (or /tmp) and over ephemeral VMs. The
// state is the `pager` example contract (sdk/examples/pager.c): one contract of 16 pages
// (1 MiB) or 16,384 pages (1 GiB), or 64 contracts of 256 pages (1 GiB in 16 MiB pieces),
// every page non-zero. Rows are <what>[/dirty:N]/state:<size>[/ephemeral]; a touch of N
// pages also dirties the page holding the argbuf (the argument is written there).
// The targets: commit cost within 2x between 1 MiB and 1 GiB for the same dirty set, and
// session open O(1) in the state size. Nothing here asserts a time;
// `shortcrust_state_bench --check` runs every operation once on tiny states and checks
// roots, commits and proofs instead.

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/variants.h"
#include "shortcrust/abi.h"
#include "shortcrust/state_proof.h"
#include "shortcrust/vm.h"

namespace shortcrust::bench {
namespace {

// Far above anything here costs (a fill of 1,024 pages is a few million gas).
constexpr uint64_t kGas = 100'000'000'000;
// The setup fills in pieces of this many pages: a frame journals a 64 KiB pre-image of
// every page it writes, so one fill over 1 GiB would hold another 1 GiB of pre-images.
constexpr uint32_t kFillChunk = 1024;

// A state: `contracts` pager contracts of `pages` pages each.
struct Shape {
  const char* name;
  uint32_t contracts;
  uint32_t pages;
};

constexpr Shape kShapes[] = {{"1MiB", 1, 16}, {"1GiB", 1, 16'384}, {"1GiBx64", 64, 256}};
constexpr Shape kCheckShapes[] = {{"64KiBx4", 1, 4}, {"4MiB", 1, 64}, {"1MiBx4", 4, 16}};
constexpr uint32_t kDirtyCounts[] = {1, 16, 256};

using Why = std::optional<std::string>;

Bytes pager_code() {
  std::ifstream in(std::string(SHORTCRUST_CONTRACTS_DIR) + "/pager.wasm", std::ios::binary);
  return Bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Why failed(const char* what, const ContractError& error) { return std::string(what) + ": " + error.describe(); }
Why failed(const char* what, const StateError& error) { return std::string(what) + ": " + error.message; }

// Touches pages 0..count-1 of `contract` (loading it into the session on first use).
Why touch(Session& session, const ContractId& contract, uint32_t count) {
  auto r = abi::call_typed<void>(session, contract, "touch", kGas, uint32_t{0}, count);
  return r.ok() ? Why() : failed("touch", r.error());
}

// A call that writes nothing: grow_to(0) only reads the memory size.
Why read_only_call(Session& session, const ContractId& contract, uint32_t expect_pages) {
  auto r = abi::call_typed<uint32_t>(session, contract, "grow_to", kGas, uint32_t{0});
  if (!r.ok()) return failed("grow_to", r.error());
  if (r.value() != expect_pages) return std::string("pager reports the wrong number of pages");
  return std::nullopt;
}

// Deploys shape.contracts pagers into `session` and fills every page; `ids` gets them.
Why populate(Session& session, const Shape& shape, std::vector<ContractId>& ids) {
  const Bytes code = pager_code();
  if (code.empty()) return std::string("cannot read pager.wasm from " SHORTCRUST_CONTRACTS_DIR);
  for (uint32_t c = 0; c < shape.contracts; ++c) {
    DeployOptions options;
    options.nonce = c;
    auto id = session.deploy(code, options, kGas);
    if (!id.ok()) return failed("deploy", id.error());
    auto grown = abi::call_typed<uint32_t>(session, id.value(), "grow_to", kGas, shape.pages);
    if (!grown.ok()) return failed("grow_to", grown.error());
    for (uint32_t first = 0; first < shape.pages; first += kFillChunk) {
      const uint32_t count = std::min(kFillChunk, shape.pages - first);
      auto filled = abi::call_typed<void>(session, id.value(), "fill", kGas, first, count, uint8_t{0x5a});
      if (!filled.ok()) return failed("fill", filled.error());
    }
    ids.push_back(id.value());
  }
  return std::nullopt;
}

// A state directory built once per shape and kept for the whole run (removed at exit).
struct DiskState {
  std::string dir;
  std::vector<ContractId> ids;
  Root root;  // the setup commit
};

class DiskStates {
 public:
  ~DiskStates() {
    std::error_code ignored;
    if (!scratch_.empty()) std::filesystem::remove_all(scratch_, ignored);
  }

  // The state of `shape`, built on first use; nullptr and `why` on failure.
  const DiskState* get(const Shape& shape, Why& why) {
    if (const auto it = built_.find(shape.name); it != built_.end()) return &it->second;
    if (scratch_.empty()) {
      const char* tmp = std::getenv("TMPDIR");
      scratch_ = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/shortcrust-state-bench-" +
                 std::to_string(getpid());
    }
    DiskState built;
    built.dir = scratch_ + "/" + shape.name;
    auto vm = VM::open(built.dir);
    if (!vm.ok()) {
      why = failed("VM::open", vm.error());
      return nullptr;
    }
    Session session = vm.value().session();
    if ((why = populate(session, shape, built.ids))) return nullptr;
    auto root = session.commit();
    if (!root.ok()) {
      why = failed("commit", root.error());
      return nullptr;
    }
    built.root = root.value();
    return &built_.emplace(shape.name, std::move(built)).first->second;
  }

 private:
  std::string scratch_;
  std::map<std::string, DiskState> built_;
};

DiskStates& disk_states() {
  static DiskStates states;
  return states;
}

// `from` copied to `to` with every file hard-linked: state files are never changed in
// place (written under a temporary name and renamed), so the copy can commit and delete
// without touching the original, and costs no data.
Why link_copy(const std::string& from, const std::string& to) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(from, ec)) {
    const fs::path target = fs::path(to) / fs::relative(entry.path(), from);
    if (entry.is_directory()) fs::create_directories(target, ec);
    else if (entry.path().filename() != "LOCK") fs::create_hard_link(entry.path(), target, ec);
    if (ec) return "copying " + entry.path().string() + ": " + ec.message();
  }
  if (ec) return "copying " + from + ": " + ec.message();
  return std::nullopt;
}

// A VM with `shape` committed: an ephemeral VM populated from scratch, or the directory
// of disk_states() reopened, or (`scratch`) a hard-linked copy of it that is removed
// afterwards, for benchmarks that add commits. The setup is never timed.
struct World {
  std::optional<VM> vm;
  std::vector<ContractId> ids;
  std::string dir;      // empty: ephemeral
  std::string scratch;  // the copy to remove, if any
  Root setup_root;

  World() = default;
  World(const World&) = delete;
  World& operator=(const World&) = delete;
  ~World() {
    vm.reset();
    std::error_code ignored;
    if (!scratch.empty()) std::filesystem::remove_all(scratch, ignored);
  }

  Why load(const Shape& shape, bool ephemeral, bool copy) {
    if (ephemeral) {
      vm.emplace(VM::ephemeral());
      Session session = vm->session();
      if (Why why = populate(session, shape, ids)) return why;
      auto root = session.commit();
      if (!root.ok()) return failed("commit", root.error());
      setup_root = root.value();
      return std::nullopt;
    }
    Why why;
    const DiskState* disk = disk_states().get(shape, why);
    if (disk == nullptr) return why;
    dir = disk->dir;
    ids = disk->ids;
    setup_root = disk->root;
    if (copy) {
      scratch = dir = disk->dir + ".scratch";
      std::error_code ignored;
      std::filesystem::remove_all(scratch, ignored);
      if ((why = link_copy(disk->dir, scratch))) return why;
    }
    auto opened = VM::open(dir);
    if (!opened.ok()) return failed("VM::open", opened.error());
    vm.emplace(std::move(opened).value());
    return std::nullopt;
  }
};

enum class Op { VmOpen, SessionOpen, FirstCall, Root, Commit, CommitAfterDelete };

struct Case {
  Op op;
  Shape shape;
  uint32_t dirty;  // pages touched (Root, Commit)
  bool ephemeral;
};

void run_case(benchmark::State& state, Case c) {
  World world;
  const bool adds_commits = c.op == Op::Commit || c.op == Op::CommitAfterDelete;
  Why why = world.load(c.shape, c.ephemeral, adds_commits);
  const ContractId target = why ? ContractId{} : world.ids.front();
  const auto skip = [&](const Why& reason) {
    state.SkipWithError(reason->c_str());
  };
  if (why) return skip(why);
  switch (c.op) {
    case Op::VmOpen:
      world.vm.reset();  // one VM per directory at a time (DIR/LOCK)
      for (auto _ : state) {
        auto vm = VM::open(world.dir);
        if (!vm.ok()) return skip(failed("VM::open", vm.error()));
        benchmark::DoNotOptimize(vm);
      }
      break;
    case Op::SessionOpen:
      for (auto _ : state) {
        Session session = world.vm->session();
        benchmark::DoNotOptimize(session);
      }
      break;
    case Op::FirstCall:
      for (auto _ : state) {
        Session session = world.vm->session();
        if ((why = read_only_call(session, target, c.shape.pages))) return skip(why);
      }
      break;
    case Op::Root: {
      // The same pages are dirty in every iteration (root() does not clear them), so
      // this is the cost of rehashing `dirty` pages and their paths.
      Session session = world.vm->session();
      for (auto _ : state) {
        state.PauseTiming();
        why = touch(session, target, c.dirty);
        state.ResumeTiming();
        if (why) return skip(why);
        benchmark::DoNotOptimize(session.root());
      }
      break;
    }
    case Op::Commit:
    case Op::CommitAfterDelete: {
      // One session commits N touched pages per iteration, in a scratch copy of the
      // state (every commit stays until the copy is removed). CommitAfterDelete first deletes the session's base commit, as a
      // node dropping old candidates would: the next commit then frees it, and the
      // store's collection of unreferenced objects runs inside that commit.
      Session session = world.vm->session();
      std::optional<Root> previous;
      for (auto _ : state) {
        state.PauseTiming();
        if (previous && c.op == Op::CommitAfterDelete) {
          auto deleted = world.vm->delete_commit(*previous);
          if (!deleted.ok()) why = failed("delete_commit", deleted.error());
        }
        if (!why) why = touch(session, target, c.dirty);
        state.ResumeTiming();
        if (why) return skip(why);
        auto root = session.commit();
        if (!root.ok()) return skip(failed("commit", root.error()));
        previous = root.value();
      }
      break;
    }
  }
  state.counters["state_MiB"] = static_cast<double>(c.shape.contracts) * c.shape.pages / 16.0;
}

std::string row_name(const Case& c) {
  std::string name;
  switch (c.op) {
    case Op::VmOpen: name = "vm_open"; break;
    case Op::SessionOpen: name = "session_open"; break;
    case Op::FirstCall: name = "first_call"; break;
    case Op::Root: name = "root"; break;
    case Op::Commit: name = "commit"; break;
    case Op::CommitAfterDelete: name = "commit_after_delete"; break;
  }
  if (c.op == Op::Root || c.op == Op::Commit || c.op == Op::CommitAfterDelete) name += "/dirty:" + std::to_string(c.dirty);
  name += std::string("/state:") + c.shape.name;
  if (c.ephemeral) name += "/ephemeral";
  return name;
}

void register_all() {
  for (const Shape& shape : kShapes) {
    for (const bool ephemeral : {false, true}) {
      std::vector<Case> cases;
      if (!ephemeral) cases.push_back({Op::VmOpen, shape, 0, false});
      cases.push_back({Op::SessionOpen, shape, 0, ephemeral});
      cases.push_back({Op::FirstCall, shape, 0, ephemeral});
      for (const uint32_t dirty : kDirtyCounts) {
        if (!ephemeral && dirty <= shape.pages) cases.push_back({Op::Root, shape, dirty, false});
      }
      for (const uint32_t dirty : kDirtyCounts) {
        if (dirty <= shape.pages) cases.push_back({Op::Commit, shape, dirty, ephemeral});
      }
      cases.push_back({Op::CommitAfterDelete, shape, 1, ephemeral});
      for (const Case& c : cases) {
        const benchmark::TimeUnit unit =
            c.op == Op::SessionOpen ? benchmark::kMicrosecond : benchmark::kMillisecond;
        benchmark::RegisterBenchmark(row_name(c).c_str(), run_case, c)->Unit(unit)->UseRealTime();
      }
    }
  }
}

// --check: every operation once per tiny shape, on disk and ephemeral, checking what
// can be checked without a clock.
Why check_shape(const Shape& shape, bool ephemeral) {
  World world;
  if (Why why = world.load(shape, ephemeral, true)) return why;
  const ContractId target = world.ids.front();
  if (!ephemeral) {
    world.vm.reset();  // one VM per directory at a time (DIR/LOCK)
    auto reopened = VM::open(world.dir);
    if (!reopened.ok()) return failed("VM::open", reopened.error());
    if (reopened.value().latest_commit() != world.setup_root) return std::string("reopened at another commit");
    world.vm.emplace(std::move(reopened).value());
  }
  if (auto verified = world.vm->verify_commit(world.setup_root); !verified.ok()) {
    return failed("verify_commit", verified.error());
  }
  Session first = world.vm->session();
  if (first.base() != world.setup_root) return std::string("a new session is not at the setup commit");
  if (Why why = read_only_call(first, target, shape.pages)) return why;

  Session session = world.vm->session();
  const uint32_t dirty = std::min(shape.pages, 3u);
  if (Why why = touch(session, target, dirty)) return why;
  const Root touched = session.root();
  if (touched == world.setup_root) return std::string("touching pages left the root unchanged");
  auto committed = session.commit();
  if (!committed.ok()) return failed("commit", committed.error());
  if (committed.value() != touched) return std::string("commit() returned another root than root()");
  // The pager's page k is memory page (pages below its own data) + k.
  const uint64_t own_pages = session.memory(target).size() / 65536 - shape.pages;
  auto proof = session.page_proof(target, own_pages + dirty - 1);
  if (!proof.ok()) return failed("page_proof", proof.error());
  if (!verify_page_proof(committed.value(), proof.value())) return std::string("a page proof does not verify");
  // Page k starts with the u64 (0x5a5a5a5a << 32 | k) from fill, plus 1 from touch.
  if (proof.value().data[0] != dirty || proof.value().data[4] != 0x5a) {
    return std::string("the touched page does not hold its index + 1");
  }
  if (world.vm->commits().size() != 2) return std::string("expected the setup commit and one more");
  if (auto verified = world.vm->verify_commit(committed.value()); !verified.ok()) {
    return failed("verify_commit", verified.error());
  }
  // The same change in a session from the setup commit gives the same root.
  Session again = world.vm->session_at(world.setup_root).value();
  if (Why why = touch(again, target, dirty)) return why;
  if (again.root() != touched) return std::string("the same touch from the same base gave another root");
  return std::nullopt;
}

int check_all() {
  int failures = 0;
  for (const Shape& shape : kCheckShapes) {
    for (const bool ephemeral : {false, true}) {
      const Why why = check_shape(shape, ephemeral);
      std::printf("%s%s: %s\n", shape.name, ephemeral ? " (ephemeral)" : "", why ? why->c_str() : "ok");
      if (why) ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace shortcrust::bench

int main(int argc, char** argv) {
  return shortcrust::bench::benchmark_main(argc, argv, &shortcrust::bench::check_all, &shortcrust::bench::register_all);
}
