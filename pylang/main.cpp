// pylang's command line, shaped like `python` and `pypy`: `pylang [options] [FILE | -c CMD] args`.
// This file is compiled into every variant binary (it reads the variant's translation options);
// everything it calls lives in option-independent libraries or in the variant's own sources.
// A bad argument prints one line and exits with status 2, as CPython does.
#include <cstdio>
#include <string>
#include <string_view>

#include "configs/translation_options.h"
#include "gc/heap.h"

namespace {

constexpr std::string_view kVersion = "pylang 0.1.0 (Python 3.11 language)";

void printInfo() {
  std::printf("%.*s\ntranslation options:\n", static_cast<int>(kVersion.size()), kVersion.data());
  for (const auto& option : pyl::config::kTranslationOptions) {
    std::printf("  %-36.*s = %.*s\n", static_cast<int>(option.name.size()), option.name.data(),
                static_cast<int>(option.value.size()), option.value.data());
  }
}

void printHelp() {
  std::printf(
      "usage: pylang [option] ... [-c cmd | file] [arg] ...\n"
      "  -c cmd     program passed in as string\n"
      "  --info     print the translation options this binary was built with\n"
      "  --version  print the version and exit\n"
      "  -h, --help print this help and exit\n");
}

// One line naming the problem, one with the usage, exit status 2 (as CPython does).
int usageError(std::string_view problem) {
  std::fprintf(stderr, "pylang: %.*s\nusage: pylang [option] ... [-c cmd | file] [arg] ... "
               "(try pylang --help)\n", static_cast<int>(problem.size()), problem.data());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  pyl::gc::init({.stressEvery = static_cast<unsigned>(pyl::config::kGcStressEvery)});
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--info") {
      printInfo();
      return 0;
    }
    if (arg == "--version" || arg == "-V") {
      std::printf("%.*s\n", static_cast<int>(kVersion.size()), kVersion.data());
      return 0;
    }
    if (arg == "-h" || arg == "--help") {
      printHelp();
      return 0;
    }
    if (arg.starts_with("-") && arg != "-") {
      return usageError("unknown option " + std::string(arg));
    }
    // A program to run. The interpreter is not part of this build yet; say so plainly.
    std::fprintf(stderr, "pylang: can't run '%s': this build has no interpreter yet\n", argv[i]);
    return 1;
  }
  printHelp();
  return 0;
}
