#include "unmask/text/normalizer.hpp"

#include <opencc/opencc.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <fmt/format.h>

#include <unordered_map>

#include "unmask/core/hash.hpp"

namespace unmask {

struct TextNormalizer::FoldTable {
  static constexpr uint32_t kDenseFirst = 0x3400, kDenseLast = 0x9FFF;
  std::vector<uint32_t> dense = std::vector<uint32_t>(kDenseLast - kDenseFirst + 1, 0);  // 0: unchanged
  std::unordered_map<uint32_t, uint32_t> sparse;

  uint32_t Fold(uint32_t cp) const {
    if (cp >= kDenseFirst && cp <= kDenseLast) {
      const uint32_t to = dense[cp - kDenseFirst];
      return to != 0 ? to : cp;
    }
    if (cp < 0x20000) return cp;
    auto it = sparse.find(cp);
    return it == sparse.end() ? cp : it->second;
  }
};

namespace {

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Scripts written without spaces between words: each character is a token.
bool IsUnspaced(uint32_t cp) {
  return (cp >= 0x0E00 && cp <= 0x0FFF) ||    // Thai, Lao, Tibetan
         (cp >= 0x1000 && cp <= 0x109F) ||    // Myanmar
         (cp >= 0x1780 && cp <= 0x17FF) ||    // Khmer
         (cp >= 0x3005 && cp <= 0x3007) ||    // 々 〆 〇
         (cp >= 0x3040 && cp <= 0x31FF) ||    // kana, bopomofo, kana extensions
         (cp >= 0x3400 && cp <= 0x9FFF) ||    // Han (extension A, unified)
         (cp >= 0xA000 && cp <= 0xA4CF) ||    // Yi
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // Han compatibility
         (cp >= 0x20000 && cp <= 0x3134F);    // Han extensions B-G
}

bool IsAsciiAlnum(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); }
bool IsAsciiSpace(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

bool IsWordCodePoint(UChar32 cp) {
  if (cp < 0x80) return IsAsciiAlnum(static_cast<unsigned char>(cp)) || cp == '_';
  return (U_MASK(u_charType(cp)) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0;
}

// End of a URL, @mention, #hashtag or HTML entity starting at i; i when none does.
size_t EntityEnd(std::string_view s, size_t i) {
  const auto n = static_cast<int32_t>(s.size());
  const char c = s[i];
  if (c == '#' || c == '@') {
    auto j = static_cast<int32_t>(i + 1);
    int32_t end = j;
    while (j < n) {
      UChar32 cp;
      U8_NEXT(s.data(), j, n, cp);
      if (cp < 0 || !IsWordCodePoint(cp)) break;
      end = j;
    }
    return static_cast<size_t>(end) > i + 1 ? static_cast<size_t>(end) : i;
  }
  const std::string_view rest = s.substr(i);
  if (rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.")) {
    size_t j = i;
    while (j < s.size() && !IsAsciiSpace(static_cast<unsigned char>(s[j])) &&
           static_cast<unsigned char>(s[j]) < 0x80) {
      ++j;
    }
    return j;
  }
  if (c == '&') {
    size_t j = i + 1;
    while (j < s.size() && j - i <= 10 && (IsAsciiAlnum(static_cast<unsigned char>(s[j])) || s[j] == '#')) ++j;
    if (j < s.size() && j > i + 1 && s[j] == ';') return j + 1;
  }
  return i;
}

Result<std::shared_ptr<const TextNormalizer::FoldTable>> BuildFoldTable() {
  opencc_t converter = opencc_open("t2s.json");
  if (converter == reinterpret_cast<opencc_t>(-1)) {
    return Status::Error(fmt::format(
        "cannot load OpenCC's t2s conversion ({}): install libopencc-data, or run without Chinese folding",
        opencc_error()));
  }
  // One character per line: phrases cannot match across lines, so the result
  // is OpenCC's character table.
  std::vector<uint32_t> chars;
  std::string input;
  auto add_range = [&](uint32_t first, uint32_t last) {
    for (uint32_t cp = first; cp <= last; ++cp) {
      chars.push_back(cp);
      AppendUtf8(cp, input);
      input += '\n';
    }
  };
  add_range(0x3400, 0x9FFF);
  add_range(0x20000, 0x2A6DF);
  char* converted = opencc_convert_utf8(converter, input.data(), input.size());
  opencc_close(converter);
  if (converted == nullptr) return Status::Error("OpenCC could not convert the Han character table");
  auto table = std::make_shared<TextNormalizer::FoldTable>();
  const std::string_view out(converted);
  size_t line_start = 0;
  for (uint32_t from : chars) {
    const size_t line_end = out.find('\n', line_start);
    if (line_end == std::string_view::npos) break;
    const std::string_view line = out.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    int32_t k = 0;
    UChar32 to;
    U8_NEXT(line.data(), k, static_cast<int32_t>(line.size()), to);
    if (to <= 0 || static_cast<size_t>(k) != line.size() || static_cast<uint32_t>(to) == from) continue;
    if (from <= TextNormalizer::FoldTable::kDenseLast) {
      table->dense[from - TextNormalizer::FoldTable::kDenseFirst] = static_cast<uint32_t>(to);
    } else {
      table->sparse.emplace(from, static_cast<uint32_t>(to));
    }
  }
  opencc_convert_utf8_free(converted);
  return std::shared_ptr<const TextNormalizer::FoldTable>(std::move(table));
}

}  // namespace

Result<TextNormalizer> TextNormalizer::Create(bool fold_chinese) {
  TextNormalizer normalizer;
  UErrorCode error = U_ZERO_ERROR;
  normalizer.icu_ = icu::Normalizer2::getNFKCCasefoldInstance(error);
  if (U_FAILURE(error) || normalizer.icu_ == nullptr) {
    return Status::Error(fmt::format("cannot load ICU's NFKC_Casefold normaliser: {}", u_errorName(error)));
  }
  if (fold_chinese) {
    auto table = BuildFoldTable();
    if (!table.ok()) return table.status();
    normalizer.fold_ = *table;
  }
  return normalizer;
}

void TextNormalizer::Tokenize(std::string_view text, TextTokens& out) {
  out.Clear();
  bool ascii = true;
  for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  folded_.clear();
  if (ascii) {  // NFKC_Casefold of ASCII is ASCII lower case
    folded_.resize(text.size());
    for (size_t k = 0; k < text.size(); ++k) {
      const char c = text[k];
      folded_[k] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
  } else {
    UErrorCode error = U_ZERO_ERROR;
    icu::StringByteSink<std::string> sink(&folded_, static_cast<int32_t>(text.size()));
    static_cast<const icu::Normalizer2*>(icu_)->normalizeUTF8(
        0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), sink, nullptr, error);
    if (U_FAILURE(error)) folded_.assign(text);
  }
  const std::string_view s = folded_;
  const auto n = static_cast<int32_t>(s.size());
  out.chars.reserve(s.size());
  bool in_token = false, token_unspaced = false, last_unspaced = false;
  // A token is a word or one unspaced character; between two tokens goes one
  // space, except between two unspaced characters.
  auto put = [&](uint32_t cp, bool unspaced, bool letter, bool new_token) {
    if (new_token && !out.chars.empty() && !(unspaced && last_unspaced)) out.chars.push_back(' ');
    out.chars.push_back(cp);
    out.letters += letter;
    out.unspaced += letter && unspaced;
    last_unspaced = unspaced;
  };
  int32_t i = s.starts_with("rt @") ? 3 : 0;
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (!in_token) {
      const size_t end = EntityEnd(s, static_cast<size_t>(i));
      if (end > static_cast<size_t>(i)) {
        i = static_cast<int32_t>(end);
        continue;
      }
    }
    if (c < 0x80) {
      if (IsAsciiAlnum(c)) {
        put(c, false, true, !in_token || token_unspaced);
        in_token = true;
        token_unspaced = false;
      } else {
        in_token = false;
      }
      ++i;
      continue;
    }
    UChar32 cp;
    U8_NEXT(s.data(), i, n, cp);
    const uint32_t category = cp < 0 ? 0 : U_MASK(u_charType(cp));
    if (category & U_GC_M_MASK) {  // a combining mark belongs to the token before it
      if (in_token) put(static_cast<uint32_t>(cp), token_unspaced, false, false);
      continue;
    }
    if (!(category & (U_GC_L_MASK | U_GC_N_MASK))) {
      in_token = false;
      continue;
    }
    if (IsUnspaced(static_cast<uint32_t>(cp))) {
      put(fold_ ? fold_->Fold(static_cast<uint32_t>(cp)) : static_cast<uint32_t>(cp), true, true, true);
      token_unspaced = true;
    } else {
      put(static_cast<uint32_t>(cp), false, true, !in_token || token_unspaced);
      token_unspaced = false;
    }
    in_token = true;
  }
}

std::string TextNormalizer::Normalize(std::string_view text) {
  TextTokens tokens;
  Tokenize(text, tokens);
  std::string out;
  for (uint32_t cp : tokens.chars) AppendUtf8(cp, out);
  return out;
}

}  // namespace unmask
