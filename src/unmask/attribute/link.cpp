#include "unmask/attribute/link.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <unordered_map>

namespace unmask {
namespace {

using PairKey = std::pair<uint32_t, uint32_t>;

struct PairEvidence {
  std::map<std::string, uint64_t> counts;
  std::map<std::string, std::string> examples;
  void Add(const std::string& kind, const std::string& example) {
    if (counts[kind]++ == 0) examples[kind] = example;
  }
};

PairKey Key(uint32_t a, uint32_t b) { return a < b ? PairKey{a, b} : PairKey{b, a}; }

std::string Who(const Store& store, ActorId a) {
  return fmt::format("{}/{}", store.PlatformName(store.actors().platform[a]), store.Str(store.actors().ext_id[a]));
}

void CrossShares(const Store& store, const std::vector<uint32_t>& owner, std::map<PairKey, PairEvidence>& pairs) {
  const PostTable& posts = store.posts();
  for (PostId p = 0; p < posts.size(); ++p) {
    const uint32_t na = owner[posts.actor[p]];
    const PostId parent = posts.parent[p];
    if (na == kNone || parent == kNone || posts.platform[parent] == posts.platform[p]) continue;
    const uint32_t nb = owner[posts.actor[parent]];
    if (nb == kNone || nb == na) continue;
    pairs[Key(na, nb)].Add("cross_platform_shares",
                           fmt::format("{} post {} acts on {} post {}", Who(store, posts.actor[p]), store.Str(posts.ext_id[p]),
                                       Who(store, posts.actor[parent]), store.Str(posts.ext_id[parent])));
  }
}

void TextFamilies(const Store& store, const std::vector<Network>& networks, const std::vector<bool>& linkable,
                  std::map<PairKey, PairEvidence>& pairs) {
  const auto& family = store.posts().text_family;
  if (family.empty()) return;
  std::unordered_map<uint32_t, std::map<uint32_t, uint64_t>> per_family;  // family -> network -> posts
  std::unordered_map<uint32_t, PostId> example;
  for (uint32_t n = 0; n < networks.size(); ++n) {
    if (!linkable[n]) continue;
    for (ActorId a : networks[n].members) {
      for (PostId p : store.PostsOf(a)) {
        if (family[p] == kNone) continue;
        ++per_family[family[p]][n];
        example.emplace(family[p], p);
      }
    }
  }
  for (const auto& [f, counts] : per_family) {
    std::vector<uint32_t> nets;
    for (const auto& [n, c] : counts) {
      if (c >= 2) nets.push_back(n);
    }
    for (size_t i = 0; i < nets.size(); ++i) {
      for (size_t j = i + 1; j < nets.size(); ++j) {
        const std::string text(store.Str(store.posts().text[example[f]]).substr(0, 80));
        pairs[Key(nets[i], nets[j])].Add("text_families", fmt::format("\"{}\"", text));
      }
    }
  }
}

// Values (avatars, infrastructure fingerprints, handles) held by members of
// two networks and by few actors overall.
void SharedValues(const Store& store, const std::vector<Network>& networks, const std::vector<bool>& linkable,
                  const LinkConfig& config, std::map<PairKey, PairEvidence>& pairs) {
  const ActorTable& actors = store.actors();
  std::unordered_map<StrId, uint32_t> holders;
  for (ActorId a = 0; a < actors.size(); ++a) {
    if (!store.Str(actors.avatar[a]).empty()) ++holders[actors.avatar[a]];
    for (StrId v : actors.infra.Row(a)) ++holders[v];
  }
  struct Seen {
    std::map<uint32_t, ActorId> by_network;
  };
  std::unordered_map<StrId, Seen> avatars, infra;
  std::unordered_map<std::string, std::map<uint32_t, ActorId>> handles;
  for (uint32_t n = 0; n < networks.size(); ++n) {
    if (!linkable[n]) continue;
    for (ActorId a : networks[n].members) {
      const StrId av = actors.avatar[a];
      if (!store.Str(av).empty() && holders[av] <= config.max_value_sharers) avatars[av].by_network.emplace(n, a);
      for (StrId v : actors.infra.Row(a)) {
        if (holders[v] <= config.max_value_sharers) infra[v].by_network.emplace(n, a);
      }
      std::string handle(store.Str(actors.handle[a]));
      for (char& c : handle) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (handle.size() >= 4) handles[handle].emplace(n, a);
    }
  }
  auto add = [&](const std::map<uint32_t, ActorId>& by_network, const std::string& kind, std::string_view value,
                 bool cross_platform_only) {
    for (auto i = by_network.begin(); i != by_network.end(); ++i) {
      for (auto j = std::next(i); j != by_network.end(); ++j) {
        if (cross_platform_only && actors.platform[i->second] == actors.platform[j->second]) continue;
        pairs[Key(i->first, j->first)].Add(
            kind, fmt::format("{} and {} share {}", Who(store, i->second), Who(store, j->second), value));
      }
    }
  };
  for (const auto& [v, seen] : avatars) add(seen.by_network, "shared_avatars", store.Str(v), false);
  for (const auto& [v, seen] : infra) add(seen.by_network, "shared_infrastructure", store.Str(v), false);
  for (const auto& [h, by_network] : handles) add(by_network, "shared_handles", "handle " + h, true);
}

uint32_t Find(std::vector<uint32_t>& parent, uint32_t x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

}  // namespace

std::vector<LinkedOperation> LinkNetworks(const Store& store, const std::vector<Network>& networks,
                                          const LinkConfig& config) {
  std::vector<bool> linkable(networks.size());
  std::vector<uint32_t> owner(store.actors().size(), kNone);
  for (uint32_t n = 0; n < networks.size(); ++n) {
    linkable[n] = networks[n].verdict.takedown || !config.takedown_only;
    if (!linkable[n]) continue;
    for (ActorId a : networks[n].members) owner[a] = n;
  }
  std::map<PairKey, PairEvidence> pairs;
  CrossShares(store, owner, pairs);
  TextFamilies(store, networks, linkable, pairs);
  SharedValues(store, networks, linkable, config, pairs);

  const std::map<std::string, uint64_t> enough = {{"cross_platform_shares", config.enough_shares},
                                                  {"text_families", config.enough_families},
                                                  {"shared_avatars", config.enough_values},
                                                  {"shared_infrastructure", config.enough_values},
                                                  {"shared_handles", config.enough_handles}};
  std::vector<NetworkLink> links;
  for (const auto& [key, ev] : pairs) {
    NetworkLink link{key.first, key.second, 0, {}};
    for (const auto& [kind, count] : ev.counts) {
      link.strength += std::min(1.0, static_cast<double>(count) / static_cast<double>(enough.at(kind)));
      link.evidence.push_back({kind, count, ev.examples.at(kind)});
    }
    if (link.strength >= config.min_strength) links.push_back(std::move(link));
  }
  std::vector<uint32_t> parent(networks.size());
  std::iota(parent.begin(), parent.end(), 0u);
  for (const NetworkLink& l : links) parent[Find(parent, l.a)] = Find(parent, l.b);
  std::map<uint32_t, LinkedOperation> groups;
  for (const NetworkLink& l : links) {
    LinkedOperation& g = groups[Find(parent, l.a)];
    g.links.push_back(l);
    g.networks.push_back(l.a);
    g.networks.push_back(l.b);
  }
  std::vector<LinkedOperation> out;
  for (auto& [root, g] : groups) {
    std::sort(g.networks.begin(), g.networks.end());
    g.networks.erase(std::unique(g.networks.begin(), g.networks.end()), g.networks.end());
    out.push_back(std::move(g));
  }
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.networks.front() < y.networks.front(); });
  return out;
}

}  // namespace unmask
