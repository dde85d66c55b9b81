// The recursive-descent parser's class, shared by its implementation files: parse_stmt.cpp
// (statements, blocks, function/class definitions), parse_expr.cpp (expressions, arguments,
// comprehensions), parse_pattern.cpp (match statements), parse_string.cpp (string, bytes and
// f-string literals, numbers) and parse_errors.cpp (targets and CPython's specific messages).
// Internal to pylang/parser/; the public entry point is parser.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pylang/ast/ast.h"
#include "pylang/parser/parser.h"
#include "pylang/parser/tokenizer.h"

namespace pyl::parser {

// Thrown to unwind to parse() once Parser::error_ holds the error; rare, so exceptions cost
// nothing on the common path and keep every rule free of error plumbing.
struct ParseFailure {};

bool startsExpression(TokenKind k);
// An expression CPython's invalid_* rules would parse as `bitwise_or` (no and/or/not,
// comparison, conditional, lambda or walrus at the top).
bool isBitwiseOrLevel(const ast::Expr* e);

// Shared by a parser and the sub-parsers it starts for f-string replacement fields.
struct ParseContext {
  std::string_view filename;
  ast::Arena* arena = nullptr;
  int depth = 0;  // nesting of recursive rules across sub-parsers (see kMaxDepth)
};

class Parser {
 public:
  // `text` is the decoded source the tokens index into; it must outlive the arena's tree only
  // through the copies the parser makes (identifiers are copied into the arena).
  Parser(const TokenStream& tokens, std::string_view text, ParseContext& context);

  ast::Mod* parse(Mode mode);
  // For f-string fields: parses `(expr)` text and returns the expression.
  ast::Expr* parseFStringExpression();

  SyntaxError error_;
  // Where node locations of a sub-parser are moved to (f-string fields).
  int lineShift_ = 0;
  int colShift_ = 0;
  bool inFString_ = false;
  bool textInArena_ = false;  // identifiers may point into the source text

 private:
  friend struct DepthGuard;
  friend struct ChainDepth;
  using Expr = ast::Expr;
  using Stmt = ast::Stmt;
  using Location = ast::Location;

  // ---- tokens (parser.cpp) ----
  // The token `ahead` positions on; reading the ErrorToken reports the tokenizer's error. Inline:
  // it is the parser's hottest function.
  const Token& peek(size_t ahead = 0) {
    size_t i = pos_ + ahead;
    if (i >= tokens_.size()) [[unlikely]]
      i = tokens_.size() - 1;
    if (i > furthest_) furthest_ = i;
    const Token& t = tokens_[i];
    if (t.kind == TokenKind::ErrorToken) [[unlikely]]
      failTokenizer();
    return t;
  }
  TokenKind kind(size_t ahead = 0) { return peek(ahead).kind; }
  bool check(TokenKind k) { return peek().kind == k; }
  bool accept(TokenKind k);
  const Token& advance();
  const Token& expect(TokenKind k);
  void expectForced(TokenKind k, const char* what);  // "expected ':'" before a NEWLINE
  void expectAlways(TokenKind k, const char* what);  // "expected ':'" whatever follows
  bool checkName(std::string_view word);
  std::string_view text(const Token& t) const { return text_.substr(t.start, t.end - t.start); }
  const Token& previous() const { return tokens_[pos_ - 1]; }
  Location spanFrom(const Token& first) const;
  Location tokenSpan(const Token& t) const;
  const Token& lastSignificant() const;
  Location spanFrom(const Location& first) const;
  ast::Identifier identifier(const Token& t);
  template <class T>
  T* node(const Location& loc) {
    T* n = context_.arena->make<T>();
    n->loc = loc;
    return n;
  }
  template <class T>
  ast::Seq<T> seq(const std::vector<T>& items) {
    return context_.arena->copySeq(items);
  }

  // ---- errors (parse_errors.cpp) ----
  [[noreturn]] void failGeneric();
  [[noreturn]] void failTokenizer();
  [[noreturn]] void failAt(SyntaxErrorType type, int lineno, int col, int endLineno, int endCol,
                           const std::string& message);
  [[noreturn]] void failAtToken(const Token& t, const std::string& message,
                                SyntaxErrorType type = SyntaxErrorType::SyntaxError);
  [[noreturn]] void failAtTokens(const Token& first, const Token& last, const std::string& message);
  [[noreturn]] void failAtNode(const Location& loc, const std::string& message);
  [[noreturn]] void failIndentedBlock(const char* what, int lineno);
  [[noreturn]] void failRecursion();
  const char* exprName(const Expr* e) const;
  void setContext(Expr* target, ast::ExprContext ctx, const char* verb);
  void checkAugTarget(Expr* target);
  void invalidAssignment(Expr* target, const Token& start, bool firstTarget);
  [[noreturn]] void failInvalidTarget(Expr* bad, const char* verb);
  Expr* findInvalidTarget(Expr* e, ast::ExprContext ctx);

  // ---- statements (parse_stmt.cpp) ----
  ast::StmtSeq parseStatementsUntil(TokenKind end);
  void parseStatement(std::vector<Stmt*>& out);
  void parseSimpleStatements(std::vector<Stmt*>& out);
  Stmt* parseSimpleStatement();
  Stmt* parseExpressionStatement();
  Stmt* parseCompoundStatement();
  ast::StmtSeq parseBlock(const char* what, int headerLine);
  Stmt* parseIf(const Token& first, bool isElif);
  Stmt* parseWhile();
  Stmt* parseFor(const Token& first, bool isAsync);
  Stmt* parseWith(const Token& first, bool isAsync);
  bool tryParenthesizedWithItems(std::vector<ast::WithItem*>& items);
  ast::WithItem* parseWithItem();
  Stmt* parseTry();
  ast::ExceptHandler* parseExceptClause(bool& isStar, bool first);
  Stmt* parseFunctionDef(const Token& first, std::vector<Expr*>& decorators, bool isAsync);
  Stmt* parseClassDef(const Token& first, std::vector<Expr*>& decorators);
  Stmt* parseDecorated();
  ast::Arguments* parseParameters(TokenKind close, bool allowAnnotations);
  ast::Arg* parseParameter(bool allowAnnotations, bool starAnnotation);
  Stmt* parseImport();
  Stmt* parseImportFrom();
  ast::Alias* parseDottedAlias();
  Stmt* parseGlobal(bool isNonlocal);
  Stmt* parseReturn();
  Stmt* parseRaise();
  Stmt* parseDel();
  Stmt* parseAssert();

  // ---- match (parse_pattern.cpp) ----
  Stmt* tryParseMatch();
  ast::MatchCase* parseCase();
  ast::Pattern* parsePatterns();
  ast::Pattern* parsePattern();
  ast::Pattern* parseOrPattern();
  ast::Pattern* parseClosedPattern();
  ast::Pattern* parseSequencePattern(TokenKind close, const Token& open);
  ast::Pattern* parseMappingPattern();
  ast::Pattern* parseClassPattern(Expr* cls);
  ast::Pattern* parseStarPattern();
  Expr* parseLiteralExpr(bool& isSingleton, ast::ConstantValue& singleton);
  Expr* parseSignedNumber();
  Expr* parseNameOrAttr();
  ast::Identifier parseCaptureName();

  // ---- expressions (parse_expr.cpp) ----
 public:
  Expr* parseExpression();

 private:
  Expr* parseStarExpressions();
  Expr* parseStarExpression();
  Expr* parseStarNamedExpressions(const Token& first, bool allowEmpty);
  Expr* parseStarNamedExpression();
  Expr* parseNamedExpression();
  Expr* parseDisjunction();
  Expr* parseConjunction();
  Expr* parseInversion();
  Expr* parseComparison();
  Expr* parseBitwiseOr();
  Expr* parseBitwiseXor();
  Expr* parseBitwiseAnd();
  Expr* parseShift();
  Expr* parseSum();
  Expr* parseTerm();
  Expr* parseFactor();
  Expr* parsePower();
  Expr* parseAwaitPrimary();
  Expr* parsePrimary(bool forTarget = false);
  Expr* parseAtom();
  Expr* parseParenthesized(const Token& open);
  Expr* parseListDisplay(const Token& open);
  Expr* parseBraceDisplay(const Token& open);
  Expr* parseSlices();
  Expr* parseSlice();
  Expr* parseLambda();
  Expr* parseYield();
  Expr* parseStarTargets();
  Expr* parseCall(Expr* func, bool classBases = false);
  ast::ComprehensionSeq parseComprehensions();
  [[noreturn]] void failUnparenthesizedTarget(const std::vector<Expr*>& elts);
  [[noreturn]] void failStarredDictValue();
  Expr* parseStarredBitwiseOr(const Token& star);
  Expr* parseExpressionsList(bool allowStar);  // exprlist: targets of for/del
  Expr* parseTupleOrSingle(Expr* first, const Token& firstTok, bool star, Expr* (Parser::*item)());

  // ---- literals (parse_string.cpp) ----
  Expr* parseNumber(const Token& t);
  Expr* parseStrings();
  struct StringBuilder;
  void decodeStringToken(const Token& t, StringBuilder& builder);
  void parseFString(const Token& t, std::string_view body, size_t bodyOffset, bool raw,
                    StringBuilder& builder, int depth);
  Expr* parseFStringField(const Token& t, std::string_view body, size_t& i, size_t bodyOffset,
                          bool raw, StringBuilder& builder, int depth);
  Expr* compileFStringExpression(const Token& t, std::string_view expr, size_t fileOffset,
                                 char terminator);
  [[noreturn]] void failFString(const Token& t, const std::string& message);
  [[noreturn]] void failString(const Token& t, const std::string& message);

  const std::vector<Token>& tokens_;
  const std::optional<TokenizerError>& tokenizerError_;
  const std::vector<OpenBracket>& openBrackets_;
  std::string_view text_;
  ParseContext& context_;
  size_t pos_ = 0;
  size_t furthest_ = 0;
  size_t fstringEnd_ = 0;  // where the last parseFString stopped in its body
  // How far compileFStringExpression has scanned the current f-string token for newlines.
  struct FieldScan {
    const Token* token = nullptr;
    size_t position = 0;
    int line = 0;
    size_t lineStart = 0;
  } fieldScan_;

 public:
  // The error is final: a tokenizer error or the recursion limit, which speculative parsing
  // (match statements, parenthesized with-items, CPython's invalid_* probes) must not swallow.
  bool fatal_ = false;
  bool errorFromTokenizer_ = false;
  bool unexpectedIndent_ = false;
  int furthestLine() const { return tokens_[furthest_].lineno; }
};

// Counts nesting of recursive rules; beyond kMaxDepth the parse fails cleanly instead of
// overflowing the C++ stack.
struct DepthGuard {
  static constexpr int kMaxDepth = 1500;
  explicit DepthGuard(Parser& parser) : parser_(parser) {
    if (++parser_.context_.depth > kMaxDepth) {
      --parser_.context_.depth;
      parser_.failRecursion();
    }
  }
  ~DepthGuard() { --parser_.context_.depth; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
  Parser& parser_;
};

// Counts the levels a loop adds to the tree it builds (a.b.c.d, 1+2+3: left-nested nodes made
// iteratively), so such chains hit the same depth limit as recursion: the tree's consumers
// (dump, compiler) walk it recursively.
struct ChainDepth {
  explicit ChainDepth(Parser& parser) : parser_(parser) {}
  ~ChainDepth() { parser_.context_.depth -= added_; }
  void deeper() {
    ++added_;
    if (++parser_.context_.depth > DepthGuard::kMaxDepth) parser_.failRecursion();
  }
  ChainDepth(const ChainDepth&) = delete;
  ChainDepth& operator=(const ChainDepth&) = delete;
  Parser& parser_;
  int added_ = 0;
};

}  // namespace pyl::parser
