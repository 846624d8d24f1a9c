// Macro benchmark: simulates (or reuses) a world, scans it and prints, for
// every stage of the scan (ingest, index, text, each signal, graph,
// communities, assessment, impact, attribution, linking, report), the wall
// time, the records per second and the peak resident memory, then the same
// for the whole scan.
//
// Worlds are kept in --data between runs, named by scale, days and seed:
//   --scale small  --days 60  ~0.1 M posts (what the tests use)
//   --scale medium --days 15  ~0.5 M posts
//   --scale medium --days 60  ~2 M posts
//   --scale large  --days 60  ~10 M posts
//   --scale large  --days 300 ~50 M posts (documented in docs/performance.md, not run by `make bench`)
// --viral N adds one post shared by N accounts within an hour (a second
// input file, also cached) to measure what such a burst costs.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "unmask/pipeline/scan.hpp"
#include "unmask/sim/world.hpp"

namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double ProcessPeakMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

bool Simulate(const unmask::sim::SimConfig& sim, const std::string& world, const std::string& truth) {
  fmt::print("simulating {} ...\n", world);
  std::fflush(stdout);
  const auto start = Clock::now();
  auto stats = unmask::sim::WriteWorld(sim, world + ".part", truth, {});
  if (!stats.ok()) {
    fmt::print(stderr, "error: {}\n", stats.status().message());
    return false;
  }
  std::filesystem::rename(world + ".part", world);
  fmt::print("simulated {} posts in {:.1f} s\n", stats->posts, Since(start));
  return true;
}

// One post on x, then `shares` shares of it by as many accounts, all within
// the hour after it, starting on the world's third day.
bool WriteViral(const std::string& path, uint64_t shares) {
  std::FILE* out = std::fopen((path + ".part").c_str(), "w");
  if (out == nullptr) return false;
  const unmask::Time origin = unmask::sim::kDefaultSimStart + 2 * 86400 + 12 * 3600;
  fmt::print(out, "{{\"kind\":\"post\",\"platform\":\"x\",\"id\":\"viral-root\",\"actor\":\"viral-origin\",\"time\":{},"
                  "\"text\":\"Breaking: the one post everybody shares today #viral\"}}\n",
             origin);
  for (uint64_t i = 0; i < shares; ++i) {
    const unmask::Time t = origin + 1 + static_cast<unmask::Time>((i * 3599) / shares);
    fmt::print(out, "{{\"kind\":\"post\",\"platform\":\"x\",\"id\":\"viral-share-{}\",\"actor\":\"viral-sharer-{}\",\"time\":{},"
                    "\"type\":\"share\",\"parent\":\"viral-root\"}}\n",
               i, i, t);
  }
  const bool ok = std::fclose(out) == 0;
  if (ok) std::filesystem::rename(path + ".part", path);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"unmask scan benchmark"};
  std::string scale = "medium", data_dir = "build/bench-data";
  uint64_t seed = 1, viral = 0;
  int threads = 2, days = 60;
  app.add_option("--scale", scale)->check(CLI::IsMember({"small", "medium", "large"}))->capture_default_str();
  app.add_option("--days", days, "Days of activity simulated (volume is per day)")->capture_default_str();
  app.add_option("--seed", seed)->capture_default_str();
  app.add_option("--data", data_dir, "Where generated worlds are kept between runs")->capture_default_str();
  app.add_option("--viral", viral, "Add a post shared by this many accounts within one hour")->capture_default_str();
  app.add_option("-j,--threads", threads)->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  std::filesystem::create_directories(data_dir);
  const std::string stem = fmt::format("{}/{}-{}d-seed{}", data_dir, scale, days, seed);
  const std::string world = stem + ".jsonl", truth = stem + ".truth.json";
  if (!std::filesystem::exists(world) || !std::filesystem::exists(truth)) {
    unmask::sim::SimConfig sim;
    sim.seed = seed;
    sim.days = days;
    sim.scale = *unmask::sim::ParseScale(scale);
    if (!Simulate(sim, world, truth)) return 1;
  }
  unmask::ScanConfig config;
  config.inputs = {world};
  config.out_dir = stem + "-report";
  if (viral > 0) {
    const std::string burst = fmt::format("{}/viral-{}.jsonl", data_dir, viral);
    if (!std::filesystem::exists(burst) && !WriteViral(burst, viral)) {
      fmt::print(stderr, "error: cannot write {}\n", burst);
      return 1;
    }
    config.inputs.push_back(burst);
    config.out_dir = fmt::format("{}-viral{}-report", stem, viral);
  }
  config.threads = threads;
  config.progress = false;
  config.log = false;
  const auto start = Clock::now();
  auto outcome = unmask::RunScan(config);
  const double total = Since(start);
  if (!outcome.ok()) {
    fmt::print(stderr, "error: {}\n", outcome.status().message());
    return 1;
  }
  const unmask::RunInfo& run = outcome->report.run;
  double size_mib = 0;
  for (const std::string& input : config.inputs) size_mib += std::filesystem::file_size(input) / (1024.0 * 1024.0);
  fmt::print("world: {}{} ({:.0f} MiB): {} records ({} actors, {} posts, {} relations), {} threads\n", world,
             viral > 0 ? fmt::format(" + a post shared by {} accounts", viral) : "", size_mib, run.lines, run.actors,
             run.posts, run.relations, threads);
  fmt::print("  {:<18} {:>9} {:>9} {:>14} {:>10}\n", "stage", "seconds", "CPU s", "records/s", "peak MiB");
  double cpu_total = 0;
  for (const auto& t : outcome->timings) {
    cpu_total += t.cpu_seconds;
    fmt::print("  {:<18} {:9.2f} {:9.2f} {:14.0f} {:10.0f}\n", t.stage, t.seconds, t.cpu_seconds,
               run.lines / std::max(t.seconds, 1e-9), t.peak_mib);
    if (t.stage != "signals") continue;
    for (const auto& s : run.signals) {
      fmt::print("    signal {:<11} {:9.2f} {:>9} {:14.0f} {:>10}  ({} events, {} pair hits, {} pairs, {} capped objects)\n",
                 s.signal, s.seconds, "", run.lines / std::max(s.seconds, 1e-9), "", s.events, s.pair_hits, s.pairs,
                 s.capped_objects);
    }
  }
  fmt::print("  {:<18} {:9.2f} {:9.2f} {:14.0f} {:10.0f}\n", "whole scan", total, cpu_total, run.lines / total,
             ProcessPeakMiB());
  fmt::print("(signal seconds are wall times of each signal's worker; signals run side by side on the threads)\n");
  fmt::print("networks: {}, takedown members: {}\n", outcome->report.networks.size(),
             outcome->report.takedown_members);
  return 0;
}
