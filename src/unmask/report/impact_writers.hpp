#pragma once
// The "did it work" part of each network in report.json and report.md (the
// writers call these; in JSON only fields are added, the contract's fields
// keep their meaning).
#include <string>

#include "unmask/report/json_out.hpp"
#include "unmask/report/report.hpp"

namespace unmask {

/// The impact members of a network's object in report.json, written into the
/// open object: echo_chamber's `by_platform` and `from_networks` (inside
/// echo_chamber), an amplifier's `shared` (inside its object), and
/// authentic_reach, breakout, narratives, audience, timeline and
/// activity_hours (after `activity`).
void WriteEchoImpactJson(JsonOut& out, const NetworkReport& n);
void WriteAmplifierSharesJson(JsonOut& out, const AmplifierRef& amplifier);
void WriteImpactJson(JsonOut& out, const NetworkReport& n);

/// Appends the echo chamber by platform, reach estimate, Breakout Scale,
/// amplifiers' shares, narratives, audience and timeline of `n` to report.md.
void AppendImpactMarkdown(std::string& md, const NetworkReport& n);

/// Writes `attribution` (the contract's field: operations named, best first),
/// `attribution_scores` (every operation with each feature), `linked_operation`
/// and `disarm` into the network's open object.
void WriteAttributionJson(JsonOut& out, const NetworkReport& n);

/// The report's linked_operations as JSON, and as a report.md section.
void WriteLinkedOperationsJson(JsonOut& out, const std::vector<LinkedOperationRef>& linked);
void AppendLinkedOperationsMarkdown(std::string& md, const std::vector<LinkedOperationRef>& linked);

/// Appends the attribution and DISARM techniques of `n` to report.md.
void AppendAttributionMarkdown(std::string& md, const NetworkReport& n);

/// The case store's top-level object (null without a store), each
/// network's `case` member (none without a case), and their report.md lines
/// (case_report.cpp).
void WriteCaseStoreJson(JsonOut& out, const Report& report);
void WriteCaseJson(JsonOut& out, const NetworkReport& n);
void AppendCaseStoreMarkdown(std::string& md, const Report& report);
void AppendCaseMarkdown(std::string& md, const NetworkReport& n);

/// 1234567 -> "1,234,567".
std::string Thousands(uint64_t n);

/// At most `bytes` bytes of `text`, cut between UTF-8 characters, with "…" when cut.
std::string CutUtf8(const std::string& text, size_t bytes);

}  // namespace unmask
