#pragma once
// Internal: label sets in the Prometheus text dialects. The two differ only in blanks and a
// trailing comma, which LabelSyntax selects.
#include <string>
#include <string_view>
#include <vector>

#include "mon/model/metric.hpp"
#include "text_lexer.hpp"

namespace mon::format::detail::text {

struct LabelSyntax {
  bool blanks;          // Prometheus 0.0.4 allows blanks around names, '=' and ','
  bool trailing_comma;  // ... and a ',' before '}'
  bool strict_escapes;  // only \\, \" and \n (Prometheus' expfmt); OpenMetrics' conformance
                        // suite accepts others ("\z", "\f") and they are kept as written
};
inline constexpr LabelSyntax kPromLabels{true, true, true};
inline constexpr LabelSyntax kOpenMetricsLabels{false, false, false};

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

}  // namespace mon::format::detail::text
