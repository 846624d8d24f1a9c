#pragma once
// What the end-to-end tests share: a tiny deterministic generator,
// independent of the simulator's, ISO 8601 times, and reading a file whole.
#include <cstdint>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>

#include "unmask/core/types.hpp"

namespace unmask::testing_world {

class Lcg {
 public:
  explicit Lcg(uint64_t state) : state_(state) {}
  uint64_t Next() { return state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL, state_ >> 33; }
  uint64_t Below(uint64_t n) { return Next() % n; }
  double Uniform() { return static_cast<double>(Next() % 1000000) / 1e6; }
  bool Chance(double p) { return Uniform() < p; }

 private:
  uint64_t state_;
};

inline std::string Iso(Time t) {
  const time_t tt = static_cast<time_t>(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&tt));
  return buf;
}

// A file's bytes, empty when it cannot be read.
inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace unmask::testing_world
