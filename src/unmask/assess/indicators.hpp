#pragma once
// The indicators of inauthenticity of a set of members, each an observation
// with its evidence sentence and, where it is a test, its p-value against the
// population's own rates.
#include <span>
#include <vector>

#include "unmask/assess/assess.hpp"

namespace unmask {

/// What every indicator needs besides the members: the store, the
/// fingerprints of all actors (their population rates say what the members
/// are tested against) and the population's creation dates (sorted).
/// `outside_takedowns`: the population is the actors outside the takedown
/// networks found so far, not everyone.
struct Population {
  const Store& store;
  const Fingerprints& fingerprints;
  std::vector<Time> created;
  bool outside_takedowns = false;
  /// Per post: CopyTextKeys' key, for every post of every actor that is judged
  /// (null: copy_paste normalises the texts itself).
  const std::vector<uint64_t>* text_keys = nullptr;
};
/// `excluded` (empty: nobody) must be the mask the fingerprints' rates were
/// set with (SetPopulation).
Population MakePopulation(const Store& store, const Fingerprints& fingerprints,
                          const std::vector<uint8_t>& excluded = {});

/// The name of the indicator that counts a trait ("generated_handles").
std::string_view IndicatorName(Trait trait);

/// Members that show `trait`, against the population rate: Bin(n, rate) tail.
Indicator TraitIndicator(const Population& population, std::span<const ActorId> members, Trait trait,
                         const AssessConfig& config);

/// The densest creation window of the members against the share of the
/// population created in the same window (Bonferroni over the windows tried).
Indicator CreationBurst(const Population& population, std::span<const ActorId> members, const AssessConfig& config);

/// Members' texts posted word for word by another member. `keys`: CopyTextKeys
/// of (at least) the members' posts, or null to normalise their texts here.
Indicator CopyPaste(const Store& store, const Fingerprints& fp, std::span<const ActorId> members,
                    const AssessConfig& config, const std::vector<uint64_t>* keys = nullptr);

/// Per post of `actors` (0 elsewhere): the 64-bit hash of its normalised text
/// when it is compared for copying (not a share or reaction, at least
/// min_text_chars), else 0. Computed once for all the judging rounds, on
/// `threads` threads (blocks of actors); the same for any number.
std::vector<uint64_t> CopyTextKeys(const Store& store, std::span<const ActorId> actors, const AssessConfig& config,
                                   int threads);
/// The same keys read off same_text's events (of at least `actors`): they are
/// its objects when same_text drops texts shorter than min_text_chars too
/// (else the texts are normalised as above). Posts of other actors the events
/// hold get their keys as well. Cost O(E) instead of normalising every text.
std::vector<uint64_t> CopyTextKeys(const Store& store, const MemberEvents& events, std::span<const ActorId> actors,
                                   const AssessConfig& config, int threads);

/// Office hours with a lunch dip and quiet weekends in the members' schedule.
Indicator WorkingHours(const SchedulePattern& schedule);

/// Engagements with the members' posts that come from the members themselves.
Indicator EchoIndicator(const EchoChamber& echo, const AssessConfig& config);

/// Against: most engagement comes from outside (a real audience).
Indicator AuthenticAudience(const EchoChamber& echo, const AssessConfig& config);

/// All indicators of a member set, in a fixed order. A network split off on
/// `selected_traits` takes those traits' indicators from `inherited` (its
/// community's, tested before the split), or does not count them.
std::vector<Indicator> AllIndicators(const Population& population, std::span<const ActorId> members,
                                     const SchedulePattern& schedule, const EchoChamber& echo,
                                     const AssessConfig& config, uint16_t selected_traits = 0,
                                     std::span<const Indicator> inherited = {});

/// Fisher's combination of independent identity tests: fires only when no
/// single identity indicator did and the combined p < indicator_alpha.
Indicator CombinedIdentity(const std::vector<Indicator>& identity, const AssessConfig& config);

/// P(X > x) for X ~ chi-square with an even number of degrees of freedom.
double ChiSquareUpperTailEven(double x, int df);

}  // namespace unmask
