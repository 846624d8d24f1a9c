#include "unmask/signals/signal_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "unmask/core/flat_map.hpp"
#include "unmask/core/hash.hpp"
#include "unmask/store/blob_file.hpp"

namespace unmask {
namespace {

// The order SweepEvents sorts events in.
bool EventLess(const Event& x, const Event& y) {
  if (x.object != y.object) return x.object < y.object;
  if (x.time != y.time) return x.time < y.time;
  if (x.post != y.post) return x.post < y.post;
  return x.actor < y.actor;
}

bool SameTie(const StoredHit& x, const StoredHit& y) {
  return x.pair == y.pair && x.post_a == y.post_a && x.post_b == y.post_b && x.shared == y.shared;
}

bool HitLess(const StoredHit& x, const StoredHit& y) {
  if (x.pair != y.pair) return x.pair < y.pair;
  if (x.post_a != y.post_a) return x.post_a < y.post_a;
  if (x.post_b != y.post_b) return x.post_b < y.post_b;
  if (x.shared != y.shared) return x.shared < y.shared;
  return x.object < y.object;
}

uint64_t CountDistinctActors(const std::vector<Event>& events, size_t actors) {
  std::vector<uint8_t> seen(actors, 0);
  uint64_t distinct = 0;
  for (const Event& e : events) {
    distinct += seen[e.actor] == 0;
    seen[e.actor] = 1;
  }
  return distinct;
}

// Object weights by n for one actor count, computed once each.
class WeightCache {
 public:
  explicit WeightCache(uint64_t actors_in_signal) : actors_(actors_in_signal) {}
  float operator()(uint32_t n) {
    if (n >= cache_.size()) cache_.resize(n + 1, std::nanf(""));
    if (std::isnan(cache_[n])) cache_[n] = ObjectWeight(n, actors_);
    return cache_[n];
  }

 private:
  uint64_t actors_;
  std::vector<float> cache_;
};

// One signal's ties of one pair, as ComputeCoAction reduces them.
struct SignalPair {
  uint64_t pair;
  SignalTie tie;
  std::array<PostPair, 2> examples;
  uint8_t example_count;
};

// ReduceHits over the kept ties: the same per-pair sums, in the same order
// ((pair, post_a, post_b, shared), then weight), with today's weights.
std::vector<SignalPair> Reduce(const std::vector<StoredHit>& hits, Signal signal, uint64_t actors_in_signal) {
  WeightCache weight(actors_in_signal);
  std::vector<SignalPair> out;
  std::vector<float> run;
  for (size_t i = 0; i < hits.size();) {
    size_t j = i + 1;
    while (j < hits.size() && SameTie(hits[i], hits[j])) ++j;
    run.clear();
    for (size_t k = i; k < j; ++k) run.push_back(weight(hits[k].actors_on_object));
    std::sort(run.begin(), run.end());
    const StoredHit& hit = hits[i];
    for (float w : run) {
      if (out.empty() || out.back().pair != hit.pair) out.push_back({hit.pair, {}, {}, 0});
      SignalPair& current = out.back();
      ++current.tie.objects;
      current.tie.weight += w;
      if (current.example_count < current.examples.size()) {
        current.examples[current.example_count++] = {hit.post_a,
                                                     hit.post_b,
                                                     signal,
                                                     static_cast<ActorId>(hit.pair >> 32),
                                                     static_cast<ActorId>(hit.pair & 0xffffffffu),
                                                     hit.shared};
      }
    }
    i = j;
  }
  return out;
}

// Re-sweeps each touched object over all its events (old and new).
void SweepTouched(const std::vector<Event>& events, const std::vector<uint64_t>& touched, Signal signal,
                  const SignalConfig& config, std::span<const uint32_t> distinct_by, std::vector<StoredHit>& hits,
                  std::vector<ObjectInfo>& objects) {
  const bool profile = IsProfileSignal(signal);
  SignalConfig own = config;  // the signal's own window (links tie over longer)
  own.window = config.WindowOf(signal);
  std::vector<Event> group;
  std::vector<ActorId> actors;
  auto cursor = events.begin();
  for (uint64_t object : touched) {
    cursor = std::lower_bound(cursor, events.end(), object, [](const Event& e, uint64_t o) { return e.object < o; });
    auto end = cursor;
    while (end != events.end() && end->object == object) ++end;
    group.assign(cursor, end);
    cursor = end;
    actors.clear();
    for (const Event& e : group) actors.push_back(e.actor);
    std::sort(actors.begin(), actors.end());
    const auto distinct = static_cast<uint32_t>(std::unique(actors.begin(), actors.end()) - actors.begin());
    if (distinct < 2 || (profile && distinct > static_cast<uint32_t>(config.max_profile_sharers))) continue;
    SignalStats local;
    const std::vector<PairHit> found = SweepEvents(group, own, local, profile, distinct_by);
    objects.push_back({object, static_cast<uint32_t>(group.size()), local.capped_objects > 0 ? 1u : 0u});
    for (const PairHit& h : found) hits.push_back({h.pair, object, h.post_a, h.post_b, distinct, h.shared});
  }
}

// near_text: the events of new posts, and of old posts whose family or
// variant changed (new texts can join two families); those old posts' events
// leave the kept events and their old objects are re-swept too.
std::vector<Event> RegroupedTexts(const Store& store, const SignalConfig& config, PostId first,
                                  const std::vector<uint32_t>& old_variants, SignalState& state,
                                  std::vector<uint64_t>& touched, uint64_t& changed_posts) {
  std::vector<Event> all = ExtractEvents(store, Signal::kNearText, config, 0);
  std::vector<uint64_t> old_object(first, 0), new_object(first, 0);
  for (const Event& e : state.events) old_object[e.post] = e.object;
  for (const Event& e : all) {
    if (e.post < first) new_object[e.post] = e.object;
  }
  const std::vector<uint32_t>& variants = store.posts().text_variant;
  std::vector<uint8_t> changed(first, 0);
  for (PostId p = 0; p < first; ++p) {
    changed[p] = old_object[p] != new_object[p] || old_variants[p] != variants[p];
    changed_posts += changed[p];
  }
  if (changed_posts > 0) {
    std::vector<Event> kept;
    kept.reserve(state.events.size());
    for (const Event& e : state.events) {
      if (changed[e.post]) {
        touched.push_back(e.object);
      } else {
        kept.push_back(e);
      }
    }
    state.events = std::move(kept);
  }
  std::vector<Event> fresh;
  for (const Event& e : all) {
    if (e.post >= first || changed[e.post]) fresh.push_back(e);
  }
  return fresh;
}

// One signal: extract the events of posts from `first` on, merge them into
// the kept events, re-sweep the objects they touch, replace those objects'
// ties and reduce all ties with the current actor count.
std::vector<SignalPair> UpdateSignal(const Store& store, Signal signal, const SignalConfig& config, PostId first,
                                     const std::vector<uint32_t>& old_variants, SignalState& state,
                                     SignalStats& stats, uint64_t& new_events, uint64_t& touched_objects,
                                     uint64_t& changed_posts) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<uint64_t> touched;
  std::vector<Event> fresh = signal == Signal::kNearText && first > 0
                                 ? RegroupedTexts(store, config, first, old_variants, state, touched, changed_posts)
                                 : ExtractEvents(store, signal, config, first);
  std::sort(fresh.begin(), fresh.end(), EventLess);
  new_events = fresh.size();
  for (const Event& e : fresh) touched.push_back(e.object);
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  touched_objects = touched.size();
  if (state.events.empty()) {
    state.events = std::move(fresh);
  } else {
    std::vector<Event> merged(state.events.size() + fresh.size());
    std::merge(state.events.begin(), state.events.end(), fresh.begin(), fresh.end(), merged.begin(), EventLess);
    state.events = std::move(merged);
  }
  std::vector<Event>().swap(fresh);
  const uint64_t actors_in_signal = CountDistinctActors(state.events, store.actors().size());

  const std::span<const uint32_t> distinct_by = signal == Signal::kNearText
                                                    ? std::span<const uint32_t>(store.posts().text_variant)
                                                    : std::span<const uint32_t>();
  std::vector<StoredHit> hits;
  std::vector<ObjectInfo> objects;
  SweepTouched(state.events, touched, signal, config, distinct_by, hits, objects);
  std::sort(hits.begin(), hits.end(), HitLess);

  if (!state.hits.empty() || !state.objects.empty()) {
    FlatMap64 is_touched(touched.size());
    for (uint64_t object : touched) is_touched.Insert(object, 1);
    const auto stale_hit = [&](const StoredHit& h) { return is_touched.Find(h.object) != FlatMap64::kMissing; };
    const auto stale_object = [&](const ObjectInfo& o) { return is_touched.Find(o.object) != FlatMap64::kMissing; };
    state.hits.erase(std::remove_if(state.hits.begin(), state.hits.end(), stale_hit), state.hits.end());
    state.objects.erase(std::remove_if(state.objects.begin(), state.objects.end(), stale_object), state.objects.end());
    std::vector<StoredHit> all_hits(state.hits.size() + hits.size());
    std::merge(state.hits.begin(), state.hits.end(), hits.begin(), hits.end(), all_hits.begin(), HitLess);
    std::vector<ObjectInfo> all_objects(state.objects.size() + objects.size());
    std::merge(state.objects.begin(), state.objects.end(), objects.begin(), objects.end(), all_objects.begin(),
               [](const ObjectInfo& x, const ObjectInfo& y) { return x.object < y.object; });
    hits = std::move(all_hits);
    objects = std::move(all_objects);
  }
  state.hits = std::move(hits);
  state.objects = std::move(objects);

  stats = {};
  for (const ObjectInfo& o : state.objects) {
    ++stats.objects;
    stats.events += o.events;
    stats.capped_objects += o.capped;
    stats.largest_object = std::max<uint64_t>(stats.largest_object, o.events);
  }
  stats.pair_hits = state.hits.size();
  std::vector<SignalPair> pairs = Reduce(state.hits, signal, actors_in_signal);
  stats.pairs = pairs.size();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return pairs;
}

// ComputeCoAction's merge of the per-signal pair lists (each sorted by pair):
// every pair adds to its actors' tie totals; pairs with enough objects or a
// profile tie are kept, with up to two examples per signal in signal order.
// (signal_state_test checks the two stay equal.)
void MergePairs(std::array<std::vector<SignalPair>, kSignalCount>& per_signal, const SignalConfig& config,
                CoActionResult& result) {
  std::array<size_t, kSignalCount> cursor{};
  constexpr uint64_t kDone = ~uint64_t{0};
  auto next_pair = [&] {
    uint64_t lowest = kDone;
    for (int s = 0; s < kSignalCount; ++s) {
      if (cursor[s] < per_signal[s].size()) lowest = std::min(lowest, per_signal[s][cursor[s]].pair);
    }
    return lowest;
  };
  for (uint64_t pair = next_pair(); pair != kDone; pair = next_pair()) {
    PairTies ties{};
    ties.a = static_cast<ActorId>(pair >> 32);
    ties.b = static_cast<ActorId>(pair & 0xffffffffu);
    for (int s = 0; s < kSignalCount; ++s) {
      if (cursor[s] >= per_signal[s].size() || per_signal[s][cursor[s]].pair != pair) continue;
      const SignalPair& sp = per_signal[s][cursor[s]++];
      ties.by_signal[s] = sp.tie;
      for (uint8_t i = 0; i < sp.example_count && ties.example_count < ties.examples.size(); ++i) {
        ties.examples[ties.example_count++] = sp.examples[i];
      }
    }
    const uint32_t objects = ties.TotalObjects();
    result.degree[ties.a] += objects;
    result.degree[ties.b] += objects;
    result.total_objects += objects;
    ++result.candidate_pairs;
    const bool profile = ties.by_signal[static_cast<int>(Signal::kSameAvatar)].objects > 0 ||
                         ties.by_signal[static_cast<int>(Signal::kSameInfra)].objects > 0;
    if (objects >= config.keep_min_objects || profile) result.pairs.push_back(ties);
  }
  for (auto& list : per_signal) std::vector<SignalPair>().swap(list);
}

// near_text can be extended while the text step's columns cover the kept
// posts (old posts that changed family are then found and re-swept).
bool TextColumnsCover(const Store& store, const CoActionState& state) {
  const PostTable& posts = store.posts();
  return state.text_variant.size() == state.posts && posts.text_family.size() == posts.size() &&
         posts.text_variant.size() == posts.size();
}

}  // namespace

uint64_t CoActionConfigKey(const SignalConfig& config) {
  const std::string key = fmt::format("v1 window={} link_window={} max_neighbours={} min_text={} min_hashtags={} max_profile={}",
                                      config.window, config.link_window, config.max_neighbours, config.min_text_chars,
                                      config.min_hashtags, config.max_profile_sharers);
  return HashBytes(key);
}

CoActionResult UpdateCoAction(const Store& store, const SignalConfig& config, CoActionState& state,
                              CoActionUpdate* update) {
  const uint64_t key = CoActionConfigKey(config);
  const size_t posts = store.posts().size();
  const bool fits = state.config_key == key && state.posts <= posts && store.sealed_posts() == state.posts &&
                    !store.sealed_posts_changed();
  const bool families_kept = TextColumnsCover(store, state);
  CoActionUpdate local_update;
  CoActionUpdate& report = update != nullptr ? *update : local_update;

  std::vector<int> todo;
  std::array<PostId, kSignalCount> first{};
  for (int s = 0; s < kSignalCount; ++s) {
    const auto signal = static_cast<Signal>(s);
    const bool extend = fits && state.valid[s] && !IsProfileSignal(signal) &&
                        (signal != Signal::kNearText || families_kept);
    report.incremental[s] = config.enabled[s] && extend;
    first[s] = extend ? static_cast<PostId>(state.posts) : 0;
    if (!extend) state.signals[s] = {};
    state.valid[s] = 0;
    if (config.enabled[s]) todo.push_back(s);
  }

  CoActionResult result;
  const std::vector<uint32_t> old_variants = std::move(state.text_variant);
  std::array<std::vector<SignalPair>, kSignalCount> per_signal;
  const int threads = std::max(1, std::min<int>(config.threads, static_cast<int>(todo.size())));
  auto work = [&](int worker) {
    for (size_t i = static_cast<size_t>(worker); i < todo.size(); i += static_cast<size_t>(threads)) {
      const int s = todo[i];
      per_signal[s] = UpdateSignal(store, static_cast<Signal>(s), config, first[s], old_variants, state.signals[s],
                                   result.stats[s], report.new_events[s], report.touched_objects[s],
                                   report.changed_posts[s]);
      if (IsProfileSignal(static_cast<Signal>(s))) {
        state.signals[s] = {};  // recomputed each time, never kept
      } else {
        state.valid[s] = 1;
      }
    }
  };
  std::vector<std::thread> pool;
  for (int w = 1; w < threads; ++w) pool.emplace_back(work, w);
  work(0);
  for (std::thread& t : pool) t.join();

  state.config_key = key;
  state.posts = posts;
  state.text_variant.assign(store.posts().text_variant.begin(),
                            store.posts().text_variant.begin() + std::min(posts, store.posts().text_variant.size()));
  result.degree.assign(store.actors().size(), 0);
  MergePairs(per_signal, config, result);
  return result;
}

// ---------------------------------------------------------------- saving

namespace {
std::string BlobName(int signal, std::string_view what) {
  return fmt::format("signals.{}.{}", Name(static_cast<Signal>(signal)), what);
}
}  // namespace

uint64_t CoActionState::MemoryBytes() const {
  uint64_t bytes = text_variant.size() * 4;
  for (const SignalState& s : signals) {
    bytes += s.events.size() * sizeof(Event) + s.hits.size() * sizeof(StoredHit) +
             s.objects.size() * sizeof(ObjectInfo);
  }
  return bytes;
}

void CoActionState::Save(BlobWriter& out) const {
  out.PutValue("signals.config_key", config_key);
  out.PutValue("signals.posts", posts);
  out.Put("signals.valid", std::span<const uint8_t>(valid));
  for (int s = 0; s < kSignalCount; ++s) {
    out.Put(BlobName(s, "events"), signals[s].events);
    out.Put(BlobName(s, "hits"), signals[s].hits);
    out.Put(BlobName(s, "objects"), signals[s].objects);
  }
  out.Put("signals.text_variant", text_variant);
}

namespace {

Status CheckSignal(const BlobReader& in, int s, const SignalState& state, size_t actors, size_t posts) {
  for (size_t i = 0; i < state.events.size(); ++i) {
    const Event& e = state.events[i];
    if (e.actor >= actors || e.post >= posts || (i > 0 && EventLess(e, state.events[i - 1]))) {
      return in.Error(BlobName(s, "events"), fmt::format("event {} is out of range or order (damaged)", i));
    }
  }
  for (size_t i = 0; i < state.hits.size(); ++i) {
    const StoredHit& h = state.hits[i];
    const auto a = static_cast<ActorId>(h.pair >> 32), b = static_cast<ActorId>(h.pair & 0xffffffffu);
    const bool posts_ok = (h.post_a < posts || h.post_a == kNone) && (h.post_b < posts || h.post_b == kNone);
    if (a >= b || b >= actors || !posts_ok || h.actors_on_object < 2 || (i > 0 && HitLess(h, state.hits[i - 1]))) {
      return in.Error(BlobName(s, "hits"), fmt::format("tie {} is out of range or order (damaged)", i));
    }
  }
  for (size_t i = 1; i < state.objects.size(); ++i) {
    if (state.objects[i].object <= state.objects[i - 1].object) {
      return in.Error(BlobName(s, "objects"), fmt::format("object {} is out of order (damaged)", i));
    }
  }
  return {};
}

}  // namespace

Result<CoActionState> CoActionState::Load(BlobReader& in, size_t actors, size_t posts) {
  CoActionState state;
  UNMASK_RETURN_IF_ERROR(in.GetValue("signals.config_key", state.config_key));
  UNMASK_RETURN_IF_ERROR(in.GetValue("signals.posts", state.posts));
  if (state.posts != posts) {
    return in.Error("signals.posts", fmt::format("covers {} posts, the saved store holds {} (damaged)", state.posts, posts));
  }
  std::vector<uint8_t> valid;
  UNMASK_RETURN_IF_ERROR(in.Get("signals.valid", valid));
  if (valid.size() != kSignalCount) return in.Error("signals.valid", "has the wrong number of signals");
  std::copy(valid.begin(), valid.end(), state.valid.begin());
  for (int s = 0; s < kSignalCount; ++s) {
    SignalState& signal = state.signals[s];
    UNMASK_RETURN_IF_ERROR(in.Get(BlobName(s, "events"), signal.events));
    UNMASK_RETURN_IF_ERROR(in.Get(BlobName(s, "hits"), signal.hits));
    UNMASK_RETURN_IF_ERROR(in.Get(BlobName(s, "objects"), signal.objects));
    UNMASK_RETURN_IF_ERROR(CheckSignal(in, s, signal, actors, posts));
  }
  UNMASK_RETURN_IF_ERROR(in.Get("signals.text_variant", state.text_variant));
  if (state.text_variant.size() > posts) {
    return in.Error("signals.text_variant", "cover more posts than the store holds (damaged)");
  }
  return state;
}

}  // namespace unmask
