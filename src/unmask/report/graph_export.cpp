// The coordination graph for Gephi and other graph tools: GEXF 1.3 and GraphML.
#include <fmt/format.h>

#include "unmask/report/palette.hpp"
#include "unmask/report/writers.hpp"

namespace unmask {
namespace {

// XML text: the five special characters escaped, characters XML 1.0 forbids dropped.
std::string Xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
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
  return out;
}

std::string NetworkId(const Report& report, int network) {
  return network < 0 ? "" : report.networks[static_cast<size_t>(network)].id;
}

std::string VerdictOf(const Report& report, int network) {
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

}  // namespace

std::string GexfText(const Report& report) {
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" version=\"1.3\">\n";
  const std::string date = report.run.generated_at.size() >= 10 ? report.run.generated_at.substr(0, 10) : "";
  x += date.empty() ? std::string("  <meta>\n") : fmt::format("  <meta lastmodifieddate=\"{}\">\n", Xml(date));
  x += fmt::format("    <creator>unmask {}</creator>\n", Xml(report.run.version));
  x += "    <description>Coordination graph: actors tied by co-action beyond chance, and the ties that brought pages, "
       "groups and quiet actors into their network</description>\n  </meta>\n";
  x += "  <graph defaultedgetype=\"undirected\" mode=\"static\">\n    <attributes class=\"node\">\n";
  const char* node_attrs[] = {"network", "platform", "type", "verdict", "id", "handle", "via"};
  for (int i = 0; i < 7; ++i)
    x += fmt::format("      <attribute id=\"{}\" title=\"{}\" type=\"string\"/>\n", i, node_attrs[i]);
  x += "    </attributes>\n    <attributes class=\"edge\">\n";
  x += "      <attribute id=\"0\" title=\"kind\" type=\"string\"/>\n";
  x += "      <attribute id=\"1\" title=\"objects\" type=\"integer\"/>\n";
  x += "      <attribute id=\"2\" title=\"p_value\" type=\"double\"/>\n";
  x += "      <attribute id=\"3\" title=\"signals\" type=\"string\"/>\n    </attributes>\n    <nodes>\n";
  for (size_t i = 0; i < report.graph.nodes.size(); ++i) {
    const GraphNode& n = report.graph.nodes[i];
    const ActorRef& a = n.actor;
    const std::string values[] = {
        NetworkId(report, n.network), a.platform, a.type, VerdictOf(report, n.network), a.id, a.handle, a.via};
    x += fmt::format("      <node id=\"n{}\" label=\"{}\">\n        <attvalues>\n", i, Xml(Label(a)));
    for (int k = 0; k < 7; ++k) x += fmt::format("          <attvalue for=\"{}\" value=\"{}\"/>\n", k, Xml(values[k]));
    const Rgb c = ParseColor(PlatformColor(a.platform));
    x += fmt::format("        </attvalues>\n        <viz:color r=\"{}\" g=\"{}\" b=\"{}\"/>\n      </node>\n", c.r, c.g,
                     c.b);
  }
  x += "    </nodes>\n    <edges>\n";
  for (size_t i = 0; i < report.graph.edges.size(); ++i) {
    const GraphEdge& e = report.graph.edges[i];
    x += fmt::format("      <edge id=\"e{}\" source=\"n{}\" target=\"n{}\" weight=\"{}\">\n        <attvalues>\n", i,
                     e.a, e.b, e.weight);
    x += fmt::format("          <attvalue for=\"0\" value=\"{}\"/>\n", Xml(e.kind));
    x += fmt::format("          <attvalue for=\"1\" value=\"{}\"/>\n", e.objects);
    x += fmt::format("          <attvalue for=\"2\" value=\"{}\"/>\n", e.p_value);
    x += fmt::format("          <attvalue for=\"3\" value=\"{}\"/>\n        </attvalues>\n      </edge>\n",
                     Xml(e.signals));
  }
  x += "    </edges>\n  </graph>\n</gexf>\n";
  return x;
}

std::string GraphmlText(const Report& report) {
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
       "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
       "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  const char* node_keys[] = {"network", "platform", "type", "verdict", "id", "handle", "via", "label", "color"};
  for (const char* key : node_keys) {
    x += fmt::format("  <key id=\"{0}\" for=\"node\" attr.name=\"{0}\" attr.type=\"string\"/>\n", key);
  }
  x += "  <key id=\"kind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n";
  x += "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n";
  x += "  <key id=\"objects\" for=\"edge\" attr.name=\"objects\" attr.type=\"int\"/>\n";
  x += "  <key id=\"p_value\" for=\"edge\" attr.name=\"p_value\" attr.type=\"double\"/>\n";
  x += "  <key id=\"signals\" for=\"edge\" attr.name=\"signals\" attr.type=\"string\"/>\n";
  x += "  <graph id=\"coordination\" edgedefault=\"undirected\">\n";
  for (size_t i = 0; i < report.graph.nodes.size(); ++i) {
    const GraphNode& n = report.graph.nodes[i];
    const ActorRef& a = n.actor;
    const std::string values[] = {
        NetworkId(report, n.network), a.platform, a.type, VerdictOf(report, n.network), a.id, a.handle, a.via, Label(a),
        PlatformColor(a.platform)};
    x += fmt::format("    <node id=\"n{}\">", i);
    for (int k = 0; k < 9; ++k) x += fmt::format("<data key=\"{}\">{}</data>", node_keys[k], Xml(values[k]));
    x += "</node>\n";
  }
  for (size_t i = 0; i < report.graph.edges.size(); ++i) {
    const GraphEdge& e = report.graph.edges[i];
    x += fmt::format(
        "    <edge id=\"e{}\" source=\"n{}\" target=\"n{}\"><data key=\"kind\">{}</data><data "
        "key=\"weight\">{}</data><data key=\"objects\">{}</data><data key=\"p_value\">{}</data><data "
        "key=\"signals\">{}</data></edge>\n",
        i, e.a, e.b, Xml(e.kind), e.weight, e.objects, e.p_value, Xml(e.signals));
  }
  x += "  </graph>\n</graphml>\n";
  return x;
}

Status WriteGexf(const Report& report, const std::string& path) { return WriteFileAtomically(path, GexfText(report)); }

Status WriteGraphml(const Report& report, const std::string& path) {
  return WriteFileAtomically(path, GraphmlText(report));
}

}  // namespace unmask
