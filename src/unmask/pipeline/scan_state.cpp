#include "unmask/pipeline/scan_state.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <cstdio>
#include <filesystem>

#include "unmask/core/hash.hpp"
#include "unmask/ingest/quarantine.hpp"
#include "unmask/store/blob_file.hpp"

namespace unmask {
namespace {

constexpr std::string_view kMagic = "UNMASKST";
constexpr size_t kHeadBytes = size_t{1} << 20;

// Lists of strings as one blob: each followed by a NUL.
std::string JoinStrings(const std::vector<std::string>& list) {
  std::string out;
  for (const std::string& s : list) {
    out += s;
    out += '\0';
  }
  return out;
}

std::vector<std::string> SplitStrings(const std::string& joined) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < joined.size(); ++i) {
    if (joined[i] == '\0') {
      out.push_back(joined.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

Status GetStrings(BlobReader& in, std::string_view name, std::vector<std::string>& out) {
  std::string joined;
  UNMASK_RETURN_IF_ERROR(in.GetString(name, joined));
  if (!joined.empty() && joined.back() != '\0') return in.Error(name, "is not a list of strings (damaged)");
  out = SplitStrings(joined);
  return {};
}

void SaveHistory(BlobWriter& out, const ScanHistory& h) {
  out.PutString("history.inputs", JoinStrings(h.inputs));
  std::vector<std::string> paths;
  std::vector<uint64_t> sizes;
  for (const InputMark& m : h.marks) {
    paths.push_back(m.path);
    sizes.push_back(m.bytes);
    sizes.push_back(m.head_hash);
  }
  out.PutString("history.mark_paths", JoinStrings(paths));
  out.Put("history.mark_sizes", sizes);
  out.PutValue("history.lines", h.lines);
  out.PutValue("history.quarantined", h.quarantined);
  std::vector<std::string> reasons;
  std::vector<uint64_t> counts;
  for (const auto& [reason, n] : h.quarantine_reasons) {
    reasons.push_back(reason);
    counts.push_back(n);
  }
  out.PutString("history.quarantine_reasons", JoinStrings(reasons));
  out.Put("history.quarantine_counts", counts);
  out.PutString("history.quarantine_examples", JoinStrings(h.quarantine_examples));
  out.PutString("history.input_errors", JoinStrings(h.input_errors));
}

Status LoadHistory(BlobReader& in, ScanHistory& h) {
  UNMASK_RETURN_IF_ERROR(GetStrings(in, "history.inputs", h.inputs));
  std::vector<std::string> paths;
  std::vector<uint64_t> sizes;
  UNMASK_RETURN_IF_ERROR(GetStrings(in, "history.mark_paths", paths));
  UNMASK_RETURN_IF_ERROR(in.Get("history.mark_sizes", sizes));
  if (sizes.size() != paths.size() * 2) return in.Error("history.mark_sizes", "do not match the input paths (damaged)");
  for (size_t i = 0; i < paths.size(); ++i) h.marks.push_back({paths[i], sizes[2 * i], sizes[2 * i + 1]});
  UNMASK_RETURN_IF_ERROR(in.GetValue("history.lines", h.lines));
  UNMASK_RETURN_IF_ERROR(in.GetValue("history.quarantined", h.quarantined));
  std::vector<std::string> reasons;
  std::vector<uint64_t> counts;
  UNMASK_RETURN_IF_ERROR(GetStrings(in, "history.quarantine_reasons", reasons));
  UNMASK_RETURN_IF_ERROR(in.Get("history.quarantine_counts", counts));
  if (counts.size() != reasons.size()) return in.Error("history.quarantine_counts", "do not match the reasons (damaged)");
  for (size_t i = 0; i < reasons.size(); ++i) h.quarantine_reasons[reasons[i]] = counts[i];
  UNMASK_RETURN_IF_ERROR(GetStrings(in, "history.quarantine_examples", h.quarantine_examples));
  UNMASK_RETURN_IF_ERROR(GetStrings(in, "history.input_errors", h.input_errors));
  return {};
}

Result<InputMark> Mark(const std::string& path) {
  std::error_code error;
  InputMark mark;
  mark.path = std::filesystem::absolute(path, error).lexically_normal().string();
  if (error) mark.path = path;
  mark.bytes = std::filesystem::file_size(path, error);
  if (error) return Status::Error(fmt::format("cannot read input file {} ({})", path, error.message()));
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return Status::Error(fmt::format("cannot read input file {}", path));
  std::string head(kHeadBytes, '\0');
  head.resize(std::fread(head.data(), 1, head.size(), file));
  std::fclose(file);
  mark.head_hash = HashBytes(head);
  return mark;
}

}  // namespace

std::string StateFilePath(const std::string& dir) { return (std::filesystem::path(dir) / "state.bin").string(); }

Result<StateLock> StateLock::Acquire(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return Status::Error(fmt::format("cannot create state folder {}: {}", dir, error.message()));
  const std::string path = (std::filesystem::path(dir) / "lock").string();
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Error(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int why = errno;
    ::close(fd);
    if (why == EWOULDBLOCK) {
      return Status::Error(fmt::format("state folder {} is in use by another scan (wait for it to finish)", dir));
    }
    return Status::Error(fmt::format("cannot lock {}: {}", path, std::strerror(why)));
  }
  return StateLock(fd);
}

StateLock::~StateLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

Result<bool> LoadScanState(const std::string& dir, ScanState& state) {
  const std::string path = StateFilePath(dir);
  std::error_code error;
  if (std::filesystem::exists(dir, error) && !std::filesystem::is_directory(dir, error)) {
    return Status::Error(fmt::format("state folder {} is a file, not a folder", dir));
  }
  if (!std::filesystem::exists(path, error)) return false;
  auto in = BlobReader::Open(path, kMagic, kScanStateVersion);
  if (!in.ok()) return in.status();
  std::string version;
  UNMASK_RETURN_IF_ERROR(in->GetString("meta.unmask_version", version));
  UNMASK_RETURN_IF_ERROR(LoadHistory(*in, state.history));
  Result<Store> store = Store::Load(*in);
  if (!store.ok()) return store.status();
  Result<CoActionState> signals = CoActionState::Load(*in, store->actors().size(), store->posts().size());
  if (!signals.ok()) return signals.status();
  std::string end;
  UNMASK_RETURN_IF_ERROR(in->GetString("end", end));
  state.store = std::move(*store);
  state.signals = std::move(*signals);
  return true;
}

Result<uint64_t> SaveScanState(const std::string& dir, const Store& store, const CoActionState& signals,
                               const ScanHistory& history) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return Status::Error(fmt::format("cannot create state folder {}: {}", dir, error.message()));
  auto out = BlobWriter::Create(StateFilePath(dir), kMagic, kScanStateVersion);
  if (!out.ok()) return out.status();
  out->PutString("meta.unmask_version", "0.1.0");
  SaveHistory(*out, history);
  store.Save(*out);
  signals.Save(*out);
  out->PutString("end", "end");
  UNMASK_RETURN_IF_ERROR(out->Commit());
  // Temporary files of runs that were killed while writing (the lock says no
  // other run is writing now).
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().filename().string().starts_with("state.bin.tmp-")) std::filesystem::remove(entry.path(), error);
  }
  return out->bytes_written();
}

Result<std::vector<InputMark>> MarkNewInputs(const ScanHistory& history, const std::vector<std::string>& inputs,
                                             const std::string& state_file) {
  std::vector<InputMark> marks;
  for (const std::string& input : inputs) {
    Result<InputMark> mark = Mark(input);
    if (!mark.ok()) return mark.status();
    for (const InputMark& old : history.marks) {
      if (old.bytes == mark->bytes && old.head_hash == mark->head_hash) {
        return Status::Error(fmt::format(
            "{} is already in the state {} (read before as {}); adding it again would count every record twice. "
            "Use a new --state folder to scan it afresh",
            input, state_file, old.path));
      }
    }
    marks.push_back(std::move(*mark));
  }
  return marks;
}

void AddHistory(const ScanHistory& history, RunInfo& run) {
  std::vector<std::string> inputs = history.inputs;
  inputs.insert(inputs.end(), run.inputs.begin(), run.inputs.end());
  run.inputs = std::move(inputs);
  run.lines += history.lines;
  run.quarantined += history.quarantined;
  for (const auto& [reason, n] : history.quarantine_reasons) run.quarantine_reasons[reason] += n;
  std::vector<std::string> examples = history.quarantine_examples;
  for (const std::string& e : run.quarantine_examples) {
    if (examples.size() < Quarantine::kMaxExamples) examples.push_back(e);
  }
  run.quarantine_examples = std::move(examples);
  std::vector<std::string> errors = history.input_errors;
  errors.insert(errors.end(), run.input_errors.begin(), run.input_errors.end());
  run.input_errors = std::move(errors);
}

ScanHistory HistoryOf(const RunInfo& run, std::vector<InputMark> marks) {
  ScanHistory h;
  h.inputs = run.inputs;
  h.marks = std::move(marks);
  h.lines = run.lines;
  h.quarantined = run.quarantined;
  h.quarantine_reasons = run.quarantine_reasons;
  h.quarantine_examples = run.quarantine_examples;
  h.input_errors = run.input_errors;
  return h;
}

}  // namespace unmask
