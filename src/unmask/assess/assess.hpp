#pragma once
// The assessment: indicators of inauthenticity per network, a verdict with
// reasons, and the echo chamber and amplifiers of each network.
#include <vector>

#include "unmask/assess/network.hpp"

namespace unmask {

struct AssessConfig {
  Time burst_window = 14 * 86400;    ///< creation dates this close count as one batch
  double burst_share = 0.5;          ///< share of dated members created in one batch
  double echo_share = 0.5;           ///< internal share of engagements that marks an echo chamber
  uint64_t echo_min_engagements = 20;
  double copy_share = 0.3;           ///< share of members' texts that another member also posted
  Time young_age = 90 * 86400;       ///< an account younger than this at its first post is new
  double young_share = 0.6;
  int min_indicators = 2;            ///< indicators needed for a takedown
  int min_text_chars = 24;           ///< texts shorter than this are not compared for copying
  size_t max_amplifiers = 50;        ///< amplifiers listed per network (all are counted)
};

/// Fills indicators, verdict, echo chamber and amplifiers of every network and
/// orders them most severe first. Cost O(posts of members + their engagements).
void AssessNetworks(const Store& store, std::vector<Network>& networks, const AssessConfig& config);

/// Members of takedown networks, as a per-actor flag.
std::vector<uint8_t> TakedownMask(const Store& store, const std::vector<Network>& networks);

}  // namespace unmask
