#pragma once
// Attribution: each network scored against each known operation on six
// features (languages, themes, schedule, account traits, platforms,
// domains), with the evidence for and against; an operation is named only
// when the score and the content evidence are both strong enough. Also the
// DISARM techniques a network's observed behaviour shows. Runs after the
// assessment and impact (it reads verdicts, indicators and the schedule).
// docs/attribution.md explains the features and thresholds.
#include <string>
#include <vector>

#include "unmask/assess/network.hpp"
#include "unmask/attribute/operations.hpp"

namespace unmask {

/// One feature of one network against one operation.
struct FeatureMatch {
  std::string feature;      ///< "languages", "themes", "schedule", "traits", "platforms", "domains"
  bool available = false;   ///< both sides had what the feature needs
  double score = 0;         ///< in [0, 1]
  double weight = 0;
  std::string evidence;     ///< one sentence with the figures
};

struct OperationMatch {
  std::string operation, name;  ///< KnownOperation::id and name
  double score = 0;             ///< weighted mean of available features, in [0, 1]
  bool attributed = false;      ///< passes the thresholds (AttributionConfig)
  std::string confidence;       ///< "high", "moderate", "low" when attributed; else "none"
  std::vector<std::string> evidence_for, evidence_against;
  std::vector<FeatureMatch> features;
};

/// A DISARM technique the network's own behaviour shows, with why.
struct ObservedTechnique {
  Technique technique;
  std::string evidence;
};

struct NetworkAttribution {
  std::vector<OperationMatch> matches;      ///< every operation, best score first
  std::vector<ObservedTechnique> techniques;
};

struct AttributionConfig {
  double min_score = 0.6;        ///< weighted score needed to name an operation
  double min_theme_score = 0.5;  ///< the operation's themes (or domains) must match at least this well
  int min_features = 3;          ///< features with data on both sides
  double high = 0.8, moderate = 0.7;  ///< confidence bands of the score
  double ambiguity_margin = 0.05;     ///< a runner-up this close lowers the confidence one band
  uint64_t min_posts = 20;       ///< posts with text (or language) a feature needs
  bool takedown_only = true;     ///< authentic coordination is never attributed to an operation
  int threads = 1;               ///< networks in parallel (same result for any number)
};

/// Scores every network (same order as `networks`). Cost O(posts of members
/// x (key terms of all operations)).
std::vector<NetworkAttribution> AttributeNetworks(const Store& store, const std::vector<Network>& networks,
                                                  const std::vector<KnownOperation>& operations,
                                                  const AttributionConfig& config = {});

/// The techniques of one network from its members, indicators and posts.
std::vector<ObservedTechnique> ObservedTechniques(const Store& store, const Network& net);

/// Whether `term` occurs in lower-cased `text`: as a whole word for terms in
/// a spaced script, as a substring for terms with CJK characters.
bool ContainsTerm(std::string_view text, std::string_view term);

/// The host of a URL in lower case without "www." ("" when there is none).
std::string UrlHost(std::string_view url);

}  // namespace unmask
