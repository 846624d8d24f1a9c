#pragma once
// The report model: everything a reader of the report needs, with ids turned
// back into the input's strings. Built once; each writer only formats it.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "unmask/assess/network.hpp"
#include "unmask/attribute/attribute.hpp"
#include "unmask/attribute/link.hpp"
#include "unmask/text/families.hpp"

namespace unmask {

struct ActorRef {
  std::string platform, type, id, handle, name;
  std::string via;  ///< members: how it joined ("coordination", "runs_or_fills", "shared_identity", "engagement")
  double concert = -1;  ///< members: share of its posts made in concert with other members (-1: no posts)
  std::vector<std::string> traits;  ///< members: fingerprints it shows ("shared_avatar", "young_account" ...)
};

struct EvidencePost {
  std::string platform, id, actor, time, text;
};

/// One share or quote by an amplifier: its own post and the network's post.
struct SharedItem {
  EvidencePost share, original;
};

struct AmplifierRef {
  ActorRef actor;
  int64_t audience = 0;
  uint32_t engagements = 0;
  std::string first, last;
  std::vector<SharedItem> shared;  ///< what it shared, earliest first (at most ImpactConfig::max_shares_listed)
};

/// Two actors and what ties them: two posts, or (profile signals) a shared value.
struct EvidencePair {
  std::string signal;
  std::string description;  ///< "posted the same link"
  ActorRef actor_a, actor_b;
  std::optional<EvidencePost> a, b;
  std::string shared;
};

/// A family of near-identical messages a network posted (a narrative): the
/// network's copies, edits included, and how far the family spread overall.
struct TextFamilyRef {
  EvidencePost representative;  ///< the network's most repeated wording, earliest copy
  uint64_t copies = 0;          ///< the network's posts in the family
  uint64_t variants = 0;        ///< distinct wordings among them (after normalisation)
  uint64_t actors = 0;          ///< members who posted them
  std::vector<std::string> platforms, languages;
  std::string first, last;
  uint64_t total_copies = 0;    ///< posts in the family in the whole input
  uint64_t total_actors = 0;    ///< actors who posted in it in the whole input
};

/// members counted by platform, then by type: the announcement's numbers.
using Counts = std::map<std::string, std::map<std::string, uint64_t>>;

/// A day of the timeline with its date.
struct DayRow {
  std::string date;  ///< 2023-03-01 (UTC)
  DayActivity activity;
};

/// The themes a network pushes, with accounts as the input names them.
/// Text families (near-duplicate narratives) are NetworkReport::text_families.
struct NarrativesReport {
  std::vector<CountedValue> hashtags, domains, urls, languages, mentions;
  std::map<std::string, std::vector<CountedValue>> terms;  ///< per language
  std::vector<std::pair<ActorRef, uint64_t>> engaged_accounts;
};

/// Did it work: Network::impact with names instead of ids (impact_report.cpp).
struct ImpactReport {
  std::map<std::string, EchoSplit> echo_by_platform;
  std::map<std::string, uint64_t> from_networks;  ///< other takedown network id -> engagements its members made
  std::vector<DayRow> timeline;
  std::array<uint64_t, 24> member_hours{}, authentic_hours{};
  AuthenticReach reach;
  BreakoutAssessment breakout;
  NarrativesReport narratives;
  AudienceProfile audience;
};

/// What ties a network to an earlier case of the case store (unmask/cases).
struct ContinuationEvidence {
  std::string kind;     ///< "returning_members", "shared_handles", "shared_avatars", "shared_infrastructure", "shared_texts", "same_attribution"
  uint64_t count = 0;   ///< members, values or texts behind it
  double strength = 0;  ///< this kind's part of the match strength
  std::string example;  ///< one instance in the input's terms
};
struct ContinuationRef {
  int64_t case_id = 0;   ///< the earlier case
  int64_t run = 0;       ///< the earlier run the best-matching network was found in
  std::string network;   ///< that network's id in that run ("N1")
  std::string seen_at;   ///< when that run was made
  std::string verdict;   ///< "takedown" or "no takedown" in that run
  std::string status;    ///< the analysts' latest decision on the case ("open" when none)
  std::string decided_by, decided_at;
  double strength = 0;   ///< sum of the evidence kinds' parts; a continuation needs ContinuationConfig::min_strength
  bool continuation = false;  ///< strong enough to call it a continuation (else: the nearest case, for the record)
  uint64_t new_members = 0, returning_members = 0;
  std::vector<ContinuationEvidence> evidence;
  std::string summary;   ///< "continuation of case 12: 340 new accounts, 12 returning, same avatars (9) and templates (8)"
};
/// A network's place in the case store.
struct NetworkCaseRef {
  int64_t case_id = 0;                   ///< the case it is recorded under (the one it continues, or a new one)
  std::optional<ContinuationRef> match;  ///< best earlier case with any evidence; match->continuation says whether it is one
};

struct NetworkReport {
  std::string id;
  bool takedown = false;
  double confidence = 0;
  std::vector<std::string> reasons;
  std::vector<Indicator> indicators;
  std::vector<ActorRef> members;
  std::vector<ActorRef> cleared;  ///< community members held back: no evidence of their own
  CoordinationTest coordination_test;
  SchedulePattern schedule;
  Counts counts;
  EchoChamber echo;
  std::vector<AmplifierRef> amplifiers;
  uint64_t amplifier_count = 0;
  uint64_t posts = 0;
  std::string first_activity, last_activity;
  uint64_t coordinated_pairs = 0;
  double min_p_value = 1;
  std::map<std::string, uint64_t> signal_ties;
  std::vector<EvidencePair> evidence;
  ImpactReport impact;
  std::vector<TextFamilyRef> text_families;  ///< most copies first (see AddTextFamilies)
  std::vector<OperationMatch> attribution;   ///< every known operation scored, best first (AddAttribution)
  std::vector<ObservedTechnique> techniques; ///< DISARM techniques its behaviour shows (AddAttribution)
  std::string linked_operation;              ///< id of the linked operation it belongs to ("O1"), if any
  std::optional<NetworkCaseRef> case_ref;    ///< when the run used a case store (unmask/cases)
};

/// Takedown networks linked into one operation across platforms (AddLinkedOperations).
struct NetworkLinkRef {
  std::string a, b;  ///< network ids
  double strength = 0;
  std::vector<LinkEvidence> evidence;
};
struct LinkedOperationRef {
  std::string id;                     ///< O1, O2 ...
  std::vector<std::string> networks;  ///< network ids
  Counts counts;                      ///< members of all its networks by platform and type
  uint64_t members = 0;
  std::vector<std::string> attributed;  ///< operations its networks are attributed to
  std::vector<NetworkLinkRef> links;
};

struct StageTiming {
  std::string stage;
  double seconds = 0;
  double peak_mib = 0;     ///< highest resident memory during the stage (not written to report.json)
  double cpu_seconds = 0;  ///< user + system CPU time of the process during the stage (not written either)
};

/// What one co-action signal saw.
struct SignalSummary {
  std::string signal;
  uint64_t events = 0, objects = 0, pair_hits = 0, pairs = 0, capped_objects = 0, largest_object = 0;
  double seconds = 0;
};

/// What the text step saw (unmask/text/families.hpp).
struct TextSummary {
  uint64_t texts = 0, informative = 0, variants = 0, families = 0, edited_families = 0, largest_family = 0;
  uint64_t candidate_pairs = 0, similar_pairs = 0;
  double threshold = 0;
  std::string chinese_folding;  ///< "OpenCC t2s characters", or why folding is off
};

/// What the run read and how; filled by the pipeline.
struct RunInfo {
  std::string version;
  std::string generated_at;
  std::vector<std::string> inputs;
  uint64_t lines = 0, actors = 0, posts = 0, relations = 0;
  uint64_t quarantined = 0;
  std::map<std::string, uint64_t> quarantine_reasons;
  std::vector<std::string> quarantine_examples;  ///< "file:line: reason"
  std::vector<std::string> input_errors;         ///< file-level problems (truncated streams ...)
  uint64_t unresolved_parents = 0;
  uint64_t candidate_pairs = 0, repeated_pairs = 0, significant_pairs = 0;
  std::map<std::string, std::string> settings;
  std::vector<StageTiming> timings;
  std::vector<SignalSummary> signals;
  std::optional<TextSummary> text;  ///< absent when the near_text signal is off
};

/// The coordination graph as the exports draw it (graph_model.cpp).
struct GraphNode {
  ActorRef actor;
  int network = -1;  ///< index into Report::networks, -1 outside every network
};
struct GraphEdge {
  uint32_t a, b;       ///< indexes into GraphModel::nodes
  std::string kind;    ///< "coordination", "runs_or_fills" (a page/group and its admins or posters), "identity" (shared picture or fingerprint)
  double weight = 0;   ///< coordination: summed object weights; others: 1
  uint32_t objects = 0;
  double p_value = 1;  ///< coordination: chance of the pair's co-actions under the null
  std::string signals; ///< "co_engage:3 same_url:2"
};
struct GraphModel {
  std::vector<GraphNode> nodes;
  std::vector<GraphEdge> edges;
};

struct Report {
  RunInfo run;
  std::vector<NetworkReport> networks;
  Counts takedown_counts;  ///< over all takedown networks
  uint64_t takedown_members = 0;
  GraphModel graph;  ///< filled by AddCoordinationGraph; empty otherwise
  std::vector<LinkedOperationRef> linked_operations;  ///< AddLinkedOperations
  /// The case store the run was recorded in (unmask/cases), when one was used.
  struct CaseStoreRef {
    std::string path;
    int64_t run = 0;               ///< this run's number in it
    uint64_t earlier_runs = 0, earlier_cases = 0;
    uint64_t continuations = 0;    ///< networks that continue an earlier case
  };
  std::optional<CaseStoreRef> case_store;
};

/// Builds the report model. Network ids are N1, N2 ... in the given order
/// (most severe first). Cost O(members + evidence); networks are described
/// on up to `threads` threads (the same model for any number).
Report BuildReport(const Store& store, const std::vector<Network>& networks, RunInfo run, int threads = 1);

/// An actor or a post as the report shows it (ids turned back into the input's strings).
ActorRef MakeActorRef(const Store& store, ActorId actor);
EvidencePost MakeEvidencePost(const Store& store, PostId post);

/// Network::impact as the report shows it, and what each listed amplifier
/// shared (impact_report.cpp). Network ids in `from_networks` follow the
/// order of `networks` (N1 is index 0).
ImpactReport MakeImpactReport(const Store& store, const Network& net);
void AddAmplifierShares(const Store& store, const Network& net, std::vector<AmplifierRef>& amplifiers);

/// Adds the coordination graph (every network member and every actor in a
/// significant pair, with coordination, admin and identity ties) to the
/// report, for report.html's pictures and the GEXF/GraphML exports. Cost
/// O(edges + relations + pairs).
void AddCoordinationGraph(Report& report, const Store& store, const std::vector<Network>& networks,
                          const CoordinationGraph& graph, const CoActionResult& co_action);
/// The same graph on its own (it needs only the networks, not their
/// descriptions, so it can be built while BuildReport runs).
GraphModel MakeGraphModel(const Store& store, const std::vector<Network>& networks, const CoordinationGraph& graph,
                          const CoActionResult& co_action);

/// Adds to each network of `report` (built from `networks`, same order) the
/// text families its members posted at least twice, most copies first, at
/// most `limit`. Needs the store's text-family columns (FindTextFamilies);
/// does nothing without them. Cost O(posts of members).
void AddTextFamilies(const Store& store, const TextFamilies& families, const std::vector<Network>& networks,
                     size_t limit, Report& report);

/// Adds each network's attribution scores and DISARM techniques (aligned
/// with `networks`, same order as the report). report.json's `attribution`
/// then lists the operations named (OperationMatch::attributed).
void AddAttribution(const std::vector<NetworkAttribution>& attribution, Report& report);

/// Adds the linked operations (network indexes as in `networks`, the
/// report's order) with their counts and the operations their networks are
/// attributed to; call after AddAttribution.
void AddLinkedOperations(const std::vector<LinkedOperation>& linked, Report& report);

/// "7,704 accounts, 954 pages and 15 groups on facebook; 120 accounts on x
/// ... across 8 platforms".
std::string DescribeCounts(const Counts& counts);

}  // namespace unmask
