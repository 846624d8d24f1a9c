#include "unmask/attribute/attribute.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace unmask {
namespace {

std::string Library() {
  const char* src = std::getenv("UNMASK_SOURCE_DIR");
  return src ? std::string(src) + "/operations" : DefaultOperationsDir();
}

TEST(Operations, LibraryHasTheFourOperationsWithSourcesAndTechniques) {
  auto ops = LoadOperations(Library());
  ASSERT_TRUE(ops.ok()) << ops.status().message();
  std::vector<std::string> ids;
  for (const KnownOperation& op : *ops) {
    ids.push_back(op.id);
    EXPECT_FALSE(op.sources.empty()) << op.id;
    EXPECT_FALSE(op.techniques.empty()) << op.id;
    EXPECT_FALSE(op.platforms.empty()) << op.id;
    for (const Technique& t : op.techniques) EXPECT_EQ(t.id[0], 'T') << op.id;
  }
  for (const char* id : {"spamouflage", "internet_research_agency", "secondary_infektion_doppelganger",
                         "commercial_engagement_farm"}) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
  const auto spam = std::find_if(ops->begin(), ops->end(), [](const auto& o) { return o.id == "spamouflage"; });
  ASSERT_TRUE(spam->utc_offset.has_value());
  EXPECT_EQ(*spam->utc_offset, 8);
  EXPECT_TRUE(spam->office_hours);
}

TEST(Operations, BadFileNamesFileAndField) {
  const auto dir = std::filesystem::temp_directory_path() / ("unmask_ops_bad_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "x.json") << R"({"format":"unmask-operation/1","id":"x","name":"X","languages":"en",)"
                                   R"("sources":[{"title":"t"}]})";
  auto ops = LoadOperations(dir.string());
  ASSERT_FALSE(ops.ok());
  EXPECT_NE(ops.status().message().find("x.json"), std::string::npos);
  EXPECT_NE(ops.status().message().find("languages"), std::string::npos);
  std::ofstream(dir / "x.json") << "{not json";
  ops = LoadOperations(dir.string());
  ASSERT_FALSE(ops.ok());
  EXPECT_NE(ops.status().message().find("not valid JSON"), std::string::npos);
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(LoadOperations(dir.string()).ok());
}

TEST(Terms, WordsMatchWholeWordsAndCjkMatchesSubstrings) {
  EXPECT_TRUE(ContainsTerm("the real xinjiang!", "xinjiang"));
  EXPECT_FALSE(ContainsTerm("xinjiangcotton", "xinjiang"));
  EXPECT_TRUE(ContainsTerm("so nice.", "nice"));
  EXPECT_FALSE(ContainsTerm("venice is lovely", "nice"));
  EXPECT_TRUE(ContainsTerm("看看真实的新疆！", "新疆"));
  EXPECT_TRUE(ContainsTerm("guo wengui lies", "guo wengui"));
  EXPECT_FALSE(ContainsTerm("", "x"));
}

TEST(Urls, HostIsLowerCaseWithoutWwwPortOrUser) {
  EXPECT_EQ(UrlHost("https://www.Spiegel.LTD/politik/a.html"), "spiegel.ltd");
  EXPECT_EQ(UrlHost("http://user@rrn.world:8080/x?y"), "rrn.world");
  EXPECT_EQ(UrlHost("rrn.world/a"), "rrn.world");
  EXPECT_EQ(UrlHost(""), "");
}

}  // namespace
}  // namespace unmask
