// tests/framework/toys/tape/main.cpp — the tape toy's command line:
//   tape_toy [--jit PARAMS | --jit off] FILE
// Bad arguments print one line and exit 2; a program with unmatched brackets exits 1 with
// "FILE:position N: message"; moving off the tape exits 1.
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
#include "tests/framework/toys/tape/tape_vm.h"

namespace {

int usage(const std::string& why) {
  std::fprintf(stderr, "tape_toy: %s (usage: tape_toy [--jit PARAMS|off] FILE)\n", why.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace pyl;
  jit::runtime::JitParams params;
  std::string file;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--jit") {
      if (i + 1 >= argc) return usage("--jit needs a value");
      std::string error;
      if (!jit::runtime::parseJitParams(argv[++i], &params, &error)) {
        std::fprintf(stderr, "tape_toy: %s\n", error.c_str());
        return 2;
      }
    } else if (!arg.empty() && arg[0] == '-') {
      return usage("unknown option " + arg);
    } else if (file.empty()) {
      file = arg;
    } else {
      return usage("more than one FILE");
    }
  }
  if (file.empty()) return usage("no FILE");
  std::ifstream in(file);
  if (!in) return usage("cannot read " + file);
  std::stringstream text;
  text << in.rdbuf();
  gc::init();
  std::string error;
  auto program = toys::tape::compileTape(text.str(), &error);
  if (!program) {
    std::fprintf(stderr, "%s:%s\n", file.c_str(), error.c_str());
    return 1;
  }
  jit::runtime::JitLog log;
  log.configureFromEnvironment();
  // --jit backend=llvm (the default) or backend=reference.
  std::unique_ptr<jit::backend::Backend> backend = jit::llvm_backend::createBackend(params, &log);
  int status;
  {
    toys::tape::TapeVm vm(*program);
    jit::runtime::WarmState jit(params, *backend, log);
    jit.attach(vm.driver());
    status = vm.run();
    vm.flush();
  }
  return status;
}
