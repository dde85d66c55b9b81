// Python 3.11 tokenizer (CPython's Parser/tokenizer.c behaviour, written anew): one pass over
// the decoded source producing the whole token array.
//
// DESIGN(token-errors): CPython tokenizes lazily, so whether a tokenizer error or a parser error
// is reported depends on how far the parser got. We tokenize eagerly and stop at the first
// error, appending an ErrorToken: the parser reports the tokenizer's error when it reaches that
// token, and after a parser error the "hard" tokenizer errors still win, which is what CPython's
// _PyPegen_tokenize_full_source_to_check_for_errors does. Error offsets reproduce CPython's
// (1-based character offsets, sometimes pointing just past the culprit).
#include "pylang/parser/tokenizer.h"

#include "pylang/ast/unicode_data.h"

#include <cstdio>
#include <cstring>

namespace pyl::parser {

namespace {

constexpr int kMaxIndent = 100;  // CPython's MAXINDENT
constexpr int kMaxLevel = 200;   // CPython's MAXLEVEL (bracket nesting)
constexpr int kTabSize = 8;

#define PYL_TOKEN(kind, spelling) spelling,
#define PYL_OPERATOR(kind, spelling) spelling,
#define PYL_KEYWORD(kind, spelling) spelling,
constexpr const char* kSpellings[] = {
#include "pylang/parser/tokens.def"
};
#define PYL_TOKEN(kind, spelling) #kind,
#define PYL_OPERATOR(kind, spelling) #kind,
#define PYL_KEYWORD(kind, spelling) #kind,
constexpr const char* kKindNames[] = {
#include "pylang/parser/tokens.def"
};

struct KeywordEntry {
  std::string_view text;
  TokenKind kind;
};
#define PYL_KEYWORD(kind, spelling) {spelling, TokenKind::kind},
constexpr KeywordEntry kKeywords[] = {
#include "pylang/parser/tokens.def"
};

bool isIdentifierStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool isIdentifierChar(unsigned char c) {
  return isIdentifierStart(c) || (c >= '0' && c <= '9');
}
bool isDigit(int c) {
  return c >= '0' && c <= '9';
}
bool isHexDigit(int c) {
  return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Keywords bucketed by first letter, so a name is compared with at most a few of them.
struct KeywordIndex {
  uint8_t first[128] = {};  // 1 + index of the first keyword with that initial; 0: none
  uint8_t count[128] = {};
  constexpr KeywordIndex() {
    for (size_t i = 0; i < sizeof(kKeywords) / sizeof(kKeywords[0]); ++i) {
      unsigned char c = static_cast<unsigned char>(kKeywords[i].text[0]);
      if (!first[c]) first[c] = static_cast<uint8_t>(i + 1);
      ++count[c];
    }
  }
};
constexpr KeywordIndex kKeywordIndex;

TokenKind keywordOrName(std::string_view text) {
  if (text.size() < 2 || text.size() > 8) return TokenKind::Name;
  unsigned char c = static_cast<unsigned char>(text[0]);
  if (c >= 128 || !kKeywordIndex.first[c]) return TokenKind::Name;
  size_t begin = kKeywordIndex.first[c] - 1u;
  for (size_t i = begin; i < begin + kKeywordIndex.count[c]; ++i) {
    if (kKeywords[i].text == text) return kKeywords[i].kind;
  }
  return TokenKind::Name;
}

// Number of code points in the UTF-8 bytes [begin, end).
int countChars(const char* begin, const char* end) {
  int n = 0;
  for (const char* p = begin; p < end; ++p) n += (static_cast<unsigned char>(*p) & 0xC0) != 0x80;
  return n;
}

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : text_(text) {}

  TokenStream run() {
    out_.tokens.reserve(text_.size() / 4 + 16);
    indents_[0] = 0;
    altIndents_[0] = 0;
    while (!failed_) {
      if (!next()) break;
    }
    for (const Bracket& b : brackets_) out_.openBrackets.push_back({b.ch, b.lineno, b.col});
    return std::move(out_);
  }

 private:
  struct Bracket {
    char ch;
    int lineno;
    int col;
    size_t start;
  };

  int peek(size_t ahead = 0) const {
    size_t p = pos_ + ahead;
    return p < text_.size() ? static_cast<unsigned char>(text_[p]) : -1;
  }
  uint16_t level() const { return static_cast<uint16_t>(brackets_.size()); }
  int col(size_t p) const { return static_cast<int>(p - lineStart_); }
  void newline() {  // pos_ is just past a '\n'
    ++lineno_;
    previousLineStart_ = lineStart_;
    lineStart_ = pos_;
  }

  void push(TokenKind kind, size_t start, size_t end, int startLine, int startCol) {
    out_.tokens.push_back({kind, level(), static_cast<uint32_t>(start), static_cast<uint32_t>(end),
                           startLine, startCol, lineno_, col(end)});
  }

  // Ends tokenization with `message` at 1-based character `offset` of line `lineno`.
  bool fail(SyntaxErrorType type, std::string message, int lineno, int offset, int endOffset,
            bool hard) {
    TokenizerError error;
    error.type = type;
    error.message = std::move(message);
    error.lineno = lineno;
    error.offset = offset;
    error.end_lineno = lineno;
    error.end_offset = endOffset;
    error.hard = hard;
    out_.error = std::move(error);
    out_.tokens.push_back({TokenKind::ErrorToken, level(), static_cast<uint32_t>(pos_),
                           static_cast<uint32_t>(pos_), lineno_, -1, lineno_, -1});
    failed_ = true;
    return false;
  }
  // CPython's syntaxerror(tok, ...): the offset counts the characters before the cursor.
  bool failAtCursor(const std::string& message, size_t cursor) {
    int offset = countChars(text_.data() + lineStart_, text_.data() + cursor);
    return fail(SyntaxErrorType::SyntaxError, message, lineno_, offset, offset, true);
  }

  bool next();
  bool atLineStart();
  bool scanNumber(size_t start);
  bool finishNumber(size_t start, int c, const char* kind);
  bool scanString(size_t start, size_t quotePos);
  bool scanOperator(size_t start);
  bool endOfInput();
  bool badCharacter(size_t start);
  bool verifyIdentifier(size_t start);

  std::string_view text_;
  size_t pos_ = 0;
  size_t lineStart_ = 0;
  size_t previousLineStart_ = 0;
  int lineno_ = 1;
  bool atBol_ = true;
  bool blankLine_ = false;
  int indent_ = 0;
  int indents_[kMaxIndent + 1];
  int altIndents_[kMaxIndent + 1];
  std::vector<Bracket> brackets_;
  bool failed_ = false;
  TokenStream out_;
};

// Handles the start of a logical line: measures indentation and emits INDENT/DEDENT.
// Returns false when tokenization ended with an error.
bool Tokenizer::atLineStart() {
  atBol_ = false;
  int column = 0, altColumn = 0, contColumn = 0;
  for (;;) {
    int c = peek();
    if (c == ' ') {
      ++column, ++altColumn;
    } else if (c == '\t') {
      column = (column / kTabSize + 1) * kTabSize;
      altColumn = altColumn + 1;
    } else if (c == '\f') {
      column = altColumn = 0;
    } else if (c == '\\' && peek(1) == '\n') {
      contColumn = contColumn ? contColumn : column;
      pos_ += 2;
      newline();
      if (peek() < 0)
        return fail(SyntaxErrorType::SyntaxError, "unexpected EOF while parsing", lineno_ - 1, 0, 0,
                    false);
      continue;
    } else {
      break;
    }
    ++pos_;
  }
  int c = peek();
  // Lines holding only whitespace and comments do not affect indentation and yield no NEWLINE.
  blankLine_ = c == '#' || c == '\n' || c < 0;
  if (blankLine_ || !brackets_.empty()) return true;
  if (contColumn) column = altColumn = contColumn;
  int width = countChars(text_.data() + lineStart_, text_.data() + pos_);
  if (column == indents_[indent_]) {
    if (altColumn != altIndents_[indent_]) {
      return fail(SyntaxErrorType::TabError, "inconsistent use of tabs and spaces in indentation",
                  lineno_, 1, 0, false);
    }
  } else if (column > indents_[indent_]) {
    if (indent_ + 1 >= kMaxIndent) {
      return fail(SyntaxErrorType::IndentationError, "too many levels of indentation", lineno_, 1,
                  0, false);
    }
    if (altColumn <= altIndents_[indent_]) {
      return fail(SyntaxErrorType::TabError, "inconsistent use of tabs and spaces in indentation",
                  lineno_, 1, 0, false);
    }
    indents_[++indent_] = column;
    altIndents_[indent_] = altColumn;
    out_.tokens.push_back({TokenKind::Indent, level(), static_cast<uint32_t>(pos_),
                           static_cast<uint32_t>(pos_), lineno_, -1, lineno_, width});
  } else {
    // Find the level first: a mismatch is reported before any DEDENT, as CPython does.
    int target = indent_;
    while (target > 0 && column < indents_[target]) --target;
    if (column != indents_[target]) {
      size_t lineEnd = text_.find('\n', pos_);
      lineEnd = lineEnd == std::string_view::npos ? text_.size() : lineEnd + 1;
      int offset = countChars(text_.data() + lineStart_, text_.data() + lineEnd);
      return fail(SyntaxErrorType::IndentationError,
                  "unindent does not match any outer indentation level", lineno_, offset, 0, false);
    }
    if (altColumn != altIndents_[target]) {
      return fail(SyntaxErrorType::TabError, "inconsistent use of tabs and spaces in indentation",
                  lineno_, 1, 0, false);
    }
    while (indent_ > target) {
      --indent_;
      out_.tokens.push_back({TokenKind::Dedent, level(), static_cast<uint32_t>(pos_),
                             static_cast<uint32_t>(pos_), lineno_, -1, lineno_, width});
    }
  }
  return true;
}

bool Tokenizer::endOfInput() {
  if (!brackets_.empty()) {
    // CPython: EOF inside brackets is an error token; the parser reports the open bracket.
    const Bracket& b = brackets_.back();
    char message[64];
    std::snprintf(message, sizeof message, "'%c' was never closed", b.ch);
    size_t bracketLineStart = text_.rfind('\n', b.start);
    bracketLineStart = bracketLineStart == std::string_view::npos ? 0 : bracketLineStart + 1;
    int offset = countChars(text_.data() + bracketLineStart, text_.data() + b.start) + 1;
    TokenizerError error;
    error.message = message;
    error.lineno = b.lineno;
    error.offset = offset;
    error.end_lineno = b.lineno;
    error.end_offset = 0;
    error.hard = false;
    out_.error = std::move(error);
    out_.tokens.push_back({TokenKind::ErrorToken, level(), static_cast<uint32_t>(pos_),
                           static_cast<uint32_t>(pos_), lineno_, 0, lineno_, 0});
    failed_ = true;
    return false;
  }
  // The implicit newline CPython adds to a last line without one.
  if (!out_.tokens.empty() && out_.tokens.back().kind != TokenKind::Newline &&
      out_.tokens.back().kind != TokenKind::Dedent &&
      out_.tokens.back().kind != TokenKind::Indent) {
    push(TokenKind::Newline, pos_, pos_, lineno_, col(pos_));
  }
  // CPython places the final DEDENTs and ENDMARKER at the end of the last line.
  int lastLine = lineno_;
  int lastCol = col(pos_);
  if (pos_ == lineStart_ && pos_ > 0) {
    lastLine = lineno_ - 1;
    lastCol = static_cast<int>(pos_ - 1 - previousLineStart_);
  }
  while (indent_ > 0) {
    --indent_;
    out_.tokens.push_back({TokenKind::Dedent, level(), static_cast<uint32_t>(pos_),
                           static_cast<uint32_t>(pos_), lastLine, lastCol, lastLine, lastCol});
  }
  out_.tokens.push_back({TokenKind::EndMarker, level(), static_cast<uint32_t>(pos_),
                         static_cast<uint32_t>(pos_), lastLine, lastCol, lastLine, lastCol});
  return false;
}

// Scans one token (or the indentation before it). Returns false at the end of input or error.
bool Tokenizer::next() {
  for (;;) {
    if (atBol_ && !atLineStart()) return false;
    // Skip spaces and comments.
    int c = peek();
    while (c == ' ' || c == '\t' || c == '\f') c = (++pos_, peek());
    if (c == '#') {
      while (c >= 0 && c != '\n') c = (++pos_, peek());
    }
    if (c < 0) return endOfInput();
    size_t start = pos_;
    if (c == '\n') {
      ++pos_;
      bool emit = brackets_.empty() && !blankLine_;
      blankLine_ = false;
      if (emit) {
        out_.tokens.push_back({TokenKind::Newline, level(), static_cast<uint32_t>(start),
                               static_cast<uint32_t>(start), lineno_, col(start), lineno_,
                               col(start)});
      }
      newline();
      atBol_ = brackets_.empty();
      if (emit) return true;
      continue;
    }
    if (c == '\\') {
      if (peek(1) != '\n') {
        int offset = countChars(text_.data() + lineStart_, text_.data() + pos_) + 2;
        return fail(SyntaxErrorType::SyntaxError,
                    "unexpected character after line continuation character", lineno_, offset, 0,
                    false);
      }
      int offset = countChars(text_.data() + lineStart_, text_.data() + start) + 2;
      pos_ += 2;
      newline();
      if (peek() < 0) {
        return fail(SyntaxErrorType::SyntaxError, "unexpected EOF while parsing", lineno_ - 1,
                    offset, 0, false);
      }
      continue;
    }
    if (isIdentifierStart(static_cast<unsigned char>(c))) {
      // A string prefix (b, r, u, f and their allowed combinations) followed by a quote.
      bool sawB = false, sawR = false, sawU = false, sawF = false;
      size_t p = pos_;
      for (;;) {
        int ch = p < text_.size() ? static_cast<unsigned char>(text_[p]) : -1;
        if (!(sawB || sawU || sawF) && (ch == 'b' || ch == 'B'))
          sawB = true;
        else if (!(sawB || sawU || sawR || sawF) && (ch == 'u' || ch == 'U'))
          sawU = true;
        else if (!(sawR || sawU) && (ch == 'r' || ch == 'R'))
          sawR = true;
        else if (!(sawF || sawB || sawU) && (ch == 'f' || ch == 'F'))
          sawF = true;
        else
          break;
        ++p;
        int q = p < text_.size() ? text_[p] : -1;
        if (q == '"' || q == '\'') return scanString(start, p);
      }
      bool ascii = true;
      while (pos_ < text_.size() && isIdentifierChar(static_cast<unsigned char>(text_[pos_]))) {
        ascii &= static_cast<unsigned char>(text_[pos_]) < 0x80;
        ++pos_;
      }
      if (!ascii && !verifyIdentifier(start)) return false;
      push(keywordOrName(text_.substr(start, pos_ - start)), start, pos_, lineno_, col(start));
      return true;
    }
    if (isDigit(c) || (c == '.' && isDigit(peek(1)))) return scanNumber(start);
    if (c == '"' || c == '\'') return scanString(start, start);
    return scanOperator(start);
  }
}

// A name with non-ASCII characters must be an identifier (XID_Start XID_Continue*); the first
// character that is not ends tokenization as CPython's verify_identifier does.
bool Tokenizer::verifyIdentifier(size_t start) {
  size_t i = start;
  bool first = true;
  while (i < pos_) {
    size_t charStart = i;
    uint32_t cp = static_cast<unsigned char>(text_[i++]);
    if (cp >= 0x80) {
      int extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : 1;
      cp &= 0x3Fu >> extra;
      for (int k = 0; k < extra && i < pos_; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(text_[i++]) & 0x3F);
    }
    bool ok = cp < 0x80 ? (first ? isIdentifierStart(static_cast<unsigned char>(cp)) : true)
                        : (first ? ast::isIdentifierStartCodePoint(cp)
                                 : ast::isIdentifierContinueCodePoint(cp));
    first = false;
    if (ok) continue;
    char message[64];
    if (ast::isPrintableCodePoint(cp)) {
      std::snprintf(message, sizeof message, "invalid character '%.*s' (U+%04X)",
                    static_cast<int>(i - charStart), text_.data() + charStart, cp);
    } else {
      std::snprintf(message, sizeof message, "invalid non-printable character U+%04X", cp);
    }
    return failAtCursor(message, i);
  }
  return true;
}

bool Tokenizer::badCharacter(size_t start) {
  unsigned char c = static_cast<unsigned char>(text_[start]);
  if (c < 0x20 || c == 0x7f) {
    char message[64];
    std::snprintf(message, sizeof message, "invalid non-printable character U+%04X", c);
    return failAtCursor(message, start + 1);
  }
  // '$', '?', '`' and the like: CPython hands them to the parser as an operator token that no
  // rule accepts, so they end up as plain "invalid syntax" at that token.
  size_t end = start + 1;
  while (end < text_.size() && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) ++end;
  pos_ = end;
  push(TokenKind::Unknown, start, pos_, lineno_, col(start));
  return true;
}

bool Tokenizer::scanOperator(size_t start) {
  int c = peek(), c2 = peek(1), c3 = peek(2);
  TokenKind kind;
  int length = 1;
  auto three = [&](TokenKind k) { kind = k, length = 3; };
  auto two = [&](TokenKind k) { kind = k, length = 2; };
  switch (c) {
    case '(':
      kind = TokenKind::LPar;
      break;
    case ')':
      kind = TokenKind::RPar;
      break;
    case '[':
      kind = TokenKind::LSqb;
      break;
    case ']':
      kind = TokenKind::RSqb;
      break;
    case '{':
      kind = TokenKind::LBrace;
      break;
    case '}':
      kind = TokenKind::RBrace;
      break;
    case ',':
      kind = TokenKind::Comma;
      break;
    case ';':
      kind = TokenKind::Semi;
      break;
    case '~':
      kind = TokenKind::Tilde;
      break;
    case ':':
      c2 == '=' ? two(TokenKind::ColonEqual) : void(kind = TokenKind::Colon);
      break;
    case '+':
      c2 == '=' ? two(TokenKind::PlusEqual) : void(kind = TokenKind::Plus);
      break;
    case '-':
      if (c2 == '=')
        two(TokenKind::MinEqual);
      else if (c2 == '>')
        two(TokenKind::RArrow);
      else
        kind = TokenKind::Minus;
      break;
    case '*':
      if (c2 == '*')
        c3 == '=' ? three(TokenKind::DoubleStarEqual) : two(TokenKind::DoubleStar);
      else if (c2 == '=')
        two(TokenKind::StarEqual);
      else
        kind = TokenKind::Star;
      break;
    case '/':
      if (c2 == '/')
        c3 == '=' ? three(TokenKind::DoubleSlashEqual) : two(TokenKind::DoubleSlash);
      else if (c2 == '=')
        two(TokenKind::SlashEqual);
      else
        kind = TokenKind::Slash;
      break;
    case '|':
      c2 == '=' ? two(TokenKind::VBarEqual) : void(kind = TokenKind::VBar);
      break;
    case '&':
      c2 == '=' ? two(TokenKind::AmperEqual) : void(kind = TokenKind::Amper);
      break;
    case '^':
      c2 == '=' ? two(TokenKind::CircumflexEqual) : void(kind = TokenKind::Circumflex);
      break;
    case '%':
      c2 == '=' ? two(TokenKind::PercentEqual) : void(kind = TokenKind::Percent);
      break;
    case '@':
      c2 == '=' ? two(TokenKind::AtEqual) : void(kind = TokenKind::At);
      break;
    case '=':
      c2 == '=' ? two(TokenKind::EqEqual) : void(kind = TokenKind::Equal);
      break;
    case '!':
      c2 == '=' ? two(TokenKind::NotEqual) : void(kind = TokenKind::Exclamation);
      break;
    case '<':
      if (c2 == '<')
        c3 == '=' ? three(TokenKind::LeftShiftEqual) : two(TokenKind::LeftShift);
      else if (c2 == '=')
        two(TokenKind::LessEqual);
      else
        kind = TokenKind::Less;
      break;
    case '>':
      if (c2 == '>')
        c3 == '=' ? three(TokenKind::RightShiftEqual) : two(TokenKind::RightShift);
      else if (c2 == '=')
        two(TokenKind::GreaterEqual);
      else
        kind = TokenKind::Greater;
      break;
    case '.':
      if (c2 == '.' && c3 == '.')
        three(TokenKind::Ellipsis);
      else
        kind = TokenKind::Dot;
      break;
    default:
      return badCharacter(start);
  }
  pos_ = start + length;
  if (kind == TokenKind::LPar || kind == TokenKind::LSqb || kind == TokenKind::LBrace) {
    if (brackets_.size() >= kMaxLevel) return failAtCursor("too many nested parentheses", pos_);
    brackets_.push_back({static_cast<char>(c), lineno_, col(start), start});
  } else if (kind == TokenKind::RPar || kind == TokenKind::RSqb || kind == TokenKind::RBrace) {
    char message[120];
    if (brackets_.empty()) {
      std::snprintf(message, sizeof message, "unmatched '%c'", c);
      return failAtCursor(message, pos_);
    }
    Bracket open = brackets_.back();
    brackets_.pop_back();
    char expected = open.ch == '(' ? ')' : open.ch == '[' ? ']' : '}';
    if (expected != c) {
      if (open.lineno != lineno_) {
        std::snprintf(message, sizeof message,
                      "closing parenthesis '%c' does not match opening parenthesis '%c' on line %d",
                      c, open.ch, open.lineno);
      } else {
        std::snprintf(message, sizeof message,
                      "closing parenthesis '%c' does not match opening parenthesis '%c'", c,
                      open.ch);
      }
      return failAtCursor(message, pos_);
    }
  }
  push(kind, start, pos_, lineno_, col(start));
  return true;
}

// CPython's verify_end_of_number: a number directly followed by a name character is an error,
// except before the keywords that can follow a number in valid code (`1if x else y`).
bool Tokenizer::finishNumber(size_t start, int c, const char* kind) {
  auto ahead = [&](const char* word) {
    return text_.compare(pos_ + 1, std::strlen(word), word) == 0;
  };
  bool keywordFollows = false;
  switch (c) {
    case 'a':
      keywordFollows = ahead("nd");
      break;
    case 'e':
      keywordFollows = ahead("lse");
      break;
    case 'f':
      keywordFollows = ahead("or");
      break;
    case 'i':
      keywordFollows = peek(1) == 'f' || peek(1) == 'n' || peek(1) == 's';
      break;
    case 'o':
      keywordFollows = ahead("r");
      break;
    case 'n':
      keywordFollows = ahead("ot");
      break;
    default:
      break;
  }
  if (!keywordFollows && c >= 0 && isIdentifierChar(static_cast<unsigned char>(c))) {
    return failAtCursor(std::string("invalid ") + kind + " literal", pos_);
  }
  push(TokenKind::Number, start, pos_, lineno_, col(start));
  return true;
}

bool Tokenizer::scanNumber(size_t start) {
  auto decimalTail = [&]() -> bool {  // digits with single underscores between them
    for (;;) {
      while (isDigit(peek())) ++pos_;
      if (peek() != '_') return true;
      ++pos_;
      if (!isDigit(peek())) return failAtCursor("invalid decimal literal", pos_);
    }
  };
  auto radixDigits = [&](auto isRadixDigit, const char* kind) -> bool {
    // pos_ is past the prefix: ('_'? digit+)+
    do {
      if (peek() == '_') ++pos_;
      if (!isRadixDigit(peek())) {
        if (isDigit(peek()) && std::strcmp(kind, "hexadecimal") != 0) {
          ++pos_;
          return failAtCursor(std::string("invalid digit '") + static_cast<char>(text_[pos_ - 1]) +
                                  "' in " + kind + " literal",
                              pos_);
        }
        return failAtCursor(std::string("invalid ") + kind + " literal", pos_);
      }
      while (isRadixDigit(peek())) ++pos_;
    } while (peek() == '_');
    if (isDigit(peek()) && std::strcmp(kind, "hexadecimal") != 0) {
      ++pos_;
      return failAtCursor(std::string("invalid digit '") + static_cast<char>(text_[pos_ - 1]) +
                              "' in " + kind + " literal",
                          pos_);
    }
    return finishNumber(start, peek(), kind);
  };
  auto fractionExponentImaginary = [&](bool sawDot) -> bool {
    if (sawDot) {
      if (isDigit(peek()) && !decimalTail()) return false;
    }
    int c = peek();
    if (c == 'e' || c == 'E') {
      size_t ePos = pos_;
      ++pos_;
      c = peek();
      if (c == '+' || c == '-') {
        ++pos_;
        if (!isDigit(peek())) return failAtCursor("invalid decimal literal", pos_);
      } else if (!isDigit(c)) {
        // "1e" then a name: the number ends before the 'e' unless that makes it invalid.
        pos_ = ePos;
        int after = peek(1);
        if (!(after == 'l' && text_.compare(ePos + 1, 3, "lse") == 0) &&
            (after >= 0 && isIdentifierChar(static_cast<unsigned char>(after)))) {
          return failAtCursor("invalid decimal literal", ePos);
        }
        if (after == 'l' && text_.compare(ePos + 1, 3, "lse") == 0) {
          push(TokenKind::Number, start, pos_, lineno_, col(start));
          return true;
        }
        pos_ = ePos + 1;
        return failAtCursor("invalid decimal literal", pos_);
      }
      if (!decimalTail()) return false;
      c = peek();
    }
    if (c == 'j' || c == 'J') {
      ++pos_;
      return finishNumber(start, peek(), "imaginary");
    }
    return finishNumber(start, c, "decimal");
  };

  int c = peek();
  if (c == '.') {  // ".5"
    ++pos_;
    return fractionExponentImaginary(true);
  }
  if (c == '0') {
    ++pos_;
    c = peek();
    if (c == 'x' || c == 'X') {
      ++pos_;
      return radixDigits([](int d) { return isHexDigit(d); }, "hexadecimal");
    }
    if (c == 'o' || c == 'O') {
      ++pos_;
      return radixDigits([](int d) { return d >= '0' && d <= '7'; }, "octal");
    }
    if (c == 'b' || c == 'B') {
      ++pos_;
      return radixDigits([](int d) { return d == '0' || d == '1'; }, "binary");
    }
    bool nonzero = false;
    for (;;) {  // leading zeros, possibly with underscores
      if (peek() == '_') {
        ++pos_;
        if (!isDigit(peek())) return failAtCursor("invalid decimal literal", pos_);
      }
      if (peek() != '0') break;
      ++pos_;
    }
    size_t zerosEnd = pos_ + 1;
    if (isDigit(peek())) {
      nonzero = true;
      if (!decimalTail()) return false;
    }
    c = peek();
    if (c == '.') {
      ++pos_;
      return fractionExponentImaginary(true);
    }
    if (c == 'e' || c == 'E' || c == 'j' || c == 'J') return fractionExponentImaginary(false);
    if (nonzero) {
      int offset = countChars(text_.data() + lineStart_, text_.data() + start) + 1;
      int endOffset = countChars(text_.data() + lineStart_, text_.data() + zerosEnd);
      return fail(SyntaxErrorType::SyntaxError,
                  "leading zeros in decimal integer literals are not permitted; use an 0o prefix "
                  "for octal integers",
                  lineno_, offset, endOffset, true);
    }
    return finishNumber(start, c, "decimal");
  }
  if (!decimalTail()) return false;
  if (peek() == '.') {
    ++pos_;
    return fractionExponentImaginary(true);
  }
  return fractionExponentImaginary(false);
}

bool Tokenizer::scanString(size_t start, size_t quotePos) {
  int startLine = lineno_;
  size_t startLineStart = lineStart_;
  char quote = text_[quotePos];
  pos_ = quotePos + 1;
  int quoteSize = 1;
  if (peek() == quote && peek(1) == quote) {
    quoteSize = 3;
    pos_ += 2;
  } else if (peek() == quote) {  // empty string
    ++pos_;
    push(TokenKind::String, start, pos_, startLine, static_cast<int>(start - startLineStart));
    return true;
  }
  int endQuotes = 0;
  while (endQuotes != quoteSize) {
    int c = peek();
    if (c < 0 || (quoteSize == 1 && c == '\n')) {
      // At the very end of the text CPython has not started another line yet.
      int detectedAt = (c < 0 && pos_ == lineStart_ && lineno_ > startLine) ? lineno_ - 1 : lineno_;
      lineStart_ = startLineStart;
      int offset = countChars(text_.data() + startLineStart, text_.data() + start + 1);
      char message[96];
      std::snprintf(message, sizeof message, "unterminated %sstring literal (detected at line %d)",
                    quoteSize == 3 ? "triple-quoted " : "", detectedAt);
      return fail(SyntaxErrorType::SyntaxError, message, startLine, offset, offset, true);
    }
    ++pos_;
    if (c == '\n') {
      newline();
    } else if (c == quote) {
      ++endQuotes;
      continue;
    } else if (c == '\\') {
      int escaped = peek();
      if (escaped >= 0) {
        ++pos_;
        if (escaped == '\n') newline();
      }
    }
    endQuotes = 0;
  }
  out_.tokens.push_back({TokenKind::String, level(), static_cast<uint32_t>(start),
                         static_cast<uint32_t>(pos_), startLine,
                         static_cast<int>(start - startLineStart), lineno_, col(pos_)});
  return true;
}

}  // namespace

const char* spelling(TokenKind kind) {
  return kSpellings[static_cast<size_t>(kind)];
}
const char* kindName(TokenKind kind) {
  return kKindNames[static_cast<size_t>(kind)];
}

TokenStream tokenize(std::string_view text) {
  return Tokenizer(text).run();
}

}  // namespace pyl::parser
