#include "unmask/store/store.hpp"

#include <algorithm>
#include <numeric>

#include "unmask/core/hash.hpp"

namespace unmask {

void ListColumn::Finalize(size_t rows) {
  // Counting sort by row keeps each row's values in insertion order.
  offsets_.assign(rows + 1, 0);
  for (const Entry& e : pending_) ++offsets_[e.row + 1];
  std::partial_sum(offsets_.begin(), offsets_.end(), offsets_.begin());
  values_.resize(pending_.size());
  std::vector<uint64_t> cursor(offsets_.begin(), offsets_.end() - 1);
  for (const Entry& e : pending_) values_[cursor[e.row]++] = e.value;
  std::vector<Entry>().swap(pending_);
}

Store::Store() = default;

PlatformId Store::Platform(std::string_view name) {
  const StrId id = strings_.Intern(name);
  const uint32_t next = static_cast<uint32_t>(platform_names_.size());
  const uint32_t found = platform_index_.Insert(id, next);
  if (found == next) platform_names_.push_back(id);
  return static_cast<PlatformId>(found);
}

ActorId Store::ActorRef(PlatformId platform, std::string_view id) {
  const StrId ext = strings_.Intern(id);
  const ActorId next = static_cast<ActorId>(actors_.size());
  const ActorId found = actor_index_.Insert(PackKey(platform, ext), next);
  if (found != next) return found;
  actors_.platform.push_back(platform);
  actors_.type.push_back(ActorType::kAccount);
  actors_.ext_id.push_back(ext);
  for (auto* column : {&actors_.handle, &actors_.name, &actors_.bio, &actors_.url, &actors_.location, &actors_.lang,
                       &actors_.avatar}) {
    column->push_back(0);
  }
  actors_.created.push_back(kNoTime);
  actors_.followers.push_back(kUnknownCount);
  actors_.following.push_back(kUnknownCount);
  actors_.verified.push_back(-1);
  actors_.has_record.push_back(0);
  return next;
}

AddResult Store::SetActor(const ActorRecord& r) {
  const ActorId a = ActorRef(Platform(r.platform), r.id);
  if (actors_.has_record[a]) return AddResult::kDuplicate;
  actors_.has_record[a] = 1;
  actors_.type[a] = r.type;
  actors_.handle[a] = strings_.Intern(r.handle);
  actors_.name[a] = strings_.Intern(r.name);
  actors_.bio[a] = strings_.Intern(r.bio);
  actors_.url[a] = strings_.Intern(r.url);
  actors_.location[a] = strings_.Intern(r.location);
  actors_.lang[a] = strings_.Intern(r.lang);
  actors_.avatar[a] = strings_.Intern(r.avatar);
  actors_.created[a] = r.created;
  actors_.followers[a] = r.followers;
  actors_.following[a] = r.following;
  actors_.verified[a] = r.verified;
  for (std::string_view v : r.infra) actors_.infra.Add(a, strings_.Intern(v));
  return AddResult::kAdded;
}

AddResult Store::MergeActor(const ActorRecord& r) {
  const ActorId a = ActorRef(Platform(r.platform), r.id);
  const bool had_record = actors_.has_record[a] != 0;
  actors_.has_record[a] = 1;
  if (actors_.type[a] == ActorType::kAccount) actors_.type[a] = r.type;
  const auto fill = [&](std::vector<StrId>& column, std::string_view value) {
    if (column[a] == 0 && !value.empty()) column[a] = strings_.Intern(value);
  };
  fill(actors_.handle, r.handle);
  fill(actors_.name, r.name);
  fill(actors_.bio, r.bio);
  fill(actors_.url, r.url);
  fill(actors_.location, r.location);
  fill(actors_.lang, r.lang);
  fill(actors_.avatar, r.avatar);
  if (actors_.created[a] == kNoTime) actors_.created[a] = r.created;
  if (actors_.followers[a] == kUnknownCount) actors_.followers[a] = r.followers;
  if (actors_.following[a] == kUnknownCount) actors_.following[a] = r.following;
  if (actors_.verified[a] < 0) actors_.verified[a] = r.verified;
  for (std::string_view v : r.infra) actors_.infra.Add(a, strings_.Intern(v));
  return had_record ? AddResult::kDuplicate : AddResult::kAdded;
}

void Store::AddPostValues(PostId post, const PostRecord& r) {
  if (post < sealed_posts_) sealed_posts_changed_ = true;
  for (std::string_view v : r.urls) posts_.urls.Add(post, strings_.Intern(v));
  for (std::string_view v : r.hashtags) posts_.hashtags.Add(post, strings_.Intern(v));
  for (std::string_view v : r.mentions) posts_.mentions.Add(post, strings_.Intern(v));
  for (std::string_view v : r.media) posts_.media.Add(post, strings_.Intern(v));
}

AddResult Store::AddPost(const PostRecord& r) {
  const PlatformId platform = Platform(r.platform);
  const StrId ext = strings_.Intern(r.id);
  const PostId next = static_cast<PostId>(posts_.size());
  if (post_index_.Insert(PackKey(platform, ext), next) != next) return AddResult::kDuplicate;
  posts_.platform.push_back(platform);
  posts_.ext_id.push_back(ext);
  posts_.actor.push_back(ActorRef(platform, r.actor));
  posts_.time.push_back(r.time);
  posts_.type.push_back(r.type);
  posts_.parent_platform.push_back(r.parent_platform.empty() ? platform : Platform(r.parent_platform));
  posts_.parent_ext.push_back(strings_.Intern(r.parent));
  posts_.parent.push_back(kNone);
  posts_.in.push_back(r.in.empty() ? kNone : ActorRef(platform, r.in));
  posts_.text.push_back(strings_.Intern(r.text));
  posts_.lang.push_back(strings_.Intern(r.lang));
  posts_.client.push_back(strings_.Intern(r.client));
  posts_.reaction.push_back(strings_.Intern(r.reaction));
  for (std::string_view v : r.urls) posts_.urls.Add(next, strings_.Intern(v));
  for (std::string_view v : r.hashtags) posts_.hashtags.Add(next, strings_.Intern(v));
  for (std::string_view v : r.mentions) posts_.mentions.Add(next, strings_.Intern(v));
  for (std::string_view v : r.media) posts_.media.Add(next, strings_.Intern(v));
  return AddResult::kAdded;
}

void Store::PrefetchActor(uint32_t platform, std::string_view id, int stage) const {
  const StrId ext = strings_.Prefetch(id, stage);
  if (stage == 1 && ext != kNone && platform != kNone) actor_index_.Prefetch(PackKey(platform, ext));
}

uint32_t Store::FindPlatform(std::string_view name) const {
  const StrId id = strings_.Find(name);
  const uint32_t found = id == kNone ? FlatMap64::kMissing : platform_index_.Find(id);
  return found == FlatMap64::kMissing ? kNone : found;
}

void Store::Prefetch(const ActorRecord& r, int stage) const {
  PrefetchActor(stage == 1 ? FindPlatform(r.platform) : kNone, r.id, stage);
  for (const std::string_view s : {r.handle, r.name, r.bio, r.url, r.location, r.avatar}) {
    strings_.Prefetch(s, stage);
  }
  for (const std::string_view s : r.infra) strings_.Prefetch(s, stage);
}

void Store::Prefetch(const PostRecord& r, int stage) const {
  const uint32_t platform = stage == 1 ? FindPlatform(r.platform) : kNone;
  const StrId ext = strings_.Prefetch(r.id, stage);
  if (stage == 1 && ext != kNone && platform != kNone) post_index_.Prefetch(PackKey(platform, ext));
  PrefetchActor(platform, r.actor, stage);
  PrefetchActor(platform, r.in, stage);
  for (const std::string_view s : {r.parent, r.text}) strings_.Prefetch(s, stage);
  for (const auto* list : {&r.urls, &r.hashtags, &r.mentions, &r.media}) {
    for (const std::string_view s : *list) strings_.Prefetch(s, stage);
  }
}

void Store::Prefetch(const RelationRecord& r, int stage) const {
  const uint32_t platform = stage == 1 ? FindPlatform(r.platform) : kNone;
  PrefetchActor(platform, r.from, stage);
  PrefetchActor(platform, r.to, stage);
}

void Store::AddRelation(const RelationRecord& r) {
  const PlatformId platform = Platform(r.platform);
  relations_.platform.push_back(platform);
  relations_.from.push_back(ActorRef(platform, r.from));
  relations_.to.push_back(ActorRef(platform, r.to));
  relations_.type.push_back(ParseRelationType(r.type_name));
  relations_.type_name.push_back(strings_.Intern(r.type_name));
  relations_.time.push_back(r.time);
}

ActorId Store::FindActor(std::string_view platform, std::string_view id) const {
  const StrId name = strings_.Find(platform);
  const StrId ext = strings_.Find(id);
  if (name == kNone || ext == kNone) return kNone;
  const uint32_t p = platform_index_.Find(name);
  if (p == FlatMap64::kMissing) return kNone;
  const uint32_t a = actor_index_.Find(PackKey(p, ext));
  return a == FlatMap64::kMissing ? kNone : a;
}

PostId Store::FindPost(std::string_view platform, std::string_view id) const {
  const StrId name = strings_.Find(platform);
  const StrId ext = strings_.Find(id);
  if (name == kNone || ext == kNone) return kNone;
  const uint32_t p = platform_index_.Find(name);
  if (p == FlatMap64::kMissing) return kNone;
  const uint32_t post = post_index_.Find(PackKey(p, ext));
  return post == FlatMap64::kMissing ? kNone : post;
}

void Store::ResolveParents() {
  unresolved_parents_ = 0;
  for (PostId p = 0; p < posts_.size(); ++p) {
    if (posts_.parent_ext[p] == 0) continue;
    const uint32_t found = post_index_.Find(PackKey(posts_.parent_platform[p], posts_.parent_ext[p]));
    if (found == FlatMap64::kMissing) {
      ++unresolved_parents_;
    } else {
      posts_.parent[p] = found;
    }
  }
}

namespace {
// Groups row ids by key with a counting sort; `order` ranks rows inside a key.
template <typename KeyFn>
void GroupRows(size_t keys, size_t rows, KeyFn key_of, std::vector<uint64_t>& offsets, std::vector<uint32_t>& items) {
  offsets.assign(keys + 1, 0);
  for (uint32_t r = 0; r < rows; ++r) {
    const uint32_t k = key_of(r);
    if (k != kNone) ++offsets[k + 1];
  }
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  items.resize(offsets.back());
  std::vector<uint64_t> cursor(offsets.begin(), offsets.end() - 1);
  for (uint32_t r = 0; r < rows; ++r) {
    const uint32_t k = key_of(r);
    if (k != kNone) items[cursor[k]++] = r;
  }
}
}  // namespace

void Store::BuildPostsByActor() {
  GroupRows(actors_.size(), posts_.size(), [&](uint32_t p) { return posts_.actor[p]; }, posts_by_actor_.offsets,
            posts_by_actor_.items);
  for (ActorId a = 0; a < actors_.size(); ++a) {
    auto begin = posts_by_actor_.items.begin() + static_cast<int64_t>(posts_by_actor_.offsets[a]);
    auto end = posts_by_actor_.items.begin() + static_cast<int64_t>(posts_by_actor_.offsets[a + 1]);
    std::sort(begin, end, [&](PostId x, PostId y) {
      return posts_.time[x] != posts_.time[y] ? posts_.time[x] < posts_.time[y] : x < y;
    });
  }
}

void Store::BuildChildren() {
  GroupRows(posts_.size(), posts_.size(), [&](uint32_t p) { return posts_.parent[p]; }, children_.offsets,
            children_.items);
}

void Store::Finalize() {
  if (finalized_) return;
  actors_.infra.Finalize(actors_.size());
  posts_.urls.Finalize(posts_.size());
  posts_.hashtags.Finalize(posts_.size());
  posts_.mentions.Finalize(posts_.size());
  posts_.media.Finalize(posts_.size());
  ResolveParents();
  BuildPostsByActor();
  BuildChildren();
  finalized_ = true;
}

void Store::SetTextFamilies(std::vector<uint32_t> family, std::vector<uint32_t> variant) {
  posts_.text_family = std::move(family);
  posts_.text_variant = std::move(variant);
}

size_t Store::MemoryBytes() const {
  const size_t actor_bytes = actors_.size() * (2 + 1 + 8 * 4 + 8 + 16 + 2) + actors_.infra.MemoryBytes();
  const size_t post_bytes = posts_.size() * (2 + 4 + 4 + 8 + 1 + 2 + 4 + 4 + 4 + 16) + posts_.urls.MemoryBytes() +
                            posts_.hashtags.MemoryBytes() + posts_.mentions.MemoryBytes() +
                            posts_.media.MemoryBytes() +
                            (posts_.text_family.capacity() + posts_.text_variant.capacity()) * 4;
  const size_t relation_bytes = relations_.size() * (2 + 4 + 4 + 1 + 4 + 8);
  const size_t index_bytes = actor_index_.MemoryBytes() + post_index_.MemoryBytes() +
                             posts_by_actor_.items.capacity() * 4 + posts_by_actor_.offsets.capacity() * 8 +
                             children_.items.capacity() * 4 + children_.offsets.capacity() * 8;
  return strings_.MemoryBytes() + actor_bytes + post_bytes + relation_bytes + index_bytes;
}

}  // namespace unmask
