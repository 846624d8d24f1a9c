#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "unmask/report/impact_writers.hpp"
#include "unmask/report/writers.hpp"

namespace unmask {
namespace {

using Json = nlohmann::ordered_json;

Json ActorJson(const ActorRef& a) {
  Json j = {{"platform", a.platform}, {"type", a.type}, {"id", a.id}};
  if (!a.handle.empty()) j["handle"] = a.handle;
  if (!a.name.empty()) j["name"] = a.name;
  if (!a.via.empty()) j["via"] = a.via;
  if (a.concert >= 0) j["concert"] = std::round(a.concert * 1000) / 1000;
  if (!a.traits.empty()) j["traits"] = a.traits;
  return j;
}

Json PostJson(const EvidencePost& p) {
  return {{"platform", p.platform}, {"id", p.id}, {"actor", p.actor}, {"time", p.time}, {"text", p.text}};
}

Json CountsJson(const Counts& counts) {
  Json j = Json::object();
  for (const auto& [platform, by_type] : counts) {
    for (const auto& [type, n] : by_type) j[platform][type] = n;
  }
  return j;
}

Json TextFamiliesJson(const std::vector<TextFamilyRef>& families) {
  Json out = Json::array();
  for (const TextFamilyRef& f : families) {
    Json post = PostJson(f.representative);
    post.erase("text");
    out.push_back({{"text", f.representative.text},
                   {"post", post},
                   {"copies", f.copies},
                   {"variants", f.variants},
                   {"actors", f.actors},
                   {"platforms", f.platforms},
                   {"languages", f.languages},
                   {"first", f.first},
                   {"last", f.last},
                   {"total_copies", f.total_copies},
                   {"total_actors", f.total_actors}});
  }
  return out;
}

Json NetworkJson(const NetworkReport& n) {
  Json j;
  j["id"] = n.id;
  j["takedown"] = n.takedown;
  j["confidence"] = n.confidence;
  j["members"] = Json::array();
  for (const ActorRef& m : n.members) j["members"].push_back(ActorJson(m));
  j["counts"] = CountsJson(n.counts);
  j["echo_chamber"] = {{"internal_share", n.echo.InternalShare()},
                       {"engagements", n.echo.engagements},
                       {"authentic_engagers", n.echo.authentic_engagers},
                       {"internal", n.echo.internal},
                       {"other_takedown", n.echo.other_takedown},
                       {"authentic", n.echo.authentic}};
  j["amplifiers"] = Json::array();
  for (const AmplifierRef& a : n.amplifiers) {
    Json amp = ActorJson(a.actor);
    amp["audience"] = a.audience;
    amp["engagements"] = a.engagements;
    amp["first"] = a.first;
    amp["last"] = a.last;
    j["amplifiers"].push_back(std::move(amp));
  }
  j["amplifier_count"] = n.amplifier_count;
  AddAttributionJson(j, n);
  Json indicators = Json::array();
  for (const Indicator& ind : n.indicators) {
    Json item = {{"name", ind.name},   {"family", FamilyName(ind.family)}, {"against", ind.against},
                 {"fired", ind.fired}, {"value", ind.value},                {"evidence", ind.evidence}};
    if (ind.p_value < 1) item["p_value"] = ind.p_value;
    indicators.push_back(std::move(item));
  }
  j["verdict"] = {{"reasons", n.reasons}, {"indicators", std::move(indicators)}, {"cleared", Json::array()}};
  for (const ActorRef& a : n.cleared) j["verdict"]["cleared"].push_back(ActorJson(a));
  const CoordinationTest& t = n.coordination_test;
  j["verdict"]["null_model"] = {{"method", "each member's activity moved by random whole days"},
                                {"shuffles", t.rounds},
                                {"actions", t.actions},
                                {"observed", t.observed},
                                {"expected", t.expected},
                                {"spread", t.spread},
                                {"p_value", t.p_value}};
  if (n.schedule.enough) {
    j["verdict"]["schedule"] = {{"implied_utc_offset", n.schedule.implied_utc_offset},
                                {"quiet_hours", n.schedule.quiet_hours},
                                {"office_hours", n.schedule.office_hours},
                                {"round_the_clock", n.schedule.round_the_clock},
                                {"weekend_ratio", n.schedule.weekend_ratio}};
  }
  Json evidence = Json::array();
  for (const EvidencePair& e : n.evidence) {
    Json item = {{"signal", e.signal}, {"description", e.description},
                 {"actors", {ActorJson(e.actor_a), ActorJson(e.actor_b)}}};
    if (e.a && e.b) item["posts"] = {PostJson(*e.a), PostJson(*e.b)};
    if (!e.shared.empty()) item["shared"] = e.shared;
    evidence.push_back(std::move(item));
  }
  j["coordination"] = {{"pairs", n.coordinated_pairs},
                       {"min_p_value", n.min_p_value},
                       {"ties_by_signal", n.signal_ties},
                       {"evidence", std::move(evidence)}};
  j["activity"] = {{"posts", n.posts}, {"first", n.first_activity}, {"last", n.last_activity}};
  AddImpactJson(j, n);
  AddCaseJson(j, n);
  j["text_families"] = TextFamiliesJson(n.text_families);
  return j;
}

Json RunJson(const RunInfo& run) {
  Json timings = Json::array();
  for (const StageTiming& t : run.timings) timings.push_back({{"stage", t.stage}, {"seconds", t.seconds}});
  Json signals = Json::array();
  for (const SignalSummary& s : run.signals) {
    signals.push_back({{"signal", s.signal}, {"events", s.events}, {"shared_objects", s.objects},
                       {"pair_hits", s.pair_hits}, {"pairs", s.pairs}, {"capped_objects", s.capped_objects},
                       {"largest_object", s.largest_object}, {"seconds", s.seconds}});
  }
  return {{"inputs", run.inputs},
          {"lines", run.lines},
          {"actors", run.actors},
          {"posts", run.posts},
          {"relations", run.relations},
          {"unresolved_parents", run.unresolved_parents},
          {"quarantined", run.quarantined},
          {"quarantine_reasons", run.quarantine_reasons},
          {"quarantine_examples", run.quarantine_examples},
          {"input_errors", run.input_errors},
          {"candidate_pairs", run.candidate_pairs},
          {"repeated_pairs", run.repeated_pairs},
          {"significant_pairs", run.significant_pairs},
          {"settings", run.settings},
          {"signals", signals},
          {"timings", timings}};
}

Json TextSummaryJson(const TextSummary& t) {
  return {{"texts", t.texts},
          {"informative", t.informative},
          {"variants", t.variants},
          {"families", t.families},
          {"edited_families", t.edited_families},
          {"largest_family", t.largest_family},
          {"candidate_pairs", t.candidate_pairs},
          {"similar_pairs", t.similar_pairs},
          {"threshold", t.threshold},
          {"chinese_folding", t.chinese_folding}};
}

}  // namespace

namespace {

// The report written piece by piece: the head (everything but the networks)
// as one document, then each network on its own, so that only one network's
// JSON tree is in memory at a time (a 10 M-post world has 16 thousand networks
// and a 560 MB report). The text is the same as dumping the whole tree at
// once with an indent of 1: a network sits two levels deep, and JSON strings
// never hold a raw newline, so indenting after every newline is exact.
template <typename Sink>
void WriteJsonPieces(const Report& report, Sink&& sink) {
  Json j;
  j["format"] = "unmask-report/1";
  j["generator"] = {{"name", "unmask"}, {"version", report.run.version}};
  j["generated_at"] = report.run.generated_at;
  size_t takedown_networks = 0;
  for (const NetworkReport& n : report.networks) takedown_networks += n.takedown;
  j["summary"] = {{"networks", report.networks.size()},
                  {"takedown_networks", takedown_networks},
                  {"takedown_members", report.takedown_members},
                  {"takedown_counts", CountsJson(report.takedown_counts)},
                  {"announcement", DescribeCounts(report.takedown_counts)}};
  j["run"] = RunJson(report.run);
  if (report.run.text) j["run"]["text_families"] = TextSummaryJson(*report.run.text);
  j["linked_operations"] = LinkedOperationsJson(report.linked_operations);
  if (report.case_store) j["case_store"] = CaseStoreJson(report);
  j["networks"] = Json::array();
  std::string head = j.dump(1, ' ', false, Json::error_handler_t::replace);
  constexpr std::string_view kEmptyTail = "[]\n}";
  if (report.networks.empty() || !head.ends_with(kEmptyTail)) {
    sink(head);
    sink("\n");
    return;
  }
  head.resize(head.size() - kEmptyTail.size());
  head += "[\n";
  sink(head);
  std::string piece;
  for (size_t i = 0; i < report.networks.size(); ++i) {
    const std::string text = NetworkJson(report.networks[i]).dump(1, ' ', false, Json::error_handler_t::replace);
    piece.clear();
    piece += "  ";
    for (size_t at = 0; at < text.size();) {
      const size_t line_end = std::min(text.find('\n', at), text.size() - 1) + 1;
      piece.append(text, at, line_end - at);
      if (text[line_end - 1] == '\n') piece += "  ";
      at = line_end;
    }
    piece += i + 1 < report.networks.size() ? ",\n" : "\n";
    sink(piece);
  }
  sink(" ]\n}\n");
}

}  // namespace

std::string JsonReportText(const Report& report) {
  std::string text;
  WriteJsonPieces(report, [&](std::string_view piece) { text += piece; });
  return text;
}

Status WriteJsonReport(const Report& report, const std::string& path) {
  const std::string temp = path + ".tmp";
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) return Status::Error(fmt::format("cannot write {}: {}", temp, std::strerror(errno)));
  bool written = true;
  WriteJsonPieces(report, [&](std::string_view piece) {
    written = written && std::fwrite(piece.data(), 1, piece.size(), file) == piece.size();
  });
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) return Status::Error(fmt::format("cannot write {}: {}", temp, std::strerror(errno)));
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    return Status::Error(fmt::format("cannot rename {} to {}: {}", temp, path, std::strerror(errno)));
  }
  return {};
}

}  // namespace unmask
