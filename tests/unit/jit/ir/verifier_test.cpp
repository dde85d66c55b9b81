// Tests of jit/ir/verifier.h: a well-formed loop passes, and each kind of error is caught with a
// message naming it.
#include "jit/ir/verifier.h"

#include <gtest/gtest.h>

#include "jit/ir/parser.h"
#include "tests/trace/opt/namespace_fixture.h"

namespace pyl::jit::ir {
namespace {

std::string verifyText(const char* text) {
  ParseResult r = parseTrace(text, testing::testNamespace().names);
  EXPECT_TRUE(r.ok()) << r.error;
  if (!r.ok()) return "parse error";
  return verifyTrace(*r.trace).value_or("");
}

TEST(Verifier, WellFormedLoopPasses) {
  EXPECT_EQ(verifyText("[i0, p1]\n"
                       "label(i0, p1, descr=loop)\n"
                       "i2 = int_add_ovf(i0, 1)\n"
                       "guard_no_overflow() [i0]\n"
                       "i3 = getfield_gc_i(p1, descr=valuedescr)\n"
                       "setfield_gc(p1, i2, descr=valuedescr)\n"
                       "i4 = call_i(ConstClass(func), i3, descr=plaincalldescr)\n"
                       "label(i2, p1, descr=preamble)\n"
                       "jump(i2, p1, descr=preamble)\n"),
            "");
}

struct Broken {
  const char* text;
  const char* error;
};

TEST(Verifier, CatchesEachKindOfError) {
  const Broken cases[] = {
      {"[i0]\ni1 = int_add(i0)\nfinish()\n", "expects 2 arguments"},
      {"[p0]\ni1 = int_add(p0, 1)\nfinish()\n", "argument 0 has the wrong type"},
      {"[p0]\ni1 = getfield_gc_i(p0)\nfinish()\n", "needs a descr"},
      {"[p0]\ni1 = getfield_gc_i(p0, descr=arraydescr)\nfinish()\n", "wrong kind"},
      {"[p0]\ni1 = getfield_gc_i(p0, descr=nextdescr)\nfinish()\n", "different type than the load"},
      {"[p0]\nsetfield_gc(p0, p0, descr=valuedescr)\nfinish()\n", "argument 1 has the wrong type"},
      {"[i0]\ni1 = int_add_ovf(i0, 1)\nfinish()\n", "must be followed by guard_no_overflow"},
      {"[i0]\nguard_no_overflow()\nfinish()\n", "without a preceding *_ovf"},
      {"[i0]\ni1 = int_add(i0, 1)\n", "must end in jump or finish"},
      {"[i0]\nfinish()\ni1 = int_add(i0, 1)\nfinish()\n", "must be the last op"},
      {"[i0]\nlabel(i0, descr=loop)\njump(i0, i0, descr=loop)\n",
       "jump has 2 arguments, its label 1"},
      {"[i0, p1]\nlabel(i0, p1, descr=loop)\njump(p1, i0, descr=loop)\n",
       "jump argument 0 has the wrong type"},
      {"[i0, i1]\nlabel(i0, descr=loop)\ni2 = int_add(i1, 1)\njump(i2, descr=loop)\n",
       "across a label"},
      {"[i0]\nlabel(i0, i0, descr=loop)\njump(i0, i0, descr=loop)\n", "must be distinct"},
      {"[i0]\nlabel(i0, 1, descr=loop)\njump(i0, 1, descr=loop)\n", "must not be constants"},
      {"[i0]\nguard_value(i0, i0)\nfinish()\n", "needs a constant"},
      {"[i0]\nguard_value(i0, NULL)\nfinish()\n", "different types"},
      {"[i0]\ni1 = call_i(ConstClass(func), i0, i0, descr=plaincalldescr)\nfinish()\n",
       "argument count"},
      {"[p0]\np1 = call_r(ConstClass(func), p0, descr=voidcalldescr)\nfinish()\n", "result type"},
      {"[]\np0 = new_with_vtable(descr=ssize)\nfinish()\n", "without vtable"},
      {"[]\njump(descr=other_loop)\n", "jump has 0 arguments, its label 1"},
      {"[p0, i1]\nguard_class(p0, i1)\nfinish()\n", "class operand must be a constant"},
      {"[i0]\ndebug_merge_point(i0, 1, 0)\nfinish()\n", "takes constants"},
      {"[i0]\ni1 = call_i(i0, i0, descr=plaincalldescr)\nfinish()\n",
       "function must be a constant"},
  };
  for (const Broken& b : cases) {
    std::string error = verifyText(b.text);
    EXPECT_NE(error.find(b.error), std::string::npos)
        << "got: '" << error << "'\nwanted: " << b.error << "\nfor:\n"
        << b.text;
  }
}

TEST(Verifier, GuardWithoutSnapshotAndUseBeforeDefinition) {
  Trace t;
  Value i0 = t.addInputArg(Type::Int);
  t.emit(Opcode::guard_true, {i0});  // no snapshot
  t.emit(Opcode::finish, {});
  EXPECT_NE(verifyTrace(t).value_or("").find("guard without a snapshot"), std::string::npos);

  Trace u;
  Value x = u.addInputArg(Type::Int);
  u.emit(Opcode::int_add, {x, Value::op(1)});  // refers to itself's successor
  u.emit(Opcode::int_add, {x, x});
  u.emit(Opcode::finish, {});
  EXPECT_NE(verifyTrace(u).value_or("").find("before its definition"), std::string::npos);

  Trace v;
  Value b = v.addInputArg(Type::Int);
  Snapshot s;
  s.frames.push_back(SnapshotFrame{0, 0, {Value::virtualRef(3)}});
  v.emitGuard(Opcode::guard_true, {b}, s);
  v.emit(Opcode::finish, {});
  EXPECT_NE(verifyTrace(v).value_or("").find("virtual that does not exist"), std::string::npos);

  Trace w;
  w.emit(Opcode::finish, {Value()});
  EXPECT_NE(verifyTrace(w).value_or("").find("missing value"), std::string::npos);
}

}  // namespace
}  // namespace pyl::jit::ir
