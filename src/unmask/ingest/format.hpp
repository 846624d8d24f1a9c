#pragma once
// Input formats. Each format (the native activity JSONL, and later adapters
// for Twitter/X archives, CSV tables, Telegram exports ...) is one class in
// one file implementing Format, plus one line in Formats() (formats.cpp).
// IngestFiles picks the format of each file by sniffing its first bytes.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "unmask/core/progress.hpp"
#include "unmask/ingest/line_source.hpp"
#include "unmask/ingest/quarantine.hpp"
#include "unmask/store/store.hpp"

namespace unmask {

/// What reading one file gave. lines = actors + posts + relations + blank + quarantined.
struct FileSummary {
  std::string path;
  std::string format;  ///< Format::name() of the reader used
  uint64_t lines = 0, actors = 0, posts = 0, relations = 0, blank = 0, quarantined = 0;
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
  void ReportProgress() {
    const uint64_t read = source.compressed_bytes_read();
    if (read > reported_) {
      progress_.Advance(read - reported_);
      reported_ = read;
    }
  }

  LineSource& source;
  Store& store;
  Quarantine& quarantine;
  FileSummary& summary;

 private:
  Progress& progress_;
  uint64_t reported_ = 0;
};

class Format {
 public:
  virtual ~Format() = default;
  /// Short stable name, e.g. "activity-jsonl".
  virtual std::string_view name() const = 0;
  /// How likely (0 = not this format ... 100 = certain) `path` is in this
  /// format, judged from its name and its first decompressed bytes `head`
  /// (a few KiB, possibly cut mid-line, BOM removed).
  virtual int Sniff(std::string_view path, std::string_view head) const = 0;
  /// Reads the whole source into the store: every line is counted in the
  /// summary as a record, blank, or quarantined (with file, line and reason).
  /// A source error (truncated stream) goes to summary.error.
  virtual void Read(ReadContext& context) const = 0;
};

/// All known formats; the first (native activity JSONL) is the fallback when
/// no format recognises a file, so that its lines are still accounted for.
std::span<const Format* const> Formats();

/// The format with the highest Sniff score for this file (ties: earlier entry).
const Format& DetectFormat(std::string_view path, std::string_view head);

}  // namespace unmask
