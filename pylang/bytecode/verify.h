// pylang/bytecode/verify.h — a bytecode verifier: checks that a code object keeps the
// invariants of code.h and DESIGN(bytecode) (jump targets in range, only JUMP_BACKWARD*
// jumping back, arguments inside their tables, a sorted and disjoint exception table, no stack
// underflow, consistent depths at every join including exception edges, co_stacksize never
// exceeded, no unreachable instruction). The compiler's tests run it over everything compiled;
// the interpreter can run it on code objects it did not compile itself.
#pragma once

#include <string>

#include "pylang/bytecode/code.h"

namespace pyl::bytecode {

// "" when `code` (not its nested code objects) is well formed, else the first problem found.
std::string verifyCode(const CodeObject& code);

// verifyCode() over `code` and every nested code object; problems are prefixed by qualname.
std::string verifyCodeTree(const CodeObject& code);

}  // namespace pyl::bytecode
