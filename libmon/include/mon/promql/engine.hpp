#pragma once
// Evaluating PromQL over a Storage, with Prometheus 3's semantics: the lookback window, staleness,
// left-open range selectors (t-r, t], offset and @, subqueries aligned to absolute multiples of
// their step, vector matching, aggregations, functions; warnings and infos as Prometheus gives them.
#include <cstdint>
#include <string>
#include <vector>

#include "mon/model/metric.hpp"
#include "mon/promql/ast.hpp"
#include "mon/promql/storage.hpp"

namespace mon::promql {

struct Sample {
  model::Labels labels;  // sorted; __name__ kept where Prometheus keeps it
  double value = 0;
};
using Vector = std::vector<Sample>;

struct SeriesPoints {
  model::Labels labels;
  std::vector<Point> points;
};
using Matrix = std::vector<SeriesPoints>;

struct Value {
  ValueType type = ValueType::none;
  double scalar = 0;   // ValueType::scalar
  std::string string;  // ValueType::string
  Vector vector;       // ValueType::vector
  Matrix matrix;       // ValueType::matrix (range queries; a range selector at an instant)
};

struct Result {
  Value value;
  std::vector<std::string> warnings;  // Prometheus' "PromQL warning: ..."
  std::vector<std::string> infos;     // Prometheus' "PromQL info: ..."
};

struct EngineOptions {
  std::int64_t lookback_ms = 5 * 60 * 1000;
  std::int64_t default_subquery_step_ms = 60 * 1000;
  bool delayed_name_removal = false;  // Prometheus' feature flag of that name
};

class Engine {
 public:
  explicit Engine(const Storage& storage, EngineOptions options = {});
  // Throws mon::Error on an evaluation error, worded as Prometheus words it ("vector cannot
  // contain metrics with the same labelset", "found duplicate series for the match group ...").
  Result instant(const Expr& expr, std::int64_t t_ms) const;
  // A matrix (or a scalar's points as one series with no labels), one point per step where
  // the expression has a value.
  Result range(const Expr& expr, std::int64_t start_ms, std::int64_t end_ms, std::int64_t step_ms) const;

 private:
  const Storage& storage_;
  EngineOptions options_;
};

}  // namespace mon::promql
