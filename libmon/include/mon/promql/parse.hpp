#pragma once
// Parsing PromQL (Prometheus 3's grammar: literals, selectors, ranges, offset, @, subqueries,
// operators with their precedence and associativity, vector matching, aggregations, functions),
// with the type checks Prometheus' parser makes.
#include <string>
#include <string_view>
#include <vector>

#include "mon/error.hpp"
#include "mon/model/metric.hpp"
#include "mon/promql/ast.hpp"

namespace mon::promql {

// Throws mon::ParseError whose location is `where` with line and column (1-based, in bytes) of the
// offending token within `query` added to where.line/where.column (a query starting on line 4,
// column 11 of a rule file is reported there); the message says what was found and what was
// expected, as Prometheus' do ("unexpected end of input", "expected type range vector in call to
// function \"rate\", got instant vector"; message() is Prometheus' text without "parse error: ").
ExprPtr parse(std::string_view query, const Location& where = {});

// Where byte `offset` of `query` is, given that the query starts at `where` (see parse()).
Location locate(std::string_view query, std::size_t offset, const Location& where = {});

// A series line of promtool's input_series and of the .test `load` blocks:
// `metric{a="b"} 1+1x3 _ stale -2-1x2`. Native histogram values `{{...}}` are refused.
struct SeriesValue {
  enum Kind { value, missing, stale } kind = value;
  double v = 0;
};
struct SeriesDescription {
  model::Labels labels;  // sorted, __name__ included
  std::vector<SeriesValue> values;
};
SeriesDescription parse_series(std::string_view line, const Location& where = {});
// Only the labels part ('metric{a="b"}', '{__name__="x"}', '{}'): promtool's exp_samples labels.
model::Labels parse_series_labels(std::string_view text, const Location& where = {});
// Only the values part: '1+1x10 _x3 stale'.
std::vector<SeriesValue> parse_series_values(std::string_view text, const Location& where = {});

// The expression written back in Prometheus' canonical form (Expr.String() in Go).
std::string to_string(const Expr& expr);

}  // namespace mon::promql
