// bench/jit/llvm_compile_bench.cpp — LLVM compile time per trace (DESIGN.md §5 budget): one
// synthetic trace of N guarded ops compiled by the LLVM backend at its three settings,
//   None: no IR passes, CodeGenOptLevel::None   Less (default): the small pipeline, Less
//   O2:   LLVM's O2 pipeline, CodeGenOptLevel::Default
// Each iteration compiles a fresh copy of the trace and frees it; the time includes codegen
// from the trace IR, LLVM passes, instruction selection, linking and freeing.
// Run: build-*/bench/jit/llvm_compile_bench [--benchmark_repetitions=5]
#include <benchmark/benchmark.h>

#include <memory>

#include "gc/heap.h"
#include "jit/backend/llvm/llvm_backend.h"
#include "jit/ir/trace.h"

namespace {

using namespace pyl::jit;
using ir::Opcode;
using ir::Value;

// A loop of `guards` groups: i = i +ovf k; guard_no_overflow; c = i < bound; guard_true(c),
// alternating with a load/store of a field, so half the guards are overflow checks and half
// compare-and-branch, each with a snapshot of four live values.
std::shared_ptr<const ir::Trace> syntheticTrace(int guards, ir::DescrPool& pool) {
  auto trace = std::make_shared<ir::Trace>();
  ir::TargetDescr& target = pool.addTarget("bench_loop" + std::to_string(guards));
  ir::FieldDescr& field = pool.addField("bench_field" + std::to_string(guards));
  field.offset = 8;
  Value a = trace->addInputArg(ir::Type::Int);
  Value b = trace->addInputArg(ir::Type::Int);
  Value p = trace->addInputArg(ir::Type::Ref);
  trace->emit(Opcode::label, {a, b, p}, &target);
  target.argTypes = {ir::Type::Int, ir::Type::Int, ir::Type::Ref};
  Value x = a;
  for (int g = 0; g < guards; ++g) {
    ir::Snapshot snapshot;
    snapshot.frames.push_back({0x100, static_cast<std::uint32_t>(g), {a, b, x, p}});
    if (g % 2 == 0) {
      x = trace->emit(Opcode::int_add_ovf, {x, trace->constInt(g + 1)});
      trace->emitGuard(Opcode::guard_no_overflow, {}, snapshot);
    } else {
      Value f = trace->emit(Opcode::getfield_gc_i, {p}, &field);
      Value c = trace->emit(Opcode::int_lt, {x, f});
      trace->emitGuard(Opcode::guard_true, {c}, snapshot);
      trace->emit(Opcode::setfield_gc, {p, x}, &field);
    }
  }
  trace->emit(Opcode::jump, {x, b, p}, &target);
  return trace;
}

void compileTrace(benchmark::State& state, int pipeline, int codegen) {
  pyl::gc::init();
  llvm_backend::LlvmBackendOptions options;
  options.irPipeline = pipeline;
  options.codegenLevel = codegen;
  llvm_backend::LlvmBackend backend(options);
  ir::DescrPool pool;
  auto trace = syntheticTrace(static_cast<int>(state.range(0)), pool);
  double llvmMillis = 0, cpuMillis = 0;
  for (auto _ : state) {
    llvm_backend::LlvmTrace* compiled = backend.compileLoop(trace);
    llvmMillis += compiled->compileMillis;
    cpuMillis += compiled->compileCpuMillis;
    state.counters["code_bytes"] = static_cast<double>(compiled->codeBytes);
    backend.free(compiled);
  }
  state.counters["llvm_ms"] = llvmMillis / static_cast<double>(state.iterations());
  state.counters["cpu_ms"] = cpuMillis / static_cast<double>(state.iterations());
  state.counters["ops"] = static_cast<double>(trace->size());
}

void None(benchmark::State& state) { compileTrace(state, 0, 0); }
void Less(benchmark::State& state) { compileTrace(state, 1, 1); }
void O2(benchmark::State& state) { compileTrace(state, 2, 2); }
// The two halves of the default: IR passes with the None code generator, and no passes with Less.
void PassesOnly(benchmark::State& state) { compileTrace(state, 1, 0); }
void CodegenLessOnly(benchmark::State& state) { compileTrace(state, 0, 1); }

BENCHMARK(None)->Arg(2)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(Less)->Arg(2)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(O2)->Arg(100)->Unit(benchmark::kMillisecond);
BENCHMARK(PassesOnly)->Arg(100)->Unit(benchmark::kMillisecond);
BENCHMARK(CodegenLessOnly)->Arg(100)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
