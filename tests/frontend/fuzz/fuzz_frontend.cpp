// libFuzzer target over pylang's front end: any byte string must end as a syntax tree (which we
// also print with ast.dump, exercising every node) or as a SyntaxError that formats cleanly;
// never a crash, hang, sanitizer report or runaway recursion. Built by build.sh (clang only).
//
// Each input runs on a thread with a 256 MiB stack (big_stack.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pylang/ast/ast_dump.h"
#include "pylang/parser/parser.h"
#include "tests/frontend/fuzz/big_stack.h"

namespace {

void checkOne(const uint8_t* data, size_t size) {
  std::string_view source(reinterpret_cast<const char*>(data), size);
  // The first byte picks the parse mode so eval/single inputs are covered too.
  pyl::parser::Mode mode = pyl::parser::Mode::Exec;
  if (size > 0 && (data[0] & 0x80)) {
    static constexpr pyl::parser::Mode kModes[] = {
        pyl::parser::Mode::Eval, pyl::parser::Mode::Single, pyl::parser::Mode::FuncType};
    mode = kModes[data[0] % 3];
  }
  pyl::ast::Arena arena;
  pyl::parser::ParseResult result = pyl::parser::parse(source, "<fuzz>", mode, arena);
  if (result.error) {
    std::string text = pyl::parser::formatSyntaxError(*result.error);
    if (text.empty()) __builtin_trap();
  } else {
    if (!result.mod) __builtin_trap();
    std::string text = pyl::ast::dump(*result.mod);
    if (text.empty()) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pyl::fuzz::runOnBigStack(checkOne, data, size);
  return 0;
}
