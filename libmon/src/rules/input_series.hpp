#pragma once
// The input series of a rule test, expanded with PromQL's series notation (`1+1x10`, `_`,
// `stale`) through mon::promql's series parser, and the label sets of expected samples.
#include <cstdint>
#include <string>
#include <vector>

#include "mon/error.hpp"
#include "mon/model/metric.hpp"
#include "mon/promql/storage.hpp"

namespace mon::rules::detail {

struct ExpandedSeries {
  model::Labels labels;
  std::vector<promql::Point> points;  // increasing t; stale markers among them
};

// `series` and `values` as written; the first value at start_ms, then one per interval_ms.
// Throws mon::ParseError (its location inside the test file when `where` is given).
ExpandedSeries expand_series(const std::string& series, const std::string& values, std::int64_t start_ms,
                             std::int64_t interval_ms, const Location& where);

// `metric{a="b"}`, `{a="b"}`, `metric`, or "" (no labels). Throws mon::ParseError.
model::Labels parse_metric_labels(const std::string& text, const Location& where);

}  // namespace mon::rules::detail
