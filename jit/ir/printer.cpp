// jit/ir/printer.cpp — trace -> text (format documented in jit/ir/printer.h).
//
// Numbering: input args first, then every op with a result, one running counter shared by all
// types (i0, p1, i2 …), which is also how the parser's output prints, so the text round-trips.
#include "jit/ir/printer.h"

#include <atomic>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <vector>

namespace pyl::jit::ir {

namespace {

std::atomic<LocationPrinter> currentLocationPrinter{nullptr};

std::string hex(std::uint64_t v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "0x%" PRIx64, v);
  return buffer;
}

class Printer {
 public:
  Printer(const Trace& trace, const PrintOptions& options) : trace_(trace), options_(options) {
    std::uint32_t counter = 0;
    for (std::size_t i = 0; i < trace.inputArgCount(); ++i)
      inputNames_.push_back(name(trace.inputArgType(i), counter++));
    for (const Op& op : trace.ops()) {
      opNames_.push_back(op.type() == Type::Void ? std::string() : name(op.type(), counter++));
    }
  }

  std::string trace() const {
    std::string out = "[";
    for (std::size_t i = 0; i < inputNames_.size(); ++i) {
      if (i != 0) out += ", ";
      out += inputNames_[i];
    }
    out += "]\n";
    for (std::size_t i = 0; i < trace_.size(); ++i) out += op(i) + "\n";
    return out;
  }

  std::string op(std::size_t index) const {
    const Op& op = trace_.ops()[index];
    std::string out;
    if (op.type() != Type::Void) out += opNames_[index] + " = ";
    out += std::string(opName(op.opcode)) + "(";
    for (std::size_t i = 0; i < op.args.size(); ++i) {
      if (i != 0) out += ", ";
      out += value(op.args[i]);
    }
    if (op.descr != nullptr)
      out += std::string(op.args.empty() ? "" : ", ") + "descr=" + op.descr->name;
    out += ")";
    if (op.snapshot >= 0 && options_.snapshots) out += " " + snapshot(trace_.snapshot(op.snapshot));
    if (op.opcode == Opcode::debug_merge_point && op.args.size() == 3 && op.args[0].isConst() &&
        op.args[1].isConst()) {
      out += "  # " + location(trace_.constBits(op.args[0]),
                               static_cast<std::uint32_t>(trace_.constBits(op.args[1])));
    }
    return out;
  }

 private:
  static std::string name(Type type, std::uint32_t n) {
    return std::string(1, typePrefix(type)) + std::to_string(n);
  }

  std::string value(Value v) const {
    switch (v.kind()) {
      case ValueKind::kInputArg:
        return inputNames_[v.index()];
      case ValueKind::kOp:
        return opNames_[v.index()];
      case ValueKind::kVirtual:
        return "v" + std::to_string(v.index());
      case ValueKind::kNone:
        return "None";
      case ValueKind::kConst:
        return constant(v);
    }
    return "?";
  }

  std::string constant(Value v) const {
    const Constant& c = trace_.constant(v);
    std::uint64_t bits = trace_.constBits(v);
    if (c.isClass)
      return "ConstClass(" + lookupName(options_.names ? &options_.names->classes : nullptr, bits) +
             ")";
    switch (c.type) {
      case Type::Int:
        return std::to_string(static_cast<std::int64_t>(bits));
      case Type::Float:
        return floatText(trace_.constDouble(v));
      case Type::Ref: {
        if (bits == 0) return "NULL";
        if (options_.names != nullptr) {
          for (const auto& [n, p] : options_.names->pointers) {
            if (reinterpret_cast<std::uintptr_t>(p) == bits) return "ConstPtr(" + n + ")";
          }
        }
        return "ConstPtr(" + hex(bits) + ")";
      }
      case Type::Void:
        return "None";
    }
    return "?";
  }

  static std::string lookupName(const std::map<std::string, std::uint64_t>* names,
                                std::uint64_t bits) {
    if (names != nullptr) {
      for (const auto& [n, b] : *names) {
        if (b == bits) return n;
      }
    }
    return hex(bits);
  }

  static std::string floatText(double d) {
    if (std::isnan(d)) return "nan";
    if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", d);
    std::string text = buffer;
    // Keep a '.' or exponent so the parser reads a float back, not an int.
    if (text.find_first_of(".e") == std::string::npos) text += ".0";
    return text;
  }

  std::string codeName(std::uint64_t code) const {
    if (options_.names != nullptr) {
      for (const auto& [n, c] : options_.names->codes) {
        if (c == code) return n;
      }
    }
    return hex(code);
  }

  std::string location(std::uint64_t code, std::uint32_t pc) const {
    if (LocationPrinter printer = currentLocationPrinter.load(); printer != nullptr)
      return printer(code, pc);
    return codeName(code) + "@" + std::to_string(pc);
  }

  std::string snapshot(const Snapshot& s) const {
    std::string out = "[";
    for (std::size_t f = 0; f < s.frames.size(); ++f) {
      const SnapshotFrame& frame = s.frames[f];
      if (f != 0) out += "; ";
      if (frame.code != 0 || frame.pc != 0) {
        out += codeName(frame.code) + "@" + std::to_string(frame.pc) + ":";
        if (!frame.slots.empty()) out += " ";
      }
      out += valueList(frame.slots);
    }
    out += "]";
    if (s.virtuals.empty() && s.pendingStores.empty()) return out;
    out += " {";
    bool first = true;
    auto separate = [&] {
      if (!first) out += ", ";
      first = false;
    };
    for (std::size_t k = 0; k < s.virtuals.size(); ++k) {
      const VirtualObject& object = s.virtuals[k];
      separate();
      out += "v" + std::to_string(k) + " = " + std::string(opName(object.allocOp)) +
             "(descr=" + (object.descr ? object.descr->name : "?");
      for (std::size_t i = 0; i < object.values.size(); ++i) {
        out += ", ";
        if (i < object.fields.size()) out += object.fields[i]->name + "=";
        out += value(object.values[i]);
      }
      out += ")";
    }
    for (const PendingStore& store : s.pendingStores) {
      separate();
      if (store.index.isNone()) {
        out += "setfield_gc(" + value(store.object) + ", " + value(store.value);
      } else {
        out += "setarrayitem_gc(" + value(store.object) + ", " + value(store.index) + ", " +
               value(store.value);
      }
      out += ", descr=" + (store.descr ? store.descr->name : std::string("?")) + ")";
    }
    return out + "}";
  }

  std::string valueList(const std::vector<Value>& values) const {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i != 0) out += ", ";
      out += value(values[i]);
    }
    return out;
  }

  const Trace& trace_;
  const PrintOptions& options_;
  std::vector<std::string> inputNames_;
  std::vector<std::string> opNames_;
};

}  // namespace

void setLocationPrinter(LocationPrinter printer) {
  currentLocationPrinter.store(printer);
}
LocationPrinter locationPrinter() {
  return currentLocationPrinter.load();
}

std::string printTrace(const Trace& trace, const PrintOptions& options) {
  return Printer(trace, options).trace();
}

std::string printOp(const Trace& trace, std::size_t opIndex, const PrintOptions& options) {
  return Printer(trace, options).op(opIndex);
}

}  // namespace pyl::jit::ir
