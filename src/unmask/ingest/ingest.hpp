#pragma once
// Ingest: reads input files of any known format into the Store, sending bad
// lines to the Quarantine. The entry point of the ingest module.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "unmask/core/status.hpp"
#include "unmask/ingest/format.hpp"
#include "unmask/ingest/quarantine.hpp"
#include "unmask/store/store.hpp"

namespace unmask {

struct IngestOptions {
  bool show_progress = true;  ///< a progress bar per file (only on a terminal)
  /// Read every input in this format (a Format::name() or the path of a
  /// mapping file) instead of detecting each file's format.
  std::string format;
  /// Mapping files (docs/formats/mapping.md) that join the detection.
  std::vector<std::string> mappings;
  /// Threads for reading (activity JSONL is parsed on all of them, in
  /// chunks, and added in input order: the store is the same for any count).
  int threads = 1;
};

struct IngestSummary {
  std::vector<FileSummary> files;
  uint64_t lines = 0, records = 0, used = 0, merged = 0, skipped = 0;
  uint64_t actors = 0, posts = 0, relations = 0, blank = 0, quarantined = 0;
  double seconds = 0;
  uint64_t bytes = 0;               ///< bytes read from disk (compressed)
  uint64_t decompressed_bytes = 0;  ///< bytes parsed
};

/// Reads `paths` in order into `store` (records may come in any order across
/// and within files; the caller runs Store::Finalize afterwards). Every path
/// is checked first: if any is missing or unreadable, or its format cannot be
/// told (unknown or ambiguous, see FormatSet::Detect), or a mapping file is
/// bad, nothing is read and the Status says why for each such path. Bad lines never fail the
/// run: they go to `quarantine` and are counted. A file that ends early
/// (truncated or corrupt compressed stream) keeps the lines read so far and
/// its FileSummary::error says what happened. Fails only for unreadable
/// inputs or when the quarantine cannot be written. Linear in the input size.
Result<IngestSummary> IngestFiles(std::span<const std::string> paths, Store& store, Quarantine& quarantine,
                                  const IngestOptions& options = {});

/// The per-file lines of the ingest summary for a terminal: what was read,
/// what it gave, what was skipped or quarantined and why, e.g.
/// `ira_tweets.csv.zst (ira-538-tweets): 2,463,944 rows -> 2,463,944 posts, 2,839 actors; 0 skipped; 0 quarantined`.
std::vector<std::string> DescribeIngest(const IngestSummary& summary);

}  // namespace unmask
