#include "unmask/assess/network.hpp"

#include <algorithm>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "unmask/core/parallel.hpp"

namespace unmask {
namespace {

struct PageTies {
  std::unordered_map<uint32_t, uint32_t> admins_from;  // network -> admin ties
  uint32_t outside_admins = 0;
  // network -> who posts in it or is listed as its member
  std::unordered_map<uint32_t, std::unordered_set<ActorId>> participants_from;
  std::unordered_set<ActorId> participants;
};

bool IsContainer(ActorType type) { return type != ActorType::kAccount; }

void AddParticipant(PageTies& t, ActorId a, uint32_t n) {
  t.participants.insert(a);
  if (n != kNone) t.participants_from[n].insert(a);
}

// Admins and participants (authors posting in it, listed members) of the
// pages `wanted` accepts, by network.
template <typename Wanted>
std::unordered_map<ActorId, PageTies> TiesOfPages(const Store& store, const std::vector<uint32_t>& network_of,
                                                  Wanted wanted) {
  std::unordered_map<ActorId, PageTies> ties;
  const RelationTable& relations = store.relations();
  for (size_t r = 0; r < relations.size(); ++r) {
    const RelationType type = relations.type[r];
    if ((type != RelationType::kAdmin && type != RelationType::kMember) || !wanted(relations.to[r])) continue;
    const uint32_t n = network_of[relations.from[r]];
    PageTies& t = ties[relations.to[r]];
    if (type == RelationType::kMember) {
      AddParticipant(t, relations.from[r], n);
    } else if (n == kNone) {
      ++t.outside_admins;
    } else {
      ++t.admins_from[n];
    }
  }
  const PostTable& posts = store.posts();
  for (PostId p = 0; p < posts.size(); ++p) {
    const ActorId page = posts.in[p];
    if (page == kNone || !wanted(page)) continue;
    AddParticipant(ties[page], posts.actor[p], network_of[posts.actor[p]]);
  }
  return ties;
}

// The network that runs a page (a strict majority of its admins), or fills
// it (at least 3 participants, half of all, with no majority of its admins
// outside: a business whose page a farm floods with praise keeps its page);
// kNone.
uint32_t PageOwner(const PageTies& t) {
  uint32_t admins = t.outside_admins;
  for (const auto& [n, count] : t.admins_from) admins += count;
  for (const auto& [n, count] : t.admins_from) {
    if (2 * count > admins) return n;
  }
  uint32_t best = kNone;
  for (const auto& [n, fillers] : t.participants_from) {
    if (2 * t.outside_admins <= admins && fillers.size() >= 3 && 2 * fillers.size() >= t.participants.size() &&
        n < best) {
      best = n;
    }
  }
  return best;
}

// Evidence of one outside actor: partners per network, out of all partners.
struct JoinEvidence {
  std::unordered_map<uint32_t, uint32_t> into;
  uint32_t total = 0;
};

// The network the evidence points into beyond chance, or kNone.
uint32_t BestJoin(const JoinEvidence& evidence, const std::vector<double>& share, const MembershipConfig& config,
                  double& p_value) {
  uint32_t best = kNone;
  p_value = 1;
  for (const auto& [n, count] : evidence.into) {
    if (count < config.join_min_ties) continue;
    const double p = BinomialUpperTail(count, evidence.total, share[n]);
    if (p < config.join_alpha && (p < p_value || (p == p_value && n < best))) best = n, p_value = p;
  }
  return best;
}

// Contributions of outside actors' evidence: (actor << 32 | network, count).
using Contributions = std::vector<std::pair<uint64_t, uint32_t>>;

// The evidence of the actors with some contribution into a network (the
// others can join none), from their contributions and their totals. Sorting
// flat pairs and filling one map at the end costs far less than a map
// lookup per contribution.
std::unordered_map<ActorId, JoinEvidence> Gather(Contributions& into, const std::vector<uint32_t>& total) {
  std::sort(into.begin(), into.end());
  std::unordered_map<ActorId, JoinEvidence> evidence;
  for (size_t b = 0; b < into.size();) {
    uint32_t count = 0;
    size_t e = b;
    for (; e < into.size() && into[e].first == into[b].first; ++e) count += into[e].second;
    const auto actor = static_cast<ActorId>(into[b].first >> 32);
    JoinEvidence& ev = evidence[actor];
    ev.total = total[actor];
    ev.into[static_cast<uint32_t>(into[b].first)] += count;
    b = e;
  }
  return evidence;
}

uint64_t Pack(ActorId actor, uint32_t network) { return uint64_t{actor} << 32 | network; }

// Ties through shared profile pictures and infrastructure fingerprints. Under
// the null a shared value's other holders are drawn from everyone who shows a
// picture or fingerprint, so a network's share is its share of those actors.
std::unordered_map<ActorId, JoinEvidence> ProfileEvidence(const Store& store, const CoActionResult& co_action,
                                                          const std::vector<uint32_t>& network_of,
                                                          size_t networks, std::vector<double>& share) {
  std::vector<uint32_t> ties_of(network_of.size(), 0);
  Contributions into;
  for (const PairTies& p : co_action.pairs) {
    const uint32_t ties = p.by_signal[static_cast<int>(Signal::kSameAvatar)].objects +
                          p.by_signal[static_cast<int>(Signal::kSameInfra)].objects;
    if (ties == 0) continue;
    for (auto [self, other] : {std::pair{p.a, p.b}, std::pair{p.b, p.a}}) {
      if (network_of[self] != kNone) continue;
      ties_of[self] += ties;
      if (network_of[other] != kNone) into.push_back({Pack(self, network_of[other]), ties});
    }
  }
  std::unordered_map<ActorId, JoinEvidence> evidence = Gather(into, ties_of);
  const ActorTable& actors = store.actors();
  std::vector<double> holders(networks, 0);
  double total = 0;
  for (ActorId a = 0; a < actors.size(); ++a) {
    if (actors.avatar[a] == 0 && actors.infra.Row(a).empty()) continue;
    ++total;
    if (network_of[a] != kNone) ++holders[network_of[a]];
  }
  share.assign(networks, 0);
  for (size_t n = 0; n < networks; ++n) share[n] = total > 0 ? holders[n] / total : 0;
  return evidence;
}

// Accounts created within batch_window of each quiet outside actor.
std::unordered_map<ActorId, JoinEvidence> BatchEvidence(const Store& store, const std::vector<uint32_t>& network_of,
                                                        size_t networks, const MembershipConfig& config,
                                                        std::vector<double>& share) {
  const ActorTable& actors = store.actors();
  std::vector<std::pair<Time, ActorId>> dated;
  for (ActorId a = 0; a < actors.size(); ++a) {
    if (actors.created[a] != kNoTime) dated.push_back({actors.created[a], a});
  }
  std::sort(dated.begin(), dated.end());
  share.assign(networks, 0);
  for (const auto& [t, a] : dated) {
    if (network_of[a] != kNone) share[network_of[a]] += 1.0 / static_cast<double>(dated.size());
  }
  std::unordered_map<ActorId, JoinEvidence> evidence;
  size_t lo = 0, hi = 0;
  for (size_t i = 0; i < dated.size(); ++i) {
    const auto [t, a] = dated[i];
    while (dated[lo].first < t - config.batch_window) ++lo;
    while (hi < dated.size() && dated[hi].first <= t + config.batch_window) ++hi;
    if (network_of[a] != kNone || store.PostsOf(a).size() > config.sleeper_max_posts) continue;
    JoinEvidence e;
    for (size_t j = lo; j < hi; ++j) {
      if (j == i) continue;
      ++e.total;
      if (const uint32_t n = network_of[dated[j].second]; n != kNone) ++e.into[n];
    }
    if (!e.into.empty()) evidence.emplace(a, std::move(e));
  }
  return evidence;
}

// Engagements (comments, shares, reactions ...) of outside actors with the
// posts of each network and relations of their own making (follows,
// memberships) towards its actors, out of all their engagements with known
// posts and all their relations.
std::unordered_map<ActorId, JoinEvidence> EngagementEvidence(const Store& store, const std::vector<uint32_t>& network_of,
                                                             size_t networks, std::vector<double>& share) {
  const PostTable& posts = store.posts();
  std::vector<uint32_t> engagements(network_of.size(), 0);
  Contributions into;
  std::vector<double> received(networks, 0);
  double total = 0;
  for (PostId c = 0; c < posts.size(); ++c) {
    const PostId parent = posts.parent[c];
    if (parent == kNone || posts.actor[parent] == posts.actor[c]) continue;
    ++total;
    const uint32_t target = network_of[posts.actor[parent]];
    if (target != kNone) ++received[target];
    if (network_of[posts.actor[c]] != kNone) continue;
    ++engagements[posts.actor[c]];
    if (target != kNone) into.push_back({Pack(posts.actor[c], target), 1});
  }
  const RelationTable& relations = store.relations();
  for (size_t r = 0; r < relations.size(); ++r) {
    const ActorId from = relations.from[r], to = relations.to[r];
    if (from == to) continue;
    ++total;
    const uint32_t target = network_of[to];
    if (target != kNone) ++received[target];
    if (network_of[from] != kNone) continue;
    ++engagements[from];
    if (target != kNone) into.push_back({Pack(from, target), 1});
  }
  std::unordered_map<ActorId, JoinEvidence> evidence = Gather(into, engagements);
  share.assign(networks, 0);
  for (size_t n = 0; n < networks; ++n) share[n] = total > 0 ? received[n] / total : 0;
  return evidence;
}

// The network an actor spends most of its engagements on, beyond chance: the
// echo chamber's quieter voices. An authentic reader who sometimes replies to
// the network engages mostly elsewhere and stays out.
uint32_t EngagesMostlyWith(const std::unordered_map<ActorId, JoinEvidence>& engagement, ActorId a,
                           const std::vector<double>& share, const MembershipConfig& config) {
  auto it = engagement.find(a);
  if (it == engagement.end()) return kNone;
  double p = 1;
  const uint32_t n = BestJoin(it->second, share, config, p);
  if (n == kNone || it->second.into.at(n) < config.engagement_share * it->second.total) return kNone;
  return n;
}

// Networks each outside actor has a relation to of its own making (follows a
// member, belongs to or runs one of its groups ...), as sorted (actor,
// network) keys. Relations made by the network towards it do not count: a
// farm follows thousands of strangers.
std::vector<uint64_t> RelatedNetworks(const Store& store, const std::vector<uint32_t>& network_of) {
  std::vector<uint64_t> related;
  const RelationTable& relations = store.relations();
  for (size_t r = 0; r < relations.size(); ++r) {
    const ActorId from = relations.from[r], to = relations.to[r];
    if (network_of[from] == kNone && network_of[to] != kNone) related.push_back(Pack(from, network_of[to]));
  }
  std::sort(related.begin(), related.end());
  related.erase(std::unique(related.begin(), related.end()), related.end());
  return related;
}

// Sleepers and other quiet actors: joined by identity evidence, not behaviour.
// Creation time alone is weak (real people sign up during a batch too), so a
// batch join needs a second tie into the same network: a relation or a
// shared picture or fingerprint. The four kinds of evidence are gathered
// in parallel, each into its own containers.
void JoinQuietActors(const Store& store, const CoActionResult& co_action, const MembershipConfig& config,
                     std::vector<uint32_t>& network_of, std::vector<Network>& networks) {
  std::vector<double> profile_share, batch_share, engagement_share;
  std::unordered_map<ActorId, JoinEvidence> profile, batch, engagement;
  std::vector<uint64_t> related;
  ParallelFor(4, config.threads, [&](size_t kind) {
    switch (kind) {
      case 0: engagement = EngagementEvidence(store, network_of, networks.size(), engagement_share); break;
      case 1: profile = ProfileEvidence(store, co_action, network_of, networks.size(), profile_share); break;
      case 2: related = RelatedNetworks(store, network_of); break;
      default: batch = BatchEvidence(store, network_of, networks.size(), config, batch_share); break;
    }
  });
  auto corroborated = [&](ActorId a, uint32_t n) {
    if (std::binary_search(related.begin(), related.end(), Pack(a, n))) return true;
    auto it = profile.find(a);
    return it != profile.end() && it->second.into.count(n) > 0;
  };
  std::vector<std::pair<ActorId, uint32_t>> joins, engages;
  for (ActorId a = 0; a < store.actors().size(); ++a) {
    if (network_of[a] != kNone) continue;
    double p_profile = 1, p_batch = 1;
    uint32_t by_profile = kNone, by_batch = kNone;
    if (auto it = profile.find(a); it != profile.end()) by_profile = BestJoin(it->second, profile_share, config, p_profile);
    if (auto it = batch.find(a); it != batch.end()) by_batch = BestJoin(it->second, batch_share, config, p_batch);
    if (by_batch != kNone && !corroborated(a, by_batch)) by_batch = kNone, p_batch = 1;
    const uint32_t n = by_batch == kNone || (by_profile != kNone && p_profile <= p_batch) ? by_profile : by_batch;
    if (n != kNone) {
      joins.push_back({a, n});
    } else if (const uint32_t e = EngagesMostlyWith(engagement, a, engagement_share, config); e != kNone) {
      engages.push_back({a, e});
    }
  }
  // Ascending: actors were visited in id order.
  for (const auto& [a, n] : joins) networks[n].joined.push_back(a);
  for (const auto& [a, n] : engages) networks[n].engaged.push_back(a);
  for (const auto& [a, n] : joins) network_of[a] = n;
  for (const auto& [a, n] : engages) network_of[a] = n;
}

// Marks the posts of `group` (one object, time order) that have a post by
// another member of the same network within the window; looks at most
// kReach neighbours each way so a crowded object stays linear.
void MarkConcerted(std::span<const Event> group, Time window, const std::vector<uint32_t>& network_of,
                   std::vector<PostId>& concerted) {
  constexpr size_t kReach = 64;
  for (size_t i = 0; i < group.size(); ++i) {
    const uint32_t n = network_of[group[i].actor];
    auto partner = [&](size_t j) { return group[j].actor != group[i].actor && network_of[group[j].actor] == n; };
    bool found = false;
    for (size_t j = i + 1; j < group.size() && j <= i + kReach && !found; ++j) {
      if (group[j].time - group[i].time > window) break;
      found = partner(j);
    }
    for (size_t j = i; j-- > 0 && j + kReach >= i && !found;) {
      if (group[i].time - group[j].time > window) break;
      found = partner(j);
    }
    if (found) concerted.push_back(group[i].post);
  }
}

}  // namespace

void SummariseCoordination(const CoActionResult& co_action, const CoordinationGraph& graph,
                           const std::vector<uint32_t>& network_of, std::vector<Network>& networks) {
  for (Network& net : networks) {
    net.edges = 0;
    net.weight = 0;
    net.min_p_value = 1;
    net.signal_ties = {};
    net.examples.clear();
  }
  for (const CoordinationEdge& e : graph.edges) {
    const uint32_t n = network_of[e.a];
    if (n == kNone || network_of[e.b] != n) continue;
    Network& net = networks[n];
    const PairTies& ties = co_action.pairs[e.pair];
    ++net.edges;
    net.weight += e.weight;
    net.min_p_value = std::min(net.min_p_value, e.p_value);
    for (int s = 0; s < kSignalCount; ++s) net.signal_ties[s] += ties.by_signal[s].objects;
    for (uint8_t i = 0; i < ties.example_count && net.examples.size() < 12; ++i) {
      net.examples.push_back(ties.examples[i]);
    }
  }
}

ProfilePartners::ProfilePartners(const CoActionResult& co_action) {
  for (const PairTies& p : co_action.pairs) {
    uint8_t signals = 0;
    for (Signal s : {Signal::kSameAvatar, Signal::kSameInfra}) {
      if (p.by_signal[static_cast<int>(s)].objects > 0) signals |= static_cast<uint8_t>(1u << static_cast<int>(s));
    }
    if (signals == 0) continue;
    ties_.push_back({p.a, p.b, signals});
    ties_.push_back({p.b, p.a, signals});
  }
  std::sort(ties_.begin(), ties_.end(), Before);
}

std::vector<float> TieStrength(const CoordinationGraph& graph, const std::vector<uint32_t>& network_of) {
  std::vector<float> strength(network_of.size(), 0.0f);
  for (const CoordinationEdge& e : graph.edges) {
    if (network_of[e.a] == kNone || network_of[e.a] != network_of[e.b]) continue;
    strength[e.a] += static_cast<float>(e.weight);
    strength[e.b] += static_cast<float>(e.weight);
  }
  return strength;
}

std::vector<float> ConcertShare(const Store& store, const SignalConfig& signals,
                                const std::vector<uint32_t>& network_of, int threads) {
  std::vector<ActorId> members;
  for (ActorId a = 0; a < network_of.size(); ++a) {
    if (network_of[a] != kNone) members.push_back(a);
  }
  const MemberEvents events(store, signals, members, threads);
  return ConcertShare(store, events, signals, network_of, threads);
}

std::vector<float> ConcertShare(const Store& store, const MemberEvents& events, const SignalConfig& signals,
                                const std::vector<uint32_t>& network_of, int threads) {
  const std::vector<Signal>& todo = events.Signals();
  // Each signal on its own thread, marking into its own list. The events may
  // hold actors outside the networks: those are left out (a copy only then).
  std::vector<std::vector<PostId>> marked(todo.size());
  ParallelFor(todo.size(), threads, [&](size_t i) {
    const std::vector<Event>& all = events.Of(todo[i]);
    const bool only_members =
        std::all_of(all.begin(), all.end(), [&](const Event& e) { return network_of[e.actor] != kNone; });
    std::vector<Event> kept;
    if (!only_members) {
      std::copy_if(all.begin(), all.end(), std::back_inserter(kept),
                   [&](const Event& e) { return network_of[e.actor] != kNone; });
    }
    const std::vector<Event>& sorted = only_members ? all : kept;
    for (size_t begin = 0; begin < sorted.size();) {
      size_t end = begin + 1;
      while (end < sorted.size() && sorted[end].object == sorted[begin].object) ++end;
      MarkConcerted({sorted.data() + begin, end - begin}, signals.WindowOf(todo[i]), network_of, marked[i]);
      begin = end;
    }
  });
  std::vector<uint8_t> concerted(store.posts().size(), 0);
  for (const std::vector<PostId>& posts : marked) {
    for (PostId p : posts) concerted[p] = 1;
  }
  std::vector<float> share(store.actors().size(), -1.0f);
  for (ActorId a = 0; a < store.actors().size(); ++a) {
    const auto posts = store.PostsOf(a);
    if (network_of[a] == kNone || posts.empty()) continue;
    size_t hits = 0;
    for (PostId p : posts) hits += concerted[p];
    share[a] = static_cast<float>(hits) / static_cast<float>(posts.size());
  }
  return share;
}

namespace {

// Moves `released` (sorted) from a network's members (and `from`) to cleared.
void Release(Network& net, std::vector<ActorId>& from, const std::vector<ActorId>& released) {
  if (released.empty()) return;
  auto gone = [&](ActorId a) { return std::binary_search(released.begin(), released.end(), a); };
  std::vector<ActorId> kept;
  std::vector<float> concert;
  for (size_t i = 0; i < net.members.size(); ++i) {
    if (gone(net.members[i])) continue;
    kept.push_back(net.members[i]);
    if (i < net.concert.size()) concert.push_back(net.concert[i]);
  }
  net.members = std::move(kept);
  net.concert = std::move(concert);
  std::erase_if(from, gone);
  net.cleared.insert(net.cleared.end(), released.begin(), released.end());
  std::sort(net.cleared.begin(), net.cleared.end());
}

// Per actor: whether some network placed it through `placed` (attached or joined).
std::vector<uint8_t> PlacedMask(const Store& store, const std::vector<Network>& networks,
                                std::vector<ActorId> Network::*placed) {
  std::vector<uint8_t> mask(store.actors().size(), 0);
  for (const Network& net : networks) {
    for (ActorId a : net.*placed) mask[a] = 1;
  }
  return mask;
}

// Each network's members, except those `skip` marks.
std::vector<uint32_t> CoreOf(const Store& store, const std::vector<Network>& networks,
                             const std::vector<uint8_t>& skip) {
  std::vector<uint32_t> network_of(store.actors().size(), kNone);
  for (uint32_t n = 0; n < networks.size(); ++n) {
    for (ActorId a : networks[n].members) {
      if (!skip[a]) network_of[a] = n;
    }
  }
  return network_of;
}

void ReleaseContainers(const Store& store, std::vector<Network>& networks) {
  const std::vector<uint8_t> attached = PlacedMask(store, networks, &Network::attached);
  const std::vector<uint32_t> network_of = CoreOf(store, networks, attached);
  const auto ties = TiesOfPages(store, network_of, [&](ActorId page) { return attached[page] != 0; });
  for (uint32_t n = 0; n < networks.size(); ++n) {
    std::vector<ActorId> released;
    for (ActorId page : networks[n].attached) {
      const auto it = ties.find(page);
      if (it == ties.end() || PageOwner(it->second) != n) released.push_back(page);
    }
    Release(networks[n], networks[n].attached, released);
  }
}

void ReleaseQuiet(const Store& store, const CoActionResult& co_action, const MembershipConfig& config,
                  std::vector<Network>& networks) {
  std::vector<uint8_t> quiet = PlacedMask(store, networks, &Network::joined);
  for (const Network& net : networks) {
    for (ActorId a : net.engaged) quiet[a] = 1;
  }
  std::vector<uint32_t> network_of = CoreOf(store, networks, quiet);
  std::vector<Network> again(networks.size());
  JoinQuietActors(store, co_action, config, network_of, again);
  for (uint32_t n = 0; n < networks.size(); ++n) {
    std::vector<ActorId> released, still;
    std::set_difference(networks[n].joined.begin(), networks[n].joined.end(), again[n].joined.begin(),
                        again[n].joined.end(), std::back_inserter(released));
    Release(networks[n], networks[n].joined, released);
    // One that joined by engagement stays while it still joins at all.
    std::set_union(again[n].joined.begin(), again[n].joined.end(), again[n].engaged.begin(), again[n].engaged.end(),
                   std::back_inserter(still));
    released.clear();
    std::set_difference(networks[n].engaged.begin(), networks[n].engaged.end(), still.begin(), still.end(),
                        std::back_inserter(released));
    Release(networks[n], networks[n].engaged, released);
  }
}

// Pages, groups and channels outside every network join the network that
// runs or fills them (PageOwner).
void AttachContainers(const Store& store, std::vector<uint32_t>& network_of, std::vector<Network>& networks) {
  const std::unordered_map<ActorId, PageTies> ties = TiesOfPages(store, network_of, [&](ActorId page) {
    return network_of[page] == kNone && IsContainer(store.actors().type[page]);
  });
  std::vector<std::pair<ActorId, uint32_t>> joins;
  for (const auto& [page, t] : ties) {
    if (const uint32_t n = PageOwner(t); n != kNone) joins.push_back({page, n});
  }
  std::sort(joins.begin(), joins.end());
  for (const auto& [page, n] : joins) {
    networks[n].attached.push_back(page);
    network_of[page] = n;
  }
}

}  // namespace

void ReleaseUnsupported(const Store& store, const CoActionResult& co_action, const MembershipConfig& config,
                        std::vector<Network>& networks) {
  ReleaseContainers(store, networks);
  ReleaseQuiet(store, co_action, config, networks);
}

std::vector<Network> BuildNetworks(const Store& store, const CoActionResult& co_action,
                                   const CoordinationGraph& graph,
                                   const std::vector<std::vector<ActorId>>& communities,
                                   const MembershipConfig& config, MemberEvents* events) {
  std::vector<Network> networks(communities.size());
  std::vector<uint32_t> network_of(store.actors().size(), kNone);
  for (uint32_t n = 0; n < communities.size(); ++n) {
    networks[n].members = communities[n];
    for (ActorId a : communities[n]) network_of[a] = n;
  }
  SummariseCoordination(co_action, graph, network_of, networks);

  // Pages, groups and channels are attached by who runs and fills them, once
  // more after the quiet actors joined: a group the sleepers run is theirs.
  AttachContainers(store, network_of, networks);
  JoinQuietActors(store, co_action, config, network_of, networks);
  AttachContainers(store, network_of, networks);
  for (Network& net : networks) {
    std::sort(net.attached.begin(), net.attached.end());
    net.members.insert(net.members.end(), net.attached.begin(), net.attached.end());
    net.members.insert(net.members.end(), net.joined.begin(), net.joined.end());
    net.members.insert(net.members.end(), net.engaged.begin(), net.engaged.end());
    std::sort(net.members.begin(), net.members.end());
  }
  std::vector<ActorId> members;
  for (ActorId a = 0; a < network_of.size(); ++a) {
    if (network_of[a] != kNone) members.push_back(a);
  }
  MemberEvents built(store, config.signals, members, config.threads);
  const std::vector<float> concert = ConcertShare(store, built, config.signals, network_of, config.threads);
  if (events != nullptr) *events = std::move(built);
  for (Network& net : networks) {
    net.concert.clear();
    for (ActorId a : net.members) net.concert.push_back(concert[a]);
  }
  return networks;
}

}  // namespace unmask
