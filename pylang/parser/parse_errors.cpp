// How the parser fails: building SyntaxErrors with CPython's locations and wording, the
// generic "invalid syntax" at the furthest token read, assignment/deletion target checks
// (CPython's _PyPegen_get_invalid_target and invalid_assignment rules), and the final choice
// between a parser error and a tokenizer error.
#include "pylang/parser/parser_impl.h"
#include "pylang/parser/source.h"

namespace pyl::parser {

using ast::Expr;
using ast::ExprContext;
using ast::ExprKind;
using TK = TokenKind;

void Parser::failAt(SyntaxErrorType type, int lineno, int col, int endLineno, int endCol,
                    const std::string& message) {
  // Locations from nodes are in file coordinates; errors of an f-string field are reported
  // with columns and text of its own "(expr)" source, on the file's line (CPython 3.11).
  int subLine = lineno - lineShift_;
  if (subLine == 1) col -= colShift_;
  if (endLineno - lineShift_ == 1) endCol -= colShift_;
  error_ = SyntaxError{};
  error_.type = type;
  error_.message = inFString_ ? "f-string: " + message : message;
  error_.filename = std::string(context_.filename);
  std::string_view line = sourceLine(text_, subLine);
  error_.lineno = lineno;
  error_.end_lineno = endLineno;
  error_.text = std::string(line);
  error_.offset = byteColumnToOffset(line, col);
  error_.end_offset = endCol < 0 ? -1 : byteColumnToOffset(line, endCol);
  throw ParseFailure{};
}

void Parser::failAtToken(const Token& t, const std::string& message, SyntaxErrorType type) {
  Location loc = tokenSpan(t);
  failAt(type, loc.lineno, loc.col_offset, loc.end_lineno, loc.end_col_offset, message);
}

void Parser::failAtTokens(const Token& first, const Token& last, const std::string& message) {
  Location a = tokenSpan(first), b = tokenSpan(last);
  failAt(SyntaxErrorType::SyntaxError, a.lineno, a.col_offset, b.end_lineno, b.end_col_offset,
         message);
}

void Parser::failAtNode(const Location& loc, const std::string& message) {
  failAt(SyntaxErrorType::SyntaxError, loc.lineno, loc.col_offset, loc.end_lineno,
         loc.end_col_offset, message);
}

void Parser::failGeneric() {
  const Token& t = tokens_[furthest_];
  if (t.kind == TK::ErrorToken) failTokenizer();
  if (t.kind == TK::Indent || t.kind == TK::Dedent) {
    // CPython points past the indentation, which leaves no caret once it is stripped.
    error_ = SyntaxError{};
    error_.type = SyntaxErrorType::IndentationError;
    error_.message = t.kind == TK::Indent ? "unexpected indent" : "unexpected unindent";
    unexpectedIndent_ = true;
    if (inFString_) error_.message = "f-string: " + error_.message;
    error_.filename = std::string(context_.filename);
    error_.lineno = t.lineno + lineShift_;
    error_.end_lineno = t.lineno;
    error_.text = std::string(sourceLine(text_, t.lineno));
    error_.offset = t.end_col;
    error_.end_offset = -1;
    throw ParseFailure{};
  }
  failAtToken(t, "invalid syntax");
}

void Parser::failTokenizer() {
  const TokenizerError& t = *tokenizerError_;
  error_ = SyntaxError{};
  error_.type = t.type;
  error_.message = inFString_ ? "f-string: " + t.message : t.message;
  error_.filename = std::string(context_.filename);
  error_.lineno = t.lineno + lineShift_;
  error_.offset = t.offset;
  error_.end_lineno = t.end_lineno;
  error_.end_offset = t.end_offset;
  error_.text = std::string(sourceLine(text_, t.lineno));
  fatal_ = true;
  errorFromTokenizer_ = true;
  throw ParseFailure{};
}

void Parser::failIndentedBlock(const char* what, int lineno) {
  // CPython gives this IndentationError no end column: one caret under the token.
  Location loc = tokenSpan(peek());
  failAt(SyntaxErrorType::IndentationError, loc.lineno, loc.col_offset, loc.end_lineno, -1,
         std::string("expected an indented block after ") + what + " on line " +
             std::to_string(lineno));
}

void Parser::failRecursion() {
  error_ = SyntaxError{};
  error_.type = SyntaxErrorType::RecursionError;
  error_.message = "maximum recursion depth exceeded during compilation";
  error_.filename = std::string(context_.filename);
  fatal_ = true;
  throw ParseFailure{};
}

// CPython's _PyPegen_get_expr_name.
const char* Parser::exprName(const Expr* e) const {
  switch (e->tag) {
    case ExprKind::Attribute:
      return "attribute";
    case ExprKind::Subscript:
      return "subscript";
    case ExprKind::Starred:
      return "starred";
    case ExprKind::Name:
      return "name";
    case ExprKind::List:
      return "list";
    case ExprKind::Tuple:
      return "tuple";
    case ExprKind::Lambda:
      return "lambda";
    case ExprKind::Call:
      return "function call";
    case ExprKind::BoolOp:
    case ExprKind::BinOp:
    case ExprKind::UnaryOp:
      return "expression";
    case ExprKind::GeneratorExp:
      return "generator expression";
    case ExprKind::Yield:
    case ExprKind::YieldFrom:
      return "yield expression";
    case ExprKind::Await:
      return "await expression";
    case ExprKind::ListComp:
      return "list comprehension";
    case ExprKind::SetComp:
      return "set comprehension";
    case ExprKind::DictComp:
      return "dict comprehension";
    case ExprKind::Dict:
      return "dict literal";
    case ExprKind::Set:
      return "set display";
    case ExprKind::JoinedStr:
    case ExprKind::FormattedValue:
      return "f-string expression";
    case ExprKind::Constant:
      switch (static_cast<const ast::Constant*>(e)->value.kind) {
        case ast::ConstantKind::None:
          return "None";
        case ast::ConstantKind::True:
          return "True";
        case ast::ConstantKind::False:
          return "False";
        case ast::ConstantKind::Ellipsis:
          return "ellipsis";
        default:
          return "literal";
      }
    case ExprKind::Compare:
      return "comparison";
    case ExprKind::IfExp:
      return "conditional expression";
    case ExprKind::NamedExpr:
      return "named expression";
    default:
      return "expression";
  }
}

// CPython's _PyPegen_get_invalid_target: the first sub-expression that cannot be a target.
Expr* Parser::findInvalidTarget(Expr* e, ExprContext ctx) {
  switch (e->tag) {
    case ExprKind::List:
      for (Expr* elt : e->as<ast::List>()->elts) {
        if (Expr* bad = findInvalidTarget(elt, ctx)) return bad;
      }
      return nullptr;
    case ExprKind::Tuple:
      for (Expr* elt : e->as<ast::Tuple>()->elts) {
        if (Expr* bad = findInvalidTarget(elt, ctx)) return bad;
      }
      return nullptr;
    case ExprKind::Starred:
      if (ctx == ExprContext::Del) return e;
      return findInvalidTarget(e->as<ast::Starred>()->value, ctx);
    case ExprKind::Name:
    case ExprKind::Subscript:
    case ExprKind::Attribute:
      return nullptr;
    default:
      return e;
  }
}

void Parser::failInvalidTarget(Expr* bad, const char* verb) {
  failAtNode(bad->loc, std::string("cannot ") + verb + " " + exprName(bad));
}

void Parser::setContext(Expr* target, ExprContext ctx, const char* verb) {
  if (Expr* bad = findInvalidTarget(target, ctx)) failInvalidTarget(bad, verb);
  switch (target->tag) {
    case ExprKind::Name:
      target->as<ast::Name>()->ctx = ctx;
      break;
    case ExprKind::Attribute:
      target->as<ast::Attribute>()->ctx = ctx;
      break;
    case ExprKind::Subscript:
      target->as<ast::Subscript>()->ctx = ctx;
      break;
    case ExprKind::Starred: {
      auto* starred = target->as<ast::Starred>();
      starred->ctx = ctx;
      setContext(starred->value, ctx, verb);
      break;
    }
    case ExprKind::Tuple: {
      auto* tuple = target->as<ast::Tuple>();
      tuple->ctx = ctx;
      for (Expr* elt : tuple->elts) setContext(elt, ctx, verb);
      break;
    }
    case ExprKind::List: {
      auto* list = target->as<ast::List>();
      list->ctx = ctx;
      for (Expr* elt : list->elts) setContext(elt, ctx, verb);
      break;
    }
    default:
      break;
  }
}

void Parser::checkAugTarget(Expr* target) {
  if (target->is<ast::Name>() || target->is<ast::Attribute>() || target->is<ast::Subscript>()) {
    setContext(target, ExprContext::Store, "assign to");
    return;
  }
  failAtNode(target->loc, std::string("'") + exprName(target) +
                              "' is an illegal expression for augmented assignment");
}

// An assignment target followed by '=': CPython's invalid_assignment and
// invalid_named_expression decide between "cannot assign to X", its "here. Maybe you meant
// '=='" variant (the first target, directly followed by `= value`), and the yield message.
void Parser::invalidAssignment(Expr* target, const Token& start, bool firstTarget) {
  Expr* bad = findInvalidTarget(target, ExprContext::Store);
  if (!bad) {
    setContext(target, ExprContext::Store, "assign to");
    return;
  }
  if ((target->is<ast::Yield>() || target->is<ast::YieldFrom>()) && start.kind == TK::KwYield) {
    failAtNode(target->loc, "assignment to yield expression not possible");
  }
  if (firstTarget) {
    Expr* candidate = target;
    if (auto* tuple = target->as<ast::Tuple>(); tuple && start.kind != TK::LPar) {
      Expr* last = tuple->elts.back();
      candidate = last->loc.end_col_offset == tuple->loc.end_col_offset &&
                          last->loc.end_lineno == tuple->loc.end_lineno
                      ? last
                      : nullptr;
    }
    auto* constant = candidate ? candidate->as<ast::Constant>() : nullptr;
    bool excluded = !candidate || candidate->is<ast::List>() || candidate->is<ast::Tuple>() ||
                    candidate->is<ast::GeneratorExp>() || candidate->is<ast::Starred>() ||
                    (constant && (constant->value.kind == ast::ConstantKind::True ||
                                  constant->value.kind == ast::ConstantKind::False ||
                                  constant->value.kind == ast::ConstantKind::None));
    if (candidate == bad && !excluded && isBitwiseOrLevel(bad)) {
      size_t save = pos_;
      advance();  // '='
      bool here = false;
      if (startsExpression(kind()) && !check(TK::Star)) {
        try {
          parseBitwiseOr();
          here = !check(TK::Equal) && !check(TK::ColonEqual);
        } catch (const ParseFailure&) {
          if (fatal_) throw;
        }
      }
      pos_ = save;
      if (here) {
        failAtNode(bad->loc, std::string("cannot assign to ") + exprName(bad) +
                                 " here. Maybe you meant '==' instead of '='?");
      }
    }
  }
  failInvalidTarget(bad, "assign to");
}

}  // namespace pyl::parser
