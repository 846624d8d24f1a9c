#include "unmask/graph/layout.hpp"

#include <igraph/igraph.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>

namespace unmask {
namespace {

// igraph keeps its random generator and error handler in globals.
std::mutex layout_mutex;

void Check(igraph_error_t code, const char* what) {
  if (code != IGRAPH_SUCCESS) throw std::runtime_error(std::string("igraph failed in ") + what);
}

uint32_t Find(std::vector<uint32_t>& parent, uint32_t x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

// Components as lists of nodes, largest first (ties: smallest first node).
std::vector<std::vector<uint32_t>> Components(uint32_t nodes, std::span<const LayoutEdge> edges) {
  std::vector<uint32_t> parent(nodes);
  std::iota(parent.begin(), parent.end(), 0u);
  for (const LayoutEdge& e : edges) parent[Find(parent, e.a)] = Find(parent, e.b);
  std::vector<std::vector<uint32_t>> by_root(nodes);
  for (uint32_t v = 0; v < nodes; ++v) by_root[Find(parent, v)].push_back(v);
  std::vector<std::vector<uint32_t>> components;
  for (auto& c : by_root) {
    if (!c.empty()) components.push_back(std::move(c));
  }
  std::stable_sort(components.begin(), components.end(),
                   [](const auto& x, const auto& y) { return x.size() > y.size(); });
  return components;
}

// Fruchterman-Reingold inside one component; positions in [0, 1]^2.
std::vector<Point> LayoutComponent(const std::vector<uint32_t>& nodes, const std::vector<uint32_t>& local_of,
                                   const std::vector<LayoutEdge>& edges) {
  std::vector<Point> out(nodes.size(), Point{0.5, 0.5});
  if (nodes.size() == 1) return out;
  igraph_vector_int_t edge_list;
  igraph_vector_t weights;
  Check(igraph_vector_int_init(&edge_list, 0), "init");
  Check(igraph_vector_init(&weights, 0), "init");
  for (const LayoutEdge& e : edges) {
    if (e.a == e.b) continue;
    igraph_vector_int_push_back(&edge_list, local_of[e.a]);
    igraph_vector_int_push_back(&edge_list, local_of[e.b]);
    igraph_vector_push_back(&weights, 1.0 + std::log1p(std::max(0.0, e.weight)));
  }
  igraph_t g;
  Check(igraph_create(&g, &edge_list, static_cast<igraph_integer_t>(nodes.size()), IGRAPH_UNDIRECTED), "create");
  igraph_matrix_t res;
  Check(igraph_matrix_init(&res, 0, 0), "init");
  // Fewer rounds for large components: the picture settles early and the
  // cost per round grows with the component.
  const auto rounds = static_cast<igraph_integer_t>(std::clamp<size_t>(60000 / nodes.size(), 100, 500));
  Check(igraph_layout_fruchterman_reingold(&g, &res, false, rounds, std::sqrt(static_cast<double>(nodes.size())),
                                           nodes.size() > 300 ? IGRAPH_LAYOUT_GRID : IGRAPH_LAYOUT_NOGRID, &weights,
                                           nullptr, nullptr, nullptr, nullptr),
        "layout_fruchterman_reingold");
  double min_x = 1e300, max_x = -1e300, min_y = 1e300, max_y = -1e300;
  for (size_t i = 0; i < nodes.size(); ++i) {
    out[i] = {MATRIX(res, i, 0), MATRIX(res, i, 1)};
    min_x = std::min(min_x, out[i].x), max_x = std::max(max_x, out[i].x);
    min_y = std::min(min_y, out[i].y), max_y = std::max(max_y, out[i].y);
  }
  const double span = std::max({max_x - min_x, max_y - min_y, 1e-9});
  for (Point& p : out) {  // keep the aspect ratio, centre in the unit square
    p.x = 0.5 + (p.x - (min_x + max_x) / 2) / span;
    p.y = 0.5 + (p.y - (min_y + max_y) / 2) / span;
  }
  igraph_matrix_destroy(&res);
  igraph_destroy(&g);
  igraph_vector_destroy(&weights);
  igraph_vector_int_destroy(&edge_list);
  return out;
}

}  // namespace

std::vector<Point> LayoutGraph(uint32_t nodes, std::span<const LayoutEdge> edges, uint64_t seed) {
  std::vector<Point> positions(nodes);
  if (nodes == 0) return positions;
  const auto components = Components(nodes, edges);
  std::lock_guard<std::mutex> lock(layout_mutex);
  igraph_set_error_handler(igraph_error_handler_printignore);
  igraph_rng_seed(igraph_rng_default(), seed);
  // Shelf packing: a component of s nodes gets a square of side sqrt(s) + 1.
  double area = 0;
  for (const auto& c : components) area += std::pow(std::sqrt(static_cast<double>(c.size())) + 1, 2);
  const double width = std::max(std::sqrt(area) * 1.15, std::sqrt(static_cast<double>(components[0].size())) + 1);
  double x = 0, y = 0, row_height = 0, max_x = 0;
  std::vector<uint32_t> component_of(nodes);
  for (uint32_t k = 0; k < components.size(); ++k) {
    for (uint32_t v : components[k]) component_of[v] = k;
  }
  std::vector<std::vector<LayoutEdge>> edges_of(components.size());
  for (const LayoutEdge& e : edges) edges_of[component_of[e.a]].push_back(e);
  std::vector<uint32_t> local_of(nodes, UINT32_MAX);
  for (uint32_t k = 0; k < components.size(); ++k) {
    const auto& c = components[k];
    const double side = std::sqrt(static_cast<double>(c.size())) + 1;
    if (x > 0 && x + side > width) x = 0, y += row_height, row_height = 0;
    for (uint32_t i = 0; i < c.size(); ++i) local_of[c[i]] = i;
    const std::vector<Point> local = LayoutComponent(c, local_of, edges_of[k]);
    for (uint32_t i = 0; i < c.size(); ++i) {
      const double margin = side * 0.1;
      positions[c[i]] = {x + margin + local[i].x * (side - 2 * margin), y + margin + local[i].y * (side - 2 * margin)};
      local_of[c[i]] = UINT32_MAX;
    }
    x += side, row_height = std::max(row_height, side), max_x = std::max(max_x, x);
  }
  const double extent = std::max(max_x, y + row_height);
  for (Point& p : positions) p.x /= extent, p.y /= extent;
  return positions;
}

}  // namespace unmask
