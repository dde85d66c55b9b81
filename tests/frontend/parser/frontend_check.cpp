// Data-driven checks of pylang's front end, one process for many inputs (fast under ctest):
//   frontend_check dump CASES            print "name<TAB>result" for every case
//   frontend_check check CASES EXPECTED  compare with committed expectations (exit 1 on a diff)
//   frontend_check stdlib ROOT EXCLUSIONS parse every .py under ROOT (site-packages excluded)
//   frontend_check stdlib-compile ROOT EXCLUSIONS   ... and compile it (pylang/compiler/)
// A case file holds cases separated by "#### name" lines; a result is the ast.dump() line or
// "ERR Type|message|line|offset" for a syntax error. Expectations are written from CPython 3.11
// by cpython_compare.py, which also compares live with python3 when it is installed.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "pylang/ast/ast_dump.h"
#include "pylang/parser/parser.h"
#ifdef PYL_FRONTEND_CHECK_COMPILE
#include "pylang/compiler/compiler.h"
#endif

namespace {

struct Case {
  std::string name;
  std::string source;
};

bool readFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return true;
}

std::vector<Case> readCases(const std::string& text) {
  std::vector<Case> cases;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    if (line.rfind("#### ", 0) == 0) {
      cases.push_back({line.substr(5), ""});
    } else if (!cases.empty()) {
      cases.back().source += line;
      if (end < text.size()) cases.back().source += '\n';
    }
    pos = end + 1;
  }
  return cases;
}

std::string result(const std::string& source, const std::string& filename) {
  pyl::ast::Arena arena;
  pyl::parser::ParseResult r = pyl::parser::parse(source, filename, pyl::parser::Mode::Exec, arena);
  if (r.error) {
    const pyl::parser::SyntaxError& e = *r.error;
    return "ERR " + std::string(pyl::parser::typeName(e.type)) + "|" + e.message + "|" +
           std::to_string(e.lineno) + "|" + std::to_string(e.offset);
  }
  return pyl::ast::dump(*r.mod);
}

int dump(const std::string& casesPath) {
  std::string text;
  if (!readFile(casesPath, text))
    return std::fprintf(stderr, "cannot read %s\n", casesPath.c_str()), 2;
  for (const Case& c : readCases(text)) {
    std::printf("%s\t%s\n", c.name.c_str(), result(c.source, "<case>").c_str());
  }
  return 0;
}

int check(const std::string& casesPath, const std::string& expectedPath) {
  std::string text, expectedText;
  if (!readFile(casesPath, text) || !readFile(expectedPath, expectedText)) {
    std::fprintf(stderr, "cannot read %s or %s\n", casesPath.c_str(), expectedPath.c_str());
    return 2;
  }
  std::map<std::string, std::string> expected;
  std::istringstream lines(expectedText);
  for (std::string line; std::getline(lines, line);) {
    size_t tab = line.find('\t');
    if (tab != std::string::npos) expected[line.substr(0, tab)] = line.substr(tab + 1);
  }
  std::vector<Case> cases = readCases(text);
  int failures = 0;
  for (const Case& c : cases) {
    auto it = expected.find(c.name);
    std::string got = result(c.source, "<case>");
    if (it == expected.end()) {
      std::printf("MISSING expectation for case %s\n", c.name.c_str());
      ++failures;
    } else if (it->second != got) {
      std::printf("MISMATCH %s\n  expected: %s\n  got:      %s\n", c.name.c_str(),
                  it->second.c_str(), got.c_str());
      ++failures;
    }
  }
  if (cases.size() != expected.size()) {
    std::printf("case count %zu differs from expectation count %zu\n", cases.size(),
                expected.size());
    ++failures;
  }
  std::printf("%s: %zu cases, %d failures\n", casesPath.c_str(), cases.size(), failures);
  return failures ? 1 : 0;
}

// Every .py file of the stdlib must parse, except those CPython refuses too (EXCLUSIONS lists
// them with CPython's reason); an excluded file that parses means the list is stale.
#ifdef PYL_FRONTEND_CHECK_COMPILE
// Compiles a parsed module; the error message, or "" when it compiled.
std::string compileError(pyl::ast::Mod& mod, pyl::ast::Arena& arena, const std::string& path,
                         const std::string& source) {
  pyl::compiler::CompileResult compiled =
      pyl::compiler::compileModule(mod, arena, path, source, pyl::compiler::CompilerOptions{});
  if (compiled.error) return pyl::parser::formatSyntaxError(*compiled.error);
  return compiled.code ? "" : "no code object and no error\n";
}
#endif

int stdlib(const std::string& root, const std::string& exclusionsPath, bool compile) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    std::printf("SKIP: no Python 3.11 standard library at %s\n", root.c_str());
    return 77;
  }
  struct Exclusion {
    std::string stage;  // "parse": CPython's parser refuses it; "compile": only its compiler does
    std::string reason;
  };
  std::map<std::string, Exclusion> exclusions;
  std::string exclusionText;
  readFile(exclusionsPath, exclusionText);
  std::istringstream lines(exclusionText);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    size_t tab2 = tab == std::string::npos ? tab : line.find('\t', tab + 1);
    if (tab2 == std::string::npos) continue;
    exclusions[line.substr(0, tab)] = {line.substr(tab + 1, tab2 - tab - 1), line.substr(tab2 + 1)};
  }
  std::vector<std::string> files;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    std::string name = it->path().filename().string();
    if (it->is_directory() && (name == "site-packages" || name == "dist-packages")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && it->path().extension() == ".py")
      files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  int failures = 0, checked = 0, excluded = 0;
  for (const std::string& path : files) {
    std::string relative = fs::path(path).lexically_relative(root).string();
    std::string source;
    if (!readFile(path, source)) continue;
    pyl::ast::Arena arena;
    pyl::parser::ParseResult r = pyl::parser::parse(source, path, pyl::parser::Mode::Exec, arena);
    auto ex = exclusions.find(relative);
    if (ex != exclusions.end() && ex->second.stage == "parse") {
      ++excluded;
      std::printf("excluded %s (CPython's parser refuses it: %s)%s\n", relative.c_str(),
                  ex->second.reason.c_str(), r.error ? "" : " -- but pylang parsed it");
      if (!r.error) ++failures;
      continue;
    }
    if (ex != exclusions.end() && !compile) {
      std::printf("note %s parses; CPython's compiler refuses it: %s\n", relative.c_str(),
                  ex->second.reason.c_str());
    }
    ++checked;
    if (r.error) {
      ++failures;
      std::printf("FAIL %s\n%s", relative.c_str(),
                  pyl::parser::formatSyntaxError(*r.error).c_str());
      continue;
    }
#ifdef PYL_FRONTEND_CHECK_COMPILE
    if (compile) {
      std::string error = compileError(*r.mod, arena, path, source);
      bool refused = ex != exclusions.end();
      if (refused && error.empty()) {
        ++failures;
        std::printf("FAIL %s compiled, but CPython's compiler refuses it: %s\n", relative.c_str(),
                    ex->second.reason.c_str());
      } else if (refused) {
        std::printf("excluded %s (CPython's compiler refuses it: %s)\n", relative.c_str(),
                    ex->second.reason.c_str());
      } else if (!error.empty()) {
        ++failures;
        std::printf("FAIL %s does not compile\n%s", relative.c_str(), error.c_str());
      }
    }
#endif
  }
  std::printf("stdlib %s: %d files checked, %d excluded, %d failures\n", root.c_str(), checked,
              excluded, failures);
  return failures ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "dump" && argc == 3) return dump(argv[2]);
  if (mode == "check" && argc == 4) return check(argv[2], argv[3]);
  if (mode == "stdlib" && argc == 4) return stdlib(argv[2], argv[3], false);
#ifdef PYL_FRONTEND_CHECK_COMPILE
  if (mode == "stdlib-compile" && argc == 4) return stdlib(argv[2], argv[3], true);
#endif
  std::fprintf(
      stderr, "usage: frontend_check dump CASES | check CASES EXPECTED | stdlib ROOT EXCLUSIONS\n");
  return 2;
}
