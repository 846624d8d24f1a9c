// Attribution and DISARM techniques in the report model, report.json and report.md.
#include <fmt/format.h>

#include "unmask/report/impact_writers.hpp"
#include "unmask/report/report.hpp"

namespace unmask {
namespace {

using Json = nlohmann::ordered_json;

Json MatchJson(const OperationMatch& m, bool with_features) {
  Json j = {{"operation", m.operation},
            {"score", m.score},
            {"evidence", m.evidence_for},
            {"name", m.name},
            {"confidence", m.confidence},
            {"evidence_against", m.evidence_against}};
  if (with_features) {
    j["attributed"] = m.attributed;
    j["features"] = Json::array();
    for (const FeatureMatch& f : m.features) {
      Json item = {{"feature", f.feature}, {"available", f.available}, {"weight", f.weight}};
      if (f.available) {
        item["score"] = f.score;
        item["evidence"] = f.evidence;
      }
      j["features"].push_back(item);
    }
  }
  return j;
}

}  // namespace

void AddAttribution(const std::vector<NetworkAttribution>& attribution, Report& report) {
  for (size_t i = 0; i < report.networks.size() && i < attribution.size(); ++i) {
    report.networks[i].attribution = attribution[i].matches;
    report.networks[i].techniques = attribution[i].techniques;
  }
}

void AddAttributionJson(Json& j, const NetworkReport& n) {
  j["attribution"] = Json::array();
  j["attribution_scores"] = Json::array();
  for (const OperationMatch& m : n.attribution) {
    if (m.attributed) j["attribution"].push_back(MatchJson(m, false));
    j["attribution_scores"].push_back(MatchJson(m, true));
  }
  j["disarm"] = Json::array();
  for (const ObservedTechnique& t : n.techniques) {
    j["disarm"].push_back({{"id", t.technique.id}, {"name", t.technique.name}, {"evidence", t.evidence}});
  }
}

void AppendAttributionMarkdown(std::string& md, const NetworkReport& n) {
  if (n.attribution.empty() && n.techniques.empty()) return;
  bool named = false;
  for (const OperationMatch& m : n.attribution) {
    if (!m.attributed) continue;
    named = true;
    md += fmt::format("\n**Attribution: {}** (score {:.2f}, {} confidence)\n\n", m.name, m.score, m.confidence);
    for (const std::string& e : m.evidence_for) md += "- for: " + e + "\n";
    for (const std::string& e : m.evidence_against) md += "- against: " + e + "\n";
  }
  if (!named && !n.attribution.empty()) {
    const OperationMatch& best = n.attribution.front();
    std::string why = "the score or the content evidence is below the threshold";
    for (const std::string& e : best.evidence_against) {
      if (e.starts_with("not named: ")) why = e.substr(11);
    }
    md += fmt::format("\n**Attribution:** none. Closest known operation: {} (score {:.2f}); {}.\n", best.name,
                      best.score, why);
  }
  if (!n.techniques.empty()) {
    md += "\n**DISARM techniques observed:**\n\n";
    for (const ObservedTechnique& t : n.techniques) {
      md += fmt::format("- {} {}: {}\n", t.technique.id, t.technique.name, t.evidence);
    }
  }
}

}  // namespace unmask
