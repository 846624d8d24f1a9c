#include "unmask/ingest/ingest.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unmask/ingest/activity_jsonl.hpp"
#include "unmask/ingest/ingest_test_util.hpp"

namespace unmask {
namespace {

using testing::Dump;
using testing::Gzip;
using testing::kSpecExample;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;
using testing::Zstd;

IngestOptions Quiet() {
  IngestOptions options;
  options.show_progress = false;
  return options;
}

TEST(Ingest, SpecExampleFile) {
  TempDir dir;
  WriteFile(dir.File("example.jsonl"), kSpecExample);
  Store store;
  Quarantine quarantine(dir.path() / "q");
  const std::vector<std::string> paths = {dir.File("example.jsonl")};
  auto result = IngestFiles(paths, store, quarantine, Quiet());
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->lines, 5u);
  EXPECT_EQ(result->actors, 2u);
  EXPECT_EQ(result->posts, 2u);
  EXPECT_EQ(result->relations, 1u);
  EXPECT_EQ(result->quarantined, 0u);
  EXPECT_EQ(result->bytes, kSpecExample.size());
  ASSERT_EQ(result->files.size(), 1u);
  EXPECT_EQ(result->files[0].format, "activity-jsonl");
  EXPECT_EQ(result->files[0].error, "");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "q"));  // nothing bad, nothing written
  store.Finalize();
  EXPECT_EQ(store.posts().parent[store.FindPost("facebook", "9002")], store.FindPost("facebook", "9001"));
}

// Good and bad lines interleaved, across two files: exact counts, line
// numbers, reasons, and a byte-identical quarantine file.
TEST(Ingest, BadLinesAreQuarantinedAndGoodOnesStillLoad) {
  TempDir dir;
  const std::vector<std::string> first = {
      R"({"kind":"actor","platform":"x","id":"a1"})",
      R"({"kind":"post","platform":"x","id":"p1","actor":"a1","time":"yesterday"})",  // 2: bad timestamp
      "",
      R"({"kind":"post","platform":"x","id":"p1","actor":"a1","time":1683000000})",
      "{\"kind\":\"post\",\"platform\":\"x\",\"id\":\"p1\",\"actor\":\"a1\",\"time\":1}\t",  // 5: duplicate
      "{broken \xff json",                                                                  // 6: invalid JSON
      R"({"kind":"relation","platform":"x","from":"a1","to":"a2","type":"follows"})",
  };
  const std::vector<std::string> second = {
      R"({"kind":"actor","platform":"x","id":"a1"})",                              // 1: duplicate actor
      R"({"kind":"post","platform":"x","id":"p2","actor":"a2","time":1,"type":"reply"})",  // 2: missing parent
      R"({"kind":"comment","platform":"x"})",                                      // 3: unknown kind
      R"({"kind":"actor","platform":"x","id":"a2","followers":"many"})",           // 4: wrong type
      R"({"kind":"actor","platform":"x","id":"a3","type":"robot"})",               // 5: bad value
      R"({"kind":"post","platform":"x","id":"p3","actor":"a2","time":1683000001,"type":"reply","parent":"p1"})",
      "   ",
  };
  std::string first_text, second_text;
  for (const auto& line : first) first_text += line + "\n";
  for (const auto& line : second) second_text += line + "\r\n";
  WriteFile(dir.File("one.jsonl"), first_text);
  WriteFile(dir.File("two.jsonl"), second_text);

  Store store;
  Quarantine quarantine(dir.path() / "q");
  const std::vector<std::string> paths = {dir.File("one.jsonl"), dir.File("two.jsonl")};
  auto result = IngestFiles(paths, store, quarantine, Quiet());
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->lines, 14u);
  EXPECT_EQ(result->actors, 1u);
  EXPECT_EQ(result->posts, 2u);
  EXPECT_EQ(result->relations, 1u);
  EXPECT_EQ(result->blank, 2u);
  EXPECT_EQ(result->quarantined, 8u);
  EXPECT_EQ(result->lines, result->actors + result->posts + result->relations + result->blank + result->quarantined);
  ASSERT_EQ(result->files.size(), 2u);
  EXPECT_EQ(result->files[0].quarantined, 3u);
  EXPECT_EQ(result->files[1].quarantined, 5u);

  EXPECT_EQ(quarantine.total(), 8u);
  EXPECT_EQ(quarantine.count(bad_line::kBadTimestamp), 1u);
  EXPECT_EQ(quarantine.count(bad_line::kDuplicateId), 2u);
  EXPECT_EQ(quarantine.count(bad_line::kInvalidJson), 1u);
  EXPECT_EQ(quarantine.count(bad_line::kMissingField), 1u);
  EXPECT_EQ(quarantine.count(bad_line::kUnknownKind), 1u);
  EXPECT_EQ(quarantine.count(bad_line::kWrongType), 1u);
  EXPECT_EQ(quarantine.count(bad_line::kBadValue), 1u);

  const std::vector<std::pair<std::string, uint64_t>> where = {
      {paths[0], 2}, {paths[0], 5}, {paths[0], 6}, {paths[1], 1},
      {paths[1], 2}, {paths[1], 3}, {paths[1], 4}, {paths[1], 5}};
  ASSERT_EQ(quarantine.examples().size(), where.size());
  for (size_t i = 0; i < where.size(); ++i) {
    EXPECT_EQ(quarantine.examples()[i].file, where[i].first);
    EXPECT_EQ(quarantine.examples()[i].line, where[i].second);
  }
  EXPECT_EQ(quarantine.examples()[0].reason,
            R"(field "time": expected ISO 8601 timestamp with zone or epoch seconds, got "yesterday")");

  // The quarantine holds the bad lines unchanged (CRLF files lose only the line terminator).
  const std::string expected_jsonl = first[1] + "\n" + first[4] + "\n" + first[5] + "\n" + second[0] + "\n" +
                                     second[1] + "\n" + second[2] + "\n" + second[3] + "\n" + second[4] + "\n";
  EXPECT_EQ(ReadFile((dir.path() / "q" / "quarantine.jsonl").string()), expected_jsonl);
  const std::string log = ReadFile((dir.path() / "q" / "quarantine.log").string());
  EXPECT_NE(log.find(paths[0] + ":2: field \"time\": expected ISO 8601"), std::string::npos) << log;
  EXPECT_NE(log.find(paths[1] + ":2: missing field \"parent\" (required for a post of type \"reply\")\n"),
            std::string::npos)
      << log;

  store.Finalize();
  EXPECT_EQ(store.posts().parent[store.FindPost("x", "p3")], store.FindPost("x", "p1"));
  EXPECT_EQ(store.posts().time[store.FindPost("x", "p1")], 1683000000);
}

std::string Scenario() {
  std::string text;
  for (int i = 0; i < 2000; ++i) {
    const std::string id = std::to_string(i);
    text += R"({"kind":"actor","platform":"x","id":"a)" + id + R"(","handle":"h)" + id + R"(","followers":)" + id +
            "}\n";
    text += R"({"kind":"post","platform":"x","id":"p)" + id + R"(","actor":"a)" + std::to_string(i / 3) +
            R"(","time":)" + std::to_string(1683000000 + i) + R"(,"text":"#tag)" + std::to_string(i % 7) +
            R"( https://e.com/)" + id + "\"" + (i > 0 ? R"(,"type":"share","parent":"p)" + std::to_string(i / 2) + "\"" : "") +
            "}\n";
    if (i % 5 == 0) {
      text += R"({"kind":"relation","platform":"x","from":"a)" + id + R"(","to":"a0","type":"follows"})" "\n";
    }
  }
  return text;
}

std::string IngestAndDump(const std::string& path, IngestSummary* summary = nullptr) {
  Store store;
  Quarantine quarantine;
  const std::vector<std::string> paths = {path};
  auto result = IngestFiles(paths, store, quarantine, Quiet());
  EXPECT_TRUE(result.ok()) << result.status().message();
  if (!result.ok()) return "";
  if (summary != nullptr) *summary = *result;
  store.Finalize();
  return Dump(store);
}

TEST(Ingest, GzipAndZstdGiveTheSameStoreAsPlain) {
  TempDir dir;
  const std::string text = Scenario();
  WriteFile(dir.File("plain.jsonl"), text);
  WriteFile(dir.File("data.jsonl.gz"), Gzip(text));
  WriteFile(dir.File("data.jsonl.zst"), Zstd(text));
  IngestSummary plain_summary, gz_summary, zst_summary;
  const std::string plain = IngestAndDump(dir.File("plain.jsonl"), &plain_summary);
  EXPECT_EQ(plain_summary.posts, 2000u);
  EXPECT_EQ(plain_summary.actors, 2000u);
  EXPECT_EQ(plain_summary.relations, 400u);
  EXPECT_EQ(plain_summary.quarantined, 0u);
  EXPECT_EQ(IngestAndDump(dir.File("data.jsonl.gz"), &gz_summary), plain);
  EXPECT_EQ(IngestAndDump(dir.File("data.jsonl.zst"), &zst_summary), plain);
  EXPECT_EQ(gz_summary.bytes, std::filesystem::file_size(dir.File("data.jsonl.gz")));
  EXPECT_EQ(gz_summary.decompressed_bytes, text.size());
  EXPECT_EQ(zst_summary.decompressed_bytes, text.size());
  EXPECT_LT(zst_summary.bytes, text.size());
}

TEST(Ingest, TruncatedGzipKeepsTheLinesReadAndReportsAnError) {
  TempDir dir;
  const std::string text = Scenario();
  const std::string gz = Gzip(text);
  const std::string path = dir.File("cut.jsonl.gz");
  WriteFile(path, gz.substr(0, gz.size() * 6 / 10));
  Store store;
  Quarantine quarantine;
  const std::vector<std::string> paths = {path};
  auto result = IngestFiles(paths, store, quarantine, Quiet());
  ASSERT_TRUE(result.ok()) << result.status().message();
  const FileSummary& file = result->files[0];
  EXPECT_GT(file.posts, 100u);
  EXPECT_LT(file.posts, 2000u);
  EXPECT_EQ(file.error, path + ": gzip stream ends early (truncated?) after line " + std::to_string(file.lines));
  // At most the cut last line is bad.
  EXPECT_LE(file.quarantined, 1u);
  EXPECT_EQ(file.lines, file.actors + file.posts + file.relations + file.blank + file.quarantined);
  store.Finalize();
  EXPECT_EQ(store.posts().size(), file.posts);
}

TEST(Ingest, CrlfAndBom) {
  TempDir dir;
  std::string text(kSpecExample);
  std::string crlf = "\xEF\xBB\xBF";
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  WriteFile(dir.File("plain.jsonl"), text);
  WriteFile(dir.File("windows.jsonl"), crlf);
  IngestSummary summary;
  EXPECT_EQ(IngestAndDump(dir.File("windows.jsonl"), &summary), IngestAndDump(dir.File("plain.jsonl")));
  EXPECT_EQ(summary.quarantined, 0u);
  EXPECT_EQ(summary.lines, 5u);
}

TEST(Ingest, IntegerEpochTimestamps) {
  TempDir dir;
  WriteFile(dir.File("a.jsonl"),
            R"({"kind":"post","platform":"x","id":"1","actor":"a","time":1693278720})" "\n"
            R"({"kind":"post","platform":"x","id":"2","actor":"a","time":"2023-08-29T03:12:00Z"})" "\n"
            R"({"kind":"actor","platform":"x","id":"a","created":0})" "\n");
  Store store;
  Quarantine quarantine;
  const std::vector<std::string> paths = {dir.File("a.jsonl")};
  ASSERT_TRUE(IngestFiles(paths, store, quarantine, Quiet()).ok());
  store.Finalize();
  EXPECT_EQ(store.posts().time[store.FindPost("x", "1")], 1693278720);
  EXPECT_EQ(store.posts().time[store.FindPost("x", "2")], 1693278720);
  EXPECT_EQ(store.actors().created[store.FindActor("x", "a")], 0);
}

TEST(Ingest, MissingFilesFailTheRunBeforeAnythingIsRead) {
  TempDir dir;
  WriteFile(dir.File("good.jsonl"), kSpecExample);
  Store store;
  Quarantine quarantine;
  const std::vector<std::string> one = {dir.File("good.jsonl"), dir.File("missing.jsonl")};
  auto result = IngestFiles(one, store, quarantine, Quiet());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "cannot read input file " + dir.File("missing.jsonl") + " (No such file or directory)");
  EXPECT_EQ(store.posts().size(), 0u);
  EXPECT_EQ(store.actors().size(), 0u);

  const std::vector<std::string> two = {dir.File("gone1"), dir.File("good.jsonl"), dir.path().string()};
  result = IngestFiles(two, store, quarantine, Quiet());
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("cannot read 2 input files"), std::string::npos);
  EXPECT_NE(result.status().message().find("gone1 (No such file or directory)"), std::string::npos);
  EXPECT_NE(result.status().message().find("(Is a directory)"), std::string::npos);
}

TEST(Ingest, EmptyFileAndNoFiles) {
  TempDir dir;
  WriteFile(dir.File("empty.jsonl"), "");
  Store store;
  Quarantine quarantine;
  const std::vector<std::string> paths = {dir.File("empty.jsonl")};
  auto result = IngestFiles(paths, store, quarantine, Quiet());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->lines, 0u);
  auto none = IngestFiles({}, store, quarantine, Quiet());
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->files.empty());
}

TEST(Ingest, FormatDetection) {
  EXPECT_EQ((*DetectFormat("a.jsonl", R"({"kind":"post"})"))->name(), "activity-jsonl");
  EXPECT_EQ((*DetectFormat("a.jsonl", R"({"kind" : "relation", "from": 1})"))->name(), "activity-jsonl");
  EXPECT_FALSE(DetectFormat("a.csv", "id,text\n1,hello\n").ok());  // no format claims it: an error
  EXPECT_EQ(ActivityJsonlFormat().Sniff("a", R"({"kind":"youtube#commentThread"})"), 50);  // "kind" of another API
  EXPECT_EQ(ActivityJsonlFormat().Sniff("a", "\n\n {\"kind\":\"actor\"}"), 100);
  EXPECT_EQ(ActivityJsonlFormat().Sniff("a", "{\"id\":1}\n{\"kind\":1}"), 50);
  EXPECT_EQ(ActivityJsonlFormat().Sniff("a", "id,kind"), 0);
}

}  // namespace
}  // namespace unmask
