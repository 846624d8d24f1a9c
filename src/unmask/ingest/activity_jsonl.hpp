#pragma once
// The native activity format (docs: shared/spec/activity-format.md): one JSON
// object per line, "kind" = actor | post | relation.
//
// Leniencies, on purpose:
//  - ids (`id`, `actor`, `parent`, `in`, `from`, `to`) may be JSON integers;
//    they are taken as their decimal text. The spec says strings, but many
//    exports write numeric ids, and "123" and 123 mean the same account.
//  - `null` for a field means the field is absent (exports often write
//    "bio": null); a required field that is null is reported as missing.
//  - a timestamp string of digits is read as epoch seconds (ParseTimestamp).
//  - empty strings inside urls/hashtags/mentions/media/infra are dropped.
// Strictness, also on purpose: the whole line must be valid JSON (simdjson's
// DOM parser validates every value, even of fields we ignore); an integer
// epoch larger than 1e11 is rejected as a probable millisecond value.
#include <memory>
#include <string>
#include <string_view>

#include "unmask/ingest/format.hpp"
#include "unmask/store/store.hpp"

namespace unmask {

/// What one line turned out to be.
enum class LineOutcome : uint8_t { kBlank, kActor, kPost, kRelation, kBad };

/// Parses lines of the activity format and adds them to a Store. Reuses its
/// buffers and JSON parser across lines: after warm-up, a line costs no heap
/// allocation besides what the Store does. Not thread-safe; use one per thread.
class ActivityJsonlParser {
 public:
  ActivityJsonlParser();
  ~ActivityJsonlParser();
  ActivityJsonlParser(const ActivityJsonlParser&) = delete;
  ActivityJsonlParser& operator=(const ActivityJsonlParser&) = delete;

  /// Parses `line` (without its newline) and, when it is a valid record, adds
  /// it to `store`. Whitespace-only lines are kBlank. On kBad, nothing was
  /// added and category() / reason() say why (valid until the next call).
  /// O(line length) plus the Store's insertion cost.
  LineOutcome Parse(std::string_view line, Store& store);

  /// The first half of Parse: parses and checks `line` without touching a
  /// store. On kActor, kPost or kRelation the record is in actor(), post()
  /// or relation() (views into the parser's buffers, valid until the next
  /// call); AddRecord adds it. Checks that need the store (duplicate ids)
  /// are AddRecord's.
  LineOutcome Read(std::string_view line);
  const ActorRecord& actor() const;
  const PostRecord& post() const;
  const RelationRecord& relation() const;

  /// One of the bad_line::k* names.
  std::string_view category() const;
  /// E.g. `field "time": expected ISO 8601 timestamp with zone or epoch seconds, got "yesterday"`.
  const std::string& reason() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The second half of ActivityJsonlParser::Parse: adds the record of a line
/// read as `outcome` (the one of actor, post, relation it names; nothing for
/// kBlank and kBad) to `store`. False when the store already holds it (a
/// duplicate id, category bad_line::kDuplicateId): then `reason` says so.
/// `prepared`, when given, is what Store::Prepare learnt about the record.
bool AddRecord(LineOutcome outcome, const ActorRecord& actor, const PostRecord& post,
               const RelationRecord& relation, Store& store, std::string& reason,
               const PreparedRecord* prepared = nullptr);

/// The Format entry for the activity JSONL format.
const Format& ActivityJsonlFormat();

}  // namespace unmask
