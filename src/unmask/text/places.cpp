#include "unmask/text/places.hpp"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

namespace unmask {
namespace {

constexpr int kAmbiguous = 1 << 30;
constexpr int kCountrySpread = 120;  // a country's zones must agree within this many minutes

// Languages whose place names profiles are most often written in.
constexpr const char* kLocales[] = {"en", "es", "pt", "fr", "de", "it", "nl", "pl", "ru", "uk", "tr", "ar", "fa",
                                    "hi", "id", "vi", "th", "ja", "ko", "zh", "zh_Hant"};

std::string Utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

}  // namespace

std::string FoldPlaceName(std::string_view name) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return {};
  icu::UnicodeString decomposed = nfd->normalize(icu::UnicodeString::fromUTF8(name), status);
  if (U_FAILURE(status)) return {};
  icu::UnicodeString kept;
  bool space = false;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;  // accents
    if (u_isalnum(c)) {
      if (space && kept.length() > 0) kept.append(static_cast<UChar32>(' '));
      space = false;
      kept.append(u_foldCase(c, U_FOLD_CASE_DEFAULT));
    } else {
      space = true;
    }
  }
  return Utf8(kept);
}

Gazetteer::Gazetteer() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::StringEnumeration> zones(
      icu::TimeZone::createTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION, nullptr, nullptr, status));
  if (U_FAILURE(status)) return;
  std::vector<std::pair<icu::UnicodeString, int>> zone_offsets;
  std::map<std::string, std::vector<int>> country_offsets;
  for (const icu::UnicodeString* id = zones->snext(status); id != nullptr && U_SUCCESS(status);
       id = zones->snext(status)) {
    std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(*id));
    const int minutes = zone->getRawOffset() / 60000;
    zone_offsets.emplace_back(*id, minutes);
    char region[8] = {};
    UErrorCode region_status = U_ZERO_ERROR;
    icu::TimeZone::getRegion(*id, region, sizeof region, region_status);
    if (U_SUCCESS(region_status) && std::string_view(region) != "001") country_offsets[region].push_back(minutes);
  }
  for (const char* locale_name : kLocales) {
    const icu::Locale locale(locale_name);
    UErrorCode names_status = U_ZERO_ERROR;
    std::unique_ptr<icu::TimeZoneNames> names(icu::TimeZoneNames::createInstance(locale, names_status));
    if (U_FAILURE(names_status)) continue;
    for (const auto& [id, minutes] : zone_offsets) {
      icu::UnicodeString city;
      names->getExemplarLocationName(id, city);
      if (city.length() > 0) Add(FoldPlaceName(Utf8(city)), minutes);
    }
    for (auto& [region, offsets] : country_offsets) {
      std::sort(offsets.begin(), offsets.end());
      if (offsets.back() - offsets.front() > kCountrySpread) continue;  // the United States, Russia ...
      icu::UnicodeString country;
      icu::Locale("und", region.c_str()).getDisplayCountry(locale, country);
      if (country.length() > 0 && Utf8(country) != region) Add(FoldPlaceName(Utf8(country)), offsets[offsets.size() / 2]);
    }
  }
}

void Gazetteer::Add(const std::string& name, int minutes) {
  if (name.size() < 2) return;
  auto [it, inserted] = offset_.emplace(name, minutes);
  if (!inserted && it->second != minutes && std::abs(it->second - minutes) > kCountrySpread) it->second = kAmbiguous;
}

const Gazetteer& Gazetteer::Shared() {
  static const Gazetteer gazetteer;
  return gazetteer;
}

std::optional<int> Gazetteer::OffsetMinutes(std::string_view location) const {
  auto find = [&](std::string_view text) -> std::optional<int> {
    const auto it = offset_.find(FoldPlaceName(text));
    if (it == offset_.end() || it->second == kAmbiguous) return std::nullopt;
    return it->second;
  };
  if (auto whole = find(location)) return whole;
  size_t begin = 0;
  while (begin < location.size()) {
    const size_t end = std::min(location.find_first_of(",/|;", begin), location.size());
    if (auto part = find(location.substr(begin, end - begin))) return part;
    begin = end + 1;
  }
  return std::nullopt;
}

}  // namespace unmask
