#include "unmask/ingest/line_source.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "unmask/ingest/ingest_test_util.hpp"

namespace unmask {
namespace {

using testing::Gzip;
using testing::TempDir;
using testing::WriteFile;
using testing::Zstd;

struct Lines {
  std::vector<std::string> lines;
  std::vector<uint64_t> numbers;
  std::string error;
  uint64_t compressed = 0;
  Compression compression = Compression::kNone;
};

Lines ReadAll(const std::string& path, LineSourceOptions options = {}) {
  auto source = LineSource::Open(path, options);
  EXPECT_TRUE(source.ok()) << source.status().message();
  Lines out;
  if (!source.ok()) return out;
  std::string_view line;
  while ((*source)->Next(line)) {
    out.lines.emplace_back(line);
    out.numbers.push_back((*source)->line_number());
  }
  EXPECT_FALSE((*source)->Next(line));  // stays at the end
  out.error = (*source)->error();
  out.compressed = (*source)->compressed_bytes_read();
  out.compression = (*source)->compression();
  return out;
}

std::vector<std::string> V(std::initializer_list<const char*> items) { return {items.begin(), items.end()}; }

TEST(LineSource, PlainLinesWithNumbers) {
  TempDir dir;
  WriteFile(dir.File("a.jsonl"), "one\ntwo\n\nfour\n");
  const Lines got = ReadAll(dir.File("a.jsonl"));
  EXPECT_EQ(got.lines, V({"one", "two", "", "four"}));
  EXPECT_EQ(got.numbers, (std::vector<uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(got.error, "");
  EXPECT_EQ(got.compression, Compression::kNone);
  EXPECT_EQ(got.compressed, 14u);
}

TEST(LineSource, CrlfBomAndLastLineWithoutNewline) {
  TempDir dir;
  WriteFile(dir.File("a.jsonl"), "\xEF\xBB\xBFone\r\ntwo\r\nthree");
  EXPECT_EQ(ReadAll(dir.File("a.jsonl")).lines, V({"one", "two", "three"}));
  // A BOM is only dropped at the start of the file.
  WriteFile(dir.File("b.jsonl"), "one\n\xEF\xBB\xBFtwo\r\n");
  EXPECT_EQ(ReadAll(dir.File("b.jsonl")).lines, V({"one", "\xEF\xBB\xBFtwo"}));
  // A lone CR inside a line is kept.
  WriteFile(dir.File("c.jsonl"), "a\rb\n");
  EXPECT_EQ(ReadAll(dir.File("c.jsonl")).lines, V({"a\rb"}));
}

TEST(LineSource, EmptyAndTinyFiles) {
  TempDir dir;
  WriteFile(dir.File("empty"), "");
  EXPECT_TRUE(ReadAll(dir.File("empty")).lines.empty());
  WriteFile(dir.File("nl"), "\n");
  EXPECT_EQ(ReadAll(dir.File("nl")).lines, V({""}));
  WriteFile(dir.File("x"), "x");
  EXPECT_EQ(ReadAll(dir.File("x")).lines, V({"x"}));
  WriteFile(dir.File("bom"), "\xEF\xBB\xBF");
  EXPECT_TRUE(ReadAll(dir.File("bom")).lines.empty());
}

TEST(LineSource, MissingFileAndDirectoryNameThePathAndReason) {
  TempDir dir;
  auto missing = LineSource::Open(dir.File("nope.jsonl"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nope.jsonl"), std::string::npos);
  EXPECT_NE(missing.status().message().find("No such file or directory"), std::string::npos);
  auto directory = LineSource::Open(dir.path().string());
  ASSERT_FALSE(directory.ok());
  EXPECT_NE(directory.status().message().find("Is a directory"), std::string::npos);
}

// Random lines of random lengths (some far longer than the chunk) survive
// every chunk boundary, for plain, gzip and zstd.
TEST(LineSource, RandomLinesAcrossChunkBoundaries) {
  TempDir dir;
  std::mt19937_64 rng(42);
  std::vector<std::string> lines;
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    const size_t length = rng() % 16 == 0 ? rng() % 20000 : rng() % 200;
    std::string line(length, 'a');
    for (char& c : line) c = static_cast<char>('a' + rng() % 26);
    if (rng() % 5 == 0) line += '\r';  // CRLF
    text += line + "\n";
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  WriteFile(dir.File("plain"), text);
  WriteFile(dir.File("gz"), Gzip(text));
  WriteFile(dir.File("zst"), Zstd(text));
  LineSourceOptions small;
  small.chunk_bytes = 4096;
  for (const char* name : {"plain", "gz", "zst"}) {
    for (const LineSourceOptions& options : {small, LineSourceOptions{}}) {
      const Lines got = ReadAll(dir.File(name), options);
      EXPECT_EQ(got.lines, lines) << name;
      EXPECT_EQ(got.error, "") << name;
      EXPECT_EQ(got.compressed, std::filesystem::file_size(dir.File(name))) << name;
    }
  }
}

TEST(LineSource, VeryLongLine) {
  TempDir dir;
  const std::string big(5'000'000, 'x');
  WriteFile(dir.File("big"), "a\n" + big + "\nb");
  LineSourceOptions options;
  options.chunk_bytes = 4096;
  const Lines got = ReadAll(dir.File("big"), options);
  ASSERT_EQ(got.lines.size(), 3u);
  EXPECT_EQ(got.lines[1], big);
  EXPECT_EQ(got.lines[2], "b");
}

TEST(LineSource, LineLongerThanTheLimitStopsWithAnError) {
  TempDir dir;
  WriteFile(dir.File("big"), "a\n" + std::string(100'000, 'x') + "\nb\n");
  LineSourceOptions options;
  options.chunk_bytes = 4096;
  options.max_line_bytes = 50'000;
  const Lines got = ReadAll(dir.File("big"), options);
  ASSERT_EQ(got.lines.size(), 1u);  // the over-long line is not delivered cut
  EXPECT_EQ(got.lines[0], "a");
  EXPECT_NE(got.error.find("line 2 is longer than 50000 bytes"), std::string::npos) << got.error;
}

TEST(LineSource, DetectsCompressionByContentNotName) {
  TempDir dir;
  const std::string text = "x\ny\n";
  WriteFile(dir.File("plain.gz"), text);          // a misnamed plain file
  WriteFile(dir.File("gzip.jsonl"), Gzip(text));  // compressed without the extension
  WriteFile(dir.File("zstd.txt"), Zstd(text));
  EXPECT_EQ(ReadAll(dir.File("plain.gz")).compression, Compression::kNone);
  EXPECT_EQ(ReadAll(dir.File("plain.gz")).lines, V({"x", "y"}));
  EXPECT_EQ(ReadAll(dir.File("gzip.jsonl")).compression, Compression::kGzip);
  EXPECT_EQ(ReadAll(dir.File("gzip.jsonl")).lines, V({"x", "y"}));
  EXPECT_EQ(ReadAll(dir.File("zstd.txt")).compression, Compression::kZstd);
  EXPECT_EQ(ReadAll(dir.File("zstd.txt")).lines, V({"x", "y"}));
}

TEST(LineSource, GzipMultiMemberAndZeroPadding) {
  TempDir dir;
  // `cat a.gz b.gz > c.gz` is a valid gzip file holding both.
  WriteFile(dir.File("multi.gz"), Gzip("one\ntw") + Gzip("o\nthree\n") + Gzip("") + std::string(100, '\0'));
  const Lines got = ReadAll(dir.File("multi.gz"));
  EXPECT_EQ(got.lines, V({"one", "two", "three"}));
  EXPECT_EQ(got.error, "");
}

TEST(LineSource, GzipTrailingGarbageIsReported) {
  TempDir dir;
  WriteFile(dir.File("junk.gz"), Gzip("one\ntwo\n") + "junk");
  const Lines got = ReadAll(dir.File("junk.gz"));
  EXPECT_EQ(got.lines, V({"one", "two"}));
  EXPECT_NE(got.error.find("unexpected data after the end of the gzip stream"), std::string::npos) << got.error;
}

TEST(LineSource, ZstdMultiFrame) {
  TempDir dir;
  WriteFile(dir.File("multi.zst"), Zstd("one\ntw") + Zstd("o\nthree\n"));
  const Lines got = ReadAll(dir.File("multi.zst"));
  EXPECT_EQ(got.lines, V({"one", "two", "three"}));
  EXPECT_EQ(got.error, "");
}

std::string NumberedLines(int count) {
  std::string text;
  for (int i = 1; i <= count; ++i) text += "line number " + std::to_string(i) + " with some padding text\n";
  return text;
}

TEST(LineSource, TruncatedGzipDeliversDecodedLinesThenAnError) {
  TempDir dir;
  const std::string text = NumberedLines(20000);
  const std::string gz = Gzip(text);
  WriteFile(dir.File("cut.gz"), gz.substr(0, gz.size() / 2));
  const Lines got = ReadAll(dir.File("cut.gz"));
  ASSERT_GT(got.lines.size(), 100u);
  ASSERT_LT(got.lines.size(), 20000u);
  // Every complete line is right; the last one may be cut short.
  for (size_t i = 0; i + 1 < got.lines.size(); ++i) {
    ASSERT_EQ(got.lines[i], "line number " + std::to_string(i + 1) + " with some padding text");
  }
  const std::string expected = dir.File("cut.gz") + ": gzip stream ends early (truncated?) after line " +
                               std::to_string(got.lines.size());
  EXPECT_EQ(got.error, expected);
}

TEST(LineSource, TruncatedZstdDeliversDecodedLinesThenAnError) {
  TempDir dir;
  const std::string text = NumberedLines(20000);
  const std::string zst = Zstd(text);
  WriteFile(dir.File("cut.zst"), zst.substr(0, zst.size() * 2 / 3));
  const Lines got = ReadAll(dir.File("cut.zst"));
  ASSERT_GT(got.lines.size(), 100u);
  ASSERT_LT(got.lines.size(), 20000u);
  EXPECT_NE(got.error.find("zstd stream ends early (truncated?) after line " + std::to_string(got.lines.size())),
            std::string::npos)
      << got.error;
}

// Damaged compressed data never crashes; it ends with an error or, when the
// damage happens to decode, with some lines.
TEST(LineSource, CorruptStreamsDoNotCrash) {
  TempDir dir;
  const std::string text = NumberedLines(5000);
  std::mt19937_64 rng(7);
  int errors = 0;
  for (int round = 0; round < 60; ++round) {
    std::string data = round % 2 == 0 ? Gzip(text) : Zstd(text);
    for (int flips = 0; flips < 3; ++flips) data[4 + rng() % (data.size() - 4)] ^= static_cast<char>(1 + rng() % 255);
    const std::string path = dir.File("bad" + std::to_string(round));
    WriteFile(path, data);
    const Lines got = ReadAll(path);
    errors += got.error.empty() ? 0 : 1;
    EXPECT_LE(got.lines.size(), 6000u);
  }
  EXPECT_GT(errors, 40);
}

TEST(LineSource, PeekShowsTheStartWithoutConsumingIt) {
  TempDir dir;
  WriteFile(dir.File("a.gz"), Gzip("\xEF\xBB\xBF{\"kind\":1}\nsecond\n"));
  auto source = LineSource::Open(dir.File("a.gz"));
  ASSERT_TRUE(source.ok());
  EXPECT_EQ((*source)->Peek(8), "{\"kind\":");
  EXPECT_EQ((*source)->Peek(), "{\"kind\":1}\nsecond\n");
  std::string_view line;
  ASSERT_TRUE((*source)->Next(line));
  EXPECT_EQ(line, "{\"kind\":1}");
  ASSERT_TRUE((*source)->Next(line));
  EXPECT_EQ(line, "second");
  EXPECT_FALSE((*source)->Next(line));
}

TEST(LineSource, DetectCompression) {
  EXPECT_EQ(DetectCompression("\x1f\x8b\x08"), Compression::kGzip);
  EXPECT_EQ(DetectCompression("\x28\xb5\x2f\xfd"), Compression::kZstd);
  EXPECT_EQ(DetectCompression("\x50\x2a\x4d\x18"), Compression::kZstd);
  EXPECT_EQ(DetectCompression("{\"ki"), Compression::kNone);
  EXPECT_EQ(DetectCompression(""), Compression::kNone);
  EXPECT_EQ(DetectCompression("\x1f"), Compression::kNone);
}

}  // namespace
}  // namespace unmask
