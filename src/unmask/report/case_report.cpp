// The case store's part of report.json and report.md: the run's number in the
// store and, per network, the case it is recorded under and the earlier case
// it continues (or the nearest one, when none matches well).
#include <fmt/format.h>

#include "unmask/report/impact_writers.hpp"

namespace unmask {
namespace {

void WriteContinuation(JsonOut& out, const ContinuationRef& c) {
  out.BeginObject();
  out.Field("case", c.case_id);
  out.Field("strength", c.strength);
  out.Field("new_members", c.new_members);
  out.Field("returning_members", c.returning_members);
  out.Field("summary", c.summary);
  out.Key("evidence").BeginArray();
  for (const ContinuationEvidence& e : c.evidence) {
    out.BeginObject();
    out.Field("kind", e.kind);
    out.Field("count", e.count);
    out.Field("strength", e.strength);
    out.Field("example", e.example);
    out.EndObject();
  }
  out.EndArray();
  out.Key("last_seen").BeginObject();
  out.Field("run", c.run);
  out.Field("network", c.network);
  out.Field("at", c.seen_at);
  out.Field("verdict", c.verdict);
  out.EndObject();
  out.Key("decision").BeginObject();
  out.Field("status", c.status);
  out.Field("by", c.decided_by);
  out.Field("at", c.decided_at);
  out.EndObject();
  out.EndObject();
}

}  // namespace

void WriteCaseStoreJson(JsonOut& out, const Report& report) {
  if (!report.case_store) {
    out.Null();
    return;
  }
  const Report::CaseStoreRef& s = *report.case_store;
  out.BeginObject();
  out.Field("path", s.path);
  out.Field("run", s.run);
  out.Field("earlier_runs", s.earlier_runs);
  out.Field("earlier_cases", s.earlier_cases);
  out.Field("continuations", s.continuations);
  out.EndObject();
}

void WriteCaseJson(JsonOut& out, const NetworkReport& n) {
  if (!n.case_ref) return;
  const auto& m = n.case_ref->match;
  out.Key("case").BeginObject();
  out.Field("id", n.case_ref->case_id);
  out.Key("continuation");
  if (m && m->continuation) {
    WriteContinuation(out, *m);
  } else {
    out.Null();
  }
  out.Key("nearest_case");
  if (m && !m->continuation) {
    WriteContinuation(out, *m);
  } else {
    out.Null();
  }
  out.EndObject();
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
