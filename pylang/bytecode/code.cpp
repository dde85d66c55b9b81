// pylang/bytecode/code.cpp — lookups over a finished code object (line table, exception
// table, deref names). The compiler's assembler (pylang/compiler/assembler.cpp) builds them.
#include "pylang/bytecode/code.h"

#include <algorithm>

namespace pyl::bytecode {

SourceLocation CodeObject::locationAt(std::size_t index) const {
  auto after =
      std::upper_bound(locations.begin(), locations.end(), index,
                       [](std::size_t i, const LocationRun& run) { return i < run.start; });
  if (after == locations.begin()) return {};
  return std::prev(after)->location;
}

std::optional<ExceptionTableEntry> CodeObject::handlerAt(std::size_t index) const {
  for (const auto& entry : exceptionTable) {
    if (entry.start <= index && index < entry.end) return entry;
  }
  return std::nullopt;
}

const std::string& CodeObject::derefName(std::size_t index) const {
  return index < cellvars.size() ? cellvars[index] : freevars.at(index - cellvars.size());
}

std::vector<std::shared_ptr<const CodeObject>> CodeObject::nestedCode() const {
  std::vector<std::shared_ptr<const CodeObject>> out;
  for (const auto& c : consts) {
    if (c.kind() == ConstantKind::kCode) out.push_back(c.codeValue());
  }
  return out;
}

}  // namespace pyl::bytecode
