// Macro benchmark: simulates (or reuses) a world, scans it and prints records
// per second for ingest and for the whole scan, the time of every stage and
// the peak memory. `make bench` runs it on a medium world (~2 M posts).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <filesystem>

#include "unmask/pipeline/scan.hpp"
#include "unmask/sim/world.hpp"

namespace {

double PeakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"unmask scan benchmark"};
  std::string scale = "medium", data_dir = "build/bench-data";
  uint64_t seed = 1;
  int threads = 2;
  app.add_option("--scale", scale)->check(CLI::IsMember({"small", "medium", "large"}))->capture_default_str();
  app.add_option("--seed", seed)->capture_default_str();
  app.add_option("--data", data_dir, "Where generated worlds are kept between runs")->capture_default_str();
  app.add_option("-j,--threads", threads)->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  std::filesystem::create_directories(data_dir);
  const std::string stem = fmt::format("{}/{}-seed{}", data_dir, scale, seed);
  const std::string world = stem + ".jsonl", truth = stem + ".truth.json";
  if (!std::filesystem::exists(world) || !std::filesystem::exists(truth)) {
    unmask::sim::SimConfig sim;
    sim.seed = seed;
    sim.scale = *unmask::sim::ParseScale(scale);
    fmt::print("simulating {} ...\n", world);
    const auto start = std::chrono::steady_clock::now();
    auto stats = unmask::sim::WriteWorld(sim, world, truth, {});
    if (!stats.ok()) {
      fmt::print(stderr, "error: {}\n", stats.status().message());
      return 1;
    }
    fmt::print("simulated {} posts in {:.1f} s\n", stats->posts,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }

  unmask::ScanConfig config;
  config.inputs = {world};
  config.out_dir = stem + "-report";
  config.threads = threads;
  config.progress = false;
  config.log = false;
  const auto start = std::chrono::steady_clock::now();
  auto outcome = unmask::RunScan(config);
  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!outcome.ok()) {
    fmt::print(stderr, "error: {}\n", outcome.status().message());
    return 1;
  }
  const unmask::RunInfo& run = outcome->report.run;
  const double size_mib = std::filesystem::file_size(world) / (1024.0 * 1024.0);
  fmt::print("world: {} ({:.0f} MiB): {} records ({} actors, {} posts, {} relations), {} threads\n", world, size_mib,
             run.lines, run.actors, run.posts, run.relations, threads);
  double ingest = 0;
  for (const auto& t : run.timings) {
    fmt::print("  stage {:<12} {:8.2f} s\n", t.stage, t.seconds);
    if (t.stage == "ingest") ingest = t.seconds;
  }
  for (const auto& s : run.signals) {
    fmt::print("    signal {:<14} {:7.2f} s  {:>10} events {:>10} pair hits {:>9} pairs\n", s.signal, s.seconds, s.events,
               s.pair_hits, s.pairs);
  }
  fmt::print("ingest:      {:10.0f} records/s ({:.0f} MiB/s)\n", run.lines / ingest, size_mib / ingest);
  fmt::print("whole scan:  {:10.0f} records/s ({:.2f} s wall)\n", run.lines / total, total);
  fmt::print("peak memory: {:.0f} MiB\n", PeakRssMiB());
  fmt::print("networks: {}, takedown members: {}\n", outcome->report.networks.size(),
             outcome->report.takedown_members);
  return 0;
}
