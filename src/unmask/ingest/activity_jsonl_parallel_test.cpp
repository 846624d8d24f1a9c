#include "unmask/ingest/activity_jsonl_parallel.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unmask/ingest/activity_jsonl.hpp"
#include "unmask/ingest/ingest.hpp"
#include "unmask/ingest/ingest_test_util.hpp"

namespace unmask {
namespace {

using testing::Dump;
using testing::Gzip;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

// Records that reference each other across the whole file (so ids depend on
// the order they are added), with bad lines, duplicates and blank lines
// spread among them.
std::string MixedFile() {
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    const std::string id = std::to_string(i);
    if (i % 97 == 5) text += "\n";
    if (i % 211 == 7) text += "{broken json " + id + "\n";
    if (i % 307 == 11) text += R"({"kind":"post","platform":"x","id":"p1","actor":"a1","time":1})" "\n";  // duplicate
    if (i % 401 == 13) text += R"({"kind":"actor","platform":"X","id":"a)" + std::to_string(i / 2) + "\"}\n";
    if (i % 503 == 17) text += R"({"kind":"post","platform":"x","id":"q)" + id + R"(","actor":"a1","time":"soon"})" "\n";
    text += R"({"kind":"actor","platform":"x","id":"a)" + std::to_string(i * 7 % 3000) + R"(","name":"n)" + id +
            R"(","infra":["ip:)" + std::to_string(i % 13) + "\"]}\n";
    text += R"({"kind":"post","platform":"x","id":"p)" + id + R"(","actor":"a)" + std::to_string(i * 11 % 3001) +
            R"(","time":)" + std::to_string(1683000000 + i) + R"(,"text":"text )" + std::to_string(i % 50) +
            R"( #tag)" + std::to_string(i % 7) + R"( https://e.com/)" + std::to_string(i % 91) + "\"" +
            (i > 0 ? R"(,"type":"share","parent":"p)" + std::to_string(i * 13 % (i + 1)) + "\"" : "") + "}\n";
    if (i % 3 == 0) {
      text += R"({"kind":"relation","platform":"facebook","from":"b)" + id + R"(","to":"a)" +
              std::to_string(i * 5 % 3000) + R"(","type":"follows"})" "\n";
    }
  }
  return text;
}

// Everything a read leaves behind, as text: the store (records in id order),
// every interned string in id order, the summary and the quarantine.
struct Outcome {
  std::string store, strings, summary, quarantine_jsonl, quarantine_log, examples;
};

Outcome Collect(Store& store, const FileSummary& f, Quarantine& quarantine, const TempDir& dir,
                const std::string& q) {
  Outcome out;
  for (StrId id = 0; id < store.strings().size(); ++id) out.strings += std::string(store.Str(id)) + "\n";
  store.Finalize();
  out.store = Dump(store);
  out.summary = fmt::format("lines {} records {} used {} actors {} posts {} relations {} blank {} quarantined {} "
                            "error '{}'",
                            f.lines, f.records, f.used, f.actors, f.posts, f.relations, f.blank, f.quarantined,
                            f.error);
  EXPECT_TRUE(quarantine.Flush().ok());
  out.quarantine_jsonl = ReadFile((dir.path() / q / "quarantine.jsonl").string());
  out.quarantine_log = ReadFile((dir.path() / q / "quarantine.log").string());
  for (const auto& e : quarantine.examples()) {
    out.examples += fmt::format("{}:{} {} {}\n", e.file, e.line, e.category, e.reason);
  }
  return out;
}

Outcome ReadOnOneThread(const std::string& path, const TempDir& dir) {
  auto source = LineSource::Open(path);
  EXPECT_TRUE(source.ok());
  Store store;
  Quarantine quarantine(dir.path() / "q1");
  FileSummary summary;
  Progress progress("test", 0, false);
  ReadContext context(**source, store, quarantine, summary, progress);
  ActivityJsonlFormat().Read(context);
  return Collect(store, summary, quarantine, dir, "q1");
}

Outcome ReadInParallel(const std::string& path, const TempDir& dir, const ParallelReadOptions& options) {
  auto source = LineSource::Open(path);
  EXPECT_TRUE(source.ok());
  Store store;
  const std::string q = fmt::format("q{}-{}", options.threads, options.chunk_bytes);
  Quarantine quarantine(dir.path() / q);
  FileSummary summary;
  Progress progress("test", 0, false);
  ReadContext context(**source, store, quarantine, summary, progress);
  ReadActivityJsonlInParallel(context, options);
  return Collect(store, summary, quarantine, dir, q);
}

void ExpectSame(const Outcome& a, const Outcome& b) {
  EXPECT_EQ(a.strings, b.strings);
  EXPECT_EQ(a.store, b.store);
  EXPECT_EQ(a.summary, b.summary);
  EXPECT_EQ(a.quarantine_jsonl, b.quarantine_jsonl);
  EXPECT_EQ(a.quarantine_log, b.quarantine_log);
  EXPECT_EQ(a.examples, b.examples);
}

TEST(ParallelRead, SameStoreIdsAndQuarantineAsOneThread) {
  TempDir dir;
  const std::string path = dir.File("mixed.jsonl");
  WriteFile(path, MixedFile());
  const Outcome one = ReadOnOneThread(path, dir);
  // The file is what the test means it to be: many records, some of each bad kind.
  // 15 invalid JSON, 10 + 8 duplicates, 6 bad timestamps.
  EXPECT_NE(one.summary.find("posts 3000 relations 1000 blank 31 quarantined 39 "), std::string::npos)
      << one.summary;
  EXPECT_NE(one.quarantine_log.find("duplicate id: post \"p1\" on x was read before"), std::string::npos);
  EXPECT_NE(one.quarantine_log.find("duplicate id: actor"), std::string::npos);
  EXPECT_NE(one.quarantine_log.find("invalid JSON"), std::string::npos);
  EXPECT_NE(one.quarantine_log.find("field \"time\""), std::string::npos);

  // Tiny chunks (a few lines each), several threads, few chunks in flight:
  // the order of adding must not depend on which thread finishes first.
  for (const int threads : {2, 3, 5}) {
    for (const size_t chunk_bytes : {size_t{1}, size_t{700}, size_t{1} << 20}) {
      SCOPED_TRACE(fmt::format("{} threads, chunks of {} bytes", threads, chunk_bytes));
      ExpectSame(one, ReadInParallel(path, dir, {.threads = threads, .chunk_bytes = chunk_bytes,
                                                 .chunks_per_thread = 1}));
    }
  }
}

TEST(ParallelRead, TruncatedGzipKeepsTheSameLinesAndError) {
  TempDir dir;
  const std::string gz = Gzip(MixedFile());
  const std::string path = dir.File("cut.jsonl.gz");
  WriteFile(path, gz.substr(0, gz.size() / 2));
  const Outcome one = ReadOnOneThread(path, dir);
  EXPECT_NE(one.summary.find("gzip stream ends early"), std::string::npos) << one.summary;
  ExpectSame(one, ReadInParallel(path, dir, {.threads = 2, .chunk_bytes = 4096}));
}

TEST(ParallelRead, EmptyAndBlankFiles) {
  TempDir dir;
  WriteFile(dir.File("empty.jsonl"), "");
  WriteFile(dir.File("blank.jsonl"), "\n  \n\r\n");
  for (const char* name : {"empty.jsonl", "blank.jsonl"}) {
    const Outcome one = ReadOnOneThread(dir.File(name), dir);
    const Outcome two = ReadInParallel(dir.File(name), dir, {.threads = 2, .chunk_bytes = 1});
    EXPECT_EQ(one.summary, two.summary);
    EXPECT_EQ(one.store, two.store);
  }
}

// Through IngestFiles, as `unmask scan -j2` reads: same store and counts.
TEST(ParallelRead, IngestFilesWithTwoThreads) {
  TempDir dir;
  const std::vector<std::string> paths = {dir.File("a.jsonl"), dir.File("b.jsonl.gz")};
  const std::string text = MixedFile();
  const size_t half = text.find('\n', text.size() / 2) + 1;
  WriteFile(paths[0], text.substr(0, half));
  WriteFile(paths[1], Gzip(text.substr(half)));
  std::string dumps[2];
  uint64_t quarantined[2] = {0, 0};
  for (const int threads : {1, 2}) {
    Store store;
    Quarantine quarantine;
    IngestOptions options;
    options.show_progress = false;
    options.threads = threads;
    auto result = IngestFiles(paths, store, quarantine, options);
    ASSERT_TRUE(result.ok()) << result.status().message();
    store.Finalize();
    dumps[threads - 1] = Dump(store);
    quarantined[threads - 1] = result->quarantined;
  }
  EXPECT_EQ(dumps[0], dumps[1]);
  EXPECT_EQ(quarantined[0], quarantined[1]);
  EXPECT_EQ(quarantined[0], 39u);
}

}  // namespace
}  // namespace unmask
