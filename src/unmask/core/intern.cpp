#include "unmask/core/intern.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "unmask/core/hash.hpp"

namespace unmask {

namespace {
// The empty string (id 0): a zero length, then no bytes.
constexpr char kEmpty[sizeof(uint32_t) + 1] = {};
}  // namespace

StringPool::StringPool() {
  table_.assign(1024, Slot{0, 0});
  data_.push_back(kEmpty + sizeof(uint32_t));
}

StrId StringPool::Prefetch(uint64_t hash, int stage) const {
  const size_t mask = table_.size() - 1;
  if (stage == 0) {
    __builtin_prefetch(&table_[hash & mask]);
    return kNone;
  }
  // Only the first slot is looked at: most strings sit where they hash.
  // Atomic: another thread may be interning (see FindShared).
  const Slot slot = std::atomic_ref<Slot>(const_cast<Slot&>(table_[hash & mask])).load(std::memory_order_acquire);
  if (slot.entry == 0 || slot.tag != static_cast<uint32_t>(hash >> 32)) return kNone;
  if (stage == 1) {
    __builtin_prefetch(data_.data() + slot.entry - 1);
  } else {
    __builtin_prefetch(data_.data()[slot.entry - 1] - sizeof(uint32_t));
  }
  return slot.entry - 1;
}

size_t StringPool::Probe(std::string_view text, uint64_t hash) const {
  const size_t mask = table_.size() - 1;
  const uint32_t tag = static_cast<uint32_t>(hash >> 32);
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot slot = table_[i];
    if (slot.entry == 0) return i;
    if (slot.tag == tag && View(slot.entry - 1) == text) return i;
  }
}

StrId StringPool::Find(std::string_view text) const {
  if (text.empty()) return 0;
  const uint32_t entry = table_[Probe(text, HashBytes(text))].entry;
  return entry == 0 ? kNone : entry - 1;
}

StrId StringPool::FindShared(std::string_view text, uint64_t hash) const {
  if (text.empty()) return 0;
  const size_t mask = table_.size() - 1;
  const uint32_t tag = static_cast<uint32_t>(hash >> 32);
  const Slot* table = table_.data();
  const char* const* data = data_.data();  // not data_[]: the other thread may be appending (size changes)
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    // Acquire: the entry and the bytes were written before the slot.
    const Slot slot = std::atomic_ref<Slot>(const_cast<Slot&>(table[i])).load(std::memory_order_acquire);
    if (slot.entry == 0) return kNone;
    if (slot.tag != tag) continue;
    const char* bytes = data[slot.entry - 1];
    uint32_t length;
    std::memcpy(&length, bytes - sizeof length, sizeof length);
    if (std::string_view(bytes, length) == text) return slot.entry - 1;
  }
}

size_t StringPool::Room() const {
  const size_t before_growth = table_.size() * 3 / 4 - data_.size();
  return std::min(before_growth, data_.capacity() - data_.size());
}

void StringPool::MakeRoom(size_t n) { MakeRoom(n, 0); }

void StringPool::MakeRoom(size_t n, size_t total) {
  if ((data_.size() + n) * 4 > table_.size() * 3) {
    size_t slots = table_.size() * 2;
    while ((std::max(data_.size() + n, total)) * 4 > slots * 3) slots *= 2;
    Grow(slots);
  }
  if (data_.size() + n > data_.capacity()) {
    data_.reserve(std::max({data_.capacity() * 2, data_.size() + n, total}));
  }
}

StrId StringPool::Intern(std::string_view text) { return Intern(text, HashBytes(text)); }

StrId StringPool::Intern(std::string_view text, uint64_t hash) {
  if (text.empty()) return 0;
  size_t slot = Probe(text, hash);
  if (table_[slot].entry != 0) return table_[slot].entry - 1;
  if ((data_.size() + 1) * 4 > table_.size() * 3) {
    Grow(table_.size() * 2);
    slot = Probe(text, hash);
  }
  const StrId id = static_cast<StrId>(data_.size());
  data_.push_back(Store(text));
  // Release: a FindShared that sees the slot sees the entry and the bytes.
  std::atomic_ref<Slot>(table_[slot]).store(Slot{id + 1, static_cast<uint32_t>(hash >> 32)},
                                            std::memory_order_release);
  return id;
}

const char* StringPool::Store(std::string_view text) {
  const uint32_t length = static_cast<uint32_t>(text.size());
  char prefix[sizeof length];
  std::memcpy(prefix, &length, sizeof length);
  const size_t need = sizeof length + text.size();
  if (need > kChunkBytes / 4) {  // a huge string gets its own chunk
    // Kept before the current chunk so that back() stays the one being filled;
    // moving a vector keeps its buffer, so earlier views stay valid.
    auto at = chunks_.empty() ? chunks_.end() : chunks_.end() - 1;
    auto big = chunks_.emplace(at);
    big->reserve(need);
    big->insert(big->end(), prefix, prefix + sizeof length);
    big->insert(big->end(), text.begin(), text.end());
    bytes_ += need;
    return big->data() + sizeof length;
  }
  if (chunk_used_ + need > kChunkBytes) {
    chunks_.emplace_back();
    chunks_.back().reserve(kChunkBytes);
    chunk_used_ = 0;
  }
  // The chunk was reserved up front, so its data() never moves.
  HugeVector<char>& chunk = chunks_.back();
  chunk.insert(chunk.end(), prefix, prefix + sizeof length);
  chunk.insert(chunk.end(), text.begin(), text.end());
  const char* stored = chunk.data() + chunk_used_ + sizeof length;
  chunk_used_ += need;
  bytes_ += need;
  return stored;
}

void StringPool::Grow(size_t slots) {
  HugeVector<Slot> table(slots, Slot{0, 0});
  const size_t mask = table.size() - 1;
  for (StrId id = 1; id < data_.size(); ++id) {
    const uint64_t hash = HashBytes(View(id));
    size_t i = hash & mask;
    while (table[i].entry != 0) i = (i + 1) & mask;
    table[i] = Slot{id + 1, static_cast<uint32_t>(hash >> 32)};
  }
  table_.swap(table);
}

size_t StringPool::MemoryBytes() const {
  return bytes_ + data_.capacity() * sizeof(const char*) + table_.capacity() * sizeof(Slot);
}

}  // namespace unmask
