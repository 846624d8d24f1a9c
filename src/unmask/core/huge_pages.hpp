#pragma once
// An allocator for large tables read at random (the intern table, the id
// maps, the signals' pair filters): blocks of 2 MiB or more are aligned to
// 2 MiB and marked MADV_HUGEPAGE, so that the kernel backs them with huge
// pages where transparent huge pages are enabled for madvise'd memory (the
// Debian default). A random probe into a table of hundreds of MiB then costs
// a cache miss, not a TLB miss and a page walk as well. Smaller blocks come
// from the ordinary allocator; where huge pages are off nothing changes.
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

namespace unmask {

inline constexpr size_t kHugePageBytes = size_t{2} << 20;

template <typename T>
struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: rebinding

  T* allocate(size_t n) {
    if (n * sizeof(T) < kHugePageBytes) return std::allocator<T>().allocate(n);
    const size_t bytes = Rounded(n);
    void* p = std::aligned_alloc(kHugePageBytes, bytes);
    if (p == nullptr) throw std::bad_alloc();
    madvise(p, bytes, MADV_HUGEPAGE);  // a hint: ignored where not supported
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) {
    if (n * sizeof(T) < kHugePageBytes) {
      std::allocator<T>().deallocate(p, n);
    } else {
      std::free(p);
    }
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }

 private:
  static size_t Rounded(size_t n) { return (n * sizeof(T) + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes; }
};

/// Marks the whole 2 MiB pages inside [p, p + bytes) MADV_HUGEPAGE: for a
/// large buffer from the ordinary allocator that is about to be filled (a
/// store column reserved ahead), so that filling it faults a page in per
/// 2 MiB, not per 4 KiB. A hint: nothing changes where huge pages are off.
inline void AdviseHugePages(const void* p, size_t bytes) {
  const uintptr_t start = reinterpret_cast<uintptr_t>(p);
  const uintptr_t begin = (start + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  const uintptr_t end = (start + bytes) & ~(kHugePageBytes - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

/// A vector whose buffer, once 2 MiB or more, may sit on huge pages.
template <typename T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace unmask
