# pyl_add_gtest(NAME SOURCES src... [LIBS lib...] [LABELS label...])
# One GoogleTest executable; each TEST becomes its own ctest test (separate process), so a test
# that changes process-wide state (e.g. the GC heap limit) cannot disturb another.
include(GoogleTest)

function(pyl_add_gtest name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main Threads::Threads)
  # Labels go on the directory (every test of the folder gets them): gtest_discover_tests in
  # CMake 3.25 splits a list-valued property into separate arguments, so it can carry only one.
  set_property(DIRECTORY APPEND PROPERTY LABELS unit ${ARG_LABELS})
  gtest_discover_tests(${name}
    TEST_PREFIX "${name}."
    DISCOVERY_TIMEOUT 60)
endfunction()

# Adds every child folder of the current source dir that has a CMakeLists.txt, in sorted order,
# so a new test suite joins the build without editing a shared file.
function(pyl_add_child_folders)
  file(GLOB children LIST_DIRECTORIES true RELATIVE "${CMAKE_CURRENT_SOURCE_DIR}"
       "${CMAKE_CURRENT_SOURCE_DIR}/*")
  list(SORT children)
  foreach(child ${children})
    if(IS_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}/${child}"
       AND EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${child}/CMakeLists.txt")
      add_subdirectory(${child})
    endif()
  endforeach()
endfunction()
