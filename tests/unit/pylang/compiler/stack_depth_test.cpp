// An independent check of what the assembler promises (DESIGN(bytecode), DESIGN(exception-
// table)): over a corpus of programs using every construct, each code object's jumps stay in
// range and only JUMP_BACKWARD* go backwards, handlers are sorted and disjoint, the stack never
// underflows, depths agree at joins (including exception edges), and co_stacksize bounds it.
#include <map>
#include <vector>

#include "pylang/bytecode/verify.h"
#include "tests/unit/pylang/compiler/test_support.h"

namespace pyl::compiler::testing {
namespace {

using bytecode::ArgKind;

const char* const kCorpus[] = {
    "def f(a, b=1, *c, d, e=2, **f):\n    return a + b\n",
    "for i in range(10):\n    if i % 2:\n        continue\n    elif i > 7:\n        break\nelse:\n "
    "   pass\n",
    "while x:\n    x -= 1\n    if x == 3: break\nelse:\n    y = 1\n",
    "try:\n    a()\nexcept (ValueError, TypeError) as e:\n    b(e)\nexcept KeyError:\n    "
    "pass\nelse:\n    c()\n"
    "finally:\n    d()\n",
    "def g():\n    for x in y:\n        try:\n            return x\n        finally:\n            "
    "print(x)\n",
    "def g():\n    with open(p) as f, lock:\n        for line in f:\n            if line: return "
    "line\n",
    "async def h():\n    async with a as b:\n        await b\n    async for x in b:\n        yield "
    "x\n"
    "    return\n",
    "async def h():\n    return [x async for x in aiter() if await x] + [await y for y in z]\n",
    "def gen():\n    x = yield 1\n    y = yield from x\n    return y\n",
    "try:\n    f()\nexcept* ValueError as eg:\n    g(eg)\nexcept* TypeError:\n    pass\n",
    "match cmd:\n    case [\"go\", direction] if direction:\n        go(direction)\n"
    "    case {\"x\": x, \"y\": y, **rest}:\n        pass\n    case Point(x=0, y=0) | Point(x=1, "
    "y=1):\n        pass\n"
    "    case [1, *others, 2] | (3 as others):\n        pass\n    case str() | bytes():\n        "
    "pass\n"
    "    case None:\n        pass\n    case _:\n        pass\n",
    "x = [i * j for i in a for j in b if i if j]\ny = {k: v for k, v in d.items()}\nz = {s for s "
    "in t}\n"
    "w = (q for q in r)\n",
    "a, *b, c = d\n[e, f] = g, h = i\nx.y += 1\nx[y] //= 2\nx[1:2] = z\ndel x[0], y.z, w\n",
    "print(*args, sep='', **kw)\nf(a, *b, c=1, **d, e=2)\nf(**a, **b)\n",
    "s = f'{a!r:>{width}} {b=} {c:{d}.{e}}'\n",
    "class C(B, metaclass=M):\n    x: int = 1\n    def m(self):\n        return super().m() + "
    "__class__.x\n"
    "    @property\n    def p(self): return self._p\n",
    "def outer():\n    v = 1\n    def inner():\n        nonlocal v\n        v += 1\n        return "
    "lambda: v\n    return inner\n",
    "import a.b.c as d\nfrom . import e\nfrom ..f import (g as h, i)\nfrom j import *\n",
    "assert x, 'message'\nraise ValueError('x') from None\n",
    "x = a if b else c if d else e\ny = a and b or c and not d\nz = 1 < a <= 3 != b\n",
    "if (n := len(a)) > 10 and a is not None or b in c:\n    pass\n",
    "def f():\n    try:\n        pass\n    except E as e:\n        try:\n            raise\n       "
    " finally:\n            return 1\n",
    "with a:\n    with b:\n        pass\n",
    "def f():\n    while True:\n        try:\n            break\n        except:\n            "
    "continue\n",
};

struct Verifier {
  const CodeObject& code;
  std::vector<int> depth;

  void reach(std::size_t target, int d, std::vector<std::size_t>& work) {
    ASSERT_LT(target, code.size()) << code.qualname;
    if (depth[target] == -1) {
      depth[target] = d;
      work.push_back(target);
    } else {
      EXPECT_EQ(depth[target], d) << code.qualname << " inconsistent depth at " << target;
    }
  }

  void run() {
    depth.assign(code.size(), -1);
    std::vector<std::size_t> work;
    if (code.size() == 0) return;
    reach(0, 0, work);
    while (!work.empty()) {
      std::size_t i = work.back();
      work.pop_back();
      Opcode op = code.opcodeAt(i);
      int arg = static_cast<int>(code.argAt(i));
      int d = depth[i];
      ASSERT_FALSE(bytecode::hasFlag(op, bytecode::kPseudo)) << code.qualname;
      ASSERT_GE(d, bytecode::stackPops(op, arg)) << code.qualname << " underflow at " << i;
      ASSERT_LE(d, code.maxStackDepth) << code.qualname;
      if (auto handler = code.handlerAt(i)) {
        EXPECT_LE(static_cast<int>(handler->depth), d) << code.qualname << " at " << i;
        reach(handler->target, static_cast<int>(handler->depth) + (handler->lasti ? 2 : 1), work);
      }
      if (bytecode::hasFlag(op, bytecode::kJumps)) {
        std::size_t target = code.argAt(i);
        if (op == Opcode::JUMP_BACKWARD || op == Opcode::JUMP_BACKWARD_NO_INTERRUPT) {
          EXPECT_LE(target, i) << code.qualname;
        } else {
          EXPECT_GT(target, i) << code.qualname << " " << bytecode::opcodeInfo(op).name << " at "
                               << i;
        }
        int jd = d + bytecode::stackEffect(op, arg, true);
        EXPECT_LE(jd, code.maxStackDepth);
        reach(target, jd, work);
      }
      if (!bytecode::hasFlag(op, bytecode::kTerminal)) {
        int nd = d + bytecode::stackEffect(op, arg, false);
        EXPECT_LE(nd, code.maxStackDepth) << code.qualname;
        ASSERT_LT(i + 1, code.size()) << code.qualname << " falls off the end";
        reach(i + 1, nd, work);
      }
    }
  }
};

TEST(StackDepth, CorpusHonoursTheAssemblerInvariants) {
  for (const char* source : kCorpus) {
    for (bool callMethod : {false, true}) {
      SCOPED_TRACE(source);
      CompilerOptions options;
      options.callMethod = callMethod;
      auto code = compileOk(source, options);
      ASSERT_TRUE(code);
      forEachCode(*code, [&](const CodeObject& c) {
        // Exception table: sorted, disjoint, inside the code.
        for (std::size_t k = 0; k < c.exceptionTable.size(); ++k) {
          const auto& e = c.exceptionTable[k];
          EXPECT_LT(e.start, e.end);
          EXPECT_LE(e.end, c.size());
          EXPECT_LT(e.target, c.size());
          if (k > 0) {
            EXPECT_LE(c.exceptionTable[k - 1].end, e.start);
          }
        }
        EXPECT_EQ(c.locationAt(0).line == 0 || c.locationAt(0).line >= c.firstLine - 1, true);
        EXPECT_EQ(bytecode::verifyCode(c), "") << c.qualname;
        Verifier verifier{c, {}};
        verifier.run();
        for (std::size_t i = 0; i < c.size(); ++i) {
          EXPECT_NE(verifier.depth[i], -1)
              << c.qualname << ": unreachable instruction " << i << " kept";
          ArgKind kind = bytecode::opcodeInfo(c.opcodeAt(i)).arg;
          std::size_t limit = kind == ArgKind::kConst   ? c.consts.size()
                              : kind == ArgKind::kName  ? c.names.size()
                              : kind == ArgKind::kLocal ? c.varnames.size()
                              : kind == ArgKind::kDeref ? c.cellvars.size() + c.freevars.size()
                                                        : bytecode::kMaxArg + std::size_t{1};
          EXPECT_LT(c.argAt(i), limit) << c.qualname << " at " << i;
        }
      });
    }
  }
}

TEST(StackDepth, VerifierRejectsBrokenCode) {
  auto good = compileOk("x = a + b\n");
  bytecode::CodeObject broken = *good;
  broken.maxStackDepth = 1;  // a and b are on the stack together
  EXPECT_NE(bytecode::verifyCode(broken), "");
  broken = *good;
  broken.code[0] = bytecode::encodeInstruction(Opcode::POP_TOP, 0);  // underflow
  EXPECT_NE(bytecode::verifyCode(broken).find("underflow"), std::string::npos);
  broken = *good;
  broken.code[0] = bytecode::encodeInstruction(Opcode::LOAD_CONST, 99);
  EXPECT_NE(bytecode::verifyCode(broken).find("out of range"), std::string::npos);
  broken = *good;
  broken.code.insert(broken.code.begin() + 1, bytecode::encodeInstruction(Opcode::JUMP_FORWARD, 0));
  EXPECT_NE(bytecode::verifyCode(broken), "");
}

TEST(StackDepth, MaxDepthIsExactForAStraightLine) {
  auto code = compileOk("x = (a, b, (c, d, e))\n");
  // a b c d e on the stack at once.
  EXPECT_EQ(code->maxStackDepth, 5);
}

}  // namespace
}  // namespace pyl::compiler::testing
