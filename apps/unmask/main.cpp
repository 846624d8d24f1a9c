// The command-line front end: parses flags, calls the pipeline, turns errors
// into messages on stderr and exit codes (0 ok, 1 failed, 2 usage).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>

#include "unmask/cases/case_store.hpp"
#include "unmask/core/progress.hpp"
#include "unmask/ingest/mapping.hpp"
#include "unmask/pipeline/evaluate.hpp"
#include "unmask/pipeline/scan.hpp"
#include "unmask/sim/world.hpp"

namespace {

using unmask::ScanConfig;

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

struct CommonFlags {
  bool quiet = false;
  bool no_progress = false;
  int threads = 2;
};

void AddCommonFlags(CLI::App& command, CommonFlags& flags) {
  command.add_flag("-q,--quiet", flags.quiet, "Print only errors and where the results are");
  command.add_flag("--no-progress", flags.no_progress, "Never draw progress bars");
  command.add_option("-j,--threads", flags.threads, "Worker threads (results do not depend on it)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
}

void AddScanFlags(CLI::App& command, ScanConfig& config) {
  command.add_option("--operations", config.operations_dir,
                     "Folder of known-operation files for attribution (default: the operations/ folder of the sources, or UNMASK_OPERATIONS_DIR)")
      ->check(CLI::ExistingDirectory);
  command.add_option("--cases", config.cases_dir,
                     "Folder of the case store (cases.sqlite, created when missing): the run, its networks and "
                     "their evidence are recorded there and matched to earlier cases");
  command.add_option("--min-attribution", config.attribution.min_score,
                     "Score an operation needs before a network is attributed to it")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command.add_option("--window", config.signals.window,
                     "Seconds within which two actions on the same object tie two actors")
      ->check(CLI::Range(1, 365 * 86400))
      ->capture_default_str();
  command.add_option("--min-repeats", config.graph.min_repeats,
                     "Distinct shared objects a pair needs before it can count as coordinated")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  command.add_option("--alpha", config.graph.alpha, "Significance level of the chance co-occurrence test")
      ->check(CLI::Range(1e-300, 1.0))
      ->capture_default_str();
  command.add_option("--resolution", config.graph.resolution, "Leiden modularity resolution")
      ->check(CLI::Range(1e-6, 1e6))
      ->capture_default_str();
  command.add_option("--min-size", config.graph.min_network_size, "Smallest network reported")
      ->check(CLI::Range(2, 1000000))
      ->capture_default_str();
  command.add_option("--max-neighbours", config.signals.max_neighbours,
                     "Later actions each action pairs with on one object (bounds viral objects)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  command.add_option("--min-text", config.signals.min_text_chars,
                     "Characters a normalised text needs to tie actors")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  command.add_option("--near-text", config.text.threshold,
                     "Jaccard similarity (of character shingles) at which two texts are near-identical")
      ->check(CLI::Range(0.05, 1.0))
      ->capture_default_str();
}

void ApplyCommon(const CommonFlags& flags, ScanConfig& config) {
  config.threads = flags.threads;
  config.log = !flags.quiet;
  config.progress = !flags.quiet && !flags.no_progress;
}

int Scan(ScanConfig config) {
  if (config.log) fmt::print(stderr, "unmask {}: scanning {} input file(s)\n", unmask::Version(), config.inputs.size());
  auto outcome = unmask::RunScan(config);
  if (!outcome.ok()) {
    fmt::print(stderr, "error: {}\n", outcome.status().message());
    return kExitFailed;
  }
  const unmask::Report& report = outcome->report;
  size_t takedown = 0;
  for (const auto& n : report.networks) takedown += n.takedown;
  if (config.log) {
    fmt::print(stderr, "{} networks, {} recommended for takedown: {}\n", report.networks.size(), takedown,
               unmask::DescribeCounts(report.takedown_counts));
    if (report.run.quarantined > 0) {
      fmt::print(stderr, "{} bad line(s) quarantined in {}\n", report.run.quarantined,
                 (std::filesystem::path(config.out_dir) / "quarantine.jsonl").string());
    }
  }
  fmt::print("report: {}\n", outcome->markdown_path);
  fmt::print("json:   {}\n", outcome->json_path);
  fmt::print("csv:    {}\n", outcome->csv_path);
  fmt::print("html:   {}\n", outcome->html_path);
  fmt::print("graph:  {} (and .graphml)\n", outcome->gexf_path);
  return 0;
}

// `unmask case list|show|runs|decide`: the case store from the command line.
struct CaseFlags {
  std::string dir;
  int64_t id = 0;
  std::string status, by, note;
};

int CaseCommand(const std::string& what, const CaseFlags& flags) {
  if (flags.dir.empty()) {
    fmt::print(stderr, "error: say where the case store is with --cases DIR (or UNMASK_CASES_DIR)\n");
    return kExitUsage;
  }
  auto cases = unmask::CaseStore::OpenExisting(unmask::CaseStore::FileIn(flags.dir));
  if (!cases.ok()) {
    fmt::print(stderr, "error: {}\n", cases.status().message());
    return kExitFailed;
  }
  if (what == "decide") {
    const unmask::Status s = cases->Decide(flags.id, flags.status, flags.by, flags.note);
    if (!s.ok()) {
      fmt::print(stderr, "error: {}\n", s.message());
      return kExitFailed;
    }
    fmt::print("case {}: {} by {}\n", flags.id, flags.status, flags.by);
    return 0;
  }
  if (what == "show" || what == "runs") {
    auto text = what == "show" ? cases->DescribeCase(flags.id) : cases->DescribeRuns();
    if (!text.ok()) {
      fmt::print(stderr, "error: {}\n", text.status().message());
      return kExitFailed;
    }
    fmt::print("{}", *text);
    return 0;
  }
  auto list = cases->ListCases();
  if (!list.ok()) {
    fmt::print(stderr, "error: {}\n", list.status().message());
    return kExitFailed;
  }
  fmt::print("{:>5} {:<20} {:>4} {:>8} {:<8} {:<11} {:>8} {:>9} {:<14} {:<10} {}\n", "case", "opened", "runs",
             "last run", "network", "verdict", "members", "distinct", "attributed", "status", "decided");
  for (const unmask::CaseSummary& c : *list) {
    fmt::print("{:>5} {:<20} {:>4} {:>8} {:<8} {:<11} {:>8} {:>9} {:<14} {:<10} {}\n", c.id, c.opened_at, c.runs,
               c.last_run, c.last_network, c.takedown ? "takedown" : "no takedown", c.members, c.distinct_members,
               c.attributed.empty() ? "-" : c.attributed, c.status,
               c.decided_by.empty() ? "" : c.decided_by + " " + c.decided_at);
  }
  return 0;
}

int ListFormats(const std::string& show) {
  if (!show.empty()) {
    const std::string_view text = unmask::BuiltinMappingText(show);
    if (text.empty()) {
      fmt::print(stderr, "error: \"{}\" is not a built-in mapping (see `unmask formats`)\n", show);
      return kExitFailed;
    }
    fmt::print("{}", text);
    return 0;
  }
  for (const unmask::Format* format : unmask::Formats()) {
    fmt::print("{:<24} {}\n", format->name(), format->description());
  }
  return 0;
}

std::string DefaultTruthPath(const std::string& world) {
  std::filesystem::path path(world);
  std::string stem = path.filename().string();
  for (const char* suffix : {".jsonl", ".json"}) {
    if (stem.size() > std::strlen(suffix) && stem.ends_with(suffix)) stem.resize(stem.size() - std::strlen(suffix));
  }
  return (path.parent_path() / (stem + ".truth.json")).string();
}

int Simulate(const unmask::sim::SimConfig& config, const std::string& out, std::string truth, bool show_progress) {
  if (truth.empty()) truth = DefaultTruthPath(out);
  unmask::Progress progress("simulate", 0, show_progress);
  auto stats = unmask::sim::WriteWorld(config, out, truth, [&](uint64_t done, uint64_t total) {
    progress.SetTotal(total);
    static uint64_t last = 0;
    if (done > last) progress.Advance(done - last);
    last = done;
  });
  progress.Finish();
  if (!stats.ok()) {
    fmt::print(stderr, "error: {}\n", stats.status().message());
    return kExitFailed;
  }
  fmt::print(stderr, "{} actors, {} posts, {} relations\n", stats->actors, stats->posts, stats->relations);
  fmt::print("world: {}\ntruth: {}\n", out, truth);
  return 0;
}

int Demo(ScanConfig config, const unmask::sim::SimConfig& sim, const std::string& out_dir) {
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) {
    fmt::print(stderr, "error: cannot create {}: {}\n", out_dir, error.message());
    return kExitFailed;
  }
  const std::string world = (std::filesystem::path(out_dir) / "world.jsonl").string();
  const std::string truth = (std::filesystem::path(out_dir) / "world.truth.json").string();
  if (config.log) fmt::print(stderr, "simulating a {} world (seed {})...\n", "built-in", sim.seed);
  auto stats = unmask::sim::WriteWorld(sim, world, truth, {});
  if (!stats.ok()) {
    fmt::print(stderr, "error: {}\n", stats.status().message());
    return kExitFailed;
  }
  if (config.log) {
    fmt::print(stderr, "world: {} actors, {} posts, {} relations in {}\n", stats->actors, stats->posts,
               stats->relations, world);
  }
  config.inputs = {world};
  config.out_dir = (std::filesystem::path(out_dir) / "report").string();
  auto outcome = unmask::RunScan(config);
  if (!outcome.ok()) {
    fmt::print(stderr, "error: {}\n", outcome.status().message());
    return kExitFailed;
  }
  auto evaluation = unmask::Evaluate(outcome->report, truth);
  if (!evaluation.ok()) {
    fmt::print(stderr, "error: {}\n", evaluation.status().message());
    return kExitFailed;
  }
  fmt::print("\n{}\n", unmask::FormatEvaluation(*evaluation));
  fmt::print("Takedown: {}\n\n", unmask::DescribeCounts(outcome->report.takedown_counts));
  fmt::print("The report is at {}\n(also {}, {} and {}; the coordination graph for Gephi in {})\n",
             outcome->html_path, outcome->markdown_path, outcome->json_path, outcome->csv_path, outcome->gexf_path);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"unmask: find coordinated inauthentic behaviour across platforms and write the takedown report"};
  app.set_version_flag("--version", unmask::Version());
  app.require_subcommand(1);

  CommonFlags common;
  ScanConfig scan;
  CLI::App* scan_cmd = app.add_subcommand("scan", "Find coordinated networks in activity files and write a report");
  scan_cmd->add_option("inputs", scan.inputs, "Input files of any known format (see `unmask formats`), .gz or .zst")
      ->required()
      ->check(CLI::ExistingFile);
  scan_cmd->add_option("--format", scan.format,
                       "Read every input in this format (a name from `unmask formats`, or a mapping file) "
                       "instead of detecting it");
  scan_cmd->add_option("--mapping", scan.mappings, "A mapping file describing another export (repeatable)")
      ->check(CLI::ExistingFile);
  scan_cmd
      ->add_option("-o,--out", scan.out_dir,
                   "Folder for report.json, report.md, report.html, takedown.csv and the graph exports")
      ->required();
  AddScanFlags(*scan_cmd, scan);
  scan_cmd->add_option("--state", scan.state_dir,
                       "Folder of a saved scan state: add the inputs to it, re-compute only what they touch, "
                       "report on everything added so far, and save it again");
  AddCommonFlags(*scan_cmd, common);

  unmask::sim::SimConfig sim;
  std::string scale = "small", sim_out, truth_out;
  CLI::App* sim_cmd = app.add_subcommand("simulate", "Write a synthetic world with planted operations and its truth");
  sim_cmd->add_option("--seed", sim.seed, "Random seed (same seed, same world)")->capture_default_str();
  sim_cmd->add_option("--scale", scale, "small (~0.1 M posts), medium (~2 M) or large (~16 M) over 60 days")
      ->check(CLI::IsMember({"small", "medium", "large"}))
      ->capture_default_str();
  sim_cmd->add_option("-o,--out", sim_out, "Output activity file (JSON Lines)")->required();
  sim_cmd->add_option("--truth", truth_out, "Ground-truth file (default: beside the output, .truth.json)");
  sim_cmd->add_option("--days", sim.days, "Days of activity (volume is per day)")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  sim_cmd->add_option("--period", sim.period,
                      "1: the world as usual; 2 (3 ...): the same world later, after a takedown, with the "
                      "Spamouflage-like operation back on new accounts that reuse its pictures, infrastructure and "
                      "templates (a few old ones return)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  sim_cmd->add_flag("--distinct-copies", sim.distinct_op_copies,
                    "Edit every Spamouflage-like copy so that no two are word for word the same");
  AddCommonFlags(*sim_cmd, common);

  std::string demo_out = "unmask-demo";
  CLI::App* demo_cmd = app.add_subcommand("demo", "Simulate a small world, scan it and score the result");
  demo_cmd->add_option("--seed", sim.seed, "Random seed of the world")->capture_default_str();
  demo_cmd->add_option("--scale", scale, "World size")
      ->check(CLI::IsMember({"small", "medium", "large"}))
      ->capture_default_str();
  demo_cmd->add_option("-o,--out", demo_out, "Folder for the world and the report")->capture_default_str();
  demo_cmd->add_flag("--distinct-copies", sim.distinct_op_copies,
                     "Edit every Spamouflage-like copy so that no two are word for word the same");
  AddScanFlags(*demo_cmd, scan);
  AddCommonFlags(*demo_cmd, common);

  CaseFlags case_flags;
  if (const char* env = std::getenv("UNMASK_CASES_DIR")) case_flags.dir = env;
  CLI::App* case_cmd = app.add_subcommand("case", "List, show and decide on the cases of a case store");
  case_cmd->require_subcommand(1);
  case_cmd->add_option("--cases", case_flags.dir, "Folder of the case store (default: UNMASK_CASES_DIR)");
  CLI::App* case_list = case_cmd->add_subcommand("list", "One line per case: last verdict, members, status");
  CLI::App* case_runs = case_cmd->add_subcommand("runs", "Every recorded run: when, inputs, counts");
  CLI::App* case_show = case_cmd->add_subcommand("show", "A case in full: decisions, networks, evidence, members");
  case_show->add_option("case", case_flags.id, "Case number")->required();
  CLI::App* case_decide = case_cmd->add_subcommand("decide", "Record an analyst's decision on a case");
  case_decide->add_option("case", case_flags.id, "Case number")->required();
  case_decide->add_option("--status", case_flags.status, "open, confirmed, rejected or enforced")
      ->required()
      ->check(CLI::IsMember({"open", "confirmed", "rejected", "enforced"}));
  case_decide->add_option("--by", case_flags.by, "Who decides")->required();
  case_decide->add_option("--note", case_flags.note, "Why, or what was done");
  for (CLI::App* sub : {case_list, case_runs, case_show, case_decide}) {
    sub->add_option("--cases", case_flags.dir, "Folder of the case store (default: UNMASK_CASES_DIR)");
  }

  std::string show_format;
  CLI::App* formats_cmd = app.add_subcommand("formats", "List the input formats scan recognises");
  formats_cmd->add_option("--show", show_format, "Print the mapping file of a built-in format (to adapt it)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  ApplyCommon(common, scan);
  sim.scale = *unmask::sim::ParseScale(scale);
  try {
    if (*scan_cmd) return Scan(scan);
    if (*formats_cmd) return ListFormats(show_format);
    if (*case_cmd) {
      const std::string what = *case_show ? "show" : *case_decide ? "decide" : *case_runs ? "runs" : "list";
      return CaseCommand(what, case_flags);
    }
    if (*sim_cmd) return Simulate(sim, sim_out, truth_out, !common.quiet && !common.no_progress);
    if (*demo_cmd) return Demo(scan, sim, demo_out);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kExitFailed;
  }
  return kExitUsage;
}
