#pragma once
// An open-addressing hash map from 64-bit keys to 32-bit values: the lookup
// tables behind interning (10 million posts need a map that costs 16 bytes a
// slot, not the ~64 of std::unordered_map).
#include <atomic>
#include <cstdint>
#include <vector>

#include "unmask/core/hash.hpp"
#include "unmask/core/huge_pages.hpp"

namespace unmask {

class FlatMap64 {
 public:
  static constexpr uint32_t kMissing = 0xffffffffu;

  explicit FlatMap64(size_t expected = 16) { Rehash(CapacityFor(expected)); }

  /// The value for `key`, or kMissing.
  uint32_t Find(uint64_t key) const {
    for (size_t i = Slot(key);; i = (i + 1) & mask_) {
      if (values_[i] == kMissing) return kMissing;
      if (keys_[i] == key) return values_[i];
    }
  }

  /// Inserts `key -> value` unless present; returns the value stored for key.
  uint32_t Insert(uint64_t key, uint32_t value) {
    if ((size_ + 1) * 4 > keys_.size() * 3) Rehash(keys_.size() * 2);
    for (size_t i = Slot(key);; i = (i + 1) & mask_) {
      if (values_[i] == kMissing) {
        keys_[i] = key;
        // Release: a FindShared that sees the value sees the key.
        std::atomic_ref<uint32_t>(values_[i]).store(value, std::memory_order_release);
        ++size_;
        return value;
      }
      if (keys_[i] == key) return values_[i];
    }
  }

  /// As Find, on another thread while one thread inserts (nothing may grow
  /// meanwhile: see StringPool's shared lookups and GrowGate). kMissing when
  /// the key is absent or was inserted too late to be seen; never a wrong value.
  uint32_t FindShared(uint64_t key) const {
    const uint64_t* keys = keys_.data();
    const uint32_t* values = values_.data();
    for (size_t i = Slot(key);; i = (i + 1) & mask_) {
      const uint32_t value =
          std::atomic_ref<uint32_t>(const_cast<uint32_t&>(values[i])).load(std::memory_order_acquire);
      if (value == kMissing) return kMissing;
      if (keys[i] == key) return value;
    }
  }

  /// Keys that can be inserted before the map grows (and moves).
  size_t Room() const { return keys_.size() * 3 / 4 - size_; }
  /// Grows now, if needed, so that `n` more keys fit without moving.
  void MakeRoom(size_t n) {
    while ((size_ + n) * 4 > keys_.size() * 3) Rehash(keys_.size() * 2);
  }

  /// Brings the slot where `key` would sit into the cache (a hint, for
  /// callers that know their next keys).
  void Prefetch(uint64_t key) const {
    const size_t i = Slot(key);
    __builtin_prefetch(&keys_[i]);
    __builtin_prefetch(&values_[i]);
  }

  size_t size() const { return size_; }
  size_t MemoryBytes() const { return keys_.capacity() * 8 + values_.capacity() * 4; }

 private:
  static size_t CapacityFor(size_t n) {
    size_t cap = 16;
    while (cap * 3 < n * 4) cap *= 2;
    return cap;
  }
  size_t Slot(uint64_t key) const { return MixHash(key) & mask_; }
  void Rehash(size_t capacity) {
    HugeVector<uint64_t> old_keys(capacity);
    HugeVector<uint32_t> old_values(capacity, kMissing);
    old_keys.swap(keys_);
    old_values.swap(values_);
    mask_ = capacity - 1;
    size_ = 0;
    for (size_t i = 0; i < old_keys.size(); ++i) {
      if (old_values[i] != kMissing) Insert(old_keys[i], old_values[i]);
    }
  }

  HugeVector<uint64_t> keys_;
  HugeVector<uint32_t> values_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace unmask
