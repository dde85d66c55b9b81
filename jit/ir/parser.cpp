// jit/ir/parser.cpp — a small recursive-descent reader for the textual trace form.
//
// Each line is parsed on its own with a cursor; errors throw ParseError internally and leave
// parseTrace() as a ParseResult carrying "line N: message".
#include "jit/ir/parser.h"

#include <cctype>
#include <cstdlib>
#include <unordered_map>
#include <vector>

namespace pyl::jit::ir {

namespace {

struct ParseError {
  std::string message;
};

[[noreturn]] void fail(std::string message) {
  throw ParseError{std::move(message)};
}

class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {}

  void skipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool atEnd() {
    skipSpace();
    return pos_ >= text_.size();
  }
  char peek() {
    skipSpace();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  bool accept(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  void expect(char c) {
    if (!accept(c)) fail(std::string("expected '") + c + "' at column " + std::to_string(pos_ + 1));
  }
  // An identifier-ish word: letters, digits, '_', '.', '-', '+' (numbers included).
  // With `descrName`, also the characters C++ spellings of descriptors use ("IntBox::value",
  // "WordArray<ref>"), so traces copied from a JIT log parse back.
  std::string_view word(bool descrName = false) {
    skipSpace();
    std::size_t start = pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      bool extra = descrName && (c == ':' || c == '<' || c == '>' || c == '$');
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' ||
          c == '+' || extra) {
        ++pos_;
      } else {
        break;
      }
    }
    if (start == pos_) fail("expected a name or number at column " + std::to_string(pos_ + 1));
    return text_.substr(start, pos_ - start);
  }
  std::size_t position() const { return pos_; }
  void reset(std::size_t pos) { pos_ = pos; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

Type typeFromPrefix(std::string_view name) {
  switch (name.empty() ? '\0' : name[0]) {
    case 'i':
      return Type::Int;
    case 'p':
      return Type::Ref;
    case 'f':
      return Type::Float;
    default:
      fail("variable '" + std::string(name) + "' must start with i, p or f");
  }
}

bool parseInteger(std::string_view text, std::int64_t& out) {
  if (text.empty()) return false;
  std::string s(text);
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(s.c_str(), &end, 0);
  if (end != s.c_str() + s.size() || errno != 0) return false;
  out = v;
  return true;
}

bool parseUnsigned(std::string_view text, std::uint64_t& out) {
  std::string s(text);
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s.c_str(), &end, 0);
  if (s.empty() || end != s.c_str() + s.size() || errno != 0) return false;
  out = v;
  return true;
}

class Parser {
 public:
  explicit Parser(const Namespace& names) : names_(names) {}

  Trace parse(std::string_view text) {
    std::size_t lineNumber = 0;
    bool sawInputs = false;
    while (!text.empty()) {
      std::size_t newline = text.find('\n');
      std::string_view line = text.substr(0, newline);
      text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
      ++lineNumber;
      if (std::size_t hash = line.find('#'); hash != std::string_view::npos)
        line = line.substr(0, hash);
      LineCursor cursor(line);
      if (cursor.atEnd()) continue;
      try {
        if (!sawInputs) {
          parseInputs(cursor);
          sawInputs = true;
        } else {
          parseOp(cursor);
        }
        if (!cursor.atEnd())
          fail("unexpected text at column " + std::to_string(cursor.position() + 1));
      } catch (ParseError& error) {
        error.message = "line " + std::to_string(lineNumber) + ": " + error.message;
        throw;
      }
    }
    if (!sawInputs) fail("empty trace: expected the input argument list [..]");
    return std::move(trace_);
  }

 private:
  void define(std::string_view name, Value v) {
    if (!variables_.emplace(std::string(name), v).second)
      fail("variable '" + std::string(name) + "' defined twice");
  }

  void parseInputs(LineCursor& c) {
    c.expect('[');
    if (c.accept(']')) return;
    do {
      std::string_view name = c.word();
      define(name, trace_.addInputArg(typeFromPrefix(name)));
    } while (c.accept(','));
    c.expect(']');
  }

  // NAME(args) where NAME is ConstClass / ConstPtr.
  std::uint64_t namedConstant(LineCursor& c, bool isClass) {
    c.expect('(');
    std::string_view name = c.word();
    c.expect(')');
    std::uint64_t bits = 0;
    if (name.starts_with("0x") && parseUnsigned(name, bits)) return bits;
    if (isClass) {
      auto it = names_.classes.find(std::string(name));
      if (it == names_.classes.end()) fail("unknown class constant '" + std::string(name) + "'");
      return it->second;
    }
    auto it = names_.pointers.find(std::string(name));
    if (it == names_.pointers.end()) fail("unknown pointer constant '" + std::string(name) + "'");
    return static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(it->second));
  }

  Value value(LineCursor& c, const std::vector<std::string>* virtualNames = nullptr) {
    std::string_view w = c.word();
    if (w == "ConstClass") return trace_.constClass(namedConstant(c, true));
    if (w == "ConstPtr") return trace_.constOfType(Type::Ref, namedConstant(c, false));
    if (w == "NULL") return trace_.constRef(nullptr);
    if (w == "None") return Value();
    if (w == "inf" || w == "-inf" || w == "nan")
      return trace_.constFloat(std::strtod(std::string(w).c_str(), nullptr));
    char first = w[0];
    if (std::isdigit(static_cast<unsigned char>(first)) || first == '-' || first == '+') {
      std::int64_t integer = 0;
      if (parseInteger(w, integer)) return trace_.constInt(integer);
      std::string s(w);
      char* end = nullptr;
      double d = std::strtod(s.c_str(), &end);
      if (end != s.c_str() + s.size()) fail("bad number '" + s + "'");
      return trace_.constFloat(d);
    }
    if (virtualNames != nullptr) {
      for (std::size_t k = 0; k < virtualNames->size(); ++k) {
        if ((*virtualNames)[k] == w) return Value::virtualRef(static_cast<std::uint32_t>(k));
      }
    }
    auto it = variables_.find(std::string(w));
    if (it == variables_.end()) fail("unknown variable '" + std::string(w) + "'");
    return it->second;
  }

  const Descr* descr(std::string_view name) {
    const Descr* d = names_.descrs ? names_.descrs->find(name) : nullptr;
    if (d == nullptr) fail("unknown descr '" + std::string(name) + "'");
    return d;
  }

  // Is the cursor at `word=`? Consumes it if so and returns the word.
  std::optional<std::string_view> keyword(LineCursor& c) {
    std::size_t save = c.position();
    c.skipSpace();
    if (!std::isalpha(static_cast<unsigned char>(c.peek()))) return std::nullopt;
    std::string_view w = c.word(true);
    if (c.accept('=')) return w;
    c.reset(save);
    return std::nullopt;
  }

  void parseOp(LineCursor& c) {
    std::string_view first = c.word();
    std::string_view resultName;
    std::string_view name = first;
    if (c.accept('=')) {
      resultName = first;
      name = c.word();
    }
    std::optional<Opcode> opcode = opcodeFromName(name);
    if (!opcode) fail("unknown operation '" + std::string(name) + "'");
    Op op;
    op.opcode = *opcode;
    c.expect('(');
    if (!c.accept(')')) {
      do {
        if (auto kw = keyword(c)) {
          if (*kw != "descr") fail("unknown keyword '" + std::string(*kw) + "'");
          op.descr = descr(c.word(true));
        } else {
          if (op.descr != nullptr) fail("arguments after descr=");
          op.args.push_back(value(c));
        }
      } while (c.accept(','));
      c.expect(')');
    }
    if (c.peek() == '[') {
      op.snapshot = trace_.addSnapshot(parseSnapshot(c));
    } else if (isGuard(op.opcode)) {
      op.snapshot = trace_.addSnapshot(Snapshot{});
    }
    Type type = resultType(op.opcode);
    if (type == Type::Void) {
      if (!resultName.empty()) fail(std::string(name) + " has no result to name");
    } else if (resultName.empty()) {
      fail(std::string(name) + " needs a result name");
    } else if (typeFromPrefix(resultName) != type) {
      fail("result '" + std::string(resultName) + "' has the wrong type letter for " +
           std::string(name));
    }
    Value result = trace_.append(std::move(op));
    if (!resultName.empty()) define(resultName, result);
  }

  Snapshot parseSnapshot(LineCursor& c) {
    Snapshot s;
    // Virtual names are only known after the '{' block, so slots are parsed twice: first a
    // scan for the block, then the real parse with the virtual names in scope.
    std::size_t start = c.position();
    std::vector<std::string> virtualNames = scanVirtualNames(c);
    c.reset(start);
    c.expect('[');
    if (!c.accept(']')) {
      do {
        SnapshotFrame frame;
        std::size_t save = c.position();
        c.skipSpace();
        std::string_view w = c.peek() == ']' ? std::string_view() : c.word();
        if (c.accept('@')) {
          frame.code = codeIdentity(w);
          std::int64_t pc = 0;
          if (!parseInteger(c.word(), pc) || pc < 0) fail("bad pc in snapshot frame");
          frame.pc = static_cast<std::uint32_t>(pc);
          c.expect(':');
        } else {
          c.reset(save);
        }
        if (c.peek() != ';' && c.peek() != ']') {
          do {
            frame.slots.push_back(value(c, &virtualNames));
          } while (c.accept(','));
        }
        s.frames.push_back(std::move(frame));
      } while (c.accept(';'));
      c.expect(']');
    }
    if (c.accept('{')) {
      if (!c.accept('}')) {
        do {
          parseSnapshotExtra(c, s, virtualNames);
        } while (c.accept(','));
        c.expect('}');
      }
    }
    return s;
  }

  std::vector<std::string> scanVirtualNames(LineCursor& c) {
    std::vector<std::string> result;
    // Skip to the matching ']' of the frames, then read `name =` entries inside '{...}'.
    while (!c.atEnd() && c.peek() != ']') c.reset(c.position() + 1);
    if (!c.accept(']') || !c.accept('{')) return result;
    int depth = 0;
    while (!c.atEnd()) {
      char ch = c.peek();
      if (ch == '}' && depth == 0) break;
      if (ch == '(') ++depth;
      if (ch == ')') --depth;
      if (depth == 0 && std::isalpha(static_cast<unsigned char>(ch))) {
        std::string_view w = c.word();
        if (c.accept('=')) result.emplace_back(w);
        continue;
      }
      c.reset(c.position() + 1);
    }
    return result;
  }

  std::uint64_t codeIdentity(std::string_view w) {
    std::uint64_t bits = 0;
    if (w.starts_with("0x") && parseUnsigned(w, bits)) return bits;
    auto it = names_.codes.find(std::string(w));
    if (it == names_.codes.end()) fail("unknown code '" + std::string(w) + "'");
    return it->second;
  }

  void parseSnapshotExtra(LineCursor& c, Snapshot& s,
                          const std::vector<std::string>& virtualNames) {
    std::string_view w = c.word();
    if (w == "setfield_gc" || w == "setarrayitem_gc") {
      PendingStore store;
      c.expect('(');
      store.object = value(c, &virtualNames);
      c.expect(',');
      if (w == "setarrayitem_gc") {
        store.index = value(c, &virtualNames);
        c.expect(',');
      }
      store.value = value(c, &virtualNames);
      c.expect(',');
      if (auto kw = keyword(c); !kw || *kw != "descr") fail("pending store needs descr=");
      store.descr = descr(c.word(true));
      c.expect(')');
      s.pendingStores.push_back(store);
      return;
    }
    c.expect('=');
    if (s.virtuals.size() >= virtualNames.size() || virtualNames[s.virtuals.size()] != w) {
      fail("virtual '" + std::string(w) + "' out of order");
    }
    VirtualObject object;
    std::optional<Opcode> alloc = opcodeFromName(c.word());
    if (!alloc || !isAlloc(*alloc)) fail("a virtual must be new/new_with_vtable/new_array");
    object.allocOp = *alloc;
    c.expect('(');
    if (auto kw = keyword(c); !kw || *kw != "descr") fail("virtual needs descr= first");
    object.descr = descr(c.word(true));
    while (c.accept(',')) {
      if (auto kw = keyword(c)) {
        const auto* field = descrAs<FieldDescr>(descr(*kw));
        if (field == nullptr) fail("'" + std::string(*kw) + "' is not a field descr");
        object.fields.push_back(field);
      } else if (!object.fields.empty()) {
        fail("array items after fields");
      }
      object.values.push_back(value(c, &virtualNames));
    }
    c.expect(')');
    s.virtuals.push_back(std::move(object));
  }

  const Namespace& names_;
  Trace trace_;
  std::unordered_map<std::string, Value> variables_;
};

}  // namespace

ParseResult parseTrace(std::string_view text, const Namespace& names) {
  ParseResult result;
  try {
    result.trace = Parser(names).parse(text);
  } catch (const ParseError& error) {
    result.error = error.message;
  }
  return result;
}

}  // namespace pyl::jit::ir
