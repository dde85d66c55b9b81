// framework/trace_ops.cpp — names of the ops in framework/trace_ops.def, for diagnostics and for
// the recorder's start-up mapping onto jit/ir/ops.def.
#include "framework/trace_sink.h"

namespace pyl::framework {

const char* traceOpName(TraceOp op) {
  static const char* const kNames[] = {
#define PYL_TRACE_OP(name, comment) #name,
#include "framework/trace_ops.def"
#undef PYL_TRACE_OP
  };
  auto index = static_cast<std::size_t>(op);
  return index < sizeof(kNames) / sizeof(kNames[0]) ? kNames[index] : "?";
}

}  // namespace pyl::framework
