// The parser's entry point and token plumbing: parse() runs the tokenizer and the parser and
// decides, as CPython does, which of a tokenizer error and a parser error is reported.
#include "pylang/parser/parser.h"

#include "pylang/ast/unicode_data.h"
#include "pylang/parser/parser_impl.h"
#include "pylang/parser/source.h"

namespace pyl::parser {

Parser::Parser(const TokenStream& tokens, std::string_view text, ParseContext& context)
    : tokens_(tokens.tokens),
      tokenizerError_(tokens.error),
      openBrackets_(tokens.openBrackets),
      text_(text),
      context_(context) {}

bool Parser::accept(TokenKind k) {
  if (peek().kind != k) return false;
  ++pos_;
  return true;
}

const Token& Parser::advance() {
  const Token& t = peek();
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return t;
}

const Token& Parser::expect(TokenKind k) {
  if (peek().kind != k) failGeneric();
  return advance();
}

bool Parser::checkName(std::string_view word) {
  const Token& t = peek();
  return t.kind == TokenKind::Name && text(t) == word;
}

// Locations of a sub-parser (an f-string field) are moved to where its text sits in the file:
// its line 1 starts at column colShift_ of line 1 + lineShift_.
ast::Location Parser::tokenSpan(const Token& t) const {
  return {t.lineno + lineShift_, t.col + (t.lineno == 1 ? colShift_ : 0), t.end_lineno + lineShift_,
          t.end_col + (t.end_lineno == 1 ? colShift_ : 0)};
}

// The last token read that is not NEWLINE/INDENT/DEDENT ends a node (CPython's
// _PyPegen_get_last_nonnwhitespace_token): a block's statement ends with its last statement.
const Token& Parser::lastSignificant() const {
  size_t i = pos_ > 0 ? pos_ - 1 : 0;
  while (i > 0 && (tokens_[i].kind == TokenKind::Newline || tokens_[i].kind == TokenKind::Indent ||
                   tokens_[i].kind == TokenKind::Dedent)) {
    --i;
  }
  return tokens_[i];
}

ast::Location Parser::spanFrom(const Token& first) const {
  Location start = tokenSpan(first);
  Location end = tokenSpan(lastSignificant());
  return {start.lineno, start.col_offset, end.end_lineno, end.end_col_offset};
}

ast::Location Parser::spanFrom(const Location& first) const {
  Location end = tokenSpan(lastSignificant());
  return {first.lineno, first.col_offset, end.end_lineno, end.end_col_offset};
}

ast::Identifier Parser::identifier(const Token& t) {
  std::string_view name = text(t);
  // PEP 3131: non-ASCII names are NFKC-normalized (CPython's verify_identifier).
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 0x80)
      return context_.arena->copyString(ast::normalizeNfkc(name));
  }
  // The top-level source text lives in the arena, so names point into it; a sub-parser's text
  // (an f-string field) is temporary and its names are copied.
  if (textInArena_) return name;
  return context_.arena->copyString(name);
}

ast::Mod* Parser::parse(Mode mode) {
  switch (mode) {
    case Mode::Exec: {
      auto* module = context_.arena->make<ast::Module>();
      module->body = parseStatementsUntil(TokenKind::EndMarker);
      return module;
    }
    case Mode::Eval: {
      // eval: expressions NEWLINE* ENDMARKER (no starred items, unlike star_expressions).
      auto* expression = context_.arena->make<ast::Expression>();
      const Token& first = peek();
      Expr* e = parseExpression();
      if (check(TokenKind::Comma)) {
        std::vector<Expr*> elts{e};
        while (accept(TokenKind::Comma)) {
          if (!startsExpression(kind()) || check(TokenKind::Star)) break;
          elts.push_back(parseExpression());
        }
        auto* tuple = node<ast::Tuple>(spanFrom(first));
        tuple->elts = seq(elts);
        tuple->ctx = ast::ExprContext::Load;
        e = tuple;
      }
      expression->body = e;
      while (accept(TokenKind::Newline)) {
      }
      expect(TokenKind::EndMarker);
      return expression;
    }
    case Mode::Single: {
      auto* interactive = context_.arena->make<ast::Interactive>();
      std::vector<Stmt*> body;
      if (check(TokenKind::EndMarker)) {
        // CPython's statement_newline takes ENDMARKER as the end of the interactive session,
        // an error at the last line with no column.
        int lines = 0;
        for (char c : text_) lines += c == '\n';
        if (!text_.empty() && text_.back() != '\n') ++lines;
        failAt(SyntaxErrorType::SyntaxError, lines, -1, lines, -1, "invalid syntax");
      }
      parseStatement(body);
      if (!check(TokenKind::EndMarker)) {
        // CPython's bad_single_statement: more than one statement in "single" mode.
        failAtToken(previous(), "multiple statements found while compiling a single statement");
      }
      interactive->body = seq(body);
      return interactive;
    }
    case Mode::FuncType: {
      auto* type = context_.arena->make<ast::FunctionType>();
      expect(TokenKind::LPar);
      std::vector<Expr*> args;
      while (!check(TokenKind::RPar)) {
        // type_expressions: '*' and '**' prefixes are read and dropped, as CPython does.
        if (!accept(TokenKind::Star)) accept(TokenKind::DoubleStar);
        args.push_back(parseExpression());
        if (!accept(TokenKind::Comma)) break;
      }
      expect(TokenKind::RPar);
      expect(TokenKind::RArrow);
      type->argtypes = seq(args);
      type->returns = parseExpression();
      while (accept(TokenKind::Newline)) {
      }
      expect(TokenKind::EndMarker);
      return type;
    }
  }
  failGeneric();
}

// CPython's fstring rule: star_expressions over "(expr)", so the wrapping parentheses belong
// to the expression (a tuple's location spans them, i.e. the braces in the file).
ast::Expr* Parser::parseFStringExpression() {
  Expr* e = parseStarExpressions();
  if (!check(TokenKind::EndMarker) && !check(TokenKind::Newline)) failGeneric();
  return e;
}

namespace {

SyntaxError fromTokenizerError(const TokenizerError& t, std::string_view text,
                               std::string_view filename) {
  SyntaxError error;
  error.type = t.type;
  error.message = t.message;
  error.filename = std::string(filename);
  error.lineno = t.lineno;
  error.offset = t.offset;
  error.end_lineno = t.end_lineno;
  error.end_offset = t.end_offset;
  error.text = std::string(sourceLine(text, t.lineno));
  return error;
}

}  // namespace

ParseResult parse(std::string_view source, std::string_view filename, Mode mode, ast::Arena& arena,
                  bool sourceIsText) {
  ParseResult result;
  DecodedSource decoded = decodeSource(source, filename, sourceIsText);
  if (decoded.error) {
    result.error = std::move(decoded.error);
    return result;
  }
  std::string_view text = arena.copyString(decoded.text);
  TokenStream tokens = tokenize(text);
  ParseContext context{filename, &arena, 0};
  Parser parser(tokens, text, context);
  parser.textInArena_ = true;
  try {
    result.mod = parser.parse(mode);
  } catch (const ParseFailure&) {
    result.error = std::move(parser.error_);
    // CPython's _PyPegen_tokenize_full_source_to_check_for_errors: after a parser error the
    // rest of the source is tokenized; an error raised inside the tokenizer replaces the
    // parser's, and so does a bracket left open on a line before the one the parser stopped on.
    // An "unexpected indent/unindent" is final: CPython raises it without that second look.
    if (!parser.errorFromTokenizer_ && result.error->type != SyntaxErrorType::RecursionError &&
        !parser.unexpectedIndent_ && tokens.error) {
      if (tokens.error->hard) {
        result.error = fromTokenizerError(*tokens.error, decoded.text, filename);
      } else if (!tokens.openBrackets.empty() &&
                 parser.furthestLine() > tokens.openBrackets.back().lineno) {
        const OpenBracket& open = tokens.openBrackets.back();
        SyntaxError error;
        error.message = std::string("'") + open.bracket + "' was never closed";
        error.filename = std::string(filename);
        error.lineno = open.lineno;
        error.end_lineno = open.lineno;
        error.text = std::string(sourceLine(decoded.text, open.lineno));
        error.offset = byteColumnToOffset(error.text, open.col);
        error.end_offset = 0;
        result.error = std::move(error);
      }
    }
  }
  return result;
}

}  // namespace pyl::parser
