#pragma once
// Account fingerprints: traits of one actor computed over the whole store
// (its profile, its posting schedule, the shape of its activity), each with
// the rate at which the whole population shows it, so that a network can be
// tested against the population rather than against a fixed threshold.
#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "unmask/store/store.hpp"

namespace unmask {

enum class Trait : uint8_t {
  kYoung,            ///< under young_age days old at its first post in the data
  kGeneratedHandle,  ///< handle ends in a long run of digits or looks random
  kSharedAvatar,     ///< its profile picture is also another actor's
  kCopiedBio,        ///< its bio is word for word another actor's
  kSharedInfra,      ///< shares an ip, device, phone ... fingerprint with another actor
  kAmplifyOnly,      ///< almost everything it does is a reaction or a share
  kLowAudience,      ///< follows many, followed by few
  kNoSleep,          ///< posts at every hour of the day: no night in its own schedule
  kClaimedElsewhere, ///< its hours fit a place at least claimed_zone_hours from where its profile says it lives
  kCount
};
inline constexpr int kTraitCount = static_cast<int>(Trait::kCount);
std::string_view TraitName(Trait trait);

struct FingerprintConfig {
  Time young_age = 90 * 86400;
  int handle_digit_run = 4;          ///< this many trailing digits make a handle look generated
  int min_bio_chars = 20;            ///< shorter bios are not compared
  uint32_t max_infra_sharers = 20;   ///< held by more actors, a value is a common one (gmail.com, a default picture)
  uint32_t min_shape_posts = 10;     ///< activity shape is judged from this many posts up
  double amplify_share = 0.9;
  int64_t low_audience_followers = 100;
  double low_audience_ratio = 5;     ///< following at least this many times followers
  uint32_t min_sleep_posts = 24;     ///< a night is looked for from this many posts up
  int min_night_hours = 4;           ///< a human schedule has this many empty hours in a row
  int claimed_zone_hours = 5;        ///< a place this far from the declared one is elsewhere
  uint32_t min_zone_posts = 8;       ///< hours of posting are compared with the declared place from this many posts up
  double claimed_min_llr = 4.6;      ///< ... and fit elsewhere when a far place explains them e^4.6 = 100 times better
};

/// Per actor: which traits it shows, and which could be judged at all (the
/// data held what the trait needs). Population rates are over judged actors.
struct Fingerprints {
  std::vector<uint16_t> traits;  ///< bit i = Trait i
  std::vector<uint16_t> judged;  ///< bit i = Trait i could be judged
  std::array<double, kTraitCount> population_rate{};
  std::array<uint64_t, kTraitCount> population_judged{};
  /// Per actor: its declared identity, the same for accounts that carry one
  /// handle on several platforms (a brand, or one persona's accounts), so
  /// that a picture, bio or text it reuses across its own accounts is not
  /// taken for one shared between different people.
  std::vector<uint64_t> identity;
  bool Has(ActorId a, Trait t) const { return traits[a] >> static_cast<int>(t) & 1; }
  bool Judged(ActorId a, Trait t) const { return judged[a] >> static_cast<int>(t) & 1; }
};

/// A value (picture, bio, fingerprint) counts as shared when at least two
/// identities hold it, and as common when more than max_infra_sharers do.
/// Cost O(actors + posts) plus a hash of each avatar, bio and infra value.
/// On `threads` threads (blocks of actors); the result is the same for any number.
Fingerprints ComputeFingerprints(const Store& store, const FingerprintConfig& config = {}, int threads = 1);

/// Sets the population rates to those of the actors not `excluded` (all
/// actors when the mask is empty). Cost O(actors).
void SetPopulation(Fingerprints& fp, const std::vector<uint8_t>& excluded);

/// True when a handle looks machine-made: a trailing run of at least
/// `digit_run` digits, or letters and digits alternating three times or more
/// ("jacks3d46"), or a long run of consonants.
bool LooksGenerated(std::string_view handle, int digit_run);

/// When a group posts: activity per hour of the week, in UTC.
struct Schedule {
  std::array<uint64_t, 168> hour_of_week{};
  uint64_t total = 0;
};

/// What a schedule says about the people behind it.
struct SchedulePattern {
  bool enough = false;        ///< enough posts to judge
  int quiet_hours = 0;        ///< longest run of hours of the day with little activity
  int quiet_start_utc = -1;   ///< first hour (UTC) of that run
  int implied_utc_offset = 0; ///< local time zone if the quiet run is the night (centred on 03:30)
  bool round_the_clock = false;
  bool office_hours = false;  ///< weekday working hours, quiet weekends, a lunch dip
  int office_start_utc = -1;  ///< first hour (UTC) of the working day
  int lunch_utc = -1;         ///< the dip's hour (UTC)
  double weekend_ratio = 0;   ///< weekend posts per day over weekday posts per day
  double office_share = 0;    ///< weekday posts inside the working window
};

Schedule ScheduleOf(const Store& store, std::span<const ActorId> actors);
SchedulePattern ReadSchedule(const Schedule& schedule, uint64_t min_posts = 200);

}  // namespace unmask
