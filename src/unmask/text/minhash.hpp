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

struct ShingleConfig {
  int word_n = 2;  ///< shingle length in words, for texts in scripts written with spaces
  int char_n = 2;  ///< shingle length in characters, for texts mostly in unspaced scripts (CJK, Thai ...)
};

/// Shingles of a token sequence as sorted, distinct 32-bit hashes (written to
/// `out`). A text whose tokens are at least half unspaced characters is
/// shingled by char_n characters, any other by word_n words; a text shorter
/// than n tokens is one shingle. Cost O(tokens log tokens).
void Shingles(const TextTokens& tokens, const ShingleConfig& config, std::vector<uint32_t>& out);

/// Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two sorted, distinct sets;
/// 0 when both are empty. Cost O(|A| + |B|).
double Jaccard(std::span<const uint32_t> a, std::span<const uint32_t> b);

/// MinHash with `size` independent hash functions h_i(x) = (a_i·x + b_i) >> 32
/// over 64-bit arithmetic (a_i odd; multiply-add-shift, a strongly universal
/// family for 32-bit keys). The share of equal positions of two signatures
/// estimates the Jaccard similarity of the two sets, with standard error
/// sqrt(J(1-J)/size). Cost O(|set|·size) per signature.
class MinHasher {
 public:
  MinHasher(int size, uint64_t seed);
  int size() const { return static_cast<int>(a_.size()); }
  /// Writes size() values to `signature`. An empty set gives all 0xffffffff.
  void Sign(std::span<const uint32_t> shingles, uint32_t* signature) const;

 private:
  std::vector<uint64_t> a_, b_;
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
