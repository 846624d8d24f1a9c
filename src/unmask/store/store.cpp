#include "unmask/store/store.hpp"

#include <algorithm>
#include <numeric>

#include "unmask/core/hash.hpp"
#include "unmask/core/parallel.hpp"

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

namespace {

// Where the Add* calls take a record's string ids and known actors from:
// interning each string as it comes (records added one by one) ...
struct InternEach {
  StringPool& pool;
  StrId String(size_t /*index*/, std::string_view text) { return pool.Intern(text); }
  ActorId Actor(size_t /*which*/) const { return kNone; }
};

// ... or the keys a parse thread prepared (Store::Prepare): ids found then,
// the rest interned with the hash computed then.
struct TakePrepared {
  StringPool& pool;
  const PreparedRecord& prepared;
  StrId String(size_t index, std::string_view text) {
    const StringKey key = prepared.strings[index];
    return key.id != kNone ? key.id : pool.Intern(text, key.hash);
  }
  ActorId Actor(size_t which) const { return prepared.actors[which]; }
};

// Indexes of PreparedRecord's strings.
enum ActorString : size_t { kActorPlatform, kActorId, kActorHandle, kActorName, kActorBio, kActorUrl,
                            kActorLocation, kActorLang, kActorAvatar, kActorInfra };
enum PostString : size_t { kPostPlatform, kPostId, kPostActor, kPostParentPlatform, kPostParent, kPostIn,
                           kPostText, kPostLang, kPostClient, kPostReaction, kPostLists };
enum RelationString : size_t { kRelationPlatform, kRelationFrom, kRelationTo, kRelationType, kRelationStrings };

size_t ListValues(const PostRecord& r) {
  return r.urls.size() + r.hashtags.size() + r.mentions.size() + r.media.size();
}

}  // namespace

PlatformId Store::Platform(std::string_view name) { return PlatformOf(strings_.Intern(name)); }

PlatformId Store::PlatformOf(StrId id) {
  const uint32_t next = static_cast<uint32_t>(platform_names_.size());
  const uint32_t found = platform_index_.Insert(id, next);
  if (found == next) platform_names_.push_back(id);
  return static_cast<PlatformId>(found);
}

ActorId Store::ActorRef(PlatformId platform, std::string_view id) { return ActorOf(platform, strings_.Intern(id)); }

ActorId Store::ActorOf(PlatformId platform, StrId ext) {
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
  InternEach keys{strings_};
  return SetActorWith(r, keys);
}

AddResult Store::SetActor(const ActorRecord& r, const PreparedRecord& prepared) {
  MakeRoom(kActorInfra + r.infra.size(), 1);
  TakePrepared keys{strings_, prepared};
  return SetActorWith(r, keys);
}

template <typename Keys>
AddResult Store::SetActorWith(const ActorRecord& r, Keys& keys) {
  const PlatformId platform = PlatformOf(keys.String(kActorPlatform, r.platform));
  const ActorId known = keys.Actor(0);
  const ActorId a = known != kNone ? known : ActorOf(platform, keys.String(kActorId, r.id));
  if (actors_.has_record[a]) return AddResult::kDuplicate;
  actors_.has_record[a] = 1;
  actors_.type[a] = r.type;
  actors_.handle[a] = keys.String(kActorHandle, r.handle);
  actors_.name[a] = keys.String(kActorName, r.name);
  actors_.bio[a] = keys.String(kActorBio, r.bio);
  actors_.url[a] = keys.String(kActorUrl, r.url);
  actors_.location[a] = keys.String(kActorLocation, r.location);
  actors_.lang[a] = keys.String(kActorLang, r.lang);
  actors_.avatar[a] = keys.String(kActorAvatar, r.avatar);
  actors_.created[a] = r.created;
  actors_.followers[a] = r.followers;
  actors_.following[a] = r.following;
  actors_.verified[a] = r.verified;
  size_t index = kActorInfra;
  for (std::string_view v : r.infra) actors_.infra.Add(a, keys.String(index++, v));
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
  InternEach keys{strings_};
  return AddPostWith(r, keys);
}

AddResult Store::AddPost(const PostRecord& r, const PreparedRecord& prepared) {
  MakeRoom(kPostLists + ListValues(r), 2);
  TakePrepared keys{strings_, prepared};
  return AddPostWith(r, keys);
}

// The strings are interned in the order of the fields below, so a new
// string's id is the same whichever way the keys come.
template <typename Keys>
AddResult Store::AddPostWith(const PostRecord& r, Keys& keys) {
  const PlatformId platform = PlatformOf(keys.String(kPostPlatform, r.platform));
  const StrId ext = keys.String(kPostId, r.id);
  const PostId next = static_cast<PostId>(posts_.size());
  if (post_index_.Insert(PackKey(platform, ext), next) != next) return AddResult::kDuplicate;
  // An actor found when prepared already exists, its id string too: taking
  // it creates nothing, as ActorOf would not.
  const auto actor_of = [&](size_t which, size_t index, std::string_view id) {
    const ActorId known = keys.Actor(which);
    return known != kNone ? known : ActorOf(platform, keys.String(index, id));
  };
  posts_.platform.push_back(platform);
  posts_.ext_id.push_back(ext);
  posts_.actor.push_back(actor_of(0, kPostActor, r.actor));
  posts_.time.push_back(r.time);
  posts_.type.push_back(r.type);
  posts_.parent_platform.push_back(
      r.parent_platform.empty() ? platform : PlatformOf(keys.String(kPostParentPlatform, r.parent_platform)));
  posts_.parent_ext.push_back(keys.String(kPostParent, r.parent));
  posts_.parent.push_back(kNone);
  posts_.in.push_back(r.in.empty() ? kNone : actor_of(1, kPostIn, r.in));
  posts_.text.push_back(keys.String(kPostText, r.text));
  posts_.lang.push_back(keys.String(kPostLang, r.lang));
  posts_.client.push_back(keys.String(kPostClient, r.client));
  posts_.reaction.push_back(keys.String(kPostReaction, r.reaction));
  size_t index = kPostLists;
  for (std::string_view v : r.urls) posts_.urls.Add(next, keys.String(index++, v));
  for (std::string_view v : r.hashtags) posts_.hashtags.Add(next, keys.String(index++, v));
  for (std::string_view v : r.mentions) posts_.mentions.Add(next, keys.String(index++, v));
  for (std::string_view v : r.media) posts_.media.Add(next, keys.String(index++, v));
  return AddResult::kAdded;
}

namespace {

// Room for the rows a column should have when it is nearly full: those it
// had when the input began plus the input's at the pace so far, with a
// margin; at least doubling.
size_t Projected(size_t size, size_t start, size_t capacity, double fraction_read) {
  if (size + size / 16 + 1024 < capacity) return 0;  // not about to grow
  const double added = static_cast<double>(size - std::min(size, start)) / std::max(fraction_read, 1e-3) * 1.1;
  return std::max(start + static_cast<size_t>(added), 2 * size + 1024);
}

template <typename Column>
void ReserveColumn(size_t n, Column& column) {
  column.reserve(n);
  AdviseHugePages(column.data(), column.capacity() * sizeof(*column.data()));
}

template <typename... Columns>
void ReserveAll(size_t n, Columns&... columns) {
  (ReserveColumn(n, columns), ...);
}

}  // namespace

void Store::StartInput() {
  input_start_ = Sizes{actors_.size(), posts_.size(), relations_.size(), strings_.size(), {}};
  const ListColumn* lists[] = {&actors_.infra, &posts_.urls, &posts_.hashtags, &posts_.mentions, &posts_.media};
  for (size_t i = 0; i < 5; ++i) input_start_.lists[i] = lists[i]->PendingValues();
  expected_strings_ = 0;
}

void Store::ReserveAhead(double fraction_read) {
  const double f = std::min(fraction_read, 1.0);
  const Sizes& start = input_start_;
  const size_t added_strings = strings_.size() - std::min(strings_.size(), start.strings);
  expected_strings_ = start.strings + static_cast<size_t>(static_cast<double>(added_strings) / std::max(f, 1e-3) * 1.1);
  ActorTable& a = actors_;
  if (const size_t n = Projected(a.size(), start.actors, a.platform.capacity(), f)) {
    ReserveAll(n, a.platform, a.type, a.ext_id, a.handle, a.name, a.bio, a.url, a.location, a.lang, a.avatar,
               a.created, a.followers, a.following, a.verified, a.has_record);
  }
  PostTable& p = posts_;
  if (const size_t n = Projected(p.size(), start.posts, p.platform.capacity(), f)) {
    ReserveAll(n, p.platform, p.ext_id, p.actor, p.time, p.type, p.parent_platform, p.parent_ext, p.parent, p.in,
               p.text, p.lang, p.client, p.reaction);
  }
  RelationTable& r = relations_;
  if (const size_t n = Projected(r.size(), start.relations, r.platform.capacity(), f)) {
    ReserveAll(n, r.platform, r.from, r.to, r.type, r.type_name, r.time);
  }
  ListColumn* lists[] = {&a.infra, &p.urls, &p.hashtags, &p.mentions, &p.media};
  for (size_t i = 0; i < 5; ++i) {
    if (const size_t n = Projected(lists[i]->PendingValues(), start.lists[i], lists[i]->PendingCapacity(), f)) {
      lists[i]->Reserve(n);
    }
  }
}

void Store::MakeRoom(size_t strings, size_t actors) {
  if (strings_.Room() >= strings && actor_index_.Room() >= actors && platform_index_.Room() >= 2) return;
  // Tables double (or jump to the expected size): the gate closes a few
  // dozen times in a whole ingest.
  gate_->Close();
  strings_.MakeRoom(strings, expected_strings_);
  actor_index_.MakeRoom(actors);
  platform_index_.MakeRoom(2);
  gate_->Open();
}

namespace {

// A record's strings in PreparedRecord's order.
template <typename Fn>
void ForEachString(const ActorRecord& r, Fn fn) {
  for (const std::string_view s : {r.platform, r.id, r.handle, r.name, r.bio, r.url, r.location, r.lang, r.avatar}) {
    fn(s);
  }
  for (const std::string_view s : r.infra) fn(s);
}

template <typename Fn>
void ForEachString(const PostRecord& r, Fn fn) {
  for (const std::string_view s : {r.platform, r.id, r.actor, r.parent_platform, r.parent, r.in, r.text, r.lang,
                                   r.client, r.reaction}) {
    fn(s);
  }
  for (const auto* list : {&r.urls, &r.hashtags, &r.mentions, &r.media}) {
    for (const std::string_view s : *list) fn(s);
  }
}

template <typename Fn>
void ForEachString(const RelationRecord& r, Fn fn) {
  for (const std::string_view s : {r.platform, r.from, r.to, r.type_name}) fn(s);
}

// Which keys of a record name its platform and its actor references.
constexpr size_t kNoKey = ~size_t{0};
struct ActorKeys {
  size_t platform, actors[2];
};
ActorKeys ActorKeysOf(const ActorRecord&) { return {kActorPlatform, {kActorId, kNoKey}}; }
ActorKeys ActorKeysOf(const PostRecord& r) { return {kPostPlatform, {kPostActor, r.in.empty() ? kNoKey : kPostIn}}; }
ActorKeys ActorKeysOf(const RelationRecord&) { return {kRelationPlatform, {kRelationFrom, kRelationTo}}; }

}  // namespace

uint32_t Store::FindPlatformShared(StrId name) const {
  return name == kNone ? FlatMap64::kMissing : platform_index_.FindShared(name);
}

template <typename Record>
void Store::PrepareRecord(const Record& r, PrepareStep step, std::vector<StringKey>& keys, size_t first,
                          ActorId actors[2]) const {
  size_t i = first;
  switch (step) {
    case PrepareStep::kHash:
      ForEachString(r, [&](std::string_view s) {
        if (s.empty()) {
          keys.push_back(StringKey{0, 0});
          return;
        }
        keys.push_back(StringKey{HashBytes(s), kNone});
        strings_.Prefetch(keys.back().hash, 0);
      });
      return;
    case PrepareStep::kEntries:
    case PrepareStep::kBytes:
      ForEachString(r, [&](std::string_view) {
        const StringKey key = keys[i++];
        if (key.id == kNone) strings_.Prefetch(key.hash, step == PrepareStep::kEntries ? 1 : 2);
      });
      return;
    case PrepareStep::kFind: {
      ForEachString(r, [&](std::string_view s) {
        StringKey& key = keys[i++];
        if (key.id == kNone) key.id = strings_.FindShared(s, key.hash);
      });
      const ActorKeys a = ActorKeysOf(r);
      const uint32_t platform = FindPlatformShared(keys[first + a.platform].id);
      for (const size_t k : a.actors) {
        if (k == kNoKey || platform == FlatMap64::kMissing || keys[first + k].id == kNone) continue;
        actor_index_.Prefetch(PackKey(platform, keys[first + k].id));
      }
      return;
    }
    case PrepareStep::kActors: {
      const ActorKeys a = ActorKeysOf(r);
      const uint32_t platform = FindPlatformShared(keys[first + a.platform].id);
      for (int w = 0; w < 2; ++w) {
        const size_t k = a.actors[w];
        actors[w] = kNone;
        if (k == kNoKey || platform == FlatMap64::kMissing || keys[first + k].id == kNone) continue;
        const uint32_t found = actor_index_.FindShared(PackKey(platform, keys[first + k].id));
        if (found != FlatMap64::kMissing) actors[w] = found;
      }
      return;
    }
  }
}

void Store::Prepare(const ActorRecord& r, PrepareStep step, std::vector<StringKey>& keys, size_t first,
                    ActorId actors[2]) const {
  PrepareRecord(r, step, keys, first, actors);
}

void Store::Prepare(const PostRecord& r, PrepareStep step, std::vector<StringKey>& keys, size_t first,
                    ActorId actors[2]) const {
  PrepareRecord(r, step, keys, first, actors);
}

void Store::Prepare(const RelationRecord& r, PrepareStep step, std::vector<StringKey>& keys, size_t first,
                    ActorId actors[2]) const {
  PrepareRecord(r, step, keys, first, actors);
}

void Store::Prefetch(const PreparedRecord& prepared, int stage) const {
  // Only the table slots: a string not found when prepared is nearly always
  // new, so its probe reads empty or other strings' slots, not entries or
  // bytes (the later stages would only wait for the slot). Strings found
  // are not looked up again.
  if (stage != 0) return;
  for (const StringKey& key : prepared.strings) {
    if (key.id == kNone) strings_.Prefetch(key.hash, 0);
  }
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
  InternEach keys{strings_};
  AddRelationWith(r, keys);
}

void Store::AddRelation(const RelationRecord& r, const PreparedRecord& prepared) {
  MakeRoom(kRelationStrings, 2);
  TakePrepared keys{strings_, prepared};
  AddRelationWith(r, keys);
}

template <typename Keys>
void Store::AddRelationWith(const RelationRecord& r, Keys& keys) {
  const PlatformId platform = PlatformOf(keys.String(kRelationPlatform, r.platform));
  const ActorId from = keys.Actor(0), to = keys.Actor(1);
  relations_.platform.push_back(platform);
  relations_.from.push_back(from != kNone ? from : ActorOf(platform, keys.String(kRelationFrom, r.from)));
  relations_.to.push_back(to != kNone ? to : ActorOf(platform, keys.String(kRelationTo, r.to)));
  relations_.type.push_back(ParseRelationType(r.type_name));
  relations_.type_name.push_back(keys.String(kRelationType, r.type_name));
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
  constexpr PostId kAhead = 8;  // lookups in flight: each is a cache miss in the post map
  for (PostId p = 0; p < posts_.size(); ++p) {
    if (p + kAhead < posts_.size() && posts_.parent_ext[p + kAhead] != 0) {
      post_index_.Prefetch(PackKey(posts_.parent_platform[p + kAhead], posts_.parent_ext[p + kAhead]));
    }
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

void Store::Finalize(int threads) {
  if (finalized_) return;
  // Three parts that read and write nothing of each other's, largest first.
  ParallelFor(3, threads, [&](size_t part) {
    switch (part) {
      case 0:
        ResolveParents();
        BuildChildren();
        break;
      case 1: BuildPostsByActor(); break;
      default:
        actors_.infra.Finalize(actors_.size());
        posts_.urls.Finalize(posts_.size());
        posts_.hashtags.Finalize(posts_.size());
        posts_.mentions.Finalize(posts_.size());
        posts_.media.Finalize(posts_.size());
        break;
    }
  });
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
