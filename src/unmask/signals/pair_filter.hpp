#pragma once
// Which actor pairs recur: a filter that answers "was this pair key added two
// or more times?" with no false negatives and a few false positives, in about
// two bytes per key. The signal step adds every pair hit once, collects the
// keys an add reports as possibly seen before, and stores only the hits of
// those pairs; the others are pairs tied by a single object, which are
// counted and never kept (co_action.cpp, docs/performance.md).
//
// Layout: a blocked counting Bloom filter. A key maps to one 64-bit word and
// to `kSlots` of its 32 two-bit counters; a counter's low bit means "added
// once", its high bit "added twice or more". Adding sets the low bits with one
// atomic OR and, where they were already set, the high bits with a second:
// each counter then saturates at two exactly however threads interleave, and
// the final filter does not depend on the order of the adds.
#include <cstdint>
#include <span>
#include <vector>

#include "unmask/core/hash.hpp"
#include "unmask/core/huge_pages.hpp"

namespace unmask {

class PairFilter {
 public:
  /// About `bits_per_key` bits for each of `expected_keys`, at most `max_bytes`.
  PairFilter(uint64_t expected_keys, uint64_t max_bytes, unsigned bits_per_key = 16);

  /// Safe to call from several threads at once. Returns whether the key may
  /// have been added before: for a key added two or more times, at least one
  /// of its adds says so, however threads interleave (a key's counters share
  /// one word, and of two atomic ORs on it the later sees the earlier's bits).
  bool Add(uint64_t key);
  /// Fetches the word Add(key) will change: call as keys are found, add
  /// them a batch later.
  void Prefetch(uint64_t key) const { __builtin_prefetch(&words_[Word(MixHash(key))], 1); }
  /// Adds a batch, fetching its words ahead (the filter is larger than the
  /// caches); appends to `seen` the keys that may have been added before.
  void Add(std::span<const uint64_t> keys, std::vector<uint64_t>& seen);
  /// True for every key added two or more times (and for a few others).
  /// Call once all adds are done.
  bool MayRecur(uint64_t key) const;

  uint64_t Bytes() const { return words_.size() * sizeof(uint64_t); }

 private:
  static constexpr int kSlots = 4;
  __extension__ using Wide = unsigned __int128;
  // The high bits of the hash pick the word (multiply-shift, any table
  // size), the low bits its counters.
  uint64_t Word(uint64_t hash) const { return static_cast<uint64_t>((static_cast<Wide>(hash) * words_.size()) >> 64); }
  static uint64_t LowBits(uint64_t hash);

  HugeVector<uint64_t> words_;
};

/// A set of keys that may answer "yes" for a few keys not in it, never "no"
/// for a key in it: a blocked Bloom filter, one 64-bit word and four bits a
/// key, about 16 bits a key.
class KeyBloom {
 public:
  explicit KeyBloom(std::span<const uint64_t> keys);
  // Inline: the storing sweep asks once per pair hit (140 M times at 10 M posts).
  bool MayContain(uint64_t key) const {
    const uint64_t hash = MixHash(key);
    const uint64_t bits = Bits(hash);
    return (words_[Word(hash)] & bits) == bits;
  }
  /// Fetches the word MayContain(key) reads (the set is larger than the
  /// caches at 10 M posts): ask for a batch of keys ahead, then look them up.
  void Prefetch(uint64_t key) const { __builtin_prefetch(&words_[Word(MixHash(key))]); }

 private:
  __extension__ using Wide = unsigned __int128;
  size_t Word(uint64_t hash) const { return static_cast<size_t>((static_cast<Wide>(hash) * words_.size()) >> 64); }
  static uint64_t Bits(uint64_t hash) {
    return uint64_t{1} << (hash & 63) | uint64_t{1} << (hash >> 6 & 63) | uint64_t{1} << (hash >> 12 & 63) |
           uint64_t{1} << (hash >> 18 & 63);
  }
  HugeVector<uint64_t> words_;
};

}  // namespace unmask
