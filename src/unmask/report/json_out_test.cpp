#include "unmask/report/json_out.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace unmask {
namespace {

using Json = nlohmann::ordered_json;

std::string Dump(const Json& j) { return j.dump(1, ' ', false, Json::error_handler_t::replace); }

// Strings nlohmann escapes or replaces: quotes, backslashes, every control
// character, DEL, well-formed multi-byte UTF-8 (kept as it is) and ill-formed
// UTF-8 (overlong, surrogate, past U+10FFFF, cut short, stray continuation).
TEST(JsonOut, StringsAreEscapedAsNlohmannEscapesThem) {
  std::vector<std::string> strings = {"", "plain", "say \"hi\"", "back\\slash", "tab\there\nnew\rline\b\f",
                                      "\x7f", "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80", "\xc0\xaf",
                                      "\xed\xa0\x80", "\xf4\x90\x80\x80", "cut \xe4\xb8", "stray \x80 byte",
                                      "\xe0\x80\x80", "\xf0\x80\x80\x80", "ok \xef\xbf\xbd", std::string("nul\0in", 6)};
  for (int c = 0; c < 0x20; ++c) strings.push_back(std::string(1, static_cast<char>(c)) + "x");
  for (const std::string& s : strings) {
    std::string out;
    AppendJsonString(out, s);
    EXPECT_EQ(out, Dump(Json(s))) << "for " << Json(s).dump(-1, ' ', true, Json::error_handler_t::replace);
  }
}

TEST(JsonOut, DoublesAreWrittenAsNlohmannWritesThem) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> values = {0.0,    -0.0,   1.0,     0.1,   1.0 / 3,   1e-5,    1.5e-7,     123456789012.0,
                                      1e15,   1e16,   1e21,    1e300, 5e-324,    -2.5,    0.30000000000000004,
                                      0.9995, 12.345, std::nan(""), inf, -inf,   static_cast<double>(0.1f)};
  for (const double x : values) {
    std::string out;
    AppendJsonDouble(out, x);
    EXPECT_EQ(out, Dump(Json(x))) << x;
  }
}

// Nesting, empty containers, keys needing escapes and every kind of value,
// against nlohmann's dump of the same tree.
TEST(JsonOut, DocumentsAreTheTreeDump) {
  const std::map<std::string, std::map<std::string, uint64_t>> counts = {{"x", {{"account", 3}, {"page", 1}}},
                                                                         {"fb", {}}};
  Json want;
  want["empty_object"] = Json::object();
  want["empty_array"] = Json::array();
  want["key \"quoted\"\n"] = -7;
  want["big"] = std::numeric_limits<uint64_t>::max();
  want["small"] = std::numeric_limits<int64_t>::min();
  want["flags"] = {true, false, nullptr};
  want["counts"] = counts;
  want["list"] = std::vector<std::string>{"a", "b"};
  want["hours"] = std::array<uint64_t, 3>{1, 0, 2};
  want["nested"] = {{"deeper", {{"deepest", Json::array({Json::object(), Json::array(), 0.5})}}}};

  std::string text;
  JsonOut out(text);
  out.BeginObject();
  out.Key("empty_object").BeginObject();
  out.EndObject();
  out.Key("empty_array").BeginArray();
  out.EndArray();
  out.Field("key \"quoted\"\n", -7);
  out.Field("big", std::numeric_limits<uint64_t>::max());
  out.Field("small", std::numeric_limits<int64_t>::min());
  out.Key("flags").BeginArray();
  out.Bool(true);
  out.Bool(false);
  out.Null();
  out.EndArray();
  out.Field("counts", counts);
  out.Field("list", std::vector<std::string>{"a", "b"});
  out.Field("hours", std::array<uint64_t, 3>{1, 0, 2});
  out.Key("nested").BeginObject();
  out.Key("deeper").BeginObject();
  out.Key("deepest").BeginArray();
  out.BeginObject();
  out.EndObject();
  out.BeginArray();
  out.EndArray();
  out.Double(0.5);
  out.EndArray();
  out.EndObject();
  out.EndObject();
  out.EndObject();
  EXPECT_EQ(out.depth(), 0u);
  EXPECT_EQ(text, Dump(want));
}

}  // namespace
}  // namespace unmask
