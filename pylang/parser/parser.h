// Entry point of pylang's front end: source bytes in, an AST (pylang/ast/ast.h) or a SyntaxError
// out. Decodes the source (UTF-8 or a PEP 263 `coding:` declaration), tokenizes
// (pylang/parser/tokenizer.h) and parses with a hand-written recursive-descent parser for the
// Python 3.11 grammar. Never crashes, hangs or recurses without bound on any input.
#pragma once

#include <optional>
#include <string_view>

#include "pylang/ast/ast.h"
#include "pylang/parser/syntax_error.h"

namespace pyl::parser {

// What the source is, as in CPython's compile(mode=...): a module ("exec" -> ast::Module),
// one expression ("eval" -> ast::Expression), an interactive statement ("single" ->
// ast::Interactive), or a function type comment ("func_type" -> ast::FunctionType).
enum class Mode { Exec, Eval, Single, FuncType };

struct ParseResult {
  ast::Mod* mod = nullptr;  // null exactly when `error` is set
  std::optional<SyntaxError> error;
};

// Parses `source` (the file's raw bytes; a `str` passed to compile() is given as UTF-8 with
// `sourceIsText` so a coding declaration is ignored, as CPython does). The tree lives in `arena`.
ParseResult parse(std::string_view source, std::string_view filename, Mode mode, ast::Arena& arena,
                  bool sourceIsText = false);

}  // namespace pyl::parser
