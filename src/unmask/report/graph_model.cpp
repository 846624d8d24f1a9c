// The coordination graph as the exports and pictures draw it.
#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

#include "unmask/report/report.hpp"

namespace unmask {
namespace {

uint64_t PairKey(uint32_t a, uint32_t b) {
  if (a > b) std::swap(a, b);
  return (static_cast<uint64_t>(a) << 32) | b;
}

std::string SignalList(const PairTies& ties) {
  std::string out;
  for (int s = 0; s < kSignalCount; ++s) {
    if (ties.by_signal[s].objects == 0) continue;
    out += fmt::format("{}{}:{}", out.empty() ? "" : " ", Name(static_cast<Signal>(s)), ties.by_signal[s].objects);
  }
  return out;
}

class Builder {
 public:
  Builder(const Store& store, GraphModel& model) : store_(store), model_(model) {}
  uint32_t Node(ActorId a, int network) {
    auto [it, inserted] = index_.try_emplace(a, static_cast<uint32_t>(model_.nodes.size()));
    if (inserted) model_.nodes.push_back({MakeActorRef(store_, a), network});
    return it->second;
  }
  bool Has(ActorId a) const { return index_.count(a) > 0; }
  uint32_t At(ActorId a) const { return index_.at(a); }
  // Adds the edge unless the two nodes are already tied.
  void Edge(GraphEdge edge) {
    if (edge.a == edge.b || !tied_.insert(PairKey(edge.a, edge.b)).second) return;
    model_.edges.push_back(std::move(edge));
  }

 private:
  const Store& store_;
  GraphModel& model_;
  std::unordered_map<ActorId, uint32_t> index_;
  std::unordered_set<uint64_t> tied_;
};

}  // namespace

void AddCoordinationGraph(Report& report, const Store& store, const std::vector<Network>& networks,
                          const CoordinationGraph& graph, const CoActionResult& co_action) {
  report.graph = {};
  Builder build(store, report.graph);
  std::vector<int> network_of(store.actors().size(), -1);
  for (size_t n = 0; n < networks.size(); ++n) {
    for (ActorId a : networks[n].members) {
      network_of[a] = static_cast<int>(n);
      build.Node(a, static_cast<int>(n));
    }
  }
  for (const CoordinationEdge& e : graph.edges) {
    const uint32_t a = build.Node(e.a, network_of[e.a]), b = build.Node(e.b, network_of[e.b]);
    build.Edge({a, b, "coordination", e.weight, e.objects, e.p_value, SignalList(co_action.pairs[e.pair])});
  }
  // Ties that brought pages, groups and quiet actors into their network.
  const RelationTable& relations = store.relations();
  for (size_t r = 0; r < relations.size(); ++r) {
    if (relations.type[r] != RelationType::kAdmin && relations.type[r] != RelationType::kMember) continue;
    const ActorId from = relations.from[r], to = relations.to[r];
    if (network_of[from] < 0 || network_of[from] != network_of[to]) continue;
    build.Edge({build.At(from), build.At(to), "runs_or_fills", 1, 0, 1, std::string(Name(relations.type[r]))});
  }
  for (const PairTies& ties : co_action.pairs) {
    const uint32_t profile = ties.by_signal[static_cast<int>(Signal::kSameAvatar)].objects +
                             ties.by_signal[static_cast<int>(Signal::kSameInfra)].objects;
    if (profile == 0 || network_of[ties.a] < 0 || network_of[ties.a] != network_of[ties.b]) continue;
    build.Edge({build.At(ties.a), build.At(ties.b), "identity", 1, profile, 1, SignalList(ties)});
  }
  // Posting in a page or group the network fills.
  const PostTable& posts = store.posts();
  for (PostId p = 0; p < posts.size(); ++p) {
    const ActorId in = posts.in[p], author = posts.actor[p];
    if (in == kNone || network_of[in] < 0 || network_of[in] != network_of[author]) continue;
    build.Edge({build.At(author), build.At(in), "runs_or_fills", 1, 0, 1, "posts_in"});
  }
}

}  // namespace unmask
