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
};

struct IngestSummary {
  std::vector<FileSummary> files;
  uint64_t lines = 0, actors = 0, posts = 0, relations = 0, blank = 0, quarantined = 0;
  double seconds = 0;
  uint64_t bytes = 0;               ///< bytes read from disk (compressed)
  uint64_t decompressed_bytes = 0;  ///< bytes parsed
};

/// Reads `paths` in order into `store` (records may come in any order across
/// and within files; the caller runs Store::Finalize afterwards). Every path
/// is checked first: if any is missing or unreadable, nothing is read and the
/// Status names each such path with the OS reason. Bad lines never fail the
/// run: they go to `quarantine` and are counted. A file that ends early
/// (truncated or corrupt compressed stream) keeps the lines read so far and
/// its FileSummary::error says what happened. Fails only for unreadable
/// inputs or when the quarantine cannot be written. Linear in the input size.
Result<IngestSummary> IngestFiles(std::span<const std::string> paths, Store& store, Quarantine& quarantine,
                                  const IngestOptions& options = {});

}  // namespace unmask
