#!/bin/sh
# Builds the compiler fuzzer with clang++ and libFuzzer (ASan + UBSan):
#   tests/frontend/compiler/fuzz/build.sh OUTPUT_DIR
# Compiles the front end's and the compiler's sources directly (no CMake build tree needed).
# Run: OUTPUT_DIR/fuzz_compiler CORPUS_DIR tests/frontend/compiler/snippets
#      -dict=tests/frontend/fuzz/python.dict
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
out=${1:-$root/build-fuzz-compiler}
cxx=${CXX_FUZZ:-clang++}
mkdir -p "$out/generated"
python3 "$root/pylang/ast/gen_unicode_data.py" "$out/generated/unicode_data.inc"
sources="$root/pylang/ast/ast.cpp $root/pylang/ast/ast_dump.cpp $root/pylang/ast/unicode_data.cpp"
for dir in parser bytecode symtable compiler; do
  for f in "$root"/pylang/$dir/*.cpp; do sources="$sources $f"; done
done
# shellcheck disable=SC2086
"$cxx" -std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -I"$root" -I"$out/generated" \
  $sources "$here/fuzz_compiler.cpp" -lgmp -pthread -o "$out/fuzz_compiler"
echo "built $out/fuzz_compiler"
