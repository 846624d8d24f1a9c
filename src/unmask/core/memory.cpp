#include "unmask/core/memory.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace unmask {
namespace {

// The value in kB of a "Name:   123 kB" line of /proc/self/status, in bytes.
uint64_t StatusField(const char* name) {
  std::FILE* file = std::fopen("/proc/self/status", "r");
  if (file == nullptr) return 0;
  char line[256];
  uint64_t value = 0;
  const size_t length = std::strlen(name);
  while (std::fgets(line, sizeof line, file) != nullptr) {
    if (std::strncmp(line, name, length) == 0 && line[length] == ':') {
      unsigned long long kib = 0;
      if (std::sscanf(line + length + 1, "%llu", &kib) == 1) value = kib * 1024;
      break;
    }
  }
  std::fclose(file);
  return value;
}

}  // namespace

uint64_t CurrentRssBytes() {
  // statm is cheaper to read than status: "size resident shared ..." in pages.
  std::FILE* file = std::fopen("/proc/self/statm", "r");
  if (file == nullptr) return 0;
  unsigned long long size = 0, resident = 0;
  const int read = std::fscanf(file, "%llu %llu", &size, &resident);
  std::fclose(file);
  if (read != 2) return 0;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

uint64_t PeakRssBytes() { return StatusField("VmHWM"); }

double ProcessCpuSeconds() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

StagePeak::StagePeak() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stop_) {
      lock.unlock();
      Sample();
      lock.lock();
      wake_.wait_for(lock, std::chrono::milliseconds(20));
    }
  });
}

StagePeak::~StagePeak() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void StagePeak::Sample() {
  const uint64_t now = CurrentRssBytes();
  uint64_t seen = peak_.load(std::memory_order_relaxed);
  while (now > seen && !peak_.compare_exchange_weak(seen, now, std::memory_order_relaxed)) {
  }
}

void StagePeak::Start() {
  process_peak_at_start_ = PeakRssBytes();
  peak_.store(CurrentRssBytes(), std::memory_order_relaxed);
}

uint64_t StagePeak::Peak() const {
  const uint64_t process_peak = PeakRssBytes();
  const uint64_t sampled = std::max(peak_.load(std::memory_order_relaxed), CurrentRssBytes());
  return process_peak > process_peak_at_start_ ? std::max(process_peak, sampled) : sampled;
}

}  // namespace unmask
