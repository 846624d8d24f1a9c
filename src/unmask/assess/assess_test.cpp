#include "unmask/assess/assess.hpp"

#include <gtest/gtest.h>

#include <list>
#include <string>
#include <tuple>

namespace unmask {
namespace {

class WorldBuilder {
 public:
  void Actor(const std::string& id, Time created, int64_t followers = 10, ActorType type = ActorType::kAccount,
             const std::string& infra = "") {
    ActorRecord r;
    r.platform = "facebook";
    r.id = Keep(id);
    r.created = created;
    r.followers = followers;
    r.type = type;
    if (!infra.empty()) r.infra.push_back(Keep(infra));
    store.SetActor(r);
  }
  void Post(const std::string& id, const std::string& actor, Time t, PostType type = PostType::kPost,
            const std::string& parent = "", const std::string& text = "") {
    PostRecord r;
    r.platform = "facebook";
    r.id = Keep(id);
    r.actor = Keep(actor);
    r.time = t;
    r.type = type;
    r.parent = Keep(parent);
    r.text = Keep(text);
    store.AddPost(r);
  }
  // A post by `actor` in page or group `in`.
  void PostIn(const std::string& id, const std::string& actor, const std::string& in, Time t) {
    PostRecord r;
    r.platform = "facebook";
    r.id = Keep(id);
    r.actor = Keep(actor);
    r.in = Keep(in);
    r.time = t;
    store.AddPost(r);
  }
  void Relate(const std::string& from, const std::string& to, const std::string& type) {
    RelationRecord r;
    r.platform = "facebook";
    r.from = Keep(from);
    r.to = Keep(to);
    r.type_name = Keep(type);
    store.AddRelation(r);
  }
  ActorId Id(const std::string& id) const { return store.FindActor("facebook", id); }
  Store store;

 private:
  std::string_view Keep(const std::string& s) { return *kept_.insert(kept_.end(), s); }
  std::list<std::string> kept_;
};

constexpr Time kDay = 86400;
constexpr Time kStart = 1680000000;

TEST(EchoChamber, CountsByHandOnASmallWorld) {
  WorldBuilder w;
  for (const char* id : {"a", "b", "c", "x", "y"}) w.Actor(id, kStart - 1000 * kDay);
  w.Post("pa", "a", kStart);
  w.Post("pb", "b", kStart);
  // 6 engagements by members (b and c on a's post, a and c on b's), 1 self, 2 by x, 1 by y share.
  w.Post("1", "b", kStart + 10, PostType::kComment, "pa");
  w.Post("2", "c", kStart + 10, PostType::kReaction, "pa");
  w.Post("3", "c", kStart + 10, PostType::kShare, "pa");
  w.Post("4", "a", kStart + 10, PostType::kComment, "pb");
  w.Post("5", "c", kStart + 10, PostType::kComment, "pb");
  w.Post("6", "c", kStart + 10, PostType::kReaction, "pb");
  w.Post("7", "a", kStart + 10, PostType::kComment, "pa");  // self: not an engagement
  w.Post("8", "x", kStart + 10, PostType::kComment, "pa");
  w.Post("9", "x", kStart + 10, PostType::kReaction, "pb");
  w.Post("10", "y", kStart + 10, PostType::kShare, "pb");
  w.store.Finalize();
  std::vector<Network> networks(1);
  networks[0].members = {w.Id("a"), w.Id("b"), w.Id("c")};
  std::sort(networks[0].members.begin(), networks[0].members.end());
  AssessNetworks(w.store, networks, AssessConfig{});
  const EchoChamber& echo = networks[0].echo;
  EXPECT_EQ(echo.engagements, 9u);
  EXPECT_EQ(echo.internal, 6u);
  EXPECT_EQ(echo.authentic, 3u);
  EXPECT_EQ(echo.authentic_engagers, 2u);
  EXPECT_DOUBLE_EQ(echo.InternalShare(), 6.0 / 9.0);
  ASSERT_EQ(networks[0].amplifiers.size(), 1u);  // y shared; x only commented and reacted
  EXPECT_EQ(networks[0].amplifiers[0].actor, w.Id("y"));
}

TEST(Verdict, BatchCreatedCopyPastersInTheirOwnEchoChamberAreTakenDown) {
  WorldBuilder w;
  const std::string slogan = "Xinjiang is beautiful and the western media lies about it every day";
  std::vector<Network> networks(2);
  for (int i = 0; i < 8; ++i) {
    const std::string fake = "fake" + std::to_string(i);
    w.Actor(fake, kStart - 20 * kDay + i * 3600);
    const std::string fan = "fan" + std::to_string(i);
    w.Actor(fan, kStart - (400 + 200 * i) * kDay);
    for (int k = 0; k < 5; ++k) {
      const std::string post = fake + "-p" + std::to_string(k);
      w.Post(post, fake, kStart + k * kDay, PostType::kPost, "", slogan + " " + std::to_string(k));
      for (int j = 0; j < 8; ++j) {
        if (j != i) w.Post(post + "-c" + std::to_string(j), "fake" + std::to_string(j), kStart + k * kDay + 60,
                           PostType::kComment, post, "so true");
      }
      w.Post(fan + "-p" + std::to_string(k), fan, kStart + k * kDay, PostType::kPost, "",
             "my own thoughts number " + std::to_string(k) + " from " + fan + " about the concert last night");
    }
  }
  // The population the fingerprints are measured against: people of all ages.
  for (int i = 0; i < 300; ++i) {
    const std::string person = "person" + std::to_string(i);
    w.Actor(person, kStart - (30 + 7 * i) * kDay);
    w.Post(person + "-p", person, kStart + i * 600, PostType::kPost, "", "hello from " + person);
  }
  w.store.Finalize();
  for (int i = 0; i < 8; ++i) {
    networks[0].members.push_back(w.Id("fake" + std::to_string(i)));
    networks[1].members.push_back(w.Id("fan" + std::to_string(i)));
  }
  for (Network& n : networks) std::sort(n.members.begin(), n.members.end());
  std::vector<Network> in_parallel = networks;
  AssessNetworks(w.store, networks, AssessConfig{});
  // Two threads (networks and null-model shuffles in parallel): the same verdicts and tests.
  AssessConfig two;
  two.threads = 2;
  AssessNetworks(w.store, in_parallel, two);
  ASSERT_EQ(in_parallel.size(), networks.size());
  for (size_t n = 0; n < networks.size(); ++n) {
    EXPECT_EQ(in_parallel[n].members, networks[n].members);
    EXPECT_EQ(in_parallel[n].verdict.reasons, networks[n].verdict.reasons);
    EXPECT_EQ(in_parallel[n].coordination_test.observed, networks[n].coordination_test.observed);
    EXPECT_EQ(in_parallel[n].coordination_test.expected, networks[n].coordination_test.expected);
  }
  // Ordered most severe first: the fakes.
  ASSERT_TRUE(networks[0].verdict.takedown);
  EXPECT_EQ(networks[0].members.front(), w.Id("fake0"));
  EXPECT_FALSE(networks[1].verdict.takedown);
  int fired = 0;
  for (const Indicator& ind : networks[0].indicators) fired += ind.fired;
  EXPECT_EQ(fired, 4);
  EXPECT_DOUBLE_EQ(networks[0].echo.InternalShare(), 1.0);
  EXPECT_FALSE(networks[0].verdict.reasons.empty());
}

// The fakes of the test above, inside a community of 120 people whose
// coordination graph is a loose ring (as a viral crowd's community can
// swallow an operation that engages with it): the community as a whole is no
// takedown, the fakes found inside it are, and none of the people is taken
// down, not even the two whose single weak tie reaches the fakes.
TEST(Verdict, AnOperationInsideALargeCommunityIsSplitOffAndTakenDown) {
  WorldBuilder w;
  const std::string slogan = "Xinjiang is beautiful and the western media lies about it every day";
  for (int i = 0; i < 8; ++i) {
    const std::string fake = "fake" + std::to_string(i);
    w.Actor(fake, kStart - 20 * kDay + i * 3600);
    for (int k = 0; k < 5; ++k) {
      const std::string post = fake + "-p" + std::to_string(k);
      w.Post(post, fake, kStart + k * kDay, PostType::kPost, "", slogan + " " + std::to_string(k));
      for (int j = 0; j < 8; ++j) {
        if (j != i) w.Post(post + "-c" + std::to_string(j), "fake" + std::to_string(j), kStart + k * kDay + 60,
                           PostType::kComment, post, "so true");
      }
    }
  }
  for (int i = 0; i < 300; ++i) {
    const std::string person = "person" + std::to_string(i);
    w.Actor(person, kStart - (30 + 7 * i) * kDay);
    w.Post(person + "-p", person, kStart + i * 600, PostType::kPost, "", "hello from " + person);
  }
  w.store.Finalize();
  CoActionResult co_action;
  CoordinationGraph graph;
  auto tie = [&](ActorId a, ActorId b, float weight) {
    if (a > b) std::swap(a, b);
    graph.edges.push_back({a, b, weight, 3, 0.1, 1e-6, static_cast<uint32_t>(co_action.pairs.size())});
    co_action.pairs.push_back({a, b});
  };
  std::vector<ActorId> members;
  for (int i = 0; i < 8; ++i) {
    members.push_back(w.Id("fake" + std::to_string(i)));
    for (int j = i + 1; j < 8; ++j) tie(w.Id("fake" + std::to_string(i)), w.Id("fake" + std::to_string(j)), 5);
  }
  for (int i = 0; i < 120; ++i) {
    members.push_back(w.Id("person" + std::to_string(i)));
    tie(w.Id("person" + std::to_string(i)), w.Id("person" + std::to_string((i + 1) % 120)), 2);
  }
  tie(w.Id("person0"), w.Id("fake0"), 1);
  tie(w.Id("person60"), w.Id("fake4"), 1);
  std::sort(graph.edges.begin(), graph.edges.end(),
            [](const CoordinationEdge& x, const CoordinationEdge& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
  std::sort(members.begin(), members.end());
  std::vector<Network> unsearched(1);
  unsearched[0].members = members;
  AssessConfig config;
  config.inner_min_members = members.size() + 1;
  AssessNetworks(w.store, &co_action, &graph, unsearched, config);
  for (const Network& net : unsearched) EXPECT_FALSE(net.verdict.takedown) << "the community as a whole";
  std::vector<Network> networks(1);
  networks[0].members = members;
  AssessNetworks(w.store, &co_action, &graph, networks, AssessConfig{});
  std::vector<ActorId> fakes, taken;
  for (int i = 0; i < 8; ++i) fakes.push_back(w.Id("fake" + std::to_string(i)));
  std::sort(fakes.begin(), fakes.end());
  for (const Network& net : networks) {
    if (net.verdict.takedown) taken.insert(taken.end(), net.members.begin(), net.members.end());
  }
  std::sort(taken.begin(), taken.end());
  EXPECT_EQ(taken, fakes);
}

// Eight fakes ("fake0".."fake7", made by `make_actor(id, i)`), each posting
// the slogan on five days, every other commenting on it within a minute.
template <typename MakeActor>
void AddCommentingFakes(WorldBuilder& w, MakeActor make_actor) {
  const std::string slogan = "Xinjiang is beautiful and the western media lies about it every day";
  for (int i = 0; i < 8; ++i) {
    const std::string fake = "fake" + std::to_string(i);
    make_actor(fake, i);
    for (int k = 0; k < 5; ++k) {
      const std::string post = fake + "-p" + std::to_string(k);
      w.Post(post, fake, kStart + k * kDay, PostType::kPost, "", slogan + " " + std::to_string(k));
      for (int j = 0; j < 8; ++j) {
        if (j != i) w.Post(post + "-c" + std::to_string(j), "fake" + std::to_string(j), kStart + k * kDay + 60,
                           PostType::kComment, post, "so true");
      }
    }
  }
}

// The population: 300 people of all ages with devices of their own.
void AddPeopleWithOwnDevices(WorldBuilder& w) {
  for (int i = 0; i < 300; ++i) {
    const std::string person = "person" + std::to_string(i);
    w.Actor(person, kStart - (300 + 7 * i) * kDay, 10, ActorType::kAccount, "dev:own" + std::to_string(i));
    w.Post(person + "-p", person, kStart + i * 600, PostType::kPost, "", "hello from " + person);
  }
}

// Pairs tied by one object of one signal, and the graph edges of those with
// a weight, as co-action and the graph would hand them to the verdict.
struct HandMadeTies {
  CoActionResult co_action;
  CoordinationGraph graph;
  void Add(ActorId a, ActorId b, float weight, Signal signal) {
    if (a > b) std::swap(a, b);
    PairTies pair{a, b};
    pair.by_signal[static_cast<int>(signal)].objects = 1;
    if (weight > 0) graph.edges.push_back({a, b, weight, 3, 0.1, 1e-6, static_cast<uint32_t>(co_action.pairs.size())});
    co_action.pairs.push_back(pair);
  }
  void SortEdges() {
    std::sort(graph.edges.begin(), graph.edges.end(), [](const CoordinationEdge& x, const CoordinationEdge& y) {
      return std::tie(x.a, x.b) < std::tie(y.a, y.b);
    });
  }
};

// Eight fakes on shared phones, and two young accounts tied to them by one
// weak edge each: the cousin uses one of the fakes' phones, the neighbour
// shares only its home address with somebody outside. On the network's
// edge, a member stays on its own evidence: the cousin does, the neighbour
// (whose shared fingerprint leads outside the network) does not.
TEST(Verdict, MembersOnTheEdgeStayOnlyOnTheirOwnEvidence) {
  WorldBuilder w;
  AddCommentingFakes(w, [&](const std::string& fake, int i) {
    w.Actor(fake, kStart - 20 * kDay + i * 3600, 10, ActorType::kAccount, "dev:phone" + std::to_string(i % 2));
  });
  w.Actor("cousin", kStart - 25 * kDay, 10, ActorType::kAccount, "dev:phone0");
  w.Actor("neighbour", kStart - 25 * kDay, 10, ActorType::kAccount, "ip:home");
  w.Actor("flatmate", kStart - 900 * kDay, 10, ActorType::kAccount, "ip:home");
  for (const char* who : {"cousin", "neighbour"}) {
    w.Post(std::string(who) + "-c", who, kStart + 120, PostType::kComment, "fake0-p0", "interesting");
  }
  AddPeopleWithOwnDevices(w);
  w.store.Finalize();
  HandMadeTies ties;
  auto tie = [&](ActorId a, ActorId b, float weight, Signal signal) { ties.Add(a, b, weight, signal); };
  std::vector<ActorId> members = {w.Id("cousin"), w.Id("neighbour")};
  for (int i = 0; i < 8; ++i) {
    members.push_back(w.Id("fake" + std::to_string(i)));
    for (int j = i + 1; j < 8; ++j) {
      tie(w.Id("fake" + std::to_string(i)), w.Id("fake" + std::to_string(j)), 5, Signal::kCoEngage);
    }
  }
  tie(w.Id("cousin"), w.Id("fake1"), 1, Signal::kCoEngage);
  tie(w.Id("neighbour"), w.Id("fake2"), 1, Signal::kCoEngage);
  for (int i = 0; i < 8; i += 2) tie(w.Id("cousin"), w.Id("fake" + std::to_string(i)), 0, Signal::kSameInfra);
  tie(w.Id("neighbour"), w.Id("flatmate"), 0, Signal::kSameInfra);
  ties.SortEdges();
  std::sort(members.begin(), members.end());
  std::vector<Network> networks(1);
  networks[0].members = members;
  AssessNetworks(w.store, &ties.co_action, &ties.graph, networks, AssessConfig{});
  ASSERT_TRUE(networks[0].verdict.takedown);
  EXPECT_TRUE(std::binary_search(networks[0].members.begin(), networks[0].members.end(), w.Id("cousin")));
  EXPECT_TRUE(std::binary_search(networks[0].members.begin(), networks[0].members.end(), w.Id("fake2")));
  EXPECT_FALSE(std::binary_search(networks[0].members.begin(), networks[0].members.end(), w.Id("neighbour")));
  EXPECT_NE(std::find(networks[0].cleared.begin(), networks[0].cleared.end(), w.Id("neighbour")),
            networks[0].cleared.end());
  // Without the graph nobody is on an edge: the network's share carries the neighbour.
  std::vector<Network> without(1);
  without[0].members = members;
  AssessNetworks(w.store, without, AssessConfig{});
  ASSERT_TRUE(without[0].verdict.takedown);
  EXPECT_TRUE(std::binary_search(without[0].members.begin(), without[0].members.end(), w.Id("neighbour")));
}

// Eight fakes on shared phones (half of them young), and a lodger tied to
// them as strongly as they are to each other, whose address is shared only
// with a flatmate in no network at all (as a stock photo is shared with a
// stranger). The lodger's shared address is no tie to the operation: with
// nothing else of the fakes' about it, it is cleared; the fakes stay.
TEST(Verdict, AFingerprintSharedOnlyWithAStrangerIsNoTieToTheOperation) {
  WorldBuilder w;
  AddCommentingFakes(w, [&](const std::string& fake, int i) {
    const Time created = i % 2 == 0 ? kStart - 20 * kDay + i * 3600 : kStart - (800 + 90 * i) * kDay;
    w.Actor(fake, created, 10, ActorType::kAccount, "dev:phone" + std::to_string(i % 4));
  });
  w.Actor("lodger", kStart - 900 * kDay, 10, ActorType::kAccount, "ip:home");
  w.Actor("flatmate", kStart - 700 * kDay, 10, ActorType::kAccount, "ip:home");
  for (int k = 0; k < 5; ++k) {
    w.Post("lodger-c" + std::to_string(k), "lodger", kStart + k * kDay + 90, PostType::kComment,
           "fake0-p" + std::to_string(k), "interesting");
  }
  AddPeopleWithOwnDevices(w);
  w.store.Finalize();
  HandMadeTies ties;
  auto tie = [&](ActorId a, ActorId b, float weight, Signal signal) { ties.Add(a, b, weight, signal); };
  std::vector<ActorId> members = {w.Id("lodger")};
  for (int i = 0; i < 8; ++i) {
    members.push_back(w.Id("fake" + std::to_string(i)));
    for (int j = i + 1; j < 8; ++j) {
      tie(w.Id("fake" + std::to_string(i)), w.Id("fake" + std::to_string(j)), 5, Signal::kCoEngage);
      if (i % 4 == j % 4) tie(w.Id("fake" + std::to_string(i)), w.Id("fake" + std::to_string(j)), 0, Signal::kSameInfra);
    }
    tie(w.Id("lodger"), w.Id("fake" + std::to_string(i)), 5, Signal::kCoEngage);
  }
  tie(w.Id("lodger"), w.Id("flatmate"), 0, Signal::kSameInfra);
  ties.SortEdges();
  std::sort(members.begin(), members.end());
  std::vector<Network> networks(1);
  networks[0].members = members;
  AssessNetworks(w.store, &ties.co_action, &ties.graph, networks, AssessConfig{});
  ASSERT_TRUE(networks[0].verdict.takedown);
  for (int i = 0; i < 8; ++i) {
    EXPECT_TRUE(std::binary_search(networks[0].members.begin(), networks[0].members.end(),
                                   w.Id("fake" + std::to_string(i))))
        << i;
  }
  EXPECT_FALSE(std::binary_search(networks[0].members.begin(), networks[0].members.end(), w.Id("lodger")));
  EXPECT_NE(std::find(networks[0].cleared.begin(), networks[0].cleared.end(), w.Id("lodger")),
            networks[0].cleared.end());
}

TEST(Networks, PagesJoinThroughTheirAdminsAndPosters) {
  WorldBuilder w;
  w.Actor("page", kStart, 100, ActorType::kPage);
  w.Actor("group", kStart, 100, ActorType::kGroup);
  w.Actor("mixed", kStart, 100, ActorType::kGroup);
  for (const char* id : {"a", "b", "c", "d", "outsider"}) w.Actor(id, kStart);
  w.Relate("a", "page", "admin");
  for (const char* id : {"a", "b", "c"}) w.PostIn(std::string("g-") + id, id, "group", kStart);
  // only one network member posts in "mixed"
  for (const char* id : {"a", "outsider", "d"}) w.PostIn(std::string("m-") + id, id, "mixed", kStart);
  w.store.Finalize();
  std::vector<std::vector<ActorId>> communities = {{w.Id("a"), w.Id("b"), w.Id("c")}};
  std::sort(communities[0].begin(), communities[0].end());
  const auto networks = BuildNetworks(w.store, CoActionResult{}, CoordinationGraph{}, communities);
  ASSERT_EQ(networks.size(), 1u);
  std::vector<ActorId> expected = {w.Id("page"), w.Id("group")};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(networks[0].attached, expected);
  EXPECT_EQ(networks[0].members.size(), 5u);
}

// A business page that a farm floods with posts but that someone outside runs
// stays out; a page attached through its admin is released when the verdict
// clears that admin from the network.
TEST(Networks, PagesRunFromOutsideStayOutAndClearedAdminsReleaseTheirPages) {
  WorldBuilder w;
  w.Actor("shop", kStart, 100, ActorType::kPage);
  w.Actor("owned", kStart, 100, ActorType::kPage);
  for (const char* id : {"a", "b", "c", "owner", "admin"}) w.Actor(id, kStart);
  w.Relate("owner", "shop", "admin");
  w.Relate("admin", "owned", "admin");
  for (const char* id : {"a", "b", "c"}) w.PostIn(std::string("s-") + id, id, "shop", kStart);
  w.store.Finalize();
  std::vector<std::vector<ActorId>> communities = {{w.Id("a"), w.Id("b"), w.Id("c"), w.Id("admin")}};
  std::sort(communities[0].begin(), communities[0].end());
  auto networks = BuildNetworks(w.store, CoActionResult{}, CoordinationGraph{}, communities);
  ASSERT_EQ(networks.size(), 1u);
  EXPECT_EQ(networks[0].attached, std::vector<ActorId>{w.Id("owned")}) << "the shop is run by its owner";

  ReleaseUnsupported(w.store, CoActionResult{}, MembershipConfig{}, networks);
  EXPECT_EQ(networks[0].attached, std::vector<ActorId>{w.Id("owned")}) << "its admin is still a member";

  std::erase(networks[0].members, w.Id("admin"));  // what ClearAudience does
  networks[0].cleared.push_back(w.Id("admin"));
  ReleaseUnsupported(w.store, CoActionResult{}, MembershipConfig{}, networks);
  EXPECT_TRUE(networks[0].attached.empty());
  EXPECT_EQ(std::count(networks[0].members.begin(), networks[0].members.end(), w.Id("owned")), 0);
  EXPECT_EQ(std::count(networks[0].cleared.begin(), networks[0].cleared.end(), w.Id("owned")), 1);
}

}  // namespace
}  // namespace unmask

namespace unmask {
namespace {

// Sleepers: an account that never posts joins through a picture and an IP it
// shares with members; one created in the batch hour with no other tie stays out.
TEST(Networks, QuietActorsJoinOnlyOnIdentityEvidence) {
  WorldBuilder w;
  std::vector<ActorId> crew;
  auto profile = [&](const std::string& id, Time created, const std::string& avatar, std::vector<std::string> infra) {
    ActorRecord r;
    r.platform = "facebook";
    r.id = id;
    r.created = created;
    r.avatar = avatar;
    for (const std::string& v : infra) r.infra.push_back(v);
    w.store.SetActor(r);
  };
  for (int i = 0; i < 12; ++i) {
    const std::string id = "crew" + std::to_string(i);
    profile(id, kStart + i * 60, i < 6 ? "img-A" : "img-B", {i < 6 ? "ip:1" : "ip:2"});
    w.Post("p" + std::to_string(i), id, kStart + kDay);
  }
  profile("sleeper", kStart + 30, "img-A", {"ip:2"});             // shares with both halves
  profile("newcomer", kStart + 90, "own-picture", {"ip:home"});   // same hour, nothing else
  for (int i = 0; i < 200; ++i) {
    profile("bg" + std::to_string(i), kStart - (i + 1) * 30 * kDay, "own-" + std::to_string(i), {});
  }
  w.store.Finalize();
  std::vector<std::vector<ActorId>> communities(1);
  for (int i = 0; i < 12; ++i) communities[0].push_back(w.Id("crew" + std::to_string(i)));
  std::sort(communities[0].begin(), communities[0].end());
  SignalConfig signals;
  const CoActionResult co = ComputeCoAction(w.store, signals);
  MembershipConfig config;
  config.signals = signals;
  const auto networks = BuildNetworks(w.store, co, CoordinationGraph{}, communities, config);
  ASSERT_EQ(networks.size(), 1u);
  EXPECT_EQ(networks[0].joined, std::vector<ActorId>{w.Id("sleeper")});
  EXPECT_EQ(networks[0].members.size(), 13u);
}

// Groups nobody posts in: one whose listed members are the network's joins
// it, one run by a sleeper joins once the sleeper has joined, and one its
// owner runs from outside stays out however many members fill it.
TEST(Networks, GroupsJoinThroughTheirListedMembersAndTheSleepersThatRunThem) {
  WorldBuilder w;
  auto profile = [&](const std::string& id, Time created, const std::string& avatar, std::vector<std::string> infra,
                     ActorType type = ActorType::kAccount) {
    ActorRecord r;
    r.platform = "facebook";
    r.id = id;
    r.type = type;
    r.created = created;
    r.avatar = avatar;
    for (const std::string& v : infra) r.infra.push_back(v);
    w.store.SetActor(r);
  };
  for (int i = 0; i < 12; ++i) {
    const std::string id = "crew" + std::to_string(i);
    profile(id, kStart + i * 60, i < 6 ? "img-A" : "img-B", {i < 6 ? "ip:1" : "ip:2"});
    w.Post("p" + std::to_string(i), id, kStart + kDay);
  }
  profile("sleeper", kStart + 30, "img-A", {"ip:2"});
  profile("owner", kStart - 900 * kDay, "own-owner", {});
  for (const char* group : {"filled", "sleepers", "owned"}) profile(group, kStart, "", {}, ActorType::kGroup);
  for (int i = 0; i < 200; ++i) {
    profile("bg" + std::to_string(i), kStart - (i + 1) * 30 * kDay, "own-" + std::to_string(i), {});
  }
  for (int i = 0; i < 5; ++i) {
    w.Relate("crew" + std::to_string(i), "filled", "member");
    w.Relate("crew" + std::to_string(i), "owned", "member");
  }
  w.Relate("bg0", "filled", "member");
  w.Relate("sleeper", "sleepers", "admin");
  w.Relate("owner", "owned", "admin");
  w.store.Finalize();
  std::vector<std::vector<ActorId>> communities(1);
  for (int i = 0; i < 12; ++i) communities[0].push_back(w.Id("crew" + std::to_string(i)));
  std::sort(communities[0].begin(), communities[0].end());
  SignalConfig signals;
  const CoActionResult co = ComputeCoAction(w.store, signals);
  MembershipConfig config;
  config.signals = signals;
  const auto networks = BuildNetworks(w.store, co, CoordinationGraph{}, communities, config);
  ASSERT_EQ(networks.size(), 1u);
  EXPECT_EQ(networks[0].joined, std::vector<ActorId>{w.Id("sleeper")});
  std::vector<ActorId> groups = {w.Id("filled"), w.Id("sleepers")};
  std::sort(groups.begin(), groups.end());
  EXPECT_EQ(networks[0].attached, groups);
  EXPECT_EQ(networks[0].members.size(), 15u);
}

TEST(Networks, AnAccountThatEngagesMostlyWithTheNetworkJoinsAReaderDoesNot) {
  WorldBuilder w;
  for (int i = 0; i < 5; ++i) {
    w.Post("m" + std::to_string(i), "member" + std::to_string(i), kStart + i);
  }
  for (int i = 0; i < 50; ++i) w.Post("o" + std::to_string(i), "other" + std::to_string(i), kStart + i);
  for (int i = 0; i < 10; ++i) {  // the echo: 10 of 10 engagements go to the network
    w.Post("e" + std::to_string(i), "echo", kStart + 100 + i, PostType::kComment, "m" + std::to_string(i % 5));
  }
  for (int i = 0; i < 3; ++i) {  // a reader: 3 of 30 engagements
    w.Post("r" + std::to_string(i), "reader", kStart + 100 + i, PostType::kReaction, "m" + std::to_string(i));
  }
  for (int i = 0; i < 27; ++i) {
    w.Post("ro" + std::to_string(i), "reader", kStart + 200 + i, PostType::kReaction, "o" + std::to_string(i));
  }
  w.store.Finalize();
  std::vector<std::vector<ActorId>> communities(1);
  for (int i = 0; i < 5; ++i) communities[0].push_back(w.Id("member" + std::to_string(i)));
  std::sort(communities[0].begin(), communities[0].end());
  const auto networks = BuildNetworks(w.store, CoActionResult{}, CoordinationGraph{}, communities);
  EXPECT_TRUE(networks[0].joined.empty());
  EXPECT_EQ(networks[0].engaged, std::vector<ActorId>{w.Id("echo")});
}

TEST(Networks, AQuietAccountThatFollowsMostlyTheNetworkJoinsAFollowerAmongManyDoesNot) {
  WorldBuilder w;
  for (int i = 0; i < 5; ++i) w.Post("m" + std::to_string(i), "member" + std::to_string(i), kStart + i);
  for (int i = 0; i < 50; ++i) w.Post("o" + std::to_string(i), "other" + std::to_string(i), kStart + i);
  for (int i = 0; i < 200; ++i) {  // the population follows itself
    w.Relate("other" + std::to_string(i % 50), "other" + std::to_string((i + 7) % 50), "follows");
  }
  for (int i = 0; i < 5; ++i) w.Relate("sleeper", "member" + std::to_string(i), "follows");  // 5 of 6 into the network
  w.Relate("sleeper", "other1", "follows");
  for (int i = 0; i < 3; ++i) w.Relate("fan", "member" + std::to_string(i), "follows");  // 3 of 23
  for (int i = 0; i < 20; ++i) w.Relate("fan", "other" + std::to_string(20 + i), "follows");
  w.store.Finalize();
  std::vector<std::vector<ActorId>> communities(1);
  for (int i = 0; i < 5; ++i) communities[0].push_back(w.Id("member" + std::to_string(i)));
  std::sort(communities[0].begin(), communities[0].end());
  const auto networks = BuildNetworks(w.store, CoActionResult{}, CoordinationGraph{}, communities);
  EXPECT_TRUE(networks[0].joined.empty());
  EXPECT_EQ(networks[0].engaged, std::vector<ActorId>{w.Id("sleeper")});
}

}  // namespace
}  // namespace unmask
