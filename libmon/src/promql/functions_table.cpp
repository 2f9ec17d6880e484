// The signatures of Prometheus 3's non-experimental PromQL functions (promql/parser/functions.go).
#include <algorithm>
#include <array>

#include "mon/promql/ast.hpp"

namespace mon::promql {

namespace {

constexpr ValueType S = ValueType::scalar;
constexpr ValueType V = ValueType::vector;
constexpr ValueType M = ValueType::matrix;
constexpr ValueType Str = ValueType::string;

FunctionInfo fn(std::string_view name, std::vector<ValueType> args, ValueType returns = V, int optional = 0,
                bool variadic = false) {
  return FunctionInfo{name, std::move(args), optional, variadic, returns};
}

std::vector<FunctionInfo> make_table() {
  std::vector<FunctionInfo> t;
  for (const char* name : {"abs", "absent", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh", "deg", "exp",
                           "floor", "histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev",
                           "histogram_stdvar", "ln", "log10", "log2", "rad", "sgn", "sin", "sinh", "sort", "sort_desc",
                           "sqrt", "tan", "tanh", "timestamp"})
    t.push_back(fn(name, {V}));
  for (const char* name : {"absent_over_time", "avg_over_time", "changes", "count_over_time", "delta", "deriv", "idelta",
                           "increase", "irate", "last_over_time", "max_over_time", "min_over_time", "present_over_time",
                           "rate", "resets", "stddev_over_time", "stdvar_over_time", "sum_over_time"})
    t.push_back(fn(name, {M}));
  for (const char* name : {"days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year"})
    t.push_back(fn(name, {V}, V, 1));
  t.push_back(fn("clamp", {V, S, S}));
  t.push_back(fn("clamp_max", {V, S}));
  t.push_back(fn("clamp_min", {V, S}));
  t.push_back(fn("histogram_fraction", {S, S, V}));
  t.push_back(fn("histogram_quantile", {S, V}));
  t.push_back(fn("label_replace", {V, Str, Str, Str, Str}));
  t.push_back(fn("label_join", {V, Str, Str, Str}, V, 0, true));
  t.push_back(fn("pi", {}, S));
  t.push_back(fn("predict_linear", {M, S}));
  t.push_back(fn("quantile_over_time", {S, M}));
  t.push_back(fn("round", {V, S}, V, 1));
  t.push_back(fn("scalar", {V}, S));
  t.push_back(fn("time", {}, S));
  t.push_back(fn("vector", {S}));
  std::sort(t.begin(), t.end(), [](const FunctionInfo& a, const FunctionInfo& b) { return a.name < b.name; });
  return t;
}

}  // namespace

const FunctionInfo* find_function(std::string_view name) {
  static const std::vector<FunctionInfo> table = make_table();
  const auto it = std::lower_bound(table.begin(), table.end(), name,
                                   [](const FunctionInfo& f, std::string_view n) { return f.name < n; });
  return it != table.end() && it->name == name ? &*it : nullptr;
}

}  // namespace mon::promql
