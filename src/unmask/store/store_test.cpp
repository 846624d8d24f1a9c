#include "unmask/store/store.hpp"

#include <gtest/gtest.h>

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
