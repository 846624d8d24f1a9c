#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "unmask/report/impact_writers.hpp"
#include "unmask/report/writers.hpp"

namespace unmask {
namespace {

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '|') c = ' ';
  }
  return text;
}

std::string Utf8Prefix(const std::string& text, size_t bytes) {
  if (text.size() <= bytes) return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return text.substr(0, bytes) + "…";
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

void WriteTextFamilies(std::string& md, const NetworkReport& n) {
  if (n.text_families.empty()) return;
  md += "\n**Most repeated messages** (families of near-identical texts, edited copies included):\n\n";
  md += "| copies | wordings | members | platforms | languages | in all input | text |\n|---:|---:|---:|---|---|---|---|\n";
  for (size_t i = 0; i < n.text_families.size() && i < 5; ++i) {
    const TextFamilyRef& f = n.text_families[i];
    md += fmt::format("| {} | {} | {} | {} | {} | {} copies by {} actors | {} |\n", f.copies, f.variants, f.actors,
                      JoinList(f.platforms), JoinList(f.languages), f.total_copies, f.total_actors,
                      OneLine(Utf8Prefix(f.representative.text, 160)));
  }
}

void WriteNetwork(std::string& md, const NetworkReport& n) {
  md += fmt::format("\n## {} — {} (confidence {:.2f})\n\n", n.id,
                    n.takedown ? "recommended for takedown" : "coordinated, judged authentic or uncertain",
                    n.confidence);
  md += fmt::format("**Members:** {} — {}.\n\n", n.members.size(), DescribeCounts(n.counts));
  md += fmt::format("**Activity:** {} posts between {} and {}.\n\n", n.posts, n.first_activity, n.last_activity);
  md += "**Why:**\n\n";
  for (const std::string& reason : n.reasons) md += "- " + reason + "\n";
  md += fmt::format(
      "\n**Echo chamber:** {} engagements with its posts; {:.0f}% from its own members, {} from other takedown "
      "networks, {} from {} authentic actors.\n",
      n.echo.engagements, n.echo.InternalShare() * 100, n.echo.other_takedown, n.echo.authentic,
      n.echo.authentic_engagers);
  if (!n.amplifiers.empty()) {
    md += fmt::format("\n**Amplifiers** ({} authentic actors shared or quoted its posts; reported, not taken down):\n\n",
                      n.amplifier_count);
    md += "| platform | account | audience | shares/quotes | first | last |\n|---|---|---:|---:|---|---|\n";
    for (size_t i = 0; i < n.amplifiers.size() && i < 10; ++i) {
      const AmplifierRef& a = n.amplifiers[i];
      md += fmt::format("| {} | {} | {} | {} | {} | {} |\n", a.actor.platform,
                        OneLine(a.actor.handle.empty() ? a.actor.id : a.actor.handle), a.audience, a.engagements,
                        a.first, a.last);
    }
  }
  AppendAttributionMarkdown(md, n);
  AppendCaseMarkdown(md, n);
  AppendImpactMarkdown(md, n);
  if (!n.signal_ties.empty()) {
    md += "\n**Coordination signals** (pair-object ties inside the network): ";
    std::string sep;
    for (const auto& [signal, ties] : n.signal_ties) {
      md += fmt::format("{}{} {}", sep, signal, ties);
      sep = ", ";
    }
    md += ".\n";
  }
  if (!n.evidence.empty()) {
    md += "\n**Example evidence:**\n\n";
    for (size_t i = 0; i < n.evidence.size() && i < 3; ++i) {
      const EvidencePair& e = n.evidence[i];
      md += fmt::format("- {}/{} and {}/{} {}", e.actor_a.platform, e.actor_a.id, e.actor_b.platform, e.actor_b.id,
                        e.description);
      if (e.a && e.b) {
        md += fmt::format(": {}/{} at {} and {}/{} at {}", e.a->platform, e.a->id, e.a->time, e.b->platform, e.b->id,
                          e.b->time);
        if (!e.a->text.empty()) md += fmt::format(" — “{}”", OneLine(e.a->text.substr(0, 120)));
      } else if (!e.shared.empty()) {
        md += fmt::format(" ({})", OneLine(e.shared));
      }
      md += "\n";
    }
  }
  WriteTextFamilies(md, n);
}

}  // namespace

Status WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string temp = path + ".tmp";
  FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) return Status::Error(fmt::format("cannot write {}: {}", temp, std::strerror(errno)));
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) return Status::Error(fmt::format("cannot write {}: {}", temp, std::strerror(errno)));
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    return Status::Error(fmt::format("cannot rename {} to {}: {}", temp, path, std::strerror(errno)));
  }
  return {};
}

Status WriteMarkdownReport(const Report& report, const std::string& path, size_t spill_bytes) {
  Result<TextSink> out = TextSink::ToFile(path, spill_bytes);
  if (!out.ok()) return out.status();
  std::string& md = out->text();
  md += "# unmask report\n\n";
  size_t takedown = 0;
  for (const NetworkReport& n : report.networks) takedown += n.takedown;
  md += fmt::format("Generated {} by unmask {}.\n\n", report.run.generated_at, report.run.version);
  md += "## Summary\n\n";
  if (takedown > 0) {
    md += fmt::format("unmask recommends removing {} network{} of coordinated inauthentic behaviour: **{}**.\n\n",
                      takedown, takedown == 1 ? "" : "s", DescribeCounts(report.takedown_counts));
  } else {
    md += "unmask recommends no takedown.\n\n";
  }
  md += fmt::format("{} coordinated networks were found in all; {} were judged authentic or uncertain.\n\n",
                    report.networks.size(), report.networks.size() - takedown);
  const RunInfo& run = report.run;
  md += fmt::format("Input: {} lines from {} file(s): {} actors, {} posts, {} relations. ", run.lines,
                    run.inputs.size(), run.actors, run.posts, run.relations);
  md += fmt::format("{} line(s) could not be used and were quarantined", run.quarantined);
  md += run.quarantined ? " (see quarantine.jsonl and quarantine.log).\n" : ".\n";
  for (const auto& [reason, n] : run.quarantine_reasons) md += fmt::format("- {}: {}\n", reason, n);
  for (const std::string& error : run.input_errors) md += "- input problem: " + error + "\n";
  md += fmt::format("\nCoordination: {} actor pairs acted together at least once, {} repeatedly, {} beyond chance.\n",
                    run.candidate_pairs, run.repeated_pairs, run.significant_pairs);
  AppendLinkedOperationsMarkdown(md, report.linked_operations);
  AppendCaseStoreMarkdown(md, report);
  for (const NetworkReport& n : report.networks) {
    WriteNetwork(md, n);
    out->Spill();
  }
  return out->Close();
}

Status WriteTakedownCsv(const Report& report, const std::string& path, size_t spill_bytes) {
  Result<TextSink> out = TextSink::ToFile(path, spill_bytes);
  if (!out.ok()) return out.status();
  std::string& csv = out->text();
  csv += "network,takedown,confidence,platform,type,id,handle,name\n";
  for (const NetworkReport& n : report.networks) {
    for (const ActorRef& m : n.members) {
      fmt::format_to(std::back_inserter(csv), "{},{},{:.3f},{},{},{},{},{}\n", n.id, n.takedown ? "true" : "false",
                     n.confidence, CsvField(m.platform), CsvField(m.type), CsvField(m.id), CsvField(m.handle),
                     CsvField(m.name));
      out->Spill();
    }
  }
  return out->Close();
}

}  // namespace unmask
