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

/// The comparable form of one text, as code points: the words of scripts
/// written with spaces (Latin, Cyrillic, Hangul, Arabic ...) separated by one
/// space, the characters of scripts written without them (Han, kana, Thai,
/// Lao, Khmer, Myanmar, Tibetan, Yi) written together, combining marks kept.
struct TextTokens {
  std::vector<uint32_t> chars;  ///< code points of the normalised text
  uint32_t unspaced = 0;        ///< letters of unspaced scripts
  uint32_t letters = 0;         ///< letters and digits (code points, marks not counted)
  void Clear() {
    chars.clear();
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

  /// Writes the comparable form of `text` to `out`.
  void Tokenize(std::string_view text, TextTokens& out);
  /// The same as UTF-8 text, for tests, display and debugging.
  std::string Normalize(std::string_view text);

  bool folds_chinese() const { return fold_ != nullptr; }

  struct FoldTable;  // implementation detail

 private:
  TextNormalizer() = default;

  std::shared_ptr<const FoldTable> fold_;
  const void* icu_ = nullptr;  // const icu::Normalizer2*, owned by ICU
  std::string folded_;         // scratch: the NFKC_Casefold text
};

}  // namespace unmask
