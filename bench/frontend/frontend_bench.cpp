// Times pylang's front end on many files in one process (not a test; bench/frontend/run.py
// drives it and compares with CPython). Files are read into memory first, so only parsing
// (and, with --compile, bytecode compilation) is timed, in process CPU seconds; the best of
// --repeat runs is printed as one JSON line: {"files": N, "bytes": B, "seconds": S, "errors": E}.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "pylang/compiler/compiler.h"
#include "pylang/parser/parser.h"

namespace {

struct Source {
  std::string path;
  std::string text;
};

std::vector<Source> readSources(const char* listPath) {
  std::vector<Source> sources;
  std::ifstream list(listPath);
  for (std::string path; std::getline(list, path);) {
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    sources.push_back({path, buffer.str()});
  }
  return sources;
}

// One pass over every source; returns the number of sources that failed.
int runOnce(const std::vector<Source>& sources, bool compile) {
  int errors = 0;
  for (const Source& s : sources) {
    pyl::ast::Arena arena;
    pyl::parser::ParseResult parsed =
        pyl::parser::parse(s.text, s.path, pyl::parser::Mode::Exec, arena);
    if (parsed.error) {
      ++errors;
      continue;
    }
    if (compile) {
      pyl::compiler::CompileResult compiled = pyl::compiler::compileModule(
          *parsed.mod, arena, s.path, s.text, pyl::compiler::CompilerOptions{});
      if (compiled.error) ++errors;
    }
  }
  return errors;
}

// Process CPU time: the machine is shared, so wall time would measure the neighbours.
double cpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  bool compile = false;
  int repeat = 5;
  const char* listPath = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--compile") == 0) {
      compile = true;
    } else if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else {
      listPath = argv[i];
    }
  }
  if (!listPath) {
    std::fprintf(stderr, "usage: pylang_frontend_bench [--compile] [--repeat N] FILELIST\n");
    return 2;
  }
  std::vector<Source> sources = readSources(listPath);
  size_t bytes = 0;
  for (const Source& s : sources) bytes += s.text.size();
  double best = 1e30;
  int errors = 0;
  for (int r = 0; r < repeat; ++r) {
    double start = cpuSeconds();
    errors = runOnce(sources, compile);
    best = std::min(best, cpuSeconds() - start);
  }
  std::printf("{\"files\": %zu, \"bytes\": %zu, \"seconds\": %.6f, \"errors\": %d}\n",
              sources.size(), bytes, best, errors);
  return 0;
}
