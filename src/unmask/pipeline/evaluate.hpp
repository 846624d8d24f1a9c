#pragma once
// Scores a report against a simulator's ground truth: what `unmask demo`
// prints and what the end-to-end tests assert.
#include <string>
#include <vector>

#include "unmask/core/status.hpp"
#include "unmask/report/report.hpp"

namespace unmask {

struct GroupScore {
  std::string name, kind;
  uint64_t members = 0;
  uint64_t taken_down = 0;  ///< members inside takedown networks
  uint64_t found = 0;       ///< members inside any network
  double Recall() const { return members ? static_cast<double>(taken_down) / members : 0.0; }
  double truth_internal_share = -1;  ///< operations: the simulator's echo-chamber figure
  double reported_internal_share = -1;  ///< of the takedown network holding most members
  uint64_t truth_amplifiers = 0;   ///< operations: authentic actors the simulator made amplify it
  uint64_t listed_amplifiers = 0;  ///< of them, listed as amplifiers of a takedown network holding its members
};

struct Evaluation {
  std::vector<GroupScore> operations;  ///< inauthentic, should be taken down
  std::vector<GroupScore> authentic;   ///< coordinated or not, must not be taken down
  uint64_t takedown_members = 0;
  uint64_t takedown_true = 0;  ///< takedown members that belong to some operation
  double Precision() const { return takedown_members ? static_cast<double>(takedown_true) / takedown_members : 1.0; }
  double Recall() const;
};

/// Reads the truth file written by `unmask simulate` and compares.
Result<Evaluation> Evaluate(const Report& report, const std::string& truth_path);

/// A plain table for a terminal.
std::string FormatEvaluation(const Evaluation& evaluation);

}  // namespace unmask
