#include "unmask/pipeline/scan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <functional>
#include <optional>
#include <thread>

#include "unmask/core/memory.hpp"
#include "unmask/core/parallel.hpp"
#include "unmask/core/progress.hpp"
#include "unmask/core/time.hpp"
#include "unmask/ingest/ingest.hpp"
#include "unmask/ingest/quarantine.hpp"
#include "unmask/pipeline/scan_state.hpp"
#include "unmask/report/writers.hpp"

namespace unmask {
namespace {

// Times each stage under its own name and says what it did on stderr.
class StageRunner {
 public:
  StageRunner(bool log, std::vector<StageTiming>& timings) : log_(log), timings_(timings) {}

  template <typename Fn>
  auto Run(const std::string& stage, Fn&& fn) {
    peak_.Start();
    cpu_start_ = ProcessCpuSeconds();
    const auto start = std::chrono::steady_clock::now();
    if constexpr (std::is_void_v<decltype(fn())>) {
      fn();
      Done(stage, start);
    } else {
      auto result = fn();
      Done(stage, start);
      return result;
    }
  }

 private:
  void Done(const std::string& stage, std::chrono::steady_clock::time_point start) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double peak_mib = peak_.Peak() / (1024.0 * 1024.0);
    const double cpu = ProcessCpuSeconds() - cpu_start_;
    timings_.push_back({stage, seconds, peak_mib, cpu});
    if (log_) fmt::print(stderr, "  {:<12} {:8.2f} s {:8.2f} s CPU {:8.0f} MiB peak\n", stage, seconds, cpu, peak_mib);
  }
  bool log_;
  std::vector<StageTiming>& timings_;
  StagePeak peak_;
  double cpu_start_ = 0;
};

// The text step: families of near-identical texts (store columns) and what
// the run should say about them. Without OpenCC's data, traditional and
// simplified Chinese are compared as they are, and the report says so.
TextFamilies FindFamilies(Store& store, const ScanConfig& config, RunInfo& run) {
  NearDupConfig text = config.text;
  text.threads = config.threads;
  TextSummary summary;
  summary.threshold = text.threshold;
  summary.chinese_folding = "OpenCC t2s characters";
  auto normalizer = TextNormalizer::Create(true);
  if (!normalizer.ok()) {
    summary.chinese_folding = "off: " + normalizer.status().message();
    if (config.log) fmt::print(stderr, "warning: {}\n", summary.chinese_folding);
    normalizer = TextNormalizer::Create(false);
  }
  TextFamilies families;
  if (normalizer.ok()) {
    families = FindTextFamilies(store, *normalizer, text);
  } else {
    run.input_errors.push_back("no text families: " + normalizer.status().message());
  }
  const NearDupStats& s = families.stats;
  summary.texts = s.texts;
  summary.informative = s.informative;
  summary.variants = s.variants;
  summary.families = s.families;
  summary.edited_families = s.edited_families;
  summary.largest_family = s.largest_family;
  summary.candidate_pairs = s.candidate_pairs;
  summary.similar_pairs = s.similar_pairs;
  run.text = summary;
  return families;
}

// Scores every network against the known-operations library. Without a
// readable library the run goes on unattributed and the report says why.
std::vector<NetworkAttribution> Attribute(const Store& store, const std::vector<Network>& networks,
                                          const ScanConfig& config, RunInfo& run) {
  const std::string dir = config.operations_dir.empty() ? DefaultOperationsDir() : config.operations_dir;
  Result<std::vector<KnownOperation>> ops = LoadOperations(dir);
  if (!ops.ok()) {
    run.input_errors.push_back("no attribution: " + ops.status().message());
    if (config.log) fmt::print(stderr, "warning: no attribution: {}\n", ops.status().message());
    return {};
  }
  run.settings["operations"] = fmt::format("{} known operations from {}", ops->size(), dir);
  AttributionConfig attribution = config.attribution;
  attribution.threads = config.threads;
  return AttributeNetworks(store, networks, *ops, attribution);
}

// Writes the report files. They only read the report model and do not
// depend on each other, so they are written on the worker threads, the
// largest first so that the threads finish together; each file's bytes are
// the same as with one thread. The first failure in the order below (the
// order they used to be written in) is returned.
Status WriteReports(const ScanOutcome& outcome, int threads) {
  const Report& report = outcome.report;
  const std::vector<std::function<Status()>> writers = {
      [&] { return WriteJsonReport(report, outcome.json_path); },
      [&] { return WriteMarkdownReport(report, outcome.markdown_path); },
      [&] { return WriteTakedownCsv(report, outcome.csv_path); },
      [&] { return WriteHtmlReport(report, outcome.html_path); },
      [&] { return WriteGexf(report, outcome.gexf_path); },
      [&] { return WriteGraphml(report, outcome.graphml_path); },
      [&] { return WriteStixBundle(report, outcome.stix_path); }};
  constexpr size_t kLargestFirst[] = {4, 0, 5, 3, 1, 6, 2};  // gexf, json, graphml, html, md, stix, csv
  static_assert(std::size(kLargestFirst) == 7);
  std::vector<Status> written(writers.size());
  ParallelFor(writers.size(), threads, [&](size_t k) { written[kLargestFirst[k]] = writers[kLargestFirst[k]](); });
  for (const Status& s : written) UNMASK_RETURN_IF_ERROR(s);
  return {};
}

// Opens (creating) the case store in config.cases_dir; nullopt without one.
Result<std::optional<CaseStore>> OpenCases(const ScanConfig& config) {
  if (config.cases_dir.empty()) return std::optional<CaseStore>();
  std::error_code error;
  std::filesystem::create_directories(config.cases_dir, error);
  if (error) return Status::Error(fmt::format("cannot create case store folder {}: {}", config.cases_dir, error.message()));
  Result<CaseStore> cases = CaseStore::Open(CaseStore::FileIn(config.cases_dir));
  if (!cases.ok()) return cases.status();
  return std::optional<CaseStore>(std::move(*cases));
}

// Matches the networks to earlier cases and records the run (one transaction).
Status RecordCases(CaseStore& cases, const Store& store, const std::vector<Network>& networks,
                   const ScanConfig& config, Report& report) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<NetworkPrint> prints = MakeNetworkPrints(store, networks, report, config.continuation);
  const auto t1 = std::chrono::steady_clock::now();
  auto t2 = t1;
  RunFacts facts;
  facts.started_at = report.run.generated_at;
  facts.report_dir = config.out_dir;
  const auto& times = store.posts().time;
  if (!times.empty()) {
    const auto [lo, hi] = std::minmax_element(times.begin(), times.end());
    facts.first_activity = FormatIso(*lo);
    facts.last_activity = FormatIso(*hi);
  }
  UNMASK_RETURN_IF_ERROR(cases.RecordRun(report, prints, facts, {}, [&] {
                                 Status matched = MatchContinuations(cases, prints, config.continuation, report);
                                 t2 = std::chrono::steady_clock::now();
                                 return matched;
                               }).status());
  if (config.log) {
    const auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    fmt::print(stderr, "    {}: run {}, {} of {} networks continue an earlier case (prints {:.2f} s, matching {:.2f} s, "
               "recording {:.2f} s)\n",
               cases.path(), report.case_store->run, report.case_store->continuations, report.networks.size(),
               seconds(t0, t1), seconds(t1, t2), seconds(t2, std::chrono::steady_clock::now()));
  }
  return {};
}

// Which signals were extended and which recomputed, and how much was new.
void LogUpdate(const CoActionUpdate& update, const SignalConfig& config) {
  for (int s = 0; s < kSignalCount; ++s) {
    if (!config.enabled[s]) continue;
    std::string line = fmt::format("    {:<14} {}: {} new events, {} objects swept", Name(static_cast<Signal>(s)),
                                   update.incremental[s] ? "extended" : "computed in full", update.new_events[s],
                                   update.touched_objects[s]);
    if (update.changed_posts[s] > 0) line += fmt::format(" ({} earlier posts changed family)", update.changed_posts[s]);
    fmt::print(stderr, "{}\n", line);
  }
}

std::string NowIso() { return FormatIso(static_cast<Time>(std::time(nullptr))); }

RunInfo MakeRunInfo(const ScanConfig& config) {
  RunInfo run;
  run.version = Version();
  run.generated_at = NowIso();
  run.inputs = config.inputs;
  run.settings = {{"window_seconds", std::to_string(config.signals.window)},
                  {"max_neighbours", std::to_string(config.signals.max_neighbours)},
                  {"min_text_chars", std::to_string(config.signals.min_text_chars)},
                  {"near_text_threshold", fmt::format("{}", config.text.threshold)},
                  {"near_text_min_shingles", fmt::format("{} (spaced scripts, 4-grams), {} (unspaced, bigrams)",
                                                         config.text.min_shingles_spaced,
                                                         config.text.min_shingles_unspaced)},
                  {"min_repeats", std::to_string(config.graph.min_repeats)},
                  {"alpha", fmt::format("{}", config.graph.alpha)},
                  {"resolution", fmt::format("{}", config.graph.resolution)},
                  {"min_network_size", std::to_string(config.graph.min_network_size)},
                  {"min_score", std::to_string(config.assess.min_score)},
                  {"coordination_alpha", fmt::format("{}", config.assess.coordination_alpha)},
                  {"indicator_alpha", fmt::format("{}", config.assess.indicator_alpha)},
                  {"null_shuffles", std::to_string(config.assess.null_model.rounds)},
                  {"threads", std::to_string(config.threads)}};
  return run;
}

void AddIngestInfo(const IngestSummary& summary, const Quarantine& quarantine, const Store& store, RunInfo& run) {
  run.lines = summary.lines;
  run.actors = store.actors().size();
  run.posts = store.posts().size();
  run.relations = store.relations().size();
  run.quarantined = quarantine.total();
  for (const auto& [reason, n] : quarantine.by_category()) run.quarantine_reasons[reason] = n;
  for (const auto& example : quarantine.examples()) {
    run.quarantine_examples.push_back(fmt::format("{}:{}: {}", example.file, example.line, example.reason));
  }
  for (const FileSummary& file : summary.files) {
    if (!file.error.empty()) run.input_errors.push_back(file.error);
  }
  run.unresolved_parents = store.UnresolvedParents();
}

}  // namespace

std::string Version() { return "0.1.0"; }

Result<ScanOutcome> RunScan(const ScanConfig& config) {
  std::error_code error;
  std::filesystem::create_directories(config.out_dir, error);
  if (error) return Status::Error(fmt::format("cannot create output folder {}: {}", config.out_dir, error.message()));

  Result<std::optional<CaseStore>> cases = OpenCases(config);
  if (!cases.ok()) return cases.status();
  RunInfo run = MakeRunInfo(config);
  StageRunner stages(config.log, run.timings);
  Store store;
  // --state: earlier inputs come from the saved state (docs/performance.md §incremental).
  const bool incremental = !config.state_dir.empty();
  ScanState state;
  std::vector<InputMark> marks;
  std::optional<StateLock> lock;
  if (incremental) {
    Result<StateLock> locked = StateLock::Acquire(config.state_dir);
    if (!locked.ok()) return locked.status();
    lock.emplace(std::move(*locked));
    Result<bool> loaded = stages.Run("load state", [&] { return LoadScanState(config.state_dir, state); });
    if (!loaded.ok()) return loaded.status();
    Result<std::vector<InputMark>> fresh = MarkNewInputs(state.history, config.inputs, StateFilePath(config.state_dir));
    if (!fresh.ok()) return fresh.status();
    marks = state.history.marks;
    marks.insert(marks.end(), fresh->begin(), fresh->end());
    if (config.log && *loaded) {
      fmt::print(stderr, "    state: {} earlier input(s), {} posts\n", state.history.inputs.size(),
                 state.store.posts().size());
    }
    store = std::move(state.store);
  }
  Quarantine quarantine(config.out_dir);
  IngestOptions ingest_options;
  ingest_options.show_progress = config.progress;
  ingest_options.format = config.format;
  ingest_options.mappings = config.mappings;
  ingest_options.threads = config.threads;
  Result<IngestSummary> ingested =
      stages.Run("ingest", [&] { return IngestFiles(config.inputs, store, quarantine, ingest_options); });
  if (!ingested.ok()) return ingested.status();
  if (config.log) {
    for (const std::string& line : DescribeIngest(*ingested)) fmt::print(stderr, "    {}\n", line);
  }
  UNMASK_RETURN_IF_ERROR(quarantine.Flush());
  stages.Run("index", [&] { store.Finalize(config.threads); });
  AddIngestInfo(*ingested, quarantine, store, run);
  ScanHistory history;
  if (incremental) {
    AddHistory(state.history, run);
    history = HistoryOf(run, std::move(marks));
  }

  TextFamilies families;
  if (config.signals.enabled[static_cast<int>(Signal::kNearText)]) {
    families = stages.Run("text", [&] { return FindFamilies(store, config, run); });
  }
  SignalConfig signal_config = config.signals;
  signal_config.threads = config.threads;
  signal_config.keep_min_objects = config.graph.min_repeats;
  CoActionUpdate update;
  const CoActionResult co_action = stages.Run("signals", [&] {
    return incremental ? UpdateCoAction(store, signal_config, state.signals, &update)
                       : ComputeCoAction(store, signal_config);
  });
  if (incremental && config.log) LogUpdate(update, signal_config);
  if (config.log && co_action.passes > 1) {
    fmt::print(stderr, "    pairs swept in {} passes of at most {} pair hits\n", co_action.passes,
               signal_config.pass_pair_hits);
  }
  for (int s = 0; s < kSignalCount; ++s) {
    const SignalStats& stats = co_action.stats[s];
    run.signals.push_back({std::string(Name(static_cast<Signal>(s))), stats.events, stats.objects, stats.pair_hits,
                           stats.pairs, stats.capped_objects, stats.largest_object, stats.seconds});
  }
  const CoordinationGraph graph =
      stages.Run("graph", [&] { return BuildCoordinationGraph(co_action, config.graph); });
  run.candidate_pairs = graph.candidate_pairs;
  run.repeated_pairs = graph.repeated_pairs;
  run.significant_pairs = graph.edges.size();
  const auto communities = stages.Run("communities", [&] { return DetectCommunities(graph, config.graph); });
  std::vector<Network> networks =
      stages.Run("assess", [&] {
        MembershipConfig membership = config.membership;
        membership.signals = signal_config;
        membership.threads = config.threads;
        MemberEvents events;  // extracted once, for the concert shares and every null model
        std::vector<Network> built = BuildNetworks(store, co_action, graph, communities, membership, &events);
        AssessConfig assess = config.assess;
        assess.signals = signal_config;
        assess.membership = membership;
        assess.threads = config.threads;
        AssessNetworks(store, &co_action, &graph, built, assess, &events);
        return built;
      });
  stages.Run("impact", [&] {
    ImpactConfig impact = config.impact;
    impact.threads = config.threads;
    AssessImpact(store, networks, impact);
  });
  const std::vector<NetworkAttribution> attribution =
      stages.Run("attribute", [&] { return Attribute(store, networks, config, run); });
  const std::vector<LinkedOperation> linked = stages.Run("link", [&] { return LinkNetworks(store, networks, config.link); });

  ScanOutcome outcome;
  outcome.json_path = (std::filesystem::path(config.out_dir) / "report.json").string();
  outcome.markdown_path = (std::filesystem::path(config.out_dir) / "report.md").string();
  outcome.csv_path = (std::filesystem::path(config.out_dir) / "takedown.csv").string();
  outcome.html_path = (std::filesystem::path(config.out_dir) / "report.html").string();
  outcome.gexf_path = (std::filesystem::path(config.out_dir) / "coordination.gexf").string();
  outcome.graphml_path = (std::filesystem::path(config.out_dir) / "coordination.graphml").string();
  outcome.stix_path = (std::filesystem::path(config.out_dir) / "stix.json").string();
  stages.Run("build report", [&] {
    // The graph's model needs only the networks: with two or more threads it
    // is built on a thread of its own while the networks are described.
    GraphModel graph_model;
    const auto build_graph = [&] { graph_model = MakeGraphModel(store, networks, graph, co_action); };
    std::thread graph_thread;
    if (config.threads >= 2) graph_thread = std::thread(build_graph);
    outcome.report = BuildReport(store, networks, run, config.threads);
    AddTextFamilies(store, families, networks, config.text_families_per_network, outcome.report);
    if (graph_thread.joinable()) {
      graph_thread.join();
    } else {
      build_graph();
    }
    outcome.report.graph = std::move(graph_model);
    AddAttribution(attribution, outcome.report);
    AddLinkedOperations(linked, outcome.report);
  });
  // A run the store cannot take (locked too long, disk full) still gets its
  // reports, which say so; the scan then fails with the store's message.
  Status recorded;
  if (cases->has_value()) {
    recorded = stages.Run("cases", [&] { return RecordCases(**cases, store, networks, config, outcome.report); });
    if (!recorded.ok()) {
      outcome.report.run.input_errors.push_back("not recorded in the case store: " + recorded.message());
      for (NetworkReport& n : outcome.report.networks) n.case_ref.reset();
    }
  }
  Status written = stages.Run("report", [&] { return WriteReports(outcome, config.threads); });
  UNMASK_RETURN_IF_ERROR(written);
  if (incremental) {
    Result<uint64_t> saved =
        stages.Run("save state", [&] { return SaveScanState(config.state_dir, store, state.signals, history); });
    if (!saved.ok()) return saved.status();
    if (config.log) fmt::print(stderr, "    state: {} ({:.1f} MiB)\n", StateFilePath(config.state_dir), *saved / 1048576.0);
  }
  outcome.timings = run.timings;
  if (!recorded.ok()) {
    return Status::Error(fmt::format("reports written to {}, but the run was not recorded: {}", config.out_dir,
                                     recorded.message()));
  }
  return outcome;
}

}  // namespace unmask
