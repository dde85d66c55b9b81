// pylang/bytecode/dis.cpp — `python -m dis`-style listings of code objects (see dis.h). Column
// widths follow CPython 3.11's dis.py so listings can be compared side by side.
#include "pylang/bytecode/dis.h"

#include <cstdio>
#include <set>

namespace pyl::bytecode {

namespace {

std::string codeTitle(const CodeObject& code) {
  return "<code object " + code.name + ", file \"" + code.filename + "\", line " +
         std::to_string(code.firstLine) + ">";
}

std::string makeFunctionFlags(std::uint32_t arg) {
  static const char* const kNames[] = {"defaults", "kwdefaults", "annotations", "closure"};
  std::string out;
  for (int bit = 0; bit < 4; ++bit) {
    if (arg & (1u << bit)) out += std::string(out.empty() ? "" : ", ") + kNames[bit];
  }
  return out;
}

std::string orEmpty(const std::vector<std::string>& names, std::uint32_t index) {
  return index < names.size() ? names[index] : "<invalid " + std::to_string(index) + ">";
}

}  // namespace

std::string describeArgument(const CodeObject& code, std::size_t index) {
  Opcode op = code.opcodeAt(index);
  std::uint32_t arg = code.argAt(index);
  switch (opcodeInfo(op).arg) {
    case ArgKind::kConst:
      return arg < code.consts.size() ? code.consts[arg].repr() : "<invalid>";
    case ArgKind::kName:
      return orEmpty(code.names, arg);
    case ArgKind::kLocal:
      return orEmpty(code.varnames, arg);
    case ArgKind::kDeref:
      return arg < code.cellvars.size() + code.freevars.size() ? code.derefName(arg) : "<invalid>";
    case ArgKind::kJump:
      return "to " + std::to_string(arg);
    case ArgKind::kBinaryOp: {
      bool inplace = arg >= static_cast<std::uint32_t>(kInplaceOffset);
      std::uint32_t base = inplace ? arg - kInplaceOffset : arg;
      if (base >= std::size(kBinaryOperatorSymbols)) return "<invalid>";
      return std::string(kBinaryOperatorSymbols[base]) + (inplace ? "=" : "");
    }
    case ArgKind::kCompare:
      return arg < std::size(kCompareOperators) ? std::string(kCompareOperators[arg]) : "<invalid>";
    case ArgKind::kFormat: {
      static const char* const kConversions[] = {"", "str", "repr", "ascii"};
      std::string out = kConversions[arg & kFormatConvMask];
      if (arg & kFormatHasSpec) out += out.empty() ? "with format" : ", with format";
      return out;
    }
    case ArgKind::kMakeFunction:
      return makeFunctionFlags(arg);
    default:
      return "";
  }
}

std::string disassembleOne(const CodeObject& code) {
  std::set<std::uint32_t> targets;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (hasFlag(code.opcodeAt(i), kJumps)) targets.insert(code.argAt(i));
  }
  for (const auto& entry : code.exceptionTable) targets.insert(entry.target);

  std::string out;
  int lastLine = -1;
  char buffer[64];
  for (std::size_t i = 0; i < code.size(); ++i) {
    Opcode op = code.opcodeAt(i);
    const OpcodeInfo& info = opcodeInfo(op);
    int line = code.locationAt(i).line;
    if (line != lastLine && line > 0) {
      if (i > 0) out += "\n";
      std::snprintf(buffer, sizeof buffer, "%3d", line);
      out += buffer;
      lastLine = line;
    } else {
      out += "   ";
    }
    out += "     ";
    out += targets.count(static_cast<std::uint32_t>(i)) ? ">>" : "  ";
    std::snprintf(buffer, sizeof buffer, " %4zu ", i);
    out += buffer;
    std::string name(info.name);
    if (info.arg == ArgKind::kNoArg) {
      out += name + "\n";
      continue;
    }
    if (name.size() < 20) name.resize(20, ' ');
    std::snprintf(buffer, sizeof buffer, " %5u", code.argAt(i));
    out += name + buffer;
    std::string described = describeArgument(code, i);
    if (!described.empty()) out += " (" + described + ")";
    out += "\n";
  }
  if (!code.exceptionTable.empty()) {
    out += "ExceptionTable:\n";
    for (const auto& entry : code.exceptionTable) {
      out += "  " + std::to_string(entry.start) + " to " + std::to_string(entry.end - 1) + " -> " +
             std::to_string(entry.target) + " [" + std::to_string(entry.depth) + "]" +
             (entry.lasti ? " lasti" : "") + "\n";
    }
  }
  return out;
}

std::string disassemble(const CodeObject& code) {
  std::string out = disassembleOne(code);
  for (const auto& nested : code.nestedCode()) {
    out += "\nDisassembly of " + codeTitle(*nested) + ":\n";
    out += disassemble(*nested);
  }
  return out;
}

}  // namespace pyl::bytecode
