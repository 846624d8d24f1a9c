#include <cmath>

#include "unmask/report/impact_writers.hpp"

namespace unmask {
namespace {

double Round(double x, double scale = 1e4) { return std::round(x * scale) / scale; }

void WriteSplit(JsonOut& out, const EchoSplit& s) {
  out.BeginObject();
  out.Field("engagements", s.engagements);
  out.Field("internal", s.internal);
  out.Field("other_takedown", s.other_takedown);
  out.Field("authentic", s.authentic);
  out.Field("authentic_engagers", s.authentic_engagers);
  out.Field("internal_share", Round(s.InternalShare()));
  out.EndObject();
}

void WritePost(JsonOut& out, const EvidencePost& p) {
  out.BeginObject();
  out.Field("platform", p.platform);
  out.Field("id", p.id);
  out.Field("actor", p.actor);
  out.Field("time", p.time);
  out.Field("text", p.text);
  out.EndObject();
}

void WriteValues(JsonOut& out, const std::vector<CountedValue>& values, bool with_actors, bool with_score = false) {
  out.BeginArray();
  for (const CountedValue& v : values) {
    out.BeginObject();
    out.Field("value", v.value);
    out.Field("count", v.count);
    if (with_actors) out.Field("actors", v.actors);
    if (with_score) out.Field("score", Round(v.score, 1e3));
    out.EndObject();
  }
  out.EndArray();
}

void WriteReach(JsonOut& out, const AuthenticReach& r) {
  static const std::vector<std::string_view> kAssumptions = {
      "an estimate, not a measurement: activity data shows who engaged, not who saw",
      "low: distinct authentic actors the data shows (engagers, and followers of amplifiers or members present "
      "in follow relations), each counted once",
      "high: authentic engagers and observed followers of members, plus every declared follower of every "
      "authentic amplifier (a share or quote is assumed to reach all of them; overlap between audiences is "
      "unknown, so they are added)",
      "comments and reactions are assumed to be seen by their authors only; follower counts are as declared on "
      "profiles"};
  out.BeginObject();
  out.Key("estimate").BeginObject();
  out.Field("low", r.low);
  out.Field("high", r.high);
  out.EndObject();
  out.Field("authentic_engagers", r.engagers);
  out.Field("authentic_amplifiers", r.amplifiers);
  out.Field("amplifier_audience", r.amplifier_audience);
  out.Field("amplifiers_unknown_audience", r.amplifiers_unknown_audience);
  out.Field("observed_followers", r.observed_followers);
  out.Field("assumptions", kAssumptions);
  out.EndObject();
}

void WriteNarratives(JsonOut& out, const NarrativesReport& n) {
  out.BeginObject();
  out.Key("hashtags");
  WriteValues(out, n.hashtags, true);
  out.Key("domains");
  WriteValues(out, n.domains, true);
  out.Key("urls");
  WriteValues(out, n.urls, true);
  out.Key("terms").BeginObject();
  for (const auto& [lang, values] : n.terms) {
    out.Key(lang);
    WriteValues(out, values, true, true);
  }
  out.EndObject();
  out.Key("languages");
  WriteValues(out, n.languages, true);
  out.Key("mentions");
  WriteValues(out, n.mentions, true);
  out.Key("engaged_accounts").BeginArray();
  for (const auto& [actor, count] : n.engaged_accounts) {
    out.BeginObject();
    out.Field("platform", actor.platform);
    out.Field("type", actor.type);
    out.Field("id", actor.id);
    if (!actor.handle.empty()) out.Field("handle", actor.handle);
    out.Field("engagements", count);
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
}

void WriteAudience(JsonOut& out, const AudienceProfile& a) {
  out.BeginObject();
  out.Field("authentic_engagers", a.engagers);
  out.Field("with_location", a.with_location);
  out.Field("with_language", a.with_language);
  out.Field("with_time_zone", a.with_time_zone);
  out.Key("locations");
  WriteValues(out, a.locations, false);
  out.Key("languages");
  WriteValues(out, a.languages, false);
  out.Key("time_zones");
  WriteValues(out, a.time_zones, false);
  out.Field("time_zone_method", "circular mean of each engager's posting hours taken as 15:00 local time");
  out.EndObject();
}

void WriteTimeline(JsonOut& out, const std::vector<DayRow>& days) {
  out.BeginArray();
  for (const DayRow& d : days) {
    const DayActivity& a = d.activity;
    out.BeginObject();
    out.Field("date", d.date);
    out.Field("posts", a.posts);
    out.Field("actions", a.actions);
    out.Field("received", a.received.engagements);
    out.Field("internal", a.received.internal);
    out.Field("other_takedown", a.received.other_takedown);
    out.Field("authentic", a.received.authentic);
    out.Field("authentic_engagers", a.received.authentic_engagers);
    out.EndObject();
  }
  out.EndArray();
}

}  // namespace

void WriteEchoImpactJson(JsonOut& out, const NetworkReport& n) {
  out.Key("by_platform").BeginObject();
  for (const auto& [platform, split] : n.impact.echo_by_platform) {
    out.Key(platform);
    WriteSplit(out, split);
  }
  out.EndObject();
  out.Field("from_networks", n.impact.from_networks);
}

void WriteAmplifierSharesJson(JsonOut& out, const AmplifierRef& amplifier) {
  out.Key("shared").BeginArray();
  for (const SharedItem& item : amplifier.shared) {
    out.BeginObject();
    out.Key("share");
    WritePost(out, item.share);
    out.Key("original");
    WritePost(out, item.original);
    out.EndObject();
  }
  out.EndArray();
}

void WriteImpactJson(JsonOut& out, const NetworkReport& n) {
  const ImpactReport& impact = n.impact;
  out.Key("authentic_reach");
  WriteReach(out, impact.reach);
  const BreakoutAssessment& b = impact.breakout;
  out.Key("breakout").BeginObject();
  out.Field("category", b.category);
  out.Field("name", BreakoutName(b.category));
  out.Field("platforms", b.platforms);
  out.Field("breakout_platforms", b.breakout_platforms);
  out.Field("communities", b.communities);
  out.Field("reasons", b.reasons);
  out.EndObject();
  out.Key("narratives");
  WriteNarratives(out, impact.narratives);
  out.Key("audience");
  WriteAudience(out, impact.audience);
  out.Key("timeline");
  WriteTimeline(out, impact.timeline);
  out.Key("activity_hours").BeginObject();
  out.Field("members", impact.member_hours);
  out.Field("authentic_engagements", impact.authentic_hours);
  out.EndObject();
}

}  // namespace unmask
