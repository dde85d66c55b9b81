// pylang/compiler/compiler.h — the bytecode compiler's entry points: AST (or source) in, a tree
// of code objects (pylang/bytecode/code.h) or a SyntaxError out.
//
// The front-end library is shared by every variant, so nothing here reads the translation
// options header: the one option that changes code generation (--objspace-opcodes-CALL_METHOD)
// arrives at run time in CompilerOptions; pylang/main.cpp passes pyl::config::kWithCallMethod.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "pylang/ast/ast.h"
#include "pylang/bytecode/code.h"
#include "pylang/parser/parser.h"
#include "pylang/parser/syntax_error.h"

namespace pyl::compiler {

struct CompilerOptions {
  // Emit LOOKUP_METHOD/CALL_METHOD for `obj.meth(args)` (PyPy's CALL_METHOD option).
  bool callMethod = false;
  // CPython's -O level: 1 drops assert statements and makes __debug__ False, 2 also drops
  // docstrings.
  int optimize = 0;
  // Interactive mode (compile(..., "single")): expression statements print their value.
  bool interactive = false;
};

struct CompileResult {
  std::shared_ptr<const bytecode::CodeObject> code;  // null exactly when error is set
  std::optional<parser::SyntaxError> error;
};

// Compiles a parsed module. The AST is constant-folded in place (new nodes come from `arena`).
// `source` is the file's text, used for the line text and character offsets of errors.
CompileResult compileModule(ast::Mod& mod, ast::Arena& arena, std::string_view filename,
                            std::string_view source, const CompilerOptions& options);

// Parses and compiles `source` in one step.
CompileResult compileSource(std::string_view source, std::string_view filename, parser::Mode mode,
                            const CompilerOptions& options);

// The co_flags bits of the module's `from __future__ import` statements (0 when there are
// none or they are invalid; compileModule reports the errors).
std::uint32_t futureFeatures(const ast::Mod& mod);

// The SyntaxError of an invalid `from __future__ import` (unknown feature, braces, a future
// import after the first statements on one line), as CPython's symtable module reports it.
std::optional<parser::SyntaxError> futureImportError(const ast::Mod& mod, std::string_view filename,
                                                     std::string_view source);

// Folds constant subexpressions of `mod` in place, like CPython's Python/ast_opt.c.
void foldConstants(ast::Mod& mod, ast::Arena& arena, int optimize);

// Renders an annotation expression as source text, as CPython does for
// `from __future__ import annotations` (Python/ast_unparse.c).
std::string unparseAnnotation(const ast::Expr& expr);

}  // namespace pyl::compiler
