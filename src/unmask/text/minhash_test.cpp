// Property tests of MinHash: its estimate is close to the exact Jaccard
// similarity, within the binomial error the method promises.
#include "unmask/text/minhash.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace unmask {
namespace {

// Two random sets of the given sizes sharing `common` elements.
void RandomPair(std::mt19937_64& rng, size_t size_a, size_t size_b, size_t common, std::vector<uint32_t>& a,
                std::vector<uint32_t>& b) {
  a.clear();
  b.clear();
  std::vector<uint32_t> pool;
  const size_t need = size_a + size_b - common;
  while (pool.size() < need) {
    while (pool.size() < need) pool.push_back(static_cast<uint32_t>(rng()));
    std::sort(pool.begin(), pool.end());
    pool.erase(std::unique(pool.begin(), pool.end()), pool.end());
  }
  std::shuffle(pool.begin(), pool.end(), rng);
  a.assign(pool.begin(), pool.begin() + static_cast<long>(size_a));
  b.assign(pool.begin(), pool.begin() + static_cast<long>(common));
  b.insert(b.end(), pool.begin() + static_cast<long>(size_a), pool.end());
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
}

TEST(Jaccard, ExactOnSmallSets) {
  const std::vector<uint32_t> a = {1, 2, 3, 4}, b = {3, 4, 5, 6}, empty;
  EXPECT_DOUBLE_EQ(Jaccard(a, b), 2.0 / 6.0);
  EXPECT_DOUBLE_EQ(Jaccard(a, a), 1.0);
  EXPECT_DOUBLE_EQ(Jaccard(a, empty), 0.0);
  EXPECT_DOUBLE_EQ(Jaccard(empty, empty), 0.0);
}

// Stated tolerance: with K hash functions the estimate is a binomial share,
// standard error sqrt(J(1-J)/K). Over 3,000 random pairs (set sizes 8..300,
// all similarities) at least 99 % of estimates fall within 3 standard errors
// (+1/K for rounding), the mean error is under 0.005 (no bias) and the mean
// absolute error under 0.05 for K = 64, under 0.025 for K = 256.
TEST(MinHash, EstimateIsWithinBinomialErrorOfExactJaccard) {
  for (int k : {64, 256}) {
    const MinHasher hasher(k, 12345);
    std::mt19937_64 rng(7 + static_cast<uint64_t>(k));
    std::vector<uint32_t> a, b, sa(static_cast<size_t>(k)), sb(static_cast<size_t>(k));
    int inside = 0;
    double bias = 0, abs_error = 0;
    const int trials = 3000;
    for (int t = 0; t < trials; ++t) {
      const size_t size_a = 8 + rng() % 293, size_b = 8 + rng() % 293;
      const size_t common = rng() % (std::min(size_a, size_b) + 1);
      RandomPair(rng, size_a, size_b, common, a, b);
      hasher.Sign(a, sa.data());
      hasher.Sign(b, sb.data());
      const double exact = Jaccard(a, b);
      const double estimate = EstimateJaccard(sa, sb);
      const double se = std::sqrt(exact * (1 - exact) / k);
      inside += std::abs(estimate - exact) <= 3 * se + 1.0 / k;
      bias += estimate - exact;
      abs_error += std::abs(estimate - exact);
    }
    EXPECT_GE(inside, trials * 99 / 100) << "K=" << k;
    EXPECT_LT(std::abs(bias / trials), 0.005) << "K=" << k;
    EXPECT_LT(abs_error / trials, k == 64 ? 0.05 : 0.025) << "K=" << k;
  }
}

TEST(MinHash, IdenticalSetsAgreeEverywhereAndDisjointAlmostNowhere) {
  const MinHasher hasher(64, 1);
  std::mt19937_64 rng(3);
  std::vector<uint32_t> a, b, sa(64), sb(64);
  RandomPair(rng, 50, 50, 50, a, b);
  hasher.Sign(a, sa.data());
  hasher.Sign(b, sb.data());
  EXPECT_EQ(EstimateJaccard(sa, sb), 1.0);
  RandomPair(rng, 50, 50, 0, a, b);
  hasher.Sign(a, sa.data());
  hasher.Sign(b, sb.data());
  EXPECT_LE(EstimateJaccard(sa, sb), 0.05);
}

TEST(Lsh, CandidateProbabilityIsTheBandingCurve) {
  EXPECT_NEAR(CandidateProbability(0.8, 16, 4), 1.0, 1e-3);
  EXPECT_LT(CandidateProbability(0.2, 16, 4), 0.03);
  // Empirically: pairs at similarity ~0.5 share a band as often as the curve says.
  const int bands = 16, rows = 4;
  const MinHasher hasher(bands * rows, 99);
  std::mt19937_64 rng(11);
  std::vector<uint32_t> a, b, sa(64), sb(64);
  int hits = 0;
  const int trials = 2000;
  for (int t = 0; t < trials; ++t) {
    RandomPair(rng, 60, 60, 40, a, b);  // J = 40/80 = 0.5
    hasher.Sign(a, sa.data());
    hasher.Sign(b, sb.data());
    bool shared = false;
    for (int band = 0; band < bands; ++band) shared |= BandKey(sa.data(), band, rows) == BandKey(sb.data(), band, rows);
    hits += shared;
  }
  EXPECT_NEAR(static_cast<double>(hits) / trials, CandidateProbability(0.5, bands, rows), 0.04);
}

TEST(Shingles, CharacterFourGramsForSpacedTextsBigramsForCjk) {
  TextTokens tokens;
  tokens.chars = {'a', 'b', 'c', 'd', 'e', 'f'};
  tokens.letters = 6;
  std::vector<uint32_t> out;
  Shingles(tokens, {}, out);
  EXPECT_EQ(out.size(), 3u);  // abcd bcde cdef
  tokens.chars = {'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'};  // repetition adds no information
  Shingles(tokens, {}, out);
  EXPECT_EQ(out.size(), 2u);
  tokens.chars = {'a', 'b'};
  Shingles(tokens, {}, out);
  EXPECT_EQ(out.size(), 1u);
  // Mostly unspaced: bigrams.
  tokens.chars = {0x65b0, 0x7586, 0x5f88, 0x7f8e};
  tokens.letters = 4;
  tokens.unspaced = 4;
  Shingles(tokens, {}, out);
  EXPECT_EQ(out.size(), 3u);
  ShingleConfig trigrams;
  trigrams.unspaced_n = 3;
  Shingles(tokens, trigrams, out);
  EXPECT_EQ(out.size(), 2u);
}

// A typo costs a word n-gram scheme every shingle that contains the word; a
// character scheme only the n-grams that cross the typo.
TEST(Shingles, ATypoKeepsMostOfTheShingles) {
  auto normalizer = TextNormalizer::Create(false);
  ASSERT_TRUE(normalizer.ok());
  TextTokens tokens;
  std::vector<uint32_t> a, b;
  normalizer->Tokenize("Xinjiang cotton is among the best in the world and boycotting it only hurts farmers", tokens);
  Shingles(tokens, {}, a);
  normalizer->Tokenize("Xinjiang cotton is aong the best in the world and boycotting it only hurts farmers", tokens);
  Shingles(tokens, {}, b);
  EXPECT_GT(Jaccard(a, b), 0.85);
}

}  // namespace
}  // namespace unmask
