// tests/unit/jit/backend_llvm/random_trace_test.cpp — differential test: >= 1000 generated
// loops (random_trace.h) run on the reference backend and on the LLVM backend must leave through
// the same guard or finish with the same live values (the resume state), the same pending
// exception, and the same heap contents reachable from those values. Failing guards get random
// bridges (finishing or jumping back into the loop) on both backends and the loop runs again.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "framework/exception_state.h"
#include "jit/backend/backend.h"
#include "jit/backend/llvm/llvm_backend.h"
#include "jit/backend/reference/reference_backend.h"
#include "jit/ir/op_semantics.h"
#include "jit/ir/printer.h"
#include "tests/unit/jit/backend_llvm/random_trace.h"

namespace pyl::jit::llvm_backend {
namespace {

using backend::ExitInfo;
using ir::Type;

constexpr int kChunks = 10;
constexpr int kLoopsPerChunk = 110;  // 1100 loops in all, plus their bridges

struct Outcome {
  ExitInfo exit;
  bool raised = false;
};

Outcome runOn(backend::Backend& backend, backend::CompiledTrace* trace, const std::vector<std::uint64_t>& inputs) {
  Outcome outcome;
  outcome.exit = backend.execute(trace, inputs);
  outcome.raised = framework::takePendingException() != nullptr;
  return outcome;
}

// The types of the values an exit reports, from the trace that exited.
std::vector<Type> exitTypes(const ExitInfo& exit) {
  const ir::Trace& trace = exit.compiled->trace();
  const ir::Op& op = trace.ops()[exit.opIndex];
  std::vector<Type> types;
  if (exit.kind == ExitInfo::Kind::kFinish) {
    for (ir::Value v : op.args) types.push_back(trace.typeOf(v));
  } else {
    for (ir::Value v : backend::guardLiveValues(trace.snapshot(op.snapshot))) types.push_back(trace.typeOf(v));
  }
  return types;
}

// Refs point at different (freshly allocated) nodes on the two backends: compare contents.
std::string describeNode(std::uint64_t node) {
  if (node == 0) return "null";
  const auto* words = reinterpret_cast<const std::uint64_t*>(node);
  std::ostringstream out;
  out << "node(class=" << words[0] << " value=" << words[1] << " float=" << words[3] << " small=" << words[4] << ")";
  return out.str();
}

std::string describeWord(std::uint64_t word, Type type) {
  if (type == Type::Ref) return describeNode(word);
  if (type == Type::Float && std::isnan(ir::bitsFloat(word))) return "nan";
  return std::to_string(word);
}

void expectSame(const Outcome& reference, const Outcome& llvm, const std::string& context) {
  ASSERT_EQ(reference.exit.kind, llvm.exit.kind) << context;
  ASSERT_EQ(&reference.exit.compiled->trace(), &llvm.exit.compiled->trace()) << context << "exited from another trace";
  ASSERT_EQ(reference.exit.opIndex, llvm.exit.opIndex) << context;
  EXPECT_EQ(reference.raised, llvm.raised) << context;
  ASSERT_EQ(reference.exit.values.size(), llvm.exit.values.size()) << context;
  std::vector<Type> types = exitTypes(reference.exit);
  for (std::size_t i = 0; i < types.size(); ++i) {
    EXPECT_EQ(describeWord(reference.exit.values[i], types[i]), describeWord(llvm.exit.values[i], types[i]))
        << context << "exit at op " << reference.exit.opIndex << ", exit value " << i;
  }
}

class RandomTraces : public ::testing::TestWithParam<int> {};

TEST_P(RandomTraces, LlvmAgreesWithTheReferenceBackend) {
  ir::DescrPool targets;
  LlvmBackend llvm;
  int guardExits = 0, bridges = 0;
  for (int i = 0; i < kLoopsPerChunk; ++i) {
    const std::uint64_t seed = static_cast<std::uint64_t>(GetParam()) * 100003u + static_cast<std::uint64_t>(i);
    ir::TargetDescr& target = targets.addTarget("rloop" + std::to_string(seed));
    testing::RandomLoop loop = testing::generateLoop(seed, target);
    backend::ReferenceBackend reference;
    backend::CompiledTrace* onReference = reference.compileLoop(loop.trace);
    backend::CompiledTrace* onLlvm = llvm.compileLoop(loop.trace);
    const std::string context = "seed " + std::to_string(seed) + "\n" + ir::printTrace(*loop.trace) + "\n";
    for (int round = 0; round < 4; ++round) {
      if (std::getenv("PYL_RANDOM_TRACE_VERBOSE")) std::fprintf(stderr, "seed %llu round %d\n", static_cast<unsigned long long>(seed), round);
      Outcome expected = runOn(reference, onReference, loop.freshInputs());
      Outcome got = runOn(llvm, onLlvm, loop.freshInputs());
      expectSame(expected, got, context + "round " + std::to_string(round) + ": ");
      if (::testing::Test::HasFatalFailure() || expected.exit.kind == ExitInfo::Kind::kFinish) break;
      ++guardExits;
      // Attach the same random bridge to the failing guard on both backends and run again.
      // Only bridges of the loop's own guards (not its bound, not bridges of bridges) may jump
      // back into the loop: each such jump advances the counter towards the bound, whose
      // bridges finish, so every run ends.
      const bool mayJump = &expected.exit.compiled->trace() == loop.trace.get() &&
                           expected.exit.opIndex != testing::kBoundGuardOp;
      auto bridge = testing::generateBridge(seed * 31 + static_cast<std::uint64_t>(round),
                                            expected.exit.compiled->trace(), expected.exit.opIndex, target, mayJump);
      if (std::getenv("PYL_RANDOM_TRACE_VERBOSE")) {
        std::fprintf(stderr, "loop:\n%s\nbridge at op %u:\n%s\n", ir::printTrace(*loop.trace).c_str(), expected.exit.opIndex,
                     ir::printTrace(*bridge).c_str());
      }
      reference.compileBridge(expected.exit.compiled, expected.exit.opIndex, bridge);
      llvm.compileBridge(got.exit.compiled, got.exit.opIndex, bridge);
      ++bridges;
    }
    if (::testing::Test::HasFailure()) {
      // What LLVM compiled, to debug the disagreement (compiled again with the IR kept).
      LlvmBackendOptions keep;
      keep.keepIr = true;
      LlvmBackend debug(keep);
      ADD_FAILURE() << "LLVM IR of the loop:\n" << debug.compileLoop(loop.trace)->ir;
      break;
    }
    llvm.free(onLlvm);
  }
  EXPECT_EQ(llvm.liveTraces(), 0u);
  // The generator must exercise exits and bridges, or this test proves little.
  EXPECT_GT(guardExits, kLoopsPerChunk / 2);
  EXPECT_GT(bridges, kLoopsPerChunk / 2);
}

INSTANTIATE_TEST_SUITE_P(Chunks, RandomTraces, ::testing::Range(0, kChunks));

}  // namespace
}  // namespace pyl::jit::llvm_backend
