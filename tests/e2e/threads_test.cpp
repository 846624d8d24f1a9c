// One thread or two, one pass over the pairs or many, the same findings: the
// whole scan of the built-in world with -j1, with -j2, and with -j2 and a pair
// budget small enough to force the signals into many passes must write the
// same report.json (apart from how long each stage took, when the run was made
// and the thread count it records), the same takedown.csv and the same
// coordination graph (graphml; the report files are written on the worker
// threads and the graph model is built on a thread of its own).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include "unmask/pipeline/scan.hpp"
#include "world_builder.hpp"
#include "unmask/sim/world.hpp"

namespace unmask {
namespace {

namespace fs = std::filesystem;

using testing_world::ReadFile;

// Drops what legitimately differs between two runs: wall times, the time of
// the run and the thread count.
void DropRunSpecifics(nlohmann::json& node) {
  if (node.is_object()) {
    node.erase("seconds");
    node.erase("timings");
    node.erase("generated_at");
    if (auto it = node.find("settings"); it != node.end() && it->is_object()) it->erase("threads");
    for (auto& [key, value] : node.items()) DropRunSpecifics(value);
  } else if (node.is_array()) {
    for (auto& value : node) DropRunSpecifics(value);
  }
}

TEST(Threads, OneAndTwoThreadsWriteTheSameReport) {
  const fs::path dir = fs::temp_directory_path() / ("unmask-threads-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string world = (dir / "world.jsonl").string();
  sim::SimConfig sim;
  sim.seed = 3;
  ASSERT_TRUE(sim::WriteWorld(sim, world, (dir / "truth.json").string(), {}).ok());

  std::vector<nlohmann::json> reports;
  std::vector<std::string> takedowns, graphs;
  struct Run {
    int threads;
    uint64_t pass_pair_hits;
  };
  for (const Run run : {Run{1, SignalConfig{}.pass_pair_hits}, Run{2, SignalConfig{}.pass_pair_hits}, Run{2, 20000}}) {
    const int threads = run.threads;
    ScanConfig config;
    config.inputs = {world};
    config.out_dir = (dir / ("j" + std::to_string(threads) + "-" + std::to_string(run.pass_pair_hits))).string();
    config.threads = threads;
    config.signals.pass_pair_hits = run.pass_pair_hits;
    config.progress = false;
    config.log = false;
    auto outcome = RunScan(config);
    ASSERT_TRUE(outcome.ok()) << outcome.status().message();
    ASSERT_FALSE(outcome->report.networks.empty());
    nlohmann::json report = nlohmann::json::parse(ReadFile(outcome->json_path));
    EXPECT_EQ(report["run"]["settings"]["threads"], std::to_string(threads));
    DropRunSpecifics(report);
    reports.push_back(std::move(report));
    takedowns.push_back(ReadFile(outcome->csv_path));
    graphs.push_back(ReadFile(outcome->graphml_path));
  }
  EXPECT_GT(reports[0]["networks"].size(), 0u);
  EXPECT_FALSE(takedowns[0].empty());
  EXPECT_NE(graphs[0].find("<edge "), std::string::npos);
  // Compared as text, so that a difference prints where it is.
  for (size_t i = 1; i < reports.size(); ++i) {
    EXPECT_EQ(takedowns[0], takedowns[i]) << "run " << i;
    EXPECT_TRUE(graphs[0] == graphs[i]) << "run " << i << ": coordination.graphml differs";
    EXPECT_EQ(reports[0].dump(1), reports[i].dump(1)) << "run " << i;
  }
  std::error_code ignored;
  fs::remove_all(dir, ignored);
}

}  // namespace
}  // namespace unmask
