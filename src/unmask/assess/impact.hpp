#pragma once
// "Did it work?": what a network's posts reached beyond the network itself.
// The echo chamber split by platform and by day, an estimate of the authentic
// audience, the place on the Breakout Scale, the narratives it pushes and the
// audience it reached. Filled by AssessImpact (reach.cpp) and
// DescribeNarratives (narratives.cpp) after the verdicts, because "authentic"
// means "outside every takedown network". docs/report.md explains each figure.
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "unmask/core/types.hpp"

namespace unmask {

class Store;
struct Network;

/// Engagements with a network's posts (by other actors than the post's
/// author), split by who made them.
struct EchoSplit {
  uint64_t engagements = 0;
  uint64_t internal = 0;            ///< by the network's own members
  uint64_t other_takedown = 0;      ///< by members of other takedown networks
  uint64_t authentic = 0;           ///< by actors outside every takedown network
  uint64_t authentic_engagers = 0;  ///< distinct such actors
  double InternalShare() const { return engagements ? static_cast<double>(internal) / engagements : 0.0; }
  double AuthenticShare() const { return engagements ? static_cast<double>(authentic) / engagements : 0.0; }
};

/// One UTC day of a network's life.
struct DayActivity {
  int64_t day = 0;       ///< days since 1970-01-01 (UTC)
  uint64_t posts = 0;    ///< original posts by members
  uint64_t actions = 0;  ///< everything members published (posts, comments, shares, reactions ...)
  EchoSplit received;    ///< engagements with members' posts made that day
};

/// An estimate of the real audience exposed to the network's content: never
/// a measurement. `low` counts only actors the data shows, each once; `high`
/// adds every declared follower of every authentic amplifier (overlap between
/// their audiences cannot be known from activity data).
struct AuthenticReach {
  uint64_t engagers = 0;                     ///< distinct authentic actors who engaged with its posts
  uint64_t amplifiers = 0;                   ///< of them, those who shared or quoted its posts
  uint64_t amplifier_audience = 0;           ///< sum of the amplifiers' declared followers
  uint64_t amplifiers_unknown_audience = 0;  ///< amplifiers without a follower count
  uint64_t observed_followers = 0;  ///< distinct authentic actors the data shows following an amplifier or a member
  uint64_t low = 0, high = 0;
};

/// Ben Nimmo's Breakout Scale (Brookings, 2020): 1 one platform, one
/// community; 2 one platform and several communities, or several platforms
/// and one community; 3 several platforms and communities; 4 cross-medium
/// breakout; 5 celebrity amplification; 6 policy response or call for
/// violence (never inferred from activity data).
struct BreakoutAssessment {
  int category = 1;
  std::vector<std::string> platforms;           ///< where its content is present
  std::vector<std::string> breakout_platforms;  ///< where enough authentic actors engaged
  std::vector<std::string> communities;         ///< audience communities reached ("en: 212 actors")
  std::vector<std::string> reasons;
};

/// A value of a narrative list with how often it appears.
struct CountedValue {
  std::string value;
  uint64_t count = 0;   ///< posts (or actors, for audience lists)
  uint64_t actors = 0;  ///< distinct members using it (narratives)
  double score = 0;     ///< key terms: distinctiveness against the whole input
};

/// The themes a network pushes. Text families (near-duplicate narratives)
/// are a separate list, NetworkReport::text_families (report/text_families.cpp).
struct Narratives {
  std::vector<CountedValue> hashtags, domains, urls;
  std::map<std::string, std::vector<CountedValue>> terms;  ///< key terms per language
  std::vector<CountedValue> languages;                     ///< languages members write in
  std::vector<CountedValue> mentions;                      ///< accounts members mention most
  /// Accounts outside the network whose posts members engage with most
  /// (replies, comments, reactions, shares): who it targets or boosts.
  std::vector<std::pair<ActorId, uint64_t>> engaged_accounts;
};

/// Who the authentic engagers are, from their profiles and activity.
struct AudienceProfile {
  uint64_t engagers = 0;
  std::vector<CountedValue> locations;   ///< declared locations
  std::vector<CountedValue> languages;   ///< declared languages (else their posts' language)
  std::vector<CountedValue> time_zones;  ///< inferred from activity hours ("UTC+8")
  uint64_t with_location = 0, with_language = 0, with_time_zone = 0;
};

struct Impact {
  std::map<PlatformId, EchoSplit> echo_by_platform;     ///< by the platform of the engaged post
  std::map<uint32_t, uint64_t> from_takedown_networks;  ///< network index -> engagements its members made
  std::vector<DayActivity> timeline;                    ///< every day from first to last activity
  std::array<uint64_t, 24> member_hours{};              ///< members' posts by UTC hour
  std::array<uint64_t, 24> authentic_hours{};           ///< authentic engagements by UTC hour
  AuthenticReach reach;
  BreakoutAssessment breakout;
  Narratives narratives;
  AudienceProfile audience;
};

struct ImpactConfig {
  size_t max_shares_listed = 10;        ///< shared posts listed per amplifier
  uint64_t min_community_engagers = 5;  ///< distinct authentic engagers that make a community "reached"
  uint64_t min_platform_engagers = 5;   ///< ... that make a platform a breakout platform
  int64_t celebrity_audience = 100000;  ///< an amplifier this large is a celebrity (category 5)
  int64_t outlet_audience = 50000;      ///< a page or channel this large is outlet-like (category 4)
  size_t top = 10;                      ///< entries per narrative and audience list
  size_t background_posts = 200000;     ///< posts sampled from the whole input for term distinctiveness
  int min_hour_posts = 8;               ///< posts an actor needs for a time-zone estimate
  double min_rhythm = 0.3;              ///< mean resultant length of its posting hours, below which no estimate
  double local_mean_hour = 14.0;        ///< where the circular mean of a person's posting hours falls, local time
  int max_timeline_days = 3660;         ///< longer spans are cut to the last this many days
  int threads = 1;                      ///< networks in parallel (same result for any number)
};

/// Fills Network::impact and Amplifier::shared for every network. Call after
/// AssessNetworks (verdicts and order are final). Cost O(posts of members,
/// their engagements and the engagers' posts) plus a background sample.
void AssessImpact(const Store& store, std::vector<Network>& networks, const ImpactConfig& config = {});

/// The narratives of one network (also called by AssessImpact). `background`
/// is the document frequency of each key term over a sample of `sampled`
/// posts of the whole input (see BackgroundTerms).
struct TermBackground {
  std::unordered_map<std::string, uint32_t> df;
  uint64_t sampled = 0;
};
TermBackground BackgroundTerms(const Store& store, const ImpactConfig& config);
Narratives DescribeNarratives(const Store& store, const Network& net, const TermBackground& background,
                              const ImpactConfig& config);

/// Key-term tokens of a text: words of three or more letters (ASCII folded to
/// lower case, a few English function words dropped) and, in Chinese,
/// Japanese and Korean runs, character bigrams. URLs, @mentions and #hashtags
/// are skipped (they have lists of their own). Each token once.
std::vector<std::string> KeyTermTokens(std::string_view text);

/// The UTC offset (whole hours, -11..+12) of an actor whose posts fall in
/// these UTC hours, assuming the circular mean of a person's posting hours
/// sits at local_mean_hour local time; kNoOffset when there are too few posts
/// or no daily rhythm (mean resultant length below min_rhythm). A rough
/// estimate: docs/report.md gives its measured accuracy.
inline constexpr int kNoOffset = 100;
int InferUtcOffset(const std::array<uint32_t, 24>& hours, int min_posts, double min_rhythm,
                   double local_mean_hour = 14.0);

/// Breakout Scale category name ("celebrity amplification").
std::string_view BreakoutName(int category);

}  // namespace unmask
