#include "unmask/signals/normalize.hpp"

#include <gtest/gtest.h>

namespace unmask {
namespace {

TEST(NormalizeUrl, TrackingNoiseAndHostVariantsFold) {
  const std::string canonical = NormalizeUrl("https://www.youtube.com/watch?v=abc");
  EXPECT_EQ(canonical, "https://youtube.com/watch?v=abc");
  EXPECT_EQ(NormalizeUrl("http://m.youtube.com/watch?v=abc&utm_source=fb&feature=share"), canonical);
  EXPECT_EQ(NormalizeUrl("https://youtu.be/abc"), canonical);
  EXPECT_EQ(NormalizeUrl("HTTPS://YouTube.com/watch?v=abc#t=10"), canonical);
  EXPECT_EQ(NormalizeUrl("https://example.org/a/b/?y=2&x=1"), "https://example.org/a/b?x=1&y=2");
  EXPECT_EQ(NormalizeUrl("https://example.org/a/b?fbclid=zzz"), "https://example.org/a/b");
  EXPECT_NE(NormalizeUrl("https://example.org/a"), NormalizeUrl("https://example.org/b"));
  EXPECT_EQ(NormalizeUrl("not a url"), "");
}

TEST(NormalizeText, DropsEntitiesCaseAndPunctuation) {
  EXPECT_EQ(NormalizeText("Hello,   WORLD!! https://t.co/x @bob #tag"), "hello world");
  EXPECT_EQ(NormalizeText("Hello world"), NormalizeText("hello... world #Xinjiang"));
  EXPECT_EQ(NormalizeText("新疆很美丽！ #新疆"), "新疆很美丽！");
  EXPECT_EQ(CodePoints("新疆"), 2u);
}

}  // namespace
}  // namespace unmask
