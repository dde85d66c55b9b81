// pylang/compiler/const_fold.cpp — constant folding on the AST before compilation, CPython
// 3.11's Python/ast_opt.c: operators on literal operands, tuples of constants, constant
// subscripts, `not (a is b)` -> `a is not b`, literal lists/sets after `in` and in `for`
// become tuples/frozensets, `__debug__` becomes a constant.
//
// DESIGN(const-fold): a fold is only done when the result is exactly what the operation would
// produce at run time, and small (CPython's limits: ints of 128 bits, collections of 256 items,
// strings of 4096 characters). Anything that would raise, or whose result we cannot compute
// bit-exactly here (e.g. int/int division of ints beyond 2**53, float power with a negative
// base), is left to run time; such a case only costs an instruction, never changes behaviour.
#include <cmath>

#include "pylang/compiler/compiler_impl.h"

namespace pyl::compiler {

namespace {

using bytecode::BigInt;
using bytecode::Constant;
using bytecode::ConstantKind;

constexpr std::size_t kMaxIntBits = 128;
constexpr std::size_t kMaxCollectionSize = 256;
constexpr std::size_t kMaxStrSize = 4096;
constexpr std::size_t kMaxTotalItems = 1024;
constexpr double kExactDoubleLimit = 9007199254740992.0;  // 2**53

bool isIntLike(const Constant& c) {
  return c.kind() == ConstantKind::kInt || c.kind() == ConstantKind::kBool;
}

BigInt intOf(const Constant& c) {
  return c.kind() == ConstantKind::kBool ? BigInt(c.boolValue() ? 1 : 0) : c.intValue();
}

// An int converted to float exactly (nullopt if the conversion would round).
std::optional<double> exactDouble(const Constant& c) {
  if (c.kind() == ConstantKind::kFloat) return c.floatValue();
  if (!isIntLike(c)) return std::nullopt;
  BigInt v = intOf(c);
  if (v.bitLength() > 53) return std::nullopt;
  return static_cast<double>(v.toInt64());
}

// Float +, -, *, /, //, % overflow to inf silently in Python; only ** raises OverflowError.
std::optional<Constant> floatResult(double v) {
  return Constant::floating(v);
}
std::optional<Constant> floatPowerResult(double v) {
  if (std::isinf(v)) return std::nullopt;  // OverflowError at run time
  return Constant::floating(v);
}

// Python's float floor division and modulo (Objects/floatobject.c float_divmod).
std::optional<std::pair<double, double>> floatDivmod(double vx, double wx) {
  if (wx == 0.0) return std::nullopt;
  double mod = std::fmod(vx, wx);
  double div = (vx - mod) / wx;
  if (mod != 0.0) {
    if ((wx < 0) != (mod < 0)) {
      mod += wx;
      div -= 1.0;
    }
  } else {
    mod = std::copysign(0.0, wx);
  }
  double floordiv;
  if (div != 0.0) {
    floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = std::copysign(0.0, vx / wx);
  }
  return std::make_pair(floordiv, mod);
}

std::size_t totalItems(const Constant& c) {
  if (c.kind() != ConstantKind::kTuple && c.kind() != ConstantKind::kFrozenSet) return 0;
  std::size_t n = c.items().size();
  for (const auto& item : c.items()) n += totalItems(item);
  return n;
}

std::optional<Constant> repeatSequence(const Constant& seq, const Constant& count) {
  BigInt n = intOf(count);
  std::size_t size = seq.length();
  bool text = seq.kind() == ConstantKind::kStr || seq.kind() == ConstantKind::kBytes;
  std::size_t limit = text ? kMaxStrSize : kMaxCollectionSize;
  if (!n.fitsInt64()) return std::nullopt;
  std::int64_t times = n.toInt64();
  if (size) {
    if (times < 0 || static_cast<std::size_t>(times) > limit / size) return std::nullopt;
    if (!text && times && totalItems(seq) > kMaxTotalItems / static_cast<std::size_t>(times))
      return std::nullopt;
  }
  if (times < 0) times = 0;
  if (text) {
    std::string out;
    for (std::int64_t i = 0; i < times; ++i) out += seq.text();
    return seq.kind() == ConstantKind::kStr ? Constant::str(out) : Constant::bytes(out);
  }
  if (seq.kind() != ConstantKind::kTuple) return std::nullopt;  // frozenset * int is a TypeError
  std::vector<Constant> items;
  for (std::int64_t i = 0; i < times; ++i)
    items.insert(items.end(), seq.items().begin(), seq.items().end());
  return Constant::tuple(std::move(items));
}

std::optional<Constant> foldIntOp(ast::BinOperator op, const Constant& l, const Constant& r) {
  BigInt a = intOf(l), b = intOf(r), out;
  bool bothBool = l.kind() == ConstantKind::kBool && r.kind() == ConstantKind::kBool;
  switch (op) {
    case ast::BinOperator::Add:
      mpz_add(out.raw(), a.raw(), b.raw());
      break;
    case ast::BinOperator::Sub:
      mpz_sub(out.raw(), a.raw(), b.raw());
      break;
    case ast::BinOperator::Mult:
      if (a.sign() && b.sign() && a.bitLength() + b.bitLength() > kMaxIntBits) return std::nullopt;
      mpz_mul(out.raw(), a.raw(), b.raw());
      break;
    case ast::BinOperator::FloorDiv:
      if (!b.sign()) return std::nullopt;
      mpz_fdiv_q(out.raw(), a.raw(), b.raw());
      break;
    case ast::BinOperator::Mod:
      if (!b.sign()) return std::nullopt;
      mpz_fdiv_r(out.raw(), a.raw(), b.raw());
      break;
    case ast::BinOperator::Div: {
      if (!b.sign() || a.bitLength() > 53 || b.bitLength() > 53) return std::nullopt;
      return floatResult(static_cast<double>(a.toInt64()) / static_cast<double>(b.toInt64()));
    }
    case ast::BinOperator::Pow: {
      if (b.sign() < 0) {
        if (!a.sign() || a.bitLength() > 53) return std::nullopt;
        if (b.bitLength() > 53) return std::nullopt;
        return floatPowerResult(
            std::pow(static_cast<double>(a.toInt64()), static_cast<double>(b.toInt64())));
      }
      if (a.sign() && b.sign() > 0) {
        if (!b.fitsInt64() || a.bitLength() > kMaxIntBits / static_cast<std::size_t>(b.toInt64()))
          return std::nullopt;
      }
      mpz_pow_ui(out.raw(), a.raw(), static_cast<unsigned long>(b.toInt64()));
      break;
    }
    case ast::BinOperator::LShift:
      if (b.sign() < 0) return std::nullopt;
      if (a.sign() && b.sign()) {
        if (!b.fitsInt64() || static_cast<std::size_t>(b.toInt64()) > kMaxIntBits ||
            a.bitLength() > kMaxIntBits - static_cast<std::size_t>(b.toInt64())) {
          return std::nullopt;
        }
      }
      mpz_mul_2exp(out.raw(), a.raw(), static_cast<mp_bitcnt_t>(b.sign() ? b.toInt64() : 0));
      break;
    case ast::BinOperator::RShift:
      if (b.sign() < 0) return std::nullopt;
      if (!b.fitsInt64() || b.toInt64() > (1 << 20)) {
        out = BigInt(a.sign() < 0 ? -1 : 0);
      } else {
        mpz_fdiv_q_2exp(out.raw(), a.raw(), static_cast<mp_bitcnt_t>(b.toInt64()));
      }
      break;
    case ast::BinOperator::BitOr:
      mpz_ior(out.raw(), a.raw(), b.raw());
      if (bothBool) return Constant::boolean(out.sign() != 0);
      break;
    case ast::BinOperator::BitXor:
      mpz_xor(out.raw(), a.raw(), b.raw());
      if (bothBool) return Constant::boolean(out.sign() != 0);
      break;
    case ast::BinOperator::BitAnd:
      mpz_and(out.raw(), a.raw(), b.raw());
      if (bothBool) return Constant::boolean(out.sign() != 0);
      break;
    case ast::BinOperator::MatMult:
      return std::nullopt;
  }
  return Constant::integer(std::move(out));
}

std::optional<Constant> foldFloatOp(ast::BinOperator op, double a, double b) {
  switch (op) {
    case ast::BinOperator::Add:
      return floatResult(a + b);
    case ast::BinOperator::Sub:
      return floatResult(a - b);
    case ast::BinOperator::Mult:
      return floatResult(a * b);
    case ast::BinOperator::Div:
      if (b == 0.0) return std::nullopt;
      return floatResult(a / b);
    case ast::BinOperator::FloorDiv: {
      auto r = floatDivmod(a, b);
      if (!r) return std::nullopt;
      return floatResult(r->first);
    }
    case ast::BinOperator::Mod: {
      auto r = floatDivmod(a, b);
      if (!r) return std::nullopt;
      return floatResult(r->second);
    }
    case ast::BinOperator::Pow:
      if (a < 0 && b != std::floor(b)) return std::nullopt;  // complex result
      if (a == 0.0 && b < 0) return std::nullopt;            // ZeroDivisionError
      return floatPowerResult(std::pow(a, b));
    default:
      return std::nullopt;
  }
}

using ComplexParts = std::pair<double, double>;

ComplexParts complexProduct(ComplexParts a, ComplexParts b) {
  return {a.first * b.first - a.second * b.second, a.first * b.second + a.second * b.first};
}

// CPython's complex_pow: repeated squaring for integral exponents up to 100 (c_powi), the
// polar formula otherwise (_Py_c_pow); nullopt where it raises (0 to a negative or complex
// power, overflow).
std::optional<ComplexParts> complexPower(ComplexParts a, ComplexParts b) {
  bool zeroBase = a.first == 0.0 && a.second == 0.0;
  ComplexParts r;
  if (b.second == 0.0 && b.first == std::floor(b.first) && std::fabs(b.first) <= 100.0) {
    long n = static_cast<long>(b.first);
    if (zeroBase && n < 0) return std::nullopt;
    ComplexParts result{1.0, 0.0}, power = a;
    for (unsigned long mask = 1, m = static_cast<unsigned long>(n < 0 ? -n : n);
         mask > 0 && m >= mask; mask <<= 1) {
      if (m & mask) result = complexProduct(result, power);
      power = complexProduct(power, power);
    }
    if (n < 0) {
      // 1 / result, by _Py_c_quot.
      double absReal = std::fabs(result.first), absImag = std::fabs(result.second);
      if (absReal >= absImag) {
        if (absReal == 0.0) return std::nullopt;
        double ratio = result.second / result.first, denom = result.first + result.second * ratio;
        result = {1.0 / denom, -ratio / denom};
      } else {
        double ratio = result.first / result.second, denom = result.first * ratio + result.second;
        result = {ratio / denom, -1.0 / denom};
      }
    }
    r = result;
  } else if (b.first == 0.0 && b.second == 0.0) {
    r = {1.0, 0.0};
  } else if (zeroBase) {
    if (b.second != 0.0 || b.first < 0.0) return std::nullopt;
    r = {0.0, 0.0};
  } else {
    double vabs = std::hypot(a.first, a.second);
    double len = std::pow(vabs, b.first);
    double at = std::atan2(a.second, a.first);
    double phase = at * b.first;
    if (b.second != 0.0) {
      len /= std::exp(at * b.second);
      phase += b.second * std::log(vabs);
    }
    r = {len * std::cos(phase), len * std::sin(phase)};
  }
  if (std::isinf(r.first) || std::isinf(r.second)) return std::nullopt;  // OverflowError
  return r;
}

std::optional<Constant> foldBinary(ast::BinOperator op, const Constant& l, const Constant& r) {
  if (isIntLike(l) && isIntLike(r)) return foldIntOp(op, l, r);
  bool lNum = isIntLike(l) || l.kind() == ConstantKind::kFloat;
  bool rNum = isIntLike(r) || r.kind() == ConstantKind::kFloat;
  if (lNum && rNum) {
    auto a = exactDouble(l), b = exactDouble(r);
    if (!a || !b) return std::nullopt;
    return foldFloatOp(op, *a, *b);
  }
  bool lComplex = lNum || l.kind() == ConstantKind::kComplex;
  bool rComplex = rNum || r.kind() == ConstantKind::kComplex;
  if (lComplex && rComplex) {
    auto parts = [](const Constant& c) -> std::optional<std::pair<double, double>> {
      if (c.kind() == ConstantKind::kComplex) return std::make_pair(c.floatValue(), c.imagValue());
      auto d = exactDouble(c);
      if (!d) return std::nullopt;
      return std::make_pair(*d, 0.0);
    };
    auto a = parts(l), b = parts(r);
    if (!a || !b) return std::nullopt;
    double re, im;
    switch (op) {
      case ast::BinOperator::Add:
        re = a->first + b->first, im = a->second + b->second;
        break;
      case ast::BinOperator::Sub:
        re = a->first - b->first, im = a->second - b->second;
        break;
      case ast::BinOperator::Mult:
        re = a->first * b->first - a->second * b->second;
        im = a->first * b->second + a->second * b->first;
        break;
      case ast::BinOperator::Div: {
        // CPython's _Py_c_quot (Smith's method); division by zero raises at run time.
        double absReal = std::fabs(b->first), absImag = std::fabs(b->second);
        if (absReal >= absImag) {
          if (absReal == 0.0) return std::nullopt;
          double ratio = b->second / b->first, denom = b->first + b->second * ratio;
          re = (a->first + a->second * ratio) / denom;
          im = (a->second - a->first * ratio) / denom;
        } else if (absImag >= absReal) {
          double ratio = b->first / b->second, denom = b->first * ratio + b->second;
          re = (a->first * ratio + a->second) / denom;
          im = (a->second * ratio - a->first) / denom;
        } else {
          return std::nullopt;
        }
        break;
      }
      case ast::BinOperator::Pow: {
        auto result = complexPower(*a, *b);
        if (!result) return std::nullopt;
        re = result->first, im = result->second;
        break;
      }
      default:
        return std::nullopt;
    }
    return Constant::complex(re, im);
  }
  if (op == ast::BinOperator::Add && l.kind() == r.kind()) {
    if (l.kind() == ConstantKind::kStr) return Constant::str(l.text() + r.text());
    if (l.kind() == ConstantKind::kBytes) return Constant::bytes(l.text() + r.text());
    if (l.kind() == ConstantKind::kTuple) {
      std::vector<Constant> items = l.items();
      items.insert(items.end(), r.items().begin(), r.items().end());
      return Constant::tuple(std::move(items));
    }
  }
  if (op == ast::BinOperator::Mult) {
    if (isIntLike(l) && r.kind() != ConstantKind::kFloat) return repeatSequence(r, l);
    if (isIntLike(r)) return repeatSequence(l, r);
  }
  return std::nullopt;
}

std::optional<Constant> foldUnary(ast::UnaryOperator op, const Constant& v) {
  if (op == ast::UnaryOperator::Not) return Constant::boolean(!v.truthy());
  if (isIntLike(v)) {
    BigInt a = intOf(v), out;
    switch (op) {
      case ast::UnaryOperator::Invert:
        mpz_com(out.raw(), a.raw());
        break;
      case ast::UnaryOperator::USub:
        mpz_neg(out.raw(), a.raw());
        break;
      default:
        out = a;
        break;
    }
    return Constant::integer(std::move(out));
  }
  if (v.kind() == ConstantKind::kFloat) {
    if (op == ast::UnaryOperator::USub) return Constant::floating(-v.floatValue());
    if (op == ast::UnaryOperator::UAdd) return v;
  }
  if (v.kind() == ConstantKind::kComplex) {
    if (op == ast::UnaryOperator::USub) return Constant::complex(-v.floatValue(), -v.imagValue());
    if (op == ast::UnaryOperator::UAdd) return v;
  }
  return std::nullopt;
}

std::optional<Constant> foldSubscript(const Constant& value, const Constant& index) {
  if (!isIntLike(index)) return std::nullopt;
  BigInt i = intOf(index);
  if (!i.fitsInt64()) return std::nullopt;
  if (value.kind() != ConstantKind::kStr && value.kind() != ConstantKind::kBytes &&
      value.kind() != ConstantKind::kTuple) {
    return std::nullopt;  // e.g. 3[0]: a TypeError at run time
  }
  std::int64_t k = i.toInt64();
  std::int64_t n = static_cast<std::int64_t>(value.length());
  if (k < 0) k += n;
  if (k < 0 || k >= n) return std::nullopt;  // IndexError at run time
  if (value.kind() == ConstantKind::kTuple) return value.items()[static_cast<std::size_t>(k)];
  if (value.kind() == ConstantKind::kBytes) {
    return Constant::integer(static_cast<unsigned char>(value.text()[static_cast<std::size_t>(k)]));
  }
  // The k-th code point of UTF-8 text.
  const std::string& text = value.text();
  std::size_t pos = 0;
  for (std::int64_t c = 0; c < k; ++c) {
    ++pos;
    while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
  }
  std::size_t end = pos + 1;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  return Constant::str(text.substr(pos, end - pos));
}

}  // namespace

// ---- the AST walk ----

class ConstantFolder {
 public:
  ConstantFolder(ast::Arena& arena, int optimize, bool futureAnnotations)
      : arena_(arena), optimize_(optimize), futureAnnotations_(futureAnnotations) {}

  void foldMod(ast::Mod& mod) {
    if (auto* m = mod.as<ast::Module>()) foldBody(m->body);
    if (auto* i = mod.as<ast::Interactive>()) foldStmts(i->body);
    if (auto* e = mod.as<ast::Expression>()) e->body = fold(e->body);
  }

 private:
  // Builds a Constant node replacing `node` (same location), when `value` holds.
  ast::Expr* makeConst(ast::Expr* node, const std::optional<Constant>& value) {
    if (!value) return node;
    ast::ConstantValue v;
    switch (value->kind()) {
      case ConstantKind::kNone:
        v.kind = ast::ConstantKind::None;
        break;
      case ConstantKind::kEllipsis:
        v.kind = ast::ConstantKind::Ellipsis;
        break;
      case ConstantKind::kBool:
        v.kind = value->boolValue() ? ast::ConstantKind::True : ast::ConstantKind::False;
        break;
      case ConstantKind::kInt:
        if (value->intValue().fitsInt64()) {
          v.kind = ast::ConstantKind::Int;
          v.intValue = value->intValue().toInt64();
        } else {
          // Folding can make a big int negative: unlike the parser's, a folded BigInt's digits
          // may carry a leading '-' (constantFromAst parses either).
          v.kind = ast::ConstantKind::BigInt;
          v.text = arena_.copyString(value->intValue().toDecimal());
        }
        break;
      case ConstantKind::kFloat:
        v.kind = ast::ConstantKind::Float, v.real = value->floatValue();
        break;
      case ConstantKind::kComplex:
        v.kind = ast::ConstantKind::Complex, v.real = value->floatValue(),
        v.imag = value->imagValue();
        break;
      case ConstantKind::kStr:
        v.kind = ast::ConstantKind::Str, v.text = arena_.copyString(value->text());
        break;
      case ConstantKind::kBytes:
        v.kind = ast::ConstantKind::Bytes, v.text = arena_.copyString(value->text());
        break;
      default:
        return makeTupleConst(node, *value);
    }
    auto* c = ast::makeNode<ast::Constant>(arena_, node->loc);
    c->value = v;
    return c;
  }

  // Tuples have no ast::ConstantValue form: a folded tuple is a Load Tuple node whose elements
  // are all constants (recursively), which the compiler loads as one constant
  // (foldedConstant in compiler.cpp), exactly as CPython's tuple Constant nodes.
  ast::Expr* makeTupleConst(ast::Expr* node, const Constant& value) {
    if (value.kind() != ConstantKind::kTuple) return node;
    std::vector<ast::Expr*> elts;
    for (const auto& item : value.items()) {
      ast::Expr* elt = makeConst(node, item);
      if (elt == node) return node;
      elts.push_back(elt);
    }
    auto* t = ast::makeNode<ast::Tuple>(arena_, node->loc);
    t->elts = arena_.copySeq(elts);
    t->ctx = ast::ExprContext::Load;
    return t;
  }

  void foldBody(ast::StmtSeq& body) {
    bool hadDocstring = isDocstring(body);
    foldStmts(body);
    if (!hadDocstring && isDocstring(body)) {
      // A folded string first statement must not become a docstring.
      auto* stmt = body[0]->as<ast::ExprStmt>();
      auto* joined = ast::makeNode<ast::JoinedStr>(arena_, stmt->loc);
      ast::Expr* values[1] = {stmt->value};
      joined->values = arena_.copySeq(values, 1);
      stmt->value = joined;
    }
  }

  static bool isDocstring(const ast::StmtSeq& body) {
    if (body.empty()) return false;
    auto* e = body[0]->as<ast::ExprStmt>();
    if (!e) return false;
    auto* c = e->value->as<ast::Constant>();
    return c && c->value.kind == ast::ConstantKind::Str;
  }

  void foldStmts(ast::StmtSeq& body) {
    for (auto& s : body) foldStmt(s);
  }
  void foldExprs(ast::ExprSeq& exprs) {
    for (auto& e : exprs) {
      if (e) e = fold(e);
    }
  }
  ast::Expr* foldOpt(ast::Expr* e) { return e ? fold(e) : nullptr; }
  ast::Expr* foldAnnotation(ast::Expr* e) { return futureAnnotations_ ? e : foldOpt(e); }

  void foldArguments(ast::Arguments& a) {
    for (auto* arg : a.posonlyargs) arg->annotation = foldAnnotation(arg->annotation);
    for (auto* arg : a.args) arg->annotation = foldAnnotation(arg->annotation);
    if (a.vararg) a.vararg->annotation = foldAnnotation(a.vararg->annotation);
    for (auto* arg : a.kwonlyargs) arg->annotation = foldAnnotation(arg->annotation);
    if (a.kwarg) a.kwarg->annotation = foldAnnotation(a.kwarg->annotation);
    foldExprs(a.kw_defaults);
    foldExprs(a.defaults);
  }

  // `x in [1, 2]` and `for x in [1, 2]`: a literal list becomes a tuple, a set a frozenset.
  ast::Expr* foldIter(ast::Expr* e) {
    if (auto* l = e->as<ast::List>()) {
      for (auto* elt : l->elts) {
        if (elt->is<ast::Starred>()) return e;
      }
      auto* t = ast::makeNode<ast::Tuple>(arena_, e->loc);
      t->elts = l->elts;
      t->ctx = l->ctx;
      return t;
    }
    return e;
  }

  void foldStmt(ast::Stmt* s) {
    if (++depth_ > 2000) return;  // the compiler reports the nesting error
    switch (s->tag) {
      case ast::StmtKind::FunctionDef: {
        auto* f = s->as<ast::FunctionDef>();
        foldArguments(*f->args);
        foldBody(f->body);
        foldExprs(f->decorator_list);
        f->returns = foldAnnotation(f->returns);
        break;
      }
      case ast::StmtKind::AsyncFunctionDef: {
        auto* f = s->as<ast::AsyncFunctionDef>();
        foldArguments(*f->args);
        foldBody(f->body);
        foldExprs(f->decorator_list);
        f->returns = foldAnnotation(f->returns);
        break;
      }
      case ast::StmtKind::ClassDef: {
        auto* c = s->as<ast::ClassDef>();
        foldExprs(c->bases);
        for (auto* k : c->keywords) k->value = fold(k->value);
        foldBody(c->body);
        foldExprs(c->decorator_list);
        break;
      }
      case ast::StmtKind::Return:
        s->as<ast::Return>()->value = foldOpt(s->as<ast::Return>()->value);
        break;
      case ast::StmtKind::Delete:
        foldExprs(s->as<ast::Delete>()->targets);
        break;
      case ast::StmtKind::Assign:
        foldExprs(s->as<ast::Assign>()->targets);
        s->as<ast::Assign>()->value = fold(s->as<ast::Assign>()->value);
        break;
      case ast::StmtKind::AugAssign:
        s->as<ast::AugAssign>()->target = fold(s->as<ast::AugAssign>()->target);
        s->as<ast::AugAssign>()->value = fold(s->as<ast::AugAssign>()->value);
        break;
      case ast::StmtKind::AnnAssign: {
        auto* a = s->as<ast::AnnAssign>();
        a->target = fold(a->target);
        a->annotation = foldAnnotation(a->annotation);
        a->value = foldOpt(a->value);
        break;
      }
      case ast::StmtKind::For: {
        auto* f = s->as<ast::For>();
        f->target = fold(f->target);
        f->iter = foldIter(fold(f->iter));
        foldStmts(f->body);
        foldStmts(f->orelse);
        break;
      }
      case ast::StmtKind::AsyncFor: {
        auto* f = s->as<ast::AsyncFor>();
        f->target = fold(f->target);
        f->iter = fold(f->iter);
        foldStmts(f->body);
        foldStmts(f->orelse);
        break;
      }
      case ast::StmtKind::While:
        s->as<ast::While>()->test = fold(s->as<ast::While>()->test);
        foldStmts(s->as<ast::While>()->body);
        foldStmts(s->as<ast::While>()->orelse);
        break;
      case ast::StmtKind::If:
        s->as<ast::If>()->test = fold(s->as<ast::If>()->test);
        foldStmts(s->as<ast::If>()->body);
        foldStmts(s->as<ast::If>()->orelse);
        break;
      case ast::StmtKind::With:
        for (auto* item : s->as<ast::With>()->items) {
          item->context_expr = fold(item->context_expr);
          item->optional_vars = foldOpt(item->optional_vars);
        }
        foldStmts(s->as<ast::With>()->body);
        break;
      case ast::StmtKind::AsyncWith:
        for (auto* item : s->as<ast::AsyncWith>()->items) {
          item->context_expr = fold(item->context_expr);
          item->optional_vars = foldOpt(item->optional_vars);
        }
        foldStmts(s->as<ast::AsyncWith>()->body);
        break;
      case ast::StmtKind::Match: {
        auto* m = s->as<ast::Match>();
        m->subject = fold(m->subject);
        for (auto* c : m->cases) {
          foldPattern(c->pattern);
          c->guard = foldOpt(c->guard);
          foldStmts(c->body);
        }
        break;
      }
      case ast::StmtKind::Raise:
        s->as<ast::Raise>()->exc = foldOpt(s->as<ast::Raise>()->exc);
        s->as<ast::Raise>()->cause = foldOpt(s->as<ast::Raise>()->cause);
        break;
      case ast::StmtKind::Try: {
        auto* t = s->as<ast::Try>();
        foldStmts(t->body);
        for (auto* h : t->handlers) {
          h->type = foldOpt(h->type);
          foldStmts(h->body);
        }
        foldStmts(t->orelse);
        foldStmts(t->finalbody);
        break;
      }
      case ast::StmtKind::TryStar: {
        auto* t = s->as<ast::TryStar>();
        foldStmts(t->body);
        for (auto* h : t->handlers) {
          h->type = foldOpt(h->type);
          foldStmts(h->body);
        }
        foldStmts(t->orelse);
        foldStmts(t->finalbody);
        break;
      }
      case ast::StmtKind::Assert:
        s->as<ast::Assert>()->test = fold(s->as<ast::Assert>()->test);
        s->as<ast::Assert>()->msg = foldOpt(s->as<ast::Assert>()->msg);
        break;
      case ast::StmtKind::ExprStmt:
        s->as<ast::ExprStmt>()->value = fold(s->as<ast::ExprStmt>()->value);
        break;
      default:
        break;
    }
    --depth_;
  }

  void foldPattern(ast::Pattern* p) {
    switch (p->tag) {
      case ast::PatternKind::MatchValue:
        p->as<ast::MatchValue>()->value = fold(p->as<ast::MatchValue>()->value);
        break;
      case ast::PatternKind::MatchSequence:
        for (auto* q : p->as<ast::MatchSequence>()->patterns) foldPattern(q);
        break;
      case ast::PatternKind::MatchMapping:
        foldExprs(p->as<ast::MatchMapping>()->keys);
        for (auto* q : p->as<ast::MatchMapping>()->patterns) foldPattern(q);
        break;
      case ast::PatternKind::MatchClass:
        p->as<ast::MatchClass>()->cls = fold(p->as<ast::MatchClass>()->cls);
        for (auto* q : p->as<ast::MatchClass>()->patterns) foldPattern(q);
        for (auto* q : p->as<ast::MatchClass>()->kwd_patterns) foldPattern(q);
        break;
      case ast::PatternKind::MatchAs:
        if (p->as<ast::MatchAs>()->pattern) foldPattern(p->as<ast::MatchAs>()->pattern);
        break;
      case ast::PatternKind::MatchOr:
        for (auto* q : p->as<ast::MatchOr>()->patterns) foldPattern(q);
        break;
      default:
        break;
    }
  }

  void foldComprehensions(ast::ComprehensionSeq& generators) {
    for (auto* g : generators) {
      g->target = fold(g->target);
      g->iter = foldIter(fold(g->iter));
      foldExprs(g->ifs);
    }
  }

  static std::optional<Constant> constOf(const ast::Expr* e) { return foldedConstant(e); }

  ast::Constant* strNode(std::string_view text) {
    auto* c = ast::makeNode<ast::Constant>(arena_, ast::Location{-1, -1, -1, -1});
    c->value.kind = ast::ConstantKind::Str;
    c->value.text = arena_.copyString(text);
    return c;
  }

  // '%s: %r' % (a, b) -> f'{a!s}: {b!r}' when every conversion is a simple %s/%r/%a with at
  // most a width and precision (CPython's optimize_format); anything else is left alone.
  ast::Expr* optimizeFormat(ast::Expr* node, const std::string& fmt, const ast::ExprSeq& args) {
    for (auto* a : args) {
      if (a->is<ast::Starred>()) return node;
    }
    std::vector<ast::Expr*> pieces;
    std::size_t pos = 0, count = 0;
    for (;;) {
      std::string literal;
      while (pos < fmt.size()) {
        if (fmt[pos] != '%') {
          literal += fmt[pos++];
        } else if (pos + 1 < fmt.size() && fmt[pos + 1] == '%') {
          literal += '%';
          pos += 2;
        } else {
          break;
        }
      }
      if (!literal.empty()) pieces.push_back(strNode(literal));
      if (pos >= fmt.size()) break;
      if (count >= args.size()) return node;
      ++pos;  // the '%'
      ast::Expr* value = parseFormat(fmt, pos, args[count]);
      ++count;
      if (!value) return node;
      pieces.push_back(value);
    }
    if (count < args.size()) return node;
    auto* joined = ast::makeNode<ast::JoinedStr>(arena_, node->loc);
    joined->values = arena_.copySeq(pieces);
    return joined;
  }

  ast::Expr* parseFormat(const std::string& fmt, std::size_t& pos, ast::Expr* arg) {
    constexpr int kMaxDigits = 3;
    bool leftJustify = false;
    int width = -1, precision = -1;
    char ch = 0;
    auto next = [&]() {
      if (pos >= fmt.size()) return false;
      ch = fmt[pos++];
      return true;
    };
    for (;;) {
      if (!next()) return nullptr;
      if (ch == '-') leftJustify = true;
      if (ch != '-' && ch != '+' && ch != ' ' && ch != '#' && ch != '0') break;
    }
    if (ch >= '0' && ch <= '9') {
      width = 0;
      int digits = 0;
      while (ch >= '0' && ch <= '9') {
        width = width * 10 + (ch - '0');
        if (!next() || ++digits >= kMaxDigits) return nullptr;
      }
    }
    if (ch == '.') {
      if (!next()) return nullptr;
      precision = 0;
      int digits = 0;
      while (ch >= '0' && ch <= '9') {
        precision = precision * 10 + (ch - '0');
        if (!next() || ++digits >= kMaxDigits) return nullptr;
      }
    }
    if (ch != 's' && ch != 'r' && ch != 'a') return nullptr;
    std::string spec;
    if (!leftJustify && width > 0) spec += '>';
    if (width >= 0) spec += std::to_string(width);
    if (precision >= 0) spec += "." + std::to_string(precision);
    auto* value = ast::makeNode<ast::FormattedValue>(arena_, arg->loc);
    value->value = arg;
    value->conversion = ch;
    value->format_spec = spec.empty() ? nullptr : strNode(spec);
    return value;
  }

  ast::Expr* fold(ast::Expr* e) {
    if (++depth_ > 2000) {
      --depth_;
      return e;
    }
    ast::Expr* out = foldInner(e);
    --depth_;
    return out;
  }

  ast::Expr* foldInner(ast::Expr* e) {
    switch (e->tag) {
      case ast::ExprKind::BoolOp:
        foldExprs(e->as<ast::BoolOp>()->values);
        return e;
      case ast::ExprKind::NamedExpr:
        e->as<ast::NamedExpr>()->value = fold(e->as<ast::NamedExpr>()->value);
        return e;
      case ast::ExprKind::BinOp: {
        auto* b = e->as<ast::BinOp>();
        b->left = fold(b->left);
        b->right = fold(b->right);
        auto l = constOf(b->left), r = constOf(b->right);
        if (b->op == ast::BinOperator::Mod && l && l->kind() == ConstantKind::kStr && !r) {
          if (auto* t = b->right->as<ast::Tuple>()) return optimizeFormat(e, l->text(), t->elts);
        }
        if (!l || !r) return e;
        return makeConst(e, foldBinary(b->op, *l, *r));
      }
      case ast::ExprKind::UnaryOp: {
        auto* u = e->as<ast::UnaryOp>();
        u->operand = fold(u->operand);
        if (auto v = constOf(u->operand)) return makeConst(e, foldUnary(u->op, *v));
        auto* cmp = u->operand->as<ast::Compare>();
        if (u->op == ast::UnaryOperator::Not && cmp && cmp->ops.size() == 1) {
          ast::CmpOperator& op = cmp->ops[0];
          switch (op) {
            case ast::CmpOperator::Is:
              op = ast::CmpOperator::IsNot;
              return cmp;
            case ast::CmpOperator::IsNot:
              op = ast::CmpOperator::Is;
              return cmp;
            case ast::CmpOperator::In:
              op = ast::CmpOperator::NotIn;
              return cmp;
            case ast::CmpOperator::NotIn:
              op = ast::CmpOperator::In;
              return cmp;
            default:
              break;
          }
        }
        return e;
      }
      case ast::ExprKind::Lambda:
        foldArguments(*e->as<ast::Lambda>()->args);
        e->as<ast::Lambda>()->body = fold(e->as<ast::Lambda>()->body);
        return e;
      case ast::ExprKind::IfExp: {
        auto* i = e->as<ast::IfExp>();
        i->test = fold(i->test);
        i->body = fold(i->body);
        i->orelse = fold(i->orelse);
        return e;
      }
      case ast::ExprKind::Dict:
        foldExprs(e->as<ast::Dict>()->keys);
        foldExprs(e->as<ast::Dict>()->values);
        return e;
      case ast::ExprKind::Set:
        foldExprs(e->as<ast::Set>()->elts);
        return e;
      case ast::ExprKind::ListComp:
        e->as<ast::ListComp>()->elt = fold(e->as<ast::ListComp>()->elt);
        foldComprehensions(e->as<ast::ListComp>()->generators);
        return e;
      case ast::ExprKind::SetComp:
        e->as<ast::SetComp>()->elt = fold(e->as<ast::SetComp>()->elt);
        foldComprehensions(e->as<ast::SetComp>()->generators);
        return e;
      case ast::ExprKind::DictComp:
        e->as<ast::DictComp>()->key = fold(e->as<ast::DictComp>()->key);
        e->as<ast::DictComp>()->value = fold(e->as<ast::DictComp>()->value);
        foldComprehensions(e->as<ast::DictComp>()->generators);
        return e;
      case ast::ExprKind::GeneratorExp:
        e->as<ast::GeneratorExp>()->elt = fold(e->as<ast::GeneratorExp>()->elt);
        foldComprehensions(e->as<ast::GeneratorExp>()->generators);
        return e;
      case ast::ExprKind::Await:
        e->as<ast::Await>()->value = fold(e->as<ast::Await>()->value);
        return e;
      case ast::ExprKind::Yield:
        e->as<ast::Yield>()->value = foldOpt(e->as<ast::Yield>()->value);
        return e;
      case ast::ExprKind::YieldFrom:
        e->as<ast::YieldFrom>()->value = fold(e->as<ast::YieldFrom>()->value);
        return e;
      case ast::ExprKind::Compare: {
        auto* c = e->as<ast::Compare>();
        c->left = fold(c->left);
        foldExprs(c->comparators);
        ast::CmpOperator last = c->ops.back();
        if (last == ast::CmpOperator::In || last == ast::CmpOperator::NotIn) {
          c->comparators.back() = foldIter(c->comparators.back());
        }
        return e;
      }
      case ast::ExprKind::Call: {
        auto* c = e->as<ast::Call>();
        c->func = fold(c->func);
        foldExprs(c->args);
        for (auto* k : c->keywords) k->value = fold(k->value);
        return e;
      }
      case ast::ExprKind::FormattedValue:
        e->as<ast::FormattedValue>()->value = fold(e->as<ast::FormattedValue>()->value);
        e->as<ast::FormattedValue>()->format_spec =
            foldOpt(e->as<ast::FormattedValue>()->format_spec);
        return e;
      case ast::ExprKind::JoinedStr:
        foldExprs(e->as<ast::JoinedStr>()->values);
        return e;
      case ast::ExprKind::Attribute:
        e->as<ast::Attribute>()->value = fold(e->as<ast::Attribute>()->value);
        return e;
      case ast::ExprKind::Subscript: {
        auto* s = e->as<ast::Subscript>();
        s->value = fold(s->value);
        s->slice = fold(s->slice);
        if (s->ctx != ast::ExprContext::Load) return e;
        auto v = constOf(s->value), i = constOf(s->slice);
        if (!v || !i) return e;
        return makeConst(e, foldSubscript(*v, *i));
      }
      case ast::ExprKind::Starred:
        e->as<ast::Starred>()->value = fold(e->as<ast::Starred>()->value);
        return e;
      case ast::ExprKind::Slice: {
        auto* s = e->as<ast::Slice>();
        s->lower = foldOpt(s->lower);
        s->upper = foldOpt(s->upper);
        s->step = foldOpt(s->step);
        return e;
      }
      case ast::ExprKind::List:
        foldExprs(e->as<ast::List>()->elts);
        return e;
      case ast::ExprKind::Tuple:
        foldExprs(e->as<ast::Tuple>()->elts);
        return e;
      case ast::ExprKind::Name: {
        auto* n = e->as<ast::Name>();
        if (n->ctx == ast::ExprContext::Load && n->id == "__debug__") {
          return makeConst(e, Constant::boolean(optimize_ == 0));
        }
        return e;
      }
      case ast::ExprKind::Constant:
        return e;
    }
    return e;
  }

  ast::Arena& arena_;
  int optimize_;
  bool futureAnnotations_;
  int depth_ = 0;
};

void foldConstants(ast::Mod& mod, ast::Arena& arena, int optimize) {
  std::uint32_t future = futureFeatures(mod);
  ConstantFolder folder(arena, optimize, (future & bytecode::CO_FUTURE_ANNOTATIONS) != 0);
  folder.foldMod(mod);
}

}  // namespace pyl::compiler
