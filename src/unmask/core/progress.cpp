#include "unmask/core/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace unmask {

Progress::Progress(std::string stage, uint64_t total, bool enabled)
    : stage_(std::move(stage)), total_(total), enabled_(enabled && TerminalAttached()) {
  start_ = last_draw_ = std::chrono::steady_clock::now();
}

Progress::~Progress() { Finish(); }

bool Progress::TerminalAttached() { return isatty(STDERR_FILENO) != 0; }

void Progress::Finish() {
  if (finished_) return;
  finished_ = true;
  if (enabled_) Draw(true);
}

void Progress::Draw(bool final) {
  const auto now = std::chrono::steady_clock::now();
  if (!final && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const uint64_t done = done_.load(std::memory_order_relaxed);
  std::string line;
  if (total_ > 0) {
    const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total_));
    const int width = 30;
    const int filled = static_cast<int>(fraction * width);
    line = fmt::format("\r{:<14} [{}{}] {:5.1f}%  {:.1f}s", stage_, std::string(filled, '#'),
                       std::string(width - filled, '.'), fraction * 100, seconds);
  } else {
    line = fmt::format("\r{:<14} {} done  {:.1f}s", stage_, done, seconds);
  }
  std::fputs(line.c_str(), stderr);
  if (final) std::fputs("\n", stderr);
  std::fflush(stderr);
}

}  // namespace unmask
