// The whole FiveThirtyEight IRA tweets file (2,463,944 rows) with its
// authors: every row read, none lost. Labelled slow (see CMakeLists.txt).
#include <gtest/gtest.h>

#include <unordered_set>

#include "unmask/ingest/dataset_test_util.hpp"

namespace unmask {
namespace {

TEST(IraDataset, EveryTweetIsRead) {
  UNMASK_READ_DATASETS(run, "ira-twitter-538/ira_tweets.csv.zst", "ira-twitter-538/authors.csv");
  const FileSummary& tweets = run->summary.files[0];
  EXPECT_EQ(tweets.format, "ira-538-tweets");
  EXPECT_EQ(tweets.records, 2463944u);
  EXPECT_EQ(tweets.posts, 2463944u);
  EXPECT_EQ(tweets.quarantined, 0u);
  EXPECT_EQ(tweets.actors, 2839u);
  testing::ExpectNothingLost(run->summary);
  std::unordered_set<ActorId> authors;
  for (const ActorId a : run->store.posts().actor) authors.insert(a);
  EXPECT_EQ(authors.size(), 2839u);
  EXPECT_EQ(run->store.actors().size(), 2856u);  // authors.csv lists 17 accounts without tweets here
}

}  // namespace
}  // namespace unmask
