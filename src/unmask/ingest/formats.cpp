#include <fmt/format.h>

#include <filesystem>

#include "unmask/ingest/activity_jsonl.hpp"
#include "unmask/ingest/format.hpp"
#include "unmask/ingest/mapping.hpp"
#include "unmask/ingest/telegram_json.hpp"
#include "unmask/ingest/twarc2_jsonl.hpp"
#include "unmask/ingest/values.hpp"

namespace unmask {
namespace {

std::string FirstLine(std::string_view head) {
  head = head.substr(0, head.find('\n'));
  return Snippet(head);
}

}  // namespace

std::span<const Format* const> Formats() {
  // One entry per input format: the native format, the code adapters, then
  // the compiled-in mapping files.
  static const std::vector<const Format*> formats = [] {
    std::vector<const Format*> out = {&ActivityJsonlFormat(), &TelegramJsonFormat(), &Twarc2JsonlFormat()};
    for (const Format* mapping : BuiltinMappings()) out.push_back(mapping);
    return out;
  }();
  return formats;
}

FormatSet::FormatSet() : all_(Formats().begin(), Formats().end()) {}

Status FormatSet::AddMappingFile(const std::string& path) {
  auto loaded = LoadMappingFile(path);
  if (!loaded.ok()) return loaded.status();
  for (const Format* known : all_) {
    if (known->name() == (*loaded)->name()) {
      return Status::Error(fmt::format("mapping file {}: format name \"{}\" is already taken; choose another",
                                       path, known->name()));
    }
  }
  all_.push_back(loaded->get());
  owned_.push_back(std::move(*loaded));
  return {};
}

Result<const Format*> FormatSet::Find(std::string_view name) {
  for (const Format* format : all_) {
    if (format->name() == name) return format;
  }
  std::error_code ignored;
  if (name.ends_with(".json") && std::filesystem::is_regular_file(std::string(name), ignored)) {
    UNMASK_RETURN_IF_ERROR(AddMappingFile(std::string(name)));
    return all_.back();
  }
  std::vector<std::string_view> names;
  for (const Format* format : all_) names.push_back(format->name());
  return Status::Error(fmt::format("unknown format \"{}\" (known: {}; or the path of a mapping file)", name,
                                   fmt::join(names, ", ")));
}

Result<const Format*> FormatSet::Detect(std::string_view path, std::string_view head) const {
  int best_score = 0;
  std::vector<const Format*> best;
  for (const Format* format : all_) {
    const int score = format->Sniff(path, head);
    if (score > best_score) {
      best_score = score;
      best = {format};
    } else if (score == best_score && score > 0) {
      best.push_back(format);
    }
  }
  if (best.size() == 1) return best.front();
  if (best.size() > 1) {
    std::vector<std::string_view> names;
    for (const Format* format : best) names.push_back(format->name());
    return Status::Error(fmt::format("{}: the format is ambiguous: it could be {}; say which with --format",
                                     path, fmt::join(names, " or ")));
  }
  std::vector<std::string_view> names;
  for (const Format* format : all_) names.push_back(format->name());
  return Status::Error(fmt::format(
      "{}: no known format recognises this file (it starts {}); known formats: {}. Give --format, or describe "
      "the file with a mapping file (docs/formats/mapping.md) and pass --mapping",
      path, FirstLine(head), fmt::join(names, ", ")));
}

Result<const Format*> DetectFormat(std::string_view path, std::string_view head) {
  static const FormatSet builtin;
  return builtin.Detect(path, head);
}

}  // namespace unmask
