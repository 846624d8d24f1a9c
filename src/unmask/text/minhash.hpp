#pragma once
// Shingles, MinHash signatures and LSH band keys: the pieces of near-duplicate
// detection (Broder 1997, "On the resemblance and containment of documents",
// doi:10.1109/SEQUEN.1997.666900; banding as in Leskovec, Rajaraman & Ullman,
// Mining of Massive Datasets, ch. 3).
#include <cstdint>
#include <span>
#include <vector>

#include "unmask/text/normalizer.hpp"

namespace unmask {

/// Shingles are character n-grams of the normalised text (spaces between
/// words included). n depends on how dense the script is: a CJK character
/// carries about as much as a short word, a Latin letter much less.
struct ShingleConfig {
  int spaced_n = 4;    ///< for texts mostly in scripts written with spaces
  int unspaced_n = 2;  ///< for texts at least half in unspaced scripts (CJK, Thai ...)
};

/// True when a text is shingled as unspaced (at least half its letters are).
inline bool IsUnspacedText(const TextTokens& tokens) { return tokens.unspaced * 2 >= tokens.letters && tokens.letters > 0; }

/// Shingles of a normalised text as sorted, distinct 32-bit hashes (written
/// to `out`); a text shorter than n characters is one shingle. Cost O(L log L).
void Shingles(const TextTokens& tokens, const ShingleConfig& config, std::vector<uint32_t>& out);

/// Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two sorted, distinct sets;
/// 0 when both are empty. Cost O(|A| + |B|).
double Jaccard(std::span<const uint32_t> a, std::span<const uint32_t> b);

/// MinHash by one-permutation hashing with optimal densification (Li, Owen &
/// Zhang 2012, "One permutation hashing", NeurIPS; Shrivastava 2017, "Optimal
/// densification for fast and accurate minwise hashing", ICML): every shingle
/// is hashed once, falls into one of `size` bins, each bin keeps its minimum;
/// an empty bin borrows the value of the first non-empty bin along a probe
/// sequence that is the same for every set. Two signatures agree in a position
/// with probability J (the Jaccard similarity), so the share of agreeing
/// positions estimates J; its standard error is about sqrt(J(1-J)/size) when
/// the sets have at least `size` elements and grows for smaller sets (fewer
/// distinct bins are filled). Cost O(|set| + size) per signature, instead of
/// O(|set|·size) for `size` independent permutations.
class MinHasher {
 public:
  MinHasher(int size, uint64_t seed);
  int size() const { return size_; }
  /// Writes size() values to `signature`. An empty set gives all 0xffffffff.
  void Sign(std::span<const uint32_t> shingles, uint32_t* signature) const;

 private:
  int size_;
  uint64_t seed_;
};

/// Share of positions where two signatures of equal length agree.
double EstimateJaccard(std::span<const uint32_t> a, std::span<const uint32_t> b);

/// The key of band `band` (rows consecutive signature values) of a signature.
/// Two sets of similarity s share a band with probability s^rows, so with
/// `bands` bands they become candidates with probability 1 - (1 - s^rows)^bands.
uint32_t BandKey(const uint32_t* signature, int band, int rows);

/// 1 - (1 - s^rows)^bands: the chance that a pair of similarity s becomes a candidate.
double CandidateProbability(double similarity, int bands, int rows);

}  // namespace unmask
