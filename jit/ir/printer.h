// jit/ir/printer.h — the textual form of a trace (PyPy's test_optimizebasic style):
//
//   [i0, p1]
//   label(i0, p1, descr=loop)
//   i2 = int_add(i0, 1)
//   guard_true(i2) [code@4: i0, v0] {v0 = new_with_vtable(descr=nodesize, valuedescr=i2)}
//   jump(i2, p1, descr=loop)
//
// Values are named by type letter (i/p/f) and a running number; constants print as 5, 2.5, NULL,
// ConstPtr(name) and ConstClass(name) (names from the Namespace, else hex). A guard's snapshot
// is `[frames]`, frames separated by ';', each `code@pc:` (omitted when both are 0) followed by
// its slots; virtual objects and pending stores follow in `{...}`. jit/ir/parser.h reads exactly
// this form back (printTrace(parse(printTrace(t))) == printTrace(t)).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "jit/ir/descr.h"
#include "jit/ir/trace.h"

namespace pyl::jit::ir {

// Names a test or a log uses for constants and code identities (the parser resolves them; the
// printer uses them backwards). Descriptors are named by their own `name`.
struct Namespace {
  const DescrPool* descrs = nullptr;
  std::map<std::string, std::uint64_t> classes;  // ConstClass(name): an int constant
  std::map<std::string, const void*> pointers;   // ConstPtr(name): a ref constant
  std::map<std::string, std::uint64_t> codes;    // name@pc: in snapshot frames
};

// DESIGN(location-printer): interpreters register one hook that names a code identity and pc
// for logs ("loop.py:12 FOR_ITER"); the printer calls it for snapshot frames and
// debug_merge_point ops when the namespace does not know the code. nullptr: hex.
using LocationPrinter = std::string (*)(std::uint64_t code, std::uint32_t pc);
void setLocationPrinter(LocationPrinter printer);
LocationPrinter locationPrinter();

struct PrintOptions {
  const Namespace* names = nullptr;
  bool snapshots = true;  // print guards' `[...]` and `{...}`
};

std::string printTrace(const Trace& trace, const PrintOptions& options = {});
// One op as it appears in printTrace (value names as printTrace numbers them).
std::string printOp(const Trace& trace, std::size_t opIndex, const PrintOptions& options = {});

}  // namespace pyl::jit::ir
