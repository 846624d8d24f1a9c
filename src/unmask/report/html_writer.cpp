// report.html: one self-contained page. Charts and network pictures are
// inline SVG drawn here; there is no script and nothing is fetched, so the
// file opens offline, and its Content-Security-Policy forbids any load.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "unmask/graph/layout.hpp"
#include "unmask/report/impact_writers.hpp"
#include "unmask/report/palette.hpp"
#include "unmask/report/writers.hpp"

namespace unmask {
namespace {

std::string Esc(std::string_view text) {
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
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Pct(uint64_t part, uint64_t whole) {
  return whole ? fmt::format("{:.0f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole)) : "–";
}

std::string Who(const ActorRef& a) { return a.platform + "/" + (a.handle.empty() ? a.id : a.handle); }

constexpr std::string_view kStyle = R"css(
:root { --ink:#1f2933; --muted:#616e7c; --line:#d9dee3; --soft:#f4f6f8; --accent:#0b5cad; }
* { box-sizing:border-box; -webkit-print-color-adjust:exact; print-color-adjust:exact; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif; color:var(--ink); background:#fff; }
header, main, footer { max-width:1120px; margin:0 auto; padding:0 24px; }
header { padding-top:24px; border-bottom:3px solid var(--ink); }
h1 { font-size:26px; margin:0 0 4px; } h2 { font-size:21px; margin:28px 0 8px; } h3 { font-size:16px; margin:20px 0 6px; }
.meta, .note, figcaption { color:var(--muted); font-size:12.5px; }
nav { margin:10px 0 14px; font-size:13px; } nav a { margin-right:10px; color:var(--accent); text-decoration:none; }
.cards { display:flex; flex-wrap:wrap; gap:10px; margin:14px 0; }
.card { flex:1 1 150px; border:1px solid var(--line); border-radius:8px; padding:10px 14px; background:var(--soft); }
.card b { display:block; font-size:24px; } .card span { color:var(--muted); font-size:12.5px; }
.announcement { font-size:16px; }
table { border-collapse:collapse; width:100%; margin:6px 0 12px; font-size:13px; }
th, td { border-bottom:1px solid var(--line); padding:4px 8px; text-align:left; vertical-align:top; }
th { background:var(--soft); font-weight:600; } td.n, th.n { text-align:right; font-variant-numeric:tabular-nums; }
.badge { display:inline-block; white-space:nowrap; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; color:#fff; }
.badge.takedown { background:#b42318; } .badge.authentic { background:#5c6b7a; }
section.network { border-top:2px solid var(--line); margin-top:30px; }
.grid { display:grid; grid-template-columns:minmax(0,1.15fr) minmax(0,1fr); gap:22px; align-items:start; }
figure { margin:0; } svg { display:block; max-width:100%; height:auto; }
svg text { font-family:inherit; fill:var(--ink); }
.legend { display:flex; flex-wrap:wrap; gap:4px 14px; font-size:12px; margin-top:4px; }
.swatch { display:inline-block; width:11px; height:11px; border-radius:2px; margin-right:4px; vertical-align:-1px; }
ul.reasons { margin:4px 0; padding-left:18px; } ul.reasons li { margin:2px 0; }
.reach { font-size:18px; } .reach b { font-size:22px; }
.lists { display:grid; grid-template-columns:repeat(auto-fit,minmax(240px,1fr)); gap:6px 22px; }
.lists h4 { margin:10px 0 2px; font-size:13px; } .lists ol { margin:0; padding-left:20px; font-size:12.5px; }
.lists li { overflow-wrap:anywhere; }
blockquote { margin:2px 0 6px; padding-left:10px; border-left:3px solid var(--line); color:var(--muted); font-size:12.5px; }
footer { margin-top:40px; padding-bottom:40px; border-top:1px solid var(--line); }
@page { size:A4; margin:14mm; }
@media print {
  body { font-size:10.5pt; } nav { display:none; }
  header, main, footer { max-width:none; padding:0; }
  section.network { break-before:page; border-top:none; }
  figure, table, svg, .card, blockquote { break-inside:avoid; }
  .grid { grid-template-columns:1fr 1fr; }
  a { color:inherit; text-decoration:none; }
}
)css";

// ---------------------------------------------------------------------------
// Charts

struct Segment {
  uint64_t value;
  std::string_view color;
  std::string label;
};

// One horizontal bar split into segments, scaled to its own total.
std::string BarRow(double y, const std::string& label, const std::vector<Segment>& parts, const std::string& right) {
  uint64_t total = 0;
  for (const Segment& s : parts) total += s.value;
  std::string svg = fmt::format("<text x=\"0\" y=\"{:.1f}\" font-size=\"12\">{}</text>", y + 13, Esc(label));
  double x = 130;
  constexpr double kWidth = 430;
  for (const Segment& s : parts) {
    if (s.value == 0 || total == 0) continue;
    const double w = kWidth * static_cast<double>(s.value) / static_cast<double>(total);
    svg += fmt::format(
        "<rect class=\"seg\" x=\"{:.2f}\" y=\"{:.1f}\" width=\"{:.2f}\" height=\"18\" fill=\"{}\"><title>{}: {} "
        "({})</title></rect>",
        x, y, std::max(w, 0.8), s.color, Esc(s.label), s.value, Pct(s.value, total));
    x += w;
  }
  if (total == 0) {
    svg += fmt::format("<rect x=\"130\" y=\"{:.1f}\" width=\"{}\" height=\"18\" fill=\"#eef1f4\"/>", y, kWidth);
  }
  svg += fmt::format("<text x=\"572\" y=\"{:.1f}\" font-size=\"12\">{}</text>", y + 13, Esc(right));
  return svg;
}

std::vector<Segment> EchoSegments(const EchoSplit& s) {
  return {{s.internal, kInternalColor, "own members"},
          {s.other_takedown, kOtherTakedownColor, "other takedown networks"},
          {s.authentic, kAuthenticColor, "authentic actors"}};
}

std::string EchoRight(const EchoSplit& s) {
  return fmt::format("{} own · {} engagements", Pct(s.internal, s.engagements), Thousands(s.engagements));
}

std::string EchoLegend() {
  return fmt::format(
      "<div class=\"legend\"><span><i class=\"swatch\" style=\"background:{}\"></i>own members</span>"
      "<span><i class=\"swatch\" style=\"background:{}\"></i>other takedown networks</span>"
      "<span><i class=\"swatch\" style=\"background:{}\"></i>authentic actors</span></div>",
      kInternalColor, kOtherTakedownColor, kAuthenticColor);
}

std::string EchoChart(const NetworkReport& n) {
  std::vector<std::pair<std::string, EchoSplit>> rows = {{"all platforms", EchoSplit{}}};
  EchoSplit& all = rows[0].second;
  all.engagements = n.echo.engagements, all.internal = n.echo.internal;
  all.other_takedown = n.echo.other_takedown, all.authentic = n.echo.authentic;
  for (const auto& [platform, split] : n.impact.echo_by_platform) rows.push_back({platform, split});
  std::string svg =
      fmt::format("<svg class=\"chart echo\" viewBox=\"0 0 760 {}\" role=\"img\" aria-label=\"Echo chamber of {}\">",
                  rows.size() * 26 + 4, Esc(n.id));
  for (size_t i = 0; i < rows.size(); ++i) {
    svg +=
        BarRow(static_cast<double>(i) * 26 + 2, rows[i].first, EchoSegments(rows[i].second), EchoRight(rows[i].second));
  }
  return svg + "</svg>" + EchoLegend();
}

std::string OverviewChart(const Report& report) {
  std::vector<const NetworkReport*> shown;
  for (const NetworkReport& n : report.networks) {
    if (n.takedown) shown.push_back(&n);
  }
  if (shown.empty()) return "";
  std::string svg = fmt::format(
      "<figure><svg class=\"chart overview\" viewBox=\"0 0 760 {}\" role=\"img\" aria-label=\"Who engaged with each "
      "takedown network\">",
      shown.size() * 26 + 4);
  for (size_t i = 0; i < shown.size(); ++i) {
    const NetworkReport& n = *shown[i];
    EchoSplit s;
    s.engagements = n.echo.engagements, s.internal = n.echo.internal;
    s.other_takedown = n.echo.other_takedown, s.authentic = n.echo.authentic;
    svg += BarRow(static_cast<double>(i) * 26 + 2, fmt::format("{} ({} members)", n.id, n.members.size()),
                  EchoSegments(s), EchoRight(s));
  }
  return svg + "</svg><figcaption>Who made the engagements each takedown network's posts received.</figcaption>" +
         EchoLegend() + "</figure>";
}

std::string TimelineChart(const std::vector<DayRow>& days) {
  if (days.empty()) return "<p class=\"note\">No dated activity.</p>";
  uint64_t max_actions = 1, max_received = 1;
  for (const DayRow& d : days) {
    max_actions = std::max(max_actions, d.activity.actions);
    max_received = std::max(max_received, d.activity.received.engagements);
  }
  constexpr double kLeft = 60, kWidth = 680, kPanel = 90;
  const double step = kWidth / static_cast<double>(days.size());
  const double bar = std::max(step * 0.8, 0.6);
  std::string svg =
      "<svg class=\"chart timeline\" viewBox=\"0 0 760 250\" role=\"img\" aria-label=\"Activity per day\">";
  svg += fmt::format(
      "<text x=\"0\" y=\"14\" font-size=\"12\" font-weight=\"600\">members' actions per day (max {})</text>",
      max_actions);
  svg += fmt::format(
      "<text x=\"0\" y=\"134\" font-size=\"12\" font-weight=\"600\">engagements received per day (max {})</text>",
      max_received);
  for (size_t i = 0; i < days.size(); ++i) {
    const DayActivity& a = days[i].activity;
    const double x = kLeft + static_cast<double>(i) * step;
    if (a.actions > 0) {
      const double h = kPanel * static_cast<double>(a.actions) / static_cast<double>(max_actions);
      svg += fmt::format(
          "<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\"><title>{}: {} actions, {} "
          "posts</title></rect>",
          x, 20 + kPanel - h, bar, h, kMemberActivityColor, days[i].date, a.actions, a.posts);
    }
    double base = 140 + kPanel;
    for (const Segment& s : EchoSegments(a.received)) {
      if (s.value == 0) continue;
      const double h = kPanel * static_cast<double>(s.value) / static_cast<double>(max_received);
      base -= h;
      svg += fmt::format(
          "<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\"><title>{}: {} from "
          "{}</title></rect>",
          x, base, bar, h, s.color, days[i].date, s.value, s.label);
    }
  }
  for (double y : {20.0 + kPanel, 140.0 + kPanel}) {
    svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#9aa5b1\" stroke-width=\"0.8\"/>", kLeft,
                       kLeft + kWidth, y, y);
  }
  svg += fmt::format("<text x=\"{}\" y=\"246\" font-size=\"11\">{}</text>", kLeft, days.front().date);
  svg += fmt::format("<text x=\"{}\" y=\"246\" font-size=\"11\" text-anchor=\"end\">{}</text>", kLeft + kWidth,
                     days.back().date);
  return svg + "</svg>";
}

std::string HoursChart(const std::array<uint64_t, 24>& members, const std::array<uint64_t, 24>& authentic) {
  const uint64_t max_m = std::max<uint64_t>(1, *std::max_element(members.begin(), members.end()));
  const uint64_t max_a = std::max<uint64_t>(1, *std::max_element(authentic.begin(), authentic.end()));
  std::string svg =
      "<svg class=\"chart hours\" viewBox=\"0 0 760 150\" role=\"img\" aria-label=\"Activity by hour of day (UTC)\">";
  for (int h = 0; h < 24; ++h) {
    const double x = 60 + h * 28.0;
    const double hm = 100.0 * static_cast<double>(members[h]) / static_cast<double>(max_m);
    const double ha = 100.0 * static_cast<double>(authentic[h]) / static_cast<double>(max_a);
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"11\" height=\"{:.1f}\" fill=\"{}\"><title>{:02}:00 UTC: {} member "
        "posts</title></rect>",
        x, 118 - hm, hm, kMemberActivityColor, h, members[h]);
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"11\" height=\"{:.1f}\" fill=\"{}\"><title>{:02}:00 UTC: {} authentic "
        "engagements</title></rect>",
        x + 12, 118 - ha, ha, kAuthenticColor, h, authentic[h]);
    if (h % 3 == 0) svg += fmt::format("<text x=\"{:.1f}\" y=\"134\" font-size=\"11\">{:02}h</text>", x, h);
  }
  svg +=
      "<text x=\"0\" y=\"12\" font-size=\"12\" font-weight=\"600\">by hour of day, UTC (each series scaled to its "
      "busiest hour)</text>";
  svg += "<line x1=\"60\" x2=\"732\" y1=\"118\" y2=\"118\" stroke=\"#9aa5b1\" stroke-width=\"0.8\"/></svg>";
  svg += fmt::format(
      "<div class=\"legend\"><span><i class=\"swatch\" style=\"background:{}\"></i>members' posts</span>"
      "<span><i class=\"swatch\" style=\"background:{}\"></i>authentic engagements</span></div>",
      kMemberActivityColor, kAuthenticColor);
  return svg;
}

std::string BreakoutChart(int category) {
  static const char* const kShort[][2] = {
      {"one platform,", "one community"},    {"many platforms or", "communities"},
      {"many platforms and", "communities"}, {"cross-medium", "breakout"},
      {"celebrity", "amplification"},        {"policy response,", "call for violence"}};
  std::string svg = fmt::format(
      "<svg class=\"chart breakout\" viewBox=\"0 0 760 84\" role=\"img\" aria-label=\"Breakout Scale category {}\">",
      category);
  for (int c = 1; c <= 6; ++c) {
    const double x = (c - 1) * 126.0;
    const bool here = c == category;
    svg += fmt::format("<rect x=\"{:.0f}\" y=\"4\" width=\"120\" height=\"44\" rx=\"6\" fill=\"{}\" stroke=\"{}\"/>", x,
                       here ? "#b42318" : "#eef1f4", here ? "#7a1a12" : "#d9dee3");
    svg += fmt::format(
        "<text x=\"{:.0f}\" y=\"34\" font-size=\"22\" font-weight=\"700\" text-anchor=\"middle\" "
        "style=\"fill:{}\">{}</text>",
        x + 60, here ? "#fff" : "#616e7c", c);
    svg += fmt::format(
        "<text x=\"{0:.0f}\" y=\"64\" font-size=\"10.5\" text-anchor=\"middle\">{1}"
        "<tspan x=\"{0:.0f}\" dy=\"13\">{2}</tspan></text>",
        x + 60, kShort[c - 1][0], kShort[c - 1][1]);
  }
  return svg + "</svg>";
}

// Log-scaled bars: reach figures span from tens to millions.
std::string ReachChart(const AuthenticReach& r) {
  const std::vector<std::pair<std::string, uint64_t>> rows = {{"authentic engagers", r.engagers},
                                                              {"observed followers", r.observed_followers},
                                                              {"amplifiers' followers", r.amplifier_audience},
                                                              {"estimate: low", r.low},
                                                              {"estimate: high", r.high}};
  uint64_t top = 10;
  for (const auto& [label, v] : rows) top = std::max(top, v);
  const double decades = std::ceil(std::log10(static_cast<double>(top)));
  std::string svg =
      fmt::format("<svg class=\"chart reach\" viewBox=\"0 0 760 {}\" role=\"img\" aria-label=\"Authentic reach\">",
                  rows.size() * 24 + 24);
  for (size_t i = 0; i < rows.size(); ++i) {
    const double y = static_cast<double>(i) * 24 + 2;
    const double w = rows[i].second == 0 ? 0 : 430 * std::log10(static_cast<double>(rows[i].second) + 1) / decades;
    const bool estimate = i >= 3;
    svg += fmt::format("<text x=\"0\" y=\"{:.0f}\" font-size=\"12\">{}</text>", y + 13, rows[i].first);
    svg += fmt::format("<rect x=\"150\" y=\"{:.0f}\" width=\"{:.1f}\" height=\"16\" fill=\"{}\"/>", y, w,
                       estimate ? kAuthenticColor : "#8fb8c0");
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.0f}\" font-size=\"12\">{}</text>", 156 + w, y + 13,
                       Thousands(rows[i].second));
  }
  const double axis = static_cast<double>(rows.size()) * 24 + 4;
  for (int d = 0; d <= static_cast<int>(decades); ++d) {
    const double x = 150 + 430.0 * d / decades;
    svg += fmt::format("<text x=\"{:.0f}\" y=\"{:.0f}\" font-size=\"10\" text-anchor=\"middle\">{}</text>", x,
                       axis + 12, Thousands(static_cast<uint64_t>(std::pow(10.0, d))));
  }
  return svg + "</svg>";
}

// ---------------------------------------------------------------------------
// Network pictures

std::string Shape(const std::string& type, double x, double y, double r, const std::string& color,
                  const std::string& title) {
  const std::string tip = "<title>" + Esc(title) + "</title>";
  if (type == "page") {
    return fmt::format(
        "<rect class=\"node page\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">{}</rect>",
        x - r, y - r, 2 * r, 2 * r, color, tip);
  }
  if (type == "group") {
    return fmt::format(
        "<polygon class=\"node group\" points=\"{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}\" "
        "fill=\"{}\">{}</polygon>",
        x, y - 1.3 * r, x + 1.3 * r, y, x, y + 1.3 * r, x - 1.3 * r, y, color, tip);
  }
  if (type == "channel") {
    return fmt::format(
        "<polygon class=\"node channel\" points=\"{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}\" fill=\"{}\">{}</polygon>",
        x, y - 1.3 * r, x + 1.2 * r, y + r, x - 1.2 * r, y + r, color, tip);
  }
  return fmt::format("<circle class=\"node account\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"{}\">{}</circle>",
                     x, y, r, color, tip);
}

struct Picture {
  std::vector<uint32_t> nodes;  // indexes into report.graph.nodes
  std::vector<const GraphEdge*> edges;
  size_t members = 0;
};

Picture PickPicture(const Report& report, size_t network, const HtmlOptions& options) {
  Picture p;
  std::vector<uint32_t> degree(report.graph.nodes.size(), 0);
  std::vector<const GraphEdge*> inside;
  const auto in_net = [&](uint32_t v) { return report.graph.nodes[v].network == static_cast<int>(network); };
  for (const GraphEdge& e : report.graph.edges) {
    if (!in_net(e.a) || !in_net(e.b)) continue;
    ++degree[e.a], ++degree[e.b];
    inside.push_back(&e);
  }
  for (uint32_t v = 0; v < report.graph.nodes.size(); ++v) {
    if (in_net(v)) p.nodes.push_back(v);
  }
  p.members = p.nodes.size();
  if (p.nodes.size() > options.max_picture_nodes) {
    std::stable_sort(p.nodes.begin(), p.nodes.end(), [&](uint32_t x, uint32_t y) { return degree[x] > degree[y]; });
    p.nodes.resize(options.max_picture_nodes);
    std::sort(p.nodes.begin(), p.nodes.end());
  }
  std::vector<uint8_t> kept(report.graph.nodes.size(), 0);
  for (uint32_t v : p.nodes) kept[v] = 1;
  for (const GraphEdge* e : inside) {
    if (kept[e->a] && kept[e->b]) p.edges.push_back(e);
  }
  if (p.edges.size() > options.max_picture_edges) {
    std::stable_sort(p.edges.begin(), p.edges.end(),
                     [](const GraphEdge* x, const GraphEdge* y) { return x->weight > y->weight; });
    p.edges.resize(options.max_picture_edges);
  }
  return p;
}

std::string PictureLegend(const Report& report, const Picture& p) {
  std::map<std::string, uint64_t> platforms;
  for (uint32_t v : p.nodes) ++platforms[report.graph.nodes[v].actor.platform];
  std::string html = "<div class=\"legend\">";
  for (const auto& [platform, n] : platforms) {
    html += fmt::format("<span><i class=\"swatch\" style=\"background:{}\"></i>{} ({})</span>", PlatformColor(platform),
                        Esc(platform), n);
  }
  html +=
      "</div><div class=\"legend\"><span>● account</span><span>■ page</span><span>◆ group</span><span>▲ channel</span>"
      "<span>— coordination</span><span>┄ shared identity</span><span>· runs or fills</span></div>";
  return html;
}

std::string NetworkPicture(const Report& report, size_t network, const HtmlOptions& options) {
  const Picture p = PickPicture(report, network, options);
  if (p.nodes.empty()) return "<p class=\"note\">No coordination graph in this report.</p>";
  std::map<uint32_t, uint32_t> local;
  for (uint32_t i = 0; i < p.nodes.size(); ++i) local[p.nodes[i]] = i;
  std::vector<LayoutEdge> layout_edges;
  for (const GraphEdge* e : p.edges) layout_edges.push_back({local[e->a], local[e->b], e->weight});
  const std::vector<Point> at = LayoutGraph(static_cast<uint32_t>(p.nodes.size()), layout_edges);
  constexpr double kSize = 600, kMargin = 16;
  const auto px = [&](uint32_t i) { return kMargin + at[i].x * (kSize - 2 * kMargin); };
  const auto py = [&](uint32_t i) { return kMargin + at[i].y * (kSize - 2 * kMargin); };
  const double r = std::clamp(170.0 / std::sqrt(static_cast<double>(p.nodes.size())), 1.5, 8.0);
  std::map<std::string, std::string> paths;
  for (const GraphEdge* e : p.edges) {
    paths[e->kind] +=
        fmt::format("M{:.1f} {:.1f}L{:.1f} {:.1f}", px(local[e->a]), py(local[e->a]), px(local[e->b]), py(local[e->b]));
  }
  std::string svg = fmt::format(
      "<svg class=\"network-picture\" data-network=\"{}\" data-nodes=\"{}\" data-members=\"{}\" viewBox=\"0 0 {} {}\" "
      "role=\"img\" aria-label=\"Members of {} and their ties\">",
      Esc(report.networks[network].id), p.nodes.size(), p.members, kSize, kSize, Esc(report.networks[network].id));
  static const std::map<std::string, std::string> kEdgeStyle = {
      {"coordination", "stroke=\"#8795a1\" stroke-opacity=\"0.45\" stroke-width=\"0.7\""},
      {"identity", "stroke=\"#8e6cbf\" stroke-opacity=\"0.6\" stroke-width=\"0.8\" stroke-dasharray=\"3 2\""},
      {"runs_or_fills", "stroke=\"#c8a165\" stroke-opacity=\"0.55\" stroke-width=\"0.7\" stroke-dasharray=\"1 2\""}};
  for (const auto& [kind, d] : paths) {
    auto style = kEdgeStyle.find(kind);
    svg += fmt::format("<path class=\"edges {}\" fill=\"none\" {} d=\"{}\"/>", Esc(kind),
                       style == kEdgeStyle.end() ? "stroke=\"#999\"" : style->second, d);
  }
  svg += "<g stroke=\"#ffffff\" stroke-width=\"0.6\">";
  for (uint32_t i = 0; i < p.nodes.size(); ++i) {
    const ActorRef& a = report.graph.nodes[p.nodes[i]].actor;
    svg += Shape(a.type, px(i), py(i), r, PlatformColor(a.platform), fmt::format("{} ({}, {})", Who(a), a.type, a.via));
  }
  svg += "</g></svg>";
  std::string caption = fmt::format("{} members, {} ties drawn", p.nodes.size(), p.edges.size());
  if (p.nodes.size() < p.members)
    caption += fmt::format(" (the {} best-connected of {} members)", p.nodes.size(), p.members);
  return "<figure class=\"picture\">" + svg + "<figcaption>" + caption +
         "; colour: platform; shape: type.</figcaption>" + PictureLegend(report, p) + "</figure>";
}

// ---------------------------------------------------------------------------
// Sections

std::string Card(const std::string& value, const std::string& label) {
  return fmt::format("<div class=\"card\"><b>{}</b><span>{}</span></div>", Esc(value), Esc(label));
}

std::string Badge(const NetworkReport& n) {
  return n.takedown ? "<span class=\"badge takedown\">takedown</span>"
                    : "<span class=\"badge authentic\">authentic or uncertain</span>";
}

std::string PlatformsOf(const NetworkReport& n) {
  std::vector<std::string> names;
  for (const auto& [platform, by_type] : n.counts) names.push_back(platform);
  return fmt::format("{}", fmt::join(names, ", "));
}

// The summary into `out`, its table a row (a network) at a time.
void AppendSummary(const Report& report, const std::vector<size_t>& detailed, TextSink& out) {
  size_t takedown = 0;
  uint64_t authentic_engagers = 0;
  for (const NetworkReport& n : report.networks) {
    takedown += n.takedown;
    if (n.takedown) authentic_engagers += n.echo.authentic_engagers;
  }
  std::string& html = out.text();
  html += "<section id=\"summary\"><h2>Summary</h2>";
  html += "<div class=\"cards\">" + Card(std::to_string(report.networks.size()), "coordinated networks found") +
          Card(std::to_string(takedown), "recommended for takedown") +
          Card(Thousands(report.takedown_members), "accounts, pages, groups and channels to remove") +
          Card(std::to_string(report.takedown_counts.size()), "platforms") +
          Card(Thousands(authentic_engagers), "authentic engagers of takedown networks") + "</div>";
  html += takedown > 0 ? fmt::format(
                             "<p class=\"announcement\">unmask recommends removing {} network{} of coordinated "
                             "inauthentic behaviour: <b>{}</b>.</p>",
                             takedown, takedown == 1 ? "" : "s", Esc(DescribeCounts(report.takedown_counts)))
                       : "<p class=\"announcement\">unmask recommends no takedown.</p>";
  html += OverviewChart(report);
  html +=
      "<table class=\"networks\"><tr><th>network</th><th>verdict</th><th class=\"n\">confidence</th><th "
      "class=\"n\">members</th><th>platforms</th><th class=\"n\">own share of engagements</th><th "
      "class=\"n\">authentic engagers</th><th class=\"n\">reach (estimate)</th><th class=\"n\">breakout</th></tr>";
  for (size_t i = 0; i < report.networks.size(); ++i) {
    const NetworkReport& n = report.networks[i];
    const bool linked = std::find(detailed.begin(), detailed.end(), i) != detailed.end();
    html += fmt::format(
        "<tr><td>{}</td><td>{}</td><td class=\"n\">{:.2f}</td><td class=\"n\">{}</td><td>{}</td><td "
        "class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}–{}</td><td class=\"n\">{}</td></tr>",
        linked ? fmt::format("<a href=\"#{0}\">{0}</a>", Esc(n.id)) : Esc(n.id), Badge(n), n.confidence,
        n.members.size(), Esc(PlatformsOf(n)), Pct(n.echo.internal, n.echo.engagements),
        Thousands(n.echo.authentic_engagers), Thousands(n.impact.reach.low), Thousands(n.impact.reach.high),
        n.impact.breakout.category);
    out.Spill();
  }
  html += "</table>";
  if (detailed.size() < report.networks.size()) {
    html += fmt::format(
        "<p class=\"note\">{} networks have a section below; report.md and report.json describe all {}.</p>",
        detailed.size(), report.networks.size());
  }
  html += "</section>";
}

std::string WhySection(const NetworkReport& n) {
  std::string html = "<h3>Why</h3><ul class=\"reasons\">";
  for (const std::string& reason : n.reasons) html += "<li>" + Esc(reason) + "</li>";
  html += "</ul><table><tr><th>indicator</th><th>fired</th><th>evidence</th></tr>";
  for (const Indicator& ind : n.indicators) {
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", Esc(ind.name), ind.fired ? "yes" : "no",
                        Esc(ind.evidence));
  }
  return html + "</table>";
}

std::string EchoSection(const NetworkReport& n) {
  std::string html = "<h3>Echo chamber</h3>";
  html += fmt::format(
      "<p>{} engagements with its posts: <b>{} from its own members</b>, {} from other takedown networks, {} from {} "
      "authentic actors.</p>",
      Thousands(n.echo.engagements), Pct(n.echo.internal, n.echo.engagements), Thousands(n.echo.other_takedown),
      Thousands(n.echo.authentic), Thousands(n.echo.authentic_engagers));
  html += "<figure>" + EchoChart(n) + "</figure>";
  if (!n.impact.from_networks.empty()) {
    std::vector<std::string> from;
    for (const auto& [id, count] : n.impact.from_networks) from.push_back(fmt::format("{} ({})", Esc(id), count));
    html += fmt::format("<p class=\"note\">Engagements from other takedown networks: {}.</p>", fmt::join(from, ", "));
  }
  return html;
}

std::string ReachSection(const NetworkReport& n) {
  const AuthenticReach& r = n.impact.reach;
  std::string html = "<h3>Authentic reach <span class=\"note\">(an estimate, not a measurement)</span></h3>";
  html += fmt::format("<p class=\"reach\">between <b>{}</b> and <b>{}</b> real accounts may have seen its content.</p>",
                      Thousands(r.low), Thousands(r.high));
  html += "<figure>" + ReachChart(r) + "</figure>";
  html += fmt::format(
      "<ul class=\"reasons note\"><li>{} authentic actors engaged; {} of them shared or quoted it, with {} declared "
      "followers between them{}.</li><li>Low: each actor the data shows (engagers, followers of amplifiers and "
      "members present in follow relations) counted once.</li><li>High: adds every declared follower of every "
      "amplifier, as if a share reached all of them; audiences may overlap.</li><li>Comments and reactions are "
      "taken to be seen by their authors only.</li></ul>",
      r.engagers, r.amplifiers, Thousands(r.amplifier_audience),
      r.amplifiers_unknown_audience ? fmt::format(" ({} without a follower count)", r.amplifiers_unknown_audience)
                                    : "");
  return html;
}

std::string BreakoutSection(const NetworkReport& n) {
  const BreakoutAssessment& b = n.impact.breakout;
  std::string html =
      fmt::format("<h3>Breakout Scale: category {} — {}</h3>", b.category, Esc(BreakoutName(b.category)));
  html += "<figure>" + BreakoutChart(b.category) + "</figure><ul class=\"reasons\">";
  for (const std::string& reason : b.reasons) html += "<li>" + Esc(reason) + "</li>";
  return html + "</ul>";
}

std::string Amplifiers(const NetworkReport& n) {
  std::string html = "<h3>Amplifiers</h3>";
  if (n.amplifiers.empty()) return html + "<p class=\"note\">No authentic actor shared or quoted its posts.</p>";
  html += fmt::format(
      "<p>{} authentic actors outside the network shared or quoted its posts. They are reported, not "
      "taken down.</p>",
      n.amplifier_count);
  html +=
      "<table class=\"amplifiers\"><tr><th>account</th><th class=\"n\">audience</th><th class=\"n\">shares</th>"
      "<th>first – last</th><th>what they shared</th></tr>";
  for (size_t i = 0; i < n.amplifiers.size() && i < 15; ++i) {
    const AmplifierRef& a = n.amplifiers[i];
    std::string shared;
    for (size_t k = 0; k < a.shared.size() && k < 3; ++k) {
      const SharedItem& item = a.shared[k];
      shared += fmt::format("<div>{}: {} {}/{} by {}</div>", Esc(item.share.time.substr(0, 16)),
                            item.share.platform == item.original.platform ? "shared" : "shared from another platform",
                            Esc(item.original.platform), Esc(item.original.id), Esc(item.original.actor));
      if (!item.original.text.empty())
        shared += "<blockquote>" + Esc(CutUtf8(item.original.text, 160)) + "</blockquote>";
    }
    html += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{} – {}</td><td>{}</td></tr>",
                        Esc(Who(a.actor)), Thousands(static_cast<uint64_t>(std::max<int64_t>(a.audience, 0))),
                        a.engagements, Esc(a.first.substr(0, 10)), Esc(a.last.substr(0, 10)), shared);
  }
  return html + "</table>";
}

std::string List(const std::string& title, const std::vector<CountedValue>& values, const std::string& prefix,
                 bool actors) {
  std::string html = "<div><h4>" + Esc(title) + "</h4>";
  if (values.empty()) return html + "<p class=\"note\">none</p></div>";
  html += "<ol>";
  for (const CountedValue& v : values) {
    html += actors ? fmt::format("<li>{}{} <span class=\"note\">{} posts, {} members</span></li>", Esc(prefix),
                                 Esc(v.value), v.count, v.actors)
                   : fmt::format("<li>{}{} <span class=\"note\">{}</span></li>", Esc(prefix), Esc(v.value), v.count);
  }
  return html + "</ol></div>";
}

// Families of near-identical texts (text/families.cpp): the messages it repeats.
std::string TextFamilies(const NetworkReport& n) {
  if (n.text_families.empty()) return "";
  std::string html =
      "<h4>Most repeated messages <span class=\"note\">(families of near-identical texts, edited copies "
      "included)</span></h4><table class=\"textfamilies\"><tr><th class=\"n\">copies</th><th "
      "class=\"n\">wordings</th><th class=\"n\">members</th><th>platforms</th><th>languages</th><th class=\"n\">in "
      "all input</th><th>text</th></tr>";
  for (size_t i = 0; i < n.text_families.size() && i < 8; ++i) {
    const TextFamilyRef& f = n.text_families[i];
    html += fmt::format(
        "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td "
        "class=\"n\">{} by {}</td><td>{}</td></tr>",
        f.copies, f.variants, f.actors, Esc(fmt::format("{}", fmt::join(f.platforms, ", "))),
        Esc(fmt::format("{}", fmt::join(f.languages, ", "))), f.total_copies, f.total_actors,
        Esc(CutUtf8(f.representative.text, 200)));
  }
  return html + "</table>";
}

std::string NarrativesSection(const NetworkReport& n) {
  const NarrativesReport& r = n.impact.narratives;
  std::string html = "<h3>Narratives</h3><div class=\"lists\">";
  html +=
      List("hashtags", r.hashtags, "#", true) + List("domains", r.domains, "", true) + List("links", r.urls, "", true);
  for (const auto& [lang, terms] : r.terms) html += List("key terms (" + lang + ")", terms, "", true);
  html += List("languages written", r.languages, "", false) + List("most mentioned", r.mentions, "@", false);
  html += "<div><h4>outside accounts it engages with most</h4><ol>";
  for (const auto& [actor, count] : r.engaged_accounts) {
    html += fmt::format("<li>{} <span class=\"note\">{}</span></li>", Esc(Who(actor)), count);
  }
  html += "</ol></div></div>";
  return html + TextFamilies(n);
}

std::string AudienceSection(const NetworkReport& n) {
  const AudienceProfile& a = n.impact.audience;
  std::string html = fmt::format("<h3>Audience <span class=\"note\">({} authentic engagers)</span></h3>", a.engagers);
  if (a.engagers == 0) return html + "<p class=\"note\">No authentic actor engaged with its posts.</p>";
  html += "<div class=\"lists\">";
  html += List(fmt::format("declared locations ({} state one)", a.with_location), a.locations, "", false);
  html += List(fmt::format("languages ({} known)", a.with_language), a.languages, "", false);
  html += List(fmt::format("time zones inferred from posting hours ({})", a.with_time_zone), a.time_zones, "", false);
  return html + "</div>";
}

std::string Evidence(const NetworkReport& n) {
  if (n.evidence.empty()) return "";
  std::string html = "<h3>Example evidence</h3><ul class=\"reasons\">";
  for (size_t i = 0; i < n.evidence.size() && i < 5; ++i) {
    const EvidencePair& e = n.evidence[i];
    html += fmt::format("<li>{} and {} {}", Esc(Who(e.actor_a)), Esc(Who(e.actor_b)), Esc(e.description));
    if (e.a && e.b) {
      html += fmt::format(": {}/{} at {} and {}/{} at {}", Esc(e.a->platform), Esc(e.a->id), Esc(e.a->time),
                          Esc(e.b->platform), Esc(e.b->id), Esc(e.b->time));
      if (!e.a->text.empty()) html += "<blockquote>" + Esc(CutUtf8(e.a->text, 200)) + "</blockquote>";
    } else if (!e.shared.empty()) {
      html += " (" + Esc(e.shared) + ")";
    }
    html += "</li>";
  }
  return html + "</ul>";
}

// The operations the network is attributed to (or the closest one), with the
// evidence on both sides, and the DISARM techniques its behaviour shows.
std::string AttributionSection(const NetworkReport& n) {
  if (n.attribution.empty() && n.techniques.empty() && n.linked_operation.empty()) return "";
  std::string html = "<h3>Attribution</h3>";
  bool named = false;
  for (const OperationMatch& m : n.attribution) {
    if (!m.attributed) continue;
    named = true;
    html += fmt::format("<p>Attributed to <b>{}</b> (score {:.2f}, {} confidence).</p><ul class=\"reasons\">",
                        Esc(m.name), m.score, Esc(m.confidence));
    for (const std::string& e : m.evidence_for) html += "<li>for: " + Esc(e) + "</li>";
    for (const std::string& e : m.evidence_against) html += "<li>against: " + Esc(e) + "</li>";
    html += "</ul>";
  }
  if (!named && !n.attribution.empty()) {
    const OperationMatch& best = n.attribution.front();
    html += fmt::format("<p>Not attributed to a known operation; the closest is {} (score {:.2f}).</p>",
                        Esc(best.name), best.score);
  }
  if (!n.linked_operation.empty()) {
    html += fmt::format("<p>Part of linked operation {} (see report.md and report.json).</p>", Esc(n.linked_operation));
  }
  if (!n.techniques.empty()) {
    html += "<table><tr><th>DISARM technique</th><th>observed</th></tr>";
    for (const ObservedTechnique& t : n.techniques) {
      html += fmt::format("<tr><td>{} {}</td><td>{}</td></tr>", Esc(t.technique.id), Esc(t.technique.name),
                          Esc(t.evidence));
    }
    html += "</table>";
  }
  return html;
}

// The case the network is recorded under in the case store and what ties it
// to an earlier case.
std::string CaseSection(const NetworkReport& n) {
  if (!n.case_ref) return "";
  const auto& m = n.case_ref->match;
  std::string html = fmt::format("<h3>Case {}</h3>", n.case_ref->case_id);
  if (!m) return html + "<p>A new case: nothing in the case store ties it to an earlier one.</p>";
  html += fmt::format("<p><b>{}</b>. Last seen in run {} as {} ({}); analysts' status: {}.</p>", Esc(m->summary),
                      m->run, Esc(m->network), Esc(m->verdict), Esc(m->status));
  html += "<table><tr><th>evidence</th><th class=\"n\">count</th><th class=\"n\">strength</th><th>example</th></tr>";
  for (const ContinuationEvidence& e : m->evidence) {
    html += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.2f}</td><td>{}</td></tr>",
                        Esc(e.kind), e.count, e.strength, Esc(e.example));
  }
  return html + "</table>";
}

std::string NetworkSection(const Report& report, size_t index, const HtmlOptions& options) {
  const NetworkReport& n = report.networks[index];
  std::string html =
      fmt::format("<section class=\"network\" id=\"{}\"><h2>{} {} <span class=\"note\">confidence {:.2f}</span></h2>",
                  Esc(n.id), Esc(n.id), Badge(n), n.confidence);
  html += fmt::format("<p><b>{} members</b>: {}. {} posts from {} to {}.</p>", n.members.size(),
                      Esc(DescribeCounts(n.counts)), Thousands(n.posts), Esc(n.first_activity.substr(0, 10)),
                      Esc(n.last_activity.substr(0, 10)));
  html += "<div class=\"grid\"><div>" + NetworkPicture(report, index, options) + "</div><div>" + WhySection(n) +
          "</div></div>";
  html += AttributionSection(n) + CaseSection(n);
  html += EchoSection(n) + ReachSection(n) + BreakoutSection(n);
  html += "<h3>Timeline</h3><figure>" + TimelineChart(n.impact.timeline) + EchoLegend() + "</figure>";
  html += "<figure>" + HoursChart(n.impact.member_hours, n.impact.authentic_hours) + "</figure>";
  html += Amplifiers(n) + NarrativesSection(n) + AudienceSection(n) + Evidence(n);
  return html + "</section>";
}

std::string RunSection(const RunInfo& run) {
  std::string html = "<footer><h2>About this run</h2>";
  html += fmt::format(
      "<p>Input: {} lines from {} file(s): {} actors, {} posts, {} relations. {} line(s) could not be "
      "used and were quarantined{}.</p>",
      Thousands(run.lines), run.inputs.size(), Thousands(run.actors), Thousands(run.posts), Thousands(run.relations),
      run.quarantined, run.quarantined ? " (see quarantine.jsonl and quarantine.log)" : "");
  html +=
      fmt::format("<p>Coordination: {} actor pairs acted together at least once, {} repeatedly, {} beyond chance.</p>",
                  Thousands(run.candidate_pairs), Thousands(run.repeated_pairs), Thousands(run.significant_pairs));
  if (!run.timings.empty()) {
    html += "<table><tr><th>stage</th><th class=\"n\">seconds</th></tr>";
    for (const StageTiming& t : run.timings)
      html += fmt::format("<tr><td>{}</td><td class=\"n\">{:.2f}</td></tr>", Esc(t.stage), t.seconds);
    html += "</table>";
  }
  return html + "<p class=\"note\">docs/report.md explains every figure in this report.</p></footer>";
}

// Takedown networks first (they are first in the report), then the largest others.
std::vector<size_t> DetailedNetworks(const Report& report, const HtmlOptions& options) {
  std::vector<size_t> out;
  for (size_t i = 0; i < report.networks.size() && out.size() < options.max_detailed_networks; ++i) out.push_back(i);
  return out;
}

}  // namespace

namespace {

void WriteHtmlPieces(const Report& report, const HtmlOptions& options, TextSink& out) {
  const std::vector<size_t> detailed = DetailedNetworks(report, options);
  std::string& html = out.text();
  html += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  html +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src "
      "data:\">";
  html += "<title>unmask report</title><style>" + std::string(kStyle) + "</style></head><body>";
  html += fmt::format(
      "<header><h1>unmask report</h1><p class=\"meta\">Generated {} by unmask {} from {} input file(s).</p><nav><a "
      "href=\"#summary\">Summary</a>",
      Esc(report.run.generated_at), Esc(report.run.version), report.run.inputs.size());
  for (size_t i : detailed) html += fmt::format("<a href=\"#{0}\">{0}</a>", Esc(report.networks[i].id));
  html += "</nav></header><main>";
  AppendSummary(report, detailed, out);
  for (size_t i : detailed) {
    html += NetworkSection(report, i, options);
    out.Spill();
  }
  html += "</main>" + RunSection(report.run) + "</body></html>\n";
}

}  // namespace

std::string HtmlReportText(const Report& report, const HtmlOptions& options) {
  TextSink out;
  WriteHtmlPieces(report, options, out);
  return out.Take();
}

Status WriteHtmlReport(const Report& report, const std::string& path, const HtmlOptions& options, size_t spill_bytes) {
  Result<TextSink> out = TextSink::ToFile(path, spill_bytes);
  if (!out.ok()) return out.status();
  WriteHtmlPieces(report, options, *out);
  return out->Close();
}

}  // namespace unmask
