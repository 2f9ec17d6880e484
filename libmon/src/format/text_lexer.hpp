#pragma once
// Internal: the scanning both Prometheus text dialects share -- names, quoted label values with
// their escapes, UTF-8 checks, label sets. Everything works on one line held as a string_view
// and reports problems as a byte offset plus what was expected, so readers can turn them into
// "FILE:LINE:COL: ..." without this layer knowing about files.
//
// References: the Prometheus exposition format documentation (text format 0.0.4) and the
// OpenMetrics 1.0 ABNF. The two differ in the label syntax only in blanks and a trailing comma,
// which LabelSyntax selects.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mon/model/metric.hpp"

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

// Reads a label value whose opening quote is at line[pos-1]: unescapes \\, \" and \n into out
// (replacing its contents, keeping its capacity) and keeps any other escape as written, as the
// specs and Prometheus' own parser do. Returns the offset just past the closing quote, or npos
// when the line ends first. `high` is set when the value holds bytes >= 0x80 (UTF-8 to check).
std::size_t read_quoted(std::string_view line, std::size_t pos, std::string& out, bool& high);

// Offset of the first byte that does not belong to well-formed UTF-8 (RFC 3629), or npos.
std::size_t invalid_utf8_at(std::string_view s);
// Unicode code points in valid UTF-8 text (OpenMetrics' exemplar length limit counts these).
std::size_t code_points(std::string_view s);

// HELP text: \\ and \n are escapes in both dialects, \" only in OpenMetrics; anything else after
// a backslash is kept as written.
void unescape_help(std::string_view s, bool openmetrics, std::string& out);

struct LabelSyntax {
  bool blanks;          // Prometheus 0.0.4 allows blanks around names, '=' and ','
  bool trailing_comma;  // ... and a ',' before '}'
};
inline constexpr LabelSyntax kPromLabels{true, true};
inline constexpr LabelSyntax kOpenMetricsLabels{false, false};

// Parses "{name="value",...}" starting at the '{' at line[pos] into labels, reusing the
// vector's elements and their strings (no allocation in steady state). Then sorts them, rejects
// a repeated name and invalid UTF-8, and drops empty values (an empty value is an absent label).
// Returns the offset just past '}', or npos with fault set.
std::size_t parse_labels(std::string_view line, std::size_t pos, model::Labels& labels, LabelSyntax syntax,
                         Fault& fault);

// The same, faster for a stream of lines: remembers the last label names and where each lands
// once sorted, so a line with the same names (most lines) fills its values in place.
class LabelSetParser {
 public:
  explicit LabelSetParser(LabelSyntax syntax) : syntax_(syntax) {}
  // `labels` must be the same vector on every call (its layout is what is remembered).
  std::size_t parse(std::string_view line, std::size_t pos, model::Labels& labels, Fault& fault);

 private:
  LabelSyntax syntax_;
  std::vector<std::string> order_;  // names in input order of the line the slots were made for
  std::vector<std::size_t> slot_;   // sorted position of the k-th of them
  std::string miss_;
  bool valid_ = false;
};

// "a metric name (letters, digits, '_' or ':')", worded for what was found at line[pos].
std::string describe(std::string_view line, std::size_t pos);

}  // namespace mon::format::detail::text
