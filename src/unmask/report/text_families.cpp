// Text families in the report: per network, its most repeated messages.
#include <fmt/format.h>

#include <algorithm>

#include "unmask/core/time.hpp"
#include "unmask/report/report.hpp"

namespace unmask {
namespace {

std::string Shorten(std::string_view text, size_t bytes) {
  if (text.size() <= bytes) return std::string(text);
  size_t cut = bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
  return std::string(text.substr(0, cut)) + "…";
}

TextFamilyRef MakeFamilyRef(const Store& store, const FamilySummary& s) {
  const PostTable& posts = store.posts();
  const PostId p = s.representative;
  TextFamilyRef r;
  r.representative = {std::string(store.PlatformName(posts.platform[p])), std::string(store.Str(posts.ext_id[p])),
                      std::string(store.Str(store.actors().ext_id[posts.actor[p]])), FormatIso(posts.time[p]),
                      Shorten(store.Str(posts.text[p]), 280)};
  r.copies = s.copies;
  r.variants = s.variants;
  r.actors = s.actors;
  for (PlatformId platform : s.platforms) r.platforms.emplace_back(store.PlatformName(platform));
  std::sort(r.platforms.begin(), r.platforms.end());
  for (StrId lang : s.languages) r.languages.emplace_back(store.Str(lang));
  r.first = s.first == kNoTime ? "" : FormatIso(s.first);
  r.last = s.last == kNoTime ? "" : FormatIso(s.last);
  r.total_copies = s.total_copies;
  r.total_actors = s.total_actors;
  return r;
}

}  // namespace

void AddTextFamilies(const Store& store, const TextFamilies& families, const std::vector<Network>& networks,
                     size_t limit, Report& report) {
  if (store.posts().text_family.size() != store.posts().size()) return;
  for (size_t i = 0; i < networks.size() && i < report.networks.size(); ++i) {
    NetworkReport& net = report.networks[i];
    net.text_families.clear();
    for (const FamilySummary& s : SummarizeFamilies(store, families, networks[i].members, limit)) {
      net.text_families.push_back(MakeFamilyRef(store, s));
    }
  }
}

}  // namespace unmask
