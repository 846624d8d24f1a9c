// The coordination graph for Gephi and other graph tools: GEXF 1.3 and GraphML.
#include <fmt/format.h>

#include "unmask/report/palette.hpp"
#include "unmask/report/writers.hpp"

namespace unmask {
namespace {

// XML text appended to `out`: the five special characters escaped,
// characters XML 1.0 forbids dropped.
void AppendXml(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
}

std::string Xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendXml(out, text);
  return out;
}

std::string_view NetworkId(const Report& report, int network) {
  return network < 0 ? std::string_view() : std::string_view(report.networks[static_cast<size_t>(network)].id);
}

std::string_view VerdictOf(const Report& report, int network) {
  if (network < 0) return "none";
  return report.networks[static_cast<size_t>(network)].takedown ? "takedown" : "authentic_or_uncertain";
}

std::string Label(const ActorRef& a) {
  return a.handle.empty() ? a.platform + "/" + a.id : a.platform + "/" + a.handle;
}

struct Rgb {
  int r, g, b;
};
Rgb ParseColor(const std::string& hex) {
  const auto part = [&](size_t at) { return std::stoi(hex.substr(at, 2), nullptr, 16); };
  return {part(1), part(3), part(5)};
}

template <typename... Args>
void Append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

void GexfHead(const Report& report, std::string& x) {
  x += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" version=\"1.3\">\n";
  const std::string date = report.run.generated_at.size() >= 10 ? report.run.generated_at.substr(0, 10) : "";
  x += date.empty() ? std::string("  <meta>\n") : fmt::format("  <meta lastmodifieddate=\"{}\">\n", Xml(date));
  x += fmt::format("    <creator>unmask {}</creator>\n", Xml(report.run.version));
  x += "    <description>Coordination graph: actors tied by co-action beyond chance, and the ties that brought pages, "
       "groups and quiet actors into their network</description>\n  </meta>\n";
  x += "  <graph defaultedgetype=\"undirected\" mode=\"static\">\n    <attributes class=\"node\">\n";
  const char* node_attrs[] = {"network", "platform", "type", "verdict", "id", "handle", "via"};
  for (int i = 0; i < 7; ++i) {
    Append(x, "      <attribute id=\"{}\" title=\"{}\" type=\"string\"/>\n", i, node_attrs[i]);
  }
  x += "    </attributes>\n    <attributes class=\"edge\">\n";
  x += "      <attribute id=\"0\" title=\"kind\" type=\"string\"/>\n";
  x += "      <attribute id=\"1\" title=\"objects\" type=\"integer\"/>\n";
  x += "      <attribute id=\"2\" title=\"p_value\" type=\"double\"/>\n";
  x += "      <attribute id=\"3\" title=\"signals\" type=\"string\"/>\n    </attributes>\n    <nodes>\n";
}

void GexfNode(const Report& report, size_t i, std::string& x) {
  const GraphNode& n = report.graph.nodes[i];
  const ActorRef& a = n.actor;
  const std::string_view values[] = {
      NetworkId(report, n.network), a.platform, a.type, VerdictOf(report, n.network), a.id, a.handle, a.via};
  Append(x, "      <node id=\"n{}\" label=\"", i);
  AppendXml(x, Label(a));
  x += "\">\n        <attvalues>\n";
  for (int k = 0; k < 7; ++k) {
    Append(x, "          <attvalue for=\"{}\" value=\"", k);
    AppendXml(x, values[k]);
    x += "\"/>\n";
  }
  const Rgb c = ParseColor(PlatformColor(a.platform));
  Append(x, "        </attvalues>\n        <viz:color r=\"{}\" g=\"{}\" b=\"{}\"/>\n      </node>\n", c.r, c.g, c.b);
}

void GexfEdge(const Report& report, size_t i, std::string& x) {
  const GraphEdge& e = report.graph.edges[i];
  Append(x, "      <edge id=\"e{}\" source=\"n{}\" target=\"n{}\" weight=\"{}\">\n        <attvalues>\n", i, e.a, e.b,
         e.weight);
  x += "          <attvalue for=\"0\" value=\"";
  AppendXml(x, e.kind);
  Append(x, "\"/>\n          <attvalue for=\"1\" value=\"{}\"/>\n", e.objects);
  Append(x, "          <attvalue for=\"2\" value=\"{}\"/>\n", e.p_value);
  x += "          <attvalue for=\"3\" value=\"";
  AppendXml(x, e.signals);
  x += "\"/>\n        </attvalues>\n      </edge>\n";
}

void WriteGexfPieces(const Report& report, TextSink& out) {
  std::string& x = out.text();
  GexfHead(report, x);
  for (size_t i = 0; i < report.graph.nodes.size(); ++i) {
    GexfNode(report, i, x);
    out.Spill();
  }
  x += "    </nodes>\n    <edges>\n";
  for (size_t i = 0; i < report.graph.edges.size(); ++i) {
    GexfEdge(report, i, x);
    out.Spill();
  }
  x += "    </edges>\n  </graph>\n</gexf>\n";
}

constexpr const char* kNodeKeys[] = {"network", "platform", "type", "verdict", "id", "handle", "via", "label", "color"};

void GraphmlHead(std::string& x) {
  x += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
       "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
       "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  for (const char* key : kNodeKeys) {
    Append(x, "  <key id=\"{0}\" for=\"node\" attr.name=\"{0}\" attr.type=\"string\"/>\n", key);
  }
  x += "  <key id=\"kind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n";
  x += "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n";
  x += "  <key id=\"objects\" for=\"edge\" attr.name=\"objects\" attr.type=\"int\"/>\n";
  x += "  <key id=\"p_value\" for=\"edge\" attr.name=\"p_value\" attr.type=\"double\"/>\n";
  x += "  <key id=\"signals\" for=\"edge\" attr.name=\"signals\" attr.type=\"string\"/>\n";
  x += "  <graph id=\"coordination\" edgedefault=\"undirected\">\n";
}

void GraphmlNode(const Report& report, size_t i, std::string& x) {
  const GraphNode& n = report.graph.nodes[i];
  const ActorRef& a = n.actor;
  const std::string label = Label(a), color = PlatformColor(a.platform);
  const std::string_view values[] = {
      NetworkId(report, n.network), a.platform, a.type, VerdictOf(report, n.network), a.id, a.handle, a.via, label,
      color};
  Append(x, "    <node id=\"n{}\">", i);
  for (int k = 0; k < 9; ++k) {
    Append(x, "<data key=\"{}\">", kNodeKeys[k]);
    AppendXml(x, values[k]);
    x += "</data>";
  }
  x += "</node>\n";
}

void GraphmlEdge(const Report& report, size_t i, std::string& x) {
  const GraphEdge& e = report.graph.edges[i];
  Append(x, "    <edge id=\"e{}\" source=\"n{}\" target=\"n{}\"><data key=\"kind\">", i, e.a, e.b);
  AppendXml(x, e.kind);
  Append(x,
         "</data><data key=\"weight\">{}</data><data key=\"objects\">{}</data><data key=\"p_value\">{}</data><data "
         "key=\"signals\">",
         e.weight, e.objects, e.p_value);
  AppendXml(x, e.signals);
  x += "</data></edge>\n";
}

void WriteGraphmlPieces(const Report& report, TextSink& out) {
  std::string& x = out.text();
  GraphmlHead(x);
  for (size_t i = 0; i < report.graph.nodes.size(); ++i) {
    GraphmlNode(report, i, x);
    out.Spill();
  }
  for (size_t i = 0; i < report.graph.edges.size(); ++i) {
    GraphmlEdge(report, i, x);
    out.Spill();
  }
  x += "  </graph>\n</graphml>\n";
}

}  // namespace

std::string GexfText(const Report& report) {
  TextSink out;
  WriteGexfPieces(report, out);
  return out.Take();
}

std::string GraphmlText(const Report& report) {
  TextSink out;
  WriteGraphmlPieces(report, out);
  return out.Take();
}

Status WriteGexf(const Report& report, const std::string& path, size_t spill_bytes) {
  Result<TextSink> out = TextSink::ToFile(path, spill_bytes);
  if (!out.ok()) return out.status();
  WriteGexfPieces(report, *out);
  return out->Close();
}

Status WriteGraphml(const Report& report, const std::string& path, size_t spill_bytes) {
  Result<TextSink> out = TextSink::ToFile(path, spill_bytes);
  if (!out.ok()) return out.status();
  WriteGraphmlPieces(report, *out);
  return out->Close();
}

}  // namespace unmask
