// Incremental scans: the built-in world split by time into three files and
// added one at a time to a saved state must report exactly what one scan of
// all three reports; a state that is damaged, or a file added twice, is a
// clear error that leaves the state as it was.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "unmask/core/time.hpp"
#include "unmask/pipeline/scan.hpp"
#include "world_builder.hpp"
#include "unmask/pipeline/scan_state.hpp"
#include "unmask/sim/world.hpp"

namespace unmask {
namespace {

namespace fs = std::filesystem;

Time PostTime(const nlohmann::json& record) {
  const nlohmann::json& t = record.at("time");
  return t.is_number() ? t.get<Time>() : ParseTimestamp(t.get<std::string>()).value();
}

using testing_world::ReadFile;

// report.json without what differs between any two runs (clock, stage times).
nlohmann::json Comparable(const std::string& path) {
  nlohmann::json j = nlohmann::json::parse(ReadFile(path));
  j.erase("generated_at");
  j["run"].erase("timings");
  for (auto& s : j["run"]["signals"]) s.erase("seconds");
  return j;
}

class IncrementalScan : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("unmask-incremental-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    sim::SimConfig sim;
    sim.seed = 5;
    sim.scale = sim::Scale::kSmall;
    const std::string world = (dir_ / "world.jsonl").string();
    ASSERT_TRUE(sim::WriteWorld(sim, world, (dir_ / "truth.json").string(), {}).ok());
    // Days 1..N-2 (with every actor and relation), day N-1, day N.
    std::vector<std::string> lines;
    Time last = kNoTime;
    {
      std::ifstream in(world);
      for (std::string line; std::getline(in, line);) {
        const auto record = nlohmann::json::parse(line);
        if (record.value("kind", "") == "post") last = std::max(last, PostTime(record));
        lines.push_back(std::move(line));
      }
    }
    parts_ = {(dir_ / "days-1-to-n-2.jsonl").string(), (dir_ / "day-n-1.jsonl").string(),
              (dir_ / "day-n.jsonl").string()};
    std::ofstream out[3] = {std::ofstream(parts_[0]), std::ofstream(parts_[1]), std::ofstream(parts_[2])};
    for (const std::string& line : lines) {
      const auto record = nlohmann::json::parse(line);
      int part = 0;
      if (record.value("kind", "") == "post") {
        const Time t = PostTime(record);
        part = t > last - 86400 ? 2 : t > last - 2 * 86400 ? 1 : 0;
      }
      out[part] << line << '\n';
    }
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static ScanConfig Config(std::vector<std::string> inputs, const std::string& out, const std::string& state) {
    ScanConfig config;
    config.inputs = std::move(inputs);
    config.out_dir = (dir_ / out).string();
    config.state_dir = state.empty() ? "" : (dir_ / state).string();
    config.progress = false;
    config.log = false;
    return config;
  }

  static inline fs::path dir_;
  static inline std::vector<std::string> parts_;
};

TEST_F(IncrementalScan, AddingDaysOneAtATimeReportsWhatOneFullScanReports) {
  auto full = RunScan(Config(parts_, "full", ""));
  ASSERT_TRUE(full.ok()) << full.status().message();
  ASSERT_GE(full->report.networks.size(), 3u);
  Result<ScanOutcome> step = Status::Error("not run");
  for (size_t i = 0; i < parts_.size(); ++i) {
    step = RunScan(Config({parts_[i]}, "step" + std::to_string(i), "state"));
    ASSERT_TRUE(step.ok()) << step.status().message();
  }
  EXPECT_GT(step->report.run.posts, full->report.run.posts / 2);
  EXPECT_EQ(step->report.run.inputs, parts_);
  // Networks, members, verdicts, evidence, the run's counts: all of it.
  const nlohmann::json want = Comparable(full->json_path), got = Comparable(step->json_path);
  EXPECT_EQ(got["networks"], want["networks"]);
  EXPECT_EQ(got["summary"], want["summary"]);
  EXPECT_EQ(got["run"], want["run"]);
  EXPECT_EQ(got, want);
  EXPECT_EQ(ReadFile(step->csv_path), ReadFile(full->csv_path));
}

TEST_F(IncrementalScan, AFileAlreadyInTheStateIsRefused) {
  ASSERT_TRUE(RunScan(Config({parts_[2]}, "twice-1", "state-twice")).ok());
  const std::string state = StateFilePath((dir_ / "state-twice").string());
  const std::string before = ReadFile(state);
  auto again = RunScan(Config({parts_[2]}, "twice-2", "state-twice"));
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("already in the state"), std::string::npos) << again.status().message();
  EXPECT_EQ(ReadFile(state), before);
}

TEST_F(IncrementalScan, AStateInUseByAnotherScanIsRefused) {
  const std::string dir = (dir_ / "state-locked").string();
  auto held = StateLock::Acquire(dir);
  ASSERT_TRUE(held.ok()) << held.status().message();
  auto blocked = RunScan(Config({parts_[2]}, "locked-1", "state-locked"));
  ASSERT_FALSE(blocked.ok());
  EXPECT_NE(blocked.status().message().find("in use by another scan"), std::string::npos)
      << blocked.status().message();
  EXPECT_FALSE(fs::exists(StateFilePath(dir)));
}

TEST_F(IncrementalScan, ADamagedStateIsAClearErrorAndIsLeftAlone) {
  ASSERT_TRUE(RunScan(Config({parts_[2]}, "damaged-1", "state-damaged")).ok());
  const std::string state = StateFilePath((dir_ / "state-damaged").string());
  std::string bytes = ReadFile(state);
  bytes[bytes.size() / 2] ^= 0x5a;
  std::ofstream(state, std::ios::binary) << bytes;
  auto next = RunScan(Config({parts_[1]}, "damaged-2", "state-damaged"));
  ASSERT_FALSE(next.ok());
  EXPECT_NE(next.status().message().find(state), std::string::npos) << next.status().message();
  EXPECT_NE(next.status().message().find("checksum"), std::string::npos) << next.status().message();
  EXPECT_EQ(ReadFile(state), bytes);

  fs::resize_file(state, bytes.size() / 3);
  next = RunScan(Config({parts_[1]}, "damaged-3", "state-damaged"));
  ASSERT_FALSE(next.ok());
  EXPECT_NE(next.status().message().find("truncated"), std::string::npos) << next.status().message();

  std::ofstream(state, std::ios::binary) << "not a state";
  next = RunScan(Config({parts_[1]}, "damaged-4", "state-damaged"));
  ASSERT_FALSE(next.ok());
  EXPECT_NE(next.status().message().find("not an unmask state file"), std::string::npos) << next.status().message();
}

}  // namespace
}  // namespace unmask
