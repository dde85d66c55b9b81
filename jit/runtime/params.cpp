// jit/runtime/params.cpp — parsing of `--jit` strings against the table in params.def.
#include "jit/runtime/params.h"

#include <charconv>

#include "jit/opt/optimizer.h"

namespace pyl::jit::runtime {
namespace {

// The values a word parameter accepts (one line of error otherwise).
bool checkWord(std::string_view name, std::string_view value, std::string* error) {
  if (value.empty()) {
    *error = "--jit: " + std::string(name) + " needs a value";
    return false;
  }
  if (name == "enable_opts") {
    if (value == "all" || value == "none") return true;
    std::string why;
    if (!opt::parseEnableOpts(value, &why)) {
      *error = "--jit: enable_opts: " + why;
      return false;
    }
    return true;
  }
  if (name == "backend" && value != "llvm" && value != "reference") {
    *error = "--jit: backend must be llvm or reference, got '" + std::string(value) + "'";
    return false;
  }
  return true;
}

bool setOne(std::string_view name, std::string_view value, JitParams* params, std::string* error) {
#define PYL_JIT_STRING_PARAM(param, defaultValue, doc) \
  if (name == #param) {                                \
    if (!checkWord(name, value, error)) return false;  \
    params->param = std::string(value);                \
    return true;                                       \
  }
#define PYL_JIT_PARAM(param, defaultValue, minValue, maxValue, doc)                      \
  if (name == #param) {                                                                  \
    std::int64_t parsed = 0;                                                             \
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed); \
    if (ec != std::errc() || end != value.data() + value.size()) {                       \
      *error = "--jit: " #param " needs an integer, got '" + std::string(value) + "'";   \
      return false;                                                                      \
    }                                                                                    \
    if (parsed < (minValue) || parsed > (maxValue)) {                                    \
      *error = "--jit: " #param " must be in [" + std::to_string(minValue) + ", " +      \
               std::to_string(maxValue) + "], got " + std::string(value);                \
      return false;                                                                      \
    }                                                                                    \
    params->param = parsed;                                                              \
    return true;                                                                         \
  }
#include "jit/runtime/params.def"
#undef PYL_JIT_PARAM
#undef PYL_JIT_STRING_PARAM
  *error = "--jit: unknown parameter '" + std::string(name) + "'";
  return false;
}

}  // namespace

bool parseJitParams(std::string_view text, JitParams* params, std::string* error) {
  JitParams result = *params;
  if (text == "off") {
    result.enabled = false;
    *params = result;
    return true;
  }
  if (text.empty()) {
    *error = "--jit: empty parameter list (use off or name=value,...)";
    return false;
  }
  result.enabled = true;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (comma != std::string_view::npos && text.empty()) {
      *error = "--jit: trailing comma";
      return false;
    }
    std::size_t eq = item.find('=');
    if (item == "off") {
      *error = "--jit: 'off' cannot be combined with other parameters";
      return false;
    }
    if (eq == std::string_view::npos || eq == 0) {
      *error = "--jit: expected name=value, got '" + std::string(item) + "'";
      return false;
    }
    if (!setOne(item.substr(0, eq), item.substr(eq + 1), &result, error)) return false;
  }
  *params = result;
  return true;
}

std::string describeJitParams(const JitParams& params) {
  std::string out;
  if (!params.enabled) return "off";
#define PYL_JIT_PARAM(name, defaultValue, minValue, maxValue, doc) \
  out += #name "=" + std::to_string(params.name) + ",";
#define PYL_JIT_STRING_PARAM(name, defaultValue, doc) out += #name "=" + params.name + ",";
#include "jit/runtime/params.def"
#undef PYL_JIT_PARAM
#undef PYL_JIT_STRING_PARAM
  out.pop_back();
  return out;
}

}  // namespace pyl::jit::runtime
