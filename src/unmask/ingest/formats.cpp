#include "unmask/ingest/activity_jsonl.hpp"
#include "unmask/ingest/format.hpp"

namespace unmask {

std::span<const Format* const> Formats() {
  // One entry per input format; add adapters here.
  static const Format* const kFormats[] = {
      &ActivityJsonlFormat(),
  };
  return kFormats;
}

const Format& DetectFormat(std::string_view path, std::string_view head) {
  const Format* best = Formats().front();
  int best_score = 0;
  for (const Format* format : Formats()) {
    const int score = format->Sniff(path, head);
    if (score > best_score) {
      best = format;
      best_score = score;
    }
  }
  return *best;
}

}  // namespace unmask
