#pragma once
// Input formats. Each format is one class implementing Format: the native
// activity JSONL, code adapters (Telegram exports, twarc2 JSONL) and mapping
// files (mapping.hpp), built in or given by the user. IngestFiles picks the
// format of each file by sniffing its first bytes (DetectFormat).
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "unmask/core/status.hpp"

#include "unmask/core/progress.hpp"
#include "unmask/ingest/line_source.hpp"
#include "unmask/ingest/quarantine.hpp"
#include "unmask/store/store.hpp"

namespace unmask {

/// What reading one file gave. `records` counts the input's own units (JSON
/// lines, CSV rows without the header, messages); every one of them is used
/// (giving one or more actors, posts, relations), merged into an earlier
/// record, skipped on purpose (with a reason), blank, or quarantined:
/// records = used + merged + skipped + blank + quarantined.
struct FileSummary {
  std::string path;
  std::string format;  ///< Format::name() of the reader used
  uint64_t lines = 0;  ///< physical lines read
  uint64_t records = 0, used = 0, merged = 0, skipped = 0;
  uint64_t actors = 0, posts = 0, relations = 0, blank = 0, quarantined = 0;
  /// (reason, count) of skipped records, in order of first appearance.
  std::vector<std::pair<std::string, uint64_t>> skip_reasons;
  /// (what, count) of things inside used records that were left out, e.g.
  /// "tweets repeated in the collection (first copy kept)".
  std::vector<std::pair<std::string, uint64_t>> notes;
  uint64_t bytes = 0;               ///< bytes read from disk (compressed size)
  uint64_t decompressed_bytes = 0;  ///< bytes after decompression
  /// Non-empty when the file could not be read to its end, e.g.
  /// "a.jsonl.gz: gzip stream ends early (truncated?) after line 812".
  std::string error;
};

/// Everything a format reader works with for one file.
class ReadContext {
 public:
  ReadContext(LineSource& source, Store& store, Quarantine& quarantine, FileSummary& summary, Progress& progress)
      : source(source), store(store), quarantine(quarantine), summary(summary), progress_(progress) {}

  /// Moves the progress bar to the compressed bytes read so far. Cheap; call
  /// it every few records.
  void ReportProgress() { ReportProgress(source.compressed_bytes_read()); }
  /// The same with the bytes read given (a reader on another thread, whose
  /// chunks come in large steps: the bar is redrawn when due).
  void ReportProgress(uint64_t read) {
    if (read > reported_) {
      progress_.Advance(read - reported_);
      progress_.Refresh();
      reported_ = read;
    }
  }

  /// Counts a record skipped on purpose (a service message, a deleted author).
  void Skip(std::string_view reason) {
    ++summary.skipped;
    Tally(summary.skip_reasons, reason);
  }
  /// Counts something left out of a record that was otherwise used.
  void Note(std::string_view what) { Tally(summary.notes, what); }

  LineSource& source;
  Store& store;
  Quarantine& quarantine;
  FileSummary& summary;
  /// Threads a reader may use (those that can read in parallel do, with the
  /// result of one thread).
  int threads = 1;

 private:
  static void Tally(std::vector<std::pair<std::string, uint64_t>>& tally, std::string_view what) {
    for (auto& [name, count] : tally) {
      if (name == what) {
        ++count;
        return;
      }
    }
    tally.emplace_back(std::string(what), 1);
  }

  Progress& progress_;
  uint64_t reported_ = 0;
};

class Format {
 public:
  virtual ~Format() = default;
  /// Short stable name, e.g. "activity-jsonl" (what --format takes).
  virtual std::string_view name() const = 0;
  /// One line for `unmask formats`.
  virtual std::string_view description() const { return {}; }
  /// How likely (0 = not this format ... 100 = certain) `path` is in this
  /// format, judged from its name and its first decompressed bytes `head`
  /// (a few KiB, possibly cut mid-line, BOM removed).
  virtual int Sniff(std::string_view path, std::string_view head) const = 0;
  /// Reads the whole source into the store: every line is counted in the
  /// summary as a record, blank, or quarantined (with file, line and reason).
  /// A source error (truncated stream) goes to summary.error.
  virtual void Read(ReadContext& context) const = 0;
};

/// The built-in formats: native activity JSONL first, then the adapters.
std::span<const Format* const> Formats();

/// The built-in formats plus mapping files loaded at run time.
class FormatSet {
 public:
  FormatSet();  ///< the built-in formats
  /// Adds a mapping file; fails with the mapping's own error message.
  Status AddMappingFile(const std::string& path);
  /// The format called `name`, or a mapping file at that path (loaded and
  /// added); an error listing the known names otherwise.
  Result<const Format*> Find(std::string_view name);
  /// The format of a file judged from its name and first bytes: the highest
  /// Sniff score. Fails, naming the candidates, when two formats tie for the
  /// best score, and, listing the formats, when none recognises the file.
  Result<const Format*> Detect(std::string_view path, std::string_view head) const;
  std::span<const Format* const> all() const { return all_; }

 private:
  std::vector<const Format*> all_;
  std::vector<std::unique_ptr<Format>> owned_;
};

/// Detection over the built-in formats (FormatSet().Detect).
Result<const Format*> DetectFormat(std::string_view path, std::string_view head);

}  // namespace unmask
