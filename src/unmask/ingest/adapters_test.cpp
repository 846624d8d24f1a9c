// Every adapter on the excerpts in tests/data/formats (see its README for the
// source and licence of each file): which format is detected, what the store
// holds afterwards, and what was skipped or quarantined.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "unmask/core/time.hpp"
#include "unmask/ingest/ingest.hpp"
#include "unmask/ingest/ingest_test_util.hpp"

namespace unmask {
namespace {

using testing::Dump;
using testing::Gzip;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;
using testing::Zstd;

std::string Fixture(const std::string& name) {
  const char* root = std::getenv("UNMASK_SOURCE_DIR");
  return std::string(root != nullptr ? root : ".") + "/tests/data/formats/" + name;
}

struct Loaded {
  Store store;
  Quarantine quarantine;
  IngestSummary summary;
  std::string error;  // when IngestFiles failed
};

std::unique_ptr<Loaded> Load(const std::vector<std::string>& paths, const std::string& format = "",
                             const std::vector<std::string>& mappings = {}) {
  auto loaded = std::make_unique<Loaded>();
  IngestOptions options;
  options.show_progress = false;
  options.format = format;
  options.mappings = mappings;
  auto result = IngestFiles(paths, loaded->store, loaded->quarantine, options);
  if (!result.ok()) {
    loaded->error = result.status().message();
    return loaded;
  }
  loaded->summary = *result;
  loaded->store.Finalize();
  return loaded;
}

std::unique_ptr<Loaded> LoadFixture(const std::string& name) {
  auto loaded = Load({Fixture(name)});
  EXPECT_EQ(loaded->error, "") << name << " (is UNMASK_SOURCE_DIR set? ctest sets it)";
  if (loaded->summary.files.empty()) loaded->summary.files.emplace_back();  // so that tests fail, not crash
  return loaded;
}

// Every record of every file is accounted for.
void ExpectAccounted(const FileSummary& f) {
  EXPECT_EQ(f.records, f.used + f.merged + f.skipped + f.blank + f.quarantined) << f.path;
}

std::vector<std::string> Strings(const Store& s, std::span<const StrId> ids) {
  std::vector<std::string> out;
  for (const StrId id : ids) out.emplace_back(s.Str(id));
  return out;
}

Time At(const char* iso) { return *ParseTimestamp(iso); }

PostId Post(const Store& s, std::string_view platform, std::string_view id) {
  const PostId p = s.FindPost(platform, id);
  EXPECT_NE(p, kNone) << platform << "/" << id;
  return p;
}

ActorId Actor(const Store& s, std::string_view platform, std::string_view id) {
  const ActorId a = s.FindActor(platform, id);
  EXPECT_NE(a, kNone) << platform << "/" << id;
  return a;
}

// Every test needs the excerpts: without them it fails at once instead of
// reading past the end of an empty store.
class Adapters : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(Fixture("README.md")))
        << "tests/data/formats not found: run through ctest, or set UNMASK_SOURCE_DIR";
  }
};

TEST_F(Adapters, EachFixtureIsDetectedAsItsFormat) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"ira-538-tweets.csv", "ira-538-tweets"},
      {"ira-538-authors.csv", "ira-538-authors"},
      {"coortweet-shares.csv", "coortweet-shares"},
      {"coortweet-multimodal.csv", "coortweet-multimodal"},
      {"twitter-io-users.csv", "twitter-io-users"},
      {"hkio-users.csv", "hkio-users"},
      {"reddit-ira-suspicious.csv", "reddit-ira-suspicious"},
      {"ira-facebook-ads.csv", "ira-facebook-ads"},
      {"twitter-io-tweets-2018.csv", "twitter-io-tweets"},
      {"twitter-io-tweets.csv", "twitter-io-tweets"},
      {"crowdtangle-facebook-pages.csv", "crowdtangle-facebook"},
      {"crowdtangle-facebook-groups.csv", "crowdtangle-facebook"},
      {"crowdtangle-instagram.csv", "crowdtangle-instagram"},
      {"telegram-channel.json", "telegram-json"},
      {"telegram-account.json", "telegram-json"},
      {"twarc2-responses.jsonl", "twarc2-jsonl"},
      {"twarc2-flat.jsonl", "twarc2-jsonl"},
      {"reddit-submissions.jsonl", "reddit-submissions"},
      {"reddit-comments.jsonl", "reddit-comments"},
      {"youtube-comments.jsonl", "youtube-comments"},
      {"youtube-api-comments.jsonl", "youtube-api-comments"},
  };
  for (const auto& [file, format] : expected) {
    const std::string bytes = ReadFile(Fixture(file));
    ASSERT_FALSE(bytes.empty()) << file;
    const std::string_view head(bytes.data() + (bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0),
                                std::min<size_t>(bytes.size(), 16384) - (bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0));
    auto detected = DetectFormat(file, head);
    ASSERT_TRUE(detected.ok()) << file << ": " << detected.status().message();
    EXPECT_EQ((*detected)->name(), format) << file;
    auto loaded = LoadFixture(file);
    ASSERT_EQ(loaded->summary.files.size(), 1u);
    EXPECT_EQ(loaded->summary.files[0].format, format);
    ExpectAccounted(loaded->summary.files[0]);
  }
}

TEST_F(Adapters, Ira538Tweets) {
  auto l = LoadFixture("ira-538-tweets.csv");
  const FileSummary& f = l->summary.files[0];
  EXPECT_EQ(f.records, 34u);
  EXPECT_EQ(f.posts, 34u);
  EXPECT_EQ(f.quarantined, 0u);  // the row with followers -1 is kept
  const Store& s = l->store;
  const PostId first = Post(s, "x", "10_gop:1");
  EXPECT_EQ(s.Str(s.posts().text[first]), "We're baaaaack. What did we miss?  #FreeTennessee");
  EXPECT_EQ(s.posts().time[first], At("2017-09-07T19:52:00Z"));
  EXPECT_EQ(s.Str(s.posts().lang[first]), "en");
  EXPECT_EQ(Strings(s, s.posts().hashtags.Row(first)), std::vector<std::string>{"FreeTennessee"});
  const ActorId gop = Actor(s, "x", "10_gop");
  EXPECT_EQ(s.actors().followers[gop], 0);  // the first row's snapshot
  EXPECT_EQ(s.Str(s.actors().location[gop]), "");  // "Unknown" is no location
  const ActorId unknown_counts = Actor(s, "x", "domnicev");
  EXPECT_EQ(s.actors().followers[unknown_counts], kUnknownCount);
  EXPECT_EQ(s.Str(s.actors().location[unknown_counts]), "United Arab Emirates");
}

TEST_F(Adapters, Ira538AuthorsMergeWithTweetsInEitherOrder) {
  auto a = Load({Fixture("ira-538-authors.csv"), Fixture("ira-538-tweets.csv")});
  auto b = Load({Fixture("ira-538-tweets.csv"), Fixture("ira-538-authors.csv")});
  ASSERT_EQ(a->error, "");
  ASSERT_EQ(b->error, "");
  EXPECT_EQ(a->summary.quarantined, 0u);
  EXPECT_EQ(Dump(a->store), Dump(b->store));
  const ActorId gop = Actor(a->store, "x", "10_gop");
  EXPECT_EQ(a->store.Str(a->store.actors().handle[gop]), "10_gop");
  EXPECT_EQ(a->store.actors().followers[gop], 0);
}

TEST_F(Adapters, TwitterIoTweets2018Conventions) {
  auto l = LoadFixture("twitter-io-tweets-2018.csv");
  const Store& s = l->store;
  EXPECT_EQ(l->summary.posts, 4u);
  EXPECT_EQ(l->summary.quarantined, 0u);
  const PostId original = Post(s, "x", "900000000000000001");
  const PostId retweet = Post(s, "x", "900000000000000002");
  const PostId reply = Post(s, "x", "900000000000000003");
  const PostId quote = Post(s, "x", "900000000000000004");
  EXPECT_EQ(s.posts().type[original], PostType::kPost);
  EXPECT_EQ(s.posts().type[retweet], PostType::kShare);
  EXPECT_EQ(s.posts().type[reply], PostType::kReply);
  EXPECT_EQ(s.posts().type[quote], PostType::kQuote);
  for (const PostId p : {retweet, reply, quote}) EXPECT_EQ(s.posts().parent[p], original);
  EXPECT_EQ(s.posts().time[original], At("2016-10-01T12:00:00Z"));
  // A URL holding a comma survives the unquoted 2018 list form.
  EXPECT_EQ(Strings(s, s.posts().urls.Row(original)), std::vector<std::string>{"http://example.com/a?x=1,2"});
  EXPECT_EQ(Strings(s, s.posts().urls.Row(quote)),
            (std::vector<std::string>{"http://example.com/b", "http://example.com/c"}));
  EXPECT_EQ(Strings(s, s.posts().hashtags.Row(retweet)), std::vector<std::string>{"Election2016"});
  EXPECT_EQ(Strings(s, s.posts().mentions.Row(reply)), std::vector<std::string>{"4000000001"});
  EXPECT_EQ(s.Str(s.posts().client[reply]), "Twitter for Android");
  const ActorId quoter = Actor(s, "x", "4000000003");
  EXPECT_EQ(s.Str(s.actors().name[quoter]), "Quoter, The");
  EXPECT_EQ(s.Str(s.actors().bio[quoter]), "multi\nline bio");
  EXPECT_EQ(s.actors().created[quoter], At("2016-10-01T00:00:00Z"));
  EXPECT_EQ(s.actors().followers[Actor(s, "x", "4000000001")], 120);
}

TEST_F(Adapters, TwitterIoTweetsLaterConventions) {
  auto l = LoadFixture("twitter-io-tweets.csv");
  const Store& s = l->store;
  EXPECT_EQ(l->summary.posts, 3u);
  ASSERT_EQ(l->quarantine.examples().size(), 1u);
  EXPECT_EQ(l->quarantine.examples()[0].line, 5u);
  EXPECT_NE(l->quarantine.examples()[0].reason.find("tweet_time"), std::string::npos);
  const PostId original = Post(s, "x", "1160000000000000001");
  const PostId retweet = Post(s, "x", "1160000000000000002");
  const PostId reply = Post(s, "x", "1160000000000000003");
  EXPECT_EQ(s.posts().type[retweet], PostType::kShare);
  EXPECT_EQ(s.posts().parent[retweet], original);
  EXPECT_EQ(s.posts().type[reply], PostType::kReply);  // found by name although the columns swapped
  EXPECT_EQ(s.posts().parent[reply], original);
  EXPECT_EQ(Strings(s, s.posts().hashtags.Row(original)), std::vector<std::string>{"香港"});
  EXPECT_EQ(Strings(s, s.posts().urls.Row(original)), std::vector<std::string>{"https://news.example.org/hk/1"});
  EXPECT_EQ(Strings(s, s.posts().mentions.Row(reply)),
            (std::vector<std::string>{"kF3xQh2Vb0wYtq1mW9sXc7Lr5nJp8aDe4uGiZoTyHk=", "9000000003"}));
  const ActorId hashed = Actor(s, "x", "kF3xQh2Vb0wYtq1mW9sXc7Lr5nJp8aDe4uGiZoTyHk=");
  EXPECT_EQ(s.Str(s.actors().handle[hashed]), "kF3xQh2Vb0wYtq1mW9sXc7Lr5nJp8aDe4uGiZoTyHk=");
}

TEST_F(Adapters, TwitterIoUsersBothConventions) {
  auto a = LoadFixture("twitter-io-users.csv");
  auto b = LoadFixture("hkio-users.csv");
  EXPECT_EQ(a->summary.actors, 15u);
  EXPECT_EQ(b->summary.actors, 15u);
  // The same accounts in two spellings: the same store.
  EXPECT_EQ(Dump(a->store), Dump(b->store));
  const ActorId hashed = Actor(a->store, "x", "vMm2zemFOF7kmXoDyX24Bo+TorqhNutpZlATYyxsE=");
  EXPECT_EQ(a->store.actors().created[hashed], At("2017-08-30T00:00:00Z"));
  EXPECT_EQ(a->store.actors().following[hashed], 52);
  EXPECT_EQ(a->store.Str(a->store.actors().lang[hashed]), "zh-cn");
}

TEST_F(Adapters, CoorTweetShares) {
  auto l = LoadFixture("coortweet-shares.csv");
  const Store& s = l->store;
  EXPECT_EQ(l->summary.posts, 22u);
  // The same retweet listed with a second object cannot be one post twice.
  ASSERT_EQ(l->quarantine.total(), 1u);
  EXPECT_EQ(l->quarantine.by_category()[0].first, bad_line::kDuplicateId);
  const PostId p = Post(s, "x", "114e22f1b2b648528277b76f0b0224e7");
  EXPECT_EQ(s.posts().type[p], PostType::kShare);
  EXPECT_EQ(s.Str(s.posts().parent_ext[p]), "85d2d12251a735ce05255061f7f231e2");
  EXPECT_EQ(s.posts().time[p], 1623881091);
}

TEST_F(Adapters, CoorTweetMultimodalMergesRowsOfOnePost) {
  auto l = LoadFixture("coortweet-multimodal.csv");
  const Store& s = l->store;
  const FileSummary& f = l->summary.files[0];
  EXPECT_EQ(f.records, 32u);
  EXPECT_EQ(f.posts, 12u);
  EXPECT_EQ(f.merged, 19u);
  EXPECT_EQ(f.quarantined, 1u);  // the row without post_id
  const PostId p = Post(s, "x", "39764");
  EXPECT_EQ(s.Str(s.actors().ext_id[s.posts().actor[p]]), "tw_29488");
  EXPECT_EQ(Strings(s, s.posts().hashtags.Row(p)), std::vector<std::string>{"tag60259"});
  std::set<std::string> media;
  for (const auto& m : Strings(s, s.posts().media.Row(p))) media.insert(m);
  EXPECT_EQ(media.size(), s.posts().media.Row(p).size());  // no repeats
  EXPECT_TRUE(media.count("phash:27601") && media.count("phash:19934") && media.count("phash:36811"));
  const PostId fb = Post(s, "facebook", "129235");
  EXPECT_EQ(Strings(s, s.posts().urls.Row(fb)), std::vector<std::string>{"https://coortweet.invalid/url/23678"});
}

TEST_F(Adapters, CrowdTanglePages) {
  auto l = LoadFixture("crowdtangle-facebook-pages.csv");
  const Store& s = l->store;
  EXPECT_EQ(l->summary.posts, 3u);
  const PostId p = Post(s, "facebook", "https://www.facebook.com/100000000000001/posts/200000000000001");
  EXPECT_EQ(s.posts().time[p], At("2021-07-06T20:45:20Z"));  // EDT is UTC-4
  EXPECT_EQ(s.Str(s.posts().text[p]), "Read this: the council voted #LocalNews\nMore at https://example.org/story");
  EXPECT_EQ(Strings(s, s.posts().urls.Row(p)),
            (std::vector<std::string>{"https://bit.ly/xyz1", "https://example.org/story"}));
  EXPECT_EQ(Strings(s, s.posts().hashtags.Row(p)), std::vector<std::string>{"LocalNews"});
  const ActorId page = Actor(s, "facebook", "100000000000001");
  EXPECT_EQ(s.actors().type[page], ActorType::kPage);
  EXPECT_EQ(s.Str(s.actors().name[page]), "Daily Example News");  // BOM before "Page Name" removed
  EXPECT_EQ(s.Str(s.actors().handle[page]), "dailyexamplenews");
  EXPECT_EQ(s.actors().followers[page], 1500);
  EXPECT_EQ(s.actors().created[page], At("2012-05-01T10:00:00Z"));
}

TEST_F(Adapters, CrowdTangleGroupsOlderExport) {
  auto l = LoadFixture("crowdtangle-facebook-groups.csv");
  const Store& s = l->store;
  EXPECT_EQ(l->summary.posts, 2u);
  const ActorId group = Actor(s, "facebook", "300000000000001");
  EXPECT_EQ(s.actors().type[group], ActorType::kGroup);
  EXPECT_EQ(s.Str(s.actors().name[group]), "Neighbours United");
  EXPECT_EQ(s.actors().followers[group], 800);  // Likes at Posting when no Followers column
  const PostId p = Post(s, "facebook", "https://www.facebook.com/groups/300000000000001/permalink/400000000000001/");
  EXPECT_EQ(s.posts().time[p], At("2019-03-02T14:15:00Z"));  // "Created", CST is UTC-6
}

TEST_F(Adapters, CrowdTangleInstagram) {
  auto l = LoadFixture("crowdtangle-instagram.csv");
  const Store& s = l->store;
  const PostId p = Post(s, "instagram", "https://www.instagram.com/p/CAbCdEfGhIj/");
  EXPECT_EQ(s.Str(s.actors().ext_id[s.posts().actor[p]]), "example.travel");
  EXPECT_EQ(s.posts().time[p], At("2020-11-03T17:30:00Z"));
  EXPECT_EQ(Strings(s, s.posts().mentions.Row(p)), std::vector<std::string>{"friend.one"});
  EXPECT_EQ(s.actors().followers[Actor(s, "instagram", "example.travel")], 52000);
}

TEST_F(Adapters, TelegramSingleChat) {
  auto l = LoadFixture("telegram-channel.json");
  const Store& s = l->store;
  const FileSummary& f = l->summary.files[0];
  EXPECT_EQ(f.records, 5u);
  EXPECT_EQ(f.posts, 3u);
  EXPECT_EQ(f.skipped, 1u);  // the service message
  ASSERT_EQ(l->quarantine.examples().size(), 1u);
  EXPECT_EQ(l->quarantine.examples()[0].line, 63u);  // where message 5 starts
  EXPECT_EQ(l->quarantine.examples()[0].category, bad_line::kBadTimestamp);
  const ActorId channel = Actor(s, "telegram", "channel1500000001");
  EXPECT_EQ(s.actors().type[channel], ActorType::kChannel);
  EXPECT_EQ(s.Str(s.actors().name[channel]), "Example Channel");
  const PostId plain = Post(s, "telegram", "channel1500000001/2");
  EXPECT_EQ(s.posts().time[plain], 1643709900);
  EXPECT_EQ(s.posts().actor[plain], channel);
  EXPECT_EQ(Strings(s, s.posts().urls.Row(plain)), std::vector<std::string>{"https://example.com/news/1"});
  const PostId pieces = Post(s, "telegram", "channel1500000001/3");
  EXPECT_EQ(s.Str(s.posts().text[pieces]), "Read this story by @someone\nsecond line");
  EXPECT_EQ(Strings(s, s.posts().urls.Row(pieces)), std::vector<std::string>{"https://example.org/story?id=7"});
  EXPECT_EQ(Strings(s, s.posts().mentions.Row(pieces)), std::vector<std::string>{"someone"});
  const PostId reply = Post(s, "telegram", "channel1500000001/4");
  EXPECT_EQ(s.posts().type[reply], PostType::kReply);
  EXPECT_EQ(s.posts().parent[reply], plain);
}

TEST_F(Adapters, TelegramWholeAccount) {
  auto l = LoadFixture("telegram-account.json");
  const Store& s = l->store;
  EXPECT_EQ(l->summary.posts, 5u);
  EXPECT_EQ(l->summary.skipped, 1u);
  EXPECT_EQ(l->summary.quarantined, 0u);
  const ActorId group = Actor(s, "telegram", "channel1600000002");
  EXPECT_EQ(s.actors().type[group], ActorType::kGroup);
  const PostId a = Post(s, "telegram", "channel1600000002/100");
  EXPECT_EQ(s.posts().in[a], group);
  EXPECT_EQ(s.Str(s.actors().name[s.posts().actor[a]]), "Member A");
  const PostId personal = Post(s, "telegram", "user7000000002/11");
  EXPECT_EQ(s.posts().in[personal], kNone);  // a personal chat is not a place
  EXPECT_EQ(s.posts().parent[personal], Post(s, "telegram", "user7000000002/10"));
  Post(s, "telegram", "channel1700000003/1");  // left chats are read too
}

TEST_F(Adapters, TelegramTruncatedKeepsWhatCameBefore) {
  TempDir dir;
  const std::string whole = ReadFile(Fixture("telegram-channel.json"));
  const size_t cut = whole.find("\"reply_to_message_id\"");
  ASSERT_NE(cut, std::string::npos);
  WriteFile(dir.File("cut.json"), whole.substr(0, cut));
  WriteFile(dir.File("cut.json.zst"), Zstd(whole.substr(0, cut)));
  for (const char* name : {"cut.json", "cut.json.zst"}) {
    auto l = Load({dir.File(name)});
    ASSERT_EQ(l->error, "");
    const FileSummary& f = l->summary.files[0];
    EXPECT_EQ(f.posts, 2u) << name;
    EXPECT_EQ(f.quarantined, 1u);  // the cut message
    EXPECT_NE(f.error.find("ends inside the message that starts on line"), std::string::npos) << f.error;
    ExpectAccounted(f);
  }
}

TEST_F(Adapters, TruncatedCompressedTableKeepsTheRowsBeforeTheCut) {
  TempDir dir;
  const std::string gz = Gzip(ReadFile(Fixture("ira-538-tweets.csv")));
  WriteFile(dir.File("cut.csv.gz"), gz.substr(0, gz.size() / 2));
  auto l = Load({dir.File("cut.csv.gz")});
  ASSERT_EQ(l->error, "");
  const FileSummary& f = l->summary.files[0];
  EXPECT_EQ(f.format, "ira-538-tweets");
  EXPECT_GT(f.posts, 5u);
  EXPECT_LT(f.posts, 34u);
  EXPECT_NE(f.error.find("gzip stream ends early"), std::string::npos) << f.error;
  ExpectAccounted(f);
  // A CSV cut inside a quoted field: that last record is quarantined, not lost.
  const std::string text = ReadFile(Fixture("ira-facebook-ads.csv"));
  WriteFile(dir.File("ads.csv"), text.substr(0, text.find("We speak for all")));
  auto ads = Load({dir.File("ads.csv")});
  ASSERT_EQ(ads->error, "");
  EXPECT_EQ(ads->summary.posts, 1u);
  EXPECT_EQ(ads->quarantine.count("malformed CSV"), 1u);
  ExpectAccounted(ads->summary.files[0]);
}

TEST_F(Adapters, TelegramMalformedStructureStopsWithAnError) {
  TempDir dir;
  WriteFile(dir.File("bad.json"), "{\n \"name\": \"x\",\n \"type\": \"public_channel\",\n \"id\": 1,\n \"messages\": [\n ]]\n}\n");
  auto l = Load({dir.File("bad.json")}, "telegram-json");
  ASSERT_EQ(l->error, "");
  EXPECT_NE(l->summary.files[0].error.find("line 6"), std::string::npos) << l->summary.files[0].error;
}

TEST_F(Adapters, Twarc2Responses) {
  auto l = LoadFixture("twarc2-responses.jsonl");
  const Store& s = l->store;
  const FileSummary& f = l->summary.files[0];
  EXPECT_EQ(f.records, 5u);
  EXPECT_EQ(f.used, 2u);
  EXPECT_EQ(f.skipped, 1u);      // the error response
  EXPECT_EQ(f.quarantined, 2u);  // a tweet without time, the truncated line
  EXPECT_EQ(f.posts, 4u);
  ASSERT_EQ(f.notes.size(), 1u);
  EXPECT_EQ(f.notes[0].second, 1u);  // the retweet repeated on page 2
  const PostId original = Post(s, "x", "2001");
  EXPECT_EQ(s.posts().type[Post(s, "x", "2002")], PostType::kShare);
  EXPECT_EQ(s.posts().parent[Post(s, "x", "2002")], original);
  EXPECT_EQ(s.posts().type[Post(s, "x", "2004")], PostType::kQuote);  // quote wins over reply
  EXPECT_EQ(s.posts().parent[Post(s, "x", "2004")], original);
  EXPECT_EQ(s.posts().type[Post(s, "x", "2003")], PostType::kReply);
  EXPECT_EQ(s.Str(s.posts().client[Post(s, "x", "2003")]), "Twitter Web App");
  EXPECT_EQ(Strings(s, s.posts().urls.Row(original)),
            std::vector<std::string>{"https://example.com/article?utm_source=tw"});
  EXPECT_EQ(Strings(s, s.posts().media.Row(Post(s, "x", "2002"))), std::vector<std::string>{"3_111"});
  const ActorId alice = Actor(s, "x", "1001");
  EXPECT_EQ(s.Str(s.actors().handle[alice]), "alice_ex");
  EXPECT_EQ(s.actors().followers[alice], 10);
  EXPECT_NE(s.Str(s.actors().avatar[alice]), "");
  const ActorId bob = Actor(s, "x", "1002");
  EXPECT_EQ(s.Str(s.actors().avatar[bob]), "");  // the default picture says nothing
  EXPECT_EQ(s.actors().verified[bob], 1);
}

TEST_F(Adapters, Twarc2FlatAndResponsesAgree) {
  auto flat = LoadFixture("twarc2-flat.jsonl");
  EXPECT_EQ(flat->summary.posts, 2u);
  const Store& s = flat->store;
  EXPECT_EQ(s.posts().parent[Post(s, "x", "2002")], Post(s, "x", "2001"));
  EXPECT_EQ(s.Str(s.actors().handle[Actor(s, "x", "1002")]), "bob_ex");
}

TEST_F(Adapters, RedditDumpsLinkCommentsToSubmissions) {
  auto l = Load({Fixture("reddit-comments.jsonl"), Fixture("reddit-submissions.jsonl")});
  ASSERT_EQ(l->error, "");
  const Store& s = l->store;
  EXPECT_EQ(l->summary.posts, 4u);
  EXPECT_EQ(l->summary.skipped, 2u);  // [deleted] authors
  EXPECT_EQ(l->summary.quarantined, 2u);
  const PostId submission = Post(s, "reddit", "t3_iabc01");
  const PostId comment = Post(s, "reddit", "t1_g1cm001");
  const PostId answer = Post(s, "reddit", "t1_g1cm002");
  EXPECT_EQ(s.posts().parent[comment], submission);
  EXPECT_EQ(s.posts().parent[answer], comment);
  EXPECT_EQ(s.posts().type[comment], PostType::kComment);
  EXPECT_EQ(s.Str(s.posts().text[submission]), "Big news about the vote");
  EXPECT_EQ(Strings(s, s.posts().urls.Row(submission)), std::vector<std::string>{"https://example.com/vote-news"});
  EXPECT_EQ(s.posts().time[Post(s, "reddit", "t3_iabc02")], 1600000060);
  const ActorId sub = Actor(s, "reddit", "t5_2qexm");
  EXPECT_EQ(s.actors().type[sub], ActorType::kGroup);
  EXPECT_EQ(s.Str(s.actors().name[sub]), "r/examplesub");
  EXPECT_EQ(s.posts().in[comment], sub);
  EXPECT_EQ(s.FindActor("reddit", "[deleted]"), kNone);
}

TEST_F(Adapters, YouTubeComments) {
  auto l = LoadFixture("youtube-comments.jsonl");
  const Store& s = l->store;
  EXPECT_EQ(l->summary.posts, 3u);
  const PostId top = Post(s, "youtube", "UgzExampleTop1");
  const PostId reply = Post(s, "youtube", "UgzExampleTop1.9abcReply1");
  EXPECT_EQ(s.posts().type[top], PostType::kPost);
  EXPECT_EQ(s.Str(s.posts().parent_ext[top]), "");
  EXPECT_EQ(s.posts().type[reply], PostType::kReply);
  EXPECT_EQ(s.posts().parent[reply], top);
  EXPECT_EQ(s.posts().time[top], 1650000000);
  EXPECT_EQ(s.Str(s.actors().handle[Actor(s, "youtube", "UCaaaaaaaaaaaaaaaaaaaaa1")]), "listener_one");

  auto api = LoadFixture("youtube-api-comments.jsonl");
  const Store& a = api->store;
  const PostId c = Post(a, "youtube", "UgxThread1");
  EXPECT_EQ(a.posts().type[c], PostType::kComment);
  EXPECT_EQ(a.Str(a.posts().parent_ext[c]), "vid00000001");
  EXPECT_EQ(a.Str(a.posts().text[c]), "Nice & clear");
  EXPECT_EQ(a.posts().time[c], At("2023-01-02T03:04:05Z"));
}

TEST_F(Adapters, IraFacebookAds) {
  auto l = LoadFixture("ira-facebook-ads.csv");
  const Store& s = l->store;
  EXPECT_EQ(l->summary.posts, 6u);
  EXPECT_EQ(l->summary.quarantined, 1u);  // "02/21117": a typo in the release
  const PostId ad = Post(s, "facebook", "ad330");
  EXPECT_EQ(s.Str(s.actors().ext_id[s.posts().actor[ad]]), "Black-Matters-1579673598947501");
  EXPECT_EQ(s.posts().time[ad], At("2015-06-15T14:22:00Z"));  // 07:22 AM PDT
  EXPECT_NE(s.Str(s.posts().text[ad]).find("\"Back To The Blue\""), std::string_view::npos);
}

TEST_F(Adapters, RedditSuspiciousList) {
  auto l = LoadFixture("reddit-ira-suspicious.csv");
  EXPECT_EQ(l->summary.actors, 10u);
  EXPECT_NE(l->store.FindActor("reddit", "BlackToLive"), kNone);
}

TEST_F(Adapters, SeveralFormatsAndCompressionsInOneRun) {
  TempDir dir;
  WriteFile(dir.File("tweets.csv.gz"), Gzip(ReadFile(Fixture("ira-538-tweets.csv"))));
  WriteFile(dir.File("chat.json.zst"), Zstd(ReadFile(Fixture("telegram-account.json"))));
  auto l = Load({dir.File("tweets.csv.gz"), dir.File("chat.json.zst"), Fixture("coortweet-shares.csv"),
                 Fixture("twarc2-flat.jsonl")});
  ASSERT_EQ(l->error, "");
  ASSERT_EQ(l->summary.files.size(), 4u);
  EXPECT_EQ(l->summary.files[0].format, "ira-538-tweets");
  EXPECT_EQ(l->summary.files[1].format, "telegram-json");
  EXPECT_EQ(l->summary.files[2].format, "coortweet-shares");
  EXPECT_EQ(l->summary.files[3].format, "twarc2-jsonl");
  EXPECT_EQ(l->summary.posts, 34u + 5u + 22u + 2u);
  for (const FileSummary& f : l->summary.files) ExpectAccounted(f);
}

TEST_F(Adapters, RowOrderDoesNotMatter) {
  // Shuffling the rows of a table (whose ids do not depend on row numbers)
  // gives the same store, up to the order of a merged post's values.
  const std::string text = ReadFile(Fixture("coortweet-multimodal.csv"));
  std::vector<std::string> rows;
  size_t begin = text.find('\n') + 1;
  const std::string header = text.substr(0, begin);
  while (begin < text.size()) {
    const size_t end = text.find('\n', begin);
    rows.push_back(text.substr(begin, end - begin + 1));
    begin = end + 1;
  }
  auto reference = LoadFixture("coortweet-multimodal.csv");
  std::mt19937 rng(7);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(rows.begin(), rows.end(), rng);
    TempDir dir;
    std::string shuffled = header;
    for (const auto& row : rows) shuffled += row;
    WriteFile(dir.File("shuffled.csv"), shuffled);
    auto l = Load({dir.File("shuffled.csv")});
    ASSERT_EQ(l->error, "");
    EXPECT_EQ(Dump(l->store, true), Dump(reference->store, true));
  }
}

TEST_F(Adapters, UnknownTableIsAClearError) {
  TempDir dir;
  WriteFile(dir.File("mystery.csv"), "alpha,beta\n1,2\n");
  auto l = Load({dir.File("mystery.csv")});
  EXPECT_NE(l->error.find("mystery.csv: no known format recognises this file"), std::string::npos) << l->error;
  EXPECT_NE(l->error.find("\"alpha,beta\""), std::string::npos);
  EXPECT_NE(l->error.find("--mapping"), std::string::npos);
  EXPECT_EQ(l->store.posts().size(), 0u);
}

TEST_F(Adapters, AmbiguousDetectionNamesTheCandidates) {
  TempDir dir;
  for (const char* name : {"one", "two"}) {
    WriteFile(dir.File(std::string(name) + ".json"),
              std::string(R"({"format": ")") + name + R"(", "platform": "x", "detect": {"columns": ["a", "b"]},
                 "records": [{"kind": "actor", "fields": {"id": "a"}}]})");
  }
  WriteFile(dir.File("table.csv"), "a,b\n1,2\n");
  auto l = Load({dir.File("table.csv")}, "", {dir.File("one.json"), dir.File("two.json")});
  EXPECT_NE(l->error.find("the format is ambiguous: it could be one or two; say which with --format"),
            std::string::npos)
      << l->error;
  auto forced = Load({dir.File("table.csv")}, "two", {dir.File("one.json"), dir.File("two.json")});
  ASSERT_EQ(forced->error, "");
  EXPECT_EQ(forced->summary.files[0].format, "two");
  EXPECT_EQ(forced->summary.actors, 1u);
}

TEST_F(Adapters, ForcedFormatThatDoesNotFitSaysWhichColumnsAreMissing) {
  auto l = Load({Fixture("coortweet-shares.csv")}, "ira-538-tweets");
  ASSERT_EQ(l->error, "");
  const FileSummary& f = l->summary.files[0];
  EXPECT_EQ(f.posts, 0u);
  EXPECT_NE(f.error.find("the header lacks column(s)"), std::string::npos) << f.error;
  EXPECT_NE(f.error.find("\"publish_date\""), std::string::npos) << f.error;
  auto unknown = Load({Fixture("coortweet-shares.csv")}, "no-such-format");
  EXPECT_NE(unknown->error.find("unknown format \"no-such-format\""), std::string::npos);
}

TEST_F(Adapters, MappingFileAsFormat) {
  TempDir dir;
  WriteFile(dir.File("mine.json"), R"({
    "format": "my-export", "platform": "MyPlatform", "delimiter": ";",
    "records": [{"kind": "post", "fields": {"id": "ID", "actor": "Who", "time": {"column": "When", "time": "%d.%m.%Y %H:%M"}}}]})");
  WriteFile(dir.File("data.txt"), "ID;Who;When\n1;ann;02.01.2024 10:30\n2;bob;garbage\n");
  auto l = Load({dir.File("data.txt")}, dir.File("mine.json"));
  ASSERT_EQ(l->error, "");
  EXPECT_EQ(l->summary.files[0].format, "my-export");
  EXPECT_EQ(l->store.posts().time[Post(l->store, "myplatform", "1")], At("2024-01-02T10:30:00Z"));
  ASSERT_EQ(l->quarantine.examples().size(), 1u);
  EXPECT_EQ(l->quarantine.examples()[0].reason,
            "column \"When\": expected a time (\"%d.%m.%Y %H:%M\"), got \"garbage\"");
}

}  // namespace
}  // namespace unmask
