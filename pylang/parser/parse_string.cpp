// Literals: numbers (every Python 3.11 form, ints of any size kept exact), and the
// concatenation of adjacent string tokens into one Constant or JoinedStr, decoding escapes
// (str and bytes) and parsing f-strings with CPython 3.11's rules (fstring_find_literal /
// fstring_find_expr): doubled braces, nested replacement fields in format specs, conversions,
// `=`, and the expression itself parsed by a sub-parser over "(expr)".
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <gmp.h>

#include "pylang/ast/unicode_data.h"
#include "pylang/parser/parser_impl.h"

namespace pyl::parser {

using ast::Expr;
using TK = TokenKind;

namespace {

// The escapes str and bytes literals share: backslash-newline (nothing), \\ \' \" \a \b \f \n
// \r \t \v. Appends the replacement and returns true for those; false for any other escape.
bool appendSimpleEscape(std::string& out, char e) {
  static constexpr std::string_view kEscapes = "\\'\"abfnrtv";
  static constexpr std::string_view kMeanings = "\\'\"\a\b\f\n\r\t\v";
  if (e == '\n') return true;
  const size_t at = kEscapes.find(e);
  if (at == std::string_view::npos) return false;
  out += kMeanings[at];
  return true;
}

// The value of an octal escape whose first digit is `first`: up to two more digits from s[i..],
// advancing i past them.
uint32_t readOctalEscape(std::string_view s, size_t& i, char first) {
  uint32_t value = static_cast<uint32_t>(first - '0');
  for (int k = 0; k < 2 && i < s.size() && s[i] >= '0' && s[i] <= '7'; ++k, ++i) {
    value = value * 8 + static_cast<uint32_t>(s[i] - '0');
  }
  return value;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Converts digits in `base` (no prefix, no underscores) to decimal digits with GMP, whose
// conversions are subquadratic: a huge hexadecimal literal must not stall the parser.
std::string toDecimal(std::string_view digits, int base) {
  std::string text(digits);
  mpz_t value;
  mpz_init(value);
  mpz_set_str(value, text.c_str(), base);
  std::string out(mpz_sizeinbase(value, 10) + 2, '\0');
  mpz_get_str(out.data(), 10, value);
  mpz_clear(value);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// CPython 3.11 refuses decimal int literals longer than sys.int_info.default_max_str_digits.
constexpr size_t kMaxDecimalDigits = 4300;

// Result of decoding one escape-bearing piece: text, or a CPython-style error message.
struct Decoded {
  std::string text;
  std::string error;
};

// CPython's decode_unicode_with_escapes (str literals): positions in messages count the
// input as CPython's converted buffer does, where each non-ASCII character is 10 bytes.
Decoded decodeStrEscapes(std::string_view s) {
  Decoded out;
  out.text.reserve(s.size());
  std::vector<size_t> position(s.size() + 1);
  size_t p = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    position[i] = p;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80)
      ++p;
    else if ((c & 0xC0) != 0x80)
      p += 10;
  }
  position[s.size()] = p;
  auto fail = [&](size_t start, size_t end, const char* reason) {
    char message[200];
    size_t a = position[start], b = position[end] - 1;
    if (b <= a) {
      std::snprintf(
          message, sizeof message,
          "(unicode error) 'unicodeescape' codec can't decode byte 0x5c in position %zu: %s", a,
          reason);
    } else {
      std::snprintf(
          message, sizeof message,
          "(unicode error) 'unicodeescape' codec can't decode bytes in position %zu-%zu: %s", a, b,
          reason);
    }
    out.error = message;
  };
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c != '\\') {
      out.text += c;
      ++i;
      continue;
    }
    size_t start = i;
    if (i + 1 >= s.size()) {
      fail(start, s.size(), "\\ at end of string");
      return out;
    }
    char e = s[i + 1];
    i += 2;
    if (appendSimpleEscape(out.text, e)) continue;
    switch (e) {
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        ast::appendUtf8(out.text, readOctalEscape(s, i, e));
        break;
      }
      case 'x':
      case 'u':
      case 'U': {
        int count = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        uint32_t value = 0;
        for (int k = 0; k < count; ++k, ++i) {
          if (i >= s.size() || hexValue(s[i]) < 0) {
            fail(start, i,
                 e == 'x'   ? "truncated \\xXX escape"
                 : e == 'u' ? "truncated \\uXXXX escape"
                            : "truncated \\UXXXXXXXX escape");
            return out;
          }
          value = value * 16 + static_cast<uint32_t>(hexValue(s[i]));
        }
        if (value > 0x10FFFF) {
          fail(start, i, "illegal Unicode character");
          return out;
        }
        ast::appendUtf8(out.text, value);
        break;
      }
      case 'N': {
        if (i >= s.size() || s[i] != '{') {
          fail(start, i, "malformed \\N character escape");
          return out;
        }
        size_t close = s.find('}', i + 1);
        if (close == std::string_view::npos || close == i + 1) {
          fail(start, close == std::string_view::npos ? s.size() : close + 1,
               "malformed \\N character escape");
          return out;
        }
        int32_t cp = ast::lookupUnicodeName(s.substr(i + 1, close - i - 1));
        if (cp < 0) {
          fail(start, close + 1, "unknown Unicode character name");
          return out;
        }
        ast::appendUtf8(out.text, static_cast<uint32_t>(cp));
        i = close + 1;
        break;
      }
      default:
        // Unknown escapes keep their backslash (CPython warns, we stay silent).
        out.text += '\\';
        i = start + 1;
        break;
    }
  }
  return out;
}

// Bytes literal escapes (CPython's _PyBytes_DecodeEscape).
Decoded decodeBytesEscapes(std::string_view s) {
  Decoded out;
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c != '\\') {
      out.text += c;
      ++i;
      continue;
    }
    if (i + 1 >= s.size()) {
      out.error = "(value error) Trailing \\ in string";
      return out;
    }
    size_t start = i;
    char e = s[i + 1];
    i += 2;
    if (appendSimpleEscape(out.text, e)) continue;
    switch (e) {
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        out.text += static_cast<char>(readOctalEscape(s, i, e) & 0xFF);
        break;
      }
      case 'x': {
        if (i + 1 < s.size() + 1 && i + 2 <= s.size() && hexValue(s[i]) >= 0 &&
            hexValue(s[i + 1]) >= 0) {
          out.text += static_cast<char>(hexValue(s[i]) * 16 + hexValue(s[i + 1]));
          i += 2;
          break;
        }
        char message[80];
        std::snprintf(message, sizeof message, "(value error) invalid \\x escape at position %zu",
                      start);
        out.error = message;
        return out;
      }
      default:
        out.text += '\\';
        i = start + 1;
        break;
    }
  }
  return out;
}

}  // namespace

Expr* Parser::parseNumber(const Token& t) {
  std::string_view raw = text(t);
  std::string clean;
  clean.reserve(raw.size());
  for (char c : raw) {
    if (c != '_') clean += c;
  }
  auto* constant = node<ast::Constant>(tokenSpan(t));
  ast::ConstantValue& value = constant->value;
  char last = clean.back();
  bool radix = clean.size() > 1 && clean[0] == '0' &&
               (clean[1] == 'x' || clean[1] == 'X' || clean[1] == 'o' || clean[1] == 'O' ||
                clean[1] == 'b' || clean[1] == 'B');
  if (!radix && (last == 'j' || last == 'J')) {
    clean.pop_back();
    value.kind = ast::ConstantKind::Complex;
    value.imag = std::strtod(clean.c_str(), nullptr);
    return constant;
  }
  if (!radix && clean.find_first_of(".eE") != std::string::npos) {
    value.kind = ast::ConstantKind::Float;
    value.real = std::strtod(clean.c_str(), nullptr);
    return constant;
  }
  int base = 10;
  std::string_view digits = clean;
  if (radix) {
    char b = static_cast<char>(clean[1] | 0x20);
    base = b == 'x' ? 16 : b == 'o' ? 8 : 2;
    digits.remove_prefix(2);
  }
  while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
  uint64_t v = 0;
  bool overflow = false;
  for (char c : digits) {
    uint64_t d = static_cast<uint64_t>(hexValue(c));
    if (v > (UINT64_MAX - d) / static_cast<uint64_t>(base)) {
      overflow = true;
      break;
    }
    v = v * static_cast<uint64_t>(base) + d;
  }
  if (!overflow && v <= static_cast<uint64_t>(INT64_MAX)) {
    value.kind = ast::ConstantKind::Int;
    value.intValue = static_cast<int64_t>(v);
    return constant;
  }
  if (base == 10 && digits.size() > kMaxDecimalDigits) {
    failAt(SyntaxErrorType::SyntaxError, t.lineno + lineShift_, -1, t.lineno + lineShift_, -1,
           "Exceeds the limit (4300 digits) for integer string conversion: value has " +
               std::to_string(digits.size()) +
               " digits; use sys.set_int_max_str_digits() to increase the limit - Consider "
               "hexadecimal for huge integer literals to avoid decimal conversion limits.");
  }
  value.kind = ast::ConstantKind::BigInt;
  value.text =
      context_.arena->copyString(base == 10 ? std::string(digits) : toDecimal(digits, base));
  return constant;
}

// Accumulates the pieces of adjacent string tokens (CPython's FstringParser).
struct Parser::StringBuilder {
  bool fmode = false;
  bool bytesMode = false;
  bool kindU = false;
  std::string literal;
  std::vector<Expr*> values;
  Location loc;
  Parser* parser = nullptr;

  void flushLiteral() {
    if (literal.empty()) return;
    values.push_back(makeConstant());
    literal.clear();
  }
  Expr* makeConstant() {
    auto* constant = parser->node<ast::Constant>(loc);
    constant->value.kind = bytesMode ? ast::ConstantKind::Bytes : ast::ConstantKind::Str;
    constant->value.text = parser->context_.arena->copyString(literal);
    if (kindU) constant->kind = parser->context_.arena->copyString("u");
    return constant;
  }
  Expr* finish() {
    if (!fmode) return makeConstant();
    flushLiteral();
    auto* joined = parser->node<ast::JoinedStr>(loc);
    joined->values = parser->seq(values);
    return joined;
  }
};

void Parser::failString(const Token& t, const std::string& message) {
  (void)t;
  // CPython reports these at the token after the strings (the last one it read).
  failAtToken(peek(), message);
}

void Parser::failFString(const Token& t, const std::string& message) {
  failString(t, "f-string: " + message);
}

Expr* Parser::parseStrings() {
  DepthGuard guard(*this);
  size_t firstIndex = pos_;
  while (check(TK::String)) advance();
  size_t endIndex = pos_;
  peek();  // CPython has read the token after the strings; errors point at it.
  const Token& first = tokens_[firstIndex];
  StringBuilder builder;
  builder.parser = this;
  builder.loc = spanFrom(first);
  char p0 = text(first)[0];
  builder.kindU = p0 == 'u' || p0 == 'U';
  for (size_t i = firstIndex; i < endIndex; ++i) {
    const Token& t = tokens_[i];
    bool isBytes = false;
    std::string_view s = text(t);
    for (char c : s) {
      if (c == '\'' || c == '"') break;
      if (c == 'b' || c == 'B') isBytes = true;
    }
    if (i != firstIndex && isBytes != builder.bytesMode) {
      // CPython decodes the token before checking the mix.
      StringBuilder scratch;
      scratch.parser = this;
      scratch.bytesMode = isBytes;
      decodeStringToken(t, scratch);
      failString(t, "cannot mix bytes and nonbytes literals");
    }
    builder.bytesMode = isBytes;
    decodeStringToken(t, builder);
  }
  return builder.finish();
}

void Parser::decodeStringToken(const Token& t, StringBuilder& builder) {
  std::string_view s = text(t);
  bool raw = false, fstring = false;
  size_t q = 0;
  while (s[q] != '\'' && s[q] != '"') {
    char c = static_cast<char>(s[q] | 0x20);
    if (c == 'r') raw = true;
    if (c == 'f') fstring = true;
    ++q;
  }
  size_t quoteLen = (s.size() - q >= 6 && s[q + 1] == s[q] && s[q + 2] == s[q]) ? 3 : 1;
  size_t bodyStart = q + quoteLen;
  std::string_view body = s.substr(bodyStart, s.size() - bodyStart - quoteLen);
  if (builder.bytesMode) {
    for (char c : body) {
      if (static_cast<unsigned char>(c) >= 0x80) {
        failAtToken(t, "bytes can only contain ASCII literal characters");
      }
    }
    if (raw) {
      builder.literal.append(body);
      return;
    }
    Decoded d = decodeBytesEscapes(body);
    if (!d.error.empty()) failString(t, d.error);
    builder.literal += d.text;
    return;
  }
  if (fstring) {
    builder.fmode = true;
    parseFString(t, body, t.start + bodyStart, raw, builder, 0);
    return;
  }
  if (raw) {
    builder.literal.append(body);
    return;
  }
  if (body.find('\\') == std::string_view::npos) {
    builder.literal.append(body);
    return;
  }
  Decoded d = decodeStrEscapes(body);
  if (!d.error.empty()) failString(t, d.error);
  builder.literal += d.text;
}

// fstring_find_literal + fstring_find_expr, looping over one f-string body (or format spec).
// On return `i`... the body is consumed entirely (depth 0) or up to the closing '}' (spec).
void Parser::parseFString(const Token& t, std::string_view body, size_t bodyOffset, bool raw,
                          StringBuilder& builder, int depth) {
  size_t i = 0;
  // A format spec is parsed by the recursive call with `body` cut at the end of the token; it
  // reports how far it got through fstringEnd_.
  for (;;) {
    size_t literalStart = i;
    bool doubled = false;
    while (i < body.size()) {
      char ch = body[i++];
      if (!raw && ch == '\\' && i < body.size()) {
        ch = body[i++];
        if (ch == 'N') {
          if (i < body.size() && body[i++] == '{') {
            while (i < body.size() && body[i++] != '}') {
            }
          }
          continue;
        }
      }
      if (ch == '{' || ch == '}') {
        if (depth == 0) {
          if (i < body.size() && body[i] == ch) {
            doubled = true;
            break;
          }
          if (ch == '}') failFString(t, "single '}' is not allowed");
        }
        --i;
        break;
      }
    }
    std::string_view piece = body.substr(literalStart, i - literalStart);
    if (!piece.empty()) {
      if (raw || piece.find('\\') == std::string_view::npos) {
        builder.literal.append(piece);
      } else {
        Decoded d = decodeStrEscapes(piece);
        if (!d.error.empty()) failString(t, d.error);
        builder.literal += d.text;
      }
    }
    if (doubled) {
      ++i;  // skip the second brace
      continue;
    }
    if (i >= body.size() || body[i] == '}') break;
    Expr* field = parseFStringField(t, body, i, bodyOffset, raw, builder, depth);
    builder.flushLiteral();
    builder.values.push_back(field);
  }
  if (depth == 0 && i < body.size()) failFString(t, "unexpected end of string");
  if (depth != 0) {
    if (i >= body.size() || body[i] != '}') failFString(t, "expecting '}'");
  }
  fstringEnd_ = i;
}

Expr* Parser::parseFStringField(const Token& t, std::string_view body, size_t& i, size_t bodyOffset,
                                bool raw, StringBuilder& builder, int depth) {
  if (depth >= 2) failFString(t, "expressions nested too deeply");
  size_t open = i;
  ++i;  // '{'
  size_t exprStart = i;
  char quote = 0;
  int quoteSize = 0, stringEndQuotes = 0;
  char parens[200];
  int nested = 0;
  for (; i < body.size(); ++i) {
    char ch = body[i];
    if (ch == '\\') failString(t, "f-string expression part cannot include a backslash");
    if (quote) {
      if (ch == quote) {
        if (quoteSize == 3) {
          if (++stringEndQuotes == 3) quote = 0;
          continue;
        }
        quote = 0;
      } else {
        stringEndQuotes = 0;
      }
      continue;
    }
    if (ch == '\'' || ch == '"') {
      if (i + 2 < body.size() && body[i + 1] == ch && body[i + 2] == ch) {
        quoteSize = 3;
        i += 2;
      } else {
        quoteSize = 1;
      }
      stringEndQuotes = 0;
      quote = ch;
      continue;
    }
    if (ch == '{' || ch == '[' || ch == '(') {
      if (nested >= 200) failFString(t, "too many nested parenthesis");
      parens[nested++] = ch;
      continue;
    }
    if (ch == '#') failString(t, "f-string expression part cannot include '#'");
    if (nested == 0 &&
        (ch == '!' || ch == ':' || ch == '}' || ch == '=' || ch == '>' || ch == '<')) {
      if (i + 1 < body.size()) {
        char next = body[i + 1];
        if ((ch == '!' && next == '=') || (ch == '=' && next == '=') ||
            (ch == '<' && next == '=') || (ch == '>' && next == '=')) {
          ++i;
          continue;
        }
      }
      if (ch == '>' || ch == '<') continue;
      break;
    }
    if (ch == ']' || ch == '}' || ch == ')') {
      char message[100];
      if (!nested) {
        std::snprintf(message, sizeof message, "unmatched '%c'", ch);
        failFString(t, message);
      }
      char opening = parens[--nested];
      if (!((opening == '(' && ch == ')') || (opening == '[' && ch == ']') ||
            (opening == '{' && ch == '}'))) {
        std::snprintf(message, sizeof message,
                      "closing parenthesis '%c' does not match opening parenthesis '%c'", ch,
                      opening);
        failFString(t, message);
      }
    }
  }
  size_t exprEnd = i;
  if (quote) failFString(t, "unterminated string");
  if (nested) {
    char message[40];
    std::snprintf(message, sizeof message, "unmatched '%c'", parens[nested - 1]);
    failFString(t, message);
  }
  if (i >= body.size()) failFString(t, "expecting '}'");
  Expr* expression = compileFStringExpression(t, body.substr(exprStart, exprEnd - exprStart),
                                              bodyOffset + exprStart, body[exprEnd]);
  (void)open;
  bool selfDocumenting = false;
  if (body[i] == '=') {
    ++i;
    while (i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' ||
                               body[i] == '\r' || body[i] == '\f' || body[i] == '\v')) {
      ++i;
    }
    if (i >= body.size()) failFString(t, "expecting '}'");
    builder.literal.append(body.substr(exprStart, i - exprStart));
    selfDocumenting = true;
  }
  int conversion = -1;
  if (body[i] == '!') {
    ++i;
    if (i >= body.size()) failFString(t, "expecting '}'");
    conversion = static_cast<unsigned char>(body[i]);
    ++i;
    if (conversion != 's' && conversion != 'r' && conversion != 'a') {
      failFString(t, "invalid conversion character: expected 's', 'r', or 'a'");
    }
  }
  Expr* formatSpec = nullptr;
  if (i < body.size() && body[i] == ':') {
    ++i;
    if (i >= body.size()) failFString(t, "expecting '}'");
    StringBuilder spec;
    spec.parser = this;
    spec.fmode = true;
    spec.kindU = builder.kindU;
    spec.loc = tokenSpan(t);  // CPython locates a format spec at its own string token
    std::string_view rest = body.substr(i);
    parseFString(t, rest, bodyOffset + i, raw, spec, depth + 1);
    i += fstringEnd_;
    formatSpec = spec.finish();
  }
  if (i >= body.size() || body[i] != '}') failFString(t, "expecting '}'");
  ++i;
  if (selfDocumenting && !formatSpec && conversion == -1) conversion = 'r';
  auto* value = node<ast::FormattedValue>(builder.loc);
  value->value = expression;
  value->conversion = conversion;
  value->format_spec = formatSpec;
  return value;
}

// fstring_compile_expr: the expression text, wrapped in parentheses, parsed by a sub-parser
// whose node locations are moved to where the text sits in the file.
Expr* Parser::compileFStringExpression(const Token& t, std::string_view expr, size_t fileOffset,
                                       char terminator) {
  bool blank = true;
  for (char c : expr) {
    if (!(c == ' ' || c == '\t' || c == '\n' || c == '\f')) {
      blank = false;
      break;
    }
  }
  if (blank) {
    if (terminator == '!' || terminator == ':' || terminator == '=') {
      failFString(t, std::string("expression required before '") + terminator + "'");
    }
    failFString(t, "empty expression not allowed");
  }
  std::string source;
  source.reserve(expr.size() + 2);
  source += '(';
  source += expr;
  source += ')';
  // Where the '{' before the expression is in the file: its line and byte column. Fields of one
  // token come in order, so the scan resumes where the previous field's stopped (linear time).
  if (fieldScan_.token != &t || fieldScan_.position > fileOffset) {
    fieldScan_ = {&t, t.start, t.lineno, t.start - static_cast<size_t>(t.col)};
  }
  for (size_t k = fieldScan_.position; k + 1 < fileOffset; ++k) {
    if (text_[k] == '\n') {
      ++fieldScan_.line;
      fieldScan_.lineStart = k + 1;
    }
  }
  fieldScan_.position = std::max(fieldScan_.position, fileOffset > 0 ? fileOffset - 1 : 0);
  int line = fieldScan_.line;
  size_t lineStart = fieldScan_.lineStart;
  TokenStream tokens = tokenize(source);
  Parser sub(tokens, source, context_);
  sub.lineShift_ = line - 1 + lineShift_;
  sub.colShift_ = static_cast<int>(fileOffset - 1 - lineStart) + (line == 1 ? colShift_ : 0);
  sub.inFString_ = true;
  try {
    return sub.parseFStringExpression();
  } catch (const ParseFailure&) {
    error_ = std::move(sub.error_);
    fatal_ = true;
    throw;
  }
}

}  // namespace pyl::parser
