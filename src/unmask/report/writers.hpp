#pragma once
// One writer per output format; each only formats the Report model.
#include <string>

#include "unmask/core/status.hpp"
#include "unmask/report/report.hpp"
#include "unmask/report/text_sink.hpp"

namespace unmask {

/// report.json, following shared/spec/report-format.md (format unmask-report/1).
Status WriteJsonReport(const Report& report, const std::string& path);
/// report.md: the announcement's numbers, then each network in plain language.
/// This writer and the html, GEXF and GraphML ones go to their file a piece
/// (a network, a row, a node, an edge) at a time and hold about `spill_bytes`
/// of text, never the whole output; the bytes are the same either way.
Status WriteMarkdownReport(const Report& report, const std::string& path, size_t spill_bytes = TextSink::kSpillBytes);
/// takedown.csv: one row per member of every network (takedown or not).
Status WriteTakedownCsv(const Report& report, const std::string& path, size_t spill_bytes = TextSink::kSpillBytes);

/// report.html: one self-contained page (inline CSS and SVG, no script, no
/// network access) with the summary, each network's verdict, picture, echo
/// chamber, reach, Breakout Scale, timeline, amplifiers and narratives.
struct HtmlOptions {
  size_t max_detailed_networks = 20;  ///< networks with a section of their own (takedown ones first)
  size_t max_picture_nodes = 1500;    ///< larger networks are drawn by their best-connected members
  size_t max_picture_edges = 8000;    ///< strongest ties drawn
};
Status WriteHtmlReport(const Report& report, const std::string& path, const HtmlOptions& options = {},
                       size_t spill_bytes = TextSink::kSpillBytes);
std::string HtmlReportText(const Report& report, const HtmlOptions& options = {});

/// The coordination graph (Report::graph) as GEXF 1.3 and GraphML, with
/// network, platform, type and verdict on every node; the files hold the same
/// text as GexfText and GraphmlText.
Status WriteGexf(const Report& report, const std::string& path, size_t spill_bytes = TextSink::kSpillBytes);
Status WriteGraphml(const Report& report, const std::string& path, size_t spill_bytes = TextSink::kSpillBytes);
std::string GexfText(const Report& report);
std::string GraphmlText(const Report& report);

/// The JSON text of the report (for tests and the writer).
std::string JsonReportText(const Report& report);

/// stix.json: a STIX 2.1 bundle of the takedown networks (campaigns), the
/// known operations they are attributed to (intrusion-sets), DISARM
/// techniques (attack-patterns), indicators for their URLs and domains and
/// their members (user-accounts), with relationships (docs/attribution.md).
std::string StixBundleText(const Report& report);
Status WriteStixBundle(const Report& report, const std::string& path);

/// Writes `text` to `path` through a temporary file and a rename, so that a
/// crash never leaves a half-written report behind.
Status WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace unmask
