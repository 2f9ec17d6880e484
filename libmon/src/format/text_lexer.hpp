#pragma once
// Internal: the scanning both Prometheus text dialects share -- names, quoted label values with
// their escapes, UTF-8 checks, label sets. Everything works on one line held as a string_view
// and reports problems as a byte offset plus what was expected, so readers can turn them into
// "FILE:LINE:COL: ..." without this layer knowing about files.
//
// References: the Prometheus exposition format documentation (text format 0.0.4) and the
// OpenMetrics 1.0 ABNF. Label sets are in text_labels.hpp.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>


namespace mon::format::detail::text {

// One table lookup per byte on the hot paths: bit 1 name start, 2 name char, 4 label start,
// 8 label char, 16 ends a run of plain label-value bytes ('"' and '\\').
struct CharClass {
  unsigned char bits[256] = {};
  constexpr CharClass() {
    for (int c = 0; c < 256; ++c) {
      bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      bool digit = c >= '0' && c <= '9';
      bits[c] = static_cast<unsigned char>((alpha || c == ':' ? 1 : 0) | (alpha || digit || c == ':' ? 2 : 0) |
                                           (alpha ? 4 : 0) | (alpha || digit ? 8 : 0) |
                                           (c == '"' || c == '\\' ? 16 : 0));
    }
  }
};
inline constexpr CharClass kCharClass{};
inline unsigned char char_bits(char c) { return kCharClass.bits[static_cast<unsigned char>(c)]; }

inline bool is_name_start(char c) { return char_bits(c) & 1; }
inline bool is_name_char(char c) { return char_bits(c) & 2; }
inline bool is_label_start(char c) { return char_bits(c) & 4; }
inline bool is_label_char(char c) { return char_bits(c) & 8; }
inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

// A problem on a line: the 0-based byte offset of the offending character and what was expected.
struct Fault {
  std::size_t pos = 0;
  std::string what;
};

// End of the metric name starting at pos ([a-zA-Z_:][a-zA-Z0-9_:]*); pos itself when none starts there.
std::size_t scan_metric_name(std::string_view line, std::size_t pos);
// The same for a label name ([a-zA-Z_][a-zA-Z0-9_]*).
std::size_t scan_label_name(std::string_view line, std::size_t pos);
inline std::size_t skip_blanks(std::string_view line, std::size_t pos) {
  while (pos < line.size() && is_blank(line[pos])) ++pos;
  return pos;
}

// Assigns only when different: consecutive lines mostly repeat their label names and values,
// and a compare is cheaper than a copy.
inline void assign_if_changed(std::string& out, const char* p, std::size_t n) {
  if (out.size() != n || std::memcmp(out.data(), p, n) != 0) out.assign(p, n);
}

// Reads a label value whose opening quote is at line[pos-1]: unescapes \\, \" and \n into out
// (replacing its contents, keeping its capacity). With `strict`, any other escape is an error,
// as in Prometheus' text parser (expfmt: "invalid escape sequence"); without, it is kept as
// written, as the OpenMetrics conformance suite wants. Returns the offset just past the closing
// quote, or npos when the line ends first or at a refused escape (bad_escape is then the offset
// of its backslash). `high` is set when the value holds bytes >= 0x80 (UTF-8 to check).
std::size_t read_quoted(std::string_view line, std::size_t pos, std::string& out, bool& high, bool strict,
                        std::size_t& bad_escape);

// Offset of the first byte that does not belong to well-formed UTF-8 (RFC 3629), or npos.
std::size_t invalid_utf8_at(std::string_view s);
// Unicode code points in valid UTF-8 text (OpenMetrics' exemplar length limit counts these).
std::size_t code_points(std::string_view s);

// HELP text: \\ and \n are escapes in both dialects, \" only in OpenMetrics; anything else after
// a backslash is kept as written.
void unescape_help(std::string_view s, bool openmetrics, std::string& out);

// "a metric name (letters, digits, '_' or ':')", worded for what was found at line[pos].
std::string describe(std::string_view line, std::size_t pos);

}  // namespace mon::format::detail::text
