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

}  // namespace
}  // namespace unmask
