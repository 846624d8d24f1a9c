#pragma once
// Interning: every string the engine compares is stored once and named by a
// dense StrId, so later stages sort and join integers, never strings.
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "unmask/core/hash.hpp"
#include "unmask/core/huge_pages.hpp"
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
  /// Intern with the hash of `text` (HashBytes) computed by the caller, for
  /// ingest, whose parse threads hash the strings of the adding thread.
  StrId Intern(std::string_view text, uint64_t hash);
  /// The id of `text` if it was interned, else kNone.
  StrId Find(std::string_view text) const;

  // ---- lookups on other threads while one thread interns ----
  // The thread that interns writes each table slot atomically after the
  // string's bytes and entry, so a lookup on another thread sees a string
  // whole or not at all. Growing moves the table and the entries: the caller
  // must keep lookups and growth apart (Store does, with a GrowGate) and,
  // while lookups may run, call MakeRoom before interning.

  /// As Find, with the hash given; kNone when `text` is new or was interned
  /// by the other thread too late to be seen. Never a wrong id.
  StrId FindShared(std::string_view text, uint64_t hash) const;
  /// Strings that can be interned before the table grows or the entries move.
  size_t Room() const;
  /// Grows now, if needed, so that `n` more strings can be interned without
  /// moving anything.
  void MakeRoom(size_t n);
  /// For a caller that expects about `total` strings in all (ingest, from
  /// the share of its input read): when the table must grow anyway, it grows
  /// to hold them at once, one rehash instead of one per doubling.
  void MakeRoom(size_t n, size_t total);
  std::string_view View(StrId id) const {
    const char* bytes = data_[id];
    uint32_t length;
    std::memcpy(&length, bytes - sizeof length, sizeof length);  // stored just before the bytes
    return {bytes, length};
  }
  size_t size() const { return data_.size(); }
  size_t MemoryBytes() const;

  /// Hints that `text` is about to be interned or found, for callers that
  /// know their next strings (ingest adds a batch of records): stage 0 brings
  /// its table slot into the cache, stage 1 (a little later, the slot being
  /// cached) the id's entry, stage 2 (later still) the stored bytes the
  /// comparison reads. Changes nothing; costs a hash and a probe of cached
  /// memory. Stages 1 and 2 return the id `text` probably has (its slot's
  /// id, bytes not compared), kNone when it is probably new.
  StrId Prefetch(std::string_view text, int stage) const { return text.empty() ? 0 : Prefetch(HashBytes(text), stage); }
  /// As Prefetch, for a non-empty string of this hash (HashBytes).
  StrId Prefetch(uint64_t hash, int stage) const;

 private:
  const char* Store(std::string_view text);
  void Grow(size_t slots);
  size_t Probe(std::string_view text, uint64_t hash) const;

  static constexpr size_t kChunkBytes = size_t{1} << 22;
  std::vector<HugeVector<char>> chunks_;
  size_t chunk_used_ = kChunkBytes;
  // Where each string's bytes start; its length (4 bytes) comes just before,
  // so that a comparison touches one place, not two arrays.
  HugeVector<const char*> data_;
  // Open addressing, linear probing. The id and the upper hash bits of a slot
  // sit side by side so that a probe touches one cache line, and the tag
  // skips nearly every string compare that would fail. Aligned so that a
  // slot is read and written as one atomic word (FindShared).
  struct alignas(8) Slot {
    uint32_t entry;  // StrId + 1 (0 = empty)
    uint32_t tag;    // upper hash bits
  };
  HugeVector<Slot> table_;
  size_t bytes_ = 0;
};

}  // namespace unmask
