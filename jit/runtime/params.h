// jit/runtime/params.h — the run-time JIT parameters as one struct derived from params.def, and
// the parser of `--jit` strings: "off", or "name=value,name=value,...". `enable_opts` (the
// optimizer passes, PyPy's spelling "intbounds:rewrite:virtualize:...") and `backend` (llvm or
// reference) are the string parameters and are parsed here too.
//
//   JitParams p;
//   std::string error;
//   if (!parseJitParams("threshold=1,trace_eagerness=5", &p, &error)) -> error is one line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pyl::jit::runtime {

struct JitParams {
  bool enabled = true;  // false after "off"
#define PYL_JIT_PARAM(name, defaultValue, minValue, maxValue, doc) std::int64_t name = defaultValue;
#define PYL_JIT_STRING_PARAM(name, defaultValue, doc) std::string name = defaultValue;
#include "jit/runtime/params.def"
#undef PYL_JIT_PARAM
#undef PYL_JIT_STRING_PARAM
};

// Applies the settings in `text` on top of *params. Unknown names, malformed or out-of-range
// values give false and a one-line *error; *params is then unchanged.
bool parseJitParams(std::string_view text, JitParams* params, std::string* error);

// "threshold=1039,function_threshold=1619,...,enable_opts=all,backend=llvm" — for logs and --info.
std::string describeJitParams(const JitParams& params);

}  // namespace pyl::jit::runtime
