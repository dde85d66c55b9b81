// pylang/bytecode/constant.cpp — construction, equality and repr() of compile-time constants.
// repr() follows CPython's output so `pylang --dis` listings read like `python -m dis`.
#include "pylang/bytecode/constant.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "pylang/ast/unicode_data.h"
#include "pylang/bytecode/code.h"

namespace pyl::bytecode {

std::optional<BigInt> BigInt::parse(std::string_view digits, int base) {
  std::string text(digits);
  BigInt result;
  if (text.empty() || mpz_set_str(result.raw(), text.c_str(), base) != 0) return std::nullopt;
  return result;
}

std::string BigInt::toDecimal() const {
  std::string text(mpz_sizeinbase(value_, 10) + 2, '\0');
  mpz_get_str(text.data(), 10, value_);
  text.resize(std::strlen(text.c_str()));
  return text;
}

Constant Constant::ellipsis() {
  Constant c;
  c.kind_ = ConstantKind::kEllipsis;
  return c;
}

Constant Constant::boolean(bool value) {
  Constant c;
  c.kind_ = ConstantKind::kBool;
  c.bool_ = value;
  return c;
}

Constant Constant::integer(std::int64_t value) {
  return integer(BigInt(value));
}

Constant Constant::integer(BigInt value) {
  Constant c;
  c.kind_ = ConstantKind::kInt;
  c.int_ = std::make_shared<const BigInt>(std::move(value));
  return c;
}

Constant Constant::floating(double value) {
  Constant c;
  c.kind_ = ConstantKind::kFloat;
  c.real_ = value;
  return c;
}

Constant Constant::complex(double real, double imag) {
  Constant c;
  c.kind_ = ConstantKind::kComplex;
  c.real_ = real;
  c.imag_ = imag;
  return c;
}

Constant Constant::str(std::string utf8) {
  Constant c;
  c.kind_ = ConstantKind::kStr;
  c.text_ = std::make_shared<const std::string>(std::move(utf8));
  return c;
}

Constant Constant::bytes(std::string data) {
  Constant c = str(std::move(data));
  c.kind_ = ConstantKind::kBytes;
  return c;
}

Constant Constant::tuple(std::vector<Constant> items) {
  Constant c;
  c.kind_ = ConstantKind::kTuple;
  c.items_ = std::make_shared<const std::vector<Constant>>(std::move(items));
  return c;
}

namespace {

// Python's == between constants where it differs from sameAs(): numbers of different types
// (1 == 1.0 == True == (1+0j)). Used for set semantics.
bool pythonEqual(const Constant& a, const Constant& b) {
  auto complexOf = [](const Constant& c) -> std::optional<std::pair<double, double>> {
    switch (c.kind()) {
      case ConstantKind::kBool:
        return std::make_pair(c.boolValue() ? 1.0 : 0.0, 0.0);
      case ConstantKind::kInt:
        if (c.intValue().bitLength() > 53) return std::nullopt;
        return std::make_pair(static_cast<double>(c.intValue().toInt64()), 0.0);
      case ConstantKind::kFloat:
        return std::make_pair(c.floatValue(), 0.0);
      case ConstantKind::kComplex:
        return std::make_pair(c.floatValue(), c.imagValue());
      default:
        return std::nullopt;
    }
  };
  if (a.kind() != b.kind()) {
    auto x = complexOf(a), y = complexOf(b);
    return x && y && *x == *y;
  }
  if (a.kind() == ConstantKind::kFloat) return a.floatValue() == b.floatValue();
  return a.sameAs(b);
}

}  // namespace

Constant Constant::frozenset(std::vector<Constant> items) {
  std::vector<Constant> unique;
  for (auto& item : items) {
    bool seen = false;
    for (const auto& u : unique) seen = seen || pythonEqual(u, item);
    if (!seen) unique.push_back(std::move(item));
  }
  Constant c = tuple(std::move(unique));
  c.kind_ = ConstantKind::kFrozenSet;
  return c;
}

Constant Constant::code(std::shared_ptr<const CodeObject> code) {
  Constant c;
  c.kind_ = ConstantKind::kCode;
  c.code_ = std::move(code);
  return c;
}

bool Constant::truthy() const {
  switch (kind_) {
    case ConstantKind::kNone:
      return false;
    case ConstantKind::kBool:
      return bool_;
    case ConstantKind::kInt:
      return int_->sign() != 0;
    case ConstantKind::kFloat:
      return real_ != 0.0;
    case ConstantKind::kComplex:
      return real_ != 0.0 || imag_ != 0.0;
    case ConstantKind::kStr:
    case ConstantKind::kBytes:
      return !text_->empty();
    case ConstantKind::kTuple:
    case ConstantKind::kFrozenSet:
      return !items_->empty();
    case ConstantKind::kEllipsis:
    case ConstantKind::kCode:
      return true;
  }
  return true;
}

std::size_t Constant::length() const {
  if (kind_ != ConstantKind::kStr && kind_ != ConstantKind::kBytes && kind_ != ConstantKind::kTuple &&
      kind_ != ConstantKind::kFrozenSet) {
    return 0;
  }
  if (kind_ == ConstantKind::kBytes) return text_->size();
  if (kind_ == ConstantKind::kTuple || kind_ == ConstantKind::kFrozenSet) return items_->size();
  std::size_t count = 0;
  for (unsigned char ch : *text_) count += (ch & 0xC0) != 0x80;
  return count;
}

bool Constant::sameAs(const Constant& other) const {
  if (kind_ != other.kind_) return false;
  switch (kind_) {
    case ConstantKind::kNone:
    case ConstantKind::kEllipsis:
      return true;
    case ConstantKind::kBool:
      return bool_ == other.bool_;
    case ConstantKind::kInt:
      return *int_ == *other.int_;
    case ConstantKind::kFloat:
      return std::memcmp(&real_, &other.real_, sizeof real_) == 0;
    case ConstantKind::kComplex:
      return std::memcmp(&real_, &other.real_, sizeof real_) == 0 &&
             std::memcmp(&imag_, &other.imag_, sizeof imag_) == 0;
    case ConstantKind::kStr:
    case ConstantKind::kBytes:
      return *text_ == *other.text_;
    case ConstantKind::kTuple:
    case ConstantKind::kFrozenSet: {
      if (items_->size() != other.items_->size()) return false;
      for (std::size_t i = 0; i < items_->size(); ++i) {
        if (!(*items_)[i].sameAs((*other.items_)[i])) return false;
      }
      return true;
    }
    case ConstantKind::kCode:
      return code_ == other.code_;
  }
  return false;
}

std::string floatRepr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // Shortest round-trip digits in scientific form, then laid out as Python's repr does.
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  std::string sci(buffer, result.ptr);
  bool negative = sci[0] == '-';
  if (negative) sci.erase(0, 1);
  std::size_t ePos = sci.find('e');
  int exponent = std::stoi(sci.substr(ePos + 1));
  std::string digits;
  for (char ch : sci.substr(0, ePos)) {
    if (ch != '.') digits += ch;
  }
  std::string out = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp[16];
    std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return out + exp;
  }
  if (exponent < 0) return out + "0." + std::string(-exponent - 1, '0') + digits;
  if (static_cast<int>(digits.size()) <= exponent + 1) {
    return out + digits + std::string(exponent + 1 - digits.size(), '0') + ".0";
  }
  return out + digits.substr(0, exponent + 1) + "." + digits.substr(exponent + 1);
}

namespace {

// Decodes one UTF-8 sequence (lenient: surrogates encoded as 3 bytes are accepted).
char32_t decodeUtf8(std::string_view text, std::size_t& i) {
  unsigned char lead = text[i++];
  int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  char32_t cp = extra == 0 ? lead : lead & (0x3F >> extra);
  for (int k = 0; k < extra && i < text.size(); ++k) cp = (cp << 6) | (text[i++] & 0x3F);
  return cp;
}

// Appends `prefix` and `digits` lowercase hex digits of value (\x41, \ud800).
void appendEscape(std::string& out, const char* prefix, int digits, unsigned value) {
  static const char kHex[] = "0123456789abcdef";
  out += prefix;
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xF];
}

char chooseQuote(std::string_view text) {
  bool single = text.find('\'') != std::string_view::npos;
  bool dbl = text.find('"') != std::string_view::npos;
  return single && !dbl ? '"' : '\'';
}

}  // namespace

std::string strRepr(std::string_view utf8) {
  char quote = chooseQuote(utf8);
  std::string out(1, quote);
  for (std::size_t i = 0; i < utf8.size();) {
    std::size_t start = i;
    char32_t cp = decodeUtf8(utf8, i);
    if (cp == static_cast<char32_t>(quote) || cp == U'\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (cp == U'\n') {
      out += "\\n";
    } else if (cp == U'\r') {
      out += "\\r";
    } else if (cp == U'\t') {
      out += "\\t";
    } else if (cp < 0x20 || cp == 0x7F || (cp > 0x7F && !ast::isPrintableCodePoint(cp))) {
      // Not printable (str.isprintable()): escaped as repr() does.
      if (cp < 0x100) {
        appendEscape(out, "\\x", 2, static_cast<unsigned>(cp));
      } else if (cp < 0x10000) {
        appendEscape(out, "\\u", 4, static_cast<unsigned>(cp));
      } else {
        appendEscape(out, "\\U", 8, static_cast<unsigned>(cp));
      }
    } else {
      out.append(utf8.substr(start, i - start));
    }
  }
  return out + quote;
}

std::string bytesRepr(std::string_view data) {
  char quote = chooseQuote(data);
  std::string out = "b";
  out += quote;
  for (unsigned char ch : data) {
    if (ch == static_cast<unsigned char>(quote) || ch == '\\') {
      out += '\\';
      out += static_cast<char>(ch);
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\r') {
      out += "\\r";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (ch < 0x20 || ch >= 0x7F) {
      appendEscape(out, "\\x", 2, ch);
    } else {
      out += static_cast<char>(ch);
    }
  }
  return out + quote;
}

namespace {

std::string complexPart(double value) {
  std::string text = floatRepr(value);
  if (text.size() > 2 && text.ends_with(".0")) text.resize(text.size() - 2);
  return text;
}

}  // namespace

std::string Constant::repr() const {
  switch (kind_) {
    case ConstantKind::kNone:
      return "None";
    case ConstantKind::kEllipsis:
      return "Ellipsis";
    case ConstantKind::kBool:
      return bool_ ? "True" : "False";
    case ConstantKind::kInt:
      return int_->toDecimal();
    case ConstantKind::kFloat:
      return floatRepr(real_);
    case ConstantKind::kComplex: {
      if (real_ == 0.0 && !std::signbit(real_)) return complexPart(imag_) + "j";
      std::string imag = complexPart(imag_);
      if (imag[0] != '-') imag = "+" + imag;
      return "(" + complexPart(real_) + imag + "j)";
    }
    case ConstantKind::kStr:
      return strRepr(*text_);
    case ConstantKind::kBytes:
      return bytesRepr(*text_);
    case ConstantKind::kTuple:
    case ConstantKind::kFrozenSet: {
      std::string out;
      for (std::size_t i = 0; i < items_->size(); ++i) {
        if (i > 0) out += ", ";
        out += (*items_)[i].repr();
      }
      if (kind_ == ConstantKind::kFrozenSet) {
        return items_->empty() ? "frozenset()" : "frozenset({" + out + "})";
      }
      return "(" + out + (items_->size() == 1 ? ",)" : ")");
    }
    case ConstantKind::kCode:
      return "<code object " + code_->name + ", file \"" + code_->filename + "\", line " +
             std::to_string(code_->firstLine) + ">";
  }
  return "?";
}

}  // namespace pyl::bytecode
