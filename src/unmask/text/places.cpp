#include "unmask/text/places.hpp"

#include <geonames.h>
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
#include <unordered_map>
#include <vector>

namespace unmask {
namespace {

constexpr int kAmbiguous = 1 << 30;
constexpr int kCountrySpread = 120;  // a country's zones must agree within this many minutes
constexpr uint64_t kDominance = 10;  // a city stands for its name with this many times any far namesake's people

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
  AddCities();
}

namespace {

// Names one place's offset; a name two places more than kCountrySpread apart
// share becomes ambiguous.
void AddOffset(std::unordered_map<std::string, int>& offsets, const std::string& name, int minutes) {
  if (name.size() < 2) return;
  auto [it, inserted] = offsets.emplace(name, minutes);
  if (!inserted && it->second != minutes && std::abs(it->second - minutes) > kCountrySpread) it->second = kAmbiguous;
}

// The standard-time offset of an IANA zone id, nullopt when ICU does not know it.
std::optional<int> ZoneMinutes(const char* id) {
  if (id == nullptr || *id == 0) return std::nullopt;
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(id)));
  icu::UnicodeString found;
  zone->getID(found);
  if (found == UNICODE_STRING_SIMPLE("Etc/Unknown")) return std::nullopt;
  return zone->getRawOffset() / 60000;
}

}  // namespace

void Gazetteer::AddCities() {
  struct Namesake {
    int minutes;
    uint64_t population;
  };
  std::unordered_map<std::string, std::vector<Namesake>> by_name;
  std::unordered_map<std::string, int> qualified;
  std::unordered_map<std::string, std::optional<int>> zones;
  const int cities = geonames_get_n_cities();
  for (int i = 0; i < cities; ++i) {
    GeonamesCity* city = geonames_get_city(i);
    if (city == nullptr) continue;
    const char* zone = geonames_city_get_timezone(city);
    auto [cached, fresh] = zones.try_emplace(zone != nullptr ? zone : "");
    if (fresh) cached->second = ZoneMinutes(zone);
    const std::string name = geonames_city_get_name(city) != nullptr ? geonames_city_get_name(city) : "";
    if (cached->second && !name.empty()) {
      by_name[FoldPlaceName(name)].push_back({*cached->second, geonames_city_get_population(city)});
      for (const char* where : {geonames_city_get_state(city), geonames_city_get_country(city)}) {
        if (where == nullptr || *where == 0) continue;
        AddOffset(qualified, FoldPlaceName(name + ", " + where), *cached->second);
      }
    }
    geonames_city_free(city);
  }
  for (auto& [name, namesakes] : by_name) {
    std::sort(namesakes.begin(), namesakes.end(),
              [](const Namesake& x, const Namesake& y) { return x.population > y.population; });
    const Namesake& top = namesakes.front();
    const bool stands = std::all_of(namesakes.begin() + 1, namesakes.end(), [&](const Namesake& other) {
      return std::abs(other.minutes - top.minutes) <= kCountrySpread || top.population >= kDominance * other.population;
    });
    if (name.size() >= 2) offset_.try_emplace(name, stands ? top.minutes : kAmbiguous);
  }
  for (const auto& [name, minutes] : qualified) offset_.try_emplace(name, minutes);
}

void Gazetteer::Add(const std::string& name, int minutes) { AddOffset(offset_, name, minutes); }

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
