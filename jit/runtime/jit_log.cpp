// jit/runtime/jit_log.cpp — PYLANGLOG parsing, records and the summary.
#include "jit/runtime/jit_log.h"

#include <cstdlib>

namespace pyl::jit::runtime {
namespace {

const char* const kCategoryNames[] = {"jit-log-noopt",       "jit-log-opt",    "jit-abort",
                                      "jit-bridge",          "jit-summary",    "jit-backend",
                                      "jit-backend-llvm-ir", "jit-backend-asm"};
static_assert(sizeof kCategoryNames / sizeof kCategoryNames[0] ==
              static_cast<int>(LogCategory::kCount));

double milliseconds(std::chrono::nanoseconds ns) {
  return static_cast<double>(ns.count()) / 1e6;
}

}  // namespace

JitLog::~JitLog() {
  if (ownsFile_ && out_ != nullptr) std::fclose(out_);
}

bool JitLog::configure(std::string_view spec, std::string* error) {
  bool wanted[static_cast<int>(LogCategory::kCount)] = {};
  std::string_view categories = spec;
  std::string target = "-";
  if (std::size_t colon = spec.find(':'); colon != std::string_view::npos) {
    categories = spec.substr(0, colon);
    target = std::string(spec.substr(colon + 1));
    if (target.empty()) {
      *error = "PYLANGLOG: empty target after ':' (a file name, or - for stderr)";
      return false;
    }
  }
  while (!categories.empty()) {
    std::size_t comma = categories.find(',');
    std::string_view name = categories.substr(0, comma);
    categories =
        comma == std::string_view::npos ? std::string_view() : categories.substr(comma + 1);
    bool known = false;
    for (int i = 0; i < static_cast<int>(LogCategory::kCount); ++i) {
      if (name == kCategoryNames[i] || name == "jit") {
        wanted[i] = true;
        known = true;
      }
    }
    if (!known) {
      *error =
          "PYLANGLOG: unknown category '" + std::string(name) +
          "' (jit, jit-log-noopt, jit-log-opt, jit-abort, jit-bridge, jit-summary, jit-backend, "
          "jit-backend-llvm-ir, jit-backend-asm)";
      return false;
    }
  }
  std::FILE* out = stderr;
  if (target != "-") {
    out = std::fopen(target.c_str(), "w");
    if (out == nullptr) {
      *error = "PYLANGLOG: cannot open '" + target + "' for writing";
      return false;
    }
  }
  if (ownsFile_ && out_ != nullptr) std::fclose(out_);
  out_ = out;
  ownsFile_ = out != stderr;
  for (int i = 0; i < static_cast<int>(LogCategory::kCount); ++i) enabled_[i] = wanted[i];
  return true;
}

void JitLog::configureFromEnvironment() {
  const char* spec = std::getenv("PYLANGLOG");
  if (spec == nullptr || *spec == '\0') return;
  std::string error;
  if (!configure(spec, &error)) std::fprintf(stderr, "%s\n", error.c_str());
}

void JitLog::write(LogCategory category, std::string_view label, std::string_view text) {
  if (!enabled(category) || out_ == nullptr) return;
  const char* name = kCategoryNames[static_cast<int>(category)];
  std::fprintf(out_, "{%s %.*s\n%.*s", name, static_cast<int>(label.size()), label.data(),
               static_cast<int>(text.size()), text.data());
  if (!text.empty() && text.back() != '\n') std::fputc('\n', out_);
  std::fprintf(out_, "%s}\n", name);
  std::fflush(out_);
}

std::string JitLog::formatSummary(const JitStats& s) {
  std::string out;
  auto line = [&](const char* what, std::int64_t n) {
    out += std::string(what) + ":\t" + std::to_string(n) + "\n";
  };
  line("loops", s.loops);
  line("function traces", s.functionTraces);
  line("bridges", s.bridges);
  line("aborts", s.aborts);
  for (const auto& [reason, count] : s.abortReasons)
    out += "  abort: " + reason + ":\t" + std::to_string(count) + "\n";
  line("guard failures", s.guardFailures);
  line("entered compiled code", s.enteredCompiled);
  line("invalidated traces", s.invalidated);
  line("freed traces", s.freed);
  line("ops recorded", s.opsRecorded);
  line("ops after optimization", s.opsAfterOptimization);
  char times[160];
  std::snprintf(times, sizeof times,
                "tracing:\t%.3f ms\noptimizing:\t%.3f ms\ncompiling:\t%.3f ms\n",
                milliseconds(s.tracing), milliseconds(s.optimizing), milliseconds(s.compiling));
  return out + times;
}

void JitLog::writeSummary(const JitStats& stats) {
  write(LogCategory::kSummary, "", formatSummary(stats));
}

}  // namespace pyl::jit::runtime
