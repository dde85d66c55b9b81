// Printing an AST exactly as CPython 3.11's `ast.dump(tree)` does (annotate_fields=True,
// include_attributes=False, one line): the output of `pylang --ast`, compared with CPython's by
// tests/frontend/. Also the Python repr() of constants it needs (str, bytes, float, complex).
#pragma once

#include <string>

#include "pylang/ast/ast.h"

namespace pyl::ast {

// `includeAttributes` adds lineno, col_offset, end_lineno, end_col_offset to the nodes that
// have them, as ast.dump(tree, include_attributes=True) does.
std::string dump(const Mod& tree, bool includeAttributes = false);
std::string dump(const Expr& node, bool includeAttributes = false);
std::string dump(const Stmt& node, bool includeAttributes = false);

// repr() of a constant as Python prints it: 'text', b'bytes', 1.5, 1e+16, 2j, Ellipsis.
std::string reprConstant(const ConstantValue& value);
std::string reprFloat(double value, bool addDotZero = true);

}  // namespace pyl::ast
