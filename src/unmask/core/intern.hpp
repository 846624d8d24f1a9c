#pragma once
// Interning: every string the engine compares is stored once and named by a
// dense StrId, so later stages sort and join integers, never strings.
#include <cstdint>
#include <string_view>
#include <vector>

#include "unmask/core/types.hpp"

namespace unmask {

/// An append-only pool of distinct strings. Id 0 is the empty string.
/// Intern is O(length) expected; the bytes live in large chunks so that a
/// string_view returned by View stays valid for the pool's lifetime.
class StringPool {
 public:
  StringPool();
  StringPool(const StringPool&) = delete;
  StringPool& operator=(const StringPool&) = delete;
  StringPool(StringPool&&) = default;
  StringPool& operator=(StringPool&&) = default;

  StrId Intern(std::string_view text);
  /// The id of `text` if it was interned, else kNone.
  StrId Find(std::string_view text) const;
  std::string_view View(StrId id) const { return {data_[id], lengths_[id]}; }
  size_t size() const { return lengths_.size(); }
  size_t MemoryBytes() const;

 private:
  const char* Store(std::string_view text);
  void Grow();
  size_t Probe(std::string_view text, uint64_t hash) const;

  static constexpr size_t kChunkBytes = size_t{1} << 22;
  std::vector<std::vector<char>> chunks_;
  size_t chunk_used_ = kChunkBytes;
  std::vector<const char*> data_;
  std::vector<uint32_t> lengths_;
  // Open addressing, linear probing. The id and the upper hash bits of a slot
  // sit side by side so that a probe touches one cache line, and the tag
  // skips nearly every string compare that would fail.
  struct Slot {
    uint32_t entry;  // StrId + 1 (0 = empty)
    uint32_t tag;    // upper hash bits
  };
  std::vector<Slot> table_;
  size_t bytes_ = 0;
};

}  // namespace unmask
