#pragma once
// The assessment: indicators of inauthenticity per network, a verdict with
// reasons, and the echo chamber and amplifiers of each network.
#include <vector>

#include "unmask/assess/network.hpp"

namespace unmask {

struct AssessConfig {
  SignalConfig signals;              ///< the window and limits the co-action signals used
  MembershipConfig membership;       ///< how quiet actors joined (checked again after clearing)
  CoordinationTestConfig null_model;
  FingerprintConfig fingerprints;
  double coordination_alpha = 1e-6;  ///< coordination this unlikely by chance counts as coordination
  double indicator_alpha = 1e-3;     ///< a trait this over-represented against the population fires
  double min_trait_share = 0.25;     ///< ... and is shown by at least this share of the members
  uint32_t min_trait_members = 3;
  double min_trait_lift = 3;         ///< ... and at least this many times as often as in the population
  /// Rounds of judging the networks not taken down against the actors outside
  /// the takedown networks (0: the whole population only).
  int population_rounds = 3;
  /// A community this large that is not taken down is searched for
  /// communities inside it that are (Leiden on its own edges).
  size_t inner_min_members = 100;
  int min_score = 2;                 ///< indicators for minus against needed for a takedown
  float keep_concert = 0.5f;         ///< a member without traits stays if this share of its posts is concerted
  /// A takedown member tied to its network less than this share of the median
  /// member's tie strength must show the operation's traits itself to stay.
  double periphery = 0.25;
  Time burst_window = 14 * 86400;    ///< creation dates this close count as one batch
  double burst_share = 0.3;          ///< share of dated members created in one batch
  uint64_t min_schedule_posts = 200; ///< posts needed to read a network's schedule
  double echo_share = 0.5;           ///< internal share of engagements that marks an echo chamber
  uint64_t echo_min_engagements = 20;
  double authentic_share = 0.8;      ///< outside share of engagements that marks a real audience
  double copy_share = 0.3;           ///< share of members' texts that another member also posted
  int min_text_chars = 24;           ///< texts shorter than this are not compared for copying
  size_t max_amplifiers = 50;        ///< amplifiers listed per network (all are counted)
  int threads = 1;                   ///< networks and null-model shuffles in parallel (same result for any number)
};

/// Fills indicators, verdict, echo chamber and amplifiers of every network and
/// orders them most severe first. Cost O(posts of members + their engagements).
void AssessNetworks(const Store& store, std::vector<Network>& networks, const AssessConfig& config);

/// The same, and a community that is not a takedown as a whole but holds a
/// core marked by fired traits is split, the core assessed as a network of
/// its own (its coordination summarised again from the co-action pairs and
/// the graph).
/// `events` (optional): the members' events BuildNetworks kept, reused when
/// they serve these networks (MemberEvents::Serve), else extracted here.
void AssessNetworks(const Store& store, const CoActionResult* co_action, const CoordinationGraph* graph,
                    std::vector<Network>& networks, const AssessConfig& config,
                    const MemberEvents* events = nullptr);

/// Members of takedown networks, as a per-actor flag.
std::vector<uint8_t> TakedownMask(const Store& store, const std::vector<Network>& networks);

}  // namespace unmask
