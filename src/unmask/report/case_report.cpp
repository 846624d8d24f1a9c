// The case store's part of report.json and report.md: the run's number in the
// store and, per network, the case it is recorded under and the earlier case
// it continues (or the nearest one, when none matches well).
#include <fmt/format.h>

#include "unmask/report/impact_writers.hpp"

namespace unmask {
namespace {

using Json = nlohmann::ordered_json;

Json ContinuationJson(const ContinuationRef& c) {
  Json evidence = Json::array();
  for (const ContinuationEvidence& e : c.evidence) {
    evidence.push_back({{"kind", e.kind}, {"count", e.count}, {"strength", e.strength}, {"example", e.example}});
  }
  return {{"case", c.case_id},
          {"strength", c.strength},
          {"new_members", c.new_members},
          {"returning_members", c.returning_members},
          {"summary", c.summary},
          {"evidence", evidence},
          {"last_seen", {{"run", c.run}, {"network", c.network}, {"at", c.seen_at}, {"verdict", c.verdict}}},
          {"decision", {{"status", c.status}, {"by", c.decided_by}, {"at", c.decided_at}}}};
}

}  // namespace

Json CaseStoreJson(const Report& report) {
  if (!report.case_store) return nullptr;
  const Report::CaseStoreRef& s = *report.case_store;
  return {{"path", s.path},
          {"run", s.run},
          {"earlier_runs", s.earlier_runs},
          {"earlier_cases", s.earlier_cases},
          {"continuations", s.continuations}};
}

void AddCaseJson(Json& j, const NetworkReport& n) {
  if (!n.case_ref) return;
  const auto& m = n.case_ref->match;
  j["case"] = {{"id", n.case_ref->case_id},
               {"continuation", m && m->continuation ? ContinuationJson(*m) : Json(nullptr)},
               {"nearest_case", m && !m->continuation ? ContinuationJson(*m) : Json(nullptr)}};
}

void AppendCaseStoreMarkdown(std::string& md, const Report& report) {
  if (!report.case_store) return;
  const Report::CaseStoreRef& s = *report.case_store;
  md += fmt::format("\nCase store: recorded as run {} in {} ({} earlier run{}, {} earlier case{}); {} network{} "
                    "continue{} an earlier case.\n",
                    s.run, s.path, s.earlier_runs, s.earlier_runs == 1 ? "" : "s", s.earlier_cases,
                    s.earlier_cases == 1 ? "" : "s", s.continuations, s.continuations == 1 ? "" : "s",
                    s.continuations == 1 ? "s" : "");
  for (const NetworkReport& n : report.networks) {
    if (n.case_ref && n.case_ref->match && n.case_ref->match->continuation) {
      md += fmt::format("- {}: {}\n", n.id, n.case_ref->match->summary);
    }
  }
}

void AppendCaseMarkdown(std::string& md, const NetworkReport& n) {
  if (!n.case_ref) return;
  const auto& m = n.case_ref->match;
  md += fmt::format("\n**Case {}.** ", n.case_ref->case_id);
  if (!m) {
    md += "A new case: nothing in the case store ties it to an earlier one.\n";
    return;
  }
  md += fmt::format("{}. ", m->summary);
  md += fmt::format("Last seen in run {} as {} ({}, {}); analysts' status: {}{}.\n", m->run, m->network, m->verdict,
                    m->seen_at, m->status, m->decided_by.empty() ? "" : " by " + m->decided_by + " " + m->decided_at);
  for (const ContinuationEvidence& e : m->evidence) {
    md += fmt::format("- {}: {} (strength {:.2f}), e.g. {}\n", e.kind, e.count, e.strength, e.example);
  }
}

}  // namespace unmask
