// pylang/compiler/unparse.cpp — expression to source text, for annotations under
// `from __future__ import annotations` (CPython's Python/ast_unparse.c): the string stored in
// __annotations__ is what CPython would store, with its precedence-driven parentheses.
#include <cmath>

#include "pylang/compiler/compiler_impl.h"

namespace pyl::compiler {

namespace {

// Operator precedence levels of ast_unparse.c.
enum Precedence {
  kTuple,
  kTest,
  kOr,
  kAnd,
  kNot,
  kCmp,
  kExpr,
  kBor = kExpr,
  kBxor,
  kBand,
  kShift,
  kArith,
  kTerm,
  kFactor,
  kPower,
  kAwait,
  kAtom,
};

int binPrecedence(ast::BinOperator op) {
  switch (op) {
    case ast::BinOperator::Add:
    case ast::BinOperator::Sub:
      return kArith;
    case ast::BinOperator::Mult:
    case ast::BinOperator::MatMult:
    case ast::BinOperator::Div:
    case ast::BinOperator::Mod:
    case ast::BinOperator::FloorDiv:
      return kTerm;
    case ast::BinOperator::Pow:
      return kPower;
    case ast::BinOperator::LShift:
    case ast::BinOperator::RShift:
      return kShift;
    case ast::BinOperator::BitOr:
      return kBor;
    case ast::BinOperator::BitXor:
      return kBxor;
    case ast::BinOperator::BitAnd:
      return kBand;
  }
  return kAtom;
}

class Unparser {
 public:
  std::string out;

  void expr(const ast::Expr* e, int level) {
    switch (e->tag) {
      case ast::ExprKind::BoolOp: {
        auto* b = e->as<ast::BoolOp>();
        int pr = b->op == ast::BoolOperator::And ? kAnd : kOr;
        open(level > pr);
        for (std::size_t i = 0; i < b->values.size(); ++i) {
          if (i) out += b->op == ast::BoolOperator::And ? " and " : " or ";
          expr(b->values[i], pr + 1);
        }
        close(level > pr);
        break;
      }
      case ast::ExprKind::NamedExpr: {
        auto* n = e->as<ast::NamedExpr>();
        open(level > kTuple);
        expr(n->target, kAtom);
        out += " := ";
        expr(n->value, kAtom);
        close(level > kTuple);
        break;
      }
      case ast::ExprKind::BinOp: {
        auto* b = e->as<ast::BinOp>();
        int pr = binPrecedence(b->op);
        bool rassoc = b->op == ast::BinOperator::Pow;
        open(level > pr);
        expr(b->left, pr + (rassoc ? 1 : 0));
        out += std::string(" ") + ast::spelling(b->op) + " ";
        expr(b->right, pr + (rassoc ? 0 : 1));
        close(level > pr);
        break;
      }
      case ast::ExprKind::UnaryOp: {
        auto* u = e->as<ast::UnaryOp>();
        int pr = u->op == ast::UnaryOperator::Not ? kNot : kFactor;
        open(level > pr);
        out += ast::spelling(u->op);
        if (u->op == ast::UnaryOperator::Not) out += " ";
        expr(u->operand, pr);
        close(level > pr);
        break;
      }
      case ast::ExprKind::Lambda: {
        auto* l = e->as<ast::Lambda>();
        open(level > kTest);
        out += "lambda";
        std::string params = arguments(*l->args);
        if (!params.empty()) out += " " + params;
        out += ": ";
        expr(l->body, kTest);
        close(level > kTest);
        break;
      }
      case ast::ExprKind::IfExp: {
        auto* i = e->as<ast::IfExp>();
        open(level > kTest);
        expr(i->body, kTest + 1);
        out += " if ";
        expr(i->test, kTest + 1);
        out += " else ";
        expr(i->orelse, kTest);
        close(level > kTest);
        break;
      }
      case ast::ExprKind::Dict: {
        auto* d = e->as<ast::Dict>();
        out += "{";
        for (std::size_t i = 0; i < d->values.size(); ++i) {
          if (i) out += ", ";
          if (d->keys[i]) {
            expr(d->keys[i], kTest);
            out += ": ";
            expr(d->values[i], kTest);
          } else {
            out += "**";
            expr(d->values[i], kExpr);
          }
        }
        out += "}";
        break;
      }
      case ast::ExprKind::Set: {
        auto* s = e->as<ast::Set>();
        if (s->elts.empty()) {
          out += "{*()}";
          break;
        }
        out += "{";
        seq(s->elts);
        out += "}";
        break;
      }
      case ast::ExprKind::ListComp:
        out += "[";
        expr(e->as<ast::ListComp>()->elt, kTest);
        comprehensions(e->as<ast::ListComp>()->generators);
        out += "]";
        break;
      case ast::ExprKind::SetComp:
        out += "{";
        expr(e->as<ast::SetComp>()->elt, kTest);
        comprehensions(e->as<ast::SetComp>()->generators);
        out += "}";
        break;
      case ast::ExprKind::DictComp:
        out += "{";
        expr(e->as<ast::DictComp>()->key, kTest);
        out += ": ";
        expr(e->as<ast::DictComp>()->value, kTest);
        comprehensions(e->as<ast::DictComp>()->generators);
        out += "}";
        break;
      case ast::ExprKind::GeneratorExp:
        out += "(";
        expr(e->as<ast::GeneratorExp>()->elt, kTest);
        comprehensions(e->as<ast::GeneratorExp>()->generators);
        out += ")";
        break;
      case ast::ExprKind::Await:
        open(level > kAwait);
        out += "await ";
        expr(e->as<ast::Await>()->value, kAtom);
        close(level > kAwait);
        break;
      case ast::ExprKind::Yield:
        out += "(yield";
        if (e->as<ast::Yield>()->value) {
          out += " ";
          expr(e->as<ast::Yield>()->value, kTest);
        }
        out += ")";
        break;
      case ast::ExprKind::YieldFrom:
        out += "(yield from ";
        expr(e->as<ast::YieldFrom>()->value, kTest);
        out += ")";
        break;
      case ast::ExprKind::Compare: {
        auto* c = e->as<ast::Compare>();
        open(level > kCmp);
        expr(c->left, kCmp + 1);
        for (std::size_t i = 0; i < c->ops.size(); ++i) {
          out += std::string(" ") + ast::spelling(c->ops[i]) + " ";
          expr(c->comparators[i], kCmp + 1);
        }
        close(level > kCmp);
        break;
      }
      case ast::ExprKind::Call: {
        auto* c = e->as<ast::Call>();
        expr(c->func, kAtom);
        if (c->args.size() == 1 && c->keywords.empty() && c->args[0]->is<ast::GeneratorExp>()) {
          expr(c->args[0], kTest);
          break;
        }
        out += "(";
        bool first = true;
        for (auto* a : c->args) {
          if (!first) out += ", ";
          first = false;
          expr(a, kTest);
        }
        for (auto* k : c->keywords) {
          if (!first) out += ", ";
          first = false;
          if (ast::isPresent(k->arg)) {
            out += std::string(k->arg) + "=";
          } else {
            out += "**";
          }
          expr(k->value, kTest);
        }
        out += ")";
        break;
      }
      case ast::ExprKind::FormattedValue:
      case ast::ExprKind::JoinedStr:
        joinedStr(e);
        break;
      case ast::ExprKind::Constant:
        constant(e->as<ast::Constant>()->value);
        break;
      case ast::ExprKind::Attribute: {
        auto* a = e->as<ast::Attribute>();
        expr(a->value, kAtom);
        // `1 .real`: an int literal needs a space before the dot.
        if (auto* c = a->value->as<ast::Constant>()) {
          if (c->value.kind == ast::ConstantKind::Int || c->value.kind == ast::ConstantKind::BigInt)
            out += " ";
        }
        out += "." + std::string(a->attr);
        break;
      }
      case ast::ExprKind::Subscript: {
        auto* s = e->as<ast::Subscript>();
        expr(s->value, kAtom);
        out += "[";
        auto* t = s->slice->as<ast::Tuple>();
        if (t && !t->elts.empty()) {
          seq(t->elts);
          if (t->elts.size() == 1) out += ",";
        } else {
          expr(s->slice, kTuple);
        }
        out += "]";
        break;
      }
      case ast::ExprKind::Starred:
        out += "*";
        expr(e->as<ast::Starred>()->value, kExpr);
        break;
      case ast::ExprKind::Name:
        out += e->as<ast::Name>()->id;
        break;
      case ast::ExprKind::List:
        out += "[";
        seq(e->as<ast::List>()->elts);
        out += "]";
        break;
      case ast::ExprKind::Tuple: {
        auto* t = e->as<ast::Tuple>();
        if (t->elts.empty()) {
          out += "()";
          break;
        }
        open(level > kTuple);
        seq(t->elts);
        if (t->elts.size() == 1) out += ",";
        close(level > kTuple);
        break;
      }
      case ast::ExprKind::Slice: {
        auto* s = e->as<ast::Slice>();
        if (s->lower) expr(s->lower, kTest);
        out += ":";
        if (s->upper) expr(s->upper, kTest);
        if (s->step) {
          out += ":";
          expr(s->step, kTest);
        }
        break;
      }
    }
  }

 private:
  void open(bool paren) {
    if (paren) out += "(";
  }
  void close(bool paren) {
    if (paren) out += ")";
  }
  void seq(const ast::ExprSeq& elts) {
    for (std::size_t i = 0; i < elts.size(); ++i) {
      if (i) out += ", ";
      expr(elts[i], kTest);
    }
  }
  void comprehensions(const ast::ComprehensionSeq& generators) {
    for (auto* g : generators) {
      out += g->is_async ? " async for " : " for ";
      expr(g->target, kTuple);
      out += " in ";
      expr(g->iter, kTest + 1);
      for (auto* cond : g->ifs) {
        out += " if ";
        expr(cond, kTest + 1);
      }
    }
  }
  std::string arguments(const ast::Arguments& a) {
    Unparser sub;
    bool first = true;
    auto sep = [&] {
      if (!first) sub.out += ", ";
      first = false;
    };
    std::size_t positional = a.posonlyargs.size() + a.args.size();
    std::size_t defaultStart = positional - a.defaults.size();
    for (std::size_t i = 0; i < positional; ++i) {
      const ast::Arg* arg =
          i < a.posonlyargs.size() ? a.posonlyargs[i] : a.args[i - a.posonlyargs.size()];
      sep();
      sub.out += arg->arg;
      if (i >= defaultStart) {
        sub.out += "=";
        sub.expr(a.defaults[i - defaultStart], kTest);
      }
      if (i + 1 == a.posonlyargs.size()) sub.out += ", /";
    }
    if (a.vararg || !a.kwonlyargs.empty()) {
      sep();
      sub.out += "*";
      if (a.vararg) sub.out += a.vararg->arg;
    }
    for (std::size_t i = 0; i < a.kwonlyargs.size(); ++i) {
      sep();
      sub.out += a.kwonlyargs[i]->arg;
      if (i < a.kw_defaults.size() && a.kw_defaults[i]) {
        sub.out += "=";
        sub.expr(a.kw_defaults[i], kTest);
      }
    }
    if (a.kwarg) {
      sep();
      sub.out += "**" + std::string(a.kwarg->arg);
    }
    return sub.out;
  }
  void constant(const ast::ConstantValue& v) {
    if (v.kind == ast::ConstantKind::Ellipsis) {
      out += "...";
      return;
    }
    if (v.kind == ast::ConstantKind::Float && std::isinf(v.real)) {
      out += "1e309";
      return;
    }
    out += constantFromAst(v).repr();
  }
  // f-string bodies: the pieces as source, then quoted like repr() of the text.
  void fstringBody(const ast::Expr* e, std::string& body) {
    if (auto* j = e->as<ast::JoinedStr>()) {
      for (auto* v : j->values) fstringBody(v, body);
    } else if (auto* c = e->as<ast::Constant>()) {
      for (char ch : c->value.text)
        body += ch == '{' ? "{{" : ch == '}' ? "}}" : std::string(1, ch);
    } else if (auto* f = e->as<ast::FormattedValue>()) {
      Unparser inner;
      inner.expr(f->value, kTest + 1);
      body += "{";
      if (inner.out.starts_with("{")) body += " ";
      body += inner.out;
      if (f->conversion > 0) body += std::string("!") + static_cast<char>(f->conversion);
      if (f->format_spec) {
        body += ":";
        fstringBody(f->format_spec, body);
      }
      body += "}";
    }
  }
  void joinedStr(const ast::Expr* e) {
    std::string body;
    fstringBody(e, body);
    out += "f" + bytecode::strRepr(body);
  }
};

}  // namespace

std::string unparseAnnotation(const ast::Expr& expr) {
  Unparser unparser;
  unparser.expr(&expr, kTest);
  return unparser.out;
}

}  // namespace pyl::compiler
