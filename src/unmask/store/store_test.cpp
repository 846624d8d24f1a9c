#include "unmask/store/store.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <array>
#include <deque>
#include <string>
#include <vector>

namespace unmask {
namespace {

PostRecord Post(std::string_view id, std::string_view actor, Time t, PostType type = PostType::kPost,
                std::string_view parent = "") {
  PostRecord r;
  r.platform = "facebook";
  r.id = id;
  r.actor = actor;
  r.time = t;
  r.type = type;
  r.parent = parent;
  return r;
}

TEST(Store, RecordsInAnyOrderResolve) {
  Store store;
  // A reply before its parent, a post before its author's record.
  ASSERT_EQ(store.AddPost(Post("c1", "u2", 200, PostType::kComment, "p1")), AddResult::kAdded);
  ASSERT_EQ(store.AddPost(Post("p1", "u1", 100)), AddResult::kAdded);
  PostRecord orphan = Post("c2", "u2", 300, PostType::kShare, "missing");
  orphan.urls = {"https://a.example/x", "https://b.example/y"};
  ASSERT_EQ(store.AddPost(orphan), AddResult::kAdded);
  ActorRecord author;
  author.platform = "facebook";
  author.id = "u1";
  author.type = ActorType::kPage;
  author.followers = 140;
  author.infra = {"ip:1", "dev:2"};
  ASSERT_EQ(store.SetActor(author), AddResult::kAdded);
  EXPECT_EQ(store.SetActor(author), AddResult::kDuplicate);
  EXPECT_EQ(store.AddPost(Post("p1", "u9", 5)), AddResult::kDuplicate);
  store.Finalize();

  const ActorId u1 = store.FindActor("facebook", "u1");
  const ActorId u2 = store.FindActor("facebook", "u2");
  ASSERT_NE(u1, kNone);
  ASSERT_NE(u2, kNone);
  EXPECT_EQ(store.actors().type[u1], ActorType::kPage);
  EXPECT_EQ(store.actors().has_record[u2], 0);
  EXPECT_EQ(store.actors().infra.Row(u1).size(), 2u);
  const PostId p1 = store.FindPost("facebook", "p1");
  const PostId c1 = store.FindPost("facebook", "c1");
  EXPECT_EQ(store.posts().parent[c1], p1);
  EXPECT_EQ(store.UnresolvedParents(), 1u);
  ASSERT_EQ(store.ChildrenOf(p1).size(), 1u);
  EXPECT_EQ(store.ChildrenOf(p1)[0], c1);
  const auto u2_posts = store.PostsOf(u2);
  ASSERT_EQ(u2_posts.size(), 2u);
  EXPECT_LT(store.posts().time[u2_posts[0]], store.posts().time[u2_posts[1]]);
  const PostId c2 = store.FindPost("facebook", "c2");
  ASSERT_EQ(store.posts().urls.Row(c2).size(), 2u);
  EXPECT_EQ(store.Str(store.posts().urls.Row(c2)[1]), "https://b.example/y");
  EXPECT_EQ(store.FindPost("x", "p1"), kNone);
}

TEST(Store, SameIdOnTwoPlatformsAreTwoActors) {
  Store store;
  PostRecord a = Post("1", "alice", 1);
  PostRecord b = Post("1", "alice", 1);
  b.platform = "x";
  EXPECT_EQ(store.AddPost(a), AddResult::kAdded);
  EXPECT_EQ(store.AddPost(b), AddResult::kAdded);
  store.Finalize();
  EXPECT_EQ(store.actors().size(), 2u);
  EXPECT_EQ(store.PlatformCount(), 2u);
  EXPECT_NE(store.FindActor("x", "alice"), store.FindActor("facebook", "alice"));
}

TEST(Store, CrossPlatformParent) {
  Store store;
  PostRecord video = Post("v1", "chan", 10);
  video.platform = "youtube";
  PostRecord share = Post("s1", "u1", 20, PostType::kShare, "v1");
  share.parent_platform = "youtube";
  store.AddPost(share);
  store.AddPost(video);
  store.Finalize();
  EXPECT_EQ(store.posts().parent[store.FindPost("facebook", "s1")], store.FindPost("youtube", "v1"));
}

TEST(Store, MergeActorFillsOnlyUnknownFields) {
  Store store;
  ActorRecord snapshot;
  snapshot.platform = "x";
  snapshot.id = "u1";
  snapshot.handle = "first";
  snapshot.followers = 10;
  EXPECT_EQ(store.MergeActor(snapshot), AddResult::kAdded);
  ActorRecord later;
  later.platform = "x";
  later.id = "u1";
  later.handle = "second";
  later.name = "Name";
  later.followers = 99;
  later.created = 1000;
  later.type = ActorType::kPage;
  later.infra = {"ip:1"};
  EXPECT_EQ(store.MergeActor(later), AddResult::kDuplicate);
  const ActorId a = store.FindActor("x", "u1");
  EXPECT_EQ(store.Str(store.actors().handle[a]), "first");  // known: kept
  EXPECT_EQ(store.Str(store.actors().name[a]), "Name");     // unknown: filled
  EXPECT_EQ(store.actors().followers[a], 10);
  EXPECT_EQ(store.actors().created[a], 1000);
  EXPECT_EQ(store.actors().type[a], ActorType::kPage);
  EXPECT_EQ(store.actors().has_record[a], 1);
  // A full record after a merged one is a duplicate, as before.
  EXPECT_EQ(store.SetActor(later), AddResult::kDuplicate);
  store.Finalize();
  EXPECT_EQ(store.actors().infra.Row(a).size(), 1u);
}

TEST(Store, AddPostValuesExtendsAPostsLists) {
  Store store;
  PostRecord first = Post("p1", "a", 5);
  first.urls = {"https://a.example"};
  ASSERT_EQ(store.AddPost(first), AddResult::kAdded);
  PostRecord more;
  more.urls = {"https://b.example"};
  more.media = {"phash:1"};
  store.AddPostValues(store.FindPost("facebook", "p1"), more);
  store.Finalize();
  const PostId p = store.FindPost("facebook", "p1");
  ASSERT_EQ(store.posts().urls.Row(p).size(), 2u);
  EXPECT_EQ(store.Str(store.posts().urls.Row(p)[1]), "https://b.example");
  EXPECT_EQ(store.posts().media.Row(p).size(), 1u);
}

}  // namespace
}  // namespace unmask

namespace unmask {
namespace {

// Records that reuse each other's strings and actors, with duplicates.
struct Records {
  std::deque<std::string> text;  // owns the bytes the records view (a deque: they never move)
  std::vector<ActorRecord> actors;
  std::vector<PostRecord> posts;
  std::vector<RelationRecord> relations;
  std::vector<std::pair<int, size_t>> order;  // (0 actor, 1 post, 2 relation; index) in adding order
};

std::string Name(std::string_view prefix, int i) { return std::string(prefix).append(std::to_string(i)); }

Records MakeRecords() {
  Records r;
  const auto keep = [&](std::string s) -> std::string_view { return r.text.emplace_back(std::move(s)); };
  for (int i = 0; i < 3000; ++i) {
    if (i % 5 == 0) {
      ActorRecord a;
      a.platform = i % 10 == 0 ? "x" : "facebook";
      a.id = keep(Name("a", i * 7 % 600));  // some twice: duplicates
      a.handle = keep(Name("h", i % 300));
      a.infra = {keep(Name("ip:", i % 17))};
      r.order.push_back({0, r.actors.size()});
      r.actors.push_back(a);
    }
    PostRecord p;
    p.platform = i % 3 == 0 ? "x" : "facebook";
    p.id = keep(Name("p", i % 2900));  // the last 100 repeat earlier ids
    p.actor = keep(Name("a", i * 11 % 700));
    p.time = 1000 + i;
    if (i % 4 == 1) {
      p.type = PostType::kShare;
      p.parent = keep(Name("p", i / 2));
      p.parent_platform = i % 8 == 1 ? "x" : "";
    }
    if (i % 9 == 0) p.in = keep(Name("g", i % 40));
    p.text = keep(Name("text ", i % 500));
    p.urls = {keep(Name("https://e.com/", i % 91))};
    p.hashtags = {keep(Name("tag", i % 7)), keep(Name("new", i))};
    r.order.push_back({1, r.posts.size()});
    r.posts.push_back(p);
    if (i % 2 == 0) {
      RelationRecord rel;
      rel.platform = "facebook";
      rel.from = keep(Name("b", i % 800));
      rel.to = keep(Name("a", i * 5 % 900));
      rel.type_name = "follows";
      r.order.push_back({2, r.relations.size()});
      r.relations.push_back(rel);
    }
  }
  return r;
}

// Every string in id order, the columns and the indexes, as text.
std::string Describe(Store& s, int threads = 1) {
  s.Finalize(threads);
  std::string out;
  for (StrId id = 0; id < s.strings().size(); ++id) out += std::string(s.Str(id)) + "\n";
  const auto& a = s.actors();
  for (ActorId i = 0; i < a.size(); ++i) {
    out += fmt::format("actor {} {} {} {} {}", a.platform[i], a.ext_id[i], a.handle[i], a.has_record[i],
                       a.infra.Row(i).size());
    for (const StrId v : a.infra.Row(i)) out += fmt::format(" {}", v);
    for (const PostId post : s.PostsOf(i)) out += fmt::format(" p{}", post);
    out += "\n";
  }
  const auto& p = s.posts();
  for (PostId i = 0; i < p.size(); ++i) {
    out += fmt::format("post {} {} {} {} {} {} {} {}", p.platform[i], p.ext_id[i], p.actor[i], p.parent_platform[i],
                       p.parent_ext[i], p.parent[i], p.in[i], p.text[i]);
    for (const StrId v : p.urls.Row(i)) out += fmt::format(" u{}", v);
    for (const StrId v : p.hashtags.Row(i)) out += fmt::format(" h{}", v);
    for (const PostId child : s.ChildrenOf(i)) out += fmt::format(" c{}", child);
    out += "\n";
  }
  const auto& r = s.relations();
  for (size_t i = 0; i < r.size(); ++i) {
    out += fmt::format("relation {} {} {} {}\n", r.platform[i], r.from[i], r.to[i], r.type_name[i]);
  }
  return out;
}

// Records prepared `lag` records before they are added (so what was added
// meanwhile is not found, as on ingest's parse threads) give the store of
// records added one by one: same ids, strings, duplicates. Reserving room
// ahead on the way changes nothing either.
TEST(Store, PreparedRecordsGiveTheSameStore) {
  const Records records = MakeRecords();
  Store plain;
  size_t duplicates = 0;
  for (const auto& [kind, i] : records.order) {
    if (kind == 0) duplicates += plain.SetActor(records.actors[i]) == AddResult::kDuplicate;
    if (kind == 1) duplicates += plain.AddPost(records.posts[i]) == AddResult::kDuplicate;
    if (kind == 2) plain.AddRelation(records.relations[i]);
  }
  EXPECT_GT(duplicates, 100u);
  const std::string expected = Describe(plain);
  for (const size_t lag : {size_t{0}, size_t{1}, size_t{7}, size_t{100000}}) {
    SCOPED_TRACE(lag);
    Store store;
    const size_t n = records.order.size();
    std::vector<std::vector<StringKey>> keys(n);
    std::vector<std::array<ActorId, 2>> actors(n);
    const auto prepare = [&](size_t k) {
      const auto& [kind, i] = records.order[k];
      const Store::Reading reading(store);
      if (kind == 0) store.Prepare(records.actors[i], keys[k], actors[k].data());
      if (kind == 1) store.Prepare(records.posts[i], keys[k], actors[k].data());
      if (kind == 2) store.Prepare(records.relations[i], keys[k], actors[k].data());
    };
    size_t prepared = 0;
    size_t found = 0;
    store.StartInput();
    for (size_t k = 0; k < n; ++k) {
      while (prepared < n && prepared <= k + lag) prepare(prepared++);
      if (k % 97 == 0) store.ReserveAhead(static_cast<double>(k + 1) / static_cast<double>(n));  // as ingest does
      for (const StringKey& key : keys[k]) found += key.id != kNone;
      const PreparedRecord record{keys[k], {actors[k][0], actors[k][1]}};
      const auto& [kind, i] = records.order[k];
      if (kind == 0) store.SetActor(records.actors[i], record);
      if (kind == 1) store.AddPost(records.posts[i], record);
      if (kind == 2) store.AddRelation(records.relations[i], record);
    }
    EXPECT_EQ(Describe(store, 2), expected);  // and the indexes built on two threads
    if (lag < 1000) {
      EXPECT_GT(found, n);  // most strings were found when prepared
    }
  }
}

}  // namespace
}  // namespace unmask
