// libFuzzer target over pylang's front end: any byte string must end as a syntax tree (which we
// also print with ast.dump, exercising every node) or as a SyntaxError that formats cleanly;
// never a crash, hang, sanitizer report or runaway recursion. Built by build.sh (clang only).
//
// Each input runs on a thread with a 256 MiB stack: ASan makes frames several times larger
// than in the real build, where trees as deep as the parser's limit need well under 1 MiB.
#include <pthread.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pylang/ast/ast_dump.h"
#include "pylang/parser/parser.h"

namespace {

struct Input {
  const uint8_t* data;
  size_t size;
};

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

void* runInput(void* argument) {
  auto* input = static_cast<Input*>(argument);
  checkOne(input->data, input->size);
  return nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Input input{data, size};
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, size_t{256} << 20);
  pthread_t thread;
  if (pthread_create(&thread, &attributes, runInput, &input) != 0) __builtin_trap();
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
  return 0;
}
