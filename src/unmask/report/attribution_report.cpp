// Attribution and DISARM techniques in the report model, report.json and report.md.
#include <fmt/format.h>

#include <algorithm>

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

void AddLinkedOperations(const std::vector<LinkedOperation>& linked, Report& report) {
  for (size_t k = 0; k < linked.size(); ++k) {
    LinkedOperationRef ref;
    ref.id = fmt::format("O{}", k + 1);
    for (uint32_t n : linked[k].networks) {
      if (n >= report.networks.size()) continue;
      NetworkReport& net = report.networks[n];
      net.linked_operation = ref.id;
      ref.networks.push_back(net.id);
      for (const auto& [platform, types] : net.counts) {
        for (const auto& [type, count] : types) ref.counts[platform][type] += count;
      }
      ref.members += net.members.size();
      for (const OperationMatch& m : net.attribution) {
        if (m.attributed && std::find(ref.attributed.begin(), ref.attributed.end(), m.operation) == ref.attributed.end())
          ref.attributed.push_back(m.operation);
      }
    }
    for (const NetworkLink& l : linked[k].links) {
      if (l.a >= report.networks.size() || l.b >= report.networks.size()) continue;
      ref.links.push_back({report.networks[l.a].id, report.networks[l.b].id, l.strength, l.evidence});
    }
    report.linked_operations.push_back(std::move(ref));
  }
}

Json LinkedOperationsJson(const std::vector<LinkedOperationRef>& linked) {
  Json out = Json::array();
  for (const LinkedOperationRef& op : linked) {
    Json counts = Json::object();
    for (const auto& [platform, types] : op.counts) {
      for (const auto& [type, n] : types) counts[platform][type] = n;
    }
    Json j = {{"id", op.id}, {"networks", op.networks}, {"members", op.members}, {"counts", counts},
              {"announcement", DescribeCounts(op.counts)}, {"attribution", op.attributed}, {"links", Json::array()}};
    for (const NetworkLinkRef& l : op.links) {
      Json link = {{"networks", {l.a, l.b}}, {"strength", l.strength}, {"evidence", Json::array()}};
      for (const LinkEvidence& e : l.evidence) {
        link["evidence"].push_back({{"kind", e.kind}, {"count", e.count}, {"example", e.example}});
      }
      j["links"].push_back(link);
    }
    out.push_back(j);
  }
  return out;
}

void AppendLinkedOperationsMarkdown(std::string& md, const std::vector<LinkedOperationRef>& linked) {
  if (linked.empty()) return;
  md += "\n## Operations linked across networks and platforms\n\n";
  for (const LinkedOperationRef& op : linked) {
    std::string nets, named;
    for (const std::string& n : op.networks) nets += (nets.empty() ? "" : ", ") + n;
    for (const std::string& a : op.attributed) named += (named.empty() ? "" : ", ") + a;
    md += fmt::format("**{}**: networks {} are one operation{}: {}.\n\n", op.id, nets,
                      named.empty() ? "" : " (attributed: " + named + ")", DescribeCounts(op.counts));
    for (const NetworkLinkRef& l : op.links) {
      md += fmt::format("- {} and {} (strength {:.1f}): ", l.a, l.b, l.strength);
      std::string sep;
      for (const LinkEvidence& e : l.evidence) {
        md += fmt::format("{}{} {} (e.g. {})", sep, e.count, e.kind, CutUtf8(e.example, 120));
        sep = "; ";
      }
      md += "\n";
    }
    md += "\n";
  }
}

void AddAttributionJson(Json& j, const NetworkReport& n) {
  j["attribution"] = Json::array();
  j["attribution_scores"] = Json::array();
  for (const OperationMatch& m : n.attribution) {
    if (m.attributed) j["attribution"].push_back(MatchJson(m, false));
    j["attribution_scores"].push_back(MatchJson(m, true));
  }
  if (!n.linked_operation.empty()) j["linked_operation"] = n.linked_operation;
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
