// pylang/compiler/compiler.cpp — compilation units and scopes, name resolution (which LOAD/STORE
// opcode a name gets), functions, lambdas, classes, module bodies and the public entry points.
// See DESIGN(compiler) in compiler_impl.h.
#include <algorithm>

#include "pylang/compiler/compiler_impl.h"
#include "pylang/parser/source.h"

namespace pyl::compiler {

using bytecode::Constant;
using bytecode::Opcode;
using symtable::Scope;

Constant strConstant(std::string_view text) {
  return Constant::str(std::string(text));
}

Constant constantFromAst(const ast::ConstantValue& value) {
  switch (value.kind) {
    case ast::ConstantKind::None:
      return Constant::none();
    case ast::ConstantKind::True:
      return Constant::boolean(true);
    case ast::ConstantKind::False:
      return Constant::boolean(false);
    case ast::ConstantKind::Ellipsis:
      return Constant::ellipsis();
    case ast::ConstantKind::Int:
      return Constant::integer(value.intValue);
    case ast::ConstantKind::BigInt: {
      auto parsed = bytecode::BigInt::parse(value.text, 10);
      return parsed ? Constant::integer(std::move(*parsed)) : Constant::integer(0);
    }
    case ast::ConstantKind::Float:
      return Constant::floating(value.real);
    case ast::ConstantKind::Complex:
      return Constant::complex(value.real, value.imag);
    case ast::ConstantKind::Str:
      return Constant::str(std::string(value.text));
    case ast::ConstantKind::Bytes:
      return Constant::bytes(std::string(value.text));
  }
  return Constant::none();
}

std::optional<Constant> foldedConstant(const ast::Expr* e) {
  if (auto* c = e->as<ast::Constant>()) return constantFromAst(c->value);
  auto* t = e->as<ast::Tuple>();
  if (!t || t->ctx != ast::ExprContext::Load) return std::nullopt;
  std::vector<Constant> items;
  for (auto* elt : t->elts) {
    auto item = foldedConstant(elt);
    if (!item) return std::nullopt;
    items.push_back(std::move(*item));
  }
  return Constant::tuple(std::move(items));
}

// ---- units ----

void Compiler::enterScope(std::string name, ScopeType type, const void* key, int firstLine) {
  auto u = std::make_unique<CompilerUnit>();
  u->ste = table_.lookup(key);
  if (!u->ste)
    throw CompileError{"internal compiler error: no symbol table for scope " + name, loc_};
  u->scopeType = type;
  u->name = std::move(name);
  u->firstLine = firstLine;
  u->savedLoc = loc_;
  for (const auto& param : u->ste->varnames()) u->code.addVarname(param);
  std::vector<std::string> cells, frees;
  for (const auto& [symbol, flags] : u->ste->symbols()) {
    auto scope = static_cast<Scope>((flags >> symtable::kScopeOffset) & 7);
    if (scope == Scope::kCell) cells.push_back(symbol);
    if (scope == Scope::kFree || (flags & symtable::DEF_FREE_CLASS)) frees.push_back(symbol);
  }
  if (u->ste->needsClassClosure) cells.push_back("__class__");
  // co_cellvars order is CPython 3.11's: cells that are parameters first, in parameter order,
  // then the other cells sorted by name. Free variables are sorted by name.
  std::sort(cells.begin(), cells.end());
  std::sort(frees.begin(), frees.end());
  for (const auto& param : u->ste->varnames()) {
    if (std::find(cells.begin(), cells.end(), param) != cells.end()) u->cellvars.push_back(param);
  }
  for (const auto& cell : cells) {
    if (std::find(u->cellvars.begin(), u->cellvars.end(), cell) == u->cellvars.end())
      u->cellvars.push_back(cell);
  }
  u->freevars = frees;
  if (!units_.empty()) u->privateName = units_.back()->privateName;
  // Qualified name (CPython's compiler_set_qualname).
  std::string base;
  if (!units_.empty() && units_.size() > 1) {
    CompilerUnit& parent = *units_.back();
    bool forceGlobal = false;
    if (type == ScopeType::kFunction || type == ScopeType::kAsyncFunction ||
        type == ScopeType::kClass) {
      std::string mangled = symtable::mangle(parent.privateName, u->name);
      forceGlobal = parent.ste->scope(mangled) == Scope::kGlobalExplicit;
    }
    if (!forceGlobal) {
      bool functionParent = parent.scopeType == ScopeType::kFunction ||
                            parent.scopeType == ScopeType::kAsyncFunction ||
                            parent.scopeType == ScopeType::kLambda;
      base = functionParent ? parent.qualname + ".<locals>" : parent.qualname;
    }
  }
  u->qualname = base.empty() ? u->name : base + "." + u->name;
  units_.push_back(std::move(u));
  // Cells and free variables are set up before the first real instruction (3.11's prologue).
  CompilerUnit& cur = unit();
  ast::Location saved = loc_;
  loc_ = {};
  for (std::size_t i = 0; i < cur.cellvars.size(); ++i)
    emit(Opcode::MAKE_CELL, static_cast<std::uint32_t>(i));
  if (!cur.freevars.empty())
    emit(Opcode::COPY_FREE_VARS, static_cast<std::uint32_t>(cur.freevars.size()));
  loc_ = saved;
}

void Compiler::exitScope() {
  loc_ = unit().savedLoc;
  units_.pop_back();
}

std::shared_ptr<const bytecode::CodeObject> Compiler::finishUnit(bool addNone) {
  CompilerUnit& u = unit();
  if (!u.code.endsInTerminal()) {
    unsetLoc();
    if (addNone) loadConst(Constant::none());
    emit(Opcode::RETURN_VALUE);
  }
  auto code = std::make_shared<bytecode::CodeObject>();
  code->name = u.name;
  code->qualname = u.qualname;
  code->filename = filename_;
  code->firstLine = u.firstLine;
  code->argCount = u.argCount + u.posOnlyArgCount;
  code->posOnlyArgCount = u.posOnlyArgCount;
  code->kwOnlyArgCount = u.kwOnlyArgCount;
  code->cellvars = u.cellvars;
  code->freevars = u.freevars;
  try {
    u.code.assemble(*code);
  } catch (const AssemblyError& e) {
    throw CompileError{e.what(), loc_};
  }
  for (const auto& cell : code->cellvars) {
    int arg = -1;
    int nargs = code->argCount + code->kwOnlyArgCount + (u.ste->varargs ? 1 : 0) +
                (u.ste->varkeywords ? 1 : 0);
    for (int i = 0; i < nargs && i < static_cast<int>(code->varnames.size()); ++i) {
      if (code->varnames[i] == cell) arg = i;
    }
    code->cell2arg.push_back(arg);
  }
  std::uint32_t flags = 0;
  const symtable::Block& ste = *u.ste;
  if (ste.type() == symtable::BlockType::kFunction) {
    flags |= bytecode::CO_NEWLOCALS | bytecode::CO_OPTIMIZED;
    if (ste.nested) flags |= bytecode::CO_NESTED;
    if (ste.generator && !ste.coroutine) flags |= bytecode::CO_GENERATOR;
    if (!ste.generator && ste.coroutine) flags |= bytecode::CO_COROUTINE;
    if (ste.generator && ste.coroutine) flags |= bytecode::CO_ASYNC_GENERATOR;
    if (ste.varargs) flags |= bytecode::CO_VARARGS;
    if (ste.varkeywords) flags |= bytecode::CO_VARKEYWORDS;
  }
  code->flags = flags | futureFlags_;
  return code;
}

// ---- emission helpers ----

void Compiler::emit(Opcode op, std::uint32_t arg) {
  if (arg > bytecode::kMaxArg) error("code object too large");
  if (op == Opcode::BUILD_TUPLE && unit().code.foldConstantTuple(arg, location())) return;
  unit().code.emit(op, arg, location());
}

void Compiler::emitJump(Opcode op, int label) {
  unit().code.emitJump(op, label, location());
}

void Compiler::loadConst(const Constant& value) {
  emit(Opcode::LOAD_CONST, unit().code.addConst(value));
}

std::string Compiler::mangle(std::string_view name) const {
  return symtable::mangle(units_.back()->privateName, name);
}

void Compiler::emitName(Opcode op, std::string_view name) {
  emit(op, unit().code.addName(mangle(name)));
}

Scope Compiler::scopeOf(const std::string& mangled) const {
  return units_.back()->ste->scope(mangled);
}

namespace {

std::uint32_t indexIn(const std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  return static_cast<std::uint32_t>(it - names.begin());
}

}  // namespace

void Compiler::nameOp(std::string_view name, NameContext ctx) {
  if (name == "__debug__" && ctx == NameContext::kStore) error("cannot assign to __debug__");
  if (name == "__debug__" && ctx == NameContext::kDel) error("cannot delete __debug__");
  CompilerUnit& u = unit();
  std::string mangled = mangle(name);
  Scope scope = scopeOf(mangled);
  bool function = u.ste->type() == symtable::BlockType::kFunction;
  enum { kName, kFast, kGlobal, kDeref } kind = kName;
  std::uint32_t derefIndex = 0;
  switch (scope) {
    case Scope::kFree:
      kind = kDeref;
      derefIndex = static_cast<std::uint32_t>(u.cellvars.size()) + indexIn(u.freevars, mangled);
      break;
    case Scope::kCell:
      kind = kDeref;
      derefIndex = indexIn(u.cellvars, mangled);
      break;
    case Scope::kLocal:
      kind = function ? kFast : kName;
      break;
    case Scope::kGlobalImplicit:
      kind = function ? kGlobal : kName;
      break;
    case Scope::kGlobalExplicit:
      kind = kGlobal;
      break;
    default:
      break;
  }
  static constexpr Opcode kOps[4][3] = {
      {Opcode::LOAD_NAME, Opcode::STORE_NAME, Opcode::DELETE_NAME},
      {Opcode::LOAD_FAST, Opcode::STORE_FAST, Opcode::DELETE_FAST},
      {Opcode::LOAD_GLOBAL, Opcode::STORE_GLOBAL, Opcode::DELETE_GLOBAL},
      {Opcode::LOAD_DEREF, Opcode::STORE_DEREF, Opcode::DELETE_DEREF},
  };
  Opcode op = kOps[kind][static_cast<int>(ctx)];
  switch (kind) {
    case kDeref:
      if (op == Opcode::LOAD_DEREF && u.ste->type() == symtable::BlockType::kClass)
        op = Opcode::LOAD_CLASSDEREF;
      emit(op, derefIndex);
      return;
    case kFast:
      emit(op, u.code.addVarname(mangled));
      return;
    default:
      emit(op, u.code.addName(mangled));
      return;
  }
}

void Compiler::makeClosure(const std::shared_ptr<const bytecode::CodeObject>& code,
                           std::uint32_t flags) {
  if (!code->freevars.empty()) {
    CompilerUnit& u = unit();
    for (const auto& name : code->freevars) {
      // A class's methods reach __class__ through the class body's cell.
      bool isCell = (u.scopeType == ScopeType::kClass && name == "__class__") ||
                    scopeOf(name) == Scope::kCell;
      std::uint32_t index;
      if (isCell) {
        index = indexIn(u.cellvars, name);
        if (index >= u.cellvars.size()) error("internal compiler error: missing cell " + name);
      } else {
        index = indexIn(u.freevars, name);
        if (index >= u.freevars.size())
          error("internal compiler error: missing free variable " + name);
        index += static_cast<std::uint32_t>(u.cellvars.size());
      }
      emit(Opcode::LOAD_CLOSURE, index);
    }
    flags |= bytecode::kMakeClosure;
    emit(Opcode::BUILD_TUPLE, static_cast<std::uint32_t>(code->freevars.size()));
  }
  loadConst(Constant::code(code));
  emit(Opcode::MAKE_FUNCTION, flags);
}

// ---- bodies ----

namespace {

bool findAnnotation(const ast::StmtSeq& body) {
  for (const ast::Stmt* s : body) {
    switch (s->tag) {
      case ast::StmtKind::AnnAssign:
        return true;
      case ast::StmtKind::For:
        if (findAnnotation(s->as<ast::For>()->body) || findAnnotation(s->as<ast::For>()->orelse))
          return true;
        break;
      case ast::StmtKind::AsyncFor:
        if (findAnnotation(s->as<ast::AsyncFor>()->body) ||
            findAnnotation(s->as<ast::AsyncFor>()->orelse))
          return true;
        break;
      case ast::StmtKind::While:
        if (findAnnotation(s->as<ast::While>()->body) ||
            findAnnotation(s->as<ast::While>()->orelse))
          return true;
        break;
      case ast::StmtKind::If:
        if (findAnnotation(s->as<ast::If>()->body) || findAnnotation(s->as<ast::If>()->orelse))
          return true;
        break;
      case ast::StmtKind::With:
        if (findAnnotation(s->as<ast::With>()->body)) return true;
        break;
      case ast::StmtKind::AsyncWith:
        if (findAnnotation(s->as<ast::AsyncWith>()->body)) return true;
        break;
      case ast::StmtKind::Try: {
        auto* t = s->as<ast::Try>();
        for (auto* h : t->handlers) {
          if (findAnnotation(h->body)) return true;
        }
        if (findAnnotation(t->body) || findAnnotation(t->finalbody) || findAnnotation(t->orelse))
          return true;
        break;
      }
      case ast::StmtKind::TryStar: {
        auto* t = s->as<ast::TryStar>();
        for (auto* h : t->handlers) {
          if (findAnnotation(h->body)) return true;
        }
        if (findAnnotation(t->body) || findAnnotation(t->finalbody) || findAnnotation(t->orelse))
          return true;
        break;
      }
      case ast::StmtKind::Match:
        for (auto* c : s->as<ast::Match>()->cases) {
          if (findAnnotation(c->body)) return true;
        }
        break;
      default:
        break;
    }
  }
  return false;
}

// The docstring of a body: its first statement when that is a str constant expression.
const ast::Constant* docstringOf(const ast::StmtSeq& body) {
  if (body.empty()) return nullptr;
  auto* e = body[0]->as<ast::ExprStmt>();
  if (!e) return nullptr;
  auto* c = e->value->as<ast::Constant>();
  return c && c->value.kind == ast::ConstantKind::Str ? c : nullptr;
}

}  // namespace

void Compiler::compileBody(const ast::StmtSeq& body) {
  if (unit().scopeType == ScopeType::kModule && !body.empty()) setLoc(body[0]->loc);
  if (findAnnotation(body)) emit(Opcode::SETUP_ANNOTATIONS);
  std::size_t start = 0;
  if (options_.optimize < 2) {
    if (const ast::Constant* doc = docstringOf(body)) {
      start = 1;
      setLoc(body[0]->loc);
      visitExpr(doc);
      unsetLoc();
      nameOp("__doc__", NameContext::kStore);
    }
  }
  for (std::size_t i = start; i < body.size(); ++i) visitStmt(body[i]);
}

// No parameter may be named __debug__ (CPython's compiler_check_debug_args).
void Compiler::checkDebugArguments(const ast::Arguments& args) {
  auto check = [this](const ast::Arg* arg) {
    if (arg && arg->arg == "__debug__") error("cannot assign to __debug__");
  };
  for (auto* a : args.posonlyargs) check(a);
  for (auto* a : args.args) check(a);
  check(args.vararg);
  for (auto* a : args.kwonlyargs) check(a);
  check(args.kwarg);
}

std::uint32_t Compiler::compileDefaultArguments(const ast::Arguments& args) {
  std::uint32_t flags = 0;
  if (!args.defaults.empty()) {
    for (auto* d : args.defaults) visitExpr(d);
    emit(Opcode::BUILD_TUPLE, static_cast<std::uint32_t>(args.defaults.size()));
    flags |= bytecode::kMakeDefaults;
  }
  std::vector<Constant> keys;
  for (std::size_t i = 0; i < args.kwonlyargs.size(); ++i) {
    const ast::Expr* def = i < args.kw_defaults.size() ? args.kw_defaults[i] : nullptr;
    if (!def) continue;
    keys.push_back(strConstant(mangle(args.kwonlyargs[i]->arg)));
    visitExpr(def);
  }
  if (!keys.empty()) {
    std::uint32_t count = static_cast<std::uint32_t>(keys.size());
    loadConst(Constant::tuple(std::move(keys)));
    emit(Opcode::BUILD_CONST_KEY_MAP, count);
    flags |= bytecode::kMakeKwDefaults;
  }
  return flags;
}

void Compiler::compileAnnotationValue(const ast::Expr* annotation) {
  if (futureAnnotations()) {
    loadConst(strConstant(unparseAnnotation(*annotation)));
  } else if (auto* starred = annotation->as<ast::Starred>()) {
    // `*args: *Ts` stores the single element of the unpacked value.
    visitExpr(starred->value);
    emit(Opcode::UNPACK_SEQUENCE, 1);
  } else {
    visitExpr(annotation);
  }
}

bool Compiler::compileAnnotations(const ast::Arguments& args, const ast::Expr* returns) {
  std::uint32_t count = 0;
  auto annotate = [&](std::string_view name, const ast::Expr* annotation) {
    if (!annotation) return;
    loadConst(strConstant(mangle(name)));
    compileAnnotationValue(annotation);
    count += 2;
  };
  for (auto* a : args.args) annotate(a->arg, a->annotation);
  for (auto* a : args.posonlyargs) annotate(a->arg, a->annotation);
  if (args.vararg) annotate(args.vararg->arg, args.vararg->annotation);
  for (auto* a : args.kwonlyargs) annotate(a->arg, a->annotation);
  if (args.kwarg) annotate(args.kwarg->arg, args.kwarg->annotation);
  annotate("return", returns);
  if (count == 0) return false;
  emit(Opcode::BUILD_TUPLE, count);
  return true;
}

void Compiler::compileFunction(const ast::Stmt& s, bool isAsync) {
  const ast::Arguments* args;
  const ast::StmtSeq* body;
  const ast::ExprSeq* decorators;
  const ast::Expr* returns;
  std::string_view name;
  if (isAsync) {
    auto* f = s.as<ast::AsyncFunctionDef>();
    args = f->args, body = &f->body, decorators = &f->decorator_list, returns = f->returns,
    name = f->name;
  } else {
    auto* f = s.as<ast::FunctionDef>();
    args = f->args, body = &f->body, decorators = &f->decorator_list, returns = f->returns,
    name = f->name;
  }
  checkDebugArguments(*args);
  for (auto* d : *decorators) visitExpr(d);
  int firstLine = decorators->empty() ? s.loc.lineno : (*decorators)[0]->loc.lineno;
  std::uint32_t flags = compileDefaultArguments(*args);
  if (compileAnnotations(*args, returns)) flags |= bytecode::kMakeAnnotations;
  enterScope(std::string(name), isAsync ? ScopeType::kAsyncFunction : ScopeType::kFunction, &s,
             firstLine);
  const ast::Constant* doc = options_.optimize < 2 ? docstringOf(*body) : nullptr;
  unit().code.addConst(doc ? constantFromAst(doc->value) : Constant::none());
  unit().argCount = static_cast<int>(args->args.size());
  unit().posOnlyArgCount = static_cast<int>(args->posonlyargs.size());
  unit().kwOnlyArgCount = static_cast<int>(args->kwonlyargs.size());
  for (std::size_t i = doc ? 1 : 0; i < body->size(); ++i) visitStmt((*body)[i]);
  auto code = finishUnit(true);
  exitScope();
  makeClosure(code, flags);
  setLoc(s.loc);
  for (std::size_t i = 0; i < decorators->size(); ++i) emit(Opcode::CALL, 1);
  nameOp(name, NameContext::kStore);
}

void Compiler::compileLambda(const ast::Lambda& e) {
  checkDebugArguments(*e.args);
  std::uint32_t flags = compileDefaultArguments(*e.args);
  enterScope("<lambda>", ScopeType::kLambda, &e, e.loc.lineno);
  unit().code.addConst(Constant::none());  // so a lambda never has a docstring
  unit().argCount = static_cast<int>(e.args->args.size());
  unit().posOnlyArgCount = static_cast<int>(e.args->posonlyargs.size());
  unit().kwOnlyArgCount = static_cast<int>(e.args->kwonlyargs.size());
  visitExpr(e.body);
  emit(Opcode::RETURN_VALUE);
  auto code = finishUnit(false);
  exitScope();
  makeClosure(code, flags);
}

void Compiler::compileClass(const ast::ClassDef& s) {
  for (auto* d : s.decorator_list) visitExpr(d);
  int firstLine = s.decorator_list.empty() ? s.loc.lineno : s.decorator_list[0]->loc.lineno;
  enterScope(std::string(s.name), ScopeType::kClass, &s, firstLine);
  unit().privateName = std::string(s.name);
  nameOp("__name__", NameContext::kLoad);
  nameOp("__module__", NameContext::kStore);
  loadConst(strConstant(unit().qualname));
  nameOp("__qualname__", NameContext::kStore);
  compileBody(s.body);
  unsetLoc();
  if (unit().ste->needsClassClosure) {
    emit(Opcode::LOAD_CLOSURE, indexIn(unit().cellvars, "__class__"));
    emit(Opcode::COPY, 1);
    nameOp("__classcell__", NameContext::kStore);
  } else {
    loadConst(Constant::none());
  }
  emit(Opcode::RETURN_VALUE);
  auto code = finishUnit(true);
  exitScope();
  setLoc(s.loc);
  emit(Opcode::LOAD_BUILD_CLASS);
  makeClosure(code, 0);
  loadConst(strConstant(s.name));
  compileCallHelper(2, s.bases, s.keywords);
  for (std::size_t i = 0; i < s.decorator_list.size(); ++i) emit(Opcode::CALL, 1);
  nameOp(s.name, NameContext::kStore);
}

std::shared_ptr<const bytecode::CodeObject> Compiler::compileMod(const ast::Mod& mod) {
  enterScope("<module>", ScopeType::kModule, &mod, 1);
  bool addNone = true;
  if (auto* m = mod.as<ast::Module>()) {
    compileBody(m->body);
  } else if (auto* i = mod.as<ast::Interactive>()) {
    options_.interactive = true;
    if (findAnnotation(i->body)) emit(Opcode::SETUP_ANNOTATIONS);
    visitStmts(i->body);
  } else if (auto* e = mod.as<ast::Expression>()) {
    visitExpr(e->body);
    addNone = false;
  } else {
    error("compile() of a function type comment is not supported");
  }
  return finishUnit(addNone);
}

// ---- entry points ----

CompileResult compileModule(ast::Mod& mod, ast::Arena& arena, std::string_view filename,
                            std::string_view source, const CompilerOptions& options) {
  CompileResult result;
  try {
    int futureLine = 0;
    std::uint32_t future = parseFutureFeatures(mod, futureLine);
    foldConstants(mod, arena, options.optimize);
    auto table = symtable::buildSymbolTable(mod, filename, source, future);
    if (table.error) {
      result.error = std::move(table.error);
      return result;
    }
    Compiler compiler(*table.table, filename, options, future, futureLine);
    result.code = compiler.compileMod(mod);
  } catch (const CompileError& e) {
    result.error = symtable::makeSyntaxError(e.message, filename, source, e.loc);
    if (e.recursion) result.error->type = parser::SyntaxErrorType::RecursionError;
  }
  return result;
}

CompileResult compileSource(std::string_view source, std::string_view filename, parser::Mode mode,
                            const CompilerOptions& options) {
  ast::Arena arena;
  parser::ParseResult parsed = parser::parse(source, filename, mode, arena);
  if (parsed.error) return {nullptr, std::move(parsed.error)};
  CompilerOptions effective = options;
  if (mode == parser::Mode::Single) effective.interactive = true;
  // Error lines are quoted from the decoded text (coding declarations, BOM, CRLF handled).
  parser::DecodedSource decoded = parser::decodeSource(source, filename, false);
  return compileModule(*parsed.mod, arena, filename,
                       decoded.error ? source : std::string_view(decoded.text), effective);
}

}  // namespace pyl::compiler
