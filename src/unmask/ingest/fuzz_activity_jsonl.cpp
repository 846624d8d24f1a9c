// libFuzzer target for the activity JSONL reader (build wiring is up to the
// top-level CMake: compile with -fsanitize=fuzzer,address,undefined and link
// unmask_ingest). The input is split into lines like a file; each line is
// parsed twice by two parsers with different histories, which must agree, and
// the store must hold exactly the records reported as loaded. Text entity
// extraction is exercised on every line as well.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "unmask/ingest/activity_jsonl.hpp"
#include "unmask/ingest/text_entities.hpp"
#include "unmask/store/store.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace unmask;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Store store, other_store;
  ActivityJsonlParser parser, other;
  uint64_t posts = 0, relations = 0, actors = 0;
  std::vector<std::string_view> urls, hashtags, mentions;
  size_t start = 0;
  while (start <= input.size()) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    const std::string_view line = input.substr(start, end - start);
    const LineOutcome outcome = parser.Parse(line, store);
    // A different history (a junk line in between) must not change the result.
    other.Parse("{\"kind\":\"post\",\"platform\":1}", other_store);
    if (other.Parse(line, other_store) != outcome || other.reason() != parser.reason()) std::abort();
    if ((outcome == LineOutcome::kBad) == parser.reason().empty()) std::abort();
    posts += outcome == LineOutcome::kPost;
    relations += outcome == LineOutcome::kRelation;
    actors += outcome == LineOutcome::kActor;
    urls.clear();
    hashtags.clear();
    mentions.clear();
    ExtractEntities(line, &urls, &hashtags, &mentions);
    for (const auto* list : {&urls, &hashtags, &mentions}) {
      for (std::string_view e : *list) {
        if (e.empty() || e.data() < line.data() || e.data() + e.size() > line.data() + line.size()) std::abort();
      }
    }
    start = end + 1;
  }
  if (store.posts().size() != posts || store.relations().size() != relations) std::abort();
  uint64_t with_record = 0;
  for (const uint8_t has : store.actors().has_record) with_record += has;
  if (with_record != actors) std::abort();
  store.Finalize();
  return 0;
}
