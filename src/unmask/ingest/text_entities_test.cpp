#include "unmask/ingest/text_entities.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace unmask {
namespace {

using Views = std::vector<std::string_view>;

Views Urls(std::string_view text) {
  Views out;
  ExtractEntities(text, &out, nullptr, nullptr);
  return out;
}
Views Tags(std::string_view text) {
  Views out;
  ExtractEntities(text, nullptr, &out, nullptr);
  return out;
}
Views Mentions(std::string_view text) {
  Views out;
  ExtractEntities(text, nullptr, nullptr, &out);
  return out;
}

TEST(TextEntities, Urls) {
  EXPECT_EQ(Urls("see https://example.com/a?b=1&c=2#frag now"), (Views{"https://example.com/a?b=1&c=2#frag"}));
  EXPECT_EQ(Urls("HTTP://EXAMPLE.COM and http://x.org"), (Views{"HTTP://EXAMPLE.COM", "http://x.org"}));
  EXPECT_EQ(Urls("www.example.com/path"), (Views{"www.example.com/path"}));
  EXPECT_EQ(Urls("no links here: http:// or https://. or www."), Views{});
  EXPECT_EQ(Urls("a\thttps://t.co/x\nhttps://t.co/y"), (Views{"https://t.co/x", "https://t.co/y"}));
  EXPECT_EQ(Urls("<https://a.com/x>"), (Views{"https://a.com/x"}));
  EXPECT_EQ(Urls("\"https://a.com/x\""), (Views{"https://a.com/x"}));
  // Part of a longer word or path: not a link start.
  EXPECT_EQ(Urls("xhttps://a.com foo/www.b.com"), Views{});
}

TEST(TextEntities, UrlTrailingPunctuation) {
  EXPECT_EQ(Urls("Read https://example.com/story."), (Views{"https://example.com/story"}));
  EXPECT_EQ(Urls("Read https://example.com/story!!! and"), (Views{"https://example.com/story"}));
  EXPECT_EQ(Urls("(see https://example.com/a)"), (Views{"https://example.com/a"}));
  EXPECT_EQ(Urls("https://en.wikipedia.org/wiki/Foo_(bar)"), (Views{"https://en.wikipedia.org/wiki/Foo_(bar)"}));
  EXPECT_EQ(Urls("(https://en.wikipedia.org/wiki/Foo_(bar))."), (Views{"https://en.wikipedia.org/wiki/Foo_(bar)"}));
  EXPECT_EQ(Urls("links: https://a.com/x, https://b.com/y; https://c.com/z?"),
            (Views{"https://a.com/x", "https://b.com/y", "https://c.com/z"}));
  EXPECT_EQ(Urls("[https://a.com/x]"), (Views{"https://a.com/x"}));
  EXPECT_EQ(Urls("https://a.com/x..."), (Views{"https://a.com/x"}));
  EXPECT_EQ(Urls("https://a.com/x…"), (Views{"https://a.com/x"}));
}

TEST(TextEntities, UrlNextToCjkText) {
  EXPECT_EQ(Urls("看这个https://t.co/AbC很好"), (Views{"https://t.co/AbC"}));
  EXPECT_EQ(Urls("链接：https://t.co/AbC。"), (Views{"https://t.co/AbC"}));
  EXPECT_EQ(Urls("（https://t.co/AbC）"), (Views{"https://t.co/AbC"}));
}

TEST(TextEntities, Hashtags) {
  EXPECT_EQ(Tags("#one two #three_3 #4four"), (Views{"one", "three_3", "4four"}));
  EXPECT_EQ(Tags("end of sentence #tag."), (Views{"tag"}));
  EXPECT_EQ(Tags("(#tag) \"#quoted\""), (Views{"tag", "quoted"}));
  // Not tags: after a letter or digit, HTML entities, digits only, alone.
  EXPECT_EQ(Tags("C# is a language, issue 5#3, &#39; #123 # alone #"), Views{});
  EXPECT_EQ(Tags("#a#b"), (Views{"a"}));
  EXPECT_EQ(Tags("#Café #Ñandú #Ελλάδα #Москва #עברית #العربية #हिन्दी"),
            (Views{"Café", "Ñandú", "Ελλάδα", "Москва", "עברית", "العربية", "हिन्दी"}));
}

TEST(TextEntities, ChineseAndJapaneseHashtags) {
  EXPECT_EQ(Tags("#新疆 是个好地方"), (Views{"新疆"}));
  EXPECT_EQ(Tags("我爱 #美丽新疆，欢迎"), (Views{"美丽新疆"}));
  // Weibo style: the closing # follows a letter, so it is not a new tag.
  EXPECT_EQ(Tags("#新疆棉花# 真好"), (Views{"新疆棉花"}));
  // A # directly after CJK letters is not a tag start (as on Twitter).
  EXPECT_EQ(Tags("真好#新疆"), Views{});
  // Fullwidth ＃.
  EXPECT_EQ(Tags("＃香港 と ＃東京オリンピック・パラリンピック"), (Views{"香港", "東京オリンピック・パラリンピック"}));
  EXPECT_EQ(Tags("#한국어 #ひらがな"), (Views{"한국어", "ひらがな"}));
}

TEST(TextEntities, EmojiEndHashtagsAndKeycapsAreNotTags) {
  EXPECT_EQ(Tags("#love😀 #peace🕊️ #joy❤️"), (Views{"love", "peace", "joy"}));
  EXPECT_EQ(Tags("😀#happy"), (Views{"happy"}));
  EXPECT_EQ(Tags("#️⃣ keycap"), Views{});
  EXPECT_EQ(Tags("👨‍👩‍👧 #family"), (Views{"family"}));
}

TEST(TextEntities, Mentions) {
  EXPECT_EQ(Mentions("hi @alice and @bob_2!"), (Views{"alice", "bob_2"}));
  EXPECT_EQ(Mentions("@lucy.w8812 said"), (Views{"lucy.w8812"}));
  EXPECT_EQ(Mentions("thanks @carol."), (Views{"carol"}));
  EXPECT_EQ(Mentions("mail me@example.com or @ alone"), Views{});
  EXPECT_EQ(Mentions("回复@张三：你好 ＠李四 "), (Views{"张三", "李四"}));
  EXPECT_EQ(Mentions("@@double"), Views{});
}

TEST(TextEntities, NothingInsideUrls) {
  Views urls, tags, mentions;
  ExtractEntities("https://medium.com/@writer/post#section and #real @real", &urls, &tags, &mentions);
  EXPECT_EQ(urls, (Views{"https://medium.com/@writer/post#section"}));
  EXPECT_EQ(tags, (Views{"real"}));
  EXPECT_EQ(mentions, (Views{"real"}));
  // Even when URLs are not asked for.
  EXPECT_EQ(Tags("x.com/#/path https://x.com/#/notatag"), Views{});
}

TEST(TextEntities, MixedPost) {
  Views urls, tags, mentions;
  const std::string text = "转发 @官方媒体: 新疆是个好地方 #新疆 #Xinjiang https://t.co/Ab1 🇨🇳🇨🇳";
  ExtractEntities(text, &urls, &tags, &mentions);
  EXPECT_EQ(urls, (Views{"https://t.co/Ab1"}));
  EXPECT_EQ(tags, (Views{"新疆", "Xinjiang"}));
  EXPECT_EQ(mentions, (Views{"官方媒体"}));
  // Views point into the text.
  EXPECT_GE(urls[0].data(), text.data());
  EXPECT_LE(urls[0].data() + urls[0].size(), text.data() + text.size());
}

TEST(TextEntities, InvalidUtf8AndRandomBytesAreSafe) {
  Views urls, tags, mentions;
  ExtractEntities("#ab\xff\xfe cd #\xe6\x96 @\xc3", &urls, &tags, &mentions);
  EXPECT_EQ(tags, (Views{"ab"}));
  std::mt19937_64 rng(1);
  for (int i = 0; i < 2000; ++i) {
    std::string s(rng() % 64, '\0');
    const char alphabet[] = "#@h ttps:/w.\xef\xbc\x83\xe6\x96\xb0\xff_a1";
    for (char& c : s) c = alphabet[rng() % (sizeof alphabet - 1)];
    urls.clear();
    tags.clear();
    mentions.clear();
    ExtractEntities(s, &urls, &tags, &mentions);
    for (const Views* v : {&urls, &tags, &mentions}) {
      for (std::string_view e : *v) {
        ASSERT_FALSE(e.empty());
        ASSERT_GE(e.data(), s.data());
        ASSERT_LE(e.data() + e.size(), s.data() + s.size());
      }
    }
  }
}

TEST(TextEntities, CodePointClasses) {
  EXPECT_TRUE(IsWordCodePoint(U'a'));
  EXPECT_TRUE(IsWordCodePoint(U'_'));
  EXPECT_TRUE(IsWordCodePoint(U'7'));
  EXPECT_TRUE(IsWordCodePoint(U'新'));
  EXPECT_TRUE(IsWordCodePoint(U'ß'));
  EXPECT_TRUE(IsWordCodePoint(U'\U00020000'));  // CJK extension B
  EXPECT_FALSE(IsWordCodePoint(U'，'));
  EXPECT_FALSE(IsWordCodePoint(U'。'));
  EXPECT_FALSE(IsWordCodePoint(U'😀'));
  EXPECT_FALSE(IsWordCodePoint(U' '));
  EXPECT_FALSE(IsWordCodePoint(U'\u00A0'));
  EXPECT_TRUE(IsLetterCodePoint(U'ж'));
  EXPECT_FALSE(IsLetterCodePoint(U'٣'));  // Arabic-Indic digit
}

}  // namespace
}  // namespace unmask
