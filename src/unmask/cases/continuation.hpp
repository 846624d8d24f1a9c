#pragma once
// Continuation matching: a network found in a new run is compared with every
// earlier case of the case store on what an operation keeps when it comes
// back after a takedown: its accounts (the same platform ids), handles reused
// by new accounts, rare profile pictures and infrastructure fingerprints, its
// most repeated messages (near-identical by MinHash), and the operation it was
// attributed to. Only what the store keeps is needed, not the old data.
// docs/attribution.md ("Case store") explains the strength and thresholds.
#include <vector>

#include "unmask/assess/network.hpp"
#include "unmask/cases/case_store.hpp"
#include "unmask/report/report.hpp"

namespace unmask {

struct ContinuationConfig {
  double min_strength = 2.0;    ///< a continuation needs this much evidence (two kinds in full, or more in part)
  uint64_t enough_members = 10; ///< returning members that give the count part in full
  double member_share = 0.5;    ///< share of the new network that gives the share part in full
  uint64_t enough_handles = 5;  ///< handles of the case reused by new accounts
  uint64_t enough_values = 3;   ///< shared rare pictures, or shared rare infrastructure values
  uint64_t enough_texts = 3;    ///< repeated messages with a near-identical one in the case
  double same_attribution = 0.5;  ///< added when both are attributed to the same operation (and other evidence exists)
  double text_similarity = 0.7;   ///< estimated Jaccard of character shingles for near-identical texts
  uint32_t max_value_sharers = 20;  ///< a picture or value held by more actors of the run is common, not evidence
  size_t min_text_letters = 20;     ///< shorter messages are too generic to compare
  int signature_size = 64;          ///< MinHash values per message
};

/// What each network (aligned with report.networks, built from `networks`)
/// leaves in the store for later runs. Uses report.networks[i].text_families
/// (AddTextFamilies). Cost O(actors + members + texts).
std::vector<NetworkPrint> MakeNetworkPrints(const Store& store, const std::vector<Network>& networks,
                                            const Report& report, const ContinuationConfig& config = {});

/// MinHash prints of a network's most repeated messages (its text_families).
std::vector<TextPrint> MakeTextPrints(const NetworkReport& network, const ContinuationConfig& config = {});

/// Compares every network of the report with the cases already in the store
/// and sets each network's case_ref->match to its best case (when any
/// evidence ties them; `continuation` when strong enough). Cost per network
/// O(members x log(stored members) + texts x stored texts).
Status MatchContinuations(CaseStore& cases, const std::vector<NetworkPrint>& prints, const ContinuationConfig& config,
                          Report& report);

}  // namespace unmask
