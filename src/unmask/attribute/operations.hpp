#pragma once
// The known-operations library: one JSON file per operation in operations/
// (docs/attribution.md describes the fields), read into KnownOperation.
#include <optional>
#include <string>
#include <vector>

#include "unmask/core/status.hpp"

namespace unmask {

/// A DISARM Red Framework technique: "T0007", "Create Inauthentic Social Media Pages and Groups".
struct Technique {
  std::string id, name;
};

struct OperationSource {
  std::string publisher, title, date, note;
};

struct KnownOperation {
  std::string file;  ///< where it was read from
  std::string id, name, attributed_to, summary;
  std::vector<std::string> aliases;
  std::vector<std::string> languages;   ///< ISO 639-1 codes
  std::vector<std::string> key_terms;   ///< lower case; matched as words (spaced scripts) or substrings (CJK)
  std::vector<std::string> hashtags;    ///< lower case, without '#'
  std::vector<std::string> targets;
  std::optional<int> utc_offset;        ///< where the operators sit, when reporting says
  bool office_hours = false;            ///< weekday working hours
  bool round_the_clock = false;
  std::vector<std::string> traits;      ///< fingerprint names (TraitName) its accounts are reported to show
  std::vector<std::string> platforms;
  int min_platforms = 1;                ///< it is known to run on at least this many platforms at once
  double theme_share = 0.25;            ///< share of posts on its themes that counts as a full match
  std::vector<std::string> domains;     ///< lower case, without "www."
  std::vector<Technique> techniques;
  std::vector<OperationSource> sources;
};

/// Reads one operation file; errors name the file and the field.
Result<KnownOperation> ReadOperation(const std::string& path);

/// Reads every *.json file of a folder, sorted by file name. An empty or
/// missing folder is an error (attribution without a library means nothing).
Result<std::vector<KnownOperation>> LoadOperations(const std::string& dir);

/// The folder of the library shipped with the sources ("<source dir>/operations"),
/// or the one named by UNMASK_OPERATIONS_DIR when that is set.
std::string DefaultOperationsDir();

}  // namespace unmask
