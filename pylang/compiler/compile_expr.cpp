// pylang/compiler/compile_expr.cpp — expressions: operators, conditional jumps, calls (with
// PyPy's LOOKUP_METHOD/CALL_METHOD when CompilerOptions::callMethod is set), displays and
// star-unpacking, f-strings, comprehensions, yield/await, assignment targets.
#include <set>

#include "pylang/compiler/compiler_impl.h"

namespace pyl::compiler {

using bytecode::Constant;
using bytecode::Opcode;

namespace {

// CPython's STACK_USE_GUIDELINE: longer argument lists and displays are built incrementally.
constexpr std::size_t kStackUseGuideline = 30;

std::uint32_t binaryOperator(ast::BinOperator op) {
  switch (op) {
    case ast::BinOperator::Add:
      return bytecode::NB_ADD;
    case ast::BinOperator::Sub:
      return bytecode::NB_SUBTRACT;
    case ast::BinOperator::Mult:
      return bytecode::NB_MULTIPLY;
    case ast::BinOperator::MatMult:
      return bytecode::NB_MATRIX_MULTIPLY;
    case ast::BinOperator::Div:
      return bytecode::NB_TRUE_DIVIDE;
    case ast::BinOperator::Mod:
      return bytecode::NB_REMAINDER;
    case ast::BinOperator::Pow:
      return bytecode::NB_POWER;
    case ast::BinOperator::LShift:
      return bytecode::NB_LSHIFT;
    case ast::BinOperator::RShift:
      return bytecode::NB_RSHIFT;
    case ast::BinOperator::BitOr:
      return bytecode::NB_OR;
    case ast::BinOperator::BitXor:
      return bytecode::NB_XOR;
    case ast::BinOperator::BitAnd:
      return bytecode::NB_AND;
    case ast::BinOperator::FloorDiv:
      return bytecode::NB_FLOOR_DIVIDE;
  }
  return 0;
}

bool allConstant(const ast::ExprSeq& elts, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    if (!elts[i] || !foldedConstant(elts[i])) return false;
  }
  return true;
}

bool hasStarred(const ast::ExprSeq& elts) {
  for (auto* e : elts) {
    if (e->is<ast::Starred>()) return true;
  }
  return false;
}

}  // namespace

// An iterable in `x in {1, 2}` or `for x in {1, 2}`: a set display of constants is loaded as a
// frozenset constant (CPython's fold_iter).
void Compiler::visitIterable(const ast::Expr* e) {
  if (auto* set = e->as<ast::Set>()) {
    std::vector<Constant> items;
    for (auto* elt : set->elts) {
      auto value = foldedConstant(elt);
      if (!value) break;
      items.push_back(std::move(*value));
    }
    if (items.size() == set->elts.size()) {
      ast::Location saved = loc_;
      setLoc(e->loc);
      loadConst(Constant::frozenset(std::move(items)));
      loc_ = saved;
      return;
    }
  }
  visitExpr(e);
}

void Compiler::visitExpr(const ast::Expr* e) {
  if (++depth_ > 2000)
    throw CompileError{"maximum recursion depth exceeded during compilation", e->loc, true};
  ast::Location saved = loc_;
  setLoc(e->loc);
  visitExprInner(e);
  loc_ = saved;
  --depth_;
}

void Compiler::visitExprInner(const ast::Expr* e) {
  switch (e->tag) {
    case ast::ExprKind::NamedExpr: {
      auto* n = e->as<ast::NamedExpr>();
      visitExpr(n->value);
      emit(Opcode::COPY, 1);
      visitExpr(n->target);
      break;
    }
    case ast::ExprKind::BoolOp:
      compileBoolOp(*e->as<ast::BoolOp>());
      break;
    case ast::ExprKind::BinOp: {
      auto* b = e->as<ast::BinOp>();
      visitExpr(b->left);
      visitExpr(b->right);
      emit(Opcode::BINARY_OP, binaryOperator(b->op));
      break;
    }
    case ast::ExprKind::UnaryOp: {
      auto* u = e->as<ast::UnaryOp>();
      visitExpr(u->operand);
      switch (u->op) {
        case ast::UnaryOperator::Invert:
          emit(Opcode::UNARY_INVERT);
          break;
        case ast::UnaryOperator::Not:
          emit(Opcode::UNARY_NOT);
          break;
        case ast::UnaryOperator::UAdd:
          emit(Opcode::UNARY_POSITIVE);
          break;
        case ast::UnaryOperator::USub:
          emit(Opcode::UNARY_NEGATIVE);
          break;
      }
      break;
    }
    case ast::ExprKind::Lambda:
      compileLambda(*e->as<ast::Lambda>());
      break;
    case ast::ExprKind::IfExp: {
      auto* i = e->as<ast::IfExp>();
      int end = newLabel(), next = newLabel();
      compileJumpIf(i->test, next, false);
      visitExpr(i->body);
      emitJump(Opcode::JUMP, end);
      bind(next);
      visitExpr(i->orelse);
      bind(end);
      break;
    }
    case ast::ExprKind::Dict:
      compileDict(*e->as<ast::Dict>());
      break;
    case ast::ExprKind::Set:
      starUnpackHelper(e->as<ast::Set>()->elts, 0, Opcode::BUILD_SET, Opcode::SET_ADD,
                       Opcode::SET_UPDATE, false);
      break;
    case ast::ExprKind::GeneratorExp: {
      auto* g = e->as<ast::GeneratorExp>();
      compileComprehension(*e, "<genexpr>", g->generators, g->elt, nullptr);
      break;
    }
    case ast::ExprKind::ListComp: {
      auto* l = e->as<ast::ListComp>();
      compileComprehension(*e, "<listcomp>", l->generators, l->elt, nullptr);
      break;
    }
    case ast::ExprKind::SetComp: {
      auto* s = e->as<ast::SetComp>();
      compileComprehension(*e, "<setcomp>", s->generators, s->elt, nullptr);
      break;
    }
    case ast::ExprKind::DictComp: {
      auto* d = e->as<ast::DictComp>();
      compileComprehension(*e, "<dictcomp>", d->generators, d->key, d->value);
      break;
    }
    case ast::ExprKind::Yield: {
      if (unit().ste->type() != symtable::BlockType::kFunction) error("'yield' outside function");
      auto* y = e->as<ast::Yield>();
      if (y->value) {
        visitExpr(y->value);
      } else {
        loadConst(Constant::none());
      }
      if (unit().ste->coroutine) emit(Opcode::ASYNC_GEN_WRAP);
      emit(Opcode::YIELD_VALUE);
      break;
    }
    case ast::ExprKind::YieldFrom:
      if (unit().ste->type() != symtable::BlockType::kFunction) error("'yield' outside function");
      if (unit().scopeType == ScopeType::kAsyncFunction)
        error("'yield from' inside async function");
      visitExpr(e->as<ast::YieldFrom>()->value);
      emit(Opcode::GET_YIELD_FROM_ITER);
      loadConst(Constant::none());
      addYieldFrom(false);
      break;
    case ast::ExprKind::Await:
      if (!isTopLevelAwait()) {
        if (unit().ste->type() != symtable::BlockType::kFunction) error("'await' outside function");
        if (unit().scopeType != ScopeType::kAsyncFunction &&
            unit().scopeType != ScopeType::kComprehension) {
          error("'await' outside async function");
        }
      }
      visitExpr(e->as<ast::Await>()->value);
      emit(Opcode::GET_AWAITABLE, 0);
      loadConst(Constant::none());
      addYieldFrom(true);
      break;
    case ast::ExprKind::Compare:
      compileCompare(*e->as<ast::Compare>());
      break;
    case ast::ExprKind::Call:
      compileCall(*e->as<ast::Call>());
      break;
    case ast::ExprKind::FormattedValue:
      compileFormattedValue(*e->as<ast::FormattedValue>());
      break;
    case ast::ExprKind::JoinedStr:
      compileJoinedStr(*e->as<ast::JoinedStr>());
      break;
    case ast::ExprKind::Constant:
      loadConst(constantFromAst(e->as<ast::Constant>()->value));
      break;
    case ast::ExprKind::Attribute: {
      auto* a = e->as<ast::Attribute>();
      visitExpr(a->value);
      switch (a->ctx) {
        case ast::ExprContext::Load:
          emitName(Opcode::LOAD_ATTR, a->attr);
          break;
        case ast::ExprContext::Store:
          if (a->attr == "__debug__") error("cannot assign to __debug__");
          emitName(Opcode::STORE_ATTR, a->attr);
          break;
        case ast::ExprContext::Del:
          emitName(Opcode::DELETE_ATTR, a->attr);
          break;
      }
      break;
    }
    case ast::ExprKind::Subscript:
      compileSubscript(*e->as<ast::Subscript>());
      break;
    case ast::ExprKind::Starred:
      if (e->as<ast::Starred>()->ctx == ast::ExprContext::Store) {
        error("starred assignment target must be in a list or tuple");
      }
      error("can't use starred expression here");
    case ast::ExprKind::Slice:
      compileSlice(*e->as<ast::Slice>());
      break;
    case ast::ExprKind::Name: {
      auto* n = e->as<ast::Name>();
      nameOp(n->id, n->ctx == ast::ExprContext::Load    ? NameContext::kLoad
                    : n->ctx == ast::ExprContext::Store ? NameContext::kStore
                                                        : NameContext::kDel);
      break;
    }
    case ast::ExprKind::List: {
      auto* l = e->as<ast::List>();
      compileStarredAssign(*e, l->elts, l->ctx, true);
      break;
    }
    case ast::ExprKind::Tuple: {
      auto* t = e->as<ast::Tuple>();
      if (auto value = foldedConstant(e)) {
        loadConst(*value);
        break;
      }
      compileStarredAssign(*e, t->elts, t->ctx, false);
      break;
    }
  }
}

void Compiler::compileStarredAssign(const ast::Expr&, const ast::ExprSeq& elts,
                                    ast::ExprContext ctx, bool isList) {
  switch (ctx) {
    case ast::ExprContext::Store:
      assignmentHelper(elts);
      break;
    case ast::ExprContext::Load:
      starUnpackHelper(elts, 0, Opcode::BUILD_LIST, Opcode::LIST_APPEND, Opcode::LIST_EXTEND,
                       !isList);
      break;
    case ast::ExprContext::Del:
      for (auto* elt : elts) visitExpr(elt);
      break;
  }
}

void Compiler::compileSubscript(const ast::Subscript& e) {
  visitExpr(e.value);
  visitExpr(e.slice);
  switch (e.ctx) {
    case ast::ExprContext::Load:
      emit(Opcode::BINARY_SUBSCR);
      break;
    case ast::ExprContext::Store:
      emit(Opcode::STORE_SUBSCR);
      break;
    case ast::ExprContext::Del:
      emit(Opcode::DELETE_SUBSCR);
      break;
  }
}

void Compiler::compileSlice(const ast::Slice& e) {
  std::uint32_t n = 2;
  if (e.lower) {
    visitExpr(e.lower);
  } else {
    loadConst(Constant::none());
  }
  if (e.upper) {
    visitExpr(e.upper);
  } else {
    loadConst(Constant::none());
  }
  if (e.step) {
    visitExpr(e.step);
    n = 3;
  }
  emit(Opcode::BUILD_SLICE, n);
}

// ---- conditions ----

void Compiler::compileJumpIf(const ast::Expr* e, int label, bool condition) {
  switch (e->tag) {
    case ast::ExprKind::UnaryOp:
      if (e->as<ast::UnaryOp>()->op == ast::UnaryOperator::Not) {
        compileJumpIf(e->as<ast::UnaryOp>()->operand, label, !condition);
        return;
      }
      break;
    case ast::ExprKind::BoolOp: {
      auto* b = e->as<ast::BoolOp>();
      bool cond2 = b->op == ast::BoolOperator::Or;
      int next2 = cond2 != condition ? newLabel() : label;
      for (std::size_t i = 0; i + 1 < b->values.size(); ++i)
        compileJumpIf(b->values[i], next2, cond2);
      compileJumpIf(b->values.back(), label, condition);
      if (next2 != label) bind(next2);
      return;
    }
    case ast::ExprKind::IfExp: {
      auto* i = e->as<ast::IfExp>();
      int end = newLabel(), next2 = newLabel();
      compileJumpIf(i->test, next2, false);
      compileJumpIf(i->body, label, condition);
      emitJump(Opcode::JUMP, end);
      bind(next2);
      compileJumpIf(i->orelse, label, condition);
      bind(end);
      return;
    }
    case ast::ExprKind::Compare: {
      auto* c = e->as<ast::Compare>();
      std::size_t n = c->ops.size() - 1;
      if (n == 0) break;
      ast::Location saved = loc_;
      setLoc(e->loc);
      int cleanup = newLabel();
      visitExpr(c->left);
      for (std::size_t i = 0; i < n; ++i) {
        visitExpr(c->comparators[i]);
        emit(Opcode::SWAP, 2);
        emit(Opcode::COPY, 2);
        emitCompare(c->ops[i]);
        emitJump(Opcode::POP_JUMP_IF_FALSE, cleanup);
      }
      visitLastComparator(c->comparators[n], c->ops[n]);
      emitCompare(c->ops[n]);
      emitJump(condition ? Opcode::POP_JUMP_IF_TRUE : Opcode::POP_JUMP_IF_FALSE, label);
      int end = newLabel();
      emitJump(Opcode::JUMP, end);
      bind(cleanup);
      emit(Opcode::POP_TOP);
      if (!condition) emitJump(Opcode::JUMP, label);
      bind(end);
      loc_ = saved;
      return;
    }
    case ast::ExprKind::Constant:
      // A constant test is decided now (CPython's CFG optimizer does the same later).
      if (e->as<ast::Constant>()->value.kind != ast::ConstantKind::Str &&
          e->as<ast::Constant>()->value.kind != ast::ConstantKind::Bytes) {
        // The constant is still registered: CPython emits and later removes the load, and its
        // co_consts keeps it when it is the first constant.
        Constant value = constantFromAst(e->as<ast::Constant>()->value);
        unit().code.addConst(value);
        if (value.truthy() == condition) emitJump(Opcode::JUMP, label);
        return;
      }
      break;
    default:
      break;
  }
  // `x is None` / `x is not None` as a test: POP_JUMP_IF_NONE / POP_JUMP_IF_NOT_NONE (what
  // CPython's peephole optimizer makes of LOAD_CONST None; IS_OP; POP_JUMP_IF_*).
  if (auto* c = e->as<ast::Compare>();
      c && c->ops.size() == 1 &&
      (c->ops[0] == ast::CmpOperator::Is || c->ops[0] == ast::CmpOperator::IsNot)) {
    auto* right = c->comparators[0]->as<ast::Constant>();
    if (right && right->value.kind == ast::ConstantKind::None) {
      ast::Location saved = loc_;
      setLoc(e->loc);
      visitExpr(c->left);
      unit().code.addConst(Constant::none());
      bool jumpIfNone = (c->ops[0] == ast::CmpOperator::Is) == condition;
      emitJump(jumpIfNone ? Opcode::POP_JUMP_IF_NONE : Opcode::POP_JUMP_IF_NOT_NONE, label);
      loc_ = saved;
      return;
    }
  }
  visitExpr(e);
  emitJump(condition ? Opcode::POP_JUMP_IF_TRUE : Opcode::POP_JUMP_IF_FALSE, label);
}

void Compiler::compileBoolOp(const ast::BoolOp& e) {
  Opcode jump =
      e.op == ast::BoolOperator::And ? Opcode::JUMP_IF_FALSE_OR_POP : Opcode::JUMP_IF_TRUE_OR_POP;
  int end = newLabel();
  for (std::size_t i = 0; i + 1 < e.values.size(); ++i) {
    // A constant operand decides statically (CPython's optimizer folds its jump): one that
    // does not short-circuit is skipped, one that does is the result.
    if (auto* c = e.values[i]->as<ast::Constant>()) {
      Constant value = constantFromAst(c->value);
      bool shortCircuits = value.truthy() == (e.op == ast::BoolOperator::Or);
      if (!shortCircuits) {
        unit().code.addConst(value);
        continue;
      }
      visitExpr(e.values[i]);
      emitJump(Opcode::JUMP, end);
      continue;
    }
    visitExpr(e.values[i]);
    emitJump(jump, end);
  }
  visitExpr(e.values.back());
  bind(end);
}

void Compiler::visitLastComparator(const ast::Expr* e, ast::CmpOperator op) {
  if (op == ast::CmpOperator::In || op == ast::CmpOperator::NotIn) {
    visitIterable(e);
  } else {
    visitExpr(e);
  }
}

void Compiler::emitCompare(ast::CmpOperator op) {
  switch (op) {
    case ast::CmpOperator::Eq:
      emit(Opcode::COMPARE_OP, bytecode::kCmpEq);
      break;
    case ast::CmpOperator::NotEq:
      emit(Opcode::COMPARE_OP, bytecode::kCmpNe);
      break;
    case ast::CmpOperator::Lt:
      emit(Opcode::COMPARE_OP, bytecode::kCmpLt);
      break;
    case ast::CmpOperator::LtE:
      emit(Opcode::COMPARE_OP, bytecode::kCmpLe);
      break;
    case ast::CmpOperator::Gt:
      emit(Opcode::COMPARE_OP, bytecode::kCmpGt);
      break;
    case ast::CmpOperator::GtE:
      emit(Opcode::COMPARE_OP, bytecode::kCmpGe);
      break;
    case ast::CmpOperator::Is:
      emit(Opcode::IS_OP, 0);
      break;
    case ast::CmpOperator::IsNot:
      emit(Opcode::IS_OP, 1);
      break;
    case ast::CmpOperator::In:
      emit(Opcode::CONTAINS_OP, 0);
      break;
    case ast::CmpOperator::NotIn:
      emit(Opcode::CONTAINS_OP, 1);
      break;
  }
}

void Compiler::compileCompare(const ast::Compare& e) {
  std::size_t n = e.ops.size() - 1;
  visitExpr(e.left);
  if (n == 0) {
    visitLastComparator(e.comparators[0], e.ops[0]);
    emitCompare(e.ops[0]);
    return;
  }
  int cleanup = newLabel();
  for (std::size_t i = 0; i < n; ++i) {
    visitExpr(e.comparators[i]);
    emit(Opcode::SWAP, 2);
    emit(Opcode::COPY, 2);
    emitCompare(e.ops[i]);
    emitJump(Opcode::JUMP_IF_FALSE_OR_POP, cleanup);
  }
  visitLastComparator(e.comparators[n], e.ops[n]);
  emitCompare(e.ops[n]);
  int end = newLabel();
  emitJump(Opcode::JUMP, end);
  bind(cleanup);
  emit(Opcode::SWAP, 2);
  emit(Opcode::POP_TOP);
  bind(end);
}

// ---- calls ----

void Compiler::emitKwNames(const ast::KeywordSeq& keywords) {
  std::vector<Constant> names;
  for (auto* k : keywords) names.push_back(strConstant(k->arg));
  emit(Opcode::KW_NAMES, unit().code.addConst(Constant::tuple(std::move(names))));
}

bool Compiler::compileMethodCall(const ast::Call& e) {
  if (!options_.callMethod) return false;
  auto* attr = e.func->as<ast::Attribute>();
  if (!attr || attr->ctx != ast::ExprContext::Load) return false;
  std::size_t nargs = e.args.size(), nkw = e.keywords.size();
  if (nargs + nkw + (nkw != 0) >= kStackUseGuideline) return false;
  if (hasStarred(e.args)) return false;
  for (auto* k : e.keywords) {
    if (!ast::isPresent(k->arg)) return false;
  }
  visitExpr(attr->value);
  ast::Location saved = loc_;
  loc_.lineno = e.func->loc.end_lineno;
  emitName(Opcode::LOOKUP_METHOD, attr->attr);
  loc_ = saved;
  for (auto* a : e.args) visitExpr(a);
  for (auto* k : e.keywords) visitExpr(k->value);
  if (nkw) emitKwNames(e.keywords);
  emit(Opcode::CALL_METHOD, static_cast<std::uint32_t>(nargs + nkw));
  return true;
}

void Compiler::compileCall(const ast::Call& e) {
  validateKeywords(e.keywords);
  if (compileMethodCall(e)) return;
  visitExpr(e.func);
  compileCallHelper(0, e.args, e.keywords);
}

void Compiler::compileSubkwargs(const ast::KeywordSeq& keywords, std::size_t begin,
                                std::size_t end) {
  std::size_t n = end - begin;
  bool big = n * 2 > kStackUseGuideline;
  if (n > 1 && !big) {
    std::vector<Constant> keys;
    for (std::size_t i = begin; i < end; ++i) {
      visitExpr(keywords[i]->value);
      keys.push_back(strConstant(keywords[i]->arg));
    }
    loadConst(Constant::tuple(std::move(keys)));
    emit(Opcode::BUILD_CONST_KEY_MAP, static_cast<std::uint32_t>(n));
    return;
  }
  if (big) emit(Opcode::BUILD_MAP, 0);
  for (std::size_t i = begin; i < end; ++i) {
    loadConst(strConstant(keywords[i]->arg));
    visitExpr(keywords[i]->value);
    if (big) emit(Opcode::MAP_ADD, 1);
  }
  if (!big) emit(Opcode::BUILD_MAP, static_cast<std::uint32_t>(n));
}

// CPython's validate_keywords: no `__debug__=`, no keyword given twice.
void Compiler::validateKeywords(const ast::KeywordSeq& keywords) {
  std::set<std::string_view> seen;
  for (auto* k : keywords) {
    if (!ast::isPresent(k->arg)) continue;
    if (k->arg == "__debug__") error("cannot assign to __debug__");
    if (!seen.insert(k->arg).second) {
      setLoc(k->loc);
      error("keyword argument repeated: " + std::string(k->arg));
    }
  }
}

void Compiler::compileCallHelper(int pushed, const ast::ExprSeq& args,
                                 const ast::KeywordSeq& keywords) {
  validateKeywords(keywords);
  std::size_t nelts = args.size(), nkw = keywords.size();
  bool exCall = nelts + nkw * 2 > kStackUseGuideline || hasStarred(args);
  for (auto* k : keywords) exCall = exCall || !ast::isPresent(k->arg);
  if (!exCall) {
    for (auto* a : args) visitExpr(a);
    for (auto* k : keywords) visitExpr(k->value);
    if (nkw) emitKwNames(keywords);
    emit(Opcode::CALL, static_cast<std::uint32_t>(pushed + nelts + nkw));
    return;
  }
  if (pushed == 0 && nelts == 1 && args[0]->is<ast::Starred>()) {
    visitExpr(args[0]->as<ast::Starred>()->value);
  } else {
    starUnpackHelper(args, pushed, Opcode::BUILD_LIST, Opcode::LIST_APPEND, Opcode::LIST_EXTEND,
                     true);
  }
  if (nkw) {
    bool haveDict = false;
    std::size_t nseen = 0;
    for (std::size_t i = 0; i < nkw; ++i) {
      const ast::Keyword* k = keywords[i];
      if (!ast::isPresent(k->arg)) {
        if (nseen) {
          compileSubkwargs(keywords, i - nseen, i);
          if (haveDict) emit(Opcode::DICT_MERGE, 1);
          haveDict = true;
          nseen = 0;
        }
        if (!haveDict) {
          emit(Opcode::BUILD_MAP, 0);
          haveDict = true;
        }
        visitExpr(k->value);
        emit(Opcode::DICT_MERGE, 1);
      } else {
        ++nseen;
      }
    }
    if (nseen) {
      compileSubkwargs(keywords, nkw - nseen, nkw);
      if (haveDict) emit(Opcode::DICT_MERGE, 1);
    }
  }
  emit(Opcode::CALL_FUNCTION_EX, nkw > 0 ? 1 : 0);
}

// ---- displays and unpacking ----

void Compiler::starUnpackHelper(const ast::ExprSeq& elts, int pushed, Opcode build, Opcode add,
                                Opcode extend, bool tuple) {
  std::size_t n = elts.size();
  if (n > 2 && allConstant(elts, 0, n)) {
    std::vector<Constant> items;
    for (auto* e : elts) items.push_back(*foldedConstant(e));
    if (tuple && pushed == 0) {
      loadConst(Constant::tuple(std::move(items)));
      return;
    }
    Constant folded = add == Opcode::SET_ADD ? Constant::frozenset(std::move(items))
                                             : Constant::tuple(std::move(items));
    emit(build, static_cast<std::uint32_t>(pushed));
    loadConst(folded);
    emit(extend, 1);
    if (tuple) emit(Opcode::LIST_TO_TUPLE);
    return;
  }
  bool big = n + pushed > kStackUseGuideline;
  if (!hasStarred(elts) && !big) {
    for (auto* e : elts) visitExpr(e);
    emit(tuple ? Opcode::BUILD_TUPLE : build, static_cast<std::uint32_t>(n + pushed));
    return;
  }
  bool built = false;
  if (big) {
    emit(build, static_cast<std::uint32_t>(pushed));
    built = true;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const ast::Expr* elt = elts[i];
    if (auto* starred = elt->as<ast::Starred>()) {
      if (!built) {
        emit(build, static_cast<std::uint32_t>(i + pushed));
        built = true;
      }
      visitExpr(starred->value);
      emit(extend, 1);
    } else {
      visitExpr(elt);
      if (built) emit(add, 1);
    }
  }
  if (tuple) emit(Opcode::LIST_TO_TUPLE);
}

void Compiler::unpackHelper(const ast::ExprSeq& elts) {
  std::size_t n = elts.size();
  bool seenStar = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (!elts[i]->is<ast::Starred>()) continue;
    if (seenStar) error("multiple starred expressions in assignment");
    if (i >= (1u << 8) || n - i - 1 >= (1u << 16))
      error("too many expressions in star-unpacking assignment");
    emit(Opcode::UNPACK_EX, static_cast<std::uint32_t>(i + ((n - i - 1) << 8)));
    seenStar = true;
  }
  if (!seenStar) emit(Opcode::UNPACK_SEQUENCE, static_cast<std::uint32_t>(n));
}

void Compiler::assignmentHelper(const ast::ExprSeq& elts) {
  unpackHelper(elts);
  for (auto* elt : elts) {
    auto* starred = elt->as<ast::Starred>();
    visitExpr(starred ? starred->value : elt);
  }
}

void Compiler::compileSubdict(const ast::Dict& e, std::size_t begin, std::size_t end) {
  std::size_t n = end - begin;
  bool big = n * 2 > kStackUseGuideline;
  if (n > 1 && !big && allConstant(e.keys, begin, end)) {
    std::vector<Constant> keys;
    for (std::size_t i = begin; i < end; ++i) {
      visitExpr(e.values[i]);
      keys.push_back(*foldedConstant(e.keys[i]));
    }
    loadConst(Constant::tuple(std::move(keys)));
    emit(Opcode::BUILD_CONST_KEY_MAP, static_cast<std::uint32_t>(n));
    return;
  }
  if (big) emit(Opcode::BUILD_MAP, 0);
  for (std::size_t i = begin; i < end; ++i) {
    visitExpr(e.keys[i]);
    visitExpr(e.values[i]);
    if (big) emit(Opcode::MAP_ADD, 1);
  }
  if (!big) emit(Opcode::BUILD_MAP, static_cast<std::uint32_t>(n));
}

void Compiler::compileDict(const ast::Dict& e) {
  std::size_t n = e.values.size(), elements = 0;
  bool haveDict = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (!e.keys[i]) {
      if (elements) {
        compileSubdict(e, i - elements, i);
        if (haveDict) emit(Opcode::DICT_UPDATE, 1);
        haveDict = true;
        elements = 0;
      }
      if (!haveDict) {
        emit(Opcode::BUILD_MAP, 0);
        haveDict = true;
      }
      visitExpr(e.values[i]);
      emit(Opcode::DICT_UPDATE, 1);
    } else if (elements * 2 > kStackUseGuideline) {
      compileSubdict(e, i - elements, i + 1);
      if (haveDict) emit(Opcode::DICT_UPDATE, 1);
      haveDict = true;
      elements = 0;
    } else {
      ++elements;
    }
  }
  if (elements) {
    compileSubdict(e, n - elements, n);
    if (haveDict) emit(Opcode::DICT_UPDATE, 1);
    haveDict = true;
  }
  if (!haveDict) emit(Opcode::BUILD_MAP, 0);
}

// ---- f-strings ----

void Compiler::compileFormattedValue(const ast::FormattedValue& e) {
  visitExpr(e.value);
  std::uint32_t arg;
  switch (e.conversion) {
    case 's':
      arg = bytecode::kFormatStr;
      break;
    case 'r':
      arg = bytecode::kFormatRepr;
      break;
    case 'a':
      arg = bytecode::kFormatAscii;
      break;
    case -1:
      arg = bytecode::kFormatNone;
      break;
    default:
      error("Unrecognized conversion character " + std::to_string(e.conversion));
  }
  if (e.format_spec) {
    visitExpr(e.format_spec);
    arg |= bytecode::kFormatHasSpec;
  }
  emit(Opcode::FORMAT_VALUE, arg);
}

void Compiler::compileJoinedStr(const ast::JoinedStr& e) {
  std::size_t n = e.values.size();
  if (n > kStackUseGuideline) {
    // ''.join([...]) keeps the value stack small for huge f-strings.
    loadConst(strConstant(""));
    emitName(options_.callMethod ? Opcode::LOOKUP_METHOD : Opcode::LOAD_ATTR, "join");
    emit(Opcode::BUILD_LIST, 0);
    for (auto* v : e.values) {
      visitExpr(v);
      emit(Opcode::LIST_APPEND, 1);
    }
    emit(options_.callMethod ? Opcode::CALL_METHOD : Opcode::CALL, 1);
    return;
  }
  for (auto* v : e.values) visitExpr(v);
  if (n != 1) emit(Opcode::BUILD_STRING, static_cast<std::uint32_t>(n));
}

// ---- comprehensions ----

void Compiler::compileComprehensionElement(const ast::Expr* elt, const ast::Expr* value,
                                           ast::ExprKind kind, int depth) {
  switch (kind) {
    case ast::ExprKind::GeneratorExp:
      visitExpr(elt);
      if (unit().ste->coroutine) emit(Opcode::ASYNC_GEN_WRAP);
      emit(Opcode::YIELD_VALUE);
      emit(Opcode::POP_TOP);
      break;
    case ast::ExprKind::ListComp:
      visitExpr(elt);
      emit(Opcode::LIST_APPEND, static_cast<std::uint32_t>(depth + 1));
      break;
    case ast::ExprKind::SetComp:
      visitExpr(elt);
      emit(Opcode::SET_ADD, static_cast<std::uint32_t>(depth + 1));
      break;
    default:
      visitExpr(elt);
      visitExpr(value);
      emit(Opcode::MAP_ADD, static_cast<std::uint32_t>(depth + 1));
      break;
  }
}

void Compiler::compileComprehensionGenerator(const ast::ComprehensionSeq& generators,
                                             std::size_t index, int depth, const ast::Expr* elt,
                                             const ast::Expr* value, ast::ExprKind kind) {
  const ast::Comprehension* gen = generators[index];
  if (gen->is_async) {
    compileAsyncComprehensionGenerator(generators, index, depth, elt, value, kind);
    return;
  }
  int start = newLabel(), ifCleanup = newLabel(), anchor = newLabel();
  bool loop = true;
  if (index == 0) {
    unit().argCount = 1;
    emit(Opcode::LOAD_FAST, 0);  // the outermost iterator, argument ".0"
  } else {
    // `for y in [f(x)]` binds a temporary without a loop.
    const ast::ExprSeq* elts = nullptr;
    if (auto* l = gen->iter->as<ast::List>()) elts = &l->elts;
    if (auto* t = gen->iter->as<ast::Tuple>()) elts = &t->elts;
    if (elts && elts->size() == 1 && !(*elts)[0]->is<ast::Starred>()) {
      visitExpr((*elts)[0]);
      loop = false;
    } else {
      visitIterable(gen->iter);
      emit(Opcode::GET_ITER);
    }
  }
  if (loop) {
    ++depth;
    bind(start);
    emitJump(Opcode::FOR_ITER, anchor);
  }
  visitExpr(gen->target);
  for (auto* cond : gen->ifs) compileJumpIf(cond, ifCleanup, false);
  if (index + 1 < generators.size()) {
    compileComprehensionGenerator(generators, index + 1, depth, elt, value, kind);
  } else {
    compileComprehensionElement(elt, value, kind, depth);
  }
  bind(ifCleanup);
  if (loop) {
    emitJump(Opcode::JUMP, start);
    bind(anchor);
  }
}

void Compiler::compileAsyncComprehensionGenerator(const ast::ComprehensionSeq& generators,
                                                  std::size_t index, int depth,
                                                  const ast::Expr* elt, const ast::Expr* value,
                                                  ast::ExprKind kind) {
  const ast::Comprehension* gen = generators[index];
  int start = newLabel(), except = newLabel(), ifCleanup = newLabel();
  if (index == 0) {
    unit().argCount = 1;
    emit(Opcode::LOAD_FAST, 0);
  } else {
    visitIterable(gen->iter);
    emit(Opcode::GET_AITER);
  }
  bind(start);
  pushFBlock(FBlock(FBlockType::kAsyncComprehensionGenerator, start));
  emitJump(Opcode::SETUP_FINALLY, except);
  emit(Opcode::GET_ANEXT);
  loadConst(Constant::none());
  addYieldFrom(true);
  emit(Opcode::POP_BLOCK);
  visitExpr(gen->target);
  for (auto* cond : gen->ifs) compileJumpIf(cond, ifCleanup, false);
  ++depth;
  if (index + 1 < generators.size()) {
    compileComprehensionGenerator(generators, index + 1, depth, elt, value, kind);
  } else {
    compileComprehensionElement(elt, value, kind, depth);
  }
  bind(ifCleanup);
  emitJump(Opcode::JUMP, start);
  popFBlock(FBlockType::kAsyncComprehensionGenerator);
  bind(except);
  emit(Opcode::END_ASYNC_FOR);
}

void Compiler::compileComprehension(const ast::Expr& e, const char* name,
                                    const ast::ComprehensionSeq& generators, const ast::Expr* elt,
                                    const ast::Expr* value) {
  ScopeType outerScope = unit().scopeType;
  const ast::Comprehension* outermost = generators[0];
  enterScope(name, ScopeType::kComprehension, &e, e.loc.lineno);
  bool isAsyncGenerator = unit().ste->coroutine;
  if (isAsyncGenerator && !e.is<ast::GeneratorExp>() && outerScope != ScopeType::kAsyncFunction &&
      outerScope != ScopeType::kComprehension && !isTopLevelAwait()) {
    error("asynchronous comprehension outside of an asynchronous function");
  }
  switch (e.tag) {
    case ast::ExprKind::ListComp:
      emit(Opcode::BUILD_LIST, 0);
      break;
    case ast::ExprKind::SetComp:
      emit(Opcode::BUILD_SET, 0);
      break;
    case ast::ExprKind::DictComp:
      emit(Opcode::BUILD_MAP, 0);
      break;
    default:
      break;
  }
  compileComprehensionGenerator(generators, 0, 0, elt, value, e.tag);
  if (!e.is<ast::GeneratorExp>()) emit(Opcode::RETURN_VALUE);
  auto code = finishUnit(true);
  exitScope();
  makeClosure(code, 0);
  visitIterable(outermost->iter);
  emit(outermost->is_async ? Opcode::GET_AITER : Opcode::GET_ITER);
  emit(Opcode::CALL, 1);
  if (isAsyncGenerator && !e.is<ast::GeneratorExp>()) {
    emit(Opcode::GET_AWAITABLE, 0);
    loadConst(Constant::none());
    addYieldFrom(true);
  }
}

}  // namespace pyl::compiler
