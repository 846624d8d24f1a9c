#include "unmask/assess/network.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace unmask {
namespace {

struct PageTies {
  std::unordered_map<uint32_t, uint32_t> admins_from;  // network -> admin ties
  uint32_t outside_admins = 0;
  std::unordered_map<uint32_t, std::unordered_set<ActorId>> authors_from;  // network -> authors posting in it
  std::unordered_set<ActorId> authors;
};

bool IsContainer(ActorType type) { return type != ActorType::kAccount; }

void AddCoordination(const CoActionResult& co_action, const CoordinationGraph& graph,
                     const std::vector<uint32_t>& network_of, std::vector<Network>& networks) {
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

}  // namespace

std::vector<Network> BuildNetworks(const Store& store, const CoActionResult& co_action,
                                   const CoordinationGraph& graph,
                                   const std::vector<std::vector<ActorId>>& communities) {
  std::vector<Network> networks(communities.size());
  std::vector<uint32_t> network_of(store.actors().size(), kNone);
  for (uint32_t n = 0; n < communities.size(); ++n) {
    networks[n].members = communities[n];
    for (ActorId a : communities[n]) network_of[a] = n;
  }
  AddCoordination(co_action, graph, network_of, networks);

  // Pages, groups and channels outside every network: who runs and fills them.
  const ActorTable& actors = store.actors();
  std::unordered_map<ActorId, PageTies> ties;
  const RelationTable& relations = store.relations();
  for (size_t r = 0; r < relations.size(); ++r) {
    if (relations.type[r] != RelationType::kAdmin) continue;
    const ActorId page = relations.to[r];
    if (network_of[page] != kNone || !IsContainer(actors.type[page])) continue;
    const uint32_t n = network_of[relations.from[r]];
    if (n == kNone) {
      ++ties[page].outside_admins;
    } else {
      ++ties[page].admins_from[n];
    }
  }
  const PostTable& posts = store.posts();
  for (PostId p = 0; p < posts.size(); ++p) {
    const ActorId page = posts.in[p];
    if (page == kNone || network_of[page] != kNone) continue;
    PageTies& t = ties[page];
    t.authors.insert(posts.actor[p]);
    if (const uint32_t n = network_of[posts.actor[p]]; n != kNone) t.authors_from[n].insert(posts.actor[p]);
  }
  std::vector<std::pair<ActorId, uint32_t>> joins;
  for (const auto& [page, t] : ties) {
    if (!IsContainer(actors.type[page])) continue;
    uint32_t best = kNone;
    if (t.admins_from.size() == 1 && t.outside_admins == 0) best = t.admins_from.begin()->first;
    for (const auto& [n, authors] : t.authors_from) {
      if (best == kNone && authors.size() >= 3 && 2 * authors.size() >= t.authors.size()) best = n;
    }
    if (best != kNone) joins.push_back({page, best});
  }
  std::sort(joins.begin(), joins.end());
  for (const auto& [page, n] : joins) networks[n].attached.push_back(page);
  for (Network& net : networks) {
    net.members.insert(net.members.end(), net.attached.begin(), net.attached.end());
    std::sort(net.members.begin(), net.members.end());
  }
  return networks;
}

}  // namespace unmask
