// A world built here, independently of the simulator, whose echo chamber and
// amplifiers are known by construction: an operation on facebook and x that
// mostly talks to itself, a crowd that sometimes answers it, and three real
// accounts that share its posts. The scan must report the internal share
// within 0.03 of the truth, list the three amplifiers with what they shared,
// and write report.html, the GEXF and the GraphML export.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include <unistd.h>

#include "unmask/pipeline/scan.hpp"

namespace unmask {
namespace {

namespace fs = std::filesystem;

class Lcg {
 public:
  explicit Lcg(uint64_t seed) : state_(seed) {}
  uint64_t Below(uint64_t n) {
    return (state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL, state_ >> 33) % n;
  }

 private:
  uint64_t state_;
};

struct Amplification {
  std::string platform, actor, share_id, original_id;
  Time time;
};

struct ReachWorld {
  std::vector<std::string> lines;
  std::set<std::pair<std::string, std::string>> op;  // (platform, id)
  uint64_t engagements = 0, internal = 0;
  std::map<std::string, std::pair<uint64_t, uint64_t>> by_platform;  // platform -> (engagements, internal)
  std::set<std::pair<std::string, std::string>> authentic_engagers;
  std::vector<Amplification> amplifications;
};

ReachWorld BuildReachWorld() {
  ReachWorld w;
  Lcg rng(2718);
  const Time start = 1693526400;  // 2023-09-01
  auto add = [&](nlohmann::json j) { w.lines.push_back(j.dump()); };
  std::map<std::string, std::vector<std::string>> members;
  for (const auto& [platform, n] : std::vector<std::pair<std::string, int>>{{"facebook", 16}, {"x", 10}}) {
    for (int i = 0; i < n; ++i) {
      const std::string id = platform + "-op-" + std::to_string(i);
      members[platform].push_back(id);
      w.op.insert({platform, id});
      add({{"kind", "actor"},
           {"platform", platform},
           {"id", id},
           {"handle", "patriot" + std::to_string(700 + i)},
           {"created", start - 20 * 86400 + static_cast<Time>(rng.Below(2 * 86400))},
           {"followers", 3 + rng.Below(20)},
           {"lang", "en"}});
    }
  }
  std::vector<std::string> crowd;
  for (int i = 0; i < 200; ++i) {
    const std::string platform = i % 2 ? "x" : "facebook";
    const std::string id = "crowd-" + std::to_string(i);
    crowd.push_back(id);
    add({{"kind", "actor"},
         {"platform", platform},
         {"id", id},
         {"followers", 20 + rng.Below(900)},
         {"created", start - static_cast<Time>(300 + rng.Below(2000)) * 86400},
         {"lang", i % 3 ? "en" : "es"},
         {"location", i % 3 ? "Ohio" : "Madrid"}});
    for (int k = 0; k < 6; ++k) {
      add({{"kind", "post"},
           {"platform", platform},
           {"id", id + "-own-" + std::to_string(k)},
           {"actor", id},
           {"time", start + static_cast<Time>(rng.Below(14 * 86400))},
           {"text", "my own thoughts number " + std::to_string(rng.Below(1000000)) + " on day " + std::to_string(k)}});
    }
  }
  // Organic co-action, the background the chance model needs: each day a
  // newsroom's posts draw comments and reactions from the crowd.
  for (const std::string platform : {"facebook", "x"}) {
    const std::string outlet = platform + "-newsroom";
    add({{"kind", "actor"},
         {"platform", platform},
         {"id", outlet},
         {"followers", 30000},
         {"created", start - 4000 * 86400}});
    for (int day = 0; day < 14; ++day) {
      for (int k = 0; k < 4; ++k) {
        const std::string id = outlet + "-" + std::to_string(day) + "-" + std::to_string(k);
        const Time t = start + day * 86400 + (8 + 3 * k) * 3600;
        add({{"kind", "post"},
             {"platform", platform},
             {"id", id},
             {"actor", outlet},
             {"time", t},
             {"text", "News of the day, part " + std::to_string(k) + " for day " + std::to_string(day)}});
        for (int r = 0; r < 25; ++r) {
          const std::string who = crowd[2 * rng.Below(100) + (platform == "x" ? 1 : 0)];
          add({{"kind", "post"},
               {"platform", platform},
               {"id", id + "-r" + std::to_string(r)},
               {"actor", who},
               {"type", r % 2 ? "reaction" : "comment"},
               {"parent", id},
               {"time", t + static_cast<Time>(rng.Below(7200))}});
        }
      }
    }
  }
  const std::vector<std::tuple<std::string, std::string, int64_t>> stars = {
      {"facebook", "fb-star", 420000}, {"x", "x-pundit", 150000}, {"facebook", "fb-blogger", 9000}};
  for (const auto& [platform, id, followers] : stars) {
    add({{"kind", "actor"},
         {"platform", platform},
         {"id", id},
         {"followers", followers},
         {"lang", "en"},
         {"created", start - 3000 * 86400}});
  }
  const std::vector<std::string> slogans = {
      "The so-called experts never tell you how the border towns are thriving today",
      "Another week, another lie from the mainstream press about our farmers and workers",
      "Ask yourself why nobody reports the real numbers behind the new trade deal"};
  int serial = 0;
  std::map<std::string, std::string> author;  // post -> author, to count engagements as the contract defines them
  for (int day = 0; day < 14; ++day) {
    const Time burst = start + day * 86400 + 9 * 3600;
    const std::string url = "https://truth-daily.example/story/" + std::to_string(day);
    for (const std::string platform : {"facebook", "x"}) {
      const auto& team = members[platform];
      std::vector<std::string> posted;
      const int posts = platform == "facebook" ? 12 : 8;
      for (int k = 0; k < posts; ++k) {
        const std::string id = platform + "-p" + std::to_string(serial++);
        posted.push_back(id);
        author[id] = team[rng.Below(team.size())];
        add({{"kind", "post"},
             {"platform", platform},
             {"id", id},
             {"actor", author[id]},
             {"time", burst + static_cast<Time>(rng.Below(900))},
             {"text", slogans[(day + k) % 3] + " " + url},
             {"urls", {url}},
             {"hashtags", {"RealNumbers", "WakeUp"}}});
      }
      auto engage = [&](const std::string& who, const std::string& type, const std::string& parent, Time t,
                        bool internal) {
        const std::string id = platform + "-e" + std::to_string(serial++);
        nlohmann::json j = {{"kind", "post"}, {"platform", platform}, {"id", id}, {"actor", who},
                            {"type", type},   {"parent", parent},     {"time", t}};
        if (type == "comment") j["text"] = internal ? "So true, share this!" : "I am not sure about this.";
        add(j);
        if (author[parent] == who) return id;
        ++w.engagements, ++w.by_platform[platform].first;
        if (internal) ++w.internal, ++w.by_platform[platform].second;
        if (!internal) w.authentic_engagers.insert({platform, who});
        return id;
      };
      const int echo = platform == "facebook" ? 50 : 30;
      for (int k = 0; k < echo; ++k) {
        engage(team[rng.Below(team.size())], k % 3 ? "reaction" : "comment", posted[rng.Below(posted.size())],
               burst + 1200 + static_cast<Time>(rng.Below(3600)), true);
      }
      for (int k = 0; k < 3; ++k) {  // the crowd answers now and then
        std::string who;
        do {
          who = crowd[rng.Below(crowd.size())];
        } while ((std::stoi(who.substr(6)) % 2 == 1) != (platform == "x"));
        engage(who, "comment", posted[rng.Below(posted.size())], burst + 5000 + static_cast<Time>(rng.Below(40000)),
               false);
      }
      for (const auto& [star_platform, star, followers] : stars) {
        if (star_platform != platform || day % 5 != (star == "fb-blogger" ? 3 : 1)) continue;
        const std::string original = posted[rng.Below(posted.size())];
        const Time t = burst + 30000 + static_cast<Time>(rng.Below(3600));
        const std::string share = engage(star, platform == "x" ? "quote" : "share", original, t, false);
        w.amplifications.push_back({platform, star, share, original, t});
      }
    }
  }
  return w;
}

TEST(ReachWorld, EchoChamberAndAmplifiersMatchTheConstruction) {
  const ReachWorld world = BuildReachWorld();
  ASSERT_EQ(world.amplifications.size(), 9u);  // fb-star and x-pundit on days 1, 6, 11; fb-blogger on 3, 8, 13
  const fs::path dir = fs::temp_directory_path() / ("unmask-reach-world-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path input = dir / "world.jsonl";
  {
    std::ofstream out(input);
    for (const std::string& l : world.lines) out << l << '\n';
  }
  ScanConfig config;
  config.inputs = {input.string()};
  config.out_dir = (dir / "out").string();
  config.progress = false;
  config.log = false;
  auto outcome = RunScan(config);
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  std::ifstream json_in(outcome->json_path);
  const nlohmann::json report = nlohmann::json::parse(json_in);

  // The takedown networks holding the operation. Its facebook and x halves
  // share links but never engage each other, so the engine may report them
  // as two networks; each half's echo chamber is then known by construction.
  std::vector<const nlohmann::json*> op_networks;
  const nlohmann::json* best = nullptr;
  size_t best_count = 0, taken = 0;
  for (const auto& net : report["networks"]) {
    size_t count = 0;
    for (const auto& m : net["members"]) count += world.op.count({m["platform"], m["id"]});
    if (count == 0) continue;
    EXPECT_TRUE(net["takedown"].get<bool>()) << net["id"] << " holds operation members but is not taken down";
    op_networks.push_back(&net);
    taken += count;
    if (count > best_count) best = &net, best_count = count;
  }
  ASSERT_NE(best, nullptr) << "the operation is taken down";
  EXPECT_GE(taken * 10, world.op.size() * 9) << "at least 90% of the operation is taken down";
  for (const nlohmann::json* net : op_networks) {
    std::set<std::string> platforms;
    for (const auto& m : (*net)["members"]) platforms.insert(m["platform"].get<std::string>());
    if (platforms.size() != 1) continue;
    const auto [engagements, internal] = world.by_platform.at(*platforms.begin());
    EXPECT_NEAR((*net)["echo_chamber"]["internal_share"].get<double>(),
                static_cast<double>(internal) / static_cast<double>(engagements), 0.03)
        << (*net)["id"] << " on " << *platforms.begin();
  }
  // The operation as a whole: internal engagements, plus those between its networks.
  std::set<std::string> op_ids;
  for (const nlohmann::json* net : op_networks) op_ids.insert((*net)["id"].get<std::string>());
  uint64_t op_engagements = 0, op_internal = 0;
  for (const nlohmann::json* net : op_networks) {
    const auto& echo = (*net)["echo_chamber"];
    op_engagements += echo["engagements"].get<uint64_t>();
    op_internal += echo["internal"].get<uint64_t>();
    for (const auto& [from, n] : echo["from_networks"].items())
      op_internal += op_ids.count(from) ? n.get<uint64_t>() : 0;
  }
  const double truth = static_cast<double>(world.internal) / static_cast<double>(world.engagements);
  EXPECT_NEAR(static_cast<double>(op_internal) / static_cast<double>(op_engagements), truth, 0.03)
      << world.internal << " of " << world.engagements << " engagements were internal";
  const auto& echo = (*best)["echo_chamber"];
  // By platform, the split adds up to the totals.
  uint64_t sum = 0, internal = 0;
  for (const auto& [platform, split] : echo["by_platform"].items()) {
    sum += split["engagements"].get<uint64_t>(), internal += split["internal"].get<uint64_t>();
    EXPECT_EQ(split["engagements"].get<uint64_t>(), split["internal"].get<uint64_t>() +
                                                        split["other_takedown"].get<uint64_t>() +
                                                        split["authentic"].get<uint64_t>());
  }
  EXPECT_EQ(sum, echo["engagements"].get<uint64_t>());
  EXPECT_EQ(internal, echo["internal"].get<uint64_t>());
  if (taken == world.op.size()) {
    EXPECT_EQ(op_engagements, world.engagements);
    EXPECT_EQ(op_internal, world.internal);
    uint64_t engagers = 0;
    for (const nlohmann::json* net : op_networks)
      engagers += (*net)["echo_chamber"]["authentic_engagers"].get<uint64_t>();
    EXPECT_EQ(engagers, world.authentic_engagers.size());  // each half has its own engagers
  }

  // The three real amplifiers, largest audience first, with what they shared and when.
  std::map<std::string, const nlohmann::json*> listed;
  for (const auto& net : report["networks"]) {
    if (!net["takedown"].get<bool>()) continue;
    for (const auto& a : net["amplifiers"]) listed[a["id"].get<std::string>()] = &a;
  }
  for (const std::string star : {"fb-star", "x-pundit", "fb-blogger"}) {
    ASSERT_TRUE(listed.count(star)) << star << " is listed as an amplifier";
    std::set<std::string> expected, got;
    for (const Amplification& a : world.amplifications) {
      if (a.actor == star) expected.insert(a.share_id + ">" + a.original_id);
    }
    for (const auto& item : (*listed[star])["shared"]) {
      got.insert(item["share"]["id"].get<std::string>() + ">" + item["original"]["id"].get<std::string>());
    }
    EXPECT_EQ(got, expected) << star;
  }
  const auto& amps = (*best)["amplifiers"];
  ASSERT_GE(amps.size(), 2u);
  EXPECT_EQ(amps[0]["id"], "fb-star");  // the facebook half is the larger one
  EXPECT_EQ(amps[0]["audience"], 420000);
  EXPECT_EQ(amps[1]["id"], "fb-blogger");

  // Did it work: celebrity amplification, reach bounds around the declared audiences.
  EXPECT_EQ((*best)["breakout"]["category"], 5);
  const auto& reach = (*best)["authentic_reach"];
  EXPECT_LE(reach["estimate"]["low"].get<uint64_t>(), reach["estimate"]["high"].get<uint64_t>());
  EXPECT_GE(reach["estimate"]["high"].get<uint64_t>(), 420000u + 9000u);
  EXPECT_FALSE(reach["assumptions"].empty());
  const auto& narratives = (*best)["narratives"];
  ASSERT_FALSE(narratives["hashtags"].empty());
  EXPECT_TRUE(narratives["hashtags"][0]["value"] == "realnumbers" || narratives["hashtags"][0]["value"] == "wakeup");
  ASSERT_FALSE(narratives["domains"].empty());
  EXPECT_EQ(narratives["domains"][0]["value"], "truth-daily.example");
  EXPECT_GE((*best)["timeline"].size(), 14u);
  EXPECT_EQ((*best)["audience"]["locations"][0]["value"], "Ohio");

  // The other outputs exist and carry the network.
  for (const std::string& path : {outcome->html_path, outcome->gexf_path, outcome->graphml_path}) {
    ASSERT_TRUE(fs::exists(path)) << path;
    EXPECT_GT(fs::file_size(path), 1000u) << path;
  }
  std::ifstream gexf(outcome->gexf_path);
  const std::string gexf_text((std::istreambuf_iterator<char>(gexf)), std::istreambuf_iterator<char>());
  EXPECT_NE(gexf_text.find("value=\"takedown\""), std::string::npos);
  EXPECT_NE(gexf_text.find("value=\"" + (*best)["id"].get<std::string>() + "\""), std::string::npos);
  if (!HasFailure()) fs::remove_all(dir);
}

}  // namespace
}  // namespace unmask
