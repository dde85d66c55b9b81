// framework/jit_driver.cpp — the default of InterpreterInfo's optional call_assembler support.
#include "framework/jit_driver.h"

#include <stdexcept>

namespace pyl::framework {

Word InterpreterInfo::runCalledFrame(VirtualizableFrame*, DriverAction, bool*) {
  // Reached only if an interpreter lends callDepth() without finishing frames: a bug in it.
  throw std::logic_error("InterpreterInfo::callDepth() is set but runCalledFrame is not overridden");
}

}  // namespace pyl::framework
