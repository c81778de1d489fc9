// Crash safety (issue 7): a child process commits in a loop and is killed with SIGKILL at
// random moments, 200 times; after each kill the directory must open, hold every commit
// the child reported, and each must verify against its root. Corrupted and truncated
// files are reported with the file's name, never used.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "shortcrust/state_proof.h"
#include "state/merkle.h"
#include "state/object_store.h"
#include "state/state_fixture.h"

namespace shortcrust::test {
namespace {

class CrashTest : public StateDirTest {};
INSTANTIATE_TEST_SUITE_P(Interp, CrashTest, ::testing::Values(Tier::Interp), tier_name);

// The child: commits forever (increments, deploys, deletes of old commits, finalizes),
// reporting "C <root>" after each commit returned and "D <root>" before each delete.
[[noreturn]] void commit_forever(const std::string& dir, const VmConfig& config, int out, uint64_t seed) {
  auto vm = VM::open(dir, config);
  if (!vm.ok()) _exit(2);
  std::mt19937_64 random(seed);
  const Bytes counter = contract_bytes("counter");
  const Bytes box = contract_bytes("box");
  auto report = [&](char kind, const Root& root) {
    const std::string line = std::string(1, kind) + " " + root.hex() + "\n";
    if (write(out, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(3);
  };
  for (uint64_t round = 0;; ++round) {
    Session s = vm.value().session();
    if (!s.base() || random() % 4 == 0) {
      DeployOptions options;
      options.nonce = seed * 1000 + round;
      if (!s.deploy(random() % 2 ? counter : box, options, kGas).ok()) _exit(4);
    }
    if (s.base()) {
      const std::vector<ContractInfo> contracts = vm.value().contracts(*s.base()).value();
      for (const ContractInfo& c : contracts) {
        if (random() % 2) (void)s.call(c.id, "increment", {}, kGas);
        else (void)s.call(c.id, "set", Bytes(8, static_cast<uint8_t>(round)), kGas);
      }
    }
    auto root = s.commit();
    if (!root.ok()) _exit(5);
    report('C', root.value());
    const std::vector<CommitInfo> commits = vm.value().commits();
    if (commits.size() > 4) {
      report('D', commits.front().root);
      if (!vm.value().delete_commit(commits.front().root).ok()) _exit(6);
    }
    if (random() % 5 == 0 && !vm.value().finalize_commit(root.value()).ok()) _exit(7);
  }
}

TEST_P(CrashTest, KilledAtRandomMomentsLosesNoReportedCommit) {
  std::mt19937 random(20261121);
  std::set<Root> committed;
  std::set<Root> deleting;
  int kills = 0;
  for (int round = 0; round < 200; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      commit_forever(dir_.string(), config(), fds[1], round + 1);
    }
    close(fds[1]);
    // Half the rounds kill at any moment (also while opening); the other half wait for a
    // first commit, so that kills land among commits however slow the build (sanitizers).
    std::string output;
    char buffer[4096];
    if (round % 2 == 1) {
      for (ssize_t n; output.find('\n') == std::string::npos && (n = read(fds[0], buffer, sizeof buffer)) > 0;) {
        output.append(buffer, static_cast<size_t>(n));
      }
    }
    std::this_thread::sleep_for(std::chrono::microseconds(random() % 30'000));
    kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child stopped by itself with " << WEXITSTATUS(status);
    ++kills;
    for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) output.append(buffer, static_cast<size_t>(n));
    close(fds[0]);
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
      if (lines.eof()) break;  // the last line was cut by the kill
      const std::optional<Root> root = Root::from_hex(line.substr(2));
      ASSERT_TRUE(root.has_value()) << line;
      if (line[0] == 'C') committed.insert(*root);
      else deleting.insert(*root);
    }

    VM vm = open();
    std::set<Root> present;
    for (const CommitInfo& c : vm.commits()) present.insert(c.root);
    for (const Root& root : committed) {
      if (deleting.contains(root)) continue;
      EXPECT_TRUE(present.contains(root)) << "round " << round << ": lost commit " << root.hex();
    }
    if (auto latest = vm.latest_commit()) {
      auto verified = vm.verify_commit(*latest);
      EXPECT_TRUE(verified.ok()) << "round " << round << ": " << verified.error().message;
    }
    if (HasFailure()) return;
  }
  // Every commit left at the end still verifies.
  VM vm = open();
  for (const CommitInfo& c : vm.commits()) EXPECT_TRUE(vm.verify_commit(c.root).ok()) << c.root.hex();
  EXPECT_EQ(kills, 200);
  EXPECT_GT(committed.size(), 50u) << "the kills came too early to test anything";
}

class CorruptionTest : public StateDirTest {
 protected:
  // A directory with two commits (the second over the first) of a counter and a box.
  void SetUp() override {
    VM vm = open();
    Session s = vm.session();
    counter_ = deploy(s, "counter");
    box_ = deploy(s, "box");
    first_ = commit(s);
    call(s, counter_, "increment");
    second_ = commit(s);
  }
  std::vector<std::filesystem::path> files_under(const std::string& sub) const {
    std::vector<std::filesystem::path> out;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_ / sub)) {
      if (entry.is_regular_file()) out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  std::filesystem::path manifest(const Root& root) const { return dir_ / "commits" / (root.hex() + ".manifest"); }
  static void flip(const std::filesystem::path& path, uint64_t offset) {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(offset));
    char c = 0;
    f.get(c);
    f.seekp(static_cast<std::streamoff>(offset));
    f.put(static_cast<char>(c ^ 0x40));
  }
  void expect_open_fails_naming(const std::filesystem::path& path) {
    auto vm = VM::open(dir_.string(), config());
    ASSERT_FALSE(vm.ok());
    EXPECT_EQ(vm.error().kind, StateError::Kind::Corrupt);
    EXPECT_NE(vm.error().message.find(path.filename().string()), std::string::npos) << vm.error().message;
  }

  ContractId counter_;
  ContractId box_;
  Root first_;
  Root second_;
};
INSTANTIATE_TEST_SUITE_P(Tiers, CorruptionTest, kExecTiers, tier_name);

TEST_P(CorruptionTest, AFlippedByteInAManifestIsReported) {
  const auto path = manifest(second_);
  const auto size = std::filesystem::file_size(path);
  for (uint64_t offset : {uint64_t{0}, size / 2, size - 1}) {
    flip(path, offset);
    expect_open_fails_naming(path);
    flip(path, offset);
  }
  EXPECT_TRUE(VM::open(dir_.string(), config()).ok());
}

TEST_P(CorruptionTest, ATruncatedManifestIsReported) {
  const auto path = manifest(first_);
  const auto size = std::filesystem::file_size(path);
  for (uint64_t length : {uint64_t{0}, uint64_t{1}, size / 2, size - 1}) {
    std::filesystem::copy_file(path, dir_ / "saved", std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(path, length);
    expect_open_fails_naming(path);
    std::filesystem::rename(dir_ / "saved", path);
  }
}

TEST_P(CorruptionTest, AMissingBaseIsReported) {
  std::filesystem::remove(manifest(first_));
  auto vm = VM::open(dir_.string(), config());
  ASSERT_FALSE(vm.ok());
  EXPECT_NE(vm.error().message.find(first_.hex()), std::string::npos) << vm.error().message;
}

TEST_P(CorruptionTest, ACorruptPageFailsTheCallAndTheVerification) {
  for (const auto& page : files_under("pages")) flip(page, 100);
  VM vm = open();  // pages are checked when a session first maps them
  Session s = vm.session();
  auto r = s.call(counter_, "read_value", {}, kGas);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ContractError::Kind::StateUnreadable);
  EXPECT_NE(r.error().message.find("pages/"), std::string::npos) << r.error().message;
  auto verified = vm.verify_commit(second_);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().kind, StateError::Kind::Corrupt);
}

// A file that cannot be read at all is an Io error, one that reads wrong is Corrupt.
TEST_P(CorruptionTest, AMissingPageFileIsAnIoError) {
  for (const auto& page : files_under("pages")) std::filesystem::remove(page);
  VM vm = open();
  auto verified = vm.verify_commit(second_);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().kind, StateError::Kind::Io) << verified.error().message;
  EXPECT_NE(verified.error().message.find("No such file"), std::string::npos) << verified.error().message;
}

TEST_P(CorruptionTest, ATruncatedCodeFileFailsTheCall) {
  for (const auto& code : files_under("code")) {
    std::filesystem::resize_file(code, std::filesystem::file_size(code) / 2);
  }
  VM vm = open();
  Session s = vm.session();
  auto r = s.call(box_, "get", {}, kGas);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ContractError::Kind::StateUnreadable);
  EXPECT_NE(r.error().message.find(".wasm"), std::string::npos) << r.error().message;
  EXPECT_FALSE(vm.verify_commit(first_).ok());
}

TEST_P(CorruptionTest, AnInterContractCallToAnUnreadableContractFailsTheWholeCall) {
  ContractId center;
  std::vector<std::filesystem::path> counter_files;
  {
    VM vm = open();
    Session s = vm.session();
    center = deploy(s, "callcenter");
    commit(s);
    for (uint64_t page = 0; page < s.memory(counter_).size() / 65536; ++page) {
      const Bytes data = s.page_proof(counter_, page).value().data;
      if (state::is_zero_page(data)) continue;
      const std::string hex = state::hex_of(state::page_hash(data));
      counter_files.push_back(dir_ / "pages" / hex.substr(0, 2) / hex);
    }
  }
  ASSERT_FALSE(counter_files.empty());
  for (const auto& file : counter_files) flip(file, 7);
  VM vm = open();
  Session s = vm.session();
  // The callcenter loads; the counter it calls cannot: the whole call fails with that,
  // not with a code the callcenter could have handled.
  auto r = s.call(center, "query_counter", Args().id(counter_), kGas);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ContractError::Kind::StateUnreadable);
  EXPECT_TRUE(s.call(center, "delegations", {}, kGas).ok());
}

TEST_P(CorruptionTest, LeftoverTemporariesAreRemovedAtOpen) {
  const auto leftover = dir_ / "pages" / "ab" / "cafe.tmp.1.2";
  std::filesystem::create_directories(leftover.parent_path());
  std::ofstream(leftover) << "partial";
  open();
  EXPECT_FALSE(std::filesystem::exists(leftover));
}

TEST_P(CorruptionTest, AnotherFormatVersionIsRefused) {
  const auto format = dir_ / "FORMAT";
  const auto size = std::filesystem::file_size(format);
  flip(format, size - 20);  // the trailer's version field
  auto vm = VM::open(dir_.string(), config());
  ASSERT_FALSE(vm.ok());
  EXPECT_NE(vm.error().message.find("FORMAT"), std::string::npos) << vm.error().message;
}

}  // namespace
}  // namespace shortcrust::test
