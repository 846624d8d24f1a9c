#pragma once
// A network: a community of the coordination graph plus the pages, groups and
// channels its accounts run or fill, with everything the assessment learns.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "unmask/assess/coordination_test.hpp"
#include "unmask/assess/member_events.hpp"
#include "unmask/assess/fingerprints.hpp"
#include "unmask/assess/impact.hpp"
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
  std::vector<PostId> shared;  ///< its shares and quotes of the network's posts, earliest first (AssessImpact)
};

/// Kinds of evidence; a takedown needs evidence about identity (who the
/// actors pretend to be), not only about what they do.
enum class Family : uint8_t { kIdentity, kBehaviour, kContent, kReach };
std::string_view FamilyName(Family family);

/// One observation behind a verdict, true or not, with its evidence sentence.
/// Most point towards inauthenticity; `against` ones point away from it (an
/// audience of real people engaging).
struct Indicator {
  std::string name;
  Family family = Family::kIdentity;
  bool against = false;
  bool fired = false;
  double value = 0;     ///< the share or rate the indicator looks at
  double p_value = 1;   ///< chance of a value this extreme under the population's rates (1 when not a test)
  /// A misrepresentation seen directly (accounts whose hours say they live
  /// elsewhere than they claim), not a marker real people also show: with
  /// coordination beyond chance, enough for a takedown on its own.
  bool decisive = false;
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
  std::vector<ActorId> joined;    ///< quiet actors that joined through identity evidence (sorted)
  std::vector<ActorId> engaged;   ///< quiet actors that joined because most of their engagement goes to it (sorted)
  std::vector<float> concert;     ///< per member (aligned with members): share of its posts made in concert
  std::vector<uint16_t> traits;   ///< per member (aligned with members): its fingerprint bits (Trait)
  std::vector<ActorId> cleared;
  uint16_t selected_traits = 0;   ///< split off a community on these traits: its own share of them is not evidence
  std::vector<Indicator> inherited;  ///< the community's indicators of the selected traits, tested before the split
  std::vector<uint16_t> cleared_traits;  ///< aligned with cleared   ///< in the community but without evidence of their own: audience, not taken down
  // Coordination inside the network.
  uint64_t edges = 0;
  double weight = 0;
  double min_p_value = 1;
  std::array<uint64_t, kSignalCount> signal_ties{};  ///< pair-object ties per signal
  std::vector<PostPair> examples;                    ///< a few tying post pairs
  // Assessment.
  CoordinationTest coordination_test;
  SchedulePattern schedule;
  std::vector<Indicator> indicators;
  Verdict verdict;
  EchoChamber echo;
  std::vector<Amplifier> amplifiers;
  uint64_t amplifier_count = 0;
  uint64_t posts = 0;
  Time first_activity = kNoTime, last_activity = kNoTime;
  Impact impact;  ///< did it work: reach, breakout, narratives, timeline (AssessImpact)
};

struct MembershipConfig {
  SignalConfig signals;             ///< the windows and limits the co-action signals used
  /// Significance of the evidence that joins an actor outside the graph to a network.
  double join_alpha = 1e-4;
  uint32_t join_min_ties = 3;       ///< at least this many members must share the evidence
  Time batch_window = 3600;         ///< created this close to a member counts as the same batch
  uint32_t sleeper_max_posts = 2;   ///< only actors this quiet can join through creation time alone
  double engagement_share = 0.5;    ///< an actor joins through engagement only if most of it goes to the network
  int threads = 1;                  ///< the work is split over threads; the result is the same for any number
};

/// For every actor in a network, the share of its posts that act on an object
/// (target post, URL, text, hashtag sequence) within the signal window of a
/// post on the same object by another member of the same network; -1 for
/// actors outside networks or without posts. Cost O(E log E) over the events
/// of network members (only their posts are visited), one signal per thread.
std::vector<float> ConcertShare(const Store& store, const SignalConfig& signals,
                                const std::vector<uint32_t>& network_of, int threads = 1);
/// The same from members' events extracted beforehand (`events.Serve(signals,
/// network_of)` must hold). Cost O(E) over their events.
std::vector<float> ConcertShare(const Store& store, const MemberEvents& events, const SignalConfig& signals,
                                const std::vector<uint32_t>& network_of, int threads = 1);

/// Fills each network's coordination summary (edges, weight, strongest p,
/// ties per signal, example post pairs) from the graph edges inside it.
void SummariseCoordination(const CoActionResult& co_action, const CoordinationGraph& graph,
                           const std::vector<uint32_t>& network_of, std::vector<Network>& networks);

/// Per actor, the summed weight of its graph edges to members of its own
/// network (0 outside networks or with no such edge): how strongly the
/// coordination ties it to the network it sits in. Cost O(edges).
std::vector<float> TieStrength(const CoordinationGraph& graph, const std::vector<uint32_t>& network_of);

/// Who shares a picture or a fingerprint with whom: the profile ties of the
/// co-action pairs, both ways, sorted by actor. Values held by more than
/// max_profile_sharers actors (generic ones) tie nobody.
class ProfilePartners {
 public:
  ProfilePartners() = default;
  explicit ProfilePartners(const CoActionResult& co_action);
  /// Whether `a` shares `signal`'s kind of value with some actor that `pred` accepts.
  template <typename Pred>
  bool Any(ActorId a, Signal signal, Pred pred) const {
    auto it = std::lower_bound(ties_.begin(), ties_.end(), Tie{a, 0, 0}, Before);
    for (; it != ties_.end() && it->actor == a; ++it) {
      if ((it->signals >> static_cast<int>(signal) & 1) && pred(it->partner)) return true;
    }
    return false;
  }

 private:
  struct Tie {
    ActorId actor, partner;
    uint8_t signals;  ///< a bit per Signal
  };
  static bool Before(const Tie& x, const Tie& y) { return x.actor != y.actor ? x.actor < y.actor : x.partner < y.partner; }
  std::vector<Tie> ties_;
};

/// After the verdicts have cleared members: releases (into `cleared`) every
/// attached page, group or channel no longer run or filled by the members
/// kept, then every quiet actor whose evidence no longer points into the
/// members kept (it may have joined through a page or member since cleared).
/// Cost O(relations + posts + co-action pairs).
void ReleaseUnsupported(const Store& store, const CoActionResult& co_action, const MembershipConfig& config,
                        std::vector<Network>& networks);

/// Turns communities into networks: core members from the graph; a page,
/// group or channel joins the network that holds a strict majority of its
/// admins, or whose accounts (three or more) are at least half of those
/// posting in it. Then actors the graph could not place (sleepers that barely
/// post) join a network when their identity evidence points into it beyond
/// chance: profile pictures or infrastructure shared with its members, or (for
/// actors with at most sleeper_max_posts posts) creation in the same hour as
/// its members corroborated by a relation or profile tie, or engagements that
/// go mostly (engagement_share) to the network's posts. Under the null, an actor's partners are drawn from everyone in
/// proportion to their share (of profile ties, or of dated actors), so the
/// count t landing in network N out of n is Bin(n, share_N); the actor joins
/// when P(X >= t) < join_alpha. Cost O(N + pairs + A log A).
/// `events`, when given, receives the members' events the concert shares
/// were computed from, for AssessNetworks to reuse.
std::vector<Network> BuildNetworks(const Store& store, const CoActionResult& co_action,
                                   const CoordinationGraph& graph,
                                   const std::vector<std::vector<ActorId>>& communities,
                                   const MembershipConfig& config = {}, MemberEvents* events = nullptr);

}  // namespace unmask
