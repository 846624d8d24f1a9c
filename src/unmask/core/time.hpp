#pragma once
// Timestamps: ISO 8601 with a zone, or integer epoch seconds, to UTC seconds.
#include <optional>
#include <string>
#include <string_view>

#include "unmask/core/types.hpp"

namespace unmask {

/// Parses `2023-08-29T03:12:00Z`, `2023-08-29T11:12:00+08:00`, `...+0800`,
/// fractional seconds, or a plain integer of epoch seconds. A zone is required
/// for ISO strings unless `assume_utc` (adapters whose formats state UTC).
std::optional<Time> ParseTimestamp(std::string_view text, bool assume_utc = false);

/// Days since 1970-01-01 for a proleptic Gregorian date (Hinnant's algorithm).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);

struct CivilDate {
  int64_t year;
  unsigned month;
  unsigned day;
};
CivilDate CivilFromDays(int64_t days);

/// `2023-08-29T03:12:00Z`.
std::string FormatIso(Time t);
/// `2023-08-29`.
std::string FormatDate(Time t);

inline int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace unmask
