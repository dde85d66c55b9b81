// jit/ir/verifier.h — checks a trace's structural invariants (jit/ir/trace.h):
//   * SSA: every argument is defined before use; after a label only that label's args, values
//     defined after it and constants may be used (PyPy's rule); label args are distinct
//     non-constants;
//   * arity, argument types and result types match ops.def and the descriptors;
//   * descriptors of the right kind where ops.def says kDescr; field/array value types match;
//   * every guard has a snapshot whose values are in scope and whose virtual refs resolve;
//   * *_ovf ops are followed by guard_no_overflow/guard_overflow (and only they precede one);
//   * the trace ends in jump or finish, and a jump matches its label's arity and types.
// The optimizer runs it after every pass in debug builds (and the tests always do).
#pragma once

#include <optional>
#include <string>

#include "jit/ir/trace.h"

namespace pyl::jit::ir {

// nullopt when the trace is well formed, else "op 7 (int_add): ..." for the first problem.
std::optional<std::string> verifyTrace(const Trace& trace);

}  // namespace pyl::jit::ir
