#include <cmath>
#include <utility>

#include "unmask/report/impact_writers.hpp"

namespace unmask {
namespace {

using Json = nlohmann::ordered_json;

double Round(double x, double scale = 1e4) { return std::round(x * scale) / scale; }

Json SplitJson(const EchoSplit& s) {
  return {{"engagements", s.engagements},
          {"internal", s.internal},
          {"other_takedown", s.other_takedown},
          {"authentic", s.authentic},
          {"authentic_engagers", s.authentic_engagers},
          {"internal_share", Round(s.InternalShare())}};
}

Json PostJson(const EvidencePost& p) {
  return {{"platform", p.platform}, {"id", p.id}, {"actor", p.actor}, {"time", p.time}, {"text", p.text}};
}

Json ValuesJson(const std::vector<CountedValue>& values, bool with_actors, bool with_score = false) {
  Json out = Json::array();
  for (const CountedValue& v : values) {
    Json item = {{"value", v.value}, {"count", v.count}};
    if (with_actors) item["actors"] = v.actors;
    if (with_score) item["score"] = Round(v.score, 1e3);
    out.push_back(std::move(item));
  }
  return out;
}

Json ReachJson(const AuthenticReach& r) {
  return {{"estimate", {{"low", r.low}, {"high", r.high}}},
          {"authentic_engagers", r.engagers},
          {"authentic_amplifiers", r.amplifiers},
          {"amplifier_audience", r.amplifier_audience},
          {"amplifiers_unknown_audience", r.amplifiers_unknown_audience},
          {"observed_followers", r.observed_followers},
          {"assumptions",
           {"an estimate, not a measurement: activity data shows who engaged, not who saw",
            "low: distinct authentic actors the data shows (engagers, and followers of amplifiers or members present "
            "in follow relations), each counted once",
            "high: authentic engagers and observed followers of members, plus every declared follower of every "
            "authentic amplifier (a share or quote is assumed to reach all of them; overlap between audiences is "
            "unknown, so they are added)",
            "comments and reactions are assumed to be seen by their authors only; follower counts are as declared on "
            "profiles"}}};
}

Json NarrativesJson(const NarrativesReport& n) {
  Json terms = Json::object();
  for (const auto& [lang, values] : n.terms) terms[lang] = ValuesJson(values, true, true);
  Json engaged = Json::array();
  for (const auto& [actor, count] : n.engaged_accounts) {
    Json a = {{"platform", actor.platform}, {"type", actor.type}, {"id", actor.id}};
    if (!actor.handle.empty()) a["handle"] = actor.handle;
    a["engagements"] = count;
    engaged.push_back(std::move(a));
  }
  return {{"hashtags", ValuesJson(n.hashtags, true)},
          {"domains", ValuesJson(n.domains, true)},
          {"urls", ValuesJson(n.urls, true)},
          {"terms", std::move(terms)},
          {"languages", ValuesJson(n.languages, true)},
          {"mentions", ValuesJson(n.mentions, true)},
          {"engaged_accounts", std::move(engaged)}};
}

Json AudienceJson(const AudienceProfile& a) {
  return {{"authentic_engagers", a.engagers},
          {"with_location", a.with_location},
          {"with_language", a.with_language},
          {"with_time_zone", a.with_time_zone},
          {"locations", ValuesJson(a.locations, false)},
          {"languages", ValuesJson(a.languages, false)},
          {"time_zones", ValuesJson(a.time_zones, false)},
          {"time_zone_method", "circular mean of each engager's posting hours taken as 15:00 local time"}};
}

Json TimelineJson(const std::vector<DayRow>& days) {
  Json out = Json::array();
  for (const DayRow& d : days) {
    const DayActivity& a = d.activity;
    out.push_back({{"date", d.date},
                   {"posts", a.posts},
                   {"actions", a.actions},
                   {"received", a.received.engagements},
                   {"internal", a.received.internal},
                   {"other_takedown", a.received.other_takedown},
                   {"authentic", a.received.authentic},
                   {"authentic_engagers", a.received.authentic_engagers}});
  }
  return out;
}

}  // namespace

void AddImpactJson(Json& j, const NetworkReport& n) {
  const ImpactReport& impact = n.impact;
  Json by_platform = Json::object();
  for (const auto& [platform, split] : impact.echo_by_platform) by_platform[platform] = SplitJson(split);
  j["echo_chamber"]["by_platform"] = std::move(by_platform);
  j["echo_chamber"]["from_networks"] = impact.from_networks;
  if (j.contains("amplifiers")) {
    for (size_t i = 0; i < j["amplifiers"].size() && i < n.amplifiers.size(); ++i) {
      Json shared = Json::array();
      for (const SharedItem& item : n.amplifiers[i].shared) {
        shared.push_back({{"share", PostJson(item.share)}, {"original", PostJson(item.original)}});
      }
      j["amplifiers"][i]["shared"] = std::move(shared);
    }
  }
  j["authentic_reach"] = ReachJson(impact.reach);
  const BreakoutAssessment& b = impact.breakout;
  j["breakout"] = {{"category", b.category},       {"name", std::string(BreakoutName(b.category))},
                   {"platforms", b.platforms},     {"breakout_platforms", b.breakout_platforms},
                   {"communities", b.communities}, {"reasons", b.reasons}};
  j["narratives"] = NarrativesJson(impact.narratives);
  j["audience"] = AudienceJson(impact.audience);
  j["timeline"] = TimelineJson(impact.timeline);
  j["activity_hours"] = {{"members", impact.member_hours}, {"authentic_engagements", impact.authentic_hours}};
}

}  // namespace unmask
