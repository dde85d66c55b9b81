// tests/trace/e2e/longevity_test.cpp — loop_longevity (DESIGN(loop-longevity) in
// jit/runtime/warm_state.h): a loop unused for more generations than the parameter allows is
// freed and traced again later; a loop other live code jumps into is never freed under it.
#include <gtest/gtest.h>

#include <set>

#include "tests/trace/e2e/toy_run.h"

namespace pyl::e2e {
namespace {

const char* kExpected =
    "4498500\n234000\n8997000\n234000\n13495500\n234000\n17994000\n234000\n22492500\n4498500\n"
    "234000\n";

// Every label a trace defines / jumps to.
std::set<const jit::ir::Descr*> labelsOf(const jit::ir::Trace& trace, jit::ir::Opcode which) {
  std::set<const jit::ir::Descr*> out;
  for (const auto& op : trace.ops()) {
    if (op.opcode == which && op.descr != nullptr) out.insert(op.descr);
  }
  return out;
}

// Records of `count`'s loop: the first compiled trace of the program, and any with its key.
std::vector<const jit::runtime::CompiledRecord*> countLoops(const ToyRun& run) {
  std::vector<const jit::runtime::CompiledRecord*> out;
  if (run.compiled.empty()) return out;
  for (const auto& record : run.compiled) {
    if (record.kind == jit::trace::TraceKind::kLoop && record.key == run.compiled.front().key)
      out.push_back(&record);
  }
  return out;
}

TEST(LoopLongevity, UnusedLoopIsFreedAndTracedAgain) {
  ToyRun run = runToy("longevity.stk", "threshold=100,loop_longevity=2");
  ASSERT_EQ(run.output, kExpected);
  EXPECT_GE(run.stats.freed, 1) << run.log;
  auto count = countLoops(run);
  ASSERT_EQ(count.size(), 2u) << "count's loop should be compiled, freed and compiled again";
  EXPECT_EQ(count[0]->compiled, nullptr);  // freed
  EXPECT_NE(count[1]->compiled, nullptr);  // the new trace is in use
  EXPECT_NE(run.log.find("freed traces:\t"), std::string::npos) << run.log;
}

TEST(LoopLongevity, DefaultLongevityFreesNothingHere) {
  ToyRun run = runToy("longevity.stk", "threshold=100");
  ASSERT_EQ(run.output, kExpected);
  EXPECT_EQ(run.stats.freed, 0);
  EXPECT_EQ(countLoops(run).size(), 1u);  // entered again, not retraced
  for (const auto& record : run.compiled) EXPECT_NE(record.compiled, nullptr);
}

// With the shortest longevity, traces are freed all the time; the nested loop's outer trace
// jumps into its inner loop. No live trace may jump to a label of a freed one.
TEST(LoopLongevity, JumpTargetsOfLiveTracesStayAlive) {
  ToyRun run = runToy("longevity.stk", "threshold=20,trace_eagerness=5,loop_longevity=1");
  ASSERT_EQ(run.output, kExpected);
  EXPECT_GE(run.stats.freed, 1) << run.log;
  std::set<const jit::ir::Descr*> liveLabels, freedLabels;
  for (const auto& record : run.compiled) {
    auto labels = labelsOf(*record.optimized, jit::ir::Opcode::label);
    (record.compiled != nullptr ? liveLabels : freedLabels).insert(labels.begin(), labels.end());
  }
  bool sawJumpToOtherTrace = false;
  for (const auto& record : run.compiled) {
    if (record.compiled == nullptr) continue;
    auto own = labelsOf(*record.optimized, jit::ir::Opcode::label);
    for (const auto* target : labelsOf(*record.optimized, jit::ir::Opcode::jump)) {
      EXPECT_EQ(freedLabels.count(target), 0u) << "a live trace jumps into a freed one";
      if (own.count(target) == 0) {
        sawJumpToOtherTrace = true;
        EXPECT_EQ(liveLabels.count(target), 1u);
      }
    }
  }
  EXPECT_TRUE(sawJumpToOtherTrace) << "the program should contain a jump between traces";
}

// Regression: a new trace was stamped with the generation before its own compile, so with
// loop_longevity=1 the function trace of `scaled` and the loop calling it freed each other at
// every compile before either was entered (25,000 of each compiled, never run).
TEST(LoopLongevity, NewTracesGetTheirFullLongevity) {
  ToyRun run = runToy("calls_inline.stk", "threshold=1,function_threshold=1,loop_longevity=1");
  ASSERT_EQ(run.output, "3749975000\n");
  EXPECT_EQ(run.stats.loops, 1);
  EXPECT_EQ(run.stats.functionTraces, 1);
  EXPECT_GE(run.stats.enteredCompiled, 1);
}

// Regression: the runtime kept the record (IR included) of every freed trace, so its record
// list grew with every compile of a long-running program.
TEST(LoopLongevity, RecordsOfFreedTracesAreABoundedHistory) {
  ToyRun run = runToy("many_loops.stk", "threshold=1,loop_longevity=1");
  ASSERT_EQ(run.output, "116340\n");
  EXPECT_EQ(run.stats.loops, 70);
  ASSERT_GT(run.stats.freed, static_cast<std::int64_t>(jit::runtime::kFreedRecordsKept)) << run.log;
  std::size_t freed = 0, live = 0;
  for (const auto& record : run.compiled) ++(record.compiled == nullptr ? freed : live);
  EXPECT_EQ(freed, jit::runtime::kFreedRecordsKept);
  EXPECT_EQ(live, 70u - static_cast<std::size_t>(run.stats.freed));
}

}  // namespace
}  // namespace pyl::e2e
