// Expressions of the Python 3.11 grammar, from star_expressions down to atoms, plus call
// arguments, subscripts, displays and comprehensions. One function per grammar rule, named
// after it; operator precedence is the call chain disjunction -> ... -> primary -> atom.
#include "pylang/parser/parser_impl.h"

namespace pyl::parser {

using ast::Expr;
using ast::ExprContext;
using TK = TokenKind;

// Tokens that can begin an expression (used to tell a trailing comma from a list element).
bool startsExpression(TokenKind k) {
  switch (k) {
    case TK::Name:
    case TK::Number:
    case TK::String:
    case TK::LPar:
    case TK::LSqb:
    case TK::LBrace:
    case TK::Minus:
    case TK::Plus:
    case TK::Tilde:
    case TK::Star:
    case TK::KwNot:
    case TK::KwLambda:
    case TK::KwAwait:
    case TK::KwNone:
    case TK::KwTrue:
    case TK::KwFalse:
    case TK::Ellipsis:
      return true;
    default:
      return false;
  }
}

bool isBitwiseOrLevel(const Expr* e) {
  switch (e->tag) {
    case ast::ExprKind::BoolOp:
    case ast::ExprKind::Compare:
    case ast::ExprKind::IfExp:
    case ast::ExprKind::Lambda:
    case ast::ExprKind::NamedExpr:
      return false;
    case ast::ExprKind::UnaryOp:
      return static_cast<const ast::UnaryOp*>(e)->op != ast::UnaryOperator::Not;
    default:
      return true;
  }
}

Expr* Parser::parseStarExpressions() {
  const Token& first = peek();
  Expr* e = parseStarExpression();
  if (!check(TK::Comma)) return e;
  std::vector<Expr*> elts{e};
  while (accept(TK::Comma)) {
    if (!startsExpression(kind())) break;
    elts.push_back(parseStarExpression());
  }
  auto* tuple = node<ast::Tuple>(spanFrom(first));
  tuple->elts = seq(elts);
  tuple->ctx = ExprContext::Load;
  return tuple;
}

Expr* Parser::parseStarExpression() {
  if (check(TK::Star)) return parseStarredBitwiseOr(advance());
  return parseExpression();
}

Expr* Parser::parseStarredBitwiseOr(const Token& star) {
  DepthGuard guard(*this);
  Expr* value = parseBitwiseOr();
  auto* starred = node<ast::Starred>(spanFrom(star));
  starred->value = value;
  starred->ctx = ExprContext::Load;
  return starred;
}

// star_named_expressions as the elements of a list/set display or an unparenthesized tuple.
Expr* Parser::parseStarNamedExpression() {
  if (check(TK::Star)) return parseStarredBitwiseOr(advance());
  return parseNamedExpression();
}

Expr* Parser::parseNamedExpression() {
  DepthGuard guard(*this);
  const Token& first = peek();
  if (first.kind == TK::Name && kind(1) == TK::ColonEqual) {
    advance();
    advance();
    auto* target = node<ast::Name>(tokenSpan(first));
    target->id = identifier(first);
    target->ctx = ExprContext::Store;
    Expr* value = parseExpression();
    auto* named = node<ast::NamedExpr>(spanFrom(first));
    named->target = target;
    named->value = value;
    return named;
  }
  Expr* e = parseExpression();
  if (check(TK::ColonEqual)) {
    failAtNode(e->loc, std::string("cannot use assignment expressions with ") + exprName(e));
  }
  if (check(TK::Equal)) {
    // CPython's invalid_named_expression: `x = 1` where a condition was expected.
    size_t save = pos_;
    size_t saveFurthest = furthest_;
    bool isName =
        e->is<ast::Name>() && first.kind == TK::Name && first.end == tokens_[pos_ - 1].end;
    advance();
    if (startsExpression(kind()) && !check(TK::Star)) {
      try {
        Expr* rhs = parseBitwiseOr();
        if (!check(TK::Equal) && !check(TK::ColonEqual)) {
          if (isName) {
            failAt(SyntaxErrorType::SyntaxError, e->loc.lineno, e->loc.col_offset,
                   rhs->loc.end_lineno, rhs->loc.end_col_offset,
                   "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
          }
          bool excluded = e->is<ast::List>() || e->is<ast::Tuple>() || e->is<ast::GeneratorExp>() ||
                          first.kind == TK::KwTrue || first.kind == TK::KwNone ||
                          first.kind == TK::KwFalse;
          if (!excluded && isBitwiseOrLevel(e)) {
            failAtNode(e->loc, std::string("cannot assign to ") + exprName(e) +
                                   " here. Maybe you meant '==' instead of '='?");
          }
        }
      } catch (const ParseFailure&) {
        if (fatal_ || error_.message.find("Maybe you meant") != std::string::npos) throw;
      }
    }
    pos_ = save;
    furthest_ = std::max(furthest_, saveFurthest);
  }
  return e;
}

Expr* Parser::parseExpression() {
  DepthGuard guard(*this);
  if (check(TK::KwLambda)) return parseLambda();
  const Token& first = peek();
  Expr* body = parseDisjunction();
  if (check(TK::KwIf)) {
    advance();
    Expr* test = parseDisjunction();
    if (!check(TK::KwElse)) {
      if (!check(TK::Colon)) {
        failAt(SyntaxErrorType::SyntaxError, body->loc.lineno, body->loc.col_offset,
               test->loc.end_lineno, test->loc.end_col_offset,
               "expected 'else' after 'if' expression");
      }
      failGeneric();
    }
    advance();
    Expr* orelse = parseExpression();
    auto* ifexp = node<ast::IfExp>(spanFrom(first));
    ifexp->test = test;
    ifexp->body = body;
    ifexp->orelse = orelse;
    return ifexp;
  }
  // CPython's invalid_expression: two expressions side by side inside brackets.
  if (startsExpression(kind()) && !check(TK::Star) && !check(TK::Minus) && !check(TK::Plus)) {
    std::string_view firstText = text(first);
    bool softKeyword =
        first.kind == TK::Name && (firstText == "match" || firstText == "case" || firstText == "_");
    bool legacy = body->is<ast::Name>() && (firstText == "print" || firstText == "exec");
    if (legacy && !check(TK::LPar)) {
      Expr* rest = parseStarExpressions();
      std::string name(firstText);
      failAt(SyntaxErrorType::SyntaxError, body->loc.lineno, body->loc.col_offset,
             rest->loc.end_lineno, rest->loc.end_col_offset,
             "Missing parentheses in call to '" + name + "'. Did you mean " + name + "(...)?");
    }
    bool nameString = first.kind == TK::Name && (&first)[1].kind == TK::String;
    if (!softKeyword && !legacy && !nameString && previous().level > 0) {
      size_t save = pos_;
      try {
        Expr* next = parseExpression();
        failAt(SyntaxErrorType::SyntaxError, body->loc.lineno, body->loc.col_offset,
               next->loc.end_lineno, next->loc.end_col_offset,
               "invalid syntax. Perhaps you forgot a comma?");
      } catch (const ParseFailure&) {
        if (fatal_ || error_.message.find("Perhaps you forgot a comma?") != std::string::npos)
          throw;
      }
      pos_ = save;
    }
  }
  return body;
}

Expr* Parser::parseDisjunction() {
  const Token& first = peek();
  Expr* e = parseConjunction();
  if (!check(TK::KwOr)) return e;
  std::vector<Expr*> values{e};
  while (accept(TK::KwOr)) values.push_back(parseConjunction());
  auto* op = node<ast::BoolOp>(spanFrom(first));
  op->op = ast::BoolOperator::Or;
  op->values = seq(values);
  return op;
}

Expr* Parser::parseConjunction() {
  const Token& first = peek();
  Expr* e = parseInversion();
  if (!check(TK::KwAnd)) return e;
  std::vector<Expr*> values{e};
  while (accept(TK::KwAnd)) values.push_back(parseInversion());
  auto* op = node<ast::BoolOp>(spanFrom(first));
  op->op = ast::BoolOperator::And;
  op->values = seq(values);
  return op;
}

Expr* Parser::parseInversion() {
  if (check(TK::KwNot)) {
    DepthGuard guard(*this);
    const Token& first = advance();
    Expr* operand = parseInversion();
    auto* op = node<ast::UnaryOp>(spanFrom(first));
    op->op = ast::UnaryOperator::Not;
    op->operand = operand;
    return op;
  }
  return parseComparison();
}

Expr* Parser::parseComparison() {
  const Token& first = peek();
  Expr* left = parseBitwiseOr();
  std::vector<ast::CmpOperator> ops;
  std::vector<Expr*> comparators;
  for (;;) {
    ast::CmpOperator op;
    switch (kind()) {
      case TK::EqEqual:
        op = ast::CmpOperator::Eq;
        break;
      case TK::NotEqual:
        op = ast::CmpOperator::NotEq;
        break;
      case TK::Less:
        op = ast::CmpOperator::Lt;
        break;
      case TK::LessEqual:
        op = ast::CmpOperator::LtE;
        break;
      case TK::Greater:
        op = ast::CmpOperator::Gt;
        break;
      case TK::GreaterEqual:
        op = ast::CmpOperator::GtE;
        break;
      case TK::KwIn:
        op = ast::CmpOperator::In;
        break;
      case TK::KwIs:
        op = kind(1) == TK::KwNot ? ast::CmpOperator::IsNot : ast::CmpOperator::Is;
        break;
      case TK::KwNot:
        if (kind(1) != TK::KwIn) goto done;
        op = ast::CmpOperator::NotIn;
        break;
      default:
        goto done;
    }
    advance();
    if (op == ast::CmpOperator::IsNot || op == ast::CmpOperator::NotIn) advance();
    ops.push_back(op);
    comparators.push_back(parseBitwiseOr());
  }
done:
  if (ops.empty()) return left;
  auto* compare = node<ast::Compare>(spanFrom(first));
  compare->left = left;
  compare->ops = seq(ops);
  compare->comparators = seq(comparators);
  return compare;
}

#define PYL_BINARY_RULE(function, next, ...)           \
  Expr* Parser::function() {                           \
    const Token& first = peek();                       \
    Expr* left = next();                               \
    ChainDepth chain(*this);                           \
    for (;;) {                                         \
      ast::BinOperator op;                             \
      switch (kind()) {                                \
        __VA_ARGS__                                    \
        default:                                       \
          return left;                                 \
      }                                                \
      advance();                                       \
      chain.deeper();                                  \
      Expr* right = next();                            \
      auto* binop = node<ast::BinOp>(spanFrom(first)); \
      binop->left = left;                              \
      binop->op = op;                                  \
      binop->right = right;                            \
      left = binop;                                    \
    }                                                  \
  }
#define PYL_CASE(token, binop)    \
  case TK::token:                 \
    op = ast::BinOperator::binop; \
    break;

PYL_BINARY_RULE(parseBitwiseOr, parseBitwiseXor, PYL_CASE(VBar, BitOr))
PYL_BINARY_RULE(parseBitwiseXor, parseBitwiseAnd, PYL_CASE(Circumflex, BitXor))
PYL_BINARY_RULE(parseBitwiseAnd, parseShift, PYL_CASE(Amper, BitAnd))
PYL_BINARY_RULE(parseShift, parseSum, PYL_CASE(LeftShift, LShift) PYL_CASE(RightShift, RShift))
PYL_BINARY_RULE(parseSum, parseTerm, PYL_CASE(Plus, Add) PYL_CASE(Minus, Sub))
PYL_BINARY_RULE(parseTerm, parseFactor,
                PYL_CASE(Star, Mult) PYL_CASE(Slash, Div) PYL_CASE(DoubleSlash, FloorDiv)
                    PYL_CASE(Percent, Mod) PYL_CASE(At, MatMult))
#undef PYL_CASE
#undef PYL_BINARY_RULE

Expr* Parser::parseFactor() {
  ast::UnaryOperator op;
  switch (kind()) {
    case TK::Plus:
      op = ast::UnaryOperator::UAdd;
      break;
    case TK::Minus:
      op = ast::UnaryOperator::USub;
      break;
    case TK::Tilde:
      op = ast::UnaryOperator::Invert;
      break;
    default:
      return parsePower();
  }
  DepthGuard guard(*this);
  const Token& first = advance();
  Expr* operand = parseFactor();
  auto* unary = node<ast::UnaryOp>(spanFrom(first));
  unary->op = op;
  unary->operand = operand;
  return unary;
}

Expr* Parser::parsePower() {
  const Token& first = peek();
  Expr* base = parseAwaitPrimary();
  if (!accept(TK::DoubleStar)) return base;
  DepthGuard guard(*this);
  Expr* exponent = parseFactor();
  auto* binop = node<ast::BinOp>(spanFrom(first));
  binop->left = base;
  binop->op = ast::BinOperator::Pow;
  binop->right = exponent;
  return binop;
}

Expr* Parser::parseAwaitPrimary() {
  if (check(TK::KwAwait)) {
    DepthGuard guard(*this);
    const Token& first = advance();
    Expr* value = parsePrimary();
    auto* await = node<ast::Await>(spanFrom(first));
    await->value = value;
    return await;
  }
  return parsePrimary();
}

Expr* Parser::parsePrimary(bool forTarget) {
  (void)forTarget;
  DepthGuard guard(*this);
  const Token& first = peek();
  Expr* e = parseAtom();
  ChainDepth chain(*this);
  for (;;) {
    if (kind() == TK::Dot || kind() == TK::LPar || kind() == TK::LSqb) chain.deeper();
    switch (kind()) {
      case TK::Dot: {
        advance();
        const Token& name = expect(TK::Name);
        auto* attribute = node<ast::Attribute>(spanFrom(first));
        attribute->value = e;
        attribute->attr = identifier(name);
        attribute->ctx = ExprContext::Load;
        e = attribute;
        break;
      }
      case TK::LPar:
        e = parseCall(e);
        e->loc = spanFrom(first);
        break;
      case TK::LSqb: {
        advance();
        Expr* slice = parseSlices();
        expect(TK::RSqb);
        auto* subscript = node<ast::Subscript>(spanFrom(first));
        subscript->value = e;
        subscript->slice = slice;
        subscript->ctx = ExprContext::Load;
        e = subscript;
        break;
      }
      default:
        return e;
    }
  }
}

Expr* Parser::parseSlices() {
  const Token& first = peek();
  Expr* e = parseSlice();
  if (!check(TK::Comma) && !e->is<ast::Starred>()) return e;
  std::vector<Expr*> elts{e};
  while (accept(TK::Comma)) {
    if (!startsExpression(kind()) && !check(TK::Colon)) break;
    elts.push_back(parseSlice());
  }
  auto* tuple = node<ast::Tuple>(spanFrom(first));
  tuple->elts = seq(elts);
  tuple->ctx = ExprContext::Load;
  return tuple;
}

Expr* Parser::parseSlice() {
  const Token& first = peek();
  if (check(TK::Star)) return parseStarredBitwiseOr(advance());
  Expr* lower = nullptr;
  if (!check(TK::Colon)) {
    Expr* e = parseNamedExpression();
    if (!check(TK::Colon)) return e;
    if (e->is<ast::NamedExpr>()) failGeneric();
    lower = e;
  }
  expect(TK::Colon);
  Expr* upper = nullptr;
  Expr* step = nullptr;
  if (!check(TK::Colon) && !check(TK::Comma) && !check(TK::RSqb)) upper = parseExpression();
  if (accept(TK::Colon)) {
    if (!check(TK::Comma) && !check(TK::RSqb)) step = parseExpression();
  }
  auto* slice = node<ast::Slice>(spanFrom(first));
  slice->lower = lower;
  slice->upper = upper;
  slice->step = step;
  return slice;
}

Expr* Parser::parseAtom() {
  const Token& t = peek();
  switch (t.kind) {
    case TK::Name: {
      advance();
      auto* name = node<ast::Name>(spanFrom(t));
      name->id = identifier(t);
      name->ctx = ExprContext::Load;
      return name;
    }
    case TK::KwTrue:
    case TK::KwFalse:
    case TK::KwNone:
    case TK::Ellipsis: {
      advance();
      auto* constant = node<ast::Constant>(spanFrom(t));
      constant->value.kind = t.kind == TK::KwTrue    ? ast::ConstantKind::True
                             : t.kind == TK::KwFalse ? ast::ConstantKind::False
                             : t.kind == TK::KwNone  ? ast::ConstantKind::None
                                                     : ast::ConstantKind::Ellipsis;
      return constant;
    }
    case TK::Number:
      advance();
      return parseNumber(t);
    case TK::String:
      return parseStrings();
    case TK::LPar:
      advance();
      return parseParenthesized(t);
    case TK::LSqb:
      advance();
      return parseListDisplay(t);
    case TK::LBrace:
      advance();
      return parseBraceDisplay(t);
    default:
      failGeneric();
  }
}

Expr* Parser::parseParenthesized(const Token& open) {
  DepthGuard guard(*this);
  if (accept(TK::RPar)) {
    auto* tuple = node<ast::Tuple>(spanFrom(open));
    tuple->ctx = ExprContext::Load;
    return tuple;
  }
  if (check(TK::KwYield)) {
    Expr* e = parseYield();
    expect(TK::RPar);
    return e;
  }
  if (check(TK::DoubleStar)) {
    const Token& stars = advance();
    Expr* value = parseExpression();
    if (check(TK::RPar)) {
      (void)value;
      failAtToken(stars, "cannot use double starred expression here");
    }
    failGeneric();
  }
  Expr* first = parseStarNamedExpression();
  if (check(TK::KwFor) || check(TK::KwAsync)) {
    if (first->is<ast::Starred>()) {
      failAtNode(first->loc, "iterable unpacking cannot be used in comprehension");
    }
    ast::ComprehensionSeq generators = parseComprehensions();
    expect(TK::RPar);
    auto* genexp = node<ast::GeneratorExp>(spanFrom(open));
    genexp->elt = first;
    genexp->generators = generators;
    return genexp;
  }
  if (accept(TK::RPar)) {
    if (first->is<ast::Starred>()) failAtNode(first->loc, "cannot use starred expression here");
    return first;
  }
  if (!check(TK::Comma)) failGeneric();
  std::vector<Expr*> elts{first};
  while (accept(TK::Comma)) {
    if (!startsExpression(kind())) break;
    elts.push_back(parseStarNamedExpression());
  }
  expect(TK::RPar);
  auto* tuple = node<ast::Tuple>(spanFrom(open));
  tuple->elts = seq(elts);
  tuple->ctx = ExprContext::Load;
  return tuple;
}

Expr* Parser::parseListDisplay(const Token& open) {
  DepthGuard guard(*this);
  std::vector<Expr*> elts;
  if (!check(TK::RSqb)) {
    Expr* first = parseStarNamedExpression();
    if (check(TK::KwFor) || check(TK::KwAsync)) {
      if (first->is<ast::Starred>()) {
        failAtNode(first->loc, "iterable unpacking cannot be used in comprehension");
      }
      ast::ComprehensionSeq generators = parseComprehensions();
      expect(TK::RSqb);
      auto* comp = node<ast::ListComp>(spanFrom(open));
      comp->elt = first;
      comp->generators = generators;
      return comp;
    }
    elts.push_back(first);
    while (accept(TK::Comma)) {
      if (!startsExpression(kind())) break;
      elts.push_back(parseStarNamedExpression());
    }
    if (elts.size() > 1 && (check(TK::KwFor) || check(TK::KwAsync)))
      failUnparenthesizedTarget(elts);
  }
  expect(TK::RSqb);
  auto* list = node<ast::List>(spanFrom(open));
  list->elts = seq(elts);
  list->ctx = ExprContext::Load;
  return list;
}

Expr* Parser::parseBraceDisplay(const Token& open) {
  DepthGuard guard(*this);
  if (accept(TK::RBrace)) return node<ast::Dict>(spanFrom(open));
  std::vector<Expr*> keys, values;
  // The first item decides between dict and set.
  if (check(TK::DoubleStar)) {
    const Token& stars = advance();
    keys.push_back(nullptr);
    values.push_back(parseBitwiseOr());
    if (check(TK::KwFor) || check(TK::KwAsync)) {
      failAtToken(stars, "dict unpacking cannot be used in dict comprehension");
    }
  } else {
    bool bareWalrus = check(TK::Name) && kind(1) == TK::ColonEqual;
    Expr* first = parseStarNamedExpression();
    if (!accept(TK::Colon)) {
      if (check(TK::KwFor) || check(TK::KwAsync)) {
        if (first->is<ast::Starred>()) {
          failAtNode(first->loc, "iterable unpacking cannot be used in comprehension");
        }
        ast::ComprehensionSeq generators = parseComprehensions();
        expect(TK::RBrace);
        auto* comp = node<ast::SetComp>(spanFrom(open));
        comp->elt = first;
        comp->generators = generators;
        return comp;
      }
      std::vector<Expr*> elts{first};
      while (accept(TK::Comma)) {
        if (!startsExpression(kind())) break;
        elts.push_back(parseStarNamedExpression());
      }
      if (elts.size() > 1 && (check(TK::KwFor) || check(TK::KwAsync)))
        failUnparenthesizedTarget(elts);
      expect(TK::RBrace);
      auto* set = node<ast::Set>(spanFrom(open));
      set->elts = seq(elts);
      return set;
    }
    if (first->is<ast::Starred>() || bareWalrus) failGeneric();
    if (check(TK::RBrace) || check(TK::Comma)) {
      failAtToken(previous(), "expression expected after dictionary key and ':'");
    }
    if (check(TK::Star)) failStarredDictValue();
    Expr* value = parseExpression();
    if (check(TK::KwFor) || check(TK::KwAsync)) {
      ast::ComprehensionSeq generators = parseComprehensions();
      expect(TK::RBrace);
      auto* comp = node<ast::DictComp>(spanFrom(open));
      comp->key = first;
      comp->value = value;
      comp->generators = generators;
      return comp;
    }
    keys.push_back(first);
    values.push_back(value);
  }
  while (accept(TK::Comma)) {
    if (check(TK::DoubleStar)) {
      advance();
      keys.push_back(nullptr);
      values.push_back(parseBitwiseOr());
      continue;
    }
    if (!startsExpression(kind()) || check(TK::Star)) break;
    Expr* key = parseExpression();
    if (!check(TK::Colon)) {
      failAt(SyntaxErrorType::SyntaxError, key->loc.lineno, key->loc.end_col_offset - 1,
             key->loc.end_lineno, -1, "':' expected after dictionary key");
    }
    const Token& colon = advance();
    if (check(TK::RBrace) || check(TK::Comma)) {
      failAtToken(colon, "expression expected after dictionary key and ':'");
    }
    if (check(TK::Star)) failStarredDictValue();
    keys.push_back(key);
    values.push_back(parseExpression());
  }
  expect(TK::RBrace);
  auto* dict = node<ast::Dict>(spanFrom(open));
  dict->keys = seq(keys);
  dict->values = seq(values);
  return dict;
}

// `{k: *v}`: CPython reports from the '*' to the end of what it read.
void Parser::failStarredDictValue() {
  const Token& star = advance();
  Expr* value = parseBitwiseOr();
  failAt(SyntaxErrorType::SyntaxError, star.lineno, star.col, value->loc.end_lineno,
         value->loc.end_col_offset, "cannot use a starred expression in a dictionary value");
}

// CPython's invalid_comprehension: `[a, b for ...]`.
void Parser::failUnparenthesizedTarget(const std::vector<Expr*>& elts) {
  const Location& a = elts.front()->loc;
  const Location& b = elts.back()->loc;
  failAt(SyntaxErrorType::SyntaxError, a.lineno, a.col_offset, b.end_lineno, b.end_col_offset,
         "did you forget parentheses around the comprehension target?");
}

ast::ComprehensionSeq Parser::parseComprehensions() {
  std::vector<ast::Comprehension*> generators;
  while (check(TK::KwFor) || (check(TK::KwAsync) && kind(1) == TK::KwFor)) {
    auto* comp = context_.arena->make<ast::Comprehension>();
    if (accept(TK::KwAsync)) comp->is_async = 1;
    expect(TK::KwFor);
    comp->target = parseStarTargets();
    if (!check(TK::KwIn)) failGeneric();
    advance();
    comp->iter = parseDisjunction();
    std::vector<Expr*> ifs;
    while (accept(TK::KwIf)) ifs.push_back(parseDisjunction());
    comp->ifs = seq(ifs);
    generators.push_back(comp);
  }
  return seq(generators);
}

// star_targets of `for` loops and comprehensions: an expression list at the bitwise_or level
// (so `in` ends it), then checked and turned into Store context.
Expr* Parser::parseStarTargets() {
  Expr* target = parseExpressionsList(true);
  setContext(target, ExprContext::Store, "assign to");
  return target;
}

Expr* Parser::parseExpressionsList(bool allowStar) {
  const Token& first = peek();
  auto item = [&]() -> Expr* {
    if (allowStar && check(TK::Star)) return parseStarredBitwiseOr(advance());
    return parseBitwiseOr();
  };
  Expr* e = item();
  if (!check(TK::Comma)) return e;
  std::vector<Expr*> elts{e};
  while (accept(TK::Comma)) {
    if (!startsExpression(kind())) break;
    elts.push_back(item());
  }
  auto* tuple = node<ast::Tuple>(spanFrom(first));
  tuple->elts = seq(elts);
  tuple->ctx = ExprContext::Load;
  return tuple;
}

Expr* Parser::parseCall(Expr* func, bool classBases) {
  DepthGuard guard(*this);
  const Token& open = expect(TK::LPar);
  std::vector<Expr*> args;
  std::vector<ast::Keyword*> keywords;
  bool sawKeyword = false, sawDoubleStar = false;
  // CPython's _PyPegen_arguments_parsing_error is raised once all arguments are read, at the
  // last token read.
  const char* pendingError = nullptr;
  int count = 0;
  while (!check(TK::RPar)) {
    ++count;
    const Token& first = peek();
    if (first.kind == TK::Star) {
      advance();
      Expr* value = parseExpression();
      if (sawDoubleStar) {
        failAtTokens(first, first,
                     "iterable argument unpacking follows keyword argument unpacking");
      }
      auto* starred = node<ast::Starred>(spanFrom(first));
      starred->value = value;
      starred->ctx = ExprContext::Load;
      args.push_back(starred);
    } else if (first.kind == TK::DoubleStar) {
      advance();
      Expr* value = parseExpression();
      auto* keyword = node<ast::Keyword>(spanFrom(first));
      keyword->value = value;
      keywords.push_back(keyword);
      sawDoubleStar = true;
    } else if (first.kind == TK::Name && kind(1) == TK::Equal) {
      advance();
      advance();
      Expr* value = parseExpression();
      auto* keyword = node<ast::Keyword>(spanFrom(first));
      keyword->arg = identifier(first);
      keyword->value = value;
      keywords.push_back(keyword);
      sawKeyword = true;
    } else {
      Expr* value;
      if (first.kind == TK::Name && kind(1) == TK::ColonEqual) {
        value = parseNamedExpression();
      } else {
        value = parseExpression();
        if (check(TK::ColonEqual)) failGeneric();  // arguments are not named_expressions
      }
      if (check(TK::Equal)) {
        if (first.kind == TK::KwTrue || first.kind == TK::KwFalse || first.kind == TK::KwNone) {
          if (&previous() == &first) {
            failAtTokens(first, peek(), "cannot assign to " + std::string(text(first)));
          }
        }
        const Token& eq = peek();
        failAt(SyntaxErrorType::SyntaxError, value->loc.lineno, value->loc.col_offset,
               eq.end_lineno, eq.end_col,
               "expression cannot contain assignment, perhaps you meant \"==\"?");
      }
      if ((check(TK::KwFor) || check(TK::KwAsync)) && classBases && count == 1) failGeneric();
      if (check(TK::KwFor) || check(TK::KwAsync)) {
        ast::ComprehensionSeq generators = parseComprehensions();
        auto* genexp = node<ast::GeneratorExp>(spanFrom(first));
        genexp->elt = value;
        genexp->generators = generators;
        bool alone = count == 1 && check(TK::RPar);
        if (!alone) {
          failAt(SyntaxErrorType::SyntaxError, value->loc.lineno, value->loc.col_offset,
                 genexp->loc.end_lineno, genexp->loc.end_col_offset,
                 "Generator expression must be parenthesized");
        }
        genexp->loc = {open.lineno + lineShift_, open.col + (open.lineno == 1 ? colShift_ : 0), 0,
                       0};
        expect(TK::RPar);
        genexp->loc = spanFrom(genexp->loc);
        args.push_back(genexp);
        auto* call = node<ast::Call>(func ? func->loc : Location{});
        call->func = func;
        call->args = seq(args);
        return call;
      }
      if (!pendingError && sawDoubleStar) {
        pendingError = "positional argument follows keyword argument unpacking";
      } else if (!pendingError && sawKeyword) {
        pendingError = "positional argument follows keyword argument";
      }
      args.push_back(value);
    }
    if (!accept(TK::Comma)) break;
  }
  if (pendingError) {
    peek();
    failAtToken(tokens_[furthest_], pendingError);
  }
  expect(TK::RPar);
  auto* call = node<ast::Call>(func ? func->loc : Location{});
  call->func = func;
  call->args = seq(args);
  call->keywords = seq(keywords);
  return call;
}

Expr* Parser::parseLambda() {
  DepthGuard guard(*this);
  const Token& first = expect(TK::KwLambda);
  ast::Arguments* args = parseParameters(TK::Colon, false);
  expect(TK::Colon);
  Expr* body = parseExpression();
  auto* lambda = node<ast::Lambda>(spanFrom(first));
  lambda->args = args;
  lambda->body = body;
  return lambda;
}

Expr* Parser::parseYield() {
  const Token& first = expect(TK::KwYield);
  if (accept(TK::KwFrom)) {
    Expr* value = parseExpression();
    auto* yieldFrom = node<ast::YieldFrom>(spanFrom(first));
    yieldFrom->value = value;
    return yieldFrom;
  }
  Expr* value = nullptr;
  if (startsExpression(kind())) value = parseStarExpressions();
  auto* yield = node<ast::Yield>(spanFrom(first));
  yield->value = value;
  return yield;
}

}  // namespace pyl::parser
