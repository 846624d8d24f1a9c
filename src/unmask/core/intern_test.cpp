#include "unmask/core/intern.hpp"

#include <gtest/gtest.h>

#include <string>

#include "unmask/core/flat_map.hpp"

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
