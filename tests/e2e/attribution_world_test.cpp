// The built-in world against the known-operations library: the
// Spamouflage-like operation comes out attributed to Spamouflage and linked
// into one operation across its platforms; the engagement farm and the
// personas are not attributed to Spamouflage; no authentic group is
// attributed to anything.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <tuple>

#include "unmask/pipeline/scan.hpp"
#include "unmask/report/writers.hpp"
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

// A STIX 2.1 bundle checked against the specification's required common
// properties, the required properties of each object type used, id and
// timestamp formats, references that resolve, and the relationship types the
// specification lists for each source and target pair. (The official STIX
// 2.1 JSON schemas could not be obtained offline: no Debian or npm package
// ships them, so this checks the spec's rules directly.)
std::vector<std::string> StixProblems(const nlohmann::json& bundle) {
  std::vector<std::string> problems;
  auto fail = [&](const std::string& what) { problems.push_back(what); };
  const std::regex uuid_id("^([a-z0-9-]+)--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  const std::regex stamp("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$");
  if (bundle.value("type", "") != "bundle") fail("bundle: type must be \"bundle\"");
  if (!std::regex_match(bundle.value("id", ""), uuid_id)) fail("bundle: bad id");
  if (bundle.contains("spec_version")) fail("bundle: no spec_version in 2.1 bundles");
  if (!bundle.contains("objects") || !bundle["objects"].is_array() || bundle["objects"].empty()) {
    fail("bundle: objects must be a non-empty array");
    return problems;
  }
  const std::map<std::string, std::vector<std::string>> required = {
      {"identity", {"name"}},          {"campaign", {"name"}},
      {"intrusion-set", {"name"}},     {"attack-pattern", {"name"}},
      {"indicator", {"pattern", "pattern_type", "valid_from"}},
      {"relationship", {"relationship_type", "source_ref", "target_ref"}},
      {"user-account", {}}};
  std::map<std::string, std::string> type_of;
  for (const auto& o : bundle["objects"]) {
    const std::string type = o.value("type", ""), id = o.value("id", "");
    std::smatch m;
    if (!std::regex_match(id, m, uuid_id) || m[1] != type) fail("bad id " + id);
    if (!type_of.emplace(id, type).second) fail("duplicate id " + id);
    if (!required.contains(type)) {
      fail("unexpected type " + type);
      continue;
    }
    if (o.value("spec_version", "") != "2.1") fail(id + ": spec_version must be 2.1");
    for (const std::string& field : required.at(type)) {
      if (!o.contains(field) || (o[field].is_string() && o[field].get<std::string>().empty())) fail(id + ": missing " + field);
    }
    if (type == "user-account") {
      if (!o.contains("user_id") && !o.contains("account_login")) fail(id + ": a user-account needs a property");
      continue;
    }
    for (const char* t : {"created", "modified"}) {
      if (!o.contains(t) || !std::regex_match(o[t].get<std::string>(), stamp)) fail(id + ": bad " + t);
    }
    if (o.contains("created") && o.contains("modified") && o["modified"] < o["created"]) fail(id + ": modified before created");
    for (const char* t : {"valid_from", "first_seen", "last_seen"}) {
      if (o.contains(t) && !std::regex_match(o[t].get<std::string>(), stamp)) fail(id + ": bad " + t);
    }
    if (type == "indicator" && o.value("pattern_type", "") == "stix" && o.value("pattern", "").front() != '[')
      fail(id + ": a STIX pattern is bracketed");
    if (type == "attack-pattern") {
      const auto& refs = o["external_references"];
      if (!refs.is_array() || refs.empty() || !refs[0].contains("source_name") || !refs[0].contains("external_id"))
        fail(id + ": DISARM external reference");
    }
  }
  const std::set<std::tuple<std::string, std::string, std::string>> allowed = {
      {"campaign", "attributed-to", "intrusion-set"}, {"campaign", "uses", "attack-pattern"},
      {"indicator", "indicates", "campaign"}, {"campaign", "related-to", "user-account"}};
  for (const auto& o : bundle["objects"]) {
    if (o.contains("created_by_ref") && type_of[o["created_by_ref"]] != "identity") fail(o.value("id", "") + ": created_by_ref");
    if (o.value("type", "") != "relationship") continue;
    const std::string source = o.value("source_ref", ""), target = o.value("target_ref", "");
    if (!type_of.contains(source) || !type_of.contains(target)) {
      fail(o.value("id", "") + ": reference outside the bundle");
      continue;
    }
    if (!allowed.contains({type_of[source], o.value("relationship_type", ""), type_of[target]}))
      fail(o.value("id", "") + ": relationship not in the spec for these types");
  }
  return problems;
}

class AttributionWorld : public ::testing::TestWithParam<uint64_t> {};

TEST_P(AttributionWorld, SpamouflageIsNamedAndLinkedFarmAndPersonasAreNot) {
  const fs::path dir = fs::temp_directory_path() / ("unmask-attr-world-" + std::to_string(GetParam()) + "-" + std::to_string(::getpid()));
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
    if (majority == "engagement_farm" || majority == "persona") {
      EXPECT_FALSE(spam_named) << n.id << " " << majority;
    }
    if (majority == "authentic" || majority == "unlabelled") {
      EXPECT_TRUE(named.empty()) << n.id << " " << majority;
    }
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
  // The STIX 2.1 export: valid, and saying what the report says.
  std::ifstream stix_in(outcome->stix_path);
  const auto bundle = nlohmann::json::parse(stix_in);
  const auto problems = StixProblems(bundle);
  EXPECT_TRUE(problems.empty()) << problems.size() << " problems, first: " << problems.front();
  std::map<std::string, uint64_t> types;
  std::string spam_set;
  for (const auto& o : bundle["objects"]) {
    ++types[o["type"]];
    if (o["type"] == "intrusion-set" && o["name"] == "Spamouflage") spam_set = o["id"];
  }
  ASSERT_FALSE(spam_set.empty()) << "an intrusion-set for Spamouflage";
  uint64_t attributed_to_spam = 0, takedown = 0;
  for (const auto& o : bundle["objects"]) {
    attributed_to_spam += o["type"] == "relationship" && o["relationship_type"] == "attributed-to" && o["target_ref"] == spam_set;
  }
  for (const NetworkReport& n : outcome->report.networks) takedown += n.takedown;
  EXPECT_EQ(attributed_to_spam, spam_networks);
  EXPECT_EQ(types["campaign"], takedown);
  EXPECT_EQ(types["user-account"], outcome->report.takedown_members);
  EXPECT_GE(types["attack-pattern"], 3u);
  EXPECT_TRUE(StixProblems(nlohmann::json{{"type", "bundle"}, {"id", "bundle--x"}, {"objects", nlohmann::json::array()}}).size() >= 2)
      << "the checker itself rejects a bad bundle";
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Seeds, AttributionWorld, ::testing::Values(1, 11));

}  // namespace
}  // namespace unmask
