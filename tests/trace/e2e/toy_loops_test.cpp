// tests/trace/e2e/toy_loops_test.cpp — programs whose loops must compile to a stated op shape
// (DESIGN.md §9), and the recorder's guard-after-side-effect diagnostic, on the stack toy.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/trace/e2e/toy_run.h"

namespace pyl::e2e {
namespace {

using jit::ir::Opcode;

bool contains(const std::vector<Opcode>& ops, Opcode op) {
  return std::find(ops.begin(), ops.end(), op) != ops.end();
}
bool anyCall(const std::vector<Opcode>& ops) {
  return std::any_of(ops.begin(), ops.end(), [](Opcode op) { return jit::ir::isCall(op); });
}

const jit::runtime::CompiledRecord* firstLoop(const ToyRun& run) {
  for (const auto& record : run.compiled) {
    if (record.kind == jit::trace::TraceKind::kLoop) return &record;
  }
  return nullptr;
}

TEST(ToyLoops, BoxedSumLoopHasNoAllocationAndNoGuardClass) {
  ToyRun run = runToy("sum_boxed.stk", "threshold=1");
  ASSERT_EQ(run.output, "4999950000\n");
  const auto* loop = firstLoop(run);
  ASSERT_NE(loop, nullptr);
  std::vector<Opcode> body = loopBody(*loop->optimized);
  std::string text = jit::ir::printTrace(*loop->optimized);
  EXPECT_TRUE(contains(body, Opcode::int_add_ovf)) << text;  // the loop really adds
  EXPECT_TRUE(contains(body, Opcode::jump)) << text;
  EXPECT_FALSE(contains(body, Opcode::new_with_vtable)) << text;
  EXPECT_FALSE(contains(body, Opcode::new_)) << text;
  EXPECT_FALSE(contains(body, Opcode::guard_class)) << text;
  EXPECT_FALSE(contains(body, Opcode::getfield_gc_i)) << text;
  // As recorded, the same loop allocated and checked classes: the optimizer removed them.
  std::vector<Opcode> recorded(loop->recorded->ops().size());
  std::transform(loop->recorded->ops().begin(), loop->recorded->ops().end(), recorded.begin(),
                 [](const jit::ir::Op& op) { return op.opcode; });
  EXPECT_TRUE(contains(recorded, Opcode::new_with_vtable));
  EXPECT_TRUE(contains(recorded, Opcode::guard_class));
}

TEST(ToyLoops, AttributeLoopHasNoMapLookupCall) {
  ToyRun run = runToy("attrs.stk", "threshold=1");
  ASSERT_EQ(run.output, "60000\n");
  const auto* loop = firstLoop(run);
  ASSERT_NE(loop, nullptr);
  std::string text = jit::ir::printTrace(*loop->optimized);
  for (const jit::ir::Op& op : loop->optimized->ops())
    EXPECT_FALSE(jit::ir::isCall(op.opcode)) << text;
  std::vector<Opcode> body = loopBody(*loop->optimized);
  EXPECT_FALSE(anyCall(body)) << text;
  EXPECT_FALSE(contains(body, Opcode::guard_value)) << text;  // the map check was hoisted
  EXPECT_TRUE(contains(body, Opcode::int_add_ovf)) << text;
}

TEST(ToyLoops, AttributeLoopStoresRawIntsWithoutAllocation) {
  // p.x = p.x + p.step (bench/jit/programs/attr_loop.stk's loop): x and step are int-kind
  // attributes (DESIGN(toy-unboxed-attrs)), so the boxes getattr and add create stay virtual and
  // the loop stores the raw sum; nothing is allocated and nothing is called per iteration.
  ToyRun run = runToy("attrs.stk", "threshold=1");
  ASSERT_EQ(run.output, "60000\n");
  const auto* loop = firstLoop(run);
  ASSERT_NE(loop, nullptr);
  std::string text = jit::ir::printTrace(*loop->optimized);
  std::vector<Opcode> body = loopBody(*loop->optimized);
  for (Opcode op : body) {
    EXPECT_FALSE(jit::ir::isAlloc(op)) << text;  // new_with_vtable, new_, new_array...
    EXPECT_FALSE(jit::ir::isCall(op)) << text;   // ...or an allocator behind a residual call
  }
  EXPECT_FALSE(contains(body, Opcode::guard_class)) << text;  // x's class is known: an int
  EXPECT_TRUE(contains(body, Opcode::int_add_ovf)) << text;
  // The raw sum goes into the int array (int descriptor): x is stored unboxed.
  bool storesRawInt = false;
  for (const jit::ir::Op& op : loop->optimized->ops()) {
    storesRawInt = storesRawInt || (op.opcode == Opcode::setarrayitem_gc && op.descr != nullptr &&
                                    op.descr->name == "WordArray<int>");
  }
  EXPECT_TRUE(storesRawInt) << text;
  // As recorded, getattr and add boxed their results: the optimizer removed the boxes.
  bool recordedBox = false;
  for (const jit::ir::Op& op : loop->recorded->ops())
    recordedBox = recordedBox || op.opcode == Opcode::new_with_vtable;
  EXPECT_TRUE(recordedBox);
}

TEST(ToyLoops, IntAttributeDevolvesInsideACompiledLoop) {
  // attr_devolve.stk stores None into an int-kind attribute in the middle of a hot loop and
  // objects into fresh objects' int attributes: guards of the compiled loop fail, bridges take
  // the devolved maps, and every value read back is the interpreter's.
  ToyRun run = runToy("attr_devolve.stk", "threshold=1,trace_eagerness=1");
  EXPECT_EQ(run.output, "2814750250\n3375000\n3375750\n<object>\n42\n");
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.stats.aborts, 0) << run.log;
  EXPECT_EQ(run.stats.loops, 1);
  EXPECT_GE(run.stats.bridges, 2);  // the devolution of q.y and of p.x
}

TEST(ToyLoops, GuardAfterSideEffectAbortsWithDiagnosticAndRunsCorrectly) {
  ToyRun run = runToy("side_effect_guard.stk", "threshold=1");
  EXPECT_EQ(run.output, "3000\n2999\n");
  EXPECT_EQ(run.status, 0);
  EXPECT_GE(run.stats.abortReasons["guard after side effect"], 1);
  EXPECT_EQ(run.stats.loops, 0);
  EXPECT_NE(run.log.find("guard after side effect: guard_class recorded after setarrayitem_gc"),
            std::string::npos)
      << run.log;
  EXPECT_NE(run.log.find("in bytecode main:16 storecheck"), std::string::npos) << run.log;
}

TEST(ToyLoops, TypeChangeGrowsABridge) {
  ToyRun run = runToy("type_change.stk", "threshold=1,trace_eagerness=1");
  EXPECT_EQ(run.output, "3500\nNone\n");
  EXPECT_EQ(run.stats.loops, 1);
  EXPECT_GE(run.stats.bridges, 1);
}

TEST(ToyLoops, TwentyPromotedValuesCountPerValue) {
  // Each of the 20 maps fails the same guard_value; bridges come per value, not per guard.
  ToyRun run = runToy("promote_many.stk", "threshold=1,trace_eagerness=3");
  EXPECT_EQ(run.output, "57000\n");
  EXPECT_GE(run.stats.bridges, 10);
}

TEST(ToyLoops, TooLongTraceBlamesTheInlinedFunction) {
  ToyRun run = runToy("blame.stk", "threshold=1");
  EXPECT_EQ(run.output, "2655000\n");
  EXPECT_NE(run.log.find("trace too long; stop inlining spin"), std::string::npos) << run.log;
  EXPECT_GE(run.stats.loops, 2);  // the outer loop (calling spin) and spin's own loop
}

TEST(ToyLoops, SummaryListsLoopsBridgesAndAborts) {
  ToyRun run = runToy("blame.stk", "threshold=1,trace_eagerness=1");
  EXPECT_NE(run.log.find("{jit-summary"), std::string::npos);
  EXPECT_NE(run.log.find("loops:\t"), std::string::npos);
  EXPECT_NE(run.log.find("bridges:\t"), std::string::npos);
  EXPECT_NE(run.log.find("abort: trace too long:\t1"), std::string::npos) << run.log;
}

TEST(ToyLoops, QuasiImmutableGlobalIsAConstantUntilWritten) {
  ToyRun run = runToy("globals.stk", "threshold=1,backend=reference");
  EXPECT_EQ(run.output, "555500\n10000\n");
  EXPECT_GE(run.stats.invalidated, 2);  // outer rounds write the global the loop read...
  const auto* loop = firstLoop(run);
  ASSERT_NE(loop, nullptr);
  std::string text = jit::ir::printTrace(*loop->optimized);
  EXPECT_NE(text.find("guard_not_invalidated"), std::string::npos) << text;
  EXPECT_EQ(text.find("getfield_gc_r"), std::string::npos) << text;  // the cell is never loaded
  EXPECT_NE(text.find("int_add_ovf(i5, 1)"), std::string::npos) << text;  // step folded to 1
  // ...until the field is demoted: the last inner loop loads the global like any field.
  const jit::runtime::CompiledRecord* last = nullptr;
  for (const auto& record : run.compiled) {
    if (record.kind == jit::trace::TraceKind::kLoop) last = &record;
  }
  std::string lastText = jit::ir::printTrace(*last->optimized);
  EXPECT_NE(lastText.find("getfield_gc_r"), std::string::npos) << lastText;
  EXPECT_EQ(lastText.find("guard_not_invalidated"), std::string::npos) << lastText;
}

TEST(ToyLoops, GlobalWrittenInTheTracedLoopIsDemoted) {
  ToyRun run = runToy("global_written_in_loop.stk", "threshold=1,backend=reference");
  EXPECT_EQ(run.output, "1000\n");
  EXPECT_EQ(run.stats.abortReasons["quasi-immutable field written while tracing"], 1) << run.log;
  EXPECT_EQ(run.stats.loops, 1);
  EXPECT_EQ(run.stats.invalidated, 0);
}

TEST(ToyLoops, ObjectsAllocatedInTheLoopCompile) {
  // Regression: the attribute storage (a ref array) was allocated with the int-array descriptor,
  // so the virtualizer rejected the trace and the loop never compiled.
  ToyRun run = runToy("objects_in_loop.stk", "threshold=1,backend=reference");
  EXPECT_EQ(run.output, "4498500\n");
  EXPECT_EQ(run.stats.aborts, 0) << run.log;
  EXPECT_EQ(run.stats.loops, 1);
  const auto* loop = firstLoop(run);
  ASSERT_NE(loop, nullptr);
  // The attribute read in the loop is forwarded from the store (no load of the new object's map).
  std::string text = jit::ir::printTrace(*loop->optimized);
  EXPECT_EQ(text.find("getfield_gc_r"), std::string::npos) << text;
}

TEST(ToyLoops, SmallCalleeIsInlined) {
  ToyRun run = runToy("calls_inline.stk", "threshold=1,backend=reference");
  EXPECT_EQ(run.output, "3749975000\n");
  const auto* loop = firstLoop(run);
  ASSERT_NE(loop, nullptr);
  std::string text = jit::ir::printTrace(*loop->optimized);
  for (const jit::ir::Op& op : loop->optimized->ops())
    EXPECT_FALSE(jit::ir::isCall(op.opcode)) << text;
  std::vector<Opcode> body = loopBody(*loop->optimized);
  EXPECT_TRUE(contains(body, Opcode::int_mul_ovf)) << text;  // the callee's work, inlined
  EXPECT_FALSE(contains(body, Opcode::new_with_vtable)) << text;
}

TEST(ToyLoops, RecursionBeyondTheLimitBecomesAResidualCall) {
  ToyRun run = runToy("deep_recursion.stk", "threshold=1,backend=reference");
  EXPECT_EQ(run.output, "804000\n144\n");
  const auto* loop = firstLoop(run);
  ASSERT_NE(loop, nullptr);
  std::string text = jit::ir::printTrace(*loop->recorded);
  EXPECT_NE(text.find("call_may_force_r"), std::string::npos)
      << text;  // beyond max_unroll_recursion
  EXPECT_NE(text.find("guard_no_exception"), std::string::npos) << text;
}

// DESIGN(call-assembler): once a recursive function has a function trace, recursion calls it
// (call_assembler of its own entry label) instead of unrolling or calling the interpreter.
TEST(ToyLoops, RecursiveFunctionTraceCallsItselfThroughCallAssembler) {
  for (const char* backend : {"llvm", "reference"}) {
    ToyRun run = runToy("deep_recursion.stk", std::string("function_threshold=1,backend=") + backend);
    EXPECT_EQ(run.output, "804000\n144\n") << backend;
    int selfCalls = 0;
    for (const auto& record : run.compiled) {
      if (record.kind != jit::trace::TraceKind::kFunction) continue;
      const auto& ops = record.optimized->ops();
      ASSERT_FALSE(ops.empty());
      ASSERT_EQ(ops.front().opcode, Opcode::label);  // the entry call_assembler names
      std::string text = jit::ir::printTrace(*record.optimized);
      for (const jit::ir::Op& op : ops) {
        EXPECT_FALSE(jit::ir::callFamilyOf(op.opcode) == jit::ir::CallFamily::kCallMayForce)
            << backend << "\n" << text;
        if (op.opcode == Opcode::call_assembler_r) {
          // Recursion: the trace itself, through its unboxed entry (DESIGN(unboxed-entry)).
          const auto* entry = jit::ir::descrAs<jit::ir::TargetDescr>(ops.front().descr);
          ASSERT_NE(entry, nullptr);
          EXPECT_EQ(op.descr, entry->unboxedEntry) << text;
          ++selfCalls;
        }
        // The argument and result boxes are gone: the int goes in and comes out raw.
        EXPECT_NE(op.opcode, Opcode::new_with_vtable) << backend << "\n" << text;
      }
    }
    EXPECT_GE(selfCalls, 1) << backend << "\n" << run.log;
  }
}

TEST(ToyLoops, HotLoopFreeFunctionGetsAFunctionTrace) {
  ToyRun run = runToy("deep_recursion.stk", "threshold=1,function_threshold=1,backend=reference");
  EXPECT_EQ(run.output, "804000\n144\n");
  EXPECT_GE(run.stats.functionTraces, 1);
  bool finished = false;
  for (const auto& record : run.compiled) {
    if (record.kind != jit::trace::TraceKind::kFunction) continue;
    for (const jit::ir::Op& op : record.optimized->ops())
      finished = finished || op.opcode == Opcode::finish;
  }
  EXPECT_TRUE(finished);  // function traces end in finish(result)
}

TEST(ToyLoops, ExceptionFromAResidualCallGetsABridge) {
  ToyRun run = runToy("residual_raise.stk",
                      "threshold=1,trace_eagerness=1,function_threshold=1,backend=reference");
  EXPECT_EQ(run.output, "3000000\n1000\n");
  EXPECT_EQ(run.stats.aborts, 0) << run.log;
  bool takesException = false, finishesRaising = false;
  for (const auto& record : run.compiled) {
    if (record.kind != jit::trace::TraceKind::kBridge) continue;
    const auto& ops = record.recorded->ops();
    takesException =
        takesException ||
        (!ops.empty() && std::any_of(ops.begin(), ops.end(), [](const jit::ir::Op& op) {
          return op.opcode == Opcode::guard_exception;
        }));
    for (std::size_t i = 0; i + 1 < ops.size(); ++i) {
      finishesRaising = finishesRaising ||
                        (ops[i].opcode == Opcode::call_n && ops[i + 1].opcode == Opcode::finish);
    }
  }
  EXPECT_TRUE(takesException);   // bridge out of guard_no_exception takes the pending exception
  EXPECT_TRUE(finishesRaising);  // bridge of the function trace finishes with the exception
  EXPECT_LT(run.stats.guardFailures, 50);  // 1000 raises, almost all handled in compiled code
}

}  // namespace
}  // namespace pyl::e2e
