#pragma once
// The report model: everything a reader of the report needs, with ids turned
// back into the input's strings. Built once; each writer only formats it.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "unmask/assess/network.hpp"

namespace unmask {

struct ActorRef {
  std::string platform, type, id, handle, name;
  std::string via;  ///< members: how it joined ("coordination", "runs_or_fills", "shared_identity")
  double concert = -1;  ///< members: share of its posts made in concert with other members (-1: no posts)
  std::vector<std::string> traits;  ///< members: fingerprints it shows ("shared_avatar", "young_account" ...)
};

struct AmplifierRef {
  ActorRef actor;
  int64_t audience = 0;
  uint32_t engagements = 0;
  std::string first, last;
};

struct EvidencePost {
  std::string platform, id, actor, time, text;
};

/// Two actors and what ties them: two posts, or (profile signals) a shared value.
struct EvidencePair {
  std::string signal;
  std::string description;  ///< "posted the same link"
  ActorRef actor_a, actor_b;
  std::optional<EvidencePost> a, b;
  std::string shared;
};

/// members counted by platform, then by type: the announcement's numbers.
using Counts = std::map<std::string, std::map<std::string, uint64_t>>;

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
};

struct StageTiming {
  std::string stage;
  double seconds = 0;
};

/// What one co-action signal saw.
struct SignalSummary {
  std::string signal;
  uint64_t events = 0, objects = 0, pair_hits = 0, pairs = 0, capped_objects = 0, largest_object = 0;
  double seconds = 0;
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
};

struct Report {
  RunInfo run;
  std::vector<NetworkReport> networks;
  Counts takedown_counts;  ///< over all takedown networks
  uint64_t takedown_members = 0;
};

/// Builds the report model. Network ids are N1, N2 ... in the given order
/// (most severe first). Cost O(members + evidence).
Report BuildReport(const Store& store, const std::vector<Network>& networks, RunInfo run);

/// "7,704 accounts, 954 pages and 15 groups on facebook; 120 accounts on x
/// ... across 8 platforms".
std::string DescribeCounts(const Counts& counts);

}  // namespace unmask
