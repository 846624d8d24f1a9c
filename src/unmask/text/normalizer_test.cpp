#include "unmask/text/normalizer.hpp"

#include "unmask/text/minhash.hpp"

#include <gtest/gtest.h>

namespace unmask {
namespace {

TextNormalizer Make() {
  auto normalizer = TextNormalizer::Create();
  EXPECT_TRUE(normalizer.ok()) << normalizer.status().message();
  return *normalizer;
}

TEST(TextNormalizer, FoldsWidthCaseAndCompatibilityForms) {
  TextNormalizer n = Make();
  EXPECT_EQ(n.Normalize("ＨＥＬＬＯ　Ｗｏｒｌｄ"), "hello world");
  EXPECT_EQ(n.Normalize("Straße"), n.Normalize("STRASSE"));
  EXPECT_EQ(n.Normalize("ﬁnal"), "final");
  EXPECT_EQ(n.Normalize("e\u0301te\u0301"), n.Normalize("été"));
}

TEST(TextNormalizer, DropsLinksMentionsHashtagsAndEntities) {
  TextNormalizer n = Make();
  EXPECT_EQ(n.Normalize("Hello,   WORLD!! https://t.co/x @bob #tag"), "hello world");
  EXPECT_EQ(n.Normalize("RT @someone: Watch this now &amp; share www.example.org/x"), "watch this now share");
  EXPECT_EQ(n.Normalize("真相！#新疆 #中国"), "真相");
  EXPECT_EQ(n.Normalize("mail me at bob@example.org"), "mail me at bob example org");  // not a mention
  EXPECT_EQ(n.Normalize("＃Xinjiang is great"), "is great");  // full-width hash
}

TEST(TextNormalizer, EmojiPunctuationAndSymbolsOnlySeparate) {
  TextNormalizer n = Make();
  EXPECT_EQ(n.Normalize("Great!!! 😊🔥 🇨🇳 ❤️"), "great");
  EXPECT_EQ(n.Normalize("so…true — really?!"), "so true really");
  EXPECT_EQ(n.Normalize("👍👍👍"), "");
  EXPECT_EQ(n.Normalize("+1"), "1");
}

TEST(TextNormalizer, FoldsTraditionalIntoSimplifiedChinese) {
  TextNormalizer n = Make();
  ASSERT_TRUE(n.folds_chinese());
  EXPECT_EQ(n.Normalize("西方的謊言終將破產！這是真的"), n.Normalize("西方的谎言终将破产！这是真的"));
  EXPECT_EQ(n.Normalize("新疆是個好地方"), "新疆是个好地方");
}

TEST(TextNormalizer, WithoutFoldingTraditionalStaysApart) {
  auto plain = TextNormalizer::Create(false);
  ASSERT_TRUE(plain.ok());
  EXPECT_NE(plain->Normalize("這是真的"), plain->Normalize("这是真的"));
}

TEST(TextNormalizer, CountsLettersAndUnspacedScripts) {
  TextNormalizer n = Make();
  TextTokens tokens;
  n.Tokenize("新疆很美 Xinjiang!", tokens);
  EXPECT_EQ(tokens.chars.size(), 13u);  // 4 + space + 8
  EXPECT_EQ(tokens.unspaced, 4u);
  EXPECT_EQ(tokens.letters, 12u);
  n.Tokenize("The quick brown fox", tokens);
  EXPECT_EQ(tokens.unspaced, 0u);
  EXPECT_EQ(tokens.letters, 16u);
  // Thai vowel marks are kept with their consonant but are not letters.
  n.Tokenize("สวัสดี", tokens);
  EXPECT_EQ(tokens.chars.size(), 6u);
  EXPECT_EQ(tokens.letters, 4u);
  EXPECT_EQ(tokens.unspaced, 4u);
  // Kana and kanji are unspaced; so is the prolonged sound mark's neighbourhood.
  n.Tokenize("今日はラーメン", tokens);
  EXPECT_TRUE(IsUnspacedText(tokens));
  EXPECT_EQ(n.Normalize("今日は ラーメン"), "今日はラーメン");
}

TEST(TextNormalizer, BadUtf8NeverCrashes) {
  TextNormalizer n = Make();
  const std::string bad = std::string("ok \xff\xfe broken \xe6\x96") + " end";
  EXPECT_EQ(n.Normalize(bad), "ok broken end");
  TextTokens tokens;
  n.Tokenize(std::string_view("\xc3", 1), tokens);
  EXPECT_TRUE(tokens.chars.empty());
}

}  // namespace
}  // namespace unmask
