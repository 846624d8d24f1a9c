#include "unmask/ingest/mapping.hpp"

#include <gtest/gtest.h>

#include <string>

#include "unmask/ingest/ingest.hpp"
#include "unmask/ingest/ingest_test_util.hpp"

namespace unmask {
namespace {

using testing::TempDir;
using testing::WriteFile;

std::string LoadError(std::string_view json) {
  auto loaded = LoadMapping(json, "m.json");
  return loaded.ok() ? std::string() : loaded.status().message();
}

TEST(Mapping, LoaderSaysWhereAMappingIsWrong) {
  EXPECT_EQ(LoadError("{"), LoadError("{"));  // stable
  EXPECT_NE(LoadError("{").find("m.json: not valid JSON"), std::string::npos);
  EXPECT_NE(LoadError(R"({"platform": "x", "records": []})").find("missing key \"format\""), std::string::npos);
  EXPECT_EQ(LoadError(R"({"format": "f", "platform": "x", "records": [{"kind": "post", "fields": {"id": "a", "actor": "b"}}]})"),
            "m.json: records[0].fields: a post needs \"time\"");
  EXPECT_EQ(LoadError(R"({"format": "f", "records": [{"kind": "actor", "fields": {"id": "a"}}]})"),
            "m.json: records[0].fields: no \"platform\" (give one here or at the top of the mapping)");
  EXPECT_NE(LoadError(R"({"format": "f", "platform": "x", "records": [{"kind": "actor", "fields": {"id": "a", "tme": "b"}}]})")
                .find("records[0].fields.tme: not a field of a actor"),
            std::string::npos);
  EXPECT_NE(LoadError(R"({"format": "f", "platform": "x", "recrods": []})").find("unknown key \"recrods\""),
            std::string::npos);
  EXPECT_EQ(LoadError(R"({"format": "f", "platform": "x", "records": [{"kind": "post", "fields": {"id": "a", "actor": "b", "time": {"column": "t", "time": "iso"}}}]})"),
            "m.json: records[0].fields.time.time: unknown time format \"iso\" (auto, epoch, epoch_ms, days, or a "
            "pattern such as \"%Y-%m-%d %H:%M:%S\")");
  EXPECT_NE(LoadError(R"({"format": "f", "input": "jsonl", "platform": "x", "records": [{"kind": "actor", "fields": {"id": {"column": "a"}}}]})")
                .find("use \"path\" for jsonl input"),
            std::string::npos);
  EXPECT_NE(LoadError(R"({"format": "f", "platform": "x", "records": [{"kind": "actor", "fields": {"id": {"column": "a", "const": "b"}}}]})")
                .find("needs exactly one of"),
            std::string::npos);
  EXPECT_NE(LoadError(R"({"format": "f", "platform": "x", "records": [{"kind": "actor", "fields": {"id": {"column": "a", "ops": [{"frobnicate": 1}]}}}]})")
                .find("records[0].fields.id.ops[0]: unknown key \"frobnicate\""),
            std::string::npos);
  EXPECT_NE(LoadError(R"({"format": "f", "platform": "x", "records": [{"kind": "actor", "fields": {"id": {"template": "{a"}}}]})")
                .find("a '{' is not closed"),
            std::string::npos);
  EXPECT_NE(LoadError(R"({"format": "f", "platform": "x", "records": [{"kind": "actor", "fields": {"id": "a", "followers": {"column": "f", "time": "epoch"}}}]})")
                .find("for time fields only"),
            std::string::npos);
}

TEST(Mapping, BuiltinsLoadAndAreNamedAfterTheirFiles) {
  ASSERT_GE(BuiltinMappings().size(), 14u);
  for (const Format* format : BuiltinMappings()) {
    EXPECT_FALSE(BuiltinMappingText(format->name()).empty()) << format->name();
    EXPECT_FALSE(format->description().empty()) << format->name();
  }
}

struct Outcome {
  std::unique_ptr<Store> store = std::make_unique<Store>();
  std::unique_ptr<Quarantine> quarantine_owner = std::make_unique<Quarantine>();
  Quarantine& quarantine = *quarantine_owner;
  IngestSummary summary;
  std::string error;
};

std::unique_ptr<Outcome> Ingest(const std::string& mapping, const std::string& data, const std::string& name = "data.csv") {
  TempDir dir;
  WriteFile(dir.File("m.json"), mapping);
  WriteFile(dir.File(name), data);
  auto outcome = std::make_unique<Outcome>();
  Outcome& run = *outcome;
  IngestOptions options;
  options.show_progress = false;
  options.format = dir.File("m.json");
  const std::vector<std::string> paths = {dir.File(name)};
  auto result = IngestFiles(paths, *run.store, run.quarantine, options);
  if (!result.ok()) {
    run.error = result.status().message();
  } else {
    run.summary = *result;
    run.store->Finalize();
  }
  return outcome;
}

std::vector<std::string> Values(const Store& s, const ListColumn& column, PostId p) {
  std::vector<std::string> out;
  for (const StrId v : column.Row(p)) out.emplace_back(s.Str(v));
  return out;
}

TEST(Mapping, OperationsTemplatesAndLists) {
  const std::string mapping = R"({
    "format": "ops", "platform": "x", "null": ["NA"],
    "skip": [{"column": "who", "equals": ["[deleted]"], "reason": "deleted"}],
    "records": [{"kind": "post", "text_entities": "always", "fields": {
      "id": {"template": "{{{id}}}-{#}"},
      "actor": {"column": "who", "ops": [{"strip_prefix": ["@", "u/"]}, {"lower": true}]},
      "time": {"column": "when", "time": ["epoch", "%d/%m/%Y"]},
      "type": {"first_of": [{"column": "parent", "ops": [{"if_contains": "_"}, {"nonempty": "reply"}]}, {"const": "post"}]},
      "parent": {"column": "parent", "ops": [{"if_contains": "_"}, {"after": "_"}]},
      "lang": {"column": "lang", "ops": [{"map": {"English": "en"}, "else": "other"}]},
      "text": "text",
      "urls": ["link", {"column": "links", "list": "split", "separator": " | "}],
      "hashtags": {"column": "tags", "ops": [{"prefix": "t:"}]}
    }}]})";
  const std::string data =
      "id,who,when,parent,lang,text,link,links,tags\n"
      "7,@Ann,1600000000,,English,see https://a.example #x,https://b.example,https://c.example | https://d.example,\"[p, q]\"\n"
      "8,u/BOB,01/02/2020,t1_7,French,NA,NA,,[]\n"
      "9,[deleted],1,,,,,,\n";
  const auto owned = Ingest(mapping, data);
  const Outcome& run = *owned;
  ASSERT_EQ(run.error, "");
  const Store& s = *run.store;
  EXPECT_EQ(run.summary.posts, 2u);
  EXPECT_EQ(run.summary.skipped, 1u);
  const PostId a = s.FindPost("x", "{7}-1");
  ASSERT_NE(a, kNone);
  EXPECT_EQ(s.Str(s.actors().ext_id[s.posts().actor[a]]), "ann");
  EXPECT_EQ(s.posts().type[a], PostType::kPost);
  EXPECT_EQ(s.Str(s.posts().lang[a]), "en");
  EXPECT_EQ(Values(s, s.posts().urls, a),
            (std::vector<std::string>{"https://b.example", "https://c.example", "https://d.example", "https://a.example"}));
  EXPECT_EQ(Values(s, s.posts().hashtags, a), (std::vector<std::string>{"t:p", "t:q", "x"}));
  const PostId b = s.FindPost("x", "{8}-2");
  ASSERT_NE(b, kNone);
  EXPECT_EQ(s.posts().type[b], PostType::kReply);
  EXPECT_EQ(s.Str(s.posts().parent_ext[b]), "7");
  EXPECT_EQ(s.posts().time[b], 1580515200);  // 1 Feb 2020, day first
  EXPECT_EQ(s.Str(s.posts().lang[b]), "other");
  EXPECT_EQ(s.Str(s.posts().text[b]), "");  // "NA" is a null
}

TEST(Mapping, MergedPostsMustAgree) {
  const std::string mapping = R"({"format": "m", "platform": "x", "records": [{"kind": "post", "merge": true, "fields": {
      "id": "id", "actor": "who", "time": "t", "urls": "u"}}]})";
  const auto owned = Ingest(mapping, "id,who,t,u\n1,a,10,http://x.example/1\n1,a,10,http://x.example/2\n1,a,10,http://x.example/1\n1,b,10,http://x.example/3\n");
  const Outcome& run = *owned;
  ASSERT_EQ(run.error, "");
  EXPECT_EQ(run.summary.posts, 1u);
  EXPECT_EQ(run.summary.merged, 2u);
  EXPECT_EQ(run.summary.quarantined, 1u);
  EXPECT_NE(run.quarantine.examples()[0].reason.find("another author, time or parent"), std::string::npos);
  const PostId p = run.store->FindPost("x", "1");
  EXPECT_EQ(Values(*run.store, run.store->posts().urls, p),
            (std::vector<std::string>{"http://x.example/1", "http://x.example/2"}));
}

TEST(Mapping, JsonPaths) {
  const std::string mapping = R"({"format": "j", "input": "jsonl", "platform": "p",
    "records": [
      {"kind": "post", "fields": {"id": "id", "actor": "user.id", "time": "meta.0",
        "hashtags": "entities.tags[].name", "text": {"path": ["text.full", "text.short"]}}},
      {"kind": "actor", "merge": true, "when": "user.name", "fields": {"id": "user.id", "name": "user.name",
        "followers": "user.n", "verified": "user.v"}}]})";
  const std::string data =
      R"({"id": 5, "user": {"id": 12345678901234, "name": "N", "n": 3.0, "v": true}, "meta": ["2020-01-01T00:00:00Z"], "entities": {"tags": [{"name": "a"}, {"name": 7}, {"x": 1}]}, "text": {"short": "s"}})"
      "\n"
      R"({"id": "6", "user": {"id": "u2"}, "meta": [1577836800], "text": {"full": "f", "short": "s"}, "entities": null})"
      "\n"
      R"({"id": "7", "user": {"id": "u3"}, "meta": []})"
      "\n[1, 2]\nnot json\n";
  const auto owned = Ingest(mapping, data, "data.jsonl");
  const Outcome& run = *owned;
  ASSERT_EQ(run.error, "");
  const Store& s = *run.store;
  EXPECT_EQ(run.summary.posts, 2u);
  EXPECT_EQ(run.summary.quarantined, 3u);
  const PostId five = s.FindPost("p", "5");
  ASSERT_NE(five, kNone);
  EXPECT_EQ(Values(s, s.posts().hashtags, five), (std::vector<std::string>{"a", "7"}));
  EXPECT_EQ(s.Str(s.posts().text[five]), "s");
  const ActorId user = s.FindActor("p", "12345678901234");
  ASSERT_NE(user, kNone);
  EXPECT_EQ(s.actors().followers[user], 3);
  EXPECT_EQ(s.actors().verified[user], 1);
  EXPECT_EQ(s.Str(s.posts().text[s.FindPost("p", "6")]), "f");
  EXPECT_EQ(s.actors().has_record[s.FindActor("p", "u2")], 0);  // "when" had no name
}

TEST(Mapping, BadSnapshotValuesDoNotCostThePost) {
  const std::string mapping = R"({"format": "m", "platform": "x", "records": [
      {"kind": "post", "fields": {"id": "id", "actor": "who", "time": "t"}},
      {"kind": "actor", "merge": true, "fields": {"id": "who", "followers": "f"}}]})";
  const auto owned = Ingest(mapping, "id,who,t,f\n1,a,10,lots\n2,a,11,5\n");
  const Outcome& run = *owned;
  ASSERT_EQ(run.error, "");
  EXPECT_EQ(run.summary.posts, 2u);
  EXPECT_EQ(run.summary.quarantined, 0u);
  ASSERT_EQ(run.summary.files[0].notes.size(), 1u);
  EXPECT_EQ(run.store->actors().followers[run.store->FindActor("x", "a")], 5);
}

TEST(Mapping, WrongFieldCountAndMalformedCsv) {
  const std::string mapping = R"({"format": "m", "platform": "x", "records": [{"kind": "actor", "fields": {"id": "id"}}]})";
  const auto owned = Ingest(mapping, "id,b\n1,2\n3\n4,5,,\n5,6,7\n\"6,7\n8,9\n");
  const Outcome& run = *owned;
  ASSERT_EQ(run.error, "");
  const FileSummary& f = run.summary.files[0];
  EXPECT_EQ(f.records, 6u);
  EXPECT_EQ(f.used, 3u);  // 1, 4 (trailing empty cells), 8
  EXPECT_EQ(f.quarantined, 3u);
  EXPECT_EQ(run.quarantine.count("wrong field count"), 2u);
  EXPECT_EQ(run.quarantine.count("malformed CSV"), 1u);
}

}  // namespace
}  // namespace unmask
