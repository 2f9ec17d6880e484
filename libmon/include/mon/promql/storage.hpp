#pragma once
// Series held in memory for the engine: the samples read from files and pipes, the expanded
// input_series of a rule test, the outputs of recording rules.
#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mon/model/metric.hpp"
#include "mon/promql/ast.hpp"

namespace mon::promql {

struct Point {
  std::int64_t t = 0;  // milliseconds since the epoch
  double v = 0;
};

// Prometheus' staleness marker: one NaN bit pattern (0x7ff0000000000002), told apart from others.
double stale_marker();
bool is_stale(double v);

struct Series {
  model::Labels labels;       // sorted, with __name__ among them
  std::vector<Point> points;  // increasing t
};

class Storage {
 public:
  // `labels` sorted (model::sort_labels), __name__ included. A point at or before the series'
  // last timestamp replaces the one at that time or is inserted in order.
  void add(const model::Labels& labels, std::int64_t t_ms, double v);
  void clear();
  // The series every matcher accepts (an absent label matches as ""), in a stable order.
  std::vector<const Series*> select(std::span<const Matcher> matchers) const;
  std::size_t series_count() const { return series_.size(); }
  // Earliest and latest timestamps held (0, 0 when empty).
  std::int64_t min_time() const;
  std::int64_t max_time() const;

 private:
  std::vector<Series> series_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_name_;
  std::unordered_map<std::string, std::size_t> by_key_;  // canonical label text -> index
};

}  // namespace mon::promql
