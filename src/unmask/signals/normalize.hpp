#pragma once
// Normal forms under which two posts count as "the same" object: URLs without
// tracking noise, texts without case, links, mentions, hashtags and spacing.
#include <string>
#include <string_view>

namespace unmask {

/// Canonical URL: https, lower-case host without `www.`/`m.`/`mobile.`, no
/// fragment, no tracking parameters (utm_*, fbclid, gclid, si, feature, ...),
/// sorted remaining parameters, no trailing slash; `youtu.be/ID` becomes
/// `youtube.com/watch?v=ID`. Returns "" for text that is not a URL.
std::string NormalizeUrl(std::string_view url);

/// Comparable text: URLs, @mentions and #hashtags removed (they are signals of
/// their own), ASCII case folded, runs of punctuation, symbols and spaces
/// collapsed to one space. Non-ASCII letters (CJK ...) are kept as they are.
std::string NormalizeText(std::string_view text);

/// Number of Unicode code points in valid UTF-8 (continuation bytes skipped).
size_t CodePoints(std::string_view utf8);

}  // namespace unmask
