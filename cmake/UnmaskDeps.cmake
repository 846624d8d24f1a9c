# Every dependency is a Debian 12 package (see scripts/install-deps.sh and
# docs/architecture.md for why each one is here).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(IGRAPH REQUIRED IMPORTED_TARGET igraph)
pkg_check_modules(SIMDJSON REQUIRED IMPORTED_TARGET simdjson)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(ZLIB REQUIRED IMPORTED_TARGET zlib)
find_package(fmt REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(nlohmann_json REQUIRED)
if(UNMASK_TESTS)
  find_package(GTest REQUIRED)
  # Reads the screenshot the report.html test takes with headless Chromium.
  pkg_check_modules(PNG REQUIRED IMPORTED_TARGET libpng)
endif()
if(UNMASK_BENCH)
  find_package(benchmark REQUIRED)
endif()
