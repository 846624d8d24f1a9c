// libFuzzer target for mapping files: any bytes given as a mapping either
// load or fail with a message naming the file; a mapping that loads is then
// run over a small CSV or JSON Lines input (chosen by its "input") and must
// account for every record, as every reader must.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "unmask/ingest/fuzz_util.hpp"
#include "unmask/core/progress.hpp"
#include "unmask/ingest/mapping.hpp"

namespace {

constexpr std::string_view kCsv =
    "id,who,when,text,tags,parent,n\n1,a,2020-01-01 10:00,hello #x https://a.example,\"[p, 'q']\",,5\n"
    "2,b,1600000000,\"multi\nline\",[],1,-1\n3,,bad,,,,x\n";
constexpr std::string_view kJsonl =
    "{\"id\": 1, \"who\": {\"id\": \"a\", \"n\": [1, 2]}, \"when\": \"2020-01-01T00:00:00Z\", \"text\": \"t #x\"}\n"
    "{\"id\": \"2\", \"who\": null, \"when\": 1.5e9, \"tags\": [{\"name\": \"y\"}]}\nnot json\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace unmask;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto loaded = LoadMapping(text, "fuzz.json");
  if (!loaded.ok()) {
    if (!loaded.status().message().starts_with("fuzz.json: ")) std::abort();
    return 0;
  }
  const bool jsonl = text.find("\"jsonl\"") != std::string_view::npos;
  const std::string_view input = jsonl ? kJsonl : kCsv;
  const fuzz::MemoryFile file(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  Store store;
  Quarantine quarantine;
  const std::unique_ptr<Format> format = std::move(*loaded);
  // Read through the format directly (IngestFiles would want a .json path).
  auto source = LineSource::Open(file.path());
  if (!source.ok()) std::abort();
  FileSummary summary;
  Progress progress("fuzz", 0, false);
  ReadContext context(**source, store, quarantine, summary, progress);
  format->Read(context);
  if (summary.records != summary.used + summary.merged + summary.skipped + summary.blank + summary.quarantined) {
    std::abort();
  }
  if (store.posts().size() != summary.posts) std::abort();
  store.Finalize();
  return 0;
}
