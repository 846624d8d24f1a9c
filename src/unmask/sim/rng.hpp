#pragma once
// A small portable random number generator (xoshiro256**, seeded through
// splitmix64) with its own distributions, so that a seed gives the same world
// on every compiler and standard library.
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

namespace unmask::sim {

inline uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// Bijective 64-bit mix (splitmix64's finaliser).
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

/// Hash of a few integers, for stateless per-item choices.
inline uint64_t Hash3(uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  return Mix64(Mix64(Mix64(a + 0x51ed270b27a3c1b5ULL) ^ (b + 0x2545f4914f6cdd1dULL)) ^ c);
}

__extension__ typedef unsigned __int128 Uint128;

class Rng {
 public:
  explicit Rng(uint64_t seed = 1) { Seed(seed); }
  Rng(uint64_t seed, std::string_view stream) {
    uint64_t h = 1469598103934665603ULL;
    for (char c : stream) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    Seed(seed ^ Mix64(h));
  }

  void Seed(uint64_t seed) {
    uint64_t st = seed;
    for (auto& word : s_) word = SplitMix64(st);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  /// Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  /// Uniform integer in [0, n); n > 0.
  uint64_t Below(uint64_t n) {
    // Lemire's multiply-shift; the tiny bias is irrelevant here and portable.
    return static_cast<uint64_t>((static_cast<Uint128>(Next()) * n) >> 64);
  }
  /// Uniform integer in [lo, hi].
  int64_t Range(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1))); }
  bool Chance(double p) { return Uniform() < p; }

  double Normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1 = Uniform();
    while (u1 <= 1e-300) u1 = Uniform();
    const double u2 = Uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    spare_ = r * std::sin(6.283185307179586 * u2);
    has_spare_ = true;
    return r * std::cos(6.283185307179586 * u2);
  }
  double Normal(double mean, double sd) { return mean + sd * Normal(); }
  double LogNormal(double mu, double sigma) { return std::exp(Normal(mu, sigma)); }
  double Exponential(double mean) {
    double u = Uniform();
    while (u <= 1e-300) u = Uniform();
    return -std::log(u) * mean;
  }
  /// Pareto with scale xm and shape alpha (heavy tail for small alpha).
  double Pareto(double xm, double alpha) {
    double u = Uniform();
    while (u <= 1e-300) u = Uniform();
    return xm / std::pow(u, 1.0 / alpha);
  }
  uint64_t Poisson(double lambda) {
    if (lambda <= 0) return 0;
    if (lambda < 30) {
      const double limit = std::exp(-lambda);
      double p = Uniform();
      uint64_t k = 0;
      while (p > limit) {
        p *= Uniform();
        ++k;
      }
      return k;
    }
    const double x = std::floor(Normal(lambda, std::sqrt(lambda)) + 0.5);
    return x < 0 ? 0 : static_cast<uint64_t>(x);
  }
  /// Zipf-like rank in [0, n): P(k) ~ 1/(k+1)^s, by inverse transform of the
  /// continuous approximation (fast, no tables).
  uint64_t Zipf(uint64_t n, double s) {
    if (n <= 1) return 0;
    const double u = Uniform();
    double x;
    if (std::fabs(s - 1.0) < 1e-9) {
      x = std::exp(u * std::log(static_cast<double>(n) + 1.0)) - 1.0;
    } else {
      const double a = 1.0 - s;
      const double top = std::pow(static_cast<double>(n) + 1.0, a) - 1.0;
      x = std::pow(1.0 + u * top, 1.0 / a) - 1.0;
    }
    uint64_t k = static_cast<uint64_t>(x);
    return k >= n ? n - 1 : k;
  }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }
  template <typename T, size_t N>
  const T& Pick(const T (&arr)[N]) {
    return arr[Below(N)];
  }
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) {
      const size_t j = Below(i);
      std::swap(v[i - 1], v[j]);
    }
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
  double spare_ = 0;
  bool has_spare_ = false;
};

/// Walker's alias table for O(1) weighted sampling.
class AliasTable {
 public:
  AliasTable() = default;
  explicit AliasTable(const std::vector<double>& weights) { Build(weights); }
  void Build(const std::vector<double>& weights) {
    const size_t n = weights.size();
    prob_.assign(n, 0.0);
    alias_.assign(n, 0);
    if (n == 0) return;
    double total = 0;
    for (double w : weights) total += w;
    std::vector<double> scaled(n);
    std::vector<uint32_t> small, large;
    for (size_t i = 0; i < n; ++i) {
      scaled[i] = total > 0 ? weights[i] * static_cast<double>(n) / total : 1.0;
      (scaled[i] < 1.0 ? small : large).push_back(static_cast<uint32_t>(i));
    }
    while (!small.empty() && !large.empty()) {
      const uint32_t s = small.back();
      small.pop_back();
      const uint32_t l = large.back();
      prob_[s] = scaled[s];
      alias_[s] = l;
      scaled[l] = (scaled[l] + scaled[s]) - 1.0;
      if (scaled[l] < 1.0) {
        large.pop_back();
        small.push_back(l);
      }
    }
    for (uint32_t i : large) prob_[i] = 1.0;
    for (uint32_t i : small) prob_[i] = 1.0;
  }
  size_t size() const { return prob_.size(); }
  bool empty() const { return prob_.empty(); }
  uint32_t Sample(Rng& rng) const {
    const uint32_t i = static_cast<uint32_t>(rng.Below(prob_.size()));
    return rng.Uniform() < prob_[i] ? i : alias_[i];
  }

 private:
  std::vector<double> prob_;
  std::vector<uint32_t> alias_;
};

}  // namespace unmask::sim
