// The built-in world against the known-operations library: the
// Spamouflage-like operation comes out attributed to Spamouflage and linked
// into one operation across its platforms; the engagement farm and the
// personas are not attributed to Spamouflage; no authentic group is
// attributed to anything.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "unmask/pipeline/scan.hpp"
#include "unmask/sim/world.hpp"

namespace unmask {
namespace {

namespace fs = std::filesystem;

// (platform/id) -> the truth's operation kind, "authentic" for authentic groups.
std::map<std::string, std::string> TruthKinds(const std::string& path) {
  std::ifstream in(path);
  const auto truth = nlohmann::json::parse(in);
  std::map<std::string, std::string> kind;
  for (const auto& op : truth["operations"]) {
    for (const auto& m : op["members"]) kind[m["platform"].get<std::string>() + "/" + m["id"].get<std::string>()] = op["kind"];
  }
  for (const auto& g : truth["authentic_groups"]) {
    for (const auto& m : g["members"]) kind.emplace(m["platform"].get<std::string>() + "/" + m["id"].get<std::string>(), "authentic");
  }
  return kind;
}

class AttributionWorld : public ::testing::TestWithParam<uint64_t> {};

TEST_P(AttributionWorld, SpamouflageIsNamedAndLinkedFarmAndPersonasAreNot) {
  const fs::path dir = fs::temp_directory_path() / ("unmask-attr-world-" + std::to_string(GetParam()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  sim::SimConfig sim;
  sim.seed = GetParam();
  const std::string world = (dir / "world.jsonl").string(), truth = (dir / "truth.json").string();
  ASSERT_TRUE(sim::WriteWorld(sim, world, truth, {}).ok());
  ScanConfig config;
  config.inputs = {world};
  config.out_dir = (dir / "out").string();
  config.progress = false;
  config.log = false;
  auto outcome = RunScan(config);
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  const auto kinds = TruthKinds(truth);

  std::map<std::string, uint64_t> truth_size, named_spam, in_networks;
  for (const auto& [member, kind] : kinds) ++truth_size[kind];
  std::set<std::string> spam_linked_ops;
  uint64_t spam_networks = 0, farm_named = 0;
  for (const NetworkReport& n : outcome->report.networks) {
    std::map<std::string, uint64_t> by_kind;
    for (const ActorRef& m : n.members) {
      const auto it = kinds.find(m.platform + "/" + m.id);
      ++by_kind[it == kinds.end() ? "unlabelled" : it->second];
    }
    std::string majority;
    uint64_t most = 0;
    for (const auto& [kind, count] : by_kind) {
      if (count > most) most = count, majority = kind;
    }
    std::vector<std::string> named;
    for (const OperationMatch& m : n.attribution) {
      if (m.attributed) named.push_back(m.operation);
    }
    const bool spam_named = std::find(named.begin(), named.end(), "spamouflage") != named.end();
    for (const auto& [kind, count] : by_kind) {
      in_networks[kind] += count;
      if (spam_named) named_spam[kind] += count;
    }
    if (majority == "spamouflage" && n.takedown) {
      ++spam_networks;
      ASSERT_FALSE(named.empty()) << n.id << " holds Spamouflage members but is not attributed";
      EXPECT_EQ(named.front(), "spamouflage") << n.id;
      EXPECT_NE(n.attribution.front().confidence, "none");
      EXPECT_FALSE(n.attribution.front().evidence_for.empty());
      spam_linked_ops.insert(n.linked_operation.empty() ? n.id : n.linked_operation);
    }
    // A small farm network may have too few texts to compare (no
    // attribution then); when named, it is the farm.
    if (majority == "engagement_farm" && !named.empty()) {
      EXPECT_EQ(named.front(), "commercial_engagement_farm") << n.id;
      ++farm_named;
    }
    if (majority == "engagement_farm" || majority == "persona") EXPECT_FALSE(spam_named) << n.id << " " << majority;
    if (majority == "authentic" || majority == "unlabelled") EXPECT_TRUE(named.empty()) << n.id << " " << majority;
  }
  const uint64_t spam = truth_size["spamouflage"];
  std::cout << fmt::format(
      "seed {}: {} Spamouflage-like members, {} in networks attributed to Spamouflage ({} networks, {} linked "
      "operation(s)); farm members in Spamouflage-attributed networks: {} of {}; persona: {} of {}\n",
      GetParam(), spam, named_spam["spamouflage"], spam_networks, spam_linked_ops.size(),
      named_spam["engagement_farm"], truth_size["engagement_farm"], named_spam["persona"], truth_size["persona"]);
  EXPECT_GE(named_spam["spamouflage"] * 10, spam * 9) << "90% of the operation attributed";
  EXPECT_GE(farm_named, 1u) << "the farm is recognised as a commercial engagement farm";
  EXPECT_EQ(named_spam["engagement_farm"], 0u);
  EXPECT_EQ(named_spam["persona"], 0u);
  EXPECT_EQ(named_spam["authentic"], 0u);
  EXPECT_EQ(spam_linked_ops.size(), 1u) << "one cross-platform operation";
  // The linked operation counts its members over many platforms.
  for (const LinkedOperationRef& op : outcome->report.linked_operations) {
    if (std::find(op.attributed.begin(), op.attributed.end(), "spamouflage") == op.attributed.end()) continue;
    EXPECT_GE(op.counts.size(), 10u);
    EXPECT_FALSE(op.links.empty());
  }
  // report.json carries the contract's attribution field.
  std::ifstream json_in(outcome->json_path);
  const auto report = nlohmann::json::parse(json_in);
  EXPECT_EQ(report["networks"][0]["attribution"][0]["operation"], "spamouflage");
  EXPECT_TRUE(report["networks"][0]["attribution"][0]["score"].is_number());
  EXPECT_FALSE(report["networks"][0]["disarm"].empty());
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Seeds, AttributionWorld, ::testing::Values(1, 11));

}  // namespace
}  // namespace unmask
