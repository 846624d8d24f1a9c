# Every dependency is a Debian 12 package (see scripts/install-deps.sh and
# docs/architecture.md for why each one is here).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(IGRAPH REQUIRED IMPORTED_TARGET igraph)
pkg_check_modules(SIMDJSON REQUIRED IMPORTED_TARGET simdjson)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(ZLIB REQUIRED IMPORTED_TARGET zlib)
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n)
pkg_check_modules(OPENCC REQUIRED IMPORTED_TARGET opencc)
# Cities and their time zones, for the places profiles declare (src/unmask/text/places.cpp).
pkg_check_modules(GEONAMES REQUIRED IMPORTED_TARGET geonames)
# The case store (src/unmask/cases): runs, networks and decisions in one file.
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
find_package(fmt REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(nlohmann_json REQUIRED)
if(UNMASK_TESTS)
  find_package(GTest REQUIRED)
  # Reads the screenshot the report.html test takes with headless Chromium.
  pkg_check_modules(PNG REQUIRED IMPORTED_TARGET libpng)
  # Reads the GEXF and GraphML exports back in their tests.
  pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
endif()
if(UNMASK_BENCH)
  find_package(benchmark REQUIRED)
endif()
