// libFuzzer target for the CSV reader: every record it returns without a
// problem must split the same way when its raw text is split on its own
// (SplitCsvRecord), records start on increasing lines, and every physical
// line belongs to a record.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "unmask/ingest/csv.hpp"
#include "unmask/ingest/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace unmask;
  const fuzz::MemoryFile file(data, size);
  auto source = LineSource::Open(file.path());
  if (!source.ok()) std::abort();
  CsvOptions options;
  options.max_record_lines = 50;
  options.delimiter = size > 0 && data[0] == '\t' ? '\t' : ',';
  CsvReader reader(**source, options);
  std::vector<std::string_view> fields;
  std::string storage;
  uint64_t last_line = 0;
  while (reader.Next()) {
    if (reader.line() <= last_line && reader.problem().empty()) std::abort();
    last_line = std::max(last_line, reader.line());
    if (!reader.problem().empty()) continue;
    const std::vector<std::string> got(reader.fields().begin(), reader.fields().end());
    if (!SplitCsvRecord(reader.raw(), options.delimiter, fields, storage)) std::abort();
    if (std::vector<std::string>(fields.begin(), fields.end()) != got) std::abort();
  }
  return 0;
}
