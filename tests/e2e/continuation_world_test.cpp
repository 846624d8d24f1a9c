// Two runs over consecutive periods of the built-in world with one case
// store: after a takedown at the end of period 1, the Spamouflage-like
// operation comes back in period 2 on new accounts (a few old ones return)
// that reuse its pictures, infrastructure and templates. Run 2 must match the
// operation's networks to run 1's cases, with the new and returning accounts
// counted as the store and the construction say, and must not match the
// farm or authentic networks to the operation's cases.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unistd.h>

#include "unmask/cases/case_store.hpp"
#include "unmask/pipeline/scan.hpp"
#include "unmask/sim/world.hpp"

namespace unmask {
namespace {

namespace fs = std::filesystem;
using Key = std::string;  // platform/id

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

std::string Text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// platform/id -> the truth's operation kind, or "authentic".
std::map<Key, std::string> Kinds(const nlohmann::json& truth) {
  std::map<Key, std::string> kind;
  for (const auto& op : truth["operations"]) {
    for (const auto& m : op["members"]) kind[m["platform"].get<std::string>() + "/" + m["id"].get<std::string>()] = op["kind"];
  }
  for (const auto& g : truth["authentic_groups"]) {
    for (const auto& m : g["members"]) kind.emplace(m["platform"].get<std::string>() + "/" + m["id"].get<std::string>(), "authentic");
  }
  return kind;
}

std::set<Key> Keys(const nlohmann::json& list) {
  std::set<Key> out;
  for (const auto& m : list) out.insert(m["platform"].get<std::string>() + "/" + m["id"].get<std::string>());
  return out;
}

std::set<Key> Members(const NetworkReport& n) {
  std::set<Key> out;
  for (const ActorRef& m : n.members) out.insert(m.platform + "/" + m.id);
  return out;
}

std::string Majority(const NetworkReport& n, const std::map<Key, std::string>& kinds) {
  std::map<std::string, uint64_t> by_kind;
  for (const Key& k : Members(n)) {
    const auto it = kinds.find(k);
    ++by_kind[it == kinds.end() ? "unlabelled" : it->second];
  }
  std::string majority;
  uint64_t most = 0;
  for (const auto& [kind, count] : by_kind) {
    if (count > most) most = count, majority = kind;
  }
  return majority;
}

class ContinuationWorld : public ::testing::TestWithParam<uint64_t> {};

TEST_P(ContinuationWorld, TheReturningOperationIsMatchedToItsCase) {
  // The process id too: two test runs at once (two builds' suites) must not share a case store.
  const fs::path dir = fs::temp_directory_path() /
                       ("unmask-continuation-world-" + std::to_string(GetParam()) + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string cases = (dir / "cases").string();
  std::vector<Report> reports;
  std::vector<nlohmann::json> truths;
  for (int period = 1; period <= 2; ++period) {
    sim::SimConfig sim;
    sim.seed = GetParam();
    sim.period = period;
    const std::string world = (dir / fmt::format("world{}.jsonl", period)).string();
    const std::string truth = (dir / fmt::format("truth{}.json", period)).string();
    ASSERT_TRUE(sim::WriteWorld(sim, world, truth, {}).ok());
    ScanConfig config;
    config.inputs = {world};
    config.out_dir = (dir / fmt::format("out{}", period)).string();
    config.cases_dir = cases;
    config.progress = false;
    config.log = false;
    auto outcome = RunScan(config);
    ASSERT_TRUE(outcome.ok()) << outcome.status().message();
    reports.push_back(std::move(outcome->report));
    truths.push_back(ReadJson(truth));
  }
  const Report& first = reports[0];
  const Report& second = reports[1];
  ASSERT_TRUE(first.case_store && second.case_store);
  EXPECT_EQ(first.case_store->run, 1);
  EXPECT_EQ(second.case_store->run, 2);
  EXPECT_EQ(first.case_store->continuations, 0u);

  // Run 1: case -> kind of its network and its members.
  const auto kinds1 = Kinds(truths[0]);
  std::map<int64_t, std::string> case_kind;
  std::map<int64_t, std::set<Key>> case_members;
  for (const NetworkReport& n : first.networks) {
    ASSERT_TRUE(n.case_ref.has_value()) << n.id;
    EXPECT_FALSE(n.case_ref->match.has_value()) << n.id << ": nothing earlier to match";
    case_kind[n.case_ref->case_id] = Majority(n, kinds1);
    case_members[n.case_ref->case_id] = Members(n);
  }

  const auto kinds2 = Kinds(truths[1]);
  const nlohmann::json& spam_truth = truths[1]["operations"][0];
  ASSERT_EQ(spam_truth["kind"], "spamouflage");
  const std::set<Key> returning_truth = Keys(spam_truth["returning"]);
  const std::set<Key> spam1 = Keys(truths[0]["operations"][0]["members"]);
  ASSERT_GT(returning_truth.size(), 10u);
  const auto json2 = ReadJson((dir / "out2" / "report.json").string());
  uint64_t spam_networks = 0, spam_matched = 0, spam_members_matched = 0;
  size_t largest = 0, largest_reused = 0;
  for (size_t i = 0; i < second.networks.size(); ++i) {
    const NetworkReport& n = second.networks[i];
    ASSERT_TRUE(n.case_ref.has_value()) << n.id;
    const std::string kind = Majority(n, kinds2);
    const auto& match = n.case_ref->match;
    const bool continuation = match && match->continuation;
    const std::string matched_kind = continuation ? case_kind[match->case_id] : "";
    if (kind != "spamouflage") {
      EXPECT_NE(matched_kind, "spamouflage") << n.id << " (" << kind << ") matched to a Spamouflage case: "
                                            << match->summary;
      continue;
    }
    if (!n.takedown || n.members.size() < 20) continue;
    ++spam_networks;
    ASSERT_TRUE(continuation) << n.id << " (Spamouflage, " << n.members.size() << " members) not matched"
                              << (match ? ": " + match->summary : "");
    EXPECT_EQ(matched_kind, "spamouflage") << match->summary;
    EXPECT_EQ(n.case_ref->case_id, match->case_id);
    ++spam_matched;
    spam_members_matched += n.members.size();
    // The figures are the construction's: returning = members also in the
    // case in run 1; every one of them is an account the simulator kept, and
    // every other operation member of the network is an account run 1 never saw.
    const std::set<Key> members = Members(n);
    std::set<Key> returning;
    for (const Key& k : members) {
      if (case_members[match->case_id].contains(k)) returning.insert(k);
    }
    EXPECT_EQ(match->returning_members, returning.size()) << match->summary;
    EXPECT_EQ(match->new_members, members.size() - returning.size()) << match->summary;
    for (const Key& k : returning) EXPECT_TRUE(returning_truth.contains(k)) << k << " counted as returning";
    for (const Key& k : members) {
      if (kinds2.contains(k) && kinds2.at(k) == "spamouflage" && !returning_truth.contains(k)) {
        EXPECT_FALSE(spam1.contains(k)) << k << " is new in period 2 but was in period 1";
      }
    }
    const auto& j = json2["networks"][i]["case"];
    EXPECT_EQ(j["id"], match->case_id);
    EXPECT_EQ(j["continuation"]["returning_members"], returning.size());
    EXPECT_EQ(j["continuation"]["new_members"], members.size() - returning.size());
    // What the operation reused: at least two of pictures, infrastructure
    // and templates on every network, all three on its largest one.
    std::set<std::string> evidence;
    for (const auto& e : match->evidence) evidence.insert(e.kind);
    size_t reused = 0;
    for (const char* kind_expected : {"shared_avatars", "shared_infrastructure", "shared_texts"}) {
      reused += evidence.contains(kind_expected);
    }
    EXPECT_GE(reused, 2u) << n.id << ": " << match->summary;
    if (n.members.size() > largest) largest = n.members.size(), largest_reused = reused;
  }
  EXPECT_EQ(largest_reused, 3u) << "the largest Spamouflage network of run 2 lacks reused pictures, values or templates";
  EXPECT_GE(spam_networks, 1u);
  EXPECT_EQ(spam_matched, spam_networks);
  EXPECT_GE(spam_members_matched, 300u);
  EXPECT_NE(Text((dir / "out2" / "report.md").string()).find("continuation of case"), std::string::npos);
  EXPECT_NE(Text((dir / "out2" / "report.html").string()).find("continuation of case"), std::string::npos);
  EXPECT_EQ(json2["case_store"]["run"], 2);

  {  // the store is closed before its folder goes
    auto store = CaseStore::OpenExisting(CaseStore::FileIn(cases));
    ASSERT_TRUE(store.ok()) << store.status().message();
    EXPECT_EQ(*store->IntegrityCheck(), "ok");
    EXPECT_EQ(*store->CountRuns(), 2);
  }
  if (!HasFailure()) fs::remove_all(dir);  // kept for a look when the test fails
}

INSTANTIATE_TEST_SUITE_P(Seeds, ContinuationWorld, ::testing::Values(1, 11));

}  // namespace
}  // namespace unmask
