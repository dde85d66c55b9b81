// Tests of pylang/parser/parser.h: parse modes, exact values and locations in the tree, the
// SyntaxError record and CPython's printed form, source decoding, and the nesting limit.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "pylang/ast/ast_dump.h"
#include "pylang/parser/parser.h"

namespace pyl::parser {
namespace {

std::string dumpOf(std::string_view source, Mode mode = Mode::Exec) {
  ast::Arena arena;
  ParseResult r = parse(source, "t.py", mode, arena);
  if (r.error) return "ERR " + std::string(typeName(r.error->type)) + ": " + r.error->message;
  return ast::dump(*r.mod);
}

TEST(Parser, Modes) {
  EXPECT_EQ(dumpOf("1 + 2\n", Mode::Eval),
            "Expression(body=BinOp(left=Constant(value=1), op=Add(), right=Constant(value=2)))");
  EXPECT_EQ(
      dumpOf("x = 1\n", Mode::Single),
      "Interactive(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))])");
  EXPECT_EQ(dumpOf("(int, *str) -> bool", Mode::FuncType),
            "FunctionType(argtypes=[Name(id='int', ctx=Load()), Name(id='str', ctx=Load())], "
            "returns=Name(id='bool', ctx=Load()))");
  EXPECT_EQ(dumpOf("x = 1\n", Mode::Eval), "ERR SyntaxError: invalid syntax");
}

// Expected values from CPython 3.11's ast.parse(source, mode=...).
TEST(Parser, ModeEdgesLikeCPython) {
  EXPECT_EQ(dumpOf("*a, b", Mode::Eval), "ERR SyntaxError: invalid syntax");
  EXPECT_EQ(dumpOf("a, b,", Mode::Eval),
            "Expression(body=Tuple(elts=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())], "
            "ctx=Load()))");
  EXPECT_EQ(dumpOf("", Mode::Single), "ERR SyntaxError: invalid syntax");
  EXPECT_EQ(dumpOf("\n\n\n", Mode::Single), "ERR SyntaxError: invalid syntax");
  EXPECT_EQ(dumpOf("1\n2\n", Mode::Single),
            "ERR SyntaxError: multiple statements found while compiling a single statement");
  EXPECT_EQ(dumpOf("1\n# comment\n\n", Mode::Single),
            "Interactive(body=[Expr(value=Constant(value=1))])");
  EXPECT_EQ(dumpOf("(*int, **str) -> x", Mode::FuncType),
            "FunctionType(argtypes=[Name(id='int', ctx=Load()), Name(id='str', ctx=Load())], "
            "returns=Name(id='x', ctx=Load()))");
}

TEST(Parser, ExactConstantValues) {
  ast::Arena arena;
  ParseResult r =
      parse("0xFFFFFFFFFFFFFFFFF, 9223372036854775807, 1e400, 0_0\n", "t.py", Mode::Eval, arena);
  ASSERT_FALSE(r.error);
  auto* tuple = static_cast<ast::Expression*>(r.mod)->body->as<ast::Tuple>();
  ASSERT_NE(tuple, nullptr);
  auto value = [&](int i) {
    return tuple->elts[static_cast<size_t>(i)]->as<ast::Constant>()->value;
  };
  EXPECT_EQ(value(0).kind, ast::ConstantKind::BigInt);
  EXPECT_EQ(value(0).text, "295147905179352825855");
  EXPECT_EQ(value(1).kind, ast::ConstantKind::Int);
  EXPECT_EQ(value(1).intValue, INT64_MAX);
  EXPECT_EQ(value(2).kind, ast::ConstantKind::Float);
  EXPECT_TRUE(std::isinf(value(2).real));
  EXPECT_EQ(value(3).intValue, 0);
}

TEST(Parser, LocationsAreUtf8ByteColumns) {
  ast::Arena arena;
  ParseResult r = parse("s = 'é' + x\nif a:\n    pass\n", "t.py", Mode::Exec, arena);
  ASSERT_FALSE(r.error);
  auto* module = static_cast<ast::Module*>(r.mod);
  auto* assign = module->body[0]->as<ast::Assign>();
  auto* binop = assign->value->as<ast::BinOp>();
  EXPECT_EQ(binop->right->loc.col_offset, 11);  // 'é' is two bytes
  EXPECT_EQ(binop->loc.end_col_offset, 12);
  auto* ifStmt = module->body[1]->as<ast::If>();
  EXPECT_EQ(ifStmt->loc.lineno, 2);
  EXPECT_EQ(ifStmt->loc.end_lineno, 3);  // ends at its last statement, not at the DEDENT
  EXPECT_EQ(ifStmt->loc.end_col_offset, 8);
}

TEST(Parser, FStringFieldLocations) {
  ast::Arena arena;
  ParseResult r = parse("x = f'ab{y + 1}'\n", "t.py", Mode::Exec, arena);
  ASSERT_FALSE(r.error);
  auto* joined =
      static_cast<ast::Module*>(r.mod)->body[0]->as<ast::Assign>()->value->as<ast::JoinedStr>();
  ASSERT_NE(joined, nullptr);
  auto* field = joined->values[1]->as<ast::FormattedValue>();
  EXPECT_EQ(field->value->loc.col_offset, 9);
  EXPECT_EQ(field->value->loc.end_col_offset, 14);
}

TEST(SyntaxErrors, PrintedLikeCPython) {
  ast::Arena arena;
  ParseResult r = parse("x = 1\nf(a b)\n", "x.py", Mode::Exec, arena);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(formatSyntaxError(*r.error),
            "  File \"x.py\", line 2\n    f(a b)\n      ^^^\nSyntaxError: invalid syntax. Perhaps "
            "you forgot a comma?\n");
  r = parse("if x:\npass\n", "x.py", Mode::Exec, arena);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(formatSyntaxError(*r.error),
            "  File \"x.py\", line 2\n    pass\n    ^\nIndentationError: expected an indented "
            "block after "
            "'if' statement on line 1\n");
  r = parse("x = 1\n    y = 2\n", "x.py", Mode::Exec, arena);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(formatSyntaxError(*r.error),
            "  File \"x.py\", line 2\n    y = 2\nIndentationError: unexpected indent\n");
  r = parse("s = 'é' + $\n", "x.py", Mode::Exec, arena);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->offset, 11);  // characters, not bytes
  EXPECT_EQ(
      formatSyntaxError(*r.error),
      "  File \"x.py\", line 1\n    s = 'é' + $\n              ^\nSyntaxError: invalid syntax\n");
}

TEST(SyntaxErrors, TokenizerErrorLaterInFileWins) {
  // CPython tokenizes the rest of the file after a parser error; its own errors take priority.
  EXPECT_EQ(dumpOf("x = 1 2\ny = 'abc\n"),
            "ERR SyntaxError: unterminated string literal (detected at line 2)");
  // Soft tokenizer errors (indentation) after a parser error do not.
  EXPECT_EQ(dumpOf("x = 1 2\nif x:\n    y\n  z\n"), "ERR SyntaxError: invalid syntax");
}

TEST(Source, EncodingsAndNewlines) {
  EXPECT_EQ(dumpOf("# -*- coding: latin-1 -*-\nx = '\xe9'\n"),
            "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], "
            "value=Constant(value='\xc3\xa9'))], "
            "type_ignores=[])");
  EXPECT_EQ(dumpOf("# coding: cp1252\nx = '\x80'\n"),
            "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], "
            "value=Constant(value='\xe2\x82\xac'))], "
            "type_ignores=[])");
  EXPECT_EQ(dumpOf("# coding: klingon\nx = 1\n"), "ERR SyntaxError: encoding problem: klingon");
  EXPECT_EQ(dumpOf("x = '\xff'\n")
                .rfind("ERR SyntaxError: Non-UTF-8 code starting with '\\xff' in file t.py", 0),
            0u);
  EXPECT_EQ(dumpOf("x = 1\r\ny = 2\r"), dumpOf("x = 1\ny = 2\n"));
  EXPECT_EQ(dumpOf("\xef\xbb\xbfx = 1\n"), dumpOf("x = 1\n"));
  EXPECT_EQ(dumpOf(std::string("x = 1\0\n", 7)),
            "ERR SyntaxError: source code cannot contain null bytes");
}

TEST(Limits, DeepNestingFailsCleanly) {
  EXPECT_EQ(dumpOf(std::string(100000, '-') + "x\n"),
            "ERR RecursionError: maximum recursion depth exceeded during compilation");
  std::string chain = "x";
  for (int i = 0; i < 100000; ++i) chain += ".y";
  EXPECT_EQ(dumpOf(chain + "\n"),
            "ERR RecursionError: maximum recursion depth exceeded during compilation");
  std::string sum = "1";
  for (int i = 0; i < 100000; ++i) sum += "+1";
  EXPECT_EQ(dumpOf(sum + "\n"),
            "ERR RecursionError: maximum recursion depth exceeded during compilation");
  EXPECT_EQ(dumpOf(std::string(1000, '[') + std::string(1000, ']') + "\n"),
            "ERR SyntaxError: too many nested parentheses");
  // Nesting CPython accepts is accepted.
  std::string ok = "x";
  for (int i = 0; i < 900; ++i) ok += ".y";
  EXPECT_EQ(dumpOf(ok + "\n").rfind("Module(", 0), 0u);
}

}  // namespace
}  // namespace pyl::parser
