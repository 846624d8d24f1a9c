#include "unmask/text/minhash.hpp"

#include <algorithm>
#include <cmath>

#include "unmask/core/hash.hpp"

namespace unmask {

void Shingles(const TextTokens& tokens, const ShingleConfig& config, std::vector<uint32_t>& out) {
  out.clear();
  const std::vector<uint64_t>& t = tokens.hashes;
  if (t.empty()) return;
  const bool by_char = static_cast<size_t>(tokens.unspaced) * 2 >= t.size();
  const size_t n = static_cast<size_t>(std::max(1, by_char ? config.char_n : config.word_n));
  const size_t count = t.size() >= n ? t.size() - n + 1 : 1;
  const size_t width = std::min(n, t.size());
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    uint64_t h = by_char ? 0x9e3779b97f4a7c15ULL : 0x5bd1e9955bd1e995ULL;
    for (size_t k = 0; k < width; ++k) h = MixHash(h ^ t[i + k]) + k;
    out.push_back(static_cast<uint32_t>(h >> 32));
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

MinHasher::MinHasher(int size, uint64_t seed) {
  uint64_t state = seed;
  for (int i = 0; i < size; ++i) {
    state += 0x9e3779b97f4a7c15ULL;
    a_.push_back(MixHash(state) | 1);
    state += 0x9e3779b97f4a7c15ULL;
    b_.push_back(MixHash(state));
  }
}

void MinHasher::Sign(std::span<const uint32_t> shingles, uint32_t* signature) const {
  const size_t k = a_.size();
  std::fill(signature, signature + k, 0xffffffffu);
  const uint64_t* a = a_.data();
  const uint64_t* b = b_.data();
  for (uint32_t x : shingles) {
    for (size_t i = 0; i < k; ++i) {
      const auto h = static_cast<uint32_t>((a[i] * x + b[i]) >> 32);
      signature[i] = std::min(signature[i], h);
    }
  }
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
