// libFuzzer target for one input format, chosen at compile time with
// -DUNMASK_FUZZ_FORMAT="name" (CMake builds one binary per format: every
// adapter has its own target). The input is read as a file of that format
// twice, into two stores; both reads must account for every record (used,
// merged, skipped, blank or quarantined), agree with each other, and leave a
// store that finalises. Crashes, leaks and undefined behaviour are caught by
// the sanitizers.
#include <cstddef>
#include <cstdint>

#include "unmask/ingest/fuzz_util.hpp"

#ifndef UNMASK_FUZZ_FORMAT
#error "define UNMASK_FUZZ_FORMAT"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace unmask::fuzz;
  const MemoryFile file(data, size);
  Read first = ReadAs(file.path(), UNMASK_FUZZ_FORMAT);
  Read second = ReadAs(file.path(), UNMASK_FUZZ_FORMAT);
  ExpectSame(first, second);
  first.store->Finalize();
  return 0;
}
