# Warnings and sanitizers are set per target, never globally.
function(unmask_target_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
  if(UNMASK_SANITIZE)
    target_compile_options(${target} PUBLIC -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  endif()
endfunction()

# unmask_add_module(NAME SOURCES ... DEPS ...): one folder, one library.
function(unmask_add_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
  add_library(unmask_${name} STATIC ${M_SOURCES})
  target_include_directories(unmask_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(unmask_${name} PUBLIC ${M_DEPS})
  unmask_target_options(unmask_${name})
endfunction()

# unmask_add_test(NAME SOURCES ... DEPS ... [LABELS ...]): a GoogleTest binary
# under CTest. LABELS (e.g. slow) let `ctest -LE slow` leave its tests out.
function(unmask_add_test name)
  if(NOT UNMASK_TESTS)
    return()
  endif()
  cmake_parse_arguments(T "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} GTest::gtest GTest::gtest_main)
  unmask_target_options(${name})
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "UNMASK_SOURCE_DIR=${PROJECT_SOURCE_DIR}" LABELS "${T_LABELS}")
endfunction()
