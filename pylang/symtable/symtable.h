// pylang/symtable/symtable.h — symbol tables: for every module, class, function, lambda and
// comprehension scope, which names are local, global (explicit or implicit), free or cell.
// Built from the AST (pylang/ast/ast.h) before compilation; read by the compiler to choose
// LOAD_FAST / LOAD_DEREF / LOAD_GLOBAL / LOAD_NAME and to lay out co_cellvars/co_freevars.
//
// DESIGN(symtable): this is CPython 3.11's Python/symtable.c algorithm, so classification,
// flags and SyntaxErrors match CPython's `symtable` module bit for bit: a first pass records
// per-scope definition flags (DEF_*), a second pass (analyze) resolves scopes top-down with
// the sets of names bound and declared global in enclosing functions, turning locals captured
// by inner functions into cells. Class scopes do not bind names for nested functions (except
// the implicit __class__ cell used by super()); comprehensions are their own function scopes
// whose first argument ".0" is the outermost iterator; with `from __future__ import
// annotations`, annotations are analysed in throw-away blocks (they become strings).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pylang/ast/ast.h"
#include "pylang/parser/syntax_error.h"

namespace pyl::symtable {

// Definition flags, CPython's values (Include/internal/pycore_symtable.h).
enum SymbolFlag : std::uint32_t {
  DEF_GLOBAL = 1,       // global statement
  DEF_LOCAL = 2,        // assignment in code block
  DEF_PARAM = 4,        // formal parameter
  DEF_NONLOCAL = 8,     // nonlocal statement
  USE = 16,             // name is used
  DEF_FREE = 32,        // name used but not defined in nested block
  DEF_FREE_CLASS = 64,  // free variable from class's method
  DEF_IMPORT = 128,     // assignment by import
  DEF_ANNOT = 256,      // annotated name
  DEF_COMP_ITER = 512,  // comprehension iteration variable
  DEF_BOUND = DEF_LOCAL | DEF_PARAM | DEF_IMPORT,
};
inline constexpr int kScopeOffset = 11;
inline constexpr std::uint32_t kScopeMask = DEF_GLOBAL | DEF_LOCAL | DEF_PARAM | DEF_NONLOCAL;

enum class Scope : std::uint8_t {
  kNone = 0,
  kLocal = 1,
  kGlobalExplicit = 2,
  kGlobalImplicit = 3,
  kFree = 4,
  kCell = 5,
};

enum class BlockType : std::uint8_t { kFunction, kClass, kModule, kAnnotation };
enum class ComprehensionType : std::uint8_t { kNone, kList, kSet, kDict, kGenerator };

// One scope. Symbols keep insertion order (CPython's dict order).
class Block {
 public:
  Block(BlockType type, std::string name, const void* key, int line, int col)
      : type_(type), name_(std::move(name)), key_(key), line_(line), col_(col) {}

  BlockType type() const { return type_; }
  const std::string& name() const { return name_; }
  int line() const { return line_; }
  int col() const { return col_; }
  // Raw flags (definition bits | scope << kScopeOffset) of `name`, 0 if absent.
  std::uint32_t flags(std::string_view name) const;
  Scope scope(std::string_view name) const {
    return static_cast<Scope>((flags(name) >> kScopeOffset) & 7);
  }
  // Names in insertion order, with their raw flags.
  const std::vector<std::pair<std::string, std::uint32_t>>& symbols() const { return symbols_; }
  const std::vector<std::string>& varnames() const { return varnames_; }  // parameters
  const std::vector<std::unique_ptr<Block>>& children() const { return children_; }

  bool nested = false;     // inside a function
  bool generator = false;  // contains yield
  bool coroutine = false;  // async def, await, or async comprehension
  bool varargs = false;
  bool varkeywords = false;
  bool returnsValue = false;
  bool free = false;               // has free variables
  bool childFree = false;          // some descendant has free variables
  bool needsClassClosure = false;  // class whose methods use __class__ / super()
  ComprehensionType comprehension = ComprehensionType::kNone;

 private:
  friend class SymbolTableBuilder;
  std::uint32_t* find(std::string_view name);

  BlockType type_;
  std::string name_;
  const void* key_;  // the AST node that opened the scope
  int line_;
  int col_;
  std::vector<std::pair<std::string, std::uint32_t>> symbols_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<std::string> varnames_;
  std::vector<std::unique_ptr<Block>> children_;
  // global/nonlocal statements (and walrus targets) for error locations: name -> location.
  std::vector<std::pair<std::string, ast::Location>> directives_;
  int compIterExpr_ = 0;         // > 0 while visiting a comprehension's iterable
  bool compIterTarget_ = false;  // while visiting a comprehension's target
};

class SymbolTable {
 public:
  const Block& top() const { return *top_; }
  // The block opened by `node` (FunctionDef, Lambda, ClassDef, a comprehension, the Mod);
  // null if the node opens no block.
  const Block* lookup(const void* node) const;
  std::uint32_t futureFeatures() const { return futureFeatures_; }

 private:
  friend class SymbolTableBuilder;
  std::unique_ptr<Block> top_;
  std::unordered_map<const void*, const Block*> byNode_;
  std::uint32_t futureFeatures_ = 0;
};

struct SymbolTableResult {
  std::unique_ptr<SymbolTable> table;  // null exactly when error is set
  std::optional<parser::SyntaxError> error;
};

// CPython's private-name mangling: `__x` inside class `C` becomes `_C__x`.
std::string mangle(std::string_view className, std::string_view name);

// Builds and analyses the tables of `mod`. `source` (the file's text, may be empty) fills the
// SyntaxError's line text and character offsets. `futureFeatures` are co_flags bits from
// __future__ imports (CO_FUTURE_ANNOTATIONS).
SymbolTableResult buildSymbolTable(const ast::Mod& mod, std::string_view filename,
                                   std::string_view source, std::uint32_t futureFeatures);

// Fills a SyntaxError at an AST location (1-based character offsets, line text from source).
parser::SyntaxError makeSyntaxError(std::string message, std::string_view filename,
                                    std::string_view source, const ast::Location& loc);

// The text dump the tests compare with CPython's symtable module: one line per block
// ("function f 3") followed by "  name flags scope" lines, children indented.
std::string dumpSymbolTable(const SymbolTable& table);

}  // namespace pyl::symtable
