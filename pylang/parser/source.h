// Turning a source file's bytes into the text the tokenizer reads: UTF-8 BOM, PEP 263 coding
// declarations (utf-8, latin-1, ascii, and every ASCII-compatible single-byte codec of the host
// Python such as cp1252 or koi8-r; multi-byte codecs like euc-jp or shift_jis are not supported
// and, like unknown names, give CPython's "encoding problem" error), UTF-8 validation with
// CPython's "Non-UTF-8 code" message, null bytes, and universal newlines (\r\n and \r become \n).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pylang/parser/syntax_error.h"

namespace pyl::parser {

struct DecodedSource {
  std::string text;  // UTF-8, '\n' line ends
  std::optional<SyntaxError> error;
};

// `isText`: the source is already a decoded str (compile() of a str): no coding declaration.
DecodedSource decodeSource(std::string_view bytes, std::string_view filename, bool isText);

// Index of the line starts of `text`, to fetch a source line for error messages.
std::string_view sourceLine(std::string_view text, int lineno);

}  // namespace pyl::parser
