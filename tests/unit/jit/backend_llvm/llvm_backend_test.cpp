// tests/unit/jit/backend_llvm/llvm_backend_test.cpp — the LLVM backend on textual traces:
// loops, guards and their exit values, overflow, heap ops, calls, exceptions, bridges (attached
// through the exit slot, jumping back into the loop), invalidation, asynchronous compilation and
// freeing. Every pure op is also compared with jit/ir/op_semantics.h on edge-case inputs.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>
#include <string>
#include <thread>

#include "framework/exception_state.h"
#include "jit/backend/llvm/llvm_backend.h"
#include "jit/ir/op_semantics.h"
#include "jit/ir/verifier.h"
#include "tests/trace/opt/namespace_fixture.h"

namespace pyl::jit::llvm_backend {
namespace {

using ir::Opcode;
using ir::Type;
using ir::Value;
using testing::parseOrFail;
using testing::testNamespace;

std::shared_ptr<const ir::Trace> parsed(std::string_view text) {
  ir::Trace trace = parseOrFail(text);
  if (auto problem = ir::verifyTrace(trace)) ADD_FAILURE() << "invalid test trace: " << *problem;
  return std::make_shared<const ir::Trace>(std::move(trace));
}

std::uint64_t word(std::int64_t v) { return static_cast<std::uint64_t>(v); }

const ir::Op& exitOp(const ExitRecord& exit) { return exit.owner->source->ops()[exit.opIndex]; }

TEST(LlvmBackend, CountingLoopLeavesThroughItsGuardWithTheLiveValue) {
  LlvmBackend backend;
  auto trace = parsed(
      "[i0, i1]\n"
      "label(i0, i1, descr=loop)\n"
      "i2 = int_add(i0, i1)\n"
      "i3 = int_lt(i2, 1000)\n"
      "guard_true(i3) [i2, i1]\n"
      "jump(i2, i1, descr=loop)\n");
  LlvmTrace* loop = backend.compileLoop(trace);
  ExitRecord* exit = backend.run(loop, std::vector<std::uint64_t>{0, 7});
  ASSERT_FALSE(exit->isFinish);
  EXPECT_EQ(exitOp(*exit).opcode, Opcode::guard_true);
  EXPECT_EQ(backend.exitValue(*exit, Value::op(1)), 1001u);  // 7 * 143, the first value >= 1000
  EXPECT_EQ(backend.exitValue(*exit, Value::inputArg(1)), 7u);
  EXPECT_GT(loop->codeBytes, 0u);
  EXPECT_GT(loop->compileMillis, 0.0);
}

TEST(LlvmBackend, OverflowGuardFailsExactlyAtTheOverflow) {
  LlvmBackend backend;
  auto trace = parsed(
      "[i0]\n"
      "label(i0, descr=loop)\n"
      "i1 = int_mul_ovf(i0, 2)\n"
      "guard_no_overflow() [i0]\n"
      "jump(i1, descr=loop)\n");
  LlvmTrace* loop = backend.compileLoop(trace);
  ExitRecord* exit = backend.run(loop, std::vector<std::uint64_t>{3});
  EXPECT_EQ(exitOp(*exit).opcode, Opcode::guard_no_overflow);
  std::int64_t last = static_cast<std::int64_t>(backend.exitValue(*exit, Value::inputArg(0)));
  EXPECT_GT(last, std::numeric_limits<std::int64_t>::max() / 2);
  EXPECT_EQ(last % 3, 0);
}

TEST(LlvmBackend, FinishReturnsItsArgumentsIncludingConstants) {
  LlvmBackend backend;
  auto trace = parsed("[i0, f1]\nf2 = float_mul(f1, 2.5)\ni3 = int_sub(i0, 1)\nfinish(i3, f2, 42)\n");
  LlvmTrace* code = backend.compileLoop(trace);
  ExitRecord* exit = backend.run(code, std::vector<std::uint64_t>{10, ir::floatBits(4.0)});
  ASSERT_TRUE(exit->isFinish);
  EXPECT_EQ(backend.exitBuffer()[0], 9u);
  EXPECT_EQ(ir::bitsFloat(backend.exitBuffer()[1]), 10.0);
  EXPECT_EQ(backend.exitBuffer()[2], 42u);
}

// Every pure binary/unary op against the shared semantics on edge-case inputs.
TEST(LlvmBackend, PureOpsMatchTheSharedSemantics) {
  LlvmBackend backend;
  const std::int64_t ints[] = {0, 1, -1, 2, -2, 3, 7, -7, 63, 64, 1000003, -999999937,
                               std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()};
  const double floats[] = {0.0, -0.0, 1.5, -2.25, 1e300, -1e-300, INFINITY, -INFINITY, NAN, 3.0};
  int compared = 0;
  for (int o = 0; o < ir::kOpcodeCount; ++o) {
    auto op = static_cast<Opcode>(o);
    const ir::OpInfo& info = ir::opInfo(op);
    if (!ir::isPure(op) || ir::needsDescr(op) || info.arity < 1 || info.arity > 2) continue;
    // *_ovf ops need their guard (OverflowGuard tests); ref ops take no int inputs.
    if (ir::isOvf(op) || op == Opcode::same_as_r || op == Opcode::ptr_eq || op == Opcode::ptr_ne) continue;
    const bool floatArgs = info.name.starts_with("float_") || op == Opcode::cast_float_to_int || op == Opcode::same_as_f;
    ir::Trace trace;
    std::vector<Value> args;
    for (int i = 0; i < info.arity; ++i) args.push_back(trace.addInputArg(floatArgs ? Type::Float : Type::Int));
    Value result = trace.emit(op, std::span<const Value>(args));
    trace.emit(Opcode::finish, {result});
    LlvmTrace* code = backend.compileLoop(std::make_shared<const ir::Trace>(std::move(trace)));
    std::vector<std::vector<std::uint64_t>> inputs;
    if (floatArgs) {
      for (double a : floats)
        for (double b : floats) inputs.push_back({ir::floatBits(a), ir::floatBits(b)});
    } else {
      for (std::int64_t a : ints)
        for (std::int64_t b : ints) inputs.push_back({word(a), word(b)});
    }
    for (auto& in : inputs) {
      in.resize(static_cast<std::size_t>(info.arity));
      ir::EvalResult expected = ir::evalPure(op, std::span<const std::uint64_t>(in));
      if (expected.status != ir::EvalStatus::kOk) continue;
      ExitRecord* exit = backend.run(code, in);
      ASSERT_TRUE(exit->isFinish);
      std::uint64_t got = backend.exitBuffer()[0];
      if (ir::resultType(op) == Type::Float && std::isnan(ir::bitsFloat(expected.bits))) {
        EXPECT_TRUE(std::isnan(ir::bitsFloat(got))) << info.name;
      } else {
        EXPECT_EQ(got, expected.bits) << info.name << "(" << static_cast<std::int64_t>(in[0])
                                      << (in.size() > 1 ? ", " + std::to_string(static_cast<std::int64_t>(in[1])) : "")
                                      << ")";
      }
      ++compared;
    }
    backend.free(code);
  }
  EXPECT_GT(compared, 3000);
}

TEST(LlvmBackend, HeapOpsAllocationAndClassGuards) {
  LlvmBackend backend;
  auto trace = parsed(
      "[i0]\n"
      "p1 = new_with_vtable(descr=nodesize)\n"
      "setfield_gc(p1, i0, descr=valuedescr)\n"
      "p2 = new_array(5, descr=arraydescr)\n"
      "setarrayitem_gc(p2, 3, i0, descr=arraydescr)\n"
      "setfield_gc(p1, p2, descr=nextdescr)\n"
      "guard_class(p1, ConstClass(node_vtable)) []\n"
      "p3 = getfield_gc_r(p1, descr=nextdescr)\n"
      "i4 = getarrayitem_gc_i(p3, 3, descr=arraydescr)\n"
      "i5 = arraylen_gc(p3, descr=arraydescr)\n"
      "i6 = getfield_gc_i(p1, descr=valuedescr)\n"
      "i7 = int_add(i4, i6)\n"
      "guard_class(p1, ConstClass(node_vtable2)) [i7]\n"
      "finish(i5)\n");
  LlvmTrace* code = backend.compileLoop(trace);
  ExitRecord* exit = backend.run(code, std::vector<std::uint64_t>{21});
  ASSERT_FALSE(exit->isFinish);
  EXPECT_EQ(exit->opIndex, 11u);
  EXPECT_EQ(backend.exitValue(*exit, Value::op(10)), 42u);
}

// DESIGN(llvm-shared-exits): guards with one list of live values share the block storing them,
// and each still leaves with its own exit record (the runtime's failure counts and bridges are
// per guard).
TEST(LlvmBackend, GuardsWithTheSameLiveValuesShareTheirStoresButNotTheirRecords) {
  LlvmBackendOptions options;
  options.keepIr = true;
  LlvmBackend backend(options);
  auto trace = parsed(
      "[i0]\n"
      "p1 = new_with_vtable(descr=nodesize)\n"
      "setfield_gc(p1, i0, descr=valuedescr)\n"
      "i2 = int_add(i0, 1)\n"
      "guard_not_invalidated() [i2, i0]\n"
      "guard_class(p1, ConstClass(node_vtable2)) [i2, i0]\n"
      "finish(i2)\n");
  LlvmTrace* code = backend.compileLoop(trace);
  ExitRecord* exit = backend.run(code, std::vector<std::uint64_t>{7});
  ASSERT_FALSE(exit->isFinish);
  EXPECT_EQ(exit->opIndex, 4u);  // the class guard
  EXPECT_EQ(backend.exitValue(*exit, Value::op(2)), 8u);
  EXPECT_EQ(backend.exitValue(*exit, Value::inputArg(0)), 7u);
  backend.invalidate(code);
  exit = backend.run(code, std::vector<std::uint64_t>{9});
  ASSERT_FALSE(exit->isFinish);
  EXPECT_EQ(exit->opIndex, 3u);  // guard_not_invalidated, through the same stores
  EXPECT_EQ(backend.exitValue(*exit, Value::op(2)), 10u);
  EXPECT_EQ(backend.exitValue(*exit, Value::inputArg(0)), 9u);
  // One block stores the two guards' values (named after the first guard).
  EXPECT_NE(code->ir.find("exit3:"), std::string::npos) << code->ir;
  EXPECT_EQ(code->ir.find("exit4:"), std::string::npos) << code->ir;
}

TEST(LlvmBackend, ResidualCallsGoThroughTheThunkAndCheckExceptions) {
  LlvmBackend backend;
  auto trace = parsed(
      "[i0]\n"
      "i1 = call_i(ConstClass(func), i0, descr=plaincalldescr)\n"
      "guard_no_exception() [i0]\n"
      "finish(i1)\n");
  LlvmTrace* code = backend.compileLoop(trace);
  ExitRecord* exit = backend.run(code, std::vector<std::uint64_t>{41});
  ASSERT_TRUE(exit->isFinish);
  EXPECT_EQ(backend.exitBuffer()[0], 42u);  // the fixture's thunk adds one
  static framework::Object exception{nullptr};
  framework::raisePending(&exception);
  exit = backend.run(code, std::vector<std::uint64_t>{41});
  framework::takePendingException();
  EXPECT_FALSE(exit->isFinish);
  EXPECT_EQ(exitOp(*exit).opcode, Opcode::guard_no_exception);
}

TEST(LlvmBackend, BridgeAttachedToAGuardRunsAndJumpsBackIntoTheLoop) {
  LlvmBackend backend;
  // Counts i0 up to 100; odd values fail the first guard. The bridge adds 3 instead of 1 and
  // jumps back into the loop, so once it is attached the loop only leaves through the bound.
  auto loopTrace = parsed(
      "[i0]\n"
      "label(i0, descr=other_loop)\n"
      "i1 = int_and(i0, 1)\n"
      "guard_false(i1) [i0]\n"
      "i2 = int_add(i0, 1)\n"
      "i3 = int_lt(i2, 100)\n"
      "guard_true(i3) [i2]\n"
      "jump(i2, descr=other_loop)\n");
  LlvmTrace* loop = backend.compileLoop(loopTrace);
  ExitRecord* exit = backend.run(loop, std::vector<std::uint64_t>{0});
  ASSERT_EQ(exit->opIndex, 2u);  // 1 is odd
  EXPECT_EQ(backend.exitValue(*exit, Value::inputArg(0)), 1u);
  auto bridge = parsed(
      "[i0]\n"
      "i1 = int_add(i0, 3)\n"
      "jump(i1, descr=other_loop)\n");
  LlvmTrace* bridgeCode = backend.compileBridgeAt(exit, bridge);
  EXPECT_EQ(exit->bridgeTrace, bridgeCode);
  ExitRecord* last = backend.run(loop, std::vector<std::uint64_t>{0});
  ASSERT_EQ(last->opIndex, 5u);
  std::uint64_t i = 0;
  for (;;) {
    if (i & 1) {
      i += 3;
      continue;
    }
    if (!(++i < 100)) break;
  }
  EXPECT_EQ(backend.exitValue(*last, Value::op(3)), i);
  // Detaching is freeing: releasing the bridge clears the slot, the guard leaves again.
  backend.free(bridgeCode);
  EXPECT_EQ(exit->bridge, nullptr);
  EXPECT_EQ(backend.run(loop, std::vector<std::uint64_t>{0}), exit);
  // Freeing the loop frees the bridges attached to it.
  backend.compileBridgeAt(exit, bridge);
  std::size_t before = backend.liveModules();
  backend.free(loop);
  EXPECT_EQ(backend.liveModules(), before - 2);
  EXPECT_EQ(backend.liveTraces(), 0u);
}

// DESIGN(llvm-ovf-operands): the exit of guard_no_overflow needs the operands of its add/sub;
// the one nothing later uses is recomputed from the wrapped result in the cold path.
TEST(LlvmBackend, OverflowExitsRecomputeTheOperandsTheLoopNoLongerHolds) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  struct Case {
    const char* op;
    std::int64_t start, step;
    std::uint64_t old0, old1;  // the exit's values: before the overflowing op
  };
  const Case cases[] = {
      {"i2 = int_add_ovf(i0, i1)\nguard_no_overflow() [i0, i1]\njump(i2, i1, descr=loop)\n", kMax - 10, 3,
       word(kMax - 1), 3},
      {"i2 = int_sub_ovf(i0, i1)\nguard_no_overflow() [i0, i1]\njump(i2, i1, descr=loop)\n", kMin + 10, 3,
       word(kMin + 1), 3},
      {"i2 = int_sub_ovf(i1, i0)\nguard_no_overflow() [i0, i1]\njump(i2, i1, descr=loop)\n", 10, kMin + 5, 10,
       word(kMin + 5)},
      {"i2 = int_add_ovf(i1, i0)\nguard_no_overflow() [i1, i0]\njump(i2, i1, descr=loop)\n", kMax - 10, 3,
       3, word(kMax - 1)},
  };
  for (const Case& c : cases) {
    LlvmBackend backend;
    LlvmTrace* code = backend.compileLoop(parsed(std::string("[i0, i1]\nlabel(i0, i1, descr=loop)\n") + c.op));
    ExitRecord* exit = backend.run(code, std::vector<std::uint64_t>{word(c.start), word(c.step)});
    ASSERT_FALSE(exit->isFinish) << c.op;
    EXPECT_EQ(exitOp(*exit).opcode, Opcode::guard_no_overflow) << c.op;
    EXPECT_EQ(backend.exitBuffer()[0], c.old0) << c.op;
    EXPECT_EQ(backend.exitBuffer()[1], c.old1) << c.op;
  }
}

// DESIGN(llvm-cold-flags): a comparison's 0/1 result that exits store is recomputed (or known)
// there, so the loop keeps only compare-and-branch. Regression: once exits got their own blocks,
// a setcc of the stored flag stayed in the sum loop's body (JIT/C++ went from 1.02 to 1.23).
TEST(LlvmBackend, FlagsStoredByExitsAreNotComputedInTheLoop) {
  LlvmBackendOptions options;
  options.keepAssembly = true;
  LlvmBackend backend(options);
  LlvmTrace* code = backend.compileLoop(parsed(
      "[i0, i1]\n"
      "label(i0, i1, descr=loop)\n"
      "i2 = int_lt(i1, 1000)\n"
      "guard_true(i2) [i0, i1, i2]\n"
      "i3 = int_add_ovf(i0, i1)\n"
      "guard_no_overflow() [i0, i1, i2]\n"
      "i4 = int_add(i1, 1)\n"
      "jump(i3, i4, descr=loop)\n"));
  ExitRecord* exit = backend.run(code, std::vector<std::uint64_t>{0, 0});
  EXPECT_EQ(exitOp(*exit).opcode, Opcode::guard_true);
  EXPECT_EQ(backend.exitBuffer()[0], 499500u);
  EXPECT_EQ(backend.exitBuffer()[1], 1000u);
  EXPECT_EQ(backend.exitBuffer()[2], 0u);  // the flag, as the failing guard saw it
  exit = backend.run(code, std::vector<std::uint64_t>{word(std::numeric_limits<std::int64_t>::max() - 5), 3});
  EXPECT_EQ(exitOp(*exit).opcode, Opcode::guard_no_overflow);
  EXPECT_EQ(backend.exitBuffer()[2], 1u);  // recomputed in the exit
  // The loop: from the target of the backward jump to the jump, no setcc.
  struct Line {
    std::uint64_t address;
    std::string text;
  };
  std::vector<Line> lines;
  std::istringstream in(code->assembly);
  for (std::string line; std::getline(in, line);) {
    std::size_t colon = line.find(':');
    if (line.rfind("0x", 0) != 0 || colon == std::string::npos) continue;
    lines.push_back({std::stoull(line.substr(0, colon), nullptr, 16), line.substr(colon + 1)});
  }
  bool sawLoop = false;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    std::istringstream words(lines[i].text);
    std::string mnemonic, operand;
    words >> mnemonic >> operand;
    if (mnemonic.empty() || mnemonic[0] != 'j' || operand.empty() || operand[0] != '-') continue;
    const std::uint64_t target = lines[i + 1].address - std::stoull(operand.substr(1));
    sawLoop = true;
    for (const Line& body : lines) {
      if (body.address < target || body.address > lines[i].address) continue;
      EXPECT_EQ(body.text.find("\tset"), std::string::npos) << "in the loop: " << body.text << "\n" << code->assembly;
    }
  }
  EXPECT_TRUE(sawLoop) << code->assembly;
}

TEST(LlvmBackend, CallAssemblerExitsSurviveTheExitBufferGrowingDuringTheCall) {
  LlvmBackend backend;
  int guardExits = 0;
  backend::CallAssemblerHooks hooks;
  hooks.callFresh = [](const ir::TargetDescr&, const void*, std::span<const std::uint64_t>) -> std::uint64_t {
    return 0;
  };
  // The runtime's side of a callee leaving through a guard: "finish the call in the interpreter"
  // (here: a recognisable result). It also compiles a trace needing a bigger exit buffer, as a
  // nested run of the interpreter may (regression: the caller's exits then wrote to the old,
  // freed buffer while the runtime read the new one).
  hooks.afterGuardFailure = [&](const backend::ExitInfo& exit) -> std::uint64_t {
    ++guardExits;
    std::string big = "[i0";
    for (int i = 1; i < 3000; ++i) big += ", i" + std::to_string(i);
    backend.compileLoop(parsed(big + "]\nfinish(i0)\n"));
    return 1000 + exit.values[0];
  };
  backend.setCallAssemblerHooks(hooks);
  backend.compileLoop(parsed(
      "[i0]\n"
      "label(i0, descr=other_loop)\n"
      "i1 = int_mul(i0, 3)\n"
      "i2 = int_lt(i1, 100)\n"
      "guard_true(i2) [i1]\n"
      "finish(i1)\n"));
  LlvmTrace* caller = backend.compileLoop(parsed(
      "[i0]\n"
      "i1 = call_assembler_i(0, i0, descr=other_loop)\n"
      "i2 = int_add(i1, 1)\n"
      "i3 = int_lt(i2, 0)\n"
      "guard_true(i3) [i2, i0]\n"
      "finish(i2)\n"));
  ExitRecord* exit = backend.run(caller, std::vector<std::uint64_t>{5});
  ASSERT_FALSE(exit->isFinish);
  EXPECT_EQ(backend.exitValue(*exit, Value::op(1)), 16u);  // 5 * 3 + 1
  EXPECT_EQ(guardExits, 0);
  exit = backend.run(caller, std::vector<std::uint64_t>{50});
  ASSERT_FALSE(exit->isFinish);
  EXPECT_EQ(guardExits, 1);
  EXPECT_EQ(backend.exitValue(*exit, Value::op(1)), 1151u);  // the callee's guard failed at 150
  EXPECT_EQ(backend.exitValue(*exit, Value::inputArg(0)), 50u);
}

TEST(LlvmBackend, CallAssemblerWithoutARuntimeHookIsACompileError) {
  LlvmBackend backend;
  backend.compileLoop(parsed("[i0]\nlabel(i0, descr=other_loop)\nfinish(i0)\n"));
  EXPECT_THROW(backend.compileLoop(parsed("[i0]\ni1 = call_assembler_i(0, i0, descr=other_loop)\nfinish(i1)\n")),
               CompileError);
}

TEST(LlvmBackend, FreeingATraceOthersJumpIntoKeepsItsCodeUntilTheyAreFreed) {
  LlvmBackend backend;
  LlvmTrace* loop = backend.compileLoop(parsed(
      "[i0]\n"
      "label(i0, descr=other_loop)\n"
      "i1 = int_add(i0, 1)\n"
      "i2 = int_lt(i1, 10)\n"
      "guard_true(i2) [i1]\n"
      "jump(i1, descr=other_loop)\n"));
  // A separate trace (not a bridge of the loop) that enters the loop's label.
  LlvmTrace* entry = backend.compileLoop(parsed("[i0]\ni1 = int_mul(i0, 2)\njump(i1, descr=other_loop)\n"));
  EXPECT_EQ(loop->incomingJumps, 1u);
  backend.free(loop);  // the runtime drops the loop; `entry` still jumps into its code
  EXPECT_TRUE(loop->zombie);
  EXPECT_EQ(backend.findLabel(ir::descrAs<ir::TargetDescr>(testNamespace().pool.find("other_loop"))), nullptr);
  ExitRecord* exit = backend.run(entry, std::vector<std::uint64_t>{3});
  EXPECT_EQ(exit->owner, loop);
  EXPECT_EQ(backend.exitValue(*exit, Value::op(1)), 10u);
  EXPECT_EQ(backend.liveTraces(), 2u);
  backend.free(entry);  // the last jump into the zombie goes: both are released
  EXPECT_EQ(backend.liveTraces(), 0u);
  EXPECT_EQ(backend.liveModules(), 0u);
}

TEST(LlvmBackend, InvalidationMakesGuardNotInvalidatedFail) {
  LlvmBackend backend;
  auto trace = parsed("[i0]\nguard_not_invalidated() [i0]\nfinish(i0)\n");
  LlvmTrace* code = backend.compileLoop(trace);
  EXPECT_TRUE(backend.run(code, std::vector<std::uint64_t>{1})->isFinish);
  backend.invalidate(code);
  EXPECT_FALSE(backend.run(code, std::vector<std::uint64_t>{1})->isFinish);
}

TEST(LlvmBackend, AsynchronousCompileReturnsAtOnceAndInstallsWhenReady) {
  LlvmBackendOptions options;
  options.async = true;
  LlvmBackend backend(options);
  auto trace = parsed("[i0]\ni1 = int_mul(i0, i0)\ni2 = int_lt(i1, 100)\nguard_true(i2) [i1]\nfinish(i1)\n");
  LlvmTrace* pending = backend.compileLoop(trace);
  ASSERT_NE(pending, nullptr);
  EXPECT_THROW(backend.run(pending, std::vector<std::uint64_t>{3}), CompileError);  // not installed yet
  backend.drain();
  EXPECT_EQ(backend.pending(), 0u);
  ASSERT_TRUE(backend.ready(pending));
  EXPECT_TRUE(backend.run(pending, std::vector<std::uint64_t>{9})->isFinish);
  EXPECT_EQ(backend.exitBuffer()[0], 81u);
  // A bridge compiled in the background takes over the guard once installed.
  ExitRecord* exit = backend.run(pending, std::vector<std::uint64_t>{12});
  ASSERT_FALSE(exit->isFinish);
  LlvmTrace* bridge = backend.compileBridgeAt(exit, parsed("[i0]\ni1 = int_neg(i0)\nfinish(i1)\n"));
  EXPECT_EQ(bridge->state, LlvmTrace::State::kPending);
  // Regression (fib on the toy): a bridge finished in the background must be attached at the
  // next entry even when no loop is pending, without anyone calling drain().
  while (backend.pending() != 0 && bridge->state == LlvmTrace::State::kPending) {
    EXPECT_TRUE(backend.ready(pending));
    std::this_thread::yield();
  }
  EXPECT_EQ(bridge->state, LlvmTrace::State::kInstalled);
  ExitRecord* viaBridge = backend.run(pending, std::vector<std::uint64_t>{12});
  EXPECT_TRUE(viaBridge->isFinish);
  EXPECT_EQ(viaBridge->owner, bridge);
  EXPECT_EQ(static_cast<std::int64_t>(backend.exitBuffer()[0]), -144);
}

// Regression (fib on the toy, background compiles): a deep recursion runs in compiled code and
// only comes back to C++ when a callee's guard fails. A bridge for that guard, finished in the
// background, must be attached there; it used to wait for the next entry from the interpreter,
// i.e. for the outermost call to return, while the guard kept failing thousands of times.
TEST(LlvmBackend, ABridgeFinishedInTheBackgroundIsAttachedAtTheNextGuardFailureInsideACall) {
  LlvmBackendOptions options;
  options.async = true;
  LlvmBackend backend(options);
  int resumed = 0;
  backend::CallAssemblerHooks hooks;
  hooks.callFresh = [](const ir::TargetDescr&, const void*, std::span<const std::uint64_t>) -> std::uint64_t {
    return 0;
  };
  hooks.afterGuardFailure = [&](const backend::ExitInfo& exit) -> std::uint64_t {
    ++resumed;
    return 1000 + exit.values[0];  // "the interpreter finished the callee"
  };
  backend.setCallAssemblerHooks(hooks);
  LlvmTrace* callee = backend.compileLoop(parsed(
      "[i0]\n"
      "label(i0, descr=other_loop)\n"
      "i1 = int_lt(i0, 10)\n"
      "guard_true(i1) [i0]\n"
      "finish(i0)\n"));
  backend.drain();
  LlvmTrace* caller = backend.compileLoop(parsed(
      "[i0]\n"
      "label(i0, descr=loop)\n"
      "i1 = call_assembler_i(0, i0, descr=other_loop)\n"
      "i2 = call_assembler_i(0, i0, descr=other_loop)\n"
      "finish(i1, i2)\n"));
  backend.drain();
  ASSERT_EQ(caller->state, LlvmTrace::State::kInstalled);
  ExitRecord* exit = backend.runLabel(caller->labels.front(), std::vector<std::uint64_t>{50});
  ASSERT_TRUE(exit->isFinish);
  EXPECT_EQ(resumed, 2);  // both calls failed the callee's guard
  EXPECT_EQ(backend.exitValue(*exit, Value::op(1)), 1050u);
  EXPECT_EQ(backend.exitValue(*exit, Value::op(2)), 1050u);

  ExitRecord* guard = LlvmBackend::guardExit(callee, 2);
  ASSERT_NE(guard, nullptr);
  LlvmTrace* bridge = backend.compileBridgeAt(guard, parsed("[i0]\ni1 = int_neg(i0)\nfinish(i1)\n"));
  while (backend.compiling() != 0) std::this_thread::yield();
  ASSERT_EQ(bridge->state, LlvmTrace::State::kPending);  // compiled, not attached yet
  resumed = 0;
  exit = backend.runLabel(caller->labels.front(), std::vector<std::uint64_t>{50});  // no install on entry
  ASSERT_TRUE(exit->isFinish);
  EXPECT_EQ(resumed, 1);  // the first call's failure attached the bridge ...
  EXPECT_EQ(bridge->state, LlvmTrace::State::kInstalled);
  EXPECT_EQ(backend.exitValue(*exit, Value::op(1)), 1050u);
  EXPECT_EQ(static_cast<std::int64_t>(backend.exitValue(*exit, Value::op(2))), -50);  // ... the second took it
}

TEST(LlvmBackend, AsynchronousCompileErrorLeavesAFailedTraceThatIsNeverReady) {
  LlvmBackendOptions options;
  options.async = true;
  LlvmBackend backend(options);
  LlvmTrace* pending = backend.compileLoop(parsed("[i0]\njump(i0, descr=other_loop)\n"));
  backend.drain();
  EXPECT_FALSE(backend.ready(pending));
  EXPECT_EQ(pending->state, LlvmTrace::State::kFailed);
  EXPECT_NE(pending->error.find("label"), std::string::npos) << pending->error;
  backend.free(pending);
  EXPECT_EQ(backend.liveTraces(), 0u);
}

TEST(LlvmBackend, UntranslatableTraceIsACompileErrorNotACrash) {
  LlvmBackend backend;
  auto trace = parsed("[i0]\njump(i0, descr=other_loop)\n");  // no compiled code for other_loop
  EXPECT_THROW(backend.compileLoop(trace), CompileError);
  EXPECT_EQ(backend.liveTraces(), 0u);
}

TEST(LlvmBackend, LogsIrAndAssemblyOnRequest) {
  LlvmBackendOptions options;
  options.keepIr = true;
  options.keepAssembly = true;
  LlvmBackend backend(options);
  LlvmTrace* code = backend.compileLoop(parsed("[i0]\ni1 = int_add(i0, 5)\nfinish(i1)\n"));
  EXPECT_NE(code->ir.find("define"), std::string::npos) << code->ir;
  EXPECT_NE(code->assembly.find("ret"), std::string::npos) << code->assembly;
}

}  // namespace
}  // namespace pyl::jit::llvm_backend

namespace pyl::jit::llvm_backend {
namespace {

TEST(LlvmBackendLog, WritesCompileTimeCodeSizeIrAndAssembly) {
  std::string path = ::testing::TempDir() + "llvm_backend_log.txt";
  {
    runtime::JitLog log;
    std::string error;
    ASSERT_TRUE(log.configure("jit-backend,jit-backend-llvm-ir,jit-backend-asm:" + path, &error)) << error;
    LlvmBackendOptions options;
    options.log = &log;
    LlvmBackend backend(options);
    backend.compileLoop(parsed("[i0]\ni1 = int_add(i0, 5)\nfinish(i1)\n"));
  }
  std::FILE* file = std::fopen(path.c_str(), "r");
  ASSERT_NE(file, nullptr);
  std::string text;
  char chunk[4096];
  while (std::size_t n = std::fread(chunk, 1, sizeof chunk, file)) text.append(chunk, n);
  std::fclose(file);
  EXPECT_NE(text.find("{jit-backend pyl_trace_0"), std::string::npos) << text;
  EXPECT_NE(text.find("compile "), std::string::npos) << text;
  EXPECT_NE(text.find("code "), std::string::npos) << text;
  EXPECT_NE(text.find("@pyl_trace_0(ptr noalias %buffer"), std::string::npos) << text;
  EXPECT_NE(text.find("{jit-backend-asm"), std::string::npos) << text;
  EXPECT_NE(text.find("ret"), std::string::npos) << text;
}

}  // namespace
}  // namespace pyl::jit::llvm_backend
