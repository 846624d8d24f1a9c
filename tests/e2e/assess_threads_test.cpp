// The assessment's parts that run on several threads, or visit only some
// actors' posts, give what one thread visiting every post gives: on the store
// of a simulated world, piece by piece (tests/e2e/threads_test.cpp compares
// whole scans).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <tuple>

#include <unistd.h>

#include "unmask/assess/coordination_test.hpp"
#include "unmask/assess/fingerprints.hpp"
#include "unmask/assess/indicators.hpp"
#include "unmask/assess/member_events.hpp"
#include "unmask/assess/network.hpp"
#include "unmask/ingest/ingest.hpp"
#include "unmask/ingest/quarantine.hpp"
#include "unmask/sim/world.hpp"

namespace unmask {
namespace {

namespace fs = std::filesystem;

class AssessThreads : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("unmask-assess-threads-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    const std::string world = (dir_ / "world.jsonl").string();
    sim::SimConfig sim;
    sim.seed = 5;
    ASSERT_TRUE(sim::WriteWorld(sim, world, (dir_ / "truth.json").string(), {}).ok());
    store_ = new Store();
    Quarantine quarantine;
    IngestOptions options;
    options.show_progress = false;
    const std::vector<std::string> inputs{world};
    ASSERT_TRUE(IngestFiles(inputs, *store_, quarantine, options).ok());
    store_->Finalize();
  }
  static void TearDownTestSuite() {
    delete store_;
    store_ = nullptr;
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  // Every third actor with posts, in five networks by id.
  static std::vector<uint32_t> SomeNetworks() {
    std::vector<uint32_t> network_of(store_->actors().size(), kNone);
    for (ActorId a = 0; a < network_of.size(); a += 3) {
      if (!store_->PostsOf(a).empty()) network_of[a] = a % 5;
    }
    return network_of;
  }
  static inline fs::path dir_;
  static inline Store* store_ = nullptr;
};

auto Fields(const Event& e) { return std::tuple(e.object, e.time, e.post, e.actor); }

TEST_F(AssessThreads, EventsOfSomeActorsAreTheWholeExtractionsEventsOfThem) {
  const Store& store = *store_;
  ASSERT_GT(store.posts().size(), 10000u);
  const std::vector<uint32_t> network_of = SomeNetworks();
  std::vector<ActorId> actors;
  for (ActorId a = 0; a < network_of.size(); ++a) {
    if (network_of[a] != kNone) actors.push_back(a);
  }
  const auto by_fields = [](const Event& x, const Event& y) { return Fields(x) < Fields(y); };
  for (Signal signal : {Signal::kCoEngage, Signal::kSameUrl, Signal::kSameText, Signal::kSameHashtags}) {
    std::vector<Event> whole = ExtractEvents(store, signal, SignalConfig{});
    std::erase_if(whole, [&](const Event& e) { return network_of[e.actor] == kNone; });
    std::vector<Event> some = ExtractEventsOf(store, signal, SignalConfig{}, actors);
    ASSERT_FALSE(whole.empty()) << Name(signal);
    ASSERT_EQ(whole.size(), some.size()) << Name(signal);
    std::sort(whole.begin(), whole.end(), by_fields);
    std::sort(some.begin(), some.end(), by_fields);
    for (size_t i = 0; i < whole.size(); ++i) ASSERT_EQ(Fields(whole[i]), Fields(some[i])) << Name(signal) << " " << i;
  }
}

TEST_F(AssessThreads, FingerprintsAreTheSameOnOneAndThreeThreads) {
  const Fingerprints one = ComputeFingerprints(*store_, {}, 1);
  const Fingerprints three = ComputeFingerprints(*store_, {}, 3);
  EXPECT_EQ(one.traits, three.traits);
  EXPECT_EQ(one.judged, three.judged);
  EXPECT_EQ(one.identity, three.identity);
  EXPECT_EQ(one.population_rate, three.population_rate);
  EXPECT_EQ(one.population_judged, three.population_judged);
  // Not a trivial world: some actors show traits.
  EXPECT_GT(std::count_if(one.traits.begin(), one.traits.end(), [](uint16_t t) { return t != 0; }), 100);
}

TEST_F(AssessThreads, ConcertSharesAndTheNullModelAreTheSameOnOneAndThreeThreads) {
  const std::vector<uint32_t> network_of = SomeNetworks();
  const std::vector<float> one = ConcertShare(*store_, SignalConfig{}, network_of, 1);
  EXPECT_EQ(one, ConcertShare(*store_, SignalConfig{}, network_of, 3));
  EXPECT_TRUE(std::any_of(one.begin(), one.end(), [](float s) { return s > 0; }));
  CoordinationTestConfig config;
  config.rounds = 6;
  config.threads = 1;
  const auto single = TestCoordination(*store_, SignalConfig{}, network_of, 5, config);
  config.threads = 3;
  const auto several = TestCoordination(*store_, SignalConfig{}, network_of, 5, config);
  ASSERT_EQ(single.size(), several.size());
  uint64_t actions = 0;
  for (size_t n = 0; n < single.size(); ++n) {
    EXPECT_EQ(single[n].actions, several[n].actions);
    EXPECT_EQ(single[n].observed, several[n].observed);
    EXPECT_EQ(single[n].expected, several[n].expected);
    EXPECT_EQ(single[n].spread, several[n].spread);
    actions += single[n].actions;
  }
  EXPECT_GT(actions, 0u);
}

// Events kept for more actors than the networks hold (BuildNetworks keeps
// them for every member; later networks are subsets) give what the members'
// own events give.
TEST_F(AssessThreads, EventsOfMoreActorsServeTheNullModelAndConcertSharesOfFewer) {
  const std::vector<uint32_t> network_of = SomeNetworks();
  std::vector<ActorId> members, everyone;
  for (ActorId a = 0; a < network_of.size(); ++a) {
    everyone.push_back(a);
    if (network_of[a] != kNone) members.push_back(a);
  }
  const SignalConfig signals;
  const MemberEvents own(*store_, signals, members, 2);
  const MemberEvents more(*store_, signals, everyone, 2);
  EXPECT_TRUE(more.Serve(signals, network_of));
  EXPECT_TRUE(own.Serve(signals, network_of));
  std::vector<uint32_t> outside(network_of.size(), kNone);
  outside[1] = 0;  // actor 1 is not every third one: its events are not in `own`
  EXPECT_FALSE(own.Serve(signals, outside));
  SignalConfig other = signals;
  other.min_text_chars = 30;
  EXPECT_FALSE(more.Serve(other, network_of));

  EXPECT_EQ(ConcertShare(*store_, own, signals, network_of, 1), ConcertShare(*store_, more, signals, network_of, 3));
  EXPECT_EQ(ConcertShare(*store_, signals, network_of, 1), ConcertShare(*store_, more, signals, network_of, 1));
  CoordinationTestConfig config;
  config.rounds = 5;
  config.threads = 3;
  const auto from_own = TestCoordination(own, signals, network_of, 5, config);
  const auto from_more = TestCoordination(more, signals, network_of, 5, config);
  ASSERT_EQ(from_own.size(), from_more.size());
  for (size_t n = 0; n < from_own.size(); ++n) {
    EXPECT_EQ(from_own[n].actions, from_more[n].actions);
    EXPECT_EQ(from_own[n].observed, from_more[n].observed);
    EXPECT_EQ(from_own[n].expected, from_more[n].expected);
    EXPECT_EQ(from_own[n].p_value, from_more[n].p_value);
  }

  // copy_paste's keys read off same_text's events are the ones it normalises itself.
  const AssessConfig assess;
  const std::vector<uint64_t> normalised = CopyTextKeys(*store_, members, assess, 2);
  std::vector<uint64_t> read_off = CopyTextKeys(*store_, own, members, assess, 2);
  EXPECT_EQ(normalised, read_off);
  EXPECT_GT(std::count_if(read_off.begin(), read_off.end(), [](uint64_t k) { return k != 0; }), 100);
}

TEST_F(AssessThreads, CopyPasteWithTextKeysFoundOnceIsCopyPasteNormalisingItself) {
  const Store& store = *store_;
  const Fingerprints fp = ComputeFingerprints(store);
  std::vector<ActorId> actors;
  for (ActorId a = 0; a < store.actors().size(); ++a) actors.push_back(a);
  const AssessConfig config;
  const std::vector<uint64_t> keys = CopyTextKeys(store, actors, config, 3);
  EXPECT_EQ(keys, CopyTextKeys(store, actors, config, 1));
  for (size_t begin = 0; begin < actors.size(); begin += 97) {
    const std::span<const ActorId> group(actors.data() + begin, std::min<size_t>(97, actors.size() - begin));
    const Indicator found_once = CopyPaste(store, fp, group, config, &keys);
    const Indicator found_here = CopyPaste(store, fp, group, config);
    EXPECT_EQ(found_once.value, found_here.value);
    EXPECT_EQ(found_once.fired, found_here.fired);
    EXPECT_EQ(found_once.evidence, found_here.evidence);
  }
  // Operations in the world copy texts: some group of actors shows it.
  const Indicator everyone = CopyPaste(store, fp, actors, config, &keys);
  EXPECT_GT(everyone.value, 0.0);
  EXPECT_EQ(everyone.evidence, CopyPaste(store, fp, actors, config).evidence);
}

}  // namespace
}  // namespace unmask
