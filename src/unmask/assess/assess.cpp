#include "unmask/assess/assess.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "unmask/core/time.hpp"
#include "unmask/signals/normalize.hpp"

namespace unmask {
namespace {

// Membership test of one network against the per-actor network index.
struct MemberOf {
  const std::vector<uint32_t>& network_of;
  uint32_t network;
  bool operator()(ActorId a) const { return network_of[a] == network; }
};

std::string Percent(double share) { return fmt::format("{:.0f}%", share * 100); }

Indicator CreationBurst(const Store& store, const Network& net, const AssessConfig& config) {
  std::vector<Time> created;
  for (ActorId a : net.members) {
    if (store.actors().created[a] != kNoTime) created.push_back(store.actors().created[a]);
  }
  Indicator ind{"creation_burst"};
  if (created.size() < 5) {
    ind.evidence = fmt::format("creation dates known for only {} of {} members", created.size(), net.members.size());
    return ind;
  }
  std::sort(created.begin(), created.end());
  size_t best = 0, best_start = 0;
  for (size_t lo = 0, hi = 0; hi < created.size(); ++hi) {
    while (created[hi] - created[lo] > config.burst_window) ++lo;
    if (hi - lo + 1 > best) best = hi - lo + 1, best_start = lo;
  }
  ind.value = static_cast<double>(best) / created.size();
  ind.fired = ind.value >= config.burst_share;
  ind.evidence = fmt::format("{} of {} dated members were created within {} days ({} to {})", best, created.size(),
                             config.burst_window / 86400, FormatDate(created[best_start]),
                             FormatDate(created[best_start + best - 1]));
  return ind;
}

Indicator YoungAccounts(const Store& store, const Network& net, const AssessConfig& config) {
  size_t dated = 0, young = 0;
  for (ActorId a : net.members) {
    const Time created = store.actors().created[a];
    const auto posts = store.PostsOf(a);
    if (created == kNoTime || posts.empty()) continue;
    ++dated;
    young += store.posts().time[posts.front()] - created < config.young_age;
  }
  Indicator ind{"young_accounts"};
  if (dated < 5) {
    ind.evidence = "too few dated, active members to judge account age";
    return ind;
  }
  ind.value = static_cast<double>(young) / dated;
  ind.fired = ind.value >= config.young_share;
  ind.evidence = fmt::format("{} of {} active members were under {} days old at their first post in the data",
                             young, dated, config.young_age / 86400);
  return ind;
}

Indicator CopyPaste(const Store& store, const Network& net, const AssessConfig& config) {
  std::unordered_map<std::string, std::unordered_set<ActorId>> authors_of;
  std::vector<std::pair<std::string, ActorId>> texts;
  const PostTable& posts = store.posts();
  for (ActorId a : net.members) {
    for (PostId p : store.PostsOf(a)) {
      if (posts.text[p] == 0 || posts.type[p] == PostType::kShare || posts.type[p] == PostType::kReaction) continue;
      std::string normal = NormalizeText(store.Str(posts.text[p]));
      if (CodePoints(normal) < static_cast<size_t>(config.min_text_chars)) continue;
      authors_of[normal].insert(a);
      texts.emplace_back(std::move(normal), a);
    }
  }
  Indicator ind{"copy_paste"};
  if (texts.size() < 10) {
    ind.evidence = fmt::format("only {} comparable texts", texts.size());
    return ind;
  }
  size_t copied = 0;
  for (const auto& [text, author] : texts) copied += authors_of[text].size() > 1;
  ind.value = static_cast<double>(copied) / texts.size();
  ind.fired = ind.value >= config.copy_share;
  ind.evidence = fmt::format("{} of {} texts ({}) were posted word for word by another member", copied,
                             texts.size(), Percent(ind.value));
  return ind;
}

// Engagements with the network's posts by other actors; `takedown` may be
// empty on the first pass (then the split inside/outside is all it gives).
EchoChamber CountEcho(const Store& store, const Network& net, const MemberOf& member,
                      const std::vector<uint8_t>& takedown) {
  EchoChamber echo;
  std::unordered_set<ActorId> engagers;
  const PostTable& posts = store.posts();
  for (ActorId a : net.members) {
    for (PostId p : store.PostsOf(a)) {
      for (PostId c : store.ChildrenOf(p)) {
        const ActorId engager = posts.actor[c];
        if (engager == a) continue;  // acting on one's own post is not engagement
        ++echo.engagements;
        if (member(engager)) {
          ++echo.internal;
        } else if (!takedown.empty() && takedown[engager]) {
          ++echo.other_takedown;
        } else {
          ++echo.authentic;
          engagers.insert(engager);
        }
      }
    }
  }
  echo.authentic_engagers = engagers.size();
  return echo;
}

Indicator EchoIndicator(const EchoChamber& echo, const AssessConfig& config) {
  Indicator ind{"echo_chamber"};
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

void FindAmplifiers(const Store& store, Network& net, const MemberOf& member,
                    const std::vector<uint8_t>& takedown, const AssessConfig& config) {
  std::unordered_map<ActorId, Amplifier> found;
  const PostTable& posts = store.posts();
  for (ActorId a : net.members) {
    for (PostId p : store.PostsOf(a)) {
      for (PostId c : store.ChildrenOf(p)) {
        const PostType type = posts.type[c];
        const ActorId who = posts.actor[c];
        if ((type != PostType::kShare && type != PostType::kQuote) || member(who) || takedown[who]) continue;
        const int64_t followers = store.actors().followers[who];
        auto [it, inserted] = found.try_emplace(who, Amplifier{who, std::max<int64_t>(followers, 0), 0,
                                                               posts.time[c], posts.time[c]});
        ++it->second.engagements;
        it->second.first = std::min(it->second.first, posts.time[c]);
        it->second.last = std::max(it->second.last, posts.time[c]);
      }
    }
  }
  net.amplifiers.clear();
  for (const auto& [actor, amp] : found) net.amplifiers.push_back(amp);
  std::sort(net.amplifiers.begin(), net.amplifiers.end(), [](const Amplifier& x, const Amplifier& y) {
    if (x.audience != y.audience) return x.audience > y.audience;
    if (x.engagements != y.engagements) return x.engagements > y.engagements;
    return x.actor < y.actor;
  });
  net.amplifier_count = net.amplifiers.size();
  if (net.amplifiers.size() > config.max_amplifiers) net.amplifiers.resize(config.max_amplifiers);
}

void Decide(Network& net, const AssessConfig& config) {
  int fired = 0;
  for (const Indicator& ind : net.indicators) fired += ind.fired;
  const int total = static_cast<int>(net.indicators.size());
  net.verdict.takedown = fired >= config.min_indicators;
  const double share = static_cast<double>(fired) / total;
  net.verdict.confidence = net.verdict.takedown ? share : 1.0 - share;
  net.verdict.reasons.clear();
  net.verdict.reasons.push_back(fmt::format(
      "{} members tied by {} coordinated pairs that chance does not explain (strongest pair p = {:.1e})",
      net.members.size(), net.edges, net.min_p_value));
  for (const Indicator& ind : net.indicators) {
    if (ind.fired == net.verdict.takedown) net.verdict.reasons.push_back(ind.evidence);
  }
  net.verdict.reasons.push_back(
      net.verdict.takedown
          ? fmt::format("{} of {} inauthenticity indicators fired (takedown needs {})", fired, total,
                        config.min_indicators)
          : fmt::format("only {} of {} inauthenticity indicators fired (takedown needs {}): coordination alone "
                        "is not a violation",
                        fired, total, config.min_indicators));
}

std::vector<uint32_t> NetworkOf(const Store& store, const std::vector<Network>& networks) {
  std::vector<uint32_t> network_of(store.actors().size(), kNone);
  for (uint32_t n = 0; n < networks.size(); ++n) {
    for (ActorId a : networks[n].members) network_of[a] = n;
  }
  return network_of;
}

void CountActivity(const Store& store, Network& net) {
  for (ActorId a : net.members) {
    const auto posts = store.PostsOf(a);
    net.posts += posts.size();
    if (posts.empty()) continue;
    const Time first = store.posts().time[posts.front()], last = store.posts().time[posts.back()];
    net.first_activity = net.first_activity == kNoTime ? first : std::min(net.first_activity, first);
    net.last_activity = std::max(net.last_activity, last);
  }
}

}  // namespace

std::vector<uint8_t> TakedownMask(const Store& store, const std::vector<Network>& networks) {
  std::vector<uint8_t> mask(store.actors().size(), 0);
  for (const Network& net : networks) {
    if (!net.verdict.takedown) continue;
    for (ActorId a : net.members) mask[a] = 1;
  }
  return mask;
}

void AssessNetworks(const Store& store, std::vector<Network>& networks, const AssessConfig& config) {
  const std::vector<uint32_t> network_of = NetworkOf(store, networks);
  for (uint32_t n = 0; n < networks.size(); ++n) {
    Network& net = networks[n];
    const MemberOf member{network_of, n};
    CountActivity(store, net);
    net.echo = CountEcho(store, net, member, {});
    net.indicators = {CreationBurst(store, net, config), YoungAccounts(store, net, config),
                      CopyPaste(store, net, config), EchoIndicator(net.echo, config)};
    Decide(net, config);
  }
  const std::vector<uint8_t> takedown = TakedownMask(store, networks);
  for (uint32_t n = 0; n < networks.size(); ++n) {
    Network& net = networks[n];
    const MemberOf member{network_of, n};
    net.echo = CountEcho(store, net, member, takedown);
    FindAmplifiers(store, net, member, takedown, config);
  }
  std::stable_sort(networks.begin(), networks.end(), [](const Network& x, const Network& y) {
    if (x.verdict.takedown != y.verdict.takedown) return x.verdict.takedown;
    if (x.verdict.takedown && x.verdict.confidence != y.verdict.confidence) {
      return x.verdict.confidence > y.verdict.confidence;
    }
    return x.members.size() > y.members.size();
  });
}

}  // namespace unmask
