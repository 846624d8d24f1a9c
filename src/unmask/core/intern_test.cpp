#include "unmask/core/intern.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "unmask/core/flat_map.hpp"
#include "unmask/core/grow_gate.hpp"
#include "unmask/core/hash.hpp"

namespace unmask {
namespace {

TEST(StringPool, SameTextSameId) {
  StringPool pool;
  const StrId a = pool.Intern("hello");
  const StrId b = pool.Intern("world");
  EXPECT_NE(a, b);
  EXPECT_EQ(pool.Intern("hello"), a);
  EXPECT_EQ(pool.View(a), "hello");
  EXPECT_EQ(pool.Intern(""), 0u);
  EXPECT_EQ(pool.Find("nope"), kNone);
  EXPECT_EQ(pool.Find("world"), b);
}

TEST(StringPool, ViewsStayValidAcrossGrowth) {
  StringPool pool;
  std::vector<StrId> ids;
  for (int i = 0; i < 200000; ++i) ids.push_back(pool.Intern(std::string("s").append(std::to_string(i))));
  const std::string huge(3 << 20, 'x');  // bigger than a chunk's quarter
  const StrId big = pool.Intern(huge);
  for (int i = 0; i < 200000; i += 997) EXPECT_EQ(pool.View(ids[i]), std::string("s").append(std::to_string(i)));
  EXPECT_EQ(pool.View(big).size(), huge.size());
  EXPECT_EQ(pool.Intern("s12345"), ids[12345]);
  EXPECT_EQ(pool.View(ids[199999]), "s199999");
}

TEST(StringPool, PrefetchGuessesIdsAndChangesNothing) {
  StringPool pool;
  std::vector<StrId> ids;
  for (int i = 0; i < 5000; ++i) ids.push_back(pool.Intern("id" + std::to_string(i)));
  size_t guessed = 0;
  for (int i = 0; i < 5000; ++i) {
    const std::string text = "id" + std::to_string(i);
    EXPECT_EQ(pool.Prefetch(text, 0), kNone);
    const StrId guess = pool.Prefetch(text, 1);
    EXPECT_EQ(pool.Prefetch(text, 2), guess);
    EXPECT_TRUE(guess == kNone || guess == ids[i]);  // only the first slot is looked at
    guessed += guess == ids[i];
    EXPECT_EQ(pool.Prefetch("new" + std::to_string(i), 1), kNone);
  }
  EXPECT_GT(guessed, 2500u);
  EXPECT_EQ(pool.Prefetch("", 1), 0u);
  EXPECT_EQ(pool.size(), 5001u);
  EXPECT_EQ(pool.View(0), "");
  EXPECT_EQ(pool.View(ids[4999]), "id4999");
}

TEST(FlatMap64, InsertKeepsFirstValue) {
  FlatMap64 map;
  for (uint32_t i = 0; i < 100000; ++i) EXPECT_EQ(map.Insert(uint64_t{i} * 7919, i), i);
  EXPECT_EQ(map.Insert(7919, 5), 1u);
  EXPECT_EQ(map.Find(7919 * 3), 3u);
  EXPECT_EQ(map.Find(1), FlatMap64::kMissing);
  EXPECT_EQ(map.size(), 100000u);
}

}  // namespace
}  // namespace unmask

namespace unmask {
namespace {

// One thread interns (making room under the gate first, as Store does) while
// others look strings up: a lookup finds the right id or nothing, never a
// wrong one, through every growth of the table and the entries.
TEST(StringPool, FindSharedWhileInterning) {
  StringPool pool;
  FlatMap64 map;
  GrowGate gate;
  constexpr uint32_t kCount = 300000;
  const auto text = [](uint32_t i) { return std::string("s").append(std::to_string(i)); };
  std::atomic<bool> done{false};
  std::atomic<uint64_t> found{0}, wrong{0};
  const auto look = [&](uint32_t seed) {
    uint64_t x = seed;
    while (!done.load()) {
      gate.Enter();
      for (int k = 0; k < 64; ++k) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        const uint32_t i = static_cast<uint32_t>(x >> 33) % kCount;
        const std::string s = text(i);
        const StrId id = pool.FindShared(s, HashBytes(s));
        const uint32_t value = map.FindShared(uint64_t{i} * 7919);
        if (id != kNone) ++found;
        if ((id != kNone && id != i + 1) || (value != FlatMap64::kMissing && value != i)) ++wrong;
      }
      gate.Leave();
    }
  };
  std::vector<std::thread> readers;
  for (uint32_t r = 0; r < 3; ++r) readers.emplace_back(look, r + 1);
  for (uint32_t i = 0; i < kCount; ++i) {
    if (pool.Room() < 1 || map.Room() < 1) {
      gate.Close();
      pool.MakeRoom(1);
      map.MakeRoom(1);
      gate.Open();
    }
    const std::string s = text(i);
    ASSERT_EQ(pool.Intern(s, HashBytes(s)), i + 1);
    ASSERT_EQ(map.Insert(uint64_t{i} * 7919, i), i);
  }
  done = true;
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(wrong.load(), 0u);
  EXPECT_GT(found.load(), 0u);
  for (uint32_t i = 0; i < kCount; i += 101) {
    const std::string s = text(i);
    EXPECT_EQ(pool.FindShared(s, HashBytes(s)), i + 1);
    EXPECT_EQ(pool.Find(s), i + 1);
  }
  EXPECT_EQ(pool.FindShared("absent", HashBytes("absent")), kNone);
}

TEST(StringPool, MakeRoomKeepsIdsAndLeavesRoom) {
  StringPool pool;
  const StrId a = pool.Intern("a");
  pool.MakeRoom(10000);
  EXPECT_GE(pool.Room(), 10000u);
  EXPECT_EQ(pool.Find("a"), a);
  EXPECT_EQ(pool.Intern("b", HashBytes("b")), a + 1);
  FlatMap64 map;
  map.Insert(5, 1);
  map.MakeRoom(1000);
  EXPECT_GE(map.Room(), 1000u);
  EXPECT_EQ(map.Find(5), 1u);
}

// The gate: a writer that closes it waits for the readers inside, and no
// reader is inside until it opens again.
TEST(GrowGate, NoReaderInsideWhileClosed) {
  GrowGate gate;
  std::atomic<int> inside{0};
  std::atomic<bool> closed{false}, done{false};
  std::atomic<uint64_t> overlaps{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      while (!done.load()) {
        gate.Enter();
        ++inside;
        if (closed.load()) ++overlaps;
        --inside;
        gate.Leave();
      }
    });
  }
  for (int round = 0; round < 2000; ++round) {
    gate.Close();
    closed = true;
    if (inside.load() != 0) ++overlaps;
    closed = false;
    gate.Open();
  }
  done = true;
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(overlaps.load(), 0u);
}

}  // namespace
}  // namespace unmask
