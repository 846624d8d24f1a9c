#include "unmask/graph/layout.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace unmask {
namespace {

double Distance(Point p, Point q) { return std::hypot(p.x - q.x, p.y - q.y); }

// Two 5-cliques joined by one edge, plus a separate triangle and an isolated node.
std::vector<LayoutEdge> TwoCliques() {
  std::vector<LayoutEdge> edges;
  for (uint32_t base : {0u, 5u}) {
    for (uint32_t i = 0; i < 5; ++i) {
      for (uint32_t j = i + 1; j < 5; ++j) edges.push_back({base + i, base + j, 3});
    }
  }
  edges.push_back({0, 5, 0.1});
  edges.push_back({10, 11, 1});
  edges.push_back({11, 12, 1});
  edges.push_back({10, 12, 1});
  return edges;
}

TEST(Layout, PositionsInTheUnitSquareAndDeterministic) {
  const auto edges = TwoCliques();
  const auto a = LayoutGraph(14, edges), b = LayoutGraph(14, edges);
  ASSERT_EQ(a.size(), 14u);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_GE(a[i].x, 0.0);
    EXPECT_LE(a[i].x, 1.0);
    EXPECT_GE(a[i].y, 0.0);
    EXPECT_LE(a[i].y, 1.0);
    EXPECT_DOUBLE_EQ(a[i].x, b[i].x);
    EXPECT_DOUBLE_EQ(a[i].y, b[i].y);
  }
}

TEST(Layout, CliquesStayTogetherAndComponentsApart) {
  const auto p = LayoutGraph(14, TwoCliques());
  double inside = 0, across = 0;
  for (uint32_t i = 2; i < 5; ++i) inside = std::max(inside, Distance(p[1], p[i]));
  for (uint32_t i = 5; i < 10; ++i) across += Distance(p[1], p[i]) / 5;
  EXPECT_LT(inside, across) << "a clique's members sit closer to each other than to the other clique";
  // The triangle is its own component: no node of it overlaps a clique node.
  for (uint32_t t = 10; t < 13; ++t) {
    for (uint32_t i = 0; i < 10; ++i) EXPECT_GT(Distance(p[t], p[i]), 1e-3);
  }
  EXPECT_TRUE(LayoutGraph(0, {}).empty());
  EXPECT_EQ(LayoutGraph(1, {}).size(), 1u);
}

}  // namespace
}  // namespace unmask
