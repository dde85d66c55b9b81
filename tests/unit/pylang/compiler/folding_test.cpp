// Constant folding (pylang/compiler/const_fold.cpp): what is folded, and what is deliberately
// left to run time.
#include "tests/unit/pylang/compiler/test_support.h"

namespace pyl::compiler::testing {
namespace {

// repr()s of the module's constants.
std::vector<std::string> constReprs(const std::string& source, int optimize = 0) {
  CompilerOptions options;
  options.optimize = optimize;
  auto code = compileOk(source, options);
  std::vector<std::string> out;
  if (code) {
    for (const auto& c : code->consts) out.push_back(c.repr());
  }
  return out;
}

bool hasConst(const std::string& source, const std::string& repr) {
  auto consts = constReprs(source);
  return std::find(consts.begin(), consts.end(), repr) != consts.end();
}

TEST(Folding, Arithmetic) {
  EXPECT_TRUE(hasConst("x = 2 ** 10", "1024"));
  EXPECT_TRUE(hasConst("x = 7 // -2", "-4"));
  EXPECT_TRUE(hasConst("x = -7 % 3", "2"));
  EXPECT_TRUE(hasConst("x = 1 / 4", "0.25"));
  EXPECT_TRUE(hasConst("x = 7.5 // 2", "3.0"));
  EXPECT_TRUE(hasConst("x = -7.5 % 2", "0.5"));
  EXPECT_TRUE(hasConst("x = 1 << 100", "1267650600228229401496703205376"));
  EXPECT_TRUE(hasConst("x = -(3 ** 40)", "-12157665459056928801"));  // a negative big int
  EXPECT_TRUE(hasConst("x = 2 ** 70", "70"));  // 2 bits * 70 > 128: CPython does not fold it
  EXPECT_TRUE(hasConst("x = True + True", "2"));
  EXPECT_TRUE(hasConst("x = True & False", "False"));
  EXPECT_TRUE(hasConst("x = ~5", "-6"));
  EXPECT_TRUE(hasConst("x = 1 + 2j", "(1+2j)"));
  EXPECT_TRUE(hasConst("x = 1e300 * 1e300", "inf"));
  EXPECT_TRUE(hasConst("x = not 0", "True"));
}

TEST(Folding, SequencesAndSubscripts) {
  EXPECT_TRUE(hasConst("x = 'ab' * 3", "'ababab'"));
  EXPECT_TRUE(hasConst("x = b'a' + b'b'", "b'ab'"));
  EXPECT_TRUE(hasConst("x = (1, 2) + (3,)", "(1, 2, 3)"));
  EXPECT_TRUE(hasConst("x = (1, (2, 3))", "(1, (2, 3))"));
  EXPECT_TRUE(hasConst("x = 'h\xc3\xa9llo'[1]", "'\xc3\xa9'"));
  EXPECT_TRUE(hasConst("x = (4, 5, 6)[-1]", "6"));
  EXPECT_TRUE(hasConst("x = b'AB'[0]", "65"));
  EXPECT_TRUE(hasConst("x in [1, 2, 3]", "(1, 2, 3)"));
  EXPECT_TRUE(hasConst("x in {1, 2, 3}", "frozenset({1, 2, 3})"));
  EXPECT_TRUE(hasConst("for i in [1, 2]: pass", "(1, 2)"));
  EXPECT_TRUE(hasConst("x = __debug__", "True"));
}

TEST(Folding, LimitsAndErrorsAreLeftToRunTime) {
  EXPECT_FALSE(hasConst("x = 1 / 0", "inf"));
  EXPECT_TRUE(hasConst("x = 1 / 0", "0"));          // operands stay
  EXPECT_TRUE(hasConst("x = 2 ** 1000", "1000"));   // beyond 128 bits: not folded
  EXPECT_TRUE(hasConst("x = 'a' * 5000", "5000"));  // beyond 4096 characters
  EXPECT_TRUE(hasConst("x = (1,) * 300", "300"));   // beyond 256 items
  EXPECT_TRUE(hasConst("x = (-8) ** 0.5", "0.5"));  // complex result
  EXPECT_TRUE(hasConst("x = 10.0 ** 400", "400"));  // OverflowError
  EXPECT_TRUE(hasConst("x = 'abc'[5]", "5"));       // IndexError
  EXPECT_TRUE(hasConst("x = 1 << -1", "-1"));       // ValueError
  EXPECT_TRUE(hasConst("x = '%d' % 5", "'%d'"));    // str % is not folded
  // Regression (found by the compiler fuzzer): subscripting a non-sequence constant read the
  // text of an int.
  EXPECT_TRUE(hasConst("x = (3)[-1]", "-1"));
  EXPECT_TRUE(hasConst("x = None[0]", "0"));
}

TEST(Folding, NotOfIdentityAndMembershipTestsIsInverted) {
  auto code = compileOk("x = not a is b\ny = not a in b\nz = not a == b\n");
  int isNot = 0, notIn = 0, unaryNot = 0;
  for (std::size_t i = 0; i < code->size(); ++i) {
    isNot += code->opcodeAt(i) == Opcode::IS_OP && code->argAt(i) == 1;
    notIn += code->opcodeAt(i) == Opcode::CONTAINS_OP && code->argAt(i) == 1;
    unaryNot += code->opcodeAt(i) == Opcode::UNARY_NOT;
  }
  EXPECT_EQ(isNot, 1);
  EXPECT_EQ(notIn, 1);
  EXPECT_EQ(unaryNot, 1);  // == is not inverted: __eq__/__ne__ may disagree
}

TEST(Folding, PercentFormatBecomesFString) {
  auto code = compileOk("x = '%s: %r|%5s' % (a, b, c)\n");
  EXPECT_EQ(countOpcode(*code, Opcode::FORMAT_VALUE), 3);
  EXPECT_EQ(countOpcode(*code, Opcode::BUILD_STRING), 1);
  EXPECT_TRUE(hasConst("x = '%s: %r|%5s' % (a, b, c)\n", "'>5'"));
  // Unsupported conversions keep the % operator.
  EXPECT_EQ(countOpcode(*compileOk("x = '%d' % (a,)\n"), Opcode::FORMAT_VALUE), 0);
}

TEST(Folding, DocstringsAreNotCreatedByFolding) {
  auto code = compileOk("'a' 'b'\n");
  EXPECT_TRUE(std::find(code->names.begin(), code->names.end(), "__doc__") != code->names.end());
  auto folded = compileOk("'a' + 'b'\n");
  EXPECT_TRUE(std::find(folded->names.begin(), folded->names.end(), "__doc__") ==
              folded->names.end());
}

TEST(Folding, OptimizeLevels) {
  auto asserting = compileOk("assert x\n");
  EXPECT_EQ(countOpcode(*asserting, Opcode::LOAD_ASSERTION_ERROR), 1);
  CompilerOptions o1;
  o1.optimize = 1;
  EXPECT_EQ(countOpcode(*compileOk("assert x\n", o1), Opcode::LOAD_ASSERTION_ERROR), 0);
  EXPECT_TRUE(hasConst("x = __debug__", "True"));
  auto consts = constReprs("x = __debug__", 1);
  EXPECT_NE(std::find(consts.begin(), consts.end(), "False"), consts.end());
  CompilerOptions o2;
  o2.optimize = 2;
  auto noDoc = compileOk("def f():\n    'doc'\n", o2);
  const CodeObject* f = findCode(*noDoc, "f");
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->consts[0].isNone());
}

}  // namespace
}  // namespace pyl::compiler::testing
