// The report writers go to their files a piece at a time (a network, a row, a
// node, an edge) instead of building each output as one string. The files
// must hold exactly the text the whole-string writers gave: the built-in
// world's report written with every piece flushed at once (spill after 1
// byte) and with nothing flushed before the end (the whole text in memory,
// as before) must be the same bytes, and the same as the scan's own files.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>

#include <unistd.h>

#include "unmask/pipeline/scan.hpp"
#include "world_builder.hpp"
#include "unmask/report/writers.hpp"
#include "unmask/sim/world.hpp"

namespace unmask {
namespace {

namespace fs = std::filesystem;

using testing_world::ReadFile;

class StreamedWriters : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("unmask-streamed-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const std::string world = (dir_ / "world.jsonl").string();
    sim::SimConfig sim;
    sim.seed = 3;
    ASSERT_TRUE(sim::WriteWorld(sim, world, (dir_ / "truth.json").string(), {}).ok());
    ScanConfig config;
    config.inputs = {world};
    config.out_dir = (dir_ / "scan").string();
    config.progress = false;
    config.log = false;
    auto outcome = RunScan(config);
    ASSERT_TRUE(outcome.ok()) << outcome.status().message();
    outcome_ = new ScanOutcome(std::move(*outcome));
  }
  static void TearDownTestSuite() {
    delete outcome_;
    outcome_ = nullptr;
    fs::remove_all(dir_);
  }

  // The file written piece by piece (flushed after every piece) and whole
  // (never flushed before the end); both must be the scan's file.
  template <typename Write>
  void ExpectSameBytes(const std::string& name, Write write) {
    ASSERT_NE(outcome_, nullptr);
    const fs::path pieces = dir_ / ("pieces-" + name), whole = dir_ / ("whole-" + name);
    ASSERT_TRUE(write(pieces.string(), size_t{1}).ok()) << name;
    ASSERT_TRUE(write(whole.string(), std::numeric_limits<size_t>::max()).ok()) << name;
    const std::string text = ReadFile(whole);
    EXPECT_GT(text.size(), TextSink::kSpillBytes) << name << ": the world is too small to test spilling";
    EXPECT_TRUE(ReadFile(pieces) == text) << name << " differs when written a piece at a time";
    EXPECT_TRUE(ReadFile(dir_ / "scan" / name) == text) << name << " differs from the scan's file";
    EXPECT_FALSE(fs::exists(pieces.string() + ".tmp"));
  }

  static const Report& report() { return outcome_->report; }

  static fs::path dir_;
  static ScanOutcome* outcome_;
};

fs::path StreamedWriters::dir_;
ScanOutcome* StreamedWriters::outcome_ = nullptr;

TEST_F(StreamedWriters, GexfIsTheWholeText) {
  ExpectSameBytes("coordination.gexf",
                  [](const std::string& path, size_t spill) { return WriteGexf(report(), path, spill); });
  EXPECT_TRUE(ReadFile(dir_ / "scan" / "coordination.gexf") == GexfText(report()));
}

TEST_F(StreamedWriters, GraphmlIsTheWholeText) {
  ExpectSameBytes("coordination.graphml",
                  [](const std::string& path, size_t spill) { return WriteGraphml(report(), path, spill); });
  EXPECT_TRUE(ReadFile(dir_ / "scan" / "coordination.graphml") == GraphmlText(report()));
}

TEST_F(StreamedWriters, HtmlIsTheWholeText) {
  ExpectSameBytes("report.html",
                  [](const std::string& path, size_t spill) { return WriteHtmlReport(report(), path, {}, spill); });
  EXPECT_TRUE(ReadFile(dir_ / "scan" / "report.html") == HtmlReportText(report()));
}

TEST_F(StreamedWriters, MarkdownIsTheWholeText) {
  ASSERT_NE(outcome_, nullptr);
  const fs::path pieces = dir_ / "pieces.md", whole = dir_ / "whole.md";
  ASSERT_TRUE(WriteMarkdownReport(report(), pieces.string(), 1).ok());
  ASSERT_TRUE(WriteMarkdownReport(report(), whole.string(), std::numeric_limits<size_t>::max()).ok());
  EXPECT_TRUE(ReadFile(pieces) == ReadFile(whole));
  EXPECT_TRUE(ReadFile(whole) == ReadFile(dir_ / "scan" / "report.md"));
}

TEST_F(StreamedWriters, TakedownCsvIsTheWholeText) {
  ASSERT_NE(outcome_, nullptr);
  const fs::path pieces = dir_ / "pieces.csv", whole = dir_ / "whole.csv";
  ASSERT_TRUE(WriteTakedownCsv(report(), pieces.string(), 1).ok());
  ASSERT_TRUE(WriteTakedownCsv(report(), whole.string(), std::numeric_limits<size_t>::max()).ok());
  const std::string text = ReadFile(whole);
  EXPECT_GT(std::count(text.begin(), text.end(), '\n'), 100);
  EXPECT_TRUE(ReadFile(pieces) == text);
  EXPECT_TRUE(text == ReadFile(dir_ / "scan" / "takedown.csv"));
}

// A file that cannot be written is an error naming it, and leaves nothing behind.
TEST_F(StreamedWriters, UnwritableFileIsAnErrorNamingIt) {
  ASSERT_NE(outcome_, nullptr);
  const std::string path = (dir_ / "no-such-folder" / "coordination.gexf").string();
  const Status status = WriteGexf(report(), path);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("no-such-folder/coordination.gexf"), std::string::npos) << status.message();
  EXPECT_FALSE(fs::exists(path));
}

}  // namespace
}  // namespace unmask
