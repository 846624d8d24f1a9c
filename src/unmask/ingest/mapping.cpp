#include "unmask/ingest/mapping.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "unmask/core/hash.hpp"
#include "unmask/ingest/csv.hpp"
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

using nlohmann::json;

// ---------------------------------------------------------------- the spec

enum class InputKind : uint8_t { kCsv, kJsonl };
enum class Kind : uint8_t { kActor, kPost, kRelation };

enum Target : uint8_t {
  kPlatform, kId, kType, kActor, kTime, kParent, kParentPlatform, kIn, kText, kLang, kClient, kReaction, kUrls,
  kHashtags, kMentions, kMedia, kHandle, kName, kBio, kUrl, kLocation, kCreated, kFollowers, kFollowing,
  kVerified, kAvatar, kInfra, kFrom, kTo, kTargetCount,
};
constexpr std::string_view kTargetNames[kTargetCount] = {
    "platform", "id",     "type",      "actor",    "time",     "parent",    "parent_platform", "in",
    "text",     "lang",   "client",    "reaction", "urls",     "hashtags",  "mentions",        "media",
    "handle",   "name",   "bio",       "url",      "location", "created",   "followers",       "following",
    "verified", "avatar", "infra",     "from",     "to",
};

enum class Shape : uint8_t { kString, kTime, kCount, kBool, kList };

Shape ShapeOf(Target t) {
  switch (t) {
    case kTime:
    case kCreated: return Shape::kTime;
    case kFollowers:
    case kFollowing: return Shape::kCount;
    case kVerified: return Shape::kBool;
    case kUrls:
    case kHashtags:
    case kMentions:
    case kMedia:
    case kInfra: return Shape::kList;
    default: return Shape::kString;
  }
}

bool Allowed(Kind kind, Target t) {
  switch (kind) {
    case Kind::kPost:
      return t == kPlatform || t == kId || t == kType || t == kActor || t == kTime || t == kParent ||
             t == kParentPlatform || t == kIn || t == kText || t == kLang || t == kClient || t == kReaction ||
             t == kUrls || t == kHashtags || t == kMentions || t == kMedia;
    case Kind::kActor:
      return t == kPlatform || t == kId || t == kType || t == kHandle || t == kName || t == kBio || t == kUrl ||
             t == kLocation || t == kLang || t == kCreated || t == kFollowers || t == kFollowing ||
             t == kVerified || t == kAvatar || t == kInfra;
    case Kind::kRelation: return t == kPlatform || t == kFrom || t == kTo || t == kType || t == kTime;
  }
  return false;
}

std::vector<Target> Required(Kind kind) {
  switch (kind) {
    case Kind::kPost: return {kId, kActor, kTime};
    case Kind::kActor: return {kId};
    case Kind::kRelation: return {kFrom, kTo, kType};
  }
  return {};
}

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kActor: return "actor";
    case Kind::kPost: return "post";
    case Kind::kRelation: return "relation";
  }
  return "?";
}

struct Op {
  enum class Type : uint8_t { kStripPrefix, kStripSuffix, kPrefix, kSuffix, kBefore, kAfter, kAfterLast, kLower, kTrim, kMap, kNonEmpty, kIfContains };
  Type type;
  std::vector<std::string> args;
  std::unordered_map<std::string, std::string> table;
  std::optional<std::string> otherwise;
};

// Template parts: literal text, or a source (>= 0), or the record number.
constexpr int kLiteral = -1;
constexpr int kRecordNumber = -2;
constexpr int kLineNumber = -3;

struct Value {
  enum class Type : uint8_t { kSource, kConst, kTemplate, kFirstOf, kAll };
  Type type = Type::kConst;
  std::vector<int> sources;  // kSource: alternatives, the first bound / present one is used
  std::string constant;
  std::vector<std::pair<int, std::string>> parts;  // kTemplate
  std::vector<Value> alternatives;                 // kFirstOf, kAll (list fields: every value of each)
  std::vector<Op> ops;
  std::vector<TimeFormat> times{TimeFormat{}};  // tried in order
  ListStyle list = ListStyle::kSingle;
  std::string separator;
  std::string where;  // the JSON location in the mapping, for messages
};

struct Field {
  Target target;
  Value value;
};

struct Record {
  Kind kind = Kind::kPost;
  std::vector<Field> fields;
  int index_of[kTargetCount];  // field index per target, -1 when not mapped
  std::optional<Value> when;
  bool merge = false;
  enum class TextEntities : uint8_t { kMissing, kAlways, kNever } text_entities = TextEntities::kMissing;
  std::string where;
};

struct SkipRule {
  Value value;
  std::vector<std::string> equals;  // empty: skip when the value is empty
  std::string reason;
};

struct JsonPath {
  std::vector<std::string> keys;
  std::vector<uint8_t> iterate;  // "key[]": every item of the array
};

struct Spec {
  std::string name, description, origin;
  InputKind input = InputKind::kCsv;
  char delimiter = ',';
  std::string platform;
  std::vector<std::string> nulls;
  std::vector<std::string> detect, absent, extensions;
  std::vector<std::string> sources;  // column names (CSV: lower case, trimmed) or path texts (JSONL)
  std::vector<std::string> labels;   // the same names as the mapping spells them, for messages
  std::vector<JsonPath> paths;
  std::vector<Record> records;
  std::vector<SkipRule> skips;
};

// ---------------------------------------------------------------- loading

struct LoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void Fail(const std::string& where, const std::string& what) {
  throw LoadError(where.empty() ? what : fmt::format("{}: {}", where, what));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

void CheckKeys(const json& object, const std::string& where, std::initializer_list<std::string_view> known) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
      Fail(where, fmt::format("unknown key \"{}\" (known: {})", it.key(), fmt::join(known, ", ")));
    }
  }
}

std::string String(const json& j, const std::string& where) {
  if (!j.is_string()) Fail(where, fmt::format("expected a string, got {}", j.dump()));
  return j.get<std::string>();
}

std::vector<std::string> Strings(const json& j, const std::string& where) {
  if (j.is_string()) return {j.get<std::string>()};
  if (!j.is_array()) Fail(where, "expected a string or an array of strings");
  std::vector<std::string> out;
  for (size_t i = 0; i < j.size(); ++i) out.push_back(String(j[i], fmt::format("{}[{}]", where, i)));
  return out;
}

class Loader {
 public:
  explicit Loader(Spec& spec) : spec_(spec) {}

  void Load(const json& root) {
    if (!root.is_object()) Fail("", "a mapping is a JSON object");
    CheckKeys(root, "", {"format", "description", "input", "delimiter", "platform", "null", "detect", "skip",
                         "records", "comment", "source"});
    if (!root.contains("format")) Fail("", "missing key \"format\" (the name --format takes)");
    spec_.name = String(root["format"], "format");
    if (spec_.name.empty()) Fail("format", "must not be empty");
    if (root.contains("description")) spec_.description = String(root["description"], "description");
    const std::string input = root.contains("input") ? String(root["input"], "input") : "csv";
    if (input == "csv") {
      spec_.input = InputKind::kCsv;
    } else if (input == "jsonl") {
      spec_.input = InputKind::kJsonl;
    } else {
      Fail("input", fmt::format("expected \"csv\" or \"jsonl\", got \"{}\"", input));
    }
    if (root.contains("delimiter")) {
      const std::string d = String(root["delimiter"], "delimiter");
      if (d.size() != 1 || d[0] == '"' || d[0] == '\n') Fail("delimiter", "must be one character (not a quote)");
      spec_.delimiter = d[0];
    }
    if (root.contains("platform")) spec_.platform = Lower(String(root["platform"], "platform"));
    if (root.contains("null")) spec_.nulls = Strings(root["null"], "null");
    if (root.contains("detect")) LoadDetect(root["detect"]);
    if (!root.contains("records") || !root["records"].is_array() || root["records"].empty()) {
      Fail("records", "expected a non-empty array of records");
    }
    for (size_t i = 0; i < root["records"].size(); ++i) {
      spec_.records.push_back(LoadRecord(root["records"][i], fmt::format("records[{}]", i)));
    }
    if (root.contains("skip")) {
      const json& skip = root["skip"];
      if (!skip.is_array()) Fail("skip", "expected an array");
      for (size_t i = 0; i < skip.size(); ++i) spec_.skips.push_back(LoadSkip(skip[i], fmt::format("skip[{}]", i)));
    }
  }

 private:
  void LoadDetect(const json& detect) {
    if (!detect.is_object()) Fail("detect", "expected an object");
    CheckKeys(detect, "detect", {"columns", "keys", "absent", "extensions"});
    const char* key = spec_.input == InputKind::kCsv ? "columns" : "keys";
    if (detect.contains(spec_.input == InputKind::kCsv ? "keys" : "columns")) {
      Fail("detect", fmt::format("use \"{}\" for {} input", key, spec_.input == InputKind::kCsv ? "csv" : "jsonl"));
    }
    if (detect.contains(key)) spec_.detect = Strings(detect[key], fmt::format("detect.{}", key));
    if (detect.contains("absent")) spec_.absent = Strings(detect["absent"], "detect.absent");
    if (detect.contains("extensions")) spec_.extensions = Strings(detect["extensions"], "detect.extensions");
    if (spec_.input == InputKind::kCsv) {
      for (auto* list : {&spec_.detect, &spec_.absent}) {
        for (std::string& name : *list) name = Lower(Trim(name));
      }
    }
  }

  int Source(const std::string& name, const std::string& where) {
    if (name.empty()) Fail(where, "a column or path name must not be empty");
    const std::string key = spec_.input == InputKind::kCsv ? Lower(Trim(name)) : name;
    for (size_t i = 0; i < spec_.sources.size(); ++i) {
      if (spec_.sources[i] == key) return static_cast<int>(i);
    }
    spec_.sources.push_back(key);
    spec_.labels.push_back(name);
    if (spec_.input == InputKind::kJsonl) spec_.paths.push_back(ParsePath(name, where));
    return static_cast<int>(spec_.sources.size() - 1);
  }

  static JsonPath ParsePath(const std::string& text, const std::string& where) {
    JsonPath path;
    size_t begin = 0;
    for (;;) {
      const size_t dot = text.find('.', begin);
      std::string key = text.substr(begin, dot == std::string::npos ? std::string::npos : dot - begin);
      bool iterate = false;
      if (key.size() >= 2 && key.ends_with("[]")) {
        key.resize(key.size() - 2);
        iterate = true;
      }
      if (key.empty()) Fail(where, fmt::format("bad JSON path \"{}\" (empty key)", text));
      path.keys.push_back(key);
      path.iterate.push_back(iterate);
      if (dot == std::string::npos) break;
      begin = dot + 1;
    }
    return path;
  }

  Value LoadValue(const json& j, const std::string& where, Shape shape) {
    Value v;
    v.where = where;
    if (j.is_string()) {
      v.type = Value::Type::kSource;
      v.sources.push_back(Source(j.get<std::string>(), where));
      if (shape == Shape::kList) v.list = ListStyle::kAuto;
      return v;
    }
    if (j.is_array() && shape == Shape::kList) {
      v.type = Value::Type::kAll;
      v.list = ListStyle::kAuto;
      for (size_t i = 0; i < j.size(); ++i) {
        v.alternatives.push_back(LoadValue(j[i], fmt::format("{}[{}]", where, i), shape));
      }
      if (v.alternatives.empty()) Fail(where, "an empty list");
      return v;
    }
    if (!j.is_object()) {
      Fail(where, shape == Shape::kList ? "expected a column/path name, an object, or an array of them"
                                        : "expected a column/path name or an object");
    }
    CheckKeys(j, where, {"column", "path", "const", "template", "first_of", "ops", "time", "zone", "list",
                         "separator"});
    int forms = 0;
    const char* source_key = spec_.input == InputKind::kCsv ? "column" : "path";
    if (j.contains(spec_.input == InputKind::kCsv ? "path" : "column")) {
      Fail(where, fmt::format("use \"{}\" for {} input", source_key, spec_.input == InputKind::kCsv ? "csv" : "jsonl"));
    }
    if (j.contains(source_key)) {
      ++forms;
      v.type = Value::Type::kSource;
      for (const std::string& name : Strings(j[source_key], where + "." + source_key)) {
        v.sources.push_back(Source(name, where));
      }
      if (v.sources.empty()) Fail(where, "needs at least one name");
    }
    if (j.contains("const")) {
      ++forms;
      v.type = Value::Type::kConst;
      const json& c = j["const"];
      v.constant = c.is_string() ? c.get<std::string>() : c.dump();
    }
    if (j.contains("template")) {
      ++forms;
      v.type = Value::Type::kTemplate;
      ParseTemplate(String(j["template"], where + ".template"), where, v);
    }
    if (j.contains("first_of")) {
      ++forms;
      v.type = Value::Type::kFirstOf;
      const json& alternatives = j["first_of"];
      if (!alternatives.is_array() || alternatives.empty()) Fail(where + ".first_of", "expected a non-empty array");
      for (size_t i = 0; i < alternatives.size(); ++i) {
        v.alternatives.push_back(LoadValue(alternatives[i], fmt::format("{}.first_of[{}]", where, i), shape));
      }
    }
    if (forms != 1) Fail(where, fmt::format("needs exactly one of \"{}\", \"const\", \"template\", \"first_of\"", source_key));
    if (j.contains("ops")) LoadOps(j["ops"], where + ".ops", v);
    if (j.contains("time") || j.contains("zone")) {
      if (shape != Shape::kTime) Fail(where, "\"time\" and \"zone\" are for time fields only");
      if (j.contains("time")) {
        v.times.clear();
        for (const std::string& name : Strings(j["time"], where + ".time")) {
          const auto format = ParseTimeFormatName(name);
          if (!format) {
            Fail(where + ".time", fmt::format("unknown time format \"{}\" (auto, epoch, epoch_ms, days, or a "
                                              "pattern such as \"%Y-%m-%d %H:%M:%S\")", name));
          }
          v.times.push_back(*format);
        }
        if (v.times.empty()) Fail(where + ".time", "needs at least one format");
      }
      if (j.contains("zone")) {
        const std::string zone = String(j["zone"], where + ".zone");
        const auto offset = ParseZone(zone);
        if (!offset) Fail(where + ".zone", fmt::format("unknown zone \"{}\" (UTC, +08:00, EST ...)", zone));
        for (TimeFormat& format : v.times) format.default_offset = *offset;
      }
      for (Value& alternative : v.alternatives) alternative.times = v.times;
    }
    if (shape == Shape::kList) v.list = ListStyle::kAuto;
    if (j.contains("list") || j.contains("separator")) {
      if (shape != Shape::kList) Fail(where, "\"list\" and \"separator\" are for list fields only");
      const std::string style = j.contains("list") ? String(j["list"], where + ".list") : "split";
      if (style == "auto") {
        v.list = ListStyle::kAuto;
      } else if (style == "single") {
        v.list = ListStyle::kSingle;
      } else if (style == "split") {
        v.list = ListStyle::kSplit;
        if (!j.contains("separator")) Fail(where, "\"list\": \"split\" needs a \"separator\"");
        v.separator = String(j["separator"], where + ".separator");
        if (v.separator.empty()) Fail(where + ".separator", "must not be empty");
      } else {
        Fail(where + ".list", fmt::format("expected auto, single or split, got \"{}\"", style));
      }
    }
    return v;
  }

  void ParseTemplate(const std::string& text, const std::string& where, Value& v) {
    size_t i = 0;
    std::string literal;
    while (i < text.size()) {
      if (text[i] == '{') {
        if (i + 1 < text.size() && text[i + 1] == '{') {
          literal += '{';
          i += 2;
          continue;
        }
        const size_t close = text.find('}', i);
        if (close == std::string::npos) Fail(where + ".template", "a '{' is not closed");
        if (!literal.empty()) v.parts.emplace_back(kLiteral, std::move(literal));
        literal.clear();
        const std::string name = text.substr(i + 1, close - i - 1);
        if (name == "#") {
          v.parts.emplace_back(kRecordNumber, "");
        } else if (name == "line") {
          v.parts.emplace_back(kLineNumber, "");
        } else {
          v.parts.emplace_back(Source(name, where), "");
        }
        i = close + 1;
      } else if (text[i] == '}' && i + 1 < text.size() && text[i + 1] == '}') {
        literal += '}';
        i += 2;
      } else {
        literal += text[i++];
      }
    }
    if (!literal.empty()) v.parts.emplace_back(kLiteral, std::move(literal));
  }

  void LoadOps(const json& ops, const std::string& where, Value& v) {
    if (!ops.is_array()) Fail(where, "expected an array of operations");
    for (size_t i = 0; i < ops.size(); ++i) {
      const std::string at = fmt::format("{}[{}]", where, i);
      const json& o = ops[i];
      if (!o.is_object() || o.empty()) Fail(at, "expected an object such as {\"strip_prefix\": \"t3_\"}");
      CheckKeys(o, at, {"strip_prefix", "strip_suffix", "prefix", "suffix", "before", "after", "after_last",
                        "lower", "trim", "map", "else", "nonempty", "if_contains"});
      Op op;
      const auto args = [&](const char* key) { return Strings(o[key], at + "." + key); };
      if (o.contains("map")) {
        op.type = Op::Type::kMap;
        if (!o["map"].is_object()) Fail(at + ".map", "expected an object of value -> value");
        for (auto it = o["map"].begin(); it != o["map"].end(); ++it) {
          op.table[it.key()] = String(it.value(), at + ".map." + it.key());
        }
        if (o.contains("else")) op.otherwise = String(o["else"], at + ".else");
        if (o.size() != (o.contains("else") ? 2u : 1u)) Fail(at, "\"map\" goes alone (with an optional \"else\")");
      } else {
        if (o.size() != 1) Fail(at, "one operation per object (put several in the list, in order)");
        const std::string key = o.begin().key();
        if (key == "strip_prefix") op.type = Op::Type::kStripPrefix;
        else if (key == "strip_suffix") op.type = Op::Type::kStripSuffix;
        else if (key == "prefix") op.type = Op::Type::kPrefix;
        else if (key == "suffix") op.type = Op::Type::kSuffix;
        else if (key == "before") op.type = Op::Type::kBefore;
        else if (key == "after") op.type = Op::Type::kAfter;
        else if (key == "after_last") op.type = Op::Type::kAfterLast;
        else if (key == "nonempty") op.type = Op::Type::kNonEmpty;
        else if (key == "if_contains") op.type = Op::Type::kIfContains;
        else if (key == "lower") op.type = Op::Type::kLower;
        else if (key == "trim") op.type = Op::Type::kTrim;
        else Fail(at, fmt::format("\"{}\" needs \"map\"", key));
        if (op.type != Op::Type::kLower && op.type != Op::Type::kTrim) {
          op.args = args(key.c_str());
          if (op.args.empty() || (op.type != Op::Type::kStripPrefix && op.type != Op::Type::kStripSuffix &&
                                  op.args.size() != 1)) {
            Fail(at, fmt::format("\"{}\" takes one string", key));
          }
        }
      }
      v.ops.push_back(std::move(op));
    }
  }

  Record LoadRecord(const json& j, const std::string& where) {
    if (!j.is_object()) Fail(where, "expected an object");
    CheckKeys(j, where, {"kind", "fields", "when", "merge", "text_entities", "comment"});
    Record r;
    r.where = where;
    std::fill(std::begin(r.index_of), std::end(r.index_of), -1);
    const std::string kind = j.contains("kind") ? String(j["kind"], where + ".kind") : "";
    if (kind == "post") {
      r.kind = Kind::kPost;
    } else if (kind == "actor") {
      r.kind = Kind::kActor;
    } else if (kind == "relation") {
      r.kind = Kind::kRelation;
    } else {
      Fail(where + ".kind", "expected \"post\", \"actor\" or \"relation\"");
    }
    if (j.contains("merge")) {
      if (!j["merge"].is_boolean()) Fail(where + ".merge", "expected true or false");
      r.merge = j["merge"].get<bool>();
      if (r.merge && r.kind == Kind::kRelation) Fail(where + ".merge", "relations cannot be merged");
    }
    if (!j.contains("fields") || !j["fields"].is_object()) Fail(where, "missing \"fields\" (an object)");
    for (auto it = j["fields"].begin(); it != j["fields"].end(); ++it) {
      const std::string at = fmt::format("{}.fields.{}", where, it.key());
      const auto* found = std::find(std::begin(kTargetNames), std::end(kTargetNames), it.key());
      if (found == std::end(kTargetNames) || !Allowed(r.kind, static_cast<Target>(found - std::begin(kTargetNames)))) {
        std::vector<std::string_view> allowed;
        for (int t = 0; t < kTargetCount; ++t) {
          if (Allowed(r.kind, static_cast<Target>(t))) allowed.push_back(kTargetNames[t]);
        }
        Fail(at, fmt::format("not a field of a {} (fields: {})", KindName(r.kind), fmt::join(allowed, ", ")));
      }
      const Target target = static_cast<Target>(found - std::begin(kTargetNames));
      r.index_of[target] = static_cast<int>(r.fields.size());
      r.fields.push_back({target, LoadValue(it.value(), at, ShapeOf(target))});
    }
    for (const Target t : Required(r.kind)) {
      if (r.index_of[t] < 0) Fail(where + ".fields", fmt::format("a {} needs \"{}\"", KindName(r.kind), kTargetNames[t]));
    }
    if (r.index_of[kPlatform] < 0 && spec_.platform.empty()) {
      Fail(where + ".fields", "no \"platform\" (give one here or at the top of the mapping)");
    }
    if (j.contains("when")) r.when = LoadValue(j["when"], where + ".when", Shape::kString);
    if (j.contains("text_entities")) {
      if (r.kind != Kind::kPost) Fail(where + ".text_entities", "only posts have text");
      const std::string mode = String(j["text_entities"], where + ".text_entities");
      if (mode == "missing") {
        r.text_entities = Record::TextEntities::kMissing;
      } else if (mode == "always") {
        r.text_entities = Record::TextEntities::kAlways;
      } else if (mode == "never") {
        r.text_entities = Record::TextEntities::kNever;
      } else {
        Fail(where + ".text_entities", "expected \"missing\" (default), \"always\" or \"never\"");
      }
    }
    return r;
  }

  SkipRule LoadSkip(const json& j, const std::string& where) {
    if (!j.is_object()) Fail(where, "expected an object");
    SkipRule rule;
    json value = j;
    if (!j.contains("reason")) Fail(where, "missing \"reason\" (said in the summary)");
    rule.reason = String(j["reason"], where + ".reason");
    value.erase("reason");
    if (j.contains("equals")) {
      rule.equals = Strings(j["equals"], where + ".equals");
      value.erase("equals");
    }
    rule.value = LoadValue(value, where, Shape::kString);
    return rule;
  }

  Spec& spec_;
};

// ---------------------------------------------------------------- reading

// The cells of one input row, per source.
struct Cell {
  bool present = false;
  std::string_view text;                // first item for arrays
  std::vector<std::string_view> items;  // all items (arrays; else one)
  bool array = false;
};

enum class RowOutcome : uint8_t { kUsed, kMerged, kSkipped, kBad };

class Reader {
 public:
  Reader(const Spec& spec, ReadContext& context) : spec_(spec), context_(context), cells_(spec.sources.size()) {
    nulls_.insert(spec.nulls.begin(), spec.nulls.end());
  }

  void ReadCsv();
  void ReadJsonl();

 private:
  // ---- values
  std::string_view Keep(std::string text) {
    arena_.push_back(std::move(text));
    return arena_.back();
  }

  bool IsNull(std::string_view text) const { return text.empty() || (!nulls_.empty() && nulls_.count(std::string(text)) > 0); }

  std::string_view Apply(const std::vector<Op>& ops, std::string_view text) {
    for (const Op& op : ops) {
      if (text.empty() && op.type != Op::Type::kMap) continue;
      switch (op.type) {
        case Op::Type::kStripPrefix:
          for (const std::string& p : op.args) {
            if (text.starts_with(p)) {
              text.remove_prefix(p.size());
              break;
            }
          }
          break;
        case Op::Type::kStripSuffix:
          for (const std::string& p : op.args) {
            if (text.ends_with(p)) {
              text.remove_suffix(p.size());
              break;
            }
          }
          break;
        case Op::Type::kPrefix: text = Keep(op.args[0] + std::string(text)); break;
        case Op::Type::kSuffix: text = Keep(std::string(text) + op.args[0]); break;
        case Op::Type::kBefore: {
          const size_t at = text.find(op.args[0]);
          if (at != std::string_view::npos) text = text.substr(0, at);
          break;
        }
        case Op::Type::kAfter: {
          const size_t at = text.find(op.args[0]);
          if (at != std::string_view::npos) text = text.substr(at + op.args[0].size());
          break;
        }
        case Op::Type::kAfterLast: {
          const size_t at = text.rfind(op.args[0]);
          if (at != std::string_view::npos) text = text.substr(at + op.args[0].size());
          break;
        }
        case Op::Type::kLower: text = Keep(Lower(text)); break;
        case Op::Type::kTrim: text = Trim(text); break;
        case Op::Type::kMap: {
          const auto it = op.table.find(std::string(text));
          if (it != op.table.end()) {
            text = it->second;
          } else if (op.otherwise) {
            text = *op.otherwise;
          }
          break;
        }
        case Op::Type::kNonEmpty: text = op.args[0]; break;
        case Op::Type::kIfContains:
          if (text.find(op.args[0]) == std::string_view::npos) text = {};
          break;
      }
    }
    return text;
  }

  // The raw text of a value (before list splitting), or "" when absent.
  // `items` receives JSON array items when the source is an array.
  std::string_view Raw(const Value& v, const std::vector<std::string_view>** items, const Value** used) {
    *used = &v;
    switch (v.type) {
      case Value::Type::kConst: return v.constant;
      case Value::Type::kSource:
        for (const int s : v.sources) {
          const Cell& cell = cells_[s];
          if (!cell.present) continue;
          if (cell.array) {
            if (items != nullptr) *items = &cell.items;
            return cell.items.empty() ? std::string_view() : cell.items.front();
          }
          if (IsNull(Trim(cell.text))) continue;
          return cell.text;
        }
        return {};
      case Value::Type::kTemplate: {
        std::string out;
        bool any = std::none_of(v.parts.begin(), v.parts.end(), [](const auto& part) { return part.first >= 0; });
        for (const auto& [source, literal] : v.parts) {
          if (source == kLiteral) {
            out += literal;
          } else if (source == kRecordNumber) {
            out += std::to_string(context_.summary.records);
          } else if (source == kLineNumber) {
            out += std::to_string(line_);
          } else {
            const Cell& cell = cells_[source];
            const std::string_view text = cell.array ? (cell.items.empty() ? "" : cell.items.front()) : cell.text;
            if (cell.present && !IsNull(Trim(text))) {
              out += text;
              any = true;
            }
          }
        }
        return any ? Keep(std::move(out)) : std::string_view();
      }
      case Value::Type::kFirstOf:
      case Value::Type::kAll:  // a scalar of a union: its first value
        for (const Value& alternative : v.alternatives) {
          const std::string_view text = Scalar(alternative, used);
          if (!text.empty()) return text;
        }
        return {};
    }
    return {};
  }

  // A single value after ops; "" when absent.
  std::string_view Scalar(const Value& v, const Value** used) {
    const Value* raw_used = &v;
    std::string_view text = Raw(v, nullptr, &raw_used);
    if (v.type == Value::Type::kFirstOf || v.type == Value::Type::kAll) {
      *used = raw_used;
      text = Apply(v.ops, text);
      return Trim(text);
    }
    *used = &v;
    text = Trim(Apply(v.ops, Trim(text)));
    return IsNull(text) ? std::string_view() : text;
  }

  void List(const Value& v, std::vector<std::string_view>& out) {
    if (v.type == Value::Type::kAll) {
      const size_t before = out.size();
      for (const Value& part : v.alternatives) List(part, out);
      ApplyEach(v.ops, out, before);
      return;
    }
    if (v.type == Value::Type::kFirstOf) {
      for (const Value& alternative : v.alternatives) {
        const size_t before = out.size();
        List(alternative, out);
        if (out.size() > before) {
          ApplyEach(v.ops, out, before);
          return;
        }
      }
      return;
    }
    const std::vector<std::string_view>* items = nullptr;
    const Value* used = nullptr;
    const std::string_view text = Raw(v, &items, &used);
    const size_t before = out.size();
    if (items != nullptr) {
      for (const std::string_view item : *items) {
        if (!IsNull(Trim(item))) out.push_back(Trim(item));
      }
    } else {
      ParseList(text, v.list, v.separator, out, list_storage_);
    }
    ApplyEach(v.ops, out, before);
  }

  void ApplyEach(const std::vector<Op>& ops, std::vector<std::string_view>& out, size_t from) {
    if (ops.empty()) return;
    size_t kept = from;
    for (size_t i = from; i < out.size(); ++i) {
      const std::string_view item = Trim(Apply(ops, out[i]));
      if (!IsNull(item)) out[kept++] = item;
    }
    out.resize(kept);
  }

  std::string Where(const Value& v) const {
    if (v.type == Value::Type::kSource) {
      for (const int s : v.sources) {
        if (cells_[s].present) return fmt::format("{} \"{}\"", ColumnWord(), spec_.labels[s]);
      }
      return fmt::format("{} \"{}\"", ColumnWord(), spec_.labels[v.sources.front()]);
    }
    if (v.type == Value::Type::kConst) return fmt::format("constant \"{}\"", v.constant);
    return fmt::format("mapping {}", v.where);
  }
  std::string_view ColumnWord() const { return spec_.input == InputKind::kCsv ? "column" : "path"; }

  bool Bad(std::string_view category, std::string reason) {
    category_ = category;
    reason_ = std::move(reason);
    return false;
  }

  // An optional value that cannot be read. In a merged profile snapshot (a
  // tweets file's user columns) it is left unknown and counted, since the
  // row's post is fine; elsewhere the row is quarantined.
  bool BadOptional(std::string_view category, const Value& used, std::string reason) {
    if (lenient_) {
      context_.Note(fmt::format("{} values that could not be read in profile snapshots (left unknown)", Where(used)));
      return true;
    }
    return Bad(category, std::move(reason));
  }

  // Drops repeated values, keeping the first of each (lists are short).
  static void Unique(std::vector<std::string_view>& list) {
    size_t kept = 0;
    for (size_t i = 0; i < list.size(); ++i) {
      if (std::find(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(kept), list[i]) ==
          list.begin() + static_cast<std::ptrdiff_t>(kept)) {
        list[kept++] = list[i];
      }
    }
    list.resize(kept);
  }

  // ---- fields of a record
  const Value* ValueOf(const Record& r, Target t) const {
    return r.index_of[t] < 0 ? nullptr : &r.fields[r.index_of[t]].value;
  }

  bool Str(const Record& r, Target t, std::string_view& out, bool required) {
    const Value* v = ValueOf(r, t);
    if (v == nullptr) return true;
    const Value* used = v;
    out = Scalar(*v, &used);
    if (out.empty() && required) {
      return Bad(bad_line::kMissingField, fmt::format("{} is empty (it gives the {}'s \"{}\")", Where(*used),
                                                      KindName(r.kind), kTargetNames[t]));
    }
    return true;
  }

  bool Platform(const Record& r, Target t, std::string_view& out) {
    if (!Str(r, t, out, false)) return false;
    if (t == kPlatform && out.empty()) out = spec_.platform;
    if (std::any_of(out.begin(), out.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) out = Keep(Lower(out));
    return true;
  }

  bool TimeField(const Record& r, Target t, Time& out, bool required) {
    const Value* v = ValueOf(r, t);
    if (v == nullptr) return true;
    const Value* used = v;
    const std::string_view text = Scalar(*v, &used);
    if (text.empty()) {
      if (!required) return true;
      return Bad(bad_line::kMissingField, fmt::format("{} is empty (it gives the {}'s \"{}\")", Where(*used),
                                                      KindName(r.kind), kTargetNames[t]));
    }
    std::optional<Time> parsed;
    for (const TimeFormat& format : used->times) {
      parsed = ParseTime(text, format);
      if (parsed) break;
    }
    if (!parsed) {
      if (!required && lenient_) return BadOptional(bad_line::kBadTimestamp, *used, {});
      std::vector<std::string> expected;
      for (const TimeFormat& format : used->times) {
        switch (format.kind) {
          case TimeFormat::Kind::kPattern: expected.push_back(fmt::format("\"{}\"", format.pattern)); break;
          case TimeFormat::Kind::kAuto: expected.push_back("ISO 8601"); break;
          case TimeFormat::Kind::kEpoch: expected.push_back("epoch seconds"); break;
          case TimeFormat::Kind::kEpochMs: expected.push_back("epoch milliseconds"); break;
          case TimeFormat::Kind::kDays: expected.push_back("days since 1970"); break;
        }
      }
      return Bad(bad_line::kBadTimestamp, fmt::format("{}: expected a time ({}), got {}", Where(*used),
                                                      fmt::join(expected, " or "), Snippet(text)));
    }
    out = *parsed;
    return true;
  }

  bool CountField(const Record& r, Target t, int64_t& out) {
    const Value* v = ValueOf(r, t);
    if (v == nullptr) return true;
    const Value* used = v;
    const std::string_view text = Scalar(*v, &used);
    if (text.empty() || text == "-1") return true;  // -1: a common "unknown"
    const auto parsed = ParseCount(text);
    if (!parsed) {
      return BadOptional(bad_line::kBadValue, *used,
                         fmt::format("{}: expected a count, got {}", Where(*used), Snippet(text)));
    }
    out = *parsed;
    return true;
  }

  bool BoolField(const Record& r, Target t, int8_t& out) {
    const Value* v = ValueOf(r, t);
    if (v == nullptr) return true;
    const Value* used = v;
    const std::string_view text = Scalar(*v, &used);
    if (text.empty()) return true;
    const auto parsed = ParseBool(text);
    if (!parsed) {
      return BadOptional(bad_line::kBadValue, *used,
                         fmt::format("{}: expected true or false, got {}", Where(*used), Snippet(text)));
    }
    out = *parsed ? 1 : 0;
    return true;
  }

  void ListField(const Record& r, Target t, std::vector<std::string_view>& out) {
    if (const Value* v = ValueOf(r, t)) List(*v, out);
  }

  bool BuildPost(const Record& r, PostRecord& p) {
    std::string_view type;
    if (!Platform(r, kPlatform, p.platform) || !Str(r, kId, p.id, true) || !Str(r, kActor, p.actor, true) ||
        !TimeField(r, kTime, p.time, true) || !Str(r, kType, type, false) || !Str(r, kParent, p.parent, false) ||
        !Platform(r, kParentPlatform, p.parent_platform) || !Str(r, kIn, p.in, false) ||
        !Str(r, kText, p.text, false) || !Str(r, kLang, p.lang, false) || !Str(r, kClient, p.client, false) ||
        !Str(r, kReaction, p.reaction, false)) {
      return false;
    }
    if (!type.empty()) {
      const auto parsed = ParsePostType(type);
      if (!parsed) {
        return Bad(bad_line::kBadValue,
                   fmt::format("{}: unknown post type {} (expected post, comment, reply, share, quote or reaction)",
                               Where(*ValueOf(r, kType)), Snippet(type)));
      }
      p.type = *parsed;
    }
    if (IsEngagement(p.type) && p.parent.empty()) {
      return Bad(bad_line::kMissingField, fmt::format("a post of type \"{}\" needs a parent, and {} is empty",
                                                      Name(p.type), ValueOf(r, kParent) != nullptr
                                                                        ? Where(*ValueOf(r, kParent))
                                                                        : std::string("\"parent\" is not mapped")));
    }
    ListField(r, kUrls, p.urls);
    ListField(r, kHashtags, p.hashtags);
    ListField(r, kMentions, p.mentions);
    ListField(r, kMedia, p.media);
    if (!p.text.empty() && r.text_entities != Record::TextEntities::kNever) {
      const bool always = r.text_entities == Record::TextEntities::kAlways;
      const bool urls = !always && r.index_of[kUrls] >= 0, tags = !always && r.index_of[kHashtags] >= 0,
                 mentions = !always && r.index_of[kMentions] >= 0;
      if (!urls || !tags || !mentions) {
        ExtractEntities(p.text, urls ? nullptr : &p.urls, tags ? nullptr : &p.hashtags, mentions ? nullptr : &p.mentions);
      }
    }
    for (auto* list : {&p.urls, &p.hashtags, &p.mentions, &p.media}) Unique(*list);
    return true;
  }

  bool BuildActor(const Record& r, ActorRecord& a) {
    std::string_view type;
    if (!Platform(r, kPlatform, a.platform) || !Str(r, kId, a.id, true) || !Str(r, kType, type, false) ||
        !Str(r, kHandle, a.handle, false) || !Str(r, kName, a.name, false) || !Str(r, kBio, a.bio, false) ||
        !Str(r, kUrl, a.url, false) || !Str(r, kLocation, a.location, false) || !Str(r, kLang, a.lang, false) ||
        !Str(r, kAvatar, a.avatar, false) || !TimeField(r, kCreated, a.created, false) ||
        !CountField(r, kFollowers, a.followers) || !CountField(r, kFollowing, a.following) ||
        !BoolField(r, kVerified, a.verified)) {
      return false;
    }
    if (!type.empty()) {
      const auto parsed = ParseActorType(type);
      if (!parsed) {
        return Bad(bad_line::kBadValue, fmt::format("{}: unknown actor type {} (expected account, page, group or channel)",
                                                    Where(*ValueOf(r, kType)), Snippet(type)));
      }
      a.type = *parsed;
    }
    ListField(r, kInfra, a.infra);
    return true;
  }

  bool BuildRelation(const Record& r, RelationRecord& rel) {
    return Platform(r, kPlatform, rel.platform) && Str(r, kFrom, rel.from, true) && Str(r, kTo, rel.to, true) &&
           Str(r, kType, rel.type_name, true) && TimeField(r, kTime, rel.time, false);
  }

  // ---- one row
  RowOutcome Row() {
    arena_.clear();
    list_storage_.clear();
    for (const SkipRule& rule : spec_.skips) {
      const Value* used = &rule.value;
      const std::string_view text = Scalar(rule.value, &used);
      const bool skip = rule.equals.empty() ? text.empty()
                                            : std::find(rule.equals.begin(), rule.equals.end(), text) != rule.equals.end();
      if (skip) {
        context_.Skip(rule.reason);
        return RowOutcome::kSkipped;
      }
    }
    posts_.clear();
    actors_.clear();
    relations_.clear();
    for (const Record& r : spec_.records) {
      if (r.when) {
        const Value* used = &*r.when;
        if (Scalar(*r.when, &used).empty()) continue;
      }
      switch (r.kind) {
        case Kind::kPost:
          posts_.push_back({&r, {}});
          if (!BuildPost(r, posts_.back().second)) return RowOutcome::kBad;
          break;
        case Kind::kActor: {
          actors_.push_back({&r, {}});
          lenient_ = r.merge;
          const bool built = BuildActor(r, actors_.back().second);
          lenient_ = false;
          if (!built) return RowOutcome::kBad;
          break;
        }
        case Kind::kRelation:
          relations_.push_back({});
          if (!BuildRelation(r, relations_.back())) return RowOutcome::kBad;
          break;
      }
    }
    return Commit();
  }

  RowOutcome Commit() {
    Store& store = context_.store;
    // Check first, so that a bad row adds nothing. A row with one plain post
    // (the common case) is checked by adding that post first: AddPost adds
    // nothing when the id is taken, and saves a second lookup per row.
    for (auto& [record, a] : actors_) {
      if (record->merge) continue;
      const ActorId existing = store.FindActor(a.platform, a.id);
      if (existing != kNone && store.actors().has_record[existing]) {
        Bad(bad_line::kDuplicateId,
            fmt::format("duplicate id: actor {} on {} already has a record", Snippet(a.id), a.platform));
        return RowOutcome::kBad;
      }
    }
    const bool single = posts_.size() == 1 && !posts_[0].first->merge;
    if (!single && !CheckPosts()) return RowOutcome::kBad;
    bool merged = false;
    for (auto& [record, p] : posts_) {
      const PostId existing = record->merge ? store.FindPost(p.platform, p.id) : kNone;
      if (existing != kNone) {
        Dedupe(existing, p);
        store.AddPostValues(existing, p);
        merged = true;
        continue;
      }
      if (store.AddPost(p) == AddResult::kDuplicate) {  // only when `single`: CheckPosts saw the others
        Bad(bad_line::kDuplicateId, fmt::format("duplicate id: post {} on {} was read before", Snippet(p.id), p.platform));
        return RowOutcome::kBad;
      }
      ++context_.summary.posts;
      if (record->merge) Dedupe(static_cast<PostId>(store.posts().size() - 1), p);
    }
    for (auto& [record, a] : actors_) {
      if (record->merge) {
        if (store.MergeActor(a) == AddResult::kAdded) ++context_.summary.actors;
      } else {
        store.SetActor(a);
        ++context_.summary.actors;
      }
    }
    for (const RelationRecord& rel : relations_) {
      store.AddRelation(rel);
      ++context_.summary.relations;
    }
    return merged && posts_.size() == 1 && actors_.empty() && relations_.empty() ? RowOutcome::kMerged
                                                                                   : RowOutcome::kUsed;
  }

  // Posts whose id was read before: fine when merged and consistent.
  bool CheckPosts() {
    const Store& store = context_.store;
    for (auto& [record, p] : posts_) {
      const PostId existing = store.FindPost(p.platform, p.id);
      if (existing == kNone) continue;
      if (!record->merge) {
        return Bad(bad_line::kDuplicateId,
                   fmt::format("duplicate id: post {} on {} was read before", Snippet(p.id), p.platform));
      }
      const auto& posts = store.posts();
      if (store.Str(store.actors().ext_id[posts.actor[existing]]) != p.actor || posts.time[existing] != p.time ||
          store.Str(posts.parent_ext[existing]) != p.parent) {
        return Bad(bad_line::kDuplicateId,
                   fmt::format("duplicate id: post {} on {} was read before with another author, time or parent",
                               Snippet(p.id), p.platform));
      }
    }
    return true;
  }

  // Drops list values a merged post already has (and remembers the new ones).
  void Dedupe(PostId post, PostRecord& p) {
    int field = 0;
    for (auto* list : {&p.urls, &p.hashtags, &p.mentions, &p.media}) {
      size_t kept = 0;
      for (const std::string_view v : *list) {
        const uint64_t key = HashBytes(v, MixHash((uint64_t{post} << 2) | static_cast<uint64_t>(field)));
        if (seen_values_.insert(key).second) (*list)[kept++] = v;
      }
      list->resize(kept);
      ++field;
    }
  }

  void Count(RowOutcome outcome, uint64_t line, std::string_view raw) {
    switch (outcome) {
      case RowOutcome::kUsed: ++context_.summary.used; break;
      case RowOutcome::kMerged: ++context_.summary.merged; break;
      case RowOutcome::kSkipped: break;  // counted by Skip()
      case RowOutcome::kBad:
        ++context_.summary.quarantined;
        context_.quarantine.Add(context_.source.path(), line, raw, category_, reason_);
        break;
    }
  }

  void Quarantine(uint64_t line, std::string_view raw, std::string_view category, std::string reason) {
    category_ = category;
    reason_ = std::move(reason);
    Count(RowOutcome::kBad, line, raw);
  }

  // ---- JSON
  void CollectJson(simdjson::dom::element e, const JsonPath& path, size_t depth, Cell& cell) {
    using simdjson::dom::element_type;
    if (depth == path.keys.size()) {
      if (e.type() == element_type::ARRAY) {
        cell.array = true;
        for (const simdjson::dom::element item : Items(e)) AddScalar(item, cell);
      } else {
        AddScalar(e, cell);
      }
      return;
    }
    simdjson::dom::element next;
    if (e.type() == element_type::OBJECT) {
      if (e.get_object().value_unsafe().at_key(path.keys[depth]).get(next) != simdjson::SUCCESS) return;
    } else if (e.type() == element_type::ARRAY) {
      size_t index = 0;
      const std::string& key = path.keys[depth];
      const auto r = std::from_chars(key.data(), key.data() + key.size(), index);
      if (r.ec != std::errc() || r.ptr != key.data() + key.size()) return;
      if (e.get_array().value_unsafe().at(index).get(next) != simdjson::SUCCESS) return;
    } else {
      return;
    }
    if (path.iterate[depth]) {
      if (next.type() != element_type::ARRAY) return;
      cell.array = true;
      for (const simdjson::dom::element item : Items(next)) CollectJson(item, path, depth + 1, cell);
      return;
    }
    CollectJson(next, path, depth + 1, cell);
  }

  void AddScalar(simdjson::dom::element e, Cell& cell) {
    using simdjson::dom::element_type;
    std::string_view text;
    char buffer[32];
    switch (e.type()) {
      case element_type::STRING: text = e.get_string().value_unsafe(); break;
      case element_type::INT64: {
        const auto r = std::to_chars(buffer, buffer + sizeof buffer, e.get_int64().value_unsafe());
        text = Keep(std::string(buffer, r.ptr));
        break;
      }
      case element_type::UINT64: {
        const auto r = std::to_chars(buffer, buffer + sizeof buffer, e.get_uint64().value_unsafe());
        text = Keep(std::string(buffer, r.ptr));
        break;
      }
      case element_type::DOUBLE: {
        const double d = e.get_double().value_unsafe();
        if (std::abs(d) < 1e15 && d == static_cast<double>(static_cast<int64_t>(d))) {
          text = Keep(std::to_string(static_cast<int64_t>(d)));
        } else {
          text = Keep(fmt::format("{}", d));
        }
        break;
      }
      case element_type::BOOL: text = e.get_bool().value_unsafe() ? "true" : "false"; break;
      case element_type::NULL_VALUE: return;
      case element_type::ARRAY:
      case element_type::OBJECT: text = Keep(simdjson::minify(e)); break;
    }
    if (!cell.present) cell.text = text;
    cell.present = true;
    cell.items.push_back(text);
  }

  const Spec& spec_;
  ReadContext& context_;
  std::vector<Cell> cells_;
  std::unordered_set<std::string> nulls_;
  std::deque<std::string> arena_;
  std::deque<std::string> list_storage_;
  std::vector<std::pair<const Record*, PostRecord>> posts_;
  std::vector<std::pair<const Record*, ActorRecord>> actors_;
  std::vector<RelationRecord> relations_;
  std::unordered_set<uint64_t> seen_values_;
  std::string_view category_;
  std::string reason_;
  uint64_t line_ = 0;
  bool lenient_ = false;
};

bool CanBePresent(const Value& v, const std::vector<int>& column_of) {
  switch (v.type) {
    case Value::Type::kConst: return true;
    case Value::Type::kSource:
      return std::any_of(v.sources.begin(), v.sources.end(), [&](int s) { return column_of[s] >= 0; });
    case Value::Type::kTemplate:
      return std::any_of(v.parts.begin(), v.parts.end(), [&](const auto& part) {
        return part.first == kRecordNumber || part.first == kLineNumber || (part.first >= 0 && column_of[part.first] >= 0);
      });
    case Value::Type::kFirstOf:
    case Value::Type::kAll:
      return std::any_of(v.alternatives.begin(), v.alternatives.end(),
                         [&](const Value& a) { return CanBePresent(a, column_of); });
  }
  return false;
}

void MissingNames(const Value& v, const std::vector<int>& column_of, const std::vector<std::string>& names,
                  std::vector<std::string>& out) {
  if (v.type == Value::Type::kSource) {
    for (const int s : v.sources) out.push_back(fmt::format("\"{}\"", names[s]));
  } else if (v.type == Value::Type::kTemplate) {
    for (const auto& part : v.parts) {
      if (part.first >= 0 && column_of[part.first] < 0) out.push_back(fmt::format("\"{}\"", names[part.first]));
    }
  } else if (v.type == Value::Type::kFirstOf || v.type == Value::Type::kAll) {
    for (const Value& a : v.alternatives) MissingNames(a, column_of, names, out);
  }
}

void Reader::ReadCsv() {
  FileSummary& summary = context_.summary;
  CsvOptions options;
  options.delimiter = spec_.delimiter;
  CsvReader reader(context_.source, options);
  std::vector<std::string> header;
  while (reader.Next()) {
    if (reader.blank()) continue;
    if (!reader.problem().empty()) {
      summary.error = fmt::format("{}: the header (line {}) is not valid CSV: {}; the file was not read",
                                  context_.source.path(), reader.line(), reader.problem());
      return;
    }
    for (const std::string_view name : reader.fields()) header.push_back(Lower(Trim(name)));
    break;
  }
  if (header.empty()) {
    summary.lines = context_.source.line_number();
    return;
  }
  std::vector<int> column_of(spec_.sources.size(), -1);
  for (size_t s = 0; s < spec_.sources.size(); ++s) {
    const auto it = std::find(header.begin(), header.end(), spec_.sources[s]);
    if (it != header.end()) column_of[s] = static_cast<int>(it - header.begin());
  }
  // A required field whose columns are all missing would fail every row: say
  // so once, for the file.
  std::vector<std::string> missing;
  for (const Record& r : spec_.records) {
    if (r.when && !CanBePresent(*r.when, column_of)) continue;
    for (const Target t : Required(r.kind)) {
      const Value& v = r.fields[r.index_of[t]].value;
      if (!CanBePresent(v, column_of)) MissingNames(v, column_of, spec_.labels, missing);
    }
  }
  if (!missing.empty()) {
    std::sort(missing.begin(), missing.end());
    missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
    summary.error = fmt::format("{}: the header lacks column(s) {} that format {} needs; the file was not read",
                                context_.source.path(), fmt::join(missing, ", "), spec_.name);
    return;
  }
  for (size_t s = 0; s < cells_.size(); ++s) cells_[s].present = column_of[s] >= 0;
  while (reader.Next()) {
    ++summary.records;
    line_ = reader.line();
    if (reader.blank()) {
      ++summary.blank;
      continue;
    }
    if (!reader.problem().empty()) {
      Quarantine(reader.line(), reader.raw(), "malformed CSV", reader.problem());
    } else {
      const auto fields = reader.fields();
      size_t count = fields.size();
      while (count > header.size() && Trim(fields[count - 1]).empty()) --count;  // trailing empty cells
      if (count != header.size()) {
        Quarantine(reader.line(), reader.raw(), "wrong field count",
                   fmt::format("the row has {} fields, the header has {}", fields.size(), header.size()));
      } else {
        for (size_t s = 0; s < cells_.size(); ++s) {
          if (column_of[s] >= 0) cells_[s].text = fields[column_of[s]];
        }
        Count(Row(), reader.line(), reader.raw());
      }
    }
    if ((summary.records & 255) == 0) context_.ReportProgress();
  }
  summary.lines = context_.source.line_number();
  context_.ReportProgress();
}

void Reader::ReadJsonl() {
  FileSummary& summary = context_.summary;
  simdjson::dom::parser parser;
  std::string buffer;
  std::string_view line;
  LineSource& source = context_.source;
  while (source.Next(line)) {
    ++summary.records;
    line_ = source.line_number();
    if (Trim(line).empty()) {
      ++summary.blank;
      continue;
    }
    buffer.assign(line.data(), line.size());
    buffer.append(simdjson::SIMDJSON_PADDING, '\0');
    simdjson::dom::element doc;
    if (const auto error = parser.parse(buffer.data(), line.size(), false).get(doc)) {
      Quarantine(line_, line, bad_line::kInvalidJson, fmt::format("invalid JSON: {}", simdjson::error_message(error)));
      continue;
    }
    if (doc.type() != simdjson::dom::element_type::OBJECT) {
      Quarantine(line_, line, bad_line::kInvalidJson, "invalid JSON: expected an object");
      continue;
    }
    arena_.clear();
    for (size_t s = 0; s < cells_.size(); ++s) {
      Cell& cell = cells_[s];
      cell.present = false;
      cell.array = false;
      cell.text = {};
      cell.items.clear();
      CollectJson(doc, spec_.paths[s], 0, cell);
    }
    // Row() clears the arena: keep the JSON texts alive by moving them aside.
    std::deque<std::string> cell_texts;
    cell_texts.swap(arena_);
    Count(Row(), line_, line);
    if ((summary.records & 255) == 0) context_.ReportProgress();
  }
  summary.lines = source.line_number();
  context_.ReportProgress();
}

class MappingFormat final : public Format {
 public:
  explicit MappingFormat(Spec spec) : spec_(std::move(spec)) {}

  std::string_view name() const override { return spec_.name; }
  std::string_view description() const override { return spec_.description; }

  int Sniff(std::string_view path, std::string_view head) const override {
    if (spec_.detect.empty()) return 0;
    if (!spec_.extensions.empty()) {
      const bool match = std::any_of(spec_.extensions.begin(), spec_.extensions.end(), [&](const std::string& e) {
        return path.ends_with(e) || path.find(e + ".") != std::string_view::npos;
      });
      if (!match) return 0;
    }
    const int score = 60 + static_cast<int>(std::min<size_t>(spec_.detect.size(), 39));
    if (spec_.input == InputKind::kCsv) {
      std::vector<std::string> header = FirstCsvRecord(head, spec_.delimiter);
      for (std::string& name : header) name = Lower(Trim(name));
      const auto has = [&](const std::string& c) { return std::find(header.begin(), header.end(), c) != header.end(); };
      if (!std::all_of(spec_.detect.begin(), spec_.detect.end(), has)) return 0;
      if (std::any_of(spec_.absent.begin(), spec_.absent.end(), has)) return 0;
      return score;
    }
    const size_t start = head.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos || head[start] != '{') return 0;
    const std::string_view first = head.substr(start, head.find('\n', start) - start);
    const auto has = [&](const std::string& key) {
      const size_t dot = key.rfind('.');
      std::string last = key.substr(dot == std::string::npos ? 0 : dot + 1);
      if (last.ends_with("[]")) last.resize(last.size() - 2);
      return first.find("\"" + last + "\"") != std::string_view::npos;
    };
    if (!std::all_of(spec_.detect.begin(), spec_.detect.end(), has)) return 0;
    if (std::any_of(spec_.absent.begin(), spec_.absent.end(), has)) return 0;
    return score;
  }

  void Read(ReadContext& context) const override {
    Reader reader(spec_, context);
    if (spec_.input == InputKind::kCsv) {
      reader.ReadCsv();
    } else {
      reader.ReadJsonl();
    }
    if (!context.source.error().empty() && context.summary.error.empty()) context.summary.error = context.source.error();
  }

 private:
  Spec spec_;
};

#include "unmask/ingest/builtin_mappings.inc"  // kBuiltinMappings: {name, json text}

}  // namespace

Result<std::unique_ptr<Format>> LoadMapping(std::string_view json_text, std::string_view origin) {
  Spec spec;
  spec.origin = std::string(origin);
  try {
    const json root = json::parse(json_text.begin(), json_text.end(), nullptr, true, true);
    Loader(spec).Load(root);
  } catch (const json::exception& e) {
    return Status::Error(fmt::format("{}: not valid JSON: {}", origin, e.what()));
  } catch (const LoadError& e) {
    return Status::Error(fmt::format("{}: {}", origin, e.what()));
  }
  return std::unique_ptr<Format>(std::make_unique<MappingFormat>(std::move(spec)));
}

Result<std::unique_ptr<Format>> LoadMappingFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(fmt::format("cannot read mapping file {}", path));
  std::ostringstream text;
  text << in.rdbuf();
  return LoadMapping(text.str(), path);
}

std::span<const Format* const> BuiltinMappings() {
  struct Builtins {
    std::vector<std::unique_ptr<Format>> owned;
    std::vector<const Format*> views;
  };
  static const Builtins builtins = [] {
    Builtins out;
    for (const auto& [name, text] : kBuiltinMappings) {
      auto loaded = LoadMapping(text, fmt::format("built-in mapping {}", name));
      if (!loaded.ok()) {
        // A broken built-in is a programmer error that the tests catch.
        fmt::print(stderr, "internal error: {}\n", loaded.status().message());
        std::abort();
      }
      out.views.push_back(loaded->get());
      out.owned.push_back(std::move(*loaded));
    }
    return out;
  }();
  return builtins.views;
}

std::string_view BuiltinMappingText(std::string_view name) {
  for (const auto& [builtin, text] : kBuiltinMappings) {
    if (builtin == name) return text;
  }
  return {};
}

}  // namespace unmask
