// Persistent state (issue 7): commits in a state directory, sessions from any commit,
// roots, delete and finalize, concurrent commits, reopening in another process and page
// proofs — Piecrust's commit and persistence behaviour, on both tiers.
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <thread>

#include "shortcrust/state_proof.h"
#include "state/state_fixture.h"

namespace shortcrust::test {
namespace {

class CommitTest : public StateDirTest {};
SC_EXEC_TESTS(CommitTest);

TEST_P(CommitTest, ReadWriteThenCommitThenReadInANewSession) {
  VM vm = open();
  Session s = vm.session();
  EXPECT_FALSE(s.base().has_value());
  const ContractId id = deploy(s, "counter");
  call(s, id, "increment");
  const Root root = commit(s);
  EXPECT_EQ(s.base(), root);
  EXPECT_EQ(vm.latest_commit(), root);
  // The committing session goes on from its commit; a new one sees the committed value.
  call(s, id, "increment");
  EXPECT_EQ(counter(s, id), 0xfe);
  Session fresh = vm.session();
  EXPECT_EQ(counter(fresh, id), 0xfd);
}

TEST_P(CommitTest, EveryEarlierCommitCanBeRestored) {
  VM vm = open();
  Session s = vm.session();
  const ContractId id = deploy(s, "counter");
  std::vector<Root> roots;
  for (int i = 0; i < 4; ++i) {
    call(s, id, "increment");
    roots.push_back(commit(s));
  }
  EXPECT_EQ(std::set<Root>(roots.begin(), roots.end()).size(), roots.size());
  for (int i = 0; i < 4; ++i) {
    Session old = at(vm, roots[i]);
    EXPECT_EQ(counter(old, id), 0xfc + i + 1);
  }
  const std::vector<CommitInfo> commits = vm.commits();
  ASSERT_EQ(commits.size(), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(commits[i].root, roots[i]);
  EXPECT_FALSE(commits[0].base.has_value());
  EXPECT_EQ(commits[1].base, roots[0]);
}

TEST_P(CommitTest, SeveralContractsSurviveReopening) {
  ContractId counter_id;
  ContractId box_id;
  Root root;
  {
    VM vm = open();
    Session s = vm.session();
    counter_id = deploy(s, "counter");
    box_id = deploy(s, "box");
    call(s, counter_id, "decrement");
    call(s, box_id, "set", Args().i64(-77));
    root = commit(s);
  }
  VM vm = open();
  EXPECT_EQ(vm.latest_commit(), root);
  Session s = vm.session();
  EXPECT_EQ(counter(s, counter_id), 0xfb);
  EXPECT_EQ(Reader(call(s, box_id, "get").data).get<int64_t>(), -77);
  EXPECT_TRUE(vm.verify_commit(root).ok());
  auto contracts = vm.contracts(root);
  ASSERT_TRUE(contracts.ok());
  ASSERT_EQ(contracts.value().size(), 2u);
  EXPECT_EQ(contracts.value()[0].owner, kOwner);
}

TEST_P(CommitTest, UncommittedChangesAreNotSeenAndCommitWithoutChangesWritesNothing) {
  VM vm = open();
  Session s = vm.session();
  const ContractId id = deploy(s, "counter");
  const Root root = commit(s);
  EXPECT_EQ(commit(s), root);  // nothing changed
  EXPECT_EQ(s.root(), root);
  call(s, id, "increment");
  EXPECT_NE(s.root(), root);
  EXPECT_EQ(vm.commits().size(), 1u);
  Session other = vm.session();
  EXPECT_EQ(counter(other, id), 0xfc);
}

TEST_P(CommitTest, AFailedCallLeavesTheRootAsWithoutIt) {
  VM vm = open();
  Session setup = vm.session();
  const ContractId counter_id = deploy(setup, "counter");
  const ContractId center = deploy(setup, "callcenter");
  const Root base = commit(setup);

  Session with_failure = at(vm, base);
  call(with_failure, counter_id, "increment");
  auto failed = with_failure.call(center, "increment_then_panic", Args().id(counter_id), kGas);
  ASSERT_FALSE(failed.ok());
  auto grown = with_failure.call(counter_id, "increment", {}, 10);  // out of gas
  ASSERT_FALSE(grown.ok());

  Session without = at(vm, base);
  call(without, counter_id, "increment");
  EXPECT_EQ(with_failure.root(), without.root());
  EXPECT_EQ(commit(with_failure), commit(without));
}

TEST_P(CommitTest, SixThreadsCommitDistinctReproducibleRoots) {
  auto run = [&](VM& vm, const Root& base) {
    std::vector<Root> roots(6);
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
      threads.emplace_back([&, t] {
        Session s = at(vm, base);
        const std::vector<ContractInfo> contracts = vm.contracts(base).value();
        for (const ContractInfo& c : contracts) {
          for (int i = 0; i <= t; ++i) call(s, c.id, "increment");
        }
        roots[t] = commit(s);
      });
    }
    for (auto& thread : threads) thread.join();
    return roots;
  };
  VM vm = open();
  Session setup = vm.session();
  deploy(setup, "counter", 0);
  deploy(setup, "counter", 1);
  const Root base = commit(setup);
  const std::vector<Root> first = run(vm, base);
  EXPECT_EQ(std::set<Root>(first.begin(), first.end()).size(), 6u);
  // The same changes from the same base give the same roots, in another VM too.
  VM ephemeral = VM::ephemeral(config());
  Session again = ephemeral.session();
  deploy(again, "counter", 0);
  deploy(again, "counter", 1);
  EXPECT_EQ(commit(again), base);
  EXPECT_EQ(run(ephemeral, base), first);
  EXPECT_EQ(run(vm, base), first);
}

TEST_P(CommitTest, DeleteAndFinalizeWhileSessionsHoldTheCommit) {
  ContractId id;
  Root r3;
  Root back;
  {
    VM vm = open();
    Session s = vm.session();
    id = deploy(s, "counter");
    const Root r1 = commit(s);
    call(s, id, "increment");
    const Root r2 = commit(s);
    call(s, id, "increment");
    r3 = commit(s);

    Session on_r1 = at(vm, r1);
    Session on_r2 = at(vm, r2);
    ASSERT_TRUE(vm.delete_commit(r1).ok());
    ASSERT_TRUE(vm.delete_commit(r2).ok());
    EXPECT_EQ(vm.delete_commit(r2).error().kind, StateError::Kind::UnknownCommit);
    EXPECT_FALSE(vm.session_at(r1).ok());
    // Sessions on deleted commits still read them, run and commit.
    EXPECT_EQ(counter(on_r1, id), 0xfc);
    EXPECT_EQ(counter(on_r2, id), 0xfd);
    call(on_r2, id, "decrement");
    back = commit(on_r2);
    EXPECT_FALSE(vm.commits().back().base.has_value());  // its base is gone: a full snapshot
    ASSERT_TRUE(vm.finalize_commit(r3).ok());
  }
  VM reopened = open();
  std::set<Root> roots;
  for (const CommitInfo& c : reopened.commits()) roots.insert(c.root);
  EXPECT_EQ(roots, (std::set<Root>{r3, back}));
  Session check = at(reopened, r3);
  EXPECT_EQ(counter(check, id), 0xfe);
  Session check_back = at(reopened, back);
  EXPECT_EQ(counter(check_back, id), 0xfc);
  EXPECT_TRUE(reopened.verify_commit(r3).ok());
  EXPECT_TRUE(reopened.verify_commit(back).ok());
}

TEST_P(CommitTest, DeletingABaseRewritesItsChildren) {
  ContractId id;
  ContractId box;
  Root r3;
  {
    VM vm = open();
    Session s = vm.session();
    id = deploy(s, "counter");
    box = deploy(s, "box");
    const Root r1 = commit(s);
    call(s, box, "set", Args().i64(5));
    const Root r2 = commit(s);
    call(s, id, "increment");
    r3 = commit(s);
    ASSERT_TRUE(vm.delete_commit(r2).ok());
    ASSERT_TRUE(vm.delete_commit(r1).ok());
  }
  VM reopened = open();
  ASSERT_EQ(reopened.commits().size(), 1u);
  EXPECT_FALSE(reopened.commits()[0].base.has_value());
  Session check = at(reopened, r3);
  EXPECT_EQ(counter(check, id), 0xfd);
  EXPECT_EQ(Reader(call(check, box, "get").data).get<int64_t>(), 5);
}

TEST_P(CommitTest, ADirectoryIsOpenedByOneVmAtATime) {
  auto first = VM::open(dir_.string(), config());
  ASSERT_TRUE(first.ok());
  Session s = first.value().session();
  auto second = VM::open(dir_.string(), config());
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().message.find("in use"), std::string::npos) << second.error().message;
  first = VM::ephemeral(config());  // the session still holds the directory
  EXPECT_FALSE(VM::open(dir_.string(), config()).ok());
  s = first.value().session();
  EXPECT_TRUE(VM::open(dir_.string(), config()).ok());
}

TEST_P(CommitTest, ANewProcessReadsTheCommittedCounter) {
  ContractId id;
  {
    VM vm = open();
    Session s = vm.session();
    id = deploy(s, "counter");
    for (int i = 0; i < 3; ++i) call(s, id, "increment");
    commit(s);
  }
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto vm = VM::open(dir_.string(), config());
    if (!vm.ok()) _exit(2);
    Session s = vm.value().session();
    auto r = s.call(id, "read_value", {}, kGas);
    if (!r.ok() || r.value().data.size() != 8) _exit(3);
    int64_t value = 0;
    std::memcpy(&value, r.value().data.data(), 8);
    _exit(value == 0xff ? 0 : 4);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_P(CommitTest, GrownMemoryAndZeroedPagesCommit) {
  VM vm = open();
  Session s = vm.session();
  const ContractId grower = deploy(s, "grower");
  const uint32_t before = Reader(call(s, grower, "size").data).get<uint32_t>();
  call(s, grower, "grow", Args().u32(3));
  const Root root = commit(s);
  Session again = at(vm, root);
  EXPECT_EQ(Reader(call(again, grower, "size").data).get<uint32_t>(), before + 3);
  EXPECT_EQ(Reader(call(again, grower, "read_byte", Args().u32((before + 2) * 65536)).data).get<uint8_t>(), 0);
  EXPECT_EQ(again.memory(grower).size(), (before + 3) * uint64_t{65536});
}

TEST_P(CommitTest, PageProofsVerifyAgainstTheRoot) {
  VM vm = open();
  Session s = vm.session();
  const ContractId a = deploy(s, "counter", 0);
  const ContractId b = deploy(s, "box", 0);
  deploy(s, "counter", 1);
  call(s, b, "set", Args().i64(99));
  const Root root = commit(s);
  for (const ContractId& id : {a, b}) {
    const uint64_t pages = s.memory(id).size() / 65536;
    for (uint64_t page = 0; page < pages; ++page) {
      auto proof = s.page_proof(id, page);
      ASSERT_TRUE(proof.ok()) << proof.error().message;
      EXPECT_TRUE(verify_page_proof(root, proof.value())) << "page " << page;
      PageProof bad = proof.value();
      bad.data[12345] ^= 1;
      EXPECT_FALSE(verify_page_proof(root, bad));
    }
    EXPECT_FALSE(s.page_proof(id, pages).ok());
  }
  // A session that has not loaded the contract proves it from the stored pages, and an
  // uncommitted change is proven against root(), not the commit.
  Session other = at(vm, root);
  auto stored = other.page_proof(b, 0);
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(verify_page_proof(root, stored.value()));
  call(other, a, "increment");
  EXPECT_NE(other.root(), root);
  for (uint64_t page = 0; page < other.memory(a).size() / 65536; ++page) {
    EXPECT_TRUE(verify_page_proof(other.root(), other.page_proof(a, page).value()));
  }
}

TEST_P(CommitTest, EphemeralVmCommitsInMemory) {
  VM vm = VM::ephemeral(config());
  Session s = vm.session();
  const ContractId id = deploy(s, "counter");
  call(s, id, "increment");
  const Root root = commit(s);
  Session other = vm.session();
  EXPECT_EQ(counter(other, id), 0xfd);
  ASSERT_TRUE(vm.delete_commit(root).ok());
  EXPECT_EQ(counter(other, id), 0xfd);
  EXPECT_TRUE(vm.commits().empty());
}

}  // namespace
}  // namespace shortcrust::test
