#include "unmask/assess/indicators.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "unmask/core/hash.hpp"
#include "unmask/core/parallel.hpp"
#include "unmask/core/time.hpp"
#include "unmask/graph/coordination_graph.hpp"
#include "unmask/signals/normalize.hpp"

namespace unmask {
namespace {

std::string Percent(double share) { return fmt::format("{:.0f}%", share * 100); }

struct TraitText {
  Trait trait;
  Family family;
  const char* noun;        // what is counted
  const char* predicate;   // what they show
  bool decisive = false;   // a misrepresentation seen directly (Indicator::decisive)
};

constexpr TraitText kTraitTexts[] = {
    {Trait::kYoung, Family::kIdentity, "active accounts", "were under 90 days old at their first post in the data"},
    {Trait::kGeneratedHandle, Family::kIdentity, "handles", "look generated (long digit suffixes or random strings)"},
    {Trait::kSharedAvatar, Family::kIdentity, "profiles", "use a picture that another profile also uses"},
    {Trait::kCopiedBio, Family::kIdentity, "bios", "are copied word for word from another profile"},
    {Trait::kSharedInfra, Family::kIdentity, "profiles", "share an IP address, device or phone with another profile"},
    {Trait::kLowAudience, Family::kIdentity, "accounts", "follow five times as many as follow them, with under 100 followers"},
    {Trait::kAmplifyOnly, Family::kBehaviour, "active accounts",
     "only react and share (10 actions or more, 90% of them reactions or shares)"},
    {Trait::kNoSleep, Family::kBehaviour, "active accounts",
     "post at every hour of the day, with no night (24 posts or more, no 4 empty hours in a row)"},
    {Trait::kClaimedElsewhere, Family::kIdentity, "accounts with a declared place and 8 posts or more",
     "post at hours that fit a place at least 5 hours from the one they claim to live in, 100 times better than any "
     "place near it",
     true},
};

const TraitText& TextOf(Trait trait) {
  return *std::find_if(std::begin(kTraitTexts), std::end(kTraitTexts),
                       [&](const TraitText& t) { return t.trait == trait; });
}

std::string PValue(double p) { return p < 1e-300 ? "p < 1e-300" : fmt::format("p = {:.1e}", p); }

// Whom a member share is compared with: "all profiles", or "profiles outside
// the takedown networks".
std::string Whom(const Population& population, std::string_view noun) {
  return population.outside_takedowns ? fmt::format("{} outside the takedown networks", noun)
                                      : fmt::format("all {}", noun);
}

// A trait a network was split off on says nothing in the network itself (its
// members were chosen for it); what counts is the test in the community it
// was split from, made before anyone was chosen.
Indicator Inherited(const Indicator& own, std::span<const Indicator> inherited) {
  for (const Indicator& parent : inherited) {
    if (parent.name != own.name) continue;
    Indicator ind = parent;
    ind.evidence = fmt::format("in the community it was split from, {}{}", parent.evidence,
                               parent.fired ? "" : " (not counted: not beyond chance there)");
    return ind;
  }
  Indicator ind = own;
  ind.fired = false;
  ind.evidence += " (not counted: the network was split off on this trait)";
  return ind;
}

}  // namespace


std::string_view IndicatorName(Trait trait) {
  switch (trait) {
    case Trait::kYoung: return "young_accounts";
    case Trait::kGeneratedHandle: return "generated_handles";
    case Trait::kSharedAvatar: return "shared_avatars";
    case Trait::kCopiedBio: return "copied_bios";
    case Trait::kSharedInfra: return "shared_infrastructure";
    case Trait::kAmplifyOnly: return "amplify_only";
    case Trait::kLowAudience: return "low_audience";
    case Trait::kNoSleep: return "no_sleep";
    case Trait::kClaimedElsewhere: return "claimed_elsewhere";
    case Trait::kCount: break;
  }
  return "?";
}

std::string_view FamilyName(Family family) {
  switch (family) {
    case Family::kIdentity: return "identity";
    case Family::kBehaviour: return "behaviour";
    case Family::kContent: return "content";
    case Family::kReach: return "reach";
  }
  return "?";
}

Population MakePopulation(const Store& store, const Fingerprints& fingerprints, const std::vector<uint8_t>& excluded) {
  Population population{store, fingerprints, {}, !excluded.empty()};
  const ActorTable& actors = store.actors();
  for (ActorId a = 0; a < actors.size(); ++a) {
    if (!excluded.empty() && excluded[a]) continue;
    if (actors.has_record[a] && actors.created[a] != kNoTime) population.created.push_back(actors.created[a]);
  }
  std::sort(population.created.begin(), population.created.end());
  return population;
}

Indicator TraitIndicator(const Population& population, std::span<const ActorId> members, Trait trait,
                         const AssessConfig& config) {
  const TraitText& text = TextOf(trait);
  Indicator ind{std::string(IndicatorName(trait)), text.family};
  ind.decisive = text.decisive;
  uint32_t judged = 0, shown = 0;
  for (ActorId a : members) {
    judged += population.fingerprints.Judged(a, trait);
    shown += population.fingerprints.Has(a, trait);
  }
  const double rate = population.fingerprints.population_rate[static_cast<int>(trait)];
  if (judged == 0) {
    ind.evidence = fmt::format("no {} to judge", text.noun);
    return ind;
  }
  ind.value = static_cast<double>(shown) / judged;
  ind.p_value = BinomialUpperTail(shown, judged, rate);
  ind.fired = ind.p_value < config.indicator_alpha && shown >= config.min_trait_members &&
              ind.value >= config.min_trait_share && ind.value >= config.min_trait_lift * rate;
  ind.evidence = fmt::format("{} of {} {} ({}) {}; {} of {} do ({})", shown, judged, text.noun, Percent(ind.value),
                             text.predicate, Percent(rate), Whom(population, text.noun), PValue(ind.p_value));
  return ind;
}

Indicator CreationBurst(const Population& population, std::span<const ActorId> members, const AssessConfig& config) {
  std::vector<Time> created;
  for (ActorId a : members) {
    if (population.store.actors().created[a] != kNoTime) created.push_back(population.store.actors().created[a]);
  }
  Indicator ind{"creation_burst", Family::kIdentity};
  if (created.size() < 5) {
    ind.evidence = fmt::format("creation dates known for only {} of {} members", created.size(), members.size());
    return ind;
  }
  std::sort(created.begin(), created.end());
  size_t best = 0, best_start = 0;
  for (size_t lo = 0, hi = 0; hi < created.size(); ++hi) {
    while (created[hi] - created[lo] > config.burst_window) ++lo;
    if (hi - lo + 1 > best) best = hi - lo + 1, best_start = lo;
  }
  const Time from = created[best_start], to = created[best_start + best - 1];
  const auto& all = population.created;
  const auto in_window = std::upper_bound(all.begin(), all.end(), from + config.burst_window) -
                         std::lower_bound(all.begin(), all.end(), from);
  const double share = all.empty() ? 1.0 : static_cast<double>(in_window) / static_cast<double>(all.size());
  const auto n = static_cast<uint32_t>(created.size());
  ind.value = static_cast<double>(best) / n;
  ind.p_value = std::min(1.0, n * BinomialUpperTail(static_cast<uint32_t>(best), n, share));
  ind.fired = ind.p_value < config.indicator_alpha && ind.value >= config.burst_share;
  ind.evidence = fmt::format("{} of {} dated members ({}) were created within {} days ({} to {}), when {} of {} "
                             "were created in that window ({})",
                             best, n, Percent(ind.value), config.burst_window / 86400, FormatDate(from), FormatDate(to),
                             Percent(share), Whom(population, "profiles"), PValue(ind.p_value));
  return ind;
}

namespace {

// The key of a text string's normal form for copying: its 64-bit hash (as
// same_text knows it), 0 when shorter than min_text_chars.
uint64_t CopyKeyOf(const Store& store, StrId text, const AssessConfig& config) {
  const std::string normal = NormalizeText(store.Str(text));
  return CodePoints(normal) >= static_cast<size_t>(config.min_text_chars) ? HashBytes(normal) | 1 : 0;
}

bool ComparedForCopying(const PostTable& posts, PostId p) {
  return posts.text[p] != 0 && posts.type[p] != PostType::kShare && posts.type[p] != PostType::kReaction;
}

}  // namespace

std::vector<uint64_t> CopyTextKeys(const Store& store, std::span<const ActorId> actors, const AssessConfig& config,
                                   int threads) {
  std::vector<uint64_t> keys(store.posts().size(), 0);
  constexpr size_t kBlock = 256;
  ParallelFor((actors.size() + kBlock - 1) / kBlock, threads, [&](size_t b) {
    std::unordered_map<StrId, uint64_t> key_of;  // a block's text strings, normalised once each
    for (size_t i = b * kBlock; i < std::min(actors.size(), (b + 1) * kBlock); ++i) {
      for (PostId p : store.PostsOf(actors[i])) {
        if (!ComparedForCopying(store.posts(), p)) continue;
        auto [key, added] = key_of.try_emplace(store.posts().text[p], 0);
        if (added) key->second = CopyKeyOf(store, store.posts().text[p], config);
        keys[p] = key->second;
      }
    }
  });
  return keys;
}

std::vector<uint64_t> CopyTextKeys(const Store& store, const MemberEvents& events, std::span<const ActorId> actors,
                                   const AssessConfig& config, int threads) {
  const std::vector<Signal>& held = events.Signals();
  if (config.min_text_chars <= 0 || config.signals.min_text_chars != config.min_text_chars ||
      std::find(held.begin(), held.end(), Signal::kSameText) == held.end()) {
    return CopyTextKeys(store, actors, config, threads);
  }
  // same_text's key is HashBytes(normal form) | 1, and a post without an
  // event is one copy_paste does not compare (key 0).
  std::vector<uint64_t> keys(store.posts().size(), 0);
  for (const Event& e : events.Of(Signal::kSameText)) keys[e.post] = e.object;
  return keys;
}

// Texts another member posted word for word; one identity cross-posting its
// own text on several platforms does not count. A normal form is known by
// its key (CopyKeyOf: from `keys` when given, else each text string is
// normalised once), and keeps its first identity and whether another posted
// it too: all that "another member" needs.
Indicator CopyPaste(const Store& store, const Fingerprints& fp, std::span<const ActorId> members,
                    const AssessConfig& config, const std::vector<uint64_t>* keys) {
  struct Authors {
    uint64_t first;
    bool several = false;
  };
  std::unordered_map<uint64_t, Authors> authors_of;
  std::unordered_map<StrId, uint64_t> key_of;  // without `keys`: text string -> key
  std::vector<uint64_t> texts;
  const PostTable& posts = store.posts();
  for (ActorId a : members) {
    for (PostId p : store.PostsOf(a)) {
      if (!ComparedForCopying(posts, p)) continue;
      uint64_t key = 0;
      if (keys != nullptr) {
        key = (*keys)[p];
      } else {
        auto [it, added] = key_of.try_emplace(posts.text[p], 0);
        if (added) it->second = CopyKeyOf(store, posts.text[p], config);
        key = it->second;
      }
      if (key == 0) continue;
      auto [authors, first] = authors_of.try_emplace(key, Authors{fp.identity[a]});
      if (!first && authors->second.first != fp.identity[a]) authors->second.several = true;
      texts.push_back(key);
    }
  }
  Indicator ind{"copy_paste", Family::kContent};
  if (texts.size() < 10) {
    ind.evidence = fmt::format("only {} comparable texts", texts.size());
    return ind;
  }
  size_t copied = 0;
  for (uint64_t text : texts) copied += authors_of.at(text).several;
  ind.value = static_cast<double>(copied) / texts.size();
  ind.fired = ind.value >= config.copy_share;
  ind.evidence = fmt::format("{} of {} texts ({}) were posted word for word by another member", copied,
                             texts.size(), Percent(ind.value));
  return ind;
}

Indicator WorkingHours(const SchedulePattern& s) {
  Indicator ind{"working_hours", Family::kBehaviour};
  if (!s.enough) {
    ind.evidence = "too few posts to read a schedule";
    return ind;
  }
  ind.value = s.office_share;
  ind.fired = s.office_hours;
  const auto local = [&](int utc) { return (utc + s.implied_utc_offset + 24) % 24; };
  if (s.office_hours) {
    ind.evidence = fmt::format(
        "posts peak {:02d}:00-{:02d}:00 UTC{:+d} on weekdays ({} of weekday posts) with a dip at {:02d}:00, and "
        "weekends carry {} of a weekday's volume: a working day, not private lives",
        local(s.office_start_utc), local(s.office_start_utc + 9), s.implied_utc_offset, Percent(s.office_share),
        local(s.lunch_utc), Percent(s.weekend_ratio));
  } else if (s.round_the_clock) {
    ind.evidence = "posts spread over every hour of the day";
  } else {
    ind.evidence = fmt::format("a night of {} quiet hours, as of people living around UTC{:+d}; no office pattern",
                               s.quiet_hours, s.implied_utc_offset);
  }
  return ind;
}

Indicator EchoIndicator(const EchoChamber& echo, const AssessConfig& config) {
  Indicator ind{"echo_chamber", Family::kReach};
  ind.value = echo.InternalShare();
  if (echo.engagements < config.echo_min_engagements) {
    ind.evidence = fmt::format("its posts received only {} engagements", echo.engagements);
    return ind;
  }
  ind.fired = ind.value >= config.echo_share;
  ind.evidence = fmt::format("{} of the {} engagements its posts received came from its own members", Percent(ind.value),
                             echo.engagements);
  return ind;
}

Indicator AuthenticAudience(const EchoChamber& echo, const AssessConfig& config) {
  Indicator ind{"authentic_audience", Family::kReach, true};
  const double outside = echo.engagements ? 1.0 - echo.InternalShare() : 0.0;
  ind.value = outside;
  if (echo.engagements < config.echo_min_engagements) {
    ind.evidence = fmt::format("its posts received only {} engagements", echo.engagements);
    return ind;
  }
  ind.fired = outside >= config.authentic_share;
  ind.evidence = fmt::format("{} of the {} engagements its posts received came from {} actors outside it",
                             Percent(outside), echo.engagements, echo.authentic_engagers);
  return ind;
}

double ChiSquareUpperTailEven(double x, int df) {
  // P(X > x) for X ~ chi-square with even df = 2k: e^{-x/2} sum_{i<k} (x/2)^i / i!.
  const double half = x / 2;
  double term = std::exp(-half), sum = term;
  for (int i = 1; i < df / 2; ++i) {
    term *= half / i;
    sum += term;
  }
  return std::min(1.0, sum);
}

Indicator CombinedIdentity(const std::vector<Indicator>& identity, const AssessConfig& config) {
  Indicator ind{"identity_combined", Family::kIdentity};
  double statistic = 0;
  int tests = 0;
  for (const Indicator& i : identity) {
    if (i.p_value >= 1) continue;
    statistic += -2 * std::log(std::max(i.p_value, 1e-300));
    ++tests;
  }
  if (tests < 2) {
    ind.evidence = "too few identity tests to combine";
    return ind;
  }
  ind.p_value = ChiSquareUpperTailEven(statistic, 2 * tests);
  ind.value = statistic;
  const bool any_fired = std::any_of(identity.begin(), identity.end(), [](const Indicator& i) { return i.fired; });
  ind.fired = !any_fired && ind.p_value < config.indicator_alpha;
  ind.evidence = fmt::format("no identity trait is decisive alone, but together the {} identity tests are beyond "
                             "chance (Fisher's method, {})",
                             tests, PValue(ind.p_value));
  return ind;
}

std::vector<Indicator> AllIndicators(const Population& population, std::span<const ActorId> members,
                                     const SchedulePattern& schedule, const EchoChamber& echo,
                                     const AssessConfig& config, uint16_t selected_traits,
                                     std::span<const Indicator> inherited) {
  std::vector<Indicator> out{CreationBurst(population, members, config)};
  std::vector<Indicator> identity{out.front()};
  for (const TraitText& t : kTraitTexts) {
    out.push_back(TraitIndicator(population, members, t.trait, config));
    if (selected_traits >> static_cast<int>(t.trait) & 1) {
      out.back() = Inherited(out.back(), inherited);
      if (!out.back().fired) continue;
    }
    if (t.family == Family::kIdentity) identity.push_back(out.back());
  }
  out.push_back(CombinedIdentity(identity, config));
  out.push_back(WorkingHours(schedule));
  out.push_back(CopyPaste(population.store, population.fingerprints, members, config, population.text_keys));
  out.push_back(EchoIndicator(echo, config));
  out.push_back(AuthenticAudience(echo, config));
  return out;
}

}  // namespace unmask
