// pylang/compiler/compile_stmt.cpp — statements: control flow (if/while/for/async for), the
// frame-block unwinding behind break/continue/return, try/except/finally/except*, with/async
// with, imports, assignments, assert, raise, del. Code shapes follow CPython 3.11's compile.c
// (see DESIGN(compiler) in compiler_impl.h) except where opcodes.h's DESIGN(bytecode) differs.
#include "pylang/compiler/compiler_impl.h"

namespace pyl::compiler {

using bytecode::Constant;
using bytecode::Opcode;

namespace {
constexpr int kMaxNesting = 2000;

struct NestingGuard {
  NestingGuard(int& depth, Compiler& c) : depth_(depth) {
    if (++depth_ > kMaxNesting) c.error("too many statically nested blocks");
  }
  ~NestingGuard() { --depth_; }
  int& depth_;
};
}  // namespace

void Compiler::visitStmts(const ast::StmtSeq& body) {
  for (auto* s : body) visitStmt(s);
}

void Compiler::visitStmt(const ast::Stmt* s) {
  NestingGuard guard(depth_, *this);
  setLoc(s->loc);
  switch (s->tag) {
    case ast::StmtKind::FunctionDef:
      compileFunction(*s, false);
      break;
    case ast::StmtKind::AsyncFunctionDef:
      compileFunction(*s, true);
      break;
    case ast::StmtKind::ClassDef:
      compileClass(*s->as<ast::ClassDef>());
      break;
    case ast::StmtKind::Return:
      compileReturn(*s->as<ast::Return>());
      break;
    case ast::StmtKind::Delete:
      for (auto* t : s->as<ast::Delete>()->targets) visitExpr(t);
      break;
    case ast::StmtKind::Assign: {
      auto* a = s->as<ast::Assign>();
      visitExpr(a->value);
      for (std::size_t i = 0; i < a->targets.size(); ++i) {
        if (i + 1 < a->targets.size()) emit(Opcode::COPY, 1);
        visitExpr(a->targets[i]);
      }
      break;
    }
    case ast::StmtKind::AugAssign:
      compileAugAssign(*s->as<ast::AugAssign>());
      break;
    case ast::StmtKind::AnnAssign:
      compileAnnAssign(*s->as<ast::AnnAssign>());
      break;
    case ast::StmtKind::For:
      compileFor(*s->as<ast::For>());
      break;
    case ast::StmtKind::AsyncFor:
      compileAsyncFor(*s->as<ast::AsyncFor>());
      break;
    case ast::StmtKind::While:
      compileWhile(*s->as<ast::While>());
      break;
    case ast::StmtKind::If:
      compileIf(*s->as<ast::If>());
      break;
    case ast::StmtKind::With: {
      auto* w = s->as<ast::With>();
      compileWith(*s, w->items, w->body, 0, false);
      break;
    }
    case ast::StmtKind::AsyncWith: {
      auto* w = s->as<ast::AsyncWith>();
      compileWith(*s, w->items, w->body, 0, true);
      break;
    }
    case ast::StmtKind::Match:
      compileMatch(*s->as<ast::Match>());
      break;
    case ast::StmtKind::Raise:
      compileRaise(*s->as<ast::Raise>());
      break;
    case ast::StmtKind::Try: {
      auto* t = s->as<ast::Try>();
      if (!t->finalbody.empty()) {
        compileTryFinally(t->body, t->handlers, t->orelse, t->finalbody, false);
      } else {
        compileTryExcept(t->body, t->handlers, t->orelse);
      }
      break;
    }
    case ast::StmtKind::TryStar: {
      auto* t = s->as<ast::TryStar>();
      if (!t->finalbody.empty()) {
        compileTryFinally(t->body, t->handlers, t->orelse, t->finalbody, true);
      } else {
        compileTryStarExcept(t->body, t->handlers, t->orelse);
      }
      break;
    }
    case ast::StmtKind::Assert:
      compileAssert(*s->as<ast::Assert>());
      break;
    case ast::StmtKind::Import:
      compileImport(*s->as<ast::Import>());
      break;
    case ast::StmtKind::ImportFrom:
      compileImportFrom(*s->as<ast::ImportFrom>());
      break;
    case ast::StmtKind::Global:
    case ast::StmtKind::Nonlocal:
    case ast::StmtKind::Pass:
      break;
    case ast::StmtKind::ExprStmt: {
      const ast::Expr* value = s->as<ast::ExprStmt>()->value;
      if (options_.interactive && units_.size() == 1) {
        visitExpr(value);
        emit(Opcode::PRINT_EXPR);
      } else if (!foldedConstant(value)) {
        visitExpr(value);
        emit(Opcode::POP_TOP);
      }
      break;
    }
    case ast::StmtKind::Break:
      compileBreak();
      break;
    case ast::StmtKind::Continue:
      compileContinue();
      break;
  }
}

// ---- frame blocks ----

void Compiler::pushFBlock(FBlock block) {
  if (unit().fblocks.size() >= 20) error("too many statically nested blocks");
  unit().fblocks.push_back(block);
}

void Compiler::popFBlock(FBlockType type) {
  if (unit().fblocks.empty() || unit().fblocks.back().type != type) {
    error("internal compiler error: frame block mismatch");
  }
  unit().fblocks.pop_back();
}

void Compiler::popExceptAndReraise() {
  emit(Opcode::COPY, 3);
  emit(Opcode::POP_EXCEPT);
  emit(Opcode::RERAISE, 1);
}

void Compiler::callExitWithNones() {
  loadConst(Constant::none());
  loadConst(Constant::none());
  loadConst(Constant::none());
  emit(Opcode::CALL, 3);
}

void Compiler::unwindFBlock(const FBlock& info, bool preserveTos) {
  switch (info.type) {
    case FBlockType::kWhileLoop:
    case FBlockType::kExceptionHandler:
    case FBlockType::kExceptionGroupHandler:
    case FBlockType::kAsyncComprehensionGenerator:
      return;
    case FBlockType::kForLoop:
      if (preserveTos) emit(Opcode::SWAP, 2);
      emit(Opcode::POP_TOP);  // the iterator
      return;
    case FBlockType::kTryExcept:
      emit(Opcode::POP_BLOCK);
      return;
    case FBlockType::kFinallyTry:
      emit(Opcode::POP_BLOCK);
      if (preserveTos) pushFBlock(FBlock(FBlockType::kPopValue));
      visitStmts(*info.finalBody);
      if (preserveTos) popFBlock(FBlockType::kPopValue);
      unsetLoc();
      return;
    case FBlockType::kFinallyEnd:
      if (preserveTos) emit(Opcode::SWAP, 2);
      emit(Opcode::POP_TOP);  // exc_value
      if (preserveTos) emit(Opcode::SWAP, 2);
      emit(Opcode::POP_BLOCK);
      emit(Opcode::POP_EXCEPT);
      return;
    case FBlockType::kWith:
    case FBlockType::kAsyncWith:
      setLoc(info.withStmt->loc);
      emit(Opcode::POP_BLOCK);
      if (preserveTos) emit(Opcode::SWAP, 2);
      callExitWithNones();
      if (info.type == FBlockType::kAsyncWith) {
        emit(Opcode::GET_AWAITABLE, 2);
        loadConst(Constant::none());
        addYieldFrom(true);
      }
      emit(Opcode::POP_TOP);
      unsetLoc();
      return;
    case FBlockType::kHandlerCleanup:
      if (info.hasHandlerName) emit(Opcode::POP_BLOCK);
      if (preserveTos) emit(Opcode::SWAP, 2);
      emit(Opcode::POP_BLOCK);
      emit(Opcode::POP_EXCEPT);
      if (info.hasHandlerName) {
        loadConst(Constant::none());
        nameOp(info.handlerName, NameContext::kStore);
        nameOp(info.handlerName, NameContext::kDel);
      }
      return;
    case FBlockType::kPopValue:
      if (preserveTos) emit(Opcode::SWAP, 2);
      emit(Opcode::POP_TOP);
      return;
  }
}

// Unwinds frame blocks up to (not including) the innermost loop when stopAtLoop; returns that
// loop, or null. The blocks are restored afterwards: the code after the jump is still inside.
const FBlock* Compiler::unwindFBlockStack(bool preserveTos, bool stopAtLoop) {
  auto& blocks = unit().fblocks;
  if (blocks.empty()) return nullptr;
  FBlock top = blocks.back();
  if (top.type == FBlockType::kExceptionGroupHandler) {
    error("'break', 'continue' and 'return' cannot appear in an except* block");
  }
  if (stopAtLoop && (top.type == FBlockType::kWhileLoop || top.type == FBlockType::kForLoop)) {
    return &blocks.back();
  }
  blocks.pop_back();
  ast::Location saved = loc_;
  unwindFBlock(top, preserveTos);
  const FBlock* loop = unwindFBlockStack(preserveTos, stopAtLoop);
  unit().fblocks.push_back(top);
  if (!loop) loc_ = saved;
  return loop;
}

void Compiler::compileReturn(const ast::Return& s) {
  bool preserveTos = s.value && !foldedConstant(s.value);
  if (unit().ste->type() != symtable::BlockType::kFunction) error("'return' outside function");
  if (s.value && unit().ste->coroutine && unit().ste->generator)
    error("'return' with value in async generator");
  if (preserveTos) {
    visitExpr(s.value);
  } else if (s.value && s.value->loc.lineno == s.loc.lineno) {
    setLoc(s.value->loc);  // CPython positions what follows at a constant return value
  }
  ast::Location saved = loc_;
  unwindFBlockStack(preserveTos, false);
  loc_ = saved;
  if (!s.value) {
    loadConst(Constant::none());
  } else if (!preserveTos) {
    loadConst(*foldedConstant(s.value));
  }
  emit(Opcode::RETURN_VALUE);
}

void Compiler::compileBreak() {
  ast::Location saved = loc_;
  const FBlock* loop = unwindFBlockStack(false, true);
  if (!loop) {
    loc_ = saved;
    error("'break' outside loop");
  }
  FBlock copy = *loop;
  unwindFBlock(copy, false);
  emitJump(Opcode::JUMP, copy.exit);
}

void Compiler::compileContinue() {
  ast::Location saved = loc_;
  const FBlock* loop = unwindFBlockStack(false, true);
  if (!loop) {
    loc_ = saved;
    error("'continue' not properly in loop");
  }
  emitJump(Opcode::JUMP, loop->block);
}

// ---- control flow ----

void Compiler::compileIf(const ast::If& s) {
  int end = newLabel();
  int next = s.orelse.empty() ? end : newLabel();
  compileJumpIf(s.test, next, false);
  visitStmts(s.body);
  if (!s.orelse.empty()) {
    emitJump(Opcode::JUMP, end);
    bind(next);
    visitStmts(s.orelse);
  }
  bind(end);
}

void Compiler::compileWhile(const ast::While& s) {
  int loop = newLabel(), anchor = newLabel(), end = newLabel();
  bind(loop);
  pushFBlock(FBlock(FBlockType::kWhileLoop, loop, end));
  compileJumpIf(s.test, anchor, false);
  visitStmts(s.body);
  setLoc(s.test->loc);
  emitJump(Opcode::JUMP, loop);
  popFBlock(FBlockType::kWhileLoop);
  bind(anchor);
  visitStmts(s.orelse);
  bind(end);
}

void Compiler::compileFor(const ast::For& s) {
  int start = newLabel(), cleanup = newLabel(), end = newLabel();
  pushFBlock(FBlock(FBlockType::kForLoop, start, end));
  visitIterable(s.iter);
  emit(Opcode::GET_ITER);
  bind(start);
  emitJump(Opcode::FOR_ITER, cleanup);
  visitExpr(s.target);
  visitStmts(s.body);
  setLoc(s.iter->loc);
  emitJump(Opcode::JUMP, start);
  bind(cleanup);
  popFBlock(FBlockType::kForLoop);
  visitStmts(s.orelse);
  bind(end);
}

void Compiler::addYieldFrom(bool await) {
  int start = newLabel(), exit = newLabel();
  bind(start);
  emitJump(Opcode::SEND, exit);
  emit(Opcode::YIELD_VALUE);
  emitJump(Opcode::JUMP_NO_INTERRUPT, start);
  (void)await;
  bind(exit);
}

void Compiler::compileAsyncFor(const ast::AsyncFor& s) {
  ScopeType scope = unit().scopeType;
  if (scope != ScopeType::kAsyncFunction && !isTopLevelAwait())
    error("'async for' outside async function");
  int start = newLabel(), except = newLabel(), end = newLabel();
  visitExpr(s.iter);
  emit(Opcode::GET_AITER);
  bind(start);
  pushFBlock(FBlock(FBlockType::kForLoop, start, end));
  emitJump(Opcode::SETUP_FINALLY, except);
  emit(Opcode::GET_ANEXT);
  loadConst(Constant::none());
  addYieldFrom(true);
  emit(Opcode::POP_BLOCK);
  visitExpr(s.target);
  visitStmts(s.body);
  unsetLoc();
  emitJump(Opcode::JUMP, start);
  popFBlock(FBlockType::kForLoop);
  bind(except);
  setLoc(s.iter->loc);
  emit(Opcode::END_ASYNC_FOR);
  visitStmts(s.orelse);
  bind(end);
}

// ---- exceptions ----

void Compiler::compileTryFinally(const ast::StmtSeq& body, const ast::ExceptHandlerSeq& handlers,
                                 const ast::StmtSeq& orelse, const ast::StmtSeq& finalbody,
                                 bool star) {
  int end = newLabel(), exit = newLabel(), cleanup = newLabel();
  emitJump(Opcode::SETUP_FINALLY, end);
  FBlock block(FBlockType::kFinallyTry);
  block.finalBody = &finalbody;
  pushFBlock(block);
  if (!handlers.empty()) {
    if (star) {
      compileTryStarExcept(body, handlers, orelse);
    } else {
      compileTryExcept(body, handlers, orelse);
    }
  } else {
    visitStmts(body);
  }
  unsetLoc();
  emit(Opcode::POP_BLOCK);
  popFBlock(FBlockType::kFinallyTry);
  visitStmts(finalbody);
  unsetLoc();
  emitJump(Opcode::JUMP, exit);
  bind(end);
  emitJump(Opcode::SETUP_CLEANUP, cleanup);
  emit(Opcode::PUSH_EXC_INFO);
  pushFBlock(FBlock(FBlockType::kFinallyEnd));
  visitStmts(finalbody);
  popFBlock(FBlockType::kFinallyEnd);
  unsetLoc();
  emit(Opcode::RERAISE, 0);
  bind(cleanup);
  popExceptAndReraise();
  bind(exit);
}

void Compiler::compileTryExcept(const ast::StmtSeq& body, const ast::ExceptHandlerSeq& handlers,
                                const ast::StmtSeq& orelse) {
  int except = newLabel(), end = newLabel(), cleanup = newLabel();
  emitJump(Opcode::SETUP_FINALLY, except);
  pushFBlock(FBlock(FBlockType::kTryExcept));
  visitStmts(body);
  popFBlock(FBlockType::kTryExcept);
  unsetLoc();
  emit(Opcode::POP_BLOCK);
  visitStmts(orelse);
  unsetLoc();
  emitJump(Opcode::JUMP, end);
  bind(except);
  unsetLoc();
  emitJump(Opcode::SETUP_CLEANUP, cleanup);
  emit(Opcode::PUSH_EXC_INFO);
  pushFBlock(FBlock(FBlockType::kExceptionHandler));
  for (std::size_t i = 0; i < handlers.size(); ++i) {
    const ast::ExceptHandler* handler = handlers[i];
    setLoc(handler->loc);
    if (!handler->type && i + 1 < handlers.size()) error("default 'except:' must be last");
    int next = newLabel();
    if (handler->type) {
      visitExpr(handler->type);
      emit(Opcode::CHECK_EXC_MATCH);
      emitJump(Opcode::POP_JUMP_IF_FALSE, next);
    }
    if (ast::isPresent(handler->name)) {
      int cleanupEnd = newLabel();
      nameOp(handler->name, NameContext::kStore);
      // try: body finally: name = None; del name   (the handler's name never outlives it)
      emitJump(Opcode::SETUP_CLEANUP, cleanupEnd);
      FBlock block(FBlockType::kHandlerCleanup);
      block.handlerName = handler->name;
      block.hasHandlerName = true;
      pushFBlock(block);
      visitStmts(handler->body);
      popFBlock(FBlockType::kHandlerCleanup);
      unsetLoc();
      emit(Opcode::POP_BLOCK);
      emit(Opcode::POP_BLOCK);
      emit(Opcode::POP_EXCEPT);
      loadConst(Constant::none());
      nameOp(handler->name, NameContext::kStore);
      nameOp(handler->name, NameContext::kDel);
      emitJump(Opcode::JUMP, end);
      bind(cleanupEnd);
      unsetLoc();
      loadConst(Constant::none());
      nameOp(handler->name, NameContext::kStore);
      nameOp(handler->name, NameContext::kDel);
      emit(Opcode::RERAISE, 1);
    } else {
      emit(Opcode::POP_TOP);  // exc_value
      pushFBlock(FBlock(FBlockType::kHandlerCleanup));
      visitStmts(handler->body);
      popFBlock(FBlockType::kHandlerCleanup);
      unsetLoc();
      emit(Opcode::POP_BLOCK);
      emit(Opcode::POP_EXCEPT);
      emitJump(Opcode::JUMP, end);
    }
    bind(next);
  }
  unsetLoc();
  popFBlock(FBlockType::kExceptionHandler);
  emit(Opcode::RERAISE, 0);
  bind(cleanup);
  popExceptAndReraise();
  bind(end);
}

void Compiler::compileTryStarExcept(const ast::StmtSeq& body, const ast::ExceptHandlerSeq& handlers,
                                    const ast::StmtSeq& orelse) {
  int except = newLabel(), orelseLabel = newLabel(), end = newLabel(), cleanup = newLabel();
  int reraiseStar = newLabel();
  emitJump(Opcode::SETUP_FINALLY, except);
  pushFBlock(FBlock(FBlockType::kTryExcept));
  visitStmts(body);
  popFBlock(FBlockType::kTryExcept);
  unsetLoc();
  emit(Opcode::POP_BLOCK);
  emitJump(Opcode::JUMP, orelseLabel);
  bind(except);
  unsetLoc();
  emitJump(Opcode::SETUP_CLEANUP, cleanup);
  emit(Opcode::PUSH_EXC_INFO);
  pushFBlock(FBlock(FBlockType::kExceptionGroupHandler));
  for (std::size_t i = 0; i < handlers.size(); ++i) {
    const ast::ExceptHandler* handler = handlers[i];
    setLoc(handler->loc);
    int nextExcept = newLabel(), exceptWithError = newLabel(), noMatch = newLabel();
    if (i == 0) {
      // [orig] -> [orig, [], exc]: a list collecting raised/re-raised exceptions, and a copy.
      emit(Opcode::BUILD_LIST, 0);
      emit(Opcode::COPY, 2);
    }
    if (handler->type) {
      visitExpr(handler->type);
      emit(Opcode::CHECK_EG_MATCH);
      emit(Opcode::COPY, 1);
      emitJump(Opcode::POP_JUMP_IF_NONE, noMatch);
    }
    int cleanupEnd = newLabel();
    bool named = ast::isPresent(handler->name);
    if (named) {
      nameOp(handler->name, NameContext::kStore);
    } else {
      emit(Opcode::POP_TOP);  // match
    }
    emitJump(Opcode::SETUP_CLEANUP, cleanupEnd);
    FBlock block(FBlockType::kHandlerCleanup);
    block.handlerName = handler->name;
    block.hasHandlerName = named;
    pushFBlock(block);
    visitStmts(handler->body);
    popFBlock(FBlockType::kHandlerCleanup);
    emit(Opcode::POP_BLOCK);
    if (named) {
      loadConst(Constant::none());
      nameOp(handler->name, NameContext::kStore);
      nameOp(handler->name, NameContext::kDel);
    }
    emitJump(Opcode::JUMP, nextExcept);
    bind(cleanupEnd);
    if (named) {
      loadConst(Constant::none());
      nameOp(handler->name, NameContext::kStore);
      nameOp(handler->name, NameContext::kDel);
    }
    emit(Opcode::LIST_APPEND, 3);  // exc
    emit(Opcode::POP_TOP);         // lasti
    emitJump(Opcode::JUMP, exceptWithError);
    bind(nextExcept);
    emit(Opcode::NOP);
    emitJump(Opcode::JUMP, exceptWithError);
    bind(noMatch);
    emit(Opcode::POP_TOP);  // match (None)
    bind(exceptWithError);
    if (i + 1 == handlers.size()) {
      emit(Opcode::LIST_APPEND, 1);  // the unhandled rest of the group
      emitJump(Opcode::JUMP, reraiseStar);
    }
  }
  unsetLoc();
  popFBlock(FBlockType::kExceptionGroupHandler);
  int reraise = newLabel();
  bind(reraiseStar);
  emit(Opcode::PREP_RERAISE_STAR);
  emit(Opcode::COPY, 1);
  emitJump(Opcode::POP_JUMP_IF_NOT_NONE, reraise);
  emit(Opcode::POP_TOP);
  emit(Opcode::POP_BLOCK);
  emit(Opcode::POP_EXCEPT);
  emitJump(Opcode::JUMP, end);
  bind(reraise);
  emit(Opcode::POP_BLOCK);
  emit(Opcode::SWAP, 2);
  emit(Opcode::POP_EXCEPT);
  emit(Opcode::RERAISE, 0);
  bind(cleanup);
  popExceptAndReraise();
  bind(orelseLabel);
  visitStmts(orelse);
  bind(end);
}

void Compiler::compileWithExceptFinish(int cleanup) {
  int exit = newLabel();
  emitJump(Opcode::POP_JUMP_IF_TRUE, exit);
  emit(Opcode::RERAISE, 2);
  bind(cleanup);
  popExceptAndReraise();
  bind(exit);
  emit(Opcode::POP_TOP);  // exc_value
  emit(Opcode::POP_BLOCK);
  emit(Opcode::POP_EXCEPT);
  emit(Opcode::POP_TOP);
  emit(Opcode::POP_TOP);
}

void Compiler::compileWith(const ast::Stmt& s, const ast::WithItemSeq& items,
                           const ast::StmtSeq& body, std::size_t pos, bool isAsync) {
  if (isAsync && unit().scopeType != ScopeType::kAsyncFunction && !isTopLevelAwait()) {
    error("'async with' outside async function");
  }
  const ast::WithItem* item = items[pos];
  int final = newLabel(), exit = newLabel(), cleanup = newLabel();
  visitExpr(item->context_expr);
  if (isAsync) {
    emit(Opcode::BEFORE_ASYNC_WITH);
    emit(Opcode::GET_AWAITABLE, 1);
    loadConst(Constant::none());
    addYieldFrom(true);
  } else {
    emit(Opcode::BEFORE_WITH);
  }
  emitJump(Opcode::SETUP_WITH, final);
  FBlock block(isAsync ? FBlockType::kAsyncWith : FBlockType::kWith);
  block.withStmt = &s;
  pushFBlock(block);
  if (item->optional_vars) {
    visitExpr(item->optional_vars);
  } else {
    emit(Opcode::POP_TOP);  // the __enter__ result
  }
  if (pos + 1 == items.size()) {
    visitStmts(body);
  } else {
    compileWith(s, items, body, pos + 1, isAsync);
  }
  unsetLoc();
  emit(Opcode::POP_BLOCK);
  popFBlock(block.type);
  setLoc(s.loc);
  callExitWithNones();
  if (isAsync) {
    emit(Opcode::GET_AWAITABLE, 2);
    loadConst(Constant::none());
    addYieldFrom(true);
  }
  emit(Opcode::POP_TOP);
  emitJump(Opcode::JUMP, exit);
  bind(final);
  emitJump(Opcode::SETUP_CLEANUP, cleanup);
  emit(Opcode::PUSH_EXC_INFO);
  emit(Opcode::WITH_EXCEPT_START);
  if (isAsync) {
    emit(Opcode::GET_AWAITABLE, 2);
    loadConst(Constant::none());
    addYieldFrom(true);
  }
  compileWithExceptFinish(cleanup);
  bind(exit);
}

void Compiler::compileRaise(const ast::Raise& s) {
  std::uint32_t n = 0;
  if (s.exc) {
    visitExpr(s.exc);
    ++n;
    if (s.cause) {
      visitExpr(s.cause);
      ++n;
    }
  }
  emit(Opcode::RAISE_VARARGS, n);
}

void Compiler::compileAssert(const ast::Assert& s) {
  if (options_.optimize > 0) return;
  int end = newLabel();
  compileJumpIf(s.test, end, true);
  emit(Opcode::LOAD_ASSERTION_ERROR);
  if (s.msg) {
    visitExpr(s.msg);
    emit(Opcode::CALL, 1);
  }
  emit(Opcode::RAISE_VARARGS, 1);
  bind(end);
}

// ---- imports ----

void Compiler::compileImport(const ast::Import& s) {
  for (const ast::Alias* alias : s.names) {
    loadConst(Constant::integer(0));
    loadConst(Constant::none());
    emitName(Opcode::IMPORT_NAME, alias->name);
    std::string_view name = alias->name;
    if (ast::isPresent(alias->asname)) {
      std::size_t dot = name.find('.');
      if (dot != std::string_view::npos) {
        // import a.b.c as d: walk the attributes from the top-level package.
        for (;;) {
          std::size_t pos = dot + 1;
          dot = name.find('.', pos);
          emitName(
              Opcode::IMPORT_FROM,
              name.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos));
          if (dot == std::string_view::npos) break;
          emit(Opcode::SWAP, 2);
          emit(Opcode::POP_TOP);
        }
        nameOp(alias->asname, NameContext::kStore);
        emit(Opcode::POP_TOP);
      } else {
        nameOp(alias->asname, NameContext::kStore);
      }
    } else {
      nameOp(name.substr(0, name.find('.')), NameContext::kStore);
    }
  }
}

void Compiler::compileImportFrom(const ast::ImportFrom& s) {
  loadConst(Constant::integer(s.level));
  std::vector<Constant> names;
  for (const ast::Alias* alias : s.names) names.push_back(strConstant(alias->name));
  if (ast::isPresent(s.module) && s.module == "__future__" && s.loc.lineno > futureLine_) {
    error("from __future__ imports must occur at the beginning of the file");
  }
  loadConst(Constant::tuple(std::move(names)));
  emitName(Opcode::IMPORT_NAME, ast::isPresent(s.module) ? s.module : std::string_view(""));
  for (std::size_t i = 0; i < s.names.size(); ++i) {
    const ast::Alias* alias = s.names[i];
    if (i == 0 && alias->name == "*") {
      emit(Opcode::IMPORT_STAR);
      return;
    }
    emitName(Opcode::IMPORT_FROM, alias->name);
    nameOp(ast::isPresent(alias->asname) ? alias->asname : alias->name, NameContext::kStore);
  }
  emit(Opcode::POP_TOP);  // the module
}

// ---- assignments ----

void Compiler::compileAugAssign(const ast::AugAssign& s) {
  ast::Location loc = s.target->loc;
  std::uint32_t op = 0;
  switch (s.op) {
    case ast::BinOperator::Add:
      op = bytecode::NB_ADD;
      break;
    case ast::BinOperator::Sub:
      op = bytecode::NB_SUBTRACT;
      break;
    case ast::BinOperator::Mult:
      op = bytecode::NB_MULTIPLY;
      break;
    case ast::BinOperator::MatMult:
      op = bytecode::NB_MATRIX_MULTIPLY;
      break;
    case ast::BinOperator::Div:
      op = bytecode::NB_TRUE_DIVIDE;
      break;
    case ast::BinOperator::Mod:
      op = bytecode::NB_REMAINDER;
      break;
    case ast::BinOperator::Pow:
      op = bytecode::NB_POWER;
      break;
    case ast::BinOperator::LShift:
      op = bytecode::NB_LSHIFT;
      break;
    case ast::BinOperator::RShift:
      op = bytecode::NB_RSHIFT;
      break;
    case ast::BinOperator::BitOr:
      op = bytecode::NB_OR;
      break;
    case ast::BinOperator::BitXor:
      op = bytecode::NB_XOR;
      break;
    case ast::BinOperator::BitAnd:
      op = bytecode::NB_AND;
      break;
    case ast::BinOperator::FloorDiv:
      op = bytecode::NB_FLOOR_DIVIDE;
      break;
  }
  op += bytecode::kInplaceOffset;
  switch (s.target->tag) {
    case ast::ExprKind::Attribute: {
      auto* a = s.target->as<ast::Attribute>();
      visitExpr(a->value);
      emit(Opcode::COPY, 1);
      setLoc(loc);
      emitName(Opcode::LOAD_ATTR, a->attr);
      break;
    }
    case ast::ExprKind::Subscript: {
      auto* sub = s.target->as<ast::Subscript>();
      visitExpr(sub->value);
      visitExpr(sub->slice);
      emit(Opcode::COPY, 2);
      emit(Opcode::COPY, 2);
      emit(Opcode::BINARY_SUBSCR);
      break;
    }
    case ast::ExprKind::Name:
      nameOp(s.target->as<ast::Name>()->id, NameContext::kLoad);
      break;
    default:
      error("invalid node type for augmented assignment");
  }
  visitExpr(s.value);
  setLoc(loc);
  emit(Opcode::BINARY_OP, op);
  switch (s.target->tag) {
    case ast::ExprKind::Attribute:
      emit(Opcode::SWAP, 2);
      emitName(Opcode::STORE_ATTR, s.target->as<ast::Attribute>()->attr);
      break;
    case ast::ExprKind::Subscript:
      emit(Opcode::SWAP, 3);
      emit(Opcode::SWAP, 2);
      emit(Opcode::STORE_SUBSCR);
      break;
    default:
      nameOp(s.target->as<ast::Name>()->id, NameContext::kStore);
      break;
  }
}

void Compiler::compileAnnAssign(const ast::AnnAssign& s) {
  if (s.value) {
    visitExpr(s.value);
    visitExpr(s.target);
  }
  switch (s.target->tag) {
    case ast::ExprKind::Name:
      // Simple names in module and class bodies are recorded in __annotations__.
      if (s.simple &&
          (unit().scopeType == ScopeType::kModule || unit().scopeType == ScopeType::kClass)) {
        compileAnnotationValue(s.annotation);
        nameOp("__annotations__", NameContext::kLoad);
        loadConst(strConstant(mangle(s.target->as<ast::Name>()->id)));
        emit(Opcode::STORE_SUBSCR);
      }
      break;
    case ast::ExprKind::Attribute:
      if (!s.value) {
        visitExpr(s.target->as<ast::Attribute>()->value);
        emit(Opcode::POP_TOP);
      }
      break;
    case ast::ExprKind::Subscript:
      if (!s.value) {
        visitExpr(s.target->as<ast::Subscript>()->value);
        emit(Opcode::POP_TOP);
        visitExpr(s.target->as<ast::Subscript>()->slice);
        emit(Opcode::POP_TOP);
      }
      break;
    default:
      error("invalid node type for annotated assignment");
  }
  // Annotations of non-simple targets are evaluated in module and class bodies (unless they
  // become strings).
  bool namespaceScope =
      unit().scopeType == ScopeType::kModule || unit().scopeType == ScopeType::kClass;
  if (!s.simple && !futureAnnotations() && namespaceScope) {
    visitExpr(s.annotation);
    emit(Opcode::POP_TOP);
  }
}

}  // namespace pyl::compiler
