#pragma once
// Incremental co-action: what the signal step keeps between scans so that
// adding posts re-sweeps only the objects the new posts act on (see
// docs/performance.md §incremental). The result equals ComputeCoAction over
// all posts, bit for bit: every (pair, object) tie is kept with the number of
// distinct actors on its object, so weights are re-derived when the signal's
// actor count grows, and summed in the order ComputeCoAction sums them.
#include <array>
#include <cstdint>
#include <vector>

#include "unmask/core/status.hpp"
#include "unmask/signals/co_action.hpp"

namespace unmask {

class BlobWriter;
class BlobReader;

/// One tie of one pair through one object.
struct StoredHit {
  uint64_t pair;  ///< PackKey(a, b), a < b
  uint64_t object;
  PostId post_a, post_b;
  uint32_t actors_on_object;  ///< distinct actors on the object (its weight's n)
  StrId shared;
};

/// A swept object with two or more distinct actors (what SignalStats counts).
struct ObjectInfo {
  uint64_t object;
  uint32_t events;
  uint32_t capped;  ///< 1 when max_neighbours cut pairs on it
};

/// The kept state of one event signal.
struct SignalState {
  std::vector<Event> events;     ///< every event, sorted by (object, time, post, actor)
  std::vector<StoredHit> hits;   ///< sorted by (pair, post_a, post_b, shared, object)
  std::vector<ObjectInfo> objects;  ///< sorted by object
};

/// The state of all event signals (profile signals are recomputed each time:
/// they are cheap, and a later profile record can change an old actor).
struct CoActionState {
  uint64_t config_key = 0;  ///< settings that shape the ties (window, caps ...)
  uint64_t posts = 0;       ///< posts the state covers (the first `posts` of the store)
  std::array<uint8_t, kSignalCount> valid{};  ///< 1 when the signal's state is complete
  std::array<SignalState, kSignalCount> signals;
  /// The text variant of each covered post. When new texts regroup
  /// old ones (join two families), the old posts that changed are re-swept.
  std::vector<uint32_t> text_variant;

  void Save(BlobWriter& out) const;
  /// Checks every id against the store it belongs to (`actors`, `posts`).
  static Result<CoActionState> Load(BlobReader& in, size_t actors, size_t posts);
  uint64_t MemoryBytes() const;
};

/// What an update did, per signal.
struct CoActionUpdate {
  std::array<bool, kSignalCount> incremental{};  ///< extended (else recomputed over every post)
  std::array<uint64_t, kSignalCount> new_events{};
  std::array<uint64_t, kSignalCount> touched_objects{};  ///< objects re-swept
  std::array<uint64_t, kSignalCount> changed_posts{};    ///< near_text: old posts whose family changed
};

/// The settings fingerprint kept in the state.
uint64_t CoActionConfigKey(const SignalConfig& config);

/// Brings `state` up to date with a finalised store whose first
/// state.posts posts are the ones the state covers, and returns the same
/// result as ComputeCoAction(store, config). A signal whose state does not
/// fit (other settings, list values added to old posts) is recomputed.
/// Cost for D new events touching objects with T events in all and H kept
/// ties: O(D log D + T·k) sweeping plus O(E + H) linear passes.
CoActionResult UpdateCoAction(const Store& store, const SignalConfig& config, CoActionState& state,
                              CoActionUpdate* update = nullptr);

}  // namespace unmask
