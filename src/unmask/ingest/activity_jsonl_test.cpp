#include "unmask/ingest/activity_jsonl.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "unmask/core/time.hpp"
#include "unmask/ingest/ingest_test_util.hpp"

namespace unmask {
namespace {

using testing::Dump;

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    lines.emplace_back(text.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

std::vector<std::string> SpecLines() { return SplitLines(testing::kSpecExample); }

TEST(ActivityJsonl, SpecExample) {
  Store store;
  ActivityJsonlParser parser;
  const std::vector<LineOutcome> expected = {LineOutcome::kActor, LineOutcome::kActor, LineOutcome::kPost,
                                             LineOutcome::kPost, LineOutcome::kRelation};
  const auto lines = SpecLines();
  ASSERT_EQ(lines.size(), expected.size());
  for (size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(parser.Parse(lines[i], store), expected[i]) << parser.reason();
  store.Finalize();

  const ActorId lucy = store.FindActor("facebook", "100081");
  const ActorId page = store.FindActor("facebook", "p-2231");
  ASSERT_NE(lucy, kNone);
  ASSERT_NE(page, kNone);
  const ActorTable& a = store.actors();
  EXPECT_EQ(a.size(), 2u);
  EXPECT_EQ(a.type[lucy], ActorType::kAccount);
  EXPECT_EQ(store.Str(a.handle[lucy]), "lucy.w8812");
  EXPECT_EQ(a.created[lucy], *ParseTimestamp("2022-03-14T02:10:00Z"));
  EXPECT_EQ(a.followers[lucy], 12);
  EXPECT_EQ(a.following[lucy], kUnknownCount);
  EXPECT_EQ(a.verified[lucy], -1);
  EXPECT_EQ(store.Str(a.lang[lucy]), "zh");
  EXPECT_EQ(a.type[page], ActorType::kPage);
  EXPECT_EQ(store.Str(a.name[page]), "Beautiful Xinjiang");
  EXPECT_EQ(a.followers[page], 140);
  EXPECT_EQ(a.has_record[page], 1);

  const PostTable& p = store.posts();
  ASSERT_EQ(p.size(), 2u);
  const PostId post = store.FindPost("facebook", "9001");
  const PostId comment = store.FindPost("facebook", "9002");
  ASSERT_NE(post, kNone);
  ASSERT_NE(comment, kNone);
  EXPECT_EQ(p.actor[post], page);
  EXPECT_EQ(p.type[post], PostType::kPost);
  EXPECT_EQ(p.time[post], *ParseTimestamp("2023-05-02T02:31:00Z"));
  EXPECT_EQ(store.Str(p.text[post]), "...");
  ASSERT_EQ(p.urls.Row(post).size(), 1u);
  EXPECT_EQ(store.Str(p.urls.Row(post)[0]), "https://www.youtube.com/watch?v=abc");
  EXPECT_EQ(p.parent[post], kNone);
  EXPECT_EQ(p.actor[comment], lucy);
  EXPECT_EQ(p.type[comment], PostType::kComment);
  EXPECT_EQ(p.parent[comment], post);
  EXPECT_EQ(store.Str(p.text[comment]), "Great!");
  EXPECT_EQ(store.UnresolvedParents(), 0u);

  const RelationTable& r = store.relations();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.from[0], lucy);
  EXPECT_EQ(r.to[0], page);
  EXPECT_EQ(r.type[0], RelationType::kAdmin);
}

// A richer set of records, in an order where references come first.
std::vector<std::string> OrderedScenario() {
  return {
      R"({"kind":"actor","platform":"x","id":"a1","handle":"alice","verified":true,"infra":["ip:1","dev:9"]})",
      R"({"kind":"actor","platform":"x","id":"a2","handle":"bob","following":3})",
      R"({"kind":"actor","platform":"x","id":"g1","type":"group","name":"G"})",
      R"({"kind":"post","platform":"x","id":"p1","actor":"a1","time":1683000000,"text":"#Hello @bob https://a.com/x."})",
      R"({"kind":"post","platform":"x","id":"p2","actor":"a2","time":"2023-05-02T04:00:00+02:00","type":"reply","parent":"p1","in":"g1"})",
      R"({"kind":"post","platform":"x","id":"p3","actor":"a2","time":1683000100,"type":"share","parent":"p2","media":["h:1"]})",
      R"({"kind":"post","platform":"x","id":"p4","actor":"a1","time":1683000200,"type":"reaction","parent":"p3","reaction":"like"})",
      R"({"kind":"post","platform":"tiktok","id":"t1","actor":"a1","time":1683000300,"type":"quote","parent":"p1","parent_platform":"x"})",
      R"({"kind":"relation","platform":"x","from":"a2","to":"a1","type":"follows","time":1600000000})",
      R"({"kind":"relation","platform":"x","from":"a1","to":"g1","type":"member"})",
  };
}

TEST(ActivityJsonl, RecordsInAnyOrderResolveAfterFinalize) {
  std::vector<std::string> lines = OrderedScenario();
  std::string reference;
  std::mt19937_64 rng(3);
  for (int round = 0; round < 20; ++round) {
    if (round > 0) std::shuffle(lines.begin(), lines.end(), rng);
    if (round == 1) std::reverse(lines.begin(), lines.end());  // every reply before its parent
    Store store;
    ActivityJsonlParser parser;
    for (const auto& line : lines) ASSERT_NE(parser.Parse(line, store), LineOutcome::kBad) << parser.reason();
    store.Finalize();
    const PostTable& p = store.posts();
    EXPECT_EQ(store.UnresolvedParents(), 0u);
    EXPECT_EQ(p.parent[store.FindPost("x", "p2")], store.FindPost("x", "p1"));
    EXPECT_EQ(p.parent[store.FindPost("x", "p4")], store.FindPost("x", "p3"));
    EXPECT_EQ(p.parent[store.FindPost("tiktok", "t1")], store.FindPost("x", "p1"));
    EXPECT_EQ(p.in[store.FindPost("x", "p2")], store.FindActor("x", "g1"));
    EXPECT_EQ(store.actors().has_record[store.FindActor("x", "a1")], 1);
    const std::string dump = Dump(store);
    if (round == 0) {
      reference = dump;
    } else {
      EXPECT_EQ(dump, reference) << "round " << round;
    }
  }
  // Entities came from the text of p1.
  EXPECT_NE(reference.find("urls=[https://a.com/x,] hashtags=[Hello,] mentions=[bob,]"), std::string::npos)
      << reference;
}

struct BadCase {
  std::string line;
  std::string_view category;
  std::string reason;  // expected exactly, or as a prefix when it ends with "..."
};

TEST(ActivityJsonl, EachKindOfBadLineHasItsReason) {
  const std::string post = R"("kind":"post","platform":"x","id":"p1","actor":"a1")";
  const std::string time = R"("time":"2023-05-02T02:31:00Z")";
  const std::vector<BadCase> cases = {
      {"not json", bad_line::kInvalidJson, "invalid JSON: ..."},
      {"{\"kind\":\"post\"", bad_line::kInvalidJson, "invalid JSON: ..."},
      {R"({"kind":"post"} trailing)", bad_line::kInvalidJson, "invalid JSON: ..."},
      {"{\"kind\":\"actor\",\"platform\":\"x\",\"id\":\"\xff\"}", bad_line::kInvalidJson,
       "invalid JSON: not valid UTF-8"},
      {R"({"kind":"actor","platform":"x","id":"1","junk":tru})", bad_line::kInvalidJson, "invalid JSON: ..."},
      {R"([{"kind":"actor"}])", bad_line::kInvalidJson, "invalid JSON: expected an object, got an array"},
      {R"("just a string")", bad_line::kInvalidJson, "invalid JSON: expected an object, got \"just a string\""},
      {R"({"platform":"x","id":"1"})", bad_line::kMissingField,
       R"(missing field "kind" (expected "actor", "post" or "relation"))"},
      {R"({"kind":5})", bad_line::kWrongType, R"(field "kind": expected a string, got 5)"},
      {R"({"kind":"tweet"})", bad_line::kUnknownKind,
       R"(field "kind": unknown kind "tweet" (expected "actor", "post" or "relation"))"},
      {R"({"kind":"actor","id":"1"})", bad_line::kMissingField,
       R"(missing field "platform" (required for kind "actor"))"},
      {R"({"kind":"actor","platform":"x"})", bad_line::kMissingField,
       R"(missing field "id" (required for kind "actor"))"},
      {R"({"kind":"actor","platform":"x","id":null})", bad_line::kMissingField,
       R"(missing field "id" (required for kind "actor"))"},
      {R"({"kind":"actor","platform":"","id":"1"})", bad_line::kBadValue, R"(field "platform": must not be empty)"},
      {R"({"kind":"actor","platform":"x","id":1.5})", bad_line::kWrongType,
       R"(field "id": expected a string id (or an integer), got 1.5)"},
      {R"({"kind":"actor","platform":"x","id":["1"]})", bad_line::kWrongType,
       R"(field "id": expected a string id (or an integer), got an array)"},
      {R"({"kind":"actor","platform":"x","id":"1","followers":"12"})", bad_line::kWrongType,
       R"(field "followers": expected an integer, got "12")"},
      {R"({"kind":"actor","platform":"x","id":"1","followers":-3})", bad_line::kBadValue,
       R"(field "followers": must not be negative, got -3)"},
      {R"({"kind":"actor","platform":"x","id":"1","following":2.5})", bad_line::kWrongType,
       R"(field "following": expected an integer, got 2.5)"},
      {R"({"kind":"actor","platform":"x","id":"1","verified":"yes"})", bad_line::kWrongType,
       R"(field "verified": expected true or false, got "yes")"},
      {R"({"kind":"actor","platform":"x","id":"1","type":"bot"})", bad_line::kBadValue,
       R"(field "type": unknown actor type "bot" (expected account, page, group or channel))"},
      {R"({"kind":"actor","platform":"x","id":"1","created":"March 2022"})", bad_line::kBadTimestamp,
       R"(field "created": expected ISO 8601 timestamp with zone or epoch seconds, got "March 2022")"},
      {R"({"kind":"actor","platform":"x","id":"1","infra":"ip:1"})", bad_line::kWrongType,
       R"(field "infra": expected an array of strings, got "ip:1")"},
      {R"({"kind":"actor","platform":"x","id":"1","handle":{"a":1}})", bad_line::kWrongType,
       R"(field "handle": expected a string, got an object)"},
      {"{" + post + "}", bad_line::kMissingField, R"(missing field "time" (required for kind "post"))"},
      {R"({"kind":"post","platform":"x","id":"p1",)" + time + "}", bad_line::kMissingField,
       R"(missing field "actor" (required for kind "post"))"},
      {"{" + post + R"(,"time":"yesterday"})", bad_line::kBadTimestamp,
       R"(field "time": expected ISO 8601 timestamp with zone or epoch seconds, got "yesterday")"},
      {"{" + post + R"(,"time":"2023-05-02T02:31:00"})", bad_line::kBadTimestamp,
       R"(field "time": expected ISO 8601 timestamp with zone or epoch seconds, got "2023-05-02T02:31:00")"},
      {"{" + post + R"(,"time":1683000000000})", bad_line::kBadTimestamp,
       R"(field "time": expected epoch seconds, got 1683000000000 (milliseconds?))"},
      {"{" + post + R"(,"time":1683000000.5})", bad_line::kBadTimestamp,
       R"(field "time": expected ISO 8601 timestamp with zone or epoch seconds, got 1683000000.5)"},
      {"{" + post + R"(,"time":true})", bad_line::kBadTimestamp,
       R"(field "time": expected ISO 8601 timestamp with zone or epoch seconds, got true)"},
      {"{" + post + "," + time + R"(,"type":"retweet"})", bad_line::kBadValue,
       R"(field "type": unknown post type "retweet" (expected post, comment, reply, share, quote or reaction))"},
      {"{" + post + "," + time + R"(,"type":"reply"})", bad_line::kMissingField,
       R"(missing field "parent" (required for a post of type "reply"))"},
      {"{" + post + "," + time + R"(,"type":"share","parent":""})", bad_line::kBadValue,
       R"(field "parent": must not be empty)"},
      {"{" + post + "," + time + R"(,"urls":["https://a.com",1]})", bad_line::kWrongType,
       R"(field "urls": expected an array of strings, item 1 is 1)"},
      {"{" + post + "," + time + R"(,"hashtags":"tag"})", bad_line::kWrongType,
       R"(field "hashtags": expected an array of strings, got "tag")"},
      {"{" + post + "," + time + R"(,"text":42})", bad_line::kWrongType, R"(field "text": expected a string, got 42)"},
      {R"({"kind":"relation","platform":"x","from":"a","to":"b"})", bad_line::kMissingField,
       R"(missing field "type" (required for kind "relation"))"},
      {R"({"kind":"relation","platform":"x","from":"a","to":"b","type":""})", bad_line::kBadValue,
       R"(field "type": must not be empty)"},
      {R"({"kind":"relation","platform":"x","to":"b","type":"follows"})", bad_line::kMissingField,
       R"(missing field "from" (required for kind "relation"))"},
      {R"({"kind":"relation","platform":"x","from":"a","to":"b","type":"follows","time":"soon"})",
       bad_line::kBadTimestamp,
       R"(field "time": expected ISO 8601 timestamp with zone or epoch seconds, got "soon")"},
  };
  for (const BadCase& c : cases) {
    Store store;
    ActivityJsonlParser parser;
    EXPECT_EQ(parser.Parse(c.line, store), LineOutcome::kBad) << c.line;
    EXPECT_EQ(parser.category(), c.category) << c.line << "\n" << parser.reason();
    if (c.reason.size() > 3 && c.reason.ends_with("...")) {
      EXPECT_TRUE(parser.reason().starts_with(c.reason.substr(0, c.reason.size() - 3))) << parser.reason();
      EXPECT_GT(parser.reason().size(), c.reason.size() - 3) << parser.reason();
    } else {
      EXPECT_EQ(parser.reason(), c.reason) << c.line;
    }
    EXPECT_EQ(store.posts().size() + store.relations().size(), 0u) << c.line;
  }
}

TEST(ActivityJsonl, DuplicatesAreRejected) {
  Store store;
  ActivityJsonlParser parser;
  const std::string actor = R"({"kind":"actor","platform":"x","id":"a1","handle":"first"})";
  const std::string post = R"({"kind":"post","platform":"x","id":"p1","actor":"a1","time":1})";
  EXPECT_EQ(parser.Parse(post, store), LineOutcome::kPost);  // creates a1 as a bare reference
  EXPECT_EQ(parser.Parse(actor, store), LineOutcome::kActor);  // so this is its first record
  EXPECT_EQ(parser.Parse(R"({"kind":"actor","platform":"x","id":"a1","handle":"second"})", store), LineOutcome::kBad);
  EXPECT_EQ(parser.category(), bad_line::kDuplicateId);
  EXPECT_EQ(parser.reason(), R"(duplicate id: actor "a1" on x already has a record)");
  EXPECT_EQ(parser.Parse(R"({"kind":"post","platform":"x","id":"p1","actor":"a2","time":2})", store),
            LineOutcome::kBad);
  EXPECT_EQ(parser.category(), bad_line::kDuplicateId);
  EXPECT_EQ(parser.reason(), R"(duplicate id: post "p1" on x was read before)");
  // The same id on another platform is another post.
  EXPECT_EQ(parser.Parse(R"({"kind":"post","platform":"y","id":"p1","actor":"a1","time":1})", store),
            LineOutcome::kPost);
  // Relations have no id: repeats are kept.
  const std::string follows = R"({"kind":"relation","platform":"x","from":"a1","to":"a2","type":"follows"})";
  EXPECT_EQ(parser.Parse(follows, store), LineOutcome::kRelation);
  EXPECT_EQ(parser.Parse(follows, store), LineOutcome::kRelation);
  store.Finalize();
  EXPECT_EQ(store.Str(store.actors().handle[store.FindActor("x", "a1")]), "first");
  EXPECT_EQ(store.posts().size(), 2u);
  EXPECT_EQ(store.actors().has_record[store.FindActor("x", "a2")], 0);
}

TEST(ActivityJsonl, LenientForms) {
  Store store;
  ActivityJsonlParser parser;
  const std::vector<std::string> lines = {
      // Integer ids become their decimal text; epoch seconds as integer or digit string.
      R"({"kind":"actor","platform":"X","id":1234567890123,"bio":null,"followers":null,"verified":false})",
      R"({"kind":"post","platform":"x","id":18446744073709551615,"actor":1234567890123,"time":1683000000})",
      R"({"kind":"post","platform":"x","id":"p2","actor":"1234567890123","time":"1683000001","type":"reply","parent":18446744073709551615})",
      R"({"kind":"relation","platform":"x","from":1,"to":-2,"type":"blocks","time":0})",
      // Unknown fields, even of odd types, and fields of other kinds are ignored.
      R"({"kind":"post","platform":"x","id":"p3","actor":"1","time":"2023-05-02T10:31:00+08:00","followers":"n/a","extra":{"deep":[1,2,{"x":null}]}})",
      R"( {"kind" : "actor" , "platform" : "x" , "id" : "sp" }  )",
      R"({"kind":"actor","platform":"x","id":"esc\"aped\u00e9\ud83d\ude00"})",
  };
  for (const auto& line : lines) EXPECT_NE(parser.Parse(line, store), LineOutcome::kBad) << parser.reason();
  store.Finalize();
  const ActorId a = store.FindActor("x", "1234567890123");
  ASSERT_NE(a, kNone);  // "X" was lower-cased
  EXPECT_EQ(store.PlatformCount(), 1u);
  EXPECT_EQ(store.actors().verified[a], 0);
  EXPECT_EQ(store.actors().followers[a], kUnknownCount);
  const PostId big = store.FindPost("x", "18446744073709551615");
  ASSERT_NE(big, kNone);
  EXPECT_EQ(store.posts().actor[big], a);
  EXPECT_EQ(store.posts().time[big], 1683000000);
  EXPECT_EQ(store.posts().time[store.FindPost("x", "p2")], 1683000001);
  EXPECT_EQ(store.posts().parent[store.FindPost("x", "p2")], big);
  EXPECT_EQ(store.posts().time[store.FindPost("x", "p3")], *ParseTimestamp("2023-05-02T02:31:00Z"));
  EXPECT_NE(store.FindActor("x", "-2"), kNone);
  EXPECT_EQ(store.relations().type[0], RelationType::kOther);
  EXPECT_EQ(store.Str(store.relations().type_name[0]), "blocks");
  EXPECT_NE(store.FindActor("x", "sp"), kNone);
  EXPECT_NE(store.FindActor("x", "esc\"aped\u00e9\U0001F600"), kNone);
}

TEST(ActivityJsonl, EntitiesComeFromTextOnlyWhenAbsent) {
  Store store;
  ActivityJsonlParser parser;
  const std::string text = R"("text":"#Tag @who https://a.com/x")";
  const std::string head = R"({"kind":"post","platform":"x","actor":"a","time":1,)";
  ASSERT_EQ(parser.Parse(head + R"("id":"1",)" + text + "}", store), LineOutcome::kPost);
  ASSERT_EQ(parser.Parse(head + R"("id":"2","urls":[],"hashtags":["given"],)" + text + "}", store),
            LineOutcome::kPost);
  ASSERT_EQ(parser.Parse(head + R"("id":"3","urls":null,"mentions":["m"],)" + text + "}", store), LineOutcome::kPost);
  store.Finalize();
  const std::string dump = Dump(store);
  EXPECT_NE(dump.find("x/1 by=x/a time=1 type=post parent=x/ resolved=- in=- text=#Tag @who https://a.com/x lang= "
                      "client= reaction= urls=[https://a.com/x,] hashtags=[Tag,] mentions=[who,]"),
            std::string::npos)
      << dump;
  EXPECT_NE(dump.find("urls=[] hashtags=[given,] mentions=[who,]"), std::string::npos) << dump;
  EXPECT_NE(dump.find("urls=[https://a.com/x,] hashtags=[Tag,] mentions=[m,]"), std::string::npos) << dump;
}

TEST(ActivityJsonl, BlankLines) {
  Store store;
  ActivityJsonlParser parser;
  for (const char* line : {"", " ", "\t \r", "   \t"}) EXPECT_EQ(parser.Parse(line, store), LineOutcome::kBlank);
}

// Mutations of valid lines: nothing crashes, each line is loaded or rejected
// with a reason, and the store holds exactly the records reported loaded.
// A second parser, given junk lines in between, agrees on every line.
TEST(ActivityJsonl, MutatedLinesAreLoadedOrQuarantined) {
  std::vector<std::string> seeds = SpecLines();
  for (const auto& line : OrderedScenario()) seeds.push_back(line);
  std::mt19937_64 rng(20240501);
  static const char kAlphabet[] = "{}[]\":,\\ 0123456789.-+eEtrufalsnkindpostactor\x00\xff\xc3\xa9\n\r\t";
  const std::string alphabet(kAlphabet, sizeof kAlphabet - 1);
  Store store, other_store;
  ActivityJsonlParser parser, other;
  uint64_t counts[5] = {};
  const int kLines = 5000;
  for (int i = 0; i < kLines; ++i) {
    std::string line = seeds[rng() % seeds.size()];
    const int edits = rng() % 2 == 0 ? 1 : 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !line.empty(); ++e) {
      const size_t at = rng() % line.size();
      switch (rng() % 6) {
        case 0: line[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: line.erase(at, 1 + rng() % 8); break;
        case 2: line.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        case 3: line.resize(at); break;
        case 4: line.insert(at, line.substr(rng() % line.size(), rng() % 16)); break;
        case 5: line[at] = static_cast<char>(rng()); break;
      }
    }
    // Vary ids so that most valid mutants are new records, not duplicates.
    if (rng() % 2 == 0) {
      const size_t id = line.find("\"id\":\"");
      if (id != std::string::npos) line.insert(id + 6, std::to_string(i));
    }
    const LineOutcome outcome = parser.Parse(line, store);
    ++counts[static_cast<int>(outcome)];
    if (outcome == LineOutcome::kBad) {
      EXPECT_FALSE(parser.category().empty());
      EXPECT_FALSE(parser.reason().empty());
    } else {
      EXPECT_TRUE(parser.reason().empty());
    }
    std::string junk(rng() % 3000, 'x');
    for (char& c : junk) c = alphabet[rng() % alphabet.size()];
    other.Parse(junk, other_store);
    const LineOutcome again = other.Parse(line, other_store);
    ASSERT_EQ(again, outcome) << line;
    ASSERT_EQ(other.reason(), parser.reason()) << line;
  }
  uint64_t total = 0;
  for (const uint64_t c : counts) total += c;
  EXPECT_EQ(total, static_cast<uint64_t>(kLines));
  EXPECT_EQ(store.posts().size(), counts[static_cast<int>(LineOutcome::kPost)]);
  EXPECT_EQ(store.relations().size(), counts[static_cast<int>(LineOutcome::kRelation)]);
  uint64_t with_record = 0;
  for (const uint8_t has : store.actors().has_record) with_record += has;
  EXPECT_EQ(with_record, counts[static_cast<int>(LineOutcome::kActor)]);
  // Both outcomes occur in quantity: the mutations are neither all fatal nor all harmless.
  EXPECT_GT(counts[static_cast<int>(LineOutcome::kBad)], 1000u);
  EXPECT_GT(counts[static_cast<int>(LineOutcome::kPost)] + counts[static_cast<int>(LineOutcome::kActor)], 200u);
  store.Finalize();
  other_store.Finalize();
  EXPECT_EQ(Dump(store), Dump(other_store));
}

}  // namespace
}  // namespace unmask
