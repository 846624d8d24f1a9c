#include "unmask/text/minhash.hpp"

#include <algorithm>
#include <cmath>

#include "unmask/core/hash.hpp"

namespace unmask {

void Shingles(const TextTokens& tokens, const ShingleConfig& config, std::vector<uint32_t>& out) {
  out.clear();
  const std::vector<uint32_t>& c = tokens.chars;
  if (c.empty()) return;
  const bool unspaced = IsUnspacedText(tokens);
  const size_t n = static_cast<size_t>(std::max(1, unspaced ? config.unspaced_n : config.spaced_n));
  const size_t count = c.size() >= n ? c.size() - n + 1 : 1;
  const size_t width = std::min(n, c.size());
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    uint64_t h = unspaced ? 0x9e3779b97f4a7c15ULL : 0x5bd1e9955bd1e995ULL;
    for (size_t k = 0; k < width; ++k) h = (h ^ c[i + k]) * 0x100000001b3ULL;
    out.push_back(static_cast<uint32_t>(MixHash(h) >> 32));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

double Jaccard(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  if (a.empty() && b.empty()) return 0;
  size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

MinHasher::MinHasher(int size, uint64_t seed) : size_(std::max(1, size)), seed_(MixHash(seed)) {}

void MinHasher::Sign(std::span<const uint32_t> shingles, uint32_t* signature) const {
  constexpr uint32_t kEmpty = 0xffffffffu;
  const auto k = static_cast<uint64_t>(size_);
  std::fill(signature, signature + k, kEmpty);
  if (shingles.empty()) return;
  for (uint32_t x : shingles) {
    const uint64_t h = MixHash(x ^ seed_);
    const uint64_t bin = ((h >> 32) * k) >> 32;
    signature[bin] = std::min(signature[bin], std::min(static_cast<uint32_t>(h), kEmpty - 1));
  }
  // Optimal densification: the probe sequence of an empty bin depends only
  // on the bin and the attempt, so two sets probe alike. Values are borrowed
  // from originally filled bins only: borrowed values are written after all
  // probes.
  std::vector<uint32_t> borrowed;
  borrowed.reserve(k);
  for (uint64_t i = 0; i < k; ++i) {
    if (signature[i] != kEmpty) continue;
    uint32_t value = kEmpty;
    for (uint64_t attempt = 0; value == kEmpty; ++attempt) {
      const uint64_t j = ((MixHash(seed_ ^ (i << 32) ^ attempt) >> 32) * k) >> 32;
      value = signature[j];
    }
    borrowed.push_back(static_cast<uint32_t>(i));
    borrowed.push_back(value);
  }
  for (size_t b = 0; b < borrowed.size(); b += 2) signature[borrowed[b]] = borrowed[b + 1];
}

double EstimateJaccard(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  if (a.empty() || a.size() != b.size()) return 0;
  size_t equal = 0;
  for (size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i];
  return static_cast<double>(equal) / static_cast<double>(a.size());
}

uint32_t BandKey(const uint32_t* signature, int band, int rows) {
  uint64_t h = 0x2545f4914f6cdd1dULL + static_cast<uint64_t>(band);
  for (int r = 0; r < rows; ++r) h = MixHash(h ^ signature[band * rows + r]);
  return static_cast<uint32_t>(h >> 32);
}

double CandidateProbability(double similarity, int bands, int rows) {
  return 1.0 - std::pow(1.0 - std::pow(similarity, rows), bands);
}

}  // namespace unmask
