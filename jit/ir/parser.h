// jit/ir/parser.h — text -> trace, the inverse of jit/ir/printer.h (same format).
//
//   Namespace ns{&pool, {{"node_vtable", 0x1000}}, {}, {{"loop", 1}}};
//   ParseResult r = parseTrace("[i0]\nlabel(i0, descr=loop)\n...", ns);
//   if (!r.ok()) report(r.error);            // "line 3: unknown variable i7"
//
// Variable names are free-form (i0, i_sum, p17): their first letter gives the input arg's type
// (i/p/f) and must match an op's result type. Descriptors are looked up by name in ns.descrs;
// ConstClass/ConstPtr names and snapshot code names in the namespace maps, or written in hex.
// `#` starts a comment. A guard without `[...]` gets an empty snapshot (tests only). Bad input
// is reported as a value with the line number, never by crashing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "jit/ir/printer.h"
#include "jit/ir/trace.h"

namespace pyl::jit::ir {

struct ParseResult {
  std::optional<Trace> trace;
  std::string error;  // empty when trace is set
  bool ok() const { return trace.has_value(); }
};

ParseResult parseTrace(std::string_view text, const Namespace& names);

}  // namespace pyl::jit::ir
