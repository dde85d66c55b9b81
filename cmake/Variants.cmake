# Variants: one pylang binary per set of translation options, all in one build tree.
#
# DESIGN(variants): `configs/translate` resolves the options and writes, per variant NAME,
# build/variants/NAME/{variant.cmake, include/configs/translation_options.h}. Each variant is
# one executable compiled from the sources that read the options (PYL_VARIANT_SOURCES) and
# linked with the option-independent libraries (PYL_VARIANT_LIBS), which every variant shares.
# Layers keep option-dependent code small so a new variant recompiles little; code that only
# needs an option at run time (e.g. the compiler's CALL_METHOD switch) takes it as a parameter.
set(PYL_TRANSLATE "${CMAKE_SOURCE_DIR}/configs/translate")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  "${CMAKE_SOURCE_DIR}/configs/options.toml" "${CMAKE_SOURCE_DIR}/configs/optionspec.py"
  "${PYL_TRANSLATE}")
set_property(GLOBAL PROPERTY PYL_VARIANT_SOURCES "")
set_property(GLOBAL PROPERTY PYL_VARIANT_LIBS "")

# Layers call this to put sources into every variant binary.
function(pyl_variant_sources)
  set_property(GLOBAL APPEND PROPERTY PYL_VARIANT_SOURCES ${ARGN})
endfunction()
# Layers call this to link an option-independent library into every variant binary.
function(pyl_variant_libraries)
  set_property(GLOBAL APPEND PROPERTY PYL_VARIANT_LIBS ${ARGN})
endfunction()

function(pyl_add_variant dir)
  include("${dir}/variant.cmake")
  get_property(sources GLOBAL PROPERTY PYL_VARIANT_SOURCES)
  get_property(libs GLOBAL PROPERTY PYL_VARIANT_LIBS)
  if(PYL_VARIANT_NAME STREQUAL "pylang")
    set(target pylang)
    set(outdir "${CMAKE_BINARY_DIR}/bin")
  else()
    set(target "pylang-${PYL_VARIANT_NAME}")
    set(outdir "${dir}")
  endif()
  if(target STREQUAL "pylang")
    add_executable(${target} ${sources})
  else()
    # Built on request (configs/translate), not by every `cmake --build`.
    add_executable(${target} EXCLUDE_FROM_ALL ${sources})
  endif()
  target_include_directories(${target} BEFORE PRIVATE "${dir}/include")
  target_link_libraries(${target} PRIVATE ${libs} pyl_gc)
  set_target_properties(${target} PROPERTIES OUTPUT_NAME pylang RUNTIME_OUTPUT_DIRECTORY "${outdir}")
  if(PYL_OPT_OPT STREQUAL "0")
    target_compile_options(${target} PRIVATE -O0)
  endif()
endfunction()

function(pyl_add_all_variants)
  # The default variant is always there; translate --no-build only writes generated files.
  execute_process(COMMAND "${Python3_EXECUTABLE}" "${PYL_TRANSLATE}" --no-build
                          --preset=default -o pylang --build-dir "${CMAKE_BINARY_DIR}"
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configs/translate could not write the default variant")
  endif()
  file(GLOB variant_files CONFIGURE_DEPENDS "${CMAKE_BINARY_DIR}/variants/*/variant.cmake")
  foreach(file ${variant_files})
    get_filename_component(dir "${file}" DIRECTORY)
    pyl_add_variant("${dir}")
  endforeach()
endfunction()
