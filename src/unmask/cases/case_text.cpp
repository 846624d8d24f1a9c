// The plain-text views of the case store for `unmask case show` and
// `unmask case runs`.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "unmask/cases/case_store.hpp"

namespace unmask {
namespace {

Status Rows(sql::Stmt& q, const std::function<void(sql::Stmt&)>& fn) {
  for (;;) {
    Result<bool> row = q.Step();
    if (!row.ok()) return row.status();
    if (!*row) return {};
    fn(q);
  }
}

std::string JoinJsonList(const std::string& text, const std::string& sep) {
  const auto list = nlohmann::json::parse(text, nullptr, false);
  std::string out;
  if (!list.is_array()) return out;
  for (const auto& v : list) {
    if (v.is_string()) out += (out.empty() ? "" : sep) + v.get<std::string>();
  }
  return out;
}

Status DescribeNetwork(sql::Db& db, int64_t net_id, size_t members_listed, std::string& out) {
  Result<sql::Stmt> ind = db.Prepare(
      "SELECT name, family, evidence FROM indicators WHERE network_id = ? AND fired = 1 ORDER BY rowid");
  if (!ind.ok()) return ind.status();
  ind->Bind(1, net_id);
  UNMASK_RETURN_IF_ERROR(Rows(*ind, [&](sql::Stmt& r) {
    out += fmt::format("    indicator {} ({}): {}\n", r.Text(0), r.Text(1), r.Text(2));
  }));
  Result<sql::Stmt> att = db.Prepare(
      "SELECT name, score, confidence, evidence_for FROM attributions WHERE network_id = ? AND attributed = 1");
  if (!att.ok()) return att.status();
  att->Bind(1, net_id);
  UNMASK_RETURN_IF_ERROR(Rows(*att, [&](sql::Stmt& r) {
    out += fmt::format("    attributed to {} (score {:.2f}, {} confidence): {}\n", r.Text(0), r.Real(1), r.Text(2),
                       JoinJsonList(r.Text(3), "; "));
  }));
  Result<sql::Stmt> mem = db.Prepare(
      "SELECT platform, type, actor_id, handle, name FROM members WHERE network_id = ? ORDER BY platform, actor_id "
      "LIMIT ?");
  if (!mem.ok()) return mem.status();
  mem->Bind(1, net_id).Bind(2, static_cast<int64_t>(members_listed));
  UNMASK_RETURN_IF_ERROR(Rows(*mem, [&](sql::Stmt& r) {
    out += fmt::format("    member {} {} {} @{} \"{}\"\n", r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4));
  }));
  return {};
}

}  // namespace

Result<std::string> CaseStore::DescribeCase(int64_t case_id, size_t members_listed) {
  Result<sql::Stmt> c = db_.Prepare("SELECT opened_at, opened_run FROM cases WHERE id = ?");
  if (!c.ok()) return c.status();
  c->Bind(1, case_id);
  Result<bool> row = c->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Error(fmt::format("case store {}: there is no case {}", path(), case_id));
  std::string out = fmt::format("case {}: opened {} by run {}\n", case_id, c->Text(0), c->Int(1));

  Result<sql::Stmt> d = db_.Prepare("SELECT status, analyst, decided_at, note FROM decisions WHERE case_id = ? ORDER BY id");
  if (!d.ok()) return d.status();
  d->Bind(1, case_id);
  std::string decisions;
  UNMASK_RETURN_IF_ERROR(Rows(*d, [&](sql::Stmt& r) {
    decisions += fmt::format("  {} {} by {}{}\n", r.Text(2), r.Text(0), r.Text(1),
                             r.Text(3).empty() ? "" : ": " + r.Text(3));
  }));
  out += decisions.empty() ? "decisions: none (open)\n" : "decisions:\n" + decisions;

  Result<sql::Stmt> n = db_.Prepare(
      "SELECT n.id, n.run_id, r.finished_at, n.label, n.takedown, n.confidence, n.members, n.posts, n.first_activity, "
      "n.last_activity, n.counts, n.reasons, n.continuation, r.inputs FROM networks n JOIN runs r ON r.id = n.run_id "
      "WHERE n.case_id = ? ORDER BY n.id");
  if (!n.ok()) return n.status();
  n->Bind(1, case_id);
  std::vector<int64_t> ids;
  std::vector<std::string> heads;
  UNMASK_RETURN_IF_ERROR(Rows(*n, [&](sql::Stmt& r) {
    ids.push_back(r.Int(0));
    std::string head = fmt::format("run {} ({}; inputs {}): network {}, {} (confidence {:.2f}), {} members, {} posts, {} to {}\n",
                                   r.Int(1), r.Text(2), JoinJsonList(r.Text(13), ", "), r.Text(3),
                                   r.Int(4) ? "takedown" : "no takedown", r.Real(5), r.Int(6), r.Int(7), r.Text(8),
                                   r.Text(9));
    head += fmt::format("    counts {}\n", r.Text(10));
    const std::string reasons = JoinJsonList(r.Text(11), "; ");
    if (!reasons.empty()) head += "    reasons: " + reasons + "\n";
    if (!r.Null(12)) {
      const auto cont = nlohmann::json::parse(r.Text(12), nullptr, false);
      if (cont.is_object()) {
        head += "    " + cont.value("summary", std::string()) + "\n";
        for (const auto& e : cont.value("evidence", nlohmann::json::array())) {
          head += fmt::format("      {} {} (strength {:.2f}), e.g. {}\n", e.value("kind", ""), e.value("count", 0),
                              e.value("strength", 0.0), e.value("example", ""));
        }
      }
    }
    heads.push_back(std::move(head));
  }));
  for (size_t i = 0; i < ids.size(); ++i) {
    out += heads[i];
    UNMASK_RETURN_IF_ERROR(DescribeNetwork(db_, ids[i], members_listed, out));
  }
  return out;
}

Result<std::string> CaseStore::DescribeRuns() {
  Result<sql::Stmt> q = db_.Prepare(
      "SELECT id, started_at, finished_at, version, inputs, first_activity, last_activity, actors, posts, networks, "
      "takedown_networks, takedown_members, quarantined, report_dir FROM runs ORDER BY id");
  if (!q.ok()) return q.status();
  std::string out;
  UNMASK_RETURN_IF_ERROR(Rows(*q, [&](sql::Stmt& r) {
    out += fmt::format("run {}: {} to {} (unmask {}), data {} to {}\n  inputs {}\n  {} actors, {} posts, {} quarantined; "
                       "{} networks, {} for takedown ({} members); report in {}\n",
                       r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(5), r.Text(6), JoinJsonList(r.Text(4), ", "),
                       r.Int(7), r.Int(8), r.Int(12), r.Int(9), r.Int(10), r.Int(11), r.Text(13));
  }));
  return out.empty() ? std::string("no runs recorded yet\n") : out;
}

}  // namespace unmask
