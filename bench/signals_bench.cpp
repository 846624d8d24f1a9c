// The signal step alone, on activity files already simulated (run
// unmask_bench first): ingest and text families once, then ComputeCoAction
// several times with pairs tied once dropped in the sweep (the default) and
// with every pair hit stored until the merge (the plain method), printing the
// fastest CPU and wall seconds of each, their ratio measured in one run, the
// peak memory of each method's first run, and checking that both give the
// same pairs. `--whole-signals` compares instead with each signal swept whole
// on one thread (the sweeps used to be split by signal only), and prints each
// signal's events, pair hits and seconds.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "unmask/core/memory.hpp"
#include "unmask/ingest/ingest.hpp"
#include "unmask/signals/co_action.hpp"
#include "unmask/text/families.hpp"
#include "unmask/text/normalizer.hpp"

namespace {

using Clock = std::chrono::steady_clock;


struct Best {
  double cpu = 1e300, wall = 1e300, peak = 0;
};

bool SamePairs(const unmask::CoActionResult& x, const unmask::CoActionResult& y) {
  if (x.pairs.size() != y.pairs.size() || x.candidate_pairs != y.candidate_pairs || x.degree != y.degree ||
      x.total_objects != y.total_objects) {
    return false;
  }
  for (size_t i = 0; i < x.pairs.size(); ++i) {
    const auto& p = x.pairs[i];
    const auto& q = y.pairs[i];
    if (p.a != q.a || p.b != q.b || p.TotalObjects() != q.TotalObjects() || p.TotalWeight() != q.TotalWeight() ||
        p.example_count != q.example_count) {
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"unmask signal step benchmark"};
  std::vector<std::string> inputs;
  int threads = 2, repeat = 3;
  bool dropped_only = false, whole_signals = false;
  app.add_option("inputs", inputs, "Activity files (e.g. a world written by unmask_bench)")->required();
  app.add_option("-j,--threads", threads)->capture_default_str();
  app.add_option("--repeat", repeat, "Runs of each method (the fastest is printed)")->capture_default_str();
  app.add_flag("--dropped-only", dropped_only, "Run only the default method (for profiling)");
  app.add_flag("--whole-signals", whole_signals,
               "Compare with each signal swept whole on one thread (instead of with every hit stored)");
  CLI11_PARSE(app, argc, argv);

  unmask::Store store;
  unmask::Quarantine quarantine(std::filesystem::temp_directory_path() / "unmask-signals-bench-quarantine");
  auto ingested = unmask::IngestFiles(inputs, store, quarantine, {.show_progress = false});
  if (!ingested.ok()) {
    fmt::print(stderr, "error: {}\n", ingested.status().message());
    return 1;
  }
  store.Finalize();
  auto normalizer = unmask::TextNormalizer::Create(true);
  if (!normalizer.ok()) normalizer = unmask::TextNormalizer::Create(false);
  if (!normalizer.ok()) {
    fmt::print(stderr, "error: {}\n", normalizer.status().message());
    return 1;
  }
  unmask::NearDupConfig text;
  text.threads = threads;
  unmask::FindTextFamilies(store, *normalizer, text);
  fmt::print("{} posts, {} actors, {} threads\n", store.posts().size(), store.actors().size(), threads);

  unmask::SignalConfig config;
  config.threads = threads;
  std::array<Best, 2> best;
  std::array<unmask::CoActionResult, 2> results;
  unmask::StagePeak stage_peak;
  for (int r = 0; r < repeat; ++r) {
    for (int method = 0; method < (dropped_only ? 1 : 2); ++method) {
      config.drop_single_ties_early = method == 0 || whole_signals;
      config.sweep_piece_events = method == 1 && whole_signals ? uint64_t{1} << 40 : unmask::SignalConfig{}.sweep_piece_events;
      results[method] = {};
      if (r == 0) stage_peak.Start();
      const double cpu = unmask::ProcessCpuSeconds();
      const auto start = Clock::now();
      results[method] = unmask::ComputeCoAction(store, config);
      best[method].cpu = std::min(best[method].cpu, unmask::ProcessCpuSeconds() - cpu);
      best[method].wall = std::min(best[method].wall, std::chrono::duration<double>(Clock::now() - start).count());
      if (r == 0) best[method].peak = static_cast<double>(stage_peak.Peak()) / (1024.0 * 1024.0);
    }
  }
  const auto& stats = results[0].stats;
  uint64_t hits = 0;
  for (const auto& s : stats) hits += s.pair_hits;
  fmt::print("{} pair hits, {} candidate pairs, {} kept pairs, {} passes (plain method: {})\n", hits,
             results[0].candidate_pairs, results[0].pairs.size(), results[0].passes, results[1].passes);
  const char* names[] = {"pairs tied once dropped in the sweep",
                         whole_signals ? "the same, each signal on one thread" : "every pair hit stored"};
  if (dropped_only) {
    fmt::print("  {:<38} {:8.2f} CPU s {:8.2f} s wall\n", names[0], best[0].cpu, best[0].wall);
    return 0;
  }
  for (int method = 0; method < 2; ++method) {
    fmt::print("  {:<38} {:8.2f} CPU s {:8.2f} s wall   peak {:6.0f} MiB (process)\n", names[method], best[method].cpu,
               best[method].wall, best[method].peak);
  }
  fmt::print("  CPU ratio ({}): {:.2f}\n", whole_signals ? "pieces / whole signals" : "dropped / stored",
             best[0].cpu / best[1].cpu);
  fmt::print("  wall ratio: {:.2f}\n", best[0].wall / best[1].wall);
  for (int s = 0; s < unmask::kSignalCount; ++s) {
    fmt::print("  {:<14} {:10} events {:12} pair hits {:8.2f} s (summed over threads)\n",
               unmask::Name(static_cast<unmask::Signal>(s)), stats[s].events, stats[s].pair_hits, stats[s].seconds);
  }
  const bool same = SamePairs(results[0], results[1]);
  fmt::print("  same pairs, weights and counts: {}\n", same ? "yes" : "NO");
  return same ? 0 : 1;
}
