#pragma once
// Co-action signals: pairs of actors that act on the same object (a post they
// both engage with, a URL, a text, a hashtag sequence) within a time window,
// repeatedly. One mechanism serves every signal: each signal only says which
// object a post acts on; events are sorted by (object, time) and swept.
#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "unmask/core/types.hpp"
#include "unmask/store/store.hpp"

namespace unmask {

enum class Signal : uint8_t { kCoEngage, kSameUrl, kSameText, kSameHashtags, kSameAvatar, kSameInfra, kNearText };
inline constexpr int kSignalCount = 7;
/// Profile signals tie actors by what they are (a picture, a device), not by
/// what they did: their events carry no post and no time.
inline bool IsProfileSignal(Signal s) { return s == Signal::kSameAvatar || s == Signal::kSameInfra; }
std::string_view Name(Signal signal);
/// A sentence fragment for evidence: "engaged with the same post".
std::string_view Describe(Signal signal);

struct SignalConfig {
  Time window = 3600;           ///< two actions tie two actors when at most this many seconds apart
  /// The window for shared links, longer: an operation that pushes its own
  /// articles (a careful persona network) shares them over hours, not
  /// minutes. Links shared by many weigh little whatever the window.
  Time link_window = 12 * 3600;
  Time WindowOf(Signal s) const { return s == Signal::kSameUrl ? std::max(window, link_window) : window; }
  int max_neighbours = 20;      ///< each action pairs with at most this many later actions on its object
  int min_text_chars = 24;      ///< shorter normalised texts never tie actors ("Great!", "+1")
  int min_hashtags = 2;         ///< a hashtag *sequence* needs at least this many tags
  /// A profile picture or infrastructure fingerprint held by more actors than
  /// this is generic (a default avatar, "mail:gmail.com") and identifies nothing.
  int max_profile_sharers = 20;
  /// Pairs tied by fewer objects than this are counted (they shape the null
  /// model) but not kept, unless a profile tie makes them identity evidence.
  uint32_t keep_min_objects = 2;
  std::array<bool, kSignalCount> enabled = {true, true, true, true, true, true, true};
  int threads = 2;
  /// Stored pair hits (24 bytes each) held in memory at once, over all
  /// signals. When the first storing sweep finds more, the signals are swept
  /// again in passes, each over the pairs whose smaller actor id falls in one
  /// range; the result is the same for any number of passes. The pair filter
  /// takes at most half this budget's bytes.
  uint64_t pass_pair_hits = 40'000'000;
  /// Pairs tied by a single object (most pairs of a big world, every pair of
  /// a viral post's sharers) are counted as they are found and never stored:
  /// a first sweep finds which pairs may recur (PairFilter). Off: every hit
  /// is stored until the merge (the plain method; the result is the same).
  bool drop_single_ties_early = true;
  /// Each signal's sweep is cut into pieces of about this many events (an
  /// object is never cut), swept on all threads; the result is the same for
  /// any piece size (tests use tiny pieces to prove it).
  uint64_t sweep_piece_events = uint64_t{1} << 16;
  /// From this many stored hits in a pass on, their merge into pairs is cut
  /// into ranges of pairs merged on all threads; the result is the same for
  /// any value (tests use 1 to prove it).
  uint64_t merge_range_hits = uint64_t{1} << 20;
};

/// One action of one actor on one object (post kNone for profile signals).
struct Event {
  uint64_t object;
  Time time;
  ActorId actor;
  PostId post;
};

/// Per signal, for one pair of actors: how many distinct objects tied them and
/// how much those objects weigh (rare objects weigh more than viral ones).
struct SignalTie {
  uint32_t objects = 0;
  float weight = 0;
};

/// Two posts that tie two actors: the evidence a reviewer can open. For a
/// profile signal the posts are kNone and `shared` names the shared value.
struct PostPair {
  PostId a = kNone;
  PostId b = kNone;
  Signal signal = Signal::kCoEngage;
  ActorId actor_a = kNone, actor_b = kNone;
  StrId shared = 0;
};

/// An undirected pair of actors (a < b) with what ties them.
struct PairTies {
  ActorId a, b;
  std::array<SignalTie, kSignalCount> by_signal{};
  std::array<PostPair, 3> examples{};
  uint8_t example_count = 0;

  uint32_t TotalObjects() const;
  float TotalWeight() const;
};

struct SignalStats {
  uint64_t events = 0;           ///< actions that fell on a shared object
  uint64_t objects = 0;          ///< distinct objects acted on by two or more actors
  uint64_t pair_hits = 0;        ///< (pair, object) ties before merging
  uint64_t capped_objects = 0;   ///< objects where max_neighbours cut pairs (viral)
  uint64_t largest_object = 0;   ///< most actions on one object
  uint64_t pairs = 0;            ///< distinct actor pairs the signal ties
  double seconds = 0;            ///< time of extraction, sweep and reduction, summed over the threads
};

struct CoActionResult {
  std::vector<PairTies> pairs;  ///< kept pairs (see keep_min_objects), sorted by (a, b)
  std::vector<uint32_t> degree;  ///< per actor: objects over all its pairs, kept or not
  uint64_t total_objects = 0;    ///< objects over all pairs
  uint64_t candidate_pairs = 0;  ///< pairs tied at least once
  size_t passes = 1;             ///< sweeps over ranges of actors (see SignalConfig::pass_pair_hits)
  std::array<SignalStats, kSignalCount> stats{};
};

/// The events of one signal: which object each post acts on.
/// Cost O(P) over the posts plus normalisation of distinct strings.
/// `first`: only posts from this one on (profile signals: always every actor).
std::vector<Event> ExtractEvents(const Store& store, Signal signal, const SignalConfig& config, PostId first = 0);
/// As ExtractEvents, for the posts of `actors` only (each actor's posts in
/// turn): the same objects (the same keys) as a whole extraction gives them,
/// at the cost of those posts. Profile signals: every actor, as ExtractEvents.
std::vector<Event> ExtractEventsOf(const Store& store, Signal signal, const SignalConfig& config,
                                   std::span<const ActorId> actors);

/// Sweeps the events of one signal (sorted here by object, then time) and
/// returns one tie per (pair, object), in no particular order. Cost O(E log E + E·k) for E events and
/// k = max_neighbours; memory O(E·k) at worst, independent of object size.
struct PairHit {
  uint64_t pair;  ///< PackKey(a, b), a < b
  float weight;
  PostId post_a, post_b;
  StrId shared;   ///< profile signals: the shared value
};
/// `profile`: objects held by more than max_profile_sharers actors are generic and skipped.
/// `distinct_by` (per post, optional): two posts with the same value never
/// pair (near_text: copies with the same normalised text are same_text's).
std::vector<PairHit> SweepEvents(std::vector<Event>& events, const SignalConfig& config, SignalStats& stats,
                                 bool profile = false, std::span<const uint32_t> distinct_by = {});

/// Rare objects weigh about 1, an object everyone touched about 0: a smoothed
/// inverse document frequency, log(1 + A/n) / log(1 + A), for an object acted
/// on by n distinct actors out of the A who act in the signal.
float ObjectWeight(uint64_t actors_on_object, uint64_t actors_in_signal);

/// All enabled signals over the store, merged per pair of actors.
CoActionResult ComputeCoAction(const Store& store, const SignalConfig& config);

}  // namespace unmask
