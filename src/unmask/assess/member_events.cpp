#include "unmask/assess/member_events.hpp"

#include <algorithm>

#include "unmask/core/parallel.hpp"

namespace unmask {

std::vector<Signal> TimedSignals(const SignalConfig& signals) {
  std::vector<Signal> timed;
  for (int s = 0; s < kSignalCount; ++s) {
    if (!IsProfileSignal(static_cast<Signal>(s)) && signals.enabled[s]) timed.push_back(static_cast<Signal>(s));
  }
  return timed;
}

MemberEvents::MemberEvents(const Store& store, const SignalConfig& signals, std::span<const ActorId> actors,
                           int threads)
    : signals_(TimedSignals(signals)),
      covered_(store.actors().size(), 0),
      min_text_chars_(signals.min_text_chars),
      min_hashtags_(signals.min_hashtags),
      built_(true) {
  for (ActorId a : actors) covered_[a] = 1;
  ParallelFor(signals_.size(), threads, [&](size_t i) {
    std::vector<Event>& events = events_[static_cast<size_t>(signals_[i])];
    events = ExtractEventsOf(store, signals_[i], signals, actors);
    std::sort(events.begin(), events.end(), [](const Event& x, const Event& y) {
      if (x.object != y.object) return x.object < y.object;
      if (x.time != y.time) return x.time < y.time;
      return x.post != y.post ? x.post < y.post : x.actor < y.actor;
    });
  });
}

bool MemberEvents::Serve(const SignalConfig& signals, const std::vector<uint32_t>& network_of) const {
  if (!built_ || TimedSignals(signals) != signals_ || signals.min_text_chars != min_text_chars_ ||
      signals.min_hashtags != min_hashtags_ || network_of.size() > covered_.size()) {
    return false;
  }
  for (ActorId a = 0; a < network_of.size(); ++a) {
    if (network_of[a] != kNone && !covered_[a]) return false;
  }
  return true;
}

}  // namespace unmask
