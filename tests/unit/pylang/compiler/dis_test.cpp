// The disassembler's listing format (close to CPython 3.11's `python -m dis`).
#include "pylang/bytecode/dis.h"
#include "tests/unit/pylang/compiler/test_support.h"

namespace pyl::compiler::testing {
namespace {

TEST(Dis, ListingLayout) {
  auto code = compileOk("def f(a):\n    while a:\n        a -= 1\n    return a\n");
  std::string listing = bytecode::disassemble(*code);
  const char* expected =
      "  1           0 LOAD_CONST               0 (<code object f, file \"<test>\", line 1>)\n"
      "              1 MAKE_FUNCTION            0\n"
      "              2 STORE_NAME               0 (f)\n"
      "              3 LOAD_CONST               1 (None)\n"
      "              4 RETURN_VALUE\n"
      "\n"
      "Disassembly of <code object f, file \"<test>\", line 1>:\n"
      "  2     >>    0 LOAD_FAST                0 (a)\n"
      "              1 POP_JUMP_IF_FALSE        7 (to 7)\n"
      "\n"
      "  3           2 LOAD_FAST                0 (a)\n"
      "              3 LOAD_CONST               1 (1)\n"
      "              4 BINARY_OP               23 (-=)\n"
      "              5 STORE_FAST               0 (a)\n"
      "\n"
      "  2           6 JUMP_BACKWARD            0 (to 0)\n"
      "\n"
      "  4     >>    7 LOAD_FAST                0 (a)\n"
      "              8 RETURN_VALUE\n";
  EXPECT_EQ(listing, expected);
}

TEST(Dis, ExceptionTableAndResolvedArguments) {
  auto code = compileOk("try:\n    x = [*a]\nexcept E:\n    pass\nf'{x!r:>3}'\n");
  std::string listing = bytecode::disassemble(*code);
  EXPECT_NE(listing.find("ExceptionTable:\n  0 to "), std::string::npos) << listing;
  EXPECT_NE(listing.find(" lasti\n"), std::string::npos);
  EXPECT_NE(listing.find("FORMAT_VALUE             6 (repr, with format)"), std::string::npos)
      << listing;
  EXPECT_NE(listing.find("CHECK_EXC_MATCH\n"), std::string::npos);
}

}  // namespace
}  // namespace pyl::compiler::testing
