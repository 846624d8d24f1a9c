#pragma once
// Declared places: the time zone of the place a profile says it is in
// ("New York, NY", "Москва", "台北", "Lyon, France"), so that where an
// account claims to live can be compared with the hours it keeps.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace unmask {

/// Place names to standard-time UTC offsets, built from ICU's time-zone data:
/// the exemplar city of every time zone and the name of every country whose
/// zones agree within two hours, each in some twenty languages; then the
/// GeoNames cities of 15,000 people or more (libgeonames, English names) by
/// name, "name, state" and "name, country", each with its zone's offset. A
/// name that places in zones more than two hours apart share is left out
/// rather than guessed, unless its most populous place has ten times the
/// people of every far namesake ("Santiago" is Chile's, "Manchester" is
/// nobody's: England's has 3.6 times New Hampshire's).
class Gazetteer {
 public:
  /// Built once on first use (about 20 ms); safe to share between threads.
  static const Gazetteer& Shared();

  /// The UTC offset in minutes of the place `location` names: the whole text,
  /// else its comma- or slash-separated parts from the first on; nullopt when
  /// no part is a place it knows.
  std::optional<int> OffsetMinutes(std::string_view location) const;

  size_t size() const { return offset_.size(); }

 private:
  Gazetteer();
  void Add(const std::string& name, int minutes);
  void AddCities();
  std::unordered_map<std::string, int> offset_;  // folded name -> minutes; kAmbiguous when names clash
};

/// A place name folded for lookup: case-folded, accents dropped, punctuation
/// and spacing collapsed to single spaces.
std::string FoldPlaceName(std::string_view name);

}  // namespace unmask
