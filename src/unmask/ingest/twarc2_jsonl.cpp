#include "unmask/ingest/twarc2_jsonl.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <charconv>
#include <string>
#include <unordered_set>

#include "unmask/core/hash.hpp"
#include "unmask/ingest/text_entities.hpp"
#include "unmask/ingest/values.hpp"

namespace unmask {
namespace {

// The items of a JSON array element, as a named value (iterating the result
// of get_array() directly would bind to a temporary).
simdjson::dom::array Items(const simdjson::dom::element& e) {
  simdjson::dom::array items;
  const simdjson::error_code error = e.get_array().get(items);  // callers checked the type
  (void)error;
  return items;
}

using simdjson::dom::element;
using simdjson::dom::element_type;

constexpr std::string_view kPlatform = "x";

std::string_view Str(const element& object, std::string_view key) {
  element e;
  if (object.type() != element_type::OBJECT || object.at_key(key).get(e) || e.type() != element_type::STRING) return {};
  return e.get_string().value_unsafe();
}

bool Get(const element& object, std::string_view key, element& out) {
  return object.type() == element_type::OBJECT && !object.at_key(key).get(out);
}

int64_t Count(const element& object, std::string_view key) {
  element e;
  if (!Get(object, key, e)) return kUnknownCount;
  if (e.type() == element_type::INT64 && e.get_int64().value_unsafe() >= 0) return e.get_int64().value_unsafe();
  if (e.type() == element_type::UINT64) return kUnknownCount;
  return kUnknownCount;
}

class Twarc2Reader {
 public:
  explicit Twarc2Reader(ReadContext& context) : context_(context) {}

  void Read() {
    LineSource& source = context_.source;
    FileSummary& summary = context_.summary;
    std::string_view line;
    while (source.Next(line)) {
      ++summary.records;
      if (Trim(line).empty()) {
        ++summary.blank;
        continue;
      }
      category_ = {};
      reason_.clear();
      const int outcome = Line(line);
      if (outcome > 0) {
        ++summary.used;
      } else if (outcome < 0) {
        ++summary.quarantined;
        context_.quarantine.Add(source.path(), source.line_number(), line, category_, reason_);
      }
      if ((summary.records & 63) == 0) context_.ReportProgress();
    }
    summary.lines = source.line_number();
    context_.ReportProgress();
    if (!source.error().empty()) summary.error = source.error();
  }

 private:
  int Bad(std::string_view category, std::string reason) {
    category_ = category;
    reason_ = std::move(reason);
    return -1;
  }

  // 1 used, 0 skipped, -1 bad.
  int Line(std::string_view line) {
    buffer_.assign(line.data(), line.size());
    buffer_.append(simdjson::SIMDJSON_PADDING, '\0');
    element doc;
    if (const auto error = parser_.parse(buffer_.data(), line.size(), false).get(doc)) {
      return Bad(bad_line::kInvalidJson, fmt::format("invalid JSON: {}", simdjson::error_message(error)));
    }
    if (doc.type() != element_type::OBJECT) return Bad(bad_line::kInvalidJson, "invalid JSON: expected an object");
    element data;
    if (Get(doc, "data", data)) return Page(doc, data);
    if (!Str(doc, "id").empty() && Get(doc, "text", data)) return Flat(doc);
    element errors;
    if (Get(doc, "errors", errors)) {
      context_.Skip("API error response (no tweets)");
      return 0;
    }
    return Bad(bad_line::kMissingField,
               "neither an API response (\"data\") nor a tweet (\"id\" and \"text\"): not twarc2 output");
  }

  // An API response: tweets in data (an array, or one object), authors and
  // referenced tweets in includes.
  int Page(const element& doc, const element& data) {
    element includes, list;
    if (Get(doc, "includes", includes)) {
      if (Get(includes, "users", list) && list.type() == element_type::ARRAY) {
        for (const element user : Items(list)) User(user);
      }
    }
    std::vector<element> tweets;
    if (data.type() == element_type::ARRAY) {
      for (const element t : Items(data)) tweets.push_back(t);
    } else if (data.type() == element_type::OBJECT) {
      tweets.push_back(data);
    } else {
      return Bad(bad_line::kWrongType, "\"data\" is neither an array nor an object");
    }
    // Check every tweet before adding any, so that a bad line adds nothing.
    for (size_t i = 0; i < tweets.size(); ++i) {
      if (!Check(tweets[i], fmt::format("data[{}]", i))) return -1;
    }
    for (const element& t : tweets) Tweet(t, false);
    if (Get(doc, "includes", includes) && Get(includes, "tweets", list) && list.type() == element_type::ARRAY) {
      for (const element t : Items(list)) {
        if (Check(t, "")) Tweet(t, true);
      }
    }
    return 1;
  }

  // A flattened tweet: author and referenced tweets inline.
  int Flat(const element& tweet) {
    if (!Check(tweet, "the tweet")) return -1;
    element author, refs;
    if (Get(tweet, "author", author)) User(author);
    Tweet(tweet, false);
    if (Get(tweet, "referenced_tweets", refs) && refs.type() == element_type::ARRAY) {
      for (const element ref : Items(refs)) {
        if (Str(ref, "author_id").empty() || Str(ref, "created_at").empty()) continue;  // not expanded
        if (Get(ref, "author", author)) User(author);
        Tweet(ref, true);
      }
    }
    return 1;
  }

  bool Check(const element& t, std::string_view where) {
    const auto missing = [&](std::string_view field) {
      Bad(bad_line::kMissingField, fmt::format("{}: missing \"{}\"", where, field));
      return false;
    };
    if (t.type() != element_type::OBJECT) {
      Bad(bad_line::kWrongType, fmt::format("{}: a tweet must be an object", where));
      return false;
    }
    if (Str(t, "id").empty()) return missing("id");
    if (Str(t, "author_id").empty()) return missing("author_id");
    const std::string_view created = Str(t, "created_at");
    if (created.empty()) return missing("created_at");
    if (!ParseTime(created, TimeFormat{})) {
      Bad(bad_line::kBadTimestamp, fmt::format("{}: \"created_at\" is not a time: {}", where, Snippet(created)));
      return false;
    }
    return true;
  }

  void Tweet(const element& t, bool referenced) {
    PostRecord post;
    post.platform = kPlatform;
    post.id = Str(t, "id");
    post.actor = Str(t, "author_id");
    post.time = *ParseTime(Str(t, "created_at"), TimeFormat{});
    post.text = Str(t, "text");
    post.lang = Str(t, "lang");
    post.client = Str(t, "source");
    element refs, e;
    if (Get(t, "referenced_tweets", refs) && refs.type() == element_type::ARRAY) {
      // A retweet is a share; a quote that also replies counts as a quote.
      int best = 0;
      for (const element ref : Items(refs)) {
        const std::string_view type = Str(ref, "type");
        const int rank = type == "retweeted" ? 3 : type == "quoted" ? 2 : type == "replied_to" ? 1 : 0;
        if (rank > best && !Str(ref, "id").empty()) {
          best = rank;
          post.parent = Str(ref, "id");
          post.type = rank == 3 ? PostType::kShare : rank == 2 ? PostType::kQuote : PostType::kReply;
        }
      }
    }
    bool urls = false, tags = false, mentions = false;
    element entities, list;
    if (Get(t, "entities", entities)) {
      if (Get(entities, "urls", list) && list.type() == element_type::ARRAY) {
        urls = true;
        for (const element u : Items(list)) {
          std::string_view url = Str(u, "unwound_url");
          if (url.empty()) url = Str(u, "expanded_url");
          if (url.empty()) url = Str(u, "url");
          if (!url.empty()) post.urls.push_back(url);
        }
      }
      if (Get(entities, "hashtags", list) && list.type() == element_type::ARRAY) {
        tags = true;
        for (const element h : Items(list)) {
          if (!Str(h, "tag").empty()) post.hashtags.push_back(Str(h, "tag"));
        }
      }
      if (Get(entities, "mentions", list) && list.type() == element_type::ARRAY) {
        mentions = true;
        for (const element m : Items(list)) {
          if (!Str(m, "username").empty()) post.mentions.push_back(Str(m, "username"));
        }
      }
    }
    if (!post.text.empty() && (!urls || !tags || !mentions)) {
      ExtractEntities(post.text, urls ? nullptr : &post.urls, tags ? nullptr : &post.hashtags,
                      mentions ? nullptr : &post.mentions);
    }
    if (Get(t, "attachments", e) && Get(e, "media_keys", list) && list.type() == element_type::ARRAY) {
      for (const element key : Items(list)) {
        if (key.type() == element_type::STRING) post.media.push_back(key.get_string().value_unsafe());
      }
    }
    const uint64_t key = HashBytes(post.id);
    if (context_.store.AddPost(post) == AddResult::kDuplicate) {
      // Overlapping searches repeat tweets, and includes repeat referenced
      // tweets on every page: the first copy stands.
      if (!referenced && !from_includes_.count(key)) context_.Note("tweets repeated in the collection (first copy kept)");
      return;
    }
    ++context_.summary.posts;
    if (referenced) from_includes_.insert(key);
  }

  void User(const element& u) {
    if (u.type() != element_type::OBJECT || Str(u, "id").empty()) return;
    ActorRecord actor;
    actor.platform = kPlatform;
    actor.id = Str(u, "id");
    actor.handle = Str(u, "username");
    actor.name = Str(u, "name");
    actor.bio = Str(u, "description");
    actor.location = Str(u, "location");
    actor.url = Str(u, "url");
    const std::string_view image = Str(u, "profile_image_url");
    // Default pictures are shared by every new account: no signal.
    if (image.find("default_profile") == std::string_view::npos) actor.avatar = image;
    if (const auto created = ParseTime(Str(u, "created_at"), TimeFormat{})) actor.created = *created;
    element e, metrics;
    if (Get(u, "verified", e) && e.type() == element_type::BOOL) actor.verified = e.get_bool().value_unsafe() ? 1 : 0;
    if (Get(u, "public_metrics", metrics)) {
      actor.followers = Count(metrics, "followers_count");
      actor.following = Count(metrics, "following_count");
    }
    if (context_.store.MergeActor(actor) == AddResult::kAdded) ++context_.summary.actors;
  }

  ReadContext& context_;
  simdjson::dom::parser parser_;
  std::string buffer_;
  std::unordered_set<uint64_t> from_includes_;
  std::string_view category_;
  std::string reason_;
};

class Twarc2Jsonl final : public Format {
 public:
  std::string_view name() const override { return "twarc2-jsonl"; }
  std::string_view description() const override {
    return "Twitter API v2 JSON Lines from twarc2 (API responses or flattened tweets)";
  }

  int Sniff(std::string_view /*path*/, std::string_view head) const override {
    const size_t start = head.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos || head[start] != '{') return 0;
    const std::string_view first = head.substr(start, head.find('\n', start) - start);
    const auto has = [&](std::string_view key) { return first.find(key) != std::string_view::npos; };
    if (has("\"data\"") && (has("\"includes\"") || has("\"meta\"") || has("\"__twarc\"") || has("\"author_id\""))) {
      return 95;
    }
    if (has("\"author_id\"") && has("\"created_at\"") && has("\"text\"") &&
        (has("\"__twarc\"") || has("\"edit_history_tweet_ids\"") || has("\"public_metrics\"") ||
         has("\"conversation_id\""))) {
      return 95;
    }
    return 0;
  }

  void Read(ReadContext& context) const override { Twarc2Reader(context).Read(); }
};

}  // namespace

const Format& Twarc2JsonlFormat() {
  static const Twarc2Jsonl kFormat;
  return kFormat;
}

}  // namespace unmask
