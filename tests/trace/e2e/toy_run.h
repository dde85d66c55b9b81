// tests/trace/e2e/toy_run.h — runs a stack-toy program in-process with the JIT on the reference
// backend and keeps what the e2e tests look at: output, status, compiled traces, stats, log.
#pragma once

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "gc/heap.h"
#include "jit/backend/reference/reference_backend.h"
#include "jit/ir/printer.h"
#include "jit/runtime/warm_state.h"
#include "tests/framework/toys/stack/stack_vm.h"

namespace pyl::e2e {

// Everything stays alive as long as the ToyRun: compiled traces point into the runtime's
// descriptor pool and the program's code objects.
struct ToyRun {
  std::string output;
  int status = -1;
  std::vector<jit::runtime::CompiledRecord> compiled;
  jit::runtime::JitStats stats;
  std::string log;  // what PYLANGLOG=jit-abort,jit-summary would have written
  std::unique_ptr<toys::stack::Program> program;
  std::unique_ptr<jit::runtime::JitLog> jitLog;
  std::unique_ptr<jit::backend::ReferenceBackend> backend;
  std::unique_ptr<toys::stack::Vm> vm;
  std::unique_ptr<jit::runtime::WarmState> jit;  // declared last: destroyed first
};

inline ToyRun runToy(const std::string& name, const std::string& jitParams) {
  ToyRun run;
  gc::init();
  std::ifstream in(std::string(PYL_TOY_PROGRAMS) + "/" + name);
  std::stringstream text;
  text << in.rdbuf();
  std::string error;
  run.program = toys::stack::parseProgram(text.str(), &error);
  if (!run.program) {
    run.output = "parse error: " + error;
    return run;
  }
  jit::runtime::JitParams params;
  if (!jit::runtime::parseJitParams(jitParams, &params, &error)) {
    run.output = error;
    return run;
  }
  std::string logFile = ::testing::TempDir() + "/e2e-" + name + ".log";
  run.jitLog = std::make_unique<jit::runtime::JitLog>();
  run.jitLog->configure("jit-abort,jit-summary:" + logFile, &error);
  run.backend = std::make_unique<jit::backend::ReferenceBackend>();
  run.vm = std::make_unique<toys::stack::Vm>(*run.program, true);
  run.jit = std::make_unique<jit::runtime::WarmState>(params, *run.backend, *run.jitLog);
  run.jit->attach(run.vm->driver());
  run.status = run.vm->runMain();
  run.output = run.vm->output();
  run.compiled = run.jit->compiled();
  run.stats = run.jit->stats();
  run.jit->writeSummary();
  std::ifstream logIn(logFile);
  std::stringstream logText;
  logText << logIn.rdbuf();
  run.log = logText.str();
  return run;
}

// The ops of a loop trace after its last label: the peeled loop body that runs every iteration.
inline std::vector<jit::ir::Opcode> loopBody(const jit::ir::Trace& trace) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    if (trace.ops()[i].opcode == jit::ir::Opcode::label) start = i + 1;
  }
  std::vector<jit::ir::Opcode> body;
  for (std::size_t i = start; i < trace.size(); ++i) body.push_back(trace.ops()[i].opcode);
  return body;
}

}  // namespace pyl::e2e
