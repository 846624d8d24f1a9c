#pragma once
// Text, names and profile material for the simulated world. Everything is
// drawn from word lists and templates with enough combinations that unrelated
// people rarely write the same sentence.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "unmask/sim/rng.hpp"

namespace unmask::sim {

enum Lang : uint8_t { kEn, kZh, kJa, kEs, kDe, kFr, kPt, kRu, kKo, kLangCount };
std::string_view LangCode(int lang);

/// A piece of text with the entities it carries.
struct TextOut {
  std::string text;
  std::vector<std::string> hashtags;
  std::vector<std::string> urls;
  std::vector<std::string> mentions;
  int lang = kEn;
  void Clear() {
    text.clear();
    hashtags.clear();
    urls.clear();
    mentions.clear();
    lang = kEn;
  }
  /// Appends " #tag" to the text and records it.
  void AddHashtag(std::string_view tag);
  void AddUrl(std::string_view url);
  void AddMention(std::string_view handle);
};

// --- people -----------------------------------------------------------------
struct PersonName {
  std::string display;  ///< as shown ("王伟", "Emma Müller")
  std::string first;    ///< latin, lower case, for handles
  std::string last;
};
PersonName MakePersonName(Rng& rng, int lang);
/// A handle for an ordinary person (style varies: name, name+year, words ...).
std::string OrdinaryHandle(Rng& rng, const PersonName& name);
/// A handle for a mass-produced account (name + long digits, random strings).
std::string FakeHandle(Rng& rng, const PersonName& name);
std::string Bio(Rng& rng, int lang, std::string_view city);
std::string OpBio(Rng& rng, int lang);

struct Place {
  const char* city;
  int tz_minutes;  ///< standard offset from UTC
  int lang;        ///< main language
  int region;      ///< 0 Americas, 1 Europe, 2 Asia, 3 Oceania
};
const std::vector<Place>& Places();

// --- texts ------------------------------------------------------------------
void PersonalPost(Rng& rng, int lang, TextOut& out);
void ShortReaction(Rng& rng, int lang, TextOut& out);
void Comment(Rng& rng, int lang, TextOut& out);
/// The headline of a story; the same story id always gives the same text.
std::string Headline(uint64_t story, int lang);
std::string Slug(std::string_view text, uint64_t salt);
void FanComment(Rng& rng, int lang, TextOut& out);
void FarmComment(Rng& rng, TextOut& out);
/// Activists of campaign `campaign`; `slogan` posts the agreed text verbatim.
void ActivistText(Rng& rng, int lang, int campaign, bool slogan, std::string_view city, TextOut& out);
std::vector<std::string> CampaignHashtags(int campaign);
std::string CampaignName(int campaign);

int OpTemplateCount();
/// The wordings (letters and digits, case-folded) of the copies made so far.
using CopySet = std::unordered_set<std::string>;
/// A copy of spamouflage template `tmpl` with small edits (synonyms, emoji,
/// typo, traditional characters, appended hashtags). With `distinct`, two or three
/// more small edits (letters dropped, doubled or swapped; filler characters
/// inserted in Chinese), made again until the wording is not in `distinct`
/// yet: no two copies are word for word the same.
void OpText(Rng& rng, int tmpl, TextOut& out, CopySet* distinct = nullptr);
/// Short approving comment by a spamouflage account on its fellows' posts.
void OpComment(Rng& rng, int lang, TextOut& out);
/// A video title; with `distinct`, two small edits as in OpText.
std::string OpVideoTitle(Rng& rng, CopySet* distinct = nullptr);

/// Persona narrative text (own words, same theme) for narrative wave `wave`.
void PersonaText(Rng& rng, int wave, TextOut& out);
std::string PersonaArticleTitle(int wave);

std::string RandomHex(Rng& rng, int chars);
std::string RandomAlnum(Rng& rng, int chars);

}  // namespace unmask::sim
