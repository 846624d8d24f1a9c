#pragma once
// How unlikely is a network's coordination by chance? A null model that keeps
// everything about each member except the timing relative to the others.
#include <vector>

#include "unmask/assess/member_events.hpp"
#include "unmask/signals/co_action.hpp"

namespace unmask {

struct CoordinationTest {
  uint64_t actions = 0;    ///< members' actions on shared objects (posts, URLs, texts, hashtags)
  uint64_t observed = 0;   ///< of them, made within the window of another member's action on the same object
  double expected = 0;     ///< mean of the same count over the shuffles
  double spread = 0;       ///< standard deviation over the shuffles
  double p_value = 1;      ///< P(count >= observed) under the null (Poisson tail with the shuffles' mean)
  int rounds = 0;
};

struct CoordinationTestConfig {
  int rounds = 20;         ///< shuffles
  int max_shift_days = 7;  ///< each member's activity moves by 1..this many whole days, either way
  uint64_t seed = 0x5eed;
  int threads = 1;  ///< shuffles run in parallel; the result is the same for any number
};

/// For every network (network_of[actor] = its index, kNone outside), counts
/// the actions of members that fall within the signal window of another
/// member's action on the same object, then the same count when each member's
/// whole activity is shifted by a random number of whole days (keeping its
/// objects, its rhythm and its hours of the day, breaking only the timing
/// relative to the others). Cost O(R · E log E) over members' events E.
std::vector<CoordinationTest> TestCoordination(const Store& store, const SignalConfig& signals,
                                               const std::vector<uint32_t>& network_of, size_t networks,
                                               const CoordinationTestConfig& config = {});
/// The same from members' events extracted beforehand (`events.Serve(signals,
/// network_of)` must hold): the same result, without extracting or sorting
/// them again. Cost O(E + R · E log g) for groups of g actions.
std::vector<CoordinationTest> TestCoordination(const MemberEvents& events, const SignalConfig& signals,
                                               const std::vector<uint32_t>& network_of, size_t networks,
                                               const CoordinationTestConfig& config = {});

}  // namespace unmask
