// pylang/symtable/symtable.cpp — the two passes of DESIGN(symtable): SymbolTableBuilder walks
// the AST recording definition flags per scope (and raising the SyntaxErrors CPython raises
// while doing so), then analyze() resolves every name's scope. Function and message names
// follow Python/symtable.c so the two can be read side by side.
#include "pylang/symtable/symtable.h"

#include <algorithm>
#include <set>

#include "pylang/bytecode/code.h"

namespace pyl::symtable {

namespace {

constexpr int kMaxDepth = 3000;  // nesting guard: deeper input is rejected, never overflows

struct SymtableError {
  std::string message;
  ast::Location loc;
  bool recursion = false;  // reported as RecursionError, as CPython does
};

using NameSet = std::set<std::string>;

std::string formatName(const char* format, std::string_view name) {
  std::string out;
  for (const char* p = format; *p; ++p) {
    if (p[0] == '%' && p[1] == 's') {
      out += name;
      ++p;
    } else {
      out += *p;
    }
  }
  return out;
}

}  // namespace

std::uint32_t* Block::find(std::string_view name) {
  auto it = index_.find(std::string(name));
  return it == index_.end() ? nullptr : &symbols_[it->second].second;
}

std::uint32_t Block::flags(std::string_view name) const {
  auto it = index_.find(std::string(name));
  return it == index_.end() ? 0 : symbols_[it->second].second;
}

const Block* SymbolTable::lookup(const void* node) const {
  auto it = byNode_.find(node);
  return it == byNode_.end() ? nullptr : it->second;
}

std::string mangle(std::string_view className, std::string_view name) {
  if (className.empty() || !name.starts_with("__")) return std::string(name);
  if (name.ends_with("__") || name.find('.') != std::string_view::npos) return std::string(name);
  std::size_t start = className.find_first_not_of('_');
  if (start == std::string_view::npos) return std::string(name);
  return "_" + std::string(className.substr(start)) + std::string(name);
}

parser::SyntaxError makeSyntaxError(std::string message, std::string_view filename,
                                    std::string_view source, const ast::Location& loc) {
  parser::SyntaxError error;
  error.message = std::move(message);
  error.filename = std::string(filename);
  error.lineno = loc.lineno;
  error.end_lineno = loc.end_lineno;
  // Find the source line to turn byte columns into CPython's 1-based character offsets.
  std::string_view line;
  std::size_t pos = 0;
  for (int n = 1; n < loc.lineno && pos != std::string_view::npos; ++n) {
    pos = source.find('\n', pos);
    if (pos != std::string_view::npos) ++pos;
  }
  if (pos != std::string_view::npos && pos <= source.size() && loc.lineno > 0) {
    std::size_t end = source.find('\n', pos);
    line = source.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (line.ends_with('\r')) line.remove_suffix(1);
  }
  error.text = std::string(line);
  error.offset =
      line.empty() ? loc.col_offset + 1 : parser::byteColumnToOffset(line, loc.col_offset);
  if (loc.end_lineno == loc.lineno && !line.empty()) {
    error.end_offset = parser::byteColumnToOffset(line, loc.end_col_offset);
  } else {
    error.end_offset = loc.end_col_offset + 1;
  }
  return error;
}

class SymbolTableBuilder {
 public:
  explicit SymbolTableBuilder(std::uint32_t futureFeatures) : future_(futureFeatures) {
    table_ = std::make_unique<SymbolTable>();
    table_->futureFeatures_ = futureFeatures;
  }

  std::unique_ptr<SymbolTable> build(const ast::Mod& mod) {
    enterBlock("top", BlockType::kModule, &mod, {});
    if (auto* m = mod.as<ast::Module>()) {
      visitStmts(m->body);
    } else if (auto* i = mod.as<ast::Interactive>()) {
      visitStmts(i->body);
    } else if (auto* e = mod.as<ast::Expression>()) {
      visitExpr(e->body);
    } else if (auto* f = mod.as<ast::FunctionType>()) {
      for (auto* arg : f->argtypes) visitExpr(arg);
      visitExpr(f->returns);
    }
    exitBlock();
    NameSet free, global;
    analyzeBlock(*table_->top_, nullptr, free, global);
    return std::move(table_);
  }

 private:
  // ---- blocks ----
  void enterBlock(std::string name, BlockType type, const void* key, const ast::Location& loc) {
    Block* prev = stack_.empty() ? nullptr : stack_.back();
    auto block = std::make_unique<Block>(type, std::move(name), key, loc.lineno, loc.col_offset);
    if (prev && (prev->nested || prev->type() == BlockType::kFunction)) block->nested = true;
    if (prev) block->compIterExpr_ = prev->compIterExpr_;
    Block* raw = block.get();
    if (type == BlockType::kModule) {
      table_->top_ = std::move(block);
      global_ = raw;
    } else if (type == BlockType::kAnnotation) {
      // Annotations under `from __future__ import annotations` become strings: their block
      // only serves to keep names out of the enclosing scope, and is then dropped.
      scratch_.push_back(std::move(block));
    } else {
      prev->children_.push_back(std::move(block));
    }
    if (type != BlockType::kAnnotation) table_->byNode_[key] = raw;
    stack_.push_back(raw);
  }
  void exitBlock() { stack_.pop_back(); }
  Block& cur() { return *stack_.back(); }

  [[noreturn]] void fail(std::string message, const ast::Location& loc) {
    throw SymtableError{std::move(message), loc};
  }

  // ---- definitions ----
  void addDef(std::string_view name, std::uint32_t flag, const ast::Location& loc) {
    addDefHelper(name, flag, cur(), loc);
  }

  void addDefHelper(std::string_view name, std::uint32_t flag, Block& block,
                    const ast::Location& loc) {
    std::string mangled = mangle(private_, name);
    std::uint32_t* existing = block.find(mangled);
    std::uint32_t val = flag;
    if (existing) {
      if ((flag & DEF_PARAM) && (*existing & DEF_PARAM)) {
        fail(formatName("duplicate argument '%s' in function definition", name), loc);
      }
      val = *existing | flag;
    }
    if (block.compIterTarget_) {
      if (val & (DEF_GLOBAL | DEF_NONLOCAL)) {
        fail(formatName("comprehension inner loop cannot rebind assignment expression target "
                        "'%s'",
                        name),
             loc);
      }
      val |= DEF_COMP_ITER;
    }
    setFlags(block, mangled, val);
    if (flag & DEF_PARAM) {
      block.varnames_.push_back(mangled);
    } else if (flag & DEF_GLOBAL) {
      std::uint32_t* g = global_->find(mangled);
      setFlags(*global_, mangled, flag | (g ? *g : 0));
    }
  }

  static void setFlags(Block& block, const std::string& name, std::uint32_t flags) {
    if (std::uint32_t* slot = block.find(name)) {
      *slot = flags;
      return;
    }
    block.index_[name] = block.symbols_.size();
    block.symbols_.emplace_back(name, flags);
  }

  std::uint32_t lookupCur(std::string_view name) { return cur().flags(mangle(private_, name)); }

  void recordDirective(std::string_view name, const ast::Location& loc) {
    cur().directives_.emplace_back(mangle(private_, name), loc);
  }

  // ---- statements ----
  void visitStmts(const ast::StmtSeq& body) {
    for (auto* s : body) visitStmt(s);
  }

  void visitFunction(const ast::Stmt& s, std::string_view name, const ast::Arguments& args,
                     const ast::StmtSeq& body, const ast::ExprSeq& decorators,
                     const ast::Expr* returns, bool isAsync) {
    addDef(name, DEF_LOCAL, s.loc);
    for (auto* d : args.defaults) visitExpr(d);
    for (auto* d : args.kw_defaults) {
      if (d) visitExpr(d);
    }
    visitAnnotations(&args, args, returns);
    for (auto* d : decorators) visitExpr(d);
    enterBlock(std::string(name), BlockType::kFunction, &s, s.loc);
    if (isAsync) cur().coroutine = true;
    visitArguments(args);
    visitStmts(body);
    exitBlock();
  }

  void visitGlobalOrNonlocal(const ast::Stmt& s, const ast::IdentifierSeq& names, bool global) {
    for (auto name : names) {
      std::uint32_t cur = lookupCur(name);
      if (cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT)) {
        const char* message;
        if (cur & DEF_PARAM) {
          message =
              global ? "name '%s' is parameter and global" : "name '%s' is parameter and nonlocal";
        } else if (cur & USE) {
          message = global ? "name '%s' is used prior to global declaration"
                           : "name '%s' is used prior to nonlocal declaration";
        } else if (cur & DEF_ANNOT) {
          message = global ? "annotated name '%s' can't be global"
                           : "annotated name '%s' can't be nonlocal";
        } else {
          message = global ? "name '%s' is assigned to before global declaration"
                           : "name '%s' is assigned to before nonlocal declaration";
        }
        fail(formatName(message, name), s.loc);
      }
      addDef(name, global ? DEF_GLOBAL : DEF_NONLOCAL, s.loc);
      recordDirective(name, s.loc);
    }
  }

  void visitStmt(const ast::Stmt* s) {
    DepthGuard guard(*this, s->loc);
    switch (s->tag) {
      case ast::StmtKind::FunctionDef: {
        auto* f = s->as<ast::FunctionDef>();
        visitFunction(*s, f->name, *f->args, f->body, f->decorator_list, f->returns, false);
        break;
      }
      case ast::StmtKind::AsyncFunctionDef: {
        auto* f = s->as<ast::AsyncFunctionDef>();
        visitFunction(*s, f->name, *f->args, f->body, f->decorator_list, f->returns, true);
        break;
      }
      case ast::StmtKind::ClassDef: {
        auto* c = s->as<ast::ClassDef>();
        addDef(c->name, DEF_LOCAL, s->loc);
        for (auto* b : c->bases) visitExpr(b);
        for (auto* k : c->keywords) visitExpr(k->value);
        for (auto* d : c->decorator_list) visitExpr(d);
        enterBlock(std::string(c->name), BlockType::kClass, s, s->loc);
        std::string savedPrivate = private_;
        private_ = std::string(c->name);
        visitStmts(c->body);
        private_ = savedPrivate;
        exitBlock();
        break;
      }
      case ast::StmtKind::Return: {
        auto* r = s->as<ast::Return>();
        if (r->value) {
          visitExpr(r->value);
          cur().returnsValue = true;
        }
        break;
      }
      case ast::StmtKind::Delete:
        for (auto* t : s->as<ast::Delete>()->targets) visitExpr(t);
        break;
      case ast::StmtKind::Assign: {
        auto* a = s->as<ast::Assign>();
        for (auto* t : a->targets) visitExpr(t);
        visitExpr(a->value);
        break;
      }
      case ast::StmtKind::AnnAssign:
        visitAnnAssign(*s, *s->as<ast::AnnAssign>());
        break;
      case ast::StmtKind::AugAssign: {
        auto* a = s->as<ast::AugAssign>();
        visitExpr(a->target);
        visitExpr(a->value);
        break;
      }
      case ast::StmtKind::For: {
        auto* f = s->as<ast::For>();
        visitExpr(f->target);
        visitExpr(f->iter);
        visitStmts(f->body);
        visitStmts(f->orelse);
        break;
      }
      case ast::StmtKind::AsyncFor: {
        auto* f = s->as<ast::AsyncFor>();
        visitExpr(f->target);
        visitExpr(f->iter);
        visitStmts(f->body);
        visitStmts(f->orelse);
        break;
      }
      case ast::StmtKind::While: {
        auto* w = s->as<ast::While>();
        visitExpr(w->test);
        visitStmts(w->body);
        visitStmts(w->orelse);
        break;
      }
      case ast::StmtKind::If: {
        auto* i = s->as<ast::If>();
        visitExpr(i->test);
        visitStmts(i->body);
        visitStmts(i->orelse);
        break;
      }
      case ast::StmtKind::Match: {
        auto* m = s->as<ast::Match>();
        visitExpr(m->subject);
        for (auto* c : m->cases) {
          visitPattern(c->pattern);
          if (c->guard) visitExpr(c->guard);
          visitStmts(c->body);
        }
        break;
      }
      case ast::StmtKind::Raise: {
        auto* r = s->as<ast::Raise>();
        if (r->exc) visitExpr(r->exc);
        if (r->cause) visitExpr(r->cause);
        break;
      }
      case ast::StmtKind::Try: {
        auto* t = s->as<ast::Try>();
        visitTry(t->body, t->orelse, t->handlers, t->finalbody);
        break;
      }
      case ast::StmtKind::TryStar: {
        auto* t = s->as<ast::TryStar>();
        visitTry(t->body, t->orelse, t->handlers, t->finalbody);
        break;
      }
      case ast::StmtKind::Assert: {
        auto* a = s->as<ast::Assert>();
        visitExpr(a->test);
        if (a->msg) visitExpr(a->msg);
        break;
      }
      case ast::StmtKind::Import:
        for (auto* alias : s->as<ast::Import>()->names) visitAlias(*alias);
        break;
      case ast::StmtKind::ImportFrom:
        for (auto* alias : s->as<ast::ImportFrom>()->names) visitAlias(*alias);
        break;
      case ast::StmtKind::Global:
        visitGlobalOrNonlocal(*s, s->as<ast::Global>()->names, true);
        break;
      case ast::StmtKind::Nonlocal:
        visitGlobalOrNonlocal(*s, s->as<ast::Nonlocal>()->names, false);
        break;
      case ast::StmtKind::ExprStmt:
        visitExpr(s->as<ast::ExprStmt>()->value);
        break;
      case ast::StmtKind::Pass:
      case ast::StmtKind::Break:
      case ast::StmtKind::Continue:
        break;
      case ast::StmtKind::With:
        for (auto* item : s->as<ast::With>()->items) visitWithItem(*item);
        visitStmts(s->as<ast::With>()->body);
        break;
      case ast::StmtKind::AsyncWith:
        for (auto* item : s->as<ast::AsyncWith>()->items) visitWithItem(*item);
        visitStmts(s->as<ast::AsyncWith>()->body);
        break;
    }
  }

  void visitTry(const ast::StmtSeq& body, const ast::StmtSeq& orelse,
                const ast::ExceptHandlerSeq& handlers, const ast::StmtSeq& finalbody) {
    visitStmts(body);
    visitStmts(orelse);
    for (auto* h : handlers) {
      if (h->type) visitExpr(h->type);
      if (ast::isPresent(h->name)) addDef(h->name, DEF_LOCAL, h->loc);
      visitStmts(h->body);
    }
    visitStmts(finalbody);
  }

  void visitWithItem(const ast::WithItem& item) {
    visitExpr(item.context_expr);
    if (item.optional_vars) visitExpr(item.optional_vars);
  }

  void visitAnnAssign(const ast::Stmt& s, const ast::AnnAssign& a) {
    if (auto* name = a.target->as<ast::Name>()) {
      std::uint32_t current = lookupCur(name->id);
      if ((current & (DEF_GLOBAL | DEF_NONLOCAL)) && &cur() != global_ && a.simple) {
        fail(formatName(current & DEF_GLOBAL ? "annotated name '%s' can't be global"
                                             : "annotated name '%s' can't be nonlocal",
                        name->id),
             s.loc);
      }
      if (a.simple) {
        addDef(name->id, DEF_ANNOT | DEF_LOCAL, a.target->loc);
      } else if (a.value) {
        addDef(name->id, DEF_LOCAL, a.target->loc);
      }
    } else {
      visitExpr(a.target);
    }
    visitAnnotation(a.annotation);
    if (a.value) visitExpr(a.value);
  }

  void visitAlias(const ast::Alias& alias) {
    std::string_view name = ast::isPresent(alias.asname) ? alias.asname : alias.name;
    std::string_view store = name.substr(0, name.find('.'));
    if (name != "*") {
      addDef(store, DEF_IMPORT, alias.loc);
    } else if (cur().type() != BlockType::kModule) {
      fail("import * only allowed at module level", alias.loc);
    }
  }

  // ---- annotations and arguments ----
  bool futureAnnotations() const { return (future_ & bytecode::CO_FUTURE_ANNOTATIONS) != 0; }

  void visitAnnotation(const ast::Expr* annotation) {
    if (futureAnnotations())
      enterBlock("_annotation", BlockType::kAnnotation, annotation, annotation->loc);
    visitExpr(annotation);
    if (futureAnnotations()) exitBlock();
  }

  void visitArgAnnotations(const ast::ArgSeq& args) {
    for (auto* arg : args) {
      if (arg->annotation) visitExpr(arg->annotation);
    }
  }

  void visitAnnotations(const void* key, const ast::Arguments& a, const ast::Expr* returns) {
    if (futureAnnotations()) enterBlock("_annotation", BlockType::kAnnotation, key, {});
    visitArgAnnotations(a.posonlyargs);
    visitArgAnnotations(a.args);
    if (a.vararg && a.vararg->annotation) visitExpr(a.vararg->annotation);
    if (a.kwarg && a.kwarg->annotation) visitExpr(a.kwarg->annotation);
    visitArgAnnotations(a.kwonlyargs);
    if (futureAnnotations()) exitBlock();
    if (returns) visitAnnotation(returns);
  }

  void visitArguments(const ast::Arguments& a) {
    for (auto* arg : a.posonlyargs) addDef(arg->arg, DEF_PARAM, arg->loc);
    for (auto* arg : a.args) addDef(arg->arg, DEF_PARAM, arg->loc);
    for (auto* arg : a.kwonlyargs) addDef(arg->arg, DEF_PARAM, arg->loc);
    if (a.vararg) {
      addDef(a.vararg->arg, DEF_PARAM, a.vararg->loc);
      cur().varargs = true;
    }
    if (a.kwarg) {
      addDef(a.kwarg->arg, DEF_PARAM, a.kwarg->loc);
      cur().varkeywords = true;
    }
  }

  // ---- expressions ----
  struct DepthGuard {
    DepthGuard(SymbolTableBuilder& b, const ast::Location& loc) : builder(b) {
      if (++builder.depth_ > kMaxDepth) {
        throw SymtableError{"maximum recursion depth exceeded during compilation", loc, true};
      }
    }
    ~DepthGuard() { --builder.depth_; }
    SymbolTableBuilder& builder;
  };

  void raiseIfAnnotationBlock(const char* what, const ast::Expr& e) {
    if (cur().type() == BlockType::kAnnotation) {
      fail(std::string(what) + " cannot be used within an annotation", e.loc);
    }
  }

  void visitExprs(const ast::ExprSeq& exprs) {
    for (auto* e : exprs) {
      if (e) visitExpr(e);
    }
  }

  void visitExpr(const ast::Expr* e) {
    DepthGuard guard(*this, e->loc);
    switch (e->tag) {
      case ast::ExprKind::NamedExpr: {
        auto* n = e->as<ast::NamedExpr>();
        raiseIfAnnotationBlock("named expression", *e);
        if (cur().compIterExpr_ > 0) {
          fail("assignment expression cannot be used in a comprehension iterable expression",
               e->loc);
        }
        if (cur().comprehension != ComprehensionType::kNone) extendNamedExprScope(*n->target);
        visitExpr(n->value);
        visitExpr(n->target);
        break;
      }
      case ast::ExprKind::BoolOp:
        visitExprs(e->as<ast::BoolOp>()->values);
        break;
      case ast::ExprKind::BinOp:
        visitExpr(e->as<ast::BinOp>()->left);
        visitExpr(e->as<ast::BinOp>()->right);
        break;
      case ast::ExprKind::UnaryOp:
        visitExpr(e->as<ast::UnaryOp>()->operand);
        break;
      case ast::ExprKind::Lambda: {
        auto* l = e->as<ast::Lambda>();
        visitExprs(l->args->defaults);
        visitExprs(l->args->kw_defaults);
        enterBlock("lambda", BlockType::kFunction, e, e->loc);
        visitArguments(*l->args);
        visitExpr(l->body);
        exitBlock();
        break;
      }
      case ast::ExprKind::IfExp: {
        auto* i = e->as<ast::IfExp>();
        visitExpr(i->test);
        visitExpr(i->body);
        visitExpr(i->orelse);
        break;
      }
      case ast::ExprKind::Dict:
        visitExprs(e->as<ast::Dict>()->keys);
        visitExprs(e->as<ast::Dict>()->values);
        break;
      case ast::ExprKind::Set:
        visitExprs(e->as<ast::Set>()->elts);
        break;
      case ast::ExprKind::GeneratorExp: {
        auto* g = e->as<ast::GeneratorExp>();
        handleComprehension(*e, "genexpr", g->generators, g->elt, nullptr,
                            ComprehensionType::kGenerator);
        break;
      }
      case ast::ExprKind::ListComp: {
        auto* l = e->as<ast::ListComp>();
        handleComprehension(*e, "listcomp", l->generators, l->elt, nullptr,
                            ComprehensionType::kList);
        break;
      }
      case ast::ExprKind::SetComp: {
        auto* l = e->as<ast::SetComp>();
        handleComprehension(*e, "setcomp", l->generators, l->elt, nullptr, ComprehensionType::kSet);
        break;
      }
      case ast::ExprKind::DictComp: {
        auto* d = e->as<ast::DictComp>();
        handleComprehension(*e, "dictcomp", d->generators, d->key, d->value,
                            ComprehensionType::kDict);
        break;
      }
      case ast::ExprKind::Yield:
      case ast::ExprKind::YieldFrom: {
        raiseIfAnnotationBlock("yield expression", *e);
        const ast::Expr* value =
            e->is<ast::Yield>() ? e->as<ast::Yield>()->value : e->as<ast::YieldFrom>()->value;
        if (value) visitExpr(value);
        cur().generator = true;
        if (cur().comprehension != ComprehensionType::kNone) raiseIfComprehensionBlock(*e);
        break;
      }
      case ast::ExprKind::Await:
        raiseIfAnnotationBlock("await expression", *e);
        visitExpr(e->as<ast::Await>()->value);
        cur().coroutine = true;
        break;
      case ast::ExprKind::Compare:
        visitExpr(e->as<ast::Compare>()->left);
        visitExprs(e->as<ast::Compare>()->comparators);
        break;
      case ast::ExprKind::Call: {
        auto* c = e->as<ast::Call>();
        visitExpr(c->func);
        visitExprs(c->args);
        for (auto* k : c->keywords) visitExpr(k->value);
        break;
      }
      case ast::ExprKind::FormattedValue: {
        auto* f = e->as<ast::FormattedValue>();
        visitExpr(f->value);
        if (f->format_spec) visitExpr(f->format_spec);
        break;
      }
      case ast::ExprKind::JoinedStr:
        visitExprs(e->as<ast::JoinedStr>()->values);
        break;
      case ast::ExprKind::Constant:
        break;
      case ast::ExprKind::Attribute:
        visitExpr(e->as<ast::Attribute>()->value);
        break;
      case ast::ExprKind::Subscript:
        visitExpr(e->as<ast::Subscript>()->value);
        visitExpr(e->as<ast::Subscript>()->slice);
        break;
      case ast::ExprKind::Starred:
        visitExpr(e->as<ast::Starred>()->value);
        break;
      case ast::ExprKind::Slice: {
        auto* s = e->as<ast::Slice>();
        if (s->lower) visitExpr(s->lower);
        if (s->upper) visitExpr(s->upper);
        if (s->step) visitExpr(s->step);
        break;
      }
      case ast::ExprKind::Name: {
        auto* n = e->as<ast::Name>();
        addDef(n->id, n->ctx == ast::ExprContext::Load ? USE : DEF_LOCAL, e->loc);
        // super() with no arguments reads the __class__ cell.
        if (n->ctx == ast::ExprContext::Load && cur().type() == BlockType::kFunction &&
            n->id == "super") {
          addDef("__class__", USE, e->loc);
        }
        break;
      }
      case ast::ExprKind::List:
        visitExprs(e->as<ast::List>()->elts);
        break;
      case ast::ExprKind::Tuple:
        visitExprs(e->as<ast::Tuple>()->elts);
        break;
    }
  }

  void raiseIfComprehensionBlock(const ast::Expr& e) {
    switch (cur().comprehension) {
      case ComprehensionType::kList:
        fail("'yield' inside list comprehension", e.loc);
      case ComprehensionType::kSet:
        fail("'yield' inside set comprehension", e.loc);
      case ComprehensionType::kDict:
        fail("'yield' inside dict comprehension", e.loc);
      default:
        fail("'yield' inside generator expression", e.loc);
    }
  }

  void extendNamedExprScope(const ast::Expr& target) {
    std::string_view name = target.as<ast::Name>()->id;
    for (std::size_t i = stack_.size(); i-- > 0;) {
      Block& block = *stack_[i];
      if (block.comprehension != ComprehensionType::kNone) {
        if (block.flags(name) & DEF_COMP_ITER) {
          fail(formatName(
                   "assignment expression cannot rebind comprehension iteration variable '%s'",
                   name),
               target.loc);
        }
        continue;
      }
      if (block.type() == BlockType::kFunction) {
        addDef(name, (block.flags(name) & DEF_GLOBAL) ? DEF_GLOBAL : DEF_NONLOCAL, target.loc);
        recordDirective(name, target.loc);
        addDefHelper(name, DEF_LOCAL, block, target.loc);
        return;
      }
      if (block.type() == BlockType::kModule) {
        addDef(name, DEF_GLOBAL, target.loc);
        recordDirective(name, target.loc);
        addDefHelper(name, DEF_GLOBAL, block, target.loc);
        return;
      }
      if (block.type() == BlockType::kClass) {
        fail("assignment expression within a comprehension cannot be used in a class body",
             target.loc);
      }
    }
  }

  void handleComprehension(const ast::Expr& e, const char* scopeName,
                           const ast::ComprehensionSeq& generators, const ast::Expr* elt,
                           const ast::Expr* value, ComprehensionType type) {
    bool isGenerator = type == ComprehensionType::kGenerator;
    const ast::Comprehension* outermost = generators[0];
    cur().compIterExpr_++;
    visitExpr(outermost->iter);
    cur().compIterExpr_--;
    enterBlock(scopeName, BlockType::kFunction, &e, e.loc);
    cur().comprehension = type;
    if (outermost->is_async) cur().coroutine = true;
    addDef(".0", DEF_PARAM, e.loc);
    cur().compIterTarget_ = true;
    visitExpr(outermost->target);
    cur().compIterTarget_ = false;
    visitExprs(outermost->ifs);
    for (std::size_t i = 1; i < generators.size(); ++i) {
      const ast::Comprehension* lc = generators[i];
      cur().compIterTarget_ = true;
      visitExpr(lc->target);
      cur().compIterTarget_ = false;
      cur().compIterExpr_++;
      visitExpr(lc->iter);
      cur().compIterExpr_--;
      visitExprs(lc->ifs);
      if (lc->is_async) cur().coroutine = true;
    }
    if (value) visitExpr(value);
    visitExpr(elt);
    cur().generator = isGenerator;
    bool isAsync = cur().coroutine && !isGenerator;
    exitBlock();
    if (isAsync) cur().coroutine = true;
  }

  // ---- patterns ----
  void visitPattern(const ast::Pattern* p) {
    DepthGuard guard(*this, p->loc);
    switch (p->tag) {
      case ast::PatternKind::MatchValue:
        visitExpr(p->as<ast::MatchValue>()->value);
        break;
      case ast::PatternKind::MatchSingleton:
        break;
      case ast::PatternKind::MatchSequence:
        for (auto* q : p->as<ast::MatchSequence>()->patterns) visitPattern(q);
        break;
      case ast::PatternKind::MatchStar: {
        auto name = p->as<ast::MatchStar>()->name;
        if (ast::isPresent(name)) addDef(name, DEF_LOCAL, p->loc);
        break;
      }
      case ast::PatternKind::MatchMapping: {
        auto* m = p->as<ast::MatchMapping>();
        visitExprs(m->keys);
        for (auto* q : m->patterns) visitPattern(q);
        if (ast::isPresent(m->rest)) addDef(m->rest, DEF_LOCAL, p->loc);
        break;
      }
      case ast::PatternKind::MatchClass: {
        auto* c = p->as<ast::MatchClass>();
        visitExpr(c->cls);
        for (auto* q : c->patterns) visitPattern(q);
        for (auto* q : c->kwd_patterns) visitPattern(q);
        break;
      }
      case ast::PatternKind::MatchAs: {
        auto* a = p->as<ast::MatchAs>();
        if (a->pattern) visitPattern(a->pattern);
        if (ast::isPresent(a->name)) addDef(a->name, DEF_LOCAL, p->loc);
        break;
      }
      case ast::PatternKind::MatchOr:
        for (auto* q : p->as<ast::MatchOr>()->patterns) visitPattern(q);
        break;
    }
  }

  // ---- analysis ----
  [[noreturn]] void errorAtDirective(const Block& block, const std::string& name,
                                     std::string message) {
    for (const auto& [n, loc] : block.directives_) {
      if (n == name) fail(std::move(message), loc);
    }
    fail(std::move(message), {});
  }

  void setScope(std::unordered_map<std::string, Scope>& scopes, const std::string& name, Scope s) {
    scopes[name] = s;
  }

  void analyzeName(Block& block, std::unordered_map<std::string, Scope>& scopes,
                   const std::string& name, std::uint32_t flags, NameSet* bound, NameSet& local,
                   NameSet& free, NameSet& global) {
    if (flags & DEF_GLOBAL) {
      if (flags & DEF_NONLOCAL)
        errorAtDirective(block, name, formatName("name '%s' is nonlocal and global", name));
      setScope(scopes, name, Scope::kGlobalExplicit);
      global.insert(name);
      if (bound) bound->erase(name);
      return;
    }
    if (flags & DEF_NONLOCAL) {
      if (!bound) errorAtDirective(block, name, "nonlocal declaration not allowed at module level");
      if (!bound->count(name))
        errorAtDirective(block, name, formatName("no binding for nonlocal '%s' found", name));
      setScope(scopes, name, Scope::kFree);
      block.free = true;
      free.insert(name);
      return;
    }
    if (flags & DEF_BOUND) {
      setScope(scopes, name, Scope::kLocal);
      local.insert(name);
      global.erase(name);
      return;
    }
    if (bound && bound->count(name)) {
      setScope(scopes, name, Scope::kFree);
      block.free = true;
      free.insert(name);
      return;
    }
    if (global.count(name)) {
      setScope(scopes, name, Scope::kGlobalImplicit);
      return;
    }
    if (block.nested) block.free = true;
    setScope(scopes, name, Scope::kGlobalImplicit);
  }

  void analyzeBlock(Block& block, NameSet* bound, NameSet& free, NameSet& global) {
    NameSet local, newGlobal, newFree, newBound;
    std::unordered_map<std::string, Scope> scopes;
    if (block.type() == BlockType::kClass) {
      newGlobal = global;
      if (bound) newBound = *bound;
    }
    for (const auto& [name, flags] : block.symbols_) {
      analyzeName(block, scopes, name, flags, bound, local, free, global);
    }
    if (block.type() != BlockType::kClass) {
      if (block.type() == BlockType::kFunction) newBound.insert(local.begin(), local.end());
      if (bound) newBound.insert(bound->begin(), bound->end());
      newGlobal.insert(global.begin(), global.end());
    } else {
      newBound.insert("__class__");
    }
    NameSet allFree;
    for (auto& child : block.children_) {
      NameSet childBound = newBound, childFree = newFree, childGlobal = newGlobal;
      analyzeBlock(*child, &childBound, childFree, childGlobal);
      allFree.insert(childFree.begin(), childFree.end());
      if (child->free || child->childFree) block.childFree = true;
    }
    newFree.insert(allFree.begin(), allFree.end());
    if (block.type() == BlockType::kFunction) {
      for (auto& [name, scope] : scopes) {
        if (scope == Scope::kLocal && newFree.erase(name)) scope = Scope::kCell;
      }
    } else if (block.type() == BlockType::kClass) {
      if (newFree.erase("__class__")) block.needsClassClosure = true;
    }
    updateSymbols(block, scopes, bound, newFree, block.type() == BlockType::kClass);
    free.insert(newFree.begin(), newFree.end());
  }

  void updateSymbols(Block& block, const std::unordered_map<std::string, Scope>& scopes,
                     NameSet* bound, const NameSet& free, bool classFlag) {
    for (auto& [name, flags] : block.symbols_) {
      flags |= static_cast<std::uint32_t>(scopes.at(name)) << kScopeOffset;
    }
    for (const auto& name : free) {
      if (std::uint32_t* v = block.find(name)) {
        if (classFlag && (*v & (DEF_BOUND | DEF_GLOBAL))) *v |= DEF_FREE_CLASS;
        continue;
      }
      if (bound && !bound->count(name)) continue;
      setFlags(block, name, static_cast<std::uint32_t>(Scope::kFree) << kScopeOffset);
    }
  }

  std::uint32_t future_;
  std::unique_ptr<SymbolTable> table_;
  std::vector<Block*> stack_;
  std::vector<std::unique_ptr<Block>> scratch_;
  Block* global_ = nullptr;
  std::string private_;
  int depth_ = 0;
};

SymbolTableResult buildSymbolTable(const ast::Mod& mod, std::string_view filename,
                                   std::string_view source, std::uint32_t futureFeatures) {
  SymbolTableResult result;
  try {
    SymbolTableBuilder builder(futureFeatures);
    result.table = builder.build(mod);
  } catch (const SymtableError& error) {
    result.error = makeSyntaxError(error.message, filename, source, error.loc);
    if (error.recursion) result.error->type = parser::SyntaxErrorType::RecursionError;
  }
  return result;
}

namespace {

const char* blockTypeName(BlockType type) {
  switch (type) {
    case BlockType::kFunction:
      return "function";
    case BlockType::kClass:
      return "class";
    case BlockType::kModule:
      return "module";
    case BlockType::kAnnotation:
      return "annotation";
  }
  return "?";
}

void dumpBlock(const Block& block, int indent, std::string& out) {
  std::string pad(indent, ' ');
  out += pad + blockTypeName(block.type()) + " " + block.name() + " " +
         std::to_string(block.line()) + "\n";
  auto symbols = block.symbols();
  std::sort(symbols.begin(), symbols.end());
  for (const auto& [name, flags] : symbols) {
    out += pad + "  " + name + " " + std::to_string(flags & ((1u << kScopeOffset) - 1)) + " " +
           std::to_string((flags >> kScopeOffset) & 7) + "\n";
  }
  for (const auto& child : block.children()) dumpBlock(*child, indent + 2, out);
}

}  // namespace

std::string dumpSymbolTable(const SymbolTable& table) {
  std::string out;
  dumpBlock(table.top(), 0, out);
  return out;
}

}  // namespace pyl::symtable
