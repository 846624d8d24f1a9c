// The themes a network pushes: hashtags, links, key terms per language, the
// languages it writes in, and the accounts it mentions or engages with.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "unmask/assess/impact.hpp"
#include "unmask/assess/network.hpp"
#include "unmask/signals/normalize.hpp"

namespace unmask {
namespace {

// Decodes one UTF-8 code point at text[i], advancing i; invalid bytes are
// returned as U+FFFD one byte at a time.
char32_t NextCodePoint(std::string_view text, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = byte(i);
  size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > text.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t c = len == 1 ? b : b & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    c = (c << 6) | (byte(i + k) & 0x3F);
  }
  i += len;
  return c;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Scripts written without spaces between words: key terms are bigrams.
bool IsCjk(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

// Letters and digits of the scripts written with spaces; punctuation,
// symbols and emoji separate words.
bool IsWordChar(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'';
  if (IsCjk(c) || c == 0xFFFD) return false;
  if (c <= 0xBF || c == 0xD7 || c == 0xF7) return false;  // Latin-1 punctuation and signs
  if (c >= 0x2000 && c <= 0x2BFF) return false;           // general punctuation, symbols, arrows
  if (c >= 0x3000 && c <= 0x303F) return false;           // CJK punctuation
  if (c >= 0xFE00 && c <= 0xFE4F) return false;           // variation selectors, CJK compatibility forms
  if (c >= 0xFF00 && c <= 0xFF65 &&
      !((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A))) {
    return false;  // full-width punctuation
  }
  return c < 0x1F000;  // emoji and pictographs
}

bool IsStopWord(std::string_view word) {
  static const std::unordered_set<std::string_view> kStop = {
      "the",    "and",   "for",   "are",  "but",   "not",   "you",    "all",   "any",   "can",    "had",
      "her",    "was",   "one",   "our",  "out",   "has",   "his",    "how",   "its",   "who",    "did",
      "yet",    "she",   "him",   "they", "them",  "this",  "that",   "with",  "from",  "have",   "were",
      "been",   "what",  "when",  "will", "your",  "just",  "than",   "then",  "there", "their",  "about",
      "would",  "these", "those", "into", "more",  "some",  "such",   "only",  "also",  "very",   "because",
      "which",  "while", "where", "here", "over",  "after", "before", "being", "does",  "each",   "other",
      "should", "could", "it's",  "i'm",  "don't", "we're", "you're", "can't", "let's", "what's", "there's"};
  return kStop.count(word) > 0;
}

bool StartsUrl(std::string_view text, size_t i) {
  const std::string_view rest = text.substr(i);
  return rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.");
}

// Posts and distinct members per value. Members' posts are visited one
// member at a time, so a member is new to a value when it differs from the
// last one that used it.
struct Tally {
  uint64_t posts = 0, actors = 0;
  ActorId last = kNone;
  void Add(ActorId a) {
    ++posts;
    if (a != last) ++actors, last = a;
  }
};

// Hash tables looked up by string_view (no string made to look one up); the
// lists are sorted by count and value afterwards, so their order is irrelevant.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
using Tallies = std::unordered_map<std::string, Tally, StringHash, std::equal_to<>>;

Tally& TallyOf(Tallies& tallies, std::string_view value) {
  auto it = tallies.find(value);
  if (it == tallies.end()) it = tallies.emplace(std::string(value), Tally{}).first;
  return it->second;
}

// The key-term tallies each distinct text of a network adds to, per
// language: a text repeated by the network is split into tokens once.
struct TextTallies {
  struct KeyHash {
    size_t operator()(const std::pair<const Tallies*, StrId>& key) const {
      return std::hash<const void*>{}(key.first) ^ (static_cast<size_t>(key.second) * 0x9E3779B97F4A7C15ULL);
    }
  };
  std::unordered_map<std::pair<const Tallies*, StrId>, std::vector<Tally*>, KeyHash> cached;

  // Tallies (references stay valid: unordered_map never moves its elements).
  const std::vector<Tally*>& Of(const Store& store, StrId text, Tallies& by_term) {
    auto [it, added] = cached.try_emplace({&by_term, text});
    if (added) {
      for (const std::string& token : KeyTermTokens(store.Str(text))) it->second.push_back(&TallyOf(by_term, token));
    }
    return it->second;
  }
};

std::vector<CountedValue> TopTallies(const Tallies& tallies, size_t top) {
  std::vector<CountedValue> out;
  for (const auto& [value, t] : tallies) out.push_back({value, t.posts, t.actors, 0});
  std::sort(out.begin(), out.end(), [](const CountedValue& x, const CountedValue& y) {
    return x.count != y.count ? x.count > y.count : x.value < y.value;
  });
  if (out.size() > top) out.resize(top);
  return out;
}

std::string FoldAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "https://host/path" -> "host".
std::string DomainOf(std::string_view normal_url) {
  const size_t scheme = normal_url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? normal_url : normal_url.substr(scheme + 3);
  return std::string(rest.substr(0, rest.find_first_of("/?#")));
}

std::string_view LanguageOf(const Store& store, PostId p) {
  const std::string_view post_lang = store.Str(store.posts().lang[p]);
  if (!post_lang.empty()) return post_lang;
  const std::string_view actor_lang = store.Str(store.actors().lang[store.posts().actor[p]]);
  return actor_lang.empty() ? std::string_view("und") : actor_lang;
}

std::vector<CountedValue> KeyTerms(const Tallies& terms, const TermBackground& background, size_t top) {
  std::vector<CountedValue> out;
  const double sampled = static_cast<double>(background.sampled);
  for (const auto& [term, t] : terms) {
    if (t.posts < 2) continue;  // one post is not a theme
    auto it = background.df.find(term);
    const double df = it == background.df.end() ? 0.0 : it->second;
    const double score = static_cast<double>(t.posts) * std::log((sampled + 1) / (df + 1));
    if (score <= 0) continue;
    out.push_back({term, t.posts, t.actors, score});
  }
  std::sort(out.begin(), out.end(), [](const CountedValue& x, const CountedValue& y) {
    return x.score != y.score ? x.score > y.score : x.value < y.value;
  });
  if (out.size() > top) out.resize(top);
  return out;
}

}  // namespace

std::vector<std::string> KeyTermTokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::string word;
  size_t letters = 0;  // code points in `word` (counted as they are added)
  bool digits_only = true;
  std::vector<char32_t> cjk;
  auto flush_word = [&] {
    while (!word.empty() && word.back() == '\'') word.pop_back();
    if (letters >= 3 && !digits_only && !IsStopWord(word)) tokens.push_back(word);
    word.clear();
    letters = 0;
    digits_only = true;
  };
  auto flush_cjk = [&] {
    for (size_t k = 0; k + 1 < cjk.size(); ++k) {
      std::string bigram;
      AppendUtf8(bigram, cjk[k]);
      AppendUtf8(bigram, cjk[k + 1]);
      tokens.push_back(std::move(bigram));
    }
    cjk.clear();
  };
  bool after_space = true;
  for (size_t i = 0; i < text.size();) {
    if (after_space && StartsUrl(text, i)) {
      while (i < text.size() && text[i] != ' ' && text[i] != '\n' && text[i] != '\t') ++i;
      continue;
    }
    const size_t at = i;
    const char32_t c = NextCodePoint(text, i);
    if (c == '@' || c == '#' || c == 0xFF03) {  // a mention or hashtag: skip its name
      flush_word(), flush_cjk();
      size_t j = i;
      while (j < text.size()) {
        size_t k = j;
        const char32_t d = NextCodePoint(text, k);
        if (!IsWordChar(d) && !IsCjk(d) && d != '_') break;
        j = k;
      }
      i = j;
      after_space = false;
      continue;
    }
    if (IsCjk(c)) {
      flush_word();
      cjk.push_back(c);
    } else if (IsWordChar(c)) {
      flush_cjk();
      for (size_t k = at; k < i; ++k) {
        const char b = text[k];
        word += (b >= 'A' && b <= 'Z') ? static_cast<char>(b - 'A' + 'a') : b;
      }
      ++letters;
      digits_only = digits_only && c >= '0' && c <= '9';
    } else {
      flush_word(), flush_cjk();
    }
    after_space = c == ' ' || c == '\n' || c == '\t' || c == 0x3000;
  }
  flush_word(), flush_cjk();
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  return tokens;
}

TermBackground BackgroundTerms(const Store& store, const ImpactConfig& config) {
  TermBackground background;
  const PostTable& posts = store.posts();
  const size_t stride = std::max<size_t>(1, posts.size() / std::max<size_t>(1, config.background_posts));
  for (PostId p = 0; p < posts.size(); p += static_cast<PostId>(stride)) {
    if (posts.text[p] == 0) continue;
    ++background.sampled;
    for (std::string& token : KeyTermTokens(store.Str(posts.text[p]))) ++background.df[std::move(token)];
  }
  return background;
}

Narratives DescribeNarratives(const Store& store, const Network& net, const TermBackground& background,
                              const ImpactConfig& config) {
  Tallies hashtags, domains, urls, mentions, languages;
  std::map<std::string, Tallies, std::less<>> terms;  // per language
  TextTallies text_tallies;
  std::unordered_map<ActorId, uint64_t> engaged;
  const PostTable& posts = store.posts();
  // The tallies each string id counts into, found once per id (folding and
  // normalising each time was most of the cost); ids whose values fold to
  // one value share its tally. nullptr: the value counts nowhere.
  std::unordered_map<StrId, Tally*> tag_tally, mention_tally;
  std::unordered_map<StrId, std::pair<Tally*, Tally*>> url_tally;  // the URL's and its domain's
  std::unordered_map<StrId, std::pair<Tally*, Tallies*>> lang_tally;  // the language's and its terms
  auto tag_of = [&](StrId tag) {
    auto [it, added] = tag_tally.try_emplace(tag, nullptr);
    if (added) it->second = &TallyOf(hashtags, FoldAscii(store.Str(tag)));
    return it->second;
  };
  auto mention_of = [&](StrId m) {
    auto [it, added] = mention_tally.try_emplace(m, nullptr);
    if (added) {
      std::string handle = FoldAscii(store.Str(m));
      if (!handle.empty() && handle.front() == '@') handle.erase(0, 1);
      if (!handle.empty()) it->second = &TallyOf(mentions, handle);
    }
    return it->second;
  };
  auto url_of = [&](StrId url) {
    auto [it, added] = url_tally.try_emplace(url, nullptr, nullptr);
    if (added) {
      const std::string normal = NormalizeUrl(store.Str(url));
      if (!normal.empty()) it->second = {&TallyOf(urls, normal), &TallyOf(domains, DomainOf(normal))};
    }
    return it->second;
  };
  auto lang_of = [&](PostId p) {
    const StrId post_lang = posts.lang[p];
    const StrId id = !store.Str(post_lang).empty() ? post_lang : store.actors().lang[posts.actor[p]];
    auto [it, added] = lang_tally.try_emplace(id, nullptr, nullptr);
    if (added) {
      const std::string_view lang = LanguageOf(store, p);
      auto by_term = terms.find(lang);
      if (by_term == terms.end()) by_term = terms.emplace(std::string(lang), Tallies{}).first;
      it->second = {&TallyOf(languages, lang), &by_term->second};
    }
    return it->second;
  };
  const auto is_member = [&](ActorId a) { return std::binary_search(net.members.begin(), net.members.end(), a); };
  std::vector<Tally*> seen;  // one post's tallies, each counted once per post
  for (ActorId a : net.members) {
    for (PostId p : store.PostsOf(a)) {
      if (const PostId parent = posts.parent[p]; parent != kNone && !is_member(posts.actor[parent])) {
        ++engaged[posts.actor[parent]];
      }
      if (posts.type[p] == PostType::kReaction) continue;
      seen.clear();
      for (StrId tag : posts.hashtags.Row(p)) seen.push_back(tag_of(tag));
      for (StrId url : posts.urls.Row(p)) {
        const auto [url_count, domain_count] = url_of(url);
        seen.push_back(url_count);
        seen.push_back(domain_count);
      }
      for (StrId m : posts.mentions.Row(p)) seen.push_back(mention_of(m));
      std::sort(seen.begin(), seen.end());
      seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
      for (Tally* tally : seen) {
        if (tally != nullptr) tally->Add(a);
      }
      if (posts.text[p] == 0) continue;
      const auto [language, by_term] = lang_of(p);
      language->Add(a);
      for (Tally* tally : text_tallies.Of(store, posts.text[p], *by_term)) tally->Add(a);
    }
  }
  Narratives n;
  n.hashtags = TopTallies(hashtags, config.top);
  n.domains = TopTallies(domains, config.top);
  n.urls = TopTallies(urls, config.top);
  n.mentions = TopTallies(mentions, config.top);
  n.languages = TopTallies(languages, config.top);
  for (const CountedValue& lang : n.languages) {
    std::vector<CountedValue> top = KeyTerms(terms[lang.value], background, config.top);
    if (!top.empty()) n.terms[lang.value] = std::move(top);
  }
  for (const auto& [actor, count] : engaged) n.engaged_accounts.push_back({actor, count});
  std::sort(n.engaged_accounts.begin(), n.engaged_accounts.end(), [](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : x.first < y.first;
  });
  if (n.engaged_accounts.size() > config.top) n.engaged_accounts.resize(config.top);
  return n;
}

}  // namespace unmask
