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

std::string GroupDigits(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Bytes of a file's start that format detection sees.
constexpr size_t kSniffBytes = 16 * 1024;

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

  // Then every file's format, again before reading anything.
  FormatSet formats;
  for (const std::string& mapping : options.mappings) UNMASK_RETURN_IF_ERROR(formats.AddMappingFile(mapping));
  const Format* forced = nullptr;
  if (!options.format.empty()) {
    auto found = formats.Find(options.format);
    if (!found.ok()) return found.status();
    forced = *found;
  }
  std::vector<const Format*> chosen;
  for (const std::string& path : paths) {
    if (forced != nullptr) {
      chosen.push_back(forced);
      continue;
    }
    auto opened = LineSource::Open(path);
    if (!opened.ok()) return opened.status();
    auto detected = formats.Detect(path, (*opened)->Peek(kSniffBytes));
    if (!detected.ok()) {
      problems.push_back(detected.status().message());
    } else {
      chosen.push_back(*detected);
    }
  }
  if (problems.size() == 1) return Status::Error(problems[0]);
  if (problems.size() > 1) return Status::Error(fmt::format("{}", fmt::join(problems, "\n")));

  IngestSummary total;
  for (size_t i = 0; i < paths.size(); ++i) {
    const std::string& path = paths[i];
    auto opened = LineSource::Open(path);
    if (!opened.ok()) return opened.status();  // vanished since the check
    LineSource& source = **opened;
    FileSummary file;
    file.path = path;
    const Format& format = *chosen[i];
    file.format = std::string(format.name());
    {
      const std::string label = std::filesystem::path(path).filename().string();
      Progress progress(label.size() > 14 ? label.substr(0, 13) + "~" : label, source.file_size(),
                        options.show_progress);
      ReadContext context(source, store, quarantine, file, progress);
      context.threads = options.threads;
      format.Read(context);
      progress.Finish();
    }
    file.bytes = source.compressed_bytes_read();
    file.decompressed_bytes = source.decompressed_bytes();
    UNMASK_RETURN_IF_ERROR(quarantine.status());

    total.lines += file.lines;
    total.records += file.records;
    total.used += file.used;
    total.merged += file.merged;
    total.skipped += file.skipped;
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

std::vector<std::string> DescribeIngest(const IngestSummary& summary) {
  std::vector<std::string> out;
  for (const FileSummary& f : summary.files) {
    std::vector<std::string> gave;
    if (f.posts > 0) gave.push_back(fmt::format("{} posts", GroupDigits(f.posts)));
    if (f.actors > 0) gave.push_back(fmt::format("{} actors", GroupDigits(f.actors)));
    if (f.relations > 0) gave.push_back(fmt::format("{} relations", GroupDigits(f.relations)));
    if (gave.empty()) gave.push_back("nothing");
    std::string line = fmt::format("{} ({}): {} records -> {}", std::filesystem::path(f.path).filename().string(),
                                   f.format, GroupDigits(f.records), fmt::join(gave, ", "));
    if (f.merged > 0) line += fmt::format("; {} merged into earlier records", GroupDigits(f.merged));
    line += fmt::format("; {} skipped", GroupDigits(f.skipped));
    if (!f.skip_reasons.empty()) {
      std::vector<std::string> reasons;
      for (const auto& [reason, n] : f.skip_reasons) reasons.push_back(fmt::format("{} {}", GroupDigits(n), reason));
      line += fmt::format(" ({})", fmt::join(reasons, ", "));
    }
    line += fmt::format("; {} quarantined", GroupDigits(f.quarantined));
    for (const auto& [what, n] : f.notes) line += fmt::format("; {} {}", GroupDigits(n), what);
    if (f.blank > 0) line += fmt::format("; {} blank", GroupDigits(f.blank));
    if (!f.error.empty()) line += fmt::format("; INCOMPLETE: {}", f.error);
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace unmask
