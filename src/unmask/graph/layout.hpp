#pragma once
// Node positions for drawing a graph (report.html's network pictures).
#include <cstdint>
#include <span>
#include <vector>

namespace unmask {

struct LayoutEdge {
  uint32_t a, b;
  double weight = 1;  ///< stronger ties pull their ends closer
};

struct Point {
  double x = 0, y = 0;
};

/// Positions in [0, 1] x [0, 1] for nodes 0..nodes-1: each connected
/// component is laid out by Fruchterman-Reingold (igraph; Fruchterman &
/// Reingold 1991, doi:10.1002/spe.4380211102) with a fixed seed, then the
/// components are packed in rows, largest first, each in a square whose side
/// grows with the square root of its size. Deterministic for a given input.
/// Cost O(rounds x (n + e)) with igraph's grid above 300 nodes (rounds fall
/// from 500 to 100 as components grow), O(rounds x n^2) below.
std::vector<Point> LayoutGraph(uint32_t nodes, std::span<const LayoutEdge> edges, uint64_t seed = 42);

}  // namespace unmask
