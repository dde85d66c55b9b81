# Compiler flags shared by every target. Warnings are errors; each flag says why it is here.
set(PYL_WARNING_FLAGS
  -Wall                    # the baseline every C++ project should be clean under
  -Wextra                  # unused parameters, signed/unsigned compares, missing initializers
  -Wpedantic               # stay in ISO C++20: no GNU extensions creep into portable code
  -Wshadow                 # a shadowed local in a handler template is a classic trace bug
  -Wnon-virtual-dtor       # polymorphic types (backends, strategies) must delete safely
  -Woverloaded-virtual     # a backend method that fails to override is silently dead code
  -Wimplicit-fallthrough   # dispatch switches must say [[fallthrough]] when they mean it
  -Wundef                  # a misspelled macro in #if is an error, not a silent 0
  -Wformat=2               # printf-style logging with wrong specifiers
  -Wcast-qual              # casting away const hides writes to immutable IR and constants
  -Wmissing-declarations   # a non-static free function without a prototype is usually a typo
  -Wunused                 # dead variables in generated tables point at table drift
  -Werror                  # a warning is a bug we have not looked at yet
)
# Not enabled: -Wconversion (thousands of intentional int64<->size_t conversions in the IR and the
# tagged-int code; each would need a cast that hides rather than documents), -Wnull-dereference
# (g++ 12 reports false positives at -O2 through inlined std::optional).
add_compile_options("$<$<COMPILE_LANGUAGE:CXX>:${PYL_WARNING_FLAGS}>")

# ccache keeps CI and variant builds fast. Its cache lives outside the clone (~/.cache/ccache).
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_C_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()
