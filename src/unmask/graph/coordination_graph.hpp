#pragma once
// The coordination graph: actors tied by co-action, with the ties that chance
// explains filtered out, then split into communities (candidate networks).
#include <cstdint>
#include <vector>

#include "unmask/signals/co_action.hpp"

namespace unmask {

struct GraphConfig {
  uint32_t min_repeats = 2;     ///< a pair must be tied by at least this many distinct objects
  double alpha = 0.01;          ///< significance level of the chance-co-occurrence test
  double resolution = 1.0;      ///< modularity resolution for Leiden (higher: smaller networks)
  uint32_t min_network_size = 3;
  uint64_t seed = 42;
};

struct CoordinationEdge {
  ActorId a, b;
  float weight;      ///< sum over signals of object weights (viral objects weigh little)
  uint32_t objects;  ///< distinct objects that tie the pair, all signals
  double expected;   ///< objects expected by chance (configuration null)
  double p_value;    ///< P(Poisson(expected) >= objects)
  uint32_t pair;     ///< index into CoActionResult::pairs, for the evidence
};

struct CoordinationGraph {
  std::vector<CoordinationEdge> edges;  ///< the edges that survived, sorted by (a, b)
  uint64_t candidate_pairs = 0;         ///< pairs tied at least once
  uint64_t repeated_pairs = 0;          ///< pairs tied at least min_repeats times
};

/// Keeps the pairs whose co-action chance does not explain. Under the null an
/// actor's ties fall on partners in proportion to their own tie totals (the
/// configuration model behind modularity): the expected count for a pair is
/// k_a·k_b / 2M, with k the actor's total ties and M all ties; an edge stays
/// when P(Poisson(expected) >= observed) < alpha. Cost O(pairs).
CoordinationGraph BuildCoordinationGraph(const CoActionResult& co_action, const GraphConfig& config);

/// Upper tail of the binomial distribution, P(X >= k) for X ~ Bin(n, p).
double BinomialUpperTail(uint32_t k, uint32_t n, double p);

/// Upper tail of the Poisson distribution, P(X >= k) for X ~ Poisson(lambda).
double PoissonUpperTail(uint32_t k, double lambda);

/// Communities of the graph with Leiden (Traag, Waltman & van Eck 2019,
/// doi:10.1038/s41598-019-41695-z) optimising modularity via igraph, fixed
/// seed. Returns communities of at least min_network_size actors, each sorted,
/// largest first. Cost about O(E) per iteration.
std::vector<std::vector<ActorId>> DetectCommunities(const CoordinationGraph& graph, const GraphConfig& config);

}  // namespace unmask
