#include "unmask/ingest/text_entities.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace unmask {
namespace {

enum class Class : uint8_t { kLetter, kDigit, kJoiner };

struct Range {
  char32_t lo, hi;
  Class cls;
};

// Letters and combining marks (and the decimal digits) of the scripts in
// common use, as sorted closed ranges. Hand-made from the Unicode blocks, with
// the main punctuation and symbol ranges of each block left out; some rarely
// used symbols inside a script block (e.g. Indic currency signs) count as
// letters, which only makes a hashtag a character longer.
constexpr Range kRanges[] = {
    {0x00AA, 0x00AA, Class::kLetter}, {0x00B5, 0x00B5, Class::kLetter}, {0x00B7, 0x00B7, Class::kJoiner},
    {0x00BA, 0x00BA, Class::kLetter}, {0x00C0, 0x00D6, Class::kLetter}, {0x00D8, 0x00F6, Class::kLetter},
    {0x00F8, 0x02C1, Class::kLetter}, {0x02C6, 0x02D1, Class::kLetter}, {0x02E0, 0x02E4, Class::kLetter},
    {0x02EC, 0x02EC, Class::kLetter}, {0x02EE, 0x02EE, Class::kLetter}, {0x0300, 0x0374, Class::kLetter},
    {0x0376, 0x0377, Class::kLetter}, {0x037A, 0x037D, Class::kLetter}, {0x037F, 0x037F, Class::kLetter},
    {0x0386, 0x0386, Class::kLetter}, {0x0388, 0x038A, Class::kLetter}, {0x038C, 0x038C, Class::kLetter},
    {0x038E, 0x03A1, Class::kLetter}, {0x03A3, 0x03F5, Class::kLetter}, {0x03F7, 0x0481, Class::kLetter},
    {0x0483, 0x052F, Class::kLetter}, {0x0531, 0x0556, Class::kLetter}, {0x0559, 0x0559, Class::kLetter},
    {0x0560, 0x0588, Class::kLetter}, {0x0591, 0x05BD, Class::kLetter}, {0x05BF, 0x05BF, Class::kLetter},
    {0x05C1, 0x05C2, Class::kLetter}, {0x05C4, 0x05C5, Class::kLetter}, {0x05C7, 0x05C7, Class::kLetter},
    {0x05D0, 0x05EA, Class::kLetter}, {0x05EF, 0x05F2, Class::kLetter}, {0x05F3, 0x05F4, Class::kJoiner},
    {0x0610, 0x061A, Class::kLetter}, {0x0620, 0x065F, Class::kLetter}, {0x0660, 0x0669, Class::kDigit},
    {0x066E, 0x06D3, Class::kLetter}, {0x06D5, 0x06DC, Class::kLetter}, {0x06DF, 0x06E8, Class::kLetter},
    {0x06EA, 0x06EF, Class::kLetter}, {0x06F0, 0x06F9, Class::kDigit}, {0x06FA, 0x06FC, Class::kLetter},
    {0x06FF, 0x06FF, Class::kLetter}, {0x0710, 0x074A, Class::kLetter}, {0x074D, 0x07B1, Class::kLetter},
    {0x07C0, 0x07C9, Class::kDigit}, {0x07CA, 0x07F5, Class::kLetter}, {0x08A0, 0x08FF, Class::kLetter},
    {0x0900, 0x0963, Class::kLetter}, {0x0966, 0x096F, Class::kDigit}, {0x0971, 0x0DFF, Class::kLetter},
    {0x0E01, 0x0E3A, Class::kLetter}, {0x0E40, 0x0E4E, Class::kLetter}, {0x0E50, 0x0E59, Class::kDigit},
    {0x0E81, 0x0ECF, Class::kLetter}, {0x0ED0, 0x0ED9, Class::kDigit}, {0x0EDC, 0x0EDF, Class::kLetter},
    {0x0F00, 0x0F00, Class::kLetter}, {0x0F0B, 0x0F0C, Class::kJoiner}, {0x0F18, 0x0F19, Class::kLetter},
    {0x0F20, 0x0F29, Class::kDigit}, {0x0F35, 0x0F35, Class::kLetter}, {0x0F37, 0x0F37, Class::kLetter},
    {0x0F39, 0x0F39, Class::kLetter}, {0x0F3E, 0x0FBC, Class::kLetter}, {0x1000, 0x103F, Class::kLetter},
    {0x1040, 0x1049, Class::kDigit}, {0x1050, 0x109F, Class::kLetter}, {0x10A0, 0x10FA, Class::kLetter},
    {0x10FC, 0x135F, Class::kLetter}, {0x1380, 0x138F, Class::kLetter}, {0x13A0, 0x13FD, Class::kLetter},
    {0x1401, 0x166C, Class::kLetter}, {0x166F, 0x167F, Class::kLetter}, {0x1780, 0x17D3, Class::kLetter},
    {0x17D7, 0x17D7, Class::kLetter}, {0x17DC, 0x17DD, Class::kLetter}, {0x17E0, 0x17E9, Class::kDigit},
    {0x1810, 0x1819, Class::kDigit}, {0x1820, 0x1878, Class::kLetter}, {0x1880, 0x18AA, Class::kLetter},
    {0x1AB0, 0x1AFF, Class::kLetter}, {0x1DC0, 0x1FBC, Class::kLetter}, {0x1FBE, 0x1FBE, Class::kLetter},
    {0x1FC2, 0x1FCC, Class::kLetter}, {0x1FD0, 0x1FDB, Class::kLetter}, {0x1FE0, 0x1FEC, Class::kLetter},
    {0x1FF2, 0x1FFC, Class::kLetter}, {0x200C, 0x200D, Class::kJoiner}, {0x2C00, 0x2CE4, Class::kLetter},
    {0x2CEB, 0x2CF3, Class::kLetter}, {0x2D00, 0x2D6F, Class::kLetter}, {0x2D7F, 0x2DFF, Class::kLetter},
    {0x3003, 0x3003, Class::kJoiner}, {0x3005, 0x3007, Class::kLetter}, {0x3021, 0x3029, Class::kLetter},
    {0x3031, 0x3035, Class::kLetter}, {0x3038, 0x303C, Class::kLetter}, {0x3041, 0x3096, Class::kLetter},
    {0x3099, 0x309A, Class::kLetter}, {0x309B, 0x309C, Class::kJoiner}, {0x309D, 0x309F, Class::kLetter},
    {0x30A1, 0x30FA, Class::kLetter}, {0x30FB, 0x30FB, Class::kJoiner}, {0x30FC, 0x30FF, Class::kLetter},
    {0x3105, 0x312F, Class::kLetter}, {0x3131, 0x318E, Class::kLetter}, {0x31A0, 0x31BF, Class::kLetter},
    {0x31F0, 0x31FF, Class::kLetter}, {0x3400, 0x4DBF, Class::kLetter}, {0x4E00, 0xA48C, Class::kLetter},
    {0xA4D0, 0xA4FD, Class::kLetter}, {0xA500, 0xA60C, Class::kLetter}, {0xA610, 0xA62B, Class::kLetter},
    {0xA640, 0xA66F, Class::kLetter}, {0xA67E, 0xA67E, Class::kJoiner}, {0xA67F, 0xA6EF, Class::kLetter},
    {0xA717, 0xA7FF, Class::kLetter}, {0xA800, 0xABFF, Class::kLetter}, {0xAC00, 0xD7A3, Class::kLetter},
    {0xD7B0, 0xD7FB, Class::kLetter}, {0xF900, 0xFAFF, Class::kLetter}, {0xFB00, 0xFB06, Class::kLetter},
    {0xFB13, 0xFB17, Class::kLetter}, {0xFB1D, 0xFB28, Class::kLetter}, {0xFB2A, 0xFBB1, Class::kLetter},
    {0xFBD3, 0xFD3D, Class::kLetter}, {0xFD50, 0xFDC7, Class::kLetter}, {0xFDF0, 0xFDFB, Class::kLetter},
    {0xFE20, 0xFE2F, Class::kLetter}, {0xFE70, 0xFEFC, Class::kLetter}, {0xFF10, 0xFF19, Class::kDigit},
    {0xFF21, 0xFF3A, Class::kLetter}, {0xFF3F, 0xFF3F, Class::kJoiner}, {0xFF41, 0xFF5A, Class::kLetter},
    {0xFF66, 0xFFBE, Class::kLetter}, {0xFFC2, 0xFFDC, Class::kLetter}, {0x10000, 0x1BCFF, Class::kLetter},
    {0x1D400, 0x1D7CB, Class::kLetter}, {0x1D7CE, 0x1D7FF, Class::kDigit}, {0x1E800, 0x1E95F, Class::kLetter},
    {0x20000, 0x3134F, Class::kLetter},
};

const Range* Lookup(char32_t c) {
  const Range* it = std::upper_bound(std::begin(kRanges), std::end(kRanges), c,
                                     [](char32_t value, const Range& r) { return value < r.lo; });
  if (it == std::begin(kRanges)) return nullptr;
  --it;
  return c <= it->hi ? it : nullptr;
}

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Decodes the code point at `i`; invalid or truncated sequences decode as
// U+FFFD with length 1, so that scanning always advances.
char32_t Decode(std::string_view s, size_t i, size_t& length) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  length = 1;
  if (c < 0x80) return c;
  size_t n;
  char32_t cp;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0xFFFD;
  }
  if (i + n > s.size()) return 0xFFFD;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
  length = n;
  return cp;
}

bool StartsWithIgnoreCase(std::string_view s, size_t i, std::string_view prefix) {
  if (s.size() - i < prefix.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k) {
    char c = s[i + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[k]) return false;
  }
  return true;
}

bool IsUrlByte(unsigned char c) {
  if (c <= 0x20 || c >= 0x7F) return false;
  switch (c) {
    case '<': case '>': case '"': case '\'': case '`': case '{': case '}': case '|': case '\\': case '^':
      return false;
    default:
      return true;
  }
}

// Length of the URL starting at `i`, or 0.
size_t MatchUrl(std::string_view s, size_t i) {
  size_t host;
  if (StartsWithIgnoreCase(s, i, "https://")) {
    host = i + 8;
  } else if (StartsWithIgnoreCase(s, i, "http://")) {
    host = i + 7;
  } else if (StartsWithIgnoreCase(s, i, "www.")) {
    host = i + 4;
  } else {
    return 0;
  }
  if (host >= s.size() || !IsAsciiAlnum(static_cast<unsigned char>(s[host]))) return 0;
  size_t end = host;
  while (end < s.size() && IsUrlByte(static_cast<unsigned char>(s[end]))) ++end;
  // Sentence punctuation after a link is not part of it; a closing bracket is
  // only when the link opened one (Wikipedia's "Foo_(bar)").
  for (;;) {
    const char last = s[end - 1];
    if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?' || last == '*') {
      --end;
      continue;
    }
    if (last == ')' || last == ']') {
      const char open = last == ')' ? '(' : '[';
      const std::string_view url = s.substr(i, end - i);
      if (std::count(url.begin(), url.end(), last) > std::count(url.begin(), url.end(), open)) {
        --end;
        continue;
      }
    }
    break;
  }
  return end > host ? end - i : 0;
}

// Length of the `#` or `＃` (U+FF03) at `i`, or 0.
size_t HashMark(std::string_view s, size_t i) {
  if (s[i] == '#') return 1;
  if (s.substr(i, 3) == "\xEF\xBC\x83") return 3;
  return 0;
}

// Length of the `@` or `＠` (U+FF20) at `i`, or 0.
size_t AtMark(std::string_view s, size_t i) {
  if (s[i] == '@') return 1;
  if (s.substr(i, 3) == "\xEF\xBC\xA0") return 3;
  return 0;
}

bool IsHashtagCodePoint(char32_t c) {
  if (c < 0x80) return IsAsciiAlnum(static_cast<unsigned char>(c)) || c == '_';
  return Lookup(c) != nullptr;  // letters, digits and the in-word joiners
}

}  // namespace

bool IsLetterCodePoint(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  const Range* r = Lookup(c);
  return r != nullptr && r->cls == Class::kLetter;
}

bool IsWordCodePoint(char32_t c) {
  if (c < 0x80) return IsAsciiAlnum(static_cast<unsigned char>(c)) || c == '_';
  const Range* r = Lookup(c);
  return r != nullptr && (r->cls != Class::kJoiner || c == 0x200C || c == 0x200D);
}

void ExtractEntities(std::string_view s, std::vector<std::string_view>* urls, std::vector<std::string_view>* hashtags,
                     std::vector<std::string_view>* mentions) {
  size_t i = 0;
  char32_t prev = ' ';
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    // A URL may follow CJK text directly, but not a Latin word, a path or an
    // e-mail local part.
    if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') &&
        !(prev < 0x80 && (IsAsciiAlnum(static_cast<unsigned char>(prev)) || prev == '_' || prev == '@' ||
                          prev == '/' || prev == '.' || prev == '-'))) {
      if (const size_t n = MatchUrl(s, i); n > 0) {
        if (urls != nullptr) urls->push_back(s.substr(i, n));
        i += n;
        prev = static_cast<unsigned char>(s[i - 1]);
        continue;
      }
    }
    if (c == '#' || c == 0xEF || c == '@') {
      const size_t hash = HashMark(s, i);
      const size_t at = hash == 0 ? AtMark(s, i) : 0;
      // A tag may not follow any letter or digit (`C#`, `&#39;`); a mention
      // may follow CJK text (Weibo's `回复@某人`) but not an e-mail local part.
      const bool tag_start = hash > 0 && !IsWordCodePoint(prev) && prev != '&';
      const bool mention_start =
          at > 0 && !(prev < 0x80 && (IsAsciiAlnum(static_cast<unsigned char>(prev)) || prev == '_' || prev == '@' ||
                                      prev == '.' || prev == '-' || prev == '+'));
      if (tag_start || mention_start) {
        const size_t start = i + hash + at;
        size_t end = start;
        size_t kept = start;  // end of the part to keep
        bool letter = false;
        while (end < s.size()) {
          size_t length;
          const char32_t cp = Decode(s, end, length);
          if (hash > 0) {
            if (!IsHashtagCodePoint(cp)) break;
            letter = letter || IsLetterCodePoint(cp);
            end += length;
            if (IsWordCodePoint(cp)) kept = end;  // joiners like ・ only inside a tag
          } else {
            // Handles: word characters with inner dots and dashes.
            if (cp == '.' || cp == '-') {
              if (end == start) break;
              end += length;
              continue;
            }
            if (!IsWordCodePoint(cp)) break;
            end += length;
            kept = end;
          }
        }
        const bool valid = kept > start && (at > 0 || letter);
        if (valid) {
          std::vector<std::string_view>* out = hash > 0 ? hashtags : mentions;
          if (out != nullptr) out->push_back(s.substr(start, kept - start));
          i = kept;
          size_t length;
          // The last code point of the entity: step back to its lead byte.
          size_t last = kept - 1;
          while (last > start && (static_cast<unsigned char>(s[last]) & 0xC0) == 0x80) --last;
          prev = Decode(s, last, length);
          continue;
        }
      }
    }
    size_t length;
    prev = Decode(s, i, length);
    i += length;
  }
}

}  // namespace unmask
