// Tests of pylang/parser/tokenizer: the token stream (kinds, positions, INDENT/DEDENT, implicit
// joining) and how it stops at errors (hard vs soft, open brackets).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pylang/parser/tokenizer.h"

namespace pyl::parser {
namespace {

std::string kinds(std::string_view text) {
  TokenStream stream = tokenize(text);
  std::string out;
  for (const Token& t : stream.tokens) {
    if (!out.empty()) out += ' ';
    out += kindName(t.kind);
  }
  return out;
}

TEST(Tokenizer, IndentDedentAndNewlines) {
  EXPECT_EQ(kinds("if x:\n    y\nz\n"),
            "KwIf Name Colon Newline Indent Name Newline Dedent Name Newline EndMarker");
  // Blank and comment-only lines do not count; a missing final newline is supplied.
  EXPECT_EQ(kinds("\n# c\nx  # c\n\n   \ny"), "Name Newline Name Newline EndMarker");
  EXPECT_EQ(kinds("if a:\n  if b:\n    c\n"),
            "KwIf Name Colon Newline Indent KwIf Name Colon Newline Indent Name Newline Dedent "
            "Dedent EndMarker");
}

TEST(Tokenizer, ImplicitAndExplicitJoining) {
  EXPECT_EQ(kinds("x = (1,\n  2)\n"), "Name Equal LPar Number Comma Number RPar Newline EndMarker");
  EXPECT_EQ(kinds("x = 1 + \\\n  2\n"), "Name Equal Number Plus Number Newline EndMarker");
  TokenStream s = tokenize("f(a,\n  b)\n");
  EXPECT_EQ(s.tokens[1].level, 1);  // '(' opens a level
  EXPECT_EQ(s.tokens[5].level, 0);  // ')' closes it
  EXPECT_EQ(s.tokens[4].lineno, 2);
  EXPECT_EQ(s.tokens[4].col, 2);
}

TEST(Tokenizer, OperatorsKeywordsAndSoftKeywords) {
  EXPECT_EQ(kinds("a **= b // c -> d := e ... f != g\n"),
            "Name DoubleStarEqual Name DoubleSlash Name RArrow Name ColonEqual Name Ellipsis Name "
            "NotEqual Name Newline EndMarker");
  EXPECT_EQ(kinds("match case _ async await\n"),
            "Name Name Name KwAsync KwAwait Newline EndMarker");
  EXPECT_EQ(kinds("x $ y\n"), "Name Unknown Name Newline EndMarker");
}

TEST(Tokenizer, NumbersAndStrings) {
  EXPECT_EQ(kinds("0x_1f 0o17 0b1 1_000.5e-3j .5 1. 1if\n"),
            "Number Number Number Number Number Number Number KwIf Newline EndMarker");
  TokenStream s = tokenize("rb'a' f\"{x}\" '''a\nb''' u'x'\n");
  ASSERT_EQ(s.tokens[0].kind, TokenKind::String);
  EXPECT_EQ(s.tokens[2].lineno, 1);
  EXPECT_EQ(s.tokens[2].end_lineno, 2);  // a triple-quoted string spans lines
  EXPECT_EQ(s.tokens[3].col, 5);         // columns restart on the string's last line
}

TEST(Tokenizer, HardAndSoftErrors) {
  TokenStream s = tokenize("x = 1\ny = 'abc\n");
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(s.error->hard);
  EXPECT_EQ(s.error->message, "unterminated string literal (detected at line 2)");
  EXPECT_EQ(s.error->lineno, 2);
  EXPECT_EQ(s.error->offset, 5);
  EXPECT_EQ(s.tokens.back().kind, TokenKind::ErrorToken);

  s = tokenize("if x:\n    y\n  z\n");
  ASSERT_TRUE(s.error);
  EXPECT_FALSE(s.error->hard);
  EXPECT_EQ(s.error->type, SyntaxErrorType::IndentationError);

  s = tokenize("x = (1,\n");
  ASSERT_TRUE(s.error);
  EXPECT_EQ(s.error->message, "'(' was never closed");
  ASSERT_EQ(s.openBrackets.size(), 1u);
  EXPECT_EQ(s.openBrackets[0].bracket, '(');

  s = tokenize(std::string(201, '(') + "\n");
  ASSERT_TRUE(s.error);
  EXPECT_EQ(s.error->message, "too many nested parentheses");
}

TEST(Tokenizer, TabsAndIndentationLimits) {
  TokenStream s = tokenize("if x:\n\ty\n        z\n");
  ASSERT_TRUE(s.error);
  EXPECT_EQ(s.error->type, SyntaxErrorType::TabError);
  std::string deep;
  for (int i = 0; i < 101; ++i) deep += std::string(static_cast<size_t>(i), ' ') + "if x:\n";
  s = tokenize(deep);
  ASSERT_TRUE(s.error);
  EXPECT_EQ(s.error->message, "too many levels of indentation");
}

}  // namespace
}  // namespace pyl::parser
