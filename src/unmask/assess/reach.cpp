// The echo chamber in detail, the authentic reach estimate, the amplifiers'
// shares, the Breakout Scale and the audience profile of every network.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "unmask/assess/assess.hpp"
#include "unmask/assess/impact.hpp"
#include "unmask/core/parallel.hpp"
#include "unmask/core/time.hpp"

namespace unmask {
namespace {

constexpr Time kDaySeconds = 86400;

int64_t DayOf(Time t) { return FloorDiv(t, kDaySeconds); }
int HourOf(Time t) { return static_cast<int>(FloorDiv(t, 3600) - DayOf(t) * 24); }

uint64_t PackPair(ActorId a, ActorId b) { return (static_cast<uint64_t>(a) << 32) | b; }

bool Amplifies(PostType type) { return type == PostType::kShare || type == PostType::kQuote; }

// Who the actors are, for every network at once.
struct Sides {
  std::vector<uint32_t> network_of;  // network index, kNone outside networks
  std::vector<uint8_t> takedown;     // 1 for members of takedown networks
};

Sides MakeSides(const Store& store, const std::vector<Network>& networks) {
  Sides sides{std::vector<uint32_t>(store.actors().size(), kNone), TakedownMask(store, networks)};
  for (uint32_t n = 0; n < networks.size(); ++n) {
    for (ActorId a : networks[n].members) sides.network_of[a] = n;
  }
  return sides;
}

// What one pass over a network's posts and their engagements collects.
struct Collected {
  std::unordered_map<ActorId, PostId> authentic_engagers;   // -> first engagement post
  std::unordered_map<ActorId, std::vector<PostId>> shares;  // authentic sharers -> their shares/quotes
  std::map<PlatformId, std::unordered_set<ActorId>> engagers_by_platform;
  std::map<int64_t, std::unordered_set<ActorId>> engagers_by_day;
  std::map<int64_t, DayActivity> days;
  std::set<PlatformId> content_platforms;
};

void Add(EchoSplit& split, int side) {
  ++split.engagements;
  if (side == 0) ++split.internal;
  if (side == 1) ++split.other_takedown;
  if (side == 2) ++split.authentic;
}

DayActivity& Day(Collected& c, int64_t day) {
  DayActivity& d = c.days[day];
  d.day = day;
  return d;
}

Collected CollectEngagements(const Store& store, const Sides& sides, uint32_t n, Network& net) {
  Collected c;
  Impact& impact = net.impact;
  const PostTable& posts = store.posts();
  for (ActorId a : net.members) {
    for (PostId p : store.PostsOf(a)) {
      const Time t = posts.time[p];
      DayActivity& day = Day(c, DayOf(t));
      ++day.actions;
      day.posts += posts.type[p] == PostType::kPost;
      ++impact.member_hours[static_cast<size_t>(HourOf(t))];
      c.content_platforms.insert(posts.platform[p]);
      for (PostId e : store.ChildrenOf(p)) {
        const ActorId who = posts.actor[e];
        if (who == a) continue;  // acting on one's own post is not engagement
        const int side = sides.network_of[who] == n ? 0 : sides.takedown[who] ? 1 : 2;
        Add(impact.echo_by_platform[posts.platform[p]], side);
        Add(Day(c, DayOf(posts.time[e])).received, side);
        if (Amplifies(posts.type[e])) c.content_platforms.insert(posts.platform[e]);
        if (side == 1) ++impact.from_takedown_networks[sides.network_of[who]];
        if (side != 2) continue;
        ++impact.authentic_hours[static_cast<size_t>(HourOf(posts.time[e]))];
        c.authentic_engagers.try_emplace(who, e);
        c.engagers_by_platform[posts.platform[p]].insert(who);
        c.engagers_by_day[DayOf(posts.time[e])].insert(who);
        if (Amplifies(posts.type[e])) c.shares[who].push_back(e);
      }
    }
  }
  for (auto& [platform, split] : impact.echo_by_platform) {
    split.authentic_engagers = c.engagers_by_platform[platform].size();
  }
  for (auto& [day, engagers] : c.engagers_by_day) c.days[day].received.authentic_engagers = engagers.size();
  return c;
}

// Every day from the first to the last (empty days included, so a chart's
// x axis is time), cut to the last max_days.
std::vector<DayActivity> Timeline(const std::map<int64_t, DayActivity>& days, int max_days) {
  std::vector<DayActivity> out;
  if (days.empty()) return out;
  const int64_t last = days.rbegin()->first;
  const int64_t first = std::max(days.begin()->first, last - max_days + 1);
  for (int64_t d = first; d <= last; ++d) {
    auto it = days.find(d);
    out.push_back(it != days.end() ? it->second : DayActivity{d});
  }
  return out;
}

void ListShares(const Store& store, Network& net, Collected& c, const ImpactConfig& config) {
  const PostTable& posts = store.posts();
  for (auto& [who, list] : c.shares) {
    std::sort(list.begin(), list.end(), [&](PostId x, PostId y) {
      return posts.time[x] != posts.time[y] ? posts.time[x] < posts.time[y] : x < y;
    });
  }
  for (Amplifier& amp : net.amplifiers) {
    amp.shared.clear();
    auto it = c.shares.find(amp.actor);
    if (it == c.shares.end()) continue;
    const size_t n = std::min(it->second.size(), config.max_shares_listed);
    amp.shared.assign(it->second.begin(), it->second.begin() + static_cast<std::ptrdiff_t>(n));
  }
}

// Followers the relation table shows for amplifiers and members, outside
// every takedown network: one pass over the relations for all networks.
struct FollowerSets {
  std::vector<std::unordered_set<ActorId>> of_members, of_amplifiers;
  std::vector<std::unordered_map<ActorId, uint64_t>> per_amplifier;  // observed followers per amplifier
};

FollowerSets ObservedFollowers(const Store& store, const Sides& sides, const std::vector<Collected>& collected) {
  const size_t networks = collected.size();
  FollowerSets f{std::vector<std::unordered_set<ActorId>>(networks), std::vector<std::unordered_set<ActorId>>(networks),
                 std::vector<std::unordered_map<ActorId, uint64_t>>(networks)};
  std::unordered_map<ActorId, std::vector<uint32_t>> amplified;  // amplifier -> networks
  for (uint32_t n = 0; n < networks; ++n) {
    for (const auto& [who, list] : collected[n].shares) amplified[who].push_back(n);
  }
  std::unordered_set<uint64_t> follows;  // (follower, amplifier) pairs seen, so a repeated record counts once
  const RelationTable& relations = store.relations();
  for (size_t r = 0; r < relations.size(); ++r) {
    if (relations.type[r] != RelationType::kFollows) continue;
    const ActorId from = relations.from[r], to = relations.to[r];
    if (sides.takedown[from]) continue;
    if (const uint32_t n = sides.network_of[to]; n != kNone && sides.network_of[from] != n) {
      f.of_members[n].insert(from);
    }
    if (auto it = amplified.find(to); it != amplified.end() && follows.insert(PackPair(from, to)).second) {
      for (uint32_t n : it->second) {
        f.of_amplifiers[n].insert(from);
        ++f.per_amplifier[n][to];
      }
    }
  }
  return f;
}

AuthenticReach EstimateReach(const Store& store, const Collected& c, const FollowerSets& f, uint32_t n) {
  AuthenticReach r;
  r.engagers = c.authentic_engagers.size();
  r.amplifiers = c.shares.size();
  uint64_t audience_or_observed = 0;
  for (const auto& [who, list] : c.shares) {
    const int64_t declared = store.actors().followers[who];
    auto it = f.per_amplifier[n].find(who);
    const uint64_t observed = it == f.per_amplifier[n].end() ? 0 : it->second;
    if (declared >= 0) {
      r.amplifier_audience += static_cast<uint64_t>(declared);
    } else {
      ++r.amplifiers_unknown_audience;
    }
    audience_or_observed += std::max<uint64_t>(declared < 0 ? 0 : static_cast<uint64_t>(declared), observed);
  }
  std::unordered_set<ActorId> seen;
  for (const auto& [who, post] : c.authentic_engagers) seen.insert(who);
  seen.insert(f.of_members[n].begin(), f.of_members[n].end());
  const uint64_t engagers_and_member_followers = seen.size();
  seen.insert(f.of_amplifiers[n].begin(), f.of_amplifiers[n].end());
  r.low = seen.size();
  std::unordered_set<ActorId> followers(f.of_members[n].begin(), f.of_members[n].end());
  followers.insert(f.of_amplifiers[n].begin(), f.of_amplifiers[n].end());
  r.observed_followers = followers.size();
  r.high = engagers_and_member_followers + audience_or_observed;
  return r;
}

std::string Thousands(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Label(const Store& store, ActorId a) {
  const ActorTable& actors = store.actors();
  const std::string_view handle = store.Str(actors.handle[a]);
  return fmt::format("{}/{}", store.PlatformName(actors.platform[a]),
                     handle.empty() ? store.Str(actors.ext_id[a]) : handle);
}

// The language community of an authentic engager: its declared language,
// else the language of its first engagement, else none.
std::string_view CommunityOf(const Store& store, ActorId who, PostId engagement) {
  const std::string_view declared = store.Str(store.actors().lang[who]);
  return declared.empty() ? store.Str(store.posts().lang[engagement]) : declared;
}

std::vector<std::pair<std::string, uint64_t>> Communities(const Store& store, const Collected& c,
                                                          const ImpactConfig& config) {
  std::map<std::string, uint64_t, std::less<>> by_language;
  for (const auto& [who, post] : c.authentic_engagers) {
    const std::string_view lang = CommunityOf(store, who, post);
    if (!lang.empty()) ++by_language[std::string(lang)];
  }
  std::vector<std::pair<std::string, uint64_t>> reached;
  for (const auto& [lang, n] : by_language) {
    if (n >= config.min_community_engagers) reached.push_back({lang, n});
  }
  std::sort(reached.begin(), reached.end(), [](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : x.first < y.first;
  });
  return reached;
}

// The largest authentic amplifier that passes `keep`, or kNone.
template <typename Keep>
ActorId LargestAmplifier(const Store& store, const Collected& c, Keep keep) {
  ActorId best = kNone;
  for (const auto& [who, list] : c.shares) {
    if (!keep(who)) continue;
    const int64_t f = store.actors().followers[who];
    if (best == kNone || f > store.actors().followers[best] || (f == store.actors().followers[best] && who < best)) {
      best = who;
    }
  }
  return best;
}

BreakoutAssessment PlaceOnBreakoutScale(const Store& store, const Collected& c, const ImpactConfig& config) {
  BreakoutAssessment b;
  for (PlatformId p : c.content_platforms) b.platforms.emplace_back(store.PlatformName(p));
  for (const auto& [p, engagers] : c.engagers_by_platform) {
    if (engagers.size() >= config.min_platform_engagers) b.breakout_platforms.emplace_back(store.PlatformName(p));
  }
  std::sort(b.platforms.begin(), b.platforms.end());
  std::sort(b.breakout_platforms.begin(), b.breakout_platforms.end());
  const auto communities = Communities(store, c, config);
  for (const auto& [lang, n] : communities) b.communities.push_back(fmt::format("{}: {} actors", lang, n));
  const bool many_platforms = b.platforms.size() >= 2;
  const bool many_communities = communities.size() >= 2;
  b.reasons.push_back(fmt::format("its content is on {} platform{} ({})", b.platforms.size(),
                                  b.platforms.size() == 1 ? "" : "s", fmt::join(b.platforms, ", ")));
  b.reasons.push_back(
      communities.empty()
          ? fmt::format("no audience community reached: no language group of at least {} authentic engagers",
                        config.min_community_engagers)
          : fmt::format("{} audience communit{} reached (language groups of at least {} authentic engagers: {})",
                        communities.size(), communities.size() == 1 ? "y" : "ies", config.min_community_engagers,
                        fmt::join(b.communities, ", ")));
  b.reasons.push_back(
      fmt::format("authentic engagement from at least {} actors on {} platform{}{}", config.min_platform_engagers,
                  b.breakout_platforms.size(), b.breakout_platforms.size() == 1 ? "" : "s",
                  b.breakout_platforms.empty() ? "" : fmt::format(" ({})", fmt::join(b.breakout_platforms, ", "))));
  if (many_communities && b.breakout_platforms.size() >= 2 && many_platforms) {
    b.category = 3;
  } else if (many_platforms || many_communities) {
    b.category = 2;
  }
  const ActorTable& actors = store.actors();
  const ActorId outlet = LargestAmplifier(store, c, [&](ActorId a) {
    return actors.type[a] != ActorType::kAccount && actors.followers[a] >= config.outlet_audience;
  });
  if (outlet != kNone) {
    b.category = 4;
    b.reasons.push_back(fmt::format("cross-medium breakout (proxy): the {} {} ({} followers) shared it",
                                    Name(actors.type[outlet]), Label(store, outlet),
                                    Thousands(static_cast<uint64_t>(actors.followers[outlet]))));
  }
  std::vector<std::string> celebrities;
  for (const auto& [who, list] : c.shares) {
    if (actors.followers[who] >= config.celebrity_audience) {
      celebrities.push_back(
          fmt::format("{} ({} followers)", Label(store, who), Thousands(static_cast<uint64_t>(actors.followers[who]))));
    }
  }
  std::sort(celebrities.begin(), celebrities.end());
  if (!celebrities.empty()) {
    b.category = 5;
    b.reasons.push_back(
        fmt::format("celebrity amplification: {} authentic account{} with at least {} followers "
                    "shared or quoted it: {}",
                    celebrities.size(), celebrities.size() == 1 ? "" : "s",
                    Thousands(static_cast<uint64_t>(config.celebrity_audience)), fmt::join(celebrities, ", ")));
  }
  b.reasons.push_back(
      fmt::format("category {} ({}); category 6 (policy response or call for violence) cannot "
                  "be seen in activity data and is left to the analyst",
                  b.category, BreakoutName(b.category)));
  return b;
}

// Time-zone estimates per actor, computed once and shared by all networks.
class OffsetCache {
 public:
  OffsetCache(const Store& store, const ImpactConfig& config)
      : store_(store), config_(config), offset_(store.actors().size(), kUnset) {}
  int Of(ActorId a) {
    if (offset_[a] == kUnset) {
      std::array<uint32_t, 24> hours{};
      for (PostId p : store_.PostsOf(a)) ++hours[static_cast<size_t>(HourOf(store_.posts().time[p]))];
      offset_[a] = static_cast<int8_t>(
          InferUtcOffset(hours, config_.min_hour_posts, config_.min_rhythm, config_.local_mean_hour));
    }
    return offset_[a];
  }

 private:
  static constexpr int8_t kUnset = -128;
  const Store& store_;
  const ImpactConfig& config_;
  std::vector<int8_t> offset_;
};

std::vector<CountedValue> Top(const std::map<std::string, uint64_t, std::less<>>& counts, size_t top) {
  std::vector<CountedValue> out;
  for (const auto& [value, n] : counts) out.push_back({value, n});
  std::sort(out.begin(), out.end(), [](const CountedValue& x, const CountedValue& y) {
    return x.count != y.count ? x.count > y.count : x.value < y.value;
  });
  if (out.size() > top) out.resize(top);
  return out;
}

std::string OffsetName(int offset) {
  return offset == 0 ? "UTC" : fmt::format("UTC{}{}", offset > 0 ? "+" : "-", std::abs(offset));
}

AudienceProfile ProfileAudience(const Store& store, const Collected& c, OffsetCache& offsets,
                                const ImpactConfig& config) {
  AudienceProfile a;
  a.engagers = c.authentic_engagers.size();
  std::map<std::string, uint64_t, std::less<>> locations, languages, zones;
  for (const auto& [who, post] : c.authentic_engagers) {
    const std::string_view location = store.Str(store.actors().location[who]);
    if (!location.empty()) ++locations[std::string(location)], ++a.with_location;
    const std::string_view lang = CommunityOf(store, who, post);
    if (!lang.empty()) ++languages[std::string(lang)], ++a.with_language;
    if (const int offset = offsets.Of(who); offset != kNoOffset) ++zones[OffsetName(offset)], ++a.with_time_zone;
  }
  a.locations = Top(locations, config.top);
  a.languages = Top(languages, config.top);
  a.time_zones = Top(zones, config.top);
  return a;
}

}  // namespace

std::string_view BreakoutName(int category) {
  switch (category) {
    case 1:
      return "one platform, one community";
    case 2:
      return "one platform and many communities, or many platforms and one community";
    case 3:
      return "many platforms, many communities";
    case 4:
      return "cross-medium breakout";
    case 5:
      return "celebrity amplification";
    case 6:
      return "policy response or call for violence";
    default:
      return "unknown";
  }
}

int InferUtcOffset(const std::array<uint32_t, 24>& hours, int min_posts, double min_rhythm, double local_mean_hour) {
  double x = 0, y = 0, total = 0;
  for (int h = 0; h < 24; ++h) {
    const double angle = 2 * std::numbers::pi * (h + 0.5) / 24;
    x += hours[static_cast<size_t>(h)] * std::cos(angle);
    y += hours[static_cast<size_t>(h)] * std::sin(angle);
    total += hours[static_cast<size_t>(h)];
  }
  if (total < min_posts || std::hypot(x, y) / total < min_rhythm) return kNoOffset;
  double mean = std::atan2(y, x) * 24 / (2 * std::numbers::pi);  // mean UTC hour, (-12, 12]
  const int offset = static_cast<int>(std::lround(local_mean_hour - mean));
  return static_cast<int>(((offset + 11) % 24 + 24) % 24) - 11;  // into -11..+12
}

void AssessImpact(const Store& store, std::vector<Network>& networks, const ImpactConfig& config) {
  const Sides sides = MakeSides(store, networks);
  std::vector<Collected> collected(networks.size());
  ParallelFor(networks.size(), config.threads, [&](size_t n) {
    networks[n].impact = Impact{};
    collected[n] = CollectEngagements(store, sides, static_cast<uint32_t>(n), networks[n]);
  });
  const FollowerSets followers = ObservedFollowers(store, sides, collected);
  const TermBackground background = BackgroundTerms(store, config);
  // Networks in parallel; each worker its own time-zone cache (the estimates
  // do not depend on which worker makes them).
  const int workers = std::max(1, config.threads);
  std::vector<OffsetCache> offset_caches;
  for (int w = 0; w < workers; ++w) offset_caches.emplace_back(store, config);
  ParallelForWorker(networks.size(), workers, [&](size_t worker, size_t i) {
    const auto n = static_cast<uint32_t>(i);
    OffsetCache& offsets = offset_caches[worker];
    Network& net = networks[n];
    Collected& c = collected[n];
    net.impact.timeline = Timeline(c.days, config.max_timeline_days);
    ListShares(store, net, c, config);
    net.impact.reach = EstimateReach(store, c, followers, n);
    net.impact.breakout = PlaceOnBreakoutScale(store, c, config);
    net.impact.audience = ProfileAudience(store, c, offsets, config);
    net.impact.narratives = DescribeNarratives(store, net, background, config);
  });
}

}  // namespace unmask
