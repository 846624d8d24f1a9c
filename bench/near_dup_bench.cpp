// Near-duplicate grouping at scale: the text step (normalisation, shingles,
// MinHash + LSH, verification, union-find) on
//   1. the posts of a simulated medium world (~2 M posts, cached in --data),
//   2. the 2.46 M IRA tweets (FiveThirtyEight release, read here from the CSV
//      with a minimal reader; skipped with a message when the file is absent),
//   3. a sample compared by brute force (every pair, exact Jaccard) to show
//      the speed-up and the recall of the LSH families.
// Prints wall time and the peak resident memory of each part.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "unmask/ingest/ingest.hpp"
#include "unmask/ingest/line_source.hpp"
#include "unmask/sim/world.hpp"
#include "unmask/text/families.hpp"

namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Peak resident memory since the last reset (Linux: VmHWM, reset through clear_refs).
void ResetPeak() { std::ofstream("/proc/self/clear_refs") << "5"; }
double PeakMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}
double CurrentMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

void PrintStats(const unmask::NearDupStats& s, double seconds, double peak, double before) {
  fmt::print("  {} texts, {} informative, {} distinct, {} families ({} with edits), largest {} texts\n", s.texts,
             s.informative, s.variants, s.families, s.edited_families, s.largest_family);
  fmt::print("  {} candidate pairs verified, {} similar\n", s.candidate_pairs, s.similar_pairs);
  fmt::print("  time {:.2f} s (normal forms {:.2f}, shingles + signatures {:.2f}, buckets {:.2f})\n", seconds,
             s.seconds_normal_forms,
             s.seconds_signatures, s.seconds_buckets);
  fmt::print("  peak memory {:.0f} MiB ({:.0f} MiB of it held before the step)\n", peak, before);
}

// Part 1: the text step on a simulated world.
int SimulatedWorld(const std::string& data_dir, int threads, const unmask::NearDupConfig& config,
                   const unmask::TextNormalizer& normalizer) {
  std::filesystem::create_directories(data_dir);
  const std::string world = data_dir + "/medium-60d-seed1.jsonl", truth = data_dir + "/medium-60d-seed1.truth.json";
  if (!std::filesystem::exists(world) || !std::filesystem::exists(truth)) {
    fmt::print("simulating {} (once; kept for later runs) ...\n", world);
    unmask::sim::SimConfig sim;
    sim.scale = unmask::sim::Scale::kMedium;
    auto stats = unmask::sim::WriteWorld(sim, world, truth, {});
    if (!stats.ok()) {
      fmt::print(stderr, "error: {}\n", stats.status().message());
      return 1;
    }
  }
  unmask::Store store;
  unmask::Quarantine quarantine(data_dir + "/near-dup-quarantine");
  const std::vector<std::string> inputs = {world};
  auto ingested = unmask::IngestFiles(inputs, store, quarantine, {.show_progress = false});
  if (!ingested.ok()) {
    fmt::print(stderr, "error: {}\n", ingested.status().message());
    return 1;
  }
  store.Finalize();
  fmt::print("\n1. simulated world {}: {} posts, {} threads\n", world, store.posts().size(), threads);
  const double before = CurrentMiB();
  ResetPeak();
  unmask::NearDupConfig c = config;
  c.threads = threads;
  const auto start = Clock::now();
  const unmask::TextFamilies families = unmask::FindTextFamilies(store, normalizer, c);
  PrintStats(families.stats, Since(start), PeakMiB(), before);
  return 0;
}

// The `content` column of the IRA CSV (second field), with RFC 4180 quoting;
// a quoted field may span lines.
bool ReadIraTexts(const std::string& path, std::vector<std::string>& texts, std::string& error) {
  auto source = unmask::LineSource::Open(path);
  if (!source.ok()) {
    error = source.status().message();
    return false;
  }
  std::string record, field;
  std::string_view line;
  bool header = true;
  auto content_of = [&](std::string_view rec) {
    field.clear();
    size_t i = 0, column = 0;
    while (i <= rec.size() && column < 2) {
      field.clear();
      if (i < rec.size() && rec[i] == '"') {
        ++i;
        while (i < rec.size()) {
          if (rec[i] == '"' && i + 1 < rec.size() && rec[i + 1] == '"') {
            field += '"';
            i += 2;
          } else if (rec[i] == '"') {
            ++i;
            break;
          } else {
            field += rec[i++];
          }
        }
        while (i < rec.size() && rec[i] != ',') ++i;
      } else {
        const size_t end = std::min(rec.find(',', i), rec.size());
        field.assign(rec.substr(i, end - i));
        i = end;
      }
      ++i;  // the comma
      ++column;
    }
    return column == 2;
  };
  size_t quotes = 0;
  while ((*source)->Next(line)) {
    if (!record.empty()) record += '\n';
    record.append(line);
    quotes += static_cast<size_t>(std::count(line.begin(), line.end(), '"'));
    if (quotes % 2 == 1) continue;  // inside a quoted field: the record goes on
    if (!header && content_of(record)) texts.push_back(field);
    header = false;
    record.clear();
    quotes = 0;
  }
  error = (*source)->error();
  return true;
}

int IraTweets(const std::string& path, int threads, const unmask::NearDupConfig& config,
              const unmask::TextNormalizer& normalizer, std::vector<std::string>& texts) {
  fmt::print("\n2. IRA tweets {}\n", path);
  if (!std::filesystem::exists(path)) {
    fmt::print("  skipped: file not found\n");
    return 0;
  }
  auto start = Clock::now();
  std::string error;
  if (!ReadIraTexts(path, texts, error)) {
    fmt::print("  skipped: {}\n", error);
    return 0;
  }
  if (!error.empty()) fmt::print("  warning: {}\n", error);
  fmt::print("  read {} tweets in {:.1f} s (CSV parsing, not counted below)\n", texts.size(), Since(start));
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  const double before = CurrentMiB();
  ResetPeak();
  unmask::NearDupConfig c = config;
  c.threads = threads;
  start = Clock::now();
  const unmask::NearDupResult result = unmask::GroupNearDuplicates(views, normalizer, c);
  PrintStats(result.stats, Since(start), PeakMiB(), before);
  return 0;
}

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Union(uint32_t x, uint32_t y) { parent_[Find(x)] = Find(y); }

 private:
  std::vector<uint32_t> parent_;
};

// Part 3: every pair of a sample, exact Jaccard, against the LSH families.
void BruteForce(const std::vector<std::string_view>& sample, size_t full_size, const unmask::NearDupConfig& config,
                const unmask::TextNormalizer& normalizer) {
  fmt::print("\n3. brute force on a sample of {} texts (every pair compared exactly; both sides 1 thread)\n",
             sample.size());
  unmask::NearDupConfig c = config;
  c.threads = 1;
  auto start = Clock::now();
  const unmask::NearDupResult lsh = unmask::GroupNearDuplicates(sample, normalizer, c);
  const double lsh_seconds = Since(start);

  start = Clock::now();
  unmask::TextNormalizer norm = normalizer;
  unmask::TextTokens tokens;
  std::vector<std::vector<uint32_t>> sets(lsh.stats.variants);  // one per distinct normalised text
  std::vector<uint32_t> family(lsh.stats.variants);
  for (size_t i = 0; i < sample.size(); ++i) {
    const uint32_t v = lsh.variant[i];
    if (v == unmask::kNone || !sets[v].empty()) continue;
    norm.Tokenize(sample[i], tokens);
    unmask::Shingles(tokens, c.shingles, sets[v]);
    family[v] = lsh.family[i];
  }
  UnionFind exact(sets.size());
  uint64_t high = 0, high_found = 0, above = 0, above_found = 0;
  for (size_t a = 0; a < sets.size(); ++a) {
    for (size_t b = a + 1; b < sets.size(); ++b) {
      const double j = unmask::Jaccard(sets[a], sets[b]);
      if (j < c.threshold) continue;
      exact.Union(static_cast<uint32_t>(a), static_cast<uint32_t>(b));
      ++above;
      above_found += family[a] == family[b];
      if (j >= 0.8) {
        ++high;
        high_found += family[a] == family[b];
      }
    }
  }
  const double brute_seconds = Since(start);
  // Families equal? Count variants whose exact component differs from the LSH family.
  std::vector<uint32_t> family_of_root(sets.size(), unmask::kNone);
  size_t mismatched = 0;
  for (uint32_t v = 0; v < sets.size(); ++v) {
    uint32_t& f = family_of_root[exact.Find(v)];
    if (f == unmask::kNone) f = family[v];
    mismatched += f != family[v];
  }
  const double n = static_cast<double>(sets.size());
  fmt::print("  {} distinct informative texts, {:.0f} pairs\n", sets.size(), n * (n - 1) / 2);
  fmt::print("  brute force {:.2f} s, MinHash + LSH {:.3f} s: speed-up {:.0f}x\n", brute_seconds, lsh_seconds,
             brute_seconds / lsh_seconds);
  fmt::print("  recall of pairs >= 0.8: {:.4f} ({} of {}); >= {}: {:.4f} ({} of {})\n",
             high ? static_cast<double>(high_found) / high : 1.0, high_found, high, c.threshold,
             above ? static_cast<double>(above_found) / above : 1.0, above_found, above);
  fmt::print("  texts whose exact family differs from the LSH family: {}\n", mismatched);
  const double scale = static_cast<double>(full_size) / static_cast<double>(sample.size());
  fmt::print("  brute force on all {} texts would take about {:.0f} hours (quadratic)\n", full_size,
             brute_seconds * scale * scale / 3600);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"unmask near-duplicate text benchmark"};
  std::string data_dir = "build/bench-data";
  std::string ira = "/work/shared/datasets/ira-twitter-538/ira_tweets.csv.zst";
  int threads = 2;
  size_t sample = 20000;
  bool skip_sim = false;
  app.add_option("--data", data_dir, "Where generated worlds are kept between runs")->capture_default_str();
  app.add_option("--ira", ira, "The IRA tweets CSV (FiveThirtyEight), .zst or plain")->capture_default_str();
  app.add_option("--sample", sample, "Texts in the brute-force comparison")->capture_default_str();
  app.add_option("-j,--threads", threads)->capture_default_str();
  app.add_flag("--skip-sim", skip_sim, "Skip the simulated world");
  bool skip_ira = false;
  app.add_flag("--skip-ira", skip_ira, "Skip the IRA tweets (and the brute-force sample)");
  unmask::NearDupConfig config;
  app.add_option("--threshold", config.threshold, "Jaccard threshold")->capture_default_str();
  app.add_option("--bands", config.bands, "LSH bands")->capture_default_str();
  app.add_option("--rows", config.rows, "LSH rows per band")->capture_default_str();
  app.add_option("--reach", config.bucket_reach, "Texts before it each text is verified against in a bucket")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  auto normalizer = unmask::TextNormalizer::Create();
  if (!normalizer.ok()) {
    fmt::print(stderr, "error: {}\n", normalizer.status().message());
    return 1;
  }
  fmt::print("threshold {}, {} bands x {} rows, bucket reach {}, shingles: {}-grams (spaced scripts), {}-grams "
             "(unspaced)\n",
             config.threshold, config.bands, config.rows, config.bucket_reach, config.shingles.spaced_n,
             config.shingles.unspaced_n);
  if (!skip_sim && SimulatedWorld(data_dir, threads, config, *normalizer) != 0) return 1;
  std::vector<std::string> texts;
  if (skip_ira) return 0;
  IraTweets(ira, threads, config, *normalizer, texts);
  if (texts.empty()) {  // no IRA data: sample a synthetic mix instead
    fmt::print("\n(no IRA texts: the brute-force sample is skipped)\n");
    return 0;
  }
  // A contiguous slice: the file is ordered by author, so the slice holds
  // the near-duplicates accounts post of themselves and of each other.
  std::vector<std::string_view> views;
  for (size_t i = texts.size() / 3; i < texts.size() && views.size() < sample; ++i) views.push_back(texts[i]);
  BruteForce(views, texts.size(), config, *normalizer);
  return 0;
}
