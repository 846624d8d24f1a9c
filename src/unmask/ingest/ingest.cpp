#include "unmask/ingest/ingest.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "unmask/core/progress.hpp"
#include "unmask/ingest/line_source.hpp"

namespace unmask {
namespace {

// "" when `path` can be opened for reading, else the OS reason.
std::string CheckReadable(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::strerror(errno);
  struct stat info {};
  std::string problem;
  if (::fstat(fd, &info) != 0) {
    problem = std::strerror(errno);
  } else if (S_ISDIR(info.st_mode)) {
    problem = std::strerror(EISDIR);
  }
  ::close(fd);
  return problem;
}

}  // namespace

Result<IngestSummary> IngestFiles(std::span<const std::string> paths, Store& store, Quarantine& quarantine,
                                  const IngestOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  // Fail before touching the store, so a typo in the last path does not cost
  // the time of reading all the others.
  std::vector<std::string> problems;
  for (const std::string& path : paths) {
    if (std::string problem = CheckReadable(path); !problem.empty()) {
      problems.push_back(fmt::format("{} ({})", path, problem));
    }
  }
  if (problems.size() == 1) return Status::Error(fmt::format("cannot read input file {}", problems[0]));
  if (problems.size() > 1) {
    return Status::Error(fmt::format("cannot read {} input files: {}", problems.size(), fmt::join(problems, ", ")));
  }

  IngestSummary total;
  for (const std::string& path : paths) {
    auto opened = LineSource::Open(path);
    if (!opened.ok()) return opened.status();  // vanished since the check
    LineSource& source = **opened;
    FileSummary file;
    file.path = path;
    const Format& format = DetectFormat(path, source.Peek(16 * 1024));
    file.format = std::string(format.name());
    {
      const std::string label = std::filesystem::path(path).filename().string();
      Progress progress(label.size() > 14 ? label.substr(0, 13) + "~" : label, source.file_size(),
                        options.show_progress);
      ReadContext context(source, store, quarantine, file, progress);
      format.Read(context);
      progress.Finish();
    }
    file.bytes = source.compressed_bytes_read();
    file.decompressed_bytes = source.decompressed_bytes();
    UNMASK_RETURN_IF_ERROR(quarantine.status());

    total.lines += file.lines;
    total.actors += file.actors;
    total.posts += file.posts;
    total.relations += file.relations;
    total.blank += file.blank;
    total.quarantined += file.quarantined;
    total.bytes += file.bytes;
    total.decompressed_bytes += file.decompressed_bytes;
    total.files.push_back(std::move(file));
  }
  UNMASK_RETURN_IF_ERROR(quarantine.Flush());
  total.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return total;
}

}  // namespace unmask
