#include "unmask/signals/signal_state.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <random>
#include <string>

#include "unmask/store/blob_file.hpp"
#include "unmask/text/families.hpp"

namespace unmask {
namespace {

// A small world over ten days: shares of popular and rare posts, links,
// copied and edited texts, hashtag runs, avatars; a few actors first appear
// on the last day, some shares point at posts of earlier days.
struct Record {
  std::string id, actor, parent, text, avatar;
  PostType type = PostType::kPost;
  Time time = 0;
  std::vector<std::string> urls, hashtags;
  bool is_actor = false;
};

std::vector<Record> MakeWorld(int days) {
  std::mt19937 rng(7);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint32_t>(n)); };
  const std::vector<std::string> phrases = {
      "the election was stolen by the people in charge and nobody will say it",
      "vaccines are being hidden from the public by officials in the capital city",
      "our glorious leader opened a new bridge today in the northern province",
      "prices are rising again and the government blames foreign speculators"};
  std::vector<Record> out;
  for (int a = 0; a < 60; ++a) {
    Record r;
    r.is_actor = true;
    r.actor = "u" + std::to_string(a);
    r.avatar = a % 7 == 0 ? "pic-shared" : "pic-" + std::to_string(a);
    out.push_back(r);
  }
  int next = 0;
  for (int day = 0; day < days; ++day) {
    const Time base = 1700000000 + day * 86400;
    for (int i = 0; i < 400; ++i) {
      Record r;
      r.id = "p" + std::to_string(next++);
      const int actor = day == days - 1 && i % 10 == 0 ? 60 + i % 7 : pick(48);  // newcomers on the last day
      r.actor = "u" + std::to_string(actor);
      r.time = base + i * 200 + pick(120);
      const int kind = pick(5);
      if (kind <= 1 && next > 10) {
        r.type = PostType::kShare;
        r.parent = "p" + std::to_string(kind == 0 ? pick(8) : next - 2 - pick(std::min(next - 2, 600)));
      } else if (kind == 2) {
        r.text = phrases[static_cast<size_t>(pick(4))] + (pick(3) == 0 ? " indeed" : "");
        if (pick(4) == 0) r.text += " really " + std::to_string(pick(3));
      } else if (kind == 3) {
        r.urls = {"https://news.example/" + std::to_string(pick(30))};
        if (pick(6) == 0) r.urls.push_back(r.urls[0] + "?utm_source=x");  // one post, two spellings of a link
        if (pick(9) == 0) r.urls.push_back("https://other.example/" + std::to_string(pick(5)));
      } else {
        r.hashtags = {"#tag" + std::to_string(pick(4)), "#tag" + std::to_string(pick(4))};
      }
      out.push_back(r);
    }
    for (int k = 0; k < 12; ++k) {  // a burst on the day's first post: capped by max_neighbours
      Record r;
      r.id = "p" + std::to_string(next++);
      r.actor = "u" + std::to_string(pick(48));
      r.type = PostType::kShare;
      r.parent = "p" + std::to_string(day * 412);
      r.time = base + 300 + 30 * k;
      out.push_back(r);
    }
  }
  return out;
}

void AddRecord(Store& store, const Record& r) {
  if (r.is_actor) {
    ActorRecord a;
    a.platform = "x";
    a.id = r.actor;
    a.avatar = r.avatar;
    store.SetActor(a);
    return;
  }
  PostRecord p;
  p.platform = "x";
  p.id = r.id;
  p.actor = r.actor;
  p.parent = r.parent;
  p.text = r.text;
  p.type = r.type;
  p.time = r.time;
  for (const std::string& u : r.urls) p.urls.push_back(u);
  for (const std::string& h : r.hashtags) p.hashtags.push_back(h);
  store.AddPost(p);
}

void Prepare(Store& store) {
  store.Finalize();
  auto normalizer = TextNormalizer::Create(false);
  ASSERT_TRUE(normalizer.ok());
  FindTextFamilies(store, *normalizer, NearDupConfig{});
}

SignalConfig Config() {
  SignalConfig config;
  config.window = 1800;
  config.max_neighbours = 3;  // small, so that capped objects occur
  return config;
}

void ExpectSame(const CoActionResult& got, const CoActionResult& want) {
  ASSERT_EQ(got.pairs.size(), want.pairs.size());
  for (size_t i = 0; i < want.pairs.size(); ++i) {
    const PairTies& g = got.pairs[i];
    const PairTies& w = want.pairs[i];
    ASSERT_EQ(g.a, w.a) << i;
    ASSERT_EQ(g.b, w.b) << i;
    for (int s = 0; s < kSignalCount; ++s) {
      EXPECT_EQ(g.by_signal[s].objects, w.by_signal[s].objects) << i << " " << s;
      // Bit for bit: the weights feed the graph's significance test.
      EXPECT_EQ(std::memcmp(&g.by_signal[s].weight, &w.by_signal[s].weight, sizeof(float)), 0)
          << i << " " << s << ": " << g.by_signal[s].weight << " vs " << w.by_signal[s].weight;
    }
    ASSERT_EQ(g.example_count, w.example_count) << i;
    for (uint8_t e = 0; e < g.example_count; ++e) {
      EXPECT_EQ(g.examples[e].a, w.examples[e].a);
      EXPECT_EQ(g.examples[e].b, w.examples[e].b);
      EXPECT_EQ(g.examples[e].signal, w.examples[e].signal);
      EXPECT_EQ(g.examples[e].shared, w.examples[e].shared);
    }
  }
  EXPECT_EQ(got.degree, want.degree);
  EXPECT_EQ(got.total_objects, want.total_objects);
  EXPECT_EQ(got.candidate_pairs, want.candidate_pairs);
  for (int s = 0; s < kSignalCount; ++s) {
    EXPECT_EQ(got.stats[s].events, want.stats[s].events) << s;
    EXPECT_EQ(got.stats[s].objects, want.stats[s].objects) << s;
    EXPECT_EQ(got.stats[s].pair_hits, want.stats[s].pair_hits) << s;
    EXPECT_EQ(got.stats[s].capped_objects, want.stats[s].capped_objects) << s;
    EXPECT_EQ(got.stats[s].largest_object, want.stats[s].largest_object) << s;
    EXPECT_EQ(got.stats[s].pairs, want.stats[s].pairs) << s;
  }
}

class SignalStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_ = MakeWorld(10);
    for (const Record& r : world_) {
      if (r.is_actor || r.time < kLastDay) ++split_;
    }
    for (const Record& r : world_) AddRecord(full_, r);
    Prepare(full_);
    want_ = ComputeCoAction(full_, Config());
  }
  // The store of the first nine days and its signal state.
  void BuildEarly(Store& store, CoActionState& state) {
    for (size_t i = 0; i < split_; ++i) AddRecord(store, world_[i]);
    Prepare(store);
    CoActionUpdate update;
    const CoActionResult early = UpdateCoAction(store, Config(), state, &update);
    EXPECT_FALSE(update.incremental[0]);  // nothing to extend yet
    ExpectSame(early, ComputeCoAction(store, Config()));
  }
  void AddLastDay(Store& store) {
    for (size_t i = split_; i < world_.size(); ++i) AddRecord(store, world_[i]);
    Prepare(store);
  }
  static constexpr Time kLastDay = 1700000000 + 9 * 86400;
  std::vector<Record> world_;
  size_t split_ = 0;
  Store full_;
  CoActionResult want_;
};

TEST_F(SignalStateTest, AddingADayEqualsAFullComputation) {
  ASSERT_GT(want_.stats[static_cast<int>(Signal::kCoEngage)].capped_objects, 0u);
  ASSERT_GT(want_.stats[static_cast<int>(Signal::kSameUrl)].pairs, 0u);
  ASSERT_GT(want_.stats[static_cast<int>(Signal::kSameAvatar)].pairs, 0u);
  Store store;
  CoActionState state;
  BuildEarly(store, state);
  store.Reopen();
  AddLastDay(store);
  CoActionUpdate update;
  const CoActionResult got = UpdateCoAction(store, Config(), state, &update);
  ExpectSame(got, want_);
  const int co_engage = static_cast<int>(Signal::kCoEngage);
  EXPECT_TRUE(update.incremental[co_engage]);
  EXPECT_TRUE(update.incremental[static_cast<int>(Signal::kSameUrl)]);
  EXPECT_TRUE(update.incremental[static_cast<int>(Signal::kNearText)]);
  EXPECT_FALSE(update.incremental[static_cast<int>(Signal::kSameAvatar)]);  // profile signals: always recomputed
  // Only the last day's events were extracted, and only their objects swept.
  EXPECT_LT(update.new_events[co_engage] * 5, want_.stats[co_engage].events);
  EXPECT_GT(update.new_events[co_engage], 0u);
  EXPECT_LT(update.touched_objects[co_engage], state.signals[co_engage].objects.size());
}

TEST_F(SignalStateTest, SavedStateGivesTheSameResult) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("unmask-signal-state-" + std::to_string(::getpid()))).string();
  {
    Store store;
    CoActionState state;
    BuildEarly(store, state);
    auto out = BlobWriter::Create(path, "test", 1);
    ASSERT_TRUE(out.ok()) << out.status().message();
    store.Save(*out);
    state.Save(*out);
    ASSERT_TRUE(out->Commit().ok());
  }
  auto in = BlobReader::Open(path, "test", 1);
  ASSERT_TRUE(in.ok()) << in.status().message();
  Result<Store> store = Store::Load(*in);
  ASSERT_TRUE(store.ok()) << store.status().message();
  Result<CoActionState> state = CoActionState::Load(*in, store->actors().size(), store->posts().size());
  ASSERT_TRUE(state.ok()) << state.status().message();
  AddLastDay(*store);
  CoActionUpdate update;
  ExpectSame(UpdateCoAction(*store, Config(), *state, &update), want_);
  EXPECT_TRUE(update.incremental[static_cast<int>(Signal::kCoEngage)]);
  std::filesystem::remove(path);
}

TEST_F(SignalStateTest, OtherSettingsRecomputeEverySignal) {
  Store store;
  CoActionState state;
  BuildEarly(store, state);
  store.Reopen();
  AddLastDay(store);
  SignalConfig other = Config();
  other.window = 900;
  CoActionUpdate update;
  ExpectSame(UpdateCoAction(store, other, state, &update), ComputeCoAction(full_, other));
  for (int s = 0; s < kSignalCount; ++s) EXPECT_FALSE(update.incremental[s]) << s;
}

TEST_F(SignalStateTest, ListValuesAddedToAnOldPostRecomputeEverySignal) {
  Store store;
  CoActionState state;
  BuildEarly(store, state);
  store.Reopen();
  PostRecord more;
  more.urls = {"https://news.example/1"};
  store.AddPostValues(3, more);  // a multi-row table continued in the new file
  EXPECT_TRUE(store.sealed_posts_changed());
  AddLastDay(store);
  CoActionUpdate update;
  const CoActionResult got = UpdateCoAction(store, Config(), state, &update);
  EXPECT_FALSE(update.incremental[static_cast<int>(Signal::kSameUrl)]);
  ExpectSame(got, ComputeCoAction(store, Config()));
}

}  // namespace
}  // namespace unmask
