#pragma once
// PromQL's syntax tree, as the parser builds it and the engine walks it (Prometheus 3's language,
// float samples only). Times are milliseconds since the Unix epoch; durations milliseconds.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mon/promql/regex.hpp"

namespace mon::promql {

enum class ValueType { none, scalar, vector, matrix, string };
std::string_view to_string(ValueType type);  // "scalar", "instant vector", "range vector", "string"

enum class MatchOp { equal, not_equal, regex, not_regex };

struct Matcher {
  std::string name;
  MatchOp op = MatchOp::equal;
  std::string value;
  std::shared_ptr<const Regex> regex;  // set for regex and not_regex: fully anchored, as Prometheus
  bool matches(std::string_view label_value) const;  // an absent label has the value ""
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct NumberLiteral {
  double value = 0;
};
struct StringLiteral {
  std::string value;
};

// `offset` and `@` on a selector or a subquery.
enum class AtKind { none, timestamp, start, end };
struct TimeModifiers {
  std::int64_t offset_ms = 0;  // may be negative
  AtKind at = AtKind::none;
  std::int64_t at_ms = 0;  // for AtKind::timestamp
};

struct VectorSelector {
  std::string name;               // "" when the selector has only matchers
  std::vector<Matcher> matchers;  // includes a __name__ matcher when `name` is given
  TimeModifiers time;
};

struct MatrixSelector {
  VectorSelector selector;  // its `time` holds the modifiers written after the range
  std::int64_t range_ms = 0;
};

struct Subquery {
  ExprPtr expr;
  std::int64_t range_ms = 0;
  std::int64_t step_ms = 0;  // 0: the engine's default resolution
  TimeModifiers time;
};

enum class UnaryOp { plus, minus };
struct Unary {
  UnaryOp op = UnaryOp::minus;
  ExprPtr expr;
};

enum class BinaryOp { add, sub, mul, div, mod, pow, atan2, eq, ne, gt, lt, ge, le, land, lor, lunless };
std::string_view to_string(BinaryOp op);  // "+", "==", "and", "atan2", ...
bool is_comparison(BinaryOp op);
bool is_set_operator(BinaryOp op);

enum class Cardinality { one_to_one, many_to_one, one_to_many, many_to_many };
struct VectorMatching {
  Cardinality card = Cardinality::one_to_one;  // set operators: many_to_many
  bool on = false;                  // on(...) rather than ignoring(...)
  std::vector<std::string> labels;  // the on/ignoring list
  std::vector<std::string> include;  // group_left/group_right(...) extra labels
};

struct Binary {
  BinaryOp op = BinaryOp::add;
  ExprPtr lhs;
  ExprPtr rhs;
  bool return_bool = false;
  std::optional<VectorMatching> matching;  // set when both sides are instant vectors
  std::size_t op_position = 0;              // byte offset of the operator (for messages)
};

enum class AggregateOp { sum, avg, min, max, count, stddev, stdvar, quantile, topk, bottomk, count_values, group };
std::string_view to_string(AggregateOp op);

struct Aggregate {
  AggregateOp op = AggregateOp::sum;
  ExprPtr expr;
  ExprPtr param;  // quantile, topk, bottomk, count_values; null otherwise
  std::vector<std::string> grouping;
  bool without = false;
};

// A PromQL function's signature: what the parser checks calls against. A call has between
// args.size() - optional_args and args.size() arguments; a variadic function (label_join) takes
// args.size() - 1 or more, the last type repeating.
struct FunctionInfo {
  std::string_view name;
  std::vector<ValueType> args;
  int optional_args = 0;   // how many of the trailing `args` may be left out
  bool variadic = false;   // the last argument may repeat (label_join)
  ValueType returns = ValueType::vector;
};
// The functions the engine implements; nullptr for an unknown name.
const FunctionInfo* find_function(std::string_view name);

struct Call {
  const FunctionInfo* func = nullptr;
  std::vector<ExprPtr> args;
};

struct Paren {
  ExprPtr expr;
};

struct Expr {
  std::variant<NumberLiteral, StringLiteral, VectorSelector, MatrixSelector, Subquery, Unary, Binary, Aggregate, Call,
               Paren>
      node;
  std::size_t position = 0;  // byte offset in the query where this node starts (for messages)
  ValueType type() const;
};

}  // namespace mon::promql
