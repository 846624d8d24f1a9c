// Macro benchmark for ingest: writes a synthetic activity file of realistic
// lines (or takes the files given, in any known format) and times
// IngestFiles on it, then prints records/s, CPU time and peak memory.
//
// Each input is read with 1 thread, then with 2 (-j N: only with N).
//
//   ingest_bench                       2M posts, plain, in $TMPDIR
//   ingest_bench --posts 500000 --gzip --zstd
//   ingest_bench file1.jsonl file2.jsonl.gz
//   ingest_bench ../shared/datasets/ira-twitter-538/ira_tweets.csv.zst   (make bench-ingest)
#include <fmt/format.h>
#include <sys/resource.h>
#include <zlib.h>
#include <zstd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "unmask/ingest/ingest.hpp"

namespace {

using namespace unmask;

void AppendPost(std::string& out, std::mt19937_64& rng, uint64_t i, uint64_t actors) {
  static const char* kWords[] = {"the", "people", "great", "news", "today", "Xinjiang", "cotton", "beautiful",
                                 "美丽", "新疆", "人民", "幸福", "生活", "happy", "life", "truth", "media", "lies"};
  static const char* kTags[] = {"新疆", "Xinjiang", "news", "truth", "StopTheLies", "美丽中国", "cotton"};
  const uint64_t actor = rng() % actors;
  const int type = static_cast<int>(rng() % 10);  // 0-5 posts, 6-8 shares/comments, 9 reaction
  std::string text;
  const int words = 8 + static_cast<int>(rng() % 20);
  for (int w = 0; w < words; ++w) {
    if (w > 0) text += ' ';
    text += kWords[rng() % std::size(kWords)];
  }
  const bool explicit_entities = rng() % 2 == 0;
  const std::string tag = kTags[rng() % std::size(kTags)];
  const std::string url = fmt::format("https://news.example.com/a/{}", rng() % 50000);
  if (!explicit_entities) text += fmt::format(" #{} {}", tag, url);
  out += fmt::format(R"({{"kind":"post","platform":"{}","id":"{}","actor":"u{}","time":{})",
                     i % 3 == 0 ? "x" : "facebook", i, actor, 1680000000 + rng() % 10000000);
  if (type >= 6 && i > 0) {
    out += fmt::format(R"(,"type":"{}","parent":"{}")", type == 9 ? "reaction" : (type == 8 ? "comment" : "share"),
                       rng() % i);
  }
  if (type != 9) out += fmt::format(R"(,"text":"{}","lang":"{}")", text, rng() % 2 ? "zh" : "en");
  if (explicit_entities) out += fmt::format(R"(,"urls":["{}"],"hashtags":["{}"],"mentions":[])", url, tag);
  out += "}\n";
}

void AppendActor(std::string& out, std::mt19937_64& rng, uint64_t i) {
  out += fmt::format(
      R"({{"kind":"actor","platform":"{}","id":"u{}","handle":"user{}","name":"User {}","created":"2022-{:02}-{:02}T10:00:00Z","followers":{},"following":{},"lang":"zh","infra":["ip:{}"]}})"
      "\n",
      i % 3 == 0 ? "x" : "facebook", i, i, i, 1 + rng() % 12, 1 + rng() % 28, rng() % 100000, rng() % 1000,
      rng() % 5000);
}

std::string Generate(uint64_t posts) {
  const uint64_t actors = std::max<uint64_t>(1, posts / 20);
  std::mt19937_64 rng(1);
  std::string out;
  out.reserve(posts * 260);
  for (uint64_t i = 0; i < actors; ++i) AppendActor(out, rng, i);
  for (uint64_t i = 0; i < posts; ++i) AppendPost(out, rng, i, actors);
  for (uint64_t i = 0; i < actors; ++i) {
    out += fmt::format(R"({{"kind":"relation","platform":"x","from":"u{}","to":"u{}","type":"follows"}})" "\n", i,
                       rng() % actors);
  }
  return out;
}

void Write(const std::string& path, const std::string& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) {
    fmt::print(stderr, "cannot write {}\n", path);
    std::exit(1);
  }
  std::fclose(f);
}

std::string GzipBytes(const std::string& in) {
  z_stream zs{};
  deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, in.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string ZstdBytes(const std::string& in) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3));
  return out;
}

double CpuSeconds() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Ingests `paths` once per thread count; CPU seconds are the process's during
// that read, the peak RSS the process's so far (runs go from 1 thread up, so
// it grows with the largest store).
void Run(const std::string& label, const std::vector<std::string>& paths, const std::vector<int>& thread_counts) {
  for (const int threads : thread_counts) {
    Store store;
    Quarantine quarantine;
    IngestOptions options;
    options.show_progress = false;
    options.threads = threads;
    const double cpu_before = CpuSeconds();
    auto result = IngestFiles(paths, store, quarantine, options);
    const double cpu = CpuSeconds() - cpu_before;
    if (!result.ok()) {
      fmt::print(stderr, "{}\n", result.status().message());
      std::exit(1);
    }
    const IngestSummary& s = *result;
    const uint64_t records = s.actors + s.posts + s.relations;
    fmt::print("{:<8} -j{} {:>10} records ({} posts) in {:.3f}s wall, {:.3f}s CPU: {:>6.2f} M records/s, "
               "{:>7.1f} MB/s decompressed, {:>7.1f} MB/s on disk; {} quarantined\n",
               label, threads, records, s.posts, s.seconds, cpu, records / s.seconds / 1e6,
               s.decompressed_bytes / s.seconds / 1e6, s.bytes / s.seconds / 1e6, s.quarantined);
    const auto start = std::chrono::steady_clock::now();
    store.Finalize(threads);
    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    fmt::print("{:<8}     Finalize {:.3f}s, store {:.0f} MB; process peak RSS so far {:.0f} MB\n", "",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
               store.MemoryBytes() / 1e6, usage.ru_maxrss / 1e3);
    if (threads == thread_counts.front()) {
      for (const std::string& line : DescribeIngest(s)) fmt::print("{:<8} {}\n", "", line);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t posts = 2'000'000;
  bool gzip = false, zstd = false;
  std::vector<std::string> files;
  std::vector<int> threads = {1, 2};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-j" && i + 1 < argc) {
      threads = {std::atoi(argv[++i])};
    } else if (arg == "--posts" && i + 1 < argc) {
      posts = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--gzip") {
      gzip = true;
    } else if (arg == "--zstd") {
      zstd = true;
    } else {
      files.push_back(arg);
    }
  }
  if (!files.empty()) {
    Run("given", files, threads);
    return 0;
  }
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("unmask-ingest-bench-{}", posts);
  std::filesystem::create_directories(dir);
  const std::string text = Generate(posts);
  const std::string plain = (dir / "activity.jsonl").string();
  Write(plain, text);
  fmt::print("generated {} posts, {:.0f} MB in {}\n", posts, text.size() / 1e6, plain);
  Run("plain", {plain}, threads);
  if (gzip) {
    const std::string path = (dir / "activity.jsonl.gz").string();
    Write(path, GzipBytes(text));
    Run("gzip", {path}, threads);
  }
  if (zstd) {
    const std::string path = (dir / "activity.jsonl.zst").string();
    Write(path, ZstdBytes(text));
    Run("zstd", {path}, threads);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
