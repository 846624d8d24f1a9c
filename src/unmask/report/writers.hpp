#pragma once
// One writer per output format; each only formats the Report model.
#include <string>

#include "unmask/core/status.hpp"
#include "unmask/report/report.hpp"

namespace unmask {

/// report.json, following shared/spec/report-format.md (format unmask-report/1).
Status WriteJsonReport(const Report& report, const std::string& path);
/// report.md: the announcement's numbers, then each network in plain language.
Status WriteMarkdownReport(const Report& report, const std::string& path);
/// takedown.csv: one row per member of every network (takedown or not).
Status WriteTakedownCsv(const Report& report, const std::string& path);

/// The JSON text of the report (for tests and the writer).
std::string JsonReportText(const Report& report);

/// Writes `text` to `path` through a temporary file and a rename, so that a
/// crash never leaves a half-written report behind.
Status WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace unmask
