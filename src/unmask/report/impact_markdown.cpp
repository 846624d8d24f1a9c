#include <fmt/format.h>

#include <algorithm>

#include "unmask/report/impact_writers.hpp"

namespace unmask {
namespace {

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '|') c = ' ';
  }
  return text;
}

std::string Name(const ActorRef& a) { return fmt::format("{}/{}", a.platform, a.handle.empty() ? a.id : a.handle); }

std::string Percent(uint64_t part, uint64_t whole) {
  return whole ? fmt::format("{:.0f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole)) : "-";
}

std::string Values(const std::vector<CountedValue>& values, const std::string& prefix, size_t top, bool actors) {
  std::vector<std::string> items;
  for (size_t i = 0; i < values.size() && i < top; ++i) {
    const CountedValue& v = values[i];
    items.push_back(actors ? fmt::format("{}{} ({} posts, {} members)", prefix, OneLine(v.value), v.count, v.actors)
                           : fmt::format("{}{} ({})", prefix, OneLine(v.value), v.count));
  }
  return items.empty() ? "none" : fmt::format("{}", fmt::join(items, ", "));
}

void EchoByPlatform(std::string& md, const ImpactReport& impact) {
  if (impact.echo_by_platform.empty()) return;
  md += "\n**Echo chamber by platform** (where the engaged post is):\n\n";
  md += "| platform | engagements | own members | other takedown networks | authentic | authentic engagers |\n";
  md += "|---|---:|---:|---:|---:|---:|\n";
  for (const auto& [platform, s] : impact.echo_by_platform) {
    md += fmt::format("| {} | {} | {} ({}) | {} | {} | {} |\n", platform, s.engagements, s.internal,
                      Percent(s.internal, s.engagements), s.other_takedown, s.authentic, s.authentic_engagers);
  }
  if (!impact.from_networks.empty()) {
    std::vector<std::string> from;
    for (const auto& [id, n] : impact.from_networks) from.push_back(fmt::format("{} ({})", id, n));
    md += fmt::format("\nEngagements from other takedown networks: {}.\n", fmt::join(from, ", "));
  }
}

void Reach(std::string& md, const AuthenticReach& r) {
  md += fmt::format(
      "\n**Authentic reach (an estimate, not a measurement):** between {} and {} real accounts may have seen its "
      "content. {} authentic actors engaged with it; {} of them shared or quoted it, with {} declared followers "
      "between them{}; the follow relations show {} authentic followers of its amplifiers and members. The low "
      "figure counts each actor the data shows once; the high one adds every follower of every amplifier (their "
      "audiences may overlap).\n",
      Thousands(r.low), Thousands(r.high), r.engagers, r.amplifiers, Thousands(r.amplifier_audience),
      r.amplifiers_unknown_audience ? fmt::format(" ({} without a follower count)", r.amplifiers_unknown_audience) : "",
      r.observed_followers);
}

void Breakout(std::string& md, const BreakoutAssessment& b) {
  md += fmt::format("\n**Breakout Scale:** category {} of 6 — {}.\n\n", b.category, BreakoutName(b.category));
  for (const std::string& reason : b.reasons) md += "- " + reason + "\n";
}

void Shares(std::string& md, const std::vector<AmplifierRef>& amplifiers) {
  bool any = false;
  for (size_t i = 0; i < amplifiers.size() && i < 5; ++i) {
    const AmplifierRef& a = amplifiers[i];
    if (a.shared.empty()) continue;
    if (!any) md += "\n**What the largest amplifiers shared:**\n\n";
    any = true;
    const SharedItem& first = a.shared.front();
    md += fmt::format("- {} ({} followers) shared {} post{}, first {}/{} by {} at {}", Name(a.actor),
                      Thousands(static_cast<uint64_t>(std::max<int64_t>(a.audience, 0))), a.engagements,
                      a.engagements == 1 ? "" : "s", first.original.platform, first.original.id, first.original.actor,
                      first.share.time);
    if (!first.original.text.empty()) md += fmt::format(" — “{}”", OneLine(CutUtf8(first.original.text, 120)));
    md += "\n";
  }
}

void NarrativesSection(std::string& md, const NarrativesReport& n) {
  md += "\n**Narratives:**\n\n";
  md += "- hashtags: " + Values(n.hashtags, "#", 8, true) + "\n";
  md += "- domains: " + Values(n.domains, "", 8, true) + "\n";
  md += "- links: " + Values(n.urls, "", 5, true) + "\n";
  for (const auto& [lang, terms] : n.terms) {
    std::vector<std::string> words;
    for (size_t i = 0; i < terms.size() && i < 10; ++i) words.push_back(OneLine(terms[i].value));
    md += fmt::format("- key terms ({}): {}\n", lang, fmt::join(words, ", "));
  }
  md += "- languages written: " + Values(n.languages, "", 6, false) + "\n";
  md += "- most mentioned: " + Values(n.mentions, "@", 8, false) + "\n";
  std::vector<std::string> engaged;
  for (size_t i = 0; i < n.engaged_accounts.size() && i < 8; ++i) {
    engaged.push_back(fmt::format("{} ({})", Name(n.engaged_accounts[i].first), n.engaged_accounts[i].second));
  }
  md += fmt::format("- outside accounts it engages with most: {}\n",
                    engaged.empty() ? "none" : fmt::format("{}", fmt::join(engaged, ", ")));
}

void Audience(std::string& md, const AudienceProfile& a) {
  if (a.engagers == 0) return;
  md += fmt::format("\n**Audience** ({} authentic engagers):\n\n", a.engagers);
  md += fmt::format("- declared locations ({} state one): {}\n", a.with_location, Values(a.locations, "", 8, false));
  md += fmt::format("- languages ({} known): {}\n", a.with_language, Values(a.languages, "", 8, false));
  md += fmt::format("- time zones, inferred from posting hours ({} with a clear daily rhythm): {}\n", a.with_time_zone,
                    Values(a.time_zones, "", 6, false));
}

void Timeline(std::string& md, const std::vector<DayRow>& days) {
  if (days.empty()) return;
  const auto busiest = std::max_element(days.begin(), days.end(), [](const DayRow& x, const DayRow& y) {
    return x.activity.actions < y.activity.actions;
  });
  const auto reached = std::max_element(days.begin(), days.end(), [](const DayRow& x, const DayRow& y) {
    return x.activity.received.authentic < y.activity.received.authentic;
  });
  size_t active = 0;
  for (const DayRow& d : days) active += d.activity.actions > 0;
  md += fmt::format("\n**Timeline:** active on {} of the {} days from {} to {}; busiest day {} ({} actions).", active,
                    days.size(), days.front().date, days.back().date, busiest->date, busiest->activity.actions);
  if (reached->activity.received.authentic > 0) {
    md += fmt::format(" Authentic engagement peaked on {} ({} engagements from {} actors).", reached->date,
                      reached->activity.received.authentic, reached->activity.received.authentic_engagers);
  }
  md += " Day by day figures are in report.json (`timeline`) and report.html.\n";
}

}  // namespace

std::string Thousands(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string CutUtf8(const std::string& text, size_t bytes) {
  if (text.size() <= bytes) return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return text.substr(0, bytes) + "…";
}

void AppendImpactMarkdown(std::string& md, const NetworkReport& n) {
  EchoByPlatform(md, n.impact);
  Reach(md, n.impact.reach);
  Breakout(md, n.impact.breakout);
  Shares(md, n.amplifiers);
  NarrativesSection(md, n.impact.narratives);
  Audience(md, n.impact.audience);
  Timeline(md, n.impact.timeline);
}

}  // namespace unmask
