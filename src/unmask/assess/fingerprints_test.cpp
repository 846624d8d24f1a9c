#include "unmask/assess/fingerprints.hpp"

#include <gtest/gtest.h>

#include <list>
#include <string>

#include "unmask/assess/coordination_test.hpp"

namespace unmask {
namespace {

constexpr Time kDay = 86400;
constexpr Time kStart = 1680000000;  // 2023-03-28, a Tuesday

class Builder {
 public:
  ActorRecord& Actor(const std::string& id) {
    actors_.emplace_back();
    actors_.back().platform = "x";
    actors_.back().id = Keep(id);
    actors_.back().handle = Keep(id);
    actors_.back().created = kStart - 2000 * kDay;
    return actors_.back();
  }
  void Post(const std::string& actor, Time t, PostType type = PostType::kPost, const std::string& parent = "") {
    PostRecord r;
    r.platform = "x";
    r.id = Keep("p" + std::to_string(next_++));
    r.actor = Keep(actor);
    r.time = t;
    r.type = type;
    r.parent = Keep(parent);
    posts_.push_back(r);
  }
  std::string_view Keep(const std::string& s) { return *kept_.insert(kept_.end(), s); }
  Store& Build() {
    for (const ActorRecord& a : actors_) store_.SetActor(a);
    for (const PostRecord& p : posts_) store_.AddPost(p);
    store_.Finalize();
    return store_;
  }
  ActorId Id(const std::string& id) const { return store_.FindActor("x", id); }

 private:
  std::list<std::string> kept_;
  std::list<ActorRecord> actors_;
  std::vector<PostRecord> posts_;
  Store store_;
  int next_ = 0;
};

TEST(Handles, DigitSuffixesAndRandomStringsLookGenerated) {
  EXPECT_TRUE(LooksGenerated("leticiapereira58854", 4));
  EXPECT_TRUE(LooksGenerated("jacks3d46x7", 4));
  EXPECT_TRUE(LooksGenerated("xkcdqwrtzb", 4));
  EXPECT_FALSE(LooksGenerated("anaalmeida91", 4));
  EXPECT_FALSE(LooksGenerated("rachel_davis", 4));
  EXPECT_FALSE(LooksGenerated("strength", 4));  // five consonants in a row is still a word
}

TEST(Fingerprints, ProfileTraitsAreSharedValuesNotCommonOnes) {
  Builder b;
  b.Actor("a").avatar = "pic1";
  b.Actor("b").avatar = "pic1";
  b.Actor("c").avatar = "pic2";
  b.Actor("d").bio = "Proud patriot, lover of peace and harmony";
  b.Actor("e").bio = "proud patriot, lover of peace and harmony!";
  b.Actor("f").bio = "Nurse";  // too short to compare
  b.Actor("g").bio = "Nurse";
  for (int i = 0; i < 30; ++i) b.Actor("mail" + std::to_string(i)).infra = {"mail:gmail.com"};
  b.Actor("h").infra = {"ip:10.0.0.1", "mail:gmail.com"};
  b.Actor("i").infra = {"ip:10.0.0.1"};
  ActorRecord& fan = b.Actor("fan");
  fan.followers = 20;
  fan.following = 400;
  const Store& store = b.Build();
  const Fingerprints fp = ComputeFingerprints(store);
  EXPECT_TRUE(fp.Has(b.Id("a"), Trait::kSharedAvatar));
  EXPECT_TRUE(fp.Has(b.Id("b"), Trait::kSharedAvatar));
  EXPECT_FALSE(fp.Has(b.Id("c"), Trait::kSharedAvatar));
  EXPECT_TRUE(fp.Judged(b.Id("c"), Trait::kSharedAvatar));
  EXPECT_FALSE(fp.Judged(b.Id("d"), Trait::kSharedAvatar));
  EXPECT_TRUE(fp.Has(b.Id("d"), Trait::kCopiedBio));
  EXPECT_TRUE(fp.Has(b.Id("e"), Trait::kCopiedBio));
  EXPECT_FALSE(fp.Judged(b.Id("f"), Trait::kCopiedBio));
  EXPECT_TRUE(fp.Has(b.Id("h"), Trait::kSharedInfra));
  EXPECT_TRUE(fp.Has(b.Id("i"), Trait::kSharedInfra));
  EXPECT_FALSE(fp.Has(b.Id("mail0"), Trait::kSharedInfra)) << "31 actors share gmail.com: a common value";
  EXPECT_TRUE(fp.Has(b.Id("fan"), Trait::kLowAudience));
  EXPECT_FALSE(fp.Judged(b.Id("a"), Trait::kLowAudience));
  EXPECT_DOUBLE_EQ(fp.population_rate[static_cast<int>(Trait::kSharedAvatar)], 2.0 / 3.0);
}

// One brand (or one persona) on several platforms carries one handle: its
// logo and bio repeated across its own accounts are not shared with anyone.
TEST(Fingerprints, OneIdentityAcrossPlatformsSharesNothingWithItself) {
  Builder b;
  for (const char* handle : {"DailyHerald", "dailyherald", "daily_herald"}) {
    ActorRecord& brand = b.Actor(handle);
    brand.avatar = "herald-logo";
    brand.bio = "News from the Daily Herald newsroom since 1921";
  }
  b.Actor("someone_else").avatar = "stock-1";
  b.Actor("another_one").avatar = "stock-1";
  const Store& store = b.Build();
  const Fingerprints fp = ComputeFingerprints(store);
  EXPECT_EQ(fp.identity[b.Id("DailyHerald")], fp.identity[b.Id("daily_herald")]);
  EXPECT_NE(fp.identity[b.Id("someone_else")], fp.identity[b.Id("another_one")]);
  EXPECT_FALSE(fp.Has(b.Id("DailyHerald"), Trait::kSharedAvatar));
  EXPECT_FALSE(fp.Has(b.Id("dailyherald"), Trait::kCopiedBio));
  EXPECT_TRUE(fp.Has(b.Id("someone_else"), Trait::kSharedAvatar));
  EXPECT_TRUE(fp.Has(b.Id("another_one"), Trait::kSharedAvatar));
}

TEST(Fingerprints, ActivityTraits) {
  Builder b;
  b.Actor("young").created = kStart - 10 * kDay;
  b.Actor("old");
  b.Actor("liker");
  b.Actor("robot");
  b.Actor("human");
  b.Post("old", kStart);
  b.Post("young", kStart);
  for (int i = 0; i < 12; ++i) b.Post("liker", kStart + i * 3600, i == 0 ? PostType::kPost : PostType::kReaction, "p0");
  for (int i = 0; i < 48; ++i) b.Post("robot", kStart + i * 3600 + 60);          // every hour for two days
  for (int i = 0; i < 48; ++i) b.Post("human", kStart + (i / 16) * kDay + (i % 16) * 3600);  // 16 waking hours
  const Store& store = b.Build();
  const Fingerprints fp = ComputeFingerprints(store);
  EXPECT_TRUE(fp.Has(b.Id("young"), Trait::kYoung));
  EXPECT_FALSE(fp.Has(b.Id("old"), Trait::kYoung));
  EXPECT_TRUE(fp.Has(b.Id("liker"), Trait::kAmplifyOnly));
  EXPECT_FALSE(fp.Has(b.Id("human"), Trait::kAmplifyOnly));
  EXPECT_TRUE(fp.Has(b.Id("robot"), Trait::kNoSleep));
  EXPECT_FALSE(fp.Has(b.Id("human"), Trait::kNoSleep));
  EXPECT_FALSE(fp.Has(b.Id("old"), Trait::kNoSleep)) << "one post shows no schedule";
}

// Londoners post from 07:00 to 23:00 UTC; a profile that says London but
// posts through the working day of UTC+8 lives elsewhere, a night owl in
// London does not, and too few posts are not judged.
TEST(Fingerprints, ClaimedElsewhereReadsHoursAgainstTheDeclaredPlace) {
  Builder b;
  for (int k = 0; k < 30; ++k) {
    const std::string id = "londoner" + std::to_string(k);
    b.Actor(id).location = "London";
    for (int i = 0; i < 16; ++i) b.Post(id, kStart + i * kDay + (7 + (i + k) % 16) * 3600);
  }
  b.Actor("persona").location = "London";
  for (int i = 0; i < 10; ++i) b.Post("persona", kStart + i * kDay + (1 + i % 8) * 3600);  // 09:00-16:00 UTC+8
  b.Actor("owl").location = "London";
  for (int i = 0; i < 12; ++i) b.Post("owl", kStart + i * kDay + ((15 + i) % 24) * 3600);  // 15:00-02:00
  b.Actor("brief").location = "London";
  for (int i = 0; i < 5; ++i) b.Post("brief", kStart + i * kDay + (1 + i) * 3600);
  b.Actor("nowhere");
  for (int i = 0; i < 10; ++i) b.Post("nowhere", kStart + i * kDay + (1 + i % 8) * 3600);
  const Store& store = b.Build();
  const Fingerprints fp = ComputeFingerprints(store);
  EXPECT_TRUE(fp.Has(b.Id("persona"), Trait::kClaimedElsewhere));
  EXPECT_TRUE(fp.Judged(b.Id("owl"), Trait::kClaimedElsewhere));
  EXPECT_FALSE(fp.Has(b.Id("owl"), Trait::kClaimedElsewhere)) << "a night owl fits a place near London";
  EXPECT_FALSE(fp.Judged(b.Id("brief"), Trait::kClaimedElsewhere)) << "5 posts are too few to read";
  EXPECT_FALSE(fp.Judged(b.Id("nowhere"), Trait::kClaimedElsewhere)) << "no declared place";
  for (int k = 0; k < 30; ++k) EXPECT_FALSE(fp.Has(b.Id("londoner" + std::to_string(k)), Trait::kClaimedElsewhere));
}

TEST(Fingerprints, PopulationRatesCanLeaveOutActors) {
  Builder b;
  for (int k = 0; k < 4; ++k) b.Actor("young" + std::to_string(k)).created = kStart - 10 * kDay;
  for (int k = 0; k < 4; ++k) b.Actor("old" + std::to_string(k));
  for (int k = 0; k < 4; ++k) b.Post("young" + std::to_string(k), kStart);
  for (int k = 0; k < 4; ++k) b.Post("old" + std::to_string(k), kStart);
  const Store& store = b.Build();
  Fingerprints fp = ComputeFingerprints(store);
  const int young = static_cast<int>(Trait::kYoung);
  EXPECT_DOUBLE_EQ(fp.population_rate[young], 0.5);
  std::vector<uint8_t> excluded(store.actors().size(), 0);
  excluded[b.Id("young0")] = excluded[b.Id("young1")] = 1;
  SetPopulation(fp, excluded);
  EXPECT_DOUBLE_EQ(fp.population_rate[young], 2.0 / 6.0);
  EXPECT_EQ(fp.population_judged[young], 6u);
}

Schedule WeekOf(const std::array<double, 24>& weekday_utc, double weekend_scale, int weekend_shift = 0) {
  Schedule s;
  for (int d = 0; d < 7; ++d) {
    const bool weekend = d >= 5;
    for (int h = 0; h < 24; ++h) {
      const auto n = static_cast<uint64_t>(weekday_utc[(h + 24 - weekend_shift) % 24] * (weekend ? weekend_scale : 1));
      s.hour_of_week[d * 24 + h] = n;
      s.total += n;
    }
  }
  return s;
}

TEST(Schedule, OfficeHoursInUtcPlus8WithALunchDip) {
  std::array<double, 24> day{};
  for (int h = 1; h <= 9; ++h) day[h] = 100;  // 09:00-18:00 in Beijing is 01:00-10:00 UTC
  day[4] = 30;                                 // 12:00 Beijing
  day[12] = 2;
  const SchedulePattern p = ReadSchedule(WeekOf(day, 0.05));
  ASSERT_TRUE(p.enough);
  EXPECT_TRUE(p.office_hours);
  EXPECT_EQ(p.implied_utc_offset, 8);
  EXPECT_EQ(p.lunch_utc, 4);
  EXPECT_FALSE(p.round_the_clock);
}

TEST(Schedule, PrivateLivesAreNotAnOffice) {
  std::array<double, 24> day{};
  for (int h = 11; h < 24; ++h) day[h] = 60 + 5 * (h - 11);  // evenings busiest, in UTC-4 or so
  day[0] = day[1] = day[2] = 80;
  const SchedulePattern p = ReadSchedule(WeekOf(day, 1.3));
  ASSERT_TRUE(p.enough);
  EXPECT_FALSE(p.office_hours);
  EXPECT_GE(p.quiet_hours, 6);
  EXPECT_FALSE(p.round_the_clock);
}

TEST(Schedule, RoundTheClock) {
  std::array<double, 24> day{};
  day.fill(50);
  const SchedulePattern p = ReadSchedule(WeekOf(day, 1.0));
  EXPECT_TRUE(p.round_the_clock);
  EXPECT_FALSE(p.office_hours);
  EXPECT_FALSE(ReadSchedule(WeekOf(day, 1.0), 1'000'000).enough);
}

// Five accounts comment on the same posts within a minute of each other, day
// after day; five others comment on the same posts days apart.
TEST(CoordinationNull, SynchronyIsSignificantCommonTastesAreNot) {
  Builder b;
  for (int i = 0; i < 10; ++i) b.Actor("a" + std::to_string(i));
  b.Actor("source");
  for (int k = 0; k < 20; ++k) b.Post("source", kStart + k * kDay);  // posts p0 .. p19
  for (int k = 0; k < 20; ++k) {
    for (int i = 0; i < 5; ++i) b.Post("a" + std::to_string(i), kStart + k * kDay + 30 + i, PostType::kComment, "p" + std::to_string(k));
    for (int i = 5; i < 10; ++i) {
      b.Post("a" + std::to_string(i), kStart + k * kDay + (i - 4) * 2 * kDay, PostType::kComment, "p" + std::to_string(k));
    }
  }
  const Store& store = b.Build();
  std::vector<uint32_t> network_of(store.actors().size(), kNone);
  for (int i = 0; i < 10; ++i) network_of[b.Id("a" + std::to_string(i))] = i < 5 ? 0 : 1;
  const auto tests = TestCoordination(store, SignalConfig{}, network_of, 2);
  ASSERT_EQ(tests.size(), 2u);
  EXPECT_EQ(tests[0].actions, 100u);
  EXPECT_EQ(tests[0].observed, 100u);
  EXPECT_LT(tests[0].p_value, 1e-6);
  EXPECT_LT(tests[0].expected, 50);
  EXPECT_EQ(tests[1].observed, 0u);
  EXPECT_GT(tests[1].p_value, 0.5);
}

}  // namespace
}  // namespace unmask
