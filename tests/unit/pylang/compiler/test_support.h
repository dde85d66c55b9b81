// tests/unit/pylang/compiler/test_support.h — helpers shared by the compiler unit tests:
// compile a source string, walk every code object, count opcodes.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "pylang/bytecode/code.h"
#include "pylang/compiler/compiler.h"

namespace pyl::compiler::testing {

using bytecode::CodeObject;
using bytecode::Opcode;

inline std::shared_ptr<const CodeObject> compileOk(const std::string& source,
                                                   CompilerOptions options = {}) {
  CompileResult result = compileSource(source, "<test>", parser::Mode::Exec, options);
  EXPECT_FALSE(result.error.has_value()) << (result.error ? result.error->message : "") << " in:\n"
                                         << source;
  return result.code;
}

inline parser::SyntaxError compileError(const std::string& source) {
  CompileResult result = compileSource(source, "<test>", parser::Mode::Exec, {});
  EXPECT_TRUE(result.error.has_value()) << "compiled unexpectedly:\n" << source;
  return result.error.value_or(parser::SyntaxError{});
}

inline void forEachCode(const CodeObject& code, const std::function<void(const CodeObject&)>& fn) {
  fn(code);
  for (const auto& nested : code.nestedCode()) forEachCode(*nested, fn);
}

inline int countOpcode(const CodeObject& root, Opcode op) {
  int n = 0;
  forEachCode(root, [&](const CodeObject& code) {
    for (std::size_t i = 0; i < code.size(); ++i) n += code.opcodeAt(i) == op;
  });
  return n;
}

// The first nested code object named `name` (depth-first), or null.
inline const CodeObject* findCode(const CodeObject& root, const std::string& name) {
  const CodeObject* found = nullptr;
  forEachCode(root, [&](const CodeObject& code) {
    if (!found && code.name == name) found = &code;
  });
  return found;
}

}  // namespace pyl::compiler::testing
