// Printing SyntaxErrors the way CPython 3.11's PyErr_Display does (print_error_text in
// Python/pythonrun.c): the file line, the source line with leading whitespace removed, then a
// caret line under offset..end_offset.
#include "pylang/parser/syntax_error.h"

namespace pyl::parser {

const char* typeName(SyntaxErrorType type) {
  switch (type) {
    case SyntaxErrorType::SyntaxError:
      return "SyntaxError";
    case SyntaxErrorType::IndentationError:
      return "IndentationError";
    case SyntaxErrorType::TabError:
      return "TabError";
    case SyntaxErrorType::RecursionError:
      return "RecursionError";
  }
  return "SyntaxError";
}

int byteColumnToOffset(std::string_view line, int byteColumn) {
  // CPython decodes the first byteColumn+1 bytes of the line (newline included) and counts
  // the characters; the count is clipped to the line's length plus one.
  if (byteColumn < 0) return 0;
  size_t limit = static_cast<size_t>(byteColumn);
  if (limit > line.size() + 1) limit = line.size() + 1;
  int chars = 0;
  for (size_t i = 0; i < limit && i < line.size(); ++i) {
    chars += (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;
  }
  if (limit > line.size()) ++chars;  // the newline
  return chars + 1;
}

namespace {
size_t charsToBytes(std::string_view text, long chars) {
  size_t i = 0;
  while (chars > 0 && i < text.size()) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    --chars;
  }
  return i;
}
}  // namespace

std::string formatSyntaxError(const SyntaxError& error) {
  std::string out;
  if (error.type == SyntaxErrorType::RecursionError || error.lineno <= 0) {
    if (error.lineno > 0 || !error.filename.empty()) {
      // CPython prints no location for errors raised before any line was read.
    }
    return out + typeName(error.type) + ": " + error.message + "\n";
  }
  out += "  File \"" + error.filename + "\", line " + std::to_string(error.lineno) + "\n";
  if (!error.text.empty()) {
    std::string_view text = error.text;
    long offset = error.offset - 1;
    long endOffset = error.end_offset - 1;
    // Strip leading whitespace, moving the offsets with it (in characters).
    while (!text.empty() && (text[0] == ' ' || text[0] == '\t' || text[0] == '\f')) {
      text.remove_prefix(1);
      --offset;
      --endOffset;
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    out += "    ";
    out += text;
    out += "\n";
    long length = 0;
    for (unsigned char c : text) length += (c & 0xC0) != 0x80;
    if (offset > length) offset = length;
    if (offset >= 0) {
      long carets = 1;
      if (error.end_lineno == error.lineno && endOffset > offset) carets = endOffset - offset;
      if (offset + carets > length + 1) carets = length + 1 - offset;
      if (carets < 1) carets = 1;
      // Characters before the caret are echoed as spaces (tabs are kept as printed).
      size_t prefixBytes = charsToBytes(text, offset);
      out += "    ";
      for (size_t i = 0; i < prefixBytes; ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) != 0x80) out += ' ';
      }
      out.append(static_cast<size_t>(carets), '^');
      out += "\n";
    }
  }
  out += typeName(error.type);
  out += ": ";
  out += error.message;
  out += "\n";
  return out;
}

}  // namespace pyl::parser
