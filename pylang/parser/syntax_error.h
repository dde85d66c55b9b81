// The compile-time errors of pylang's front end: SyntaxError and its subclasses IndentationError
// and TabError, carrying what CPython's exception carries (file, line, column, source line) and
// printed the way CPython prints an uncaught one. Produced by the tokenizer and parser here and
// by pylang/symtable/ and pylang/compiler/ (e.g. "'return' outside function").
#pragma once

#include <string>
#include <string_view>

namespace pyl::parser {

// RecursionError: input nested beyond the parser's depth limit (CPython reports such input
// with RecursionError or MemoryError; it has no location).
enum class SyntaxErrorType { SyntaxError, IndentationError, TabError, RecursionError };

// Columns follow CPython's SyntaxError: `offset`/`end_offset` are 1-based and count characters
// (code points) of `text`, not bytes; 0 means unknown.
struct SyntaxError {
  SyntaxErrorType type = SyntaxErrorType::SyntaxError;
  std::string message;
  std::string filename;
  int lineno = 0;
  int offset = 0;
  int end_lineno = 0;
  int end_offset = 0;
  std::string text;  // the offending source line without its newline ("" if unavailable)
};

const char* typeName(SyntaxErrorType type);

// `  File "x.py", line 3\n    text\n    ^^^\nSyntaxError: message\n`, as CPython 3.11 prints
// an uncaught SyntaxError (the traceback header is not part of it: CPython prints none).
std::string formatSyntaxError(const SyntaxError& error);

// Converts a 0-based UTF-8 byte column of `line` to CPython's 1-based character offset.
int byteColumnToOffset(std::string_view line, int byteColumn);

}  // namespace pyl::parser
