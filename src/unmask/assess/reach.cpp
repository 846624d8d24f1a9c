// The echo chamber in detail, the authentic reach estimate, the amplifiers'
// shares, the Breakout Scale and the audience profile of every network.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <numbers>
#include <set>
#include <span>

#include "unmask/assess/assess.hpp"
#include "unmask/assess/impact.hpp"
#include "unmask/core/parallel.hpp"
#include "unmask/core/time.hpp"

namespace unmask {
namespace {

constexpr Time kDaySeconds = 86400;

int64_t DayOf(Time t) { return FloorDiv(t, kDaySeconds); }
int HourOf(Time t) { return static_cast<int>(FloorDiv(t, 3600) - DayOf(t) * 24); }

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

// Distinct actors of one set at a time, without a hash set: a mark per actor
// holding the number of the set that last took it. One per worker.
class ActorMarks {
 public:
  explicit ActorMarks(size_t actors) : mark_(actors, 0) {}
  // Starts a new, empty set.
  void Clear() {
    if (++set_ == 0) {
      std::fill(mark_.begin(), mark_.end(), 0);
      set_ = 1;
    }
  }
  // Adds `a` to the current set; false when it was there already.
  bool Insert(ActorId a) {
    if (mark_[a] == set_) return false;
    mark_[a] = set_;
    return true;
  }

 private:
  std::vector<uint32_t> mark_;
  uint32_t set_ = 0;
};

// What one pass over a network's posts and their engagements collects.
struct Collected {
  std::vector<std::pair<ActorId, PostId>> authentic_engagers;  // each once, with its first engagement
  // (authentic sharer, its share or quote), by sharer, then time and post (SortShares)
  std::vector<std::pair<ActorId, PostId>> shares;
  std::map<PlatformId, uint64_t> engagers_by_platform;  // distinct authentic engagers by the engaged post's platform
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

// Sorts `items` and counts the distinct values of each key (first) among them.
template <typename Key, typename Value>
std::map<Key, uint64_t> DistinctPerKey(std::vector<std::pair<Key, Value>>& items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  std::map<Key, uint64_t> counts;
  for (const auto& [key, value] : items) ++counts[key];
  return counts;
}

void SortShares(const Store& store, std::vector<std::pair<ActorId, PostId>>& shares) {
  const PostTable& posts = store.posts();
  std::sort(shares.begin(), shares.end(), [&](const auto& x, const auto& y) {
    if (x.first != y.first) return x.first < y.first;
    return posts.time[x.second] != posts.time[y.second] ? posts.time[x.second] < posts.time[y.second]
                                                        : x.second < y.second;
  });
}

// Calls fn(sharer, its shares) for each authentic sharer, in id order.
template <typename Fn>
void ForEachSharer(const Collected& c, Fn&& fn) {
  for (size_t i = 0; i < c.shares.size();) {
    size_t end = i + 1;
    while (end < c.shares.size() && c.shares[end].first == c.shares[i].first) ++end;
    fn(c.shares[i].first, std::span<const std::pair<ActorId, PostId>>(c.shares.data() + i, end - i));
    i = end;
  }
}

Collected CollectEngagements(const Store& store, const Sides& sides, uint32_t n, Network& net, ActorMarks& engagers) {
  Collected c;
  Impact& impact = net.impact;
  const PostTable& posts = store.posts();
  std::vector<std::pair<PlatformId, ActorId>> by_platform;
  std::vector<std::pair<int64_t, ActorId>> by_day;
  engagers.Clear();
  // A member's posts come in time order, mostly on one platform: the day and
  // the platform of the last post are looked up again only when they change
  // (std::map and std::set entries do not move).
  DayActivity* day = nullptr;
  int64_t day_number = 0;
  PlatformId last_platform = 0;
  bool have_platform = false;  // last_platform is in content_platforms
  for (ActorId a : net.members) {
    for (PostId p : store.PostsOf(a)) {
      const Time t = posts.time[p];
      if (day == nullptr || DayOf(t) != day_number) {
        day_number = DayOf(t);
        day = &Day(c, day_number);
      }
      ++day->actions;
      day->posts += posts.type[p] == PostType::kPost;
      ++impact.member_hours[static_cast<size_t>(HourOf(t))];
      if (!have_platform || posts.platform[p] != last_platform) {
        have_platform = true;
        last_platform = posts.platform[p];
        c.content_platforms.insert(last_platform);
      }
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
        if (engagers.Insert(who)) c.authentic_engagers.emplace_back(who, e);
        by_platform.emplace_back(posts.platform[p], who);
        by_day.emplace_back(DayOf(posts.time[e]), who);
        if (Amplifies(posts.type[e])) c.shares.emplace_back(who, e);
      }
    }
  }
  SortShares(store, c.shares);
  c.engagers_by_platform = DistinctPerKey(by_platform);
  for (auto& [platform, split] : impact.echo_by_platform) {
    split.authentic_engagers = c.engagers_by_platform[platform];
  }
  for (const auto& [day, engagers_that_day] : DistinctPerKey(by_day)) {
    c.days[day].received.authentic_engagers = engagers_that_day;
  }
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

void ListShares(Network& net, const Collected& c, const ImpactConfig& config) {
  for (Amplifier& amp : net.amplifiers) {
    amp.shared.clear();
    auto it = std::lower_bound(c.shares.begin(), c.shares.end(), amp.actor,
                               [](const std::pair<ActorId, PostId>& share, ActorId a) { return share.first < a; });
    for (; it != c.shares.end() && it->first == amp.actor && amp.shared.size() < config.max_shares_listed; ++it) {
      amp.shared.push_back(it->second);
    }
  }
}

// Followers the relation table shows, outside every takedown network: for
// every actor, the distinct such actors that follow it (a repeated record
// counts once). Built once for all networks, O(R log R).
class FollowerIndex {
 public:
  FollowerIndex(const Store& store, const Sides& sides) {
    const RelationTable& relations = store.relations();
    const auto counted = [&](size_t r) {
      return relations.type[r] == RelationType::kFollows && !sides.takedown[relations.from[r]];
    };
    start_.assign(store.actors().size() + 1, 0);
    for (size_t r = 0; r < relations.size(); ++r) {
      if (counted(r)) ++start_[relations.to[r] + 1];
    }
    for (size_t a = 1; a < start_.size(); ++a) start_[a] += start_[a - 1];
    followers_.resize(start_.back());
    std::vector<uint64_t> fill(start_.begin(), start_.end() - 1);
    for (size_t r = 0; r < relations.size(); ++r) {
      if (counted(r)) followers_[fill[relations.to[r]]++] = relations.from[r];
    }
    // Each actor's followers sorted and made distinct, moved down into place.
    uint64_t kept = 0;
    for (size_t a = 0; a + 1 < start_.size(); ++a) {
      const auto first = followers_.begin() + static_cast<std::ptrdiff_t>(start_[a]);
      const auto last = followers_.begin() + static_cast<std::ptrdiff_t>(start_[a + 1]);
      std::sort(first, last);
      const auto end = std::unique(first, last);
      start_[a] = kept;
      kept = static_cast<uint64_t>(std::copy(first, end, followers_.begin() + static_cast<std::ptrdiff_t>(kept)) -
                                   followers_.begin());
    }
    start_.back() = kept;
    followers_.resize(kept);
  }
  std::span<const ActorId> Of(ActorId a) const {
    return {followers_.data() + start_[a], static_cast<size_t>(start_[a + 1] - start_[a])};
  }

 private:
  std::vector<uint64_t> start_;
  std::vector<ActorId> followers_;
};

// Adds to `seen` the followers of the network's members from outside it and
// of its authentic amplifiers; returns how many were new.
uint64_t AddFollowers(const Sides& sides, const FollowerIndex& followers, const Collected& c, const Network& net,
                      uint32_t n, bool members, ActorMarks& seen) {
  uint64_t added = 0;
  if (members) {
    for (ActorId m : net.members) {
      if (sides.network_of[m] != n) continue;  // a member the network shares is counted where network_of puts it
      for (ActorId from : followers.Of(m)) added += sides.network_of[from] != n && seen.Insert(from);
    }
  } else {
    ForEachSharer(c, [&](ActorId who, auto) {
      for (ActorId from : followers.Of(who)) added += seen.Insert(from);
    });
  }
  return added;
}

AuthenticReach EstimateReach(const Store& store, const Sides& sides, const FollowerIndex& followers,
                             const Collected& c, const Network& net, uint32_t n, ActorMarks& seen) {
  AuthenticReach r;
  r.engagers = c.authentic_engagers.size();
  uint64_t audience_or_observed = 0;
  ForEachSharer(c, [&](ActorId who, auto) {
    ++r.amplifiers;
    const int64_t declared = store.actors().followers[who];
    const uint64_t observed = followers.Of(who).size();
    if (declared >= 0) {
      r.amplifier_audience += static_cast<uint64_t>(declared);
    } else {
      ++r.amplifiers_unknown_audience;
    }
    audience_or_observed += std::max<uint64_t>(declared < 0 ? 0 : static_cast<uint64_t>(declared), observed);
  });
  seen.Clear();
  uint64_t distinct = 0;
  for (const auto& [who, post] : c.authentic_engagers) distinct += seen.Insert(who);
  distinct += AddFollowers(sides, followers, c, net, n, true, seen);
  const uint64_t engagers_and_member_followers = distinct;
  distinct += AddFollowers(sides, followers, c, net, n, false, seen);
  r.low = distinct;
  seen.Clear();
  r.observed_followers = AddFollowers(sides, followers, c, net, n, true, seen);
  r.observed_followers += AddFollowers(sides, followers, c, net, n, false, seen);
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
  ForEachSharer(c, [&](ActorId who, auto) {
    if (!keep(who)) return;
    const int64_t f = store.actors().followers[who];
    if (best == kNone || f > store.actors().followers[best] || (f == store.actors().followers[best] && who < best)) {
      best = who;
    }
  });
  return best;
}

BreakoutAssessment PlaceOnBreakoutScale(const Store& store, const Collected& c, const ImpactConfig& config) {
  BreakoutAssessment b;
  for (PlatformId p : c.content_platforms) b.platforms.emplace_back(store.PlatformName(p));
  for (const auto& [p, engagers] : c.engagers_by_platform) {
    if (engagers >= config.min_platform_engagers) b.breakout_platforms.emplace_back(store.PlatformName(p));
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
  ForEachSharer(c, [&](ActorId who, auto) {
    if (actors.followers[who] >= config.celebrity_audience) {
      celebrities.push_back(
          fmt::format("{} ({} followers)", Label(store, who), Thousands(static_cast<uint64_t>(actors.followers[who]))));
    }
  });
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
  // The follower index and the terms' background do not depend on each
  // other: built side by side.
  std::optional<FollowerIndex> follower_index;
  TermBackground background;
  ParallelFor(2, config.threads, [&](size_t part) {
    if (part == 0) {
      follower_index.emplace(store, sides);
    } else {
      background = BackgroundTerms(store, config);
    }
  });
  const FollowerIndex& followers = *follower_index;
  // Networks in parallel; each worker its own time-zone cache and actor marks
  // (the estimates do not depend on which worker makes them).
  const int workers = std::max(1, config.threads);
  std::vector<OffsetCache> offset_caches;
  std::vector<ActorMarks> marks;
  for (int w = 0; w < workers; ++w) {
    offset_caches.emplace_back(store, config);
    marks.emplace_back(store.actors().size());
  }
  ParallelForWorker(networks.size(), workers, [&](size_t worker, size_t i) {
    const auto n = static_cast<uint32_t>(i);
    Network& net = networks[n];
    net.impact = Impact{};
    const Collected c = CollectEngagements(store, sides, n, net, marks[worker]);
    net.impact.timeline = Timeline(c.days, config.max_timeline_days);
    ListShares(net, c, config);
    net.impact.reach = EstimateReach(store, sides, followers, c, net, n, marks[worker]);
    net.impact.breakout = PlaceOnBreakoutScale(store, c, config);
    net.impact.audience = ProfileAudience(store, c, offset_caches[worker], config);
    net.impact.narratives = DescribeNarratives(store, net, background, config);
  });
}

}  // namespace unmask
