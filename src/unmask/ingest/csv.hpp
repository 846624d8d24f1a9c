#pragma once
// CSV (RFC 4180) records over a LineSource, shared by every table adapter.
//
// What is accepted, on purpose beyond the RFC (real exports need it):
//  - a field may be quoted ("a, b") and then hold the delimiter, doubled
//    quotes ("" for ") and line breaks; a record then spans several lines;
//  - LF or CRLF line ends (a CR inside a quoted field that ended a physical
//    line is not kept: the field holds "\n");
//  - a UTF-8 byte-order mark before the header (LineSource drops it);
//  - a quote inside an unquoted field is a plain character (`5" disk`), and
//    text after a closing quote is kept (`"a"b` reads `ab`), as Python's csv
//    module does;
//  - any one-byte delimiter (comma, tab, semicolon ...).
// What is reported: a quoted field that is not closed before the end of the
// file, or within max_record_lines / max_record_bytes. The record is then
// returned with problem() set and raw() = its first physical line only; the
// lines after it are read again as new records, so one stray quote costs one
// line, not the rest of the file.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "unmask/ingest/line_source.hpp"

namespace unmask {

struct CsvOptions {
  char delimiter = ',';
  /// A record longer than this (in physical lines or bytes) is malformed.
  size_t max_record_lines = 5000;
  size_t max_record_bytes = size_t{8} << 20;
};

/// Splits one complete record (no unclosed quote expected) into fields, with
/// the same rules as CsvReader. Used on the first bytes of a file for format
/// sniffing. `storage` holds unescaped text; views point into it or `text`.
/// Returns false when the text ends inside a quoted field (fields then hold
/// what was read).
bool SplitCsvRecord(std::string_view text, char delimiter, std::vector<std::string_view>& fields,
                    std::string& storage);

/// The first record of `head` (typically a header), split into fields; empty
/// when head has no complete first line.
std::vector<std::string> FirstCsvRecord(std::string_view head, char delimiter);

/// Reads records one by one. Memory: the longest record (bounded by
/// max_record_bytes) plus the LineSource's buffer. Time: linear in the input,
/// except that a malformed record re-reads at most max_record_lines lines.
class CsvReader {
 public:
  explicit CsvReader(LineSource& source, CsvOptions options = {});

  /// Moves to the next record; false at the end of the input (check the
  /// source's error() for a truncated stream).
  bool Next();

  /// Fields of the current record, valid until the next call to Next().
  std::span<const std::string_view> fields() const { return fields_; }
  /// The physical line (1-based) where the record starts.
  uint64_t line() const { return line_; }
  /// The record's text as in the file (physical lines joined by "\n").
  std::string_view raw() const { return raw_; }
  /// True when the record is one line of nothing but spaces and tabs.
  bool blank() const { return blank_; }
  /// Non-empty when the record is malformed (unclosed quote).
  const std::string& problem() const { return problem_; }
  LineSource& source() { return source_; }

 private:
  struct PendingLine {
    std::string text;
    uint64_t number;
  };
  bool NextLine(std::string_view& line, uint64_t& number);
  bool Parse(std::string_view first, uint64_t first_number);

  LineSource& source_;
  CsvOptions options_;
  std::deque<PendingLine> pending_;  // lines to read again after a bad record
  PendingLine current_pending_;      // owns the line last taken from pending_
  std::vector<std::string_view> fields_;
  std::vector<size_t> field_ends_;  // offsets into storage_ for multi-line records
  std::string storage_;
  std::string raw_buffer_;
  std::vector<PendingLine> spanned_;  // the lines of a multi-line record
  std::string_view raw_;
  std::string problem_;
  uint64_t line_ = 0;
  bool blank_ = false;
};

}  // namespace unmask
