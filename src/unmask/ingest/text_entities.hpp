#pragma once
// Links, hashtags and mentions found in a post's text, for inputs that do not
// list them separately. The rules follow what the big platforms link:
//
//  - URLs: `http://` or `https://` (any case) or `www.` at a word start, up to
//    whitespace, a non-ASCII character (CJK text often follows a link without
//    a space), or one of <>"'`{}|\^. Trailing sentence punctuation (.,;:!?*)
//    and unbalanced closing brackets are not part of the link.
//  - Hashtags: `#` or fullwidth `＃`, not preceded by a letter, digit, mark,
//    underscore or `&` (so `C#` and `&#39;` are not tags), followed by Unicode
//    letters, marks, digits and underscores with at least one letter (inner
//    joiners such as the katakana middle dot ・ are kept). The `#` is not
//    included. Weibo's `#话题#` yields 话题.
//  - Mentions: `@` or fullwidth `＠`, not preceded by an ASCII letter, digit or
//    one of _@.-+ (so e-mail addresses are skipped, while Weibo's `回复@某人`
//    is a mention), then word characters, dots and dashes
//    (Instagram and YouTube handles contain them); trailing dots/dashes are
//    dropped. The `@` is not included.
//
// Text inside a URL is never a hashtag or mention (`https://x.com/#/@a`).
// Invalid UTF-8 is tolerated (such bytes end a word). Time O(text length).
#include <string_view>
#include <vector>

namespace unmask {

/// Appends the entities found in `text` to the vectors given (nullptr: skip
/// that kind). The views point into `text`.
void ExtractEntities(std::string_view text, std::vector<std::string_view>* urls,
                     std::vector<std::string_view>* hashtags, std::vector<std::string_view>* mentions);

/// True for code points that may appear inside a hashtag: letters, combining
/// marks, decimal digits (of any script) and underscore. Covers the scripts in
/// common use (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Indic, Thai,
/// Lao, Tibetan, Myanmar, Georgian, Hangul, Ethiopic, Khmer, Mongolian, kana,
/// CJK ideographs incl. extensions, fullwidth forms) from a compact range table.
bool IsWordCodePoint(char32_t c);
/// Letters (and marks) only, without digits and underscore.
bool IsLetterCodePoint(char32_t c);

}  // namespace unmask
