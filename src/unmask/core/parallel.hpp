#pragma once
// A parallel for-loop over independent items: fn(i) for every i in [0, n),
// on up to `threads` threads (the caller's included), items handed out one at
// a time from a shared counter so that uneven items balance. fn must only
// write to what item i owns; then the result does not depend on the number
// of threads.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace unmask {

template <typename Fn>
void ParallelFor(size_t n, int threads, Fn&& fn) {
  const size_t workers = std::min<size_t>(static_cast<size_t>(std::max(threads, 1)), n);
  if (workers <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next.fetch_add(1, std::memory_order_relaxed); i < n; i = next.fetch_add(1, std::memory_order_relaxed)) {
      fn(i);
    }
  };
  std::vector<std::thread> pool;
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
}

/// As ParallelFor, with the index of the worker (0 .. threads-1) passed too,
/// for per-worker scratch space: fn(worker, i).
template <typename Fn>
void ParallelForWorker(size_t n, int threads, Fn&& fn) {
  const size_t workers = std::min<size_t>(static_cast<size_t>(std::max(threads, 1)), n);
  if (workers <= 1) {
    for (size_t i = 0; i < n; ++i) fn(size_t{0}, i);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&](size_t worker) {
    for (size_t i = next.fetch_add(1, std::memory_order_relaxed); i < n; i = next.fetch_add(1, std::memory_order_relaxed)) {
      fn(worker, i);
    }
  };
  std::vector<std::thread> pool;
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(work, w);
  work(0);
  for (std::thread& t : pool) t.join();
}

}  // namespace unmask
