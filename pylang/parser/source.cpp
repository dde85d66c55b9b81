// Source decoding for the front end (see source.h). CPython's rules from Parser/tokenizer.c:
// the coding declaration is looked for in the first line, and in the second only when the first
// holds nothing but whitespace and a comment.
#include "pylang/parser/source.h"

#include "pylang/ast/unicode_data.h"

#include <cctype>
#include <cstdio>

namespace pyl::parser {

namespace {

enum class Encoding { Utf8, Latin1, Ascii, SingleByte, Unknown };

// The declared name on a line that is a comment containing "coding[:=]", or "" if none.
std::string_view codingSpec(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\f')) ++i;
  if (i >= line.size() || line[i] != '#') return {};
  for (size_t p = line.find("coding", i); p != std::string_view::npos;
       p = line.find("coding", p + 1)) {
    size_t q = p + 6;
    if (q >= line.size() || (line[q] != ':' && line[q] != '=')) continue;
    ++q;
    while (q < line.size() && (line[q] == ' ' || line[q] == '\t')) ++q;
    size_t begin = q;
    while (q < line.size() && (std::isalnum(static_cast<unsigned char>(line[q])) ||
                               line[q] == '-' || line[q] == '_' || line[q] == '.')) {
      ++q;
    }
    if (q > begin) return line.substr(begin, q - begin);
  }
  return {};
}

bool isBlankOrComment(std::string_view line) {
  for (char c : line) {
    if (c == '#' || c == '\n' || c == '\r') return true;
    if (c != ' ' && c != '\t' && c != '\f') return false;
  }
  return true;
}

// CPython's get_normal_name: "utf-8" and the latin-1 family by their canonical names.
std::string normalName(std::string_view name) {
  std::string lower;
  for (char c : name)
    lower += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto is = [&](std::string_view base) {
    return lower == base || (lower.size() > base.size() &&
                             lower.compare(0, base.size(), base) == 0 && lower[base.size()] == '-');
  };
  if (is("utf-8")) return "utf-8";
  if (is("latin-1") || is("iso-8859-1") || is("iso-latin-1")) return "iso-8859-1";
  return std::string(name);
}

// The codecs we decode: utf-8, latin-1, ascii, and the single-byte tables of unicode_data.
Encoding classify(std::string_view name, const int32_t*& table) {
  std::string lower;
  for (char c : name)
    lower += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto is = [&](std::string_view base) {
    return lower == base || (lower.size() > base.size() &&
                             lower.compare(0, base.size(), base) == 0 && lower[base.size()] == '-');
  };
  if (is("utf-8") || lower == "utf8") return Encoding::Utf8;
  if (is("latin-1") || is("iso-8859-1") || is("iso-latin-1") || lower == "latin1" ||
      lower == "iso8859-1" || lower == "l1" || lower == "8859" || lower == "cp819" ||
      lower == "latin")
    return Encoding::Latin1;
  if (lower == "ascii" || lower == "us-ascii" || lower == "646" || lower == "us")
    return Encoding::Ascii;
  table = ast::singleByteCodecTable(name);
  return table ? Encoding::SingleByte : Encoding::Unknown;
}

// Length of the valid UTF-8 sequence at text[i], or 0. Surrogates and overlongs are invalid.
size_t utf8SequenceLength(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return k < text.size() ? static_cast<unsigned char>(text[k]) : 0u; };
  unsigned c = byte(i);
  auto cont = [&](size_t k) { return (byte(k) & 0xC0) == 0x80; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned c1 = byte(i + 1);
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && c1 < 0xA0) return 0;
    if (c == 0xED && c1 >= 0xA0) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned c1 = byte(i + 1);
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && c1 < 0x90) return 0;
    if (c == 0xF4 && c1 >= 0x90) return 0;
    return 4;
  }
  return 0;
}

SyntaxError plainError(std::string message) {
  SyntaxError error;
  error.message = std::move(message);
  return error;
}

}  // namespace

DecodedSource decodeSource(std::string_view bytes, std::string_view filename, bool isText) {
  DecodedSource result;
  bool bom = bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0;
  if (bom) bytes.remove_prefix(3);
  Encoding encoding = Encoding::Utf8;
  const int32_t* table = nullptr;
  bool declared = false;
  if (!isText) {
    size_t end1 = bytes.find('\n');
    std::string_view line1 = bytes.substr(0, end1);
    std::string_view spec = codingSpec(line1);
    if (spec.empty() && end1 != std::string_view::npos && isBlankOrComment(line1)) {
      std::string_view rest = bytes.substr(end1 + 1);
      spec = codingSpec(rest.substr(0, rest.find('\n')));
    }
    if (!spec.empty()) {
      declared = true;
      encoding = classify(spec, table);
      if (encoding == Encoding::Unknown || (bom && normalName(spec) != "utf-8")) {
        std::string name(spec);
        result.error = plainError(bom ? "encoding problem: " + name + " with BOM"
                                      : "encoding problem: " + name);
        return result;
      }
    }
  }
  std::string& out = result.text;
  out.reserve(bytes.size() + 1);
  int lineno = 1;
  for (size_t i = 0; i < bytes.size();) {
    // Copy the run of plain ASCII (no NUL, no CR, no newline) up to the next byte that needs a
    // decision, in one append.
    size_t run = i;
    while (run < bytes.size()) {
      unsigned char b = static_cast<unsigned char>(bytes[run]);
      if (b >= 0x80 || b == '\r' || b == '\n' || b == 0) break;
      ++run;
    }
    if (run > i) {
      out.append(bytes.data() + i, run - i);
      i = run;
      if (i >= bytes.size()) break;
    }
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) {
      result.error = plainError("source code cannot contain null bytes");
      return result;
    }
    if (c == '\r') {
      out += '\n';
      ++lineno;
      i += (i + 1 < bytes.size() && bytes[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    if (c == '\n') ++lineno;
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    if (encoding == Encoding::Latin1 || encoding == Encoding::SingleByte) {
      int32_t cp = encoding == Encoding::Latin1 ? c : table[c];
      if (cp < 0) {
        char message[160];
        std::snprintf(message, sizeof message,
                      "(unicode error) 'charmap' codec can't decode byte 0x%02x: character maps to "
                      "<undefined>",
                      c);
        result.error = plainError(message);
        return result;
      }
      ast::appendUtf8(out, static_cast<uint32_t>(cp));
      ++i;
      continue;
    }
    size_t length = encoding == Encoding::Ascii ? 0 : utf8SequenceLength(bytes, i);
    if (length == 0) {
      char message[512];
      if (!declared) {
        std::snprintf(message, sizeof message,
                      "Non-UTF-8 code starting with '\\x%02x' in file %.*s on line %d, but no "
                      "encoding declared; see https://peps.python.org/pep-0263/ for details",
                      c, static_cast<int>(filename.size()), filename.data(), lineno);
      } else {
        std::snprintf(message, sizeof message,
                      "(unicode error) '%s' codec can't decode byte 0x%02x",
                      encoding == Encoding::Ascii ? "ascii" : "utf-8", c);
      }
      result.error = plainError(message);
      return result;
    }
    out.append(bytes.data() + i, length);
    i += length;
  }
  return result;
}

std::string_view sourceLine(std::string_view text, int lineno) {
  size_t start = 0;
  for (int line = 1; line < lineno; ++line) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  if (start > text.size()) return {};
  size_t end = text.find('\n', start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

}  // namespace pyl::parser
