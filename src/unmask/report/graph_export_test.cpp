// The coordination graph in the report model and its GEXF / GraphML exports,
// read back with libxml2; and the HTML writer's self-containment.
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <list>
#include <memory>

#include "unmask/report/report.hpp"
#include "unmask/report/writers.hpp"

namespace unmask {
namespace {

class Fixture {
 public:
  Fixture() {
    Actor("facebook", "a1", "lucy", ActorType::kAccount);
    Actor("facebook", "a2", "<b&\"'>", ActorType::kAccount);
    Actor("facebook", "p1", "", ActorType::kPage);
    Actor("facebook", "z", "<z&\"'>", ActorType::kAccount);  // outside every network
    RelationRecord admin;
    admin.platform = "facebook";
    admin.from = "a1";
    admin.to = "p1";
    admin.type_name = "admin";
    store.AddRelation(admin);
    store.Finalize();
    const ActorId a1 = Id("a1"), a2 = Id("a2"), p1 = Id("p1"), z = Id("z");
    networks.resize(1);
    networks[0].members = {a1, a2, p1};
    std::sort(networks[0].members.begin(), networks[0].members.end());
    networks[0].attached = {p1};
    networks[0].verdict.takedown = true;
    // Two coordinated pairs (one leaving the network), one pair also sharing a picture.
    co_action.pairs.push_back(Pair(std::min(a1, a2), std::max(a1, a2), Signal::kSameUrl, 4));
    co_action.pairs.back().by_signal[static_cast<int>(Signal::kSameAvatar)].objects = 1;
    co_action.pairs.push_back(Pair(std::min(a2, z), std::max(a2, z), Signal::kCoEngage, 3));
    graph.edges.push_back({co_action.pairs[0].a, co_action.pairs[0].b, 2.5f, 4, 0.1, 1e-6, 0});
    graph.edges.push_back({co_action.pairs[1].a, co_action.pairs[1].b, 1.5f, 3, 0.2, 1e-4, 1});
    report = BuildReport(store, networks, RunInfo{});
    AddCoordinationGraph(report, store, networks, graph, co_action);
  }
  Store store;
  std::vector<Network> networks;
  CoActionResult co_action;
  CoordinationGraph graph;
  Report report;

 private:
  static PairTies Pair(ActorId a, ActorId b, Signal signal, uint32_t objects) {
    PairTies p;
    p.a = a, p.b = b;
    p.by_signal[static_cast<int>(signal)].objects = objects;
    return p;
  }
  void Actor(const std::string& platform, const std::string& id, const std::string& handle, ActorType type) {
    ActorRecord r;
    r.platform = Keep(platform);
    r.id = Keep(id);
    r.handle = Keep(handle);
    r.type = type;
    store.SetActor(r);
  }
  ActorId Id(const std::string& id) const { return store.FindActor("facebook", id); }
  std::string_view Keep(const std::string& s) { return *kept_.insert(kept_.end(), s); }
  std::list<std::string> kept_;
};

TEST(GraphModel, HoldsMembersPairsAndTheTiesThatJoinedPages) {
  const Fixture f;
  const GraphModel& g = f.report.graph;
  ASSERT_EQ(g.nodes.size(), 4u);  // a1, a2, p1 in N1; z outside
  size_t outside = 0;
  for (const GraphNode& n : g.nodes) outside += n.network < 0;
  EXPECT_EQ(outside, 1u);
  std::map<std::string, int> kinds;
  for (const GraphEdge& e : g.edges) ++kinds[e.kind];
  EXPECT_EQ(kinds["coordination"], 2);
  EXPECT_EQ(kinds["runs_or_fills"], 1);  // a1 runs p1
  EXPECT_EQ(kinds.count("identity"), 0u) << "a1-a2 are already tied: one edge per pair";
  EXPECT_EQ(g.edges.size(), 3u);
}

struct XmlDoc {
  explicit XmlDoc(const std::string& text)
      : doc(xmlReadMemory(text.data(), static_cast<int>(text.size()), "x.xml", nullptr, XML_PARSE_NONET)) {}
  ~XmlDoc() {
    if (doc) xmlFreeDoc(doc);
  }
  // Values of an XPath expression (attribute values or element text).
  std::vector<std::string> Values(const char* prefix, const char* ns, const char* xpath) const {
    std::vector<std::string> out;
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, reinterpret_cast<const xmlChar*>(prefix), reinterpret_cast<const xmlChar*>(ns));
    xmlXPathObjectPtr result = xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath), ctx);
    if (result && result->nodesetval) {
      for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
        xmlChar* content = xmlNodeGetContent(result->nodesetval->nodeTab[i]);
        out.emplace_back(content ? reinterpret_cast<const char*>(content) : "");
        xmlFree(content);
      }
    }
    xmlXPathFreeObject(result);
    xmlXPathFreeContext(ctx);
    return out;
  }
  xmlDocPtr doc;
};

TEST(GraphExport, GexfIsWellFormedWithAttributes) {
  const Fixture f;
  const XmlDoc xml(GexfText(f.report));
  ASSERT_NE(xml.doc, nullptr) << "GEXF is not well-formed XML";
  const char* ns = "http://gexf.net/1.3";
  EXPECT_EQ(xml.Values("g", ns, "//g:node").size(), 4u);
  EXPECT_EQ(xml.Values("g", ns, "//g:edge").size(), 3u);
  EXPECT_EQ(xml.Values("g", ns, "//g:attributes[@class='node']/g:attribute/@title"),
            (std::vector<std::string>{"network", "platform", "type", "verdict", "id", "handle", "via"}));
  // verdict is attribute 3: three takedown members and one actor outside networks.
  const auto verdicts = xml.Values("g", ns, "//g:node/g:attvalues/g:attvalue[@for='3']/@value");
  EXPECT_EQ(std::count(verdicts.begin(), verdicts.end(), "takedown"), 3);
  EXPECT_EQ(std::count(verdicts.begin(), verdicts.end(), "none"), 1);
  const auto labels = xml.Values("g", ns, "//g:node/@label");
  EXPECT_NE(std::find(labels.begin(), labels.end(), "facebook/<z&\"'>"), labels.end()) << "escaped and read back";
  const auto kinds = xml.Values("g", ns, "//g:edge/g:attvalues/g:attvalue[@for='0']/@value");
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "coordination"), 2);
}

TEST(GraphExport, GraphmlIsWellFormedWithAttributes) {
  const Fixture f;
  const XmlDoc xml(GraphmlText(f.report));
  ASSERT_NE(xml.doc, nullptr) << "GraphML is not well-formed XML";
  const char* ns = "http://graphml.graphdrawing.org/xmlns";
  EXPECT_EQ(xml.Values("g", ns, "//g:node").size(), 4u);
  EXPECT_EQ(xml.Values("g", ns, "//g:edge").size(), 3u);
  const auto networks = xml.Values("g", ns, "//g:node/g:data[@key='network']");
  EXPECT_EQ(std::count(networks.begin(), networks.end(), "N1"), 3);
  const auto types = xml.Values("g", ns, "//g:node/g:data[@key='type']");
  EXPECT_EQ(std::count(types.begin(), types.end(), "page"), 1);
  const auto platforms = xml.Values("g", ns, "//g:node/g:data[@key='platform']");
  EXPECT_EQ(std::count(platforms.begin(), platforms.end(), "facebook"), 4);
}

TEST(HtmlReport, SelfContainedWithAPictureOfEachNetwork) {
  const Fixture f;
  const std::string html = HtmlReportText(f.report);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos) << "nothing to fetch";
  EXPECT_EQ(html.find("https://"), std::string::npos) << "nothing to fetch";
  EXPECT_NE(html.find("data-nodes=\"3\""), std::string::npos) << "N1's three members drawn";
  EXPECT_NE(html.find("<svg class=\"chart echo\""), std::string::npos);
  EXPECT_EQ(html.find("<b&"), std::string::npos) << "input strings are escaped";
  EXPECT_NE(html.find("facebook/&lt;b&amp;&quot;&#39;&gt;"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
}

}  // namespace
}  // namespace unmask
