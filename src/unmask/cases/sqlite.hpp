#pragma once
// A thin RAII layer over the SQLite C API (Debian libsqlite3-dev): a
// connection and prepared statements whose errors come back as Status values
// naming the database file and what was being done.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "unmask/core/status.hpp"

namespace unmask::sql {

class Db;

/// A prepared statement. Bind indexes start at 1, column indexes at 0.
class Stmt {
 public:
  Stmt(Stmt&&) noexcept = default;
  Stmt& operator=(Stmt&&) noexcept = default;

  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, double v);
  Stmt& Bind(int i, std::string_view v);
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& BindBlob(int i, std::span<const uint32_t> v);
  Stmt& BindNull(int i);
  /// Runs one step: true when a row is ready, false when done; an error names the file and the statement.
  Result<bool> Step();
  /// Runs to completion (statements without rows), then resets for reuse.
  Status Run();
  void Reset();

  int64_t Int(int col) const { return sqlite3_column_int64(s_.get(), col); }
  double Real(int col) const { return sqlite3_column_double(s_.get(), col); }
  bool Null(int col) const { return sqlite3_column_type(s_.get(), col) == SQLITE_NULL; }
  std::string Text(int col) const;
  std::vector<uint32_t> Blob(int col) const;

 private:
  friend class Db;
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  Stmt(const Db* db, sqlite3_stmt* s, std::string sql) : db_(db), s_(s), sql_(std::move(sql)) {}
  const Db* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> s_;
  std::string sql_;
  int bind_error_ = SQLITE_OK;
};

/// One connection to a database file.
class Db {
 public:
  /// Opens (creating when `create`) the file; `busy_ms` is how long a write
  /// waits for another process's lock before failing.
  static Result<Db> Open(const std::string& path, bool create, int busy_ms);
  Db(Db&&) noexcept = default;
  Db& operator=(Db&&) noexcept = default;

  Status Exec(const std::string& sql);
  Result<Stmt> Prepare(const std::string& sql) const;
  /// The single value of a query such as "PRAGMA user_version".
  Result<int64_t> QueryInt(const std::string& sql) const;
  Result<std::string> QueryText(const std::string& sql) const;
  int64_t LastId() const { return sqlite3_last_insert_rowid(db_.get()); }
  const std::string& path() const { return path_; }
  /// "case store PATH: WHAT: sqlite's message", with a plain hint for a
  /// locked, corrupt or read-only file.
  Status Error(std::string_view what, int code) const;

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  std::unique_ptr<sqlite3, Closer> db_;
  std::string path_;
};

/// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed before Commit().
class Transaction {
 public:
  static Result<Transaction> Begin(Db& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Db* db) : db_(db) {}
  Db* db_;
};

}  // namespace unmask::sql
