#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "unmask/cases/case_store.hpp"
#include "unmask/cases/continuation.hpp"

namespace unmask {
namespace {

namespace fs = std::filesystem;

class CasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fmt::format("unmask-cases-{}-{}", getpid(),
                                                    ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = CaseStore::FileIn(dir_.string());
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string path_;
};

ActorRef Member(const std::string& platform, const std::string& id, const std::string& handle) {
  ActorRef a;
  a.platform = platform;
  a.type = "account";
  a.id = id;
  a.handle = handle;
  a.name = "Name " + id;
  a.via = "coordination";
  return a;
}

TextFamilyRef Family(const std::string& text, uint64_t copies) {
  TextFamilyRef f;
  f.representative.text = text;
  f.copies = copies;
  return f;
}

// A network of `n` accounts on x with ids prefix0..prefix(n-1).
NetworkReport MakeNetwork(const std::string& id, const std::string& prefix, int n, bool takedown) {
  NetworkReport net;
  net.id = id;
  net.takedown = takedown;
  net.confidence = takedown ? 0.9 : 0.2;
  net.reasons = {"a reason"};
  for (int i = 0; i < n; ++i) {
    net.members.push_back(Member("x", fmt::format("{}{}", prefix, i), fmt::format("{}handle{}", prefix, i)));
    ++net.counts["x"]["account"];
  }
  net.posts = static_cast<uint64_t>(n) * 5;
  Indicator ind;
  ind.name = "batch_created";
  ind.fired = true;
  ind.evidence = "created in one hour";
  net.indicators.push_back(ind);
  return net;
}

const char* const kTemplates[] = {
    "The truth about the cotton fields is that workers are happy and paid well, say the people who live there",
    "Western media lies again about the region; look at the smiling faces of the people in these videos today",
    "Peace and harmony in the valley: new schools, new roads and new hospitals built for everyone who lives here",
    "Why do they never show you the markets full of food and the families dancing in the square every evening"};

NetworkReport SpamLike(const std::string& id, const std::string& prefix, int n) {
  NetworkReport net = MakeNetwork(id, prefix, n, true);
  for (const char* t : kTemplates) net.text_families.push_back(Family(t, 40));
  OperationMatch m;
  m.operation = "spamouflage";
  m.name = "Spamouflage";
  m.score = 0.9;
  m.attributed = true;
  m.confidence = "high";
  net.attribution.push_back(m);
  return net;
}

NetworkPrint PrintOf(const NetworkReport& net, std::vector<std::string> avatars, std::vector<std::string> infra) {
  NetworkPrint p;
  p.avatars = std::move(avatars);
  p.infra = std::move(infra);
  p.texts = MakeTextPrints(net);
  return p;
}

Report MakeReport(std::vector<NetworkReport> networks) {
  Report r;
  r.run.version = "test";
  r.run.inputs = {"world.jsonl"};
  r.run.settings = {{"window_seconds", "60"}};
  r.networks = std::move(networks);
  for (const NetworkReport& n : r.networks) r.takedown_members += n.takedown ? n.members.size() : 0;
  return r;
}

// Run 1: a spam-like network (40 accounts) and an organic one (30).
Report FirstRun(CaseStore& store) {
  Report r = MakeReport({SpamLike("N1", "old", 40), MakeNetwork("N2", "fan", 30, false)});
  std::vector<NetworkPrint> prints = {PrintOf(r.networks[0], {"av1", "av2", "av3", "av4"}, {"ip:aa", "dev:bb"}),
                                      PrintOf(r.networks[1], {"fanav"}, {})};
  EXPECT_TRUE(MatchContinuations(store, prints, {}, r).ok());
  auto run = store.RecordRun(r, prints, {"2026-01-01T00:00:00Z", "2023-03-01T00:00:00Z", "2023-04-30T00:00:00Z", "out"});
  EXPECT_TRUE(run.ok()) << run.status().message();
  return r;
}

TEST_F(CasesTest, CreatesAVersionedStoreInWalMode) {
  {
    auto store = CaseStore::Open(path_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    EXPECT_EQ(*store->db().QueryInt("PRAGMA user_version"), CaseStore::kSchemaVersion);
    EXPECT_EQ(*store->db().QueryText("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(*store->CountRuns(), 0);
  }
  auto again = CaseStore::OpenExisting(path_);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(*again->IntegrityCheck(), "ok");
  auto missing = CaseStore::OpenExisting((dir_ / "none.sqlite").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("none.sqlite"), std::string::npos);
}

TEST_F(CasesTest, RecordsRunsCasesAndDecisions) {
  auto store = CaseStore::Open(path_);
  ASSERT_TRUE(store.ok());
  Report r = FirstRun(*store);
  ASSERT_TRUE(r.case_store.has_value());
  EXPECT_EQ(r.case_store->run, 1);
  EXPECT_EQ(r.case_store->earlier_runs, 0u);
  EXPECT_EQ(r.networks[0].case_ref->case_id, 1);
  EXPECT_EQ(r.networks[1].case_ref->case_id, 2);
  EXPECT_FALSE(r.networks[0].case_ref->match.has_value());  // nothing earlier to match

  ASSERT_TRUE(store->Decide(1, "confirmed", "alice", "looks like the known op").ok());
  ASSERT_TRUE(store->Decide(1, "enforced", "bob", "").ok());
  EXPECT_FALSE(store->Decide(1, "maybe", "bob", "").ok());
  EXPECT_FALSE(store->Decide(1, "confirmed", "", "").ok());
  EXPECT_FALSE(store->Decide(99, "confirmed", "bob", "").ok());

  auto cases = store->ListCases();
  ASSERT_TRUE(cases.ok()) << cases.status().message();
  ASSERT_EQ(cases->size(), 2u);
  EXPECT_EQ((*cases)[0].status, "enforced");
  EXPECT_EQ((*cases)[0].decided_by, "bob");
  EXPECT_EQ((*cases)[0].members, 40);
  EXPECT_EQ((*cases)[0].attributed, "spamouflage");
  EXPECT_TRUE((*cases)[0].takedown);
  EXPECT_EQ((*cases)[1].status, "open");

  auto text = store->DescribeCase(1);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_NE(text->find("confirmed by alice: looks like the known op"), std::string::npos) << *text;
  EXPECT_NE(text->find("x account old0 @oldhandle0"), std::string::npos) << *text;
  EXPECT_NE(text->find("indicator batch_created"), std::string::npos) << *text;
  EXPECT_NE(text->find("attributed to Spamouflage"), std::string::npos) << *text;
  EXPECT_FALSE(store->DescribeCase(7).ok());
  auto runs = store->DescribeRuns();
  ASSERT_TRUE(runs.ok());
  EXPECT_NE(runs->find("world.jsonl"), std::string::npos) << *runs;
}

TEST_F(CasesTest, MatchesAReturningOperationAndNothingElse) {
  auto store = CaseStore::Open(path_);
  ASSERT_TRUE(store.ok());
  FirstRun(*store);
  // Run 2: the operation returns with 50 new accounts and 3 old ones, the
  // same pictures (2 of 4) and templates; an unrelated network appears.
  NetworkReport back = SpamLike("N1", "new", 50);
  for (int i = 0; i < 3; ++i) back.members.push_back(Member("x", fmt::format("old{}", i), fmt::format("oldhandle{}", i)));
  NetworkReport other = MakeNetwork("N2", "other", 25, true);
  other.text_families.push_back(Family("A completely different message about football scores and the weekend match results", 9));
  Report r = MakeReport({back, other});
  std::vector<NetworkPrint> prints = {PrintOf(r.networks[0], {"av2", "av3", "av9"}, {"ip:aa"}),
                                      PrintOf(r.networks[1], {"zz"}, {"ip:zz"})};
  ASSERT_TRUE(MatchContinuations(*store, prints, {}, r).ok());
  const auto& m = r.networks[0].case_ref->match;
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(m->continuation);
  EXPECT_EQ(m->case_id, 1);
  EXPECT_EQ(m->returning_members, 3u);
  EXPECT_EQ(m->new_members, 50u);
  EXPECT_EQ(m->run, 1);
  EXPECT_EQ(m->network, "N1");
  std::map<std::string, uint64_t> counts;
  for (const auto& e : m->evidence) counts[e.kind] = e.count;
  EXPECT_EQ(counts["shared_avatars"], 2u);
  EXPECT_EQ(counts["shared_infrastructure"], 1u);
  EXPECT_EQ(counts["shared_texts"], 4u);
  EXPECT_EQ(counts["same_attribution"], 1u);
  EXPECT_NE(m->summary.find("continuation of case 1: 50 new members, 3 returning"), std::string::npos) << m->summary;
  EXPECT_FALSE(r.networks[1].case_ref->match.has_value());

  ASSERT_TRUE(store->RecordRun(r, prints, {"2026-02-01T00:00:00Z", "", "", "out2"}).ok());
  EXPECT_EQ(r.networks[0].case_ref->case_id, 1);  // joins the case it continues
  EXPECT_EQ(r.networks[1].case_ref->case_id, 3);  // opens a new one
  EXPECT_EQ(r.case_store->continuations, 1u);
  auto cases = store->ListCases();
  ASSERT_TRUE(cases.ok());
  EXPECT_EQ((*cases)[0].runs, 2);
  EXPECT_EQ((*cases)[0].distinct_members, 90);  // 40 + 50 new
}

// The scan matches inside the run's transaction: a second connection, opened
// before the first recorded its run, still sees that run when it records.
TEST_F(CasesTest, MatchingInsideTheTransactionSeesRunsRecordedMeanwhile) {
  auto late = CaseStore::Open(path_);
  ASSERT_TRUE(late.ok());
  {
    auto early = CaseStore::Open(path_);
    ASSERT_TRUE(early.ok());
    FirstRun(*early);
  }
  Report r = MakeReport({SpamLike("N1", "new", 30)});
  std::vector<NetworkPrint> prints = {PrintOf(r.networks[0], {"av1", "av2", "av3"}, {"ip:aa"})};
  auto run = late->RecordRun(r, prints, {}, {}, [&] { return MatchContinuations(*late, prints, {}, r); });
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(*run, 2);
  ASSERT_TRUE(r.networks[0].case_ref->match.has_value());
  EXPECT_TRUE(r.networks[0].case_ref->match->continuation);
  EXPECT_EQ(r.networks[0].case_ref->case_id, 1);
  EXPECT_EQ(r.case_store->earlier_runs, 1u);
}

TEST_F(CasesTest, WeakEvidenceIsNoContinuation) {
  auto store = CaseStore::Open(path_);
  ASSERT_TRUE(store.ok());
  FirstRun(*store);
  // One shared picture and two old accounts among 60 new ones: below the threshold.
  NetworkReport net = MakeNetwork("N1", "z", 60, true);
  net.members.push_back(Member("x", "old1", "oldhandle1"));
  net.members.push_back(Member("x", "old2", "oldhandle2"));
  Report r = MakeReport({net});
  std::vector<NetworkPrint> prints = {PrintOf(r.networks[0], {"av1"}, {})};
  ASSERT_TRUE(MatchContinuations(*store, prints, {}, r).ok());
  const auto& m = r.networks[0].case_ref->match;
  ASSERT_TRUE(m.has_value());
  EXPECT_FALSE(m->continuation);
  EXPECT_LT(m->strength, 2.0);
  EXPECT_NE(m->summary.find("no earlier case matches well"), std::string::npos) << m->summary;
}

TEST_F(CasesTest, AReturningMembersOwnPictureIsNotCountedTwice) {
  auto store = CaseStore::Open(path_);
  ASSERT_TRUE(store.ok());
  FirstRun(*store);
  // Three old accounts with their own pictures (av1, av2), and one new account with av3.
  NetworkReport net = MakeNetwork("N1", "y", 1, true);
  for (int i = 0; i < 3; ++i) net.members.push_back(Member("x", fmt::format("old{}", i), fmt::format("oldhandle{}", i)));
  Report r = MakeReport({net});
  NetworkPrint print;
  print.avatars = {"av1", "av2", "av3"};
  print.avatar_holders = {{1}, {2, 3}, {0}};
  ASSERT_TRUE(MatchContinuations(*store, {print}, {}, r).ok());
  const auto& m = r.networks[0].case_ref->match;
  ASSERT_TRUE(m.has_value());
  std::map<std::string, uint64_t> counts;
  for (const auto& e : m->evidence) counts[e.kind] = e.count;
  EXPECT_EQ(counts["returning_members"], 3u);
  EXPECT_EQ(counts["shared_avatars"], 1u);  // only av3, held by the new account
}

TEST_F(CasesTest, AFailedRunIsRolledBack) {
  auto store = CaseStore::Open(path_);
  ASSERT_TRUE(store.ok());
  FirstRun(*store);
  Report r = MakeReport({SpamLike("N1", "b", 30), MakeNetwork("N2", "c", 30, false)});
  std::vector<NetworkPrint> prints = {PrintOf(r.networks[0], {}, {}), PrintOf(r.networks[1], {}, {})};
  auto failed = store->RecordRun(r, prints, {}, [](size_t written) {
    return written == 1 ? Status::Error("disk full (simulated)") : Status();
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().message(), "disk full (simulated)");
  auto reopened = CaseStore::OpenExisting(path_);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(*reopened->CountRuns(), 1);
  EXPECT_EQ(*reopened->CountCases(), 2);
  EXPECT_EQ(*reopened->db().QueryInt("SELECT count(*) FROM members"), 70);
  EXPECT_EQ(*reopened->IntegrityCheck(), "ok");
}

TEST_F(CasesTest, AKilledRunLeavesTheEarlierRunsIntact) {
  {
    auto store = CaseStore::Open(path_);
    ASSERT_TRUE(store.ok());
    FirstRun(*store);
  }
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // A large run, killed after its second network is written: the WAL holds
    // uncommitted pages when the process dies.
    auto store = CaseStore::Open(path_);
    if (!store.ok()) _exit(3);
    Report r = MakeReport({MakeNetwork("N1", "k", 20000, true), MakeNetwork("N2", "l", 20000, true),
                           MakeNetwork("N3", "m", 10, true)});
    std::vector<NetworkPrint> prints(3);
    (void)store->RecordRun(r, prints, {}, [](size_t written) {
      if (written == 2) raise(SIGKILL);
      return Status();
    });
    _exit(4);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exit " << WEXITSTATUS(status);
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  auto store = CaseStore::OpenExisting(path_);
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ(*store->IntegrityCheck(), "ok");
  EXPECT_EQ(*store->CountRuns(), 1);
  EXPECT_EQ(*store->CountCases(), 2);
  EXPECT_EQ(*store->db().QueryInt("SELECT count(*) FROM members"), 70);
  EXPECT_EQ(*store->db().QueryInt("SELECT count(*) FROM networks"), 2);
  // And the store takes the next run.
  Report r = MakeReport({MakeNetwork("N1", "q", 5, true)});
  ASSERT_TRUE(store->RecordRun(r, std::vector<NetworkPrint>(1), {}).ok());
  EXPECT_EQ(r.case_store->run, 2);  // the killed run left no number behind
}

TEST_F(CasesTest, RefusesANewerSchema) {
  {
    auto store = CaseStore::Open(path_);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store->db().Exec("PRAGMA user_version=99").ok());
  }
  auto store = CaseStore::Open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find(path_), std::string::npos) << store.status().message();
  EXPECT_NE(store.status().message().find("schema version 99 was written by a newer unmask"), std::string::npos)
      << store.status().message();
}

TEST_F(CasesTest, RefusesADamagedFileOrAnotherDatabase) {
  {
    std::ofstream out(path_, std::ios::binary);
    for (int i = 0; i < 300; ++i) out << "this is not a database, only text pretending to be one. ";
  }
  auto damaged = CaseStore::Open(path_);
  ASSERT_FALSE(damaged.ok());
  EXPECT_NE(damaged.status().message().find(path_), std::string::npos) << damaged.status().message();
  EXPECT_NE(damaged.status().message().find("damaged or is not an unmask case store"), std::string::npos)
      << damaged.status().message();

  const std::string other = (dir_ / "other.sqlite").string();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "CREATE TABLE t(x)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  auto foreign = CaseStore::Open(other);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.status().message().find("not an unmask case store"), std::string::npos);
}

TEST_F(CasesTest, ALockedStoreFailsWithAClearMessage) {
  auto store = CaseStore::Open(path_, {.busy_ms = 50});
  ASSERT_TRUE(store.ok());
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "BEGIN IMMEDIATE; INSERT INTO cases(opened_run, opened_at) VALUES(0, 'x')", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  Report r = MakeReport({MakeNetwork("N1", "a", 3, true)});
  auto run = store->RecordRun(r, std::vector<NetworkPrint>(1), {});
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.status().message().find(path_), std::string::npos) << run.status().message();
  EXPECT_NE(run.status().message().find("another unmask process is writing to it"), std::string::npos)
      << run.status().message();
  sqlite3_exec(raw, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(raw);
  EXPECT_TRUE(store->RecordRun(r, std::vector<NetworkPrint>(1), {}).ok());
}

}  // namespace
}  // namespace unmask
