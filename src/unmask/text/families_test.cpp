#include "unmask/text/families.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

namespace unmask {
namespace {

TextNormalizer Normalizer() {
  auto n = TextNormalizer::Create();
  EXPECT_TRUE(n.ok()) << n.status().message();
  return *n;
}

std::string Utf8(uint32_t cp) {
  std::string s;
  s += static_cast<char>(0xE0 | (cp >> 12));
  s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  s += static_cast<char>(0x80 | (cp & 0x3F));
  return s;
}

// A corpus of narratives posted with small edits (words swapped, inserted,
// dropped, typos, emoji and hashtags appended), in a spaced and an unspaced
// script, plus unrelated texts.
std::vector<std::string> EditedCorpus(uint64_t seed, int bases, int unrelated) {
  std::mt19937_64 rng(seed);
  auto below = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  std::vector<std::string> vocab;
  for (int i = 0; i < 4000; ++i) {
    std::string w;
    const size_t len = 3 + below(7);
    for (size_t k = 0; k < len; ++k) w += static_cast<char>('a' + below(26));
    vocab.push_back(w);
  }
  static const char* kTails[] = {"", "", " 😊", " #tag", " 🇨🇳🇨🇳", " #Truth #News", "!!!", " https://t.co/abc"};
  std::vector<std::string> out;
  auto random_text = [&](bool cjk, std::vector<std::string>& tokens) {
    tokens.clear();
    const size_t n = cjk ? 16 + below(30) : 10 + below(30);
    for (size_t k = 0; k < n; ++k) tokens.push_back(cjk ? Utf8(0x4E00 + static_cast<uint32_t>(below(3000))) : vocab[below(vocab.size())]);
  };
  auto join = [&](const std::vector<std::string>& tokens, bool cjk) {
    std::string s;
    for (const std::string& t : tokens) {
      if (!s.empty() && !cjk) s += ' ';
      s += t;
    }
    return s + kTails[below(std::size(kTails))];
  };
  std::vector<std::string> base, copy;
  for (int b = 0; b < bases; ++b) {
    const bool cjk = b % 4 == 3;
    random_text(cjk, base);
    const size_t copies = 1 + below(12);
    for (size_t c = 0; c < copies; ++c) {
      copy = base;
      const size_t edits = below(5);
      for (size_t e = 0; e < edits; ++e) {
        const size_t at = below(copy.size());
        switch (below(4)) {
          case 0: copy[at] = cjk ? Utf8(0x4E00 + static_cast<uint32_t>(below(3000))) : vocab[below(vocab.size())]; break;
          case 1: copy.insert(copy.begin() + static_cast<long>(at), vocab[below(vocab.size())]); break;
          case 2: if (copy.size() > 8) copy.erase(copy.begin() + static_cast<long>(at)); break;
          default: if (!cjk && copy[at].size() > 3) copy[at].erase(below(copy[at].size()), 1); break;  // typo
        }
      }
      out.push_back(join(copy, cjk));
    }
  }
  for (int u = 0; u < unrelated; ++u) {
    random_text(u % 5 == 0, base);
    out.push_back(join(base, u % 5 == 0));
  }
  std::shuffle(out.begin(), out.end(), rng);
  return out;
}

std::vector<std::string_view> Views(const std::vector<std::string>& texts) {
  return {texts.begin(), texts.end()};
}

TEST(NearDuplicates, EditedCopiesFormOneFamilyStrangersStayApart) {
  const std::vector<std::string> texts = {
      "Xinjiang is a beautiful place where people of all ethnic groups live happily together. The West's lies cannot hide the truth!",
      "Xinjiang is a wonderful place where people of all ethnic groups live happily together. The West's lies cannot hide the truth! 😊 #Xinjiang",
      "Xinjiang is a wonderful place where people of all ethnic groups live in harmony together. The West's lies cannot hide the truth",
      "xinjiang is a wonderful place where people of all ethnic groups live in harmony together. the wests lies will never hide the truth!! #China",
      "My cat knocked the coffee mug off the kitchen table again this morning and now I need a new one",
      "新疆是个好地方，各族人民幸福地生活在一起。西方的谎言不攻自破！",
      "新疆是個好地方，各族人民快樂地生活在一起。西方的謊言不攻自破！🇨🇳 #新疆",
      "Great!",
      "+1",
      "🔥🔥🔥",
      "so true so true so true so true so true",
  };
  NearDupConfig config;
  const NearDupResult r = GroupNearDuplicates(Views(texts), Normalizer(), config);
  ASSERT_EQ(r.family.size(), texts.size());
  // No two of the four English copies are identical, yet they are one family.
  EXPECT_EQ(r.family[0], r.family[1]);
  EXPECT_EQ(r.family[1], r.family[2]);
  EXPECT_EQ(r.family[2], r.family[3]);
  EXPECT_NE(r.variant[0], r.variant[1]);
  EXPECT_NE(r.family[0], r.family[4]);
  // Simplified and traditional, with a word swapped and a flag appended.
  EXPECT_EQ(r.family[5], r.family[6]);
  EXPECT_NE(r.family[5], r.family[0]);
  // Short or repetitive texts join no family.
  for (size_t i = 7; i < texts.size(); ++i) EXPECT_EQ(r.family[i], kNone) << texts[i];
  EXPECT_EQ(r.stats.informative, 7u);
  EXPECT_EQ(r.stats.families, 3u);
}

TEST(NearDuplicates, AppendedEmojiAndHashtagsMakeNoNewVariant) {
  const std::vector<std::string> texts = {"Taiwan has always been part of China. Stop foreign interference now please",
                                          "Taiwan has always been part of China. Stop foreign interference now please 🇨🇳 #Taiwan #OneChina",
                                          "TAIWAN has always been part of China!! Stop foreign interference now, please."};
  const NearDupResult r = GroupNearDuplicates(Views(texts), Normalizer(), {});
  EXPECT_EQ(r.variant[0], r.variant[1]);
  EXPECT_EQ(r.variant[0], r.variant[2]);
  EXPECT_EQ(r.stats.variants, 1u);
}

// Property: the partition depends neither on the thread count nor on the
// order of the input.
TEST(NearDuplicates, ResultDoesNotDependOnThreadsOrInputOrder) {
  std::vector<std::string> texts = EditedCorpus(5, 400, 2000);
  const TextNormalizer normalizer = Normalizer();
  NearDupConfig config;
  config.threads = 1;
  const NearDupResult one = GroupNearDuplicates(Views(texts), normalizer, config);
  for (int threads : {2, 3, 8}) {
    config.threads = threads;
    const NearDupResult many = GroupNearDuplicates(Views(texts), normalizer, config);
    EXPECT_EQ(many.family, one.family) << threads;
    EXPECT_EQ(many.variant, one.variant) << threads;
    // The report shows these counts: pairs verified in parallel are replayed
    // in the one-thread order, so they match too.
    EXPECT_EQ(many.stats.candidate_pairs, one.stats.candidate_pairs) << threads;
    EXPECT_EQ(many.stats.similar_pairs, one.stats.similar_pairs) << threads;
  }
  EXPECT_GT(one.stats.similar_pairs, 100u);
  EXPECT_GT(one.stats.candidate_pairs, one.stats.similar_pairs);
  std::vector<size_t> order(texts.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = order.size() - 1 - i;
  std::vector<std::string> reversed;
  for (size_t i : order) reversed.push_back(texts[i]);
  config.threads = 2;
  const NearDupResult back = GroupNearDuplicates(Views(reversed), normalizer, config);
  // Same partition up to renaming: family ids map one to one.
  std::map<uint32_t, uint32_t> forward, backward;
  for (size_t k = 0; k < order.size(); ++k) {
    const uint32_t x = one.family[order[k]], y = back.family[k];
    ASSERT_EQ(x == kNone, y == kNone);
    if (x == kNone) continue;
    EXPECT_EQ(forward.emplace(x, y).first->second, y);
    EXPECT_EQ(backward.emplace(y, x).first->second, x);
  }
}

// Property: recall against brute force. Every pair of distinct normalised
// texts is compared exactly; of the pairs at Jaccard >= 0.8, at least 95 %
// must end in the same family (stated target; measured ~1.0), and of the
// pairs at or above the threshold (0.6), at least 90 %.
TEST(NearDuplicates, RecallAgainstBruteForce) {
  const std::vector<std::string> texts = EditedCorpus(17, 300, 700);
  TextNormalizer normalizer = Normalizer();
  const NearDupConfig config;
  const NearDupResult r = GroupNearDuplicates(Views(texts), normalizer, config);
  // One exact shingle set per variant.
  std::vector<std::vector<uint32_t>> sets(r.stats.variants);
  std::vector<uint32_t> family(r.stats.variants);
  TextTokens tokens;
  for (size_t i = 0; i < texts.size(); ++i) {
    if (r.variant[i] == kNone || !sets[r.variant[i]].empty()) continue;
    normalizer.Tokenize(texts[i], tokens);
    Shingles(tokens, config.shingles, sets[r.variant[i]]);
    family[r.variant[i]] = r.family[i];
  }
  uint64_t high = 0, high_found = 0, above = 0, above_found = 0;
  for (size_t a = 0; a < sets.size(); ++a) {
    for (size_t b = a + 1; b < sets.size(); ++b) {
      const double j = Jaccard(sets[a], sets[b]);
      if (j >= 0.8) {
        ++high;
        high_found += family[a] == family[b];
      }
      if (j >= config.threshold) {
        ++above;
        above_found += family[a] == family[b];
      }
    }
  }
  ASSERT_GT(high, 200u);
  const double recall_high = static_cast<double>(high_found) / static_cast<double>(high);
  const double recall_threshold = static_cast<double>(above_found) / static_cast<double>(above);
  std::cout << "pairs >= 0.8: " << high << ", recall " << recall_high << "; pairs >= " << config.threshold << ": "
            << above << ", recall " << recall_threshold << "\n";
  EXPECT_GE(recall_high, 0.95);
  EXPECT_GE(recall_threshold, 0.90);
  EXPECT_GT(r.stats.candidate_pairs, 0u);
}

}  // namespace
}  // namespace unmask
