#include "unmask/signals/co_action.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <optional>
#include <thread>

#include "unmask/core/hash.hpp"
#include "unmask/core/parallel.hpp"
#include "unmask/signals/normalize.hpp"
#include "unmask/signals/pair_filter.hpp"

namespace unmask {

std::string_view Name(Signal signal) {
  static constexpr std::array<std::string_view, kSignalCount> kNames = {
      "co_engage", "same_url", "same_text", "same_hashtags", "same_avatar", "same_infra", "near_text"};
  return kNames[static_cast<size_t>(signal)];
}

std::string_view Describe(Signal signal) {
  static constexpr std::array<std::string_view, kSignalCount> kText = {
      "engaged with the same post", "posted the same link", "posted the same text",
      "posted the same hashtag sequence", "use the same profile picture", "share an infrastructure fingerprint",
      "posted edited copies of the same text"};
  return kText[static_cast<size_t>(signal)];
}

uint32_t PairTies::TotalObjects() const {
  uint32_t total = 0;
  for (const SignalTie& tie : by_signal) total += tie.objects;
  return total;
}

float PairTies::TotalWeight() const {
  float total = 0;
  for (const SignalTie& tie : by_signal) total += tie.weight;
  return total;
}

namespace {

// Normalises each distinct string once and hashes the result; 0 = ignore.
// An open-addressing table from string id to key (a post's strings are
// looked up once each, so the table's speed is the extraction's).
class ObjectKeys {
 public:
  template <typename Fn>
  uint64_t Get(StrId id, Fn&& normalise) {
    if ((size_ + 1) * 2 > ids_.size()) Grow();
    size_t i = Slot(id);
    for (; ids_[i] != kEmpty; i = (i + 1) & mask_) {
      if (ids_[i] == id) return keys_[i];
    }
    const std::string normal = normalise();
    ids_[i] = id;
    keys_[i] = normal.empty() ? 0 : (HashBytes(normal) | 1);
    ++size_;
    return keys_[i];
  }

 private:
  static constexpr StrId kEmpty = ~StrId{0};
  size_t Slot(StrId id) const { return MixHash(id) & mask_; }
  void Grow() {
    std::vector<StrId> old_ids(std::max<size_t>(ids_.size() * 2, 1024), kEmpty);
    std::vector<uint64_t> old_keys(old_ids.size(), 0);
    old_ids.swap(ids_);
    old_keys.swap(keys_);
    mask_ = ids_.size() - 1;
    for (size_t j = 0; j < old_ids.size(); ++j) {
      if (old_ids[j] == kEmpty) continue;
      size_t i = Slot(old_ids[j]);
      while (ids_[i] != kEmpty) i = (i + 1) & mask_;
      ids_[i] = old_ids[j];
      keys_[i] = old_keys[j];
    }
  }
  std::vector<StrId> ids_;
  std::vector<uint64_t> keys_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

// The posts an extraction visits: every post from `first` on, or (with
// `actors`) the posts of those actors only.
struct PostsToVisit {
  PostId first = 0;
  std::span<const ActorId> actors;
  bool of_actors = false;
  /// How many posts ForEach visits.
  size_t Count(const Store& store) const {
    if (!of_actors) return store.posts().size() - std::min<size_t>(first, store.posts().size());
    size_t count = 0;
    for (ActorId a : actors) count += store.PostsOf(a).size();
    return count;
  }
  template <typename Fn>
  void ForEach(const Store& store, Fn&& fn) const {
    if (!of_actors) {
      for (PostId p = first; p < store.posts().size(); ++p) fn(p);
      return;
    }
    for (ActorId a : actors) {
      for (PostId p : store.PostsOf(a)) fn(p);
    }
  }
};

void ExtractCoEngage(const Store& store, const PostsToVisit& visit, std::vector<Event>& out) {
  const PostTable& posts = store.posts();
  visit.ForEach(store, [&](PostId p) {
    if (!IsEngagement(posts.type[p]) || posts.parent_ext[p] == 0) return;
    out.push_back({PackKey(posts.parent_platform[p], posts.parent_ext[p]), posts.time[p], posts.actor[p], p});
  });
}

void ExtractUrls(const Store& store, const PostsToVisit& visit, std::vector<Event>& out) {
  const PostTable& posts = store.posts();
  ObjectKeys keys;
  visit.ForEach(store, [&](PostId p) {
    for (StrId url : posts.urls.Row(p)) {
      const uint64_t key = keys.Get(url, [&] { return NormalizeUrl(store.Str(url)); });
      if (key != 0) out.push_back({key, posts.time[p], posts.actor[p], p});
    }
  });
}

void ExtractTexts(const Store& store, const SignalConfig& config, const PostsToVisit& visit, std::vector<Event>& out) {
  const PostTable& posts = store.posts();
  ObjectKeys keys;
  visit.ForEach(store, [&](PostId p) {
    const PostType type = posts.type[p];
    if (type == PostType::kShare || type == PostType::kReaction || posts.text[p] == 0) return;
    const StrId text = posts.text[p];
    const uint64_t key = keys.Get(text, [&] {
      std::string normal = NormalizeText(store.Str(text));
      if (CodePoints(normal) < static_cast<size_t>(config.min_text_chars)) normal.clear();
      return normal;
    });
    if (key != 0) out.push_back({key, posts.time[p], posts.actor[p], p});
  });
}

void ExtractHashtags(const Store& store, const SignalConfig& config, const PostsToVisit& visit, std::vector<Event>& out) {
  const PostTable& posts = store.posts();
  std::string sequence;
  visit.ForEach(store, [&](PostId p) {
    const auto tags = posts.hashtags.Row(p);
    if (tags.size() < static_cast<size_t>(config.min_hashtags)) return;
    sequence.clear();
    for (StrId tag : tags) {
      for (char c : store.Str(tag)) sequence += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      sequence += '\x1f';
    }
    out.push_back({HashBytes(sequence) | 1, posts.time[p], posts.actor[p], p});
  });
}

// Text families as objects, each named by its first variant: unlike the
// family number, that name survives new texts joining two families (only
// the later family's posts change object), which keeps incremental scans
// incremental (signal_state.cpp).
void ExtractNearText(const Store& store, const PostsToVisit& visit, std::vector<Event>& out) {
  const PostTable& posts = store.posts();
  const size_t n = std::min(posts.text_family.size(), posts.text_variant.size());
  std::vector<uint32_t> first_variant;
  for (PostId p = 0; p < n; ++p) {
    const uint32_t family = posts.text_family[p];
    if (family == kNone) continue;
    if (family >= first_variant.size()) first_variant.resize(family + 1, kNone);
    first_variant[family] = std::min(first_variant[family], posts.text_variant[p]);
  }
  visit.ForEach(store, [&](PostId p) {
    const uint32_t family = p < n ? posts.text_family[p] : kNone;
    if (family != kNone) out.push_back({uint64_t{first_variant[family]} + 1, posts.time[p], posts.actor[p], p});
  });
}

// Profile values as objects: the StrId itself is the key (no normalisation),
// so that the evidence can name the shared value.
void ExtractProfile(const Store& store, Signal signal, std::vector<Event>& out) {
  const ActorTable& actors = store.actors();
  for (ActorId a = 0; a < actors.size(); ++a) {
    if (signal == Signal::kSameAvatar) {
      if (actors.avatar[a] != 0) out.push_back({actors.avatar[a], 0, a, kNone});
    } else {
      for (StrId value : actors.infra.Row(a)) out.push_back({value, 0, a, kNone});
    }
  }
}

}  // namespace

// Rare objects weigh about 1, an object everyone touched about 0: a smoothed
// inverse document frequency, log(1 + A/n) / log(1 + A).
float ObjectWeight(uint64_t actors_on_object, uint64_t actors_in_signal) {
  const double a = static_cast<double>(std::max<uint64_t>(actors_in_signal, 2));
  const double n = static_cast<double>(std::max<uint64_t>(actors_on_object, 1));
  return static_cast<float>(std::log1p(a / n) / std::log1p(a));
}

namespace {

uint64_t CountActors(const std::vector<Event>& events) {
  ActorId most = 0;
  for (const Event& e : events) most = std::max(most, e.actor);
  std::vector<uint8_t> seen(events.empty() ? 0 : size_t{most} + 1, 0);
  uint64_t distinct = 0;
  for (const Event& e : events) {
    distinct += seen[e.actor] == 0;
    seen[e.actor] = 1;
  }
  return distinct;
}

// Buffers reused from object to object.
struct SweepScratch {
  std::vector<ActorId> seen;      ///< the object's distinct actors, ascending
  std::vector<ActorId> repeated;  ///< those with two or more events on it, ascending
  std::vector<PairHit> buffered;  ///< their pairs, waiting to be deduplicated
  std::vector<uint64_t> table;    ///< pairs of `buffered` already handed on
};

// Fills scratch.seen and scratch.repeated for one object's events.
void ActorsOf(std::span<const Event> group, SweepScratch& scratch) {
  std::vector<ActorId>& seen = scratch.seen;
  seen.clear();
  scratch.repeated.clear();
  for (const Event& e : group) seen.push_back(e.actor);
  std::sort(seen.begin(), seen.end());
  size_t out = 0;
  for (size_t i = 0; i < seen.size(); ++i) {
    if (out > 0 && seen[out - 1] == seen[i]) {
      if (scratch.repeated.empty() || scratch.repeated.back() != seen[i]) scratch.repeated.push_back(seen[i]);
      continue;
    }
    seen[out++] = seen[i];
  }
  seen.resize(out);
}

bool Repeated(std::span<const ActorId> repeated, ActorId actor) {
  return std::binary_search(repeated.begin(), repeated.end(), actor);
}

// The pairs one object ties, each pair once (its earliest two posts), handed
// to visit(hit); returns whether max_neighbours cut pairs. Only a pair with
// an actor that acts more than once on the object can come up twice: those
// hits wait and are deduplicated (the first of each pair kept), the others go
// on at once, so the pairs of a viral object are never held together.
template <typename Visit>
bool SweepObject(std::span<const Event> group, std::span<const ActorId> repeated, const SignalConfig& config,
                 float weight, StrId shared, std::span<const uint32_t> distinct_by, SweepScratch& scratch,
                 Visit&& visit) {
  std::vector<PairHit>& buffered = scratch.buffered;
  buffered.clear();
  bool capped = false;
  for (size_t i = 0; i < group.size(); ++i) {
    int taken = 0;
    for (size_t j = i + 1; j < group.size() && group[j].time - group[i].time <= config.window; ++j) {
      if (group[j].actor == group[i].actor) continue;
      if (!distinct_by.empty() && distinct_by[group[j].post] == distinct_by[group[i].post]) continue;
      if (taken == config.max_neighbours) {
        capped = true;
        break;
      }
      ++taken;
      const bool forward = group[i].actor < group[j].actor;
      const Event& lo = forward ? group[i] : group[j];
      const Event& hi = forward ? group[j] : group[i];
      const PairHit hit{PackKey(lo.actor, hi.actor), weight, lo.post, hi.post, shared};
      if (!repeated.empty() && (Repeated(repeated, lo.actor) || Repeated(repeated, hi.actor))) {
        buffered.push_back(hit);
      } else {
        visit(hit);
      }
    }
  }
  if (!buffered.empty()) {
    // The first hit of each pair, in the order they were found (a pair key
    // is never 0: its two actors differ).
    std::vector<uint64_t>& table = scratch.table;
    size_t size = 16;
    while (size < 2 * buffered.size()) size *= 2;
    table.assign(size, 0);
    for (const PairHit& hit : buffered) {
      size_t i = MixHash(hit.pair) & (size - 1);
      while (table[i] != 0 && table[i] != hit.pair) i = (i + 1) & (size - 1);
      if (table[i] == hit.pair) continue;
      table[i] = hit.pair;
      visit(hit);
    }
  }
  return capped;
}

// Ties are merged in (pair, post) order so the examples do not depend on threads.
// The hits stay as they are (24 bytes each) until the merge, which builds the
// per-pair record only for the pairs it keeps.
void SortHits(std::vector<PairHit>& hits) {
  std::sort(hits.begin(), hits.end(), [](const PairHit& x, const PairHit& y) {
    if (x.pair != y.pair) return x.pair < y.pair;
    if (x.post_a != y.post_a) return x.post_a < y.post_a;
    if (x.post_b != y.post_b) return x.post_b < y.post_b;
    if (x.shared != y.shared) return x.shared < y.shared;
    return x.weight < y.weight;  // one post pair on several objects: a fixed order of the float sum
  });
}

uint64_t CountPairs(const std::vector<PairHit>& hits) {
  uint64_t pairs = 0;
  for (size_t i = 0; i < hits.size(); ++i) pairs += i == 0 || hits[i].pair != hits[i - 1].pair;
  return pairs;
}

}  // namespace

namespace {

std::vector<Event> Extract(const Store& store, Signal signal, const SignalConfig& config, const PostsToVisit& visit) {
  std::vector<Event> events;
  // At most one event per visited post for these signals: reserved at once,
  // the vector is never copied as it grows (co_engage's is 180 MB at 10 M
  // posts), and the pages past its end are never touched.
  if (signal == Signal::kCoEngage || signal == Signal::kSameText || signal == Signal::kSameHashtags ||
      signal == Signal::kNearText) {
    events.reserve(visit.Count(store));
  }
  switch (signal) {
    case Signal::kCoEngage: ExtractCoEngage(store, visit, events); break;
    case Signal::kSameUrl: ExtractUrls(store, visit, events); break;
    case Signal::kSameText: ExtractTexts(store, config, visit, events); break;
    case Signal::kSameHashtags: ExtractHashtags(store, config, visit, events); break;
    case Signal::kSameAvatar:
    case Signal::kSameInfra: ExtractProfile(store, signal, events); break;
    case Signal::kNearText: ExtractNearText(store, visit, events); break;
  }
  return events;
}

}  // namespace

std::vector<Event> ExtractEvents(const Store& store, Signal signal, const SignalConfig& config, PostId first) {
  return Extract(store, signal, config, PostsToVisit{first, {}, false});
}

std::vector<Event> ExtractEventsOf(const Store& store, Signal signal, const SignalConfig& config,
                                   std::span<const ActorId> actors) {
  return Extract(store, signal, config, PostsToVisit{0, actors, true});
}

namespace {

void SortEvents(std::vector<Event>& events) {
  std::sort(events.begin(), events.end(), [](const Event& x, const Event& y) {
    if (x.object != y.object) return x.object < y.object;
    if (x.time != y.time) return x.time < y.time;
    if (x.post != y.post) return x.post < y.post;
    return x.actor < y.actor;
  });
}

// An object that ties actors: two or more distinct actors on it, and for a
// profile value not more than max_profile_sharers (more is generic).
struct TyingObject {
  size_t begin;  ///< its first event
  uint32_t size;  ///< its events
  uint32_t distinct;  ///< its distinct actors
  uint32_t repeated_begin, repeated_count;  ///< its actors with two or more events
};

// One signal's events, sorted by (object, time), and its tying objects,
// found once, ready to be swept several times (the filter's sweep, once per
// pass over a range of actors).
struct SortedSignal {
  std::vector<Event> events;
  std::vector<TyingObject> objects;
  std::vector<ActorId> repeated;  ///< per object, ascending
  Time window = 0;  ///< the signal's own window (SignalConfig::WindowOf)
  uint64_t actors_in_signal = 0;
  bool profile = false;
  std::span<const uint32_t> distinct_by;
};

// Finds the tying objects of sorted events; on_actors(distinct actors) for each.
template <typename Fn>
void IndexObjects(SortedSignal& signal, const SignalConfig& config, Fn&& on_actors) {
  const std::vector<Event>& events = signal.events;
  SweepScratch scratch;
  for (size_t begin = 0; begin < events.size();) {
    size_t end = begin + 1;
    while (end < events.size() && events[end].object == events[begin].object) ++end;
    ActorsOf(std::span<const Event>(events.data() + begin, end - begin), scratch);
    const size_t distinct = scratch.seen.size();
    const bool generic = signal.profile && distinct > static_cast<size_t>(config.max_profile_sharers);
    if (distinct >= 2 && !generic) {
      signal.objects.push_back({begin, static_cast<uint32_t>(end - begin), static_cast<uint32_t>(distinct),
                                static_cast<uint32_t>(signal.repeated.size()),
                                static_cast<uint32_t>(scratch.repeated.size())});
      signal.repeated.insert(signal.repeated.end(), scratch.repeated.begin(), scratch.repeated.end());
      on_actors(std::span<const ActorId>(scratch.seen));
    }
    begin = end;
  }
}

// Sweeps every object and hands each of its pairs (each pair once per
// object) to emit(hit). Fills the per-object statistics when `stats` is given.
// `first`, `last`: only the tying objects [first, last) (default: all).
template <typename Emit>
void Sweep(const SortedSignal& signal, const SignalConfig& shared_config, SignalStats* stats, Emit&& emit,
           size_t first = 0, size_t last = ~size_t{0}) {
  SignalConfig config = shared_config;
  config.window = signal.window;
  SweepScratch scratch;
  last = std::min(last, signal.objects.size());
  for (size_t o = first; o < last; ++o) {
    const TyingObject& object = signal.objects[o];
    const std::span<const Event> group(signal.events.data() + object.begin, object.size);
    const std::span<const ActorId> repeated(signal.repeated.data() + object.repeated_begin, object.repeated_count);
    const StrId shared = signal.profile ? static_cast<StrId>(group.front().object) : 0;
    const float weight = ObjectWeight(object.distinct, signal.actors_in_signal);
    const bool capped = SweepObject(group, repeated, config, weight, shared, signal.distinct_by, scratch, emit);
    if (stats != nullptr) {
      ++stats->objects;
      stats->events += group.size();
      stats->largest_object = std::max<uint64_t>(stats->largest_object, group.size());
      stats->capped_objects += capped;
    }
  }
}

// Extracts, sorts and indexes one signal's events. `reach` (optional, one
// byte per actor): the tying objects each actor acts on, counted up to 2.
SortedSignal PrepareSignal(const Store& store, Signal signal, const SignalConfig& config,
                           std::vector<uint8_t>* reach = nullptr) {
  SortedSignal sorted;
  sorted.events = ExtractEvents(store, signal, config);
  sorted.window = config.WindowOf(signal);
  // Two copies with the same normalised text tie through same_text; near_text
  // keeps the edited ones, so that one identical pair is not counted twice.
  if (signal == Signal::kNearText) sorted.distinct_by = store.posts().text_variant;
  sorted.profile = IsProfileSignal(signal);
  SortEvents(sorted.events);
  sorted.actors_in_signal = CountActors(sorted.events);
  if (reach != nullptr) reach->assign(store.actors().size(), 0);
  IndexObjects(sorted, config, [&](std::span<const ActorId> actors) {
    if (reach == nullptr) return;
    for (ActorId a : actors) (*reach)[a] = static_cast<uint8_t>(std::min((*reach)[a] + 1, 2));
  });
  return sorted;
}

}  // namespace

std::vector<PairHit> SweepEvents(std::vector<Event>& events, const SignalConfig& config, SignalStats& stats,
                                 bool profile, std::span<const uint32_t> distinct_by) {
  SortedSignal signal;
  signal.events = std::move(events);
  signal.window = config.window;  // the caller's window, whatever the signal
  signal.profile = profile;
  signal.distinct_by = distinct_by;
  SortEvents(signal.events);
  signal.actors_in_signal = CountActors(signal.events);
  IndexObjects(signal, config, [](std::span<const ActorId>) {});
  std::vector<PairHit> hits;
  Sweep(signal, config, &stats, [&](const PairHit& hit) { hits.push_back(hit); });
  stats.pair_hits = hits.size();
  events = std::move(signal.events);
  return hits;
}

namespace {

// What merging hits adds to the result: kept pairs, per-actor degrees and
// the totals. A range of pairs can be merged into one of its own.
struct MergeOut {
  std::vector<PairTies>* pairs;
  std::vector<uint32_t>* degree;
  uint64_t total_objects = 0;
  uint64_t candidate_pairs = 0;
};

// K-way merge of the per-signal hit lists (each sorted by pair, then posts).
// Every pair adds to its actors' tie totals; only pairs that can become edges
// (enough objects) or that carry identity evidence (a profile tie) are kept.
// Per signal, a pair keeps its first two hits as examples.
void MergeLists(const std::array<std::span<const PairHit>, kSignalCount>& lists, const SignalConfig& config,
                MergeOut& out) {
  constexpr size_t kExamplesPerSignal = 2;
  std::array<size_t, kSignalCount> cursor{};
  constexpr uint64_t kDone = ~uint64_t{0};
  auto next_pair = [&] {
    uint64_t lowest = kDone;
    for (int s = 0; s < kSignalCount; ++s) {
      if (cursor[s] < lists[s].size()) lowest = std::min(lowest, lists[s][cursor[s]].pair);
    }
    return lowest;
  };
  std::vector<uint32_t>& degree = *out.degree;
  for (uint64_t pair = next_pair(); pair != kDone; pair = next_pair()) {
    PairTies ties{};
    ties.a = static_cast<ActorId>(pair >> 32);
    ties.b = static_cast<ActorId>(pair & 0xffffffffu);
    for (int s = 0; s < kSignalCount; ++s) {
      const std::span<const PairHit> hits = lists[s];
      size_t taken = 0;
      for (; cursor[s] < hits.size() && hits[cursor[s]].pair == pair; ++cursor[s]) {
        const PairHit& hit = hits[cursor[s]];
        SignalTie& tie = ties.by_signal[s];
        ++tie.objects;
        tie.weight += hit.weight;
        if (taken < kExamplesPerSignal && ties.example_count < ties.examples.size()) {
          ties.examples[ties.example_count++] = {hit.post_a, hit.post_b, static_cast<Signal>(s), ties.a, ties.b,
                                                 hit.shared};
        }
        ++taken;
      }
    }
    const uint32_t objects = ties.TotalObjects();
    degree[ties.a] += objects;
    degree[ties.b] += objects;
    out.total_objects += objects;
    ++out.candidate_pairs;
    const bool profile = ties.by_signal[static_cast<int>(Signal::kSameAvatar)].objects > 0 ||
                         ties.by_signal[static_cast<int>(Signal::kSameInfra)].objects > 0;
    if (objects >= config.keep_min_objects || profile) out.pairs->push_back(ties);
  }
}

// The hit lists cut at pair keys into `parts` ranges of about equal hits
// (a pair's hits always fall in one range), in ascending order.
std::vector<std::array<std::span<const PairHit>, kSignalCount>> CutLists(
    const std::array<std::vector<PairHit>, kSignalCount>& per_signal, size_t parts) {
  size_t largest = 0;
  for (int s = 0; s < kSignalCount; ++s) {
    if (per_signal[s].size() > per_signal[largest].size()) largest = s;
  }
  std::vector<uint64_t> bounds;  // the first pair key of each range but the first
  for (size_t r = 1; r < parts && !per_signal[largest].empty(); ++r) {
    const std::vector<PairHit>& hits = per_signal[largest];
    const uint64_t key = hits[hits.size() * r / parts].pair;
    if (bounds.empty() || key > bounds.back()) bounds.push_back(key);
  }
  std::vector<std::array<std::span<const PairHit>, kSignalCount>> cut(bounds.size() + 1);
  for (int s = 0; s < kSignalCount; ++s) {
    const std::vector<PairHit>& hits = per_signal[s];
    size_t begin = 0;
    for (size_t r = 0; r <= bounds.size(); ++r) {
      size_t end = hits.size();
      if (r < bounds.size()) {
        end = static_cast<size_t>(
            std::lower_bound(hits.begin() + static_cast<ptrdiff_t>(begin), hits.end(), bounds[r],
                             [](const PairHit& hit, uint64_t key) { return hit.pair < key; }) -
            hits.begin());
      }
      cut[r][s] = std::span<const PairHit>(hits.data() + begin, end - begin);
      begin = end;
    }
  }
  return cut;
}

// Merges the hits of one pass and appends to the result. With several
// threads the pairs are cut into ranges merged side by side, each into pairs
// and degrees of its own: the pairs are appended in range order (the order
// one merge gives) and the degrees and totals are sums of whole numbers, so
// the result is the one-thread merge's.
void MergeSignals(std::array<std::vector<PairHit>, kSignalCount>& per_signal, const SignalConfig& config,
                  CoActionResult& result) {
  size_t total = 0;
  for (const std::vector<PairHit>& hits : per_signal) total += hits.size();
  const size_t parts = total < config.merge_range_hits ? 1 : static_cast<size_t>(std::max(1, config.threads));
  const auto cut = CutLists(per_signal, parts);
  std::vector<std::vector<PairTies>> range_pairs(cut.size());
  std::vector<std::vector<uint32_t>> range_degree(cut.size());
  std::vector<MergeOut> outs(cut.size());
  for (size_t r = 0; r < cut.size(); ++r) {
    // The first range writes into the result itself.
    if (r > 0) range_degree[r].assign(result.degree.size(), 0);
    outs[r] = {r == 0 ? &result.pairs : &range_pairs[r], r == 0 ? &result.degree : &range_degree[r]};
  }
  ParallelFor(cut.size(), config.threads, [&](size_t r) { MergeLists(cut[r], config, outs[r]); });
  for (size_t r = 0; r < cut.size(); ++r) {
    result.total_objects += outs[r].total_objects;
    result.candidate_pairs += outs[r].candidate_pairs;
    if (r == 0) continue;
    result.pairs.insert(result.pairs.end(), range_pairs[r].begin(), range_pairs[r].end());
    std::vector<PairTies>().swap(range_pairs[r]);
    for (size_t a = 0; a < result.degree.size(); ++a) result.degree[a] += range_degree[r][a];
  }
  for (auto& list : per_signal) std::vector<PairHit>().swap(list);
}

// Consecutive ranges of actors, each holding at most `budget` pair hits (an
// actor with more gets a range of its own): the passes of the signal step.
std::vector<std::pair<ActorId, ActorId>> PassRanges(const std::vector<uint64_t>& hits_by_actor, uint64_t budget) {
  std::vector<std::pair<ActorId, ActorId>> ranges;
  ActorId begin = 0;
  uint64_t held = 0;
  for (ActorId a = 0; a < hits_by_actor.size(); ++a) {
    if (held > 0 && held + hits_by_actor[a] > budget) {
      ranges.emplace_back(begin, a);
      begin = a;
      held = 0;
    }
    held += hits_by_actor[a];
  }
  ranges.emplace_back(begin, static_cast<ActorId>(hits_by_actor.size()));
  return ranges;
}

}  // namespace

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The enabled signals and the threads that share their work. Whatever is
// split over threads writes only what its item owns, and the items' results
// are combined by sums or in a fixed order, so what the step computes does
// not depend on the number of threads.
class SignalWorkers {
 public:
  explicit SignalWorkers(const SignalConfig& config) : threads_(std::max(1, config.threads)) {
    for (int s = 0; s < kSignalCount; ++s) {
      if (config.enabled[s]) todo_.push_back(s);
    }
  }
  const std::vector<int>& todo() const { return todo_; }
  int threads() const { return threads_; }
  /// fn(signal) for every enabled signal, handed out in order (co_engage,
  /// the largest, first) to the next free thread.
  template <typename Fn>
  void Run(Fn&& fn) const {
    ParallelFor(todo_.size(), threads_, [&](size_t i) { fn(todo_[i]); });
  }

 private:
  std::vector<int> todo_;
  int threads_ = 1;
};

// A piece of one signal's sweep: its tying objects [first, last).
struct SweepPiece {
  int signal = 0;
  size_t first = 0, last = 0;
  uint64_t events = 0;
};

// Cuts every signal's tying objects into pieces of about `piece_events`
// events (an object is never cut), so that one large signal is swept on every
// thread. Largest first, so that the threads finish together; the pieces
// depend on the events only, never on the number of threads.
std::vector<SweepPiece> SweepPieces(const std::array<SortedSignal, kSignalCount>& sorted,
                                    const std::vector<int>& todo, uint64_t piece_events) {
  const uint64_t kPieceEvents = std::max<uint64_t>(piece_events, 1);
  std::vector<SweepPiece> pieces;
  for (int s : todo) {
    const std::vector<TyingObject>& objects = sorted[s].objects;
    SweepPiece piece{s, 0, 0, 0};
    for (size_t o = 0; o < objects.size(); ++o) {
      piece.events += objects[o].size;
      piece.last = o + 1;
      if (piece.events >= kPieceEvents) {
        pieces.push_back(piece);
        piece = {s, o + 1, o + 1, 0};
      }
    }
    if (piece.last > piece.first) pieces.push_back(piece);
  }
  std::stable_sort(pieces.begin(), pieces.end(),
                   [](const SweepPiece& x, const SweepPiece& y) { return x.events > y.events; });
  return pieces;
}

// Adds a piece's per-object figures and seconds to its signal's.
void AddPieceStats(const SignalStats& piece, SignalStats& total) {
  total.objects += piece.objects;
  total.events += piece.events;
  total.capped_objects += piece.capped_objects;
  total.largest_object = std::max(total.largest_object, piece.largest_object);
  total.seconds += piece.seconds;
}

// Per actor: how many objects that tie actors it acts on, over all signals,
// counted up to 2 (from each signal's count). An actor on one such object is
// tied to each of its partners by that object alone.
std::vector<uint8_t> CombineReach(std::array<std::vector<uint8_t>, kSignalCount>& per_signal,
                                  const SignalWorkers& workers, size_t actors) {
  std::vector<uint8_t> reach(actors, 0);
  for (int s : workers.todo()) {
    for (size_t a = 0; a < actors; ++a) reach[a] = static_cast<uint8_t>(std::min(reach[a] + per_signal[s][a], 2));
    std::vector<uint8_t>().swap(per_signal[s]);
  }
  return reach;
}

// Which pair hits are stored until the merge. With keep_min_objects >= 2 a
// pair is kept when two or more objects tie it, or a profile value does; a
// pair tied by one object is only counted. A first sweep adds every hit whose
// two actors each reach two tying objects to a PairFilter, which names the
// pairs that may have come before: every pair tied twice or more, and a few
// others. Those few million keys go into a small KeyBloom (the big filter is
// freed), and a hit is stored when it is a profile tie or its pair may be in
// it; neither filter has false negatives, so every kept pair has all its
// hits. Everything else is a pair tied once, counted where it is found.
// Which of a recurring pair's adds reports it, and which few other keys come
// along, depends on how the threads interleave; the kept pairs do not.
class StorePolicy {
 public:
  void Prepare(const std::array<SortedSignal, kSignalCount>& sorted, const std::vector<SweepPiece>& pieces,
               std::vector<uint8_t> reach, const SignalConfig& config, const SignalWorkers& workers,
               CoActionResult& result) {
    reach_ = std::move(reach);
    const uint64_t k = static_cast<uint64_t>(std::max(config.max_neighbours, 1));
    uint64_t addable = 0;  // at most k hits from each event of an actor that reaches two objects
    for (int s : workers.todo()) {
      for (const Event& e : sorted[s].events) addable += reach_[e.actor] >= 2 ? k : 0;
    }
    // The filter takes at most half the memory of the pair hits of one pass.
    PairFilter filter(addable, config.pass_pair_hits * sizeof(PairHit) / 2);
    std::vector<std::vector<uint64_t>> seen(pieces.size());
    std::vector<SignalStats> piece_stats(pieces.size());
    ParallelFor(pieces.size(), workers.threads(), [&](size_t i) {
      const auto start = Clock::now();
      const SweepPiece& piece = pieces[i];
      // What the piece fills stays local until it is done: neighbouring
      // pieces' slots share cache lines, and both threads write per hit.
      SignalStats stats;
      std::vector<uint64_t> again;
      constexpr size_t kBatch = 256;
      std::vector<uint64_t> batch;
      batch.reserve(kBatch);
      Sweep(
          sorted[piece.signal], config, &stats,
          [&](const PairHit& hit) {
            if (!BothReachTwo(hit.pair)) return;
            filter.Prefetch(hit.pair);  // read when the batch is full
            batch.push_back(hit.pair);
            if (batch.size() == kBatch) {
              filter.Add(batch, again);
              batch.clear();
            }
          },
          piece.first, piece.last);
      filter.Add(batch, again);
      stats.seconds = SecondsSince(start);
      piece_stats[i] = stats;
      seen[i] = std::move(again);
    });
    // A key in the list twice sets the same bits twice: no need to sort.
    std::vector<uint64_t> again;
    for (size_t i = 0; i < pieces.size(); ++i) {
      AddPieceStats(piece_stats[i], result.stats[pieces[i].signal]);
      again.insert(again.end(), seen[i].begin(), seen[i].end());
      std::vector<uint64_t>().swap(seen[i]);
    }
    recurring_.emplace(again);
  }

  bool Stores(bool profile, uint64_t pair) const {
    return !recurring_.has_value() || profile || (BothReachTwo(pair) && recurring_->MayContain(pair));
  }
  /// Fetches what Stores(profile, pair) will read.
  void Prefetch(uint64_t pair) const {
    if (!recurring_.has_value()) return;
    __builtin_prefetch(&reach_[pair >> 32]);
    __builtin_prefetch(&reach_[pair & 0xffffffffu]);
    recurring_->Prefetch(pair);
  }

 private:
  bool BothReachTwo(uint64_t pair) const {
    return reach_[pair >> 32] >= 2 && reach_[pair & 0xffffffffu] >= 2;
  }
  std::vector<uint8_t> reach_;
  std::optional<KeyBloom> recurring_;
};

// Pairs tied by a single object, counted as the merge would count them (one
// per thread: sums, the same whatever thread counted what). Aligned to a
// cache line of its own: each thread writes its count at every hit.
struct alignas(64) SingleTies {
  uint64_t count = 0;
  std::vector<uint32_t> degree;  ///< per actor, allocated on the first

  void Add(uint64_t pair, size_t actors) {
    if (degree.empty()) degree.assign(actors, 0);
    ++count;
    ++degree[pair >> 32];
    ++degree[pair & 0xffffffffu];
  }
};

void AddPassFigures(std::vector<PairHit>& hits, uint64_t singles, SignalStats& stats) {
  hits.shrink_to_fit();
  stats.pair_hits += hits.size() + singles;
  SortHits(hits);
  stats.pairs += CountPairs(hits) + singles;
}

// The hits one worker thread stores, per signal. In a cache line of its own:
// the thread writes its vectors' ends at every stored hit.
struct alignas(64) WorkerHits {
  std::array<std::vector<PairHit>, kSignalCount> by_signal;
  void Drop() {
    for (std::vector<PairHit>& hits : by_signal) std::vector<PairHit>().swap(hits);
  }
};

// Joins each signal's stored hits from every worker, sorts them and adds the
// signal's figures (`singles`: its pairs tied once), a signal per thread.
// The sort key is total, so which thread stored which hit changes nothing.
std::array<std::vector<PairHit>, kSignalCount> JoinHits(std::vector<WorkerHits>& stored,
                                                        const std::array<uint64_t, kSignalCount>& singles,
                                                        const SignalWorkers& workers, CoActionResult& result) {
  std::array<std::vector<PairHit>, kSignalCount> per_signal;
  workers.Run([&](int s) {
    const auto start = Clock::now();
    size_t total = 0, largest = 0;
    for (size_t w = 0; w < stored.size(); ++w) {
      total += stored[w].by_signal[s].size();
      if (stored[w].by_signal[s].size() > stored[largest].by_signal[s].size()) largest = w;
    }
    std::vector<PairHit>& hits = per_signal[s];
    hits = std::move(stored[largest].by_signal[s]);
    hits.reserve(total);
    for (size_t w = 0; w < stored.size(); ++w) {
      if (w == largest) continue;
      hits.insert(hits.end(), stored[w].by_signal[s].begin(), stored[w].by_signal[s].end());
      std::vector<PairHit>().swap(stored[w].by_signal[s]);
    }
    AddPassFigures(hits, singles[s], result.stats[s]);
    result.stats[s].seconds += SecondsSince(start);
  });
  return per_signal;
}

}  // namespace

// The first sweep stores what it may while the stored hits fit the budget
// (pass_pair_hits over all signals) and counts every actor's stored hits;
// when they do not fit, its hits are dropped and the actors are cut into
// ranges that do, swept one pass each. Pairs tied once are counted in the
// first sweep only. Each sweep runs over pieces of the signals' objects on
// every thread. The result is the same for any number of passes and threads.
CoActionResult ComputeCoAction(const Store& store, const SignalConfig& config) {
  CoActionResult result;
  const SignalWorkers workers(config);
  const std::vector<int>& todo = workers.todo();
  const size_t actors = store.actors().size();
  const auto threads = static_cast<size_t>(workers.threads());

  // Events of every signal, sorted and indexed once.
  const bool filtering = config.drop_single_ties_early && config.keep_min_objects >= 2;
  std::array<SortedSignal, kSignalCount> sorted;
  std::array<std::vector<uint8_t>, kSignalCount> reach;
  workers.Run([&](int s) {
    const auto start = Clock::now();
    sorted[s] = PrepareSignal(store, static_cast<Signal>(s), config, filtering ? &reach[s] : nullptr);
    result.stats[s].seconds += SecondsSince(start);
  });
  const std::vector<SweepPiece> pieces = SweepPieces(sorted, todo, config.sweep_piece_events);

  // Which hits are stored (all of them unless pairs tied once are dropped).
  StorePolicy policy;
  if (filtering) policy.Prepare(sorted, pieces, CombineReach(reach, workers, actors), config, workers, result);
  const uint64_t k = static_cast<uint64_t>(std::max(config.max_neighbours, 1));
  uint64_t bound = 0;
  for (int s : todo) bound += sorted[s].events.size() * k;
  const bool may_overflow = bound > config.pass_pair_hits;

  // The first sweep, over every actor.
  std::vector<WorkerHits> stored(threads);
  std::vector<SignalStats> piece_stats(pieces.size());
  std::vector<uint64_t> piece_singles(pieces.size(), 0);
  std::vector<SingleTies> singles(threads);
  std::vector<std::vector<uint32_t>> by_actor(threads);  // stored hits per smaller actor, per thread
  std::atomic<uint64_t> held{0};
  ParallelForWorker(pieces.size(), workers.threads(), [&](size_t worker, size_t i) {
    const auto start = Clock::now();
    const SweepPiece& piece = pieces[i];
    // The piece's figures and count of pairs tied once stay local until it
    // is done: neighbouring pieces' slots share cache lines, and both threads
    // would write them at every hit.
    std::vector<PairHit>& hits = stored[worker].by_signal[piece.signal];
    SignalStats stats;
    uint64_t tied_once = 0;
    if (may_overflow && by_actor[worker].empty()) by_actor[worker].assign(actors, 0);
    // Stored hits are counted into `held` a batch at a time (one shared
    // counter per hit would bounce between the cores); every piece counts
    // all of its own, so `held` ends at the exact total.
    constexpr uint64_t kCountBatch = 4096;
    bool storing = true;
    uint64_t uncounted = 0;
    auto count = [&](uint64_t n) {
      if (held.fetch_add(n, std::memory_order_relaxed) + n > config.pass_pair_hits) storing = false;
      uncounted = 0;
    };
    auto store_hit = [&](const PairHit& hit) {
      if (may_overflow) {
        ++by_actor[worker][hit.pair >> 32];
        if (++uncounted == kCountBatch) count(uncounted);
        if (!storing) {
          if (!hits.empty()) stored[worker].Drop();
          return;
        }
      }
      hits.push_back(hit);
    };
    const bool profile = sorted[piece.signal].profile;
    // Hits wait in a small batch: the filter words and reach bytes the
    // policy reads for them (at 10 M posts they miss the caches) are fetched
    // as each hit is found and read when the batch is full. The order hits
    // are handled in changes nothing (stored hits are sorted, the rest
    // counted).
    constexpr size_t kBatch = 64;
    std::array<PairHit, kBatch> batch;
    size_t batched = 0;
    auto flush = [&] {
      for (size_t b = 0; b < batched; ++b) {
        const PairHit& hit = batch[b];
        if (policy.Stores(profile, hit.pair)) {
          store_hit(hit);
        } else {
          ++tied_once;
          singles[worker].Add(hit.pair, actors);
        }
      }
      batched = 0;
    };
    Sweep(
        sorted[piece.signal], config, filtering ? nullptr : &stats,
        [&](const PairHit& hit) {
          if (!profile) policy.Prefetch(hit.pair);
          batch[batched++] = hit;
          if (batched == kBatch) flush();
        },
        piece.first, piece.last);
    flush();
    if (uncounted > 0) count(uncounted);
    if (!storing) stored[worker].Drop();
    stats.seconds = SecondsSince(start);
    piece_stats[i] = stats;
    piece_singles[i] = tied_once;
  });
  std::array<uint64_t, kSignalCount> signal_singles{};
  for (size_t i = 0; i < pieces.size(); ++i) {
    AddPieceStats(piece_stats[i], result.stats[pieces[i].signal]);
    signal_singles[pieces[i].signal] += piece_singles[i];
  }
  std::vector<std::pair<ActorId, ActorId>> ranges = {{0, static_cast<ActorId>(actors)}};
  const bool overflow = held.load() > config.pass_pair_hits;  // the first sweep's hits were dropped
  if (overflow) {
    std::vector<uint64_t> total(actors, 0);
    for (std::vector<uint32_t>& counts : by_actor) {
      for (size_t a = 0; a < counts.size(); ++a) total[a] += counts[a];
    }
    for (WorkerHits& hits : stored) hits.Drop();
    ranges = PassRanges(total, config.pass_pair_hits);
  }
  by_actor.clear();
  result.passes = ranges.size();
  result.degree.assign(actors, 0);
  if (!overflow) {
    std::array<std::vector<PairHit>, kSignalCount> per_signal = JoinHits(stored, signal_singles, workers, result);
    MergeSignals(per_signal, config, result);
  }

  // Passes over ranges of actors: the pairs whose smaller actor falls in the
  // range, from every signal, merged and appended (ranges ascend, so pairs
  // stay sorted).
  for (size_t r = 0; overflow && r < ranges.size(); ++r) {
    // Plain variables, not a structured binding: clang 14 does not let the
    // lambda below capture one.
    const ActorId begin = ranges[r].first, end = ranges[r].second;
    ParallelForWorker(pieces.size(), workers.threads(), [&](size_t worker, size_t i) {
      const auto start = Clock::now();
      const SweepPiece& piece = pieces[i];
      std::vector<PairHit>& hits = stored[worker].by_signal[piece.signal];
      const bool profile = sorted[piece.signal].profile;
      Sweep(
          sorted[piece.signal], config, nullptr,
          [&](const PairHit& hit) {  // pairs tied once: counted in the first sweep
            const auto a = static_cast<ActorId>(hit.pair >> 32);
            if (a >= begin && a < end && policy.Stores(profile, hit.pair)) hits.push_back(hit);
          },
          piece.first, piece.last);
      piece_stats[i].seconds = SecondsSince(start);
    });
    for (size_t i = 0; i < pieces.size(); ++i) result.stats[pieces[i].signal].seconds += piece_stats[i].seconds;
    std::array<std::vector<PairHit>, kSignalCount> per_signal =
        JoinHits(stored, r == 0 ? signal_singles : std::array<uint64_t, kSignalCount>{}, workers, result);
    MergeSignals(per_signal, config, result);
  }
  for (const SingleTies& once : singles) {
    result.candidate_pairs += once.count;
    result.total_objects += once.count;
    for (size_t a = 0; a < once.degree.size(); ++a) result.degree[a] += once.degree[a];
  }
  return result;
}

}  // namespace unmask
