#include "unmask/ingest/values.hpp"

#include <gtest/gtest.h>

#include "unmask/core/time.hpp"

namespace unmask {
namespace {

Time At(const char* iso) { return *ParseTimestamp(iso); }

std::optional<Time> Auto(std::string_view text, int32_t offset = 0) {
  TimeFormat format;
  format.default_offset = offset;
  return ParseTime(text, format);
}

std::optional<Time> Pattern(std::string_view text, const char* pattern) {
  return ParseTime(text, *ParseTimeFormatName(pattern));
}

TEST(Values, AutoTimes) {
  EXPECT_EQ(Auto("2017-09-07 19:52:00"), At("2017-09-07T19:52:00Z"));
  EXPECT_EQ(Auto("2019-08-01 03:02"), At("2019-08-01T03:02:00Z"));  // IO archive: no seconds
  EXPECT_EQ(Auto("2017-08-30"), At("2017-08-30T00:00:00Z"));
  EXPECT_EQ(Auto("2021-07-06 16:45:20 EDT"), At("2021-07-06T20:45:20Z"));
  EXPECT_EQ(Auto("2022-04-01T10:00:00.000Z"), At("2022-04-01T10:00:00Z"));
  EXPECT_EQ(Auto("2022-04-01T10:00:00+08:00"), At("2022-04-01T02:00:00Z"));
  EXPECT_EQ(Auto("2022-04-01 10:00:00 UTC+2"), At("2022-04-01T08:00:00Z"));
  EXPECT_EQ(Auto("2022-02-01T10:00:00", 3600), At("2022-02-01T09:00:00Z"));  // the default zone
  EXPECT_EQ(Auto("1600000000"), 1600000000);
  EXPECT_EQ(Auto("1600000000.75"), 1600000000);
  EXPECT_EQ(Auto("1600000000123"), 1600000000);  // milliseconds
  EXPECT_FALSE(Auto("yesterday"));
  EXPECT_FALSE(Auto("2017-13-01"));
  EXPECT_FALSE(Auto("2017-01-01 25:00"));
  EXPECT_FALSE(Auto("2017-01-01 10:00 XYZ"));
}

TEST(Values, OtherTimeFormats) {
  EXPECT_EQ(ParseTime("17408", *ParseTimeFormatName("days")), At("2017-08-30T00:00:00Z"));
  EXPECT_EQ(ParseTime("1650000000123", *ParseTimeFormatName("epoch_ms")), 1650000000);
  EXPECT_FALSE(ParseTime("1650000000123", *ParseTimeFormatName("epoch")));  // beyond year 5138
  EXPECT_EQ(Pattern("06/15/15 07:22:00 AM PDT", "%m/%d/%y %I:%M:%S %p %Z"), At("2015-06-15T14:22:00Z"));
  EXPECT_EQ(Pattern("12/1/2017 12:05", "%m/%d/%Y %H:%M"), At("2017-12-01T12:05:00Z"));
  EXPECT_EQ(Pattern("Wed Oct 10 20:19:24 +0000 2018", "%a %b %d %H:%M:%S %z %Y"), At("2018-10-10T20:19:24Z"));
  EXPECT_EQ(Pattern("12:00:00 AM 1/2/2020", "%I:%M:%S %p %m/%d/%Y"), At("2020-01-02T00:00:00Z"));
  EXPECT_FALSE(Pattern("02/21117 01:13:46 AM PST", "%m/%d/%y %I:%M:%S %p %Z"));
  EXPECT_FALSE(Pattern("13:00:00 PM 1/2/2020", "%I:%M:%S %p %m/%d/%Y"));
  EXPECT_FALSE(ParseTimeFormatName("iso"));
}

TEST(Values, Zones) {
  EXPECT_EQ(ParseZone("Z"), 0);
  EXPECT_EQ(ParseZone("+0530"), 5 * 3600 + 1800);
  EXPECT_EQ(ParseZone("-08:00"), -8 * 3600);
  EXPECT_EQ(ParseZone("+8"), 8 * 3600);
  EXPECT_EQ(ParseZone("cst"), -6 * 3600);
  EXPECT_EQ(ParseZone("GMT-05:00"), -5 * 3600);
  EXPECT_FALSE(ParseZone("+25"));
  EXPECT_FALSE(ParseZone("Mars"));
}

TEST(Values, CountsAndBools) {
  EXPECT_EQ(ParseCount("1234"), 1234);
  EXPECT_EQ(ParseCount(" 12.0 "), 12);
  EXPECT_EQ(ParseCount("1,234,567"), 1234567);
  EXPECT_FALSE(ParseCount("1,23"));
  EXPECT_FALSE(ParseCount("-1"));
  EXPECT_FALSE(ParseCount("12.5"));
  EXPECT_FALSE(ParseCount("N/A"));
  EXPECT_FALSE(ParseCount("99999999999999999999999"));
  EXPECT_EQ(ParseBool("True"), true);
  EXPECT_EQ(ParseBool("f"), false);
  EXPECT_EQ(ParseBool("0"), false);
  EXPECT_FALSE(ParseBool("maybe"));
}

std::vector<std::string> List(std::string_view text, ListStyle style = ListStyle::kAuto, std::string_view sep = "") {
  std::vector<std::string_view> out;
  std::deque<std::string> storage;
  ParseList(text, style, sep, out, storage);
  return {out.begin(), out.end()};
}

TEST(Values, Lists) {
  using V = std::vector<std::string>;
  EXPECT_EQ(List("[a, b]"), (V{"a", "b"}));
  EXPECT_EQ(List("[http://x.com/?q=1,2, http://y.com]"), (V{"http://x.com/?q=1,2", "http://y.com"}));
  EXPECT_EQ(List("[a,b]"), (V{"a", "b"}));
  EXPECT_EQ(List("[http://x.com/?q=1,2]"), (V{"http://x.com/?q=1,2"}));
  EXPECT_EQ(List("[http://x.com/?q=1,2,https://y.com,www.z.com]"),
            (V{"http://x.com/?q=1,2", "https://y.com", "www.z.com"}));
  EXPECT_EQ(List("['a', 'b, c']"), (V{"a", "b, c"}));
  EXPECT_EQ(List(R"(["x", "it\"s"])"), (V{"x", "it\"s"}));
  EXPECT_EQ(List(R"(['it\'s'])"), (V{"it's"}));
  EXPECT_EQ(List("[]"), V{});
  EXPECT_EQ(List("  "), V{});
  EXPECT_EQ(List("single"), V{"single"});
  EXPECT_EQ(List("a|b||c", ListStyle::kSplit, "|"), (V{"a", "b", "c"}));
  EXPECT_EQ(List("[a, b]", ListStyle::kSingle), V{"[a, b]"});
}

TEST(Values, Snippet) {
  EXPECT_EQ(Snippet("a\"b\n"), "\"a\\\"b\\u000a\"");
  EXPECT_EQ(Snippet(std::string(100, 'x')), "\"" + std::string(60, 'x') + "\"...");
}

}  // namespace
}  // namespace unmask
