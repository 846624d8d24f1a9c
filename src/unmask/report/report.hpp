#pragma once
// The report model: everything a reader of the report needs, with ids turned
// back into the input's strings. Built once; each writer only formats it.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "unmask/assess/network.hpp"
#include "unmask/text/families.hpp"

namespace unmask {

struct ActorRef {
  std::string platform, type, id, handle, name;
  std::string via;  ///< members: how it joined ("coordination", "runs_or_fills", "shared_identity")
  double concert = -1;  ///< members: share of its posts made in concert with other members (-1: no posts)
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

struct NetworkReport {
  std::string id;
  bool takedown = false;
  double confidence = 0;
  std::vector<std::string> reasons;
  std::vector<Indicator> indicators;
  std::vector<ActorRef> members;
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
  std::vector<TextFamilyRef> text_families;  ///< most copies first (see AddTextFamilies)
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

struct Report {
  RunInfo run;
  std::vector<NetworkReport> networks;
  Counts takedown_counts;  ///< over all takedown networks
  uint64_t takedown_members = 0;
};

/// Builds the report model. Network ids are N1, N2 ... in the given order
/// (most severe first). Cost O(members + evidence).
Report BuildReport(const Store& store, const std::vector<Network>& networks, RunInfo run);

/// Adds to each network of `report` (built from `networks`, same order) the
/// text families its members posted at least twice, most copies first, at
/// most `limit`. Needs the store's text-family columns (FindTextFamilies);
/// does nothing without them. Cost O(posts of members).
void AddTextFamilies(const Store& store, const TextFamilies& families, const std::vector<Network>& networks,
                     size_t limit, Report& report);

/// "7,704 accounts, 954 pages and 15 groups on facebook; 120 accounts on x
/// ... across 8 platforms".
std::string DescribeCounts(const Counts& counts);

}  // namespace unmask
