#include "unmask/signals/co_action.hpp"

#include <gtest/gtest.h>

#include <list>
#include <string>

namespace unmask {
namespace {

class CoActionTest : public ::testing::Test {
 protected:
  void Add(const std::string& id, const std::string& actor, Time t, PostType type = PostType::kPost,
           const std::string& parent = "", const std::string& text = "", std::vector<std::string> urls = {}) {
    texts_.push_back(text);
    PostRecord r;
    r.platform = "x";
    r.id = id;
    r.actor = actor;
    r.time = t;
    r.type = type;
    r.parent = parent;
    r.text = text;
    for (auto& u : urls) r.urls.push_back(*strings_.insert(strings_.end(), u));
    store_.AddPost(r);
  }
  const PairTies* Find(const CoActionResult& result, const std::string& a, const std::string& b) {
    ActorId x = store_.FindActor("x", a), y = store_.FindActor("x", b);
    if (x > y) std::swap(x, y);
    for (const PairTies& p : result.pairs) {
      if (p.a == x && p.b == y) return &p;
    }
    return nullptr;
  }
  // Recurring pairs, pairs tied once, actors acting twice on one object,
  // accounts that act on a single (viral) post only, profile ties and links.
  void AddMixedWorld() {
    uint64_t seed = 12345;
    auto next = [&](uint64_t bound) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      return (seed >> 33) % bound;
    };
    for (int a = 0; a < 120; ++a) {
      ActorRecord profile;
      const std::string id = "a" + std::to_string(a);
      const std::string avatar = a % 3 == 0 ? "pic-" + std::to_string(a / 9) : "";
      profile.platform = "x";
      profile.id = id;
      profile.avatar = avatar;
      store_.SetActor(profile);
    }
    int post = 0;
    for (int target = 0; target < 60; ++target) {
      const std::string t = "t" + std::to_string(target);
      const Time start = 5000 * target;
      Add(t, "author", start);
      const int sharers = 2 + static_cast<int>(next(12));
      for (int i = 0; i < sharers; ++i) {
        const std::string actor = "a" + std::to_string(next(120));
        const Time when = start + static_cast<Time>(next(4000));
        Add("e" + std::to_string(post++), actor, when, next(3) == 0 ? PostType::kReaction : PostType::kShare, t);
        if (next(5) == 0) Add("e" + std::to_string(post++), actor, when + 30, PostType::kShare, t);  // twice on t
      }
      if (target % 7 == 0) {
        Add("l" + std::to_string(post++), "a" + std::to_string(next(120)), start, PostType::kPost, "", "",
            {"https://news.example/" + std::to_string(target % 3)});
      }
    }
    Add("viral", "news", 0);
    for (int i = 0; i < 400; ++i) {  // once-only accounts, a few regulars among them
      const std::string actor = i % 40 == 0 ? "a" + std::to_string(i / 40) : "v" + std::to_string(i);
      Add("s" + std::to_string(i), actor, i * 5, PostType::kShare, "viral");
    }
  }
  Store store_;
  std::list<std::string> strings_;
  std::vector<std::string> texts_;
};

TEST_F(CoActionTest, CoEngagementWithinWindowCountsDistinctObjects) {
  for (int k = 0; k < 3; ++k) {
    const std::string target = "t" + std::to_string(k);
    Add(target, "author", 1000 * k);
    Add("a" + std::to_string(k), "alice", 1000 * k + 10, PostType::kShare, target);
    Add("b" + std::to_string(k), "bob", 1000 * k + 20, PostType::kShare, target);
    Add("b2" + std::to_string(k), "bob", 1000 * k + 25, PostType::kReaction, target);  // same object twice
    Add("c" + std::to_string(k), "carol", 1000 * k + 5000, PostType::kShare, target);  // outside window
  }
  store_.Finalize();
  SignalConfig config;
  config.window = 600;
  const CoActionResult result = ComputeCoAction(store_, config);
  const PairTies* ab = Find(result, "alice", "bob");
  ASSERT_NE(ab, nullptr);
  EXPECT_EQ(ab->by_signal[static_cast<int>(Signal::kCoEngage)].objects, 3u);
  EXPECT_GT(ab->example_count, 0);
  EXPECT_EQ(Find(result, "alice", "carol"), nullptr);
}

TEST_F(CoActionTest, PairsTiedOnceAreCountedButNotKept) {
  Add("t", "author", 0);
  Add("a", "alice", 10, PostType::kShare, "t");
  Add("b", "bob", 20, PostType::kShare, "t");
  store_.Finalize();
  const CoActionResult result = ComputeCoAction(store_, SignalConfig{});
  EXPECT_EQ(result.candidate_pairs, 1u);
  EXPECT_TRUE(result.pairs.empty());
  EXPECT_EQ(result.degree[store_.FindActor("x", "alice")], 1u);
  EXPECT_EQ(result.total_objects, 1u);
}

TEST_F(CoActionTest, SameUrlAfterNormalisationAndShortTextsIgnored) {
  Add("1", "alice", 0, PostType::kPost, "", "Great!", {"https://www.example.org/story?utm_source=a"});
  Add("2", "bob", 60, PostType::kPost, "", "Great!", {"http://example.org/story"});
  store_.Finalize();
  SignalConfig config;
  config.keep_min_objects = 1;
  const CoActionResult result = ComputeCoAction(store_, config);
  const PairTies* ab = Find(result, "alice", "bob");
  ASSERT_NE(ab, nullptr);
  EXPECT_EQ(ab->by_signal[static_cast<int>(Signal::kSameUrl)].objects, 1u);
  EXPECT_EQ(ab->by_signal[static_cast<int>(Signal::kSameText)].objects, 0u);  // "great" is too short
}

TEST_F(CoActionTest, ViralObjectIsCappedAndWeighsLess) {
  // 2000 accounts share one post within an hour; two accounts also share a rare one.
  Add("viral", "news", 0);
  for (int i = 0; i < 2000; ++i) Add("s" + std::to_string(i), "u" + std::to_string(i), i, PostType::kShare, "viral");
  Add("rare", "someone", 0);
  Add("r1", "u1", 10, PostType::kShare, "rare");
  Add("r2", "u2", 20, PostType::kShare, "rare");
  store_.Finalize();
  SignalConfig config;
  config.max_neighbours = 5;
  config.keep_min_objects = 1;
  const CoActionResult result = ComputeCoAction(store_, config);
  const SignalStats& stats = result.stats[static_cast<int>(Signal::kCoEngage)];
  EXPECT_LE(stats.pair_hits, 2000u * 5u + 1u);  // linear, not 2000^2/2
  EXPECT_EQ(stats.capped_objects, 1u);
  const PairTies* u1u2 = Find(result, "u1", "u2");
  ASSERT_NE(u1u2, nullptr);
  const PairTies* u1u3 = Find(result, "u1", "u3");
  ASSERT_NE(u1u3, nullptr);
  EXPECT_GT(u1u2->TotalWeight(), 3 * u1u3->TotalWeight());
}

TEST_F(CoActionTest, ResultDoesNotDependOnThreadsOrRecordOrder) {
  for (int i = 0; i < 300; ++i) {
    Add("p" + std::to_string(i), "a" + std::to_string(i % 17), i * 7, PostType::kPost, "",
        "a long enough shared message number " + std::to_string(i % 5), {"https://x.org/" + std::to_string(i % 9)});
  }
  store_.Finalize();
  SignalConfig one;
  one.threads = 1;
  SignalConfig two;
  two.threads = 2;
  const CoActionResult r1 = ComputeCoAction(store_, one);
  const CoActionResult r2 = ComputeCoAction(store_, two);
  ASSERT_EQ(r1.pairs.size(), r2.pairs.size());
  ASSERT_FALSE(r1.pairs.empty());
  for (size_t i = 0; i < r1.pairs.size(); ++i) {
    EXPECT_EQ(r1.pairs[i].a, r2.pairs[i].a);
    EXPECT_EQ(r1.pairs[i].TotalObjects(), r2.pairs[i].TotalObjects());
    EXPECT_EQ(r1.pairs[i].TotalWeight(), r2.pairs[i].TotalWeight());
  }
}

// A pair budget far below what the events tie forces the sweep into passes
// over ranges of actors; the pairs, their ties, examples and every count stay
// what one pass gives.
TEST_F(CoActionTest, PassesOverActorRangesGiveTheSameResult) {
  for (int i = 0; i < 300; ++i) {
    Add("p" + std::to_string(i), "a" + std::to_string(i % 17), i * 7, PostType::kPost, "",
        "a long enough shared message number " + std::to_string(i % 5), {"https://x.org/" + std::to_string(i % 9)});
  }
  store_.Finalize();
  const CoActionResult one = ComputeCoAction(store_, SignalConfig{});
  SignalConfig small;
  small.pass_pair_hits = 10;
  const CoActionResult many = ComputeCoAction(store_, small);
  EXPECT_EQ(one.passes, 1u);
  EXPECT_GT(many.passes, 3u);
  ASSERT_FALSE(one.pairs.empty());
  ASSERT_EQ(one.pairs.size(), many.pairs.size());
  for (size_t i = 0; i < one.pairs.size(); ++i) {
    EXPECT_EQ(one.pairs[i].a, many.pairs[i].a);
    EXPECT_EQ(one.pairs[i].b, many.pairs[i].b);
    EXPECT_EQ(one.pairs[i].TotalObjects(), many.pairs[i].TotalObjects());
    EXPECT_EQ(one.pairs[i].TotalWeight(), many.pairs[i].TotalWeight());
    ASSERT_EQ(one.pairs[i].example_count, many.pairs[i].example_count);
    for (size_t e = 0; e < one.pairs[i].example_count; ++e) {
      EXPECT_EQ(one.pairs[i].examples[e].a, many.pairs[i].examples[e].a);
      EXPECT_EQ(one.pairs[i].examples[e].b, many.pairs[i].examples[e].b);
    }
  }
  EXPECT_EQ(one.degree, many.degree);
  EXPECT_EQ(one.candidate_pairs, many.candidate_pairs);
  EXPECT_EQ(one.total_objects, many.total_objects);
  for (int s = 0; s < kSignalCount; ++s) {
    EXPECT_EQ(one.stats[s].pair_hits, many.stats[s].pair_hits) << s;
    EXPECT_EQ(one.stats[s].pairs, many.stats[s].pairs) << s;
    EXPECT_EQ(one.stats[s].objects, many.stats[s].objects) << s;
    EXPECT_EQ(one.stats[s].events, many.stats[s].events) << s;
  }
}

// Everything ComputeCoAction returns, compared field by field.
void ExpectSameResult(const CoActionResult& x, const CoActionResult& y, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_EQ(x.pairs.size(), y.pairs.size());
  for (size_t i = 0; i < x.pairs.size(); ++i) {
    const PairTies& p = x.pairs[i];
    const PairTies& q = y.pairs[i];
    ASSERT_EQ(p.a, q.a) << i;
    ASSERT_EQ(p.b, q.b) << i;
    for (int s = 0; s < kSignalCount; ++s) {
      EXPECT_EQ(p.by_signal[s].objects, q.by_signal[s].objects) << i;
      EXPECT_EQ(p.by_signal[s].weight, q.by_signal[s].weight) << i;  // bit for bit: same sum order
    }
    ASSERT_EQ(p.example_count, q.example_count) << i;
    for (size_t e = 0; e < p.example_count; ++e) {
      EXPECT_EQ(p.examples[e].a, q.examples[e].a);
      EXPECT_EQ(p.examples[e].b, q.examples[e].b);
      EXPECT_EQ(p.examples[e].signal, q.examples[e].signal);
      EXPECT_EQ(p.examples[e].shared, q.examples[e].shared);
    }
  }
  EXPECT_EQ(x.degree, y.degree);
  EXPECT_EQ(x.candidate_pairs, y.candidate_pairs);
  EXPECT_EQ(x.total_objects, y.total_objects);
  for (int s = 0; s < kSignalCount; ++s) {
    EXPECT_EQ(x.stats[s].events, y.stats[s].events) << s;
    EXPECT_EQ(x.stats[s].objects, y.stats[s].objects) << s;
    EXPECT_EQ(x.stats[s].pair_hits, y.stats[s].pair_hits) << s;
    EXPECT_EQ(x.stats[s].pairs, y.stats[s].pairs) << s;
    EXPECT_EQ(x.stats[s].capped_objects, y.stats[s].capped_objects) << s;
    EXPECT_EQ(x.stats[s].largest_object, y.stats[s].largest_object) << s;
  }
}

// Pairs tied by one object are counted in the sweep and never stored: the
// kept pairs, their weights and examples and every count equal those of
// storing every hit, for any threads, passes and keep threshold. The world
// mixes recurring pairs, pairs tied once, actors acting twice on one object,
// accounts that act on a single (viral) post only, profile ties and links.
TEST_F(CoActionTest, DroppingPairsTiedOnceEarlyChangesNothing) {
  AddMixedWorld();
  store_.Finalize();
  for (const uint32_t keep : {2u, 3u}) {
    for (const int threads : {1, 2}) {
      for (const uint64_t budget : {uint64_t{40'000'000}, uint64_t{300}}) {
        SignalConfig stored;
        stored.threads = threads;
        stored.pass_pair_hits = budget;
        stored.keep_min_objects = keep;
        stored.max_neighbours = 6;
        stored.drop_single_ties_early = false;
        SignalConfig dropped = stored;
        dropped.drop_single_ties_early = true;
        const CoActionResult all = ComputeCoAction(store_, stored);
        const CoActionResult counted = ComputeCoAction(store_, dropped);
        ASSERT_GT(all.pairs.size(), 20u);
        ASSERT_GT(all.candidate_pairs, 2 * all.pairs.size());  // most pairs are tied once
        EXPECT_EQ(all.passes > 1, budget == 300) << threads;
        ExpectSameResult(all, counted,
                         "keep " + std::to_string(keep) + ", threads " + std::to_string(threads) + ", budget " +
                             std::to_string(budget));
      }
    }
  }
}

// Each signal's sweep is cut into pieces swept on all threads; pieces of one
// or a few events (many pieces per signal, handed out in any order) give the
// result of one thread sweeping whole signals, with and without passes, with
// pairs tied once dropped early or stored, and with the merge whole or cut
// into ranges of pairs merged on all threads.
TEST_F(CoActionTest, SweepPiecesAndThreadsChangeNothing) {
  AddMixedWorld();
  store_.Finalize();
  for (const bool drop : {true, false}) {
    SignalConfig whole;
    whole.threads = 1;
    whole.max_neighbours = 6;
    whole.drop_single_ties_early = drop;
    whole.sweep_piece_events = uint64_t{1} << 40;
    const CoActionResult reference = ComputeCoAction(store_, whole);
    ASSERT_GT(reference.pairs.size(), 20u);
    for (const int threads : {1, 2, 3}) {
      for (const uint64_t piece : {uint64_t{1}, uint64_t{7}}) {
        for (const uint64_t budget : {uint64_t{40'000'000}, uint64_t{30}}) {
          // The merge whole, and cut into ranges of pairs from one stored hit on.
          for (const uint64_t merge : {SignalConfig{}.merge_range_hits, uint64_t{1}}) {
            SignalConfig cut = whole;
            cut.threads = threads;
            cut.sweep_piece_events = piece;
            cut.pass_pair_hits = budget;
            cut.merge_range_hits = merge;
            const CoActionResult result = ComputeCoAction(store_, cut);
            EXPECT_EQ(result.passes > 1, budget == 30);
            ExpectSameResult(reference, result,
                             "drop " + std::to_string(drop) + ", threads " + std::to_string(threads) + ", piece " +
                                 std::to_string(piece) + ", budget " + std::to_string(budget) + ", merge " +
                                 std::to_string(merge));
          }
        }
      }
    }
  }
}

// One actor holds every stored hit, more than the budget: it gets a range
// of its own, swept again after the first sweep's hits were dropped.
TEST_F(CoActionTest, OneActorOverTheBudgetIsSweptAgain) {
  Add("root", "author", 0);
  for (int i = 0; i < 20; ++i) {
    for (int round = 0; round < 2; ++round) {
      const std::string t = "t" + std::to_string(i) + "-" + std::to_string(round);
      const Time start = 100000 * i + 10000 * round;
      Add(t, "author", start);
      Add("h" + t, "hub", start + 10, PostType::kShare, t);
      Add("o" + t, "other" + std::to_string(i), start + 20, PostType::kShare, t);
    }
  }
  store_.Finalize();
  SignalConfig small;
  small.pass_pair_hits = 5;
  const CoActionResult one = ComputeCoAction(store_, SignalConfig{});
  const CoActionResult again = ComputeCoAction(store_, small);
  EXPECT_EQ(one.pairs.size(), 20u);
  EXPECT_EQ(one.passes, 1u);
  EXPECT_GT(again.passes, 1u);
  ExpectSameResult(one, again, "one actor over the budget");
}

}  // namespace
}  // namespace unmask

namespace unmask {
namespace {

// near_text: copies in one text family tie two actors within the window; two
// copies with the same normalised text are left to same_text.
TEST_F(CoActionTest, NearTextTiesEditedCopiesOnly) {
  for (int k = 0; k < 3; ++k) {
    const Time t = 10000 * k;
    Add("a" + std::to_string(k), "alice", t, PostType::kPost, "", "edited " + std::to_string(k));
    Add("b" + std::to_string(k), "bob", t + 60, PostType::kPost, "", "other edit " + std::to_string(k));
    Add("c" + std::to_string(k), "carol", t + 120, PostType::kPost, "", "edited " + std::to_string(k));  // alice's wording
    Add("d" + std::to_string(k), "dave", t + 9000, PostType::kPost, "", "late " + std::to_string(k));   // outside window
  }
  store_.Finalize();
  // Family k holds the posts of round k; variants: alice and carol share one.
  std::vector<uint32_t> family(store_.posts().size()), variant(store_.posts().size());
  for (PostId p = 0; p < store_.posts().size(); ++p) {
    family[p] = p / 4;
    const uint32_t who = p % 4;
    variant[p] = (p / 4) * 4 + (who == 2 ? 0 : who);
  }
  store_.SetTextFamilies(family, variant);
  SignalConfig config;
  config.window = 3600;
  const CoActionResult result = ComputeCoAction(store_, config);
  const int near = static_cast<int>(Signal::kNearText);
  const PairTies* ab = Find(result, "alice", "bob");
  ASSERT_NE(ab, nullptr);
  EXPECT_EQ(ab->by_signal[near].objects, 3u);
  const PairTies* bc = Find(result, "bob", "carol");
  ASSERT_NE(bc, nullptr);
  EXPECT_EQ(bc->by_signal[near].objects, 3u);
  const PairTies* ac = Find(result, "alice", "carol");  // identical wording: not an edit
  EXPECT_TRUE(ac == nullptr || ac->by_signal[near].objects == 0);
  EXPECT_EQ(Find(result, "alice", "dave"), nullptr);
  EXPECT_EQ(Name(Signal::kNearText), "near_text");
}

TEST_F(CoActionTest, NearTextNeedsTheTextStep) {
  Add("a", "alice", 0, PostType::kPost, "", "some text that is long enough to compare");
  Add("b", "bob", 10, PostType::kPost, "", "some text that is long enough to compare!");
  store_.Finalize();
  EXPECT_TRUE(ExtractEvents(store_, Signal::kNearText, SignalConfig{}).empty());
}

}  // namespace
}  // namespace unmask
