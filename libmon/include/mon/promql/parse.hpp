#pragma once
// Parsing PromQL (Prometheus 3's grammar: literals, selectors, ranges, offset, @, subqueries,
// operators with their precedence and associativity, vector matching, aggregations, functions),
// with the type checks Prometheus' parser makes.
#include <string>
#include <string_view>

#include "mon/error.hpp"
#include "mon/promql/ast.hpp"

namespace mon::promql {

// Throws mon::ParseError whose location is `where` with line and column (1-based, in bytes) of the
// offending token within `query` added to where.line/where.column (a query starting on line 4,
// column 11 of a rule file is reported there); the message says what was found and what was
// expected, as Prometheus' do ("unexpected end of input", "expected type range vector in call to
// function \"rate\", got instant vector").
ExprPtr parse(std::string_view query, const Location& where = {});

// The expression written back in Prometheus' canonical form (Expr.String() in Go).
std::string to_string(const Expr& expr);

}  // namespace mon::promql
