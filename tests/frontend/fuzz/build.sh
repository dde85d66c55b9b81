#!/bin/sh
# Builds the front-end fuzzer with clang++ and libFuzzer (ASan + UBSan):
#   tests/frontend/fuzz/build.sh OUTPUT_DIR
# Compiles the front end's sources directly (no CMake build tree needed) and generates the
# Unicode tables with python3 into OUTPUT_DIR. Run: OUTPUT_DIR/fuzz_frontend CORPUS_DIR
# -dict=tests/frontend/fuzz/python.dict
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${1:-$root/build-fuzz}
cxx=${CXX_FUZZ:-clang++}
mkdir -p "$out/generated"
python3 "$root/pylang/ast/gen_unicode_data.py" "$out/generated/unicode_data.inc"
sources="$root/pylang/ast/ast.cpp $root/pylang/ast/ast_dump.cpp $root/pylang/ast/unicode_data.cpp"
for f in "$root"/pylang/parser/*.cpp; do sources="$sources $f"; done
# shellcheck disable=SC2086
"$cxx" -std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -I"$root" -I"$out/generated" \
  $sources "$here/fuzz_frontend.cpp" -pthread -lgmp -o "$out/fuzz_frontend"
echo "built $out/fuzz_frontend"
