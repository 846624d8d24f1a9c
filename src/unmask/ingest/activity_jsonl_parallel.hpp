#pragma once
// Reading an activity JSONL file on several threads with the result of one.
//
// A reader thread cuts the file into chunks of whole lines; workers parse and
// check each chunk's lines (simdjson, field checks, entity extraction) into a
// batch of records whose strings live in the chunk; the calling thread adds
// the batches to the store strictly in input order, so every id is the one a
// single-threaded read gives (the store numbers actors, posts and strings by
// first appearance), and bad lines reach the quarantine in line order with
// their file, line and reason. The calling thread parses chunks too while the
// next one to add is not ready. At most a fixed number of chunks exist at
// once, so memory stays bounded whatever the file size.
#include "unmask/ingest/format.hpp"

namespace unmask {

struct ParallelReadOptions {
  int threads = 2;                          ///< parsing threads, the caller's included
  size_t chunk_bytes = size_t{1} << 20;     ///< lines per chunk: until this many bytes
  size_t chunks_per_thread = 3;             ///< chunks in flight: threads × this + 1
};

/// Reads the whole source of `context` as activity JSONL, as
/// ActivityJsonlFormat().Read does on one thread, with the same store, counts
/// and quarantine.
void ReadActivityJsonlInParallel(ReadContext& context, const ParallelReadOptions& options = {});

}  // namespace unmask
