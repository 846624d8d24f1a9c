#include "unmask/graph/coordination_graph.hpp"

#include <igraph/igraph.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace unmask {

double PoissonUpperTail(uint32_t k, double lambda) {
  if (k == 0) return 1.0;
  if (lambda <= 0) return 0.0;
  const double log_lambda = std::log(lambda);
  auto log_term = [&](uint32_t i) { return -lambda + i * log_lambda - std::lgamma(i + 1.0); };
  if (lambda < k) {  // sum the tail directly: no cancellation, terms fall fast
    double sum = 0;
    for (uint32_t i = k; i < k + 1000; ++i) {
      const double term = std::exp(log_term(i));
      sum += term;
      if (term < sum * 1e-12) break;
    }
    return std::min(1.0, sum);
  }
  double below = 0;
  for (uint32_t i = 0; i < k; ++i) below += std::exp(log_term(i));
  return std::clamp(1.0 - below, 0.0, 1.0);
}

double BinomialUpperTail(uint32_t k, uint32_t n, double p) {
  if (k == 0) return 1.0;
  if (k > n || p <= 0) return 0.0;
  if (p >= 1) return 1.0;
  const double log_p = std::log(p), log_q = std::log1p(-p);
  double sum = 0;
  for (uint32_t i = k; i <= n; ++i) {
    const double log_term =
        std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) + i * log_p + (n - i) * log_q;
    const double term = std::exp(log_term);
    sum += term;
    if (i > n * p && term < sum * 1e-12) break;  // past the mode the terms only shrink
  }
  return std::min(1.0, sum);
}

CoordinationGraph BuildCoordinationGraph(const CoActionResult& co_action, const GraphConfig& config) {
  CoordinationGraph graph;
  graph.candidate_pairs = co_action.candidate_pairs;
  const std::vector<uint32_t>& degree = co_action.degree;  // total ties per actor
  const double total = static_cast<double>(co_action.total_objects);
  for (uint32_t i = 0; i < co_action.pairs.size(); ++i) {
    const PairTies& p = co_action.pairs[i];
    const uint32_t observed = p.TotalObjects();
    if (observed < config.min_repeats) continue;
    ++graph.repeated_pairs;
    const double expected = static_cast<double>(degree[p.a]) * degree[p.b] / (2.0 * total);
    const double p_value = PoissonUpperTail(observed, expected);
    if (p_value >= config.alpha) continue;
    graph.edges.push_back({p.a, p.b, p.TotalWeight(), observed, expected, p_value, i});
  }
  return graph;
}

namespace {

// igraph keeps its random generator and error handler in globals.
std::mutex igraph_mutex;

void Check(igraph_error_t code, const char* what) {
  if (code != IGRAPH_SUCCESS) throw std::runtime_error(std::string("igraph failed in ") + what);
}

}  // namespace

std::vector<std::vector<ActorId>> DetectCommunities(const CoordinationGraph& graph, const GraphConfig& config) {
  if (graph.edges.empty()) return {};
  std::lock_guard<std::mutex> lock(igraph_mutex);
  igraph_set_error_handler(igraph_error_handler_printignore);

  // Dense vertex ids in first-seen order of the sorted edge list.
  std::vector<ActorId> actors;
  std::unordered_map<ActorId, igraph_integer_t> vertex;
  auto vertex_of = [&](ActorId a) {
    auto [it, inserted] = vertex.try_emplace(a, static_cast<igraph_integer_t>(actors.size()));
    if (inserted) actors.push_back(a);
    return it->second;
  };
  igraph_vector_int_t edge_list;
  igraph_vector_t weights, strength;
  Check(igraph_vector_int_init(&edge_list, 0), "init");
  Check(igraph_vector_init(&weights, 0), "init");
  for (const CoordinationEdge& e : graph.edges) {
    igraph_vector_int_push_back(&edge_list, vertex_of(e.a));
    igraph_vector_int_push_back(&edge_list, vertex_of(e.b));
    igraph_vector_push_back(&weights, e.weight);
  }
  igraph_t g;
  Check(igraph_create(&g, &edge_list, static_cast<igraph_integer_t>(actors.size()), IGRAPH_UNDIRECTED), "create");
  Check(igraph_vector_init(&strength, 0), "init");
  Check(igraph_strength(&g, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, &weights), "strength");
  double total_weight = 0;
  for (const CoordinationEdge& e : graph.edges) total_weight += e.weight;

  igraph_rng_seed(igraph_rng_default(), config.seed);
  igraph_vector_int_t membership;
  Check(igraph_vector_int_init(&membership, 0), "init");
  igraph_integer_t clusters = 0;
  igraph_real_t quality = 0;
  // Modularity as a Leiden quality: node weights are strengths and the
  // resolution is scaled by 1/2m (igraph's documented recipe).
  Check(igraph_community_leiden(&g, &weights, &strength, config.resolution / (2.0 * total_weight), 0.01, false, -1,
                                &membership, &clusters, &quality),
        "community_leiden");

  std::vector<std::vector<ActorId>> communities(static_cast<size_t>(clusters));
  for (size_t v = 0; v < actors.size(); ++v) communities[VECTOR(membership)[v]].push_back(actors[v]);
  igraph_vector_int_destroy(&membership);
  igraph_vector_destroy(&strength);
  igraph_vector_destroy(&weights);
  igraph_vector_int_destroy(&edge_list);
  igraph_destroy(&g);

  std::erase_if(communities, [&](const auto& c) { return c.size() < config.min_network_size; });
  for (auto& c : communities) std::sort(c.begin(), c.end());
  std::sort(communities.begin(), communities.end(), [](const auto& x, const auto& y) {
    return x.size() != y.size() ? x.size() > y.size() : x.front() < y.front();
  });
  return communities;
}

}  // namespace unmask
