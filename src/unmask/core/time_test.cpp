#include "unmask/core/time.hpp"

#include <gtest/gtest.h>

namespace unmask {
namespace {

TEST(ParseTimestamp, IsoWithZones) {
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseTimestamp("2023-08-29T03:12:00Z"), 1693278720);
  EXPECT_EQ(ParseTimestamp("2023-08-29T11:12:00+08:00"), 1693278720);
  EXPECT_EQ(ParseTimestamp("2023-08-29T11:12:00+0800"), 1693278720);
  EXPECT_EQ(ParseTimestamp("2023-08-28T22:12:00-05:00"), 1693278720);
  EXPECT_EQ(ParseTimestamp("2023-08-29T03:12:00.123Z"), 1693278720);
  EXPECT_EQ(ParseTimestamp("2023-08-29 03:12Z"), 1693278720);
}

TEST(ParseTimestamp, EpochSeconds) {
  EXPECT_EQ(ParseTimestamp("1693278720"), 1693278720);
  EXPECT_EQ(ParseTimestamp("-5"), -5);
}

TEST(ParseTimestamp, RejectsNonsense) {
  EXPECT_FALSE(ParseTimestamp(""));
  EXPECT_FALSE(ParseTimestamp("yesterday"));
  EXPECT_FALSE(ParseTimestamp("2023-13-01T00:00:00Z"));
  EXPECT_FALSE(ParseTimestamp("2023-08-29T25:00:00Z"));
  EXPECT_FALSE(ParseTimestamp("2023-08-29T03:12:00"));  // no zone
  EXPECT_FALSE(ParseTimestamp("2023-08-29T03:12:00+8"));
  EXPECT_EQ(ParseTimestamp("2023-08-29 03:12", /*assume_utc=*/true), 1693278720);
}

TEST(CivilDays, RoundTrip) {
  for (int64_t d = -800000; d < 800000; d += 997) {
    const CivilDate c = CivilFromDays(d);
    EXPECT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
  }
  EXPECT_EQ(FormatIso(1693278720), "2023-08-29T03:12:00Z");
  EXPECT_EQ(FormatIso(-1), "1969-12-31T23:59:59Z");
}

}  // namespace
}  // namespace unmask
