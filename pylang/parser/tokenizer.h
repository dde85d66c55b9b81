// Python 3.11's lexical analysis: decoded source text in, a token array out (INDENT/DEDENT,
// implicit and explicit line joining, numbers, strings with every prefix, operators, keywords).
// Tokenizing the whole file up front keeps the parser's backtracking cheap; CPython's lazy
// error timing is kept by ending the array with an ErrorToken that reports the tokenizer's
// error only when the parser reaches it (see DESIGN(token-errors) in tokenizer.cpp).
// String and number tokens keep their raw text; pylang/parser/literals.cpp gives them values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pylang/parser/syntax_error.h"

namespace pyl::parser {

#define PYL_TOKEN(kind, spelling) kind,
#define PYL_OPERATOR(kind, spelling) kind,
#define PYL_KEYWORD(kind, spelling) kind,
enum class TokenKind : uint8_t {
#include "pylang/parser/tokens.def"
};

const char* spelling(TokenKind kind);  // "(" or "while"; "" for token classes
const char* kindName(TokenKind kind);  // "LPar", "KwWhile" (diagnostics and tests)

// Positions are CPython's: 1-based lines, 0-based UTF-8 byte columns, end exclusive.
struct Token {
  TokenKind kind;
  uint16_t level;  // bracket nesting after this token (CPython's token->level)
  uint32_t start;  // byte offsets into the source text
  uint32_t end;
  int32_t lineno;
  int32_t col;
  int32_t end_lineno;
  int32_t end_col;
};

// A tokenizer error. `hard` errors (CPython raises them inside the tokenizer: bad literals,
// unterminated strings, unmatched brackets) win over a parser error found earlier in the file;
// soft ones (indentation, line continuation, EOF) are reported only if the parser reaches them.
struct TokenizerError {
  SyntaxErrorType type = SyntaxErrorType::SyntaxError;
  std::string message;
  int lineno = 0;
  int offset = 0;  // CPython's SyntaxError.offset: 1-based, in characters
  int end_lineno = 0;
  int end_offset = 0;
  bool hard = true;
};

struct OpenBracket {
  char bracket;
  int lineno;
  int col;
};

struct TokenStream {
  std::vector<Token> tokens;            // ends with EndMarker, or ErrorToken when `error` is set
  std::optional<TokenizerError> error;  // the error the ErrorToken stands for
  // Brackets still open where tokenization stopped (innermost last): for "'(' was never closed".
  std::vector<OpenBracket> openBrackets;
};

// `text` is UTF-8 with '\n' line ends (decodeSource in source.h produces that).
TokenStream tokenize(std::string_view text);

}  // namespace pyl::parser
