#!/usr/bin/env bash
# One entry point for people and CI (README "Quick start"):
#   ./build.sh run    install dependencies, build, run the main job
#   ./build.sh test   install dependencies, build, run every test (what .ci/run calls)
# Dependencies come from Debian's packages (scripts/install-deps, needs root); the build is
# CMake + Ninja in build/, with ccache (cache in ~/.cache/ccache, outside the clone).
set -euo pipefail
cd "$(dirname "$0")"

usage() { echo "usage: ./build.sh run|test" >&2; exit 2; }
[[ $# -eq 1 ]] || usage
mode=$1
[[ $mode == run || $mode == test ]] || { echo "build.sh: unknown mode '$mode'" >&2; usage; }

if [[ $(id -u) -eq 0 ]]; then
  scripts/install-deps
else
  echo "build.sh: not root, skipping scripts/install-deps (run it as root if a package is missing)"
fi

jobs=$(nproc)
command -v ccache >/dev/null && ccache --max-size=5G >/dev/null
# Clones in different folders share cache entries: paths below the clone are hashed relative to
# it, and the compile directory (recorded in -g debug info) is left out of the hash.
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=true
if [[ ! -f build/CMakeCache.txt ]]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build build -j"$jobs"

case $mode in
  run)
    # The main job: the default variant describes itself. (Running Python programs arrives with
    # the interpreter; until then this shows what the binary was translated with.)
    build/bin/pylang --version
    build/bin/pylang --info
    ;;
  test)
    ctest --test-dir build -j"$jobs" --output-on-failure --timeout 1800
    ;;
esac
