#include "unmask/text/places.hpp"

#include <gtest/gtest.h>

namespace unmask {
namespace {

TEST(Places, FoldingDropsCaseAccentsAndPunctuation) {
  EXPECT_EQ(FoldPlaceName("São  Paulo!"), "sao paulo");
  EXPECT_EQ(FoldPlaceName("ZÜRICH"), "zurich");
  EXPECT_EQ(FoldPlaceName("東京"), "東京");
}

TEST(Places, CitiesAndCountriesInManyLanguages) {
  const Gazetteer& g = Gazetteer::Shared();
  EXPECT_GT(g.size(), 5000u);
  EXPECT_EQ(g.OffsetMinutes("New York, NY"), -300);
  EXPECT_EQ(g.OffsetMinutes("Los Angeles, CA"), -480);
  EXPECT_EQ(g.OffsetMinutes("Москва"), 180);
  EXPECT_EQ(g.OffsetMinutes("台北"), 480);
  EXPECT_EQ(g.OffsetMinutes("東京"), 540);
  EXPECT_EQ(g.OffsetMinutes("Ciudad de México"), -360);
  EXPECT_EQ(g.OffsetMinutes("sao paulo"), -180);
  EXPECT_EQ(g.OffsetMinutes("Lyon, France"), 60) << "the country when the city is unknown";
  EXPECT_EQ(g.OffsetMinutes("Deutschland"), 60);
  EXPECT_EQ(g.OffsetMinutes("Sydney"), 600);
  EXPECT_EQ(g.OffsetMinutes("Auckland"), 720);
}

TEST(Places, CitiesOfTheGeoNamesListByNameStateOrCountry) {
  const Gazetteer& g = Gazetteer::Shared();
  EXPECT_GT(g.size(), 25000u);
  EXPECT_EQ(g.OffsetMinutes("Houston, TX"), -360) << "Houston, the city, whatever TX is";
  EXPECT_EQ(g.OffsetMinutes("Edinburgh"), 0);
  EXPECT_EQ(g.OffsetMinutes("Santiago"), -240) << "Chile's has over ten times the people of any far namesake";
  EXPECT_FALSE(g.OffsetMinutes("Manchester").has_value()) << "England's has 3.6 times New Hampshire's only";
  EXPECT_EQ(g.OffsetMinutes("Manchester, England"), 0);
  EXPECT_EQ(g.OffsetMinutes("Manchester, New Hampshire"), -300);
  EXPECT_EQ(g.OffsetMinutes("Manchester, United Kingdom"), 0);
}

TEST(Places, UnknownOrSpreadOutPlacesAreNotGuessed) {
  const Gazetteer& g = Gazetteer::Shared();
  EXPECT_FALSE(g.OffsetMinutes("United States").has_value()) << "six hours apart";
  EXPECT_FALSE(g.OffsetMinutes("somewhere over the rainbow").has_value());
  EXPECT_FALSE(g.OffsetMinutes("").has_value());
}

}  // namespace
}  // namespace unmask
