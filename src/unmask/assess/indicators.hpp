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

/// Members' texts posted word for word by another member.
Indicator CopyPaste(const Store& store, const Fingerprints& fp, std::span<const ActorId> members,
                    const AssessConfig& config);

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
