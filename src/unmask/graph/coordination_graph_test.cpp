#include "unmask/graph/coordination_graph.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace unmask {
namespace {

TEST(PoissonUpperTail, MatchesClosedForms) {
  EXPECT_DOUBLE_EQ(PoissonUpperTail(0, 3.0), 1.0);
  EXPECT_NEAR(PoissonUpperTail(1, 2.0), 1 - std::exp(-2.0), 1e-12);
  EXPECT_NEAR(PoissonUpperTail(2, 0.1), 1 - std::exp(-0.1) * 1.1, 1e-12);
  EXPECT_NEAR(PoissonUpperTail(3, 5.0), 1 - std::exp(-5.0) * (1 + 5 + 12.5), 1e-12);
  EXPECT_LT(PoissonUpperTail(20, 1.0), 1e-15);
}

PairTies Tie(ActorId a, ActorId b, uint32_t objects) {
  PairTies t{};
  t.a = a;
  t.b = b;
  t.by_signal[0] = {objects, static_cast<float>(objects)};
  return t;
}

TEST(CoordinationGraph, ChanceTiesOfBusyActorsAreFiltered) {
  CoActionResult co;
  // Two dense cliques of 6 tied 8 times per pair; a hub tied twice to everyone.
  for (ActorId a = 0; a < 12; ++a) {
    for (ActorId b = a + 1; b < 12; ++b) {
      if (a / 6 == b / 6) co.pairs.push_back(Tie(a, b, 8));
    }
  }
  for (ActorId a = 0; a < 12; ++a) co.pairs.push_back(Tie(a, 100, 2));
  for (ActorId a = 200; a < 260; ++a) co.pairs.push_back(Tie(100, a, 2));
  std::sort(co.pairs.begin(), co.pairs.end(), [](auto& x, auto& y) { return std::pair(x.a, x.b) < std::pair(y.a, y.b); });
  co.degree.assign(300, 0);
  for (const PairTies& p : co.pairs) {
    co.degree[p.a] += p.TotalObjects();
    co.degree[p.b] += p.TotalObjects();
    co.total_objects += p.TotalObjects();
    ++co.candidate_pairs;
  }
  GraphConfig config;
  const CoordinationGraph graph = BuildCoordinationGraph(co, config);
  for (const CoordinationEdge& e : graph.edges) {
    EXPECT_NE(e.b, 100u) << "hub ties are what chance predicts";
  }
  EXPECT_EQ(graph.edges.size(), 30u);
  const auto communities = DetectCommunities(graph, config);
  ASSERT_EQ(communities.size(), 2u);
  std::set<ActorId> first(communities[0].begin(), communities[0].end());
  EXPECT_EQ(first.size(), 6u);
  // Each community is one clique: all members on the same side.
  for (ActorId a : communities[0]) EXPECT_EQ(a / 6, communities[0].front() / 6);
}

}  // namespace
}  // namespace unmask
