#include "unmask/assess/assess.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "unmask/core/parallel.hpp"
#include "unmask/core/time.hpp"
#include "unmask/assess/indicators.hpp"

namespace unmask {
namespace {

// Membership test of one network against the per-actor network index.
struct MemberOf {
  const std::vector<uint32_t>& network_of;
  uint32_t network;
  bool operator()(ActorId a) const { return network_of[a] == network; }
};

// Engagements with the network's posts by other actors; `takedown` may be
// empty on the first pass (then the split inside/outside is all it gives).
EchoChamber CountEcho(const Store& store, const Network& net, const MemberOf& member,
                      const std::vector<uint8_t>& takedown) {
  EchoChamber echo;
  std::vector<ActorId> engagers;  // made distinct at the end: cheaper than a set per engagement
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
          engagers.push_back(engager);
        }
      }
    }
  }
  std::sort(engagers.begin(), engagers.end());
  echo.authentic_engagers = static_cast<uint64_t>(std::unique(engagers.begin(), engagers.end()) - engagers.begin());
  return echo;
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

std::string PValue(double p) { return p < 1e-300 ? "p < 1e-300" : fmt::format("p = {:.1e}", p); }

std::string CoordinationSentence(const Network& net) {
  const CoordinationTest& t = net.coordination_test;
  return fmt::format(
      "{} members tied by {} coordinated pairs; {} of their {} actions on shared objects came within the window of "
      "another member's action on the same object, against {:.1f} ± {:.1f} when each member's activity is moved by "
      "random whole days ({} shuffles, {})",
      net.members.size(), net.edges, t.observed, t.actions, t.expected, t.spread, t.rounds, PValue(t.p_value));
}

// The members whose own traits the indicators count: all but those that
// joined only by engaging with the network (its audience, until the verdict
// has judged each of them on its own traits).
std::vector<ActorId> JudgedMembers(const Network& net) {
  std::vector<ActorId> judged;
  std::set_difference(net.members.begin(), net.members.end(), net.engaged.begin(), net.engaged.end(),
                      std::back_inserter(judged));
  return judged;
}

// Takedown when coordination is beyond chance, at least one indicator is
// about identity (pretending to be many independent people), and indicators
// for outnumber indicators against by min_score, or a decisive one fired (a
// misrepresentation seen directly: no audience makes it authentic).
// Confidence grows by 0.1 per indicator of margin from 0.5.
void Decide(Network& net, const AssessConfig& config) {
  int score = 0;
  bool identity = false, decisive = false;
  for (const Indicator& ind : net.indicators) {
    if (!ind.fired) continue;
    score += ind.against ? -1 : 1;
    identity |= !ind.against && ind.family == Family::kIdentity;
    decisive |= !ind.against && ind.decisive;
  }
  const bool coordinated = net.coordination_test.p_value < config.coordination_alpha;
  const bool enough = score >= config.min_score || decisive;
  Verdict& v = net.verdict;
  v.takedown = coordinated && identity && enough;
  const int margin = v.takedown ? std::max(score, config.min_score) - config.min_score + 1
                                : config.min_score - score + (coordinated ? 0 : 2);
  v.confidence = std::min(0.99, 0.5 + 0.1 * std::max(margin, 0));
  v.reasons.clear();
  v.reasons.push_back(CoordinationSentence(net));
  if (!coordinated) v.reasons.push_back("the timing of their common actions is what chance gives: no coordination");
  for (const Indicator& ind : net.indicators) {
    if (ind.fired) v.reasons.push_back(fmt::format("{}{}", ind.against ? "against: " : "", ind.evidence));
  }
  if (v.takedown && score < config.min_score) {
    v.reasons.push_back(fmt::format("{} indicators of inauthenticity net of those against, but its accounts misrepresent "
                                    "where they are: coordinated misrepresentation is a takedown whatever the audience",
                                    score));
  } else if (v.takedown) {
    v.reasons.push_back(fmt::format("{} indicators of inauthenticity net of those against (takedown needs {} and one "
                                    "about identity)",
                                    score, config.min_score));
  } else if (coordinated) {
    v.reasons.push_back(fmt::format("{} indicators of inauthenticity net of those against{}: coordination alone is "
                                    "not a violation",
                                    score, identity ? "" : ", none about identity"));
  }
}

// The traits a network's fired indicators rest on, with their share among
// the members and in the population.
struct TraitProfile {
  std::array<bool, kTraitCount> fired{};
  std::array<double, kTraitCount> share{}, rate{};
  bool Any() const { return std::find(fired.begin(), fired.end(), true) != fired.end(); }
};

// A core split off on some traits is told from its audience by those traits
// too, at the share its own members show them.
void AddSelectedTraits(const Network& net, const Fingerprints& fp, TraitProfile& profile) {
  for (int t = 0; t < kTraitCount; ++t) {
    if (!(net.selected_traits >> t & 1)) continue;
    const auto trait = static_cast<Trait>(t);
    double judged = 0, shown = 0;
    for (ActorId a : net.members) {
      judged += fp.Judged(a, trait);
      shown += fp.Has(a, trait);
    }
    if (judged == 0) continue;
    profile.fired[t] = true;
    profile.share[t] = std::clamp(shown / judged, 0.01, 0.99);
    profile.rate[t] = std::clamp(fp.population_rate[t], 0.01, 0.99);
  }
}

// The traits that mark a network's members: those whose indicators fired,
// and those over-represented beyond chance (p < alpha, lift, at least
// min_trait_members) even in a minority of the members (what marks a core
// inside a crowd). With none of either (a verdict resting on the combined
// identity test), the traits over-represented at p < 0.05 with the same lift.
// `wide` (for a network already judged a takedown, whose members are being
// told from its audience) takes both tiers: every trait with some evidence
// helps the mixture separate the two classes.
// Never amplify_only: resharing is what co-engagement communities are found
// by, so it is common in any crowd they gather and marks networks, not members.
TraitProfile ProfileOf(const Network& net, const Fingerprints& fp, const AssessConfig& config, bool wide = false) {
  TraitProfile profile;
  for (double alpha : {config.indicator_alpha, 0.05}) {
    for (int t = 0; t < kTraitCount; ++t) {
      if ((net.selected_traits >> t & 1) || static_cast<Trait>(t) == Trait::kAmplifyOnly) continue;
      const std::string_view name = IndicatorName(static_cast<Trait>(t));
      for (const Indicator& ind : net.indicators) {
        if (ind.name != name) continue;
        const bool marks = ind.fired || (ind.p_value < alpha && ind.value >= config.min_trait_lift * fp.population_rate[t] &&
                                         ind.value * static_cast<double>(net.members.size()) >= config.min_trait_members);
        if (!marks) continue;
        profile.fired[t] = true;
        profile.share[t] = std::clamp(ind.value, 0.01, 0.99);
        profile.rate[t] = std::clamp(fp.population_rate[t], 0.01, 0.99);
      }
    }
    if (profile.Any() && !wide) break;
  }
  if (wide) AddSelectedTraits(net, fp, profile);
  return profile;
}

// How much more an actor's judged traits look like the network's profile
// than like the population (a naive-Bayes log-likelihood ratio); `judged`
// says whether any fired trait could be judged for it at all.
// `unshown` (a bit per trait) takes traits as absent even where the actor has them.
double MemberLlr(const Fingerprints& fp, ActorId a, const TraitProfile& profile, bool& judged, uint16_t unshown = 0) {
  double llr = 0;
  judged = false;
  for (int t = 0; t < kTraitCount; ++t) {
    const auto trait = static_cast<Trait>(t);
    if (!profile.fired[t] || !fp.Judged(a, trait)) continue;
    judged = true;
    llr += fp.Has(a, trait) && !(unshown >> t & 1) ? std::log(profile.share[t] / profile.rate[t])
                            : std::log((1 - profile.share[t]) / (1 - profile.rate[t]));
  }
  return llr;
}

// Members are a mixture of operation accounts (traits at the operation's
// rates) and others (traits at the population's rates). A few rounds of
// expectation-maximisation estimate the operation's share and trait rates
// and give each member the probability that it belongs to the operation;
// -1 for members with no fired trait to judge. `fit`, when given, receives
// the operation's estimated share and trait rates.
struct MixtureFit {
  TraitProfile profile;
  double prior = 0.5;
};
std::vector<double> OperationPosterior(const Fingerprints& fp, const std::vector<ActorId>& members,
                                       TraitProfile profile, MixtureFit* fit = nullptr) {
  std::vector<double> post(members.size(), -1);
  double prior = 0.5;
  for (int round = 0; round < 8; ++round) {
    double sum = 0, weight = 0;
    std::array<double, kTraitCount> has{}, judged{};
    for (size_t i = 0; i < members.size(); ++i) {
      bool any = false;
      const double llr = MemberLlr(fp, members[i], profile, any);
      if (!any) continue;
      const double odds = std::log(prior / (1 - prior)) + llr;
      post[i] = 1 / (1 + std::exp(-std::clamp(odds, -50.0, 50.0)));
      sum += post[i];
      weight += 1;
      for (int t = 0; t < kTraitCount; ++t) {
        if (!profile.fired[t] || !fp.Judged(members[i], static_cast<Trait>(t))) continue;
        judged[t] += post[i];
        has[t] += post[i] * fp.Has(members[i], static_cast<Trait>(t));
      }
    }
    if (weight == 0) break;
    prior = std::clamp(sum / weight, 0.01, 0.99);
    for (int t = 0; t < kTraitCount; ++t) {
      if (profile.fired[t] && judged[t] > 0) profile.share[t] = std::clamp(has[t] / judged[t], 0.01, 0.99);
    }
  }
  if (fit != nullptr) *fit = {profile, prior};
  return post;
}

// A member's concert share; -1 when the network was built without it.
float ConcertOf(const Network& net, size_t i) { return i < net.concert.size() ? net.concert[i] : -1.0f; }

bool Placed(const Network& net, ActorId a) {
  return std::binary_search(net.attached.begin(), net.attached.end(), a) ||
         std::binary_search(net.joined.begin(), net.joined.end(), a);
}

// Keeps `engaged` a subset of the members after members were moved out.
void DropEngagedNotMembers(Network& net) {
  std::erase_if(net.engaged, [&](ActorId a) { return !std::binary_search(net.members.begin(), net.members.end(), a); });
}

// What ties each actor to the others in the networks: its coordination
// inside its own network, and who shares its picture or fingerprints.
struct MemberTies {
  std::vector<float> strength;
  ProfilePartners partners;
  std::vector<uint32_t> network_of;  ///< NetworkOf when the ties were taken
};

// The profile traits (shared picture, shared fingerprint) `a` shares with
// no actor `fellow` accepts, as trait bits.
template <typename Fellow>
uint16_t StrangerTies(const ProfilePartners& partners, ActorId a, Fellow fellow) {
  uint16_t strangers = 0;
  for (const auto& [signal, trait] : {std::pair{Signal::kSameAvatar, Trait::kSharedAvatar},
                                      std::pair{Signal::kSameInfra, Trait::kSharedInfra}}) {
    if (!partners.Any(a, signal, fellow)) strangers |= static_cast<uint16_t>(1u << static_cast<int>(trait));
  }
  return strangers;
}

// The members' median tie strength inside the network, over those tied at all.
double TypicalStrength(const Network& net, const std::vector<float>& strength) {
  std::vector<float> tied;
  for (ActorId a : net.members) {
    if (strength[a] > 0) tied.push_back(strength[a]);
  }
  if (tied.empty()) return 0;
  std::nth_element(tied.begin(), tied.begin() + static_cast<ptrdiff_t>(tied.size() / 2), tied.end());
  return tied[tied.size() / 2];
}

// Members of a takedown network more likely the population's than the
// operation's (or, with no trait to judge, that rarely act in concert) are
// its audience: held back as cleared, not taken down. Pages and sleepers
// placed by identity evidence stay; quiet actors that joined by engagement
// alone are judged like the others. A member on the network's edge (tied to
// it less than `periphery` times as strongly as its median member, or not by
// coordination at all) is not carried by the network's share: it stays only
// if its own traits look more like the operation's than the population's.
// So does one that joined by engaging with a network whose audience is real
// (`authentic_audience`): its engagement says reader, not operator; in an
// echo chamber, those engaging are mostly the operation's own.
// A picture or fingerprint it shares only with actors outside the network's
// core (a household's address, a stock photo) is not its tie to the
// operation; for a member in the core, one shared only with actors in no
// network at all (a stranger using the same stock photo) is not either.
// `ties` (TieStrength, ProfilePartners) may be empty: no member is peripheral.
void ClearAudience(const Fingerprints& fp, const MemberTies& ties, Network& net, const AssessConfig& config) {
  MixtureFit fit;
  OperationPosterior(fp, net.members, ProfileOf(net, fp, config, true), &fit);
  const std::vector<float>& strength = ties.strength;
  const double typical = strength.empty() ? 0 : TypicalStrength(net, strength);
  auto on_edge = [&](ActorId a) { return typical > 0 && strength[a] < config.periphery * typical; };
  auto core = [&](ActorId b) {
    return std::binary_search(net.members.begin(), net.members.end(), b) && (!on_edge(b) || Placed(net, b));
  };
  auto in_some_network = [&](ActorId b) { return ties.network_of[b] != kNone; };
  const bool real_audience = std::any_of(net.indicators.begin(), net.indicators.end(), [](const Indicator& ind) {
    return ind.name == "authentic_audience" && ind.fired;
  });
  const size_t cleared_before = net.cleared.size();
  std::vector<ActorId> kept;
  std::vector<float> concert;
  for (size_t i = 0; i < net.members.size(); ++i) {
    const ActorId a = net.members[i];
    const bool engaged = std::binary_search(net.engaged.begin(), net.engaged.end(), a);
    const bool peripheral = engaged ? real_audience : on_edge(a);
    bool judged = false;
    const uint16_t unshown = peripheral ? StrangerTies(ties.partners, a, core)
                             : ties.network_of.empty() ? 0
                                                       : StrangerTies(ties.partners, a, in_some_network);
    const double llr = MemberLlr(fp, a, fit.profile, judged, unshown);
    const double prior = peripheral ? 0.0 : std::log(fit.prior / (1 - fit.prior));
    const bool evidence = judged ? prior + llr > 0 : !peripheral && ConcertOf(net, i) >= config.keep_concert;
    if (Placed(net, a) || evidence) {
      kept.push_back(a);
      concert.push_back(ConcertOf(net, i));
    } else {
      net.cleared.push_back(a);
    }
  }
  if (kept.empty()) {  // nobody to take down: the verdict cannot stand
    net.cleared.resize(cleared_before);
    net.verdict.takedown = false;
    net.verdict.confidence = 0.5;
    net.verdict.reasons.push_back(
        "but none of its members shows its traits more than the population does: not taken down");
    return;
  }
  net.members = std::move(kept);
  net.concert = std::move(concert);
  DropEngagedNotMembers(net);
}

// A community that is not a takedown as a whole but whose fired traits mark
// out a core (members whose traits look like the network's, not the
// population's) is split: the core becomes a network of its own, assessed
// afresh. Communities follow coordination, not authenticity, so an
// operation's accounts can sit inside an organic crowd they engage with.
std::vector<Network> SplitCores(const Fingerprints& fp, std::vector<Network>& networks, const AssessConfig& config) {
  std::vector<Network> cores;
  for (Network& net : networks) {
    const TraitProfile profile = ProfileOf(net, fp, config);
    if (net.verdict.takedown || !profile.Any()) continue;
    const std::vector<double> post = OperationPosterior(fp, net.members, profile);
    Network core, rest;
    for (int t = 0; t < kTraitCount; ++t) core.selected_traits |= static_cast<uint16_t>(profile.fired[t] << t);
    for (const Indicator& ind : net.indicators) {
      for (int t = 0; t < kTraitCount; ++t) {
        if (profile.fired[t] && ind.name == IndicatorName(static_cast<Trait>(t))) core.inherited.push_back(ind);
      }
    }
    for (size_t i = 0; i < net.members.size(); ++i) {
      const ActorId a = net.members[i];
      Network& side = post[i] > 0.5 && !Placed(net, a) ? core : rest;
      side.members.push_back(a);
      side.concert.push_back(ConcertOf(net, i));
    }
    if (core.members.size() < config.min_trait_members || 5 * core.members.size() > 4 * net.members.size()) continue;
    net.members = std::move(rest.members);
    net.concert = std::move(rest.concert);
    for (ActorId a : net.engaged) {
      if (std::binary_search(core.members.begin(), core.members.end(), a)) core.engaged.push_back(a);
    }
    DropEngagedNotMembers(net);
    cores.push_back(std::move(core));
  }
  return cores;
}

void NoteTraits(const Fingerprints& fp, Network& net) {
  net.traits.clear();
  for (ActorId a : net.members) net.traits.push_back(fp.traits[a]);
  net.cleared_traits.clear();
  for (ActorId a : net.cleared) net.cleared_traits.push_back(fp.traits[a]);
}

// The actors in some network, ascending.
std::vector<ActorId> AllMembers(const Store& store, const std::vector<Network>& networks) {
  std::vector<uint8_t> in(store.actors().size(), 0);
  for (const Network& net : networks) {
    for (ActorId a : net.members) in[a] = 1;
  }
  std::vector<ActorId> members;
  for (ActorId a = 0; a < in.size(); ++a) {
    if (in[a]) members.push_back(a);
  }
  return members;
}

std::vector<uint32_t> NetworkOf(const Store& store, const std::vector<Network>& networks) {
  std::vector<uint32_t> network_of(store.actors().size(), kNone);
  for (uint32_t n = 0; n < networks.size(); ++n) {
    for (ActorId a : networks[n].members) network_of[a] = n;
  }
  return network_of;
}

void CountActivity(const Store& store, Network& net) {
  net.posts = 0;
  net.first_activity = net.last_activity = kNoTime;
  for (ActorId a : net.members) {
    const auto posts = store.PostsOf(a);
    net.posts += posts.size();
    if (posts.empty()) continue;
    const Time first = store.posts().time[posts.front()], last = store.posts().time[posts.back()];
    net.first_activity = net.first_activity == kNoTime ? first : std::min(net.first_activity, first);
    net.last_activity = std::max(net.last_activity, last);
  }
}

// Coordination test, indicators and verdict of every network.
// `events`: every member's events (extracted once for all the rounds).
// `tested` (optional, per network): 1 where the network's coordination test
// stands (its members have not changed since it was tested: a network's test
// depends on its own members only), so it is not run again.
void Judge(const Store& store, const MemberEvents& events, const Population& population,
           std::vector<Network>& networks, const AssessConfig& config, const std::vector<uint8_t>& tested = {}) {
  const std::vector<uint32_t> network_of = NetworkOf(store, networks);
  std::vector<uint32_t> to_test = network_of;
  if (!tested.empty()) {
    for (uint32_t& n : to_test) {
      if (n != kNone && tested[n]) n = kNone;
    }
  }
  CoordinationTestConfig null_model = config.null_model;
  null_model.threads = config.threads;
  std::vector<CoordinationTest> tests = TestCoordination(events, config.signals, to_test, networks.size(), null_model);
  for (size_t n = 0; n < tested.size(); ++n) {
    if (tested[n]) tests[n] = networks[n].coordination_test;
  }
  // Networks are judged independently, each writing only its own record.
  ParallelFor(networks.size(), config.threads, [&](size_t i) {
    const auto n = static_cast<uint32_t>(i);
    Network& net = networks[n];
    CountActivity(store, net);
    net.coordination_test = tests[n];
    net.echo = CountEcho(store, net, MemberOf{network_of, n}, {});
    const std::vector<ActorId> judged = JudgedMembers(net);
    net.schedule = ReadSchedule(ScheduleOf(store, judged), config.min_schedule_posts);
    net.indicators = AllIndicators(population, judged, net.schedule, net.echo, config, net.selected_traits, net.inherited);
    Decide(net, config);
  });
}

// Moves `moving` (sorted, all members of `from`) into `to`, which has no
// members yet, each with its concert share.
void MoveMembers(Network& from, const std::vector<ActorId>& moving, Network& to) {
  Network stay;
  for (size_t i = 0; i < from.members.size(); ++i) {
    Network& side = std::binary_search(moving.begin(), moving.end(), from.members[i]) ? to : stay;
    side.members.push_back(from.members[i]);
    side.concert.push_back(ConcertOf(from, i));
  }
  from.members = std::move(stay.members);
  from.concert = std::move(stay.concert);
  DropEngagedNotMembers(from);
}

// A large community not taken down may hold a tighter one that is: an
// operation whose accounts engage with a viral crowd is drawn into the
// crowd's community, too small against the whole graph for modularity to
// resolve. Leiden again on the community's own edges (modularity relative to
// the community, not the graph) finds the communities inside it; each is
// judged as a network of its own, and one judged a takedown is split off.
// Cost: one Leiden over the edges of the large communities, and a judgement
// of their inner communities.
std::vector<Network> InnerTakedowns(const Store& store, const CoActionResult& co_action, const CoordinationGraph& graph,
                                    const MemberEvents& events, const Population& population,
                                    std::vector<Network>& networks, const AssessConfig& config) {
  const std::vector<uint32_t> network_of = NetworkOf(store, networks);
  auto searched = [&](uint32_t n) {
    return n != kNone && !networks[n].verdict.takedown && networks[n].members.size() >= config.inner_min_members;
  };
  std::vector<CoordinationGraph> inside(networks.size());
  for (const CoordinationEdge& e : graph.edges) {
    if (searched(network_of[e.a]) && network_of[e.b] == network_of[e.a]) inside[network_of[e.a]].edges.push_back(e);
  }
  std::vector<Network> trials;
  std::vector<uint32_t> parent_of;
  for (uint32_t n = 0; n < networks.size(); ++n) {
    if (inside[n].edges.empty()) continue;
    for (std::vector<ActorId>& members : DetectCommunities(inside[n], GraphConfig{})) {
      if (2 * members.size() > networks[n].members.size()) continue;
      std::sort(members.begin(), members.end());
      Network trial;
      trial.members = std::move(members);
      trials.push_back(std::move(trial));
      parent_of.push_back(n);
    }
  }
  if (trials.empty()) return {};
  SummariseCoordination(co_action, graph, NetworkOf(store, trials), trials);
  Judge(store, events, population, trials, config);
  std::vector<Network> found;
  for (size_t i = 0; i < trials.size(); ++i) {
    if (!trials[i].verdict.takedown) continue;
    const std::vector<ActorId> inner = std::move(trials[i].members);
    trials[i].members.clear();
    MoveMembers(networks[parent_of[i]], inner, trials[i]);
    found.push_back(std::move(trials[i]));
  }
  return found;
}

// Whether a takedown verdict rests on a decisive indicator that fired.
bool RestsOnDecisive(const Network& net) {
  return std::any_of(net.indicators.begin(), net.indicators.end(),
                     [](const Indicator& ind) { return ind.fired && ind.decisive && !ind.against; });
}

// Networks not taken down are judged again against the actors outside the
// takedown networks: a large operation inflates the population rate of the
// very traits that mark a smaller one (its accounts claim homes where they
// do not live), hiding it. Coordination and echo do not depend on the
// population and are kept. Only a verdict that rests on a decisive
// indicator is taken from such a round: against the lower rates, a large
// organic community's small excesses of common traits (resharing, digit
// handles) become "significant" (a 24,078-member Telegram community on the
// 10 M-post world), while a misrepresentation is evidence whatever the
// base. A network taken down in a round has its audience cleared and
// shrinks the population of the next; rounds stop when none is added.
void JudgeAgainstOrdinary(const Store& store, const Fingerprints& fingerprints, const MemberTies& ties,
                          const std::vector<uint64_t>& text_keys, std::vector<Network>& networks,
                          const AssessConfig& config) {
  for (int round = 0; round < config.population_rounds; ++round) {
    const std::vector<uint8_t> takedown = TakedownMask(store, networks);
    if (std::find(takedown.begin(), takedown.end(), 1) == takedown.end()) return;
    Fingerprints ordinary = fingerprints;
    SetPopulation(ordinary, takedown);
    Population population = MakePopulation(store, ordinary, takedown);
    population.text_keys = &text_keys;
    std::vector<uint8_t> added(networks.size(), 0);
    ParallelFor(networks.size(), config.threads, [&](size_t n) {
      Network& net = networks[n];
      if (net.verdict.takedown) return;
      Network trial;
      trial.coordination_test = net.coordination_test;
      trial.members = net.members;
      trial.edges = net.edges;
      trial.indicators =
          AllIndicators(population, JudgedMembers(net), net.schedule, net.echo, config, net.selected_traits, net.inherited);
      Decide(trial, config);
      if (!trial.verdict.takedown || !RestsOnDecisive(trial)) return;
      net.indicators = std::move(trial.indicators);
      net.verdict = std::move(trial.verdict);
      ClearAudience(ordinary, ties, net, config);
      added[n] = net.verdict.takedown;
    });
    if (std::find(added.begin(), added.end(), 1) == added.end()) return;
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
  AssessNetworks(store, nullptr, nullptr, networks, config);
}

void AssessNetworks(const Store& store, const CoActionResult* co_action, const CoordinationGraph* graph,
                    std::vector<Network>& networks, const AssessConfig& config, const MemberEvents* events) {
  const Fingerprints fingerprints = ComputeFingerprints(store, config.fingerprints, config.threads);
  // Every network later judged keeps some of these members (cores and inner
  // communities are split off them, audiences cleared): their events serve
  // every null model, and their texts' keys for copy_paste are found once,
  // not in every judging round.
  const std::vector<ActorId> members = AllMembers(store, networks);
  MemberEvents extracted;
  if (events == nullptr || !events->Serve(config.signals, NetworkOf(store, networks))) {
    extracted = MemberEvents(store, config.signals, members, config.threads);
    events = &extracted;
  }
  const std::vector<uint64_t> text_keys = CopyTextKeys(store, *events, members, config, config.threads);
  Population population = MakePopulation(store, fingerprints);
  population.text_keys = &text_keys;
  Judge(store, *events, population, networks, config);
  if (co_action != nullptr && graph != nullptr) {
    std::vector<size_t> sizes;
    for (const Network& net : networks) sizes.push_back(net.members.size());
    std::vector<Network> cores = SplitCores(fingerprints, networks, config);
    for (Network& inner : InnerTakedowns(store, *co_action, *graph, *events, population, networks, config)) {
      cores.push_back(std::move(inner));
    }
    if (!cores.empty()) {
      // Splitting only moves members out of a network: one of the same size
      // kept its members, and its coordination test.
      std::vector<uint8_t> tested(networks.size() + cores.size(), 0);
      for (size_t n = 0; n < networks.size(); ++n) tested[n] = networks[n].members.size() == sizes[n];
      for (Network& core : cores) networks.push_back(std::move(core));
      SummariseCoordination(*co_action, *graph, NetworkOf(store, networks), networks);
      Judge(store, *events, population, networks, config, tested);
    }
  }
  MemberTies ties;
  if (co_action != nullptr && graph != nullptr) {
    ties.network_of = NetworkOf(store, networks);
    ties.strength = TieStrength(*graph, ties.network_of);
    ties.partners = ProfilePartners(*co_action);
  }
  for (Network& net : networks) {
    if (net.verdict.takedown) ClearAudience(fingerprints, ties, net, config);
  }
  JudgeAgainstOrdinary(store, fingerprints, ties, text_keys, networks, config);
  ReleaseUnsupported(store, co_action != nullptr ? *co_action : CoActionResult{}, config.membership, networks);
  for (Network& net : networks) NoteTraits(fingerprints, net);
  const std::vector<uint32_t> network_of = NetworkOf(store, networks);
  const std::vector<uint8_t> takedown = TakedownMask(store, networks);
  ParallelFor(networks.size(), config.threads, [&](size_t n) {
    Network& net = networks[n];
    const MemberOf member{network_of, static_cast<uint32_t>(n)};
    net.echo = CountEcho(store, net, member, takedown);
    FindAmplifiers(store, net, member, takedown, config);
  });
  std::stable_sort(networks.begin(), networks.end(), [](const Network& x, const Network& y) {
    if (x.verdict.takedown != y.verdict.takedown) return x.verdict.takedown;
    if (x.verdict.takedown && x.verdict.confidence != y.verdict.confidence) {
      return x.verdict.confidence > y.verdict.confidence;
    }
    return x.members.size() > y.members.size();
  });
}

}  // namespace unmask
