// Attribution and DISARM techniques in the report model, report.json and report.md.
#include <fmt/format.h>

#include <algorithm>

#include "unmask/report/impact_writers.hpp"
#include "unmask/report/report.hpp"

namespace unmask {
namespace {

void WriteMatch(JsonOut& out, const OperationMatch& m, bool with_features) {
  out.BeginObject();
  out.Field("operation", m.operation);
  out.Field("score", m.score);
  out.Field("evidence", m.evidence_for);
  out.Field("name", m.name);
  out.Field("confidence", m.confidence);
  out.Field("evidence_against", m.evidence_against);
  if (with_features) {
    out.Field("attributed", m.attributed);
    out.Key("features").BeginArray();
    for (const FeatureMatch& f : m.features) {
      out.BeginObject();
      out.Field("feature", f.feature);
      out.Field("available", f.available);
      out.Field("weight", f.weight);
      if (f.available) {
        out.Field("score", f.score);
        out.Field("evidence", f.evidence);
      }
      out.EndObject();
    }
    out.EndArray();
  }
  out.EndObject();
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

void WriteLinkedOperationsJson(JsonOut& out, const std::vector<LinkedOperationRef>& linked) {
  out.BeginArray();
  for (const LinkedOperationRef& op : linked) {
    out.BeginObject();
    out.Field("id", op.id);
    out.Field("networks", op.networks);
    out.Field("members", op.members);
    out.Field("counts", op.counts);
    out.Field("announcement", DescribeCounts(op.counts));
    out.Field("attribution", op.attributed);
    out.Key("links").BeginArray();
    for (const NetworkLinkRef& l : op.links) {
      out.BeginObject();
      out.Key("networks").BeginArray();
      out.String(l.a);
      out.String(l.b);
      out.EndArray();
      out.Field("strength", l.strength);
      out.Key("evidence").BeginArray();
      for (const LinkEvidence& e : l.evidence) {
        out.BeginObject();
        out.Field("kind", e.kind);
        out.Field("count", e.count);
        out.Field("example", e.example);
        out.EndObject();
      }
      out.EndArray();
      out.EndObject();
    }
    out.EndArray();
    out.EndObject();
  }
  out.EndArray();
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

void WriteAttributionJson(JsonOut& out, const NetworkReport& n) {
  out.Key("attribution").BeginArray();
  for (const OperationMatch& m : n.attribution) {
    if (m.attributed) WriteMatch(out, m, false);
  }
  out.EndArray();
  out.Key("attribution_scores").BeginArray();
  for (const OperationMatch& m : n.attribution) WriteMatch(out, m, true);
  out.EndArray();
  if (!n.linked_operation.empty()) out.Field("linked_operation", n.linked_operation);
  out.Key("disarm").BeginArray();
  for (const ObservedTechnique& t : n.techniques) {
    out.BeginObject();
    out.Field("id", t.technique.id);
    out.Field("name", t.technique.name);
    out.Field("evidence", t.evidence);
    out.EndObject();
  }
  out.EndArray();
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
