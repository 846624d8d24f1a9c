#include "unmask/ingest/quarantine.hpp"

#include <gtest/gtest.h>

#include "unmask/ingest/ingest_test_util.hpp"

namespace unmask {
namespace {

using testing::ReadFile;
using testing::TempDir;

TEST(Quarantine, CountsByCategoryAndKeepsTheFirstExamples) {
  Quarantine q;
  for (int i = 1; i <= 70; ++i) {
    q.Add("a.jsonl", static_cast<uint64_t>(i), "raw", i % 2 == 0 ? bad_line::kInvalidJson : bad_line::kMissingField,
          "reason " + std::to_string(i));
  }
  EXPECT_EQ(q.total(), 70u);
  EXPECT_EQ(q.count(bad_line::kInvalidJson), 35u);
  EXPECT_EQ(q.count(bad_line::kMissingField), 35u);
  EXPECT_EQ(q.count(bad_line::kDuplicateId), 0u);
  ASSERT_EQ(q.by_category().size(), 2u);
  EXPECT_EQ(q.by_category()[0].first, "missing field");  // order of first appearance
  ASSERT_EQ(q.examples().size(), Quarantine::kMaxExamples);
  EXPECT_EQ(q.examples()[0].file, "a.jsonl");
  EXPECT_EQ(q.examples()[0].line, 1u);
  EXPECT_EQ(q.examples()[0].reason, "reason 1");
  EXPECT_EQ(q.examples()[49].line, 50u);
  EXPECT_FALSE(q.jsonl_path());
  EXPECT_TRUE(q.Flush().ok());
}

TEST(Quarantine, NoFilesWhenNothingIsBad) {
  TempDir dir;
  {
    Quarantine q(dir.path() / "out");
    EXPECT_TRUE(q.Flush().ok());
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "out"));
}

TEST(Quarantine, WritesRawLinesByteForByteAndALog) {
  TempDir dir;
  const std::string weird = std::string("{\"a\":\xff\xfe}\t \x01") + std::string(1, '\0') + "end";
  {
    Quarantine q(dir.path() / "out");
    q.Add("in/a.jsonl", 3, "{not json", bad_line::kInvalidJson, "invalid JSON: malformed");
    q.Add("in/b.jsonl.gz", 12, weird, bad_line::kInvalidJson, "invalid JSON: not valid UTF-8");
    q.Add("in/b.jsonl.gz", 13, "", bad_line::kMissingField, "missing field \"kind\"");
    ASSERT_TRUE(q.Flush().ok());
    EXPECT_EQ(q.jsonl_path(), dir.path() / "out" / "quarantine.jsonl");
  }
  EXPECT_EQ(ReadFile((dir.path() / "out" / "quarantine.jsonl").string()), "{not json\n" + weird + "\n\n");
  EXPECT_EQ(ReadFile((dir.path() / "out" / "quarantine.log").string()),
            "in/a.jsonl:3: invalid JSON: malformed\n"
            "in/b.jsonl.gz:12: invalid JSON: not valid UTF-8\n"
            "in/b.jsonl.gz:13: missing field \"kind\"\n");
}

TEST(Quarantine, UnwritableDirectoryIsAnError) {
  TempDir dir;
  testing::WriteFile(dir.File("file"), "x");
  Quarantine q(dir.path() / "file" / "sub");  // a path below a regular file
  q.Add("a", 1, "x", bad_line::kInvalidJson, "r");
  EXPECT_EQ(q.total(), 1u);
  EXPECT_FALSE(q.status().ok());
  EXPECT_NE(q.status().message().find("quarantine"), std::string::npos);
}

}  // namespace
}  // namespace unmask
