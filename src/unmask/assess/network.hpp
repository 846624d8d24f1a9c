#pragma once
// A network: a community of the coordination graph plus the pages, groups and
// channels its accounts run or fill, with everything the assessment learns.
#include <array>
#include <string>
#include <vector>

#include "unmask/graph/coordination_graph.hpp"
#include "unmask/store/store.hpp"

namespace unmask {

/// Engagements that a network's posts received, by who made them.
struct EchoChamber {
  uint64_t engagements = 0;         ///< comments, replies, shares, quotes, reactions by other actors
  uint64_t internal = 0;            ///< made by the network's own members
  uint64_t other_takedown = 0;      ///< made by members of other takedown networks
  uint64_t authentic = 0;           ///< made by actors outside every takedown network
  uint64_t authentic_engagers = 0;  ///< distinct such actors
  double InternalShare() const { return engagements ? static_cast<double>(internal) / engagements : 0.0; }
};

struct Amplifier {
  ActorId actor;
  int64_t audience;      ///< followers, 0 when unknown
  uint32_t engagements;  ///< shares and quotes of the network's posts
  Time first, last;
};

/// One observation behind a verdict, true or not, with its evidence sentence.
struct Indicator {
  std::string name;
  bool fired = false;
  double value = 0;
  std::string evidence;
};

struct Verdict {
  bool takedown = false;
  double confidence = 0;  ///< in [0, 1]: how much of the evidence points one way
  std::vector<std::string> reasons;
};

struct Network {
  std::vector<ActorId> members;   ///< sorted; coordinated actors first joined, then attached ones
  std::vector<ActorId> attached;  ///< pages/groups/channels that joined through their accounts (sorted)
  // Coordination inside the network.
  uint64_t edges = 0;
  double weight = 0;
  double min_p_value = 1;
  std::array<uint64_t, kSignalCount> signal_ties{};  ///< pair-object ties per signal
  std::vector<PostPair> examples;                    ///< a few tying post pairs
  // Assessment.
  std::vector<Indicator> indicators;
  Verdict verdict;
  EchoChamber echo;
  std::vector<Amplifier> amplifiers;
  uint64_t amplifier_count = 0;
  uint64_t posts = 0;
  Time first_activity = kNoTime, last_activity = kNoTime;
};

/// Turns communities into networks: core members from the graph; a page,
/// group or channel joins the network that administers it (no outside admin)
/// or that makes at least half of its posts with three or more accounts.
/// Cost O(N + posts in pages + relations).
std::vector<Network> BuildNetworks(const Store& store, const CoActionResult& co_action,
                                   const CoordinationGraph& graph,
                                   const std::vector<std::vector<ActorId>>& communities);

}  // namespace unmask
