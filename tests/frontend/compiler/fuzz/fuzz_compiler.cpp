// libFuzzer target over the compiler: any input that parses must compile to code objects that
// pass the bytecode verifier (pylang/bytecode/verify.h), with and without CALL_METHOD, or be
// rejected with a SyntaxError that formats; never a crash, hang or sanitizer report. The
// listing of every code object is produced too, exercising the disassembler. Built by build.sh.
//
// Each input runs on a thread with a 256 MiB stack (tests/frontend/fuzz/big_stack.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pylang/bytecode/dis.h"
#include "pylang/bytecode/verify.h"
#include "pylang/compiler/compiler.h"
#include "tests/frontend/fuzz/big_stack.h"

namespace {

void checkOne(const uint8_t* data, size_t size) {
  std::string_view source(reinterpret_cast<const char*>(data), size);
  for (bool callMethod : {false, true}) {
    pyl::compiler::CompilerOptions options;
    options.callMethod = callMethod;
    options.optimize = size > 0 ? data[0] % 3 : 0;
    pyl::compiler::CompileResult result =
        pyl::compiler::compileSource(source, "<fuzz>", pyl::parser::Mode::Exec, options);
    if (result.error) {
      if (pyl::parser::formatSyntaxError(*result.error).empty()) __builtin_trap();
      if (result.error->message.find("internal compiler error") != std::string::npos) {
        __builtin_trap();
      }
      continue;
    }
    if (!result.code) __builtin_trap();
    if (!pyl::bytecode::verifyCodeTree(*result.code).empty()) __builtin_trap();
    if (pyl::bytecode::disassemble(*result.code).empty()) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pyl::fuzz::runOnBigStack(checkOne, data, size);
  return 0;
}
