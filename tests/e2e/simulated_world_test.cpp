// The built-in world: the Spamouflage-like operation must be found and the
// organic communities that also act together must be left alone.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "unmask/pipeline/evaluate.hpp"
#include "unmask/pipeline/scan.hpp"
#include "unmask/sim/world.hpp"

namespace unmask {
namespace {

namespace fs = std::filesystem;

class SimulatedWorld : public ::testing::TestWithParam<uint64_t> {};

TEST_P(SimulatedWorld, FindsSpamouflageWithoutTakingDownOrganicCommunities) {
  const fs::path dir = fs::temp_directory_path() / ("unmask-sim-world-" + std::to_string(GetParam()) + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  sim::SimConfig sim;
  sim.seed = GetParam();
  sim.scale = sim::Scale::kSmall;
  const std::string world = (dir / "world.jsonl").string(), truth = (dir / "truth.json").string();
  auto stats = sim::WriteWorld(sim, world, truth, {});
  ASSERT_TRUE(stats.ok()) << stats.status().message();

  ScanConfig config;
  config.inputs = {world};
  config.out_dir = (dir / "out").string();
  config.progress = false;
  config.log = false;
  auto outcome = RunScan(config);
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  EXPECT_EQ(outcome->report.run.quarantined, 0u);
  EXPECT_EQ(outcome->report.run.posts, stats->posts);

  auto eval = Evaluate(outcome->report, truth);
  ASSERT_TRUE(eval.ok()) << eval.status().message();
  std::cout << FormatEvaluation(*eval);
  bool saw_spamouflage = false;
  for (const GroupScore& op : eval->operations) {
    if (op.kind == "engagement_farm") {
      // The engagement farm: accounts that only amplify customers, round the clock.
      EXPECT_GE(op.Recall(), 0.85) << "engagement farm accounts taken down";
    }
    if (op.kind == "persona") {
      // The careful persona operation: found in part, through the accounts
      // whose hours contradict the homes they claim (4 of 12 on these seeds).
      EXPECT_GE(op.Recall(), 0.25) << "persona accounts taken down";
    }
    if (op.kind != "spamouflage") continue;
    saw_spamouflage = true;
    EXPECT_GE(op.Recall(), 0.9) << "Spamouflage-like accounts, pages and groups taken down";
    // Did it work: its echo chamber as the simulator counted it, and the
    // three real influencers it planted as unwitting amplifiers.
    ASSERT_GE(op.truth_internal_share, 0.0);
    EXPECT_NEAR(op.reported_internal_share, op.truth_internal_share, 0.03);
    EXPECT_EQ(op.truth_amplifiers, 3u);
    EXPECT_EQ(op.listed_amplifiers, op.truth_amplifiers) << "real amplifiers listed";
  }
  for (const std::string& path : {outcome->html_path, outcome->gexf_path, outcome->graphml_path}) {
    EXPECT_TRUE(std::filesystem::exists(path)) << path;
  }
  EXPECT_TRUE(saw_spamouflage);
  for (const GroupScore& group : eval->authentic) {
    if (group.kind == "fan_community" || group.kind == "activist_campaign" || group.kind == "newsroom" ||
        group.kind == "influencers") {
      EXPECT_EQ(group.taken_down, 0u) << group.kind << " " << group.name;
    }
    // Known limit: a few followers of the farm's customers, who also share
    // viral news, carry farm-like traits (generated handles) and stay in the
    // farm's network (0 to 2 of 3000 on the seeds tried). Bounded so that any
    // growth fails the test.
    if (group.kind == "viral_news_sharers") {
      EXPECT_LE(group.taken_down * 1000, group.members) << group.name;
    }
  }
  EXPECT_GE(eval->Precision(), 0.97);
  EXPECT_GE(eval->Recall(), 0.95) << "over all operations' accounts, pages and groups";
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

// Seed 1 is the world `unmask demo` scans.
INSTANTIATE_TEST_SUITE_P(Seeds, SimulatedWorld, ::testing::Values(1, 11, 2024));

}  // namespace
}  // namespace unmask
