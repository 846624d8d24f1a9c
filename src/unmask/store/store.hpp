#pragma once
// The columnar activity store: actors, posts and relations of every platform,
// one vector per field, strings interned once at ingest. Ingest fills it with
// the Add*/Set* calls in any record order, then Finalize() resolves parent
// links and builds the indexes the later stages read.
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "unmask/core/flat_map.hpp"
#include "unmask/core/grow_gate.hpp"
#include "unmask/core/huge_pages.hpp"
#include "unmask/core/status.hpp"
#include "unmask/core/intern.hpp"
#include "unmask/core/types.hpp"

namespace unmask {

class BlobWriter;
class BlobReader;

/// A list field (urls, hashtags, infra ...) stored as compressed rows: the
/// values of row r are values[offsets[r] .. offsets[r+1]). Rows are appended
/// in any order with Add(); Finalize() sorts them into place.
class ListColumn {
 public:
  void Add(uint32_t row, StrId value) { pending_.push_back({row, value}); }
  /// Room for `values` appended values in all (see Store::ReserveAhead).
  void Reserve(size_t values) {
    pending_.reserve(values);
    AdviseHugePages(pending_.data(), pending_.capacity() * sizeof(Entry));
  }
  size_t PendingValues() const { return pending_.size(); }
  size_t PendingCapacity() const { return pending_.capacity(); }
  void Finalize(size_t rows);
  std::span<const StrId> Row(uint32_t row) const {
    if (row + 1 >= offsets_.size()) return {};
    return {values_.data() + offsets_[row], values_.data() + offsets_[row + 1]};
  }
  size_t TotalValues() const { return values_.size(); }
  size_t RowCount() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  size_t MemoryBytes() const { return offsets_.capacity() * 8 + values_.capacity() * 4 + pending_.capacity() * 8; }
  // Saved scan state (snapshot.cpp): the finalised rows, and back to
  // appending (rows keep their values, in order, ahead of new ones).
  void Save(BlobWriter& out, std::string_view name) const;
  Status Load(BlobReader& in, std::string_view name);
  void Reopen();

 private:
  struct Entry {
    uint32_t row;
    StrId value;
  };
  std::vector<Entry> pending_;
  std::vector<uint64_t> offsets_;
  std::vector<StrId> values_;
};

/// The fields of an actor record as ingest hands them over (views into the
/// caller's buffer; nothing is kept past the call).
struct ActorRecord {
  std::string_view platform, id, handle, name, bio, url, location, lang, avatar;
  ActorType type = ActorType::kAccount;
  Time created = kNoTime;
  int64_t followers = kUnknownCount, following = kUnknownCount;
  int8_t verified = -1;  ///< -1 unknown, 0 false, 1 true
  std::vector<std::string_view> infra;
};

struct PostRecord {
  std::string_view platform, id, actor, parent, parent_platform, in, text, lang, client, reaction;
  PostType type = PostType::kPost;
  Time time = kNoTime;
  std::vector<std::string_view> urls, hashtags, mentions, media;
};

struct RelationRecord {
  std::string_view platform, from, to, type_name;
  Time time = kNoTime;
};

struct ActorTable {
  std::vector<PlatformId> platform;
  std::vector<ActorType> type;
  std::vector<StrId> ext_id, handle, name, bio, url, location, lang, avatar;
  std::vector<Time> created;
  std::vector<int64_t> followers, following;
  std::vector<int8_t> verified;
  std::vector<uint8_t> has_record;  ///< 1 when an actor record was read (else only referenced)
  ListColumn infra;
  size_t size() const { return platform.size(); }
};

struct PostTable {
  std::vector<PlatformId> platform;
  std::vector<StrId> ext_id;
  std::vector<ActorId> actor;
  std::vector<Time> time;
  std::vector<PostType> type;
  std::vector<PlatformId> parent_platform;
  std::vector<StrId> parent_ext;
  std::vector<PostId> parent;  ///< resolved by Finalize(); kNone when unknown
  std::vector<ActorId> in;     ///< page/group/channel the post was made in, or kNone
  std::vector<StrId> text, lang, client, reaction;
  ListColumn urls, hashtags, mentions, media;
  /// Derived by the text step (unmask/text/families.hpp), empty before it:
  /// per post, its family of near-identical texts and its distinct normalised
  /// text, kNone when the post has no comparable text.
  std::vector<uint32_t> text_family, text_variant;
  size_t size() const { return platform.size(); }
};

struct RelationTable {
  std::vector<PlatformId> platform;
  std::vector<ActorId> from, to;
  std::vector<RelationType> type;
  std::vector<StrId> type_name;
  std::vector<Time> time;
  size_t size() const { return platform.size(); }
};

/// A string of a record as a parse thread prepared it (Store::Prepare): its
/// hash and, when the store already held it, its id.
struct StringKey {
  uint64_t hash = 0;
  StrId id = kNone;  ///< kNone: not in the store when prepared
};

/// What Store::Prepare learnt about a record, for the Add* call that adds it.
/// `strings` has one key per string of the record, in this order:
///   actor:    platform, id, handle, name, bio, url, location, lang, avatar, infra...
///   post:     platform, id, actor, parent_platform, parent, in, text, lang, client, reaction,
///             urls..., hashtags..., mentions..., media...
///   relation: platform, from, to, type_name
/// `actors` are the record's actor references when the store already held
/// them (actor: itself; post: actor, in; relation: from, to), else kNone.
struct PreparedRecord {
  std::span<const StringKey> strings;
  ActorId actors[2] = {kNone, kNone};
};

/// Outcome of adding a record: duplicates are reported, never merged silently.
enum class AddResult { kAdded, kDuplicate };

class Store {
 public:
  Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  Store(Store&&) = default;
  Store& operator=(Store&&) = default;

  // ---- building (single-threaded) ----
  PlatformId Platform(std::string_view name);
  /// The actor with this platform-local id, created as a bare reference if new.
  ActorId ActorRef(PlatformId platform, std::string_view id);
  /// Fills an actor's profile. A second record for the same actor is kDuplicate.
  AddResult SetActor(const ActorRecord& record);
  /// Fills the fields of an actor's profile that are still unknown (empty
  /// string, kNoTime, kUnknownCount, verified -1, type still the default
  /// account), for adapters that see a profile snapshot on every row (a
  /// tweets file's user columns). kDuplicate when the actor already had a
  /// record: then only its unknown fields were filled; infra values are added.
  AddResult MergeActor(const ActorRecord& record);
  /// Adds a post; a second post with the same platform and id is kDuplicate.
  AddResult AddPost(const PostRecord& record);
  /// Appends the list values (urls, hashtags, mentions, media) of `lists` to
  /// an existing post, for tables that spread one post over several rows.
  void AddPostValues(PostId post, const PostRecord& lists);
  void AddRelation(const RelationRecord& record);
  /// Cache hints for a record about to be added (StringPool::Prefetch, same
  /// stages): a caller adding a batch hints a few records ahead so that the
  /// lookups of its strings and ids find them in the cache. Changes nothing.
  void Prefetch(const ActorRecord& record, int stage) const;
  void Prefetch(const PostRecord& record, int stage) const;
  void Prefetch(const RelationRecord& record, int stage) const;

  // ---- adding records prepared on other threads ----
  // Ingest's parse threads call Prepare (inside a Reading) on records while
  // the adding thread adds earlier ones with the Add* calls below, in input
  // order. The records, ids and strings are those of the plain Add* calls:
  // a prepared id is one the store already gave that string (ids never
  // change), and whatever Prepare did not find is interned here, in order.

  /// Held by a thread while it prepares records; the store does not grow its
  /// tables while any is held (GrowGate), so Prepare never sees them move.
  class Reading {
   public:
    explicit Reading(const Store& store) : gate_(*store.gate_) { gate_.Enter(); }
    ~Reading() { gate_.Leave(); }
    Reading(const Reading&) = delete;
    Reading& operator=(const Reading&) = delete;

   private:
    GrowGate& gate_;
  };
  /// Prepare's steps. A thread preparing many records runs each step on a
  /// batch of them before the next, so that the cache misses of one step
  /// overlap across the batch: a lookup is three misses in a row (the table
  /// slot, the id's entry, the bytes), then one for the actor's slot.
  enum class PrepareStep { kHash, kEntries, kBytes, kFind, kActors };
  static constexpr PrepareStep kPrepareSteps[] = {PrepareStep::kHash, PrepareStep::kEntries, PrepareStep::kBytes,
                                                  PrepareStep::kFind, PrepareStep::kActors};
  /// kHash appends the keys of the record's strings to `keys` (hashes, in
  /// PreparedRecord's order, ids kNone); the later steps fill the ids of
  /// keys[first ...] the store holds, then `actors`. Safe on any thread
  /// holding a Reading.
  void Prepare(const ActorRecord& record, PrepareStep step, std::vector<StringKey>& keys, size_t first,
               ActorId actors[2]) const;
  void Prepare(const PostRecord& record, PrepareStep step, std::vector<StringKey>& keys, size_t first,
               ActorId actors[2]) const;
  void Prepare(const RelationRecord& record, PrepareStep step, std::vector<StringKey>& keys, size_t first,
               ActorId actors[2]) const;
  /// Every step for one record.
  template <typename Record>
  void Prepare(const Record& record, std::vector<StringKey>& keys, ActorId actors[2]) const {
    const size_t first = keys.size();
    for (const PrepareStep step : kPrepareSteps) Prepare(record, step, keys, first, actors);
  }
  AddResult SetActor(const ActorRecord& record, const PreparedRecord& prepared);
  AddResult AddPost(const PostRecord& record, const PreparedRecord& prepared);
  void AddRelation(const RelationRecord& record, const PreparedRecord& prepared);
  /// Cache hints for a prepared record about to be added (stages as Prefetch):
  /// only what the adding thread will look up, the strings not found.
  void Prefetch(const PreparedRecord& prepared, int stage) const;

  /// For a caller that knows what share of an input it has read (ingest):
  /// StartInput when it begins; then, with ReserveAhead, columns about to
  /// grow get room for the whole input at the pace so far, so that they are
  /// copied (and their pages faulted in) about once instead of at every
  /// doubling, and the intern table grows to its expected size in one step.
  /// Changes no record; capacity never used costs address space, not memory.
  void StartInput();
  void ReserveAhead(double fraction_read);

  /// Resolves parent links and builds indexes. Call once, after the last Add.
  /// With threads > 1 the independent parts (list columns, parents and
  /// children, posts by actor) are built at the same time; same result.
  void Finalize(int threads = 1);
  /// Sets the derived text-family columns (one value per post each).
  void SetTextFamilies(std::vector<uint32_t> family, std::vector<uint32_t> variant);

  // ---- reading ----
  const ActorTable& actors() const { return actors_; }
  const PostTable& posts() const { return posts_; }
  const RelationTable& relations() const { return relations_; }
  const StringPool& strings() const { return strings_; }
  std::string_view Str(StrId id) const { return strings_.View(id); }
  std::string_view PlatformName(PlatformId id) const { return strings_.View(platform_names_[id]); }
  size_t PlatformCount() const { return platform_names_.size(); }
  /// kNone when unknown.
  ActorId FindActor(std::string_view platform, std::string_view id) const;
  PostId FindPost(std::string_view platform, std::string_view id) const;

  /// Posts of an actor, in time order (after Finalize).
  std::span<const PostId> PostsOf(ActorId actor) const { return Slice(posts_by_actor_, actor); }
  /// Engagements (comments, shares ...) whose parent is `post` (after Finalize).
  std::span<const PostId> ChildrenOf(PostId post) const { return Slice(children_, post); }
  /// Number of posts whose parent could not be found in the input.
  size_t UnresolvedParents() const { return unresolved_parents_; }
  size_t MemoryBytes() const;
  bool finalized() const { return finalized_; }

  // ---- saved scan state (snapshot.cpp) ----
  /// Writes every record column and the string pool (indexes and derived
  /// columns are rebuilt, not saved). The store must be finalised.
  void Save(BlobWriter& out) const;
  /// A saved store, reopened: ready for more Add calls, then Finalize().
  /// Every id is range-checked, so a damaged file is an error, not a crash.
  static Result<Store> Load(BlobReader& in);
  /// Makes a finalised store accept more records (then Finalize() again);
  /// the result equals a store that was given all records in one go.
  void Reopen();
  /// Posts the store held when it was last reopened (0 if never).
  size_t sealed_posts() const { return sealed_posts_; }
  /// True when list values were added to a post from before the reopening
  /// (its urls/hashtags changed, so signals must look at old posts again).
  bool sealed_posts_changed() const { return sealed_posts_changed_; }

 private:
  struct Index {
    std::vector<uint64_t> offsets;
    std::vector<uint32_t> items;
  };
  static std::span<const uint32_t> Slice(const Index& index, uint32_t row) {
    if (row + 1 >= index.offsets.size()) return {};
    return {index.items.data() + index.offsets[row], index.items.data() + index.offsets[row + 1]};
  }
  void PrefetchActor(uint32_t platform, std::string_view id, int stage) const;
  PlatformId PlatformOf(StrId name);
  ActorId ActorOf(PlatformId platform, StrId ext);
  template <typename Keys>
  AddResult SetActorWith(const ActorRecord& record, Keys& keys);
  template <typename Keys>
  AddResult AddPostWith(const PostRecord& record, Keys& keys);
  template <typename Keys>
  void AddRelationWith(const RelationRecord& record, Keys& keys);
  /// Grows the tables Prepare reads, if needed, so that a record of `strings`
  /// strings and `actors` actor references is added without moving them.
  void MakeRoom(size_t strings, size_t actors);
  size_t expected_strings_ = 0;  // at the pace of the input read (ReserveAhead)
  // Sizes when the input being read began (StartInput), for ReserveAhead.
  struct Sizes {
    size_t actors = 0, posts = 0, relations = 0, strings = 0;
    size_t lists[5] = {};  // infra, urls, hashtags, mentions, media
  };
  Sizes input_start_;
  template <typename Record>
  void PrepareRecord(const Record& record, PrepareStep step, std::vector<StringKey>& keys, size_t first,
                     ActorId actors[2]) const;
  uint32_t FindPlatformShared(StrId name) const;
  /// The platform's id, kNone when not seen yet (no insertion).
  uint32_t FindPlatform(std::string_view name) const;
  void BuildPostsByActor();
  void BuildChildren();
  void ResolveParents();

  StringPool strings_;
  std::unique_ptr<GrowGate> gate_ = std::make_unique<GrowGate>();
  std::vector<StrId> platform_names_;
  FlatMap64 platform_index_;
  FlatMap64 actor_index_;  // (platform, ext id) -> ActorId
  FlatMap64 post_index_;   // (platform, ext id) -> PostId
  ActorTable actors_;
  PostTable posts_;
  RelationTable relations_;
  Index posts_by_actor_;
  Index children_;
  size_t unresolved_parents_ = 0;
  bool finalized_ = false;
  size_t sealed_posts_ = 0;
  bool sealed_posts_changed_ = false;
};

}  // namespace unmask
