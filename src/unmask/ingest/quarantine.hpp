#pragma once
// Quarantine: where input lines that could not be used go, unchanged, so that
// nothing a user gave is silently lost. It also keeps the counts and first
// examples that the run report shows.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "unmask/core/status.hpp"

namespace unmask {

/// Short, stable names of why a line was rejected; the report groups by them.
/// Adapters may use their own strings as well; these are the common ones.
namespace bad_line {
inline constexpr std::string_view kInvalidJson = "invalid JSON";
inline constexpr std::string_view kMissingField = "missing field";
inline constexpr std::string_view kWrongType = "wrong type";
inline constexpr std::string_view kBadTimestamp = "bad timestamp";
inline constexpr std::string_view kUnknownKind = "unknown kind";
inline constexpr std::string_view kDuplicateId = "duplicate id";
inline constexpr std::string_view kBadValue = "bad value";
}  // namespace bad_line

class Quarantine {
 public:
  static constexpr size_t kMaxExamples = 50;

  struct Example {
    std::string file;
    uint64_t line = 0;
    std::string category;
    std::string reason;
  };

  /// Counts and examples only; nothing is written (tests, dry runs).
  Quarantine() = default;
  /// Writes bad lines to `directory`/quarantine.jsonl and their reasons to
  /// `directory`/quarantine.log. Files (and the directory) are created on the
  /// first bad line, so a clean run leaves nothing behind.
  explicit Quarantine(std::filesystem::path directory);
  ~Quarantine();
  Quarantine(const Quarantine&) = delete;
  Quarantine& operator=(const Quarantine&) = delete;

  /// Records one bad line: `raw` is written byte-for-byte plus "\n" to the
  /// .jsonl file and "file:line: reason" to the .log file. `category` is one
  /// of bad_line::k* (or an adapter's own short name); `reason` says precisely
  /// what is wrong, naming the field. A write failure is kept in status().
  void Add(std::string_view file, uint64_t line, std::string_view raw, std::string_view category,
           std::string_view reason);

  uint64_t total() const { return total_; }
  /// (category, count) in order of first appearance.
  const std::vector<std::pair<std::string, uint64_t>>& by_category() const { return by_category_; }
  uint64_t count(std::string_view category) const;
  /// The first kMaxExamples bad lines.
  const std::vector<Example>& examples() const { return examples_; }

  /// Flushes the files; returns the first write error, if any.
  Status Flush();
  /// The first error met while writing (ok while none).
  const Status& status() const { return status_; }
  /// The files written so far (empty when none).
  std::optional<std::filesystem::path> jsonl_path() const;
  std::optional<std::filesystem::path> log_path() const;
  const std::optional<std::filesystem::path>& directory() const { return directory_; }

 private:
  void OpenFiles();

  std::optional<std::filesystem::path> directory_;
  std::FILE* jsonl_ = nullptr;
  std::FILE* log_ = nullptr;
  bool opened_ = false;
  Status status_;
  uint64_t total_ = 0;
  std::vector<std::pair<std::string, uint64_t>> by_category_;
  std::vector<Example> examples_;
};

}  // namespace unmask
