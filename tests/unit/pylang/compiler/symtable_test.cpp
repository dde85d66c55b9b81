// Symbol tables through their C++ API (the data-driven tests compare whole tables with
// CPython's symtable module; these pin the API the compiler uses).
#include <gtest/gtest.h>

#include "pylang/parser/parser.h"
#include "pylang/symtable/symtable.h"

namespace pyl::symtable {
namespace {

struct Built {
  ast::Arena arena;
  SymbolTableResult result;
};

std::unique_ptr<Built> build(const std::string& source) {
  auto b = std::make_unique<Built>();
  auto parsed = parser::parse(source, "<t>", parser::Mode::Exec, b->arena);
  EXPECT_TRUE(parsed.mod) << source;
  if (parsed.mod) b->result = buildSymbolTable(*parsed.mod, "<t>", source, 0);
  return b;
}

TEST(Symtable, ClassifiesNames) {
  auto b = build(
      "g = 1\ndef f(a):\n    global h\n    x = a\n    def inner():\n        return x + g + h\n"
      "    return inner\n");
  ASSERT_TRUE(b->result.table);
  const Block& top = b->result.table->top();
  EXPECT_EQ(top.type(), BlockType::kModule);
  ASSERT_EQ(top.children().size(), 1u);
  const Block& f = *top.children()[0];
  EXPECT_EQ(f.scope("a"), Scope::kLocal);
  EXPECT_EQ(f.scope("x"), Scope::kCell);
  EXPECT_EQ(f.scope("h"), Scope::kGlobalExplicit);
  EXPECT_TRUE(f.flags("a") & DEF_PARAM);
  const Block& inner = *f.children()[0];
  EXPECT_EQ(inner.scope("x"), Scope::kFree);
  EXPECT_EQ(inner.scope("g"), Scope::kGlobalImplicit);
  EXPECT_EQ(inner.scope("h"), Scope::kGlobalImplicit);
  EXPECT_TRUE(inner.nested);
  EXPECT_TRUE(f.childFree);
  EXPECT_EQ(f.varnames(), std::vector<std::string>{"a"});
}

TEST(Symtable, ComprehensionsAreFunctionScopes) {
  auto b = build("def f(xs):\n    return [x for x in xs]\n");
  ASSERT_TRUE(b->result.table);
  const Block& comp = *b->result.table->top().children()[0]->children()[0];
  EXPECT_EQ(comp.name(), "listcomp");
  EXPECT_EQ(comp.comprehension, ComprehensionType::kList);
  EXPECT_EQ(comp.varnames(), std::vector<std::string>{".0"});
  EXPECT_EQ(comp.scope("x"), Scope::kLocal);
  EXPECT_TRUE(comp.flags("x") & DEF_COMP_ITER);
  // The outermost iterable is evaluated in f.
  EXPECT_TRUE(b->result.table->top().children()[0]->flags("xs") & USE);
}

TEST(Symtable, ClassNeedsClosureForSuper) {
  auto b = build("class C:\n    def m(self):\n        return super()\n");
  ASSERT_TRUE(b->result.table);
  const Block& c = *b->result.table->top().children()[0];
  EXPECT_TRUE(c.needsClassClosure);
  EXPECT_EQ(c.children()[0]->scope("__class__"), Scope::kFree);
}

TEST(Symtable, Mangling) {
  EXPECT_EQ(mangle("C", "__x"), "_C__x");
  EXPECT_EQ(mangle("_C", "__x"), "_C__x");
  EXPECT_EQ(mangle("__", "__x"), "__x");
  EXPECT_EQ(mangle("C", "__x__"), "__x__");
  EXPECT_EQ(mangle("C", "_x"), "_x");
  EXPECT_EQ(mangle("C", "__a.b"), "__a.b");
  EXPECT_EQ(mangle("", "__x"), "__x");
}

TEST(Symtable, ErrorsHaveLocations) {
  auto b = build("def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x\n");
  ASSERT_TRUE(b->result.error);
  EXPECT_EQ(b->result.error->message, "name 'x' is nonlocal and global");
  EXPECT_EQ(b->result.error->lineno, 4);
  EXPECT_EQ(b->result.error->offset, 9);
}

TEST(Symtable, DumpFormat) {
  auto b = build("def f(a):\n    return a\n");
  ASSERT_TRUE(b->result.table);
  EXPECT_EQ(dumpSymbolTable(*b->result.table),
            "module top 0\n  f 2 1\n  function f 1\n    a 20 1\n");
}

}  // namespace
}  // namespace pyl::symtable
