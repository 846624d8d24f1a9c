#include "unmask/signals/pair_filter.hpp"

#include <gtest/gtest.h>

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
// adds (counters saturate exactly under any interleaving), and the answers
// equal those of one thread adding everything.
TEST(PairFilterTest, ConcurrentAddsGiveTheSequentialFilter) {
  constexpr uint64_t kKeys = 300'000;
  PairFilter shared(kKeys, uint64_t{1} << 30, 4);  // crowded, so that threads meet on words
  PairFilter alone(kKeys, uint64_t{1} << 30, 4);
  auto add_range = [](PairFilter& filter, uint64_t from, uint64_t to, bool batched) {
    std::vector<uint64_t> batch;
    for (uint64_t i = from; i < to; ++i) {
      if (!batched) {
        filter.Add(KeyOf(i));
        continue;
      }
      batch.push_back(KeyOf(i));
      if (batch.size() == 64) {
        filter.Add(batch);
        batch.clear();
      }
    }
    filter.Add(batch);
  };
  // Keys below kKeys / 2 are added by both threads; the rest by one each.
  std::thread other([&] { add_range(shared, 0, kKeys * 3 / 4, true); });
  add_range(shared, 0, kKeys / 2, false);
  add_range(shared, kKeys * 3 / 4, kKeys, false);
  other.join();
  add_range(alone, 0, kKeys, false);
  add_range(alone, 0, kKeys / 2, true);
  uint64_t single_recurring = 0;
  for (uint64_t i = 0; i < kKeys + 10'000; ++i) {
    ASSERT_EQ(shared.MayRecur(KeyOf(i)), alone.MayRecur(KeyOf(i))) << i;
    if (i < kKeys / 2) {
      ASSERT_TRUE(shared.MayRecur(KeyOf(i))) << i;
    }
    if (i >= kKeys / 2 && i < kKeys) single_recurring += shared.MayRecur(KeyOf(i));
  }
  EXPECT_LT(single_recurring, kKeys / 2);  // the filter still tells most single keys apart
}

}  // namespace
}  // namespace unmask
