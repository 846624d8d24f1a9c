#include "unmask/ingest/activity_jsonl.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <charconv>
#include <cstring>

#include "unmask/core/time.hpp"
#include "unmask/ingest/activity_jsonl_parallel.hpp"
#include "unmask/ingest/text_entities.hpp"

namespace unmask {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

enum Field : uint8_t {
  kKind, kPlatform, kId, kType, kHandle, kName, kBio, kUrl, kLocation, kLang, kAvatar, kCreated, kFollowers,
  kFollowing, kVerified, kInfra, kActor, kTime, kParent, kParentPlatform, kIn, kText, kUrls, kHashtags, kMentions,
  kMedia, kClient, kReaction, kFrom, kTo, kFieldCount, kUnknownField = 0xff,
};
static_assert(kFieldCount <= 32, "present-field mask is 32 bits");

constexpr std::string_view kFieldNames[kFieldCount] = {
    "kind",     "platform",  "id",        "type",     "handle",          "name",   "bio",   "url",
    "location", "lang",      "avatar",    "created",  "followers",       "following", "verified", "infra",
    "actor",    "time",      "parent",    "parent_platform", "in",       "text",   "urls",  "hashtags",
    "mentions", "media",     "client",    "reaction", "from",            "to",
};

// The field a key names, by length then content (no hashing, no allocation).
Field FieldOf(std::string_view key) {
  const auto is = [&](Field f) { return key == kFieldNames[f]; };
  switch (key.size()) {
    case 2:
      if (is(kId)) return kId;
      if (is(kIn)) return kIn;
      if (is(kTo)) return kTo;
      break;
    case 3:
      if (is(kBio)) return kBio;
      if (is(kUrl)) return kUrl;
      break;
    case 4:
      switch (key[0]) {
        case 'k': if (is(kKind)) return kKind; break;
        case 't':
          if (is(kType)) return kType;
          if (is(kTime)) return kTime;
          if (is(kText)) return kText;
          break;
        case 'n': if (is(kName)) return kName; break;
        case 'l': if (is(kLang)) return kLang; break;
        case 'u': if (is(kUrls)) return kUrls; break;
        case 'f': if (is(kFrom)) return kFrom; break;
        default: break;
      }
      break;
    case 5:
      if (is(kActor)) return kActor;
      if (is(kInfra)) return kInfra;
      if (is(kMedia)) return kMedia;
      break;
    case 6:
      if (is(kParent)) return kParent;
      if (is(kHandle)) return kHandle;
      if (is(kAvatar)) return kAvatar;
      if (is(kClient)) return kClient;
      break;
    case 7:
      if (is(kCreated)) return kCreated;
      break;
    case 8:
      switch (key[0]) {
        case 'p': if (is(kPlatform)) return kPlatform; break;
        case 'l': if (is(kLocation)) return kLocation; break;
        case 'v': if (is(kVerified)) return kVerified; break;
        case 'h': if (is(kHashtags)) return kHashtags; break;
        case 'm': if (is(kMentions)) return kMentions; break;
        case 'r': if (is(kReaction)) return kReaction; break;
        default: break;
      }
      break;
    case 9:
      if (is(kFollowers)) return kFollowers;
      if (is(kFollowing)) return kFollowing;
      break;
    case 15:
      if (is(kParentPlatform)) return kParentPlatform;
      break;
    default:
      break;
  }
  return kUnknownField;
}

bool IsBlank(std::string_view line) {
  for (const char c : line) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') return false;
  }
  return true;
}

std::string_view JsonErrorText(simdjson::error_code error) {
  switch (error) {
    case simdjson::UTF8_ERROR: return "not valid UTF-8";
    case simdjson::UNCLOSED_STRING: return "a string is not closed";
    case simdjson::STRING_ERROR:
    case simdjson::UNESCAPED_CHARS: return "bad string (bad escape or unescaped control character)";
    case simdjson::NUMBER_ERROR: return "bad number (or an integer beyond 64 bits)";
    case simdjson::NUMBER_OUT_OF_RANGE: return "number out of range";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "bad literal (expected true, false or null)";
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
    case simdjson::TRAILING_CONTENT: return "malformed (missing or extra comma, colon, brace, bracket or quote)";
    case simdjson::DEPTH_ERROR: return "nested too deeply";
    case simdjson::CAPACITY: return "line too long for the JSON parser";
    default: return simdjson::error_message(error);
  }
}

// A short, printable rendering of a string value for messages.
void AppendSnippet(std::string& out, std::string_view s) {
  constexpr size_t kMax = 60;
  out += '"';
  size_t end = std::min(s.size(), kMax);
  while (end < s.size() && end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;  // whole UTF-8
  for (size_t i = 0; i < end; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  if (end < s.size()) out += "...";
}

std::string Describe(const element& e) {
  std::string out;
  switch (e.type()) {
    case element_type::STRING: AppendSnippet(out, e.get_string().value_unsafe()); break;
    case element_type::INT64: out = fmt::format("{}", e.get_int64().value_unsafe()); break;
    case element_type::UINT64: out = fmt::format("{}", e.get_uint64().value_unsafe()); break;
    case element_type::DOUBLE: out = fmt::format("{}", e.get_double().value_unsafe()); break;
    case element_type::BOOL: out = e.get_bool().value_unsafe() ? "true" : "false"; break;
    case element_type::NULL_VALUE: out = "null"; break;
    case element_type::ARRAY: out = "an array"; break;
    case element_type::OBJECT: out = "an object"; break;
  }
  return out;
}

// Integers beyond this are almost surely milliseconds (year 5138 in seconds).
constexpr int64_t kMaxEpochSeconds = 100'000'000'000;

bool LowerAscii(std::string_view in, char* buffer, size_t capacity, std::string_view& out) {
  bool upper = false;
  for (const char c : in) upper = upper || (c >= 'A' && c <= 'Z');
  if (!upper || in.size() > capacity) {
    out = in;
    return false;
  }
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    buffer[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  out = std::string_view(buffer, in.size());
  return true;
}

template <typename Record>
void ClearRecord(Record& r);

template <>
void ClearRecord(ActorRecord& r) {
  auto infra = std::move(r.infra);
  r = ActorRecord{};
  infra.clear();
  r.infra = std::move(infra);
}

template <>
void ClearRecord(PostRecord& r) {
  auto urls = std::move(r.urls), hashtags = std::move(r.hashtags), mentions = std::move(r.mentions),
       media = std::move(r.media);
  r = PostRecord{};
  for (auto* v : {&urls, &hashtags, &mentions, &media}) v->clear();
  r.urls = std::move(urls);
  r.hashtags = std::move(hashtags);
  r.mentions = std::move(mentions);
  r.media = std::move(media);
}

}  // namespace

struct ActivityJsonlParser::Impl {
  simdjson::dom::parser json;
  std::unique_ptr<char[]> buffer;  // the line plus simdjson's padding
  size_t capacity = 0;
  element slots[kFieldCount];
  uint32_t present = 0;
  char id_text[kFieldCount][24];  // decimal text of integer ids
  char platform_text[2][64];      // lower-cased platform names
  ActorRecord actor;
  PostRecord post;
  RelationRecord relation;
  std::string_view category;
  std::string reason;

  bool Has(Field f) const { return (present >> f) & 1u; }

  bool Fail(std::string_view why, std::string message) {
    category = why;
    reason = std::move(message);
    return false;
  }
  bool Missing(Field f, std::string_view required_for) {
    return Fail(bad_line::kMissingField, fmt::format("missing field \"{}\" (required for {})", kFieldNames[f],
                                                     required_for));
  }
  bool WrongType(Field f, std::string_view expected, const element& got) {
    return Fail(bad_line::kWrongType,
                fmt::format("field \"{}\": expected {}, got {}", kFieldNames[f], expected, Describe(got)));
  }
  bool BadValue(Field f, std::string_view what) {
    return Fail(bad_line::kBadValue, fmt::format("field \"{}\": {}", kFieldNames[f], what));
  }

  bool String(Field f, std::string_view& out) {
    if (!Has(f)) return true;
    if (slots[f].type() != element_type::STRING) return WrongType(f, "a string", slots[f]);
    out = slots[f].get_string().value_unsafe();
    return true;
  }

  // A required, non-empty string (platform, relation type).
  bool RequiredString(Field f, std::string_view& out, std::string_view required_for) {
    if (!Has(f)) return Missing(f, required_for);
    if (!String(f, out)) return false;
    if (out.empty()) return BadValue(f, "must not be empty");
    return true;
  }

  bool Platform(Field f, std::string_view& out, bool required, std::string_view required_for) {
    if (required ? !RequiredString(f, out, required_for) : !String(f, out)) return false;
    // The spec names platforms in lower case; "Facebook" is the same platform.
    LowerAscii(out, platform_text[f == kPlatform ? 0 : 1], sizeof platform_text[0], out);
    return true;
  }

  // An id: a string, or an integer taken as its decimal text.
  bool Id(Field f, std::string_view& out, bool required, std::string_view required_for) {
    if (!Has(f)) return !required || Missing(f, required_for);
    const element& e = slots[f];
    switch (e.type()) {
      case element_type::STRING: out = e.get_string().value_unsafe(); break;
      case element_type::INT64: {
        const auto r = std::to_chars(id_text[f], id_text[f] + sizeof id_text[f], e.get_int64().value_unsafe());
        out = std::string_view(id_text[f], static_cast<size_t>(r.ptr - id_text[f]));
        break;
      }
      case element_type::UINT64: {
        const auto r = std::to_chars(id_text[f], id_text[f] + sizeof id_text[f], e.get_uint64().value_unsafe());
        out = std::string_view(id_text[f], static_cast<size_t>(r.ptr - id_text[f]));
        break;
      }
      default: return WrongType(f, "a string id (or an integer)", e);
    }
    if (out.empty() && required) return BadValue(f, "must not be empty");
    return true;
  }

  bool Timestamp(Field f, Time& out, bool required, std::string_view required_for) {
    if (!Has(f)) return !required || Missing(f, required_for);
    const element& e = slots[f];
    bool epoch = false;
    std::optional<Time> t;
    if (e.type() == element_type::STRING) {
      const std::string_view s = e.get_string().value_unsafe();
      t = ParseTimestamp(s);
      epoch = s.size() < 10 || s[4] != '-';
    } else if (e.type() == element_type::INT64) {
      t = e.get_int64().value_unsafe();
      epoch = true;
    }
    if (t && epoch && (*t > kMaxEpochSeconds || *t < -kMaxEpochSeconds)) {
      return Fail(bad_line::kBadTimestamp,
                  fmt::format("field \"{}\": expected epoch seconds, got {} (milliseconds?)", kFieldNames[f],
                              Describe(e)));
    }
    if (!t) {
      return Fail(bad_line::kBadTimestamp,
                  fmt::format("field \"{}\": expected ISO 8601 timestamp with zone or epoch seconds, got {}",
                              kFieldNames[f], Describe(e)));
    }
    out = *t;
    return true;
  }

  bool Count(Field f, int64_t& out) {
    if (!Has(f)) return true;
    const element& e = slots[f];
    if (e.type() == element_type::INT64) {
      out = e.get_int64().value_unsafe();
      if (out < 0) return BadValue(f, fmt::format("must not be negative, got {}", out));
      return true;
    }
    if (e.type() == element_type::UINT64) return BadValue(f, fmt::format("too large: {}", Describe(e)));
    return WrongType(f, "an integer", e);
  }

  bool Bool(Field f, int8_t& out) {
    if (!Has(f)) return true;
    if (slots[f].type() != element_type::BOOL) return WrongType(f, "true or false", slots[f]);
    out = slots[f].get_bool().value_unsafe() ? 1 : 0;
    return true;
  }

  bool Strings(Field f, std::vector<std::string_view>& out) {
    if (!Has(f)) return true;
    const element& e = slots[f];
    if (e.type() != element_type::ARRAY) return WrongType(f, "an array of strings", e);
    size_t index = 0;
    const simdjson::dom::array array = e.get_array().value_unsafe();  // a named copy: no dangling temporary
    for (const element item : array) {
      if (item.type() != element_type::STRING) {
        return Fail(bad_line::kWrongType, fmt::format("field \"{}\": expected an array of strings, item {} is {}",
                                                      kFieldNames[f], index, Describe(item)));
      }
      const std::string_view s = item.get_string().value_unsafe();
      if (!s.empty()) out.push_back(s);
      ++index;
    }
    return true;
  }

  LineOutcome Bad() { return LineOutcome::kBad; }

  LineOutcome Actor() {
    ActorRecord& r = actor;
    ClearRecord(r);
    constexpr std::string_view kFor = "kind \"actor\"";
    std::string_view type;
    if (!Platform(kPlatform, r.platform, true, kFor) || !Id(kId, r.id, true, kFor) || !String(kType, type)) {
      return Bad();
    }
    if (Has(kType)) {
      const auto parsed = ParseActorType(type);
      if (!parsed) {
        std::string what = "unknown actor type ";
        AppendSnippet(what, type);
        return (BadValue(kType, what + " (expected account, page, group or channel)"), Bad());
      }
      r.type = *parsed;
    }
    if (!String(kHandle, r.handle) || !String(kName, r.name) || !String(kBio, r.bio) || !String(kUrl, r.url) ||
        !String(kLocation, r.location) || !String(kLang, r.lang) || !String(kAvatar, r.avatar) ||
        !Timestamp(kCreated, r.created, false, kFor) || !Count(kFollowers, r.followers) ||
        !Count(kFollowing, r.following) || !Bool(kVerified, r.verified) || !Strings(kInfra, r.infra)) {
      return Bad();
    }
    return LineOutcome::kActor;
  }

  LineOutcome Post() {
    PostRecord& r = post;
    ClearRecord(r);
    constexpr std::string_view kFor = "kind \"post\"";
    std::string_view type;
    if (!Platform(kPlatform, r.platform, true, kFor) || !Id(kId, r.id, true, kFor) ||
        !Id(kActor, r.actor, true, kFor) || !Timestamp(kTime, r.time, true, kFor) || !String(kType, type)) {
      return Bad();
    }
    if (Has(kType)) {
      const auto parsed = ParsePostType(type);
      if (!parsed) {
        std::string what = "unknown post type ";
        AppendSnippet(what, type);
        return (BadValue(kType, what + " (expected post, comment, reply, share, quote or reaction)"), Bad());
      }
      r.type = *parsed;
    }
    const bool engagement = IsEngagement(r.type);
    const std::string for_type = engagement ? fmt::format("a post of type \"{}\"", Name(r.type)) : std::string();
    if (!Id(kParent, r.parent, engagement, for_type) || !Platform(kParentPlatform, r.parent_platform, false, {}) ||
        !Id(kIn, r.in, false, {}) || !String(kText, r.text) || !String(kLang, r.lang) ||
        !String(kClient, r.client) || !String(kReaction, r.reaction) || !Strings(kUrls, r.urls) ||
        !Strings(kHashtags, r.hashtags) || !Strings(kMentions, r.mentions) || !Strings(kMedia, r.media)) {
      return Bad();
    }
    if (!r.text.empty() && (!Has(kUrls) || !Has(kHashtags) || !Has(kMentions))) {
      ExtractEntities(r.text, Has(kUrls) ? nullptr : &r.urls, Has(kHashtags) ? nullptr : &r.hashtags,
                      Has(kMentions) ? nullptr : &r.mentions);
    }
    return LineOutcome::kPost;
  }

  LineOutcome Relation() {
    RelationRecord& r = relation;
    r = RelationRecord{};
    constexpr std::string_view kFor = "kind \"relation\"";
    if (!Platform(kPlatform, r.platform, true, kFor) || !Id(kFrom, r.from, true, kFor) ||
        !Id(kTo, r.to, true, kFor) || !RequiredString(kType, r.type_name, kFor) ||
        !Timestamp(kTime, r.time, false, kFor)) {
      return Bad();
    }
    return LineOutcome::kRelation;
  }
};

ActivityJsonlParser::ActivityJsonlParser() : impl_(std::make_unique<Impl>()) {}
ActivityJsonlParser::~ActivityJsonlParser() = default;

std::string_view ActivityJsonlParser::category() const { return impl_->category; }
const std::string& ActivityJsonlParser::reason() const { return impl_->reason; }

LineOutcome ActivityJsonlParser::Parse(std::string_view line, Store& store) {
  const LineOutcome outcome = Read(line);
  if (AddRecord(outcome, actor(), post(), relation(), store, impl_->reason)) return outcome;
  impl_->category = bad_line::kDuplicateId;
  return LineOutcome::kBad;
}

const ActorRecord& ActivityJsonlParser::actor() const { return impl_->actor; }
const PostRecord& ActivityJsonlParser::post() const { return impl_->post; }
const RelationRecord& ActivityJsonlParser::relation() const { return impl_->relation; }

bool AddRecord(LineOutcome outcome, const ActorRecord& actor, const PostRecord& post,
               const RelationRecord& relation, Store& store, std::string& reason, const PreparedRecord* prepared) {
  switch (outcome) {
    case LineOutcome::kActor:
      if ((prepared ? store.SetActor(actor, *prepared) : store.SetActor(actor)) == AddResult::kDuplicate) {
        std::string what = "duplicate id: actor ";
        AppendSnippet(what, actor.id);
        reason = fmt::format("{} on {} already has a record", what, actor.platform);
        return false;
      }
      return true;
    case LineOutcome::kPost:
      if ((prepared ? store.AddPost(post, *prepared) : store.AddPost(post)) == AddResult::kDuplicate) {
        std::string what = "duplicate id: post ";
        AppendSnippet(what, post.id);
        reason = fmt::format("{} on {} was read before", what, post.platform);
        return false;
      }
      return true;
    case LineOutcome::kRelation:
      if (prepared) {
        store.AddRelation(relation, *prepared);
      } else {
        store.AddRelation(relation);
      }
      return true;
    case LineOutcome::kBlank:
    case LineOutcome::kBad: return true;
  }
  return true;
}

LineOutcome ActivityJsonlParser::Read(std::string_view line) {
  Impl& m = *impl_;
  m.category = {};
  m.reason.clear();
  if (IsBlank(line)) return LineOutcome::kBlank;

  // simdjson reads up to SIMDJSON_PADDING bytes past the end: copy the line
  // into a buffer that has them (a memcpy is a few percent of the parse).
  if (line.size() + simdjson::SIMDJSON_PADDING > m.capacity) {
    m.capacity = (line.size() + simdjson::SIMDJSON_PADDING) * 2;
    m.buffer = std::make_unique<char[]>(m.capacity);
  }
  std::memcpy(m.buffer.get(), line.data(), line.size());
  std::memset(m.buffer.get() + line.size(), 0, simdjson::SIMDJSON_PADDING);

  element doc;
  if (const auto error = m.json.parse(m.buffer.get(), line.size(), false).get(doc)) {
    m.Fail(bad_line::kInvalidJson, fmt::format("invalid JSON: {}", JsonErrorText(error)));
    return LineOutcome::kBad;
  }
  if (doc.type() != element_type::OBJECT) {
    m.Fail(bad_line::kInvalidJson, fmt::format("invalid JSON: expected an object, got {}", Describe(doc)));
    return LineOutcome::kBad;
  }
  m.present = 0;
  const simdjson::dom::object object = doc.get_object().value_unsafe();
  for (const simdjson::dom::key_value_pair field : object) {
    const Field f = FieldOf(field.key);
    if (f == kUnknownField || field.value.type() == element_type::NULL_VALUE) continue;
    m.slots[f] = field.value;
    m.present |= 1u << f;
  }

  if (!m.Has(kKind)) {
    m.Fail(bad_line::kMissingField, "missing field \"kind\" (expected \"actor\", \"post\" or \"relation\")");
    return LineOutcome::kBad;
  }
  std::string_view kind;
  if (!m.String(kKind, kind)) return LineOutcome::kBad;
  if (kind == "post") return m.Post();
  if (kind == "actor") return m.Actor();
  if (kind == "relation") return m.Relation();
  std::string what = "field \"kind\": unknown kind ";
  AppendSnippet(what, kind);
  m.Fail(bad_line::kUnknownKind, what + " (expected \"actor\", \"post\" or \"relation\")");
  return LineOutcome::kBad;
}

namespace {

class ActivityJsonl final : public Format {
 public:
  std::string_view name() const override { return "activity-jsonl"; }
  std::string_view description() const override {
    return "unmask's own activity format: JSON Lines of actor, post and relation records";
  }

  int Sniff(std::string_view /*path*/, std::string_view head) const override {
    size_t i = head.find_first_not_of(" \t\r\n");
    if (i == std::string_view::npos) return 10;  // empty: nothing to misread
    if (head[i] != '{') return 0;
    // 100 when the first line says "kind": "actor" | "post" | "relation";
    // other JSON objects (which may use "kind" for something else, such as
    // "youtube#commentThread") only 50, so that an adapter can claim them.
    const std::string_view first_line = head.substr(i, head.find('\n', i) - i);
    for (size_t at = first_line.find("\"kind\""); at != std::string_view::npos;
         at = first_line.find("\"kind\"", at + 1)) {
      size_t v = first_line.find_first_not_of(" \t", at + 6);
      if (v == std::string_view::npos || first_line[v] != ':') continue;
      v = first_line.find_first_not_of(" \t", v + 1);
      if (v == std::string_view::npos) continue;
      const std::string_view value = first_line.substr(v);
      if (value.starts_with("\"actor\"") || value.starts_with("\"post\"") || value.starts_with("\"relation\"")) {
        return 100;
      }
    }
    return 50;
  }

  void Read(ReadContext& context) const override {
    if (context.threads > 1) {
      ReadActivityJsonlInParallel(context, {.threads = context.threads});
      return;
    }
    ActivityJsonlParser parser;
    LineSource& source = context.source;
    FileSummary& summary = context.summary;
    std::string_view line;
    while (source.Next(line)) {
      ++summary.lines;
      switch (parser.Parse(line, context.store)) {
        case LineOutcome::kBlank: ++summary.blank; break;
        case LineOutcome::kActor: ++summary.actors; break;
        case LineOutcome::kPost: ++summary.posts; break;
        case LineOutcome::kRelation: ++summary.relations; break;
        case LineOutcome::kBad:
          ++summary.quarantined;
          context.quarantine.Add(source.path(), source.line_number(), line, parser.category(), parser.reason());
          break;
      }
      if ((summary.lines & 63) == 0) context.ReportProgress();
    }
    context.ReportProgress();
    summary.records = summary.lines;
    summary.used = summary.actors + summary.posts + summary.relations;
    if (!source.error().empty()) summary.error = source.error();
  }
};

}  // namespace

const Format& ActivityJsonlFormat() {
  static const ActivityJsonl kFormat;
  return kFormat;
}

}  // namespace unmask
