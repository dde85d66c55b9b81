// tests/framework/toys/stack/stack_program.cpp — the toy's object model helpers and the parser
// of its assembly language, including the static stack-depth analysis that makes the value
// stack's depth a function of the pc (what the JIT's snapshots rely on).
#include "tests/framework/toys/stack/stack_program.h"

#include <charconv>
#include <deque>
#include <sstream>

#include "gc/heap.h"

namespace pyl::toys::stack {

// A value class (DESIGN(value-classes) in framework/object.h): `eq` compares ints by value and
// nothing else looks at a box's address, so the JIT may pass and return them unboxed.
const ObjectClass kIntClass{"int", sizeof(IntBox), &framework::fieldDescr<&IntBox::value>()};
const ObjectClass kNoneClass{"None", sizeof(NoneObject)};
const ObjectClass kInstanceClass{"object", sizeof(Instance)};
const ObjectClass kErrorClass{"error", sizeof(ErrorObject)};
const ObjectClass kCellClass{"cell", sizeof(GlobalCell)};
namespace {
NoneObject noneObject{{&kNoneClass}};
}
NoneObject* const kNone = &noneObject;

const char* opName(Op op) {
  static const char* const kNames[] = {
#define STACK_OP(name, operand, pops, pushes, doc) #name,
#include "tests/framework/toys/stack/stack_ops.def"
#undef STACK_OP
  };
  return kNames[static_cast<int>(op)];
}

std::int64_t mapIndexOf(Map* map, const std::string* name) {
  auto it = map->slots.find(name);
  return it == map->slots.end() ? -1 : it->second.index;
}

std::int64_t mapHoldsInt(Map* map, const std::string* name) {
  auto it = map->slots.find(name);
  return it != map->slots.end() && it->second.kind == AttrKind::kInt ? 1 : 0;
}

namespace {
// A child of `map` with `name` in a fresh slot of `kind`'s array.
std::unique_ptr<Map> extendedMap(const Map& map, const std::string* name, AttrKind kind) {
  auto child = std::make_unique<Map>();
  child->slots = map.slots;
  child->refSize = map.refSize;
  child->intSize = map.intSize;
  std::int64_t& size = kind == AttrKind::kInt ? child->intSize : child->refSize;
  child->slots[name] = AttrSlot{size++, kind};
  return child;
}
}  // namespace

Map* mapWith(Map* map, const std::string* name, std::int64_t kind) {
  auto attrKind = kind == 1 ? AttrKind::kInt : AttrKind::kRef;
  auto& child = map->transitions[{name, attrKind}];
  if (!child) child = extendedMap(*map, name, attrKind);
  return child.get();
}

Map* mapDevolved(Map* map, const std::string* name) {
  auto& child = map->devolutions[name];
  if (!child) child = extendedMap(*map, name, AttrKind::kRef);
  return child.get();
}

IntBox* boxInt(std::int64_t value) {
  auto* box = static_cast<IntBox*>(gc::allocate(sizeof(IntBox)));
  box->class_ = &kIntClass;
  box->value = value;
  return box;
}

std::string formatValue(const Object* value) {
  if (value == nullptr) return "<null>";
  if (value->class_ == &kIntClass) return std::to_string(static_cast<const IntBox*>(value)->value);
  if (value->class_ == &kNoneClass) return "None";
  if (value->class_ == &kErrorClass) return static_cast<const ErrorObject*>(value)->message;
  return "<object>";
}

namespace {

enum class Operand { none, int_, local, label, func, attr };

struct OpSpec {
  const char* name;
  Operand operand;
  int pops, pushes;
};

const OpSpec kSpecs[] = {
#define STACK_OP(name, operand, pops, pushes, doc) {#name, Operand::operand##_hack, pops, pushes},
#define none_hack none
#define int_hack int_
#define local_hack local
#define label_hack label
#define func_hack func
#define attr_hack attr
#include "tests/framework/toys/stack/stack_ops.def"
#undef STACK_OP
};

struct PendingLabel {
  std::size_t function, instr;
  std::string label;
  int line;
};
struct PendingCall {
  std::size_t function, instr;
  std::string callee;
  int line;
};
struct PendingTry {
  std::size_t start;
  std::string label;
  int line;
};

class Parser {
 public:
  explicit Parser(Program& program) : program_(program) {}

  bool parse(const std::string& source, std::string* error) {
    std::istringstream in(source);
    std::string text;
    while (std::getline(in, text)) {
      ++line_;
      if (auto hash = text.find('#'); hash != std::string::npos) text.resize(hash);
      std::istringstream words(text);
      std::vector<std::string> w;
      for (std::string word; words >> word;) w.push_back(word);
      if (w.empty()) continue;
      if (!statement(w)) return fail(error);
    }
    if (current_ != nullptr) return fail(error, "missing 'end' for function " + current_->name);
    if (!resolve()) return fail(error);
    for (auto& function : program_.functions) {
      if (!analyseDepth(*function)) return fail(error);
    }
    return true;
  }

 private:
  bool fail(std::string* error, const std::string& message = "") {
    if (!message.empty()) message_ = message;
    *error = "line " + std::to_string(errorLine_ ? errorLine_ : line_) + ": " + message_;
    return false;
  }
  bool err(const std::string& message) {
    message_ = message;
    errorLine_ = line_;
    return false;
  }

  bool statement(const std::vector<std::string>& w) {
    if (w[0] == "func") {
      if (current_ != nullptr) return err("nested func");
      if (w.size() < 2) return err("func needs a name");
      if (w.size() > 6) return err("at most 4 parameters");
      auto function = std::make_unique<Function>();
      function->name = w[1];
      for (std::size_t i = 2; i < w.size(); ++i) {
        if (localIndex(*function, w[i], false) >= 0) return err("duplicate parameter " + w[i]);
        localIndex(*function, w[i], true);
      }
      function->params = static_cast<std::int64_t>(w.size() - 2);
      for (auto& f : program_.functions) {
        if (f->name == w[1]) return err("duplicate function " + w[1]);
      }
      program_.functions.push_back(std::move(function));
      current_ = program_.functions.back().get();
      labels_.clear();
      tries_.clear();
      return true;
    }
    if (current_ == nullptr) return err("instruction outside a function");
    if (w[0] == "end") {
      if (w.size() != 1) return err("end takes no operand");
      if (!tries_.empty()) return err("try without endtry");
      for (auto& pending : pendingLabels_) {
        if (pending.function != program_.functions.size() - 1) continue;
        auto it = labels_.find(pending.label);
        if (it == labels_.end()) {
          errorLine_ = pending.line;
          return err("unknown label " + pending.label);
        }
        current_->code[pending.instr].arg = it->second;
        if (it->second <= pending.instr) current_->hasLoops = true;
      }
      for (auto& h : pendingHandlers_) {
        auto it = labels_.find(h.second);
        if (it == labels_.end()) return err("unknown handler label " + h.second);
        current_->handlers[h.first].handler = it->second;
      }
      pendingHandlers_.clear();
      std::erase_if(pendingLabels_,
                    [&](auto& p) { return p.function == program_.functions.size() - 1; });
      current_ = nullptr;
      return true;
    }
    if (w[0].back() == ':') {
      if (w.size() != 1) return err("a label stands alone on its line");
      std::string label = w[0].substr(0, w[0].size() - 1);
      if (label.empty() || !labels_.emplace(label, current_->code.size()).second)
        return err("bad or duplicate label");
      return true;
    }
    if (w[0] == "try") {
      if (w.size() != 2) return err("try needs a handler label");
      tries_.push_back({current_->code.size(), w[1], line_});
      return true;
    }
    if (w[0] == "endtry") {
      if (tries_.empty()) return err("endtry without try");
      PendingTry t = tries_.back();
      tries_.pop_back();
      // Inner regions come first in the table, so the first match is the innermost.
      current_->handlers.push_back({static_cast<std::int64_t>(t.start),
                                    static_cast<std::int64_t>(current_->code.size()), -1, -1});
      pendingHandlers_.emplace_back(current_->handlers.size() - 1, t.label);
      return true;
    }
    for (int i = 0; i < static_cast<int>(sizeof(kSpecs) / sizeof(kSpecs[0])); ++i) {
      if (w[0] != kSpecs[i].name) continue;
      Instr instr{static_cast<Op>(i), 0, nullptr, line_};
      bool needs = kSpecs[i].operand != Operand::none;
      if (needs != (w.size() == 2) || w.size() > 2)
        return err(w[0] + (needs ? " needs one operand" : " takes no operand"));
      switch (kSpecs[i].operand) {
        case Operand::none:
          break;
        case Operand::int_: {
          std::int64_t value = 0;
          auto [end, ec] = std::from_chars(w[1].data(), w[1].data() + w[1].size(), value);
          if (ec != std::errc() || end != w[1].data() + w[1].size())
            return err("bad integer " + w[1]);
          program_.constants.push_back(boxInt(value));
          instr.arg = static_cast<std::int64_t>(program_.constants.size() - 1);
          break;
        }
        case Operand::local:
          instr.arg = localIndex(*current_, w[1], true);
          break;
        case Operand::label:
          pendingLabels_.push_back(
              {program_.functions.size() - 1, current_->code.size(), w[1], line_});
          break;
        case Operand::func:
          pendingCalls_.push_back(
              {program_.functions.size() - 1, current_->code.size(), w[1], line_});
          break;
        case Operand::attr: {
          auto& interned = program_.names[w[1]];
          if (!interned) interned = std::make_unique<std::string>(w[1]);
          instr.name = interned.get();
          if ((instr.op == Op::gload || instr.op == Op::gstore) &&
              program_.globals.count(instr.name) == 0) {
            auto* cell = static_cast<GlobalCell*>(gc::allocateUncollectable(sizeof(GlobalCell)));
            cell->class_ = &kCellClass;
            cell->value = kNone;
            program_.globals[instr.name] = cell;
          }
          break;
        }
      }
      current_->code.push_back(instr);
      return true;
    }
    return err("unknown instruction " + w[0]);
  }

  static std::int64_t localIndex(Function& f, const std::string& name, bool create) {
    for (std::size_t i = 0; i < f.localNames.size(); ++i) {
      if (f.localNames[i] == name) return static_cast<std::int64_t>(i);
    }
    if (!create) return -1;
    f.localNames.push_back(name);
    f.locals = static_cast<std::int64_t>(f.localNames.size());
    return f.locals - 1;
  }

  bool resolve() {
    if (program_.functions.empty() || program_.functions[0]->name != "main") {
      return err("the first function must be main");
    }
    if (program_.functions[0]->params != 0) return err("main takes no parameters");
    for (auto& call : pendingCalls_) {
      bool found = false;
      for (std::size_t i = 0; i < program_.functions.size(); ++i) {
        if (program_.functions[i]->name == call.callee) {
          program_.functions[call.function]->code[call.instr].arg = static_cast<std::int64_t>(i);
          found = true;
        }
      }
      if (!found) {
        errorLine_ = call.line;
        return err("unknown function " + call.callee);
      }
    }
    return true;
  }

  // Every pc gets one stack depth (jumps and handlers must agree); code may not fall off the
  // end. This is what lets the JIT treat the depth as known from the pc.
  bool analyseDepth(Function& f) {
    std::vector<std::int64_t> depth(f.code.size(), -1);
    std::deque<std::pair<std::int64_t, std::int64_t>> work{{0, 0}};
    auto reach = [&](std::int64_t pc, std::int64_t d, int line) {
      if (pc >= static_cast<std::int64_t>(f.code.size())) {
        errorLine_ = line;
        return err("function " + f.name + " can run off its end (missing ret)");
      }
      if (depth[pc] == -1) {
        depth[pc] = d;
        work.emplace_back(pc, d);
      } else if (depth[pc] != d) {
        errorLine_ = f.code[pc].line;
        return err("inconsistent stack depth at this instruction");
      }
      return true;
    };
    if (f.code.empty()) return err("function " + f.name + " is empty");
    depth[0] = 0;
    while (!work.empty()) {
      auto [pc, d] = work.front();
      work.pop_front();
      const Instr& in = f.code[pc];
      std::int64_t pops = kSpecs[static_cast<int>(in.op)].pops;
      if (in.op == Op::call) pops = program_.functions[static_cast<std::size_t>(in.arg)]->params;
      std::int64_t effect = kSpecs[static_cast<int>(in.op)].pushes - pops;
      if (d < pops) {
        errorLine_ = in.line;
        return err(std::string(opName(in.op)) + " needs " + std::to_string(pops) +
                   " values on the stack");
      }
      std::int64_t next = d + effect;
      f.maxStack = std::max(f.maxStack, std::max(next, d));
      for (auto& h : f.handlers) {
        if (pc >= h.start && pc < h.end) {
          // The innermost region catches: its handler starts with the try's depth plus the
          // exception.
          if (h.depth == -1) h.depth = depth[h.start];
          if (!reach(h.handler, h.depth + 1, in.line)) return false;
          f.maxStack = std::max(f.maxStack, h.depth + 1);
          break;
        }
      }
      switch (in.op) {
        case Op::ret:
        case Op::raise:
          break;
        case Op::jump:
          if (!reach(in.arg, next, in.line)) return false;
          break;
        case Op::jumpif:
        case Op::jumpifnot:
          if (!reach(in.arg, next, in.line) || !reach(pc + 1, next, in.line)) return false;
          break;
        default:
          if (!reach(pc + 1, next, in.line)) return false;
      }
    }
    // Unreachable regions keep depth -1; their handlers may be unused.
    for (auto& h : f.handlers) {
      if (h.depth == -1) h.depth = std::max<std::int64_t>(0, depth[h.start]);
    }
    return true;
  }

  Program& program_;
  Function* current_ = nullptr;
  std::map<std::string, std::size_t> labels_;
  std::vector<PendingLabel> pendingLabels_;
  std::vector<PendingCall> pendingCalls_;
  std::vector<PendingTry> tries_;
  std::vector<std::pair<std::size_t, std::string>> pendingHandlers_;
  int line_ = 0;
  int errorLine_ = 0;
  std::string message_;
};

}  // namespace

std::unique_ptr<Program> parseProgram(const std::string& source, std::string* error) {
  auto program = std::make_unique<Program>();
  Parser parser(*program);
  if (!parser.parse(source, error)) return nullptr;
  return program;
}

}  // namespace pyl::toys::stack
