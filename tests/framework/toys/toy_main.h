// tests/framework/toys/toy_main.h — the command line every toy interpreter shares:
//   NAME [--jit PARAMS | --jit off] FILE
// Bad arguments print one line and exit 2; a program the toy's front end rejects exits 1 with
// "FILE:<where>: message"; otherwise the program runs under a WarmState configured from PARAMS
// (backend=llvm, the default, or backend=reference) with the log from PYLANGLOG, and its status
// is the exit status. Each toy's main.cpp only names its parser, its VM and how to run it.
#pragma once

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "gc/heap.h"
#include "jit/backend/llvm/backend_factory.h"
#include "jit/runtime/jit_log.h"
#include "jit/runtime/params.h"
#include "jit/runtime/warm_state.h"

namespace pyl::toys {

inline int toyUsage(const char* name, const std::string& why) {
  std::fprintf(stderr, "%s: %s (usage: %s [--jit PARAMS|off] FILE)\n", name, why.c_str(), name);
  return 2;
}

// Parse: (const std::string& text, std::string* error) -> pointer-like program (null on error).
// Run: (Vm&) -> int status, called with the JIT attached.
template <class Vm, class Parse, class Run>
int toyMain(const char* name, int argc, char** argv, Parse parse, Run run) {
  jit::runtime::JitParams params;
  std::string file;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--jit") {
      if (i + 1 >= argc) return toyUsage(name, "--jit needs a value");
      std::string error;
      if (!jit::runtime::parseJitParams(argv[++i], &params, &error)) {
        std::fprintf(stderr, "%s: %s\n", name, error.c_str());
        return 2;
      }
    } else if (!arg.empty() && arg[0] == '-') {
      return toyUsage(name, "unknown option " + arg);
    } else if (file.empty()) {
      file = arg;
    } else {
      return toyUsage(name, "more than one FILE");
    }
  }
  if (file.empty()) return toyUsage(name, "no FILE");
  std::ifstream in(file);
  if (!in) return toyUsage(name, "cannot read " + file);
  std::stringstream text;
  text << in.rdbuf();
  gc::init();
  std::string error;
  auto program = parse(text.str(), &error);
  if (!program) {
    std::fprintf(stderr, "%s:%s\n", file.c_str(), error.c_str());
    return 1;
  }
  jit::runtime::JitLog log;
  log.configureFromEnvironment();
  std::unique_ptr<jit::backend::Backend> backend = jit::llvm_backend::createBackend(params, &log);
  // The JIT is detached (destroyed) before the VM, and after the VM flushed its output.
  Vm vm(*program);
  jit::runtime::WarmState jit(params, *backend, log);
  jit.attach(vm.driver());
  return run(vm);
}

}  // namespace pyl::toys
