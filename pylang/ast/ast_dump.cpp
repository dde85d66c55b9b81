// ast.dump for pylang trees (see ast_dump.h). Generic over the node table: every node prints
// as `Name(field=value, ...)` through forEachField, omitting fields that are None (absent
// optional fields), as CPython 3.11 does for fields whose class default is None.
#include "pylang/ast/ast_dump.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <type_traits>

#include "pylang/ast/unicode_data.h"

namespace pyl::ast {

namespace {

// Decodes generalized UTF-8 (surrogates allowed) one code point at a time.
uint32_t nextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i++]);
  if (c < 0x80) return c;
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
  uint32_t cp = c & (0x3F >> extra);
  for (int k = 0; k < extra && i < s.size(); ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  return cp;
}

void appendHex(std::string& out, const char* prefix, uint32_t value, int digits) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%s%0*x", prefix, digits, value);
  out += buffer;
}

std::string reprStr(std::string_view s) {
  bool hasSingle = s.find('\'') != std::string_view::npos;
  bool hasDouble = s.find('"') != std::string_view::npos;
  char quote = hasSingle && !hasDouble ? '"' : '\'';
  std::string out(1, quote);
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = nextCodePoint(s, i);
    if (cp == static_cast<uint32_t>(quote) || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp < 0x20 || cp == 0x7F) {
      appendHex(out, "\\x", cp, 2);
    } else if (cp < 0x7F) {
      out += static_cast<char>(cp);
    } else if (isPrintableCodePoint(cp)) {
      size_t length = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      out.append(s.substr(i - length, length));
    } else if (cp <= 0xFF) {
      appendHex(out, "\\x", cp, 2);
    } else if (cp <= 0xFFFF) {
      appendHex(out, "\\u", cp, 4);
    } else {
      appendHex(out, "\\U", cp, 8);
    }
  }
  out += quote;
  return out;
}

std::string reprBytes(std::string_view s) {
  bool hasSingle = s.find('\'') != std::string_view::npos;
  bool hasDouble = s.find('"') != std::string_view::npos;
  char quote = hasSingle && !hasDouble ? '"' : '\'';
  std::string out = "b";
  out += quote;
  for (unsigned char c : s) {
    if (c == static_cast<unsigned char>(quote) || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c >= 0x7F) {
      appendHex(out, "\\x", c, 2);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += quote;
  return out;
}

class Dumper {
 public:
  std::string out;
  bool attributes = false;

  template <class T>
  void node(const T& n) {
    out += T::kPythonName;
    out += '(';
    bool first = true;
    n.forEachField([&](const char* name, const auto& value) {
      if (isNone(value)) return;
      if (!first) out += ", ";
      first = false;
      out += name;
      out += '=';
      this->value(value);
    });
    if constexpr (requires { n.loc; }) {
      if (attributes) {
        const Location& loc = n.loc;
        if (!first) out += ", ";
        out += "lineno=" + std::to_string(loc.lineno) +
               ", col_offset=" + std::to_string(loc.col_offset) +
               ", end_lineno=" + std::to_string(loc.end_lineno) +
               ", end_col_offset=" + std::to_string(loc.end_col_offset);
      }
    }
    out += ')';
  }

  // Absent optional fields: null nodes and identifiers/strings with null data.
  template <class T>
  static bool isNone(const T& value) {
    if constexpr (std::is_pointer_v<T>) {
      return value == nullptr;
    } else if constexpr (std::is_same_v<T, std::string_view>) {
      return !isPresent(value);
    } else {
      return false;
    }
  }

  void value(const Mod* n) {
    visit(*n, [&](const auto& concrete) { node(concrete); });
  }
  void value(const Stmt* n) {
    visit(*n, [&](const auto& concrete) { node(concrete); });
  }
  void value(const Expr* n) {
    if (!n) {
      out += "None";
      return;
    }
    visit(*n, [&](const auto& concrete) { node(concrete); });
  }
  void value(const Pattern* n) {
    visit(*n, [&](const auto& concrete) { node(concrete); });
  }
  template <class T>
  void value(const T* n) {
    node(*n);
  }
  template <class T>
  void value(const Seq<T>& items) {
    out += '[';
    bool first = true;
    for (const T& item : items) {
      if (!first) out += ", ";
      first = false;
      value(item);
    }
    out += ']';
  }
  void value(std::string_view s) { out += reprStr(s); }
  void value(int v) { out += std::to_string(v); }
  void value(const ConstantValue& v) { out += reprConstant(v); }
  void value(ExprContext v) { enumeration(pythonName(v)); }
  void value(BoolOperator v) { enumeration(pythonName(v)); }
  void value(BinOperator v) { enumeration(pythonName(v)); }
  void value(UnaryOperator v) { enumeration(pythonName(v)); }
  void value(CmpOperator v) { enumeration(pythonName(v)); }

 private:
  void enumeration(const char* name) {
    out += name;
    out += "()";
  }
};

}  // namespace

std::string reprFloat(double value, bool addDotZero) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  std::string_view sci(buffer, static_cast<size_t>(result.ptr - buffer));
  bool negative = sci[0] == '-';
  if (negative) sci.remove_prefix(1);
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exponent = std::atoi(std::string(sci.substr(e + 1)).c_str());
  std::string out = negative ? "-" : "";
  if (exponent >= -4 && exponent < 16) {
    if (exponent >= 0) {
      size_t intDigits = static_cast<size_t>(exponent) + 1;
      if (digits.size() <= intDigits) {
        out += digits + std::string(intDigits - digits.size(), '0');
        if (addDotZero) out += ".0";
      } else {
        out += digits.substr(0, intDigits) + "." + digits.substr(intDigits);
      }
    } else {
      out += "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  char exp[16];
  std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
  out += exp;
  return out;
}

std::string reprConstant(const ConstantValue& v) {
  switch (v.kind) {
    case ConstantKind::None:
      return "None";
    case ConstantKind::True:
      return "True";
    case ConstantKind::False:
      return "False";
    case ConstantKind::Ellipsis:
      return "Ellipsis";
    case ConstantKind::Int:
      return std::to_string(v.intValue);
    case ConstantKind::BigInt:
      return std::string(v.text);
    case ConstantKind::Float:
      return reprFloat(v.real);
    case ConstantKind::Complex: {
      if (v.real == 0.0 && !std::signbit(v.real)) return reprFloat(v.imag, false) + "j";
      std::string imag = reprFloat(v.imag, false);
      if (imag[0] != '-') imag = "+" + imag;
      return "(" + reprFloat(v.real, false) + imag + "j)";
    }
    case ConstantKind::Str:
      return reprStr(v.text);
    case ConstantKind::Bytes:
      return reprBytes(v.text);
  }
  return "None";
}

std::string dump(const Mod& tree, bool includeAttributes) {
  Dumper d;
  d.attributes = includeAttributes;
  d.value(&tree);
  return std::move(d.out);
}
std::string dump(const Expr& node, bool includeAttributes) {
  Dumper d;
  d.attributes = includeAttributes;
  d.value(&node);
  return std::move(d.out);
}
std::string dump(const Stmt& node, bool includeAttributes) {
  Dumper d;
  d.attributes = includeAttributes;
  d.value(&node);
  return std::move(d.out);
}

}  // namespace pyl::ast
