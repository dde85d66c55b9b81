# Every third-party dependency, found once, with a message that names the Debian package when
# something is missing (scripts/install-deps installs them all).
find_package(PkgConfig)

function(pyl_missing what package)
  message(FATAL_ERROR "${what} not found: install the Debian package '${package}' "
                      "(or run scripts/install-deps as root).")
endfunction()

# Boehm GC. Only gc/ may include its headers (DESIGN.md §6).
if(PkgConfig_FOUND)
  pkg_check_modules(BDWGC IMPORTED_TARGET bdw-gc)
endif()
if(NOT BDWGC_FOUND)
  pyl_missing("Boehm GC (bdw-gc)" libgc-dev)
endif()

# GMP: arbitrary-precision ints behind the small-int fast path.
find_path(GMP_INCLUDE_DIR gmp.h)
find_library(GMP_LIBRARY gmp)
if(NOT GMP_INCLUDE_DIR OR NOT GMP_LIBRARY)
  pyl_missing("GMP" libgmp-dev)
endif()
add_library(pyl_gmp INTERFACE)
target_include_directories(pyl_gmp SYSTEM INTERFACE ${GMP_INCLUDE_DIR})
target_link_libraries(pyl_gmp INTERFACE ${GMP_LIBRARY})

# LLVM 19 for the ORC backend. Its headers are only visible to jit/backend/llvm/, which links
# pyl_llvm; nothing else may.
# LLVM's version file accepts only an exact major.minor request, so find it without a version
# and check the major number ourselves.
find_package(LLVM CONFIG QUIET PATHS /usr/lib/llvm-19/lib/cmake/llvm NO_DEFAULT_PATH)
if(NOT LLVM_FOUND OR NOT LLVM_VERSION_MAJOR EQUAL 19)
  pyl_missing("LLVM 19" llvm-19-dev)
endif()
add_library(pyl_llvm INTERFACE)
target_include_directories(pyl_llvm SYSTEM INTERFACE ${LLVM_INCLUDE_DIRS})
separate_arguments(PYL_LLVM_DEFINITIONS NATIVE_COMMAND "${LLVM_DEFINITIONS}")
target_compile_definitions(pyl_llvm INTERFACE ${PYL_LLVM_DEFINITIONS})
# DESIGN(static-llvm): the VM links the LLVM components it uses (orcjit, native incl. the MC
# disassembler, passes) statically, not Debian's one libLLVM.so. Loading that library costs every
# run, JIT or not, ~12 ms of CPU before main(): the dynamic loader applies ~340,000 relocations and
# copies the pages it writes. Statically linked, a run starts in ~4 ms (bench/jit/README.md). GNU ld
# takes tens of seconds per binary on those archives; lld (LLVM 19's own, package lld-19) takes
# under a second, so every target links with it. --as-needed drops the shared libraries LLVM's
# exported targets name but the linked components never call (libz3 among them).
find_program(PYL_LLD ld.lld PATHS /usr/lib/llvm-19/bin NO_DEFAULT_PATH)
if(NOT PYL_LLD)
  pyl_missing("lld (LLVM 19's linker)" lld-19)
endif()
get_filename_component(PYL_LLD_DIR "${PYL_LLD}" DIRECTORY)
add_link_options("-B${PYL_LLD_DIR}" -fuse-ld=lld LINKER:--as-needed)
find_package(zstd QUIET)  # LLVMSupport's exported target names zstd::libzstd_shared
if(NOT zstd_FOUND)
  pyl_missing("zstd" libzstd-dev)
endif()
llvm_map_components_to_libnames(PYL_LLVM_LIBS orcjit native passes)
target_link_libraries(pyl_llvm INTERFACE ${PYL_LLVM_LIBS})

# GoogleTest and Google Benchmark.
find_package(GTest CONFIG QUIET)
if(NOT GTest_FOUND)
  find_package(GTest QUIET)
endif()
if(NOT GTest_FOUND)
  pyl_missing("GoogleTest" libgtest-dev)
endif()
find_package(benchmark QUIET)
if(NOT benchmark_FOUND)
  pyl_missing("Google Benchmark" libbenchmark-dev)
endif()
find_package(Threads REQUIRED)

# Python runs the translate driver, the option-header generator and script-driven tests.
find_package(Python3 3.9 COMPONENTS Interpreter)
if(NOT Python3_FOUND)
  pyl_missing("Python 3" python3)
endif()
