#include "unmask/sim/world.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "unmask/core/time.hpp"

namespace unmask::sim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct World {
  fs::path dir, out, truth;
  SimStats stats;
};

/// Writes a small world once per (seed, days) and keeps it for all tests.
const World& Small(uint64_t seed, int days = 21) {
  static std::map<std::pair<uint64_t, int>, World> cache;
  auto key = std::make_pair(seed, days);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  // The folder goes when the test process ends.
  struct Cleanup {
    fs::path dir = fs::temp_directory_path() / ("unmask_sim_test_" + std::to_string(::getpid()));
    ~Cleanup() {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    }
  };
  static Cleanup cleanup;
  World w;
  w.dir = cleanup.dir;
  fs::create_directories(w.dir);
  w.out = w.dir / ("world_" + std::to_string(seed) + "_" + std::to_string(days) + ".jsonl");
  w.truth = w.dir / ("truth_" + std::to_string(seed) + "_" + std::to_string(days) + ".json");
  SimConfig cfg;
  cfg.seed = seed;
  cfg.days = days;
  auto r = WriteWorld(cfg, w.out.string(), w.truth.string());
  EXPECT_TRUE(r.ok()) << r.status().message();
  if (r.ok()) w.stats = *r;
  return cache.emplace(key, w).first->second;
}

std::vector<json> Lines(const fs::path& p) {
  std::vector<json> v;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) v.push_back(json::parse(line));
  return v;
}

std::optional<Time> TimeOf(const json& j) {
  if (j.is_number_integer()) return j.get<Time>();
  if (j.is_string()) return ParseTimestamp(j.get<std::string>());
  return std::nullopt;
}

std::string Key(const std::string& platform, const std::string& id) { return platform + "\x1f" + id; }

TEST(Scale, Parse) {
  EXPECT_EQ(ParseScale("small"), Scale::kSmall);
  EXPECT_EQ(ParseScale("medium"), Scale::kMedium);
  EXPECT_EQ(ParseScale("large"), Scale::kLarge);
  EXPECT_FALSE(ParseScale("huge").has_value());
}

TEST(WriteWorld, SameSeedSameBytesOtherSeedOtherBytes) {
  const World& a = Small(7, 8);
  SimConfig cfg;
  cfg.seed = 7;
  cfg.days = 8;
  const fs::path out2 = a.dir / "again.jsonl", truth2 = a.dir / "again_truth.json";
  auto r = WriteWorld(cfg, out2.string(), truth2.string());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(ReadAll(a.out), ReadAll(out2));
  EXPECT_EQ(ReadAll(a.truth), ReadAll(truth2));
  const World& b = Small(8, 8);
  EXPECT_NE(ReadAll(a.out), ReadAll(b.out));
}

TEST(WriteWorld, BadPathIsAnError) {
  SimConfig cfg;
  cfg.days = 1;
  auto r = WriteWorld(cfg, "/nonexistent-dir/x/world.jsonl", "/tmp/unused_truth.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/nonexistent-dir/x/world.jsonl"), std::string::npos);
}

TEST(WriteWorld, EveryLineIsValidWithRequiredFields) {
  const World& w = Small(1);
  std::ifstream in(w.out);
  std::string line;
  uint64_t actors = 0, posts = 0, relations = 0;
  std::set<std::string> kinds_of_time;
  std::unordered_set<std::string> post_ids, actor_ids;
  while (std::getline(in, line)) {
    json j;
    ASSERT_NO_THROW(j = json::parse(line)) << line;
    ASSERT_TRUE(j.is_object());
    const std::string kind = j.at("kind");
    ASSERT_TRUE(j.at("platform").is_string()) << line;
    if (kind == "actor") {
      ++actors;
      ASSERT_TRUE(j.at("id").is_string());
      EXPECT_TRUE(actor_ids.insert(Key(j["platform"], j["id"])).second) << "duplicate actor " << line;
      if (j.contains("created")) {
        EXPECT_TRUE(TimeOf(j["created"]).has_value()) << line;
      }
      if (j.contains("type")) {
        const std::string t = j["type"];
        EXPECT_TRUE(t == "account" || t == "page" || t == "group" || t == "channel") << line;
      }
      if (j.contains("infra")) {
        EXPECT_TRUE(j["infra"].is_array());
      }
      if (j.contains("followers")) {
        EXPECT_TRUE(j["followers"].is_number_integer());
      }
    } else if (kind == "post") {
      ++posts;
      ASSERT_TRUE(j.at("id").is_string());
      ASSERT_TRUE(j.at("actor").is_string());
      auto t = TimeOf(j.at("time"));
      ASSERT_TRUE(t.has_value()) << line;
      kinds_of_time.insert(j["time"].is_number() ? "epoch" : (j["time"].get<std::string>().back() == 'Z' ? "Z" : "offset"));
      EXPECT_TRUE(post_ids.insert(Key(j["platform"], j["id"])).second) << "duplicate post " << line;
      const std::string type = j.value("type", "post");
      if (type != "post") {
        ASSERT_TRUE(j.at("parent").is_string()) << line;
      }
      if (type == "reaction") {
        EXPECT_TRUE(j.contains("reaction"));
      }
      for (const char* arr : {"urls", "hashtags", "mentions"}) {
        if (j.contains(arr)) {
          EXPECT_TRUE(j[arr].is_array()) << line;
        }
      }
    } else if (kind == "relation") {
      ++relations;
      ASSERT_TRUE(j.at("from").is_string());
      ASSERT_TRUE(j.at("to").is_string());
      ASSERT_TRUE(j.at("type").is_string());
    } else {
      FAIL() << "unknown kind " << line;
    }
  }
  EXPECT_EQ(actors, w.stats.actors);
  EXPECT_EQ(posts, w.stats.posts);
  EXPECT_EQ(relations, w.stats.relations);
  EXPECT_EQ(kinds_of_time.size(), 3u);
  const json truth = json::parse(ReadAll(w.truth));
  EXPECT_EQ(truth["counts"]["posts"], posts);
  EXPECT_EQ(truth["counts"]["actors"], actors);
  EXPECT_EQ(truth["counts"]["relations"], relations);
}

TEST(WriteWorld, TruthMembersExistAndInternalShareMatches) {
  const World& w = Small(1);
  const json truth = json::parse(ReadAll(w.truth));
  ASSERT_EQ(truth["format"], "unmask-truth/1");
  std::unordered_map<std::string, std::string> actor_type;  // key -> type
  std::unordered_map<std::string, std::string> post_author;  // key -> actor key
  std::vector<json> engagements;
  for (const json& j : Lines(w.out)) {
    if (j["kind"] == "actor") actor_type[Key(j["platform"], j["id"])] = j.value("type", "account");
    if (j["kind"] == "post") {
      post_author[Key(j["platform"], j["id"])] = Key(j["platform"], j["actor"]);
      if (j.value("type", "post") != "post") engagements.push_back(j);
    }
  }
  for (const json& op : truth["operations"]) {
    std::unordered_set<std::string> members;
    ASSERT_FALSE(op["members"].empty()) << op["name"];
    for (const json& m : op["members"]) {
      const std::string k = Key(m["platform"], m["id"]);
      ASSERT_TRUE(actor_type.count(k)) << "missing actor record for member " << m.dump();
      EXPECT_EQ(actor_type[k], m["type"]);
      members.insert(k);
    }
    uint64_t total = 0, internal = 0;
    for (const json& e : engagements) {
      const std::string pp = e.value("parent_platform", e["platform"].get<std::string>());
      auto it = post_author.find(Key(pp, e["parent"]));
      ASSERT_NE(it, post_author.end()) << "parent missing: " << e.dump();
      const std::string engager = Key(e["platform"], e["actor"]);
      if (it->second == engager || !members.count(it->second)) continue;
      ++total;
      if (members.count(engager)) ++internal;
    }
    EXPECT_EQ(op["engagements"].get<uint64_t>(), total) << op["name"];
    const double share = total ? static_cast<double>(internal) / static_cast<double>(total) : 0.0;
    EXPECT_NEAR(op["internal_share"].get<double>(), share, 1e-9) << op["name"];
    if (op["kind"] == "spamouflage") {
      EXPECT_GE(share, 0.85);
      EXPECT_LE(share, 0.96);
      EXPECT_EQ(op["amplifiers"].size(), 3u);
      for (const json& m : op["amplifiers"]) EXPECT_TRUE(actor_type.count(Key(m["platform"], m["id"])));
    }
  }
  for (const json& g : truth["authentic_groups"]) {
    ASSERT_FALSE(g["members"].empty()) << g["kind"];
    for (const json& m : g["members"]) EXPECT_TRUE(actor_type.count(Key(m["platform"], m["id"]))) << m.dump();
  }
}

TEST(WriteWorld, SpamouflagePostsInBeijingOfficeHours) {
  const World& w = Small(1);
  const json truth = json::parse(ReadAll(w.truth));
  std::unordered_set<std::string> members;
  for (const json& op : truth["operations"])
    if (op["kind"] == "spamouflage")
      for (const json& m : op["members"]) members.insert(Key(m["platform"], m["id"]));
  uint64_t total = 0, office = 0, authentic_total = 0, authentic_office = 0;
  for (const json& j : Lines(w.out)) {
    if (j["kind"] != "post") continue;
    const Time t = *TimeOf(j["time"]);
    const int64_t days = FloorDiv(t, 86400);
    const int dow = static_cast<int>(((days % 7) + 11) % 7);
    const int64_t hour = (t - days * 86400) / 3600;
    const bool in_office = dow != 0 && dow != 6 && hour >= 1 && hour < 10;
    if (members.count(Key(j["platform"], j["actor"]))) {
      ++total;
      office += in_office;
    } else {
      ++authentic_total;
      authentic_office += in_office;
    }
  }
  ASSERT_GT(total, 500u);
  EXPECT_GT(static_cast<double>(office) / static_cast<double>(total), 0.8);
  EXPECT_LT(static_cast<double>(authentic_office) / static_cast<double>(authentic_total), 0.5);
}

TEST(WriteWorld, NoObviousMembershipMarkers) {
  const World& w = Small(1);
  const json truth = json::parse(ReadAll(w.truth));
  for (const json& op : truth["operations"])
    for (const json& m : op["members"]) {
      const std::string id = m["id"];
      EXPECT_EQ(id.find("op"), std::string::npos);
      EXPECT_EQ(id.find("bot"), std::string::npos);
    }
  // Some posts come before their author's record.
  std::unordered_set<std::string> seen;
  uint64_t early = 0;
  for (const json& j : Lines(w.out)) {
    if (j["kind"] == "actor") seen.insert(Key(j["platform"], j["id"]));
    if (j["kind"] == "post" && !seen.count(Key(j["platform"], j["actor"]))) ++early;
  }
  EXPECT_GT(early, 0u);
}

}  // namespace
}  // namespace unmask::sim

namespace unmask::sim {
namespace {

// Period 2: the same authentic actors and farm with the same ids; the
// Spamouflage-like operation back with new accounts (created in the gap,
// newer ids) except the returning share; activity later than period 1's.
TEST(WriteWorld, PeriodTwoBringsTheOperationBackOnNewAccounts) {
  const fs::path dir = fs::temp_directory_path() / ("unmask_sim_period_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::vector<json> truth;
  std::vector<std::vector<json>> lines;
  for (int period = 1; period <= 2; ++period) {
    SimConfig cfg;
    cfg.seed = 5;
    cfg.days = 4;
    cfg.period = period;
    const fs::path out = dir / ("w" + std::to_string(period) + ".jsonl");
    const fs::path t = dir / ("t" + std::to_string(period) + ".json");
    ASSERT_TRUE(WriteWorld(cfg, out.string(), t.string()).ok());
    std::ifstream in(t);
    truth.push_back(json::parse(in));
    lines.push_back(Lines(out));
  }
  fs::remove_all(dir);
  EXPECT_EQ(truth[1]["period"], 2);
  auto keys = [](const json& list) {
    std::set<std::string> s;
    for (const auto& m : list) s.insert(Key(m["platform"], m["id"]));
    return s;
  };
  // Authentic groups and the farm are the same actors.
  EXPECT_EQ(keys(truth[0]["operations"][1]["members"]), keys(truth[1]["operations"][1]["members"]));
  for (size_t g = 0; g < truth[0]["authentic_groups"].size(); ++g) {
    if (truth[0]["authentic_groups"][g]["kind"] == "viral_news_sharers") continue;  // depends on the period's activity
    EXPECT_EQ(keys(truth[0]["authentic_groups"][g]["members"]), keys(truth[1]["authentic_groups"][g]["members"]));
  }
  const auto op1 = keys(truth[0]["operations"][0]["members"]);
  const auto op2 = keys(truth[1]["operations"][0]["members"]);
  const auto returning = keys(truth[1]["operations"][0]["returning"]);
  ASSERT_EQ(op1.size(), op2.size());
  EXPECT_EQ(truth[1]["operations"][0]["new_members"], op2.size() - returning.size());
  const double share = static_cast<double>(returning.size()) / static_cast<double>(op2.size());
  EXPECT_GT(share, 0.04);
  EXPECT_LT(share, 0.13);
  for (const std::string& k : op2) EXPECT_EQ(op1.contains(k), returning.contains(k)) << k;
  // Activity: period 2 starts days + gap after period 1.
  const Time start1 = *ParseTimestamp(truth[0]["start"].get<std::string>());
  const Time start2 = *ParseTimestamp(truth[1]["start"].get<std::string>());
  EXPECT_EQ(start2 - start1, (4 + 14) * 86400);
  // New accounts are created in the gap; avatars of the operation are reused.
  std::set<std::string> avatars1, avatars2;
  uint64_t new_created_in_gap = 0, new_accounts = 0;
  for (int p = 0; p < 2; ++p) {
    for (const json& j : lines[p]) {
      if (j["kind"] != "actor") continue;
      const std::string k = Key(j["platform"], j["id"]);
      if (!(p == 0 ? op1 : op2).contains(k) || !j.contains("avatar")) continue;
      (p == 0 ? avatars1 : avatars2).insert(j["avatar"].get<std::string>());
      if (p == 1 && !returning.contains(k) && j.contains("created")) {
        ++new_accounts;
        const auto created = TimeOf(j["created"]);
        if (created && *created >= start1 + 4 * 86400 && *created < start2) ++new_created_in_gap;
      }
    }
  }
  EXPECT_GT(new_accounts, 100u);
  EXPECT_EQ(new_created_in_gap, new_accounts);
  uint64_t reused = 0;
  for (const std::string& a : avatars2) reused += avatars1.contains(a);
  EXPECT_GT(reused, avatars2.size() / 3) << reused << " of " << avatars2.size();
}

}  // namespace
}  // namespace unmask::sim
