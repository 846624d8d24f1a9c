#include "unmask/signals/pair_filter.hpp"

#include <algorithm>
#include <atomic>

#include "unmask/core/hash.hpp"

namespace unmask {

PairFilter::PairFilter(uint64_t expected_keys, uint64_t max_bytes, unsigned bits_per_key) {
  const uint64_t wanted = expected_keys * bits_per_key / 64 + 1;
  const uint64_t cap = std::max<uint64_t>(max_bytes / sizeof(uint64_t), 1);
  words_.assign(std::clamp<uint64_t>(wanted, 8, std::max<uint64_t>(cap, 8)), 0);
}

uint64_t PairFilter::LowBits(uint64_t hash) {
  uint64_t bits = 0;
  for (int s = 0; s < kSlots; ++s) bits |= uint64_t{1} << (2 * ((hash >> (5 * s)) & 31));
  return bits;
}

bool PairFilter::Add(uint64_t key) {
  const uint64_t hash = MixHash(key);
  const uint64_t once = LowBits(hash);
  std::atomic_ref<uint64_t> word(words_[Word(hash)]);
  const uint64_t seen = word.load(std::memory_order_relaxed);
  if ((seen & once) == once) {
    // Every counter was already added to: this add makes each at least two.
    if (((seen >> 1) & once) != once) word.fetch_or(once << 1, std::memory_order_relaxed);
    return true;
  }
  const uint64_t before = word.fetch_or(once, std::memory_order_relaxed);
  const uint64_t again = before & once;
  if (again != 0) word.fetch_or(again << 1, std::memory_order_relaxed);
  return again == once;
}

void PairFilter::Add(std::span<const uint64_t> keys, std::vector<uint64_t>& seen) {
  for (uint64_t key : keys) __builtin_prefetch(&words_[Word(MixHash(key))], 1);
  for (uint64_t key : keys) {
    if (Add(key)) seen.push_back(key);
  }
}

bool PairFilter::MayRecur(uint64_t key) const {
  const uint64_t hash = MixHash(key);
  const uint64_t once = LowBits(hash);
  return ((words_[Word(hash)] >> 1) & once) == once;
}

KeyBloom::KeyBloom(std::span<const uint64_t> keys) : words_(std::max<size_t>(keys.size() / 4, 8), 0) {
  for (uint64_t key : keys) {
    const uint64_t hash = MixHash(key);
    words_[Word(hash)] |= Bits(hash);
  }
}

}  // namespace unmask
