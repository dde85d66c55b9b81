// tests/trace/e2e/tape_loops_test.cpp — the second toy's loops compile to tight traces: the
// tape is a trace constant, cells are array items, `[>+<-]` moves a value with no call and no
// allocation, and bracket loops nest (the inner loop compiled first, the outer jumping into it).
#include <gtest/gtest.h>

#include <algorithm>

#include "gc/heap.h"
#include "jit/backend/reference/reference_backend.h"
#include "jit/ir/printer.h"
#include "jit/runtime/warm_state.h"
#include "tests/framework/toys/tape/tape_vm.h"

namespace pyl::e2e {
namespace {

using jit::ir::Opcode;

struct TapeRun {
  std::unique_ptr<toys::tape::TapeProgram> program;
  std::unique_ptr<jit::runtime::JitLog> log = std::make_unique<jit::runtime::JitLog>();
  std::unique_ptr<jit::backend::ReferenceBackend> backend =
      std::make_unique<jit::backend::ReferenceBackend>();
  std::unique_ptr<toys::tape::TapeVm> vm;
  std::unique_ptr<jit::runtime::WarmState> jit;
  int status = -1;
};

std::unique_ptr<TapeRun> runTape(const std::string& source, const std::string& params) {
  gc::init();
  auto run = std::make_unique<TapeRun>();
  std::string error;
  run->program = toys::tape::compileTape(source, &error);
  EXPECT_NE(run->program, nullptr) << error;
  jit::runtime::JitParams p;
  EXPECT_TRUE(jit::runtime::parseJitParams(params, &p, &error)) << error;
  run->vm = std::make_unique<toys::tape::TapeVm>(*run->program);
  run->jit = std::make_unique<jit::runtime::WarmState>(p, *run->backend, *run->log);
  run->jit->attach(run->vm->driver());
  run->status = run->vm->run();
  return run;
}

TEST(TapeLoops, TransferLoopIsCallFreeAndAllocationFree) {
  // cell0 = 200; [>+<-] moves it to cell1; then cell1 is printed (200 = 0xC8).
  std::string source(200, '+');
  source += "[>+<-]>.";
  testing::internal::CaptureStdout();
  auto run = runTape(source, "threshold=1,backend=reference");
  run->vm->flush();
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(run->status, 0);
  EXPECT_EQ(out, std::string(1, static_cast<char>(200)));
  ASSERT_EQ(run->jit->stats().loops, 1);
  const auto& trace = *run->jit->compiled().front().optimized;
  std::string text = jit::ir::printTrace(trace);
  bool reads = false, writes = false;
  for (const jit::ir::Op& op : trace.ops()) {
    EXPECT_FALSE(jit::ir::isCall(op.opcode)) << text;
    EXPECT_FALSE(jit::ir::isAlloc(op.opcode)) << text;
    reads = reads || op.opcode == Opcode::getarrayitem_gc_i;
    writes = writes || op.opcode == Opcode::setarrayitem_gc;
  }
  EXPECT_TRUE(reads && writes) << text;
}

TEST(TapeLoops, NestedLoopsJumpIntoTheInnerLoop) {
  std::string source(50, '+');
  source += "[>" + std::string(200, '+') + "[>+<-]<-]>>.";
  testing::internal::CaptureStdout();
  auto run = runTape(source, "threshold=3,backend=reference");
  run->vm->flush();
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(out, std::string(1, static_cast<char>(10000 % 256)));
  EXPECT_GE(run->jit->stats().loops, 2);
  bool jumpsElsewhere = false;
  for (const auto& record : run->jit->compiled()) {
    const auto& ops = record.optimized->ops();
    const jit::ir::Descr* own = nullptr;
    for (const auto& op : ops) {
      if (op.opcode == Opcode::label && own == nullptr) own = op.descr;
      if (op.opcode == Opcode::jump && op.descr != nullptr && own != nullptr && op.descr != own) {
        jumpsElsewhere = true;
      }
    }
  }
  EXPECT_TRUE(jumpsElsewhere);  // some trace ends by jumping into another loop
}

// DESIGN(loop-longevity): an outer loop with two inner loops; once traced, the inner loops are
// only reached through jumps from the outer trace and its bridges, never from the interpreter.
// With the shortest longevity they must still stay alive (were they freed, every outer
// iteration would retrace them: 85 loops instead of 3).
TEST(TapeLoops, LoopsReachedOnlyByJumpsAreNotFreed) {
  std::string source =
      std::string(30, '+') + "[>" + std::string(20, '+') + "[>+<-]>" + std::string(15, '+') + "[>+<-]<<-]>>>.";
  for (const char* params : {"threshold=2,trace_eagerness=3,loop_longevity=1,backend=reference",
                             "threshold=2,trace_eagerness=3,backend=reference"}) {
    testing::internal::CaptureStdout();
    auto run = runTape(source, params);
    run->vm->flush();
    std::string out = testing::internal::GetCapturedStdout();
    EXPECT_EQ(out, std::string(1, static_cast<char>((30 * (20 + 15)) % 256))) << params;
    EXPECT_EQ(run->jit->stats().loops, 3) << params;
    EXPECT_EQ(run->jit->stats().freed, 0) << params;
  }
}

TEST(TapeLoops, MovingOffTheTapeStopsWithStatus1) {
  auto run = runTape("+[<]", "threshold=1,backend=reference");
  EXPECT_EQ(run->status, 1);
}

}  // namespace
}  // namespace pyl::e2e
