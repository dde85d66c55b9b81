// Tests of jit/ir/printer.h and jit/ir/parser.h: round trips (print(parse(text)) == text for
// canonical text, parse(print(t)) prints the same), every constant and snapshot form, and
// parse errors reported as values with line numbers.
#include <gtest/gtest.h>

#include "jit/ir/parser.h"
#include "jit/ir/printer.h"
#include "jit/ir/trace_compare.h"
#include "jit/ir/verifier.h"
#include "tests/trace/opt/namespace_fixture.h"

namespace pyl::jit::ir {
namespace {

using testing::testNamespace;

std::string roundTrip(const std::string& text) {
  ParseResult r = parseTrace(text, testNamespace().names);
  EXPECT_TRUE(r.ok()) << r.error;
  if (!r.ok()) return "";
  PrintOptions options{&testNamespace().names};
  std::string printed = printTrace(*r.trace, options);
  ParseResult again = parseTrace(printed, testNamespace().names);
  EXPECT_TRUE(again.ok()) << again.error;
  if (again.ok()) {
    EXPECT_EQ(printTrace(*again.trace, options), printed);
    EXPECT_EQ(compareTraces(*again.trace, *r.trace), std::nullopt);
  }
  return printed;
}

TEST(TextForm, CanonicalTextRoundTripsExactly) {
  const std::string text =
      "[i0, p1, f2]\n"
      "label(i0, p1, f2, descr=loop)\n"
      "i3 = int_add(i0, 1)\n"
      "i4 = int_lt(i3, -100)\n"
      "guard_true(i4) [code@4: i0, p1; code2@7: i3, NULL]\n"
      "f5 = float_add(f2, 2.5)\n"
      "i6 = getfield_gc_i(p1, descr=valuedescr)\n"
      "setfield_gc(p1, i6, descr=otherdescr)\n"
      "guard_class(p1, ConstClass(node_vtable)) [i0, v0] {v0 = new_with_vtable(descr=nodesize, "
      "valuedescr=i3, nextdescr=v1), "
      "v1 = new_array(descr=arraydescr, 1, i6), setfield_gc(p1, i3, descr=valuedescr), "
      "setarrayitem_gc(p1, 2, i6, descr=arraydescr)}\n"
      "i7 = call_i(ConstClass(func), i3, descr=plaincalldescr)\n"
      "guard_no_exception() []\n"
      "p8 = getfield_gc_r(ConstPtr(myptr), descr=nextdescr)\n"
      "jump(i7, p8, f5, descr=loop)\n";
  EXPECT_EQ(roundTrip(text), text);
}

TEST(TextForm, FreeFormNamesAndCommentsAreCanonicalised) {
  std::string printed = roundTrip(
      "# a comment line\n"
      "[i_n, p_obj]\n"
      "i_sum = int_mul(i_n, 3)   # trailing comment\n"
      "guard_nonnull(p_obj)\n"
      "finish(i_sum, descr=finishdescr)\n");
  EXPECT_EQ(printed,
            "[i0, p1]\n"
            "i2 = int_mul(i0, 3)\n"
            "guard_nonnull(p1) []\n"
            "finish(i2, descr=finishdescr)\n");
}

// Descriptor names in C++ spelling (what the recorder's descriptors are called) parse back, so
// a trace copied out of a JIT log can become a test.
TEST(TextForm, CppSpelledDescriptorNamesRoundTrip) {
  DescrPool pool;
  FieldDescr& value = pool.addField("IntBox::value");
  SizeDescr& size = pool.addSize("IntBox");
  size.vtable = 0x40;
  ArrayDescr& array = pool.addArray("WordArray<ref>");
  array.itemType = Type::Ref;
  (void)value;
  Namespace names;
  names.descrs = &pool;
  const std::string text =
      "[p0, i1]\n"
      "setfield_gc(p0, i1, descr=IntBox::value)\n"
      "p2 = getarrayitem_gc_r(p0, 0, descr=WordArray<ref>)\n"
      "guard_nonnull(p2) [0x10@3: p0, v0] {v0 = new_with_vtable(descr=IntBox, IntBox::value=i1)}\n"
      "finish()\n";
  ParseResult r = parseTrace(text, names);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(printTrace(*r.trace), text);
}

TEST(TextForm, FloatsKeepTheirType) {
  std::string printed = roundTrip(
      "[f0]\nf1 = float_mul(f0, 2.0)\nf2 = float_add(f1, 1e300)\nf3 = float_sub(f2, "
      "-inf)\nfinish(f3)\n");
  EXPECT_NE(printed.find("2.0"), std::string::npos);
  EXPECT_NE(printed.find("1.0000000000000001e+300"), std::string::npos);
  EXPECT_NE(printed.find("-inf"), std::string::npos);
}

TEST(TextForm, UnnamedConstantsPrintInHex) {
  Trace t;
  Value p = t.addInputArg(Type::Ref);
  Value c = t.emit(Opcode::ptr_eq, {p, t.constOfType(Type::Ref, 0x1234)});
  t.emit(Opcode::finish, {c});
  std::string printed = printTrace(t);
  EXPECT_EQ(printed, "[p0]\ni1 = ptr_eq(p0, ConstPtr(0x1234))\nfinish(i1)\n");
  ParseResult r = parseTrace(printed, testNamespace().names);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(printTrace(*r.trace), printed);
}

TEST(TextForm, LocationPrinterHookNamesMergePoints) {
  Trace t;
  t.emit(Opcode::debug_merge_point, {t.constInt(0x100), t.constInt(12), t.constInt(0)});
  t.emit(Opcode::finish, {});
  setLocationPrinter([](std::uint64_t code, std::uint32_t pc) {
    return "code" + std::to_string(code) + ":" + std::to_string(pc);
  });
  std::string printed = printTrace(t);
  setLocationPrinter(nullptr);
  EXPECT_NE(printed.find("# code256:12"), std::string::npos) << printed;
}

struct BadInput {
  const char* text;
  const char* error;
};

TEST(TextForm, ErrorsAreValuesWithLineNumbers) {
  const BadInput cases[] = {
      {"", "empty trace"},
      {"[i0]\ni1 = int_frob(i0)\n", "line 2: unknown operation 'int_frob'"},
      {"[i0]\ni1 = int_add(i0, i9)\n", "line 2: unknown variable 'i9'"},
      {"[i0]\np1 = int_add(i0, 1)\n", "line 2: result 'p1' has the wrong type letter"},
      {"[i0]\ni1 = int_add(i0, 1)\ni1 = int_add(i0, 1)\n", "line 3: variable 'i1' defined twice"},
      {"[i0]\np1 = getfield_gc_r(i0, descr=nosuch)\n", "unknown descr 'nosuch'"},
      {"[x0]\n", "must start with i, p or f"},
      {"[i0]\nguard_true(i0) [nowhere@3: i0]\n", "unknown code 'nowhere'"},
      {"[i0]\ni1 = int_add(i0, 1\n", "expected ')'"},
      {"[i0]\nint_add(i0, 1)\n", "needs a result name"},
      {"[i0]\ni1 = int_add(i0, 1) extra\n", "unexpected text"},
      {"[p0]\nguard_class(p0, ConstClass(nosuch))\n", "unknown class constant"},
  };
  for (const BadInput& bad : cases) {
    ParseResult r = parseTrace(bad.text, testNamespace().names);
    EXPECT_FALSE(r.ok()) << bad.text;
    EXPECT_NE(r.error.find(bad.error), std::string::npos)
        << "got: " << r.error << "\nwanted: " << bad.error;
  }
}

TEST(TraceCompare, EqualUpToRenamingAndSnapshotsOnlyWhenStated) {
  Trace a =
      testing::parseOrFail("[i0]\ni1 = int_add(i0, 1)\nguard_true(i1) [code@1: i0]\nfinish(i1)\n");
  Trace b = testing::parseOrFail("[i5]\ni7 = int_add(i5, 1)\nguard_true(i7)\nfinish(i7)\n");
  Trace c =
      testing::parseOrFail("[i5]\ni7 = int_add(i5, 1)\nguard_true(i7) [code@1: i7]\nfinish(i7)\n");
  Trace d = testing::parseOrFail("[i5]\ni7 = int_add(i5, 2)\nguard_true(i7)\nfinish(i7)\n");
  EXPECT_EQ(compareTraces(a, b), std::nullopt);
  EXPECT_NE(compareTraces(a, c), std::nullopt);
  EXPECT_NE(compareTraces(a, d), std::nullopt);
}

}  // namespace
}  // namespace pyl::jit::ir
