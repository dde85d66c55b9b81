// tests/framework/toys/tape/main.cpp — the tape toy's command line:
//   tape_toy [--jit PARAMS | --jit off] FILE
// Bad arguments print one line and exit 2; a program with unmatched brackets exits 1 with
// "FILE:position N: message"; moving off the tape exits 1. (Shared CLI: toys/toy_main.h.)
#include <string>

#include "tests/framework/toys/tape/tape_vm.h"
#include "tests/framework/toys/toy_main.h"

int main(int argc, char** argv) {
  using namespace pyl::toys;
  return toyMain<tape::TapeVm>(
      "tape_toy", argc, argv,
      [](const std::string& text, std::string* error) { return tape::compileTape(text, error); },
      [](tape::TapeVm& vm) {
        const int status = vm.run();
        vm.flush();
        return status;
      });
}
