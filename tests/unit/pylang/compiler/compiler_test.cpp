// The bytecode compiler: code shapes the interpreter and JIT rely on, the CALL_METHOD option,
// code-object facts, line tables, errors and limits.
#include <string>

#include "pylang/bytecode/dis.h"
#include "tests/unit/pylang/compiler/test_support.h"

namespace pyl::compiler::testing {
namespace {

CompilerOptions withCallMethod() {
  CompilerOptions options;
  options.callMethod = true;
  return options;
}

TEST(Compiler, LookupMethodOnlyWithTheOption) {
  const char* source = "obj.meth(1, key=2)\nx = obj.attr\n";
  auto plain = compileOk(source);
  EXPECT_EQ(countOpcode(*plain, Opcode::LOOKUP_METHOD), 0);
  EXPECT_EQ(countOpcode(*plain, Opcode::CALL_METHOD), 0);
  EXPECT_EQ(countOpcode(*plain, Opcode::LOAD_ATTR), 2);
  auto method = compileOk(source, withCallMethod());
  EXPECT_EQ(countOpcode(*method, Opcode::LOOKUP_METHOD), 1);
  EXPECT_EQ(countOpcode(*method, Opcode::CALL_METHOD), 1);
  EXPECT_EQ(countOpcode(*method, Opcode::LOAD_ATTR), 1);  // the plain attribute load
  EXPECT_EQ(countOpcode(*method, Opcode::KW_NAMES), 1);
}

TEST(Compiler, MethodCallsValidateKeywords) {
  CompileResult r =
      compileSource("o.m(a=1, a=2)\n", "<test>", parser::Mode::Exec, withCallMethod());
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->message, "keyword argument repeated: a");
  EXPECT_EQ(r.error->offset, 10);
}

TEST(Compiler, StarCallsNeverUseCallMethod) {
  auto code = compileOk("obj.meth(*args)\nobj.meth(**kw)\n", withCallMethod());
  EXPECT_EQ(countOpcode(*code, Opcode::LOOKUP_METHOD), 0);
  EXPECT_EQ(countOpcode(*code, Opcode::CALL_FUNCTION_EX), 2);
}

TEST(Compiler, CallMethodArgumentCountsArguments) {
  auto code = compileOk("o.m(a, b, c=1)\n", withCallMethod());
  for (std::size_t i = 0; i < code->size(); ++i) {
    if (code->opcodeAt(i) == Opcode::CALL_METHOD) {
      EXPECT_EQ(code->argAt(i), 3u);
    }
  }
}

TEST(Compiler, EveryLoopClosesWithOneJumpBackward) {
  auto code = compileOk(
      "def f(n):\n    while n:\n        n -= 1\n    for i in range(3):\n        pass\n"
      "    return [x for x in range(n)]\n");
  const CodeObject* f = findCode(*code, "f");
  ASSERT_TRUE(f);
  int backward = 0;
  for (std::size_t i = 0; i < f->size(); ++i) backward += f->opcodeAt(i) == Opcode::JUMP_BACKWARD;
  EXPECT_EQ(backward, 2);
  const CodeObject* comprehension = findCode(*code, "<listcomp>");
  ASSERT_TRUE(comprehension);
  EXPECT_EQ(countOpcode(*comprehension, Opcode::JUMP_BACKWARD), 1);
  EXPECT_EQ(countOpcode(*comprehension, Opcode::FOR_ITER), 1);
}

TEST(Compiler, YieldFromUsesTheNoInterruptBackwardJump) {
  auto code = compileOk("def g(x):\n    yield from x\n");
  const CodeObject* g = findCode(*code, "g");
  ASSERT_TRUE(g);
  EXPECT_EQ(countOpcode(*g, Opcode::SEND), 1);
  EXPECT_EQ(countOpcode(*g, Opcode::JUMP_BACKWARD_NO_INTERRUPT), 1);
  EXPECT_EQ(countOpcode(*g, Opcode::JUMP_BACKWARD), 0);
}

TEST(Compiler, CodeFlagsAndArgumentCounts) {
  auto code = compileOk(
      "def gen(a, /, b, *c, d, **e):\n    yield\n"
      "async def co(): await x\n"
      "async def agen(): yield 1\n"
      "def outer():\n    v = 1\n    def inner(): return v\n    return inner\n");
  const CodeObject* gen = findCode(*code, "gen");
  ASSERT_TRUE(gen);
  EXPECT_TRUE(gen->flags & bytecode::CO_GENERATOR);
  EXPECT_TRUE(gen->flags & bytecode::CO_VARARGS);
  EXPECT_TRUE(gen->flags & bytecode::CO_VARKEYWORDS);
  EXPECT_EQ(gen->argCount, 2);
  EXPECT_EQ(gen->posOnlyArgCount, 1);
  EXPECT_EQ(gen->kwOnlyArgCount, 1);
  EXPECT_EQ((std::vector<std::string>{"a", "b", "d", "c", "e"}), gen->varnames);
  EXPECT_TRUE(findCode(*code, "co")->flags & bytecode::CO_COROUTINE);
  EXPECT_TRUE(findCode(*code, "agen")->flags & bytecode::CO_ASYNC_GENERATOR);
  EXPECT_EQ(countOpcode(*findCode(*code, "agen"), Opcode::ASYNC_GEN_WRAP), 1);
  const CodeObject* outer = findCode(*code, "outer");
  const CodeObject* inner = findCode(*code, "inner");
  EXPECT_EQ(outer->cellvars, std::vector<std::string>{"v"});
  EXPECT_EQ(inner->freevars, std::vector<std::string>{"v"});
  EXPECT_TRUE(inner->flags & bytecode::CO_NESTED);
  EXPECT_EQ(inner->qualname, "outer.<locals>.inner");
  EXPECT_EQ(countOpcode(*outer, Opcode::MAKE_CELL), 1);
  EXPECT_EQ(countOpcode(*inner, Opcode::COPY_FREE_VARS), 1);
}

TEST(Compiler, ArgumentCellsAreMappedToTheirArgument) {
  auto code = compileOk("def f(a, b):\n    return lambda: b\n");
  const CodeObject* f = findCode(*code, "f");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->cellvars, std::vector<std::string>{"b"});
  EXPECT_EQ(f->cell2arg, std::vector<int>{1});
}

TEST(Compiler, ClassBodyAndSuperCell) {
  auto code = compileOk("class C(B):\n    def m(self):\n        return super().m()\n");
  const CodeObject* body = findCode(*code, "C");
  ASSERT_TRUE(body);
  EXPECT_EQ(body->cellvars, std::vector<std::string>{"__class__"});
  EXPECT_NE(std::find(body->names.begin(), body->names.end(), "__classcell__"), body->names.end());
  EXPECT_EQ(findCode(*code, "m")->freevars, std::vector<std::string>{"__class__"});
  EXPECT_EQ(countOpcode(*code, Opcode::LOAD_BUILD_CLASS), 1);
}

TEST(Compiler, LineTableMapsInstructionsToLines) {
  auto code = compileOk("a = 1\n\nb = (2,\n     c)\n");
  bool sawLine3 = false;
  for (std::size_t i = 0; i < code->size(); ++i) {
    auto loc = code->locationAt(i);
    if (code->opcodeAt(i) == Opcode::STORE_NAME && code->names[code->argAt(i)] == "a") {
      EXPECT_EQ(loc.line, 1);
    }
    if (code->opcodeAt(i) == Opcode::LOAD_NAME && code->names[code->argAt(i)] == "c") {
      EXPECT_EQ(loc.line, 4);
      EXPECT_EQ(loc.col, 5);
      EXPECT_EQ(loc.endCol, 6);
    }
    if (code->opcodeAt(i) == Opcode::BUILD_TUPLE) {
      EXPECT_EQ(loc.line, 3);
      EXPECT_EQ(loc.endLine, 4);
      sawLine3 = true;
    }
  }
  EXPECT_TRUE(sawLine3);
}

TEST(Compiler, GeneratedCodeInheritsLineNumbers) {
  auto code = compileOk("def f():\n    x = 1\n");
  const CodeObject* f = findCode(*code, "f");
  ASSERT_TRUE(f);
  // The implicit `return None` belongs to the last line, as in CPython.
  EXPECT_EQ(f->opcodeAt(f->size() - 1), Opcode::RETURN_VALUE);
  EXPECT_EQ(f->locationAt(f->size() - 1).line, 2);
  auto handler = compileOk("try:\n    a()\nexcept E as e:\n    b()\n");
  // `e = None; del e` after the handler body runs on the body's line.
  for (std::size_t i = 0; i < handler->size(); ++i) {
    if (handler->opcodeAt(i) == Opcode::DELETE_NAME) {
      EXPECT_EQ(handler->locationAt(i).line, 4);
      break;
    }
  }
}

TEST(Compiler, ErrorsCarryCPythonPositions) {
  auto e = compileError("x = 1\nif x:\n    return 2\n");
  EXPECT_EQ(e.message, "'return' outside function");
  EXPECT_EQ(e.lineno, 3);
  EXPECT_EQ(e.offset, 5);
  EXPECT_EQ(e.text, "    return 2");
  // Offsets count characters, not UTF-8 bytes.
  auto u = compileError("def f():\n    \xc3\xa9 = 1; nonlocal \xc3\xa9\n");
  EXPECT_EQ(u.message, "name '\xc3\xa9' is assigned to before nonlocal declaration");
  EXPECT_EQ(u.offset, 12);
  EXPECT_EQ(compileError("for x in y:\n    class C:\n        break\n").message,
            "'break' outside loop");
}

TEST(Compiler, InteractiveModePrintsExpressions) {
  CompileResult r = compileSource("1 + x\n", "<stdin>", parser::Mode::Single, {});
  ASSERT_TRUE(r.code);
  EXPECT_EQ(countOpcode(*r.code, Opcode::PRINT_EXPR), 1);
  CompileResult eval = compileSource("a + 1", "<eval>", parser::Mode::Eval, {});
  ASSERT_TRUE(eval.code);
  EXPECT_EQ(eval.code->opcodeAt(eval.code->size() - 1), Opcode::RETURN_VALUE);
}

TEST(Compiler, DeepNestingIsRejectedOrCompiledNeverCrashes) {
  std::string deep;
  for (int i = 0; i < 60; ++i)
    deep += std::string(i * 1, ' ') + "def f" + std::to_string(i) + "():\n";
  deep += std::string(60, ' ') + "return 1\n";
  auto code = compileOk(deep);
  EXPECT_TRUE(findCode(*code, "f59"));
  std::string blocks;
  for (int i = 0; i < 25; ++i) blocks += std::string(i, ' ') + "for x in y:\n";
  blocks += std::string(25, ' ') + "pass\n";
  auto e = compileError(blocks);
  EXPECT_EQ(e.message, "too many statically nested blocks");
}

TEST(Compiler, FinallyBodiesAreDuplicatedPerExit) {
  auto code = compileOk("def f():\n    try:\n        return g()\n    finally:\n        h()\n");
  const CodeObject* f = findCode(*code, "f");
  // h() on the return path and on the exception path.
  int calls = 0;
  for (std::size_t i = 0; i < f->size(); ++i) {
    calls += f->opcodeAt(i) == Opcode::LOAD_GLOBAL && f->names[f->argAt(i)] == "h";
  }
  EXPECT_EQ(calls, 2);
  EXPECT_FALSE(f->exceptionTable.empty());
}

TEST(Compiler, FutureAnnotationsBecomeStrings) {
  auto code = compileOk(
      "from __future__ import annotations\nx: list[int] = []\n"
      "def f(a: 'q' | None, *, b: dict[str, int] = {}) -> lambda: 1: pass\n");
  bool found = false;
  for (const auto& c : code->consts)
    found = found || (c.kind() == bytecode::ConstantKind::kStr && c.text() == "list[int]");
  EXPECT_TRUE(found);
  EXPECT_TRUE(code->flags & bytecode::CO_FUTURE_ANNOTATIONS);
  ast::Arena arena;
  auto parsed = parser::parse("(a + b) * -c ** 2 if x else {**d, 'k': [*e]}", "<t>",
                              parser::Mode::Eval, arena);
  ASSERT_TRUE(parsed.mod);
  EXPECT_EQ(unparseAnnotation(*parsed.mod->as<ast::Expression>()->body),
            "(a + b) * -c ** 2 if x else {**d, 'k': [*e]}");
}

}  // namespace
}  // namespace pyl::compiler::testing
