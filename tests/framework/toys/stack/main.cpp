// tests/framework/toys/stack/main.cpp — the stack toy's command line:
//   stack_toy [--jit PARAMS | --jit off] FILE
// Bad arguments print one line and exit 2; a program that does not parse exits 1 with
// "FILE:line N: message"; an uncaught exception exits 1. (Shared CLI: toys/toy_main.h.)
#include <string>

#include "tests/framework/toys/stack/stack_vm.h"
#include "tests/framework/toys/toy_main.h"

int main(int argc, char** argv) {
  using namespace pyl::toys;
  return toyMain<stack::Vm>(
      "stack_toy", argc, argv,
      [](const std::string& text, std::string* error) { return stack::parseProgram(text, error); },
      [](stack::Vm& vm) {
        const int status = vm.runMain();
        vm.flush();
        return status;
      });
}
