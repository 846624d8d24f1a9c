#include "unmask/signals/pair_filter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "unmask/core/hash.hpp"

namespace unmask {
namespace {

uint64_t KeyOf(uint64_t i) { return PackKey(static_cast<uint32_t>(i % 5003), static_cast<uint32_t>(i)); }

TEST(PairFilterTest, KeysAddedTwiceAlwaysRecurAndFewOthersDo) {
  constexpr uint64_t kKeys = 200'000;
  PairFilter filter(kKeys, uint64_t{1} << 30);
  for (uint64_t i = 0; i < kKeys; ++i) filter.Add(KeyOf(i));
  for (uint64_t i = 0; i < kKeys; i += 10) filter.Add(KeyOf(i));  // every tenth key twice
  uint64_t false_positives = 0;
  for (uint64_t i = 0; i < kKeys; ++i) {
    if (i % 10 == 0) {
      ASSERT_TRUE(filter.MayRecur(KeyOf(i))) << i;
    } else {
      false_positives += filter.MayRecur(KeyOf(i));
    }
  }
  EXPECT_LT(false_positives, kKeys / 20);  // 16 bits a key: a few percent
  uint64_t never_added = 0;
  for (uint64_t i = kKeys; i < 2 * kKeys; ++i) never_added += filter.MayRecur(KeyOf(i));
  EXPECT_LT(never_added, kKeys / 50);
}

// A filter far too small is mostly "may recur" but still never misses a key
// added twice.
TEST(PairFilterTest, AnOverfullFilterHasNoFalseNegatives) {
  PairFilter filter(100'000, 64);
  EXPECT_EQ(filter.Bytes(), 64u);
  for (uint64_t i = 0; i < 1000; ++i) filter.Add(KeyOf(i));
  for (uint64_t i = 0; i < 1000; i += 3) filter.Add(KeyOf(i));
  for (uint64_t i = 0; i < 1000; i += 3) EXPECT_TRUE(filter.MayRecur(KeyOf(i))) << i;
}

// Two threads adding the same keys at the same time: every key reaches both
// adds (counters saturate exactly under any interleaving), one of the two
// adds of each key says it may have come before, and the answers equal those
// of one thread adding everything.
TEST(PairFilterTest, ConcurrentAddsGiveTheSequentialFilter) {
  constexpr uint64_t kKeys = 300'000;
  PairFilter shared(kKeys, uint64_t{1} << 30, 4);  // crowded, so that threads meet on words
  PairFilter alone(kKeys, uint64_t{1} << 30, 4);
  auto add_range = [](PairFilter& filter, uint64_t from, uint64_t to, bool batched, std::vector<uint64_t>& seen) {
    std::vector<uint64_t> batch;
    for (uint64_t i = from; i < to; ++i) {
      if (!batched) {
        if (filter.Add(KeyOf(i))) seen.push_back(KeyOf(i));
        continue;
      }
      batch.push_back(KeyOf(i));
      if (batch.size() == 64) {
        filter.Add(batch, seen);
        batch.clear();
      }
    }
    filter.Add(batch, seen);
  };
  // Keys below kKeys / 2 are added by both threads; the rest by one each.
  std::vector<uint64_t> seen_other, seen_here, seen_alone;
  std::thread other([&] { add_range(shared, 0, kKeys * 3 / 4, true, seen_other); });
  add_range(shared, 0, kKeys / 2, false, seen_here);
  add_range(shared, kKeys * 3 / 4, kKeys, false, seen_here);
  other.join();
  add_range(alone, 0, kKeys, false, seen_alone);
  add_range(alone, 0, kKeys / 2, true, seen_alone);
  std::vector<uint64_t> seen = seen_other;
  seen.insert(seen.end(), seen_here.begin(), seen_here.end());
  std::sort(seen.begin(), seen.end());
  uint64_t single_recurring = 0;
  for (uint64_t i = 0; i < kKeys + 10'000; ++i) {
    ASSERT_EQ(shared.MayRecur(KeyOf(i)), alone.MayRecur(KeyOf(i))) << i;
    if (i < kKeys / 2) {
      ASSERT_TRUE(shared.MayRecur(KeyOf(i))) << i;
      ASSERT_TRUE(std::binary_search(seen.begin(), seen.end(), KeyOf(i))) << i;
    }
    if (i >= kKeys / 2 && i < kKeys) single_recurring += shared.MayRecur(KeyOf(i));
  }
  EXPECT_LT(single_recurring, kKeys / 2);  // the filter still tells most single keys apart
  EXPECT_LT(seen.size(), kKeys);           // and does not call every key seen
}

TEST(KeyBloomTest, ContainsEveryKeyAndFewOthers) {
  std::vector<uint64_t> keys;
  for (uint64_t i = 0; i < 100'000; ++i) keys.push_back(KeyOf(i * 3));
  const KeyBloom bloom(keys);
  for (uint64_t key : keys) ASSERT_TRUE(bloom.MayContain(key)) << key;
  uint64_t others = 0;
  for (uint64_t i = 0; i < 100'000; ++i) others += bloom.MayContain(KeyOf(i * 3 + 1));
  EXPECT_LT(others, 5'000u);  // 16 bits a key: a few percent
}

}  // namespace
}  // namespace unmask
