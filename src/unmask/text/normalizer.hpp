#pragma once
// The comparable form of a post's text, as a sequence of tokens: what is left
// of the text once everything that is not its wording is gone. Built on ICU
// (NFKC with case folding, Unicode categories and scripts) and OpenCC (the
// traditional -> simplified character table).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "unmask/core/status.hpp"

namespace unmask {

/// The tokens of one text. A token is a word of a script written with spaces
/// (Latin, Cyrillic, Hangul, Arabic ...) or a single character of a script
/// written without them (Han, kana, Thai, Lao, Khmer, Myanmar, Tibetan),
/// with its combining marks.
struct TextTokens {
  std::vector<uint64_t> hashes;  ///< one 64-bit hash per token, in text order
  uint32_t unspaced = 0;         ///< tokens that are characters of unspaced scripts
  uint32_t letters = 0;          ///< letters and digits kept (code points)
  void Clear() {
    hashes.clear();
    unspaced = 0;
    letters = 0;
  }
};

/// Turns texts into tokens. Steps, in order:
///  1. NFKC with Unicode case folding (ICU `nfkc_cf`): full-width and
///     compatibility forms, ligatures and case fold together; default
///     ignorables (zero-width joiners, variation selectors) go.
///  2. URLs (http://, https://, www.), @mentions, #hashtags, HTML entities
///     (&amp;) and a leading retweet marker ("RT @x:") are removed: links,
///     mentions and hashtags are signals of their own, and an appended
///     hashtag must not make two copies look different.
///  3. Only letters, digits and combining marks are kept: punctuation,
///     symbols (emoji, flags, arrows) and spaces only separate tokens.
///  4. Han characters are folded from traditional to simplified (OpenCC's
///     character table, t2s), so that 這是真的 and 这是真的 are the same text.
/// Not thread-safe (scratch buffers): use one instance per thread; copies
/// are cheap and share the fold table.
class TextNormalizer {
 public:
  /// With fold_chinese, loads OpenCC's "t2s" conversion to build the fold
  /// table (about 4,000 characters, ~0.1 s); fails with a message naming the
  /// missing data when OpenCC or its data (Debian libopencc-data) is absent.
  static Result<TextNormalizer> Create(bool fold_chinese = true);

  /// Appends the tokens of `text` to `out` (after out.Clear()).
  void Tokenize(std::string_view text, TextTokens& out);
  /// The kept tokens as text: words separated by one space, unspaced
  /// characters written together. For tests, display and debugging.
  std::string Normalize(std::string_view text);

  bool folds_chinese() const { return fold_ != nullptr; }

  struct FoldTable;  // implementation detail

 private:
  TextNormalizer() = default;
  template <typename Emit>
  void Scan(std::string_view text, Emit&& emit);

  std::shared_ptr<const FoldTable> fold_;
  const void* icu_ = nullptr;  // const icu::Normalizer2*, owned by ICU
  std::string folded_;         // scratch: the NFKC_Casefold text
  std::string token_;          // scratch: the current token
};

}  // namespace unmask
