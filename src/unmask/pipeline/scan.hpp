#pragma once
// The scan: input files in, report files out. Runs the stages in data-flow
// order, times each one under its own name and shows progress on a terminal.
#include <string>
#include <vector>

#include "unmask/assess/assess.hpp"
#include "unmask/attribute/attribute.hpp"
#include "unmask/attribute/link.hpp"
#include "unmask/cases/continuation.hpp"
#include "unmask/core/status.hpp"
#include "unmask/graph/coordination_graph.hpp"
#include "unmask/report/report.hpp"
#include "unmask/signals/co_action.hpp"
#include "unmask/text/families.hpp"

namespace unmask {

struct ScanConfig {
  std::vector<std::string> inputs;
  std::string out_dir;
  std::string format;                 ///< --format: read every input as this format (default: detect)
  std::vector<std::string> mappings;  ///< --mapping: mapping files that join format detection
  SignalConfig signals;
  NearDupConfig text;  ///< text families (near_text signal, narratives in the report)
  size_t text_families_per_network = 10;  ///< most repeated messages listed per network
  GraphConfig graph;
  MembershipConfig membership;
  AssessConfig assess;
  ImpactConfig impact;
  std::string operations_dir;  ///< known-operations library; empty: DefaultOperationsDir()
  AttributionConfig attribution;
  LinkConfig link;  ///< cross-platform linking of takedown networks into operations
  std::string cases_dir;  ///< --cases: folder of the case store (cases.sqlite); empty: no case store
  ContinuationConfig continuation;  ///< matching new networks to earlier cases
  /// --state: folder of the saved scan state. The inputs are added to what
  /// the state holds, only what they touch is re-computed, and the state is
  /// saved again; the report equals one scan of all inputs ever added.
  std::string state_dir;
  int threads = 2;
  bool progress = true;  ///< progress bars when stderr is a terminal
  bool log = true;       ///< one line per stage on stderr (off with --quiet)
};

struct ScanOutcome {
  Report report;
  std::string json_path, markdown_path, csv_path;
  std::string html_path, gexf_path, graphml_path;
  std::string stix_path;
  std::vector<StageTiming> timings;  ///< every stage, the report stage included (report.run has all but that)
};

/// Reads the inputs, finds and assesses networks, writes report.json,
/// report.md, takedown.csv, report.html, coordination.gexf and
/// coordination.graphml, stix.json (and quarantine files when lines were bad) to
/// out_dir, creating it. With cases_dir, opens the case store first (failing
/// early on a locked, damaged or newer store), matches the networks to its
/// earlier cases and records the run in it before the reports are written.
/// Fails only when nothing sensible can be produced
/// (an input file that cannot be opened, an output folder that cannot be
/// written); bad lines are quarantined and the run goes on. With a state
/// folder, a state that cannot be read is an error naming the file and why.
Result<ScanOutcome> RunScan(const ScanConfig& config);

/// The version string of this build.
std::string Version();

}  // namespace unmask
