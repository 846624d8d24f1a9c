#pragma once
// Fast non-cryptographic hashing (xxHash's XXH3) and a key-packing helper.
#include <cstdint>
#include <string_view>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace unmask {

inline uint64_t HashBytes(std::string_view bytes, uint64_t seed = 0) {
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
}

/// A strong 64-bit mix of an integer (splitmix64's finaliser).
inline uint64_t MixHash(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

inline uint64_t PackKey(uint32_t high, uint32_t low) { return (uint64_t{high} << 32) | low; }

}  // namespace unmask
