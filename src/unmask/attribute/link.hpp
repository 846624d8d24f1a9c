#pragma once
// Cross-platform linking: takedown networks that the evidence says are one
// operation (posts on one platform sharing the other network's posts on
// another, near-identical text families, shared profile pictures, shared
// infrastructure, the same handle on several platforms) are grouped into one
// linked operation, each link with its evidence and strength. The networks
// keep their own verdicts; the report counts the linked operation as a whole.
#include <string>
#include <vector>

#include "unmask/assess/network.hpp"

namespace unmask {

struct LinkEvidence {
  std::string kind;     ///< "cross_platform_shares", "text_families", "shared_avatars", "shared_infrastructure", "shared_handles"
  uint64_t count = 0;   ///< posts, families or values behind it
  std::string example;  ///< one instance in the input's terms
};

struct NetworkLink {
  uint32_t a = 0, b = 0;  ///< indexes into the networks (a < b)
  double strength = 0;    ///< sum over kinds of min(1, count / enough); a link needs LinkConfig::min_strength
  std::vector<LinkEvidence> evidence;
};

struct LinkedOperation {
  std::vector<uint32_t> networks;  ///< indexes, sorted
  std::vector<NetworkLink> links;  ///< the links that joined them
};

struct LinkConfig {
  double min_strength = 1.0;
  uint32_t max_value_sharers = 20;  ///< a picture or fingerprint held by more actors is a common one, not evidence
  uint64_t enough_shares = 10;      ///< cross-platform shares that alone make a link
  uint64_t enough_families = 3;     ///< text families (each posted at least twice by both networks)
  uint64_t enough_values = 3;       ///< shared pictures or infrastructure values
  uint64_t enough_handles = 2;      ///< handles used by both networks on different platforms
  bool takedown_only = true;        ///< link only networks recommended for takedown
};

/// All links at or above min_strength and the groups (two or more networks)
/// they form. Cost O(posts of members + actors).
std::vector<LinkedOperation> LinkNetworks(const Store& store, const std::vector<Network>& networks,
                                          const LinkConfig& config = {});

}  // namespace unmask
