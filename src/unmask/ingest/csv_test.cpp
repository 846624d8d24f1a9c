#include "unmask/ingest/csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unmask/ingest/ingest_test_util.hpp"

namespace unmask {
namespace {

using testing::TempDir;
using testing::WriteFile;

struct Row {
  uint64_t line;
  std::vector<std::string> fields;
  std::string raw, problem;
  bool blank;
};

std::vector<Row> ReadAll(const std::string& bytes, CsvOptions options = {}) {
  TempDir dir;
  WriteFile(dir.File("t.csv"), bytes);
  auto source = LineSource::Open(dir.File("t.csv"));
  EXPECT_TRUE(source.ok());
  CsvReader reader(**source, options);
  std::vector<Row> rows;
  while (reader.Next()) {
    Row row{reader.line(), {}, std::string(reader.raw()), reader.problem(), reader.blank()};
    for (const auto f : reader.fields()) row.fields.emplace_back(f);
    rows.push_back(std::move(row));
  }
  return rows;
}

using Fields = std::vector<std::string>;

TEST(Csv, Rfc4180Basics) {
  const auto rows = ReadAll("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n,,\nlast,row,no newline");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(rows[1].fields, (Fields{"1", "x, y", "say \"hi\""}));
  EXPECT_EQ(rows[2].fields, (Fields{"", "", ""}));
  EXPECT_EQ(rows[3].fields, (Fields{"last", "row", "no newline"}));
  EXPECT_EQ(rows[3].line, 4u);
}

TEST(Csv, QuotedNewlinesSpanLinesAndKeepTheirRawText) {
  const auto rows = ReadAll("id,text\n1,\"line one\r\nline two\n\nline four\"\n2,after\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].fields, (Fields{"1", "line one\nline two\n\nline four"}));
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_EQ(rows[1].raw, "1,\"line one\nline two\n\nline four\"");
  EXPECT_EQ(rows[2].fields, (Fields{"2", "after"}));
  EXPECT_EQ(rows[2].line, 6u);
}

TEST(Csv, BomIsDroppedAndBlankLinesAreSaid) {
  const auto rows = ReadAll("\xEF\xBB\xBFPage Name,x\n  \nA,1\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].fields[0], "Page Name");
  EXPECT_TRUE(rows[1].blank);
  EXPECT_FALSE(rows[2].blank);
}

TEST(Csv, LenientQuotesLikePython) {
  const auto rows = ReadAll("5\" disk,\"a\"b, \"c\"\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, (Fields{"5\" disk", "ab", " \"c\""}));
}

TEST(Csv, OtherDelimiters) {
  CsvOptions options;
  options.delimiter = '\t';
  const auto rows = ReadAll("a\tb,c\n\"x\ty\"\tz\n", options);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields, (Fields{"a", "b,c"}));
  EXPECT_EQ(rows[1].fields, (Fields{"x\ty", "z"}));
}

TEST(Csv, UnclosedQuoteCostsOneLineNotTheRestOfTheFile) {
  // A stray quote opens a field that runs to the end of the file: that line
  // is reported, and the lines after it are read again as records.
  const auto rows = ReadAll("h1,h2\n1,\"oops\n2,fine\n3,fine\n");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_NE(rows[1].problem.find("line 2 is not closed before the end of the file"), std::string::npos);
  EXPECT_EQ(rows[1].raw, "1,\"oops");
  EXPECT_EQ(rows[2].fields, (Fields{"2", "fine"}));
  EXPECT_EQ(rows[2].line, 3u);
  EXPECT_EQ(rows[3].fields, (Fields{"3", "fine"}));
  EXPECT_EQ(rows[3].line, 4u);
}

TEST(Csv, RecordLengthLimit) {
  CsvOptions options;
  options.max_record_lines = 3;
  const auto rows = ReadAll("1,\"a\nb\nc\nd\ne\"\n", options);
  ASSERT_FALSE(rows.empty());
  EXPECT_NE(rows[0].problem.find("not closed within 3 lines"), std::string::npos) << rows[0].problem;
  // Every line is accounted for: 1 bad + the others re-read.
  uint64_t last = 0;
  for (const Row& r : rows) last = std::max(last, r.line);
  EXPECT_EQ(last, 5u);
}

TEST(Csv, SplitAndFirstRecordAgreeWithTheReader) {
  std::vector<std::string_view> fields;
  std::string storage;
  EXPECT_TRUE(SplitCsvRecord("a,\"b\nc\",\"d\"\"e\"", ',', fields, storage));
  EXPECT_EQ(std::vector<std::string>(fields.begin(), fields.end()), (Fields{"a", "b\nc", "d\"e"}));
  EXPECT_FALSE(SplitCsvRecord("a,\"open", ',', fields, storage));
  EXPECT_EQ(FirstCsvRecord("\n\"x\ny\",z\r\nnext\n", ','), (Fields{"x\ny", "z"}));
  EXPECT_TRUE(FirstCsvRecord("no newline yet", ',').empty());  // may go on past the head
}

}  // namespace
}  // namespace unmask
