// Out-of-line parts of the AST: the arena's block allocator and the name tables of node kinds
// and operators, all derived from ast_nodes.def and ast_operators.def.
#include "pylang/ast/ast.h"

#include <algorithm>

namespace pyl::ast {

void* Arena::allocateSlow(size_t bytes, size_t align) {
  // Big requests get a block of their own so the current block keeps serving small ones.
  size_t need = bytes + align;
  if (need > kBlockBytes / 4) {
    blocks_.push_back(std::make_unique<char[]>(need));
    reserved_ += need;
    uintptr_t raw = reinterpret_cast<uintptr_t>(blocks_.back().get());
    return reinterpret_cast<void*>((raw + align - 1) & ~(uintptr_t{align} - 1));
  }
  blocks_.push_back(std::make_unique<char[]>(kBlockBytes));
  reserved_ += kBlockBytes;
  cursor_ = blocks_.back().get();
  limit_ = cursor_ + kBlockBytes;
  return allocate(bytes, align);
}

namespace {
#define PYL_NAME_ROW(member, spelling) #member,
#define PYL_SPELLING_ROW(member, spelling) spelling,
#define PYL_AST_CONTEXT PYL_NAME_ROW
constexpr const char* kContextNames[] = {
#include "pylang/ast/ast_operators.def"
};
#define PYL_AST_BOOLOP PYL_NAME_ROW
constexpr const char* kBoolOpNames[] = {
#include "pylang/ast/ast_operators.def"
};
#define PYL_AST_BOOLOP PYL_SPELLING_ROW
constexpr const char* kBoolOpSpellings[] = {
#include "pylang/ast/ast_operators.def"
};
#define PYL_AST_BINOP PYL_NAME_ROW
constexpr const char* kBinOpNames[] = {
#include "pylang/ast/ast_operators.def"
};
#define PYL_AST_BINOP PYL_SPELLING_ROW
constexpr const char* kBinOpSpellings[] = {
#include "pylang/ast/ast_operators.def"
};
#define PYL_AST_UNARYOP PYL_NAME_ROW
constexpr const char* kUnaryOpNames[] = {
#include "pylang/ast/ast_operators.def"
};
#define PYL_AST_UNARYOP PYL_SPELLING_ROW
constexpr const char* kUnaryOpSpellings[] = {
#include "pylang/ast/ast_operators.def"
};
#define PYL_AST_CMPOP PYL_NAME_ROW
constexpr const char* kCmpOpNames[] = {
#include "pylang/ast/ast_operators.def"
};
#define PYL_AST_CMPOP PYL_SPELLING_ROW
constexpr const char* kCmpOpSpellings[] = {
#include "pylang/ast/ast_operators.def"
};
#undef PYL_NAME_ROW
#undef PYL_SPELLING_ROW

#define PYL_KIND_ROW(Type, pythonName, fields) pythonName,
#define PYL_AST_MOD PYL_KIND_ROW
constexpr const char* kModNames[] = {
#include "pylang/ast/ast_nodes.def"
};
#define PYL_AST_STMT PYL_KIND_ROW
constexpr const char* kStmtNames[] = {
#include "pylang/ast/ast_nodes.def"
};
#define PYL_AST_EXPR PYL_KIND_ROW
constexpr const char* kExprNames[] = {
#include "pylang/ast/ast_nodes.def"
};
#define PYL_AST_PATTERN PYL_KIND_ROW
constexpr const char* kPatternNames[] = {
#include "pylang/ast/ast_nodes.def"
};
#undef PYL_KIND_ROW

template <size_t N, class E>
const char* lookup(const char* const (&table)[N], E value) {
  size_t i = static_cast<size_t>(value);
  return i < N ? table[i] : "?";
}
}  // namespace

const char* pythonName(ExprContext v) {
  return lookup(kContextNames, v);
}
const char* pythonName(BoolOperator v) {
  return lookup(kBoolOpNames, v);
}
const char* pythonName(BinOperator v) {
  return lookup(kBinOpNames, v);
}
const char* pythonName(UnaryOperator v) {
  return lookup(kUnaryOpNames, v);
}
const char* pythonName(CmpOperator v) {
  return lookup(kCmpOpNames, v);
}
const char* spelling(BoolOperator v) {
  return lookup(kBoolOpSpellings, v);
}
const char* spelling(BinOperator v) {
  return lookup(kBinOpSpellings, v);
}
const char* spelling(UnaryOperator v) {
  return lookup(kUnaryOpSpellings, v);
}
const char* spelling(CmpOperator v) {
  return lookup(kCmpOpSpellings, v);
}
const char* pythonName(ModKind kind) {
  return lookup(kModNames, kind);
}
const char* pythonName(StmtKind kind) {
  return lookup(kStmtNames, kind);
}
const char* pythonName(ExprKind kind) {
  return lookup(kExprNames, kind);
}
const char* pythonName(PatternKind kind) {
  return lookup(kPatternNames, kind);
}

}  // namespace pyl::ast
