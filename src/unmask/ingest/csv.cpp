#include "unmask/ingest/csv.hpp"

#include <fmt/format.h>

#include <cstring>

namespace unmask {
namespace {

// The field state machine. Feed() takes text that contains no record break
// (a physical line, or a whole record for SplitCsvRecord); fields are written
// unescaped to `storage` and their end offsets to `ends`.
class CsvMachine {
 public:
  CsvMachine(char delimiter, std::string& storage, std::vector<size_t>& ends)
      : delimiter_(delimiter), storage_(storage), ends_(ends) {}

  void Feed(std::string_view text) {
    size_t i = 0;
    const size_t n = text.size();
    while (i < n) {
      switch (state_) {
        case kFieldStart:
          if (text[i] == '"') {
            state_ = kQuoted;
            ++i;
          } else {
            state_ = kUnquoted;
          }
          break;
        case kUnquoted: {
          const size_t stop = Find(text, i, delimiter_);
          storage_.append(text.data() + i, stop - i);
          i = stop;
          if (i < n) {
            EndField();
            ++i;
          }
          break;
        }
        case kQuoted: {
          const size_t stop = Find(text, i, '"');
          storage_.append(text.data() + i, stop - i);
          i = stop;
          if (i < n) {
            state_ = kQuoteInQuoted;
            ++i;
          }
          break;
        }
        case kQuoteInQuoted:
          if (text[i] == '"') {
            storage_ += '"';
            state_ = kQuoted;
            ++i;
          } else if (text[i] == delimiter_) {
            EndField();
            ++i;
          } else {
            state_ = kUnquoted;  // lenient: text after a closing quote is kept
          }
          break;
      }
    }
  }

  /// True when the text fed so far ends inside a quoted field.
  bool open() const { return state_ == kQuoted; }
  /// Continues a quoted field on the next physical line.
  void LineBreak() { storage_ += '\n'; }
  /// Ends the record (the last field).
  void Finish() { EndField(); }

 private:
  enum State : uint8_t { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };

  static size_t Find(std::string_view text, size_t from, char c) {
    const void* hit = std::memchr(text.data() + from, c, text.size() - from);
    return hit == nullptr ? text.size() : static_cast<size_t>(static_cast<const char*>(hit) - text.data());
  }
  void EndField() {
    ends_.push_back(storage_.size());
    state_ = kFieldStart;
  }

  char delimiter_;
  State state_ = kFieldStart;
  std::string& storage_;
  std::vector<size_t>& ends_;
};

void ViewsFromEnds(const std::string& storage, const std::vector<size_t>& ends,
                   std::vector<std::string_view>& fields) {
  fields.clear();
  size_t begin = 0;
  for (const size_t end : ends) {
    fields.emplace_back(storage.data() + begin, end - begin);
    begin = end;
  }
}

bool IsBlankLine(std::string_view line) {
  for (const char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

}  // namespace

bool SplitCsvRecord(std::string_view text, char delimiter, std::vector<std::string_view>& fields,
                    std::string& storage) {
  storage.clear();
  std::vector<size_t> ends;
  CsvMachine machine(delimiter, storage, ends);
  machine.Feed(text);
  const bool closed = !machine.open();
  machine.Finish();
  ViewsFromEnds(storage, ends, fields);
  return closed;
}

std::vector<std::string> FirstCsvRecord(std::string_view head, char delimiter) {
  std::string storage;
  std::vector<size_t> ends;
  CsvMachine machine(delimiter, storage, ends);
  size_t pos = 0;
  bool fed = false;
  while (pos < head.size()) {
    const size_t newline = head.find('\n', pos);
    if (newline == std::string_view::npos) return {};  // the record may go on past the head
    std::string_view line = head.substr(pos, newline - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = newline + 1;
    if (!fed && IsBlankLine(line)) continue;
    if (fed) machine.LineBreak();
    machine.Feed(line);
    fed = true;
    if (!machine.open()) {
      machine.Finish();
      std::vector<std::string_view> views;
      ViewsFromEnds(storage, ends, views);
      return {views.begin(), views.end()};
    }
  }
  return {};
}

CsvReader::CsvReader(LineSource& source, CsvOptions options) : source_(source), options_(options) {}

bool CsvReader::NextLine(std::string_view& line, uint64_t& number) {
  if (!pending_.empty()) {
    current_pending_ = std::move(pending_.front());
    pending_.pop_front();
    line = current_pending_.text;
    number = current_pending_.number;
    return true;
  }
  if (!source_.Next(line)) return false;
  number = source_.line_number();
  return true;
}

bool CsvReader::Next() {
  std::string_view line;
  uint64_t number = 0;
  if (!NextLine(line, number)) return false;
  Parse(line, number);
  return true;
}

bool CsvReader::Parse(std::string_view first, uint64_t first_number) {
  problem_.clear();
  line_ = first_number;
  blank_ = IsBlankLine(first);
  raw_ = first;
  fields_.clear();
  field_ends_.clear();
  storage_.clear();
  if (first.find('"') == std::string_view::npos) {  // fast path: views into the line
    size_t begin = 0;
    for (;;) {
      const size_t comma = first.find(options_.delimiter, begin);
      if (comma == std::string_view::npos) {
        fields_.push_back(first.substr(begin));
        return true;
      }
      fields_.push_back(first.substr(begin, comma - begin));
      begin = comma + 1;
    }
  }
  CsvMachine machine(options_.delimiter, storage_, field_ends_);
  machine.Feed(first);
  if (!machine.open()) {
    machine.Finish();
    ViewsFromEnds(storage_, field_ends_, fields_);
    return true;
  }
  // A quoted field goes on over the next lines: keep copies of them, since
  // the source reuses its buffer, and in case they must be read again.
  spanned_.clear();
  spanned_.push_back({std::string(first), first_number});
  size_t bytes = first.size();
  std::string_view line;
  uint64_t number = 0;
  while (machine.open()) {
    if (spanned_.size() >= options_.max_record_lines || bytes > options_.max_record_bytes) {
      problem_ = fmt::format("a quoted field opened on line {} is not closed within {} lines", first_number,
                             spanned_.size());
      break;
    }
    if (!NextLine(line, number)) {
      problem_ = fmt::format("a quoted field opened on line {} is not closed before the end of the file",
                             first_number);
      break;
    }
    spanned_.push_back({std::string(line), number});
    bytes += line.size() + 1;
    machine.LineBreak();
    machine.Feed(line);
  }
  if (!problem_.empty()) {
    // Only the first line is bad for sure; read the others again.
    for (size_t i = spanned_.size(); i-- > 1;) pending_.push_front(std::move(spanned_[i]));
    raw_buffer_ = std::move(spanned_[0].text);
    raw_ = raw_buffer_;
    storage_.clear();
    field_ends_.clear();
    return false;
  }
  machine.Finish();
  ViewsFromEnds(storage_, field_ends_, fields_);
  raw_buffer_.clear();
  for (size_t i = 0; i < spanned_.size(); ++i) {
    if (i > 0) raw_buffer_ += '\n';
    raw_buffer_ += spanned_[i].text;
  }
  raw_ = raw_buffer_;
  return true;
}

}  // namespace unmask
