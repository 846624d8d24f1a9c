#include "unmask/assess/coordination_test.hpp"

#include <algorithm>
#include <cmath>
#include <span>

#include "unmask/core/hash.hpp"
#include "unmask/core/parallel.hpp"
#include "unmask/graph/coordination_graph.hpp"

namespace unmask {
namespace {

// One action of a group: when, and by whom.
struct Moment {
  Time time;
  ActorId actor;
};

// Members' actions on one (network, signal, object) that at least two
// members act on: moments[begin, the next group's begin).
struct Group {
  size_t begin;
  uint32_t network;
  Time window;
};

// Every group of every signal, each group's moments in (time, post) order.
// The counts are per network, so the order of the groups changes nothing.
struct SharedGroups {
  std::vector<Moment> moments;
  std::vector<Group> groups;
  size_t End(size_t g) const { return g + 1 < groups.size() ? groups[g + 1].begin : moments.size(); }
};

// The actors in some network, ascending.
std::vector<ActorId> MembersOf(const std::vector<uint32_t>& network_of) {
  std::vector<ActorId> members;
  for (ActorId a = 0; a < network_of.size(); ++a) {
    if (network_of[a] != kNone) members.push_back(a);
  }
  return members;
}

// One signal's groups. `events` are sorted by (object, time, post); a stable
// counting sort by network keeps that order inside each network, so each
// network's objects come out grouped, their actions in time order.
SharedGroups SharedGroupsOf(const std::vector<Event>& events, Time window, const std::vector<uint32_t>& network_of,
                            size_t networks) {
  std::vector<size_t> start(networks + 1, 0);
  for (const Event& e : events) {
    if (network_of[e.actor] != kNone) ++start[network_of[e.actor] + 1];
  }
  for (size_t n = 0; n < networks; ++n) start[n + 1] += start[n];
  std::vector<Event> by_network(start[networks]);
  std::vector<size_t> next(start.begin(), start.end() - 1);
  for (const Event& e : events) {
    if (network_of[e.actor] != kNone) by_network[next[network_of[e.actor]]++] = e;
  }
  SharedGroups out;
  for (size_t n = 0; n < networks; ++n) {
    for (size_t b = start[n]; b < start[n + 1];) {
      size_t e = b + 1;
      bool several = false;
      while (e < start[n + 1] && by_network[e].object == by_network[b].object) {
        several |= by_network[e].actor != by_network[b].actor;
        ++e;
      }
      if (several) {
        out.groups.push_back({out.moments.size(), static_cast<uint32_t>(n), window});
        for (size_t i = b; i < e; ++i) out.moments.push_back({by_network[i].time, by_network[i].actor});
      }
      b = e;
    }
  }
  return out;
}

// Every signal's groups, the signals on the worker threads.
SharedGroups SharedGroupsOf(const MemberEvents& events, const SignalConfig& signals,
                            const std::vector<uint32_t>& network_of, size_t networks, int threads) {
  const std::vector<Signal>& todo = events.Signals();
  std::vector<SharedGroups> by_signal(todo.size());
  ParallelFor(todo.size(), threads, [&](size_t i) {
    by_signal[i] = SharedGroupsOf(events.Of(todo[i]), signals.WindowOf(todo[i]), network_of, networks);
  });
  SharedGroups all;
  for (SharedGroups& part : by_signal) {
    for (Group g : part.groups) {
      g.begin += all.moments.size();
      all.groups.push_back(g);
    }
    all.moments.insert(all.moments.end(), part.moments.begin(), part.moments.end());
    part = SharedGroups{};
  }
  return all;
}

// A moment as one sortable number: its time since a base in the high bits,
// its actor in the low 32, so that the numbers sort as (time, actor) do.
// 64 bits when every moved time lies within 2^31 s of the base (68 years),
// else 128.
__extension__ typedef unsigned __int128 Wide;
template <typename Key>
Key KeyOf(Time since_base, ActorId actor) {
  return static_cast<Key>(static_cast<Key>(since_base) << 32 | actor);
}
template <typename Key>
Time TimeOf(Key key) { return static_cast<Time>(key >> 32); }
template <typename Key>
ActorId ActorOf(Key key) { return static_cast<ActorId>(key & 0xFFFFFFFFu); }

// Actions of one group, sorted by (time, actor), with another actor's action
// within the window; looks at most kReach neighbours each way.
template <typename Key>
uint64_t CountConcerted(std::span<const Key> group, Time window) {
  constexpr size_t kReach = 64;
  uint64_t count = 0;
  for (size_t i = 0; i < group.size(); ++i) {
    bool found = false;
    for (size_t j = i + 1; j < group.size() && j <= i + kReach && !found; ++j) {
      if (TimeOf(group[j]) - TimeOf(group[i]) > window) break;
      found = ActorOf(group[j]) != ActorOf(group[i]);
    }
    for (size_t j = i; j-- > 0 && j + kReach >= i && !found;) {
      if (TimeOf(group[i]) - TimeOf(group[j]) > window) break;
      found = ActorOf(group[j]) != ActorOf(group[i]);
    }
    count += found;
  }
  return count;
}

// Per network, the concerted actions when each actor's actions move by
// shift(actor): each group is copied into `scratch` as keys, moved, sorted
// and counted on its own (shuffling moves times only, so the groups stay
// what they are). `base` is at most every moved time.
template <typename Key, typename ShiftOf>
std::vector<uint64_t> CountConcerted(const SharedGroups& shared, size_t networks, Time base, ShiftOf&& shift,
                                     std::vector<Key>& scratch) {
  std::vector<uint64_t> count(networks, 0);
  for (size_t g = 0; g < shared.groups.size(); ++g) {
    scratch.clear();
    for (size_t i = shared.groups[g].begin; i < shared.End(g); ++i) {
      const Moment& m = shared.moments[i];
      scratch.push_back(KeyOf<Key>(m.time + shift(m.actor) - base, m.actor));
    }
    std::sort(scratch.begin(), scratch.end());
    count[shared.groups[g].network] += CountConcerted<Key>(scratch, shared.groups[g].window);
  }
  return count;
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
  const MemberEvents events(store, signals, MembersOf(network_of), config.threads);
  return TestCoordination(events, signals, network_of, networks, config);
}

std::vector<CoordinationTest> TestCoordination(const MemberEvents& events, const SignalConfig& signals,
                                               const std::vector<uint32_t>& network_of, size_t networks,
                                               const CoordinationTestConfig& config) {
  const SharedGroups shared = SharedGroupsOf(events, signals, network_of, networks, config.threads);
  std::vector<CoordinationTest> out(networks);
  for (size_t g = 0; g < shared.groups.size(); ++g) out[shared.groups[g].network].actions += shared.End(g) - shared.groups[g].begin;
  const int rounds = std::max(config.rounds, 0);
  const int threads = std::max(1, std::min(config.threads, rounds + 1));
  const Time reach = Time{std::max(config.max_shift_days, 0)} * 86400;
  Time first = 0, last = 0;
  for (size_t i = 0; i < shared.moments.size(); ++i) {
    first = i == 0 ? shared.moments[i].time : std::min(first, shared.moments[i].time);
    last = i == 0 ? shared.moments[i].time : std::max(last, shared.moments[i].time);
  }
  const Time base = first - reach;
  const bool narrow = last + reach - base < (Time{1} << 31);
  std::vector<uint64_t> observed;
  std::vector<std::vector<double>> sum(threads, std::vector<double>(networks, 0));
  std::vector<std::vector<double>> sum_sq(threads, std::vector<double>(networks, 0));
  std::vector<std::vector<uint64_t>> scratch(threads);
  std::vector<std::vector<Wide>> wide_scratch(threads);
  auto count = [&](size_t worker, auto&& shift) {
    return narrow ? CountConcerted<uint64_t>(shared, networks, base, shift, scratch[worker])
                  : CountConcerted<Wide>(shared, networks, base, shift, wide_scratch[worker]);
  };
  // Item 0 counts the actions as they are, item r + 1 shuffle round r. Rounds
  // are independent; each adds whole counts, which doubles add exactly, so
  // the sums do not depend on the order the threads finish in.
  ParallelForWorker(static_cast<size_t>(rounds) + 1, threads, [&](size_t worker, size_t item) {
    if (item == 0) {
      observed = count(worker, [](ActorId) { return Time{0}; });
      return;
    }
    const int round = static_cast<int>(item - 1);
    const std::vector<uint64_t> counted =
        count(worker, [&](ActorId a) { return Shift(config.seed, round, a, config.max_shift_days); });
    for (size_t n = 0; n < networks; ++n) {
      sum[worker][n] += static_cast<double>(counted[n]);
      sum_sq[worker][n] += static_cast<double>(counted[n]) * static_cast<double>(counted[n]);
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
