#pragma once
// Finding ../shared/datasets for the integration tests, and reading a file
// from it; tests skip when the datasets are not there.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "unmask/ingest/ingest.hpp"

namespace unmask::testing {

/// $UNMASK_DATASETS, else <source>/../shared/datasets; "" when absent.
inline std::string DatasetsDir() {
  if (const char* env = std::getenv("UNMASK_DATASETS"); env != nullptr && *env != '\0') return env;
  const char* source = std::getenv("UNMASK_SOURCE_DIR");
  const std::filesystem::path dir = std::filesystem::path(source != nullptr ? source : ".") / ".." / "shared" / "datasets";
  std::error_code ignored;
  return std::filesystem::is_directory(dir, ignored) ? dir.lexically_normal().string() : std::string();
}

struct DatasetRun {
  Store store;
  Quarantine quarantine;
  IngestSummary summary;
};

/// Reads dataset files (paths relative to the datasets folder); skips the
/// calling test when a file is missing.
#define UNMASK_READ_DATASETS(run, ...)                                                      \
  std::unique_ptr<::unmask::testing::DatasetRun> run;                                      \
  do {                                                                                      \
    const std::string dir = ::unmask::testing::DatasetsDir();                              \
    if (dir.empty()) GTEST_SKIP() << "../shared/datasets is absent";                       \
    std::vector<std::string> paths;                                                         \
    for (const std::string& name : std::vector<std::string>{__VA_ARGS__}) {                 \
      paths.push_back(dir + "/" + name);                                                    \
      if (!std::filesystem::exists(paths.back())) GTEST_SKIP() << paths.back() << " is absent"; \
    }                                                                                       \
    run = std::make_unique<::unmask::testing::DatasetRun>();                               \
    ::unmask::IngestOptions options;                                                        \
    options.show_progress = false;                                                          \
    auto result = ::unmask::IngestFiles(paths, run->store, run->quarantine, options);       \
    ASSERT_TRUE(result.ok()) << result.status().message();                                  \
    run->summary = *result;                                                                 \
  } while (0)

/// Every record of every file accounted for, and no file cut short.
inline void ExpectNothingLost(const IngestSummary& summary) {
  for (const FileSummary& f : summary.files) {
    EXPECT_EQ(f.records, f.used + f.merged + f.skipped + f.blank + f.quarantined) << f.path;
    EXPECT_EQ(f.error, "") << f.path;
  }
}

}  // namespace unmask::testing
