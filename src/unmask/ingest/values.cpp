#include "unmask/ingest/values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "unmask/core/time.hpp"

namespace unmask {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Reads 1..max_digits digits at `pos`.
bool Number(std::string_view s, size_t& pos, int max_digits, int64_t& out) {
  int64_t value = 0;
  int digits = 0;
  while (pos < s.size() && digits < max_digits && IsDigit(s[pos])) {
    value = value * 10 + (s[pos] - '0');
    ++pos;
    ++digits;
  }
  if (digits == 0) return false;
  out = value;
  return true;
}

struct Civil {
  int64_t year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  std::optional<int32_t> offset;
  int pm = -1;  // -1 no %p, 0 am, 1 pm
};

std::optional<Time> ToTime(Civil c, int32_t default_offset) {
  if (c.pm >= 0) {
    if (c.hour < 1 || c.hour > 12) return std::nullopt;
    c.hour = c.hour % 12 + (c.pm == 1 ? 12 : 0);
  }
  if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31 || c.hour > 23 || c.minute > 59 || c.second > 60 ||
      c.year < 1 || c.year > 9999) {
    return std::nullopt;
  }
  const int64_t days = DaysFromCivil(c.year, static_cast<unsigned>(c.month), static_cast<unsigned>(c.day));
  return days * 86400 + c.hour * 3600 + c.minute * 60 + c.second - c.offset.value_or(default_offset);
}

// Epoch seconds, with an optional sign and decimal part.
std::optional<double> Decimal(std::string_view s) {
  if (s.empty()) return std::nullopt;
  size_t i = s[0] == '-' || s[0] == '+' ? 1 : 0;
  const size_t digits_from = i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i == digits_from) return std::nullopt;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  if (i != s.size() || s.size() > 24) return std::nullopt;
  return std::strtod(std::string(s).c_str(), nullptr);
}

constexpr double kMaxEpoch = 1e11;  // beyond: milliseconds (or year 5138)

std::optional<Time> FromSeconds(double seconds) {
  if (!std::isfinite(seconds) || std::fabs(seconds) >= kMaxEpoch) return std::nullopt;
  return static_cast<Time>(std::floor(seconds));
}

constexpr std::string_view kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                        "july",    "august",   "september", "october", "november", "december"};
constexpr std::string_view kDays[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

// A month or weekday name (3 letters or full) at `pos`; index or -1.
int Name(std::string_view s, size_t& pos, const std::string_view* names, int count) {
  size_t end = pos;
  while (end < s.size() && IsAlpha(s[end])) ++end;
  const std::string_view word = s.substr(pos, end - pos);
  for (int i = 0; i < count; ++i) {
    if (EqualsIgnoreCase(word, names[i]) || (word.size() == 3 && EqualsIgnoreCase(word, names[i].substr(0, 3)))) {
      pos = end;
      return i;
    }
  }
  return -1;
}

// A zone at `pos` (Z, +HH:MM, or letters); advances pos.
bool ZoneAt(std::string_view s, size_t& pos, int32_t& offset) {
  size_t end = pos;
  if (end < s.size() && (s[end] == '+' || s[end] == '-')) {
    ++end;
    while (end < s.size() && (IsDigit(s[end]) || s[end] == ':')) ++end;
  } else {
    while (end < s.size() && IsAlpha(s[end])) ++end;
    // "UTC+8" / "GMT-05:00"
    if (end < s.size() && (s[end] == '+' || s[end] == '-')) {
      ++end;
      while (end < s.size() && (IsDigit(s[end]) || s[end] == ':')) ++end;
    }
  }
  const auto zone = ParseZone(s.substr(pos, end - pos));
  if (!zone) return false;
  offset = *zone;
  pos = end;
  return true;
}

std::optional<Time> ParseAuto(std::string_view s, int32_t default_offset) {
  if (s.empty()) return std::nullopt;
  if (!IsDigit(s[0]) || s.size() < 8 || !IsDigit(s[1]) || !IsDigit(s[2]) || !IsDigit(s[3]) ||
      (s[4] != '-' && s[4] != '/')) {
    const auto seconds = Decimal(s);
    if (!seconds) return std::nullopt;
    if (std::fabs(*seconds) >= kMaxEpoch) return FromSeconds(*seconds / 1000);
    return FromSeconds(*seconds);
  }
  Civil c;
  size_t pos = 0;
  const char separator = s[4];
  if (!Number(s, pos, 4, c.year) || s[pos] != separator) return std::nullopt;
  ++pos;
  if (!Number(s, pos, 2, c.month) || pos >= s.size() || s[pos] != separator) return std::nullopt;
  ++pos;
  if (!Number(s, pos, 2, c.day)) return std::nullopt;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
    size_t time_pos = pos + 1;
    while (time_pos < s.size() && s[time_pos] == ' ') ++time_pos;
    if (time_pos < s.size() && IsDigit(s[time_pos])) {
      pos = time_pos;
      if (!Number(s, pos, 2, c.hour) || pos >= s.size() || s[pos] != ':') return std::nullopt;
      ++pos;
      if (!Number(s, pos, 2, c.minute)) return std::nullopt;
      if (pos < s.size() && s[pos] == ':') {
        ++pos;
        if (!Number(s, pos, 2, c.second)) return std::nullopt;
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
          ++pos;
          while (pos < s.size() && IsDigit(s[pos])) ++pos;
        }
      }
    }
  }
  while (pos < s.size() && s[pos] == ' ') ++pos;
  if (pos < s.size()) {
    int32_t offset = 0;
    if (!ZoneAt(s, pos, offset) || pos != s.size()) return std::nullopt;
    c.offset = offset;
  }
  return ToTime(c, default_offset);
}

std::optional<Time> ParsePattern(std::string_view s, std::string_view pattern, int32_t default_offset) {
  Civil c;
  size_t pos = 0;
  for (size_t p = 0; p < pattern.size(); ++p) {
    const char pc = pattern[p];
    if (pc == ' ') {
      while (pos < s.size() && IsSpace(s[pos])) ++pos;
      continue;
    }
    if (pc != '%' || p + 1 >= pattern.size()) {
      if (pos >= s.size() || s[pos] != pc) return std::nullopt;
      ++pos;
      continue;
    }
    const char spec = pattern[++p];
    int64_t value = 0;
    switch (spec) {
      case 'Y':
        if (!Number(s, pos, 4, c.year)) return std::nullopt;
        break;
      case 'y':
        if (!Number(s, pos, 2, value)) return std::nullopt;
        c.year = value < 69 ? 2000 + value : 1900 + value;
        break;
      case 'm':
        if (!Number(s, pos, 2, c.month)) return std::nullopt;
        break;
      case 'd':
      case 'e':
        while (spec == 'e' && pos < s.size() && s[pos] == ' ') ++pos;
        if (!Number(s, pos, 2, c.day)) return std::nullopt;
        break;
      case 'H':
      case 'I':
        if (!Number(s, pos, 2, c.hour)) return std::nullopt;
        break;
      case 'M':
        if (!Number(s, pos, 2, c.minute)) return std::nullopt;
        break;
      case 'S':
        if (!Number(s, pos, 2, c.second)) return std::nullopt;
        break;
      case 'f':
        while (pos < s.size() && IsDigit(s[pos])) ++pos;
        break;
      case 'p':
        if (pos + 2 > s.size()) return std::nullopt;
        if (EqualsIgnoreCase(s.substr(pos, 2), "am")) {
          c.pm = 0;
        } else if (EqualsIgnoreCase(s.substr(pos, 2), "pm")) {
          c.pm = 1;
        } else {
          return std::nullopt;
        }
        pos += 2;
        break;
      case 'b':
      case 'B': {
        const int month = Name(s, pos, kMonths, 12);
        if (month < 0) return std::nullopt;
        c.month = month + 1;
        break;
      }
      case 'a':
      case 'A':
        if (Name(s, pos, kDays, 7) < 0) return std::nullopt;
        break;
      case 'z':
      case 'Z': {
        int32_t offset = 0;
        if (!ZoneAt(s, pos, offset)) return std::nullopt;
        c.offset = offset;
        break;
      }
      case '%':
        if (pos >= s.size() || s[pos] != '%') return std::nullopt;
        ++pos;
        break;
      default:
        return std::nullopt;
    }
  }
  if (pos != s.size()) return std::nullopt;
  return ToTime(c, default_offset);
}

}  // namespace

std::optional<TimeFormat> ParseTimeFormatName(std::string_view name) {
  TimeFormat format;
  if (name == "auto") return format;
  if (name == "epoch") {
    format.kind = TimeFormat::Kind::kEpoch;
  } else if (name == "epoch_ms") {
    format.kind = TimeFormat::Kind::kEpochMs;
  } else if (name == "days") {
    format.kind = TimeFormat::Kind::kDays;
  } else if (name.find('%') != std::string_view::npos) {
    format.kind = TimeFormat::Kind::kPattern;
    format.pattern = std::string(name);
  } else {
    return std::nullopt;
  }
  return format;
}

std::optional<int32_t> ParseZone(std::string_view zone) {
  if (zone.empty()) return std::nullopt;
  if (zone == "Z" || zone == "z") return 0;
  // "UTC+8", "GMT-05:00": a named base followed by an offset.
  size_t letters = 0;
  while (letters < zone.size() && IsAlpha(zone[letters])) ++letters;
  if (letters > 0 && letters < zone.size()) {
    const std::string_view base = zone.substr(0, letters);
    if (!EqualsIgnoreCase(base, "UTC") && !EqualsIgnoreCase(base, "GMT")) return std::nullopt;
    return ParseZone(zone.substr(letters));
  }
  if (zone[0] == '+' || zone[0] == '-') {
    const int32_t sign = zone[0] == '-' ? -1 : 1;
    std::string digits;
    for (size_t i = 1; i < zone.size(); ++i) {
      if (zone[i] == ':') {
        if (i != 3 && !(i == 2 && digits.size() == 1)) return std::nullopt;
        continue;
      }
      if (!IsDigit(zone[i])) return std::nullopt;
      digits += zone[i];
    }
    int32_t hours = 0, minutes = 0;
    if (digits.size() == 1 || digits.size() == 2) {
      hours = std::stoi(digits);
    } else if (digits.size() == 3 || digits.size() == 4) {
      hours = std::stoi(digits.substr(0, digits.size() - 2));
      minutes = std::stoi(digits.substr(digits.size() - 2));
    } else {
      return std::nullopt;
    }
    if (hours > 14 || minutes > 59) return std::nullopt;
    return sign * (hours * 3600 + minutes * 60);
  }
  struct Abbreviation {
    std::string_view name;
    int32_t hours_x4;  // quarter hours
  };
  static constexpr Abbreviation kZones[] = {
      {"UTC", 0},   {"GMT", 0},   {"UT", 0},      {"WET", 0},     {"EST", -20},  {"EDT", -16},
      {"CST", -24}, {"CDT", -20}, {"MST", -28},   {"MDT", -24},   {"PST", -32},  {"PDT", -28},
      {"AKST", -36}, {"AKDT", -32}, {"HST", -40}, {"BST", 4},     {"WEST", 4},   {"CET", 4},
      {"CEST", 8},  {"EET", 8},   {"EEST", 12},   {"MSK", 12},    {"JST", 36},   {"KST", 36},
      {"AEST", 40}, {"AEDT", 44},
  };
  for (const auto& z : kZones) {
    if (EqualsIgnoreCase(zone, z.name)) return z.hours_x4 * 900;
  }
  return std::nullopt;
}

std::optional<Time> ParseTime(std::string_view text, const TimeFormat& format) {
  const std::string_view s = Trim(text);
  if (s.empty()) return std::nullopt;
  switch (format.kind) {
    case TimeFormat::Kind::kAuto: return ParseAuto(s, format.default_offset);
    case TimeFormat::Kind::kEpoch: {
      const auto seconds = Decimal(s);
      return seconds ? FromSeconds(*seconds) : std::nullopt;
    }
    case TimeFormat::Kind::kEpochMs: {
      const auto ms = Decimal(s);
      return ms ? FromSeconds(*ms / 1000) : std::nullopt;
    }
    case TimeFormat::Kind::kDays: {
      const auto days = Decimal(s);
      if (!days || std::fabs(*days) > 3e6) return std::nullopt;
      return FromSeconds(*days * 86400);
    }
    case TimeFormat::Kind::kPattern: return ParsePattern(s, format.pattern, format.default_offset);
  }
  return std::nullopt;
}

std::optional<int64_t> ParseCount(std::string_view text) {
  const std::string_view s = Trim(text);
  if (s.empty() || s.size() > 24) return std::nullopt;
  size_t i = s[0] == '+' ? 1 : 0;
  int64_t value = 0;
  size_t digits = 0, group = 0;
  bool grouped = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (IsDigit(c)) {
      if (value > (INT64_MAX - 9) / 10) return std::nullopt;
      value = value * 10 + (c - '0');
      ++digits;
      ++group;
    } else if (c == ',' && digits > 0 && (grouped ? group == 3 : group <= 3)) {
      grouped = true;
      group = 0;
    } else {
      break;
    }
  }
  if (digits == 0 || (grouped && group != 3)) return std::nullopt;
  if (i < s.size()) {
    if (s[i] != '.') return std::nullopt;
    for (++i; i < s.size(); ++i) {
      if (s[i] != '0') return std::nullopt;
    }
  }
  return value;
}

std::optional<bool> ParseBool(std::string_view text) {
  const std::string_view s = Trim(text);
  for (const std::string_view yes : {"true", "t", "yes", "y", "1"}) {
    if (EqualsIgnoreCase(s, yes)) return true;
  }
  for (const std::string_view no : {"false", "f", "no", "n", "0"}) {
    if (EqualsIgnoreCase(s, no)) return false;
  }
  return std::nullopt;
}

void ParseList(std::string_view text, ListStyle style, std::string_view separator,
               std::vector<std::string_view>& out, std::deque<std::string>& storage) {
  const auto add = [&](std::string_view item) {
    item = Trim(item);
    if (!item.empty()) out.push_back(item);
  };
  std::string_view s = Trim(text);
  if (s.empty()) return;
  if (style == ListStyle::kSingle) {
    out.push_back(s);
    return;
  }
  if (style == ListStyle::kSplit) {
    if (separator.empty()) {
      add(s);
      return;
    }
    size_t begin = 0;
    for (;;) {
      const size_t at = s.find(separator, begin);
      if (at == std::string_view::npos) break;
      add(s.substr(begin, at - begin));
      begin = at + separator.size();
    }
    add(s.substr(begin));
    return;
  }
  // kAuto
  if (s.front() != '[' || s.back() != ']' || s.size() < 2) {
    add(s);
    return;
  }
  s = Trim(s.substr(1, s.size() - 2));
  if (s.empty()) return;
  if (s.front() != '\'' && s.front() != '"') {
    if (s.find(", ") != std::string_view::npos || s.find("://") == std::string_view::npos) {
      ParseList(s, ListStyle::kSplit, s.find(", ") != std::string_view::npos ? ", " : ",", out, storage);
      return;
    }
    // "[http://a/?x=1,2,http://b]": URLs may hold commas; split only where
    // the next item starts a link.
    size_t begin = 0;
    for (size_t at = s.find(','); at != std::string_view::npos; at = s.find(',', at + 1)) {
      const std::string_view next = s.substr(at + 1);
      if (next.starts_with("http://") || next.starts_with("https://") || next.starts_with("www.")) {
        add(s.substr(begin, at - begin));
        begin = at + 1;
      }
    }
    add(s.substr(begin));
    return;
  }
  // Quoted items: 'a', "b" with backslash escapes.
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (IsSpace(s[i]) || s[i] == ',')) ++i;
    if (i >= s.size()) break;
    const char quote = s[i];
    if (quote != '\'' && quote != '"') {  // a bare item among quoted ones
      const size_t end = std::min(s.find(',', i), s.size());
      add(s.substr(i, end - i));
      i = end;
      continue;
    }
    const size_t start = ++i;
    std::string item;
    bool escaped = false;
    while (i < s.size()) {
      const char c = s[i++];
      if (c == '\\' && i < s.size()) {
        item += s[i++];
        escaped = true;
        continue;
      }
      if (c == quote) break;
      item += c;
    }
    if (escaped) {
      storage.push_back(std::move(item));
      add(storage.back());
    } else {
      add(s.substr(start, item.size()));  // no escapes: the bytes are contiguous in the text
    }
  }
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::string Snippet(std::string_view s) {
  constexpr size_t kMax = 60;
  std::string out = "\"";
  size_t end = std::min(s.size(), kMax);
  while (end < s.size() && end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  for (size_t i = 0; i < end; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  if (end < s.size()) out += "...";
  return out;
}

}  // namespace unmask
