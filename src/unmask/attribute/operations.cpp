#include "unmask/attribute/operations.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace unmask {
namespace {

using Json = nlohmann::json;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Status FieldError(const std::string& path, std::string_view field, std::string_view what) {
  return Status::Error(fmt::format("{}: field \"{}\": {}", path, field, what));
}

// A required string field.
Status ReadString(const Json& j, const std::string& path, const char* field, std::string& out, bool required) {
  if (!j.contains(field)) return required ? FieldError(path, field, "missing") : Status();
  if (!j[field].is_string()) return FieldError(path, field, "must be a string");
  out = j[field].get<std::string>();
  if (required && out.empty()) return FieldError(path, field, "must not be empty");
  return Status();
}

Status ReadStrings(const Json& j, const std::string& path, const char* field, std::vector<std::string>& out,
                   bool lower) {
  if (!j.contains(field)) return Status();
  if (!j[field].is_array()) return FieldError(path, field, "must be an array of strings");
  for (const Json& v : j[field]) {
    if (!v.is_string()) return FieldError(path, field, "must be an array of strings");
    out.push_back(lower ? Lower(v.get<std::string>()) : v.get<std::string>());
  }
  return Status();
}

Status ReadSchedule(const Json& j, const std::string& path, KnownOperation& op) {
  if (!j.contains("schedule")) return Status();
  const Json& s = j["schedule"];
  if (!s.is_object()) return FieldError(path, "schedule", "must be an object");
  if (s.contains("utc_offset") && !s["utc_offset"].is_null()) {
    if (!s["utc_offset"].is_number_integer()) return FieldError(path, "schedule.utc_offset", "must be a whole number of hours or null");
    const int offset = s["utc_offset"].get<int>();
    if (offset < -12 || offset > 14) return FieldError(path, "schedule.utc_offset", "must be in -12..14");
    op.utc_offset = offset;
  }
  for (const char* flag : {"office_hours", "round_the_clock"}) {
    if (s.contains(flag) && !s[flag].is_boolean()) return FieldError(path, std::string("schedule.") + flag, "must be true or false");
  }
  op.office_hours = s.value("office_hours", false);
  op.round_the_clock = s.value("round_the_clock", false);
  return Status();
}

Status ReadTechniques(const Json& j, const std::string& path, KnownOperation& op) {
  if (!j.contains("techniques")) return Status();
  if (!j["techniques"].is_array()) return FieldError(path, "techniques", "must be an array");
  for (const Json& t : j["techniques"]) {
    if (!t.is_object() || !t.contains("id") || !t["id"].is_string())
      return FieldError(path, "techniques", "each entry needs a string \"id\"");
    const std::string id = t["id"].get<std::string>();
    if (id.size() < 5 || id[0] != 'T') return FieldError(path, "techniques", fmt::format("\"{}\" is not a DISARM technique id", id));
    op.techniques.push_back({id, t.value("name", "")});
  }
  return Status();
}

Status ReadSources(const Json& j, const std::string& path, KnownOperation& op) {
  if (!j.contains("sources") || !j["sources"].is_array() || j["sources"].empty())
    return FieldError(path, "sources", "at least one source is required");
  for (const Json& s : j["sources"]) {
    if (!s.is_object() || !s.contains("title") || !s["title"].is_string())
      return FieldError(path, "sources", "each source needs a string \"title\"");
    op.sources.push_back({s.value("publisher", ""), s["title"].get<std::string>(), s.value("date", ""), s.value("note", "")});
  }
  return Status();
}

Status ReadNumbers(const Json& j, const std::string& path, KnownOperation& op) {
  if (j.contains("min_platforms")) {
    if (!j["min_platforms"].is_number_integer() || j["min_platforms"].get<int>() < 1)
      return FieldError(path, "min_platforms", "must be a whole number from 1");
    op.min_platforms = j["min_platforms"].get<int>();
  }
  if (j.contains("theme_share")) {
    if (!j["theme_share"].is_number() || j["theme_share"].get<double>() <= 0 || j["theme_share"].get<double>() > 1)
      return FieldError(path, "theme_share", "must be a number in (0, 1]");
    op.theme_share = j["theme_share"].get<double>();
  }
  return Status();
}

}  // namespace

Result<KnownOperation> ReadOperation(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::Error(fmt::format("{}: cannot open", path));
  std::stringstream text;
  text << in.rdbuf();
  Json j;
  try {
    j = Json::parse(text.str());
  } catch (const Json::parse_error& e) {
    return Status::Error(fmt::format("{}: not valid JSON: {}", path, e.what()));
  }
  if (!j.is_object()) return Status::Error(fmt::format("{}: must hold one JSON object", path));
  if (j.value("format", "") != "unmask-operation/1") return FieldError(path, "format", "must be \"unmask-operation/1\"");
  KnownOperation op;
  op.file = path;
  UNMASK_RETURN_IF_ERROR(ReadString(j, path, "id", op.id, true));
  UNMASK_RETURN_IF_ERROR(ReadString(j, path, "name", op.name, true));
  UNMASK_RETURN_IF_ERROR(ReadString(j, path, "attributed_to", op.attributed_to, false));
  UNMASK_RETURN_IF_ERROR(ReadString(j, path, "summary", op.summary, false));
  UNMASK_RETURN_IF_ERROR(ReadStrings(j, path, "aliases", op.aliases, false));
  UNMASK_RETURN_IF_ERROR(ReadStrings(j, path, "languages", op.languages, true));
  UNMASK_RETURN_IF_ERROR(ReadStrings(j, path, "key_terms", op.key_terms, true));
  UNMASK_RETURN_IF_ERROR(ReadStrings(j, path, "hashtags", op.hashtags, true));
  UNMASK_RETURN_IF_ERROR(ReadStrings(j, path, "targets", op.targets, false));
  UNMASK_RETURN_IF_ERROR(ReadStrings(j, path, "traits", op.traits, false));
  UNMASK_RETURN_IF_ERROR(ReadStrings(j, path, "platforms", op.platforms, true));
  UNMASK_RETURN_IF_ERROR(ReadStrings(j, path, "domains", op.domains, true));
  UNMASK_RETURN_IF_ERROR(ReadSchedule(j, path, op));
  UNMASK_RETURN_IF_ERROR(ReadNumbers(j, path, op));
  UNMASK_RETURN_IF_ERROR(ReadTechniques(j, path, op));
  UNMASK_RETURN_IF_ERROR(ReadSources(j, path, op));
  for (std::string& d : op.domains) {
    if (d.starts_with("www.")) d.erase(0, 4);
  }
  return op;
}

Result<std::vector<KnownOperation>> LoadOperations(const std::string& dir) {
  std::error_code error;
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path().string());
  }
  if (error) return Status::Error(fmt::format("operations library {}: {}", dir, error.message()));
  if (files.empty()) return Status::Error(fmt::format("operations library {}: no .json files", dir));
  std::sort(files.begin(), files.end());
  std::vector<KnownOperation> ops;
  for (const std::string& file : files) {
    Result<KnownOperation> op = ReadOperation(file);
    if (!op.ok()) return op.status();
    for (const KnownOperation& other : ops) {
      if (other.id == op->id) return FieldError(file, "id", fmt::format("\"{}\" is also the id in {}", op->id, other.file));
    }
    ops.push_back(std::move(*op));
  }
  return ops;
}

std::string DefaultOperationsDir() {
  if (const char* env = std::getenv("UNMASK_OPERATIONS_DIR"); env && *env) return env;
  return UNMASK_OPERATIONS_DEFAULT;
}

}  // namespace unmask
