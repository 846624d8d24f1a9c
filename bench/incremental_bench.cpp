// Incremental scans: the saving of adding one day to a saved scan state
// (`unmask scan --state DIR new-day.jsonl`) over re-scanning everything.
// Splits a simulated world into all-but-the-last-day and the last day, then
// times (1) a full scan of both files, (2) the --state scan of the early
// file that builds the state, (3) the --state scan that adds the last day;
// prints every stage of (1) and (3), the state's size on disk, and whether
// the two reports agree (networks, members, verdicts, summary).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "unmask/core/time.hpp"
#include "unmask/pipeline/scan.hpp"
#include "unmask/pipeline/scan_state.hpp"
#include "unmask/sim/world.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The time of a post line of the simulator's JSON Lines (a string or a number).
std::optional<unmask::Time> PostTime(const std::string& line) {
  if (line.find("\"kind\":\"post\"") == std::string::npos) return std::nullopt;
  const size_t at = line.find("\"time\":");
  if (at == std::string::npos) return std::nullopt;
  size_t begin = at + 7;
  if (begin < line.size() && line[begin] == '"') {
    const size_t end = line.find('"', begin + 1);
    return unmask::ParseTimestamp(std::string_view(line).substr(begin + 1, end - begin - 1));
  }
  size_t end = begin;
  while (end < line.size() && (std::isdigit(static_cast<unsigned char>(line[end])) || line[end] == '-')) ++end;
  return std::stoll(line.substr(begin, end - begin));
}

// Posts of the last `seconds` of the world go to `late`, every other line to `early`.
bool SplitWorld(const std::string& world, const std::string& early, const std::string& late, int64_t seconds) {
  unmask::Time last = unmask::kNoTime;
  std::string line;
  {
    std::ifstream in(world);
    while (std::getline(in, line)) {
      if (auto t = PostTime(line)) last = std::max(last, *t);
    }
  }
  if (last == unmask::kNoTime) return false;
  std::ifstream in(world);
  std::ofstream a(early), b(late);
  uint64_t late_posts = 0;
  while (std::getline(in, line)) {
    auto t = PostTime(line);
    const bool is_late = t && *t > last - seconds;
    late_posts += is_late;
    (is_late ? b : a) << line << '\n';
  }
  fmt::print("split: {} posts in the last day ({} .. {})\n", late_posts, unmask::FormatIso(last - seconds),
             unmask::FormatIso(last));
  return true;
}

struct Timed {
  unmask::Result<unmask::ScanOutcome> outcome;
  double seconds;
  double cpu_seconds;  ///< user + system of this process: steadier than wall time on a shared machine
};

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

Timed Scan(const std::vector<std::string>& inputs, const std::string& out, const std::string& state, int threads) {
  unmask::ScanConfig config;
  config.inputs = inputs;
  config.out_dir = out;
  config.state_dir = state;
  config.threads = threads;
  config.progress = false;
  config.log = false;
  const auto start = Clock::now();
  const double cpu = CpuSeconds();
  auto outcome = unmask::RunScan(config);
  return {std::move(outcome), std::chrono::duration<double>(Clock::now() - start).count(), CpuSeconds() - cpu};
}

nlohmann::json Comparable(const std::string& report_json) {
  std::ifstream in(report_json);
  nlohmann::json j = nlohmann::json::parse(in);
  j.erase("generated_at");
  for (auto& s : j["run"]["signals"]) s.erase("seconds");
  j["run"].erase("timings");
  return j;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"unmask incremental scan benchmark"};
  std::string scale = "medium", data_dir = "build/bench-data";
  uint64_t seed = 1;
  int threads = 2;
  app.add_option("--scale", scale)->check(CLI::IsMember({"small", "medium", "large"}))->capture_default_str();
  app.add_option("--seed", seed)->capture_default_str();
  app.add_option("--data", data_dir, "Where generated worlds are kept between runs")->capture_default_str();
  app.add_option("-j,--threads", threads)->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  fs::create_directories(data_dir);
  const std::string stem = fmt::format("{}/{}-seed{}", data_dir, scale, seed);
  const std::string world = stem + ".jsonl", truth = stem + ".truth.json";
  if (!fs::exists(world)) {
    unmask::sim::SimConfig sim;
    sim.seed = seed;
    sim.scale = *unmask::sim::ParseScale(scale);
    fmt::print("simulating {} ...\n", world);
    auto stats = unmask::sim::WriteWorld(sim, world, truth, {});
    if (!stats.ok()) {
      fmt::print(stderr, "error: {}\n", stats.status().message());
      return 1;
    }
  }
  const std::string early = stem + "-early.jsonl", late = stem + "-lastday.jsonl";
  if (!fs::exists(early) || !fs::exists(late) || fs::last_write_time(early) < fs::last_write_time(world)) {
    if (!SplitWorld(world, early, late, 86400)) {
      fmt::print(stderr, "error: no posts with a time in {}\n", world);
      return 1;
    }
  }
  const std::string state = stem + "-state";
  fs::remove_all(state);

  const Timed full = Scan({early, late}, stem + "-full", "", threads);
  const Timed build = Scan({early}, stem + "-state-early", state, threads);
  const Timed add = Scan({late}, stem + "-state-lastday", state, threads);
  for (const Timed* t : {&full, &build, &add}) {
    if (!t->outcome.ok()) {
      fmt::print(stderr, "error: {}\n", t->outcome.status().message());
      return 1;
    }
  }
  const unmask::RunInfo& run = full.outcome->report.run;
  fmt::print("world: {} ({} posts; last day: {} posts), {} threads\n", world, run.posts,
             run.posts - build.outcome->report.run.posts, threads);
  std::map<std::string, double> incremental;
  for (const auto& t : add.outcome->report.run.timings) incremental[t.stage] = t.seconds;
  fmt::print("  {:<12} {:>10} {:>12}\n", "stage", "full (s)", "+1 day (s)");
  for (const auto& t : run.timings) {
    fmt::print("  {:<12} {:10.2f} {:12.2f}\n", t.stage, t.seconds, incremental[t.stage]);
    incremental.erase(t.stage);
  }
  for (const auto& [stage, seconds] : incremental) fmt::print("  {:<12} {:>10} {:12.2f}\n", stage, "-", seconds);
  const double state_mib = fs::file_size(unmask::StateFilePath(state)) / 1048576.0;
  for (const auto& sig : add.outcome->report.run.signals) {
    fmt::print("    signal {:<14} +1 day {:6.2f} s\n", sig.signal, sig.seconds);
  }
  fmt::print("full rescan of all days:        {:8.2f} s wall {:8.2f} s CPU\n", full.seconds, full.cpu_seconds);
  fmt::print("first --state scan (build):     {:8.2f} s wall {:8.2f} s CPU\n", build.seconds, build.cpu_seconds);
  fmt::print("--state scan adding last day:   {:8.2f} s wall {:8.2f} s CPU\n", add.seconds, add.cpu_seconds);
  fmt::print("incremental / full: {:.0f}% of the wall time ({:.2f}x faster), {:.0f}% of the CPU time ({:.2f}x less)\n",
             100.0 * add.seconds / full.seconds, full.seconds / add.seconds,
             100.0 * add.cpu_seconds / full.cpu_seconds, full.cpu_seconds / add.cpu_seconds);
  fmt::print("state on disk: {:.0f} MiB ({:.0f} bytes per post)\n", state_mib,
             state_mib * 1048576.0 / static_cast<double>(run.posts));
  const bool same = Comparable(full.outcome->json_path) == Comparable(add.outcome->json_path);
  fmt::print("report.json identical to the full rescan (but times): {}\n", same ? "yes" : "NO");
  return same ? 0 : 2;
}
