#pragma once
// Helpers for the libFuzzer targets: the fuzz input as a file (an anonymous
// in-memory file, so every reader runs through LineSource exactly as in a
// scan), and reading it with a format.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "unmask/ingest/ingest.hpp"

namespace unmask::fuzz {

/// The bytes as a readable path (/proc/self/fd/N), closed at scope end.
class MemoryFile {
 public:
  MemoryFile(const uint8_t* data, size_t size) {
    fd_ = ::memfd_create("unmask-fuzz", 0);
    if (fd_ < 0) std::abort();
    size_t done = 0;
    while (done < size) {
      const ssize_t n = ::write(fd_, data + done, size - done);
      if (n <= 0) std::abort();
      done += static_cast<size_t>(n);
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

struct Read {
  std::unique_ptr<Store> store = std::make_unique<Store>();
  std::unique_ptr<Quarantine> quarantine = std::make_unique<Quarantine>();
  FileSummary file;
};

/// Reads `path` as `format`; aborts when IngestFiles itself fails (it must
/// not, for a readable file and a known format) or when the summary does not
/// account for every record.
inline Read ReadAs(const std::string& path, const std::string& format) {
  Read read;
  IngestOptions options;
  options.show_progress = false;
  options.format = format;
  const std::string paths[] = {path};
  auto result = IngestFiles(paths, *read.store, *read.quarantine, options);
  if (!result.ok() || result->files.size() != 1) std::abort();
  read.file = result->files[0];
  const FileSummary& f = read.file;
  if (f.records != f.used + f.merged + f.skipped + f.blank + f.quarantined) std::abort();
  if (read.store->posts().size() != f.posts || read.quarantine->total() != f.quarantined) std::abort();
  if (f.relations != read.store->relations().size()) std::abort();
  return read;
}

/// Two reads of the same bytes give the same counts (no hidden state).
inline void ExpectSame(const Read& a, const Read& b) {
  const FileSummary& x = a.file;
  const FileSummary& y = b.file;
  if (x.records != y.records || x.used != y.used || x.merged != y.merged || x.skipped != y.skipped ||
      x.quarantined != y.quarantined || x.posts != y.posts || x.actors != y.actors || x.error != y.error ||
      a.store->actors().size() != b.store->actors().size()) {
    std::abort();
  }
}

}  // namespace unmask::fuzz
