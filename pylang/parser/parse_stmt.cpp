// Statements of the Python 3.11 grammar: simple statements (assignments, imports, flow
// control), compound statements and their blocks, function and class definitions with their
// parameter lists. Error messages for missing colons and indented blocks follow CPython's
// invalid_* rules.
#include "pylang/parser/parser_impl.h"

namespace pyl::parser {

using ast::Expr;
using ast::ExprContext;
using ast::Stmt;
using TK = TokenKind;

namespace {
bool isAugAssign(TokenKind k, ast::BinOperator& op) {
  switch (k) {
    case TK::PlusEqual:
      op = ast::BinOperator::Add;
      return true;
    case TK::MinEqual:
      op = ast::BinOperator::Sub;
      return true;
    case TK::StarEqual:
      op = ast::BinOperator::Mult;
      return true;
    case TK::AtEqual:
      op = ast::BinOperator::MatMult;
      return true;
    case TK::SlashEqual:
      op = ast::BinOperator::Div;
      return true;
    case TK::PercentEqual:
      op = ast::BinOperator::Mod;
      return true;
    case TK::AmperEqual:
      op = ast::BinOperator::BitAnd;
      return true;
    case TK::VBarEqual:
      op = ast::BinOperator::BitOr;
      return true;
    case TK::CircumflexEqual:
      op = ast::BinOperator::BitXor;
      return true;
    case TK::LeftShiftEqual:
      op = ast::BinOperator::LShift;
      return true;
    case TK::RightShiftEqual:
      op = ast::BinOperator::RShift;
      return true;
    case TK::DoubleStarEqual:
      op = ast::BinOperator::Pow;
      return true;
    case TK::DoubleSlashEqual:
      op = ast::BinOperator::FloorDiv;
      return true;
    default:
      return false;
  }
}
}  // namespace

ast::StmtSeq Parser::parseStatementsUntil(TokenKind end) {
  std::vector<Stmt*> body;
  while (!check(end)) parseStatement(body);
  return seq(body);
}

void Parser::parseStatement(std::vector<Stmt*>& out) {
  DepthGuard guard(*this);
  switch (kind()) {
    case TK::KwDef:
    case TK::KwIf:
    case TK::KwClass:
    case TK::KwWith:
    case TK::KwFor:
    case TK::KwTry:
    case TK::KwWhile:
    case TK::At:
      out.push_back(parseCompoundStatement());
      return;
    case TK::KwAsync:
      if (kind(1) == TK::KwDef || kind(1) == TK::KwWith || kind(1) == TK::KwFor) {
        out.push_back(parseCompoundStatement());
        return;
      }
      break;
    case TK::Name:
      if (checkName("match")) {
        if (Stmt* match = tryParseMatch()) {
          out.push_back(match);
          return;
        }
      }
      break;
    default:
      break;
  }
  parseSimpleStatements(out);
}

void Parser::parseSimpleStatements(std::vector<Stmt*>& out) {
  out.push_back(parseSimpleStatement());
  while (accept(TK::Semi)) {
    if (check(TK::Newline)) break;
    out.push_back(parseSimpleStatement());
  }
  if (!check(TK::Newline)) failGeneric();
  advance();
}

Stmt* Parser::parseSimpleStatement() {
  const Token& first = peek();
  switch (first.kind) {
    case TK::KwPass:
    case TK::KwBreak:
    case TK::KwContinue: {
      advance();
      Stmt* s = first.kind == TK::KwPass ? static_cast<Stmt*>(node<ast::Pass>(spanFrom(first)))
                : first.kind == TK::KwBreak
                    ? static_cast<Stmt*>(node<ast::Break>(spanFrom(first)))
                    : static_cast<Stmt*>(node<ast::Continue>(spanFrom(first)));
      return s;
    }
    case TK::KwReturn:
      return parseReturn();
    case TK::KwRaise:
      return parseRaise();
    case TK::KwGlobal:
      return parseGlobal(false);
    case TK::KwNonlocal:
      return parseGlobal(true);
    case TK::KwDel:
      return parseDel();
    case TK::KwAssert:
      return parseAssert();
    case TK::KwImport:
      return parseImport();
    case TK::KwFrom:
      return parseImportFrom();
    default:
      return parseExpressionStatement();
  }
}

// Assignments, annotated and augmented assignments, and expression statements.
Stmt* Parser::parseExpressionStatement() {
  const Token& first = peek();
  auto rhs = [&]() -> Expr* { return check(TK::KwYield) ? parseYield() : parseStarExpressions(); };
  Expr* e = rhs();
  if (check(TK::Colon)) {
    // annotated assignment: a single Name, Attribute or Subscript target. CPython's
    // invalid_assignment rules need `target ':' expression` to parse before they complain.
    advance();
    bool validTarget = (e->is<ast::Name>() || e->is<ast::Attribute>() || e->is<ast::Subscript>());
    size_t furthestBefore = furthest_;
    Expr* annotation = nullptr;
    try {
      annotation = parseExpression();
    } catch (const ParseFailure&) {
      if (fatal_ || validTarget) throw;
      // Without a valid target CPython's first pass never read the annotation.
      furthest_ = furthestBefore;
      failGeneric();
    }
    auto* tuple = e->as<ast::Tuple>();
    if (tuple && first.kind != TK::LPar) {
      failAtNode(tuple->elts[0]->loc, "only single target (not tuple) can be annotated");
    }
    if ((e->is<ast::Tuple>() || e->is<ast::List>())) {
      failAtNode(e->loc, std::string("only single target (not ") +
                             (e->is<ast::Tuple>() ? "tuple" : "list") + ") can be annotated");
    }
    if (!e->is<ast::Name>() && !e->is<ast::Attribute>() && !e->is<ast::Subscript>()) {
      failAtNode(e->loc, "illegal target for annotation");
    }
    Expr* value = nullptr;
    if (accept(TK::Equal)) value = rhs();
    setContext(e, ExprContext::Store, "assign to");
    auto* ann = node<ast::AnnAssign>(spanFrom(first));
    ann->target = e;
    ann->annotation = annotation;
    ann->value = value;
    ann->simple = e->is<ast::Name>() && first.kind == TK::Name ? 1 : 0;
    return ann;
  }
  ast::BinOperator op;
  if (isAugAssign(kind(), op)) {
    checkAugTarget(e);
    advance();
    Expr* value = rhs();
    auto* aug = node<ast::AugAssign>(spanFrom(first));
    aug->target = e;
    aug->op = op;
    aug->value = value;
    return aug;
  }
  if (check(TK::Equal)) {
    std::vector<Expr*> targets;
    Expr* value = e;
    const Token* start = &first;
    while (check(TK::Equal)) {
      invalidAssignment(value, *start, start == &first);
      targets.push_back(value);
      advance();
      start = &peek();
      value = rhs();
    }
    auto* assign = node<ast::Assign>(spanFrom(first));
    assign->targets = seq(targets);
    assign->value = value;
    return assign;
  }
  auto* stmt = node<ast::ExprStmt>(spanFrom(first));
  stmt->value = e;
  return stmt;
}

Stmt* Parser::parseReturn() {
  const Token& first = advance();
  Expr* value = startsExpression(kind()) ? parseStarExpressions() : nullptr;
  auto* ret = node<ast::Return>(spanFrom(first));
  ret->value = value;
  return ret;
}

Stmt* Parser::parseRaise() {
  const Token& first = advance();
  auto* raise = node<ast::Raise>(Location{});
  if (startsExpression(kind()) && !check(TK::Star)) {
    raise->exc = parseExpression();
    if (accept(TK::KwFrom)) raise->cause = parseExpression();
  }
  raise->loc = spanFrom(first);
  return raise;
}

Stmt* Parser::parseGlobal(bool isNonlocal) {
  const Token& first = advance();
  std::vector<ast::Identifier> names;
  do {
    names.push_back(identifier(expect(TK::Name)));
  } while (accept(TK::Comma));
  if (isNonlocal) {
    auto* s = node<ast::Nonlocal>(spanFrom(first));
    s->names = seq(names);
    return s;
  }
  auto* s = node<ast::Global>(spanFrom(first));
  s->names = seq(names);
  return s;
}

Stmt* Parser::parseDel() {
  const Token& first = advance();
  std::vector<Expr*> targets;
  for (;;) {
    Expr* target = check(TK::Star) ? parseStarredBitwiseOr(advance()) : parseBitwiseOr();
    targets.push_back(target);
    if (!accept(TK::Comma)) break;
    if (!startsExpression(kind())) break;
  }
  if (!check(TK::Newline) && !check(TK::Semi)) {
    // CPython's invalid_del_stmt re-reads the targets as star_expressions.
    if (kind() == TK::KwIn || kind() == TK::KwIf || kind() == TK::KwNot || kind() == TK::KwAnd ||
        kind() == TK::KwOr || kind() == TK::KwIs ||
        (kind() >= TK::Less && kind() <= TK::GreaterEqual) || kind() == TK::EqEqual ||
        kind() == TK::NotEqual) {
      pos_ = &first - tokens_.data() + 1;
      Expr* all = parseStarExpressions();
      setContext(all, ExprContext::Del, "delete");
    }
    failGeneric();
  }
  for (Expr* target : targets) setContext(target, ExprContext::Del, "delete");
  auto* del = node<ast::Delete>(spanFrom(first));
  del->targets = seq(targets);
  return del;
}

Stmt* Parser::parseAssert() {
  const Token& first = advance();
  Expr* test = parseExpression();
  Expr* msg = accept(TK::Comma) ? parseExpression() : nullptr;
  auto* assert = node<ast::Assert>(spanFrom(first));
  assert->test = test;
  assert->msg = msg;
  return assert;
}

// dotted_as_name: dotted_name ['as' NAME]
ast::Alias* Parser::parseDottedAlias() {
  const Token& first = expect(TK::Name);
  std::string name(identifier(first));
  while (accept(TK::Dot)) {
    name += '.';
    name += identifier(expect(TK::Name));
  }
  ast::Identifier asname;
  if (accept(TK::KwAs)) asname = identifier(expect(TK::Name));
  auto* alias = node<ast::Alias>(spanFrom(first));
  alias->name = context_.arena->copyString(name);
  alias->asname = asname;
  return alias;
}

Stmt* Parser::parseImport() {
  const Token& first = advance();
  std::vector<ast::Alias*> names;
  do {
    names.push_back(parseDottedAlias());
  } while (accept(TK::Comma));
  auto* import = node<ast::Import>(spanFrom(first));
  import->names = seq(names);
  return import;
}

Stmt* Parser::parseImportFrom() {
  const Token& first = advance();
  int level = 0;
  for (;;) {
    if (accept(TK::Dot))
      ++level;
    else if (accept(TK::Ellipsis))
      level += 3;
    else
      break;
  }
  ast::Identifier module;
  if (level == 0 || check(TK::Name)) {
    std::string name(identifier(expect(TK::Name)));
    while (accept(TK::Dot)) {
      name += '.';
      name += identifier(expect(TK::Name));
    }
    module = context_.arena->copyString(name);
  }
  expect(TK::KwImport);
  std::vector<ast::Alias*> names;
  if (check(TK::Star)) {
    const Token& star = advance();
    auto* alias = node<ast::Alias>(spanFrom(star));
    alias->name = context_.arena->copyString("*");
    names.push_back(alias);
  } else {
    bool parenthesized = accept(TK::LPar);
    for (;;) {
      const Token& nameTok = expect(TK::Name);
      ast::Identifier asname;
      if (accept(TK::KwAs)) asname = identifier(expect(TK::Name));
      auto* alias = node<ast::Alias>(spanFrom(nameTok));
      alias->name = identifier(nameTok);
      alias->asname = asname;
      names.push_back(alias);
      if (!accept(TK::Comma)) break;
      if (parenthesized && check(TK::RPar)) break;
      if (!parenthesized && check(TK::Newline)) {
        failAtToken(peek(), "trailing comma not allowed without surrounding parentheses");
      }
    }
    if (parenthesized) expect(TK::RPar);
  }
  auto* from = node<ast::ImportFrom>(spanFrom(first));
  from->module = module;
  from->names = seq(names);
  from->level = level;
  return from;
}

// ---- compound statements ----

// A ':' the grammar's invalid_* rules ask for only when the line ends there ("if x NEWLINE").
void Parser::expectForced(TokenKind k, const char* what) {
  if (check(k)) {
    advance();
    return;
  }
  if (check(TK::Newline)) failAtToken(peek(), std::string("expected '") + what + "'");
  failGeneric();
}

// A forced token (`&&':'` in CPython's grammar): anything else is "expected ':'" right there.
void Parser::expectAlways(TokenKind k, const char* what) {
  if (check(k)) {
    advance();
    return;
  }
  failAtToken(peek(), std::string("expected '") + what + "'");
}

ast::StmtSeq Parser::parseBlock(const char* what, int headerLine) {
  if (accept(TK::Newline)) {
    if (!check(TK::Indent)) failIndentedBlock(what, headerLine);
    advance();
    ast::StmtSeq body = parseStatementsUntil(TK::Dedent);
    advance();
    return body;
  }
  std::vector<Stmt*> body;
  parseSimpleStatements(body);
  return seq(body);
}

Stmt* Parser::parseCompoundStatement() {
  const Token& first = peek();
  switch (first.kind) {
    case TK::KwIf:
      return parseIf(advance(), false);
    case TK::KwWhile:
      return parseWhile();
    case TK::KwFor:
      return parseFor(first, false);
    case TK::KwWith:
      return parseWith(first, false);
    case TK::KwTry:
      return parseTry();
    case TK::KwClass: {
      std::vector<Expr*> none;
      return parseClassDef(first, none);
    }
    case TK::KwDef: {
      std::vector<Expr*> none;
      return parseFunctionDef(first, none, false);
    }
    case TK::At:
      return parseDecorated();
    case TK::KwAsync:
      advance();
      if (check(TK::KwDef)) {
        std::vector<Expr*> none;
        return parseFunctionDef(first, none, true);
      }
      if (check(TK::KwFor)) return parseFor(first, true);
      return parseWith(first, true);
    default:
      failGeneric();
  }
}

Stmt* Parser::parseIf(const Token& first, bool isElif) {
  DepthGuard guard(*this);  // an elif chain nests If nodes
  Expr* test = parseNamedExpression();
  expectForced(TK::Colon, ":");
  auto* stmt = node<ast::If>(Location{});
  stmt->test = test;
  stmt->body =
      parseBlock(isElif ? "'elif' statement" : "'if' statement", first.lineno + lineShift_);
  if (check(TK::KwElif)) {
    const Token& elif = advance();
    Stmt* nested = parseIf(elif, true);
    stmt->orelse = context_.arena->copySeq(&nested, 1);
  } else if (check(TK::KwElse)) {
    const Token& elseTok = advance();
    expectAlways(TK::Colon, ":");
    stmt->orelse = parseBlock("'else' statement", elseTok.lineno + lineShift_);
  }
  stmt->loc = spanFrom(first);
  return stmt;
}

Stmt* Parser::parseWhile() {
  const Token& first = advance();
  Expr* test = parseNamedExpression();
  expectForced(TK::Colon, ":");
  auto* stmt = node<ast::While>(Location{});
  stmt->test = test;
  stmt->body = parseBlock("'while' statement", first.lineno + lineShift_);
  if (check(TK::KwElse)) {
    const Token& elseTok = advance();
    expectAlways(TK::Colon, ":");
    stmt->orelse = parseBlock("'else' statement", elseTok.lineno + lineShift_);
  }
  stmt->loc = spanFrom(first);
  return stmt;
}

Stmt* Parser::parseFor(const Token& first, bool isAsync) {
  const Token& forTok = expect(TK::KwFor);
  Expr* target = parseStarTargets();
  if (!check(TK::KwIn)) failGeneric();
  advance();
  Expr* iter = parseStarExpressions();
  expectForced(TK::Colon, ":");
  ast::StmtSeq body = parseBlock("'for' statement", forTok.lineno + lineShift_);
  ast::StmtSeq orelse;
  if (check(TK::KwElse)) {
    const Token& elseTok = advance();
    expectAlways(TK::Colon, ":");
    orelse = parseBlock("'else' statement", elseTok.lineno + lineShift_);
  }
  if (isAsync) {
    auto* stmt = node<ast::AsyncFor>(spanFrom(first));
    stmt->target = target, stmt->iter = iter, stmt->body = body, stmt->orelse = orelse;
    return stmt;
  }
  auto* stmt = node<ast::For>(spanFrom(first));
  stmt->target = target, stmt->iter = iter, stmt->body = body, stmt->orelse = orelse;
  return stmt;
}

ast::WithItem* Parser::parseWithItem() {
  auto* item = context_.arena->make<ast::WithItem>();
  item->context_expr = parseExpression();
  if (accept(TK::KwAs)) {
    Expr* target = check(TK::Star) ? parseStarredBitwiseOr(advance()) : parseExpression();
    if (!check(TK::Comma) && !check(TK::RPar) && !check(TK::Colon) && !check(TK::Newline)) {
      failGeneric();
    }
    setContext(target, ExprContext::Store, "assign to");
    item->optional_vars = target;
  }
  return item;
}

// with '(' with_item, ... [','] ')' ':' -- tried first; on failure the parenthesis is read as
// the start of an expression.
bool Parser::tryParenthesizedWithItems(std::vector<ast::WithItem*>& items) {
  size_t save = pos_;
  try {
    expect(TK::LPar);
    for (;;) {
      items.push_back(parseWithItem());
      if (!accept(TK::Comma)) break;
      if (check(TK::RPar)) break;
    }
    expect(TK::RPar);
    if (!check(TK::Colon)) failGeneric();
    return true;
  } catch (const ParseFailure&) {
    if (fatal_) throw;
    items.clear();
    pos_ = save;
    return false;
  }
}

Stmt* Parser::parseWith(const Token& first, bool isAsync) {
  const Token& withTok = expect(TK::KwWith);
  std::vector<ast::WithItem*> items;
  if (!check(TK::LPar) || !tryParenthesizedWithItems(items)) {
    do {
      items.push_back(parseWithItem());
    } while (accept(TK::Comma));
  }
  expectForced(TK::Colon, ":");
  ast::StmtSeq body = parseBlock("'with' statement", withTok.lineno + lineShift_);
  if (isAsync) {
    auto* stmt = node<ast::AsyncWith>(spanFrom(first));
    stmt->items = seq(items), stmt->body = body;
    return stmt;
  }
  auto* stmt = node<ast::With>(spanFrom(first));
  stmt->items = seq(items), stmt->body = body;
  return stmt;
}

ast::ExceptHandler* Parser::parseExceptClause(bool& isStar, bool first) {
  const Token& exceptTok = advance();
  bool star = accept(TK::Star);
  if (!first && star != isStar) {
    failAtTokens(exceptTok, previous(),
                 "cannot have both 'except' and 'except*' on the same 'try'");
  }
  isStar = star;
  auto* handler = node<ast::ExceptHandler>(Location{});
  if (!check(TK::Colon)) {
    const Token& typeStart = peek();
    Expr* type = parseExpression();
    if (check(TK::Comma)) {
      advance();
      Expr* last = parseExpression();
      while (accept(TK::Comma)) last = parseExpression();
      if (check(TK::Colon) || check(TK::KwAs)) {
        Location loc = tokenSpan(typeStart);
        failAt(SyntaxErrorType::SyntaxError, loc.lineno, loc.col_offset, last->loc.end_lineno,
               last->loc.end_col_offset, "multiple exception types must be parenthesized");
      }
      failGeneric();
    }
    handler->type = type;
    if (accept(TK::KwAs)) handler->name = identifier(expect(TK::Name));
  } else if (star) {
    failAtToken(peek(), "expected one or more exception types");
  }
  expectForced(TK::Colon, ":");
  handler->body = parseBlock(star ? "'except*' statement" : "'except' statement",
                             exceptTok.lineno + lineShift_);
  handler->loc = spanFrom(exceptTok);
  return handler;
}

Stmt* Parser::parseTry() {
  const Token& first = advance();
  expectAlways(TK::Colon, ":");
  ast::StmtSeq body = parseBlock("'try' statement", first.lineno + lineShift_);
  std::vector<ast::ExceptHandler*> handlers;
  bool isStar = false;
  while (check(TK::KwExcept)) handlers.push_back(parseExceptClause(isStar, handlers.empty()));
  ast::StmtSeq orelse, finalbody;
  if (!handlers.empty() && check(TK::KwElse)) {
    const Token& elseTok = advance();
    expectAlways(TK::Colon, ":");
    orelse = parseBlock("'else' statement", elseTok.lineno + lineShift_);
  }
  if (check(TK::KwFinally)) {
    const Token& finallyTok = advance();
    expectAlways(TK::Colon, ":");
    finalbody = parseBlock("'finally' statement", finallyTok.lineno + lineShift_);
  }
  if (handlers.empty() && finalbody.empty())
    failAtToken(peek(), "expected 'except' or 'finally' block");
  if (isStar) {
    auto* stmt = node<ast::TryStar>(spanFrom(first));
    stmt->body = body, stmt->handlers = seq(handlers), stmt->orelse = orelse,
    stmt->finalbody = finalbody;
    return stmt;
  }
  auto* stmt = node<ast::Try>(spanFrom(first));
  stmt->body = body, stmt->handlers = seq(handlers), stmt->orelse = orelse,
  stmt->finalbody = finalbody;
  return stmt;
}

Stmt* Parser::parseDecorated() {
  std::vector<Expr*> decorators;
  while (accept(TK::At)) {
    decorators.push_back(parseNamedExpression());
    if (!check(TK::Newline)) failGeneric();
    advance();
  }
  const Token& first = peek();
  if (check(TK::KwClass)) return parseClassDef(first, decorators);
  if (check(TK::KwDef)) return parseFunctionDef(first, decorators, false);
  if (check(TK::KwAsync) && kind(1) == TK::KwDef) {
    advance();
    return parseFunctionDef(first, decorators, true);
  }
  failGeneric();
}

Stmt* Parser::parseFunctionDef(const Token& first, std::vector<Expr*>& decorators, bool isAsync) {
  const Token& defTok = expect(TK::KwDef);
  const Token& name = expect(TK::Name);
  expectAlways(TK::LPar, "(");
  ast::Arguments* args = parseParameters(TK::RPar, true);
  expect(TK::RPar);
  // ['->' expression] is optional: if it does not parse, the forced ':' reports at the '->'.
  Expr* returns = nullptr;
  if (check(TK::RArrow)) {
    size_t save = pos_;
    try {
      advance();
      returns = parseExpression();
    } catch (const ParseFailure&) {
      if (fatal_ || error_.message != "invalid syntax") throw;
      pos_ = save;
    }
  }
  expectAlways(TK::Colon, ":");
  ast::StmtSeq body = parseBlock("function definition", defTok.lineno + lineShift_);
  if (isAsync) {
    auto* def = node<ast::AsyncFunctionDef>(spanFrom(first));
    def->name = identifier(name), def->args = args, def->body = body;
    def->decorator_list = seq(decorators), def->returns = returns;
    return def;
  }
  auto* def = node<ast::FunctionDef>(spanFrom(first));
  def->name = identifier(name), def->args = args, def->body = body;
  def->decorator_list = seq(decorators), def->returns = returns;
  return def;
}

Stmt* Parser::parseClassDef(const Token& first, std::vector<Expr*>& decorators) {
  const Token& classTok = expect(TK::KwClass);
  const Token& name = expect(TK::Name);
  auto* def = node<ast::ClassDef>(Location{});
  if (check(TK::LPar)) {
    auto* call = parseCall(nullptr, true)->as<ast::Call>();
    def->bases = call->args;
    def->keywords = call->keywords;
  }
  expectForced(TK::Colon, ":");
  def->body = parseBlock("class definition", classTok.lineno + lineShift_);
  def->name = identifier(name);
  def->decorator_list = seq(decorators);
  def->loc = spanFrom(first);
  return def;
}

ast::Arg* Parser::parseParameter(bool allowAnnotations, bool starAnnotation) {
  const Token& name = expect(TK::Name);
  auto* arg = node<ast::Arg>(Location{});
  arg->arg = identifier(name);
  if (allowAnnotations && accept(TK::Colon)) {
    if (starAnnotation && check(TK::Star)) {
      arg->annotation = parseStarredBitwiseOr(advance());
    } else {
      arg->annotation = parseExpression();
    }
  }
  arg->loc = spanFrom(name);
  return arg;
}

// parameters of `def` (annotations allowed, closed by ')') and `lambda` (closed by ':').
ast::Arguments* Parser::parseParameters(TokenKind close, bool allowAnnotations) {
  auto* args = context_.arena->make<ast::Arguments>();
  std::vector<ast::Arg*> positional, kwonly;
  std::vector<Expr*> defaults, kwDefaults;
  size_t posonlyCount = 0;
  bool sawSlash = false, sawStar = false;
  const Token* barestar = nullptr;
  while (!check(close)) {
    const Token& t = peek();
    if (args->kwarg) failAtToken(t, "arguments cannot follow var-keyword argument");
    if (t.kind == TK::Slash) {
      if (sawStar) failAtToken(t, "/ must be ahead of *");
      if (sawSlash) failAtToken(t, "/ may appear only once");
      if (positional.empty() && kind(1) == TK::Comma) {
        failAtToken(t, "at least one argument must precede /");
      }
      if (positional.empty()) failAtToken(t, "invalid syntax");  // CPython stopped at the '/'.
      advance();
      sawSlash = true;
      posonlyCount = positional.size();
    } else if (t.kind == TK::Star) {
      if (sawStar) failAtToken(t, "* argument may appear only once");
      advance();
      sawStar = true;
      if (check(TK::Comma) || check(close)) {
        barestar = &t;
        // CPython's invalid_star_etc / invalid_lambda_star_etc: `*` then the end, or `*, **`.
        bool bare =
            check(close) || (check(TK::Comma) && (kind(1) == close || kind(1) == TK::DoubleStar));
        if (bare) {
          if (allowAnnotations) failAtToken(t, "named arguments must follow bare *");
          if (check(TK::Comma)) advance();
          failAtToken(peek(), "named arguments must follow bare *");
        }
      } else {
        args->vararg = parseParameter(allowAnnotations, true);
        if (check(TK::Equal))
          failAtToken(peek(), "var-positional argument cannot have default value");
      }
    } else if (t.kind == TK::DoubleStar) {
      advance();
      args->kwarg = parseParameter(allowAnnotations, false);
      if (check(TK::Equal)) failAtToken(peek(), "var-keyword argument cannot have default value");
    } else if (t.kind == TK::LPar) {
      // CPython's invalid_parameters / invalid_lambda_parameters.
      size_t save = pos_;
      advance();
      bool names = check(TK::Name);
      while (check(TK::Name) || check(TK::Comma)) advance();
      if (names && check(TK::RPar)) {
        failAtTokens(t, peek(),
                     allowAnnotations ? "Function parameters cannot be parenthesized"
                                      : "Lambda expression parameters cannot be parenthesized");
      }
      pos_ = save;
      failGeneric();
    } else if (t.kind == TK::Name) {
      ast::Arg* arg = parseParameter(allowAnnotations, false);
      if (check(TK::Equal) && (kind(1) == TK::Comma || kind(1) == close)) {
        failAtToken(peek(), "expected default value expression");
      }
      Expr* value = accept(TK::Equal) ? parseExpression() : nullptr;
      if (sawStar) {
        kwonly.push_back(arg);
        kwDefaults.push_back(value);
      } else {
        if (!value && !defaults.empty() && (check(TK::Comma) || check(close))) {
          failAtNode(arg->loc, "non-default argument follows default argument");
        }
        positional.push_back(arg);
        if (value) defaults.push_back(value);
      }
    } else {
      failGeneric();
    }
    if (!accept(TK::Comma)) break;
  }
  if (barestar && kwonly.empty()) {
    failAtToken(*barestar, "named arguments must follow bare *");
  }
  if (!check(close)) failGeneric();
  args->posonlyargs = context_.arena->copySeq(positional.data(), posonlyCount);
  args->args =
      context_.arena->copySeq(positional.data() + posonlyCount, positional.size() - posonlyCount);
  args->kwonlyargs = seq(kwonly);
  args->kw_defaults = seq(kwDefaults);
  args->defaults = seq(defaults);
  return args;
}

}  // namespace pyl::parser
