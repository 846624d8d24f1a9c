#pragma once
// Helpers shared by the ingest tests: temporary directories, writing plain,
// gzip and zstd files, and a canonical text dump of a Store to compare.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "unmask/store/store.hpp"

namespace unmask::testing {

/// A fresh directory under the system temp dir, removed at scope end.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "unmask-ingest-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    if (info != nullptr) name += std::string("-") + info->name();
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline void WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// One gzip member holding `bytes`.
inline std::string Gzip(std::string_view bytes, int level = 6) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, static_cast<uLong>(bytes.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

inline std::string Zstd(std::string_view bytes, int level = 3) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  const size_t n = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), level);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

/// Every record of the store as sorted text lines, independent of insertion
/// order and of internal ids: equal dumps mean equal contents. With
/// `sort_lists`, the values of list fields are compared as sets too (for
/// inputs that spread one post's values over rows in any order).
inline std::string Dump(const Store& s, bool sort_lists = false) {
  std::vector<std::string> lines;
  const auto str = [&](StrId id) { return std::string(s.Str(id)); };
  const auto list = [&](const ListColumn& column, uint32_t row) {
    std::vector<std::string> values;
    for (const StrId v : column.Row(row)) values.push_back(str(v));
    if (sort_lists) std::sort(values.begin(), values.end());
    std::string out = "[";
    for (const auto& v : values) out += v + ",";
    return out + "]";
  };
  const ActorTable& a = s.actors();
  const auto actor_name = [&](ActorId id) {
    return id == kNone ? std::string("-") : std::string(s.PlatformName(a.platform[id])) + "/" + str(a.ext_id[id]);
  };
  for (ActorId i = 0; i < a.size(); ++i) {
    std::ostringstream line;
    line << "actor " << actor_name(i) << " record=" << int(a.has_record[i]) << " type=" << Name(a.type[i])
         << " handle=" << str(a.handle[i]) << " name=" << str(a.name[i]) << " bio=" << str(a.bio[i])
         << " url=" << str(a.url[i]) << " location=" << str(a.location[i]) << " lang=" << str(a.lang[i])
         << " avatar=" << str(a.avatar[i]) << " created=" << a.created[i] << " followers=" << a.followers[i]
         << " following=" << a.following[i] << " verified=" << int(a.verified[i]) << " infra=" << list(a.infra, i);
    lines.push_back(line.str());
  }
  const PostTable& p = s.posts();
  for (PostId i = 0; i < p.size(); ++i) {
    std::ostringstream line;
    line << "post " << s.PlatformName(p.platform[i]) << "/" << str(p.ext_id[i]) << " by=" << actor_name(p.actor[i])
         << " time=" << p.time[i] << " type=" << Name(p.type[i]) << " parent=" << s.PlatformName(p.parent_platform[i])
         << "/" << str(p.parent_ext[i]) << " resolved="
         << (p.parent[i] == kNone ? std::string("-") : str(p.ext_id[p.parent[i]])) << " in=" << actor_name(p.in[i])
         << " text=" << str(p.text[i]) << " lang=" << str(p.lang[i]) << " client=" << str(p.client[i])
         << " reaction=" << str(p.reaction[i]) << " urls=" << list(p.urls, i) << " hashtags=" << list(p.hashtags, i)
         << " mentions=" << list(p.mentions, i) << " media=" << list(p.media, i);
    lines.push_back(line.str());
  }
  const RelationTable& r = s.relations();
  for (size_t i = 0; i < r.size(); ++i) {
    std::ostringstream line;
    line << "relation " << actor_name(r.from[i]) << " -> " << actor_name(r.to[i]) << " " << str(r.type_name[i])
         << " time=" << r.time[i];
    lines.push_back(line.str());
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

/// The example of the activity-format spec, verbatim.
inline constexpr std::string_view kSpecExample =
    R"({"kind":"actor","platform":"facebook","id":"100081","type":"account","handle":"lucy.w8812","created":"2022-03-14T02:10:00Z","followers":12,"lang":"zh"}
{"kind":"actor","platform":"facebook","id":"p-2231","type":"page","name":"Beautiful Xinjiang","created":"2022-03-15T03:00:00Z","followers":140}
{"kind":"post","platform":"facebook","id":"9001","actor":"p-2231","time":"2023-05-02T02:31:00Z","text":"...","urls":["https://www.youtube.com/watch?v=abc"]}
{"kind":"post","platform":"facebook","id":"9002","actor":"100081","type":"comment","parent":"9001","time":"2023-05-02T02:33:10Z","text":"Great!"}
{"kind":"relation","platform":"facebook","from":"100081","to":"p-2231","type":"admin"}
)";

}  // namespace unmask::testing
