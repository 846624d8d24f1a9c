#include "unmask/assess/fingerprints.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <unordered_map>

#include "unmask/core/parallel.hpp"
#include "unmask/signals/normalize.hpp"
#include "unmask/text/places.hpp"

namespace unmask {
namespace {

constexpr Time kHour = 3600;

// fn(begin, end) over blocks of actors [0, n), on `threads` threads; fn must
// write only what its actors own.
template <typename Fn>
void ForActorBlocks(size_t n, int threads, Fn&& fn) {
  constexpr size_t kBlock = 4096;
  ParallelFor((n + kBlock - 1) / kBlock, threads,
              [&](size_t b) { fn(static_cast<ActorId>(b * kBlock), static_cast<ActorId>(std::min(n, (b + 1) * kBlock))); });
}

void Set(Fingerprints& fp, ActorId a, Trait t, bool judged, bool has) {
  const auto bit = static_cast<uint16_t>(1u << static_cast<int>(t));
  if (judged) fp.judged[a] |= bit;
  if (judged && has) fp.traits[a] |= bit;
}

// How many identities hold each value; values held by one identity or by
// very many (a common mail domain, a default picture) are not shared
// fingerprints.
class SharerCount {
 public:
  explicit SharerCount(uint32_t max_sharers) : max_sharers_(max_sharers) {}
  // Holders beyond max_sharers + 1 change nothing: the value is common.
  void Add(uint64_t key, uint64_t identity) {
    std::vector<uint64_t>& holders = holders_[key];
    if (holders.size() <= max_sharers_ && std::find(holders.begin(), holders.end(), identity) == holders.end()) {
      holders.push_back(identity);
    }
  }
  bool Shared(uint64_t key) const {
    const auto it = holders_.find(key);
    return it != holders_.end() && it->second.size() >= 2 && it->second.size() <= max_sharers_;
  }

 private:
  uint32_t max_sharers_;
  std::unordered_map<uint64_t, std::vector<uint64_t>> holders_;
};

// One key per declared identity: the handle with case and punctuation
// dropped when it has at least 4 letters or digits, else the actor itself.
std::vector<uint64_t> Identities(const Store& store, int threads) {
  const ActorTable& actors = store.actors();
  std::vector<uint64_t> identity(actors.size());
  ForActorBlocks(actors.size(), threads, [&](ActorId begin, ActorId end) {
    std::string key;
    for (ActorId a = begin; a < end; ++a) {
      key.clear();
      if (actors.handle[a] != 0) {
        for (unsigned char c : store.Str(actors.handle[a])) {
          if (std::isalnum(c) || c >= 0x80) key.push_back(static_cast<char>(std::tolower(c)));
        }
      }
      identity[a] = key.size() >= 4 ? std::hash<std::string>{}(key) & ~(1ULL << 63) : (1ULL << 63) | a;
    }
  });
  return identity;
}

// Per actor: the hash of its normalised bio (0: none, or too short).
std::vector<uint64_t> BioKeys(const Store& store, const FingerprintConfig& config, int threads) {
  const ActorTable& actors = store.actors();
  std::vector<uint64_t> bio_key(actors.size(), 0);
  ForActorBlocks(actors.size(), threads, [&](ActorId begin, ActorId end) {
    for (ActorId a = begin; a < end; ++a) {
      if (actors.bio[a] == 0) continue;
      const std::string bio = NormalizeText(store.Str(actors.bio[a]));
      if (CodePoints(bio) < static_cast<size_t>(config.min_bio_chars)) continue;
      bio_key[a] = std::hash<std::string>{}(bio) | 1;
    }
  });
  return bio_key;
}

// The profile traits of one actor with a record.
void ProfileTraitsOf(const Store& store, const FingerprintConfig& config, const SharerCount& avatars,
                     const SharerCount& bios, const SharerCount& infra, const std::vector<uint64_t>& bio_key,
                     ActorId a, Fingerprints& fp) {
  const ActorTable& actors = store.actors();
  if (!actors.has_record[a]) return;
  Set(fp, a, Trait::kSharedAvatar, actors.avatar[a] != 0, avatars.Shared(actors.avatar[a]));
  Set(fp, a, Trait::kCopiedBio, bio_key[a] != 0, bios.Shared(bio_key[a]));
  const auto values = actors.infra.Row(a);
  Set(fp, a, Trait::kSharedInfra, !values.empty(),
      std::any_of(values.begin(), values.end(), [&](StrId v) { return infra.Shared(v); }));
  const std::string_view handle = actors.handle[a] ? store.Str(actors.handle[a]) : std::string_view{};
  Set(fp, a, Trait::kGeneratedHandle, !handle.empty(), LooksGenerated(handle, config.handle_digit_run));
  const int64_t followers = actors.followers[a], following = actors.following[a];
  Set(fp, a, Trait::kLowAudience, followers >= 0 && following >= 0 && actors.type[a] == ActorType::kAccount,
      followers < config.low_audience_followers &&
          static_cast<double>(following) >= config.low_audience_ratio * std::max<int64_t>(followers, 1));
}

// Sharer counts are filled in actor order on one thread (which holders a
// common value keeps does not change whether it is shared); the bios are
// normalised and the traits set on all threads, each actor's own.
void ProfileTraits(const Store& store, const FingerprintConfig& config, Fingerprints& fp, int threads) {
  const ActorTable& actors = store.actors();
  const uint32_t cap = config.max_infra_sharers;
  SharerCount avatars(cap), bios(cap), infra(cap);
  const std::vector<uint64_t> bio_key = BioKeys(store, config, threads);
  for (ActorId a = 0; a < actors.size(); ++a) {
    if (actors.avatar[a] != 0) avatars.Add(actors.avatar[a], fp.identity[a]);
    for (StrId v : actors.infra.Row(a)) infra.Add(v, fp.identity[a]);
    if (bio_key[a] != 0) bios.Add(bio_key[a], fp.identity[a]);
  }
  ForActorBlocks(actors.size(), threads, [&](ActorId begin, ActorId end) {
    for (ActorId a = begin; a < end; ++a) ProfileTraitsOf(store, config, avatars, bios, infra, bio_key, a, fp);
  });
}

// Longest circular run of hours of the day with no post.
int LongestEmptyRun(const std::array<uint32_t, 24>& hours) {
  int best = 0, run = 0;
  for (int i = 0; i < 48; ++i) {
    run = hours[i % 24] == 0 ? run + 1 : 0;
    best = std::max(best, std::min(run, 24));
  }
  return best;
}

// Declared places' offsets, looked up once per distinct location string.
class DeclaredZones {
 public:
  explicit DeclaredZones(const Store& store) : store_(store) {}
  std::optional<int> Of(ActorId a) {
    const StrId location = store_.actors().location[a];
    if (location == 0) return std::nullopt;
    auto [it, inserted] = cache_.try_emplace(location);
    if (inserted) it->second = Gazetteer::Shared().OffsetMinutes(store_.Str(location));
    return it->second;
  }

 private:
  const Store& store_;
  std::unordered_map<StrId, std::optional<int>> cache_;
};

// The hour of the day at `offset_minutes` from UTC of a post at `t`.
size_t LocalHour(Time t, int offset_minutes) {
  const Time local = t + static_cast<Time>(offset_minutes) * 60;
  return static_cast<size_t>((local % 86400 + 86400) % 86400 / kHour);
}

// Per actor with posts: the offset in minutes of the place it declares.
std::vector<std::optional<int>> DeclaredOffsets(const Store& store) {
  DeclaredZones zones(store);
  std::vector<std::optional<int>> offset(store.actors().size());
  for (ActorId a = 0; a < store.actors().size(); ++a) {
    if (!store.PostsOf(a).empty()) offset[a] = zones.Of(a);
  }
  return offset;
}

// The day of a person who lives where it says: the log share of posts made
// at each local hour by actors that declare a place (one post per hour
// added, so no hour is impossible). Whole counts per block of actors, added
// up after: the same for any number of threads.
std::array<double, 24> LocalDay(const Store& store, const std::vector<std::optional<int>>& declared, int threads) {
  constexpr size_t kBlock = 4096;
  std::vector<std::array<uint64_t, 24>> blocks((store.actors().size() + kBlock - 1) / kBlock);
  ForActorBlocks(store.actors().size(), threads, [&](ActorId begin, ActorId end) {
    std::array<uint64_t, 24>& mine = blocks[begin / kBlock];
    mine.fill(0);
    for (ActorId a = begin; a < end; ++a) {
      if (!declared[a]) continue;
      for (PostId p : store.PostsOf(a)) ++mine[LocalHour(store.posts().time[p], *declared[a])];
    }
  });
  std::array<uint64_t, 24> posts{};
  for (const auto& block : blocks) {
    for (size_t h = 0; h < 24; ++h) posts[h] += block[h];
  }
  std::array<double, 24> count;
  for (size_t h = 0; h < 24; ++h) count[h] = 1.0 + static_cast<double>(posts[h]);
  double total = 0;
  for (double c : count) total += c;
  for (double& c : count) c = std::log(c / total);
  return count;
}

// How well hours of posting (by UTC hour) fit the day of someone living
// `shift` hours from UTC: the log-likelihood of the posts under LocalDay.
double ZoneFit(const std::array<uint32_t, 24>& hours, const std::array<double, 24>& day, int shift) {
  double fit = 0;
  for (int h = 0; h < 24; ++h) fit += hours[static_cast<size_t>(h)] * day[static_cast<size_t>(((h + shift) % 24 + 24) % 24)];
  return fit;
}

// Whether an actor's hours fit a place at least `far_hours` from the one it
// declares better, by a likelihood ratio of at least exp(min_llr), than any
// place nearer: a night owl fits a place a few hours off, a profile run from
// another continent fits that continent.
bool FitsElsewhere(const std::array<uint32_t, 24>& hours, const std::array<double, 24>& day, int declared_minutes,
                   int far_hours, double min_llr) {
  const int declared = static_cast<int>(std::lround(declared_minutes / 60.0));
  double near = -std::numeric_limits<double>::infinity(), far = near;
  for (int shift = -11; shift <= 12; ++shift) {
    const int gap = std::abs(shift - declared) % 24;
    double& best = std::min(gap, 24 - gap) >= far_hours ? far : near;
    best = std::max(best, ZoneFit(hours, day, shift));
  }
  return far - near >= min_llr;
}

// The activity traits of one actor.
void ActivityTraitsOf(const Store& store, const FingerprintConfig& config, const std::array<double, 24>& day,
                      const std::optional<int>& declared, ActorId a, Fingerprints& fp) {
  const ActorTable& actors = store.actors();
  const PostTable& posts = store.posts();
  const auto mine = store.PostsOf(a);
  if (mine.empty()) return;
  const Time created = actors.created[a];
  Set(fp, a, Trait::kYoung, created != kNoTime, posts.time[mine.front()] - created < config.young_age);
  size_t amplify = 0;
  std::array<uint32_t, 24> hours{};
  for (PostId p : mine) {
    amplify += posts.type[p] == PostType::kReaction || posts.type[p] == PostType::kShare;
    ++hours[LocalHour(posts.time[p], 0)];
  }
  // Judged for every active actor: one that posts little shows neither.
  Set(fp, a, Trait::kAmplifyOnly, true,
      mine.size() >= config.min_shape_posts &&
          static_cast<double>(amplify) >= config.amplify_share * static_cast<double>(mine.size()));
  Set(fp, a, Trait::kNoSleep, true,
      mine.size() >= config.min_sleep_posts && LongestEmptyRun(hours) < config.min_night_hours);
  if (declared && mine.size() >= config.min_zone_posts) {
    Set(fp, a, Trait::kClaimedElsewhere, true,
        FitsElsewhere(hours, day, *declared, config.claimed_zone_hours, config.claimed_min_llr));
  }
}

void ActivityTraits(const Store& store, const FingerprintConfig& config, Fingerprints& fp, int threads) {
  const std::vector<std::optional<int>> declared = DeclaredOffsets(store);
  const std::array<double, 24> day = LocalDay(store, declared, threads);
  ForActorBlocks(store.actors().size(), threads, [&](ActorId begin, ActorId end) {
    for (ActorId a = begin; a < end; ++a) ActivityTraitsOf(store, config, day, declared[a], a, fp);
  });
}

int Wrap(int hour) { return ((hour % 24) + 24) % 24; }

// A UTC offset in -11..+12.
int Offset(int hours) {
  const int h = Wrap(hours);
  return h > 12 ? h - 24 : h;
}

// Local weekday (Monday 0) of an hour-of-week slot in UTC shifted by offset.
bool IsWeekend(int utc_hour_of_week, int offset) {
  const int local = ((utc_hour_of_week + offset) % 168 + 168) % 168;
  return local / 24 >= 5;
}

}  // namespace

std::string_view TraitName(Trait trait) {
  switch (trait) {
    case Trait::kYoung: return "young_account";
    case Trait::kGeneratedHandle: return "generated_handle";
    case Trait::kSharedAvatar: return "shared_avatar";
    case Trait::kCopiedBio: return "copied_bio";
    case Trait::kSharedInfra: return "shared_infra";
    case Trait::kAmplifyOnly: return "amplify_only";
    case Trait::kLowAudience: return "low_audience";
    case Trait::kNoSleep: return "no_sleep";
    case Trait::kClaimedElsewhere: return "claimed_elsewhere";
    case Trait::kCount: break;
  }
  return "?";
}

bool LooksGenerated(std::string_view handle, int digit_run) {
  int trailing = 0;
  while (trailing < static_cast<int>(handle.size()) &&
         std::isdigit(static_cast<unsigned char>(handle[handle.size() - 1 - trailing]))) {
    ++trailing;
  }
  if (trailing >= digit_run) return true;
  int switches = 0, consonants = 0, longest_consonants = 0;
  int last = 0;  // 1 letter, 2 digit
  for (char c : handle) {
    const auto u = static_cast<unsigned char>(c);
    const int kind = std::isalpha(u) ? 1 : std::isdigit(u) ? 2 : 0;
    if (kind != 0 && last != 0 && kind != last) ++switches;
    if (kind != 0) last = kind;
    const bool consonant = std::isalpha(u) && !std::strchr("aeiouyAEIOUY", c);
    consonants = consonant ? consonants + 1 : 0;
    longest_consonants = std::max(longest_consonants, consonants);
  }
  return switches >= 4 || longest_consonants >= 6;
}

void SetPopulation(Fingerprints& fp, const std::vector<uint8_t>& excluded) {
  std::array<uint64_t, kTraitCount> has{};
  fp.population_judged = {};
  for (ActorId a = 0; a < fp.traits.size(); ++a) {
    if (!excluded.empty() && excluded[a]) continue;
    for (int t = 0; t < kTraitCount; ++t) {
      fp.population_judged[t] += fp.judged[a] >> t & 1;
      has[t] += fp.traits[a] >> t & 1;
    }
  }
  for (int t = 0; t < kTraitCount; ++t) {
    fp.population_rate[t] =
        fp.population_judged[t] ? static_cast<double>(has[t]) / static_cast<double>(fp.population_judged[t]) : 0;
  }
}

Fingerprints ComputeFingerprints(const Store& store, const FingerprintConfig& config, int threads) {
  Fingerprints fp;
  fp.traits.assign(store.actors().size(), 0);
  fp.judged.assign(store.actors().size(), 0);
  fp.identity = Identities(store, threads);
  ProfileTraits(store, config, fp, threads);
  ActivityTraits(store, config, fp, threads);
  SetPopulation(fp, {});
  return fp;
}

Schedule ScheduleOf(const Store& store, std::span<const ActorId> actors) {
  Schedule s;
  const PostTable& posts = store.posts();
  for (ActorId a : actors) {
    for (PostId p : store.PostsOf(a)) {
      // 1970-01-01 was a Thursday: day 0 is weekday 3 with Monday 0.
      const Time t = posts.time[p];
      const int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
      const int64_t hour = (t - day * 86400) / kHour;
      ++s.hour_of_week[static_cast<size_t>(((day + 3) % 7 + 7) % 7 * 24 + hour)];
      ++s.total;
    }
  }
  return s;
}

SchedulePattern ReadSchedule(const Schedule& schedule, uint64_t min_posts) {
  SchedulePattern out;
  if (schedule.total < min_posts) return out;
  out.enough = true;
  std::array<double, 24> day{};
  for (int h = 0; h < 168; ++h) day[h % 24] += static_cast<double>(schedule.hour_of_week[h]);
  const double mean = static_cast<double>(schedule.total) / 24.0;
  // The quiet run: hours under a quarter of the mean hourly activity.
  int run = 0;
  for (int i = 0; i < 48; ++i) {
    run = day[i % 24] < 0.25 * mean ? run + 1 : 0;
    if (std::min(run, 24) > out.quiet_hours) out.quiet_hours = std::min(run, 24), out.quiet_start_utc = Wrap(i - run + 1);
  }
  const double min_hour = *std::min_element(day.begin(), day.end());
  out.round_the_clock = out.quiet_hours == 0 && min_hour >= 0.4 * mean;
  if (out.quiet_hours >= 4) out.implied_utc_offset = Offset(static_cast<int>(std::lround(3.5 - (out.quiet_start_utc + out.quiet_hours / 2.0))));

  // Working hours: the 9-hour window of the day holding most activity.
  int best_start = 0;
  double best = -1;
  for (int s = 0; s < 24; ++s) {
    double sum = 0;
    for (int k = 0; k < 9; ++k) sum += day[Wrap(s + k)];
    if (sum > best) best = sum, best_start = s;
  }
  const int offset = Offset(9 - best_start);  // if the window is 09:00-18:00 local
  double weekday = 0, weekend = 0, weekday_in_window = 0;
  for (int h = 0; h < 168; ++h) {
    const double n = static_cast<double>(schedule.hour_of_week[h]);
    if (IsWeekend(h, offset)) {
      weekend += n;
      continue;
    }
    weekday += n;
    if (Wrap(h % 24 - best_start) < 9) weekday_in_window += n;
  }
  out.weekend_ratio = weekday > 0 ? (weekend / 2.0) / (weekday / 5.0) : 0;
  out.office_share = weekday > 0 ? weekday_in_window / weekday : 0;
  // The lunch dip: an hour in the middle of the window clearly under its neighbours.
  for (int k = 2; k <= 5; ++k) {
    const double here = day[Wrap(best_start + k)];
    const double around = (day[Wrap(best_start + k - 2)] + day[Wrap(best_start + k + 2)]) / 2.0;
    if (here < 0.75 * around && (out.lunch_utc < 0 || here < day[out.lunch_utc])) out.lunch_utc = Wrap(best_start + k);
  }
  out.office_hours = out.office_share >= 0.75 && out.weekend_ratio <= 0.4 && out.lunch_utc >= 0;
  if (out.office_hours) {
    out.office_start_utc = best_start;
    out.implied_utc_offset = offset;
  }
  return out;
}

}  // namespace unmask
