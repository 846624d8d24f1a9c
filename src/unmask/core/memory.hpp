#pragma once
// Resident memory of this process, read from /proc/self (Linux), for the
// per-stage peak memory the scan and the benchmarks report. Everything reads
// 0 where /proc is not there.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace unmask {

/// Resident set size now, in bytes.
uint64_t CurrentRssBytes();
/// Highest resident set size since the process started, in bytes.
uint64_t PeakRssBytes();
/// User + system CPU time of the whole process so far (all threads), in seconds.
double ProcessCpuSeconds();

/// The peak resident memory of one stage of work. The process-wide peak
/// (VmHWM) is exact but cannot be reset without disturbing what tools such as
/// /usr/bin/time report, so a thread samples the resident size every 20 ms
/// while a stage runs; a stage that raised the process peak gets that exact
/// figure.
class StagePeak {
 public:
  StagePeak();
  ~StagePeak();
  StagePeak(const StagePeak&) = delete;
  StagePeak& operator=(const StagePeak&) = delete;
  /// Starts measuring a new stage.
  void Start();
  /// Peak resident bytes since Start().
  uint64_t Peak() const;

 private:
  void Sample();
  std::atomic<uint64_t> peak_{0};
  uint64_t process_peak_at_start_ = 0;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace unmask
