// Saving and loading a store for incremental scans (see docs/performance.md
// §incremental). Only record columns are saved; indexes, parent links and
// text families are rebuilt by Finalize() and the text step.
#include <fmt/format.h>

#include "unmask/core/hash.hpp"
#include "unmask/store/blob_file.hpp"
#include "unmask/store/store.hpp"

namespace unmask {
namespace {

std::string Join(std::string_view prefix, std::string_view field) { return fmt::format("{}.{}", prefix, field); }

// Every value below `limit` (or kNone when allowed): ids index other tables.
template <typename T>
Status CheckBelow(const BlobReader& in, std::string_view name, const std::vector<T>& values, uint64_t limit,
                  bool none_ok = false) {
  for (size_t i = 0; i < values.size(); ++i) {
    const auto v = static_cast<uint64_t>(values[i]);
    if (v < limit || (none_ok && v == kNone)) continue;
    return in.Error(name, fmt::format("row {} holds {}, outside 0..{} (damaged)", i, v, limit));
  }
  return {};
}

template <typename T>
Status CheckSize(const BlobReader& in, std::string_view name, const std::vector<T>& values, size_t rows) {
  if (values.size() == rows) return {};
  return in.Error(name, fmt::format("has {} rows, its table {} (damaged)", values.size(), rows));
}

}  // namespace

void ListColumn::Save(BlobWriter& out, std::string_view name) const {
  out.Put(Join(name, "offsets"), offsets_);
  out.Put(Join(name, "values"), values_);
}

Status ListColumn::Load(BlobReader& in, std::string_view name) {
  UNMASK_RETURN_IF_ERROR(in.Get(Join(name, "offsets"), offsets_));
  UNMASK_RETURN_IF_ERROR(in.Get(Join(name, "values"), values_));
  uint64_t previous = 0;
  for (uint64_t offset : offsets_) {
    if (offset < previous || offset > values_.size()) {
      return in.Error(Join(name, "offsets"), "are not increasing within the values (damaged)");
    }
    previous = offset;
  }
  if (!offsets_.empty() && (offsets_.front() != 0 || offsets_.back() != values_.size())) {
    return in.Error(Join(name, "offsets"), "do not span the values (damaged)");
  }
  return {};
}

void ListColumn::Reopen() {
  // Back to pending entries in row order: each row's values keep their order
  // and come before any value added later, as if all were added in one go.
  pending_.reserve(values_.size());
  for (uint32_t row = 0; row + 1 < offsets_.size(); ++row) {
    for (uint64_t i = offsets_[row]; i < offsets_[row + 1]; ++i) pending_.push_back({row, values_[i]});
  }
  std::vector<uint64_t>().swap(offsets_);
  std::vector<StrId>().swap(values_);
}

void Store::Reopen() {
  actors_.infra.Reopen();
  for (ListColumn* column : {&posts_.urls, &posts_.hashtags, &posts_.mentions, &posts_.media}) column->Reopen();
  std::fill(posts_.parent.begin(), posts_.parent.end(), kNone);
  std::vector<uint32_t>().swap(posts_.text_family);
  std::vector<uint32_t>().swap(posts_.text_variant);
  posts_by_actor_ = {};
  children_ = {};
  unresolved_parents_ = 0;
  finalized_ = false;
  sealed_posts_ = posts_.size();
  sealed_posts_changed_ = false;
}

void Store::Save(BlobWriter& out) const {
  // The pool: lengths, then all bytes in id order.
  std::vector<uint32_t> lengths;
  lengths.reserve(strings_.size());
  uint64_t total = 0;
  for (StrId id = 1; id < strings_.size(); ++id) {
    lengths.push_back(static_cast<uint32_t>(strings_.View(id).size()));
    total += lengths.back();
  }
  out.Put("strings.lengths", lengths);
  out.Begin("strings.bytes", 1, total);
  for (StrId id = 1; id < strings_.size(); ++id) {
    const std::string_view s = strings_.View(id);
    out.Append(s.data(), s.size());
  }
  out.End();
  out.Put("platforms", platform_names_);

  const ActorTable& a = actors_;
  out.Put("actors.platform", a.platform);
  out.Put("actors.type", a.type);
  out.Put("actors.ext_id", a.ext_id);
  out.Put("actors.handle", a.handle);
  out.Put("actors.name", a.name);
  out.Put("actors.bio", a.bio);
  out.Put("actors.url", a.url);
  out.Put("actors.location", a.location);
  out.Put("actors.lang", a.lang);
  out.Put("actors.avatar", a.avatar);
  out.Put("actors.created", a.created);
  out.Put("actors.followers", a.followers);
  out.Put("actors.following", a.following);
  out.Put("actors.verified", a.verified);
  out.Put("actors.has_record", a.has_record);
  a.infra.Save(out, "actors.infra");

  const PostTable& p = posts_;
  out.Put("posts.platform", p.platform);
  out.Put("posts.ext_id", p.ext_id);
  out.Put("posts.actor", p.actor);
  out.Put("posts.time", p.time);
  out.Put("posts.type", p.type);
  out.Put("posts.parent_platform", p.parent_platform);
  out.Put("posts.parent_ext", p.parent_ext);
  out.Put("posts.in", p.in);
  out.Put("posts.text", p.text);
  out.Put("posts.lang", p.lang);
  out.Put("posts.client", p.client);
  out.Put("posts.reaction", p.reaction);
  p.urls.Save(out, "posts.urls");
  p.hashtags.Save(out, "posts.hashtags");
  p.mentions.Save(out, "posts.mentions");
  p.media.Save(out, "posts.media");

  const RelationTable& r = relations_;
  out.Put("relations.platform", r.platform);
  out.Put("relations.from", r.from);
  out.Put("relations.to", r.to);
  out.Put("relations.type", r.type);
  out.Put("relations.type_name", r.type_name);
  out.Put("relations.time", r.time);
}

namespace {

Status LoadStrings(BlobReader& in, StringPool& pool) {
  std::vector<uint32_t> lengths;
  std::vector<char> bytes;
  UNMASK_RETURN_IF_ERROR(in.Get("strings.lengths", lengths));
  UNMASK_RETURN_IF_ERROR(in.Get("strings.bytes", bytes));
  uint64_t total = 0;
  for (uint32_t n : lengths) total += n;
  if (total != bytes.size()) return in.Error("strings.lengths", "do not add up to the string bytes (damaged)");
  uint64_t at = 0;
  for (size_t i = 0; i < lengths.size(); ++i) {
    const std::string_view s(bytes.data() + at, lengths[i]);
    at += lengths[i];
    // Saved strings are distinct and non-empty, so they get their old ids back.
    if (s.empty() || pool.Intern(s) != i + 1) {
      return in.Error("strings.bytes", fmt::format("string {} is empty or repeated (damaged)", i + 1));
    }
  }
  return {};
}

Status CheckStrings(const BlobReader& in, std::string_view name, const std::vector<StrId>& ids, size_t pool) {
  return CheckBelow(in, name, ids, pool);
}

}  // namespace

Result<Store> Store::Load(BlobReader& in) {
  Store store;
  UNMASK_RETURN_IF_ERROR(LoadStrings(in, store.strings_));
  const size_t pool = store.strings_.size();
  UNMASK_RETURN_IF_ERROR(in.Get("platforms", store.platform_names_));
  UNMASK_RETURN_IF_ERROR(CheckStrings(in, "platforms", store.platform_names_, pool));
  if (store.platform_names_.size() >= kNoPlatform) return in.Error("platforms", "are too many (damaged)");
  const size_t platforms = store.platform_names_.size();

  ActorTable& a = store.actors_;
  UNMASK_RETURN_IF_ERROR(in.Get("actors.platform", a.platform));
  const size_t actors = a.platform.size();
  UNMASK_RETURN_IF_ERROR(CheckBelow(in, "actors.platform", a.platform, platforms));
  UNMASK_RETURN_IF_ERROR(in.Get("actors.type", a.type));
  UNMASK_RETURN_IF_ERROR(CheckSize(in, "actors.type", a.type, actors));
  UNMASK_RETURN_IF_ERROR(CheckBelow(in, "actors.type", a.type, kActorTypeCount));
  const std::pair<const char*, std::vector<StrId>*> actor_strings[] = {
      {"actors.ext_id", &a.ext_id}, {"actors.handle", &a.handle},     {"actors.name", &a.name},
      {"actors.bio", &a.bio},       {"actors.url", &a.url},           {"actors.location", &a.location},
      {"actors.lang", &a.lang},     {"actors.avatar", &a.avatar}};
  for (const auto& [name, column] : actor_strings) {
    UNMASK_RETURN_IF_ERROR(in.Get(name, *column));
    UNMASK_RETURN_IF_ERROR(CheckSize(in, name, *column, actors));
    UNMASK_RETURN_IF_ERROR(CheckStrings(in, name, *column, pool));
  }
  UNMASK_RETURN_IF_ERROR(in.Get("actors.created", a.created));
  UNMASK_RETURN_IF_ERROR(CheckSize(in, "actors.created", a.created, actors));
  UNMASK_RETURN_IF_ERROR(in.Get("actors.followers", a.followers));
  UNMASK_RETURN_IF_ERROR(CheckSize(in, "actors.followers", a.followers, actors));
  UNMASK_RETURN_IF_ERROR(in.Get("actors.following", a.following));
  UNMASK_RETURN_IF_ERROR(CheckSize(in, "actors.following", a.following, actors));
  UNMASK_RETURN_IF_ERROR(in.Get("actors.verified", a.verified));
  UNMASK_RETURN_IF_ERROR(CheckSize(in, "actors.verified", a.verified, actors));
  UNMASK_RETURN_IF_ERROR(in.Get("actors.has_record", a.has_record));
  UNMASK_RETURN_IF_ERROR(CheckSize(in, "actors.has_record", a.has_record, actors));
  UNMASK_RETURN_IF_ERROR(a.infra.Load(in, "actors.infra"));

  PostTable& p = store.posts_;
  UNMASK_RETURN_IF_ERROR(in.Get("posts.platform", p.platform));
  const size_t posts = p.platform.size();
  UNMASK_RETURN_IF_ERROR(CheckBelow(in, "posts.platform", p.platform, platforms));
  UNMASK_RETURN_IF_ERROR(in.Get("posts.ext_id", p.ext_id));
  UNMASK_RETURN_IF_ERROR(CheckSize(in, "posts.ext_id", p.ext_id, posts));
  UNMASK_RETURN_IF_ERROR(CheckStrings(in, "posts.ext_id", p.ext_id, pool));
  UNMASK_RETURN_IF_ERROR(in.Get("posts.actor", p.actor));
  UNMASK_RETURN_IF_ERROR(CheckSize(in, "posts.actor", p.actor, posts));
  UNMASK_RETURN_IF_ERROR(CheckBelow(in, "posts.actor", p.actor, actors));
  UNMASK_RETURN_IF_ERROR(in.Get("posts.time", p.time));
  UNMASK_RETURN_IF_ERROR(CheckSize(in, "posts.time", p.time, posts));
  UNMASK_RETURN_IF_ERROR(in.Get("posts.type", p.type));
  UNMASK_RETURN_IF_ERROR(CheckSize(in, "posts.type", p.type, posts));
  UNMASK_RETURN_IF_ERROR(CheckBelow(in, "posts.type", p.type, kPostTypeCount));
  UNMASK_RETURN_IF_ERROR(in.Get("posts.parent_platform", p.parent_platform));
  UNMASK_RETURN_IF_ERROR(CheckSize(in, "posts.parent_platform", p.parent_platform, posts));
  UNMASK_RETURN_IF_ERROR(CheckBelow(in, "posts.parent_platform", p.parent_platform, platforms));
  const std::pair<const char*, std::vector<StrId>*> post_strings[] = {
      {"posts.parent_ext", &p.parent_ext}, {"posts.in", &p.in},         {"posts.text", &p.text},
      {"posts.lang", &p.lang},             {"posts.client", &p.client}, {"posts.reaction", &p.reaction}};
  for (const auto& [name, column] : post_strings) {
    UNMASK_RETURN_IF_ERROR(in.Get(name, *column));
    UNMASK_RETURN_IF_ERROR(CheckSize(in, name, *column, posts));
    if (column == &p.in) {
      UNMASK_RETURN_IF_ERROR(CheckBelow(in, name, *column, actors, true));
    } else {
      UNMASK_RETURN_IF_ERROR(CheckStrings(in, name, *column, pool));
    }
  }
  p.parent.assign(posts, kNone);
  UNMASK_RETURN_IF_ERROR(p.urls.Load(in, "posts.urls"));
  UNMASK_RETURN_IF_ERROR(p.hashtags.Load(in, "posts.hashtags"));
  UNMASK_RETURN_IF_ERROR(p.mentions.Load(in, "posts.mentions"));
  UNMASK_RETURN_IF_ERROR(p.media.Load(in, "posts.media"));

  RelationTable& r = store.relations_;
  UNMASK_RETURN_IF_ERROR(in.Get("relations.platform", r.platform));
  const size_t relations = r.platform.size();
  UNMASK_RETURN_IF_ERROR(CheckBelow(in, "relations.platform", r.platform, platforms));
  for (const auto& [name, column] : {std::pair{"relations.from", &r.from}, std::pair{"relations.to", &r.to}}) {
    UNMASK_RETURN_IF_ERROR(in.Get(name, *column));
    UNMASK_RETURN_IF_ERROR(CheckSize(in, name, *column, relations));
    UNMASK_RETURN_IF_ERROR(CheckBelow(in, name, *column, actors));
  }
  UNMASK_RETURN_IF_ERROR(in.Get("relations.type", r.type));
  UNMASK_RETURN_IF_ERROR(CheckSize(in, "relations.type", r.type, relations));
  UNMASK_RETURN_IF_ERROR(CheckBelow(in, "relations.type", r.type, static_cast<int>(RelationType::kOther) + 1));
  UNMASK_RETURN_IF_ERROR(in.Get("relations.type_name", r.type_name));
  UNMASK_RETURN_IF_ERROR(CheckSize(in, "relations.type_name", r.type_name, relations));
  UNMASK_RETURN_IF_ERROR(CheckStrings(in, "relations.type_name", r.type_name, pool));
  UNMASK_RETURN_IF_ERROR(in.Get("relations.time", r.time));
  UNMASK_RETURN_IF_ERROR(CheckSize(in, "relations.time", r.time, relations));

  // List columns must have one row per actor / post (the last rows may be empty).
  for (const auto& [name, column, rows] :
       {std::tuple{"actors.infra", &a.infra, actors}, std::tuple{"posts.urls", &p.urls, posts},
        std::tuple{"posts.hashtags", &p.hashtags, posts}, std::tuple{"posts.mentions", &p.mentions, posts},
        std::tuple{"posts.media", &p.media, posts}}) {
    for (uint32_t row = 0; row < rows; ++row) {
      for (StrId v : column->Row(row)) {
        if (v >= pool) return in.Error(name, fmt::format("row {} holds string {}, outside the pool (damaged)", row, v));
      }
    }
    if (column->RowCount() > rows) return in.Error(name, "has more rows than its table (damaged)");
  }

  // Indexes: every key once, or the file is not a store this code wrote.
  for (PlatformId i = 0; i < platforms; ++i) {
    if (store.platform_index_.Insert(store.platform_names_[i], i) != i) return in.Error("platforms", "repeat a name (damaged)");
  }
  for (ActorId i = 0; i < actors; ++i) {
    if (store.actor_index_.Insert(PackKey(a.platform[i], a.ext_id[i]), i) != i) {
      return in.Error("actors.ext_id", fmt::format("actor {} repeats an id (damaged)", i));
    }
  }
  for (PostId i = 0; i < posts; ++i) {
    if (store.post_index_.Insert(PackKey(p.platform[i], p.ext_id[i]), i) != i) {
      return in.Error("posts.ext_id", fmt::format("post {} repeats an id (damaged)", i));
    }
  }
  store.finalized_ = true;
  store.Reopen();
  return store;
}

}  // namespace unmask
