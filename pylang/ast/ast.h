// The pylang abstract syntax tree: CPython 3.11's `ast` module as C++ structs. Node and field
// names, field order and optionality are CPython's (Parser/Python.asdl), transcribed once in
// ast_nodes.def; this header generates the structs, their field enumeration and the visitor
// dispatch from it. Built by pylang/parser/, read by pylang/symtable/ and pylang/compiler/,
// printed by pylang/ast/ast_dump.h (the `ast.dump` format behind `pylang --ast`).
#pragma once

#include "pylang/ast/ast_base.h"

namespace pyl::ast {

// DESIGN(ast): ownership and lifetime.
// * Every node, every list and every identifier/literal byte of one parse lives in one Arena
//   (arena.h). Nodes are plain structs, trivially destructible, never freed one by one; the tree
//   is valid exactly as long as its Arena. Whoever calls the parser owns the Arena.
// * Nothing in a tree is a GC object and nothing points into the GC heap, so the collector need
//   not see the arena. The compiler turns ConstantValue and identifiers into heap objects itself.
// * Fields are public and named as in Python (`col_offset`, `decorator_list`); a field of type
//   `expr?` is a nullable pointer, `identifier?`/`string?` an empty view with null data
//   (isPresent), `T*` lists are Seq<T*>. Consumers may rewrite fields in place (e.g. constant
//   folding); new nodes for such rewrites come from the same Arena.
// * Sums (Mod, Stmt, Expr, Pattern) are tagged: `tag` says the concrete type, `as<T>()` downcasts,
//   visit() dispatches. Each concrete struct has `kKind`, `kPythonName`, and
//   `forEachField(fn)`, which calls fn("field_name", value) for every ASDL field in order.

// Generate the structs: F declares a member.
#define F(type, field) type field{};
#define PYL_AST_SUM_NODE(Base, Type, pythonName, fields)                    \
  struct Type : Base {                                                      \
    static constexpr decltype(Base::tag) kKind = decltype(Base::tag)::Type; \
    static constexpr const char* kPythonName = pythonName;                  \
    Type() { this->tag = kKind; }                                           \
    fields template <class Fn>                                              \
    void forEachField(Fn&& fn) const;                                       \
  };
#define PYL_AST_PRODUCT_NODE(Base, Type, pythonName, fields) \
  struct Type : Base {                                       \
    static constexpr const char* kPythonName = pythonName;   \
    fields template <class Fn>                               \
    void forEachField(Fn&& fn) const;                        \
  };
#define PYL_AST_MOD(Type, pythonName, fields) PYL_AST_SUM_NODE(Mod, Type, pythonName, fields)
#define PYL_AST_STMT(Type, pythonName, fields) PYL_AST_SUM_NODE(Stmt, Type, pythonName, fields)
#define PYL_AST_EXPR(Type, pythonName, fields) PYL_AST_SUM_NODE(Expr, Type, pythonName, fields)
#define PYL_AST_PATTERN(Type, pythonName, fields) \
  PYL_AST_SUM_NODE(Pattern, Type, pythonName, fields)
#define PYL_AST_LOCATED(Type, pythonName, fields) \
  PYL_AST_PRODUCT_NODE(Located, Type, pythonName, fields)
#define PYL_AST_PRODUCT(Type, pythonName, fields) \
  PYL_AST_PRODUCT_NODE(Product, Type, pythonName, fields)
#include "pylang/ast/ast_nodes.def"
#undef F

// Generate forEachField: F reports a field.
#define F(type, field) fn(#field, field);
#define PYL_AST_FIELDS(Type, pythonName, fields) \
  template <class Fn>                            \
  void Type::forEachField(Fn&& fn) const {       \
    (void)fn;                                    \
    fields                                       \
  }
#define PYL_AST_MOD PYL_AST_FIELDS
#define PYL_AST_STMT PYL_AST_FIELDS
#define PYL_AST_EXPR PYL_AST_FIELDS
#define PYL_AST_PATTERN PYL_AST_FIELDS
#define PYL_AST_LOCATED PYL_AST_FIELDS
#define PYL_AST_PRODUCT PYL_AST_FIELDS
#include "pylang/ast/ast_nodes.def"
#undef F
#undef PYL_AST_FIELDS
#undef PYL_AST_SUM_NODE
#undef PYL_AST_PRODUCT_NODE

// Python class name of a node's concrete type ("FunctionDef", "Expr" for ExprStmt).
const char* pythonName(ModKind kind);
const char* pythonName(StmtKind kind);
const char* pythonName(ExprKind kind);
const char* pythonName(PatternKind kind);

// visit(node, visitor): calls visitor(ConcreteType&) for the node's concrete type and returns
// what it returns. The visitor is usually a struct with one operator() per type it cares about
// plus a template catch-all; every overload must return the same type.
#define PYL_AST_VISIT_CASE(Type, pythonName, fields) \
  case Type::kKind:                                  \
    return visitor(static_cast<Type&>(node));
#define PYL_AST_VISIT_CONST_CASE(Type, pythonName, fields) \
  case Type::kKind:                                        \
    return visitor(static_cast<const Type&>(node));

template <class Visitor>
decltype(auto) visit(Mod& node, Visitor&& visitor) {
  switch (node.tag) {
#define PYL_AST_MOD PYL_AST_VISIT_CASE
#include "pylang/ast/ast_nodes.def"
  }
  __builtin_unreachable();
}
template <class Visitor>
decltype(auto) visit(Stmt& node, Visitor&& visitor) {
  switch (node.tag) {
#define PYL_AST_STMT PYL_AST_VISIT_CASE
#include "pylang/ast/ast_nodes.def"
  }
  __builtin_unreachable();
}
template <class Visitor>
decltype(auto) visit(Expr& node, Visitor&& visitor) {
  switch (node.tag) {
#define PYL_AST_EXPR PYL_AST_VISIT_CASE
#include "pylang/ast/ast_nodes.def"
  }
  __builtin_unreachable();
}
template <class Visitor>
decltype(auto) visit(Pattern& node, Visitor&& visitor) {
  switch (node.tag) {
#define PYL_AST_PATTERN PYL_AST_VISIT_CASE
#include "pylang/ast/ast_nodes.def"
  }
  __builtin_unreachable();
}
template <class Visitor>
decltype(auto) visit(const Mod& node, Visitor&& visitor) {
  switch (node.tag) {
#define PYL_AST_MOD PYL_AST_VISIT_CONST_CASE
#include "pylang/ast/ast_nodes.def"
  }
  __builtin_unreachable();
}
template <class Visitor>
decltype(auto) visit(const Stmt& node, Visitor&& visitor) {
  switch (node.tag) {
#define PYL_AST_STMT PYL_AST_VISIT_CONST_CASE
#include "pylang/ast/ast_nodes.def"
  }
  __builtin_unreachable();
}
template <class Visitor>
decltype(auto) visit(const Expr& node, Visitor&& visitor) {
  switch (node.tag) {
#define PYL_AST_EXPR PYL_AST_VISIT_CONST_CASE
#include "pylang/ast/ast_nodes.def"
  }
  __builtin_unreachable();
}
template <class Visitor>
decltype(auto) visit(const Pattern& node, Visitor&& visitor) {
  switch (node.tag) {
#define PYL_AST_PATTERN PYL_AST_VISIT_CONST_CASE
#include "pylang/ast/ast_nodes.def"
  }
  __builtin_unreachable();
}
#undef PYL_AST_VISIT_CASE
#undef PYL_AST_VISIT_CONST_CASE

// Builds a node in `arena` with its location set; the caller fills the fields.
template <class T>
T* makeNode(Arena& arena, const Location& loc) {
  T* node = arena.make<T>();
  node->loc = loc;
  return node;
}
template <class T>
T* makeNode(Arena& arena) {
  return arena.make<T>();
}

}  // namespace pyl::ast
