// pylang's command line, shaped like `python` and `pypy`: `pylang [options] [FILE | -c CMD] args`.
// This file is compiled into every variant binary (it reads the variant's translation options);
// everything it calls lives in option-independent libraries or in the variant's own sources.
// A bad argument prints one line and exits with status 2, as CPython does.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "configs/translation_options.h"
#include "gc/heap.h"
#include "pylang/ast/ast_dump.h"
#include "pylang/bytecode/dis.h"
#include "pylang/compiler/compiler.h"
#include "pylang/parser/parser.h"

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
      "  --ast FILE print FILE's syntax tree as Python's ast.dump() does\n"
      "  --dis FILE print FILE's bytecode as `python -m dis` does\n"
      "  --info     print the translation options this binary was built with\n"
      "  --version  print the version and exit\n"
      "  -h, --help print this help and exit\n");
}

// One line naming the problem, one with the usage, exit status 2 (as CPython does).
int usageError(std::string_view problem) {
  std::fprintf(stderr,
               "pylang: %.*s\nusage: pylang [option] ... [-c cmd | file] [arg] ... "
               "(try pylang --help)\n",
               static_cast<int>(problem.size()), problem.data());
  return 2;
}

// Reads a whole file as bytes; false if it cannot be read.
bool readFile(const char* path, std::string& out) {
  std::FILE* file = std::fopen(path, "rb");
  if (!file) return false;
  char buffer[65536];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) out.append(buffer, n);
  bool ok = !std::ferror(file);
  std::fclose(file);
  return ok;
}

// `--ast FILE`: the tree in ast.dump() format, or the SyntaxError as CPython prints it (exit 1).
int runAstMode(const char* path) {
  std::string source;
  if (!readFile(path, source)) {
    int error = errno;
    std::fprintf(stderr, "pylang: can't open file '%s': [Errno %d] %s\n", path, error,
                 std::strerror(error));
    return 2;
  }
  pyl::ast::Arena arena;
  pyl::parser::ParseResult result =
      pyl::parser::parse(source, path, pyl::parser::Mode::Exec, arena);
  if (result.error) {
    std::fputs(pyl::parser::formatSyntaxError(*result.error).c_str(), stderr);
    return 1;
  }
  std::string text = pyl::ast::dump(*result.mod);
  text += '\n';
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

// `--dis FILE`: every code object of FILE disassembled (nested ones after their parent), or the
// SyntaxError as CPython prints it (exit 1). The compiler emits LOOKUP_METHOD/CALL_METHOD when
// this variant was translated with --objspace-opcodes-CALL_METHOD.
int runDisMode(const char* path) {
  std::string source;
  if (!readFile(path, source)) {
    int error = errno;
    std::fprintf(stderr, "pylang: can't open file '%s': [Errno %d] %s\n", path, error,
                 std::strerror(error));
    return 2;
  }
  pyl::compiler::CompilerOptions options;
  options.callMethod = pyl::config::kWithCallMethod;
  pyl::compiler::CompileResult result =
      pyl::compiler::compileSource(source, path, pyl::parser::Mode::Exec, options);
  if (result.error) {
    std::fputs(pyl::parser::formatSyntaxError(*result.error).c_str(), stderr);
    return 1;
  }
  std::string text = pyl::bytecode::disassemble(*result.code);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
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
    if (arg == "--ast") {
      if (i + 1 >= argc) return usageError("--ast needs a file");
      return runAstMode(argv[i + 1]);
    }
    if (arg == "--dis") {
      if (i + 1 >= argc) return usageError("--dis needs a file");
      return runDisMode(argv[i + 1]);
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
