// The coordination graph as the exports and pictures draw it.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <unordered_set>

#include "unmask/report/report.hpp"

namespace unmask {
namespace {

uint64_t PairKey(uint32_t a, uint32_t b) {
  if (a > b) std::swap(a, b);
  return (static_cast<uint64_t>(a) << 32) | b;
}

// "co_engage:3 same_url:2": each signal with objects, by its number.
std::string SignalList(const PairTies& ties) {
  std::string out;
  for (int s = 0; s < kSignalCount; ++s) {
    if (ties.by_signal[s].objects == 0) continue;
    if (!out.empty()) out += ' ';
    out += Name(static_cast<Signal>(s));
    out += ':';
    char digits[12];
    const auto end = std::to_chars(digits, digits + sizeof digits, ties.by_signal[s].objects).ptr;
    out.append(digits, end);
  }
  return out;
}

// Nodes numbered in order of first appearance; an edge is added unless its
// two actors are already tied. The coordination edges come first and are
// distinct pairs when their keys ascend (as CoordinationGraph keeps them):
// then they are only remembered, in a sorted list, where a later tie
// (admin, identity, posting in a page) could repeat them, i.e. inside one
// network; any other order falls back to remembering every pair.
class Builder {
 public:
  Builder(const Store& store, GraphModel& model) : store_(store), model_(model), index_(store.actors().size(), kNone) {}
  uint32_t Node(ActorId a, int network) {
    if (index_[a] == kNone) {
      index_[a] = static_cast<uint32_t>(model_.nodes.size());
      model_.nodes.push_back({MakeActorRef(store_, a), network});
    }
    return index_[a];
  }
  uint32_t At(ActorId a) const { return index_[a]; }

  void CoordinationEdges(const CoordinationGraph& graph, const CoActionResult& co_action,
                         const std::vector<int>& network_of) {
    bool ascending = true;
    for (size_t i = 1; i < graph.edges.size() && ascending; ++i) {
      ascending = PairKey(graph.edges[i - 1].a, graph.edges[i - 1].b) < PairKey(graph.edges[i].a, graph.edges[i].b);
    }
    for (const CoordinationEdge& e : graph.edges) {
      const uint32_t a = Node(e.a, network_of[e.a]), b = Node(e.b, network_of[e.b]);
      GraphEdge edge{a, b, "coordination", e.weight, e.objects, e.p_value, SignalList(co_action.pairs[e.pair])};
      if (!ascending) {
        Edge(e.a, e.b, std::move(edge));
      } else if (e.a != e.b) {
        if (network_of[e.a] >= 0 && network_of[e.a] == network_of[e.b]) coordination_.push_back(PairKey(e.a, e.b));
        model_.edges.push_back(std::move(edge));
      }
    }
  }
  // Adds the edge between actors `a` and `b` unless they are already tied.
  void Edge(ActorId a, ActorId b, GraphEdge edge) {
    if (a == b) return;
    const uint64_t key = PairKey(a, b);
    if (std::binary_search(coordination_.begin(), coordination_.end(), key) || !tied_.insert(key).second) return;
    model_.edges.push_back(std::move(edge));
  }

 private:
  const Store& store_;
  GraphModel& model_;
  std::vector<uint32_t> index_;         // actor -> node, kNone when not a node
  std::vector<uint64_t> coordination_;  // ascending pair keys of coordination edges inside a network
  std::unordered_set<uint64_t> tied_;   // pair keys of the other edges (all edges when not ascending)
};

}  // namespace

void AddCoordinationGraph(Report& report, const Store& store, const std::vector<Network>& networks,
                          const CoordinationGraph& graph, const CoActionResult& co_action) {
  report.graph = MakeGraphModel(store, networks, graph, co_action);
}

GraphModel MakeGraphModel(const Store& store, const std::vector<Network>& networks, const CoordinationGraph& graph,
                          const CoActionResult& co_action) {
  GraphModel model;
  Builder build(store, model);
  std::vector<int> network_of(store.actors().size(), -1);
  for (size_t n = 0; n < networks.size(); ++n) {
    for (ActorId a : networks[n].members) {
      network_of[a] = static_cast<int>(n);
      build.Node(a, static_cast<int>(n));
    }
  }
  build.CoordinationEdges(graph, co_action, network_of);
  // Ties that brought pages, groups and quiet actors into their network.
  const RelationTable& relations = store.relations();
  for (size_t r = 0; r < relations.size(); ++r) {
    if (relations.type[r] != RelationType::kAdmin && relations.type[r] != RelationType::kMember) continue;
    const ActorId from = relations.from[r], to = relations.to[r];
    if (network_of[from] < 0 || network_of[from] != network_of[to]) continue;
    build.Edge(from, to, {build.At(from), build.At(to), "runs_or_fills", 1, 0, 1, std::string(Name(relations.type[r]))});
  }
  for (const PairTies& ties : co_action.pairs) {
    const uint32_t profile = ties.by_signal[static_cast<int>(Signal::kSameAvatar)].objects +
                             ties.by_signal[static_cast<int>(Signal::kSameInfra)].objects;
    if (profile == 0 || network_of[ties.a] < 0 || network_of[ties.a] != network_of[ties.b]) continue;
    build.Edge(ties.a, ties.b, {build.At(ties.a), build.At(ties.b), "identity", 1, profile, 1, SignalList(ties)});
  }
  // Posting in a page or group the network fills.
  const PostTable& posts = store.posts();
  for (PostId p = 0; p < posts.size(); ++p) {
    const ActorId in = posts.in[p], author = posts.actor[p];
    if (in == kNone || network_of[in] < 0 || network_of[in] != network_of[author]) continue;
    build.Edge(author, in, {build.At(author), build.At(in), "runs_or_fills", 1, 0, 1, "posts_in"});
  }
  return model;
}

}  // namespace unmask
