// The match statement (PEP 634): `match` is a soft keyword, so a statement starting with the
// name `match` is first tried as a match statement and re-read as an ordinary statement if it is
// not one (CPython's PEG parser does the same by ordered choice). Patterns follow the 3.11
// grammar: or/as patterns, literals, captures, wildcards, values, groups, sequences, mappings
// and class patterns.
#include "pylang/parser/parser_impl.h"

namespace pyl::parser {

using ast::Expr;
using ast::Pattern;
using TK = TokenKind;

Parser::Stmt* Parser::tryParseMatch() {
  if (!startsExpression(kind(1))) return nullptr;
  size_t save = pos_;
  const Token& first = advance();
  Expr* subject = nullptr;
  try {
    const Token& subjectStart = peek();
    Expr* e = parseStarNamedExpression();
    if (check(TK::Comma)) {
      std::vector<Expr*> elts{e};
      while (accept(TK::Comma)) {
        if (!startsExpression(kind())) break;
        elts.push_back(parseStarNamedExpression());
      }
      auto* tuple = node<ast::Tuple>(spanFrom(subjectStart));
      tuple->elts = seq(elts);
      tuple->ctx = ast::ExprContext::Load;
      e = tuple;
    } else if (e->is<ast::Starred>()) {
      failGeneric();
    }
    subject = e;
    if (!check(TK::Colon) || kind(1) != TK::Newline) failGeneric();
  } catch (const ParseFailure&) {
    if (fatal_) throw;
    pos_ = save;
    return nullptr;
  }
  advance();  // ':'
  advance();  // NEWLINE
  if (!check(TK::Indent)) failIndentedBlock("'match' statement", first.lineno + lineShift_);
  advance();
  std::vector<ast::MatchCase*> cases;
  while (checkName("case")) cases.push_back(parseCase());
  if (cases.empty() || !check(TK::Dedent)) failGeneric();
  advance();
  auto* match = node<ast::Match>(spanFrom(first));
  match->subject = subject;
  match->cases = seq(cases);
  return match;
}

ast::MatchCase* Parser::parseCase() {
  const Token& caseTok = advance();
  auto* matchCase = context_.arena->make<ast::MatchCase>();
  matchCase->pattern = parsePatterns();
  if (accept(TK::KwIf)) matchCase->guard = parseNamedExpression();
  expectForced(TK::Colon, ":");
  matchCase->body = parseBlock("'case' statement", caseTok.lineno + lineShift_);
  return matchCase;
}

// patterns: open_sequence_pattern | pattern
Pattern* Parser::parsePatterns() {
  const Token& first = peek();
  Pattern* p = check(TK::Star) ? parseStarPattern() : parsePattern();
  if (!check(TK::Comma)) {
    if (p->is<ast::MatchStar>()) failGeneric();
    return p;
  }
  std::vector<Pattern*> patterns{p};
  while (accept(TK::Comma)) {
    if (check(TK::Colon) || check(TK::KwIf)) break;
    patterns.push_back(check(TK::Star) ? parseStarPattern() : parsePattern());
  }
  auto* sequence = node<ast::MatchSequence>(spanFrom(first));
  sequence->patterns = seq(patterns);
  return sequence;
}

// pattern: or_pattern ['as' NAME]
Pattern* Parser::parsePattern() {
  DepthGuard guard(*this);
  const Token& first = peek();
  Pattern* p = parseOrPattern();
  if (!accept(TK::KwAs)) return p;
  const Token& name = peek();
  if (name.kind == TK::Name && text(name) == "_") failAtToken(name, "cannot use '_' as a target");
  if (name.kind != TK::Name) {
    if (startsExpression(name.kind)) {
      Expr* bad = parseExpression();
      failAtNode(bad->loc, std::string("invalid pattern target"));
    }
    failGeneric();
  }
  advance();
  auto* as = node<ast::MatchAs>(spanFrom(first));
  as->pattern = p;
  as->name = identifier(name);
  return as;
}

Pattern* Parser::parseOrPattern() {
  const Token& first = peek();
  Pattern* p = parseClosedPattern();
  if (!check(TK::VBar)) return p;
  std::vector<Pattern*> patterns{p};
  while (accept(TK::VBar)) patterns.push_back(parseClosedPattern());
  auto* orPattern = node<ast::MatchOr>(spanFrom(first));
  orPattern->patterns = seq(patterns);
  return orPattern;
}

Pattern* Parser::parseStarPattern() {
  const Token& star = expect(TK::Star);
  const Token& name = expect(TK::Name);
  auto* p = node<ast::MatchStar>(spanFrom(star));
  if (text(name) != "_") p->name = identifier(name);
  return p;
}

// signed_number, or a complex literal `real +/- imag`, as an expression.
Expr* Parser::parseSignedNumber() {
  const Token& first = peek();
  Expr* e;
  if (check(TK::Minus)) {
    advance();
    Expr* number = parseNumber(expect(TK::Number));
    auto* neg = node<ast::UnaryOp>(spanFrom(first));
    neg->op = ast::UnaryOperator::USub;
    neg->operand = number;
    e = neg;
  } else {
    e = parseNumber(expect(TK::Number));
  }
  if (check(TK::Plus) || check(TK::Minus)) {
    bool plus = check(TK::Plus);
    advance();
    const Token& imagTok = expect(TK::Number);
    Expr* imag = parseNumber(imagTok);
    if (imag->as<ast::Constant>()->value.kind != ast::ConstantKind::Complex) {
      failAtNode(imag->loc, "imaginary number required in complex literal");
    }
    auto* sum = node<ast::BinOp>(spanFrom(first));
    sum->left = e;
    sum->op = plus ? ast::BinOperator::Add : ast::BinOperator::Sub;
    sum->right = imag;
    return sum;
  }
  return e;
}

// The key of a mapping pattern or a literal pattern's value: numbers, strings, None/True/False.
Expr* Parser::parseLiteralExpr(bool& isSingleton, ast::ConstantValue& singleton) {
  isSingleton = false;
  const Token& t = peek();
  switch (t.kind) {
    case TK::Number:
    case TK::Minus:
      return parseSignedNumber();
    case TK::String:
      // f-strings parse here and are rejected by the compiler, as in CPython 3.11.
      return parseStrings();
    case TK::KwNone:
    case TK::KwTrue:
    case TK::KwFalse: {
      isSingleton = true;
      Expr* e = parseAtom();
      singleton = e->as<ast::Constant>()->value;
      return e;
    }
    default:
      return nullptr;
  }
}

// name_or_attr: NAME ('.' NAME)*
Expr* Parser::parseNameOrAttr() {
  const Token& first = expect(TK::Name);
  auto* name = node<ast::Name>(tokenSpan(first));
  name->id = identifier(first);
  name->ctx = ast::ExprContext::Load;
  Expr* e = name;
  while (accept(TK::Dot)) {
    const Token& attr = expect(TK::Name);
    auto* attribute = node<ast::Attribute>(spanFrom(first));
    attribute->value = e;
    attribute->attr = identifier(attr);
    attribute->ctx = ast::ExprContext::Load;
    e = attribute;
  }
  return e;
}

Pattern* Parser::parseClosedPattern() {
  DepthGuard guard(*this);
  const Token& first = peek();
  bool isSingleton;
  ast::ConstantValue singleton;
  if (Expr* literal = parseLiteralExpr(isSingleton, singleton)) {
    if (isSingleton) {
      auto* p = node<ast::MatchSingleton>(literal->loc);
      p->value = singleton;
      return p;
    }
    auto* p = node<ast::MatchValue>(literal->loc);
    p->value = literal;
    return p;
  }
  switch (first.kind) {
    case TK::Name: {
      if (kind(1) != TK::Dot && kind(1) != TK::LPar && kind(1) != TK::Equal) {
        advance();
        auto* as = node<ast::MatchAs>(tokenSpan(first));
        if (text(first) != "_") as->name = identifier(first);
        return as;
      }
      Expr* value = parseNameOrAttr();
      if (check(TK::LPar)) return parseClassPattern(value);
      if (value->is<ast::Name>()) failGeneric();
      auto* p = node<ast::MatchValue>(value->loc);
      p->value = value;
      return p;
    }
    case TK::LPar: {
      advance();
      if (accept(TK::RPar)) return node<ast::MatchSequence>(spanFrom(first));
      Pattern* inner = check(TK::Star) ? parseStarPattern() : parsePattern();
      if (accept(TK::RPar)) {
        if (inner->is<ast::MatchStar>()) failGeneric();
        return inner;  // a group: the pattern itself
      }
      std::vector<Pattern*> patterns{inner};
      while (accept(TK::Comma)) {
        if (check(TK::RPar)) break;
        patterns.push_back(check(TK::Star) ? parseStarPattern() : parsePattern());
      }
      expect(TK::RPar);
      auto* sequence = node<ast::MatchSequence>(spanFrom(first));
      sequence->patterns = seq(patterns);
      return sequence;
    }
    case TK::LSqb: {
      advance();
      std::vector<Pattern*> patterns;
      while (!check(TK::RSqb)) {
        patterns.push_back(check(TK::Star) ? parseStarPattern() : parsePattern());
        if (!accept(TK::Comma)) break;
      }
      expect(TK::RSqb);
      auto* sequence = node<ast::MatchSequence>(spanFrom(first));
      sequence->patterns = seq(patterns);
      return sequence;
    }
    case TK::LBrace:
      return parseMappingPattern();
    default:
      failGeneric();
  }
}

Pattern* Parser::parseMappingPattern() {
  const Token& open = expect(TK::LBrace);
  std::vector<Expr*> keys;
  std::vector<Pattern*> patterns;
  ast::Identifier rest;
  while (!check(TK::RBrace)) {
    if (accept(TK::DoubleStar)) {
      const Token& name = expect(TK::Name);
      if (text(name) == "_") failGeneric();
      rest = identifier(name);
      accept(TK::Comma);
      if (!check(TK::RBrace)) {
        failGeneric();
      }
      break;
    }
    bool isSingleton;
    ast::ConstantValue singleton;
    Expr* key = parseLiteralExpr(isSingleton, singleton);
    if (!key) {
      if (!check(TK::Name)) failGeneric();
      key = parseNameOrAttr();
      if (key->is<ast::Name>()) failGeneric();
    }
    expect(TK::Colon);
    keys.push_back(key);
    patterns.push_back(parsePattern());
    if (!accept(TK::Comma)) break;
  }
  expect(TK::RBrace);
  auto* mapping = node<ast::MatchMapping>(spanFrom(open));
  mapping->keys = seq(keys);
  mapping->patterns = seq(patterns);
  mapping->rest = rest;
  return mapping;
}

Pattern* Parser::parseClassPattern(Expr* cls) {
  expect(TK::LPar);
  std::vector<Pattern*> patterns, kwdPatterns;
  std::vector<ast::Identifier> kwdAttrs;
  while (!check(TK::RPar)) {
    if (check(TK::Name) && kind(1) == TK::Equal) {
      const Token& name = advance();
      advance();
      kwdAttrs.push_back(identifier(name));
      kwdPatterns.push_back(parsePattern());
    } else {
      Pattern* p = parsePattern();
      if (!kwdAttrs.empty()) failAtNode(p->loc, "positional patterns follow keyword patterns");
      patterns.push_back(p);
    }
    if (!accept(TK::Comma)) break;
  }
  expect(TK::RPar);
  auto* p = node<ast::MatchClass>(spanFrom(cls->loc));
  p->cls = cls;
  p->patterns = seq(patterns);
  p->kwd_attrs = seq(kwdAttrs);
  p->kwd_patterns = seq(kwdPatterns);
  return p;
}

}  // namespace pyl::parser
