#include "unmask/assess/coordination_test.hpp"

#include <algorithm>
#include <cmath>

#include "unmask/core/hash.hpp"
#include "unmask/core/parallel.hpp"
#include "unmask/graph/coordination_graph.hpp"

namespace unmask {
namespace {

struct Action {
  uint8_t signal;
  uint64_t object;
  Time time;
  ActorId actor;
  uint32_t network;
};

// The actors in some network, ascending.
std::vector<ActorId> MembersOf(const std::vector<uint32_t>& network_of) {
  std::vector<ActorId> members;
  for (ActorId a = 0; a < network_of.size(); ++a) {
    if (network_of[a] != kNone) members.push_back(a);
  }
  return members;
}

// One signal's actions of members on objects that at least two members of
// one network act on, sorted by (network, object, actor).
std::vector<Action> SharedActions(const Store& store, const SignalConfig& signals, Signal signal,
                                  const std::vector<uint32_t>& network_of, std::span<const ActorId> members) {
  std::vector<Action> actions;
  const auto s = static_cast<uint8_t>(signal);
  for (const Event& e : ExtractEventsOf(store, signal, signals, members)) {
    actions.push_back({s, e.object, e.time, e.actor, network_of[e.actor]});
  }
  std::sort(actions.begin(), actions.end(), [](const Action& x, const Action& y) {
    if (x.network != y.network) return x.network < y.network;
    return x.object != y.object ? x.object < y.object : x.actor < y.actor;
  });
  std::vector<Action> shared;
  for (size_t b = 0; b < actions.size();) {
    size_t e = b + 1;
    bool several = false;
    while (e < actions.size() && actions[e].network == actions[b].network && actions[e].object == actions[b].object) {
      several |= actions[e].actor != actions[b].actor;
      ++e;
    }
    if (several) shared.insert(shared.end(), actions.begin() + static_cast<ptrdiff_t>(b), actions.begin() + static_cast<ptrdiff_t>(e));
    b = e;
  }
  return shared;
}

// Members' actions on objects that at least two members of one network act
// on, sorted by (signal, network, object): a group is one (network, signal,
// object) wherever it sits, and the counts are per network, so the order of
// the groups changes nothing. The signals are extracted in parallel, each
// over the members' posts only.
std::vector<Action> MemberActions(const Store& store, const SignalConfig& signals,
                                  const std::vector<uint32_t>& network_of, int threads) {
  const std::vector<ActorId> members = MembersOf(network_of);
  std::vector<Signal> todo;
  for (int s = 0; s < kSignalCount; ++s) {
    if (!IsProfileSignal(static_cast<Signal>(s)) && signals.enabled[s]) todo.push_back(static_cast<Signal>(s));
  }
  std::vector<std::vector<Action>> by_signal(todo.size());
  ParallelFor(todo.size(), threads, [&](size_t i) {
    by_signal[i] = SharedActions(store, signals, todo[i], network_of, members);
  });
  size_t total = 0;
  for (const auto& part : by_signal) total += part.size();
  std::vector<Action> shared;
  shared.reserve(total);
  for (auto& part : by_signal) {
    shared.insert(shared.end(), part.begin(), part.end());
    std::vector<Action>().swap(part);
  }
  return shared;
}

// Per network, actions with another member's action on the same object within
// the signal's window; looks at most kReach neighbours each way. `actions`
// grouped by (network, signal, object), each group sorted by time.
std::vector<uint64_t> CountConcerted(const std::vector<Action>& actions, const SignalConfig& signals, size_t networks) {
  constexpr size_t kReach = 64;
  std::vector<uint64_t> count(networks, 0);
  auto same_group = [&](size_t i, size_t j) {
    return actions[i].network == actions[j].network && actions[i].signal == actions[j].signal &&
           actions[i].object == actions[j].object;
  };
  for (size_t i = 0; i < actions.size(); ++i) {
    const Time window = signals.WindowOf(static_cast<Signal>(actions[i].signal));
    bool found = false;
    for (size_t j = i + 1; j < actions.size() && j <= i + kReach && !found && same_group(i, j); ++j) {
      if (actions[j].time - actions[i].time > window) break;
      found = actions[j].actor != actions[i].actor;
    }
    for (size_t j = i; j-- > 0 && j + kReach >= i && !found && same_group(i, j);) {
      if (actions[i].time - actions[j].time > window) break;
      found = actions[j].actor != actions[i].actor;
    }
    count[actions[i].network] += found;
  }
  return count;
}

bool EarlierInGroup(const Action& x, const Action& y) {
  return x.time != y.time ? x.time < y.time : x.actor < y.actor;
}

// Start of every (network, signal, object) group of `actions` (sorted by
// them), with actions.size() at the end. Shuffling moves times only, so the
// groups stay where they are and only their insides need sorting again.
std::vector<size_t> GroupStarts(const std::vector<Action>& actions) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < actions.size(); ++i) {
    if (i == 0 || actions[i].network != actions[i - 1].network || actions[i].signal != actions[i - 1].signal ||
        actions[i].object != actions[i - 1].object) {
      starts.push_back(i);
    }
  }
  starts.push_back(actions.size());
  return starts;
}

// Sorts each group by (time, actor): the order of (signal, network, object, time, actor).
void SortForCounting(std::vector<Action>& actions, const std::vector<size_t>& starts) {
  for (size_t g = 0; g + 1 < starts.size(); ++g) {
    const auto begin = actions.begin() + static_cast<ptrdiff_t>(starts[g]);
    const auto end = actions.begin() + static_cast<ptrdiff_t>(starts[g + 1]);
    if (end - begin > 1) std::sort(begin, end, EarlierInGroup);
  }
}

// A whole number of days in [-max, -1] U [1, max], fixed by (seed, round, actor).
Time Shift(uint64_t seed, int round, ActorId actor, int max_days) {
  const uint64_t h = MixHash(seed ^ MixHash((uint64_t{static_cast<uint32_t>(round)} << 32) | actor));
  const auto days = static_cast<int64_t>(h % static_cast<uint64_t>(max_days)) + 1;
  return (h >> 32 & 1 ? days : -days) * 86400;
}

}  // namespace

std::vector<CoordinationTest> TestCoordination(const Store& store, const SignalConfig& signals,
                                               const std::vector<uint32_t>& network_of, size_t networks,
                                               const CoordinationTestConfig& config) {
  std::vector<Action> actions = MemberActions(store, signals, network_of, config.threads);
  std::vector<CoordinationTest> out(networks);
  for (const Action& a : actions) ++out[a.network].actions;
  const std::vector<size_t> starts = GroupStarts(actions);
  SortForCounting(actions, starts);
  const std::vector<uint64_t> observed = CountConcerted(actions, signals, networks);
  // Rounds are independent; each adds whole counts, which doubles add exactly,
  // so the sums do not depend on the order the threads finish in.
  const int threads = std::max(1, std::min(config.threads, config.rounds));
  std::vector<std::vector<double>> sum(threads, std::vector<double>(networks, 0));
  std::vector<std::vector<double>> sum_sq(threads, std::vector<double>(networks, 0));
  std::vector<std::vector<Action>> shuffled(threads);
  ParallelForWorker(static_cast<size_t>(std::max(config.rounds, 0)), threads, [&](size_t worker, size_t round) {
    std::vector<Action>& mine = shuffled[worker];
    mine = actions;
    for (Action& a : mine) a.time += Shift(config.seed, static_cast<int>(round), a.actor, config.max_shift_days);
    SortForCounting(mine, starts);
    const std::vector<uint64_t> count = CountConcerted(mine, signals, networks);
    for (size_t n = 0; n < networks; ++n) {
      sum[worker][n] += static_cast<double>(count[n]);
      sum_sq[worker][n] += static_cast<double>(count[n]) * static_cast<double>(count[n]);
    }
  });
  for (int w = 1; w < threads; ++w) {
    for (size_t n = 0; n < networks; ++n) {
      sum[0][n] += sum[w][n];
      sum_sq[0][n] += sum_sq[w][n];
    }
  }
  for (size_t n = 0; n < networks; ++n) {
    CoordinationTest& t = out[n];
    t.rounds = config.rounds;
    t.observed = observed[n];
    if (config.rounds == 0) continue;
    t.expected = sum[0][n] / config.rounds;
    t.spread = std::sqrt(std::max(0.0, sum_sq[0][n] / config.rounds - t.expected * t.expected));
    // A floor of half an action keeps an all-zero null from claiming certainty.
    t.p_value = PoissonUpperTail(static_cast<uint32_t>(std::min<uint64_t>(t.observed, UINT32_MAX)),
                                 std::max(t.expected, 0.5));
  }
  return out;
}

}  // namespace unmask
