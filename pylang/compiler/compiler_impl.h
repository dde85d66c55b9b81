// pylang/compiler/compiler_impl.h — the Compiler class shared by the compiler's source files:
// compiler.cpp (units, names, scopes, functions, classes, module entry), compile_stmt.cpp
// (statements, try/with/loops and their unwinding), compile_expr.cpp (expressions, calls,
// comprehensions), compile_pattern.cpp (match statements).
//
// DESIGN(compiler): the structure is CPython 3.11's Python/compile.c: one CompilerUnit per code
// object being built (a stack of them mirrors lexical nesting), a frame-block stack per unit
// recording what `break`/`continue`/`return` must unwind (loops, try/finally bodies, with
// blocks, exception handlers), and exception handling expressed with the SETUP_*/POP_BLOCK
// pseudo instructions that the assembler turns into the exception table. Errors are thrown as
// CompileError and reported once as a SyntaxError with CPython's message and position.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pylang/compiler/code_builder.h"
#include "pylang/compiler/compiler.h"
#include "pylang/symtable/symtable.h"

namespace pyl::compiler {

struct CompileError {
  std::string message;
  ast::Location loc;
  bool recursion = false;  // reported as RecursionError, as CPython does
};

enum class ScopeType { kModule, kClass, kFunction, kAsyncFunction, kLambda, kComprehension };

enum class FBlockType {
  kWhileLoop,
  kForLoop,
  kTryExcept,
  kFinallyTry,
  kFinallyEnd,
  kWith,
  kAsyncWith,
  kHandlerCleanup,
  kPopValue,
  kExceptionHandler,
  kExceptionGroupHandler,
  kAsyncComprehensionGenerator,
};

struct FBlock {
  FBlock(FBlockType t, int start = -1, int end = -1) : type(t), block(start), exit(end) {}
  FBlockType type;
  int block = -1;                           // loop start label (continue target)
  int exit = -1;                            // loop exit label (break target)
  const ast::StmtSeq* finalBody = nullptr;  // kFinallyTry
  const ast::Stmt* withStmt = nullptr;      // kWith / kAsyncWith
  std::string_view handlerName{};           // kHandlerCleanup: bound exception name, if any
  bool hasHandlerName = false;
};

struct CompilerUnit {
  const symtable::Block* ste = nullptr;
  ScopeType scopeType = ScopeType::kModule;
  std::string name;
  std::string qualname;
  std::string privateName;  // class name used for mangling
  int firstLine = 1;
  int argCount = 0;
  int posOnlyArgCount = 0;
  int kwOnlyArgCount = 0;
  std::vector<std::string> cellvars;
  std::vector<std::string> freevars;
  CodeBuilder code;
  std::vector<FBlock> fblocks;
  ast::Location savedLoc{};  // the enclosing unit's location, restored by exitScope()
};

enum class NameContext { kLoad, kStore, kDel };

class Compiler {
 public:
  Compiler(const symtable::SymbolTable& table, std::string_view filename,
           const CompilerOptions& options, std::uint32_t futureFlags, int futureLine)
      : table_(table),
        filename_(filename),
        options_(options),
        futureFlags_(futureFlags),
        futureLine_(futureLine) {}

  std::shared_ptr<const bytecode::CodeObject> compileMod(const ast::Mod& mod);

  // ---- units and emission (compiler.cpp) ----
  void enterScope(std::string name, ScopeType type, const void* key, int firstLine);
  std::shared_ptr<const bytecode::CodeObject> finishUnit(bool addNone);
  void exitScope();
  CompilerUnit& unit() { return *units_.back(); }
  void emit(bytecode::Opcode op, std::uint32_t arg = 0);
  void emitJump(bytecode::Opcode op, int label);
  int newLabel() { return unit().code.newLabel(); }
  void bind(int label) { unit().code.bind(label); }
  void loadConst(const bytecode::Constant& value);
  void emitName(bytecode::Opcode op, std::string_view name);  // mangled co_names entry
  void nameOp(std::string_view name, NameContext ctx);
  void setLoc(const ast::Location& loc) { loc_ = loc; }
  void unsetLoc() { loc_ = {}; }
  [[noreturn]] void error(std::string message) { throw CompileError{std::move(message), loc_}; }
  std::string mangle(std::string_view name) const;
  symtable::Scope scopeOf(const std::string& mangled) const;
  void makeClosure(const std::shared_ptr<const bytecode::CodeObject>& code, std::uint32_t flags);
  void compileBody(const ast::StmtSeq& body);  // module and class bodies (docstring, annotations)
  void compileFunction(const ast::Stmt& s, bool isAsync);
  void compileClass(const ast::ClassDef& s);
  void compileLambda(const ast::Lambda& e);
  std::uint32_t compileDefaultArguments(const ast::Arguments& args);
  bool compileAnnotations(const ast::Arguments& args, const ast::Expr* returns);
  void compileAnnotationValue(const ast::Expr* annotation);
  bool futureAnnotations() const { return (futureFlags_ & bytecode::CO_FUTURE_ANNOTATIONS) != 0; }
  bool isTopLevelAwait() const { return false; }

  // ---- statements (compile_stmt.cpp) ----
  void visitStmt(const ast::Stmt* s);
  void visitStmts(const ast::StmtSeq& body);
  void compileIf(const ast::If& s);
  void compileFor(const ast::For& s);
  void compileAsyncFor(const ast::AsyncFor& s);
  void compileWhile(const ast::While& s);
  void compileReturn(const ast::Return& s);
  void compileBreak();
  void compileContinue();
  void compileTryExcept(const ast::StmtSeq& body, const ast::ExceptHandlerSeq& handlers,
                        const ast::StmtSeq& orelse);
  void compileTryFinally(const ast::StmtSeq& body, const ast::ExceptHandlerSeq& handlers,
                         const ast::StmtSeq& orelse, const ast::StmtSeq& finalbody, bool star);
  void compileTryStarExcept(const ast::StmtSeq& body, const ast::ExceptHandlerSeq& handlers,
                            const ast::StmtSeq& orelse);
  void compileWith(const ast::Stmt& s, const ast::WithItemSeq& items, const ast::StmtSeq& body,
                   std::size_t pos, bool isAsync);
  void compileWithExceptFinish(int cleanup);
  void callExitWithNones();
  void addYieldFrom(bool await);
  void compileImport(const ast::Import& s);
  void compileImportFrom(const ast::ImportFrom& s);
  void compileAssert(const ast::Assert& s);
  void compileAugAssign(const ast::AugAssign& s);
  void compileAnnAssign(const ast::AnnAssign& s);
  void compileDelete(const ast::Expr* target);
  void compileRaise(const ast::Raise& s);
  void pushFBlock(FBlock block);
  void popFBlock(FBlockType type);
  void unwindFBlock(const FBlock& block, bool preserveTos);
  const FBlock* unwindFBlockStack(bool preserveTos, bool stopAtLoop);
  void popExceptAndReraise();

  // ---- expressions (compile_expr.cpp) ----
  void visitExpr(const ast::Expr* e);
  void visitExprInner(const ast::Expr* e);
  void visitIterable(const ast::Expr* e);
  void visitLastComparator(const ast::Expr* e, ast::CmpOperator op);
  void compileJumpIf(const ast::Expr* e, int label, bool condition);
  void compileBoolOp(const ast::BoolOp& e);
  void compileCompare(const ast::Compare& e);
  void emitCompare(ast::CmpOperator op);
  void compileCall(const ast::Call& e);
  bool compileMethodCall(const ast::Call& e);
  void validateKeywords(const ast::KeywordSeq& keywords);
  void checkDebugArguments(const ast::Arguments& args);
  void compileCallHelper(int pushed, const ast::ExprSeq& args, const ast::KeywordSeq& keywords);
  void compileSubkwargs(const ast::KeywordSeq& keywords, std::size_t begin, std::size_t end);
  void emitKwNames(const ast::KeywordSeq& keywords);
  void starUnpackHelper(const ast::ExprSeq& elts, int pushed, bytecode::Opcode build,
                        bytecode::Opcode add, bytecode::Opcode extend, bool tuple);
  void assignmentHelper(const ast::ExprSeq& elts);
  void unpackHelper(const ast::ExprSeq& elts);
  void compileDict(const ast::Dict& e);
  void compileSubdict(const ast::Dict& e, std::size_t begin, std::size_t end);
  void compileComprehension(const ast::Expr& e, const char* name,
                            const ast::ComprehensionSeq& generators, const ast::Expr* elt,
                            const ast::Expr* value);
  void compileComprehensionGenerator(const ast::ComprehensionSeq& generators, std::size_t index,
                                     int depth, const ast::Expr* elt, const ast::Expr* value,
                                     ast::ExprKind kind);
  void compileAsyncComprehensionGenerator(const ast::ComprehensionSeq& generators,
                                          std::size_t index, int depth, const ast::Expr* elt,
                                          const ast::Expr* value, ast::ExprKind kind);
  void compileComprehensionElement(const ast::Expr* elt, const ast::Expr* value, ast::ExprKind kind,
                                   int depth);
  void compileJoinedStr(const ast::JoinedStr& e);
  void compileFormattedValue(const ast::FormattedValue& e);
  void compileSubscript(const ast::Subscript& e);
  void compileSlice(const ast::Slice& e);
  void compileStarredAssign(const ast::Expr& e, const ast::ExprSeq& elts, ast::ExprContext ctx,
                            bool isList);

  // ---- pattern matching (compile_pattern.cpp) ----
  void compileMatch(const ast::Match& s);

  bytecode::SourceLocation location() const {
    return {loc_.lineno, loc_.end_lineno, loc_.col_offset, loc_.end_col_offset};
  }

 private:
  friend struct PatternCompiler;
  const symtable::SymbolTable& table_;
  std::string filename_;
  CompilerOptions options_;
  std::uint32_t futureFlags_;
  int futureLine_;
  std::vector<std::unique_ptr<CompilerUnit>> units_;
  ast::Location loc_{};
  int depth_ = 0;
};

// Conversions from AST values to constants (compiler.cpp).
bytecode::Constant constantFromAst(const ast::ConstantValue& value);
bytecode::Constant strConstant(std::string_view text);
// The value of a Constant node, or of a Load Tuple whose elements all have one (what CPython's
// AST optimizer turns into a tuple Constant); nullopt otherwise.
std::optional<bytecode::Constant> foldedConstant(const ast::Expr* e);

// Scans the module's leading `from __future__ import ...` statements (future.cpp); throws
// CompileError for unknown features. Returns the co_flags bits and sets `lastLine` to the line
// of the last future import (later ones are errors).
std::uint32_t parseFutureFeatures(const ast::Mod& mod, int& lastLine);

}  // namespace pyl::compiler
