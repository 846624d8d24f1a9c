#include "unmask/report/report.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "unmask/report/writers.hpp"

namespace unmask {
namespace {

TEST(DescribeCounts, ReadsLikeAnAnnouncement) {
  Counts counts;
  counts["facebook"]["account"] = 7704;
  counts["facebook"]["page"] = 954;
  counts["facebook"]["group"] = 15;
  counts["x"]["account"] = 1;
  EXPECT_EQ(DescribeCounts(counts),
            "7704 accounts, 954 pages and 15 groups on facebook; 1 account on x, across 2 platforms");
  EXPECT_EQ(DescribeCounts({}), "no accounts");
}

// report.json is written a network at a time; the text must be what dumping
// the whole tree at once (indent 1) gives, for no network, one and several.
TEST(JsonReport, PiecewiseTextIsTheWholeTreeDump) {
  Store store;
  for (const char* id : {"1", "2", "3"}) {
    ActorRecord a;
    a.platform = "x";
    a.id = id;
    a.bio = "line one\nline two";  // an escaped newline inside a string stays as it is
    store.SetActor(a);
  }
  store.Finalize();
  for (size_t count : {0, 1, 3}) {
    std::vector<Network> networks(count);
    for (size_t i = 0; i < count; ++i) networks[i].members = {static_cast<ActorId>(i)};
    const std::string text = JsonReportText(BuildReport(store, networks, RunInfo{}));
    const auto tree = nlohmann::ordered_json::parse(text);
    EXPECT_EQ(tree["networks"].size(), count);
    EXPECT_EQ(text, tree.dump(1) + "\n") << count << " networks";
  }
}

TEST(JsonReport, FollowsTheReportContract) {
  Store store;
  ActorRecord a;
  a.platform = "facebook";
  a.id = "100081";
  a.handle = "lucy.w8812";
  store.SetActor(a);
  ActorRecord p;
  p.platform = "facebook";
  p.id = "p-2231";
  p.type = ActorType::kPage;
  store.SetActor(p);
  store.Finalize();
  std::vector<Network> networks(1);
  networks[0].members = {0, 1};
  networks[0].verdict.takedown = true;
  networks[0].verdict.confidence = 0.75;
  networks[0].echo.engagements = 10;
  networks[0].echo.internal = 9;
  networks[0].echo.authentic_engagers = 1;
  const Report report = BuildReport(store, networks, RunInfo{});
  const auto json = nlohmann::json::parse(JsonReportText(report));
  EXPECT_EQ(json["format"], "unmask-report/1");
  const auto& net = json["networks"][0];
  EXPECT_EQ(net["id"], "N1");
  EXPECT_EQ(net["takedown"], true);
  ASSERT_EQ(net["members"].size(), 2u);
  EXPECT_EQ(net["members"][1]["type"], "page");
  EXPECT_EQ(net["counts"]["facebook"]["account"], 1);
  EXPECT_EQ(net["counts"]["facebook"]["page"], 1);
  EXPECT_DOUBLE_EQ(net["echo_chamber"]["internal_share"].get<double>(), 0.9);
  EXPECT_EQ(net["echo_chamber"]["engagements"], 10);
  EXPECT_EQ(net["echo_chamber"]["authentic_engagers"], 1);
  EXPECT_TRUE(net["amplifiers"].is_array());
  EXPECT_TRUE(net["attribution"].is_array());
  EXPECT_EQ(json["summary"]["announcement"], "1 account and 1 page on facebook");
}

TEST(TextFamilies, EachNetworkListsItsMostRepeatedMessages) {
  Store store;
  const char* texts[] = {"Xinjiang is a beautiful place where people live happily together",
                         "Xinjiang is a wonderful place where people live happily together 🔥",
                         "Xinjiang is a beautiful place where people live happily together #Xinjiang",
                         "Totally unrelated post about my cat and the garden fence today"};
  const char* actors[] = {"a1", "a2", "a3", "a1"};
  const char* langs[] = {"en", "en", "", "en"};
  const char* ids[] = {"p0", "p1", "p2", "p3"};
  for (int i = 0; i < 4; ++i) {
    PostRecord r;
    r.platform = i == 1 ? "facebook" : "x";
    r.id = ids[i];
    r.actor = actors[i];
    r.time = 1000 + i;
    r.text = texts[i];
    r.lang = langs[i];
    store.AddPost(r);
  }
  store.Finalize();
  auto normalizer = TextNormalizer::Create(false);
  ASSERT_TRUE(normalizer.ok());
  const TextFamilies families = FindTextFamilies(store, *normalizer, NearDupConfig{});
  std::vector<Network> networks(1);
  for (ActorId a = 0; a < store.actors().size(); ++a) networks[0].members.push_back(a);
  Report report = BuildReport(store, networks, RunInfo{});
  AddTextFamilies(store, families, networks, 10, report);
  ASSERT_EQ(report.networks[0].text_families.size(), 1u);  // the cat post is alone
  const TextFamilyRef& f = report.networks[0].text_families[0];
  EXPECT_EQ(f.copies, 3u);
  EXPECT_EQ(f.variants, 2u);  // an appended hashtag is no new wording
  EXPECT_EQ(f.actors, 3u);
  EXPECT_EQ(f.platforms, (std::vector<std::string>{"facebook", "x"}));
  EXPECT_EQ(f.languages, (std::vector<std::string>{"en"}));
  EXPECT_EQ(f.representative.id, "p0");  // the most repeated wording, earliest copy
  EXPECT_EQ(f.total_copies, 3u);
  const auto json = nlohmann::json::parse(JsonReportText(report));
  EXPECT_EQ(json["networks"][0]["text_families"][0]["copies"], 3);
  EXPECT_EQ(json["networks"][0]["text_families"][0]["text"], texts[0]);
}

}  // namespace
}  // namespace unmask
