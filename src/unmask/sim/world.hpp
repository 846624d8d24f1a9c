#pragma once
// The world simulator: a deterministic synthetic social-media world in the
// activity format (docs: /work/shared/spec/activity-format.md) with planted
// influence operations and a ground-truth file naming them.
//
// The world mixes authentic users on many platforms and time zones, news
// outlets with viral cascades, a newsroom cross-posting brand, fan
// communities, an activist hashtag campaign and authentic groups/pages with
// three planted operations: "spamouflage" (batch-created accounts, office
// hours in UTC+8, copy-pasted templates, echo-chamber engagement),
// "engagement_farm" (round-the-clock bursts on customers' posts) and "persona"
// (a few careful, well-built accounts loosely pushing one narrative).
// Same seed and config => byte-identical output.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "unmask/core/status.hpp"
#include "unmask/core/types.hpp"

namespace unmask::sim {

/// small ≈ 60-120k posts, medium ≈ 2 million posts, large ≈ 16 million posts
/// (for the default 60 days; volume is per day, so fewer days give fewer posts:
/// medium over 15 days ≈ 0.5 M, large over 38 days ≈ 10 M, as `make bench` uses).
enum class Scale { kSmall, kMedium, kLarge };
std::optional<Scale> ParseScale(std::string_view text);
std::string_view ScaleName(Scale scale);

inline constexpr Time kDefaultSimStart = 1677628800;  // 2023-03-01T00:00:00Z

struct SimConfig {
  uint64_t seed = 1;
  Scale scale = Scale::kSmall;
  Time start = kDefaultSimStart;
  int days = 60;
  /// Every Spamouflage-like text copy gets a few extra small edits (typos,
  /// filler characters), so that no two copies are word for word the same:
  /// the case exact-text matching cannot see.
  bool distinct_op_copies = false;
  /// Period 1 is the world as always. Period p > 1 is the same world
  /// (p - 1) x (days + gap_days) days later, after a takedown of the
  /// Spamouflage-like operation at the end of period p - 1: the authentic
  /// actors, the farm and the personas are the same (same ids), while the
  /// operation comes back with new accounts, pages and groups created in the
  /// gap, except a share `returning_share` of them that survived. The new
  /// ones reuse its stock profile pictures, half its other pictures, its
  /// address and device pools, templates and narratives. The truth lists the
  /// returning members.
  int period = 1;
  int gap_days = 14;
  double returning_share = 0.08;
};

struct SimStats {
  uint64_t actors = 0, posts = 0, relations = 0;
};

/// Called now and then with (done, total) units of work; may be empty.
using ProgressFn = std::function<void(uint64_t done, uint64_t total)>;

/// Writes the world (JSONL, plain text, one record per line) to out_path and
/// the ground truth JSON to truth_path.
Result<SimStats> WriteWorld(const SimConfig& config, const std::string& out_path, const std::string& truth_path,
                            const ProgressFn& progress = {});

}  // namespace unmask::sim
