// pylang/compiler/future.cpp — `from __future__ import ...` (CPython's Python/future.c): which
// features a module turns on (co_flags bits every code object of the module carries) and the
// SyntaxErrors for unknown features and misplaced future imports.
#include "pylang/compiler/compiler_impl.h"

namespace pyl::compiler {

namespace {

struct FutureFeature {
  std::string_view name;
  std::uint32_t flag;  // 0: mandatory since long ago, no flag
};

constexpr FutureFeature kFutureFeatures[] = {
    {"nested_scopes", 0},           {"generators", 0},
    {"division", 0x20000},          {"absolute_import", 0x40000},
    {"with_statement", 0x80000},    {"print_function", 0x100000},
    {"unicode_literals", 0x200000}, {"barry_as_FLUFL", 0x400000},
    {"generator_stop", 0x800000},   {"annotations", bytecode::CO_FUTURE_ANNOTATIONS},
};

std::uint32_t checkFeatures(const ast::ImportFrom& s) {
  std::uint32_t flags = 0;
  for (const ast::Alias* alias : s.names) {
    if (alias->name == "braces") throw CompileError{"not a chance", s.loc};
    bool known = false;
    for (const auto& feature : kFutureFeatures) {
      if (feature.name == alias->name) {
        flags |= feature.flag;
        known = true;
      }
    }
    if (!known) {
      throw CompileError{"future feature " + std::string(alias->name) + " is not defined", s.loc};
    }
  }
  return flags;
}

}  // namespace

std::uint32_t parseFutureFeatures(const ast::Mod& mod, int& lastLine) {
  const ast::StmtSeq* body = nullptr;
  if (auto* m = mod.as<ast::Module>()) body = &m->body;
  if (auto* i = mod.as<ast::Interactive>()) body = &i->body;
  lastLine = 0;
  if (!body) return 0;
  std::uint32_t flags = 0;
  bool done = false;
  int prevLine = 0;
  std::size_t start = 0;
  // Only a docstring (the first statement, a str constant) may precede future imports.
  if (!body->empty()) {
    if (auto* e = (*body)[0]->as<ast::ExprStmt>()) {
      auto* c = e->value->as<ast::Constant>();
      if (c && c->value.kind == ast::ConstantKind::Str) start = 1;
    }
  }
  for (std::size_t i = start; i < body->size(); ++i) {
    const ast::Stmt* s = (*body)[i];
    if (done && s->loc.lineno > prevLine) break;
    prevLine = s->loc.lineno;
    auto* from = s->as<ast::ImportFrom>();
    if (from && ast::isPresent(from->module) && from->module == "__future__") {
      if (done) {
        // CPython reports this one (a late future import on the line of an earlier one)
        // with the 0-based column as the offset.
        ast::Location loc = s->loc;
        loc.col_offset -= 1;
        throw CompileError{"from __future__ imports must occur at the beginning of the file", loc};
      }
      flags |= checkFeatures(*from);
      lastLine = s->loc.lineno;
    } else {
      done = true;
    }
  }
  return flags;
}

std::uint32_t futureFeatures(const ast::Mod& mod) {
  int lastLine = 0;
  try {
    return parseFutureFeatures(mod, lastLine);
  } catch (const CompileError&) {
    return 0;
  }
}

std::optional<parser::SyntaxError> futureImportError(const ast::Mod& mod, std::string_view filename,
                                                     std::string_view source) {
  int lastLine = 0;
  try {
    parseFutureFeatures(mod, lastLine);
  } catch (const CompileError& e) {
    return symtable::makeSyntaxError(e.message, filename, source, e.loc);
  }
  return std::nullopt;
}

}  // namespace pyl::compiler
