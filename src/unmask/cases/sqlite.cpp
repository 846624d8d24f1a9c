#include "unmask/cases/sqlite.hpp"

#include <fmt/format.h>

#include <cstring>

namespace unmask::sql {

Stmt& Stmt::Bind(int i, int64_t v) {
  if (const int rc = sqlite3_bind_int64(s_.get(), i, v); rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}
Stmt& Stmt::Bind(int i, double v) {
  if (const int rc = sqlite3_bind_double(s_.get(), i, v); rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}
Stmt& Stmt::Bind(int i, std::string_view v) {
  const int rc = sqlite3_bind_text64(s_.get(), i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}
Stmt& Stmt::BindBlob(int i, std::span<const uint32_t> v) {
  const int rc = sqlite3_bind_blob64(s_.get(), i, v.data(), v.size_bytes(), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}
Stmt& Stmt::BindNull(int i) {
  if (const int rc = sqlite3_bind_null(s_.get(), i); rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}

Result<bool> Stmt::Step() {
  if (bind_error_ != SQLITE_OK) return db_->Error("binding a value of " + sql_, bind_error_);
  const int rc = sqlite3_step(s_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->Error(sql_.substr(0, sql_.find_first_of("(\n")), rc);
}

Status Stmt::Run() {
  Result<bool> r = Step();
  while (r.ok() && *r) r = Step();
  Reset();
  return r.status();
}

void Stmt::Reset() {
  sqlite3_reset(s_.get());
  sqlite3_clear_bindings(s_.get());
  bind_error_ = SQLITE_OK;
}

std::string Stmt::Text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_.get(), col));
  return p == nullptr ? std::string() : std::string(p, static_cast<size_t>(sqlite3_column_bytes(s_.get(), col)));
}

std::vector<uint32_t> Stmt::Blob(int col) const {
  const void* p = sqlite3_column_blob(s_.get(), col);
  const auto bytes = static_cast<size_t>(sqlite3_column_bytes(s_.get(), col));
  std::vector<uint32_t> out(bytes / sizeof(uint32_t));
  if (p != nullptr && !out.empty()) std::memcpy(out.data(), p, out.size() * sizeof(uint32_t));
  return out;
}

Result<Db> Db::Open(const std::string& path, bool create, int busy_ms) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw, path);
  if (rc != SQLITE_OK) return db.Error("cannot open", rc);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_ms);
  return db;
}

Status Db::Exec(const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) return Error(sql.substr(0, sql.find_first_of("(\n;")), rc);
  return {};
}

Result<Stmt> Db::Prepare(const std::string& sql) const {
  sqlite3_stmt* s = nullptr;
  const int rc = sqlite3_prepare_v2(db_.get(), sql.c_str(), static_cast<int>(sql.size()), &s, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(s);
    return Error("preparing " + sql.substr(0, sql.find_first_of("(\n")), rc);
  }
  return Stmt(this, s, sql);
}

Result<int64_t> Db::QueryInt(const std::string& sql) const {
  Result<Stmt> s = Prepare(sql);
  if (!s.ok()) return s.status();
  Result<bool> row = s->Step();
  if (!row.ok()) return row.status();
  return *row ? s->Int(0) : int64_t{0};
}

Result<std::string> Db::QueryText(const std::string& sql) const {
  Result<Stmt> s = Prepare(sql);
  if (!s.ok()) return s.status();
  Result<bool> row = s->Step();
  if (!row.ok()) return row.status();
  return *row ? s->Text(0) : std::string();
}

Status Db::Error(std::string_view what, int code) const {
  const char* detail = db_ ? sqlite3_errmsg(db_.get()) : sqlite3_errstr(code);
  std::string hint;
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: hint = " (another unmask process is writing to it; try again when it has finished)"; break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: hint = " (the file is damaged or is not an unmask case store)"; break;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM: hint = " (check that the folder exists and is writable)"; break;
    default: break;
  }
  return Status::Error(fmt::format("case store {}: {}: {}{}", path_, what, detail, hint));
}

Result<Transaction> Transaction::Begin(Db& db) {
  UNMASK_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  Db* db = db_;
  db_ = nullptr;
  return db->Exec("COMMIT");
}

}  // namespace unmask::sql
