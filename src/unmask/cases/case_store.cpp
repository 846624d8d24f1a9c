#include "unmask/cases/case_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "unmask/core/time.hpp"

namespace unmask {
namespace {

using Json = nlohmann::ordered_json;

// Identifies the file as an unmask case store ("UNMK").
constexpr int64_t kApplicationId = 0x554e4d4b;

constexpr const char* kSchema = R"sql(
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  version TEXT NOT NULL,
  inputs TEXT NOT NULL,
  settings TEXT NOT NULL,
  first_activity TEXT,
  last_activity TEXT,
  lines INTEGER NOT NULL,
  actors INTEGER NOT NULL,
  posts INTEGER NOT NULL,
  relations INTEGER NOT NULL,
  quarantined INTEGER NOT NULL,
  networks INTEGER NOT NULL,
  takedown_networks INTEGER NOT NULL,
  takedown_members INTEGER NOT NULL,
  report_dir TEXT);
CREATE TABLE cases(
  id INTEGER PRIMARY KEY,
  opened_run INTEGER NOT NULL REFERENCES runs(id),
  opened_at TEXT NOT NULL);
CREATE TABLE networks(
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  case_id INTEGER NOT NULL REFERENCES cases(id),
  label TEXT NOT NULL,
  takedown INTEGER NOT NULL,
  confidence REAL NOT NULL,
  reasons TEXT NOT NULL,
  members INTEGER NOT NULL,
  posts INTEGER NOT NULL,
  first_activity TEXT,
  last_activity TEXT,
  counts TEXT NOT NULL,
  attributed TEXT,
  attribution_score REAL,
  continuation TEXT,
  UNIQUE(run_id, label));
CREATE INDEX networks_by_case ON networks(case_id);
CREATE TABLE members(
  network_id INTEGER NOT NULL REFERENCES networks(id),
  platform TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  type TEXT NOT NULL,
  handle TEXT NOT NULL,
  handle_key TEXT NOT NULL,
  name TEXT NOT NULL,
  via TEXT NOT NULL,
  PRIMARY KEY(network_id, platform, actor_id)) WITHOUT ROWID;
CREATE INDEX members_by_actor ON members(platform, actor_id);
CREATE INDEX members_by_handle ON members(handle_key);
CREATE TABLE indicators(
  network_id INTEGER NOT NULL REFERENCES networks(id),
  name TEXT NOT NULL,
  family TEXT NOT NULL,
  against INTEGER NOT NULL,
  fired INTEGER NOT NULL,
  value REAL NOT NULL,
  p_value REAL NOT NULL,
  evidence TEXT NOT NULL);
CREATE INDEX indicators_by_network ON indicators(network_id);
CREATE TABLE evidence(
  network_id INTEGER NOT NULL REFERENCES networks(id),
  signal TEXT NOT NULL,
  description TEXT NOT NULL,
  detail TEXT NOT NULL);
CREATE INDEX evidence_by_network ON evidence(network_id);
CREATE TABLE attributions(
  network_id INTEGER NOT NULL REFERENCES networks(id),
  operation TEXT NOT NULL,
  name TEXT NOT NULL,
  score REAL NOT NULL,
  attributed INTEGER NOT NULL,
  confidence TEXT NOT NULL,
  evidence_for TEXT NOT NULL,
  evidence_against TEXT NOT NULL);
CREATE INDEX attributions_by_network ON attributions(network_id);
CREATE TABLE fingerprints(
  network_id INTEGER NOT NULL REFERENCES networks(id),
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY(network_id, kind, value)) WITHOUT ROWID;
CREATE INDEX fingerprints_by_value ON fingerprints(kind, value);
CREATE TABLE texts(
  network_id INTEGER NOT NULL REFERENCES networks(id),
  rank INTEGER NOT NULL,
  copies INTEGER NOT NULL,
  text TEXT NOT NULL,
  signature BLOB NOT NULL);
CREATE INDEX texts_by_network ON texts(network_id);
CREATE TABLE decisions(
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  status TEXT NOT NULL CHECK(status IN ('open', 'confirmed', 'rejected', 'enforced')),
  analyst TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  note TEXT NOT NULL);
CREATE INDEX decisions_by_case ON decisions(case_id);
)sql";

std::string Now() { return FormatIso(static_cast<Time>(std::time(nullptr))); }

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Json CountsJson(const Counts& counts) {
  Json j = Json::object();
  for (const auto& [platform, by_type] : counts) j[platform] = by_type;
  return j;
}

Json ContinuationJson(const ContinuationRef& c) {
  Json evidence = Json::array();
  for (const ContinuationEvidence& e : c.evidence) {
    evidence.push_back({{"kind", e.kind}, {"count", e.count}, {"strength", e.strength}, {"example", e.example}});
  }
  return {{"case", c.case_id}, {"run", c.run}, {"network", c.network}, {"strength", c.strength},
          {"new_members", c.new_members}, {"returning_members", c.returning_members}, {"summary", c.summary},
          {"evidence", evidence}};
}

std::string PostLine(const std::optional<EvidencePost>& p) {
  return p ? fmt::format("{}/{} {} \"{}\"", p->platform, p->id, p->time, p->text.substr(0, 120)) : "";
}

Status WriteNetwork(sql::Db& db, int64_t run_id, int64_t case_id, const NetworkReport& n, const NetworkPrint& print) {
  Result<sql::Stmt> ins = db.Prepare(
      "INSERT INTO networks(run_id, case_id, label, takedown, confidence, reasons, members, posts, first_activity, "
      "last_activity, counts, attributed, attribution_score, continuation) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!ins.ok()) return ins.status();
  ins->Bind(1, run_id).Bind(2, case_id).Bind(3, n.id).Bind(4, int64_t{n.takedown}).Bind(5, n.confidence);
  ins->Bind(6, Json(n.reasons).dump()).Bind(7, static_cast<int64_t>(n.members.size()));
  ins->Bind(8, static_cast<int64_t>(n.posts)).Bind(9, n.first_activity).Bind(10, n.last_activity);
  ins->Bind(11, CountsJson(n.counts).dump());
  const OperationMatch* named = nullptr;
  for (const OperationMatch& m : n.attribution) {
    if (m.attributed && named == nullptr) named = &m;
  }
  if (named != nullptr) {
    ins->Bind(12, named->operation).Bind(13, named->score);
  } else {
    ins->BindNull(12).BindNull(13);
  }
  if (n.case_ref && n.case_ref->match && n.case_ref->match->continuation) {
    ins->Bind(14, ContinuationJson(*n.case_ref->match).dump());
  } else {
    ins->BindNull(14);
  }
  UNMASK_RETURN_IF_ERROR(ins->Run());
  const int64_t net_id = db.LastId();

  Result<sql::Stmt> member =
      db.Prepare("INSERT OR IGNORE INTO members VALUES(?,?,?,?,?,?,?,?)");
  if (!member.ok()) return member.status();
  for (const ActorRef& m : n.members) {
    member->Bind(1, net_id).Bind(2, m.platform).Bind(3, m.id).Bind(4, m.type).Bind(5, m.handle);
    member->Bind(6, Lower(m.handle)).Bind(7, m.name).Bind(8, m.via);
    UNMASK_RETURN_IF_ERROR(member->Run());
  }
  Result<sql::Stmt> ind = db.Prepare("INSERT INTO indicators VALUES(?,?,?,?,?,?,?,?)");
  if (!ind.ok()) return ind.status();
  for (const Indicator& i : n.indicators) {
    ind->Bind(1, net_id).Bind(2, i.name).Bind(3, FamilyName(i.family)).Bind(4, int64_t{i.against});
    ind->Bind(5, int64_t{i.fired}).Bind(6, i.value).Bind(7, i.p_value).Bind(8, i.evidence);
    UNMASK_RETURN_IF_ERROR(ind->Run());
  }
  Result<sql::Stmt> ev = db.Prepare("INSERT INTO evidence VALUES(?,?,?,?)");
  if (!ev.ok()) return ev.status();
  for (const EvidencePair& e : n.evidence) {
    const std::string detail = fmt::format("{}/{} and {}/{}{}{}{}", e.actor_a.platform, e.actor_a.id, e.actor_b.platform,
                                           e.actor_b.id, e.shared.empty() ? "" : " share " + e.shared,
                                           e.a ? "; " + PostLine(e.a) : "", e.b ? "; " + PostLine(e.b) : "");
    ev->Bind(1, net_id).Bind(2, e.signal).Bind(3, e.description).Bind(4, detail);
    UNMASK_RETURN_IF_ERROR(ev->Run());
  }
  Result<sql::Stmt> att = db.Prepare("INSERT INTO attributions VALUES(?,?,?,?,?,?,?,?)");
  if (!att.ok()) return att.status();
  for (const OperationMatch& m : n.attribution) {
    att->Bind(1, net_id).Bind(2, m.operation).Bind(3, m.name).Bind(4, m.score).Bind(5, int64_t{m.attributed});
    att->Bind(6, m.confidence).Bind(7, Json(m.evidence_for).dump()).Bind(8, Json(m.evidence_against).dump());
    UNMASK_RETURN_IF_ERROR(att->Run());
  }
  Result<sql::Stmt> fp = db.Prepare("INSERT OR IGNORE INTO fingerprints VALUES(?,?,?)");
  if (!fp.ok()) return fp.status();
  for (const auto& [kind, values] : {std::pair{"avatar", &print.avatars}, std::pair{"infra", &print.infra}}) {
    for (const std::string& v : *values) {
      fp->Bind(1, net_id).Bind(2, kind).Bind(3, v);
      UNMASK_RETURN_IF_ERROR(fp->Run());
    }
  }
  Result<sql::Stmt> text = db.Prepare("INSERT INTO texts VALUES(?,?,?,?,?)");
  if (!text.ok()) return text.status();
  for (size_t r = 0; r < print.texts.size(); ++r) {
    const TextPrint& t = print.texts[r];
    text->Bind(1, net_id).Bind(2, static_cast<int64_t>(r)).Bind(3, static_cast<int64_t>(t.copies)).Bind(4, t.text);
    text->BindBlob(5, t.signature);
    UNMASK_RETURN_IF_ERROR(text->Run());
  }
  return {};
}

}  // namespace

bool IsCaseStatus(const std::string& status) {
  return status == "open" || status == "confirmed" || status == "rejected" || status == "enforced";
}

std::string CaseStore::FileIn(const std::string& dir) { return (std::filesystem::path(dir) / kFileName).string(); }

Result<CaseStore> CaseStore::Open(const std::string& path, const CaseStoreOptions& options) {
  return OpenFile(path, true, options);
}

Result<CaseStore> CaseStore::OpenExisting(const std::string& path, const CaseStoreOptions& options) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return Status::Error(fmt::format("case store {}: no such file (a scan with --cases creates it)", path));
  }
  return OpenFile(path, false, options);
}

Result<CaseStore> CaseStore::OpenFile(const std::string& path, bool create, const CaseStoreOptions& options) {
  Result<sql::Db> db = sql::Db::Open(path, create, options.busy_ms);
  if (!db.ok()) return db.status();
  CaseStore store(std::move(*db));
  UNMASK_RETURN_IF_ERROR(store.Migrate());
  return store;
}

Status CaseStore::Migrate() {
  Result<int64_t> version = db_.QueryInt("PRAGMA user_version");
  if (!version.ok()) return version.status();
  Result<int64_t> app = db_.QueryInt("PRAGMA application_id");
  if (!app.ok()) return app.status();
  if (*version > kSchemaVersion) {
    return Status::Error(fmt::format(
        "case store {}: schema version {} was written by a newer unmask (this one reads up to version {}); "
        "use a newer unmask or another --cases folder",
        db_.path(), *version, kSchemaVersion));
  }
  if (*version > 0 && *app != kApplicationId) {
    return Status::Error(fmt::format("case store {}: an SQLite database, but not an unmask case store", db_.path()));
  }
  if (*version == 0) {
    Result<int64_t> tables = db_.QueryInt("SELECT count(*) FROM sqlite_master");
    if (!tables.ok()) return tables.status();
    if (*tables > 0) {
      return Status::Error(fmt::format("case store {}: an SQLite database, but not an unmask case store", db_.path()));
    }
  }
  Result<std::string> mode = db_.QueryText("PRAGMA journal_mode=WAL");
  if (!mode.ok()) return mode.status();
  if (Lower(*mode) != "wal") {
    return Status::Error(fmt::format("case store {}: cannot switch to write-ahead logging (journal mode is {})",
                                     db_.path(), *mode));
  }
  // Matching looks up every member, handle and picture of a run in the
  // store's indexes: map the file and keep a 64 MB cache rather than read
  // pages one system call at a time.
  UNMASK_RETURN_IF_ERROR(db_.Exec(
      "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA mmap_size=1073741824; PRAGMA cache_size=-65536"));
  if (*version == kSchemaVersion) return {};
  Result<sql::Transaction> tx = sql::Transaction::Begin(db_);
  if (!tx.ok()) return tx.status();
  // Another process may have created the schema while this one waited for the lock.
  Result<int64_t> again = db_.QueryInt("PRAGMA user_version");
  if (!again.ok()) return again.status();
  if (*again == kSchemaVersion) return tx->Commit();
  UNMASK_RETURN_IF_ERROR(db_.Exec(kSchema));
  UNMASK_RETURN_IF_ERROR(db_.Exec(fmt::format("PRAGMA application_id={}; PRAGMA user_version={}", kApplicationId,
                                              kSchemaVersion)));
  return tx->Commit();
}

Result<int64_t> CaseStore::CountRuns() { return db_.QueryInt("SELECT count(*) FROM runs"); }
Result<int64_t> CaseStore::CountCases() { return db_.QueryInt("SELECT count(*) FROM cases"); }

Result<int64_t> CaseStore::RecordRun(Report& report, const std::vector<NetworkPrint>& prints, const RunFacts& facts,
                                     const RecordHook& hook, const std::function<Status()>& match) {
  if (prints.size() != report.networks.size()) {
    return Status::Error(fmt::format("case store {}: {} network prints for {} networks", path(), prints.size(),
                                     report.networks.size()));
  }
  Result<sql::Transaction> tx = sql::Transaction::Begin(db_);
  if (!tx.ok()) return tx.status();
  Result<int64_t> earlier_runs = CountRuns();
  if (!earlier_runs.ok()) return earlier_runs.status();
  Result<int64_t> earlier_cases = CountCases();
  if (!earlier_cases.ok()) return earlier_cases.status();
  if (match) UNMASK_RETURN_IF_ERROR(match());
  const RunInfo& run = report.run;
  size_t takedown_networks = 0;
  for (const NetworkReport& n : report.networks) takedown_networks += n.takedown;
  Result<sql::Stmt> ins = db_.Prepare(
      "INSERT INTO runs(started_at, finished_at, version, inputs, settings, first_activity, last_activity, lines, "
      "actors, posts, relations, quarantined, networks, takedown_networks, takedown_members, report_dir) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!ins.ok()) return ins.status();
  ins->Bind(1, facts.started_at).Bind(2, Now()).Bind(3, run.version).Bind(4, Json(run.inputs).dump());
  ins->Bind(5, Json(run.settings).dump()).Bind(6, facts.first_activity).Bind(7, facts.last_activity);
  ins->Bind(8, static_cast<int64_t>(run.lines)).Bind(9, static_cast<int64_t>(run.actors));
  ins->Bind(10, static_cast<int64_t>(run.posts)).Bind(11, static_cast<int64_t>(run.relations));
  ins->Bind(12, static_cast<int64_t>(run.quarantined)).Bind(13, static_cast<int64_t>(report.networks.size()));
  ins->Bind(14, static_cast<int64_t>(takedown_networks)).Bind(15, static_cast<int64_t>(report.takedown_members));
  ins->Bind(16, facts.report_dir);
  UNMASK_RETURN_IF_ERROR(ins->Run());
  const int64_t run_id = db_.LastId();

  Result<sql::Stmt> open_case = db_.Prepare("INSERT INTO cases(opened_run, opened_at) VALUES(?, ?)");
  if (!open_case.ok()) return open_case.status();
  uint64_t continuations = 0;
  for (size_t i = 0; i < report.networks.size(); ++i) {
    NetworkReport& n = report.networks[i];
    if (!n.case_ref) n.case_ref = NetworkCaseRef{};
    if (n.case_ref->match && n.case_ref->match->continuation) {
      n.case_ref->case_id = n.case_ref->match->case_id;
      ++continuations;
    } else {
      open_case->Bind(1, run_id).Bind(2, Now());
      UNMASK_RETURN_IF_ERROR(open_case->Run());
      n.case_ref->case_id = db_.LastId();
    }
    UNMASK_RETURN_IF_ERROR(WriteNetwork(db_, run_id, n.case_ref->case_id, n, prints[i]));
    if (hook) UNMASK_RETURN_IF_ERROR(hook(i + 1));
  }
  UNMASK_RETURN_IF_ERROR(tx->Commit());
  report.case_store = Report::CaseStoreRef{path(), run_id, static_cast<uint64_t>(*earlier_runs),
                                           static_cast<uint64_t>(*earlier_cases), continuations};
  return run_id;
}

Result<std::vector<CaseSummary>> CaseStore::ListCases() {
  Result<sql::Stmt> q = db_.Prepare(R"sql(
    SELECT c.id, c.opened_at,
           (SELECT count(DISTINCT run_id) FROM networks WHERE case_id = c.id),
           n.run_id, n.label, n.takedown, n.members, coalesce(n.attributed, ''),
           (SELECT count(*) FROM (SELECT DISTINCT m.platform, m.actor_id FROM members m
                                  JOIN networks k ON k.id = m.network_id WHERE k.case_id = c.id)),
           coalesce(d.status, 'open'), coalesce(d.analyst, ''), coalesce(d.decided_at, '')
    FROM cases c
    JOIN networks n ON n.id = (SELECT max(id) FROM networks WHERE case_id = c.id)
    LEFT JOIN decisions d ON d.id = (SELECT max(id) FROM decisions WHERE case_id = c.id)
    ORDER BY c.id)sql");
  if (!q.ok()) return q.status();
  std::vector<CaseSummary> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    CaseSummary c;
    c.id = q->Int(0);
    c.opened_at = q->Text(1);
    c.runs = q->Int(2);
    c.last_run = q->Int(3);
    c.last_network = q->Text(4);
    c.takedown = q->Int(5) != 0;
    c.members = q->Int(6);
    c.attributed = q->Text(7);
    c.distinct_members = q->Int(8);
    c.status = q->Text(9);
    c.decided_by = q->Text(10);
    c.decided_at = q->Text(11);
    out.push_back(std::move(c));
  }
  return out;
}

Status CaseStore::Decide(int64_t case_id, const std::string& status, const std::string& analyst,
                         const std::string& note) {
  if (!IsCaseStatus(status)) {
    return Status::Error(fmt::format("case status must be open, confirmed, rejected or enforced (got \"{}\")", status));
  }
  if (analyst.empty()) return Status::Error("a decision needs the analyst's name (--by)");
  Result<int64_t> exists = db_.QueryInt(fmt::format("SELECT count(*) FROM cases WHERE id = {}", case_id));
  if (!exists.ok()) return exists.status();
  if (*exists == 0) return Status::Error(fmt::format("case store {}: there is no case {}", path(), case_id));
  Result<sql::Stmt> ins =
      db_.Prepare("INSERT INTO decisions(case_id, status, analyst, decided_at, note) VALUES(?,?,?,?,?)");
  if (!ins.ok()) return ins.status();
  ins->Bind(1, case_id).Bind(2, status).Bind(3, analyst).Bind(4, Now()).Bind(5, note);
  return ins->Run();
}

Result<std::string> CaseStore::IntegrityCheck() {
  Result<sql::Stmt> q = db_.Prepare("PRAGMA integrity_check");
  if (!q.ok()) return q.status();
  std::string out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out += (out.empty() ? "" : "\n") + q->Text(0);
  }
  return out;
}

}  // namespace unmask
