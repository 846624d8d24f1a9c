// The adapters over the full public datasets (../shared/datasets/README.md):
// exact counts of what each file gives, so that nothing is lost unnoticed.
// Skips when the datasets are absent.
#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

#include "unmask/core/time.hpp"

#include "unmask/ingest/dataset_test_util.hpp"
#include "unmask/ingest/ingest_test_util.hpp"

namespace unmask {
namespace {

using testing::ExpectNothingLost;

TEST(Datasets, CoorTweetRussianRetweets) {
  UNMASK_READ_DATASETS(run, "coortweet/russian_coord_tweets.csv");
  const FileSummary& f = run->summary.files[0];
  EXPECT_EQ(f.format, "coortweet-shares");
  EXPECT_EQ(f.records, 35125u);
  EXPECT_EQ(f.posts, 35085u);
  EXPECT_EQ(f.quarantined, 40u);  // a retweet listed again with a second object
  EXPECT_EQ(run->quarantine.count(bad_line::kDuplicateId), 40u);
  ExpectNothingLost(run->summary);
  std::set<std::string> accounts;
  for (ActorId a = 0; a < run->store.actors().size(); ++a) accounts.insert(std::string(run->store.Str(run->store.actors().ext_id[a])));
  EXPECT_EQ(accounts.size(), 9509u);  // as the dataset's documentation says
}

TEST(Datasets, CoorTweetGermanElectionsMultimodal) {
  UNMASK_READ_DATASETS(run, "coortweet/german_elections.csv");
  const FileSummary& f = run->summary.files[0];
  EXPECT_EQ(f.format, "coortweet-multimodal");
  EXPECT_EQ(f.records, 218971u);
  EXPECT_EQ(f.posts, 194323u);
  EXPECT_EQ(f.merged, 24645u);
  EXPECT_EQ(f.quarantined, 3u);  // rows without a post_id
  ExpectNothingLost(run->summary);
  size_t x = 0, facebook = 0;
  for (PostId p = 0; p < run->store.posts().size(); ++p) {
    const std::string_view platform = run->store.PlatformName(run->store.posts().platform[p]);
    x += platform == "x";
    facebook += platform == "facebook";
  }
  EXPECT_EQ(x + facebook, 194323u);
  EXPECT_GT(x, 0u);
  EXPECT_GT(facebook, 0u);
}

TEST(Datasets, TwitterIoUsersInBothSpellingsAgree) {
  UNMASK_READ_DATASETS(a, "twitter-io-china-082019-users/china_082019_users_combined_twitter_schema.csv");
  UNMASK_READ_DATASETS(b, "twitter-io-china-082019-users/hkio_users_df.csv");
  EXPECT_EQ(a->summary.files[0].format, "twitter-io-users");
  EXPECT_EQ(b->summary.files[0].format, "hkio-users");
  EXPECT_EQ(a->summary.actors, 940u);
  EXPECT_EQ(b->summary.actors, 940u);
  ExpectNothingLost(a->summary);
  EXPECT_EQ(testing::Dump(a->store), testing::Dump(b->store));
  // Batch creation is visible: 119 accounts created on 2017-08-30.
  size_t batch = 0;
  for (ActorId i = 0; i < a->store.actors().size(); ++i) {
    batch += a->store.actors().created[i] == *ParseTimestamp("2017-08-30T00:00:00Z");
  }
  EXPECT_EQ(batch, 119u);
}

TEST(Datasets, IraAuthorsAndRedditListAndAds) {
  UNMASK_READ_DATASETS(run, "ira-twitter-538/authors.csv", "reddit-ira-suspicious/reddit_suspicious_accounts.csv",
                       "ira-facebook-ads/all.csv");
  const auto& files = run->summary.files;
  EXPECT_EQ(files[0].format, "ira-538-authors");
  EXPECT_EQ(files[0].actors, 2856u);
  EXPECT_EQ(files[1].format, "reddit-ira-suspicious");
  EXPECT_EQ(files[1].records, 1001u);
  EXPECT_EQ(files[2].format, "ira-facebook-ads");
  EXPECT_EQ(files[2].records, 3517u);
  EXPECT_EQ(files[2].posts, 3515u);
  EXPECT_EQ(files[2].quarantined, 2u);  // one ad id listed twice, one creation date typed "02/21117"
  ExpectNothingLost(run->summary);
  // Cross-platform ground truth (datasets README): 16 Reddit suspects carry
  // an IRA Twitter handle, up to case (both platforms ignore case).
  const auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  const Store& s = run->store;
  std::set<std::string> twitter, reddit;
  for (ActorId a = 0; a < s.actors().size(); ++a) {
    const std::string_view platform = s.PlatformName(s.actors().platform[a]);
    if (platform == "x") twitter.insert(lower(s.Str(s.actors().ext_id[a])));
    if (platform == "reddit") reddit.insert(lower(s.Str(s.actors().ext_id[a])));
  }
  size_t shared = 0;
  for (const std::string& name : reddit) shared += twitter.count(name);
  EXPECT_EQ(shared, 16u);
}

}  // namespace
}  // namespace unmask
