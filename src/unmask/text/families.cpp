#include "unmask/text/families.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <thread>

#include "unmask/core/hash.hpp"

namespace unmask {
namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Runs fn(block, worker) for blocks 0..blocks-1, worker w taking blocks w,
// w+threads, ...: each block's output depends only on the block, so results
// merged in block order do not depend on the thread count.
template <typename Fn>
void ForBlocks(size_t blocks, int threads, Fn&& fn) {
  const int workers = std::max(1, std::min<int>(threads, static_cast<int>(blocks)));
  auto run = [&](int worker) {
    for (size_t b = static_cast<size_t>(worker); b < blocks; b += static_cast<size_t>(workers)) fn(b, worker);
  };
  std::vector<std::thread> pool;
  for (int w = 1; w < workers; ++w) pool.emplace_back(run, w);
  run(0);
  for (std::thread& t : pool) t.join();
}

constexpr size_t kBlock = 8192;

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n), size_(n, 1) { std::iota(parent_.begin(), parent_.end(), 0u); }
  /// Fetches x's parent ahead of a Find(x) (the variants of a band's buckets
  /// come in random order, and the array is larger than the caches).
  void Prefetch(uint32_t x) const { __builtin_prefetch(&parent_[x]); }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  void Union(uint32_t x, uint32_t y) {
    x = Find(x);
    y = Find(y);
    if (x == y) return;
    if (size_[x] < size_[y]) std::swap(x, y);
    parent_[y] = x;
    size_[x] += size_[y];
  }

 private:
  std::vector<uint32_t> parent_, size_;
};

// Pass 1: the exact normal form of every text, as a 64-bit key (0: nothing left).
std::vector<uint64_t> NormalFormKeys(std::span<const std::string_view> texts, const TextNormalizer& normalizer,
                                     int threads) {
  std::vector<uint64_t> keys(texts.size(), 0);
  std::vector<TextNormalizer> normalizers(static_cast<size_t>(std::max(1, threads)), normalizer);
  ForBlocks((texts.size() + kBlock - 1) / kBlock, threads, [&](size_t b, int worker) {
    TextNormalizer& norm = normalizers[static_cast<size_t>(worker)];
    TextTokens tokens;
    const size_t end = std::min(texts.size(), (b + 1) * kBlock);
    for (size_t i = b * kBlock; i < end; ++i) {
      norm.Tokenize(texts[i], tokens);
      if (!tokens.chars.empty()) {
        keys[i] = HashBytes({reinterpret_cast<const char*>(tokens.chars.data()), tokens.chars.size() * 4}) | 1;
      }
    }
  });
  return keys;
}

// Distinct normal forms: variant ids in order of first appearance, and each
// variant's first text.
void AssignVariants(const std::vector<uint64_t>& keys, std::vector<uint32_t>& variant_of_text,
                    std::vector<uint32_t>& first) {
  std::vector<std::pair<uint64_t, uint32_t>> entries;
  entries.reserve(keys.size());  // not copied as it grows
  for (uint32_t i = 0; i < keys.size(); ++i) {
    if (keys[i] != 0) entries.emplace_back(keys[i], i);
  }
  std::sort(entries.begin(), entries.end());
  first.clear();
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i == 0 || entries[i].first != entries[i - 1].first) first.push_back(entries[i].second);
  }
  std::sort(first.begin(), first.end());
  variant_of_text.assign(keys.size(), kNone);
  uint32_t current = kNone;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i == 0 || entries[i].first != entries[i - 1].first) {
      current = static_cast<uint32_t>(std::lower_bound(first.begin(), first.end(), entries[i].second) - first.begin());
    }
    variant_of_text[entries[i].second] = current;
  }
}

// The shingles of every variant (empty when it has too few to compare) and
// its LSH band keys.
// The values stay in the blocks that computed them (joining them would copy
// every shingle once more: hundreds of MB at 10 M posts).
struct VariantSets {
  std::vector<uint32_t> start;  // per variant: where its shingles begin in its block's values
  std::vector<uint32_t> count;  // per variant: how many (0: not informative)
  std::vector<std::vector<uint32_t>> blocks;  // the values of variants [b·kBlock, (b+1)·kBlock)
  std::vector<uint32_t> band_keys;  // band * variants + variant: a band's keys are read in one run
  size_t size() const { return start.size(); }
  std::span<const uint32_t> Of(size_t v) const { return {blocks[v / kBlock].data() + start[v], count[v]}; }
  bool Informative(size_t v) const { return count[v] > 0; }
};

// Pass 2, once per distinct text: shingles, the informative test, MinHash
// signature and band keys.
VariantSets ShingleVariants(std::span<const std::string_view> texts, const std::vector<uint32_t>& first,
                            const TextNormalizer& normalizer, const NearDupConfig& config) {
  const size_t bands = static_cast<size_t>(config.bands);
  VariantSets sets;
  sets.band_keys.assign(first.size() * bands, 0);
  const MinHasher hasher(config.bands * config.rows, config.seed);
  const size_t blocks = (first.size() + kBlock - 1) / kBlock;
  sets.start.assign(first.size(), 0);
  sets.count.assign(first.size(), 0);
  sets.blocks.resize(blocks);
  std::vector<TextNormalizer> normalizers(static_cast<size_t>(std::max(1, config.threads)), normalizer);
  ForBlocks(blocks, config.threads, [&](size_t b, int worker) {
    TextNormalizer& norm = normalizers[static_cast<size_t>(worker)];
    TextTokens tokens;
    std::vector<uint32_t> shingles, signature(static_cast<size_t>(hasher.size()));
    std::vector<uint32_t>& values = sets.blocks[b];
    const size_t end = std::min(first.size(), (b + 1) * kBlock);
    for (size_t v = b * kBlock; v < end; ++v) {
      norm.Tokenize(texts[first[v]], tokens);
      Shingles(tokens, config.shingles, shingles);
      const int min_shingles = IsUnspacedText(tokens) ? config.min_shingles_unspaced : config.min_shingles_spaced;
      if (shingles.empty() || shingles.size() < static_cast<size_t>(min_shingles)) continue;
      sets.start[v] = static_cast<uint32_t>(values.size());
      sets.count[v] = static_cast<uint32_t>(shingles.size());
      values.insert(values.end(), shingles.begin(), shingles.end());
      hasher.Sign(shingles, signature.data());
      for (size_t j = 0; j < bands; ++j) {
        sets.band_keys[j * first.size() + v] = BandKey(signature.data(), static_cast<int>(j), config.rows);
      }
    }
  });
  return sets;
}

// Jaccard(a, b) >= threshold, stopping as soon as the remaining elements
// cannot bring the intersection to |a ∩ b| >= t(|a| + |b|) / (1 + t). The
// bound is compared in integers (for an integer x and a real r, x < r exactly
// when x < ceil(r)) and the merge is branch-free (one step per element of the
// shorter list at best, a third of the time of the branching merge); the
// decision is the exact Jaccard, with the arithmetic of Jaccard().
bool Similar(std::span<const uint32_t> a, std::span<const uint32_t> b, double threshold) {
  const size_t na = a.size(), nb = b.size();
  const double small = static_cast<double>(std::min(na, nb));
  const double large = static_cast<double>(std::max(na, nb));
  if (small < threshold * large) return false;  // J <= |small| / |large|
  if (na == 0 && nb == 0) return Jaccard(a, b) >= threshold;
  const double need = threshold * static_cast<double>(na + nb) / (1 + threshold);
  const size_t need_count = static_cast<size_t>(std::ceil(need));
  const uint32_t* pa = a.data();
  const uint32_t* pb = b.data();
  size_t i = 0, j = 0, common = 0;
  while (i < na && j < nb) {
    if (common + std::min(na - i, nb - j) < need_count) return false;
    const uint32_t x = pa[i], y = pb[j];
    common += x == y;
    i += x <= y;
    j += y <= x;
  }
  return static_cast<double>(common) / static_cast<double>(na + nb - common) >= threshold;
}

// Pairs of one band to verify, taken in sweep order, with their outcome.
struct PairBatch {
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  std::vector<uint8_t> similar;
};

// Verifies the batch's pairs (on the worker threads, in blocks), then
// replays them in order as a one-thread sweep would: a pair whose variants
// were joined meanwhile (by an earlier pair) is skipped and not counted, as
// the sweep would not have compared it. So the families and the counts are
// those of one thread; the threads only compare some pairs in vain.
void VerifyAndJoin(PairBatch& batch, const VariantSets& sets, const NearDupConfig& config, UnionFind& families,
                   NearDupStats& stats) {
  constexpr size_t kPairsPerBlock = 1024;
  batch.similar.assign(batch.pairs.size(), 0);
  ForBlocks((batch.pairs.size() + kPairsPerBlock - 1) / kPairsPerBlock, config.threads, [&](size_t b, int) {
    const size_t end = std::min(batch.pairs.size(), (b + 1) * kPairsPerBlock);
    for (size_t i = b * kPairsPerBlock; i < end; ++i) {
      const auto [vm, vp] = batch.pairs[i];
      batch.similar[i] = Similar(sets.Of(vm), sets.Of(vp), config.threshold);
    }
  });
  constexpr size_t kAhead = 16;  // pairs whose parents are fetched ahead
  for (size_t i = 0; i < batch.pairs.size(); ++i) {
    if (i + kAhead < batch.pairs.size()) {
      families.Prefetch(batch.pairs[i + kAhead].first);
      families.Prefetch(batch.pairs[i + kAhead].second);
    }
    const auto [vm, vp] = batch.pairs[i];
    if (families.Find(vm) == families.Find(vp)) continue;
    ++stats.candidate_pairs;
    if (batch.similar[i]) {
      ++stats.similar_pairs;
      families.Union(vm, vp);
    }
  }
  batch.pairs.clear();
}

// Sorts values by their high 32 bits, keeping the order of values with the
// same high bits: an LSD radix sort, three passes of 11, 11 and 10 bits. A
// band's entries are made in ascending variant order (the low bits), so this
// gives the order std::sort gives them, in linear time (they are sorted once
// per band, 20 times a scan).
void SortByHigh32(std::vector<uint64_t>& values, std::vector<uint64_t>& scratch) {
  constexpr int kBits = 11;
  constexpr size_t kBuckets = size_t{1} << kBits;
  scratch.resize(values.size());
  std::vector<size_t> position(kBuckets);
  for (int shift = 32; shift < 64; shift += kBits) {
    std::fill(position.begin(), position.end(), 0);
    for (uint64_t v : values) ++position[(v >> shift) & (kBuckets - 1)];
    size_t sum = 0;
    for (size_t& p : position) {
      const size_t count = p;
      p = sum;
      sum += count;
    }
    for (uint64_t v : values) scratch[position[(v >> shift) & (kBuckets - 1)]++] = v;
    values.swap(scratch);
  }
}

// Sorts each band's (key, variant) pairs, a few bands at a time in parallel,
// then sweeps them in band order: each member of a bucket is compared with
// the members before it (up to bucket_reach) that are not yet in its family.
// The families are the connected components of the verified pairs, so the
// order of unions does not change them. With several threads, the pairs not
// yet joined are gathered a batch at a time and compared in parallel
// (VerifyAndJoin), with the result of the one-thread sweep.
void LinkBuckets(const VariantSets& sets, const NearDupConfig& config, UnionFind& families, NearDupStats& stats) {
  const std::vector<uint32_t>& keys = sets.band_keys;
  const size_t variants = sets.size();
  const size_t bands = static_cast<size_t>(config.bands);
  const size_t step = static_cast<size_t>(std::max(1, config.threads));
  const size_t reach = static_cast<size_t>(std::max(1, config.bucket_reach));
  // Small enough that few pairs get joined between gathering and replay.
  constexpr size_t kBatchPairs = size_t{1} << 16;
  const bool parallel = config.threads > 1;
  PairBatch batch;
  std::vector<std::vector<uint64_t>> sorted(step), scratch(step);
  for (size_t band0 = 0; band0 < bands; band0 += step) {
    const size_t count = std::min(step, bands - band0);
    ForBlocks(count, config.threads, [&](size_t k, int) {
      std::vector<uint64_t>& entries = sorted[k];
      entries.clear();
      for (size_t v = 0; v < variants; ++v) {
        if (sets.Informative(v)) entries.push_back((uint64_t{keys[(band0 + k) * variants + v]} << 32) | v);
      }
      SortByHigh32(entries, scratch[k]);  // variants ascending already: sorted by (key, variant)
    });
    for (size_t k = 0; k < count; ++k) {
      const std::vector<uint64_t>& entries = sorted[k];
      constexpr size_t kAhead = 32;  // entries whose parents are fetched ahead
      size_t fetched = 0;
      for (size_t begin = 0; begin < entries.size();) {
        size_t end = begin + 1;
        while (end < entries.size() && (entries[end] >> 32) == (entries[begin] >> 32)) ++end;
        for (; fetched < std::min(entries.size(), end + kAhead); ++fetched) {
          families.Prefetch(static_cast<uint32_t>(entries[fetched]));
        }
        for (size_t m = begin + 1; m < end; ++m) {
          const auto vm = static_cast<uint32_t>(entries[m]);
          for (size_t p = m; p-- > begin && m - p <= reach;) {
            const auto vp = static_cast<uint32_t>(entries[p]);
            if (families.Find(vm) == families.Find(vp)) continue;
            if (parallel) {
              batch.pairs.emplace_back(vm, vp);
              continue;
            }
            ++stats.candidate_pairs;
            if (Similar(sets.Of(vm), sets.Of(vp), config.threshold)) {
              ++stats.similar_pairs;
              families.Union(vm, vp);
            }
          }
        }
        begin = end;
        if (batch.pairs.size() >= kBatchPairs) VerifyAndJoin(batch, sets, config, families, stats);
      }
      VerifyAndJoin(batch, sets, config, families, stats);
    }
  }
}

}  // namespace

NearDupResult GroupNearDuplicates(std::span<const std::string_view> texts, const TextNormalizer& normalizer,
                                  const NearDupConfig& config) {
  NearDupResult result;
  NearDupStats& stats = result.stats;
  stats.texts = texts.size();
  auto start = Clock::now();
  std::vector<uint32_t> variant_of_text, first;
  AssignVariants(NormalFormKeys(texts, normalizer, config.threads), variant_of_text, first);
  stats.seconds_normal_forms = Since(start);

  start = Clock::now();
  const VariantSets sets = ShingleVariants(texts, first, normalizer, config);
  stats.seconds_signatures = Since(start);

  start = Clock::now();
  UnionFind uf(first.size());
  LinkBuckets(sets, config, uf, stats);
  // Informative variants and families, numbered in order of first appearance
  // (variants already are).
  std::vector<uint32_t> new_variant(first.size(), kNone), family_of_variant(first.size(), kNone);
  std::vector<uint32_t> family_of_root(first.size(), kNone);
  std::vector<uint32_t> variants_per_family;
  for (uint32_t v = 0; v < first.size(); ++v) {
    if (!sets.Informative(v)) continue;
    new_variant[v] = static_cast<uint32_t>(stats.variants++);
    uint32_t& family = family_of_root[uf.Find(v)];
    if (family == kNone) {
      family = static_cast<uint32_t>(variants_per_family.size());
      variants_per_family.push_back(0);
    }
    family_of_variant[v] = family;
    ++variants_per_family[family];
  }
  stats.families = variants_per_family.size();
  for (uint32_t n : variants_per_family) stats.edited_families += n >= 2;
  std::vector<uint64_t> texts_per_family(stats.families, 0);
  result.family.assign(texts.size(), kNone);
  result.variant.assign(texts.size(), kNone);
  for (size_t i = 0; i < texts.size(); ++i) {
    const uint32_t v = variant_of_text[i];
    if (v == kNone || new_variant[v] == kNone) continue;
    ++stats.informative;
    result.variant[i] = new_variant[v];
    result.family[i] = family_of_variant[v];
    stats.largest_family = std::max(stats.largest_family, ++texts_per_family[result.family[i]]);
  }
  stats.seconds_buckets = Since(start);
  return result;
}

TextFamilies FindTextFamilies(Store& store, const TextNormalizer& normalizer, const NearDupConfig& config) {
  const PostTable& posts = store.posts();
  // Distinct raw texts (already interned), in order of first post.
  std::vector<uint32_t> slot_of_str(store.strings().size(), kNone);
  std::vector<std::string_view> texts;
  std::vector<uint32_t> slot_of_post(posts.size(), kNone);
  for (PostId p = 0; p < posts.size(); ++p) {
    const PostType type = posts.type[p];
    if (type == PostType::kShare || type == PostType::kReaction || posts.text[p] == 0) continue;
    uint32_t& slot = slot_of_str[posts.text[p]];
    if (slot == kNone) {
      slot = static_cast<uint32_t>(texts.size());
      texts.push_back(store.Str(posts.text[p]));
    }
    slot_of_post[p] = slot;
  }
  std::vector<uint32_t>().swap(slot_of_str);
  NearDupResult grouped = GroupNearDuplicates(texts, normalizer, config);

  TextFamilies out;
  out.stats = grouped.stats;
  std::vector<uint32_t> post_family(posts.size(), kNone), post_variant(posts.size(), kNone);
  out.copies.assign(grouped.stats.families, 0);
  out.actors.assign(grouped.stats.families, 0);
  std::vector<std::pair<uint32_t, ActorId>> family_actor;
  family_actor.reserve(posts.size());  // at most one a post; not copied as it grows
  for (PostId p = 0; p < posts.size(); ++p) {
    if (slot_of_post[p] == kNone) continue;
    const uint32_t family = grouped.family[slot_of_post[p]];
    if (family == kNone) continue;
    post_family[p] = family;
    post_variant[p] = grouped.variant[slot_of_post[p]];
    ++out.copies[family];
    family_actor.emplace_back(family, posts.actor[p]);
  }
  std::sort(family_actor.begin(), family_actor.end());
  family_actor.erase(std::unique(family_actor.begin(), family_actor.end()), family_actor.end());
  for (const auto& [family, actor] : family_actor) ++out.actors[family];
  out.stats.largest_family = 0;
  for (uint32_t c : out.copies) out.stats.largest_family = std::max<uint64_t>(out.stats.largest_family, c);
  store.SetTextFamilies(std::move(post_family), std::move(post_variant));
  return out;
}

std::vector<FamilySummary> SummarizeFamilies(const Store& store, const TextFamilies& families,
                                             std::span<const ActorId> actors, size_t limit) {
  const PostTable& posts = store.posts();
  struct Copy {
    uint32_t family, variant;
    Time time;
    PostId post;
    ActorId actor;
  };
  std::vector<Copy> copies;
  for (ActorId a : actors) {
    for (PostId p : store.PostsOf(a)) {
      if (p < posts.text_family.size() && posts.text_family[p] != kNone) {
        copies.push_back({posts.text_family[p], posts.text_variant[p], posts.time[p], p, a});
      }
    }
  }
  std::sort(copies.begin(), copies.end(), [](const Copy& x, const Copy& y) {
    if (x.family != y.family) return x.family < y.family;
    if (x.variant != y.variant) return x.variant < y.variant;
    if (x.time != y.time) return x.time < y.time;
    return x.post < y.post;
  });
  std::vector<FamilySummary> out;
  std::vector<ActorId> seen;
  for (size_t begin = 0; begin < copies.size();) {
    size_t end = begin;
    while (end < copies.size() && copies[end].family == copies[begin].family) ++end;
    if (end - begin >= 2) {
      FamilySummary s;
      s.family = copies[begin].family;
      s.copies = end - begin;
      s.total_copies = families.copies[s.family];
      s.total_actors = families.actors[s.family];
      size_t best_count = 0;
      seen.clear();
      for (size_t i = begin; i < end;) {  // runs of one variant, earliest post first
        size_t j = i;
        while (j < end && copies[j].variant == copies[i].variant) ++j;
        ++s.variants;
        if (j - i > best_count) {
          best_count = j - i;
          s.representative = copies[i].post;
        }
        i = j;
      }
      for (size_t i = begin; i < end; ++i) {
        const Copy& c = copies[i];
        seen.push_back(c.actor);
        s.platforms.push_back(posts.platform[c.post]);
        if (posts.lang[c.post] != 0) s.languages.push_back(posts.lang[c.post]);
        s.first = s.first == kNoTime ? c.time : std::min(s.first, c.time);
        s.last = std::max(s.last, c.time);
      }
      std::sort(seen.begin(), seen.end());
      s.actors = static_cast<uint64_t>(std::unique(seen.begin(), seen.end()) - seen.begin());
      std::sort(s.platforms.begin(), s.platforms.end());
      s.platforms.erase(std::unique(s.platforms.begin(), s.platforms.end()), s.platforms.end());
      std::sort(s.languages.begin(), s.languages.end(),
                [&](StrId x, StrId y) { return store.Str(x) < store.Str(y); });
      s.languages.erase(std::unique(s.languages.begin(), s.languages.end()), s.languages.end());
      out.push_back(std::move(s));
    }
    begin = end;
  }
  std::sort(out.begin(), out.end(), [](const FamilySummary& x, const FamilySummary& y) {
    return x.copies != y.copies ? x.copies > y.copies : x.family < y.family;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace unmask
