// tests/frontend/compiler/compiler_tool.cpp — the command-line probe the data-driven compiler
// tests run: it prints, for one Python file, what the matching CPython script
// (cpython_facts.py) prints from CPython's own `symtable` module and code objects, so the two
// outputs can be diffed line by line.
//
//   compiler_tool symtable FILE       symbol tables (dumpSymbolTable format)
//   compiler_tool codefacts FILE      per code object: names, counts, flag bits, constants
//   compiler_tool error FILE          "OK" or the SyntaxError as "Class: message (line, col)"
//   compiler_tool dis FILE [--call-method]   the disassembly
//   compiler_tool verify FILE|DIR...  compile (with and without CALL_METHOD) and run the
//                                     bytecode verifier on every code object; "OK" or problems
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include "pylang/bytecode/dis.h"
#include "pylang/bytecode/verify.h"
#include "pylang/compiler/compiler.h"
#include "pylang/parser/parser.h"
#include "pylang/parser/source.h"
#include "pylang/symtable/symtable.h"

namespace {

bool readFile(const char* path, std::string& out) {
  std::FILE* file = std::fopen(path, "rb");
  if (!file) return false;
  char buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) out.append(buffer, n);
  std::fclose(file);
  return true;
}

std::string errorLine(const pyl::parser::SyntaxError& e) {
  return std::string(pyl::parser::typeName(e.type)) + ": " + e.message + " (" +
         std::to_string(e.lineno) + ", " + std::to_string(e.offset) + ")\n";
}

// repr(), except that frozenset elements are sorted (CPython's order depends on hashing).
std::string constRepr(const pyl::bytecode::Constant& c) {
  using pyl::bytecode::ConstantKind;
  if (c.kind() != ConstantKind::kTuple && c.kind() != ConstantKind::kFrozenSet) return c.repr();
  std::vector<std::string> items;
  for (const auto& item : c.items()) items.push_back(constRepr(item));
  if (c.kind() == ConstantKind::kFrozenSet) {
    if (items.empty()) return "frozenset()";
    std::sort(items.begin(), items.end());
  }
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  if (c.kind() == ConstantKind::kFrozenSet) return "frozenset({" + out + "})";
  return "(" + out + (items.size() == 1 ? ",)" : ")");
}

void printFacts(const pyl::bytecode::CodeObject& code, std::string& out) {
  auto list = [](const std::vector<std::string>& names) {
    std::string s = "[";
    for (std::size_t i = 0; i < names.size(); ++i)
      s += (i ? ", " : "") + pyl::bytecode::strRepr(names[i]);
    return s + "]";
  };
  constexpr std::uint32_t kBits = pyl::bytecode::CO_GENERATOR | pyl::bytecode::CO_COROUTINE |
                                  pyl::bytecode::CO_ASYNC_GENERATOR | pyl::bytecode::CO_VARARGS |
                                  pyl::bytecode::CO_VARKEYWORDS | pyl::bytecode::CO_NESTED |
                                  pyl::bytecode::CO_OPTIMIZED | pyl::bytecode::CO_NEWLOCALS;
  out += "code " + code.qualname + " line " + std::to_string(code.firstLine) + "\n";
  out += "  varnames " + list(code.varnames) + "\n";
  out += "  cellvars " + list(code.cellvars) + "\n";
  out += "  freevars " + list(code.freevars) + "\n";
  out += "  args " + std::to_string(code.argCount) + " " + std::to_string(code.posOnlyArgCount) +
         " " + std::to_string(code.kwOnlyArgCount) + "\n";
  out += "  flags " + std::to_string(code.flags & kBits) + "\n";
  std::vector<std::string> consts;
  for (const auto& c : code.consts) {
    if (c.kind() != pyl::bytecode::ConstantKind::kCode) consts.push_back(constRepr(c));
  }
  std::sort(consts.begin(), consts.end());
  out += "  consts";
  for (const auto& c : consts) out += " " + c;
  out += "\n";
  for (const auto& nested : code.nestedCode()) printFacts(*nested, out);
}

// Compiles every .py file under the arguments and verifies the bytecode; files that do not
// compile are skipped (the parser and error tests cover them). Returns the number of problems.
int verifyFiles(int argc, char** argv) {
  std::vector<std::string> files;
  for (int i = 2; i < argc; ++i) {
    std::filesystem::path root(argv[i]);
    if (std::filesystem::is_directory(root)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (entry.is_regular_file() && entry.path().extension() == ".py" &&
            entry.path().string().find("site-packages") == std::string::npos) {
          files.push_back(entry.path().string());
        }
      }
    } else {
      files.push_back(root.string());
    }
  }
  std::sort(files.begin(), files.end());
  int problems = 0, compiled = 0;
  for (const auto& file : files) {
    std::string bytes;
    if (!readFile(file.c_str(), bytes)) continue;
    for (bool callMethod : {false, true}) {
      pyl::compiler::CompilerOptions options;
      options.callMethod = callMethod;
      auto result = pyl::compiler::compileSource(bytes, file, pyl::parser::Mode::Exec, options);
      if (!result.code) continue;
      ++compiled;
      std::string problem = pyl::bytecode::verifyCodeTree(*result.code);
      if (!problem.empty()) {
        std::printf("%s%s: %s\n", file.c_str(), callMethod ? " (CALL_METHOD)" : "",
                    problem.c_str());
        ++problems;
      }
    }
  }
  std::printf("%s: %d compilations verified, %d problems\n", problems ? "FAIL" : "OK", compiled,
              problems);
  return problems;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: compiler_tool symtable|codefacts|error|dis FILE [--call-method]\n");
    return 2;
  }
  std::string_view mode = argv[1];
  if (mode == "verify") return verifyFiles(argc, argv) == 0 ? 0 : 1;
  std::string bytes;
  if (!readFile(argv[2], bytes)) {
    std::fprintf(stderr, "compiler_tool: can't open %s\n", argv[2]);
    return 2;
  }
  pyl::compiler::CompilerOptions options;
  options.callMethod = argc > 3 && std::string_view(argv[3]) == "--call-method";
  std::string out;
  if (mode == "symtable") {
    pyl::ast::Arena arena;
    auto parsed = pyl::parser::parse(bytes, "snippet", pyl::parser::Mode::Exec, arena);
    if (parsed.error) {
      out = errorLine(*parsed.error);
    } else {
      auto text = pyl::parser::decodeSource(bytes, "snippet", false).text;
      if (auto future = pyl::compiler::futureImportError(*parsed.mod, "snippet", text)) {
        std::string line = errorLine(*future);
        std::fwrite(line.data(), 1, line.size(), stdout);
        return 0;
      }
      auto table = pyl::symtable::buildSymbolTable(*parsed.mod, "snippet", text,
                                                   pyl::compiler::futureFeatures(*parsed.mod));
      out = table.error ? errorLine(*table.error) : pyl::symtable::dumpSymbolTable(*table.table);
    }
  } else {
    auto result = pyl::compiler::compileSource(bytes, "snippet", pyl::parser::Mode::Exec, options);
    if (result.error) {
      out = errorLine(*result.error);
    } else if (mode == "error") {
      out = "OK\n";
    } else if (mode == "codefacts") {
      printFacts(*result.code, out);
    } else {
      out = pyl::bytecode::disassemble(*result.code);
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
