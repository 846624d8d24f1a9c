#pragma once
// The saved state of `unmask scan --state DIR`: one file, DIR/state.bin,
// holding the store (every record read so far), the signals' kept events and
// ties, and what earlier runs read (inputs, line and quarantine counts), so
// that a scan of new files only re-computes what they touch and reports the
// same as one scan of all the files. See docs/performance.md §incremental.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "unmask/core/status.hpp"
#include "unmask/report/report.hpp"
#include "unmask/signals/signal_state.hpp"
#include "unmask/store/store.hpp"

namespace unmask {

/// An input file as a state remembers it, to refuse adding it twice.
struct InputMark {
  std::string path;  ///< absolute
  uint64_t bytes = 0;
  uint64_t head_hash = 0;  ///< XXH3 of its first MiB
};

/// What the earlier runs of a state read, for the report's run section.
struct ScanHistory {
  std::vector<std::string> inputs;  ///< as given on the command line, in order
  std::vector<InputMark> marks;
  uint64_t lines = 0;
  uint64_t quarantined = 0;
  std::map<std::string, uint64_t> quarantine_reasons;
  std::vector<std::string> quarantine_examples;
  std::vector<std::string> input_errors;
};

struct ScanState {
  Store store;
  CoActionState signals;
  ScanHistory history;
};

inline constexpr uint32_t kScanStateVersion = 1;

/// DIR/state.bin.
std::string StateFilePath(const std::string& dir);

/// An exclusive lock on a state folder (flock on DIR/lock), held for a whole
/// run so that two scans never extend the same state at once.
class StateLock {
 public:
  /// Creates DIR if needed; an error when another scan holds the lock.
  static Result<StateLock> Acquire(const std::string& dir);
  StateLock(StateLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  StateLock& operator=(StateLock&&) = delete;
  StateLock(const StateLock&) = delete;
  ~StateLock();

 private:
  explicit StateLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};
/// Loads DIR/state.bin into `state` (its store reopened for new records).
/// Returns false, leaving `state` empty, when the folder has no state yet; an
/// error naming the file and what is wrong when it cannot be used.
Result<bool> LoadScanState(const std::string& dir, ScanState& state);
/// Writes DIR/state.bin atomically (temporary file, fsync, rename), creating
/// DIR. Returns the bytes written.
Result<uint64_t> SaveScanState(const std::string& dir, const Store& store, const CoActionState& signals,
                               const ScanHistory& history);

/// The marks of `inputs`; an error when one of them is already in `history`
/// (the same file added twice would count every record twice).
Result<std::vector<InputMark>> MarkNewInputs(const ScanHistory& history, const std::vector<std::string>& inputs,
                                             const std::string& state_file);

/// The run section as one scan of all the inputs would have it: earlier
/// inputs first, counts summed, quarantine examples capped as one run caps them.
void AddHistory(const ScanHistory& history, RunInfo& run);
/// The history to save: the run section right after ingest (with
/// AddHistory applied), before later stages add their own notes.
ScanHistory HistoryOf(const RunInfo& run, std::vector<InputMark> marks);

}  // namespace unmask
