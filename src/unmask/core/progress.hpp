#pragma once
// Progress on a terminal: a bar per long stage on stderr, redrawn at most ten
// times a second, and nothing at all when stderr is not a terminal or the
// user asked for --quiet.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace unmask {

class Progress {
 public:
  /// `total` may be 0 when unknown (a counter is shown instead of a bar).
  Progress(std::string stage, uint64_t total, bool enabled);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Adds `n` units of work; cheap enough for inner loops.
  void Advance(uint64_t n = 1) {
    done_.fetch_add(n, std::memory_order_relaxed);
    if (enabled_ && ++calls_ % 4096 == 0) Draw(false);
  }
  /// Redraws if due (at most ten times a second), for callers that advance
  /// in a few large steps rather than many small ones.
  void Refresh() {
    if (enabled_) Draw(false);
  }
  void SetTotal(uint64_t total) { total_ = total; }
  void Finish();

  /// True when progress bars should be drawn: stderr is a terminal.
  static bool TerminalAttached();

 private:
  void Draw(bool final);

  std::string stage_;
  uint64_t total_;
  bool enabled_;
  bool finished_ = false;
  std::atomic<uint64_t> done_{0};
  std::atomic<uint64_t> calls_{0};
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace unmask
