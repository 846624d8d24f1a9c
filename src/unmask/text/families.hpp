#pragma once
// Text families ("narratives"): groups of near-identical messages, found in
// sub-quadratic time with MinHash and LSH banding, verified against the exact
// Jaccard similarity of the texts' shingles, and closed under union-find, so
// that a chain of small edits (a word swapped, then another, then a typo)
// stays one family even when its first and last copies differ a lot.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "unmask/core/types.hpp"
#include "unmask/store/store.hpp"
#include "unmask/text/minhash.hpp"
#include "unmask/text/normalizer.hpp"

namespace unmask {

struct NearDupConfig {
  /// Two texts are near-duplicates when the Jaccard similarity of their
  /// shingle sets is at least this.
  double threshold = 0.6;
  int bands = 20;  ///< LSH: bands × rows MinHash values per text
  int rows = 5;
  uint64_t seed = 0x756e6d61736bULL;
  ShingleConfig shingles;
  /// A text with fewer distinct shingles carries too little wording to be
  /// told apart from a stranger's ("Great!", "+1", an emoji, "so true so
  /// true", "totally agree with you"): it joins no family and ties nobody.
  /// Spaced scripts: character 4-grams, 24 is a line of about five words;
  /// unspaced scripts: character bigrams, 10 is about eleven characters.
  int min_shingles_spaced = 24;
  int min_shingles_unspaced = 10;
  /// Within one LSH bucket, each text is verified against at most this many
  /// texts before it (a bucket of n near-identical texts costs O(n·reach), not n²).
  int bucket_reach = 16;
  int threads = 2;
};

struct NearDupStats {
  uint64_t texts = 0;            ///< texts given
  uint64_t informative = 0;      ///< texts with enough distinct shingles
  uint64_t variants = 0;         ///< distinct normalised texts among them
  uint64_t families = 0;         ///< families (a variant without near-duplicates is a family of its own)
  uint64_t edited_families = 0;  ///< families with two or more variants
  uint64_t largest_family = 0;   ///< texts in the largest family
  uint64_t candidate_pairs = 0;  ///< variant pairs compared exactly
  uint64_t similar_pairs = 0;    ///< of those, at or above the threshold
  double seconds_normal_forms = 0;  ///< normalisation of every text, distinct normal forms
  double seconds_signatures = 0;    ///< shingles, MinHash and band keys of each distinct text
  double seconds_buckets = 0;    ///< bucket sort, verification, union-find
};

struct NearDupResult {
  std::vector<uint32_t> family;   ///< per text: family id in [0, families), kNone when not informative
  std::vector<uint32_t> variant;  ///< per text: distinct normalised text id, kNone when not informative
  NearDupStats stats;
};

/// Groups texts into families of near-duplicates. Family and variant ids are
/// numbered in order of first appearance; the result does not depend on the
/// thread count. Cost: O(L) normalisation and shingling for L characters,
/// O(V·S·K) signatures for V distinct texts of S shingles and K = bands·rows,
/// O(bands·V log V) bucket sorts and O(bands·V·reach) verifications at worst;
/// memory O(total shingles + V·bands).
NearDupResult GroupNearDuplicates(std::span<const std::string_view> texts, const TextNormalizer& normalizer,
                                  const NearDupConfig& config);

/// Per family, how far it spread in the whole input.
struct TextFamilies {
  std::vector<uint32_t> copies;  ///< per family: posts
  std::vector<uint32_t> actors;  ///< per family: distinct actors
  NearDupStats stats;
  size_t count() const { return copies.size(); }
};

/// Groups the texts of a finalised store's posts, comments, replies and
/// quotes (shares and reactions are left out: their text is often the
/// original's) and sets the store's text_family / text_variant columns.
TextFamilies FindTextFamilies(Store& store, const TextNormalizer& normalizer, const NearDupConfig& config);

/// What a group of actors (a network) posted of one family.
struct FamilySummary {
  uint32_t family = kNone;
  PostId representative = kNone;  ///< earliest post of the group's most repeated variant
  uint64_t copies = 0;            ///< the group's posts in the family
  uint64_t variants = 0;          ///< distinct normalised texts among them
  uint64_t actors = 0;            ///< distinct actors of the group who posted them
  std::vector<PlatformId> platforms;  ///< sorted by id
  std::vector<StrId> languages;       ///< the posts' declared languages, sorted by name
  uint64_t total_copies = 0;      ///< posts in the family in the whole input
  uint64_t total_actors = 0;      ///< actors who posted in it in the whole input
  Time first = kNoTime, last = kNoTime;
};

/// The families a sorted list of actors posted at least twice, most copies
/// first (ties: lower family id), at most `limit`. Cost O(posts of the actors).
std::vector<FamilySummary> SummarizeFamilies(const Store& store, const TextFamilies& families,
                                             std::span<const ActorId> actors, size_t limit);

}  // namespace unmask
