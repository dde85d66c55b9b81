// The vocabulary every AST node is built from: source locations, the simple enumerations
// (operators, expression contexts), constant values, identifiers, and the four tagged base
// classes (Mod, Stmt, Expr, Pattern). The concrete node types are generated in ast.h from
// ast_nodes.def; the enumerations come from ast_operators.def.
#pragma once

#include <cstdint>
#include <string_view>

#include "pylang/ast/arena.h"

namespace pyl::ast {

// Positions as CPython reports them: 1-based lines, 0-based columns counted in UTF-8 bytes,
// end position exclusive.
struct Location {
  int32_t lineno = 0;
  int32_t col_offset = 0;
  int32_t end_lineno = 0;
  int32_t end_col_offset = 0;
};

// An ASDL `identifier` / `string`: UTF-8 bytes in the arena. Absent (`identifier?` that is None)
// is the default-constructed view, whose data() is null; present-but-empty has non-null data().
using Identifier = std::string_view;
using String = std::string_view;
inline bool isPresent(std::string_view s) {
  return s.data() != nullptr;
}

#define PYL_AST_CONTEXT(member, spelling) member,
enum class ExprContext : uint8_t {
#include "pylang/ast/ast_operators.def"
};
#define PYL_AST_BOOLOP(member, spelling) member,
enum class BoolOperator : uint8_t {
#include "pylang/ast/ast_operators.def"
};
#define PYL_AST_BINOP(member, spelling) member,
enum class BinOperator : uint8_t {
#include "pylang/ast/ast_operators.def"
};
#define PYL_AST_UNARYOP(member, spelling) member,
enum class UnaryOperator : uint8_t {
#include "pylang/ast/ast_operators.def"
};
#define PYL_AST_CMPOP(member, spelling) member,
enum class CmpOperator : uint8_t {
#include "pylang/ast/ast_operators.def"
};

// Python class names ("Add", "NotIn") and source spellings ("+", "not in").
const char* pythonName(ExprContext v);
const char* pythonName(BoolOperator v);
const char* pythonName(BinOperator v);
const char* pythonName(UnaryOperator v);
const char* pythonName(CmpOperator v);
const char* spelling(BoolOperator v);
const char* spelling(BinOperator v);
const char* spelling(UnaryOperator v);
const char* spelling(CmpOperator v);

// DESIGN(ast-constants): the value of a Constant (and of MatchSingleton), exact and unboxed, so
// the compiler decides how to build objects. `Int` fits int64; a larger int keeps its exact value
// as decimal digits in `text` (no sign, no underscores, no leading zeros: ready for
// mpz_set_str(..., 10)). `Complex` is what a literal `2j` denotes: real 0 (kept in `real`),
// imaginary part in `imag`. `Str` is UTF-8 in `text`, except that lone surrogates from escapes
// like "\ud800" are encoded as their 3-byte generalized-UTF-8 form (as PyPy stores them), so
// every Python str is representable. `Bytes` is the raw bytes in `text`.
enum class ConstantKind : uint8_t {
  None,
  True,
  False,
  Ellipsis,
  Int,
  BigInt,
  Float,
  Complex,
  Str,
  Bytes
};

struct ConstantValue {
  ConstantKind kind = ConstantKind::None;
  int64_t intValue = 0;   // Int
  double real = 0.0;      // Float, and Complex's real part (always 0 from the parser)
  double imag = 0.0;      // Complex
  std::string_view text;  // BigInt digits, Str UTF-8, Bytes bytes
};

// Kinds of the tagged sums, in ast_nodes.def order.
#define PYL_AST_MOD(Type, pythonName, fields) Type,
enum class ModKind : uint8_t {
#include "pylang/ast/ast_nodes.def"
};
#define PYL_AST_STMT(Type, pythonName, fields) Type,
enum class StmtKind : uint8_t {
#include "pylang/ast/ast_nodes.def"
};
#define PYL_AST_EXPR(Type, pythonName, fields) Type,
enum class ExprKind : uint8_t {
#include "pylang/ast/ast_nodes.def"
};
#define PYL_AST_PATTERN(Type, pythonName, fields) Type,
enum class PatternKind : uint8_t {
#include "pylang/ast/ast_nodes.def"
};

// DESIGN(ast-nodes): a sum type is a base struct with a `tag`; each constructor is a struct
// deriving from it with `static constexpr kKind`. `node->as<T>()` is a checked downcast (null if
// the tag differs); visit() in ast.h switches once and calls an overload per concrete type.
template <class KindT>
struct TaggedNode {
  KindT tag;
  template <class T>
  bool is() const {
    return tag == T::kKind;
  }
  template <class T>
  T* as() {
    return is<T>() ? static_cast<T*>(this) : nullptr;
  }
  template <class T>
  const T* as() const {
    return is<T>() ? static_cast<const T*>(this) : nullptr;
  }
};

struct Mod : TaggedNode<ModKind> {};
struct Stmt : TaggedNode<StmtKind> {
  Location loc;
};
struct Expr : TaggedNode<ExprKind> {
  Location loc;
};
struct Pattern : TaggedNode<PatternKind> {
  Location loc;
};
// Base of the product types that carry ASDL attributes (arg, keyword, alias, ExceptHandler).
struct Located {
  Location loc;
};
// Base of the product types without attributes (comprehension, arguments, withitem, ...).
struct Product {};

// Forward declarations of every concrete node and the list types the fields use.
#define PYL_AST_ANY(Type, pythonName, fields) struct Type;
#define PYL_AST_MOD PYL_AST_ANY
#define PYL_AST_STMT PYL_AST_ANY
#define PYL_AST_EXPR PYL_AST_ANY
#define PYL_AST_PATTERN PYL_AST_ANY
#define PYL_AST_LOCATED PYL_AST_ANY
#define PYL_AST_PRODUCT PYL_AST_ANY
#include "pylang/ast/ast_nodes.def"
#undef PYL_AST_ANY

using StmtSeq = Seq<Stmt*>;
using ExprSeq = Seq<Expr*>;  // may hold nulls where the ASDL says `expr?` (Dict.keys, kw_defaults)
using PatternSeq = Seq<Pattern*>;
using IdentifierSeq = Seq<Identifier>;
using CmpOperatorSeq = Seq<CmpOperator>;
using KeywordSeq = Seq<Keyword*>;
using AliasSeq = Seq<Alias*>;
using WithItemSeq = Seq<WithItem*>;
using MatchCaseSeq = Seq<MatchCase*>;
using ExceptHandlerSeq = Seq<ExceptHandler*>;
using ArgSeq = Seq<Arg*>;
using ComprehensionSeq = Seq<Comprehension*>;
using TypeIgnoreSeq = Seq<TypeIgnore*>;

}  // namespace pyl::ast
