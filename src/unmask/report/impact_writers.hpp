#pragma once
// The "did it work" part of each network in report.json and report.md (the
// writers call these; in JSON only fields are added, the contract's fields
// keep their meaning).
#include <nlohmann/json.hpp>
#include <string>

#include "unmask/report/report.hpp"

namespace unmask {

/// Adds echo_chamber.by_platform / from_networks, amplifiers[].shared,
/// authentic_reach, breakout, narratives, audience, timeline and
/// activity_hours to the network object `j` built from `n`.
void AddImpactJson(nlohmann::ordered_json& j, const NetworkReport& n);

/// Appends the echo chamber by platform, reach estimate, Breakout Scale,
/// amplifiers' shares, narratives, audience and timeline of `n` to report.md.
void AppendImpactMarkdown(std::string& md, const NetworkReport& n);

/// Fills `attribution` (the contract's field: operations named, best first),
/// `attribution_scores` (every operation with each feature) and `disarm`.
void AddAttributionJson(nlohmann::ordered_json& j, const NetworkReport& n);

/// The report's linked_operations as JSON, and as a report.md section.
nlohmann::ordered_json LinkedOperationsJson(const std::vector<LinkedOperationRef>& linked);
void AppendLinkedOperationsMarkdown(std::string& md, const std::vector<LinkedOperationRef>& linked);

/// Appends the attribution and DISARM techniques of `n` to report.md.
void AppendAttributionMarkdown(std::string& md, const NetworkReport& n);

/// The case store's top-level object (null without a store), each
/// network's `case` field, and their report.md lines (case_report.cpp).
nlohmann::ordered_json CaseStoreJson(const Report& report);
void AddCaseJson(nlohmann::ordered_json& j, const NetworkReport& n);
void AppendCaseStoreMarkdown(std::string& md, const Report& report);
void AppendCaseMarkdown(std::string& md, const NetworkReport& n);

/// 1234567 -> "1,234,567".
std::string Thousands(uint64_t n);

/// At most `bytes` bytes of `text`, cut between UTF-8 characters, with "…" when cut.
std::string CutUtf8(const std::string& text, size_t bytes);

}  // namespace unmask
