#pragma once
// The co-action events of network members, extracted once from their own
// posts for every timed signal and sorted once. The concert shares and each
// of the assessment's null models (the communities, their inner communities,
// the communities after cores are split off) read them: every later network
// is a subset of the members they were built for, so extracting (normalising
// every text) and sorting them again would give the same events.
#include <array>
#include <span>
#include <vector>

#include "unmask/signals/co_action.hpp"

namespace unmask {

/// The enabled signals that act on posts in time (not profile signals), in Signal order.
std::vector<Signal> TimedSignals(const SignalConfig& signals);

class MemberEvents {
 public:
  MemberEvents() = default;
  /// Events of `actors` (any order, each once), one signal per thread.
  /// Cost O(E log E) over their events E.
  MemberEvents(const Store& store, const SignalConfig& signals, std::span<const ActorId> actors, int threads);

  /// The signals held (TimedSignals of the config they were built with).
  const std::vector<Signal>& Signals() const { return signals_; }
  /// One signal's events, sorted by (object, time, post, actor).
  const std::vector<Event>& Of(Signal signal) const { return events_[static_cast<size_t>(signal)]; }
  /// Whether these are the events that `signals` extracts for every actor
  /// `network_of` places (!= kNone): built with the same extraction
  /// settings for a superset of those actors.
  bool Serve(const SignalConfig& signals, const std::vector<uint32_t>& network_of) const;

 private:
  std::array<std::vector<Event>, kSignalCount> events_;
  std::vector<Signal> signals_;
  std::vector<uint8_t> covered_;  ///< per actor: its events are here
  int min_text_chars_ = 0, min_hashtags_ = 0;
  bool built_ = false;
};

}  // namespace unmask
