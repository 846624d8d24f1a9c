#include <fmt/format.h>

#include <cmath>

#include "unmask/report/impact_writers.hpp"
#include "unmask/report/writers.hpp"

namespace unmask {
namespace {

void WriteActor(JsonOut& out, const ActorRef& a) {
  out.Field("platform", a.platform);
  out.Field("type", a.type);
  out.Field("id", a.id);
  if (!a.handle.empty()) out.Field("handle", a.handle);
  if (!a.name.empty()) out.Field("name", a.name);
  if (!a.via.empty()) out.Field("via", a.via);
  if (a.concert >= 0) out.Field("concert", std::round(a.concert * 1000) / 1000);
  if (!a.traits.empty()) out.Field("traits", a.traits);
}

void WriteActorObject(JsonOut& out, const ActorRef& a) {
  out.BeginObject();
  WriteActor(out, a);
  out.EndObject();
}

void WritePostFields(JsonOut& out, const EvidencePost& p, bool with_text) {
  out.BeginObject();
  out.Field("platform", p.platform);
  out.Field("id", p.id);
  out.Field("actor", p.actor);
  out.Field("time", p.time);
  if (with_text) out.Field("text", p.text);
  out.EndObject();
}

void WriteTextFamilies(JsonOut& out, const std::vector<TextFamilyRef>& families) {
  out.BeginArray();
  for (const TextFamilyRef& f : families) {
    out.BeginObject();
    out.Field("text", f.representative.text);
    out.Key("post");
    WritePostFields(out, f.representative, false);
    out.Field("copies", f.copies);
    out.Field("variants", f.variants);
    out.Field("actors", f.actors);
    out.Field("platforms", f.platforms);
    out.Field("languages", f.languages);
    out.Field("first", f.first);
    out.Field("last", f.last);
    out.Field("total_copies", f.total_copies);
    out.Field("total_actors", f.total_actors);
    out.EndObject();
  }
  out.EndArray();
}

void WriteEcho(JsonOut& out, const NetworkReport& n) {
  out.Key("echo_chamber").BeginObject();
  out.Field("internal_share", n.echo.InternalShare());
  out.Field("engagements", n.echo.engagements);
  out.Field("authentic_engagers", n.echo.authentic_engagers);
  out.Field("internal", n.echo.internal);
  out.Field("other_takedown", n.echo.other_takedown);
  out.Field("authentic", n.echo.authentic);
  WriteEchoImpactJson(out, n);
  out.EndObject();
}

void WriteAmplifiers(JsonOut& out, const NetworkReport& n) {
  out.Key("amplifiers").BeginArray();
  for (const AmplifierRef& a : n.amplifiers) {
    out.BeginObject();
    WriteActor(out, a.actor);
    out.Field("audience", a.audience);
    out.Field("engagements", a.engagements);
    out.Field("first", a.first);
    out.Field("last", a.last);
    WriteAmplifierSharesJson(out, a);
    out.EndObject();
  }
  out.EndArray();
}

void WriteVerdict(JsonOut& out, const NetworkReport& n) {
  out.Key("verdict").BeginObject();
  out.Field("reasons", n.reasons);
  out.Key("indicators").BeginArray();
  for (const Indicator& ind : n.indicators) {
    out.BeginObject();
    out.Field("name", ind.name);
    out.Field("family", FamilyName(ind.family));
    out.Field("against", ind.against);
    out.Field("fired", ind.fired);
    out.Field("value", ind.value);
    out.Field("evidence", ind.evidence);
    if (ind.p_value < 1) out.Field("p_value", ind.p_value);
    out.EndObject();
  }
  out.EndArray();
  out.Key("cleared").BeginArray();
  for (const ActorRef& a : n.cleared) WriteActorObject(out, a);
  out.EndArray();
  const CoordinationTest& t = n.coordination_test;
  out.Key("null_model").BeginObject();
  out.Field("method", "each member's activity moved by random whole days");
  out.Field("shuffles", t.rounds);
  out.Field("actions", t.actions);
  out.Field("observed", t.observed);
  out.Field("expected", t.expected);
  out.Field("spread", t.spread);
  out.Field("p_value", t.p_value);
  out.EndObject();
  if (n.schedule.enough) {
    out.Key("schedule").BeginObject();
    out.Field("implied_utc_offset", n.schedule.implied_utc_offset);
    out.Field("quiet_hours", n.schedule.quiet_hours);
    out.Field("office_hours", n.schedule.office_hours);
    out.Field("round_the_clock", n.schedule.round_the_clock);
    out.Field("weekend_ratio", n.schedule.weekend_ratio);
    out.EndObject();
  }
  out.EndObject();
}

void WriteCoordination(JsonOut& out, const NetworkReport& n) {
  out.Key("coordination").BeginObject();
  out.Field("pairs", n.coordinated_pairs);
  out.Field("min_p_value", n.min_p_value);
  out.Field("ties_by_signal", n.signal_ties);
  out.Key("evidence").BeginArray();
  for (const EvidencePair& e : n.evidence) {
    out.BeginObject();
    out.Field("signal", e.signal);
    out.Field("description", e.description);
    out.Key("actors").BeginArray();
    WriteActorObject(out, e.actor_a);
    WriteActorObject(out, e.actor_b);
    out.EndArray();
    if (e.a && e.b) {
      out.Key("posts").BeginArray();
      WritePostFields(out, *e.a, true);
      WritePostFields(out, *e.b, true);
      out.EndArray();
    }
    if (!e.shared.empty()) out.Field("shared", e.shared);
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
}

// One network's object, members in the order of the contract
// (shared/spec/report-format.md) and of the earlier tree-built report.
void WriteNetwork(JsonOut& out, const NetworkReport& n) {
  out.BeginObject();
  out.Field("id", n.id);
  out.Field("takedown", n.takedown);
  out.Field("confidence", n.confidence);
  out.Key("members").BeginArray();
  for (const ActorRef& m : n.members) WriteActorObject(out, m);
  out.EndArray();
  out.Field("counts", n.counts);
  WriteEcho(out, n);
  WriteAmplifiers(out, n);
  out.Field("amplifier_count", n.amplifier_count);
  WriteAttributionJson(out, n);
  WriteVerdict(out, n);
  WriteCoordination(out, n);
  out.Key("activity").BeginObject();
  out.Field("posts", n.posts);
  out.Field("first", n.first_activity);
  out.Field("last", n.last_activity);
  out.EndObject();
  WriteImpactJson(out, n);
  WriteCaseJson(out, n);
  out.Key("text_families");
  WriteTextFamilies(out, n.text_families);
  out.EndObject();
}

void WriteRun(JsonOut& out, const RunInfo& run) {
  out.BeginObject();
  out.Field("inputs", run.inputs);
  out.Field("lines", run.lines);
  out.Field("actors", run.actors);
  out.Field("posts", run.posts);
  out.Field("relations", run.relations);
  out.Field("unresolved_parents", run.unresolved_parents);
  out.Field("quarantined", run.quarantined);
  out.Field("quarantine_reasons", run.quarantine_reasons);
  out.Field("quarantine_examples", run.quarantine_examples);
  out.Field("input_errors", run.input_errors);
  out.Field("candidate_pairs", run.candidate_pairs);
  out.Field("repeated_pairs", run.repeated_pairs);
  out.Field("significant_pairs", run.significant_pairs);
  out.Field("settings", run.settings);
  out.Key("signals").BeginArray();
  for (const SignalSummary& s : run.signals) {
    out.BeginObject();
    out.Field("signal", s.signal);
    out.Field("events", s.events);
    out.Field("shared_objects", s.objects);
    out.Field("pair_hits", s.pair_hits);
    out.Field("pairs", s.pairs);
    out.Field("capped_objects", s.capped_objects);
    out.Field("largest_object", s.largest_object);
    out.Field("seconds", s.seconds);
    out.EndObject();
  }
  out.EndArray();
  out.Key("timings").BeginArray();
  for (const StageTiming& t : run.timings) {
    out.BeginObject();
    out.Field("stage", t.stage);
    out.Field("seconds", t.seconds);
    out.EndObject();
  }
  out.EndArray();
  if (run.text) {
    const TextSummary& t = *run.text;
    out.Key("text_families").BeginObject();
    out.Field("texts", t.texts);
    out.Field("informative", t.informative);
    out.Field("variants", t.variants);
    out.Field("families", t.families);
    out.Field("edited_families", t.edited_families);
    out.Field("largest_family", t.largest_family);
    out.Field("candidate_pairs", t.candidate_pairs);
    out.Field("similar_pairs", t.similar_pairs);
    out.Field("threshold", t.threshold);
    out.Field("chinese_folding", t.chinese_folding);
    out.EndObject();
  }
  out.EndObject();
}

// The report written as it is produced, with no JSON tree: the head, then
// each network, handed to the sink after every network so that only about
// TextSink::kSpillBytes of text is held (a 10 M-post world has 16 thousand
// networks and a 560 MB report). The bytes are those nlohmann's dump of the
// whole report tree with an indent of 1 gave (JsonOut).
void WriteJson(const Report& report, TextSink& sink) {
  JsonOut out(sink.text());
  out.BeginObject();
  out.Field("format", "unmask-report/1");
  out.Key("generator").BeginObject();
  out.Field("name", "unmask");
  out.Field("version", report.run.version);
  out.EndObject();
  out.Field("generated_at", report.run.generated_at);
  size_t takedown_networks = 0;
  for (const NetworkReport& n : report.networks) takedown_networks += n.takedown;
  out.Key("summary").BeginObject();
  out.Field("networks", report.networks.size());
  out.Field("takedown_networks", takedown_networks);
  out.Field("takedown_members", report.takedown_members);
  out.Field("takedown_counts", report.takedown_counts);
  out.Field("announcement", DescribeCounts(report.takedown_counts));
  out.EndObject();
  out.Key("run");
  WriteRun(out, report.run);
  out.Key("linked_operations");
  WriteLinkedOperationsJson(out, report.linked_operations);
  if (report.case_store) {
    out.Key("case_store");
    WriteCaseStoreJson(out, report);
  }
  out.Key("networks").BeginArray();
  for (const NetworkReport& n : report.networks) {
    WriteNetwork(out, n);
    sink.Spill();
  }
  out.EndArray();
  out.EndObject();
  sink.text() += '\n';
}

}  // namespace

std::string JsonReportText(const Report& report) {
  TextSink sink;
  WriteJson(report, sink);
  return sink.Take();
}

Status WriteJsonReport(const Report& report, const std::string& path) {
  Result<TextSink> sink = TextSink::ToFile(path);
  if (!sink.ok()) return sink.status();
  WriteJson(report, *sink);
  return sink->Close();
}

}  // namespace unmask
