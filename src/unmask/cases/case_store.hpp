#pragma once
// The case store: an embedded SQLite database (one file, cases.sqlite, in a
// folder the analyst picks) that keeps every run (inputs, time, options,
// counts), its networks with their members, verdicts, indicators, evidence
// and attribution, the fingerprints later runs need to recognise them
// (continuation.hpp), and the analysts' decisions on each case. A case is
// one operation followed over time: a network found in a run either continues
// an earlier case or opens a new one.
//
// Crash safety: the file is in WAL mode and each run is written in one
// transaction, so a run that is interrupted (killed, out of disk, failed)
// leaves the store as it was before it. The schema is versioned with
// PRAGMA user_version; a file written by a newer unmask is refused.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "unmask/cases/sqlite.hpp"
#include "unmask/core/status.hpp"
#include "unmask/report/report.hpp"

namespace unmask {

/// What continuation matching needs of a network beyond the report: the rare
/// profile pictures and infrastructure values its members hold and MinHash
/// signatures of its most repeated messages (continuation.hpp builds it).
struct TextPrint {
  std::string text;
  uint64_t copies = 0;
  std::vector<uint32_t> signature;
};
struct NetworkPrint {
  std::vector<std::string> avatars, infra;  ///< sorted, distinct
  /// Aligned with avatars / infra: which members (indexes into the report's
  /// members) hold each value. Not stored; matching uses it so that a
  /// returning member's own picture is not counted again as a shared one.
  /// Empty: unknown (every value counts).
  std::vector<std::vector<uint32_t>> avatar_holders, infra_holders;
  std::vector<TextPrint> texts;
};

/// Facts about the run the report does not hold.
struct RunFacts {
  std::string started_at;                       ///< ISO time the scan began
  std::string first_activity, last_activity;    ///< the data's time span
  std::string report_dir;
};

/// One row of `unmask case list`.
struct CaseSummary {
  int64_t id = 0;
  std::string opened_at;
  int64_t runs = 0;            ///< runs it was seen in
  int64_t last_run = 0;
  std::string last_network;    ///< its network id in the last run
  bool takedown = false;       ///< the verdict in the last run
  int64_t members = 0;         ///< in the last run
  int64_t distinct_members = 0;  ///< over all runs
  std::string attributed;      ///< operation named in the last run ("" when none)
  std::string status = "open"; ///< latest decision
  std::string decided_by, decided_at;
};

struct CaseStoreOptions {
  int busy_ms = 30000;  ///< how long to wait for another process's write lock
};

/// Called after each network is written inside the run's transaction (tests
/// use it to fail or kill a run half way); an error rolls the run back.
using RecordHook = std::function<Status(size_t networks_written)>;

class CaseStore {
 public:
  static constexpr int kSchemaVersion = 1;
  static constexpr const char* kFileName = "cases.sqlite";

  /// DIR/cases.sqlite.
  static std::string FileIn(const std::string& dir);
  /// Opens the store at `path`, creating the file and its tables when
  /// missing. Fails, naming the file, when it is locked, damaged, not an
  /// unmask case store, or written by a newer unmask.
  static Result<CaseStore> Open(const std::string& path, const CaseStoreOptions& options = {});
  /// Same, but the file must already exist (for `unmask case ...`).
  static Result<CaseStore> OpenExisting(const std::string& path, const CaseStoreOptions& options = {});

  const std::string& path() const { return db_.path(); }
  sql::Db& db() { return db_; }

  Result<int64_t> CountRuns();
  Result<int64_t> CountCases();

  /// Writes the run, its networks (report.networks, with case_ref filled by
  /// MatchContinuations: a continuation joins its case, any other network
  /// opens one) and their prints (aligned with report.networks) in one
  /// transaction. Sets report.case_store and each network's case id. Returns
  /// the run's number. `match` (MatchContinuations), when given, runs inside
  /// the transaction before anything is written, so that no run recorded by
  /// another process in between is missed.
  Result<int64_t> RecordRun(Report& report, const std::vector<NetworkPrint>& prints, const RunFacts& facts,
                            const RecordHook& hook = {}, const std::function<Status()>& match = {});

  Result<std::vector<CaseSummary>> ListCases();
  /// Plain text for `unmask case show`: the case's decisions, then every
  /// network recorded under it (run, verdict, counts, attribution,
  /// indicators, continuation evidence, a few members).
  Result<std::string> DescribeCase(int64_t case_id, size_t members_listed = 20);
  /// Plain text for `unmask case runs`.
  Result<std::string> DescribeRuns();
  /// Records an analyst's decision ("open", "confirmed", "rejected",
  /// "enforced") on a case, with who, when (now) and an optional note.
  Status Decide(int64_t case_id, const std::string& status, const std::string& analyst, const std::string& note);
  /// PRAGMA integrity_check: "ok" or SQLite's list of problems.
  Result<std::string> IntegrityCheck();

 private:
  explicit CaseStore(sql::Db db) : db_(std::move(db)) {}
  static Result<CaseStore> OpenFile(const std::string& path, bool create, const CaseStoreOptions& options);
  Status Migrate();
  sql::Db db_;
};

/// The statuses a decision can set.
bool IsCaseStatus(const std::string& status);

}  // namespace unmask
