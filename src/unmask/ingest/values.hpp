#pragma once
// Parsing the values third-party exports write: times in many shapes, counts,
// booleans and list cells. Shared by the mapping adapters and the code-based
// adapters so that "2017-09-07 19:52" or "[a, b]" mean the same everywhere.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "unmask/core/types.hpp"

namespace unmask {

/// How a time cell is written.
struct TimeFormat {
  enum class Kind : uint8_t {
    kAuto,     ///< ISO 8601 / "YYYY-MM-DD[ HH:MM[:SS[.f]]][ zone]" or epoch seconds (ms when > 1e11)
    kEpoch,    ///< seconds since 1970, decimals allowed ("1452931267.0")
    kEpochMs,  ///< milliseconds since 1970
    kDays,     ///< days since 1970 (R's Date as a number)
    kPattern,  ///< a strptime-like pattern, see ParseTimePattern
  };
  Kind kind = Kind::kAuto;
  std::string pattern;
  /// Seconds east of UTC assumed when the cell has no zone.
  int32_t default_offset = 0;
};

/// Parses a TimeFormat spelled "auto", "epoch", "epoch_ms", "days" or a
/// pattern containing '%'. Nullopt for anything else.
std::optional<TimeFormat> ParseTimeFormatName(std::string_view name);

/// Offset (seconds east of UTC) of a zone written as Z, UTC, GMT, +HH, +HHMM,
/// +HH:MM, or one of the common abbreviations (EST EDT CST CDT MST MDT PST PDT
/// AKST AKDT HST BST CET CEST EET EEST MSK JST KST AEST AEDT WET WEST).
/// CST is US Central (CrowdTangle's dashboards), not China Standard Time.
std::optional<int32_t> ParseZone(std::string_view zone);

/// Reads a time with the given format. Patterns know %Y %y %m %d %e %H %I %M
/// %S %f (fraction, ignored) %p %b (Jan..Dec, any case, or full names) %a
/// (weekday name, skipped) %z / %Z (a zone as ParseZone reads it) and %%;
/// a space matches any run of spaces; numbers may have fewer digits than
/// their width ("6/9/15"). Leading and trailing spaces are ignored.
std::optional<Time> ParseTime(std::string_view text, const TimeFormat& format);

/// A non-negative count: digits, optionally with a decimal part of zeros
/// ("12.0") or thousands separators ("1,234"). Nullopt otherwise.
std::optional<int64_t> ParseCount(std::string_view text);

/// true/false, True/False, t/f, yes/no, y/n, 1/0 (any case).
std::optional<bool> ParseBool(std::string_view text);

enum class ListStyle : uint8_t {
  kSingle,  ///< the cell is one value (empty: none)
  kAuto,    ///< `[a, b]`, `['a', 'b']`, `["a","b"]` or a single value without brackets
  kSplit,   ///< items separated by a given separator
};

/// Appends the items of a list cell to `out`; views point into `text` or into
/// `storage` (unescaped quoted items). Empty items are dropped. For kAuto, an
/// unquoted list `[a, b]` is split on ", " (so that a URL holding a comma
/// survives); without any ", ", on "," — but when it holds links, only on the
/// commas that a link follows (`[http://a/?x=1,2,http://b]`).
void ParseList(std::string_view text, ListStyle style, std::string_view separator,
               std::vector<std::string_view>& out, std::deque<std::string>& storage);

/// Removes ASCII spaces, tabs, CR and LF at both ends.
std::string_view Trim(std::string_view text);

/// A short, printable rendering of a cell for messages: at most 60 bytes
/// (whole UTF-8 characters), quoted, control characters escaped.
std::string Snippet(std::string_view text);

}  // namespace unmask
