// Echo chamber, reach, Breakout Scale and narratives on small hand-made
// worlds whose answers are counted by hand in the comments.
#include "unmask/assess/impact.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <list>
#include <string>

#include "unmask/assess/assess.hpp"

namespace unmask {
namespace {

constexpr Time kDay = 86400;
constexpr Time kStart = 1680307200;  // 2023-04-01T00:00:00Z

class World {
 public:
  void Actor(const std::string& platform, const std::string& id, int64_t followers = 10, const std::string& lang = "",
             const std::string& location = "", ActorType type = ActorType::kAccount) {
    ActorRecord r;
    r.platform = Keep(platform);
    r.id = Keep(id);
    r.followers = followers;
    r.lang = Keep(lang);
    r.location = Keep(location);
    r.type = type;
    store.SetActor(r);
  }
  void Post(const std::string& platform, const std::string& id, const std::string& actor, Time t,
            PostType type = PostType::kPost, const std::string& parent = "", const std::string& text = "",
            const std::string& parent_platform = "") {
    PostRecord r;
    r.platform = Keep(platform);
    r.id = Keep(id);
    r.actor = Keep(actor);
    r.time = t;
    r.type = type;
    r.parent = Keep(parent);
    r.parent_platform = Keep(parent_platform);
    r.text = Keep(text);
    store.AddPost(r);
  }
  void Follows(const std::string& platform, const std::string& from, const std::string& to) {
    RelationRecord r;
    r.platform = Keep(platform);
    r.from = Keep(from);
    r.to = Keep(to);
    r.type_name = "follows";
    store.AddRelation(r);
  }
  ActorId Id(const std::string& platform, const std::string& id) const { return store.FindActor(platform, id); }
  Network Net(std::vector<std::pair<std::string, std::string>> members, bool takedown) const {
    Network net;
    for (const auto& [platform, id] : members) net.members.push_back(Id(platform, id));
    std::sort(net.members.begin(), net.members.end());
    net.verdict.takedown = takedown;
    return net;
  }
  Store store;

 private:
  std::string_view Keep(const std::string& s) { return *kept_.insert(kept_.end(), s); }
  std::list<std::string> kept_;
};

// Network A (a1, a2 on facebook, a3 on x) and network B (b1, b2 on facebook),
// both takedown; u1, u2, u3 authentic. Engagements with A's posts:
//   fa1 (facebook, day 0): a2 comment, a3? no (x) ... see the list below.
World EchoWorld() {
  World w;
  for (const char* id : {"a1", "a2", "b1", "b2", "u1", "u2"}) w.Actor("facebook", id);
  w.Actor("x", "a3");
  w.Actor("x", "u3");
  w.Post("facebook", "fa1", "a1", kStart + 3600);         // day 0
  w.Post("facebook", "fa2", "a2", kStart + kDay + 3600);  // day 1
  w.Post("x", "xa3", "a3", kStart + kDay + 7200);         // day 1
  w.Post("facebook", "fb1", "b1", kStart + 3600);         // B's own post
  // On fa1 (facebook): a2 comment, a2 reaction (internal 2), b1 share (other 1),
  // u1 comment, u1 reaction (authentic 2, engager u1), a1 self-comment (not counted).
  w.Post("facebook", "e1", "a2", kStart + 4000, PostType::kComment, "fa1");
  w.Post("facebook", "e2", "a2", kStart + 4100, PostType::kReaction, "fa1");
  w.Post("facebook", "e3", "b1", kStart + 4200, PostType::kShare, "fa1");
  w.Post("facebook", "e4", "u1", kStart + 4300, PostType::kComment, "fa1");
  w.Post("facebook", "e5", "u1", kStart + 4400, PostType::kReaction, "fa1");
  w.Post("facebook", "e6", "a1", kStart + 4500, PostType::kComment, "fa1");
  // On fa2 (facebook), day 2: a1 comment (internal), u2 share (authentic, amplifier).
  w.Post("facebook", "e7", "a1", kStart + 2 * kDay + 100, PostType::kComment, "fa2");
  w.Post("facebook", "e8", "u2", kStart + 2 * kDay + 200, PostType::kShare, "fa2");
  // On xa3 (x), day 1: a1 quotes it across platforms (internal), u3 quotes (authentic), b2 reacts (other).
  w.Post("facebook", "e9", "a1", kStart + kDay + 8000, PostType::kQuote, "xa3", "", "x");
  w.Post("x", "e10", "u3", kStart + kDay + 8100, PostType::kQuote, "xa3");
  w.Post("facebook", "e11", "b2", kStart + kDay + 8200, PostType::kReaction, "xa3", "", "x");
  // u1 also engages with B: not counted for A.
  w.Post("facebook", "e12", "u1", kStart + 5000, PostType::kComment, "fb1");
  w.store.Finalize();
  return w;
}

TEST(Impact, EchoChamberSplitsByHand) {
  World w = EchoWorld();
  std::vector<Network> networks = {w.Net({{"facebook", "a1"}, {"facebook", "a2"}, {"x", "a3"}}, true),
                                   w.Net({{"facebook", "b1"}, {"facebook", "b2"}}, true)};
  AssessImpact(w.store, networks);
  const Impact& a = networks[0].impact;
  // facebook posts fa1, fa2: 7 engagements (a2 x2, a1 on fa2: internal 3; b1: other 1; u1 x2, u2: authentic 3).
  const PlatformId facebook = w.store.posts().platform[w.store.FindPost("facebook", "fa1")];
  const PlatformId x = w.store.posts().platform[w.store.FindPost("x", "xa3")];
  ASSERT_EQ(a.echo_by_platform.size(), 2u);
  const EchoSplit& fb = a.echo_by_platform.at(facebook);
  EXPECT_EQ(fb.engagements, 7u);
  EXPECT_EQ(fb.internal, 3u);
  EXPECT_EQ(fb.other_takedown, 1u);
  EXPECT_EQ(fb.authentic, 3u);
  EXPECT_EQ(fb.authentic_engagers, 2u);
  // x post xa3: a1 (internal), u3 (authentic), b2 (other).
  const EchoSplit& onx = a.echo_by_platform.at(x);
  EXPECT_EQ(onx.engagements, 3u);
  EXPECT_EQ(onx.internal, 1u);
  EXPECT_EQ(onx.other_takedown, 1u);
  EXPECT_EQ(onx.authentic, 1u);
  EXPECT_EQ(onx.authentic_engagers, 1u);
  // Engagements from network B: b1's share and b2's reaction.
  ASSERT_EQ(a.from_takedown_networks.size(), 1u);
  EXPECT_EQ(a.from_takedown_networks.at(1), 2u);
  // Days: 0 (fa1 and its 6 engagements), 1 (fa2, xa3, e9 made by a1; e9, e10, e11 received), 2 (e7, e8).
  ASSERT_EQ(a.timeline.size(), 3u);
  EXPECT_EQ(a.timeline[0].day, kStart / kDay);
  EXPECT_EQ(a.timeline[0].posts, 1u);
  EXPECT_EQ(a.timeline[0].actions, 4u);  // fa1, e1, e2, e6
  EXPECT_EQ(a.timeline[0].received.engagements, 5u);
  EXPECT_EQ(a.timeline[0].received.internal, 2u);
  EXPECT_EQ(a.timeline[0].received.authentic, 2u);
  EXPECT_EQ(a.timeline[0].received.authentic_engagers, 1u);
  EXPECT_EQ(a.timeline[1].posts, 2u);
  EXPECT_EQ(a.timeline[1].actions, 3u);  // fa2, xa3, e9
  EXPECT_EQ(a.timeline[1].received.engagements, 3u);
  EXPECT_EQ(a.timeline[2].posts, 0u);
  EXPECT_EQ(a.timeline[2].actions, 1u);  // e7
  EXPECT_EQ(a.timeline[2].received.engagements, 2u);
  EXPECT_EQ(a.timeline[2].received.authentic_engagers, 1u);
  // The same totals as the assessment's echo chamber (10 engagements, 4 internal).
  uint64_t total = 0, internal = 0;
  for (const auto& [platform, split] : a.echo_by_platform) total += split.engagements, internal += split.internal;
  EXPECT_EQ(total, 10u);
  EXPECT_EQ(internal, 4u);
  AssessNetworks(w.store, networks, AssessConfig{});  // may reorder: find A again by its size
  const Network& again = networks[0].members.size() == 3 ? networks[0] : networks[1];
  EXPECT_EQ(again.echo.engagements, total);
  EXPECT_EQ(again.echo.internal, internal);
}

TEST(Impact, WithoutOtherTakedownNetworksOutsidersAreAuthentic) {
  World w = EchoWorld();
  // B judged authentic: its members' engagements now count as authentic.
  std::vector<Network> networks = {w.Net({{"facebook", "a1"}, {"facebook", "a2"}, {"x", "a3"}}, true),
                                   w.Net({{"facebook", "b1"}, {"facebook", "b2"}}, false)};
  AssessImpact(w.store, networks);
  const Impact& a = networks[0].impact;
  uint64_t other = 0, authentic = 0;
  for (const auto& [platform, split] : a.echo_by_platform) other += split.other_takedown, authentic += split.authentic;
  EXPECT_EQ(other, 0u);
  EXPECT_EQ(authentic, 6u);
  EXPECT_EQ(a.reach.engagers, 5u);  // u1, u2, u3, b1, b2
  EXPECT_TRUE(a.from_takedown_networks.empty());
}

TEST(Impact, AmplifiersSharesAreListedInTimeOrder) {
  World w;
  for (const char* id : {"a1", "a2", "fan"}) w.Actor("facebook", id);
  w.Post("facebook", "p1", "a1", kStart);
  w.Post("facebook", "p2", "a2", kStart + 10);
  w.Post("facebook", "s2", "fan", kStart + 500, PostType::kShare, "p2");
  w.Post("facebook", "s1", "fan", kStart + 100, PostType::kShare, "p1");
  w.Post("facebook", "c1", "fan", kStart + 50, PostType::kComment, "p1");  // a comment is not a share
  w.store.Finalize();
  std::vector<Network> networks = {w.Net({{"facebook", "a1"}, {"facebook", "a2"}}, true)};
  networks[0].amplifiers.push_back({w.Id("facebook", "fan"), 10, 2, kStart + 100, kStart + 500});
  AssessImpact(w.store, networks);
  const auto& shared = networks[0].amplifiers[0].shared;
  ASSERT_EQ(shared.size(), 2u);
  EXPECT_EQ(shared[0], w.store.FindPost("facebook", "s1"));
  EXPECT_EQ(shared[1], w.store.FindPost("facebook", "s2"));
}

// Reach: engagers u1 (comment) and u2, u3 (shares; 1000 and unknown followers).
// The relation table shows f1, f2 following u2, f2 and f3 following u3, f4
// following member a1, and b1 (a takedown member elsewhere) following u2.
TEST(Impact, ReachBoundsByHand) {
  World w;
  for (const char* id : {"a1", "a2", "u1", "f1", "f2", "f3", "f4", "b1", "b2"}) w.Actor("facebook", id);
  w.Actor("facebook", "u2", 1000);
  w.Actor("facebook", "u3", -1);
  w.Post("facebook", "p", "a1", kStart);
  w.Post("facebook", "c", "u1", kStart + 1, PostType::kComment, "p");
  w.Post("facebook", "s2", "u2", kStart + 2, PostType::kShare, "p");
  w.Post("facebook", "s3", "u3", kStart + 3, PostType::kShare, "p");
  w.Follows("facebook", "f1", "u2");
  w.Follows("facebook", "f2", "u2");
  w.Follows("facebook", "f2", "u3");
  w.Follows("facebook", "f3", "u3");
  w.Follows("facebook", "f4", "a1");
  w.Follows("facebook", "b1", "u2");
  w.Follows("facebook", "a2", "a1");  // a member following a member is not audience
  w.store.Finalize();
  std::vector<Network> networks = {w.Net({{"facebook", "a1"}, {"facebook", "a2"}}, true),
                                   w.Net({{"facebook", "b1"}, {"facebook", "b2"}}, true)};
  AssessImpact(w.store, networks);
  const AuthenticReach& r = networks[0].impact.reach;
  EXPECT_EQ(r.engagers, 3u);
  EXPECT_EQ(r.amplifiers, 2u);
  EXPECT_EQ(r.amplifier_audience, 1000u);
  EXPECT_EQ(r.amplifiers_unknown_audience, 1u);
  EXPECT_EQ(r.observed_followers, 4u);  // f1, f2, f3, f4
  EXPECT_EQ(r.low, 7u);                 // u1, u2, u3, f1, f2, f3, f4
  // {u1, u2, u3, f4} + u2's 1000 declared + u3's 2 observed (no declared count).
  EXPECT_EQ(r.high, 4u + 1000u + 2u);
}

// An authentic account u (no declared follower count) shares a post of each
// of two networks A and B; f1 and f2 follow u (f2's follow recorded twice),
// and t, a member of a third takedown network C, follows u too. Each network
// sees the same two observed followers of u: counted for both, f2 once, t not.
TEST(Impact, AnAmplifierOfTwoNetworksBringsItsFollowersToBoth) {
  World w;
  for (const char* id : {"a1", "a2", "b1", "b2", "c1", "c2", "t", "f1", "f2"}) w.Actor("facebook", id);
  w.Actor("facebook", "u", -1);
  w.Post("facebook", "pa", "a1", kStart);
  w.Post("facebook", "pb", "b1", kStart);
  w.Post("facebook", "sa", "u", kStart + 1, PostType::kShare, "pa");
  w.Post("facebook", "sb", "u", kStart + 2, PostType::kShare, "pb");
  w.Follows("facebook", "f1", "u");
  w.Follows("facebook", "f2", "u");
  w.Follows("facebook", "f2", "u");
  w.Follows("facebook", "t", "u");
  w.store.Finalize();
  const std::vector<Network> built = {w.Net({{"facebook", "a1"}, {"facebook", "a2"}}, true),
                                      w.Net({{"facebook", "b1"}, {"facebook", "b2"}}, false),
                                      w.Net({{"facebook", "c1"}, {"facebook", "c2"}, {"facebook", "t"}}, true)};
  for (int threads : {1, 2}) {
    std::vector<Network> networks = built;
    ImpactConfig config;
    config.threads = threads;
    AssessImpact(w.store, networks, config);
    for (size_t n : {0, 1}) {
      const AuthenticReach& r = networks[n].impact.reach;
      EXPECT_EQ(r.engagers, 1u) << n;
      EXPECT_EQ(r.amplifiers, 1u) << n;
      EXPECT_EQ(r.amplifiers_unknown_audience, 1u) << n;
      EXPECT_EQ(r.observed_followers, 2u) << n;  // f1, f2
      EXPECT_EQ(r.low, 3u) << n;                 // u, f1, f2
      EXPECT_EQ(r.high, 1u + 2u) << n;           // u + its 2 observed followers
    }
    EXPECT_EQ(networks[2].impact.reach.engagers, 0u);
  }
}

// One network on facebook; authentic engagers vary per case.
struct BreakoutCase {
  std::string name;
  int category;
};

Network BreakoutNet(const World& w) { return w.Net({{"facebook", "a1"}, {"facebook", "a2"}}, true); }

World BreakoutBase() {
  World w;
  w.Actor("facebook", "a1");
  w.Actor("facebook", "a2");
  w.Actor("x", "a3");
  w.Post("facebook", "p", "a1", kStart);
  w.Post("x", "q", "a3", kStart);
  return w;
}

void Engagers(World& w, const std::string& platform, const std::string& lang, int n, const std::string& target,
              const std::string& target_platform) {
  for (int i = 0; i < n; ++i) {
    const std::string id = platform + lang + std::to_string(i);
    w.Actor(platform, id, 10, lang);
    w.Post(platform, "e" + id + target, id, kStart + 100 + i, PostType::kComment, target, "",
           target_platform == platform ? "" : target_platform);
  }
}

TEST(BreakoutScale, OnePlatformOneCommunityIsCategoryOne) {
  World w = BreakoutBase();
  Engagers(w, "facebook", "en", 6, "p", "facebook");
  w.store.Finalize();
  std::vector<Network> networks = {BreakoutNet(w)};
  AssessImpact(w.store, networks);
  EXPECT_EQ(networks[0].impact.breakout.category, 1);
  EXPECT_EQ(networks[0].impact.breakout.communities.size(), 1u);
}

TEST(BreakoutScale, OnePlatformTwoCommunitiesIsCategoryTwo) {
  World w = BreakoutBase();
  Engagers(w, "facebook", "en", 6, "p", "facebook");
  Engagers(w, "facebook", "fr", 5, "p", "facebook");
  Engagers(w, "facebook", "de", 4, "p", "facebook");  // too few to be a community
  w.store.Finalize();
  std::vector<Network> networks = {BreakoutNet(w)};
  AssessImpact(w.store, networks);
  const BreakoutAssessment& b = networks[0].impact.breakout;
  EXPECT_EQ(b.category, 2);
  ASSERT_EQ(b.communities.size(), 2u);
  EXPECT_EQ(b.communities[0], "en: 6 actors");
  EXPECT_EQ(b.communities[1], "fr: 5 actors");
}

TEST(BreakoutScale, TwoPlatformsTwoCommunitiesIsCategoryThree) {
  World w = BreakoutBase();
  Engagers(w, "facebook", "en", 6, "p", "facebook");
  Engagers(w, "x", "fr", 6, "q", "x");
  w.store.Finalize();
  std::vector<Network> networks = {w.Net({{"facebook", "a1"}, {"facebook", "a2"}, {"x", "a3"}}, true)};
  AssessImpact(w.store, networks);
  const BreakoutAssessment& b = networks[0].impact.breakout;
  EXPECT_EQ(b.category, 3);
  EXPECT_EQ(b.platforms, (std::vector<std::string>{"facebook", "x"}));
  EXPECT_EQ(b.breakout_platforms.size(), 2u);
}

TEST(BreakoutScale, LargePageSharingIsCategoryFourAndCelebrityIsFive) {
  World w = BreakoutBase();
  w.Actor("facebook", "daily-news", 60000, "en", "", ActorType::kPage);
  w.Post("facebook", "s1", "daily-news", kStart + 10, PostType::kShare, "p");
  w.Actor("facebook", "small-page", 40000, "en", "", ActorType::kPage);  // below the outlet size
  w.Post("facebook", "s2", "small-page", kStart + 10, PostType::kShare, "p");
  World v = BreakoutBase();
  v.Actor("facebook", "star", 250000, "en");
  v.Post("facebook", "s1", "star", kStart + 10, PostType::kShare, "p");
  v.Actor("facebook", "fan", 250000, "en");
  v.Post("facebook", "c1", "fan", kStart + 10, PostType::kComment, "p");  // commenting is not amplifying
  w.store.Finalize();
  v.store.Finalize();
  std::vector<Network> page_case = {BreakoutNet(w)}, star_case = {BreakoutNet(v)};
  AssessImpact(w.store, page_case);
  AssessImpact(v.store, star_case);
  EXPECT_EQ(page_case[0].impact.breakout.category, 4);
  EXPECT_EQ(star_case[0].impact.breakout.category, 5);
  const auto& reasons = star_case[0].impact.breakout.reasons;
  EXPECT_TRUE(std::any_of(reasons.begin(), reasons.end(), [](const std::string& r) {
    return r.find("facebook/star") != std::string::npos && r.find("250,000") != std::string::npos;
  }));
}

TEST(Narratives, CountsHashtagsLinksMentionsAndTermsByHand) {
  World w;
  for (const char* id : {"a1", "a2", "a3", "t", "other"}) w.Actor("facebook", id, 10, "en");
  const std::string text = "Xinjiang cotton harvest is wonderful";
  auto post = [&](const std::string& id, const std::string& actor, const std::vector<std::string>& tags,
                  const std::vector<std::string>& urls, const std::vector<std::string>& mentions,
                  const std::string& body) {
    PostRecord r;
    r.platform = "facebook";
    r.id = id;
    r.actor = actor;
    r.time = kStart;
    r.text = body;
    for (const auto& t : tags) r.hashtags.push_back(t);
    for (const auto& u : urls) r.urls.push_back(u);
    for (const auto& m : mentions) r.mentions.push_back(m);
    w.store.AddPost(r);
  };
  post("1", "a1", {"Xinjiang", "cotton"}, {"https://www.example.com/a?utm_source=x"}, {"@Critic"}, text);
  post("2", "a2", {"xinjiang"}, {"https://example.com/a", "https://news.test/b"}, {"critic"}, text);
  post("3", "a3", {"XINJIANG"}, {}, {}, text + " again");
  post("4", "other", {"xinjiang"}, {}, {}, "an outsider's text about the weather");
  post("5", "t", {}, {}, {}, "the critic's post");
  w.Post("facebook", "r1", "a1", kStart + 5, PostType::kReply, "5", "you are wrong about cotton");
  w.Post("facebook", "r2", "a2", kStart + 6, PostType::kReaction, "5");
  w.store.Finalize();
  std::vector<Network> networks = {w.Net({{"facebook", "a1"}, {"facebook", "a2"}, {"facebook", "a3"}}, true)};
  AssessImpact(w.store, networks);
  const Narratives& n = networks[0].impact.narratives;
  ASSERT_GE(n.hashtags.size(), 2u);
  EXPECT_EQ(n.hashtags[0].value, "xinjiang");  // case folded: 3 posts by 3 members
  EXPECT_EQ(n.hashtags[0].count, 3u);
  EXPECT_EQ(n.hashtags[0].actors, 3u);
  EXPECT_EQ(n.hashtags[1].value, "cotton");
  ASSERT_EQ(n.domains.size(), 2u);
  EXPECT_EQ(n.domains[0].value, "example.com");  // www. dropped, one post each for a1 and a2
  EXPECT_EQ(n.domains[0].count, 2u);
  ASSERT_EQ(n.urls.size(), 2u);
  EXPECT_EQ(n.urls[0].count, 2u);  // tracking parameter removed: the same URL twice
  ASSERT_EQ(n.mentions.size(), 1u);
  EXPECT_EQ(n.mentions[0].value, "critic");
  EXPECT_EQ(n.mentions[0].count, 2u);
  ASSERT_EQ(n.languages.size(), 1u);
  EXPECT_EQ(n.languages[0].value, "en");
  EXPECT_EQ(n.languages[0].count, 4u);  // three posts and one reply with text
  ASSERT_EQ(n.engaged_accounts.size(), 1u);
  EXPECT_EQ(n.engaged_accounts[0].first, w.Id("facebook", "t"));
  EXPECT_EQ(n.engaged_accounts[0].second, 2u);  // a reply and a reaction
  ASSERT_TRUE(n.terms.count("en"));
  const auto& terms = n.terms.at("en");
  const auto has = [&](const std::string& term) {
    return std::any_of(terms.begin(), terms.end(), [&](const CountedValue& v) { return v.value == term; });
  };
  EXPECT_TRUE(has("xinjiang"));
  EXPECT_TRUE(has("cotton"));    // in four texts of the network
  EXPECT_FALSE(has("again"));    // one post is not a theme
  EXPECT_FALSE(has("weather"));  // not the network's
}

TEST(KeyTermTokens, WordsBigramsAndNoLinksOrTags) {
  const auto tokens =
      KeyTermTokens("The TRUTH about Xinjiang: beautiful! https://x.com/a #tag @bob 新疆很美丽 ok 2023 it's");
  const std::vector<std::string> expected = {"beautiful", "truth", "xinjiang", "很美", "新疆", "疆很", "美丽"};
  EXPECT_EQ(tokens, expected);
  EXPECT_TRUE(KeyTermTokens("").empty());
  EXPECT_TRUE(KeyTermTokens("\xff\xfe broken").size() == 1u);  // invalid bytes separate, never crash
}

std::array<uint32_t, 24> HoursAround(int center_utc, int spread) {
  std::array<uint32_t, 24> hours{};
  for (int d = -spread; d <= spread; ++d) hours[static_cast<size_t>(((center_utc + d) % 24 + 24) % 24)] += 3;
  return hours;
}

TEST(InferUtcOffset, FromTheMeanActivityHour) {
  // Posts in UTC hours 3..11 have their mean at 07:30 UTC, which is 15:30 in UTC+8.
  EXPECT_EQ(InferUtcOffset(HoursAround(7, 4), 6, 0.25, 15.5), 8);
  EXPECT_EQ(InferUtcOffset(HoursAround(20, 4), 6, 0.25, 15.5), -5);  // 20:30 UTC is 15:30 in UTC-5
  EXPECT_EQ(InferUtcOffset(HoursAround(15, 4), 6, 0.25, 15.5), 0);
  EXPECT_EQ(InferUtcOffset(HoursAround(3, 4), 6, 0.25, 15.5), 12);
  EXPECT_EQ(InferUtcOffset(HoursAround(7, 4), 6, 0.25, 14.5), 7);  // an earlier local mean means a smaller offset
  std::array<uint32_t, 24> flat{};
  flat.fill(5);
  EXPECT_EQ(InferUtcOffset(flat, 6, 0.25), kNoOffset);               // no daily rhythm
  EXPECT_EQ(InferUtcOffset(HoursAround(7, 0), 6, 0.25), kNoOffset);  // three posts are too few
}

TEST(Impact, AudienceProfileOfAuthenticEngagers) {
  World w;
  w.Actor("facebook", "a1");
  w.Actor("facebook", "a2");
  w.Actor("facebook", "u1", 10, "zh", "Taipei");
  w.Actor("facebook", "u2", 10, "zh", "Taipei");
  w.Actor("facebook", "u3", 10, "", "Lagos");
  w.Post("facebook", "p", "a1", kStart);
  w.Post("facebook", "c1", "u1", kStart + 1, PostType::kComment, "p");
  w.Post("facebook", "c2", "u2", kStart + 2, PostType::kComment, "p");
  w.Post("facebook", "c3", "u3", kStart + 3, PostType::kComment, "p");
  for (int d = 0; d < 9; ++d) {  // u1 posts at 06:00 UTC, 14:00 in UTC+8
    w.Post("facebook", "u1p" + std::to_string(d), "u1", kStart + d * kDay + 6 * 3600);
  }
  w.store.Finalize();
  std::vector<Network> networks = {w.Net({{"facebook", "a1"}, {"facebook", "a2"}}, true)};
  AssessImpact(w.store, networks);
  const AudienceProfile& a = networks[0].impact.audience;
  EXPECT_EQ(a.engagers, 3u);
  ASSERT_EQ(a.locations.size(), 2u);
  EXPECT_EQ(a.locations[0].value, "Taipei");
  EXPECT_EQ(a.locations[0].count, 2u);
  ASSERT_EQ(a.languages.size(), 1u);  // u3 declares none and its comment has none
  EXPECT_EQ(a.languages[0].value, "zh");
  ASSERT_EQ(a.time_zones.size(), 1u);
  EXPECT_EQ(a.time_zones[0].value, "UTC+8");
  EXPECT_EQ(a.with_time_zone, 1u);
}

}  // namespace
}  // namespace unmask
