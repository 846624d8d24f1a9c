#include "unmask/core/time.hpp"

#include <charconv>
#include <fmt/format.h>

namespace unmask {
namespace {

bool Digits(std::string_view text, size_t pos, size_t count, int64_t& out) {
  if (pos + count > text.size()) return false;
  int64_t value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

std::optional<Time> ParseEpoch(std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Parses the zone suffix at `pos`: Z, +HH:MM, +HHMM, +HH. Sets offset seconds.
bool ParseZone(std::string_view text, size_t pos, int64_t& offset) {
  if (pos == text.size()) return false;
  if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) {
    offset = 0;
    return true;
  }
  if (text[pos] != '+' && text[pos] != '-') return false;
  const int64_t sign = text[pos] == '-' ? -1 : 1;
  int64_t hours = 0, minutes = 0;
  if (!Digits(text, pos + 1, 2, hours)) return false;
  size_t rest = pos + 3;
  if (rest < text.size() && text[rest] == ':') ++rest;
  if (rest < text.size()) {
    if (!Digits(text, rest, 2, minutes) || rest + 2 != text.size()) return false;
  }
  if (hours > 23 || minutes > 59) return false;
  offset = sign * (hours * 3600 + minutes * 60);
  return true;
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = FloorDiv(y, 400);
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

std::optional<Time> ParseTimestamp(std::string_view text, bool assume_utc) {
  if (text.empty()) return std::nullopt;
  if (text.size() < 10 || text[4] != '-') return ParseEpoch(text);
  int64_t year, month, day, hour = 0, minute = 0, second = 0;
  if (!Digits(text, 0, 4, year) || text[4] != '-' || !Digits(text, 5, 2, month) || text[7] != '-' ||
      !Digits(text, 8, 2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  size_t pos = 10;
  int64_t offset = 0;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return std::nullopt;
    if (!Digits(text, pos + 1, 2, hour) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !Digits(text, pos + 4, 2, minute)) {
      return std::nullopt;
    }
    pos += 6;
    if (pos < text.size() && text[pos] == ':') {
      if (!Digits(text, pos + 1, 2, second)) return std::nullopt;
      pos += 3;
      if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    if (pos == text.size()) {
      if (!assume_utc) return std::nullopt;
    } else if (!ParseZone(text, pos, offset)) {
      return std::nullopt;
    }
  } else if (!assume_utc) {
    return std::nullopt;
  }
  const int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * 86400 + hour * 3600 + minute * 60 + second - offset;
}

std::string FormatDate(Time t) {
  const CivilDate date = CivilFromDays(FloorDiv(t, 86400));
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

std::string FormatIso(Time t) {
  const int64_t secs = t - FloorDiv(t, 86400) * 86400;
  return fmt::format("{}T{:02}:{:02}:{:02}Z", FormatDate(t), secs / 3600, secs / 60 % 60, secs % 60);
}

}  // namespace unmask
